// LogisticFamilyTests.swift — sigmoid, softplus, log1mexp and logAddExp at ordinary and extreme
// arguments. Reference values: mpmath 1.3 at 60 digits (1/(1+exp(-x)), log1p(exp(x)),
// log(-expm1(x)), log(exp(a)+exp(b))), printed to 20 significant digits.

import SpecialFunctions
import XCTest

final class LogisticFamilyTests: XCTestCase {
    typealias Row = (x: Double, want: Double)

    func check(_ name: String, _ f: (Double) -> Double, _ rows: [Row], tolerance: Double = 4e-16,
               file: StaticString = #filePath, line: UInt = #line) {
        var worst = 0.0
        for row in rows {
            let got = f(row.x)
            let e = relativeError(got, row.want)
            worst = Swift.max(worst, e)
            XCTAssertLessThanOrEqual(e, tolerance, "\(name)(\(row.x)) = \(got), want \(row.want)", file: file, line: line)
        }
        print("\(name): worst relative error \(worst) over \(rows.count) reference points")
    }

    func testSigmoid() {
        let rows: [Row] = [
            (-800, 0),  // 3.67e-348 underflows to 0
            (-700, 9.8596765437597708567e-305),
            (-40, 4.2483542552915889773e-18),
            (-37.5, 5.175555005801868267e-17),
            (-20, 2.0611536181902035814e-9),
            (-1, 0.26894142136999512075),
            (-1e-20, 0.5),
            (0, 0.5),
            (1e-20, 0.5),
            (0.5, 0.62245933120185456464),
            (1, 0.73105857863000487925),
            (20, 0.99999999793884638181),
            (36, 0.99999999999999976805),
            (40, 1),  // 1 - 4.2e-18 rounds to 1
            (710, 1),
            (800, 1),
        ]
        check("sigmoid", sigmoid, rows)
        XCTAssertEqual(sigmoid(.infinity), 1)
        XCTAssertEqual(sigmoid(-.infinity), 0)
        XCTAssertTrue(sigmoid(.nan).isNaN)
        // Symmetry σ(-x) = 1 - σ(x) where 1 - σ(x) is exact enough.
        for x in [0.25, 1.0, 3.0] {
            XCTAssertEqual(sigmoid(-x), 1 - sigmoid(x), accuracy: 2.5e-16)  // two ulps of 1
        }
    }

    func testSoftplus() {
        let rows: [Row] = [
            (-800, 0),
            (-700, 9.8596765437597708567e-305),
            (-40, 4.2483542552915889863e-18),
            (-37.5, 5.1755550058018684009e-17),
            (-37, 8.5330476257440654302e-17),
            (-36.9, 9.4304760785268073691e-17),
            (-20, 2.0611536203143807032e-9),
            (-1, 0.31326168751822283405),
            (-1e-20, 0.69314718055994530941),
            (0, 0.69314718055994530942),
            (1e-20, 0.69314718055994530942),
            (1, 1.313261687518222834),
            (17.9, 17.900000016831729134),
            (18, 18.000000015229979629),
            (18.1, 18.100000013780656875),
            (20, 20.00000000206115362),
            (33.2, 33.200000000000006657),
            (33.3, 33.300000000000000609),
            (33.4, 33.400000000000001702),
            (40, 40),
            (710, 710),
            (800, 800),
        ]
        check("softplus", softplus, rows)
        XCTAssertEqual(softplus(.infinity), .infinity)
        XCTAssertEqual(softplus(-.infinity), 0)
        XCTAssertTrue(softplus(.nan).isNaN)
    }

    func testLog1mexp() {
        let rows: [Row] = [
            (-800, 0),
            (-40, -4.2483542552915890044e-18),
            (-37, -8.5330476257440661583e-17),
            (-10, -0.000045400960370489209504),
            (-2, -0.14541345786885905697),
            (-1, -0.45867514538708189102),
            // Both sides of the switch at -ln 2.
            (-0.6931471805599454, -0.69314718055994522159),
            (-0.6931471805599453, -0.69314718055994533261),
            (-0.6931471805599452, -0.69314718055994544363),
            (-0.5, -0.93275212956718857189),
            (-1e-5, -11.512930464966061672),
            (-1e-10, -23.025850929990456804),
            (-1e-20, -46.051701859880913735),
            (-1e-300, -690.77552789821370518),
            (-Double.leastNonzeroMagnitude, -744.44007192138126231),  // -5e-324
        ]
        check("log1mexp", log1mexp, rows)
        XCTAssertEqual(log1mexp(0), -.infinity)
        XCTAssertEqual(log1mexp(-0.0), -.infinity)
        XCTAssertEqual(log1mexp(-.infinity), 0)
        XCTAssertTrue(log1mexp(1e-300).isNaN, "log(1 - e^x) is undefined for x > 0")
        XCTAssertTrue(log1mexp(1).isNaN)
        XCTAssertTrue(log1mexp(.nan).isNaN)
    }

    func testLogAddExp() {
        let rows: [(a: Double, b: Double, want: Double)] = [
            (800, 800, 800.69314718055994531),
            (800, -800, 800),
            (-800, -800, -799.30685281944005469),
            (0, 0, 0.69314718055994530942),
            (1e-20, -1e-20, 0.69314718055994530942),
            (-745, -746, -744.68673831248177717),
            (1, 2, 2.313261687518222834),
            (-1000, 0, 0),
            (700, 709, 709.00012340218972326),
            (-1e-20, 0, 0.69314718055994530941),
        ]
        for row in rows {
            XCTAssertLessThanOrEqual(relativeError(logAddExp(row.a, row.b), row.want), 4e-16, "(\(row.a), \(row.b))")
            XCTAssertEqual(logAddExp(row.a, row.b), logAddExp(row.b, row.a), "symmetric")
        }
        let inf = Double.infinity
        XCTAssertEqual(logAddExp(-inf, -inf), -inf)
        XCTAssertEqual(logAddExp(-inf, 3), 3)
        XCTAssertEqual(logAddExp(3, -inf), 3)
        XCTAssertEqual(logAddExp(inf, inf), inf)
        XCTAssertEqual(logAddExp(inf, -inf), inf)
        XCTAssertEqual(logAddExp(-inf, inf), inf)
        XCTAssertEqual(logAddExp(inf, 1), inf)
        XCTAssertTrue(logAddExp(.nan, 1).isNaN)
        XCTAssertTrue(logAddExp(1, .nan).isNaN)
        XCTAssertTrue(logAddExp(.nan, -inf).isNaN)
        XCTAssertTrue(logAddExp(-inf, .nan).isNaN)
        XCTAssertTrue(logAddExp(.nan, inf).isNaN)
    }
}
