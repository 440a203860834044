// SpecialGradientTests.swift — gradients of the special-function scalar ops against central finite differences, across their domains, at their special points and through second derivatives.

import SwiftPPL
import _TestSupport
import XCTest

final class SpecialGradientTests: XCTestCase {
    /// The unary special functions, each on (parts of) its domain, far tails included.
    let unary: [(ScalarOp, Double, Double)] = [
        (.erfcx, -3, 3), (.erfcx, 5, 40), (.erfinv, -0.99, 0.99), (.erfcinv, 0.01, 1.99),
        (.logNdtr, -3, 3), (.logNdtr, -40, -10), (.logNdtr, 5, 9), (.ndtri, 0.01, 0.99),
        (.i0, -5, 5), (.i0, 30, 60), (.i1, -5, 5), (.i1, -60, -30), (.i0e, -5, 5), (.i0e, 20, 400), (.i1e, -5, 5),
        (.i1e, -400, -20), (.xlogx, 0.01, 5), (.trigamma, 0.2, 5), (.trigamma, -2.9, -2.1),
    ]

    func testUnaryOps() throws {
        for (k, (op, low, high)) in unary.enumerated() {
            var rng = TestRandom(seed: UInt64(200 + k))
            let x = vector("x")
            try checkGradient([x], [rng.array([5], low, high)], seed: UInt64(k)) { try elemwise(op, $0[0]) }
        }
    }

    /// The inverses deep in their tails, reached through exp (finite differences need steps well
    /// inside the domain): erfc⁻¹(e^t) and Φ⁻¹(e^t) for t in [-600, -20].
    func testInversesInTheTails() throws {
        var rng = TestRandom(seed: 250)
        let t = vector("t")
        for op in [ScalarOp.erfcinv, .ndtri] {
            try checkGradient([t], [rng.array([5], -600, -20)]) { try elemwise(op, try exp($0[0])) }
        }
    }

    /// Binary ops with static broadcasting (a column against a row), each argument on its domain.
    func testBinaryOpsWithBroadcasting() throws {
        let cases: [(ScalarOp, (Double, Double), (Double, Double))] = [
            (.betaln, (0.1, 5), (0.1, 5)), (.betaln, (1e3, 1e4), (0.5, 3)), (.xlogy0, (-2, 2), (0.1, 4)),
        ]
        for (k, (op, (lowA, highA), (lowB, highB))) in cases.enumerated() {
            var rng = TestRandom(seed: UInt64(300 + k))
            let a = tensor("a", shape: [3, 1]), b = tensor("b", shape: [1, 4])
            try checkGradient([a, b], [rng.array([3, 1], lowA, highA), rng.array([1, 4], lowB, highB)]) {
                try elemwise(op, $0[0], $0[1])
            }
        }
    }

    /// polygamma(n, x): d/dx is polygamma(n + 1, x); the integer order gets a zero gradient.
    func testPolygamma() throws {
        let x = vector("x")
        for order in [0.0, 1.0, 2.0, 5.0] {
            var rng = TestRandom(seed: UInt64(order) + 400)
            try checkGradient([x], [rng.array([4], 0.3, 6)]) { try polygamma(constant(order), $0[0]) }
            try checkGradient([x], [rng.array([4], -3.9, -3.1)]) { try polygamma(constant(order), $0[0]) }
        }
        let n = scalar("n")
        let g = try grad(try sum(try polygamma(n, x)), wrt: [n])[0]
        let value = try evaluate([g], givens: [n: NDArray(scalar: 2.0), x: try NDArray([1.5, 2.5], shape: [2])])[0]
        XCTAssertEqual(value.doubles, [0])
    }

    /// The values at the special points, where the formulas have a removable singularity.
    func testSpecialPoints() throws {
        let x = vector("x"), y = vector("y")
        let zero = try NDArray([0.0], shape: [1])
        // I₁'(0) = 1/2, and d/dx i1e(x) = 1/2 at 0 as well (e^(-|x|) I₁(x) ≈ x/2 - x|x|/2 near 0).
        for op in [ScalarOp.i1, .i1e] {
            let g = try grad(try sum(try elemwise(op, x)), wrt: [x])[0]
            XCTAssertEqual(try evaluate([g], givens: [x: zero])[0].doubles, [0.5], op.name)
        }
        // xlogy0 at x = 0: ∂/∂y is 0 even at y = 0 (not 0/0); ∂/∂x is log y.
        let xy = try sum(try xlogy0(x, y))
        let grads = try grad(xy, wrt: [x, y])
        let values = try evaluate(grads, givens: [x: try NDArray([0, 0], shape: [2]), y: try NDArray([0, 2], shape: [2])])
        XCTAssertEqual(values[0].doubles, [-.infinity, Double.log(2)])
        XCTAssertEqual(values[1].doubles, [0, 0])
    }

    /// The far left tail of log Φ, where φ and Φ both underflow: the gradient φ/Φ is still ≈ -x.
    func testLogNdtrGradientInTheTail() throws {
        let x = vector("x")
        let g = try grad(try sum(try logNdtr(x)), wrt: [x])[0]
        let at = [-200.0, -1e3, -1e5]
        let got = try evaluate([g], givens: [x: try NDArray(at, shape: [3])])[0].doubles
        // φ(x)/Φ(x) = -x / (1 - 1/x² + 3/x⁴ - 15/x⁶ + ...) for x → -∞ (Mills' ratio; the next term is
        // below 1e-16 at |x| >= 200).
        for (v, xv) in zip(got, at) {
            let want = -xv / (1 - 1 / (xv * xv) + 3 / (xv * xv * xv * xv) - 15 / Double.pow(xv, 6))
            XCTAssertEqual(v, want, accuracy: 1e-12 * Swift.abs(want), "x = \(xv)")
        }
    }

    /// Second derivatives: the gradient graphs are differentiable in turn, and stay finite at the
    /// special points (no NaN from the unused branch of a switch).
    func testSecondDerivatives() throws {
        let x = vector("x")
        var rng = TestRandom(seed: 500)
        for op in [ScalarOp.erfcx, .erfinv, .logNdtr, .ndtri, .i0, .i1, .i0e, .i1e] {
            let (low, high): (Double, Double) = [.erfinv, .ndtri].contains(op) ? (0.1, 0.9) : (0.2, 3)
            try checkGradient([x], [rng.array([4], low, high)]) { v in
                try grad(try sum(try elemwise(op, v[0])), wrt: [v[0]])[0]
            }
        }
        for op in [ScalarOp.i1, .i1e] {
            let first = try grad(try sum(try elemwise(op, x)), wrt: [x])[0]
            let second = try grad(try sum(first), wrt: [x])[0]
            XCTAssertFalse(try evaluate([second], givens: [x: try NDArray([0.0], shape: [1])])[0].doubles[0].isNaN, op.name)
        }
    }
}
