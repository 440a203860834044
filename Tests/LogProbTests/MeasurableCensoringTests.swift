// MeasurableCensoringTests.swift — censoring (clip, maximum, minimum) and rounding of random variables against closed forms written out here.

import Foundation
import SwiftPPL
import XCTest
import _TestSupport

final class MeasurableCensoringTests: MeasurableTestCase {
    func testClipCollectsTheTailsAtTheBounds() throws {
        let x = try normal(0.5, 2)
        let v = scalar("v")
        let lp = try logp(clip(x, constant(-1.0), constant(1.5)), v)
        let cases: [(Double, Double)] = [
            (-1, normalLogcdf(-1, 0.5, 2)), (1.5, normalLogsf(1.5, 0.5, 2)), (0.2, normalLogpdf(0.2, 0.5, 2)),
            (-1.01, -.infinity), (1.6, -.infinity),
        ]
        for (at, expected) in cases { assertClose(try values(lp, [v: NDArray(scalar: at)]), [expected]) }
        // Bounds in the wrong order are an error in the model.
        assertThrows(.value, ["lower_bound <= upper_bound"]) {
            _ = try self.values(logp(clip(x, constant(2.0), constant(1.0)), constant(1.5)))
        }
    }

    func testOneSidedCensoring() throws {
        let x = try normal(0.5, 2)
        let v = scalar("v")
        // maximum(x, 0): mass F(0) at 0, nothing below.
        let left = try logp(maximum(x, constant(0.0)), v)
        assertClose(try values(left, [v: NDArray(scalar: 0)]), [normalLogcdf(0, 0.5, 2)])
        assertClose(try values(left, [v: NDArray(scalar: 3)]), [normalLogpdf(3, 0.5, 2)])
        XCTAssertEqual(try values(left, [v: NDArray(scalar: -0.1)]), [-.infinity])
        // minimum(1, x) and clip(x, x, 1) and clip(x, -inf, 1): mass 1 - F(1) at 1.
        for censored in [try minimum(constant(1.0), x), try clip(x, x, constant(1.0)), try clip(x, constant(-Double.infinity), constant(1.0))] {
            let lp = try logp(censored, v)
            assertClose(try values(lp, [v: NDArray(scalar: 1)]), [normalLogsf(1, 0.5, 2)])
            assertClose(try values(lp, [v: NDArray(scalar: -7)]), [normalLogpdf(-7, 0.5, 2)])
            XCTAssertEqual(try values(lp, [v: NDArray(scalar: 1.2)]), [-.infinity])
        }
    }

    func testCensoredLogcdfAndQuantile() throws {
        let x = try normal(0.5, 2)
        let y = try clip(x, constant(-1.0), constant(1.5))
        let v = scalar("v")
        let cdf = try logcdf(y, v)
        for (at, expected) in [(-1.5, -Double.infinity), (-1.0, normalLogcdf(-1, 0.5, 2)), (0.3, normalLogcdf(0.3, 0.5, 2)), (1.5, 0), (4, 0)] {
            assertClose(try values(cdf, [v: NDArray(scalar: at)]), [expected])
        }
        // The quantile of the censored variable is the clipped quantile: Q(0.5) = 0.5, Q(0.01) -> -1.
        let q = try icdf(y, v)
        assertClose(try values(q, [v: NDArray(scalar: 0.5)]), [0.5])
        assertClose(try values(q, [v: NDArray(scalar: 0.01)]), [-1])
        assertClose(try values(q, [v: NDArray(scalar: 0.99)]), [1.5])
    }

    func testDiscreteUpperBoundKeepsItsOwnMass() throws {
        // Geometric(0.3) on 1, 2, ... censored at 3: P(Y = 3) = P(G >= 3) = 0.7², P(Y = 1) = 0.3.
        let g = try rv("geometric", [0.3])
        let v = scalar("v", dtype: .int64)
        let lp = try logp(minimum(g, constant(3)), v)
        assertClose(try values(lp, [v: NDArray(scalar: Int64(3))]), [Foundation.log(0.49)])
        assertClose(try values(lp, [v: NDArray(scalar: Int64(1))]), [Foundation.log(0.3)])
        assertClose(try values(lp, [v: NDArray(scalar: Int64(2))]), [Foundation.log(0.7 * 0.3)])
        XCTAssertEqual(try values(lp, [v: NDArray(scalar: Int64(4))]), [-.infinity])
        XCTAssertEqual(try values(lp, [v: NDArray(scalar: Int64(0))]), [-.infinity])
    }

    func testRoundingDiscretizes() throws {
        let x = try normal(0.3, 1.7)
        let v = scalar("v")
        /// log(Φ(upper) - Φ(lower)) written out.
        func mass(_ lower: Double, _ upper: Double) -> Double {
            Foundation.log(Foundation.exp(normalLogcdf(upper, 0.3, 1.7)) - Foundation.exp(normalLogcdf(lower, 0.3, 1.7)))
        }
        let cases: [(Variable, [(Double, Double)])] = [
            (try elemwise(.round, x), [(0, mass(-0.5, 0.5)), (2, mass(1.5, 2.5)), (-3, mass(-3.5, -2.5))]),
            (try floor(x), [(0, mass(0, 1)), (-2, mass(-2, -1))]),
            (try ceil(x), [(0, mass(-1, 0)), (3, mass(2, 3))]),
            (try elemwise(.trunc, x), [(0, mass(-1, 1)), (2, mass(2, 3)), (-2, mass(-3, -2))]),
        ]
        for (rounded, points) in cases {
            let lp = try logp(rounded, v)
            for (at, expected) in points { assertClose(try values(lp, [v: NDArray(scalar: at)]), [expected], 1e-11) }
            XCTAssertEqual(try values(lp, [v: NDArray(scalar: 0.5)]), [-.infinity])
        }
        // Far in the lower tail the interval's mass keeps its digits: log(Φ(-29.5) - Φ(-30.5)) for N(0, 1).
        let tail = try logp(elemwise(.round, normal(0, 1)), constant(-30.0))
        let expected = normalLogcdf(-29.5, 0, 1) + Foundation.log(-Foundation.expm1(normalLogcdf(-30.5, 0, 1) - normalLogcdf(-29.5, 0, 1)))
        assertClose(try values(tail), [expected], 1e-10)
        // P(floor(X) <= 1.7) = P(X < 2).
        assertClose(try values(logcdf(floor(x), constant(1.7))), [normalLogcdf(2, 0.3, 1.7)])
    }
}
