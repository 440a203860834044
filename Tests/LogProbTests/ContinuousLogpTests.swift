// ContinuousLogpTests.swift — the continuous distributions' logp, logcdf and icdf against the mpmath/SciPy table in ContinuousReference.swift, PyMC's parameter messages, broadcasting, and gradients by finite differences.

import Foundation
import SwiftPPL
import XCTest
import _TestSupport

final class ContinuousLogpTests: XCTestCase {
    /// One distribution function at one parameter row, with its points.
    struct Group {
        let dist: String
        let kind: String
        let params: [Double]
        var points: [(x: Double, expected: Double)]
    }

    /// The reference table, grouped by (distribution, function, parameters) in table order.
    static let groups: [Group] = {
        var groups: [Group] = []
        for line in ContinuousReference.table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 5, let x = Double(fields[3]), let expected = Double(fields[4]) else {
                fatalError("malformed reference line: \(line)")
            }
            let params = fields[2] == "-" ? [] : fields[2].split(separator: ",").map { Double($0)! }
            let (dist, kind) = (String(fields[0]), String(fields[1]))
            if let last = groups.last, last.dist == dist, last.kind == kind, last.params == params {
                groups[groups.count - 1].points.append((x, expected))
            } else {
                groups.append(Group(dist: dist, kind: kind, params: params, points: [(x, expected)]))
            }
        }
        return groups
    }()

    let rng = try! sharedRandomGenerator(seed: 7)

    func rv(_ name: String, _ params: [Variable]) throws -> Variable {
        try randomVariable(name, params, rng: rng).draw
    }

    /// The graph of `kind` for `rv` at `at`.
    func probability(_ kind: String, _ rv: Variable, _ at: Variable) throws -> Variable {
        switch kind {
        case "logp": return try logp(rv, at)
        case "logcdf": return try logcdf(rv, at)
        default: return try icdf(rv, at)
        }
    }

    /// Relative 1e-10; quantiles near 0 also pass within 1e-13 of the parameters' scale.
    static func agrees(_ got: Double, _ expected: Double, absolute: Double) -> Bool {
        if expected.isNaN { return got.isNaN }
        if expected.isInfinite { return got == expected }
        return Swift.abs(got - expected) <= 1e-10 * Swift.abs(expected) + absolute
    }

    func testReferenceTable() throws {
        XCTAssertGreaterThan(Self.groups.count, 200)
        var checked = 0
        for group in Self.groups {
            let label = "\(group.dist) \(group.kind)(\(group.params.map { "\($0)" }.joined(separator: ", ")))"
            let v = vector("v")
            let xs = group.points.map(\.x)
            let got: [Double]
            do {
                let out = try probability(group.kind, rv(group.dist, group.params.map { constant($0) }), v)
                got = try evaluate([out], givens: [v: NDArray(xs)])[0].doubles
            } catch {
                XCTFail("\(label): \(error)")
                continue
            }
            let scale = group.params.map { Swift.abs($0) }.filter(\.isFinite).max() ?? 1
            let absolute = group.kind == "icdf" ? 1e-13 * Swift.max(1, scale) : 0
            for (point, value) in zip(group.points, got) where !Self.agrees(value, point.expected, absolute: absolute) {
                XCTFail("\(label) at \(point.x): got \(value), expected \(point.expected)")
            }
            checked += xs.count
        }
        XCTAssertGreaterThan(checked, 1500)
    }

    /// Every distribution's table: each one has logp, and logcdf/icdf where listed.
    func testEveryContinuousDistributionIsInTheTable() {
        let names = Set(Self.groups.map(\.dist))
        for name in ["normal", "halfnormal", "truncated_normal", "t", "halfstudentt", "cauchy", "halfcauchy",
                     "exponential", "gamma", "invgamma", "beta", "kumaraswamy", "lognormal", "logit_normal", "uniform",
                     "flat", "halfflat", "laplace", "asymmetriclaplace", "weibull", "chisquare", "pareto", "wald",
                     "exgaussian", "gumbel", "logistic", "moyal", "rice", "skewnormal", "triangular", "vonmises"] {
            XCTAssertTrue(names.contains(name), name)
        }
    }

    /// PyMC's check_parameters messages, raised as ValueError when evaluated.
    func testInvalidParametersRaisePyMCMessages() throws {
        let cases: [(String, [Double], String, String)] = [
            ("normal", [0, -1], "logp", "sigma > 0"), ("normal", [0, 0], "logcdf", "sigma > 0"),
            ("normal", [0, -1], "icdf", "sigma > 0"),
            ("halfnormal", [0, -2], "logp", "sigma > 0"), ("halfnormal", [0, -2], "logcdf", "sigma > 0"),
            ("truncated_normal", [0, -1, 0, 1], "logp", "sigma > 0"),
            ("truncated_normal", [0, 1, 2, 1], "logp", "lower_bound <= upper_bound"),
            ("t", [-1, 0, 1], "logp", "lam > 0, nu > 0"), ("t", [1, 0, -1], "logcdf", "nu > 0, sigma > 0"),
            ("t", [0, 0, 1], "icdf", "nu > 0, sigma > 0"), ("halfstudentt", [-1, 1], "logcdf", "sigma > 0, nu > 0"),
            ("beta", [1, -1], "logcdf", "alpha > 0, beta > 0"), ("beta", [0, 1], "icdf", "alpha > 0, beta > 0"),
            ("halfstudentt", [1, -1], "logp", "sigma > 0, nu > 0"),
            ("cauchy", [0, -1], "logp", "beta > 0"), ("halfcauchy", [0, 0], "logp", "beta > 0"),
            ("exponential", [-1], "logp", "mu >= 0"), ("exponential", [-1], "logcdf", "lam >= 0"),
            ("gamma", [0, 1], "logp", "alpha > 0, beta > 0"), ("gamma", [1, -1], "logcdf", "alpha > 0, beta > 0"),
            ("gamma", [-1, 1], "icdf", "alpha > 0, beta > 0"), ("chisquare", [-1], "logcdf", "nu > 0"),
            ("invgamma", [-1, 1], "logp", "alpha > 0, beta > 0"), ("invgamma", [1, 0], "logcdf", "alpha > 0, beta > 0"),
            ("beta", [1, 0], "logp", "alpha > 0, beta > 0"), ("kumaraswamy", [-1, 1], "logp", "a > 0, b > 0"),
            ("lognormal", [0, -1], "logp", "sigma > 0"), ("logit_normal", [0, 0], "logp", "tau > 0"),
            ("uniform", [1, 0], "logp", "lower <= upper"), ("uniform", [1, 1], "icdf", "lower < upper"),
            ("laplace", [0, 0], "logp", "b > 0"), ("asymmetriclaplace", [1, -1, 0], "logp", "b > 0, kappa > 0"),
            ("weibull", [1, 0], "logp", "alpha > 0, beta > 0"), ("chisquare", [0], "logp", "nu > 0"),
            ("pareto", [1, -1], "logp", "alpha > 0, m > 0"), ("wald", [1, 1, -1], "logp", "mu > 0, lam > 0, alpha >= 0"),
            ("wald", [-1, 1, 0], "logcdf", "mu > 0, lam > 0, alpha >= 0"),
            ("exgaussian", [0, 1, 0], "logp", "nu > 0, sigma > 0"), ("exgaussian", [0, -1, 1], "logcdf", "sigma > 0, nu > 0"),
            ("gumbel", [0, -1], "logp", "beta > 0"), ("logistic", [0, 0], "logp", "s > 0"),
            ("moyal", [0, -1], "logp", "sigma > 0"), ("rice", [-1, 1], "logp", "sigma >= 0, b >= 0"),
            ("skewnormal", [0, -1, 1], "logp", "tau > 0"), ("triangular", [0, 2, 1], "logp", "lower <= c <= upper"),
            ("triangular", [1, 0, 2], "logcdf", "lower <= c <= upper"), ("vonmises", [0, -1], "logp", "kappa > 0"),
        ]
        for (name, params, kind, message) in cases {
            let out = try probability(kind, rv(name, params.map { constant($0) }), constant(0.5))
            assertThrows(.value, [message]) { _ = try evaluate([out]) }
        }
    }

    /// Vector parameters broadcast against a matrix of values, elementwise as the scalar rows.
    func testBroadcastingParametersAgainstValues() throws {
        let mu = constant(NDArray([0.0, 1.5, -2.0]))
        let sigma = constant(NDArray([1.0, 0.3, 40.0]))
        let values = try NDArray([-1.0, 0.0, 2.0, 0.5, 1.0, 7.0], shape: [2, 3])
        for kind in ["logp", "logcdf"] {
            let out = try probability(kind, rv("gumbel", [mu, sigma]), constant(values))
            let got = try evaluate([out])[0]
            XCTAssertEqual(got.shape, [2, 3])
            for (i, x) in values.doubles.enumerated() {
                let (m, s) = ([0.0, 1.5, -2.0][i % 3], [1.0, 0.3, 40.0][i % 3])
                let z = (x - m) / s
                let expected = kind == "logp" ? -z - Foundation.exp(-z) - Foundation.log(s) : -Foundation.exp(-z)
                XCTAssertEqual(got.doubles[i], expected, accuracy: 1e-13 * Swift.max(1, Swift.abs(expected)))
            }
        }
    }

    /// Interior points (value, parameters) at which each density's gradient is checked.
    static let interior: [(String, [Double], Double)] = [
        ("normal", [0.3, 1.7], 1.1), ("halfnormal", [0.5, 2.0], 1.3), ("truncated_normal", [0.2, 1.5, -1.0, 2.5], 0.4),
        ("t", [3.5, 0.5, 1.5], -0.8), ("halfstudentt", [2.5, 1.2], 0.9), ("cauchy", [0.5, 2.0], 1.7),
        ("halfcauchy", [0.0, 1.5], 0.6), ("exponential", [2.0], 1.3), ("gamma", [2.5, 0.7], 1.4),
        ("invgamma", [3.0, 2.0], 0.8), ("beta", [2.5, 3.5], 0.35), ("kumaraswamy", [2.0, 3.0], 0.45),
        ("lognormal", [0.2, 0.8], 1.5), ("logit_normal", [0.3, 1.2], 0.6),
        ("laplace", [0.5, 1.5], -0.4), ("asymmetriclaplace", [1.5, 0.7, 0.2], 0.9), ("weibull", [1.7, 2.0], 1.2),
        ("chisquare", [3.5], 2.2), ("pareto", [2.5, 1.2], 2.0), ("wald", [1.5, 2.0, 0.1], 1.3),
        ("exgaussian", [0.5, 1.2, 0.8], 1.1), ("gumbel", [0.5, 1.3], 1.8), ("logistic", [0.5, 1.3], -0.3),
        ("moyal", [0.5, 1.3], 1.1), ("rice", [1.5, 0.8], 1.4), ("skewnormal", [0.5, 1.3, 2.0], 0.2),
        ("triangular", [-1.0, 0.5, 2.0], 1.2), ("vonmises", [0.5, 2.5], 1.0),
    ]

    /// ±inf is no value of a proper continuous distribution: logp is -inf there, not NaN; the
    /// log-CDF is -inf at -inf and 0 at +inf.
    func testInfiniteValues() throws {
        let infinities = constant(NDArray([-Double.infinity, Double.infinity]))
        for (name, params, _) in Self.interior {
            let variable = try rv(name, params.map { constant($0) })
            XCTAssertEqual(try evaluate([logp(variable, infinities)])[0].doubles, [-.infinity, -.infinity], name)
            if !["rice", "skewnormal", "vonmises"].contains(name) {
                XCTAssertEqual(try evaluate([logcdf(variable, infinities)])[0].doubles, [-.infinity, 0], name)
            }
        }
    }

    /// The log-density's gradient with respect to the value and every parameter agrees with
    /// central finite differences, for every distribution.
    func testLogpGradientsMatchFiniteDifferences() throws {
        for (name, params, x) in Self.interior {
            let inputs = (0...params.count).map { scalar("p\($0)") }
            let values = ([x] + params).map { NDArray(scalar: $0) }
            try checkGradient(inputs, values, tolerance: 1e-6) { v in
                try logp(self.rv(name, Array(v.dropFirst())), v[0])
            }
        }
    }

    /// The uniform density does not depend on the value inside its support; its bounds' gradient
    /// is ±1/(upper - lower).
    func testUniformLogpGradientInTheBounds() throws {
        let (lower, upper) = (scalar("lower"), scalar("upper"))
        try checkGradient([lower, upper], [NDArray(scalar: -1.0), NDArray(scalar: 2.5)]) { v in
            try logp(self.rv("uniform", v), constant(0.3))
        }
    }

    /// The log-CDF's gradient with respect to the value and every parameter (the gamma and beta
    /// families' through the incomplete functions' shape derivatives).
    func testLogcdfGradientsMatchFiniteDifferences() throws {
        let withCDF = ["normal", "halfnormal", "truncated_normal", "cauchy", "halfcauchy", "exponential", "gamma",
                       "invgamma", "chisquare", "t", "halfstudentt", "beta", "kumaraswamy", "lognormal", "logit_normal",
                       "uniform", "laplace", "asymmetriclaplace", "weibull", "pareto", "wald", "exgaussian", "gumbel",
                       "logistic", "moyal", "triangular"]
        // The other branches of the CDFs on incomplete gamma and beta functions: the tails (the
        // last three where P, Q or I underflows and a series or continued fraction takes over).
        let tails: [(String, [Double], Double)] = [
            ("t", [3.5, 0.5, 1.5], -6.0), ("t", [3.5, 0.5, 1.5], 7.0), ("t", [0.7, 0.0, 1.0], 0.3),
            ("halfstudentt", [2.5, 1.2], 9.0), ("beta", [2.5, 3.5], 0.9), ("gamma", [2.5, 0.7], 5.0),
            ("invgamma", [3.0, 2.0], 0.2), ("chisquare", [3.5], 0.3), ("gamma", [300.0, 1.0], 10.0),
            ("invgamma", [3.0, 2.0], 0.002), ("beta", [300.0, 700.0], 0.01),
        ]
        for (name, params, x) in Self.interior.filter({ withCDF.contains($0.0) }) + tails {
            let inputs = (0...params.count).map { scalar("p\($0)") }
            let values = ([x] + params).map { NDArray(scalar: $0) }
            try checkGradient(inputs, values, tolerance: 1e-6) { v in
                try logcdf(self.rv(name, Array(v.dropFirst())), v[0])
            }
        }
    }
}
