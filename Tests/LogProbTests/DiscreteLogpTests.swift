// DiscreteLogpTests.swift — log-mass, log-CDF and quantiles of the discrete distributions against the mpmath/SciPy tables of DiscreteLogpReference.swift, plus boundaries, dtypes, broadcasting and invalid parameters.

import Foundation
import SwiftPPL
import XCTest
import _TestSupport

final class DiscreteLogpTests: XCTestCase {
    let rng = try! sharedRandomGenerator(seed: 7)

    enum Kind { case logp, logcdf, icdf }

    /// The random variable `name` with one parameter vector per parameter (one entry per row).
    func variable(_ name: String, _ columns: [[Double]]) throws -> Variable {
        try randomVariable(name, columns.map { constant(NDArray($0)) }, rng: rng).draw
    }

    func evaluateKind(_ kind: Kind, _ rv: Variable, at value: Variable) throws -> [Double] {
        let out: Variable
        switch kind {
        case .logp: out = try logp(rv, value)
        case .logcdf: out = try logcdf(rv, value)
        case .icdf: out = try icdf(rv, value)
        }
        return try evaluate([out])[0].doubles
    }

    /// Every row at once: values and parameter columns as vectors, compared elementwise.
    func checkRows(_ kind: Kind, _ name: String, values: [Double], columns: [[Double]], want: [Double],
                   tolerance: Double = 1e-10, file: StaticString = #filePath, line: UInt = #line) throws {
        let got = try evaluateKind(kind, variable(name, columns), at: constant(NDArray(values)))
        assertClose(got, want, tolerance, context: { i in "\(name) \(kind) at \(values[i]), parameters \(columns.map { $0[i] })" },
                    file: file, line: line)
    }

