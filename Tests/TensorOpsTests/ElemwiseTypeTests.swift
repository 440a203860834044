// ElemwiseTypeTests.swift — static type inference of elementwise ops: result dtype, static
// shapes with unknown, 1 and known extents, rank padding, build-time broadcasting errors,
// and the Swift operators on Variable (including Double operands).

import SwiftPPL
import XCTest

final class ElemwiseTypeTests: XCTestCase {
    func testStaticShapesBroadcast() throws {
        let a = tensor("a", shape: [nil, 3]), b = tensor("b", shape: [1, 3])
        XCTAssertEqual(staticShape(try a + b), [nil, 3])
        let c = tensor("c", shape: [5, 1]), d = tensor("d", shape: [nil, nil])
        // A known extent other than 1 wins over unknown ones; 1 against unknown stays unknown.
        XCTAssertEqual(staticShape(try c * d), [5, nil])
        XCTAssertEqual(staticShape(try tensor(shape: [1, 1]) - tensor(shape: [1, 1])), [1, 1])
        XCTAssertEqual(staticShape(try tensor(shape: [1]) - tensor(shape: [nil])), [nil])
        XCTAssertEqual(staticShape(try tensor(shape: [4]) - tensor(shape: [nil])), [4])
        // Ternary ops broadcast all three.
        XCTAssertEqual(staticShape(try clip(tensor(shape: [nil, 1, 2]), tensor(shape: [3, 1]), scalar())), [nil, 3, 2])
    }

    func testRanksArePaddedWithDimShuffle() throws {
        let x = scalar("x"), m = matrix("m", shape: (2, 3))
        let y = try x * m
        XCTAssertEqual(staticShape(y), [2, 3])
        let padded = y.owner!.inputs[0]
        XCTAssertTrue(padded.owner!.op.isEqual(to: try DimShuffle(inputNdim: 0, order: [nil, nil])))
        XCTAssertEqual(padded.type, TensorType(.float64, shape: [1, 1]))
        XCTAssertTrue(y.owner!.inputs[1] === m, "the higher-rank input is used as is")
    }

    func testBroadcastErrorsAtBuildTimeNameBothShapes() {
        let a = tensor("a", shape: [nil, 3]), b = tensor("b", shape: [4])
        assertThrows(.value, ["add", "(None, 3)", "(1, 4)"]) { _ = try a + b }
        assertThrows(.value, ["(2, 3)", "(3, 2)"]) { _ = try tensor(shape: [2, 3]) * tensor(shape: [3, 2]) }
        assertThrows(.type, ["equal rank"]) { _ = try apply(Elemwise(.add), [vector(), matrix()]) }
        assertThrows(.type, ["takes 2"]) { _ = try elemwise(.add, [vector()]) }
    }

    func testResultDTypes() throws {
        let f = vector("f"), i = vector("i", dtype: .int64), b = vector("b", dtype: .bool)
        XCTAssertEqual((try i + i).dtype, .int64)
        XCTAssertEqual((try i + f).dtype, .float64)
        XCTAssertEqual((try b + b).dtype, .int64)
        XCTAssertEqual((try i / i).dtype, .float64)
        XCTAssertEqual((try floorDiv(i, i)).dtype, .int64)
        XCTAssertEqual((try i < f).dtype, .bool)
        XCTAssertEqual((try maximum(b, b)).dtype, .bool)
        XCTAssertEqual((try exp(i)).dtype, .float64)
        XCTAssertEqual((try isnan(f)).dtype, .bool)
        XCTAssertEqual((try ifElse(b, i, i)).dtype, .int64)
        XCTAssertEqual((try ifElse(f, i, f)).dtype, .float64)
        XCTAssertEqual(try cast(f, to: .int64).dtype, .int64)
        XCTAssertTrue(try cast(f, to: .float64) === f, "casting to the same dtype is the identity")
        assertThrows(.type, ["float64"]) { _ = try elemwise(.and, f, f) }
    }

    func testOperatorsWithDoubles() throws {
        let x = vector("x"), i = vector("i", dtype: .int64)
        let y = try 2.0 * x + 1.0
        XCTAssertEqual(y.dtype, .float64)
        XCTAssertEqual(staticShape(y), [nil])
        let z = try (1.0 - x) / 4.0
        let w = try 8.0 / (x - 0.5)
        let k = try i * 0.5
        XCTAssertEqual(k.dtype, .float64, "an int tensor times a Double is float64")
        let input = try NDArray([1.0, 3.0], shape: [2])
        XCTAssertEqual(try value(y, [x: input]).doubles, [3, 7])
        XCTAssertEqual(try value(z, [x: input]).doubles, [0, -0.5])
        XCTAssertEqual(try value(w, [x: input]).doubles, [16, 3.2])
        XCTAssertEqual(try value(k, [i: NDArray([Int64(3), -1])]).doubles, [1.5, -0.5])
        XCTAssertEqual(try value(try -x, [x: input]).doubles, [-1, -3])
        XCTAssertEqual(try value(try x % constant(2.0), [x: input]).doubles, [1, 1])
        let cmp = try x >= constant(2.0)
        XCTAssertEqual(try value(cmp, [x: input]).elements(as: UInt8.self), [0, 1])
        // The Double becomes a 0-d float64 constant, padded to the tensor's rank.
        let constantInput = y.owner!.inputs[1].owner!.inputs[0]
        XCTAssertEqual(constantInput.constantValue?.doubles, [1])
    }

    func testElemwiseEvaluatesWithBroadcasting() throws {
        let a = tensor("a", shape: [nil, 1]), b = vector("b")
        let c = try logsumexp(try a + b, axis: [1])
        let out = try value(c, [a: try NDArray([0.0, 1000.0], shape: [2, 1]), b: try NDArray([0.0, 0.0], shape: [2])])
        XCTAssertEqual(out.shape, [2])
        XCTAssertEqual(out.doubles[0], 0.6931471805599453, accuracy: 1e-15)
        XCTAssertEqual(out.doubles[1], 1000.6931471805599453, accuracy: 1e-12)
        // logsumexp of an all -inf row is -inf, not NaN.
        let allNegInf = try value(try logsumexp(b), [b: try NDArray([-Double.infinity, -.infinity], shape: [2])])
        XCTAssertEqual(allNegInf.doubles, [-.infinity])
    }
}
