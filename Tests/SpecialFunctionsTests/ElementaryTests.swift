// ElementaryTests.swift — log1pmx, log Γ(1+x), logSubExp, log B, log Pochhammer, polygamma and the
// Bessel I₀/I₁ logarithms against mpmath (ElementaryReference.swift), with identities and special values.

import Foundation
import SpecialFunctions
import XCTest

final class ElementaryTests: XCTestCase {
    func testLog1pmxMatchesMpmath() {
        checkTable("log1pmx", ElementaryReference.log1pmx, tolerance: 1e-15) { (log1pmx($0.x), $0.want, "x = \($0.x)") }
        XCTAssertEqual(log1pmx(-1), -.infinity)
        XCTAssertTrue(log1pmx(-1.5).isNaN)
        XCTAssertTrue(log1pmx(.nan).isNaN)
        XCTAssertEqual(log1pmx(.infinity), -.infinity)
    }

    func testLogGamma1pMatchesMpmath() {
        checkTable("logGamma1p", ElementaryReference.logGamma1p, tolerance: 1e-15) { (logGamma1p($0.x), $0.want, "x = \($0.x)") }
        XCTAssertEqual(logGamma1p(0), 0)
        XCTAssertEqual(logGamma1p(1), 0)
        XCTAssertEqual(logGamma1p(-1), .infinity)
        XCTAssertTrue(logGamma1p(.nan).isNaN)
        // log Γ(2 + x) = log(1 + x) + log Γ(1 + x) (x with 1 + x exact).
        for x in [-0.375, -0x1p-20, 0x1p-30, 0.25, 0.4375] {
            XCTAssertLessThan(relativeError(logGamma1p(1 + x), Foundation.log1p(x) + logGamma1p(x)), 4e-15, "x = \(x)")
        }
    }

    func testLogSubExpMatchesMpmath() {
        checkTable("logSubExp", ElementaryReference.logSubExp, tolerance: 1e-15) {
            (logSubExp($0.a, $0.b), $0.want, "(\($0.a), \($0.b))")
        }
        let inf = Double.infinity
        XCTAssertEqual(logSubExp(3, 3), -inf)
        XCTAssertEqual(logSubExp(3, -inf), 3)
        XCTAssertEqual(logSubExp(-inf, -inf), -inf)
        XCTAssertEqual(logSubExp(inf, 3), inf)
        XCTAssertTrue(logSubExp(inf, inf).isNaN)
        XCTAssertTrue(logSubExp(1, 2).isNaN, "e^1 - e^2 < 0")
        XCTAssertTrue(logSubExp(.nan, 0).isNaN)
        XCTAssertTrue(logSubExp(0, .nan).isNaN)
        // logSubExp undoes logAddExp.
        for (a, b) in [(2.0, -1.0), (-30.0, -31.5), (500.0, 480.0)] {
            XCTAssertLessThan(relativeError(logSubExp(logAddExp(a, b), b), a), 1e-14)
        }
    }

    func testLogBetaMatchesMpmath() {
        // Near its zeros (a = 1, b = 1 or a + b where Γ(a)Γ(b) = Γ(a+b)) log B has only absolute
        // accuracy; the table avoids them.
        checkTable("logBeta", ElementaryReference.logBeta, tolerance: 1e-14) {
            (logBeta($0.a, $0.b), $0.want, "(\($0.a), \($0.b))")
        }
        XCTAssertEqual(logBeta(1, 1), 0)
        XCTAssertEqual(logBeta(3, 7), logBeta(7, 3))
        XCTAssertLessThan(relativeError(logBeta(1e-300, 1), 690.77552789821370520), 1e-15, "B(a, 1) = 1/a")
        XCTAssertEqual(logBeta(.infinity, 2), -.infinity)
        for (a, b) in [(0.0, 1.0), (-1.0, 2.0), (1.0, -0.5), (Double.nan, 1.0)] {
            XCTAssertTrue(logBeta(a, b).isNaN, "(\(a), \(b))")
        }
        // B(a, b) = B(a + 1, b) (a + b) / a.
        for (a, b) in [(0.3, 0.7), (4.5, 20.0), (15.0, 1e6), (1e-5, 3.0)] {
            let shifted = logBeta(a + 1, b) + Foundation.log((a + b) / a)
            XCTAssertLessThan(Swift.abs(logBeta(a, b) - shifted), 1e-14 * Swift.max(1, Swift.abs(logBeta(a, b))), "(\(a), \(b))")
        }
    }

    func testLogPochhammerMatchesMpmath() {
        checkTable("logPochhammer", ElementaryReference.logPochhammer, tolerance: 1e-14) {
            (logPochhammer($0.x, $0.a), $0.want, "(\($0.x), \($0.a))")
        }
        XCTAssertEqual(logPochhammer(3, 0), 0)
        XCTAssertLessThan(relativeError(logPochhammer(5, 3), Foundation.log(5.0 * 6 * 7)), 1e-15)
        XCTAssertLessThan(relativeError(logPochhammer(8, -3), -Foundation.log(5.0 * 6 * 7)), 1e-15)
        for (x, a) in [(0.0, 1.0), (-1.0, 3.0), (2.0, -2.0), (Double.nan, 1.0), (1.0, Double.nan)] {
            XCTAssertTrue(logPochhammer(x, a).isNaN, "(\(x), \(a))")
        }
    }

