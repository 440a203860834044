// MeasurableDiscreteTests.swift — maps of discrete random variables (shifts, scalings, negation, abs, powers) against the Poisson mass written out here.

import Foundation
import SwiftPPL
import XCTest
import _TestSupport

final class MeasurableDiscreteTests: MeasurableTestCase {
    let rate = 2.5

    /// log Poisson(k; rate), -inf off the non-negative integers.
    func poissonLogpmf(_ k: Double) -> Double {
        guard k >= 0, k == k.rounded() else { return -.infinity }
        return k * Foundation.log(rate) - rate - lgamma(k + 1)
    }

    func testShiftsAndScalingsMoveTheMass() throws {
        let x = try rv("poisson", [rate])
        let v = scalar("v")
        let shifted = try logp(x + constant(2), v)
        for at in [2.0, 5.0, 1.0, 3.5] { assertClose(try values(shifted, [v: NDArray(scalar: at)]), [poissonLogpmf(at - 2)]) }
        // A float scaling: the draw 3 * 0.1 = 0.30000000000000004 has the mass of 3; 0.25 none.
        let scaled = try logp(x * constant(0.1), v)
        assertClose(try values(scaled, [v: NDArray(scalar: 3 * 0.1)]), [poissonLogpmf(3)])
        XCTAssertEqual(try values(scaled, [v: NDArray(scalar: 0.25)]), [-.infinity])
        assertClose(try values(logp(neg(x), constant(-4.0))), [poissonLogpmf(4)])
    }

    func testCDFsThroughDiscreteMaps() throws {
        // Geometric(0.3) on 1, 2, ...: P(G <= k) = 1 - 0.7^floor(k) (the Poisson CDF needs the incomplete gamma).
        let g = try rv("geometric", [0.3])
        // Negation: P(-G <= -2) = P(G >= 2) = 0.7.
        assertClose(try values(logcdf(neg(g), constant(-2.0))), [Foundation.log(0.7)])
        // P(2 G + 1 <= 6.5) = P(G <= 2) = 1 - 0.49.
        assertClose(try values(logcdf(2.0 * g + 1.0, constant(6.5))), [Foundation.log(0.51)])
        // P(G - 1 <= 0) = P(G = 1) = 0.3.
        assertClose(try values(logcdf(g - constant(1), constant(0.0))), [Foundation.log(0.3)])
    }

    func testAbsAndPowersOfIntegers() throws {
        let centered = try rv("poisson", [rate]) - constant(3)
        let v = scalar("v", dtype: .int64)
        // |X - 3| = 0 only from X = 3; = 2 from X = 1 and X = 5.
        let folded = try logp(abs(centered), v)
        assertClose(try values(folded, [v: NDArray(scalar: Int64(0))]), [poissonLogpmf(3)])
        assertClose(try values(folded, [v: NDArray(scalar: Int64(2))]), [Foundation.log(Foundation.exp(poissonLogpmf(1)) + Foundation.exp(poissonLogpmf(5)))])
        // (X - 3)² = 4 from X = 1 and 5; 3 is no square.
        let squared = try logp(sqr(centered), v)
        assertClose(try values(squared, [v: NDArray(scalar: Int64(4))]), [Foundation.log(Foundation.exp(poissonLogpmf(1)) + Foundation.exp(poissonLogpmf(5)))])
        XCTAssertEqual(try values(squared, [v: NDArray(scalar: Int64(3))]), [-.infinity])
        // (X - 3)³ = -8 from X = 1 only.
        assertClose(try values(logp(pow(centered, constant(3)), v), [v: NDArray(scalar: Int64(-8))]), [poissonLogpmf(1)])
    }

    func testMapsThatLeaveTheLatticeAreRefused() throws {
        let x = try rv("poisson", [rate])
        x.name = "x"
        assertThrows(.notImplemented, ["exp of the discrete 'x'"]) { _ = try logp(exp(x), constant(1.0)) }
        // Rounding an integer changes nothing.
        assertClose(try values(logp(floor(x), constant(2))), [poissonLogpmf(2)])
    }
}
