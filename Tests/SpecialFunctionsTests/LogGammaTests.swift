// LogGammaTests.swift — log|Γ(x)| against mpmath (log(abs(gamma(x))) at 60 digits) and closed forms.

import Foundation
import SpecialFunctions
import XCTest

final class LogGammaTests: XCTestCase {
    func testMatchesMpmath() {
        let rows: [(x: Double, want: Double)] = [
            (1e-300, 690.77552789821370518),
            (1e-10, 23.025850929882735237),
            (0.1, 2.252712651734205902),
            (0.5, 0.57236494292470008707),
            (0.9, 0.066376239734742954426),
            (0.999, 0.00057803853289138023817),
            (1.001, -0.00057639359828330615152),
            (1.5, -0.12078223763524522235),
            (1.999, -0.00042246180069210728418),
            (2.001, 0.00042310673480011699119),
            (2.5, 0.28468287047291915963),
            (3, 0.69314718055994530942),
            (7.5, 7.5343642367587329552),
            (10, 12.801827480081469611),
            (100, 359.13420536957539878),
            (1e5, 1051287.7089736568949),
            (1e10, 220258509288.81058147),
            (1e100, 2.2925850929940457206e+102),
            (1e300, 6.8977552789821374147e+302),
            (-0.5, 1.2655121234846453965),
            (-1.5, 0.86004701537648101451),
            (-2.5, -0.056243716497674050673),
            (-10.25, -14.203997900931090652),
            (-100.5, -364.90096830942735182),
        ]
        var worst = 0.0
        for row in rows {
            let e = relativeError(logGamma(row.x), row.want)
            worst = Swift.max(worst, e)
            XCTAssertLessThan(e, 1e-14, "logGamma(\(row.x)) = \(logGamma(row.x)), want \(row.want)")
        }
        print("logGamma: worst relative error \(worst) over \(rows.count) reference points")
    }

    func testExactValuesAndPoles() {
        // Γ(1) = Γ(2) = 1 and Γ(n) = (n-1)!.
        XCTAssertEqual(logGamma(1), 0)
        XCTAssertEqual(logGamma(2), 0)
        XCTAssertLessThan(relativeError(logGamma(6), Foundation.log(120)), 1e-15)
        XCTAssertLessThan(relativeError(logGamma(21), Foundation.log(2432902008176640000)), 1e-15)
        // Γ(1/2) = √π.
        XCTAssertLessThan(relativeError(logGamma(0.5), 0.5 * Foundation.log(Double.pi)), 1e-15)
        // Poles: |Γ| is infinite.
        for x in [0.0, -1.0, -2.0, -100.0] {
            XCTAssertEqual(logGamma(x), .infinity, "x = \(x)")
        }
        XCTAssertEqual(logGamma(.infinity), .infinity)
        XCTAssertTrue(logGamma(.nan).isNaN)
    }
}
