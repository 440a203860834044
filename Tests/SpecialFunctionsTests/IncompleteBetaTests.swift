// IncompleteBetaTests.swift — I_x(a, b), its complement and logarithms, log B, the Student-t distribution
// function through I_x, and the inverses, against mpmath (IncompleteBetaReference.swift), with closed forms,
// symmetry, recurrences and special values.

import Foundation
import SpecialFunctions
import XCTest

final class IncompleteBetaTests: XCTestCase {
    typealias Row = (a: Double, b: Double, x: Double, logP: Double, logQ: Double, cond: Double)

    /// 1e-14 for a well-conditioned value, growing with the sensitivity `cond` of the smaller tail to
    /// relative changes of x, 1 - x (every rounding inside the computation amounts to such a change;
    /// near the mean of large-parameter distributions the continued fraction loses ~ε√(a+b), which
    /// is ~10ε·cond there).
    func tolerance(_ cond: Double) -> Double {
        1e-14 + 16 * Double.ulpOfOne * cond
    }

    func check(_ name: String, _ rows: [Row], file: StaticString = #filePath, line: UInt = #line) {
        var worstLog = (error: 0.0, at: "")
        var worstValue = (error: 0.0, at: "")
        var worstScaled = (error: 0.0, at: "")
        for row in rows {
            let label = "a = \(row.a), b = \(row.b), x = \(row.x)"
            let smallerLog = Swift.abs(Swift.min(row.logP, row.logQ))
            let logs = [(logBetaI(row.a, row.b, row.x), row.logP, "logI"),
                        (logBetaIComplement(row.a, row.b, row.x), row.logQ, "log(1-I)")]
            for (got, want, f) in logs {
                let e = relativeError(got, want)
                // The larger tail's log is ≈ -(smaller tail), formed from e^(log of the smaller).
                let fromExp = Swift.abs(want) < 0.5 ? 2 * Double.ulpOfOne * smallerLog : 0
                let allowed = 4 * Double.ulpOfOne + fromExp + tolerance(row.cond) / Swift.max(1, Swift.abs(want))
                XCTAssertLessThanOrEqual(e, allowed, "\(name) \(f)(\(label)) = \(got), want \(want)", file: file, line: line)
                if e > worstLog.error { worstLog = (e, "\(f), \(label)") }
            }
            let values = [(betaI(row.a, row.b, row.x), row.logP, "I"), (betaIComplement(row.a, row.b, row.x), row.logQ, "1-I")]
            for (got, logWant, f) in values where logWant > -708 {
                let want = Foundation.exp(logWant)
                let e = relativeError(got, want)
                // Near 1 the value is as accurate as the smaller tail in absolute terms (its relative
                // error times its size); elsewhere the rounding inside is amplified by cond.
                let smaller = Foundation.exp(-smallerLog)
                let allowed = (want < 0.5 ? tolerance(row.cond) : 2e-15 + tolerance(row.cond) * smaller) + 2 * Double.ulpOfOne * Swift.abs(logWant)
                XCTAssertLessThanOrEqual(e, allowed, "\(name) \(f)(\(label)) = \(got), want \(want)", file: file, line: line)
                if e > worstValue.error { worstValue = (e, "\(f), \(label)") }
                let scaled = e / Swift.max(1, row.cond)
                if scaled > worstScaled.error { worstScaled = (scaled, "\(f), \(label)") }
            }
        }
        print("beta \(name): worst relative error of the logs \(worstLog.error) (\(worstLog.at)); of the values \(worstValue.error) (\(worstValue.at)); of the values divided by max(1, cond) \(worstScaled.error) (\(worstScaled.at)) over \(rows.count) points")
    }

    func testSmallParametersMatchMpmath() { check("a or b <= 1", IncompleteBetaReference.smallParameters) }
    func testMixedParametersMatchMpmath() { check("one large", IncompleteBetaReference.mixedParameters) }
    func testModerateParametersMatchMpmath() { check("1...100", IncompleteBetaReference.moderateParameters) }
    func testLargeParametersMatchMpmath() { check("both large", IncompleteBetaReference.largeParameters) }

