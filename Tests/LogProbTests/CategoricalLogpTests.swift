// CategoricalLogpTests.swift — categorical, ordered logistic and ordered probit: log-mass and log-CDF against closed forms and the mpmath tables, gradients, draws against their probabilities.

import Foundation
import SwiftPPL
import XCTest
import _TestSupport

final class CategoricalLogpTests: XCTestCase {
    let rng = try! sharedRandomGenerator(seed: 11)

    func values(_ v: Variable) throws -> [Double] { try evaluate([v])[0].doubles }

    func assertClose(_ got: [Double], _ want: [Double], _ tolerance: Double = 1e-12, _ what: String = "",
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, want.count, file: file, line: line)
        for (i, (g, w)) in zip(got, want).enumerated() {
            if w.isInfinite {
                XCTAssertEqual(g, w, "\(what) [\(i)]", file: file, line: line)
            } else {
                XCTAssertEqual(g, w, accuracy: tolerance * Swift.max(1, Swift.abs(w)), "\(what) [\(i)]", file: file, line: line)
            }
        }
    }

    func testCategoricalLogpAndLogcdf() throws {
        let p = [0.1, 0.6, 0.3]
        let rv = try randomVariable("categorical", [constant(NDArray(p))], rng: rng).draw
        let at = constant(NDArray([0.0, 1, 2, 3, -1, 1.5]))
        assertClose(try values(logp(rv, at)), [Foundation.log(0.1), Foundation.log(0.6), Foundation.log(0.3),
                                               -.infinity, -.infinity, -.infinity])
        // Values as int64 too.
        assertClose(try values(logp(rv, constant(NDArray([Int64(2), 0])))), [Foundation.log(0.3), Foundation.log(0.1)])
        assertClose(try values(logcdf(rv, at)), [Foundation.log(0.1), Foundation.log(0.7), 0, 0, -.infinity, Foundation.log(0.7)])
    }

    func testCategoricalBatchOfProbabilityVectors() throws {
        // Two rows of probabilities, one value per row; and one value broadcast to both rows.
        let p = try NDArray([0.2, 0.8, 0.0, 0.5, 0.25, 0.25], shape: [2, 3])
        let rv = try randomVariable("categorical", [constant(p)], rng: rng).draw
        XCTAssertEqual(rv.type.shape, [2])
        assertClose(try values(logp(rv, constant(NDArray([1.0, 2.0])))), [Foundation.log(0.8), Foundation.log(0.25)])
        assertClose(try values(logp(rv, constant(2.0))), [-.infinity, Foundation.log(0.25)])
    }

    func testCategoricalChecksProbabilities() throws {
        for bad in [[0.5, 0.6], [-0.1, 1.1], [0.3, 0.3]] {
            let rv = try randomVariable("categorical", [constant(NDArray(bad))], rng: rng).draw
            assertThrows(.value, ["0 <= p <= 1, sum(p) = 1"]) { _ = try self.values(logp(rv, constant(0.0))) }
        }
    }

    /// The rows of a reference table grouped by (eta, cutpoints[, sigma]): K = 4 log-probabilities each.
    func groups<Row>(_ rows: [Row], key: (Row) -> [Double], want: (Row) -> Double) -> [([Double], [Double])] {
        var out: [([Double], [Double])] = []
        for row in rows {
            if let last = out.last, last.0 == key(row) {
                out[out.count - 1].1.append(want(row))
            } else {
                out.append((key(row), [want(row)]))
            }
        }
        return out
    }

    func testOrderedLogisticAgainstMpmath() throws {
        let table = groups(DiscreteReference.orderedLogisticLogp, key: { [$0.eta, $0.c0, $0.c1, $0.c2] }, want: \.want)
        for (key, want) in table {
            let eta = constant(key[0]), cutpoints = constant(NDArray(Array(key[1...])))
            let rv = try randomVariable("ordered_logistic", [eta, cutpoints], rng: rng).draw
            assertClose(try values(logp(rv, constant(NDArray([0.0, 1, 2, 3])))), want, 1e-12, "ordered_logistic \(key)")
            // The public probabilities are the same numbers.
            let p = try values(orderedLogisticProbabilities(eta: eta, cutpoints: cutpoints))
            assertClose(p, want.map(Foundation.exp), 1e-12, "probabilities \(key)")
            // log P(Y <= k) is the log of the summed probabilities.
            let cdf = try values(logcdf(rv, constant(NDArray([-1.0, 0, 1, 2, 3]))))
            var running = -Double.infinity
            var expected = [-Double.infinity]
            for w in want {
                running = Swift.max(running, w) + Foundation.log1p(Foundation.exp(-Swift.abs(running - w)))
                expected.append(running)
            }
            expected[4] = 0
            assertClose(cdf, expected, 1e-12, "ordered_logistic logcdf \(key)")
        }
    }

    func testOrderedProbitAgainstMpmath() throws {
        let table = groups(DiscreteReference.orderedProbitLogp, key: { [$0.eta, $0.c0, $0.c1, $0.c2, $0.sigma] }, want: \.want)
        for (key, want) in table {
            let eta = constant(key[0]), cutpoints = constant(NDArray(Array(key[1...3]))), sigma = constant(key[4])
            let rv = try randomVariable("ordered_probit", [eta, cutpoints, sigma], rng: rng).draw
            assertClose(try values(logp(rv, constant(NDArray([0.0, 1, 2, 3])))), want, 1e-10, "ordered_probit \(key)")
            let p = try values(orderedProbitProbabilities(eta: eta, cutpoints: cutpoints, sigma: sigma))
            assertClose(p, want.map(Foundation.exp), 1e-10, "probabilities \(key)")
        }
    }

    func testOrderedBatchesAndChecks() throws {
        // A vector of eta against one set of cutpoints: (3, K) probabilities summing to 1.
        let eta = constant(NDArray([-2.0, 0.0, 3.0]))
        let cutpoints = constant(NDArray([-1.0, 0.5, 2.0]))
        let p = try evaluate([orderedLogisticProbabilities(eta: eta, cutpoints: cutpoints)])[0]
        XCTAssertEqual(p.shape, [3, 4])
        for row in 0..<3 { XCTAssertEqual(p.doubles[(4 * row)..<(4 * row + 4)].reduce(0, +), 1, accuracy: 1e-14) }
        let rv = try randomVariable("ordered_logistic", [eta, cutpoints], rng: rng).draw
        XCTAssertEqual(rv.type.shape, [3])
        XCTAssertEqual(try values(logp(rv, constant(NDArray([0.0, 4.0, 1.5]))))[1...], [-.infinity, -.infinity])
        // Unsorted cutpoints and a non-positive sigma raise.
        let unsorted = constant(NDArray([0.5, -1.0]))
        assertThrows(.value, ["cutpoints are sorted"]) {
            _ = try self.values(orderedLogisticLogProbabilities(eta: constant(0.0), cutpoints: unsorted))
        }
        let probit = try randomVariable("ordered_probit", [constant(0.0), cutpoints, constant(-1.0)], rng: rng).draw
        assertThrows(.value, ["sigma > 0"]) { _ = try self.values(logp(probit, constant(1.0))) }
        // Drawing checks the same things.
        let badDraw = try randomVariable("ordered_logistic", [constant(0.0), unsorted], rng: rng).draw
        assertThrows(.value, ["ordered_logistic_rv", "sorted"]) { _ = try self.values(badDraw) }
    }

    func testOrderedGradientsAreFiniteAndMatchFiniteDifferences() throws {
        let eta = vector("eta"), cutpoints = vector("cutpoints")
        let y = constant(NDArray([0.0, 1, 2, 3, 2]))
        let etaValue = NDArray([0.3, -2.0, 1.5, 4.0, -0.7])
        let cutValue = NDArray([-1.0, 0.4, 2.2])
        try checkGradient([eta, cutpoints], [etaValue, cutValue]) { v in
            let rv = try randomVariable("ordered_logistic", [v[0], v[1]], rng: self.rng).draw
            return try logp(rv, y)
        }
        try checkGradient([eta, cutpoints], [etaValue, cutValue]) { v in
            let rv = try randomVariable("ordered_probit", [v[0], v[1], constant(1.7)], rng: self.rng).draw
            return try logp(rv, y)
        }
        // Far in the tails the gradient stays finite (PyMC's difference of sigmoids gives log 0 there).
        let rv = try randomVariable("ordered_logistic", [eta, constant(NDArray([-1.0, 1.0]))], rng: rng).draw
        let total = try sum(logp(rv, constant(NDArray([2.0, 0.0]))))
        let g = try evaluate([grad(total, wrt: [eta])[0]], givens: [eta: NDArray([-60.0, 60.0])])[0].doubles
        XCTAssertTrue(g.allSatisfy(\.isFinite), "\(g)")
        XCTAssertEqual(g[0], 1, accuracy: 1e-12)
        XCTAssertEqual(g[1], -1, accuracy: 1e-12)
    }

    func testOrderedDrawsFollowTheirProbabilities() throws {
        // Chi-square of 10^5 draws against the model's probabilities (3 degrees of freedom;
        // the 1e-4 critical value is 21.1).
        let cutpoints = constant(NDArray([-1.0, 0.5, 2.0]))
        for (name, params) in [("ordered_logistic", [constant(0.3), cutpoints]),
                               ("ordered_probit", [constant(0.3), cutpoints, constant(1.5)])] {
            let rv = try randomVariable(name, params, size: [100_000], rng: rng).draw
            let draws = try evaluate([rv])[0]
            XCTAssertEqual(draws.dtype, .int64)
            var counts = [Double](repeating: 0, count: 4)
            for i in 0..<draws.count { counts[Int(draws.int64(flat: i))] += 1 }
            let single = try randomVariable(name, params, rng: rng).draw
            let p = try values(logp(single, constant(NDArray([0.0, 1, 2, 3])))).map(Foundation.exp)
            let chi2 = zip(counts, p).map { c, q in (c - 1e5 * q) * (c - 1e5 * q) / (1e5 * q) }.reduce(0, +)
            XCTAssertLessThan(chi2, 21.1, "\(name): counts \(counts), probabilities \(p)")
        }
    }
}
