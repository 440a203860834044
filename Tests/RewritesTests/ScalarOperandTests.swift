// ScalarOperandTests.swift — uniform constant arrays become broadcast scalars, division by a one-value tensor becomes a product with its reciprocal; checked by comparing graphs.

import SwiftPPL
import XCTest

final class ScalarOperandTests: XCTestCase {
    let m = tensor("m", shape: [4])
    let x = vector("x")
    let a = scalar("a")
    let uniformConstantOperand = canonicalizeRewrites.filter { $0.name == "uniform_constant_operand" }[0]
    let divisionByBroadcastScalar = specializeRewrites.filter { $0.name == "div_by_broadcast_scalar" }[0]
    let negationOntoScalar = specializeRewrites.filter { $0.name == "neg_onto_broadcast_scalar" }[0]

    func full(_ value: Double, _ n: Int) throws -> Variable {
        constant(try NDArray([Double](repeating: value, count: n), shape: [n]))
    }

    func one(_ value: Double) throws -> Variable { constant(try NDArray([value], shape: [1])) }

    func testUniformConstantArrayBecomesABroadcastScalar() throws {
        let (out, applied) = try rewrittenWith([uniformConstantOperand], try m * full(3.0, 4))
        XCTAssertEqual(applied["uniform_constant_operand"], 1)
        assertSameGraph(out, try m * one(3.0))
        // Once scalars, constants combine: m * -0.5 * 2 is -m.
        assertSameGraph(try rewritten(try m * full(-0.5, 4) * full(2.0, 4)), try neg(m))
    }

    func testConstantArraysThatGiveTheShapeOrVaryStay() throws {
        // x has no static length: the constant is what makes the result length 4.
        let (kept, applied) = try rewrittenWith([uniformConstantOperand], try x * full(3.0, 4))
        XCTAssertNil(applied["uniform_constant_operand"])
        XCTAssertEqual(kept.type.shape, [4])
        let varying = constant(try NDArray([1.0, 2, 3, 4], shape: [4]))
        XCTAssertNil(try rewrittenWith([uniformConstantOperand], try m * varying).1["uniform_constant_operand"])
    }

    func testDivisionByAOneValueTensorMultipliesByItsReciprocal() throws {
        let (out, applied) = try rewrittenWith([divisionByBroadcastScalar], try m / a)
        XCTAssertEqual(applied["div_by_broadcast_scalar"], 1)
        assertSameGraph(out, try m * reciprocal(dimshuffle(a, [nil])))
        // Scalar by scalar, and by constants (div_by_constant's case), stay divisions here.
        XCTAssertNil(try rewrittenWith([divisionByBroadcastScalar], try a / scalar("b")).1["div_by_broadcast_scalar"])
        XCTAssertNil(try rewrittenWith([divisionByBroadcastScalar], try m / constant(4.0)).1["div_by_broadcast_scalar"])
        XCTAssertNil(try rewrittenWith([divisionByBroadcastScalar], try m / x).1["div_by_broadcast_scalar"])
    }

    func testDivisionRewriteAgreesWithTheQuotientToRounding() throws {
        let f = try function(inputs: [m, a], outputs: [try m / a])
        let values: [Double] = [1, -3.5, 1e300, 7e-300]
        for s in [3.0, -0.7, 1e-5, 1e200] {
            let got = try f([NDArray(values), NDArray(scalar: s)])[0].doubles
            for (g, v) in zip(got, values) {
                XCTAssertEqual(g, v / s, accuracy: 2 * (v / s).magnitude.ulp, "\(v) / \(s)")
            }
        }
    }

    func testNegationMovesOntoTheOneValueOperand() throws {
        let s = try dimshuffle(a, [nil])
        for expression in [try neg(m * s), try neg(s * m), try neg(m) * s, try s * neg(m)] {
            let (out, applied) = try rewrittenWith([negationOntoScalar], expression)
            XCTAssertEqual(applied["neg_onto_broadcast_scalar"], 1, dprint([expression]))
            assertSameGraph(out, try m * neg(s))
        }
        // Already on the one-value side, or no one-value side: unchanged.
        XCTAssertNil(try rewrittenWith([negationOntoScalar], try m * neg(s)).1["neg_onto_broadcast_scalar"])
        XCTAssertNil(try rewrittenWith([negationOntoScalar], try neg(m * x)).1["neg_onto_broadcast_scalar"])
    }
}