    func testStudentTDistributionThroughBetaI() {
        // F(t; ν) = I_{ν/(ν+t²)}(ν/2, 1/2)/2 for t <= 0, and 1 - that for t > 0; for t² < ν as
        // (1 - I_{t²/(ν+t²)}(1/2, ν/2))/2, since 1 - ν/(ν+t²) would carry the rounding of ν/(ν+t²)
        // relative to t²/(ν+t²) (as SciPy's stdtr does).
        func studentT(_ t: Double, _ nu: Double) -> Double {
            let t2 = t * t
            let tail = t2 < nu ? 0.5 * betaIComplement(0.5, 0.5 * nu, t2 / (nu + t2)) : 0.5 * betaI(0.5 * nu, 0.5, nu / (nu + t2))
            return t <= 0 ? tail : 1 - tail
        }
        checkTable("Student-t CDF via betaI", IncompleteBetaReference.studentT, tolerance: 1e-13) {
            (studentT($0.t, $0.nu), $0.want, "t = \($0.t), ν = \($0.nu)")
        }
        // Closed forms for t < 0, written without cancellation: ν = 1 (Cauchy) atan(1/|t|)/π, and ν = 2
        // ½ - |t|/(2 √(2 + t²)) = 1/(s (s + |t|)), s = √(2 + t²).
        for t in [-1e6, -30.0, -2.0, -0.25] {
            XCTAssertLessThan(relativeError(studentT(t, 1), Foundation.atan(-1 / t) / Double.pi), 1e-13, "t = \(t)")
            let s = (2 + t * t).squareRoot()
            XCTAssertLessThan(relativeError(studentT(t, 2), 1 / (s * (s - t))), 1e-13, "t = \(t)")
        }
    }

    func testClosedForms() {
        for x in [1e-200, 1e-8, 0.2, 0.5, 0.75, 0.999] {
            // I_x(a, 1) = x^a, I_x(1, b) = 1 - (1 - x)^b, I_x(½, ½) = (2/π) asin √x.
            for a in [1e-6, 0.3, 2.0, 45.0] {
                let want = Foundation.pow(x, a)
                if want > 1e-300 {
                    XCTAssertLessThan(relativeError(betaI(a, 1, x), want), 2e-15 + 2 * Double.ulpOfOne * Swift.abs(Foundation.log(want)), "a = \(a), x = \(x)")
                }
                let tail = Foundation.pow(1 - x, a)  // 1 - I_x(1, a)
                XCTAssertLessThan(relativeError(betaIComplement(1, a, x), tail), 2e-15 + 2 * Double.ulpOfOne * Swift.abs(Foundation.log(tail)) + 4 * Double.ulpOfOne * a, "b = \(a), x = \(x)")
            }
            let arcsine = 2 / Double.pi * Foundation.asin(x.squareRoot())
            // e^(log I) carries the rounding of log I (~|log I| ε).
            XCTAssertLessThan(relativeError(betaI(0.5, 0.5, x), arcsine), 4e-15 + 2 * Double.ulpOfOne * Swift.abs(Foundation.log(arcsine)), "x = \(x)")
        }
    }

    func testSymmetryAndRecurrence() {
        // I_x(a, b) + I_{1-x}(b, a) = 1 (x with 1 - x exact), and
        // I_x(a + 1, b) = I_x(a, b) - x^a (1-x)^b / (a B(a, b)).
        for (a, b) in [(0.2, 0.7), (1.5, 3.0), (12.0, 40.0), (1e-4, 5.0), (300.0, 0.5), (2e4, 3e4)] {
            for x in [0.03125, 0.25, 0.5, 0.625, 0.9375] {
                XCTAssertEqual(betaI(a, b, x) + betaI(b, a, 1 - x), 1, accuracy: 4e-16, "(\(a), \(b), \(x))")
                // At x = 1/2 the two may take different methods.
                XCTAssertLessThan(relativeError(betaIComplement(a, b, x), betaI(b, a, 1 - x)), 1e-14, "(\(a), \(b), \(x))")
                let term = Foundation.exp(a * Foundation.log(x) + b * Foundation.log1p(-x) - logBeta(a, b)) / a
                let i = betaI(a, b, x)
                if i > 1e-250 && a < 1e3 {
                    let scale = Swift.max(i, term)
                    XCTAssertLessThan(Swift.abs(betaI(a + 1, b, x) - (i - term)) / scale, 1e-13, "(\(a), \(b), \(x))")
                }
            }
        }
    }

