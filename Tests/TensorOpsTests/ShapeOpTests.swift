// ShapeOpTests.swift — DimShuffle rules, transpose/expand_dims/squeeze, reshape (with -1 and
// constant shapes), flatten, concatenate/stack (Join): static types, build-time errors, values.

import SwiftPPL
import XCTest

final class ShapeOpTests: XCTestCase {
    func testDimShuffleRules() throws {
        let x = tensor("x", shape: [3, 1, nil])
        let y = try dimshuffle(x, [2, nil, 0])  // drops the known-1 axis 1
        XCTAssertEqual(staticShape(y), [nil, 1, 3])
        XCTAssertEqual(y.owner!.op.description, "InplaceDimShuffle{2,x,0}")
        XCTAssertTrue(y.owner!.op.outputsMayAlias)
        // Axis 2 has unknown length: it cannot be dropped.
        assertThrows(.value, ["cannot drop axis 2", "x"]) { _ = try dimshuffle(x, [0, 1]) }
        assertThrows(.value, ["cannot drop axis 0"]) { _ = try dimshuffle(x, [1, 2]) }
        assertThrows(.value, ["out of range"]) { _ = try dimshuffle(x, [0, 1, 3]) }
        assertThrows(.value, ["repeated"]) { _ = try dimshuffle(x, [0, 0, 1, 2]) }
        assertThrows(.type, ["2-dimensional"]) { _ = try apply(DimShuffle(inputNdim: 2, order: [1, 0]), [x]) }
        let v = try value(y, [x: iota([3, 1, 2])])
        XCTAssertEqual(v.shape, [2, 1, 3])
        XCTAssertEqual(v.doubles, [0, 2, 4, 1, 3, 5])
    }

    func testTransposeExpandDimsSqueeze() throws {
        let m = tensor("m", shape: [2, nil, 4])
        XCTAssertEqual(staticShape(try transpose(m)), [4, nil, 2])
        XCTAssertEqual(staticShape(try transpose(m, axes: [1, -1, 0])), [nil, 4, 2])
        assertThrows(.value, ["don't match"]) { _ = try transpose(m, axes: [0, 1]) }
        assertThrows(.value, ["axis 3"]) { _ = try transpose(m, axes: [0, 1, 3]) }
        XCTAssertEqual(staticShape(try expandDims(m, axes: [0, -1])), [1, 2, nil, 4, 1])
        assertThrows(.value, ["repeated"]) { _ = try expandDims(m, axes: [0, -5]) }
        let s = tensor("s", shape: [1, 3, 1])
        XCTAssertEqual(staticShape(try squeeze(s)), [3])
        XCTAssertEqual(staticShape(try squeeze(s, axes: [-1])), [1, 3])
        assertThrows(.value, ["axis 1", "not equal to one"]) { _ = try squeeze(s, axes: [1]) }
        // An axis of unknown length may be squeezed: it is checked to be 1 when the function runs.
        XCTAssertEqual(staticShape(try squeeze(tensor(shape: [nil]), axes: [0])), [])
    }

    func testReshapeStaticShapes() throws {
        let x = tensor("x", shape: [2, 6])
        XCTAssertEqual(staticShape(try reshape(x, [3, -1])), [3, 4])
        XCTAssertEqual(staticShape(try reshape(x, [-1])), [12])
        XCTAssertEqual(staticShape(try reshape(x, [2, 2, 3])), [2, 2, 3])
        assertThrows(.value, ["(2, 6)", "(5, -1)"]) { _ = try reshape(x, [5, -1]) }
        assertThrows(.value, ["(2, 6)", "(5, 2)"]) { _ = try reshape(x, [5, 2]) }
        assertThrows(.value, ["at most one -1"]) { _ = try reshape(x, [-1, -1]) }
        assertThrows(.value, ["(-2, -6)"]) { _ = try reshape(x, [-2, -6]) }
        // With an unknown input extent the -1 stays unknown; constant entries are kept.
        let u = tensor("u", shape: [nil, 6])
        XCTAssertEqual(staticShape(try reshape(u, [-1, 3])), [nil, 3])
        // A symbolic shape gives only the rank.
        let n = scalar("n", dtype: .int64)
        let r = try reshape(u, [n, constant(-1)])
        XCTAssertEqual(staticShape(r), [nil, nil])
        let out = try value(r, [u: iota([2, 6]), n: NDArray(scalar: Int64(4))])
        XCTAssertEqual(out.shape, [4, 3])
        XCTAssertEqual(out.doubles, (0..<12).map(Double.init))
        assertThrows(.value, ["size 12", "(5, -1)"]) {
            _ = try value(r, [u: iota([2, 6]), n: NDArray(scalar: Int64(5))])
        }
        assertThrows(.type, ["integer scalars"]) { _ = try reshape(u, [scalar(), constant(-1)]) }
        assertThrows(.value, ["known length"]) { _ = try reshape(u, vector(dtype: .int64)) }
    }

