// LinalgOpTests.swift — static types of the linear-algebra ops (dot, matmul, outer, cholesky,
// solve, solve_triangular, det, slogdet, inv), their build-time shape errors, and values of
// a few hand-computed cases through the graph.

import SwiftPPL
import XCTest

final class LinalgOpTests: XCTestCase {
    func testDotAndMatmulTypes() throws {
        let a = tensor("a", shape: [2, 3]), b = tensor("b", shape: [nil, 4]), v = vector("v", length: 3)
        XCTAssertEqual(try dot(a, b).type, TensorType(.float64, shape: [2, 4]))
        XCTAssertEqual(try dot(a, v).type, TensorType(.float64, shape: [2]))
        XCTAssertEqual(try dot(v, v).type, TensorType(.float64, shape: []))
        XCTAssertEqual(try dot(tensor(shape: [5, 2, 3]), tensor(shape: [7, 3, 4])).type.shape, [5, 2, 7, 4])
        XCTAssertEqual(try dot(tensor(dtype: .int64, shape: [2, 2]), tensor(dtype: .int64, shape: [2, 2])).dtype, .int64)
        assertThrows(.value, ["(2, 3)", "(4, 3)", "not aligned"]) { _ = try dot(a, tensor(shape: [4, 3])) }
        // A 0-d operand multiplies, as in numpy.dot and PyTensor.
        XCTAssertEqual(try dot(scalar(), v).type.shape, [3])
        XCTAssertEqual(try matmul(tensor(shape: [nil, 1, 2, 3]), tensor(shape: [5, 3, 4])).type.shape, [nil, 5, 2, 4])
        XCTAssertEqual(try matmul(v, tensor(shape: [3, 6])).type.shape, [6])
        XCTAssertEqual(try matmul(tensor(shape: [6, 3]), v).type.shape, [6])
        XCTAssertEqual(try matmul(v, v).type.shape, [])
        assertThrows(.value, ["(2, 3)", "(2, 3)", "contracted"]) { _ = try matmul(a, a) }
        assertThrows(.value, ["matmul", "(2, 3, 3)", "(3, 3, 3)"]) {
            _ = try matmul(tensor(shape: [2, 3, 3]), tensor(shape: [3, 3, 3]))
        }
        assertThrows(.value, ["enough dimensions"]) { _ = try matmul(scalar(), v) }
        XCTAssertEqual(try outer(v, vector(length: 2)).type.shape, [3, 2])
        XCTAssertEqual(try outer(a, v).type.shape, [6, 3])
    }

    func testFactorizationTypes() throws {
        let s = tensor("s", shape: [nil, 3, 3]), m = matrix("m")
        XCTAssertEqual(try cholesky(s).type.shape, [nil, 3, 3])
        XCTAssertEqual(try cholesky(tensor(dtype: .int64, shape: [2, 2])).dtype, .float64)
        assertThrows(.value, ["square", "(2, 3)"]) { _ = try cholesky(tensor(shape: [2, 3])) }
        assertThrows(.value, ["matrix"]) { _ = try cholesky(vector()) }
        XCTAssertEqual(try det(s).type.shape, [nil])
        XCTAssertEqual(try inv(m).type.shape, [nil, nil])
        let (sign, logAbs) = try slogdet(s)
        XCTAssertEqual(sign.type.shape, [nil])
        XCTAssertTrue(sign.owner === logAbs.owner, "one node, two outputs")
        assertThrows(.runtime, ["2 outputs"]) { _ = try apply(SlogDet(), [s]) }
    }

    func testSolveTypes() throws {
        let a = tensor("a", shape: [3, 3])
        XCTAssertEqual(try solve(a, vector(length: 3)).type.shape, [3])
        XCTAssertEqual(try solve(a, tensor(shape: [nil, 2])).type.shape, [nil, 2])
        XCTAssertEqual(try solve(tensor(shape: [4, 3, 3]), vector()).type.shape, [4, nil])
        // b_ndim=1 reads a matrix b as a batch of vectors.
        XCTAssertEqual(try solve(a, tensor(shape: [5, 3]), bNdim: 1).type.shape, [5, 3])
        XCTAssertEqual(try solve(a, tensor(shape: [5, 3]), bNdim: 1).owner!.op.description,
                       "Solve{assume_a='gen', lower=False, b_ndim=1}")
        assertThrows(.value, ["(3, 3)", "(4,)", "incompatible"]) { _ = try solve(a, vector(length: 4)) }
        assertThrows(.value, ["b_ndim"]) { _ = try solve(a, vector(), bNdim: 3) }
        assertThrows(.value, ["solve", "(2, 3, 3)", "(4, 3)"]) { _ = try solve(tensor(shape: [2, 3, 3]), tensor(shape: [4, 3]), bNdim: 1) }
        XCTAssertEqual(try solveTriangular(a, tensor(shape: [3, 2]), lower: true).type.shape, [3, 2])
        XCTAssertEqual(try solveTriangular(a, vector(), lower: true, transpose: true, unitDiagonal: true).owner!.op.description,
                       "SolveTriangular{trans=1, unit_diagonal=True, lower=True, b_ndim=1}")
        assertThrows(.value, ["incompatible"]) { _ = try solveTriangular(a, tensor(shape: [2, 2])) }
    }

    func testValuesThroughTheGraph() throws {
        let a = matrix("a"), b = vector("b")
        let av = try NDArray([4.0, 2, 2, 5], shape: [2, 2])
        let x = try solve(a, b, assumeA: .positiveDefinite)
        // [[4, 2], [2, 5]] x = [8, 9] -> x = [1.375, 1.25]
        XCTAssertEqual(try value(x, [a: av, b: NDArray([8.0, 9])]).doubles, [1.375, 1.25])
        let l = try cholesky(a)
        XCTAssertEqual(try value(l, [a: av]).doubles, [2, 0, 1, 2])
        // log det A = 2 Σ log diag(L) = log 16.
        let logDet = try value(try slogdet(a).logAbsDet, [a: av]).doubles[0]
        XCTAssertEqual(logDet, 2.772588722239781, accuracy: 1e-15)
        XCTAssertEqual(try value(try det(a), [a: av]).doubles[0], 16, accuracy: 1e-14)
        let roundTrip = try value(try dot(a, inv(a)), [a: av]).doubles
        for (got, want) in zip(roundTrip, [1.0, 0, 0, 1]) { XCTAssertEqual(got, want, accuracy: 1e-15) }
        assertThrows(.linAlg, ["positive definite"]) {
            _ = try value(l, [a: try NDArray([1.0, 2, 2, 1], shape: [2, 2])])
        }
        let safe = try cholesky(a, nanOnFailure: true)
        XCTAssertTrue(try value(safe, [a: try NDArray([1.0, 2, 2, 1], shape: [2, 2])]).doubles.allSatisfy(\.isNaN))
    }
}
