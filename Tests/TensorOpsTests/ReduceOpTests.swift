// ReduceOpTests.swift — reductions on tensors: axis normalization (negative, duplicate,
// out of range), keepdims, result dtypes and static shapes, mean/variance/std, argmax/argmin
// and cumulative ops. Values are checked on x[i, j] = 3i + j (a 2 x 3 matrix).

import SwiftPPL
import XCTest

final class ReduceOpTests: XCTestCase {
    let x = tensor("x", shape: [2, nil, 4])

    func testAxisNormalizationAndStaticShapes() throws {
        XCTAssertEqual(staticShape(try sum(x)), [])
        XCTAssertEqual(staticShape(try sum(x, axis: [-1])), [2, nil])
        XCTAssertEqual(staticShape(try sum(x, axis: [0, -2])), [4])
        XCTAssertEqual(staticShape(try max(x, axis: [1], keepdims: true)), [2, 1, 4])
        XCTAssertEqual(staticShape(try prod(x, keepdims: true)), [1, 1, 1])
        // The op stores sorted, normalized axes: sum over [-1, 0] is Sum{axes=[0, 2]}.
        let s = try sum(x, axis: [-1, 0])
        XCTAssertEqual(s.owner!.op.description, "Sum{axes=[0, 2]}")
        XCTAssertEqual(try sum(x).owner!.op.description, "Sum")
        XCTAssertEqual(try normalizeAxes([-1, 0], for: x), [0, 2])
        assertThrows(.value, ["axis 3", "x", "dimension 3"]) { _ = try sum(self.x, axis: [3]) }
        assertThrows(.value, ["axis -4"]) { _ = try sum(self.x, axis: [-4]) }
        assertThrows(.value, ["duplicate"]) { _ = try sum(self.x, axis: [0, -3]) }
        assertThrows(.value, ["axis 3"]) { _ = try apply(Reduce(.sum, axes: [3]), [self.x]) }
    }

    func testResultDTypes() throws {
        let b = tensor(dtype: .bool, shape: [nil]), i = tensor(dtype: .int64, shape: [nil])
        XCTAssertEqual(try sum(b).dtype, .int64)
        XCTAssertEqual(try prod(i).dtype, .int64)
        XCTAssertEqual(try max(b).dtype, .bool)
        XCTAssertEqual(try all(i).dtype, .bool)
        XCTAssertEqual(try any(x).dtype, .bool)
        XCTAssertEqual(try mean(i).dtype, .float64)
        XCTAssertEqual(try argmax(x).dtype, .int64)
        XCTAssertEqual(try cumsum(b).dtype, .int64)
    }

    func testValues() throws {
        let m = matrix("m")
        let v = iota([2, 3])  // [[0, 1, 2], [3, 4, 5]]
        XCTAssertEqual(try value(try sum(m, axis: [0]), [m: v]).doubles, [3, 5, 7])
        let kept = try value(try sum(m, axis: [1], keepdims: true), [m: v])
        XCTAssertEqual(kept.shape, [2, 1])
        XCTAssertEqual(kept.doubles, [3, 12])
        XCTAssertEqual(try value(try max(m, axis: [-1]), [m: v]).doubles, [2, 5])
        XCTAssertEqual(try value(try min(m), [m: v]).doubles, [0])
        XCTAssertEqual(try value(try prod(m + 1.0, axis: [0]), [m: v]).doubles, [4, 10, 18])
        XCTAssertEqual(try value(try any(m > constant(4.0), axis: [1]), [m: v]).elements(as: UInt8.self), [0, 1])
        XCTAssertEqual(try value(try all(m, axis: [0]), [m: v]).elements(as: UInt8.self), [0, 1, 1])
    }

    func testMeanVarianceStd() throws {
        let m = matrix("m")
        let v = try NDArray([1.0, 2, 3, 4, 6, 8], shape: [2, 3])
        XCTAssertEqual(try value(try mean(m, axis: [1]), [m: v]).doubles, [2, 6])
        // Rows have variances 2/3 and 8/3 (ddof 0) and 1, 4 (ddof 1).
        let pop = try value(try variance(m, axis: [1]), [m: v]).doubles
        XCTAssertEqual(pop[0], 2.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(pop[1], 8.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(try value(try variance(m, axis: [1], ddof: 1), [m: v]).doubles, [1, 4])
        XCTAssertEqual(try value(try std(m, axis: [1], ddof: 1, keepdims: true), [m: v]).doubles, [1, 2])
        XCTAssertEqual(try value(try mean(m), [m: v]).doubles, [4])
        // Static extents make the count a constant; unknown ones read the runtime shape.
        let known = tensor("k", shape: [2, 3])
        XCTAssertEqual(try value(try mean(known, axis: [0]), [known: v]).doubles, [2.5, 4, 5.5])
        let ints = tensor("i", dtype: .int64, shape: [nil])
        XCTAssertEqual(try value(try mean(ints), [ints: NDArray([Int64(1), 2])]).doubles, [1.5])
    }

    func testArgmaxArgminCumulative() throws {
        let m = matrix("m")
        let v = try NDArray([3.0, 9, 9, -1, 0, 7], shape: [2, 3])
        XCTAssertEqual(try value(try argmax(m, axis: 1), [m: v]).elements(as: Int64.self), [1, 2])
        XCTAssertEqual(try value(try argmin(m, axis: -2), [m: v]).elements(as: Int64.self), [1, 1, 1])
        XCTAssertEqual(try value(try argmax(m), [m: v]).elements(as: Int64.self), [1])
        let k = try argmax(m, axis: 0, keepdims: true)
        XCTAssertEqual(staticShape(k), [1, nil])
        XCTAssertEqual(staticShape(try argmin(m, keepdims: true)), [1, 1])
        assertThrows(.value, ["axis 2"]) { _ = try argmax(m, axis: 2) }
        let c = try cumsum(m, axis: -1)
        XCTAssertEqual(staticShape(c), [nil, nil])
        XCTAssertEqual(try value(c, [m: v]).doubles, [3, 12, 21, -1, -1, 6])
        XCTAssertEqual(staticShape(try cumprod(tensor(shape: [2, 3]))), [6])
        XCTAssertEqual(try value(try cumprod(m), [m: v]).doubles, [3, 27, 243, -243, 0, 0])
        assertThrows(.value, ["axis 2"]) { _ = try cumsum(m, axis: 2) }
        assertThrows(.value, ["sum and prod"]) { _ = try CumOp(.max, axis: 0) }
    }
}
