// SubtensorTests.swift — indexing tensors: basic (Subtensor) and advanced (AdvancedSubtensor)
// static shapes, static out-of-range errors, newaxis/ellipsis, and set_subtensor /
// inc_subtensor on basic and advanced indices. Values use x[i, j, k] = 12i + 4j + k.

import SwiftPPL
import XCTest

final class SubtensorTests: XCTestCase {
    let x = tensor("x", shape: [2, 3, nil])
    let xv = iota([2, 3, 4])

    func c(_ i: Int) -> Variable { constant(i) }

    func testBasicStaticShapes() throws {
        let a = try x[.scalar(c(1))]
        XCTAssertEqual(staticShape(a), [3, nil])
        XCTAssertTrue(a.owner!.op is Subtensor)
        XCTAssertEqual(a.owner!.op.description, "Subtensor{int64}")
        XCTAssertEqual(staticShape(try x[.all, .slice(c(1), nil, nil)]), [2, 2, nil])
        XCTAssertEqual(staticShape(try x[.slice(nil, nil, c(-1)), .slice(c(-2), c(100), nil)]), [2, 2, nil])
        XCTAssertEqual(staticShape(try x[.all, .slice(nil, nil, c(2)), .scalar(c(0))]), [2, 2])
        // Slices of unknown extents, or with symbolic bounds, have unknown length.
        XCTAssertEqual(staticShape(try x[.all, .all, .slice(c(1), nil, nil)]), [2, 3, nil])
        XCTAssertEqual(staticShape(try x[.slice(scalar("s", dtype: .int64), nil, nil)]), [nil, 3, nil])
        // newaxis and ellipsis.
        XCTAssertEqual(staticShape(try x[.newAxis, .ellipsis, .scalar(c(0))]), [1, 2, 3])
        XCTAssertEqual(staticShape(try x[.ellipsis, .newAxis]), [2, 3, nil, 1])
        // x[:] is a (full) Subtensor, so that set_subtensor(x[:], y) works.
        XCTAssertEqual(staticShape(try x[.all]), [2, 3, nil])
    }

    func testStaticOutOfRangeConstantIndex() {
        assertThrows(.index, ["index 2", "axis 0", "size 2"]) { _ = try self.x[.scalar(self.c(2))] }
        assertThrows(.index, ["index -4", "axis 1", "size 3"]) { _ = try self.x[.all, .scalar(self.c(-4))] }
        assertThrows(.index, ["too many indices", "x"]) {
            _ = try self.x[.scalar(self.c(0)), .scalar(self.c(0)), .scalar(self.c(0)), .scalar(self.c(0))]
        }
        assertThrows(.index, ["ellipsis"]) { _ = try self.x[.ellipsis, .ellipsis] }
        assertThrows(.value, ["step cannot be zero"]) { _ = try self.x[.slice(nil, nil, self.c(0))] }
        assertThrows(.value, ["step cannot be zero"]) { _ = try self.x[.all, .all, .slice(nil, nil, self.c(0))] }
        assertThrows(.index, ["integer"]) { _ = try self.x[.scalar(constant(1.0))] }
        assertThrows(.index, ["integer or boolean"]) { _ = try self.x[.array(vector())] }
        // Integers beyond ±2^53 are not rounded through Double (Int.max used to trap).
        assertThrows(.index, ["index 9223372036854775807", "size 2"]) { _ = try self.x[.scalar(self.c(Int.max))] }
        assertThrows(.index, ["index -9223372036854775808"]) { _ = try self.x[.scalar(self.c(Int.min))] }
        let n = scalar("n", dtype: .int64)
        let atN = try! self.x[.all, .all, .scalar(n)]
        assertThrows(.index, ["index 9223372036854775807", "size 4"]) {
            _ = try value(atN, [self.x: self.xv, n: NDArray(scalar: Int64.max)])
        }
        // An unknown extent defers the check to run time.
        let y = try! self.x[.all, .all, .scalar(self.c(7))]
        assertThrows(.index, ["index 7", "size 4"]) { _ = try value(y, [self.x: self.xv]) }
    }

    func testBasicValues() throws {
        let y = try x[.scalar(c(-1)), .slice(nil, nil, c(-2))]  // x[-1, ::-2]
        XCTAssertEqual(try value(y, [x: xv]).doubles, [20, 21, 22, 23, 12, 13, 14, 15])
        let n = scalar("n", dtype: .int64)
        let z = try x[.all, .scalar(n), .slice(c(1), c(3), nil)]
        XCTAssertEqual(try value(z, [x: xv, n: NDArray(scalar: Int64(2))]).doubles, [9, 10, 21, 22])
    }

