// ElemwiseGradientTests.swift — finite-difference checks of every differentiable scalar op, with broadcasting.

import SwiftPPL
import _TestSupport
import XCTest

final class ElemwiseGradientTests: XCTestCase {
    /// (name, op, input range) for unary ops, each on its domain.
    let unary: [(ScalarOp, Double, Double)] = [
        (.neg, -2, 2), (.abs, 0.1, 2), (.sqr, -2, 2), (.sqrt, 0.1, 3), (.reciprocal, 0.5, 2),
        (.exp, -2, 2), (.exp2, -2, 2), (.expm1, -2, 2), (.log, 0.1, 3), (.log2, 0.1, 3), (.log10, 0.1, 3),
        (.log1p, -0.5, 3), (.sin, -3, 3), (.cos, -3, 3), (.tan, -1, 1), (.arcsin, -0.9, 0.9),
        (.arccos, -0.9, 0.9), (.arctan, -3, 3), (.sinh, -2, 2), (.cosh, -2, 2), (.tanh, -2, 2),
        (.arcsinh, -3, 3), (.arccosh, 1.1, 3), (.arctanh, -0.9, 0.9), (.sigmoid, -5, 5),
        (.softplus, -5, 5), (.log1mexp, -3, -0.01), (.gammaln, 0.2, 5), (.digamma, 0.2, 5),
        (.erf, -2, 2), (.erfc, -2, 2), (.identity, -1, 1),
    ]

    func testUnaryOps() throws {
        for (k, (op, low, high)) in unary.enumerated() {
            var rng = TestRandom(seed: UInt64(k + 1))
            let x = vector("x")
            try checkGradient([x], [rng.array([5], low, high)], seed: UInt64(k)) { try elemwise(op, $0[0]) }
        }
    }

    func testBinaryOpsWithBroadcasting() throws {
        let ops: [(ScalarOp, Double, Double)] = [
            (.add, -2, 2), (.sub, -2, 2), (.mul, -2, 2), (.trueDiv, 0.5, 2), (.pow, 0.5, 2),
            (.maximum, -2, 2), (.minimum, -2, 2), (.arctan2, 0.5, 2), (.logaddexp, -3, 3), (.mod, 0.3, 2.9),
        ]
        for (k, (op, low, high)) in ops.enumerated() {
            var rng = TestRandom(seed: UInt64(100 + k))
            // Static broadcasting: a column against a row.
            let a = tensor("a", shape: [3, 1]), b = tensor("b", shape: [1, 4])
            try checkGradient([a, b], [rng.array([3, 1], low, high), rng.array([1, 4], low, high)]) {
                try elemwise(op, $0[0], $0[1])
            }
            // Rank padding, and an unknown extent against a broadcastable one.
            let m = matrix("m"), v = vector("v", length: 1)
            try checkGradient([m, v], [rng.array([2, 3], low, high), rng.array([1], low, high)]) {
                try elemwise(op, $0[0], $0[1])
            }
        }
    }

    func testSwitchAndClip() throws {
        var rng = TestRandom(seed: 7)
        let x = vector("x"), y = vector("y")
        try checkGradient([x, y], [rng.array([6]), rng.array([6])]) { v in
            try ifElse(v[0] > constant(0.0), v[0] * v[1], sqr(v[1]))
        }
        let lo = scalar("lo"), hi = scalar("hi")
        try checkGradient([x, lo, hi], [try NDArray([-2.0, -0.3, 0.1, 0.7, 3.0], shape: [5]), NDArray(scalar: -0.5), NDArray(scalar: 0.5)]) { v in
            try clip(v[0], v[1], v[2])
        }
    }

    func testChainSharesWork() throws {
        // A composite of many ops, as a log-density is.
        var rng = TestRandom(seed: 9)
        let mu = scalar("mu"), logSigma = scalar("log_sigma"), y = vector("y")
        try checkGradient([mu, logSigma], [NDArray(scalar: 0.3), NDArray(scalar: -0.2)]) { v in
            let sigma = try exp(v[1])
            let z = try (constant(rng.array([7])) - v[0]) / sigma
            return try sum(-0.5 * sqr(z) - log(sigma) - 0.9189385332046727)
        }
        _ = y
    }
}
