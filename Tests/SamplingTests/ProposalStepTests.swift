// ProposalStepTests.swift — Metropolis with PyMC's other proposals (uniform, Cauchy, Laplace, Poisson, multivariate normal) and DEMetropolisZ on closed-form targets: z-tests against Monte Carlo standard errors, the Poisson jump law against exact enumeration.

import Foundation
import RandomCore
@testable import Sampling
import XCTest

/// A zero-mean bivariate Gaussian with sds s0, s1 and correlation rho: log π = −½ xᵀ Σ⁻¹ x.
private func correlatedGaussian(_ s0: Double, _ s1: Double, _ rho: Double) -> ClosureLogDensity {
    ClosureLogDensity(dimension: 2) { x, g in
        let a = x[0] / s0, b = x[1] / s1, k = 1 / (1 - rho * rho)
        g[0] = -k * (a - rho * b) / s0
        g[1] = -k * (b - rho * a) / s1
        return -0.5 * k * (a * a - 2 * rho * a * b + b * b)
    }
}

/// Independent Poisson(λ_i) coordinates: log π = Σ k log λ − log k!, −inf off the lattice.
private func poissonProduct(_ rates: [Double]) -> ClosureLogDensity {
    ClosureLogDensity(dimension: rates.count) { x, _ in
        var lp = 0.0
        for i in rates.indices {
            guard x[i] >= 0, x[i].rounded() == x[i] else { return -.infinity }
            lp += x[i] * log(rates[i]) - lgamma(x[i] + 1)
        }
        return lp
    }
}

private func metropolis(_ proposal: ProposalDistribution, scale: [Double]? = nil, elementwise: Bool = true,
                        tune: Bool = true, scaling: Double = 1) -> StepMethod {
    var s = MetropolisSettings()
    s.proposal = proposal
    s.proposalScale = scale
    s.elementwise = elementwise
    s.tune = tune
    s.scaling = scaling
    return .metropolis(s)
}

/// The post-warm-up mean of statistic `s` of block 0 over all chains.
private func meanStat(_ traces: [CompoundTrace], _ s: Int) -> Double {
    let values = traces.flatMap { $0.stats[0][s].suffix($0.count - $0.tune) }
    return values.reduce(0, +) / Double(values.count)
}

/// The ESS of coordinate i over all chains (post warm-up).
private func ess(_ traces: [CompoundTrace], _ i: Int) -> Double {
    effectiveSampleSize(traces.map { $0.draws(coordinate: i) }) ?? 0
}

final class ProposalStepTests: XCTestCase {
    func testSymmetricProposalsOnGaussian() throws {
        let cases: [(ProposalDistribution, Bool)] = [(.uniform, true), (.cauchy, true), (.laplace, false), (.normal, false)]
        for (proposal, elementwise) in cases {
            let block = StepBlock(metropolis(proposal, scale: [1, 2], elementwise: elementwise), coordinates: [0, 1])
            let traces = try sampleCompound(options: compound(draws: 8000, tune: 2000), blocks: [block],
                                            discrete: [false, false], initialPoints: [[0, 0]]) { _ in
                diagonalGaussian(mean: [1, -2], sd: [2, 0.5])
            }
            let label = "\(proposal.name) elementwise \(elementwise)"
            assertZ(traces, 1, "\(label): mean 0") { $0[0] }
            assertZ(traces, -2, "\(label): mean 1") { $0[1] }
            assertZ(traces, 4, "\(label): var 0") { ($0[0] - 1) * ($0[0] - 1) }
            assertZ(traces, 0.25, "\(label): var 1") { ($0[1] + 2) * ($0[1] + 2) }
        }
    }

    func testSymmetricProposalsRoundOnTheLattice() throws {
        // Poisson(4) with Cauchy and Laplace jumps rounded half to even.
        for proposal in [ProposalDistribution.cauchy, .laplace, .uniform] {
            let block = StepBlock(metropolis(proposal, scale: [1.5]), coordinates: [0])
            let traces = try sampleCompound(options: compound(draws: 6000), blocks: [block], discrete: [true],
                                            initialPoints: [[1]]) { _ in poissonProduct([4]) }
            XCTAssertTrue(traces.allSatisfy { $0.positions.allSatisfy { $0.rounded() == $0 && $0 >= 0 } })
            assertZ(traces, 4, "\(proposal.name): mean") { $0[0] }
            assertZ(traces, 4, "\(proposal.name): variance") { ($0[0] - 4) * ($0[0] - 4) }
        }
    }