    func testAdvancedStaticShapes() throws {
        let i = vector("i", dtype: .int64, length: 5)
        let a = try x[.array(i)]
        XCTAssertTrue(a.owner!.op is AdvancedSubtensor)
        XCTAssertEqual(staticShape(a), [5, 3, nil])
        XCTAssertEqual(staticShape(try x[.all, .array(i)]), [2, 5, nil])
        // Separated advanced indices: the index dimensions go first.
        XCTAssertEqual(staticShape(try x[.array(i), .all, .array(i)]), [5, 3])
        XCTAssertEqual(staticShape(try x[.scalar(c(0)), .all, .array(i)]), [5, 3])
        XCTAssertEqual(staticShape(try x[.all, .scalar(c(0)), .array(i)]), [2, 5])
        // Index arrays broadcast statically.
        let col = tensor("col", dtype: .int64, shape: [4, 1])
        XCTAssertEqual(staticShape(try x[.array(col), .array(i)]), [4, 5, nil])
        assertThrows(.value, ["(5,)", "(3,)"]) { _ = try self.x[.array(i), .array(vector(dtype: .int64, length: 3))] }
        // A bool mask gives an unknown number of elements and checks known extents.
        let mask = tensor("mask", dtype: .bool, shape: [2, 3])
        XCTAssertEqual(staticShape(try x[.array(mask)]), [nil, nil])
        assertThrows(.index, ["boolean index", "axis 1", "size of axis is 3", "4"]) {
            _ = try self.x[.array(tensor(dtype: .bool, shape: [2, 4]))]
        }
    }

    func testAdvancedValues() throws {
        let i = vector("i", dtype: .int64)
        let y = try x[.array(i), .all, .array(i)]
        let out = try value(y, [x: xv, i: NDArray([Int64(1), 0])])
        XCTAssertEqual(out.shape, [2, 3])
        XCTAssertEqual(out.doubles, [13, 17, 21, 0, 4, 8])
        let m = matrix("m")
        let masked = try m[.array(try m > constant(3.0))]
        XCTAssertEqual(try value(masked, [m: iota([2, 3])]).doubles, [4, 5])
        assertThrows(.index, ["index 2", "size 2"]) { _ = try value(y, [self.x: self.xv, i: NDArray([Int64(2)])]) }
    }

    func testSetAndIncSubtensorBasic() throws {
        let v = vector("v")
        let target = try x[.scalar(c(0)), .slice(c(1), nil, nil)]  // shape (2, None)
        let set = try setSubtensor(target, v)
        XCTAssertEqual(set.owner!.op.description, "IncSubtensor{Set;int64, int64:}")
        XCTAssertEqual(set.type, x.type)
        let out = try value(set, [x: xv, v: try NDArray([-1.0, -2, -3, -4], shape: [4])])
        var want = xv.doubles
        for j in 1..<3 { for k in 0..<4 { want[4 * j + k] = Double(-1 - k) } }
        XCTAssertEqual(out.doubles, want)
        let inc = try incSubtensor(target, constant(100.0))
        let incOut = try value(inc, [x: xv]).doubles
        XCTAssertEqual(incOut[4], 104)
        XCTAssertEqual(incOut[11], 111)
        XCTAssertEqual(incOut[3], 3, "outside the region")
        XCTAssertEqual(incOut[16], 16)
        // The input value itself is never modified.
        XCTAssertEqual(xv.doubles, (0..<24).map(Double.init))
    }

    func testSetAndIncSubtensorAdvanced() throws {
        let w = vector("w")
        let idx = constant(NDArray([Int64(0), 2, 0]))
        let target = try w[.array(idx)]
        let inc = try incSubtensor(target, constant(NDArray([1.0, 10, 100])))
        XCTAssertEqual(inc.owner!.op.description, "AdvancedIncSubtensor{Inc;array}")
        // Repeated indices accumulate: w[0] += 1 + 100.
        XCTAssertEqual(try value(inc, [w: NDArray([0.0, 0, 0])]).doubles, [101, 0, 10])
        let set = try setSubtensor(target, constant(5.0))
        XCTAssertEqual(try value(set, [w: NDArray([1.0, 2, 3])]).doubles, [5, 2, 5])
        // An int value is cast to the target's dtype.
        let intSet = try setSubtensor(target, constant(7))
        XCTAssertEqual(intSet.dtype, .float64)
        XCTAssertEqual(try value(intSet, [w: NDArray([1.0, 2, 3])]).doubles, [7, 2, 7])
        assertThrows(.value, ["more dimensions"]) { _ = try incSubtensor(target, matrix()) }
        assertThrows(.type, ["indexing"]) { _ = try setSubtensor(w, w) }
        assertThrows(.type, ["indexing"]) { _ = try setSubtensor(try exp(w), w) }
    }
}
