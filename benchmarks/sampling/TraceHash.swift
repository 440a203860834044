// TraceHash.swift — fingerprints of whole NUTS traces on fixed targets and seeds, to show that a change of the sampler's code leaves every draw bit-for-bit unchanged.

import Foundation
import Sampling

/// Gaussian with standard deviations from 1e-2 to 1e2 and non-zero means.
func illConditioned(_ n: Int) -> ClosureLogDensity {
    let sd = (0..<n).map { i in pow(10, -2 + 4 * Double(i) / Double(max(n - 1, 1))) }
    return ClosureLogDensity(dimension: n) { x, g in
        var lp = 0.0
        for i in 0..<n {
            let z = (x[i] - Double(i % 3)) / sd[i]
            lp -= 0.5 * z * z
            g[i] = -z / sd[i]
        }
        return lp
    }
}

/// Neal's funnel, v ~ N(0, 3), x_i | v ~ N(0, e^{v/2}): divergences, deep trees, rejected steps.
func funnel(_ n: Int) -> ClosureLogDensity {
    ClosureLogDensity(dimension: n) { x, g in
        let v = x[0]
        let precision = exp(-v)
        var lp = -v * v / 18
        g[0] = -v / 9
        for i in 1..<n {
            lp += -0.5 * x[i] * x[i] * precision - 0.5 * v
            g[i] = -x[i] * precision
            g[0] += 0.5 * x[i] * x[i] * precision - 0.5
        }
        return lp
    }
}

/// A standard normal truncated to x₀ > −1 by a recoverable error outside: failed evaluations.
func truncated(_ n: Int) -> ClosureLogDensity {
    ClosureLogDensity(dimension: n) { x, g in
        if x[0] <= -1 { throw LogDensityError.recoverable("x0 <= -1") }
        var lp = 0.0
        for i in 0..<n {
            lp -= 0.5 * x[i] * x[i]
            g[i] = -x[i]
        }
        return lp
    }
}

/// Samples every target with every adaptation and three seeds and prints the fingerprint of
/// each run. Run it on two versions of the sampler and compare the output.
func hashTraces() throws {
    let targets: [(String, Int, (Int) -> ClosureLogDensity)] = [
        ("iid", 10, gaussian), ("iid", 200, gaussian), ("illcond", 20, illConditioned),
        ("correlated", 12, correlated), ("funnel", 6, funnel), ("truncated", 5, truncated),
    ]
    for (name, n, make) in targets {
        for adaptation in MassMatrixAdaptation.allCases {
            for seed: UInt64 in [1, 2, 3] {
                var options = NUTSOptions()
                options.seed = seed
                options.adaptation = adaptation
                options.cores = 2
                options.tune = 300
                options.draws = 300
                options.jitter = 1
                options.maxTreeDepth = name == "funnel" ? 6 : 10
                let traces = try sampleNUTS(options: options, initialPoints: [Array(repeating: 0.5, count: n)]) { _ in make(n) }
                let hash = ChainTrace.fingerprint(of: traces)
                let steps = traces.reduce(0) { $0 + $1.gradientEvaluations }
                let divergences = traces.reduce(0) { $0 + $1.diverging.filter { $0 }.count }
                print("\(name) \(n) \(adaptation.rawValue) seed \(seed): \(String(hash, radix: 16)) (\(steps) steps, \(divergences) divergences)")
            }
        }
    }
}