    func testSpecialValues() {
        let inf = Double.infinity
        XCTAssertEqual(betaI(2, 3, 0), 0)
        XCTAssertEqual(betaI(2, 3, 1), 1)
        XCTAssertEqual(betaIComplement(2, 3, 0), 1)
        XCTAssertEqual(logBetaI(2, 3, 0), -inf)
        XCTAssertEqual(logBetaIComplement(2, 3, 1), -inf)
        // SciPy: a = 0 is a point mass at 0, b = 0 one at 1.
        XCTAssertEqual(betaI(0, 2, 0.5), 1)
        XCTAssertEqual(betaI(2, 0, 0.5), 0)
        XCTAssertEqual(betaI(inf, 2, 0.5), 0)
        XCTAssertEqual(betaI(2, inf, 0.5), 1)
        for (a, b, x) in [(0.0, 0.0, 0.5), (-1.0, 2.0, 0.5), (1.0, -2.0, 0.5), (1.0, 2.0, -0.1), (1.0, 2.0, 1.1),
                          (inf, inf, 0.5), (Double.nan, 1.0, 0.5), (1.0, 1.0, Double.nan)] {
            XCTAssertTrue(betaI(a, b, x).isNaN, "(\(a), \(b), \(x))")
            XCTAssertTrue(betaIComplement(a, b, x).isNaN, "(\(a), \(b), \(x))")
            XCTAssertTrue(logBetaI(a, b, x).isNaN, "(\(a), \(b), \(x))")
        }
        // Tiny first parameter: 1 - I_x(a, b) ≈ a · (...) keeps its digits.
        XCTAssertLessThan(relativeError(betaIComplement(1e-12, 1, 0.5), -Foundation.expm1(1e-12 * Foundation.log(0.5))), 1e-13)
    }

    /// What the accuracy of I (1e-14 + 16ε·cond, as in `tolerance`) allows for the root x of a target
    /// in the smaller tail T: x moves T by x y f(x) per unit change of the logit, so T's error maps to
    /// 1e-14 T/(x y f) + 16ε max(x, y)/min(x, y) relative in x (or 1 - x); plus 1e-13.
    func inverseTolerance(_ a: Double, _ b: Double, _ target: Double, _ x: Double) -> Double {
        let y = 1 - x
        let logDensity = (a - 1) * Foundation.log(x) + (b - 1) * Foundation.log1p(-x) - logBeta(a, b)
        let tail = Swift.min(target, 1 - target)
        let logitSensitivity = tail / Foundation.exp(logDensity + Foundation.log(x) + Foundation.log1p(-x))
        return 1e-13 + 1e-14 * logitSensitivity + 16 * Double.ulpOfOne * Swift.max(x, y) / Swift.min(x, y)
    }

