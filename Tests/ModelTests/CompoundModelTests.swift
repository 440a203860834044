// CompoundModelTests.swift — a compiled joint log density over an int64 and a float64 value variable, sampled by Metropolis + NUTS: z-tests against the closed-form marginals.

import Foundation
import SwiftPPL
import XCTest

final class CompoundModelTests: XCTestCase {
    /// k ~ Poisson(3), x ~ Normal(k, 1): marginally E k = Var k = 3, E x = 3, Var x = 1 + 3 = 4.
    private func poissonNormal() throws -> CompiledJointLogDensityFunction {
        let rng = try sharedRandomGenerator(seed: 0)
        let k = scalar("k", dtype: .int64), x = scalar("x")
        let kRV = try randomVariable("poisson", [constant(3.0)], rng: rng).draw
        let xRV = try randomVariable("normal", [cast(k, to: .float64), constant(1.0)], rng: rng).draw
        let total = try logp(kRV, k) + logp(xRV, x)
        let gradients = try grad(total, wrt: [x], disconnected: .ignore)
        return try CompiledJointLogDensityFunction(function: Function(inputs: [k, x], outputs: [total] + gradients))
    }

    func testLayoutAndIntegerInputs() throws {
        let compiled = try poissonNormal()
        XCTAssertEqual(compiled.layout.discrete, [true, false])
        XCTAssertTrue(compiled.hasGradient)
        var density = try compiled.makeDensity()
        var gradient = [0.0, 0.0]
        let value = try [2.0, 1.5].withUnsafeBufferPointer { p in
            try gradient.withUnsafeMutableBufferPointer { try density.logDensity(at: p, gradient: $0) }
        }
        // log Pois(2; 3) + log N(1.5; 2, 1), and d/dx = -(x - k).
        let expected = 2 * Foundation.log(3.0) - 3 - Foundation.log(2.0) - 0.125 - 0.5 * Foundation.log(2 * Double.pi)
        XCTAssertEqual(value, expected, accuracy: 1e-12)
        XCTAssertEqual(gradient[1], 0.5, accuracy: 1e-12)
        // The gradient-free evaluation (its own compiled function) gives the same value.
        let valueOnly = try [2.0, 1.5].withUnsafeBufferPointer { try density.logDensityValue(at: $0) }
        XCTAssertEqual(valueOnly, expected, accuracy: 1e-12)
        // A fractional value of the integer variable is a recoverable error (the move is rejected).
        XCTAssertThrowsError(try [2.5, 1.5].withUnsafeBufferPointer { p in
            try gradient.withUnsafeMutableBufferPointer { try density.logDensity(at: p, gradient: $0) }
        }) { error in
            guard case LogDensityError.recoverable(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("k must hold integers"), message)
        }
    }

    func testMetropolisAndNUTSMarginals() throws {
        let compiled = try poissonNormal()
        var options = NUTSOptions()
        options.draws = 2000; options.tune = 500; options.chains = 4; options.cores = 2; options.seed = 3
        let blocks = [StepBlock(.metropolis(MetropolisSettings()), coordinates: [0]), StepBlock(.nuts, coordinates: [1])]
        let traces = try sampleCompound(options: options, blocks: blocks, discrete: compiled.layout.discrete,
                                        initialPoints: [[1, 0]]) { _ in try compiled.makeDensity() }
        func z(_ i: Int, _ truth: Double, _ f: (Double) -> Double) -> Double {
            let chains = traces.map { $0.draws(coordinate: i).map(f) }
            let all = chains.flatMap { $0 }
            let m = all.reduce(0, +) / Double(all.count)
            let sd = (all.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(all.count - 1)).squareRoot()
            return (m - truth) / (sd / (effectiveSampleSize(chains) ?? 1).squareRoot())
        }
        XCTAssertLessThan(abs(z(0, 3) { $0 }), 4.5)
        XCTAssertLessThan(abs(z(0, 3) { ($0 - 3) * ($0 - 3) }), 4.5)
        XCTAssertLessThan(abs(z(1, 3) { $0 }), 4.5)
        XCTAssertLessThan(abs(z(1, 4) { ($0 - 3) * ($0 - 3) }), 4.5)
    }

    /// The Swift model with a Bernoulli label: z ~ Bernoulli(0.3), x ~ Normal(2z, 1), sampled
    /// with the default steps (NUTS for x, BinaryGibbsMetropolis for z): P(z = 1) = 0.3, E x = 0.6.
    func testSwiftModelDefaultSteps() throws {
        let model = Model(seed: 2)
        let z = try model.bernoulli("z", p: 0.3)
        _ = try model.normal("x", mu: try cast(z, to: .float64) * 2.0, sigma: 1.0)
        let steps = try model.defaultSteps()
        XCTAssertEqual(steps.map(\.coordinates), [[1], [0]])
        var options = NUTSOptions()
        options.draws = 2000; options.tune = 500; options.chains = 4; options.cores = 2; options.seed = 5
        let traces = try model.sampleSteps(options)
        let chains = traces.map { $0.draws(coordinate: 0) }
        let all = chains.flatMap { $0 }
        let mean = all.reduce(0, +) / Double(all.count)
        let se = (0.3 * 0.7 / (effectiveSampleSize(chains) ?? 1)).squareRoot()
        XCTAssertLessThan(abs(mean - 0.3) / se, 4.5, "P(z = 1) = \(mean)")
        let xs = traces.map { $0.draws(coordinate: 1) }
        let xMean = xs.flatMap { $0 }.reduce(0, +) / Double(all.count)
        // Var x = 1 + 4 · 0.21 = 1.84.
        let xSE = (1.84 / (effectiveSampleSize(xs) ?? 1)).squareRoot()
        XCTAssertLessThan(abs(xMean - 0.6) / xSE, 4.5, "E x = \(xMean)")
    }
}
