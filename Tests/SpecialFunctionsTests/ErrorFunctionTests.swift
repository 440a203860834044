// ErrorFunctionTests.swift — erfcx, erf⁻¹, erfc⁻¹ and the normal distribution against mpmath
// (ErrorFunctionReference.swift), with identities, round trips and special values.

import Foundation
import SpecialFunctions
import XCTest

final class ErrorFunctionTests: XCTestCase {
    func testErfcxMatchesMpmath() {
        checkTable("erfcx", ErrorFunctionReference.erfcx, tolerance: 1e-14) { (erfcx($0.x), $0.want, "x = \($0.x)") }
    }

    func testErfcxSpecialValuesAndReflection() {
        XCTAssertEqual(erfcx(0), 1)
        XCTAssertEqual(erfcx(.infinity), 0)
        XCTAssertEqual(erfcx(-.infinity), .infinity)
        XCTAssertEqual(erfcx(-26.7), .infinity, "2 e^(x²) exceeds the largest double")
        XCTAssertTrue(erfcx(.nan).isNaN)
        // erfcx(-x) = 2 e^(x²) - erfcx(x).
        for x in [0.1, 0.7, 1.5, 3.0, 6.0, 12.0, 25.0] {
            let reflected = 2 * Foundation.exp(x * x) - erfcx(x)
            XCTAssertLessThan(relativeError(erfcx(-x), reflected), 1e-13, "x = \(x)")
        }
        // Largest arguments: 1/(x√π) without overflow of x√π or x².
        XCTAssertEqual(erfcx(Double.greatestFiniteMagnitude), 0.5641895835477563 / Double.greatestFiniteMagnitude)
    }

    func testErfInverseMatchesMpmath() {
        checkTable("erfInverse", ErrorFunctionReference.erfInverse, tolerance: 1e-14) { (erfInverse($0.p), $0.want, "p = \($0.p)") }
    }

    func testErfcInverseMatchesMpmath() {
        checkTable("erfcInverse", ErrorFunctionReference.erfcInverse, tolerance: 1e-14) { (erfcInverse($0.q), $0.want, "q = \($0.q)") }
    }

    func testInverseErrorFunctionsSpecialValuesAndRoundTrips() {
        XCTAssertEqual(erfInverse(1), .infinity)
        XCTAssertEqual(erfInverse(-1), -.infinity)
        XCTAssertEqual(erfInverse(0), 0)
        XCTAssertEqual(erfInverse(-0.0).sign, .minus)
        for p in [1.0000001, -1.5, Double.nan, Double.infinity] { XCTAssertTrue(erfInverse(p).isNaN, "p = \(p)") }
        XCTAssertEqual(erfcInverse(0), .infinity)
        XCTAssertEqual(erfcInverse(2), -.infinity)
        XCTAssertEqual(erfcInverse(1), 0)
        for q in [-1e-300, 2.0000000000000004, Double.nan, -Double.infinity] { XCTAssertTrue(erfcInverse(q).isNaN, "q = \(q)") }
        // erf(erf⁻¹(p)) = p and erfc(erfc⁻¹(q)) = q where the forward functions are well conditioned.
        for p in stride(from: -0.95, through: 0.95, by: 0.05) {
            XCTAssertLessThan(relativeError(Foundation.erf(erfInverse(p)), p), 4e-16 / Swift.max(Swift.abs(p), 1e-3) + 4e-16, "p = \(p)")
        }
        for e in stride(from: -300.0, through: -1.0, by: 7.0) {
            let q = Foundation.pow(10, e)
            XCTAssertLessThan(relativeError(Foundation.erfc(erfcInverse(q)), q), 2e-13, "q = \(q)")
        }
        // erfc⁻¹(2 - q) = -erfc⁻¹(q) and erf⁻¹(-p) = -erf⁻¹(p) (q with 2 - q exact).
        for q in [0.015625, 0.3125, 0.75, 0.9990234375] {
            XCTAssertEqual(erfcInverse(2 - q), -erfcInverse(q), accuracy: 1e-15 * Swift.abs(erfcInverse(q)))
            XCTAssertEqual(erfInverse(-q), -erfInverse(q))
        }
    }

