// ScanTests.swift — loops: values against plain Swift loops, gradients against finite differences, taps, closures, errors.

import SwiftPPL
import XCTest
import _TestSupport

final class ScanTests: XCTestCase {
    func testCumulativeProductFromASequence() throws {
        let x = vector("x")
        let h = try scan(sequences: [x], states: [ScanState(constant(1.0))]) { seq, state, _ in
            [try state[0][0] * seq[0]]
        }[0]
        let out = try evaluate([h], givens: [x: NDArray([2.0, 3.0, 0.5, 4.0])])[0]
        XCTAssertEqual(out.doubles, [2, 6, 3, 12])
        XCTAssertEqual(h.type.shape, [nil])
    }

    /// GARCH(1,1): sigma2[t] = omega + alpha r[t-1]^2 + beta sigma2[t-1].
    func garch(_ omega: Variable, _ alpha: Variable, _ beta: Variable, _ r: Variable, _ sigma0: Variable) throws -> Variable {
        try scan(sequences: [r], states: [ScanState(sigma0)], nonSequences: [omega, alpha, beta]) { seq, state, p in
            [try p[0] + p[1] * sqr(seq[0]) + p[2] * state[0][0]]
        }[0]
    }

    func testGarchVolatilityMatchesALoopAndIsDifferentiable() throws {
        let omega = scalar("omega"), alpha = scalar("alpha"), beta = scalar("beta"), r = vector("r"), s0 = scalar("s0")
        let returns: [Double] = [0.1, -0.3, 0.2, 0.05, -0.1, 0.4]
        let sigma2 = try garch(omega, alpha, beta, r, s0)
        let values: [Variable: NDArray] = [omega: NDArray(scalar: 0.1), alpha: NDArray(scalar: 0.2), beta: NDArray(scalar: 0.7),
                                           r: NDArray(returns), s0: NDArray(scalar: 0.5)]
        let out = try evaluate([sigma2], givens: values)[0].doubles
        var previous = 0.5
        for (t, value) in out.enumerated() {
            let expected = 0.1 + 0.2 * returns[t] * returns[t] + 0.7 * previous
            XCTAssertEqual(value, expected, accuracy: 1e-15)
            previous = expected
        }
        // d/d(omega, alpha, beta, returns, initial) through every step.
        try checkGradient([omega, alpha, beta, r, s0],
                          [NDArray(scalar: 0.1), NDArray(scalar: 0.2), NDArray(scalar: 0.7), NDArray(returns), NDArray(scalar: 0.5)]) { v in
            try self.garch(v[0], v[1], v[2], v[3], v[4])
        }
    }

    func testTwoTapsAndExtraOutputs() throws {
        // x[t] = a x[t-1] + b x[t-2] + e[t], also returning x[t]^2 per step.
        let a = scalar("a"), b = scalar("b"), e = vector("e"), start = vector("start", length: 2)
        func ar2(_ v: [Variable]) throws -> [Variable] {
            try scan(sequences: [v[2]], states: [ScanState(v[3], taps: [-2, -1])], nonSequences: [v[0], v[1]]) { seq, taps, p in
                let next = try p[0] * taps[0][1] + p[1] * taps[0][0] + seq[0]
                return [next, try sqr(next)]
            }
        }
        let noise: [Double] = [0.5, -0.2, 0.1, 0.3, -0.4]
        let outs = try ar2([a, b, e, start])
        let got = try evaluate(outs, givens: [a: NDArray(scalar: 0.6), b: NDArray(scalar: -0.2), e: NDArray(noise), start: NDArray([1.0, 2.0])])
        var history = [1.0, 2.0]
        for t in 0..<noise.count {
            let next = 0.6 * history[history.count - 1] - 0.2 * history[history.count - 2] + noise[t]
            XCTAssertEqual(got[0].doubles[t], next, accuracy: 1e-15)
            XCTAssertEqual(got[1].doubles[t], next * next, accuracy: 1e-14)
            history.append(next)
        }
        try checkGradient([a, b, e, start], [NDArray(scalar: 0.6), NDArray(scalar: -0.2), NDArray(noise), NDArray([1.0, 2.0])]) { v in
            let o = try ar2(v)
            return try o[0] + o[1]
        }
    }

