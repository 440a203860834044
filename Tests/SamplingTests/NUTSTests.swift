// NUTSTests.swift — NUTS on closed-form targets: z-tests of means and variances against their Monte Carlo standard errors.

import Foundation
import RandomCore
import Sampling
import XCTest

/// A Gaussian with diagonal covariance: log π = −½ Σ ((x−μ)/σ)², ∇ = −(x−μ)/σ².
func diagonalGaussian(mean: [Double], sd: [Double]) -> ClosureLogDensity {
    ClosureLogDensity(dimension: mean.count) { x, g in
        var lp = 0.0
        for i in 0..<mean.count {
            let z = (x[i] - mean[i]) / sd[i]
            lp -= 0.5 * z * z
            g[i] = -z / sd[i]
        }
        return lp
    }
}

/// Per coordinate, z-scores of the sample mean and of the sample mean of (x−μ)² against
/// the truth, each divided by its Monte Carlo standard error sd/sqrt(ESS).
func zScores(_ traces: [ChainTrace], coordinate i: Int, mean: Double, variance: Double,
             file: StaticString = #filePath, line: UInt = #line) -> (mean: Double, variance: Double) {
    func z(_ chains: [[Double]], truth: Double) -> Double {
        let all = chains.flatMap { $0 }
        let m = all.reduce(0, +) / Double(all.count)
        let sd = (all.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(all.count - 1)).squareRoot()
        guard let ess = effectiveSampleSize(chains) else {
            XCTFail("no ESS", file: file, line: line)
            return .infinity
        }
        return (m - truth) / (sd / ess.squareRoot())
    }
    let chains = traces.map { $0.draws(coordinate: i) }
    let squares = chains.map { $0.map { ($0 - mean) * ($0 - mean) } }
    return (z(chains, truth: mean), z(squares, truth: variance))
}

func assertMoments(_ traces: [ChainTrace], means: [Double], variances: [Double], bound: Double = 4,
                   file: StaticString = #filePath, line: UInt = #line) {
    for i in 0..<means.count {
        let (zm, zv) = zScores(traces, coordinate: i, mean: means[i], variance: variances[i], file: file, line: line)
        XCTAssertLessThan(abs(zm), bound, "coordinate \(i): mean z = \(zm)", file: file, line: line)
        XCTAssertLessThan(abs(zv), bound, "coordinate \(i): variance z = \(zv)", file: file, line: line)
    }
}

func options(draws: Int = 1000, tune: Int = 1000, chains: Int = 4, seed: UInt64 = 1,
             adaptation: MassMatrixAdaptation = .gradientDiagonal) -> NUTSOptions {
    var o = NUTSOptions()
    o.draws = draws; o.tune = tune; o.chains = chains; o.seed = seed; o.adaptation = adaptation; o.cores = 2
    return o
}

final class NUTSTests: XCTestCase {
    func testStandardNormalMoments() throws {
        let n = 10
        let traces = try sampleNUTS(options: options(), initialPoints: [Array(repeating: 0.5, count: n)]) { _ in
            diagonalGaussian(mean: Array(repeating: 0, count: n), sd: Array(repeating: 1, count: n))
        }
        XCTAssertEqual(traces.count, 4)
        for t in traces {
            XCTAssertTrue(t.complete)
            XCTAssertEqual(t.count, 2000)
            XCTAssertEqual(t.diverging[t.tune...].filter { $0 }.count, 0)
            // Hoffman & Gelman: a 10-d standard normal takes a step size near 1 at 0.8 acceptance.
            XCTAssertGreaterThan(t.finalStepSize, 0.4)
            XCTAssertLessThan(t.finalStepSize, 1.5)
            let accept = t.acceptanceRate[t.tune...].reduce(0, +) / Double(t.count - t.tune)
            XCTAssertGreaterThan(accept, 0.65, "mean acceptance \(accept)")
        }
        assertMoments(traces, means: Array(repeating: 0, count: n), variances: Array(repeating: 1, count: n))
    }

    /// Scales from 0.01 to 100: the mass matrix must learn them (M⁻¹ ≈ σ²) for NUTS to mix.
    func testIllConditionedDiagonalGaussian() throws {
        let n = 20
        let sd = (0..<n).map { pow(10, -2 + 4 * Double($0) / Double(n - 1)) }
        let mean = (0..<n).map { Double($0 % 5) - 2 }
        for adaptation in [MassMatrixAdaptation.gradientDiagonal, .windowedDiagonal] {
            let traces = try sampleNUTS(options: options(seed: 7, adaptation: adaptation),
                                        initialPoints: [Array(repeating: 0, count: n)]) { _ in
                diagonalGaussian(mean: mean, sd: sd)
            }
            for t in traces {
                XCTAssertEqual(t.diverging[t.tune...].filter { $0 }.count, 0, "\(adaptation)")
                for i in 0..<n {
                    let ratio = t.inverseMass[i] / (sd[i] * sd[i])
                    XCTAssertTrue(ratio > 0.5 && ratio < 2, "\(adaptation) coordinate \(i): M⁻¹/σ² = \(ratio)")
                }
            }
            assertMoments(traces, means: mean, variances: sd.map { $0 * $0 })
        }
    }