    /// log P(round((K − s)c) = d), K ~ Poisson(s), against summing the pmf over K = 0..<2000.
    func testPoissonJumpLawAgainstEnumeration() {
        for s in [1.0, 2.5, 7, 40] {
            for c in [1.0, 0.5, 0.3, 2.7] {
                var total = 0.0
                for d in -300...300 {
                    var p = 0.0, reachable = false
                    for k in 0..<2000 where (((Double(k) - s) * c).rounded(.toNearestOrEven)) == Double(d) {
                        p += exp(Double(k) * log(s) - s - lgamma(Double(k) + 1))
                        reachable = true
                    }
                    let got = poissonJumpLogProbability(Double(d), s: s, c: c)
                    if !reachable {
                        XCTAssertEqual(got, -.infinity, "s \(s) c \(c) d \(d)")
                    } else if p > 1e-250 {
                        XCTAssertEqual(got, log(p), accuracy: 1e-9 * max(1, abs(log(p))), "s \(s) c \(c) d \(d)")
                    }
                    total += p
                }
                XCTAssertEqual(total, 1, accuracy: 1e-12, "s \(s) c \(c): the jumps cover the law")
            }
        }
        // A large scale: the stable form against the direct one at the mode and in the tails.
        for d in [-3000.0, -1, 0, 1, 2500] {
            let k = 1e6 + d
            XCTAssertEqual(poissonJumpLogProbability(d, s: 1e6, c: 1), k * log(1e6) - 1e6 - lgamma(k + 1), accuracy: 1e-7)
        }
        XCTAssertEqual(poissonJumpLogProbability(-1e300, s: 3, c: 1e-300), -.infinity)
        XCTAssertEqual(poissonJumpLogProbability(1e300, s: 3, c: 1e-300), -.infinity)
    }

    func testPoissonProposalTargetsThePosterior() throws {
        // PyMC's uncorrected Poisson proposal puts a Poisson(3) target's mean near 1.9; with the
        // Hastings correction the chain must recover both rates.
        let block = StepBlock(metropolis(.poisson, scale: [1, 2.5]), coordinates: [0, 1])
        let traces = try sampleCompound(options: compound(draws: 8000, tune: 1000), blocks: [block],
                                        discrete: [true, true], initialPoints: [[1, 1]]) { _ in poissonProduct([3, 10]) }
        XCTAssertTrue(traces.allSatisfy { $0.positions.allSatisfy { $0.rounded() == $0 && $0 >= 0 } })
        assertZ(traces, 3, "mean 0") { $0[0] }
        assertZ(traces, 10, "mean 1") { $0[1] }
        assertZ(traces, 3, "var 0") { ($0[0] - 3) * ($0[0] - 3) }
        assertZ(traces, 10, "var 1") { ($0[1] - 10) * ($0[1] - 10) }
        // A joint (non-elementwise) update with an untuned fractional scaling.
        let joint = StepBlock(metropolis(.poisson, scale: [2, 2], elementwise: false, tune: false, scaling: 0.7), coordinates: [0, 1])
        let jointTraces = try sampleCompound(options: compound(draws: 8000, tune: 500), blocks: [joint],
                                             discrete: [true, true], initialPoints: [[1, 1]]) { _ in poissonProduct([3, 10]) }
        assertZ(jointTraces, 3, "joint: mean 0") { $0[0] }
        assertZ(jointTraces, 10, "joint: mean 1") { $0[1] }
        assertZ(jointTraces, 10, "joint: var 1") { ($0[1] - 10) * ($0[1] - 10) }
    }

