// SwiftModelTests.swift — the Swift-native Model: registration, value variables, the joint log density against closed forms, forward draws, NUTS on a conjugate model.

import Foundation
import SwiftPPL
import XCTest

final class SwiftModelTests: XCTestCase {
    let data: [Double] = [2.1, 0.4, 1.7, 3.0, 1.2, 2.6, 0.9, 1.8]

    func conjugateModel() throws -> (Model, Variable) {
        let model = Model(seed: 3)
        let mu = try model.normal("mu", mu: 0.0, sigma: 10.0)
        try model.normal("y", mu: mu, sigma: 2.0, observed: NDArray(data))
        try model.deterministic("two_mu", 2.0 * mu)
        return (model, mu)
    }

    func testRegistrationAndLogDensity() throws {
        let (model, mu) = try conjugateModel()
        XCTAssertEqual(model.freeVariables, [mu])
        XCTAssertEqual(model.observedVariables.map(\.name), ["y"])
        XCTAssertEqual(model.valueVariables.map(\.name), ["mu"])
        XCTAssertTrue(model["two_mu"] != nil)
        XCTAssertEqual(try model.initialPoint()["mu"]?.doubles, [0.0])
        // The joint density at mu = 0.7 against the closed form.
        let f = try model.compileLogDensity()
        let (lp, g) = try f.evaluate([0.7])
        func normal(_ x: Double, _ m: Double, _ s: Double) -> Double {
            -0.5 * ((x - m) / s) * ((x - m) / s) - Foundation.log(s) - 0.5 * Foundation.log(2 * Double.pi)
        }
        let expected = normal(0.7, 0, 10) + data.reduce(0) { $0 + normal($1, 0.7, 2) }
        XCTAssertEqual(lp, expected, accuracy: 1e-12 * abs(expected))
        XCTAssertEqual(g[0], -0.7 / 100 + data.reduce(0) { $0 + ($1 - 0.7) / 4 }, accuracy: 1e-12)
        // Errors name the problem.
        XCTAssertThrowsError(try model.normal("mu")) { XCTAssertTrue("\($0)".contains("Variable name mu already exists"), "\($0)") }
        XCTAssertThrowsError(try model.normal("z", shape: [3], observed: NDArray([1.0, 2.0]))) {
            XCTAssertTrue("\($0)".contains("observed data of shape (2,)"), "\($0)")
        }
        XCTAssertThrowsError(try model.add("w", 2.0 * mu)) { XCTAssertTrue("\($0)".contains("expected the draw of a random variable"), "\($0)") }
    }

    func testPotentialAddsToTheDensity() throws {
        let model = Model()
        let x = try model.normal("x")
        try model.potential("pull", -0.5 * sqr(x))
        let (lp, _) = try model.compileLogDensity().evaluate([1.3])
        XCTAssertEqual(lp, -1.3 * 1.3 - 0.5 * Foundation.log(2 * Double.pi), accuracy: 1e-12)
    }

    func testBoundsThatDependOnAnotherVariable() throws {
        // mu ~ N(0, 1), x ~ Uniform(0, exp(mu)): at (mu, t) with x = exp(mu) expit(t) the density on
        // the value scale is N(mu) + log(1 / exp(mu)) + log(exp(mu) u (1 - u)), u = expit(t). The
        // Jacobian depends on mu; it must be taken at the value of mu, not at a prior draw of it.
        let model = Model(seed: 5)
        let mu = try model.normal("mu")
        try model.uniform("x", lower: 0.0, upper: exp(mu))
        let f = try model.compileLogDensity()
        let (m, t) = (1.3, 0.4)
        let u = 1 / (1 + Foundation.exp(-t))
        let expected = -0.5 * m * m - 0.5 * Foundation.log(2 * Double.pi) + Foundation.log(u * (1 - u))
        for _ in 0..<3 {
            let (lp, g) = try f.evaluate([m, t])
            XCTAssertEqual(lp, expected, accuracy: 1e-12)
            XCTAssertEqual(g[0], -m, accuracy: 1e-12)
            XCTAssertEqual(g[1], 1 - 2 * u, accuracy: 1e-12)
        }
        // The support point of x is the middle of (0, exp(0)): log-odds 0.
        XCTAssertEqual(try model.initialPoint()["x_interval__"]?.doubles, [0.0])
    }

    func testForwardDrawsFollowThePrior() throws {
        let (model, mu) = try conjugateModel()
        let draws = try model.draw([mu, model["y"]!], count: 4000)
        let mus = draws.map { $0[0].doubles[0] }
        let mean = mus.reduce(0, +) / Double(mus.count)
        let variance = mus.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(mus.count - 1)
        XCTAssertLessThan(abs(mean) / (10 / Double(mus.count).squareRoot()), 4)
        // Var of the sample variance of n normals: 2σ⁴/(n−1).
        XCTAssertLessThan(abs(variance - 100) / (100 * (2.0 / Double(mus.count - 1)).squareRoot()), 4)
        XCTAssertEqual(draws[0][1].shape, [8])
        XCTAssertNotEqual(draws[0][0].doubles, draws[1][0].doubles)
    }

    func testNUTSOnTheConjugateModel() throws {
        let (model, _) = try conjugateModel()
        var options = NUTSOptions()
        options.seed = 11
        options.cores = 2
        let traces = try model.sample(options)
        let precision = 1.0 / 100 + Double(data.count) / 4
        let postMean = data.reduce(0, +) / 4 / precision
        let chains = try traces.map { try model.constrainedDraws($0)["mu"]!.map { $0.doubles[0] } }
        let twice = try model.constrainedDraws(traces[0])["two_mu"]!.map { $0.doubles[0] }
        XCTAssertEqual(twice, chains[0].map { 2 * $0 })
        let all = chains.flatMap { $0 }
        let m = all.reduce(0, +) / Double(all.count)
        let ess = try XCTUnwrap(effectiveSampleSize(chains))
        XCTAssertLessThan(abs(m - postMean) / (precision.squareRoot().reciprocal! / ess.squareRoot()), 4)
    }
}

private extension Double {
    var reciprocal: Double? { self == 0 ? nil : 1 / self }
}