    func testFlatten() throws {
        let x = tensor("x", shape: [2, nil, 4])
        XCTAssertEqual(staticShape(try flatten(x)), [nil])
        XCTAssertEqual(staticShape(try flatten(x, ndim: 2)), [2, nil])
        XCTAssertEqual(staticShape(try flatten(tensor(shape: [2, 3, 4]), ndim: 2)), [2, 12])
        assertThrows(.value, ["ndim 4"]) { _ = try flatten(x, ndim: 4) }
        let v = try value(try flatten(x, ndim: 2), [x: iota([2, 3, 4])])
        XCTAssertEqual(v.shape, [2, 12])
    }

    func testConcatenateAndStack() throws {
        let a = tensor("a", shape: [2, 3]), b = tensor("b", shape: [nil, 3]), c = tensor("c", dtype: .int64, shape: [4, 3])
        let j = try concatenate([a, c], axis: 0)
        XCTAssertEqual(staticShape(j), [6, 3])
        XCTAssertEqual(j.dtype, .float64, "dtypes promote")
        XCTAssertEqual(staticShape(try concatenate([a, b])), [nil, 3])
        XCTAssertEqual(staticShape(try concatenate([a, a], axis: -1)), [2, 6])
        assertThrows(.value, ["dimension 1", "[3, 4]"]) { _ = try concatenate([a, tensor(shape: [2, 4])]) }
        assertThrows(.value, ["same number of dimensions"]) { _ = try concatenate([a, vector()]) }
        assertThrows(.value, ["axis 2"]) { _ = try concatenate([a, a], axis: 2) }
        assertThrows(.value, ["zero-dimensional"]) { _ = try concatenate([scalar(), scalar()]) }
        assertThrows(.value, ["at least one"]) { _ = try concatenate([]) }
        let s = try stack([a, a, a], axis: 1)
        XCTAssertEqual(staticShape(s), [2, 3, 3])
        XCTAssertEqual(staticShape(try stack([a, b], axis: -1)), [2, 3, 2])
        assertThrows(.value, ["axis 3"]) { _ = try stack([a, a], axis: 3) }
        assertThrows(.value, ["same shape"]) { _ = try stack([a, vector()]) }
        let x = iota([2, 3])
        let sv = try value(s, [a: x])
        XCTAssertEqual(sv.doubles, [0, 1, 2, 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5, 3, 4, 5])
        let jv = try value(try concatenate([a, b], axis: 0), [a: x, b: iota([1, 3])])
        XCTAssertEqual(jv.shape, [3, 3])
        XCTAssertEqual(jv.doubles, [0, 1, 2, 3, 4, 5, 0, 1, 2])
        // A runtime mismatch outside the axis names both shapes.
        let free = matrix("free")
        assertThrows(.value, ["(1, 2)", "(2, 3)"]) {
            _ = try value(try concatenate([a, free], axis: 0), [a: x, free: iota([1, 2])])
        }
    }

    func testCreationOps() throws {
        XCTAssertEqual(staticShape(try zeros([2, 3])), [2, 3])
        XCTAssertEqual(try value(try ones([2], dtype: .int64)).elements(as: Int64.self), [1, 1])
        XCTAssertEqual(try value(try full([2, 2], value: 1.5)).doubles, [1.5, 1.5, 1.5, 1.5])
        let r = try arange(5)
        XCTAssertEqual(r.type, TensorType(.int64, shape: [5]))
        XCTAssertEqual(try value(r).elements(as: Int64.self), [0, 1, 2, 3, 4])
        let fr = try arange(constant(1.0), constant(2.0), constant(0.25))
        XCTAssertEqual(fr.type, TensorType(.float64, shape: [4]))
        XCTAssertEqual(try value(fr).doubles, [1, 1.25, 1.5, 1.75])
        assertThrows(.value, ["step cannot be zero"]) { _ = try arange(constant(0), constant(1), constant(0)) }
        let e = try eye(3, 4, k: 1)
        XCTAssertEqual(staticShape(e), [3, 4])
        XCTAssertEqual(try value(e).doubles, [0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
        XCTAssertEqual(try value(try eye(2, k: -1)).doubles, [0, 0, 1, 0])
        XCTAssertEqual(try value(try eye(2, k: Int.max)).doubles, [0, 0, 0, 0])
        XCTAssertEqual(try value(try eye(2, k: Int.min)).doubles, [0, 0, 0, 0])
        let big = scalar("big", dtype: .int64)
        assertThrows(.memory) { _ = try value(try zeros([big, big]), [big: NDArray(scalar: Int64.max)]) }
        let m = matrix("m")
        let fd = try fillDiagonal(m, constant(7.0))
        XCTAssertEqual(try value(fd, [m: iota([2, 3])]).doubles, [7, 1, 2, 3, 7, 5])
        let zl = try zerosLike(m)
        XCTAssertEqual(try value(zl, [m: iota([2, 3])]).shape, [2, 3])
    }
}
