// StepMethodsTests.swift — Metropolis, Slice, the Gibbs steps and compound NUTS+Gibbs chains on closed-form targets: z-tests against Monte Carlo standard errors (sd/sqrt(ESS)).

import Foundation
import RandomCore
import Sampling
import XCTest

/// z-score of the post-warm-up mean of f(state) against `truth`, with the ESS of f across chains.
func zScore(_ traces: [CompoundTrace], truth: Double, _ f: ([Double]) -> Double) -> Double {
    let chains = traces.map { t in
        (t.tune..<t.count).map { k in f(Array(t.positions[(k * t.dimension)..<((k + 1) * t.dimension)])) }
    }
    let all = chains.flatMap { $0 }
    let m = all.reduce(0, +) / Double(all.count)
    let sd = (all.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(all.count - 1)).squareRoot()
    guard sd > 0, let ess = effectiveSampleSize(chains) else { return m == truth ? 0 : .infinity }
    return (m - truth) / (sd / ess.squareRoot())
}

func assertZ(_ traces: [CompoundTrace], _ truth: Double, _ what: String,
                     file: StaticString = #filePath, line: UInt = #line, _ f: ([Double]) -> Double) {
    let z = zScore(traces, truth: truth, f)
    XCTAssertLessThan(abs(z), 4.5, "\(what): z = \(z)", file: file, line: line)
}

/// log π of independent Bernoulli(p_i) coordinates (gradient unused).
private func bernoulliProduct(_ p: [Double]) -> ClosureLogDensity {
    ClosureLogDensity(dimension: p.count) { x, _ in
        var lp = 0.0
        for i in p.indices {
            guard x[i] == 0 || x[i] == 1 else { return -.infinity }
            lp += x[i] == 1 ? log(p[i]) : log1p(-p[i])
        }
        return lp
    }
}

/// log π of one categorical coordinate with probabilities p.
private func categorical(_ p: [Double]) -> ClosureLogDensity {
    ClosureLogDensity(dimension: 1) { x, _ in
        let k = Int(exactly: x[0]) ?? -1
        return k >= 0 && k < p.count ? log(p[k]) : -.infinity
    }
}

func compound(draws: Int = 3000, tune: Int = 500, chains: Int = 4, cores: Int = 2) -> NUTSOptions {
    var o = NUTSOptions()
    o.draws = draws; o.tune = tune; o.chains = chains; o.seed = 7; o.cores = cores
    return o
}

final class StepMethodsTests: XCTestCase {
    func testMetropolisGaussianBlockAndElementwise() throws {
        for elementwise in [true, false] {
            var settings = MetropolisSettings()
            settings.elementwise = elementwise
            let traces = try sampleCompound(options: compound(draws: 8000, tune: 2000), blocks: [StepBlock(.metropolis(settings), coordinates: [0, 1])],
                                            discrete: [false, false], initialPoints: [[0, 0]]) { _ in
                diagonalGaussian(mean: [1, -2], sd: [2, 0.5])
            }
            assertZ(traces, 1, "mean 0") { $0[0] }
            assertZ(traces, -2, "mean 1") { $0[1] }
            assertZ(traces, 4, "var 0") { ($0[0] - 1) * ($0[0] - 1) }
            assertZ(traces, 0.25, "var 1") { ($0[1] + 2) * ($0[1] + 2) }
            // Tuning moved the scaling away from 1 (the scales are 2 and 0.5), and stopped after warm-up.
            let scaling = traces[0].stats[0][2]
            XCTAssertEqual(scaling[1999], scaling.last)
            XCTAssertNotEqual(scaling.last, 1)
            let accepted = traces[0].stats[0][1].suffix(8000).reduce(0, +) / 8000
            XCTAssertGreaterThan(accepted, 0.15)
            XCTAssertLessThan(accepted, 0.8)
        }
    }

    func testPyMCTuningSchedule() {
        XCTAssertEqual(tunedScaling(1, acceptance: 0.0005), 0.1)
        XCTAssertEqual(tunedScaling(1, acceptance: 0.01), 0.5)
        XCTAssertEqual(tunedScaling(1, acceptance: 0.1), 0.9)
        XCTAssertEqual(tunedScaling(1, acceptance: 0.3), 1)
        XCTAssertEqual(tunedScaling(1, acceptance: 0.6), 1.1)
        XCTAssertEqual(tunedScaling(1, acceptance: 0.8), 2)
        XCTAssertEqual(tunedScaling(1, acceptance: 0.99), 10)
    }

    func testMetropolisOnPoissonLattice() throws {
        // Poisson(3): log π(k) = k log 3 - log k!, -inf below 0; rounded proposals stay on integers.
        let density = ClosureLogDensity(dimension: 1) { x, _ in
            x[0] < 0 ? -.infinity : x[0] * log(3.0) - lgamma(x[0] + 1)
        }
        let traces = try sampleCompound(options: compound(draws: 6000), blocks: [StepBlock(.metropolis(MetropolisSettings()), coordinates: [0])],
                                        discrete: [true], initialPoints: [[1]]) { _ in density }
        XCTAssertTrue(traces.allSatisfy { $0.positions.allSatisfy { $0.rounded() == $0 && $0 >= 0 } })
        assertZ(traces, 3, "mean") { $0[0] }
        assertZ(traces, 3, "variance") { ($0[0] - 3) * ($0[0] - 3) }
    }

