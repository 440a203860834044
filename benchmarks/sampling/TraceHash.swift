// TraceHash.swift — hashes of whole NUTS traces on fixed targets and seeds, to show that a change of the sampler's code leaves every draw bit-for-bit unchanged.

import Foundation
import Sampling

/// FNV-1a over 64-bit words: a change of any bit of any recorded value changes the hash.
struct TraceHasher {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ word: UInt64) {
        // Byte by byte, as FNV-1a is defined (the prime 2^40 + 2^8 + 0xb3).
        var w = word
        for _ in 0..<8 {
            value = (value ^ (w & 0xff)) &* 0x0000_0100_0000_01b3
            w >>= 8
        }
    }

    mutating func add(_ xs: [Double]) {
        add(UInt64(xs.count))
        for x in xs { add(x.bitPattern) }
    }

    mutating func add(_ xs: [Int]) {
        add(UInt64(xs.count))
        for x in xs { add(UInt64(bitPattern: Int64(x))) }
    }

    mutating func add(_ xs: [Bool]) { add(xs.map { $0 ? 1 : 0 }) }

    /// Every field a trace records.
    mutating func add(_ t: ChainTrace) {
        add(t.positions); add(t.logp); add(t.energy); add(t.energyError)
        add(t.acceptanceRate); add(t.symmetricAcceptanceRate); add(t.stepSize); add(t.stepSizeBar)
        add(t.treeDepth); add(t.leapfrogSteps); add(t.indexInTrajectory)
        add(t.diverging); add(t.reachedMaxTreeDepth)
        add(t.inverseMass); add(t.massMatrixEigenvalues)
        add(t.finalStepSize.bitPattern); add(UInt64(t.gradientEvaluations))
    }
}

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

/// Samples every target with every adaptation and three seeds; prints one hash per run and
/// one over all of them. Run it on two versions of the sampler and compare the output.
func hashTraces() throws {
    let targets: [(String, Int, (Int) -> ClosureLogDensity)] = [
        ("iid", 10, gaussian), ("iid", 200, gaussian), ("illcond", 20, illConditioned),
        ("correlated", 12, correlated), ("funnel", 6, funnel), ("truncated", 5, truncated),
    ]
    var all = TraceHasher()
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
                var h = TraceHasher()
                for t in traces { h.add(t) }
                all.add(h.value)
                let steps = traces.reduce(0) { $0 + $1.gradientEvaluations }
                let divergences = traces.reduce(0) { $0 + $1.diverging.filter { $0 }.count }
                print("\(name) \(n) \(adaptation.rawValue) seed \(seed): \(String(h.value, radix: 16)) (\(steps) steps, \(divergences) divergences)")
            }
        }
    }
    print("all: \(String(all.value, radix: 16))")
}