    func testNormalCDFMatchesMpmath() {
        checkTable("normalCDF", ErrorFunctionReference.normalCDF, tolerance: 1e-14) { (normalCDF($0.x), $0.want, "x = \($0.x)") }
        checkTable("normalSurvival", ErrorFunctionReference.normalCDF, tolerance: 1e-14) { (normalSurvival(-$0.x), $0.want, "x = \(-$0.x)") }
    }

    func testNormalLogCDFMatchesMpmathInBothTails() {
        checkTable("normalLogCDF", ErrorFunctionReference.normalLogCDF, tolerance: 1e-14) {
            (normalLogCDF($0.x), $0.want, "x = \($0.x)")
        }
        checkTable("normalLogSurvival", ErrorFunctionReference.normalLogCDF, tolerance: 1e-14) {
            (normalLogSurvival(-$0.x), $0.want, "x = \(-$0.x)")
        }
    }

    func testNormalLogCDFSpecialValues() {
        XCTAssertEqual(normalLogCDF(-.infinity), -.infinity)
        XCTAssertEqual(normalLogCDF(.infinity), 0)
        XCTAssertTrue(normalLogCDF(.nan).isNaN)
        XCTAssertEqual(normalLogCDF(-1e200), -.infinity, "-x²/2 overflows")
        XCTAssertEqual(normalLogCDF(40), 0, "-3.7e-350 rounds to -0")
        XCTAssertEqual(normalLogSurvival(-40), 0)
        XCTAssertEqual(normalCDF(-.infinity), 0)
        XCTAssertEqual(normalCDF(.infinity), 1)
        // log Φ(x) + log(1 - Φ(x)) consistency with Φ where both are ordinary numbers.
        for x in [-5.0, -1.0, 0.0, 0.3, 2.0, 6.0] {
            XCTAssertLessThan(relativeError(Foundation.exp(normalLogCDF(x)), normalCDF(x)), 1e-15, "x = \(x)")
            XCTAssertLessThan(relativeError(Foundation.exp(normalLogSurvival(x)), normalSurvival(x)), 1e-15, "x = \(x)")
        }
    }

    func testNormalQuantileMatchesMpmath() {
        checkTable("normalQuantile", ErrorFunctionReference.normalQuantile, tolerance: 1e-14) {
            (normalQuantile($0.p), $0.want, "p = \($0.p)")
        }
        checkTable("normalQuantile(logP:)", ErrorFunctionReference.normalQuantileFromLog, tolerance: 1e-14) {
            (normalQuantile(logP: $0.logP), $0.want, "logP = \($0.logP)")
        }
    }

    func testNormalQuantileSpecialValuesAndRoundTrips() {
        XCTAssertEqual(normalQuantile(0), -.infinity)
        XCTAssertEqual(normalQuantile(1), .infinity)
        XCTAssertEqual(normalQuantile(0.5), 0)
        for p in [-0.1, 1.1, Double.nan] { XCTAssertTrue(normalQuantile(p).isNaN, "p = \(p)") }
        XCTAssertEqual(normalQuantile(logP: 0), .infinity)
        XCTAssertEqual(normalQuantile(logP: -.infinity), -.infinity)
        for l in [1e-300, 1.0, Double.nan] { XCTAssertTrue(normalQuantile(logP: l).isNaN, "logP = \(l)") }
        // Φ(Φ⁻¹(p)) = p, and log Φ(Φ⁻¹(e^l)) = l far into the tails.
        for p in [1e-300, 1e-20, 0.001, 0.2, 0.5, 0.7, 0.99] {
            XCTAssertLessThan(relativeError(normalCDF(normalQuantile(p)), p), 1e-13, "p = \(p)")
        }
        for l in [-1e6, -1e4, -800.0, -50, -3, -0.5, -1e-5, -1e-12] {
            XCTAssertLessThan(relativeError(normalLogCDF(normalQuantile(logP: l)), l), 1e-13, "logP = \(l)")
        }
        // Symmetry Φ⁻¹(1 - p) = -Φ⁻¹(p) where 1 - p is exact.
        for p in [0.5, 0.625, 0.75, 0.875, 0.9375] {
            XCTAssertEqual(normalQuantile(1 - p), -normalQuantile(p))
        }
        // The two entry points agree where e^logP is an ordinary number.
        for p in [1e-100, 1e-5, 0.1, 0.3, 0.45, 0.8] {
            XCTAssertLessThan(relativeError(normalQuantile(logP: Foundation.log(p)), normalQuantile(p)), 1e-14, "p = \(p)")
        }
    }
}