    func testSliceGaussian() throws {
        let traces = try sampleCompound(options: compound(draws: 3000), blocks: [StepBlock(.slice(SliceSettings()), coordinates: [0, 1])],
                                        discrete: [false, false], initialPoints: [[5, 5]]) { _ in
            diagonalGaussian(mean: [0, 3], sd: [1, 0.1])
        }
        assertZ(traces, 0, "mean 0") { $0[0] }
        assertZ(traces, 3, "mean 1") { $0[1] }
        assertZ(traces, 1, "var 0") { $0[0] * $0[0] }
        assertZ(traces, 0.01, "var 1") { ($0[1] - 3) * ($0[1] - 3) }
        XCTAssertTrue(traces[0].stats[0][1].contains { $0 > 0 }, "some draws shrank the interval")
    }

    func testBinaryGibbsOnBernoulliProduct() throws {
        let p = [0.2, 0.7, 0.5]
        let traces = try sampleCompound(options: compound(), blocks: [StepBlock(.binaryGibbs(BinaryGibbsSettings()), coordinates: [0, 1, 2])],
                                        discrete: [true, true, true], initialPoints: [[0, 0, 0]]) { _ in bernoulliProduct(p) }
        for i in p.indices { assertZ(traces, p[i], "P(x\(i) = 1)") { $0[i] } }
        assertZ(traces, p[0] * p[1], "P(x0 = x1 = 1)") { $0[0] * $0[1] }
    }

    func testCategoricalGibbsBothProposals() throws {
        let p = [0.1, 0.2, 0.3, 0.4]
        for proportional in [false, true] {
            var settings = CategoricalGibbsSettings(categories: [4])
            settings.proportional = proportional
            let traces = try sampleCompound(options: compound(), blocks: [StepBlock(.categoricalGibbs(settings), coordinates: [0])],
                                            discrete: [true], initialPoints: [[0]]) { _ in categorical(p) }
            for k in p.indices { assertZ(traces, p[k], "P(x = \(k)), proportional \(proportional)") { $0[0] == Double(k) ? 1 : 0 } }
        }
    }

    /// z ~ Bernoulli(0.3), x | z ~ N(2z, 1): NUTS moves x, Gibbs flips z. P(z = 1) = 0.3,
    /// E x = 0.6, E x² = 1 + 0.3·4 = 2.2 (the marginal of x is the two-component mixture).
    func testCompoundNUTSAndGibbsMixture() throws {
        let density = ClosureLogDensity(dimension: 2) { q, g in
            let z = q[1], r = q[0] - 2 * z
            g[0] = -r
            g[1] = 0
            return (z == 1 ? log(0.3) : log(0.7)) - 0.5 * r * r
        }
        let blocks = [StepBlock(.nuts, coordinates: [0]), StepBlock(.binaryGibbs(BinaryGibbsSettings()), coordinates: [1])]
        let traces = try sampleCompound(options: compound(draws: 4000), blocks: blocks, discrete: [false, true],
                                        initialPoints: [[0, 0]]) { _ in density }
        assertZ(traces, 0.3, "P(z = 1)") { $0[1] }
        assertZ(traces, 0.6, "E x") { $0[0] }
        assertZ(traces, 2.2, "E x^2") { $0[0] * $0[0] }
        XCTAssertEqual(traces[0].nuts[0]?.count, 4500)
        XCTAssertTrue(traces.allSatisfy { $0.complete })
    }

    func testSameDrawsForAnyCoreCount() throws {
        let density = ClosureLogDensity(dimension: 3) { q, g in
            let z = q[1], r = q[0] - 2 * z
            g[0] = -r; g[1] = 0; g[2] = -q[2]
            return (z == 1 ? log(0.3) : log(0.7)) - 0.5 * r * r - 0.5 * q[2] * q[2]
        }
        let blocks = [StepBlock(.nuts, coordinates: [0]), StepBlock(.binaryGibbs(BinaryGibbsSettings()), coordinates: [1]),
                      StepBlock(.metropolis(MetropolisSettings()), coordinates: [2])]
        let one = try sampleCompound(options: compound(draws: 200, tune: 100, cores: 1), blocks: blocks, discrete: [false, true, false],
                                     initialPoints: [[0, 0, 0]]) { _ in density }
        let four = try sampleCompound(options: compound(draws: 200, tune: 100, cores: 4), blocks: blocks, discrete: [false, true, false],
                                      initialPoints: [[0, 0, 0]]) { _ in density }
        XCTAssertEqual(one.map(\.positions), four.map(\.positions))
        XCTAssertEqual(one.map(\.stats), four.map(\.stats))
        XCTAssertNotEqual(one[0].positions, one[1].positions)
    }

    func testBadBlocksAreClearErrors() {
        func message(_ blocks: [StepBlock], discrete: [Bool] = [false, true]) -> String {
            do {
                _ = try sampleCompound(options: compound(draws: 1, tune: 0), blocks: blocks, discrete: discrete,
                                       initialPoints: [[0, 0]]) { _ in diagonalGaussian(mean: [0, 0], sd: [1, 1]) }
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertTrue(message([StepBlock(.nuts, coordinates: [1])]).contains("NUTS cannot move discrete"))
        XCTAssertTrue(message([StepBlock(.slice(SliceSettings()), coordinates: [0]), StepBlock(.metropolis(MetropolisSettings()), coordinates: [0])])
            .contains("already moved by block 0"))
        XCTAssertTrue(message([StepBlock(.metropolis(MetropolisSettings()), coordinates: [2])]).contains("outside"))
        XCTAssertTrue(message([StepBlock(.binaryGibbs(BinaryGibbsSettings()), coordinates: [0])]).contains("binary"))
        XCTAssertTrue(message([StepBlock(.categoricalGibbs(CategoricalGibbsSettings(categories: [1])), coordinates: [1])]).contains("categories"))
        XCTAssertTrue(message([StepBlock(.metropolis(MetropolisSettings()), coordinates: [0])], discrete: [false]).contains("discrete flags"))
    }
}
