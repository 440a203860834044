// NUTSDeterminismTests.swift — the sampler's draws bit for bit: fingerprints of whole traces against those of the reference implementation.

import Sampling
import XCTest

/// The NUTS code is tuned for speed (points passed by index, fused loops, skipped repeated
/// checks) under one rule: every draw stays bit-for-bit what the plain implementation drew.
/// The expected fingerprints below were recorded with that implementation (main at
/// 2749c7d, `swift run -c release SamplingBenchmark hash`, whose runs these repeat). A change
/// that is meant to change the draws must say so and update them; any other change must
/// leave them alone. They depend on the platform's libm (exp, log, tanh), hence Linux x86-64.
final class NUTSDeterminismTests: XCTestCase {
    private func fingerprint(_ adaptation: MassMatrixAdaptation, seed: UInt64, dimension n: Int,
                             truncated: Bool = false) throws -> String {
        var o = options(draws: 300, tune: 300, seed: seed, adaptation: adaptation)
        o.jitter = 1
        let traces = try sampleNUTS(options: o, initialPoints: [Array(repeating: 0.5, count: n)]) { _ in
            // Mean 0 and sd 1 make this bitwise the plain −½xᵀx of the benchmark.
            var gaussian = diagonalGaussian(mean: Array(repeating: 0, count: n), sd: Array(repeating: 1, count: n))
            guard truncated else { return gaussian }
            // x₀ ≤ −1 is outside the support: failed evaluations, divergences.
            return ClosureLogDensity(dimension: n) { x, g in
                if x[0] <= -1 { throw LogDensityError.recoverable("x0 <= -1") }
                return try gaussian.logDensity(at: x, gradient: g)
            }
        }
        return String(ChainTrace.fingerprint(of: traces), radix: 16)
    }

    func testDrawsAreThoseOfThePlainImplementation() throws {
        #if os(Linux) && arch(x86_64)
        XCTAssertEqual(try fingerprint(.gradientDiagonal, seed: 1, dimension: 10), "f83bb9f8016566e4")
        XCTAssertEqual(try fingerprint(.windowedDiagonal, seed: 3, dimension: 10), "ba2c76b45447b6fe")
        XCTAssertEqual(try fingerprint(.lowRank, seed: 2, dimension: 10), "dd6c4b723cc77588")
        XCTAssertEqual(try fingerprint(.none, seed: 1, dimension: 10), "bfb7c70e4b9ccf0b")
        XCTAssertEqual(try fingerprint(.gradientDiagonal, seed: 2, dimension: 200), "d1c2cffca623271d")
        XCTAssertEqual(try fingerprint(.gradientDiagonal, seed: 1, dimension: 5, truncated: true), "270fbdd017b193ca")
        XCTAssertEqual(try fingerprint(.lowRank, seed: 3, dimension: 5, truncated: true), "ad55504f48914562")
        #else
        throw XCTSkip("fingerprints recorded on Linux x86-64 (glibc's exp, log and tanh)")
        #endif
    }

    /// The same seed gives the same fingerprint whatever the number of worker threads.
    func testFingerprintDoesNotDependOnCores() throws {
        var o = NUTSOptions()
        o.seed = 7
        o.tune = 200
        o.draws = 200
        var prints: [UInt64] = []
        for cores in [1, 3] {
            o.cores = cores
            let traces = try sampleNUTS(options: o, initialPoints: [[0.5, -0.5, 1]]) { _ in
                diagonalGaussian(mean: [0, 1, 2], sd: [1, 2, 3])
            }
            prints.append(ChainTrace.fingerprint(of: traces))
        }
        XCTAssertEqual(prints[0], prints[1])
    }
}
