// IncompleteBetaDerivativeTests.swift — ∂I_x(a, b)/∂a, ∂/∂b and the gradients of log I and log(1 - I), against mpmath
// (IncompleteBetaDerivativeReference.swift), closed forms and the reflection I_x(a, b) = 1 - I_{1-x}(b, a).

import Foundation
import SpecialFunctions
import XCTest

final class IncompleteBetaDerivativeTests: XCTestCase {
    typealias Row = (a: Double, b: Double, x: Double, logIA: Double, logIB: Double, logQA: Double, logQB: Double)

    func check(_ name: String, _ rows: [Row], tolerance: Double, file: StaticString = #filePath, line: UInt = #line) {
        var worst = (error: 0.0, at: "")
        for row in rows {
            let label = "a = \(row.a), b = \(row.b), x = \(row.x)"
            let lower = logBetaIDerivatives(row.a, row.b, row.x)
            let upper = logBetaIComplementDerivatives(row.a, row.b, row.x)
            let cases = [(lower.a, row.logIA, "∂logI/∂a"), (lower.b, row.logIB, "∂logI/∂b"),
                         (upper.a, row.logQA, "∂log(1-I)/∂a"), (upper.b, row.logQB, "∂log(1-I)/∂b")]
            for (got, want, what) in cases {
                let e = relativeError(got, want)
                XCTAssertLessThanOrEqual(e, tolerance, "\(name) \(what)(\(label)) = \(got), want \(want)", file: file, line: line)
                if !(e <= worst.error) { worst = (e, "\(what), \(label)") }
            }
            // The derivatives of I itself, where I does not underflow.
            let logI = logBetaI(row.a, row.b, row.x)
            if logI > -700 {
                let d = betaIDerivatives(row.a, row.b, row.x)
                let i = Foundation.exp(logI)
                let slack = tolerance + 2 * Double.ulpOfOne * Swift.abs(logI)
                XCTAssertLessThanOrEqual(relativeError(d.a, i * row.logIA), slack, "\(name) ∂I/∂a(\(label))", file: file, line: line)
                XCTAssertLessThanOrEqual(relativeError(d.b, i * row.logIB), slack, "\(name) ∂I/∂b(\(label))", file: file, line: line)
            }
        }
        print("beta derivatives \(name): worst relative error \(worst.error) (\(worst.at)) over \(rows.count) points")
    }

    func testSmallParametersMatchMpmath() { check("a <= 1", IncompleteBetaDerivativeReference.small, tolerance: 1e-12) }
    func testModerateParametersMatchMpmath() { check("1...100", IncompleteBetaDerivativeReference.moderate, tolerance: 1e-12) }
    // With one parameter 1e5 near the mean the continued fraction takes hundreds of steps.
    func testMixedParametersMatchMpmath() { check("one large", IncompleteBetaDerivativeReference.mixed, tolerance: 3e-12) }
    func testLargeParametersMatchMpmath() { check("both large", IncompleteBetaDerivativeReference.large, tolerance: 1e-12) }
    // The documented loss of the continued fraction's derivative for parameters 1e5...1e10 near the mean.
    func testHugeParametersMatchMpmath() { check("huge", IncompleteBetaDerivativeReference.huge, tolerance: 3e-6) }

    func testClosedForms() {
        // I_x(a, 1) = x^a: ∂ log I/∂a = log x. 1 - I_x(1, b) = (1 - x)^b: ∂ log(1 - I)/∂b = log(1 - x).
        for x in [1e-200, 1e-6, 0.03125, 0.5, 0.75, 0.999] {
            for p in [1e-7, 0.2, 1.0, 3.5, 60.0, 1e5] {
                let logX = Foundation.log(x)
                XCTAssertLessThan(relativeError(logBetaIDerivatives(p, 1, x).a, logX), 1e-13, "a = \(p), x = \(x)")
                let logY = Foundation.log1p(-x)
                XCTAssertLessThan(relativeError(logBetaIComplementDerivatives(1, p, x).b, logY), 1e-13, "b = \(p), x = \(x)")
            }
        }
    }

    func testReflection() {
        // I_x(a, b) = 1 - I_{1-x}(b, a): ∂I_x(a, b)/∂a = -∂I_{1-x}(b, a)/∂(second), and likewise for b.
        for (a, b) in [(0.2, 0.7), (1.5, 3.0), (12.0, 40.0), (1e-4, 5.0), (300.0, 0.5), (2e3, 3e3)] {
            for x in [0.03125, 0.25, 0.5, 0.625, 0.9375] {
                let d = betaIDerivatives(a, b, x)
                let r = betaIDerivatives(b, a, 1 - x)
                let scale = Swift.max(Swift.abs(d.a), Swift.abs(d.b), 1e-300)
                XCTAssertLessThan(Swift.abs(d.a + r.b) / scale, 1e-13, "(\(a), \(b), \(x))")
                XCTAssertLessThan(Swift.abs(d.b + r.a) / scale, 1e-13, "(\(a), \(b), \(x))")
                XCTAssertLessThanOrEqual(d.a, 0, "(\(a), \(b), \(x))")
                XCTAssertGreaterThanOrEqual(d.b, 0, "(\(a), \(b), \(x))")
            }
        }
    }

    func testSpecialValues() {
        XCTAssertEqual(betaIDerivatives(2, 3, 0).a, 0)
        XCTAssertEqual(betaIDerivatives(2, 3, 1).b, 0)
        XCTAssertEqual(logBetaIDerivatives(2, 3, 1).a, 0)
        XCTAssertEqual(logBetaIComplementDerivatives(2, 3, 0).b, 0)
        XCTAssertTrue(logBetaIDerivatives(2, 3, 0).a.isNaN)
        XCTAssertTrue(logBetaIComplementDerivatives(2, 3, 1).a.isNaN)
        for (a, b, x) in [(0.0, 1.0, 0.5), (1.0, -2.0, 0.5), (1.0, 2.0, 1.5), (Double.infinity, 1.0, 0.5), (1.0, 1.0, Double.nan)] {
            XCTAssertTrue(betaIDerivatives(a, b, x).a.isNaN, "(\(a), \(b), \(x))")
            XCTAssertTrue(logBetaIDerivatives(a, b, x).b.isNaN, "(\(a), \(b), \(x))")
        }
    }
}