    func testPolygammaMatchesMpmath() {
        checkTable("polygamma", ElementaryReference.polygamma, tolerance: 1e-13) {
            (polygamma(Int($0.n), $0.x), $0.want, "n = \(Int($0.n)), x = \($0.x)")
        }
    }

    func testPolygammaIdentitiesAndSpecialValues() {
        // Consistent with digamma and trigamma.
        for x in [0.2, 1.7, 33.0, -2.5] {
            XCTAssertEqual(polygamma(0, x), digamma(x))
            XCTAssertEqual(polygamma(1, x), trigamma(x))
        }
        // Recurrence ψ⁽ⁿ⁾(x + 1) = ψ⁽ⁿ⁾(x) + (-1)ⁿ n! / xⁿ⁺¹.
        for n in 2...5 {
            var factorial = 1.0
            for k in 1...n { factorial *= Double(k) }
            for x in [0.3, 2.5, 14.0, 16.5, 60.0] {
                let step = (n % 2 == 0 ? 1.0 : -1.0) * factorial / Foundation.pow(x, Double(n + 1))
                // The two terms on the right cancel: compare on the scale of the larger.
                let scale = Swift.max(Swift.abs(polygamma(n, x)), Swift.abs(step))
                XCTAssertLessThan(Swift.abs(polygamma(n, x + 1) - (polygamma(n, x) + step)) / scale, 1e-15, "n = \(n), x = \(x)")
            }
        }
        // ψ''(1) = -2 ζ(3), ψ'''(1/2) = π⁴.
        XCTAssertLessThan(relativeError(polygamma(2, 1), -2 * 1.2020569031595942854), 1e-15)
        XCTAssertLessThan(relativeError(polygamma(3, 0.5), Foundation.pow(Double.pi, 4)), 1e-15)
        // Poles and limits.
        XCTAssertEqual(polygamma(2, 0), -.infinity)
        XCTAssertEqual(polygamma(2, -0.0), .infinity)
        XCTAssertEqual(polygamma(3, 0), .infinity)
        XCTAssertEqual(polygamma(3, -0.0), .infinity)
        XCTAssertTrue(polygamma(2, -3).isNaN)
        XCTAssertTrue(polygamma(2, .nan).isNaN)
        XCTAssertTrue(polygamma(2, -.infinity).isNaN)
        XCTAssertTrue(polygamma(-1, 2).isNaN)
        XCTAssertEqual(polygamma(2, .infinity), 0)
        XCTAssertEqual(polygamma(4, 1e-100), -.infinity, "-24/x⁵ overflows")
    }

    func testBesselLogarithmsMatchMpmath() {
        checkTable("logBesselI0", ElementaryReference.logBesselI0, tolerance: 1e-14) { (logBesselI0($0.x), $0.want, "x = \($0.x)") }
        checkTable("logBesselI1", ElementaryReference.logBesselI1, tolerance: 1e-14) { (logBesselI1($0.x), $0.want, "x = \($0.x)") }
        checkTable("besselI1OverI0", ElementaryReference.besselI1OverI0, tolerance: 1e-14) {
            (besselI1OverI0($0.x), $0.want, "x = \($0.x)")
        }
    }

    func testBesselIdentitiesAndSpecialValues() {
        XCTAssertEqual(logBesselI0(0), 0)
        XCTAssertEqual(logBesselI0(-3.5), logBesselI0(3.5))
        XCTAssertEqual(logBesselI0(.infinity), .infinity)
        XCTAssertEqual(logBesselI0(-.infinity), .infinity)
        XCTAssertTrue(logBesselI0(.nan).isNaN)
        XCTAssertEqual(logBesselI1(0), -.infinity)
        XCTAssertTrue(logBesselI1(-1).isNaN)
        XCTAssertEqual(logBesselI1(.infinity), .infinity)
        XCTAssertEqual(besselI1OverI0(0), 0)
        XCTAssertEqual(besselI1OverI0(-2), -besselI1OverI0(2))
        XCTAssertEqual(besselI1OverI0(.infinity), 1)
        XCTAssertEqual(besselI1OverI0(1e300), 1)
        // The ratio is e^(log I₁ - log I₀), and d/dx log I₀ = I₁/I₀ (central difference).
        for x in [1e-3, 0.7, 5.0, 29.0, 31.0, 400.0] {
            XCTAssertLessThan(relativeError(besselI1OverI0(x), Foundation.exp(logBesselI1(x) - logBesselI0(x))), 1e-13, "x = \(x)")
            let h = 1e-5 * x
            let slope = (logBesselI0(x + h) - logBesselI0(x - h)) / (2 * h)
            XCTAssertLessThan(relativeError(slope, besselI1OverI0(x)), 1e-7, "x = \(x)")
        }
    }
}