    /// A correlated Gaussian (ρ = 0.95) that a diagonal metric cannot whiten.
    func testCorrelatedGaussian() throws {
        let rho = 0.95, s1 = 2.0, s2 = 0.5
        // Precision of [[s1², ρ s1 s2], [ρ s1 s2, s2²]].
        let det = s1 * s1 * s2 * s2 * (1 - rho * rho)
        let p11 = s2 * s2 / det, p22 = s1 * s1 / det, p12 = -rho * s1 * s2 / det
        let traces = try sampleNUTS(options: options(draws: 2000, seed: 3), initialPoints: [[1, -1]]) { _ in
            ClosureLogDensity(dimension: 2) { x, g in
                g[0] = -(p11 * x[0] + p12 * x[1])
                g[1] = -(p12 * x[0] + p22 * x[1])
                return 0.5 * (x[0] * g[0] + x[1] * g[1])
            }
        }
        assertMoments(traces, means: [0, 0], variances: [s1 * s1, s2 * s2])
        // The correlation itself: E[x0 x1] = ρ s1 s2.
        let products = traces.map { t in zip(t.draws(coordinate: 0), t.draws(coordinate: 1)).map { $0 * $1 } }
        let all = products.flatMap { $0 }
        let m = all.reduce(0, +) / Double(all.count)
        let sd = (all.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(all.count - 1)).squareRoot()
        let ess = try XCTUnwrap(effectiveSampleSize(products))
        XCTAssertLessThan(abs(m - rho * s1 * s2) / (sd / ess.squareRoot()), 4)
    }

    /// Neal's funnel, non-centred: v ~ N(0, 3), z_i ~ N(0, 1), x_i = exp(v/2) z_i. No divergences.
    func testNonCentredFunnel() throws {
        let n = 5
        let traces = try sampleNUTS(options: options(seed: 11), initialPoints: [Array(repeating: 0, count: n + 1)]) { _ in
            ClosureLogDensity(dimension: n + 1) { x, g in
                var lp = -0.5 * x[0] * x[0] / 9
                g[0] = -x[0] / 9
                for i in 1...n { lp -= 0.5 * x[i] * x[i]; g[i] = -x[i] }
                return lp
            }
        }
        XCTAssertEqual(traces.flatMap { $0.diverging[$0.tune...] }.filter { $0 }.count, 0)
        assertMoments(traces, means: Array(repeating: 0, count: n + 1), variances: [9] + Array(repeating: 1, count: n))
    }

    /// The centred funnel diverges in its neck: divergences are recorded, never a crash.
    func testCentredFunnelReportsDivergences() throws {
        let n = 5
        let traces = try sampleNUTS(options: options(draws: 500, tune: 500, seed: 5),
                                    initialPoints: [Array(repeating: 0.1, count: n + 1)]) { _ in
            ClosureLogDensity(dimension: n + 1) { x, g in
                // v ~ N(0, 3); x_i | v ~ N(0, exp(v/2)).
                let v = x[0]
                var lp = -0.5 * v * v / 9
                g[0] = -v / 9
                let precision = exp(-v)
                for i in 1...n {
                    lp += -0.5 * x[i] * x[i] * precision - 0.5 * v
                    g[i] = -x[i] * precision
                    g[0] += 0.5 * x[i] * x[i] * precision - 0.5
                }
                return lp
            }
        }
        let divergences = traces.flatMap { $0.diverging }.filter { $0 }.count
        XCTAssertGreaterThan(divergences, 0)
        XCTAssertTrue(traces.allSatisfy { $0.positions.allSatisfy(\.isFinite) })
    }

    /// A density that throws a recoverable error outside x < 2 samples the truncated normal;
    /// the failed steps count as divergences.
    func testRecoverableErrorsAreDivergences() throws {
        let traces = try sampleNUTS(options: options(draws: 2000, seed: 9), initialPoints: [[0]]) { _ in
            ClosureLogDensity(dimension: 1) { x, g in
                if x[0] >= 2 { throw LogDensityError.recoverable("x = \(x[0]) outside (-inf, 2)") }
                g[0] = -x[0]
                return -0.5 * x[0] * x[0]
            }
        }
        XCTAssertTrue(traces.allSatisfy { $0.draws(coordinate: 0).allSatisfy { $0 < 2 } })
        XCTAssertGreaterThan(traces.flatMap { $0.diverging }.filter { $0 }.count, 0)
        // Standard normal truncated above at 2: mean −φ(2)/Φ(2), variance 1 − 2φ(2)/Φ(2) − mean².
        let phi = exp(-2.0) / (2 * Double.pi).squareRoot()
        let cdf = 0.5 * erfc(-2 / 2.0.squareRoot())
        let mean = -phi / cdf
        let variance = 1 - 2 * phi / cdf - mean * mean
        let chains = traces.map { $0.draws(coordinate: 0) }
        let all = chains.flatMap { $0 }
        let m = all.reduce(0, +) / Double(all.count)
        let ess = try XCTUnwrap(effectiveSampleSize(chains))
        XCTAssertLessThan(abs(m - mean) / (variance.squareRoot() / ess.squareRoot()), 4)
    }

