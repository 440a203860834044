// IncompleteGammaTests.swift — P(a, x), Q(a, x), their logarithms, ∂P/∂a and the inverses against mpmath
// (IncompleteGammaReference.swift), with closed forms, identities and special values.

import Foundation
import SpecialFunctions
import XCTest

final class IncompleteGammaTests: XCTestCase {
    typealias Row = (a: Double, x: Double, logP: Double, logQ: Double, cond: Double)

    /// The tolerance for a value whose sensitivity to a relative change of x is `cond`: 1e-14 for a
    /// well-conditioned value, growing with cond (every rounding inside the computation amounts to a
    /// relative perturbation of x or a of a few ulps).
    func tolerance(_ cond: Double) -> Double {
        1e-14 + 8 * Double.ulpOfOne * cond
    }

    /// Checks log P, log Q (relative error of the logarithm, tolerance scaled by the condition
    /// number over |log|), and P, Q themselves where they are normal doubles.
    func check(_ name: String, _ rows: [Row], file: StaticString = #filePath, line: UInt = #line) {
        var worstLog = (error: 0.0, at: "")
        var worstValue = (error: 0.0, at: "")
        var worstScaled = (error: 0.0, at: "")
        for row in rows {
            let label = "a = \(row.a), x = \(row.x)"
            // The larger tail's log is ≈ -(smaller tail), formed from e^(log of the smaller), which
            // carries an error of ε |log| of that.
            let smallerLog = Swift.abs(Swift.min(row.logP, row.logQ))
            for (got, want, f) in [(logGammaP(row.a, row.x), row.logP, "logP"), (logGammaQ(row.a, row.x), row.logQ, "logQ")] {
                let e = relativeError(got, want)
                let fromExp = Swift.abs(want) < 0.5 ? 2 * Double.ulpOfOne * smallerLog : 0
                let allowed = 4 * Double.ulpOfOne + fromExp + tolerance(row.cond) / Swift.max(1, Swift.abs(want))
                XCTAssertLessThanOrEqual(e, allowed, "\(name) \(f)(\(label)) = \(got), want \(want)", file: file, line: line)
                if e > worstLog.error { worstLog = (e, "\(f), \(label)") }
            }
            for (got, logWant, f) in [(gammaP(row.a, row.x), row.logP, "P"), (gammaQ(row.a, row.x), row.logQ, "Q")]
            where logWant > -708 {
                let want = Foundation.exp(logWant)
                let e = relativeError(got, want)
                // The smaller tail carries the condition number; the larger one (>= 1/2) is good to an ulp.
                let allowed = (want < 0.5 ? tolerance(row.cond) : 2e-15)
                    + 2 * Double.ulpOfOne * Swift.abs(logWant)  // e^(log P) carries the error of log P
                XCTAssertLessThanOrEqual(e, allowed, "\(name) \(f)(\(label)) = \(got), want \(want)", file: file, line: line)
                if e > worstValue.error { worstValue = (e, "\(f), \(label)") }
                let scaled = e / Swift.max(1, row.cond)
                if scaled > worstScaled.error { worstScaled = (scaled, "\(f), \(label)") }
            }
        }
        print("gamma \(name): worst relative error of log P/log Q \(worstLog.error) (\(worstLog.at)); of P/Q \(worstValue.error) (\(worstValue.at)); of P/Q divided by max(1, cond) \(worstScaled.error) (\(worstScaled.at)) over \(rows.count) points")
    }

    func testSmallShapeMatchesMpmath() { check("a < 1", IncompleteGammaReference.smallShape) }
    func testModerateShapeMatchesMpmath() { check("1 <= a < 20", IncompleteGammaReference.moderateShape) }
    func testLargeShapeMatchesMpmath() { check("20 <= a <= 1e5", IncompleteGammaReference.largeShape) }
    func testHugeShapeMatchesMpmath() { check("a = 1e6...1e10", IncompleteGammaReference.hugeShape) }