    func testMultivariateNormalProposalOnCorrelatedGaussian() throws {
        let (s0, s1, rho) = (1.0, 2.0, 0.95)
        let covariance = [s0 * s0, rho * s0 * s1, rho * s0 * s1, s1 * s1]
        func run(_ method: StepMethod) throws -> [CompoundTrace] {
            try sampleCompound(options: compound(draws: 8000, tune: 2000), blocks: [StepBlock(method, coordinates: [0, 1])],
                               discrete: [false, false], initialPoints: [[0, 0]]) { _ in correlatedGaussian(s0, s1, rho) }
        }
        let mv = try run(metropolis(.multivariateNormal, scale: covariance, elementwise: false))
        assertZ(mv, 0, "mean 0") { $0[0] }
        assertZ(mv, 0, "mean 1") { $0[1] }
        assertZ(mv, s0 * s0, "var 0") { $0[0] * $0[0] }
        assertZ(mv, s1 * s1, "var 1") { $0[1] * $0[1] }
        assertZ(mv, rho * s0 * s1, "covariance") { $0[0] * $0[1] }
        // The elementwise flag (on by default) does not split the correlated jump: the same draws.
        let defaultFlag = try run(metropolis(.multivariateNormal, scale: covariance))
        XCTAssertTrue(defaultFlag.map(\.positions) == mv.map(\.positions), "elementwise split the correlated jump")
        // Tuned, both reach PyMC's acceptance band; the covariance-shaped jumps mix far better.
        let isotropic = try run(metropolis(.normal, elementwise: false))
        XCTAssertGreaterThan(ess(mv, 1), 2 * ess(isotropic, 1), "ESS with the covariance proposal against an isotropic one")
        // Untuned at the same scale, the covariance-shaped jumps are accepted far more often.
        let fixedMV = try run(metropolis(.multivariateNormal, scale: covariance, elementwise: false, tune: false, scaling: 1))
        let fixedIso = try run(metropolis(.normal, scale: [1, 2], elementwise: false, tune: false, scaling: 1))
        XCTAssertGreaterThan(meanStat(fixedMV, 1), meanStat(fixedIso, 1) + 0.15)
    }

    func testDEMetropolisZOnCorrelatedGaussian() throws {
        let (s0, s1, rho) = (1.0, 3.0, 0.9)
        for tune in [DEMetropolisZTuning.scaling, .lambda] {
            var settings = DEMetropolisZSettings()
            settings.tune = tune
            let traces = try sampleCompound(options: compound(draws: 10000, tune: 2000), blocks: [StepBlock(.deMetropolisZ(settings), coordinates: [0, 1])],
                                            discrete: [false, false], initialPoints: [[0.5, -0.5]]) { _ in correlatedGaussian(s0, s1, rho) }
            let label = "tune \(tune)"
            assertZ(traces, 0, "\(label): mean 0") { $0[0] }
            assertZ(traces, 0, "\(label): mean 1") { $0[1] }
            assertZ(traces, s0 * s0, "\(label): var 0") { $0[0] * $0[0] }
            assertZ(traces, s1 * s1, "\(label): var 1") { $0[1] * $0[1] }
            assertZ(traces, rho * s0 * s1, "\(label): covariance") { $0[0] * $0[1] }
            let lambda = traces[0].stats[0][3], scaling = traces[0].stats[0][2]
            XCTAssertEqual(lambda[0], 2.38 / 2, accuracy: 1e-15, "default λ = 2.38/√(2d)")
            XCTAssertEqual(scaling[0], 0.001)
            // Only the tuned factor moves, and only during warm-up.
            let tuned = tune == .lambda ? lambda : scaling, fixed = tune == .lambda ? scaling : lambda
            XCTAssertTrue(Set(fixed).count == 1)
            XCTAssertNotEqual(tuned[1999], tuned[0])
            XCTAssertEqual(Set(tuned.suffix(10000)).count, 1)
            let accepted = meanStat(traces, 1)
            XCTAssertGreaterThan(accepted, 0.1)
            XCTAssertLessThan(accepted, 0.8)
        }
    }

    func testDEMetropolisZUntunedKeepsItsSettings() throws {
        var settings = DEMetropolisZSettings()
        settings.tune = .none
        settings.lambda = 0.8
        settings.scaling = 0.05
        settings.proposal = .uniform
        settings.tuneDropFraction = 0.5
        let traces = try sampleCompound(options: compound(draws: 8000, tune: 1000), blocks: [StepBlock(.deMetropolisZ(settings), coordinates: [0])],
                                        discrete: [false], initialPoints: [[3]]) { _ in diagonalGaussian(mean: [2], sd: [0.5]) }
        XCTAssertTrue(traces.allSatisfy { Set($0.stats[0][3]) == [0.8] && Set($0.stats[0][2]) == [0.05] })
        assertZ(traces, 2, "mean") { $0[0] }
        assertZ(traces, 0.25, "variance") { ($0[0] - 2) * ($0[0] - 2) }
    }

