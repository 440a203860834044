// MeasurableTalkTests.swift — the talk's "log-probability graphs conditioned on operations" section, step by step, against closed forms written out here.

import Foundation
import SwiftPPL
import XCTest
import _TestSupport

final class MeasurableTalkTests: MeasurableTestCase {
    /// log Beta(x; a, b) written out.
    func betaLogpdf(_ x: Double, _ a: Double, _ b: Double) -> Double {
        (a - 1) * Foundation.log(x) + (b - 1) * Foundation.log1p(-x) - (lgamma(a) + lgamma(b) - lgamma(a + b))
    }

    func testNormalAtAValueVariable() throws {
        let x = try normal(0, 1)
        let v = scalar("x_value")
        let lp = try logp(x, v)
        for at in [-1.5, 0, 0.75] { assertClose(try values(lp, [v: NDArray(scalar: at)]), [normalLogpdf(at, 0, 1)]) }
    }

    func testLogNormalFromExp() throws {
        // exp of a normal is scipy.stats.lognorm(s=1): log φ(log y) - log y.
        let y = try exp(normal(0, 1))
        let v = scalar("y_value")
        let lp = try logp(y, v)
        for at in [0.5, 1, 2.5] {
            assertClose(try values(lp, [v: NDArray(scalar: at)]), [normalLogpdf(Foundation.log(at), 0, 1) - Foundation.log(at)])
        }
    }

    func testLogBeta() throws {
        // log of a Beta(2, 5) variable: log Beta(e^y) + y, defined for y < 0.
        let y = try log(rv("beta", [2, 5]))
        let v = scalar("y_value")
        let lp = try logp(y, v)
        for at in [-2.0, -0.7, -0.05] {
            assertClose(try values(lp, [v: NDArray(scalar: at)]), [betaLogpdf(Foundation.exp(at), 2, 5) + at])
        }
        XCTAssertEqual(try values(lp, [v: NDArray(scalar: 0.5)]), [-Double.infinity])
    }

    func testCumsumOfTenUnitNormals() throws {
        let walk = try cumsum(normal(0, 1, size: [10]), axis: 0)
        let lp = try values(logp(walk, vectorValue((0..<10).map(Double.init))))
        assertClose(lp, [normalLogpdf(0, 0, 1)] + Array(repeating: normalLogpdf(1, 0, 1), count: 9))
    }

    func testConcatenateTwoNormals() throws {
        let joined = try concatenate([normal(0, 1, size: [3]), normal(0, 2, size: [4])])
        let at = [-1.0, 0.0, 1.0, -2.0, 0.5, 1.5, 3.0]
        assertClose(try values(logp(joined, vectorValue(at))), at.enumerated().map { normalLogpdf($1, 0, $0 < 3 ? 1 : 2) })
    }

    func testLogNormalRandomWalk() throws {
        // cumsum(concatenate([exp(N(0, 1))[None], N(0, 1, size=9)])) at 1..10: a log-normal
        // first point, then unit steps of the normal innovations.
        let initial = try exp(normal(0, 1))
        let innovations = try normal(0, 1, size: [9])
        let walk = try cumsum(concatenate([initial[.newAxis], innovations]), axis: 0)
        let lp = try values(logp(walk, vectorValue((1...10).map(Double.init))))
        assertClose(lp, [normalLogpdf(0, 0, 1) - Foundation.log(1)] + Array(repeating: normalLogpdf(1, 0, 1), count: 9))
    }

    func testDriftAndWalk() throws {
        // drift = -Exponential(1); walk = cumsum(N(drift, 1, size=10)); both conditioned.
        let drift = try neg(rv("exponential", [1]))
        let steps = try randomVariable("normal", [drift, constant(1.0)], size: [10], rng: rng).draw
        let walk = try cumsum(steps, axis: 0)
        let driftValue = scalar("drift_value"), walkValue = vector("walk_value")
        let terms = try conditionalLogp([(drift, driftValue), (walk, walkValue)])
        // drift 0: the exponential at 0 has log-density 0; the walk 1..10 has unit steps of N(0, 1).
        let up = (1...10).map(Double.init)
        let givens: [Variable: NDArray] = [driftValue: NDArray(scalar: 0.0), walkValue: NDArray(up)]
        assertClose(try values(terms[0], givens), [0])
        assertClose(try values(terms[1], givens), Array(repeating: normalLogpdf(1, 0, 1), count: 10))
        // drift -1: log-density -1; the walk -1..-10 steps by -1, the mean of each step.
        let down: [Variable: NDArray] = [driftValue: NDArray(scalar: -1.0), walkValue: NDArray(up.map { -$0 })]
        assertClose(try values(terms[0], down), [-1])
        assertClose(try values(terms[1], down), Array(repeating: normalLogpdf(0, 0, 1), count: 10))
        // A positive drift is impossible.
        XCTAssertEqual(try values(terms[0], [driftValue: NDArray(scalar: 0.5), walkValue: NDArray(up)]), [-Double.infinity])
    }
}