    func testClosedForms() {
        for x in [1e-10, 0.3, 1.0, 5.0, 40.0] {
            // a = 1: P = 1 - e^-x; a = 1/2: P = erf(√x), Q = erfc(√x); a = 2: Q = (1 + x) e^-x.
            // Values are formed as e^(log value): allow ε |log value| on top of a few ulps.
            func allowed(_ v: Double) -> Double { 2e-15 + 2 * Double.ulpOfOne * Swift.abs(Foundation.log(v)) }
            let p1 = -Foundation.expm1(-x), q1 = Foundation.exp(-x)
            XCTAssertLessThan(relativeError(gammaP(1, x), p1), allowed(p1), "x = \(x)")
            XCTAssertLessThan(relativeError(gammaQ(1, x), q1), allowed(q1), "x = \(x)")
            let pHalf = Foundation.erf(x.squareRoot()), qHalf = Foundation.erfc(x.squareRoot())
            XCTAssertLessThan(relativeError(gammaP(0.5, x), pHalf), allowed(pHalf), "x = \(x)")
            XCTAssertLessThan(relativeError(gammaQ(0.5, x), qHalf), allowed(qHalf) + 4e-15, "x = \(x)")
            let q2 = (1 + x) * Foundation.exp(-x)
            XCTAssertLessThan(relativeError(gammaQ(2, x), q2), allowed(q2), "x = \(x)")
        }
        XCTAssertLessThan(relativeError(logGammaQ(1, 1e5), -1e5), 1e-16)
        XCTAssertLessThan(relativeError(logGammaP(1, 1e-300), Foundation.log(1e-300)), 1e-15)
    }

    func testComplementAndRecurrence() {
        for a in [1e-8, 0.2, 1.0, 3.7, 19.5, 20.5, 150.0] {
            for r in [0.5, 0.8, 1.0, 1.2, 3.0] {
                let x = a * r + 0.05
                XCTAssertEqual(gammaP(a, x) + gammaQ(a, x), 1, accuracy: 3e-16, "a = \(a), x = \(x)")
                // P(a + 1, x) = P(a, x) - x^a e^-x / Γ(a + 1), on the scale of P(a, x) (x not far
                // below a, where the two terms would cancel, and a moderate, where the test's own
                // x^a e^-x / Γ(a + 1) is accurate).
                let term = Foundation.exp(a * Foundation.log(x) - x - Foundation.lgamma(a + 1))
                let p = gammaP(a, x)
                if p > 1e-300 {
                    XCTAssertLessThan(Swift.abs(gammaP(a + 1, x) - (p - term)) / p, 1e-13, "a = \(a), x = \(x)")
                }
            }
        }
    }

    func testSpecialValues() {
        let inf = Double.infinity
        XCTAssertEqual(gammaP(2, 0), 0)
        XCTAssertEqual(gammaQ(2, 0), 1)
        XCTAssertEqual(logGammaP(2, 0), -inf)
        XCTAssertEqual(gammaP(2, inf), 1)
        XCTAssertEqual(gammaQ(2, inf), 0)
        XCTAssertEqual(logGammaQ(2, inf), -inf)
        XCTAssertEqual(gammaP(0, 3), 1, "SciPy: the gamma(0) distribution is a point mass at 0")
        XCTAssertEqual(gammaQ(0, 3), 0)
        XCTAssertEqual(gammaP(inf, 3), 0)
        XCTAssertEqual(gammaQ(inf, 3), 1)
        for (a, x) in [(-1.0, 1.0), (1.0, -1.0), (0.0, 0.0), (inf, inf), (Double.nan, 1.0), (1.0, Double.nan)] {
            XCTAssertTrue(gammaP(a, x).isNaN, "P(\(a), \(x))")
            XCTAssertTrue(gammaQ(a, x).isNaN, "Q(\(a), \(x))")
            XCTAssertTrue(logGammaP(a, x).isNaN, "log P(\(a), \(x))")
            XCTAssertTrue(logGammaQ(a, x).isNaN, "log Q(\(a), \(x))")
        }
        // Tiny shape: Q(a, x) ≈ a E₁(x) keeps its digits (1 - P would have none).
        XCTAssertLessThan(relativeError(gammaQ(1e-10, 1), 1e-10 * 0.21938393439552027368), 1e-9)
    }

    func testShapeDerivativeMatchesMpmath() {
        checkTable("gammaPDerivativeA", IncompleteGammaReference.derivativeA, tolerance: 1e-12) {
            (gammaPDerivativeA($0.a, $0.x), $0.want, "a = \($0.a), x = \($0.x)")
        }
    }