    func testDEMetropolisZDropsTheWarmUpHistory() throws {
        // Noise of 1e-12 and no tuning: every visible move is a history jump. With the whole history
        // dropped at the end of warm-up, the first two draws have fewer than two past states to
        // difference and stay put; with none dropped they jump.
        func firstMoves(dropping fraction: Double) throws -> [Double] {
            var settings = DEMetropolisZSettings()
            settings.tune = .none
            settings.scaling = 1e-12
            settings.tuneDropFraction = fraction
            let traces = try sampleCompound(options: compound(draws: 2, tune: 200, chains: 8), blocks: [StepBlock(.deMetropolisZ(settings), coordinates: [0])],
                                            discrete: [false], initialPoints: [[0.3]]) { _ in diagonalGaussian(mean: [0], sd: [1]) }
            return traces.map { t in abs(t.positions[201] - t.positions[199]) }
        }
        XCTAssertTrue(try firstMoves(dropping: 1).allSatisfy { $0 < 1e-10 })
        XCTAssertTrue(try firstMoves(dropping: 0).contains { $0 > 1e-3 })
    }

    func testSameDrawsForAnyCoreCountWithNewSteps() throws {
        let blocks = [StepBlock(.deMetropolisZ(DEMetropolisZSettings()), coordinates: [0, 1]),
                      StepBlock(metropolis(.cauchy), coordinates: [2]),
                      StepBlock(metropolis(.poisson), coordinates: [3])]
        func run(cores: Int) throws -> [CompoundTrace] {
            try sampleCompound(options: compound(draws: 300, tune: 200, cores: cores), blocks: blocks,
                               discrete: [false, false, false, true], initialPoints: [[0, 0, 0, 1]]) { _ in
                ClosureLogDensity(dimension: 4) { x, _ in
                    guard x[3] >= 0 else { return -.infinity }
                    return -0.5 * (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]) + x[3] * log(2.0) - lgamma(x[3] + 1)
                }
            }
        }
        let one = try run(cores: 1), two = try run(cores: 2)
        XCTAssertEqual(one.map(\.positions), two.map(\.positions))
        XCTAssertEqual(one.map(\.stats), two.map(\.stats))
        XCTAssertNotEqual(one[0].positions, one[1].positions)
    }

    func testBadProposalsAreClearErrors() {
        func message(_ method: StepMethod, discrete: [Bool] = [false, false]) -> String {
            do {
                _ = try sampleCompound(options: compound(draws: 1, tune: 0), blocks: [StepBlock(method, coordinates: [0, 1])],
                                       discrete: discrete, initialPoints: [[0, 0]]) { _ in diagonalGaussian(mean: [0, 0], sd: [1, 1]) }
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertTrue(message(metropolis(.poisson)).contains("discrete variables only"))
        XCTAssertTrue(message(metropolis(.multivariateNormal, scale: [1, 2, 2, 1])).contains("positive-definite"))
        XCTAssertTrue(message(metropolis(.multivariateNormal, scale: [1, 0.5, 0, 1])).contains("symmetric"))
        XCTAssertTrue(message(metropolis(.multivariateNormal, scale: [1, 1])).contains("2x2 covariance"))
        XCTAssertTrue(message(metropolis(.laplace, scale: [1, -1])).contains("positive and finite"))
        XCTAssertTrue(message(metropolis(.poisson, scale: [1, 1e16]), discrete: [true, true]).contains("at most"))
        XCTAssertTrue(message(.deMetropolisZ(DEMetropolisZSettings()), discrete: [false, true]).contains("cannot move discrete"))
        var z = DEMetropolisZSettings()
        z.tuneDropFraction = 1.5
        XCTAssertTrue(message(.deMetropolisZ(z)).contains("tune_drop_fraction"))
        z = DEMetropolisZSettings()
        z.lambda = .nan
        XCTAssertTrue(message(.deMetropolisZ(z)).contains("lamb"))
    }
}
