// DigammaTests.swift — ψ(x) against mpmath reference values, closed forms and identities.

import Foundation
import SpecialFunctions
import XCTest

final class DigammaTests: XCTestCase {
    /// Relative error bound across the real line, away from and near the roots.
    let tolerance = 1e-13

    func testPositiveArgumentsMatchMpmath() {
        let worst = worstError(DigammaReference.positive, digamma)
        print("digamma: worst relative error over positive arguments \(worst.error) at x = \(worst.at)")
        XCTAssertLessThan(worst.error, tolerance, "at x = \(worst.at)")
    }

    func testNegativeNonIntegersMatchMpmath() {
        let worst = worstError(DigammaReference.negative, digamma)
        print("digamma: worst relative error over negative non-integers \(worst.error) at x = \(worst.at)")
        XCTAssertLessThan(worst.error, tolerance, "at x = \(worst.at)")
    }

    /// Near a root the value is a small difference of O(1) terms; the recurrence loses
    /// all relative accuracy there unless the root is handled separately.
    func testNearPositiveRootKeepsRelativeAccuracy() {
        let worst = worstError(DigammaReference.nearPositiveRoot, digamma)
        print("digamma: worst relative error within 0.4 of the positive root \(worst.error) at x = \(worst.at)")
        XCTAssertLessThan(worst.error, tolerance, "at x = \(worst.at)")
    }

    func testNearNegativeRootInMinusOneToZeroKeepsRelativeAccuracy() {
        let worst = worstError(DigammaReference.nearNegativeRoot, digamma)
        print("digamma: worst relative error within 0.4 of the root in (-1, 0) \(worst.error) at x = \(worst.at)")
        XCTAssertLessThan(worst.error, tolerance, "at x = \(worst.at)")
    }

    /// The roots below -1 are not treated specially: there only the absolute error is
    /// small (a few ulps of the O(1) terms that cancel); the relative error grows as
    /// 1/|x - root|. Points from mpmath (roots by findroot, then mp.digamma).
    func testNearLowerNegativeRootsAbsoluteAccuracy() {
        let rows: [(x: Double, psi: Double)] = [
            (-1.5734984731623904, 1.5649788481838453367e-16),  // root in (-2, -1)
            (-1.5734984631623905, 9.9415134931287688199e-8),
            (-1.5744984731623903, -0.0099493561768242256183),
            (-1.5724984731623906, 0.0099337508792324298954),
            (-2.6107208684441447, -1.0720275936410002071e-15),  // root in (-3, -2)
            (-2.610720858444145, 1.0848328498368778587e-7),
            (-2.6117208684441446, -0.010861150842766880081),
            (-2.609720868444145, 0.010835609190967569178),
            (-3.635293366436901, -6.3548838940646862505e-16),  // root in (-4, -3)
            (-3.635293356436901, 1.1650939055911411077e-7),
            (-3.636293366436901, -0.011667941005212190367),
            (-3.6342933664369013, 0.011634064039089017856),
        ]
        var worstRelative = 0.0
        for row in rows {
            let got = digamma(row.x)
            XCTAssertLessThan(Swift.abs(got - row.psi), 1e-14, "x = \(row.x)")
            if Swift.abs(row.psi) > 1e-3 {
                XCTAssertLessThan(relativeError(got, row.psi), 1e-12, "x = \(row.x)")
            }
            worstRelative = Swift.max(worstRelative, relativeError(got, row.psi))
        }
        print("digamma: worst relative error near the roots below -1 (down to 1e-16 from them) \(worstRelative)")
    }

    func testClosedForms() {
        let eulerGamma = 0.57721566490153286061
        let ln2 = 0.69314718055994530942
        // ψ(1) = -γ, ψ(1/2) = -γ - 2 ln 2, ψ(n + 1) = -γ + H_n.
        XCTAssertLessThan(relativeError(digamma(1), -eulerGamma), 1e-15)
        XCTAssertLessThan(relativeError(digamma(0.5), -eulerGamma - 2 * ln2), 1e-15)
        let harmonic10 = 7381.0 / 2520.0
        XCTAssertLessThan(relativeError(digamma(11), -eulerGamma + harmonic10), 1e-15)
        // ψ(1/4) = -γ - π/2 - 3 ln 2.
        XCTAssertLessThan(relativeError(digamma(0.25), -eulerGamma - Double.pi / 2 - 3 * ln2), 1e-15)
    }

    func testRecurrenceAndReflectionIdentities() {
        for x in [0.3, 2.7, 5.5, 12.25, 40.0] {
            // ψ(x + 1) = ψ(x) + 1/x
            XCTAssertLessThan(relativeError(digamma(x + 1), digamma(x) + 1 / x), 1e-14, "x = \(x)")
        }
        for x in [0.1, 0.3, 0.45, 0.7, 0.85] {
            // ψ(1 - x) - ψ(x) = π cot(πx)
            let cot = 1 / Foundation.tan(Double.pi * x)
            XCTAssertLessThan(relativeError(digamma(1 - x) - digamma(x), Double.pi * cot), 1e-13, "x = \(x)")
        }
    }

    func testLargeArgumentsFollowTheLogarithm() {
        // ψ(x) = ln x - 1/(2x) - 1/(12x²) + O(x⁻⁴).
        for x in [1e8, 1e15, 1e100, 1e300, Double.greatestFiniteMagnitude] {
            let expected = Foundation.log(x) - 0.5 / x - 1 / (12 * x * x)
            XCTAssertLessThan(relativeError(digamma(x), expected), 1e-15, "x = \(x)")
        }
    }

    func testPolesAndSpecialValues() {
        // As in SciPy: the negative integers give NaN, +0 and -0 their one-sided limits.
        for x in [-1.0, -2.0, -3.0, -50.0, -1e10, -4503599627370496.0, -1e300] {
            XCTAssertTrue(digamma(x).isNaN, "x = \(x) gave \(digamma(x))")
        }
        XCTAssertEqual(digamma(0.0), -.infinity)
        XCTAssertEqual(digamma(-0.0), .infinity)
        XCTAssertTrue(digamma(.nan).isNaN)
        XCTAssertTrue(digamma(-.infinity).isNaN)
        XCTAssertEqual(digamma(.infinity), .infinity)
        // Just off a pole ψ(x) ≈ -1/x: finite and huge with the right sign.
        XCTAssertLessThan(relativeError(digamma(1e-300), -1e300), 1e-15)
        XCTAssertLessThan(relativeError(digamma(-1e-300), 1e300), 1e-15)
        XCTAssertLessThan(relativeError(digamma(.leastNonzeroMagnitude), -1 / Double.leastNonzeroMagnitude), 1e-15)
    }
}