    func testClosuresBecomeNonSequences() throws {
        let scale = scalar("scale"), x = vector("x")
        let shifted = try exp(scale)  // computed outside the loop, read inside
        let out = try scan(sequences: [x]) { seq, _, _ in [try seq[0] * shifted] }[0]
        let value = try evaluate([out], givens: [scale: NDArray(scalar: 0.0), x: NDArray([1.0, 2.0])])[0]
        XCTAssertEqual(value.doubles, [1, 2])
        try checkGradient([scale, x], [NDArray(scalar: 0.3), NDArray([1.0, -2.0, 0.5])]) { v in
            let s = try exp(v[0])
            return try scan(sequences: [v[1]]) { seq, _, _ in [try seq[0] * s] }[0]
        }
    }

    /// The forward algorithm of a two-state hidden Markov model, in log space.
    func testHiddenMarkovForwardAlgorithm() throws {
        let logA = matrix("logA", shape: (2, 2)), logInit = vector("logInit", length: 2), logLik = matrix("logLik")
        func forward(_ v: [Variable]) throws -> Variable {
            let alphas = try scan(sequences: [v[2]], states: [ScanState(v[1])], nonSequences: [v[0]]) { seq, state, p in
                // alpha[t, j] = logLik[t, j] + logsumexp_i(alpha[t-1, i] + logA[i, j])
                let previous = try dimshuffle(state[0][0], [0, nil])
                return [try seq[0] + logsumexp(previous + p[0], axis: [0])]
            }[0]
            return try logsumexp(alphas[.scalar(constant(-1))])
        }
        let transition = try NDArray([0.9, 0.1, 0.2, 0.8].map { Double.logarithm($0) }, shape: [2, 2])
        let initial = NDArray([0.5, 0.5].map { Double.logarithm($0) })
        let likelihood = try NDArray([0.1, 0.7, 0.3, 0.2, 0.6, 0.4].map { Double.logarithm($0) }, shape: [3, 2])
        let total = try evaluate([try forward([logA, logInit, logLik])], givens: [logA: transition, logInit: initial, logLik: likelihood])[0]
        // Brute force over the 2^4 hidden paths (a state before the first observation,
        // then one per observation, each reached by a transition).
        let a = [[0.9, 0.1], [0.2, 0.8]], l = [[0.1, 0.7], [0.3, 0.2], [0.6, 0.4]]
        var p = 0.0
        for path in 0..<16 {
            let s = [(path >> 3) & 1, (path >> 2) & 1, (path >> 1) & 1, path & 1]
            var term = 0.5
            for t in 0..<3 { term *= a[s[t]][s[t + 1]] * l[t][s[t + 1]] }
            p += term
        }
        XCTAssertEqual(total.doubles[0], Double.logarithm(p), accuracy: 1e-13)
        try checkGradient([logA, logInit, logLik], [transition, initial, likelihood]) { try forward($0) }
    }

    func testErrors() throws {
        XCTAssertThrowsError(try scan(states: [ScanState(constant(1.0))]) { _, s, _ in [s[0][0]] })  // no steps
        let x = vector("x")
        XCTAssertThrowsError(try scan(sequences: [x], states: [ScanState(constant(1.0))]) { seq, _, _ in [try seq[0] > constant(0.0)] })
        let n = scalar("n", dtype: .int64)
        let counted = try scan(states: [ScanState(constant(0.0))], nSteps: n) { _, s, _ in [try s[0][0] + 1.0] }[0]
        XCTAssertEqual(try evaluate([counted], givens: [n: NDArray(scalar: Int64(4))])[0].doubles, [1, 2, 3, 4])
        XCTAssertThrowsError(try evaluate([try scan(sequences: [x], nSteps: constant(5)) { seq, _, _ in [seq[0]] }[0]],
                                          givens: [x: NDArray([1.0, 2.0])]))
    }
}

extension Double {
    /// Natural logarithm by Newton's method on exp (test-local, independent of the library).
    static func logarithm(_ x: Double) -> Double {
        func exp(_ y: Double) -> Double {
            let k = (y / 0.6931471805599453).rounded()
            let r = y - k * 0.6931471805599453
            var term = 1.0, sum = 1.0
            for n in 1..<30 { term *= r / Double(n); sum += term }
            return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
        }
        var y = Double(x.exponent) * 0.6931471805599453
        for _ in 0..<60 { y -= 1 - x / exp(y) }
        return y
    }
}