    func testShapeDerivativeOfLogsAgreesWithFiniteDifferences() {
        // Central differences of log P and log Q in a, including tails where P or Q underflow.
        for (a, x) in [(0.5, 1e-200), (2.0, 1e-30), (3.0, 400.0), (0.3, 900.0), (50.0, 5.0), (40.0, 400.0),
                       (1e4, 9000.0), (1e4, 11000.0), (1e8, 1.0001e8), (0.05, 0.5), (7.0, 7.5)] {
            // a's influence has the scale √a (min(a, 1) below 1); in the far lower tail log Q ≈ -P
            // varies like e^(a log x), so the step also shrinks with |log x|.
            let h = 1e-4 * (a < 1 ? a : a.squareRoot()) / Swift.max(1, Swift.abs(Foundation.log(x)) / 10)
            let dLogP = (logGammaP(a + h, x) - logGammaP(a - h, x)) / (2 * h)
            let dLogQ = (logGammaQ(a + h, x) - logGammaQ(a - h, x)) / (2 * h)
            XCTAssertLessThan(relativeError(logGammaPDerivativeA(a, x), dLogP), 1e-6, "a = \(a), x = \(x)")
            XCTAssertLessThan(relativeError(logGammaQDerivativeA(a, x), dLogQ), 1e-6, "a = \(a), x = \(x)")
        }
        XCTAssertEqual(gammaPDerivativeA(2, 0), -0.0)
        XCTAssertTrue(gammaPDerivativeA(-1, 2).isNaN)
    }

    func testInversesMatchMpmath() {
        checkTable("gammaPInverse", IncompleteGammaReference.inverseP, tolerance: 1e-13) {
            (gammaPInverse($0.a, $0.p), $0.x, "a = \($0.a), p = \($0.p)")
        }
        checkTable("gammaQInverse", IncompleteGammaReference.inverseQ, tolerance: 1e-13) {
            (gammaQInverse($0.a, $0.q), $0.x, "a = \($0.a), q = \($0.q)")
        }
    }

    func testInverseFarBelowOneInAHundredMatchesMpmath() {
        // Quantiles of 1e-300...1e-120 for small shapes (once returned as 0: the bisection formed lo·hi,
        // which underflows). log P is resolved to an ulp of |log p|, and x moves it by a per unit of
        // relative change, so the root is determined to |log p| ε / a.
        for row in IncompleteGammaInverseTailReference.inverseP {
            let x = gammaPInverse(row.a, row.p)
            let allowed = 1e-14 + 4 * Double.ulpOfOne * Swift.abs(Foundation.log(row.p)) / row.a
            XCTAssertLessThan(relativeError(x, row.x), allowed, "gammaPInverse(\(row.a), \(row.p)) = \(x), want \(row.x)")
        }
    }

    func testInverseRoundTripsAndSpecialValues() {
        // P(a, P⁻¹(a, p)) = p to within what one ulp of x changes P by (x f(x) ε), across shapes and tails.
        for a in [1e-6, 0.01, 0.4, 1.0, 3.0, 25.0, 1e3, 1e7] {
            for p in [1e-300, 1e-100, 1e-10, 0.01, 0.3, 0.5, 0.7, 0.999, 1 - 1e-12] {
                let x = gammaPInverse(a, p)
                if x == 0 { continue }  // the quantile is below the smallest double (tiny a)
                // One ulp of x moves P by x f(x) ε; e^(log P) adds |log p| ε.
                let slack = Foundation.exp(a * Foundation.log(x) - x - Foundation.lgamma(a)) / Swift.min(p, 1 - p)
                let allowed = 1e-14 + 4 * Double.ulpOfOne * (slack + Swift.abs(Foundation.log(p)))
                XCTAssertLessThan(relativeError(gammaP(a, x), p), allowed, "a = \(a), p = \(p)")
                let q = p
                let y = gammaQInverse(a, q)
                if y == 0 { continue }
                let slackQ = Foundation.exp(a * Foundation.log(y) - y - Foundation.lgamma(a)) / Swift.min(q, 1 - q)
                let allowedQ = 1e-14 + 4 * Double.ulpOfOne * (slackQ + Swift.abs(Foundation.log(q)))
                XCTAssertLessThan(relativeError(gammaQ(a, y), q), allowedQ, "a = \(a), q = \(q)")
            }
        }
        XCTAssertEqual(gammaPInverse(2, 0), 0)
        XCTAssertEqual(gammaPInverse(2, 1), .infinity)
        XCTAssertEqual(gammaQInverse(2, 0), .infinity)
        XCTAssertEqual(gammaQInverse(2, 1), 0)
        for (a, p) in [(0.0, 0.5), (-1.0, 0.5), (2.0, -0.1), (2.0, 1.5), (Double.nan, 0.5), (2.0, Double.nan)] {
            XCTAssertTrue(gammaPInverse(a, p).isNaN, "(\(a), \(p))")
            XCTAssertTrue(gammaQInverse(a, p).isNaN, "(\(a), \(p))")
        }
        // a = 1: the exponential quantile -log(1 - p).
        for p in [1e-20, 0.2, 0.9, 0.999999] {
            XCTAssertLessThan(relativeError(gammaPInverse(1, p), -Foundation.log1p(-p)), 1e-15, "p = \(p)")
        }
    }
}