    /// -inf must match exactly; finite values to `tolerance` relative (absolute below 1).
    func assertClose(_ got: [Double], _ want: [Double], _ tolerance: Double, context: (Int) -> String = { "row \($0)" },
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, want.count, file: file, line: line)
        for (i, (g, w)) in zip(got, want).enumerated() {
            if w.isInfinite || w.isNaN {
                XCTAssertTrue(g == w || (g.isNaN && w.isNaN), "\(context(i)): got \(g), want \(w)", file: file, line: line)
            } else {
                XCTAssertEqual(g, w, accuracy: tolerance * Swift.max(1, Swift.abs(w)), "\(context(i))", file: file, line: line)
            }
        }
    }

    func testBinomial() throws {
        let lp = DiscreteReference.binomialLogp
        try checkRows(.logp, "binomial", values: lp.map(\.x), columns: [lp.map(\.n), lp.map(\.p)], want: lp.map(\.want))
    }

    func testBetaBinomial() throws {
        let lp = DiscreteReference.betaBinomialLogp
        try checkRows(.logp, "betabinom", values: lp.map(\.x), columns: [lp.map(\.n), lp.map(\.a), lp.map(\.b)], want: lp.map(\.want))
        let cdf = DiscreteReference.betaBinomialLogcdf
        try checkRows(.logcdf, "betabinom", values: cdf.map(\.x), columns: [cdf.map(\.n), cdf.map(\.a), cdf.map(\.b)],
                      want: cdf.map(\.want))
    }

    func testPoisson() throws {
        let lp = DiscreteReference.poissonLogp
        try checkRows(.logp, "poisson", values: lp.map(\.x), columns: [lp.map(\.mu)], want: lp.map(\.want))
    }

    func testNegativeBinomial() throws {
        let lp = DiscreteReference.negativeBinomialLogp
        try checkRows(.logp, "nbinom", values: lp.map(\.x), columns: [lp.map(\.n), lp.map(\.p)], want: lp.map(\.want))
    }

    func testGeometric() throws {
        let lp = DiscreteReference.geometricLogp
        try checkRows(.logp, "geometric", values: lp.map(\.x), columns: [lp.map(\.p)], want: lp.map(\.want))
        let cdf = DiscreteReference.geometricLogcdf
        try checkRows(.logcdf, "geometric", values: cdf.map(\.x), columns: [cdf.map(\.p)], want: cdf.map(\.want))
        let q = DiscreteReference.geometricIcdf
        try checkRows(.icdf, "geometric", values: q.map(\.q), columns: [q.map(\.p)], want: q.map(\.want), tolerance: 0)
    }

    func testHypergeometric() throws {
        let lp = DiscreteReference.hypergeometricLogp
        let columns = [lp.map(\.good), lp.map(\.bad), lp.map(\.n)]
        try checkRows(.logp, "hypergeometric", values: lp.map(\.x), columns: columns, want: lp.map(\.want))
        let cdf = DiscreteReference.hypergeometricLogcdf
        try checkRows(.logcdf, "hypergeometric", values: cdf.map(\.x), columns: [cdf.map(\.good), cdf.map(\.bad), cdf.map(\.n)],
                      want: cdf.map(\.want))
    }

    func testDiscreteUniformAndIntegers() throws {
        let lp = DiscreteReference.discreteUniformLogp
        try checkRows(.logp, "discrete_uniform", values: lp.map(\.x), columns: [lp.map(\.lower), lp.map(\.upper)], want: lp.map(\.want))
        // integers(low, high) is discrete_uniform(low, high - 1).
        try checkRows(.logp, "integers", values: lp.map(\.x), columns: [lp.map(\.lower), lp.map { $0.upper + 1 }], want: lp.map(\.want))
        let cdf = DiscreteReference.discreteUniformLogcdf
        try checkRows(.logcdf, "discrete_uniform", values: cdf.map(\.x), columns: [cdf.map(\.lower), cdf.map(\.upper)],
                      want: cdf.map(\.want))
        try checkRows(.logcdf, "integers", values: cdf.map(\.x), columns: [cdf.map(\.lower), cdf.map { $0.upper + 1 }],
                      want: cdf.map(\.want))
        let q = DiscreteReference.discreteUniformIcdf
        try checkRows(.icdf, "discrete_uniform", values: q.map(\.q), columns: [q.map(\.lower), q.map(\.upper)], want: q.map(\.want),
                      tolerance: 0)
    }

    func testDiscreteWeibull() throws {
        let lp = DiscreteReference.discreteWeibullLogp
        try checkRows(.logp, "discrete_weibull", values: lp.map(\.x), columns: [lp.map(\.q), lp.map(\.beta)], want: lp.map(\.want))
        let cdf = DiscreteReference.discreteWeibullLogcdf
        try checkRows(.logcdf, "discrete_weibull", values: cdf.map(\.x), columns: [cdf.map(\.q), cdf.map(\.beta)], want: cdf.map(\.want))
    }

    func testBernoulli() throws {
        // Closed forms: log p at 1, log(1 - p) at 0, -inf elsewhere.
        let p = [0.3, 0.0, 1.0, 1e-300, 0.3, 0.3, 0.3]
        let x = [1.0, 1.0, 0.0, 0.0, 0.5, -1.0, 2.0]
        let want = [Foundation.log(0.3), -.infinity, -.infinity, -1e-300, -.infinity, -.infinity, -.infinity]
        try checkRows(.logp, "bernoulli", values: x, columns: [p], want: want)
        try checkRows(.logcdf, "bernoulli", values: [-0.5, 0, 0.5, 1, 7], columns: [[0.3, 0.3, 0.3, 0.3, 0.3]],
                      want: [-.infinity, Foundation.log(0.7), Foundation.log(0.7), 0, 0])
        // Quantiles: 0 up to 1 - p, then 1; -1 at q = 0 (SciPy's ppf), NaN outside [0, 1].
        try checkRows(.icdf, "bernoulli", values: [0, 0.5, 0.7, 0.71, 1, 1.5], columns: [[0.3, 0.3, 0.3, 0.3, 0.3, 0.3]],
                      want: [-1, 0, 0, 1, 1, .nan], tolerance: 0)
    }

    func testDiracDelta() throws {
        let rv = try variable("diracdelta", [[2.5, 2.5, 2.5]])
        XCTAssertEqual(try evaluateKind(.logp, rv, at: constant(NDArray([2.5, 2.0, 3.0]))), [0, -.infinity, -.infinity])
        XCTAssertEqual(try evaluateKind(.logcdf, rv, at: constant(NDArray([2.0, 2.5, 3.0]))), [-.infinity, 0, 0])
    }

    func testIntegerValuesMatchFloatValues() throws {
        // Values given as int64 (what draws of discrete variables are) give the same numbers.
        let cases: [(String, [Double])] = [("binomial", [12, 0.4]), ("poisson", [3.5]), ("nbinom", [2.5, 0.4]),
                                           ("geometric", [0.2]), ("betabinom", [9, 2, 3]), ("hypergeometric", [5, 6, 4]),
                                           ("bernoulli", [0.7]), ("discrete_uniform", [-2, 6]), ("discrete_weibull", [0.6, 1.3])]
        let ints: [Int64] = [-1, 0, 1, 2, 3, 4, 9]
        for (name, params) in cases {
            let rv = try randomVariable(name, params.map { constant($0) }, rng: rng).draw
            let asInt = constant(NDArray(ints))
            let asFloat = constant(NDArray(ints.map(Double.init)))
            for kind in ["binomial", "poisson", "nbinom"].contains(name) ? [Kind.logp] : [Kind.logp, .logcdf] {
                XCTAssertEqual(try evaluateKind(kind, rv, at: asInt), try evaluateKind(kind, rv, at: asFloat), "\(name) \(kind)")
            }
        }
    }

    func testBroadcastingParametersAgainstValues() throws {
        // A (2, 1) column of n against a (3,) row of values gives a (2, 3) table.
        let n = constant(try NDArray([5.0, 8.0], shape: [2, 1]))
        let rv = try randomVariable("binomial", [n, constant(0.25)], rng: rng).draw
        XCTAssertEqual(rv.type.shape, [2, 1])
        let table = try evaluate([logp(rv, constant(NDArray([0.0, 3.0, 6.0])))])[0]
        XCTAssertEqual(table.shape, [2, 3])
        let want = [[5.0, 0], [5, 3], [5, 6], [8, 0], [8, 3], [8, 6]].map { row -> Double in
            let (nn, k) = (row[0], row[1])
            guard k <= nn else { return -.infinity }
            return lgamma(nn + 1) - lgamma(k + 1) - lgamma(nn - k + 1) + k * Foundation.log(0.25) + (nn - k) * Foundation.log(0.75)
        }
        assertClose(table.doubles, want, 1e-12)
    }

    func testInvalidParametersRaisePyMCMessages() throws {
        let cases: [(String, [Double], String)] = [
            ("bernoulli", [1.5], "0 <= p <= 1"),
            ("binomial", [-1, 0.5], "n >= 0, 0 <= p <= 1"),
            ("binomial", [4, 1.2], "n >= 0, 0 <= p <= 1"),
            ("binomial", [4.5, 0.2], "n is a whole number"),
            ("betabinom", [5, 0, 1], "n >= 0, alpha > 0, beta > 0"),
            ("poisson", [-0.1], "mu >= 0"),
            ("nbinom", [0, 0.5], "0 <= p <= 1, n > 0"),
            ("nbinom", [2, -0.5], "0 <= p <= 1, n > 0"),
            ("geometric", [1.01], "0 <= p <= 1"),
            ("hypergeometric", [2, 3, 9], "lower <= upper"),
            ("discrete_uniform", [3, 1], "lower <= upper"),
            ("discrete_uniform", [0.5, 4], "lower and upper are whole numbers"),
            ("integers", [3, 3], "low < high"),
            ("discrete_weibull", [1.0, 2], "0 < q < 1, beta > 0"),
            ("discrete_weibull", [0.5, 0], "0 < q < 1, beta > 0"),
        ]
        for (name, params, message) in cases {
            let rv = try randomVariable(name, params.map { constant($0) }, rng: rng).draw
            assertThrows(.value, [message]) { _ = try self.evaluateKind(.logp, rv, at: constant(1.0)) }
            if !["hypergeometric", "binomial", "poisson", "nbinom"].contains(name) {
                assertThrows(.value, [message]) { _ = try self.evaluateKind(.logcdf, rv, at: constant(1.0)) }
            }
        }
        let hyper = try randomVariable("hypergeometric", [constant(2.0), constant(3.0), constant(9.0)], rng: rng).draw
        assertThrows(.value, ["N > 0, 0 <= good <= N, 0 <= n <= N"]) { _ = try self.evaluateKind(.logcdf, hyper, at: constant(1.0)) }
        let geometric = try randomVariable("geometric", [constant(-0.2)], rng: rng).draw
        assertThrows(.value, ["0 <= p <= 1"]) { _ = try self.evaluateKind(.icdf, geometric, at: constant(0.5)) }
    }

    func testSummedLogCDFOverArraysAndItsLimit() throws {
        // PyMC's beta-binomial logcdf takes one value; here a (2, 3) array with a (2, 1)
        // column of n, each element against the mpmath table.
        let rows = DiscreteReference.betaBinomialLogcdf.filter { $0.a == 2.5 && $0.b == 4 }
        let n = rows[0].n
        let values = try NDArray(rows.prefix(6).map(\.x), shape: [2, 3])
        let rv = try randomVariable("betabinom", [constant(try NDArray([n, n], shape: [2, 1])), constant(2.5), constant(4.0)],
                                    rng: rng).draw
        let got = try evaluate([logcdf(rv, constant(values))])[0]
        XCTAssertEqual(got.shape, [2, 3])
        assertClose(got.doubles, rows.prefix(6).map(\.want), 1e-10)
        // A value needing 10^7 or more masses raises instead of allocating them.
        let huge = try randomVariable("betabinom", [constant(1e9), constant(2.0), constant(3.0)], rng: rng).draw
        assertThrows(.value, ["betabinom logcdf", "10000000"]) { _ = try self.evaluateKind(.logcdf, huge, at: constant(5e8)) }
    }
}