    func testSameDrawsWhateverTheCores() throws {
        var one = options(draws: 200, tune: 200, chains: 3, seed: 42)
        one.cores = 1
        var three = one
        three.cores = 3
        let density = { (_: Int) in diagonalGaussian(mean: [1, 2, 3], sd: [1, 0.1, 10]) }
        let a = try sampleNUTS(options: one, initialPoints: [[0, 0, 0]], makeDensity: density)
        let b = try sampleNUTS(options: three, initialPoints: [[0, 0, 0]], makeDensity: density)
        for (x, y) in zip(a, b) {
            XCTAssertEqual(x.positions, y.positions)
            XCTAssertEqual(x.stepSize, y.stepSize)
        }
        XCTAssertNotEqual(a[0].positions, a[1].positions)
        var otherSeed = one
        otherSeed.seed = 43
        let c = try sampleNUTS(options: otherSeed, initialPoints: [[0, 0, 0]], makeDensity: density)
        XCTAssertNotEqual(a[0].positions, c[0].positions)
    }

    func testErrors() throws {
        let density = { (_: Int) in diagonalGaussian(mean: [0], sd: [1]) }
        var bad = options()
        bad.targetAccept = 1.5
        XCTAssertThrowsError(try sampleNUTS(options: bad, initialPoints: [[0]], makeDensity: density)) {
            XCTAssertTrue("\($0)".contains("target_accept"), "\($0)")
        }
        XCTAssertThrowsError(try sampleNUTS(options: options(), initialPoints: [[0, 1]], makeDensity: density)) {
            XCTAssertTrue("\($0)".contains("initial point has 2 values"), "\($0)")
        }
        XCTAssertThrowsError(try sampleNUTS(options: options(), initialPoints: [[0], [1]], makeDensity: density)) {
            XCTAssertTrue("\($0)".contains("one per chain"), "\($0)")
        }
        // -inf at the initial point, even after jitter.
        var jittered = options()
        jittered.jitter = 1
        XCTAssertThrowsError(try sampleNUTS(options: jittered, initialPoints: [[5]]) { _ in
            ClosureLogDensity(dimension: 1) { x, g in g[0] = 0; return x[0] > 3 ? -.infinity : 0 }
        }) { error in
            guard case SamplingError.initialPointFailed(let chain, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(chain, 0)
        }
        // A fatal density error stops sampling and names the chain.
        XCTAssertThrowsError(try sampleNUTS(options: options(), initialPoints: [[0]]) { chain in
            ClosureLogDensity(dimension: 1) { x, g in
                if chain == 2 && abs(x[0]) > 1 { throw LogDensityError.fatal("shape mismatch (3,) vs (4,)") }
                g[0] = -x[0]
                return -0.5 * x[0] * x[0]
            }
        }) { error in
            XCTAssertEqual("\(error)", "chain 2: shape mismatch (3,) vs (4,)")
        }
    }

    func testJitterRetriesUntilFinite() throws {
        var o = options(draws: 100, tune: 100, chains: 2, seed: 4)
        o.jitter = 1
        // Finite only on (0, 1) away from the start 0: some jitter lands inside.
        let traces = try sampleNUTS(options: o, initialPoints: [[0]]) { _ in
            ClosureLogDensity(dimension: 1) { x, g in
                guard x[0] > 0 && x[0] < 1 else { throw LogDensityError.recoverable("outside (0, 1)") }
                g[0] = 1 / x[0] - 1 / (1 - x[0])
                return log(x[0]) + log(1 - x[0])
            }
        }
        XCTAssertTrue(traces.allSatisfy { $0.positions.allSatisfy { $0 > 0 && $0 < 1 } })
    }

    func testCancellationReturnsPartialTraces() throws {
        let control = SamplingControl(chains: 2)
        let counter = Counter()
        let o = options(draws: 1000, tune: 1000, chains: 2, seed: 2)
        let traces = try sampleNUTS(options: o, initialPoints: [[0]], control: control) { _ in
            ClosureLogDensity(dimension: 1) { x, g in
                if counter.increment() == 3000 { control.cancel() }
                g[0] = -x[0]
                return -0.5 * x[0] * x[0]
            }
        }
        XCTAssertTrue(control.isCancelled)
        for t in traces {
            XCTAssertFalse(t.complete)
            XCTAssertGreaterThan(t.count, 0)
            XCTAssertLessThan(t.count, 2000)
            XCTAssertEqual(t.positions.count, t.count)
        }
        let progress = control.progress()
        XCTAssertEqual(progress.done, traces.map(\.count))
    }
}

/// A thread-safe counter for the cancellation test.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int {
        lock.lock(); defer { lock.unlock() }
        value += 1
        return value
    }
}
