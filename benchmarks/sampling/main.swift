// main.swift — NUTS overhead: wall time and cost per leapfrog step on closed-form Gaussians (swift run -c release SamplingBenchmark [adaptation dim cores [iid|correlated]]); `hash` prints hashes of whole traces.

import Dispatch
import Sampling

func gaussian(_ n: Int) -> ClosureLogDensity {
    ClosureLogDensity(dimension: n) { x, g in
        var lp = 0.0
        for i in 0..<n {
            lp -= 0.5 * x[i] * x[i]
            g[i] = -x[i]
        }
        return lp
    }
}

/// N(0, I + 10n u uᵀ) with u = (1, …, 1)/√n: one direction of variance 10n + 1 shared by
/// every coordinate, so each coordinate's variance is ~11 while the other directions have
/// variance 1; the gradient-based diagonal (D ≈ √11) is off by ~3× on all of them and the
/// low-rank metric keeps (nearly) every direction: its most expensive case, k ≈ n.
func correlated(_ n: Int) -> ClosureLogDensity {
    let c = (1.0 / (10 * Double(n) + 1) - 1) / Double(n)
    return ClosureLogDensity(dimension: n) { x, g in
        var sum = 0.0
        for i in 0..<n { sum += x[i] }
        var lp = 0.0
        for i in 0..<n {
            g[i] = -(x[i] + c * sum)
            lp += 0.5 * x[i] * g[i]
        }
        return lp
    }
}

/// Wall time of one log-density evaluation alone, in ns: `calls` evaluations at points
/// that move a little each time (so no call can be hoisted), best of three rounds.
func densityCost(_ makeDensity: () -> ClosureLogDensity, calls: Int) throws -> Double {
    var density = makeDensity()
    let n = density.dimension
    var x = Array(repeating: 0.5, count: n)
    var g = Array(repeating: 0.0, count: n)
    var best = Double.infinity
    var sink = 0.0
    for _ in 0..<3 {
        let start = DispatchTime.now().uptimeNanoseconds
        for k in 0..<calls {
            x[k % n] += 1e-9
            sink += try x.withUnsafeBufferPointer { xp in
                try g.withUnsafeMutableBufferPointer { try density.logDensity(at: xp, gradient: $0) }
            }
        }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / Double(calls))
    }
    if sink == 42 { print("") }
    return best
}

/// Samples 4 chains x 2000 iterations and prints the wall time per leapfrog step.
func run(adaptation: MassMatrixAdaptation, dimension n: Int, cores: Int, target: String = "iid") throws {
    var options = NUTSOptions()
    options.cores = cores
    options.seed = 1
    options.adaptation = adaptation
    let start = DispatchTime.now().uptimeNanoseconds
    let traces = try sampleNUTS(options: options, initialPoints: [Array(repeating: 0.5, count: n)]) { _ in
        target == "correlated" ? correlated(n) : gaussian(n)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let evaluations = traces.reduce(0) { $0 + $1.gradientEvaluations }
    let perStep = seconds * 1e9 / Double(evaluations)
    let perStepText = Int(perStep.rounded())
    let millis = Int((seconds * 1000).rounded())
    let ranks = traces.map { "\($0.massMatrixEigenvalues.count)" }.joined(separator: "/")
    let gradient = try densityCost({ target == "correlated" ? correlated(n) : gaussian(n) }, calls: 1_000_000)
    let overhead = Int((perStep - gradient).rounded())
    print("\(adaptation.rawValue), \(target) dim \(n), 4 chains x 2000 iterations, cores \(cores): \(millis) ms, \(evaluations) leapfrog steps, \(perStepText) ns of wall time per step (\(Int(gradient.rounded())) ns the density, \(overhead) ns the sampler), low-rank directions \(ranks)")
}

let arguments = CommandLine.arguments.dropFirst()
let first = arguments.startIndex
if arguments.count >= 3, let adaptation = MassMatrixAdaptation(rawValue: arguments[first]),
   let n = Int(arguments[first + 1]), let cores = Int(arguments[first + 2]) {
    try run(adaptation: adaptation, dimension: n, cores: cores, target: arguments.count > 3 ? arguments[first + 3] : "iid")
} else if arguments.first == "hash" {
    try hashTraces()
} else if arguments.isEmpty {
    for n in [10, 100, 1000] {
        for cores in [1, 4] { try run(adaptation: .gradientDiagonal, dimension: n, cores: cores) }
    }
} else {
    print("usage: SamplingBenchmark [hash | adaptation (\(MassMatrixAdaptation.allCases.map(\.rawValue).joined(separator: ", "))) dimension cores [iid|correlated]]")
}
