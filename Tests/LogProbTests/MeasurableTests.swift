// MeasurableTests.swift — densities derived through measurable operations, checked against closed forms written out here.

import Foundation
import SwiftPPL
import XCTest
import _TestSupport

final class MeasurableTests: MeasurableTestCase {
    func testNormalAtValue() throws {
        let x = try normal(1, 2)
        let v = scalar("v")
        let lp = try logp(x, v)
        for at in [-3.0, 0, 1, 7.5] {
            assertClose(try values(lp, [v: NDArray(scalar: at)]), [normalLogpdf(at, 1, 2)])
        }
        assertThrows(.value, ["sigma > 0"]) {
            _ = try self.values(logp(self.normal(0, -1), constant(0.0)))
        }
    }

    func testExpLogAffineAndNegation() throws {
        let z = try normal(0.5, 1.5)
        let v = scalar("v")
        // exp: the log-normal, log N(log y) - log y; -inf for y <= 0.
        let ln = try logp(exp(z), v)
        for y in [0.1, 1.0, 4.0] {
            assertClose(try values(ln, [v: NDArray(scalar: y)]), [normalLogpdf(Foundation.log(y), 0.5, 1.5) - Foundation.log(y)])
        }
        XCTAssertEqual(try values(ln, [v: NDArray(scalar: -1.0)]), [-Double.infinity])
        // 3 + 2 z is N(4, 3); -z is N(-0.5, 1.5); z / 4 is N(0.125, 0.375).
        assertClose(try values(logp(3.0 + 2.0 * z, v), [v: NDArray(scalar: 2.2)]), [normalLogpdf(2.2, 4, 3)])
        assertClose(try values(logp(neg(z), v), [v: NDArray(scalar: 0.3)]), [normalLogpdf(0.3, -0.5, 1.5)])
        assertClose(try values(logp(z / 4.0, v), [v: NDArray(scalar: 0.3)]), [normalLogpdf(0.3, 0.125, 0.375)])
        // log of a log-normal draw is the normal again.
        assertClose(try values(logp(log(exp(z)), v), [v: NDArray(scalar: 0.7)]), [normalLogpdf(0.7, 0.5, 1.5)])
    }

    func testCumsumConcatenateAndStack() throws {
        // cumsum of 10 unit normals at 0, 1, ..., 9: the first at 0, the rest at 1.
        let walk = try cumsum(normal(0, 1, size: [10]), axis: 0)
        let lp = try values(logp(walk, constant(NDArray((0..<10).map(Double.init)))))
        assertClose(lp, [normalLogpdf(0, 0, 1)] + Array(repeating: normalLogpdf(1, 0, 1), count: 9))
        // concatenate a N(0, 1) of size 3 with a N(0, 2) of size 4.
        let joined = try concatenate([normal(0, 1, size: [3]), normal(0, 2, size: [4])])
        let at = (0..<7).map { 0.3 * Double($0) - 1 }
        assertClose(try values(logp(joined, constant(NDArray(at)))),
                    at.enumerated().map { normalLogpdf($1, 0, $0 < 3 ? 1 : 2) })
        // stack of two scalars (expand_dims then join).
        let stacked = try stack([normal(0, 1), normal(5, 1)])
        assertClose(try values(logp(stacked, constant(NDArray([0.5, 4.0])))), [normalLogpdf(0.5, 0, 1), normalLogpdf(4, 5, 1)])
    }

    func testConditionalLogpReplacesValuedVariables() throws {
        // mu ~ N(0, 1), y ~ N(mu, 1) of size 3, observed; y's density uses mu's value.
        let mu = try normal(0, 1)
        let y = try randomVariable("normal", [mu, constant(1.0)], size: [3], rng: rng).draw
        let muValue = scalar("mu_value")
        let observed = constant(NDArray([0.1, 0.4, -0.2]))
        let terms = try conditionalLogp([(mu, muValue), (y, observed)])
        let m = 0.3
        assertClose(try values(terms[0], [muValue: NDArray(scalar: m)]), [normalLogpdf(m, 0, 1)])
        assertClose(try values(terms[1], [muValue: NDArray(scalar: m)]), [0.1, 0.4, -0.2].map { normalLogpdf($0, m, 1) })
        // The graph no longer draws mu.
        XCTAssertFalse(ancestors([terms[1]]).contains(mu))
        let total = try jointLogp([(mu, muValue), (y, observed)])
        assertClose(try values(total, [muValue: NDArray(scalar: m)]),
                    [normalLogpdf(m, 0, 1) + [0.1, 0.4, -0.2].map { normalLogpdf($0, m, 1) }.reduce(0, +)])
    }

    func testUnderivableGraphsNameTheVariable() throws {
        let x = try normal(0, 1), y = try normal(0, 1)
        x.name = "x"
        assertThrows(.notImplemented, ["2 random inputs"]) { _ = try logp(x + y, constant(0.0)) }
        assertThrows(.notImplemented, ["'x'"]) { _ = try logp(try sin(x), constant(0.0)) }
        assertThrows(.value, ["does not depend on any random variable"]) { _ = try logp(constant(1.0), constant(0.0)) }
        assertThrows(.value, ["repeating its draws"]) {
            _ = try logp(x + constant(NDArray([1.0, 2.0])), constant(NDArray([0.0, 0.0])))
        }
    }
}

final class PlannedLogpTests: XCTestCase {
    /// A logp graph with parameter checks runs planned, and a failing check still raises there.
    func testCheckedLogpIsPlanned() throws {
        let rng = try sharedRandomGenerator(seed: 2)
        let sigma = scalar("sigma"), v = vector("v")
        let x = try randomVariable("normal", [constant(0.0), sigma], size: [3], rng: rng).draw
        let f = try Function(inputs: [sigma, v], outputs: [try sum(logp(x, v))])
        let at = NDArray([0.1, -0.4, 2.0])
        let first = try f([NDArray(scalar: 1.5), at])[0].double(flat: 0)
        let second = try f([NDArray(scalar: 1.5), at])[0].double(flat: 0)
        XCTAssertEqual(first, second)
        XCTAssertEqual(f.planCount, 1)
        let expected = [0.1, -0.4, 2.0].map { -0.5 * ($0 / 1.5) * ($0 / 1.5) - Foundation.log(1.5) - 0.5 * Foundation.log(2 * Double.pi) }
        XCTAssertEqual(first, expected.reduce(0, +), accuracy: 1e-13)
        assertThrows(.value, ["sigma > 0"]) { _ = try f([NDArray(scalar: -1.0), at]) }
        // The planned call still works after the failure.
        XCTAssertEqual(try f([NDArray(scalar: 1.5), at])[0].double(flat: 0), first)
    }
}
