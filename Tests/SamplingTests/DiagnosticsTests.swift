// DiagnosticsTests.swift — ESS and split R-hat against chains whose answers are known in closed form.

import RandomCore
import Sampling
import XCTest

final class DiagnosticsTests: XCTestCase {
    /// AR(1) chains x_t = φ x_{t−1} + sqrt(1−φ²) ε_t have integrated autocorrelation time
    /// τ = (1+φ)/(1−φ), so ESS ≈ M·N/τ.
    func testEffectiveSampleSizeOfAutoregressiveChains() throws {
        for phi in [0.0, 0.5, 0.9, -0.3] {
            let m = 4, n = 20000
            var chains: [[Double]] = []
            for c in 0..<m {
                var rng = RandomStream(seed: 99, stream: UInt64(c))
                var x = rng.standardNormal()
                var chain: [Double] = []
                for _ in 0..<n {
                    x = phi * x + (1 - phi * phi).squareRoot() * rng.standardNormal()
                    chain.append(x)
                }
                chains.append(chain)
            }
            let expected = Double(m * n) * (1 - phi) / (1 + phi)
            let ess = try XCTUnwrap(effectiveSampleSize(chains))
            XCTAssertEqual(ess / expected, 1, accuracy: 0.1, "phi = \(phi): ESS \(ess), expected \(expected)")
            let rhat = try XCTUnwrap(splitRHat(chains))
            XCTAssertLessThan(rhat, 1.01)
        }
    }

    func testRHatFlagsChainsThatDisagree() throws {
        var rng = RandomStream(seed: 1, stream: 0)
        let chains = (0..<4).map { c in (0..<500).map { _ in rng.standardNormal() + (c == 3 ? 2 : 0) } }
        let rhat = try XCTUnwrap(splitRHat(chains))
        XCTAssertGreaterThan(rhat, 1.1)
        XCTAssertNil(effectiveSampleSize([[1, 2, 3]]))
        XCTAssertNil(splitRHat([[1, 2, 3], [1, 2]]))
        XCTAssertEqual(effectiveSampleSize([[1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]), 10)
    }
}