    func testInversesMatchMpmath() {
        var worst = (error: 0.0, at: "")
        for row in IncompleteBetaReference.inverseP {
            let x = betaIInverse(row.a, row.b, row.p)
            let e = relativeError(x, row.x)
            XCTAssertLessThanOrEqual(e, inverseTolerance(row.a, row.b, row.p, row.x), "betaIInverse(\(row.a), \(row.b), \(row.p)) = \(x), want \(row.x)")
            if !(e <= worst.error) { worst = (e, "betaIInverse(\(row.a), \(row.b), \(row.p))") }
        }
        for row in IncompleteBetaReference.inverseQ {
            let x = betaIComplementInverse(row.a, row.b, row.q)
            let e = relativeError(x, row.x)
            XCTAssertLessThanOrEqual(e, inverseTolerance(row.a, row.b, row.q, row.x), "betaIComplementInverse(\(row.a), \(row.b), \(row.q)) = \(x), want \(row.x)")
            if !(e <= worst.error) { worst = (e, "betaIComplementInverse(\(row.a), \(row.b), \(row.q))") }
        }
        print("beta inverses: worst relative error \(worst.error) at \(worst.at) over \(IncompleteBetaReference.inverseP.count + IncompleteBetaReference.inverseQ.count) points")
    }

    func testInverseRoundTripsAndSpecialValues() {
        for (a, b) in [(1e-3, 1e-3), (0.05, 2.0), (0.5, 0.5), (1.0, 1.0), (3.0, 7.0), (40.0, 0.3), (1e3, 2e3), (1e6, 10.0),
                       (1e-3, 1e3), (1e3, 1e-3), (1e-8, 0.5), (2.0, 1e-8)] {
            for p in [1e-300, 1e-50, 1e-6, 0.05, 0.3, 0.5, 0.8, 0.999, 1 - 1e-10] {
                let x = betaIInverse(a, b, p)
                if x == 0 || x == 1 { continue }  // the quantile is not representable (extreme shapes)
                // One ulp of x moves I by max(x, 1-x) f(x) ε; e^(log I) adds |log p| ε.
                let logDensity = (a - 1) * Foundation.log(x) + (b - 1) * Foundation.log1p(-x) - logBeta(a, b)
                let slack = Foundation.exp(logDensity) * Swift.max(x, 1 - x) / Swift.min(p, 1 - p)
                let allowed = 1e-13 + 4 * Double.ulpOfOne * (slack + Swift.abs(Foundation.log(p)))
                XCTAssertLessThan(relativeError(betaI(a, b, x), p), allowed, "a = \(a), b = \(b), p = \(p)")
                let y = betaIComplementInverse(a, b, p)
                if y == 0 || y == 1 { continue }
                let logDensityY = (a - 1) * Foundation.log(y) + (b - 1) * Foundation.log1p(-y) - logBeta(a, b)
                let slackY = Foundation.exp(logDensityY) * Swift.max(y, 1 - y) / Swift.min(p, 1 - p)
                let allowedY = 1e-13 + 4 * Double.ulpOfOne * (slackY + Swift.abs(Foundation.log(p)))
                XCTAssertLessThan(relativeError(betaIComplement(a, b, y), p), allowedY, "a = \(a), b = \(b), q = \(p)")
            }
        }
        XCTAssertEqual(betaIInverse(2, 3, 0), 0)
        XCTAssertEqual(betaIInverse(2, 3, 1), 1)
        XCTAssertEqual(betaIComplementInverse(2, 3, 0), 1)
        XCTAssertEqual(betaIComplementInverse(2, 3, 1), 0)
        for (a, b, p) in [(0.0, 1.0, 0.5), (1.0, -1.0, 0.5), (1.0, 1.0, 1.5), (Double.infinity, 1.0, 0.5), (1.0, 1.0, Double.nan)] {
            XCTAssertTrue(betaIInverse(a, b, p).isNaN, "(\(a), \(b), \(p))")
            XCTAssertTrue(betaIComplementInverse(a, b, p).isNaN, "(\(a), \(b), \(p))")
        }
        // Uniform: the quantile is p; symmetric shapes: the median is 1/2.
        for p in [1e-20, 0.3, 0.75] { XCTAssertLessThan(relativeError(betaIInverse(1, 1, p), p), 1e-15, "p = \(p)") }
        for a in [0.1, 2.0, 1e5] { XCTAssertLessThan(relativeError(betaIInverse(a, a, 0.5), 0.5), 1e-15, "a = \(a)") }
    }
}
