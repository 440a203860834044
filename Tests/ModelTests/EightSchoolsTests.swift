// EightSchoolsTests.swift — the eight schools (non-centred) log density built from random variables, compiled, sampled with NUTS, against posteriordb's reference posterior.

import Foundation
import SwiftPPL
import XCTest

/// The model's log density in (mu, log tau, theta_tilde), with tau's log-Jacobian.
func eightSchoolsLogDensity() throws -> (logp: Variable, values: [Variable]) {
    let rng = try sharedRandomGenerator(seed: 0)
    let mu = scalar("mu"), logTau = scalar("tau_log__"), thetaTilde = vector("theta_tilde", length: 8)
    let muRV = try randomVariable("normal", [constant(0.0), constant(5.0)], rng: rng).draw
    let thetaTildeRV = try randomVariable("normal", [constant(0.0), constant(1.0)], size: [8], rng: rng).draw
    let tau = try exp(logTau)
    let theta = try mu + tau * thetaTilde
    let yRV = try randomVariable("normal", [theta, constant(NDArray(eightSchoolsSigma))], rng: rng).draw
    // HalfCauchy(0, 5): log(2 / (5π)) − log1p((τ/5)²), plus log|dτ/d log τ| = log τ.
    let tauLogp = try log(constant(2.0 / (5 * Double.pi))) - log1p(sqr(tau / 5.0)) + logTau
    let terms = try [
        logp(muRV, mu),
        tauLogp,
        sum(logp(thetaTildeRV, thetaTilde)),
        sum(logp(yRV, constant(NDArray(eightSchoolsY)))),
    ]
    var total = terms[0]
    for t in terms.dropFirst() { total = try total + t }
    return (total, [mu, logTau, thetaTilde])
}

final class EightSchoolsTests: XCTestCase {
    func testLayoutAndEvaluation() throws {
        let (logp, values) = try eightSchoolsLogDensity()
        let compiled = try CompiledLogDensityFunction(logp: logp, values: values)
        XCTAssertEqual(compiled.layout.dimension, 10)
        XCTAssertEqual(compiled.layout.names, ["mu", "tau_log__", "theta_tilde"])
        XCTAssertEqual(compiled.layout.offsets, [0, 1, 2])
        // The closed form at one point, term by term, and the gradient by central differences.
        let x = [1.5, 0.3, 0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8]
        let (value, gradient) = try compiled.evaluate(x)
        func closedForm(_ x: [Double]) -> Double {
            let halfLog2Pi = 0.5 * Foundation.log(2 * Double.pi)
            func normal(_ v: Double, _ m: Double, _ s: Double) -> Double {
                -0.5 * ((v - m) / s) * ((v - m) / s) - Foundation.log(s) - halfLog2Pi
            }
            let tau = Foundation.exp(x[1])
            var lp = normal(x[0], 0, 5) + Foundation.log(2 / (5 * Double.pi)) - Foundation.log1p(tau * tau / 25) + x[1]
            for j in 0..<8 {
                lp += normal(x[2 + j], 0, 1) + normal(eightSchoolsY[j], x[0] + tau * x[2 + j], eightSchoolsSigma[j])
            }
            return lp
        }
        XCTAssertEqual(value, closedForm(x), accuracy: 1e-12 * abs(value))
        for i in 0..<10 {
            var up = x, down = x
            up[i] += 1e-6
            down[i] -= 1e-6
            XCTAssertEqual(gradient[i], (closedForm(up) - closedForm(down)) / 2e-6, accuracy: 1e-6)
        }
        // The per-chain density gives the same numbers through raw buffers.
        var density = try compiled.makeDensity()
        var g = Array(repeating: 0.0, count: 10)
        let lp = try x.withUnsafeBufferPointer { p in try g.withUnsafeMutableBufferPointer { try density.logDensity(at: p, gradient: $0) } }
        XCTAssertEqual(lp, value)
        XCTAssertEqual(g, gradient)
        XCTAssertThrowsError(try compiled.evaluate([1, 2])) { XCTAssertTrue("\($0)".contains("has 2 values, the layout has 10"), "\($0)") }
    }

    func testNUTSAgreesWithPosteriorDB() throws {
        let (logp, values) = try eightSchoolsLogDensity()
        let compiled = try CompiledLogDensityFunction(logp: logp, values: values)
        var options = NUTSOptions()
        options.seed = 2026
        options.cores = 2
        options.jitter = 1
        // As the reference was drawn (Stan, adapt_delta = 0.95): at 0.8 a handful of the
        // 4000 draws diverge in the funnel's neck at small tau.
        options.targetAccept = 0.95
        let traces = try sampleNUTS(options: options, initialPoints: [Array(repeating: 0, count: 10)]) { _ in
            try compiled.makeDensity()
        }
        let divergences = traces.flatMap { $0.diverging[$0.tune...] }.filter { $0 }.count
        XCTAssertEqual(divergences, 0)
        // Constrained draws: mu, tau = exp(tau_log__), theta_j = mu + tau · theta_tilde_j.
        func constrained(_ t: ChainTrace, _ k: Int) -> [Double] {
            let mu = t.draws(coordinate: 0), tau = t.draws(coordinate: 1).map { Foundation.exp($0) }
            switch k {
            case 0: return mu
            case 1: return tau
            default: return zip(zip(mu, tau), t.draws(coordinate: k)).map { $0.0 + $0.1 * $1 }
            }
        }
        for (k, reference) in eightSchoolsReference.enumerated() {
            let (name, mean, meanSE, square, squareSE) = reference
            for (power, truth, truthSE) in [(1.0, mean, meanSE), (2.0, square, squareSE)] {
                let chains = traces.map { constrained($0, k).map { Foundation.pow($0, power) } }
                let all = chains.flatMap { $0 }
                let m = all.reduce(0, +) / Double(all.count)
                let sd = (all.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(all.count - 1)).squareRoot()
                let ess = try XCTUnwrap(effectiveSampleSize(chains))
                let se = ((sd * sd / ess) + truthSE * truthSE).squareRoot()
                XCTAssertLessThan(abs(m - truth) / se, 4, "\(name)^\(Int(power)): \(m) vs \(truth) (se \(se), ESS \(ess))")
            }
        }
    }
}
