// NUTSSampler.swift — options, errors and the multi-chain driver: chains on worker threads, same draws for a seed whatever the thread count.

import Dispatch
import RandomCore
import Synchronization

/// NUTS settings, with PyMC's defaults.
public struct NUTSOptions: Sendable {
    public var draws = 1000
    public var tune = 1000
    public var chains = 4
    /// Worker threads; chains beyond it wait for a free worker. Does not change the draws.
    public var cores = 4
    public var seed: UInt64 = 0
    public var targetAccept = 0.8
    public var maxTreeDepth = 10
    /// A leapfrog step whose energy error exceeds this is a divergence.
    public var maxEnergyError = 1000.0
    /// The fallback and the starting guess of the step-size search.
    public var initialStepSize = 0.1
    public var adaptation: MassMatrixAdaptation = .gradientDiagonal
    /// Rank, eigenvalue cutoff and regularization of `.lowRank`.
    public var lowRank = LowRankSettings()
    /// Half-width of the uniform noise added to the initial point (PyMC's jitter+adapt_diag uses 1).
    public var jitter = 0.0
    /// diag M⁻¹ to start from (default: 1, or 1/|∇log π| for the gradient-based adaptation).
    public var initialInverseMass: [Double]? = nil

    public init() {}

    /// Throws `SamplingError.invalidOption` naming the first bad setting.
    public func validate(dimension: Int) throws {
        func check(_ ok: Bool, _ message: @autoclosure () -> String) throws {
            if !ok { throw SamplingError.invalidOption(message()) }
        }
        try check(draws >= 0, "draws must be >= 0, got \(draws)")
        try check(tune >= 0, "tune must be >= 0, got \(tune)")
        try check(chains >= 1, "chains must be >= 1, got \(chains)")
        try check(cores >= 1, "cores must be >= 1, got \(cores)")
        try check(targetAccept > 0 && targetAccept < 1, "target_accept must be in (0, 1), got \(targetAccept)")
        try check(maxTreeDepth >= 1 && maxTreeDepth <= 30, "max_treedepth must be in 1...30, got \(maxTreeDepth)")
        try check(maxEnergyError > 0, "the divergence threshold must be positive, got \(maxEnergyError)")
        try check(initialStepSize > 0 && initialStepSize.isFinite, "the initial step size must be positive and finite, got \(initialStepSize)")
        try check(jitter >= 0 && jitter.isFinite, "jitter must be >= 0 and finite, got \(jitter)")
        try check(dimension >= 1, "the log density has dimension \(dimension); NUTS needs at least one continuous variable")
        if adaptation == .lowRank { try lowRank.validate() }
        if let m = initialInverseMass {
            try check(m.count == dimension, "the initial inverse mass matrix has \(m.count) entries, the density has dimension \(dimension)")
            try check(m.allSatisfy { $0 > 0 && $0.isFinite }, "the initial inverse mass matrix must be positive and finite")
        }
    }
}

public enum SamplingError: Error, Sendable, CustomStringConvertible, Equatable {
    case invalidOption(String)
    /// The log density is not finite at the initial point of a chain (after the jitter retries).
    case initialPointFailed(chain: Int, position: [Double])
    /// The log density raised a fatal error.
    case densityFailed(chain: Int, message: String)

    public var description: String {
        switch self {
        case .invalidOption(let message): return message
        case .initialPointFailed(let chain, let position):
            let shown = position.prefix(10).map { "\($0)" }.joined(separator: ", ")
            return "chain \(chain): the log density or its gradient is not finite at the initial point [\(shown)\(position.count > 10 ? ", ..." : "")]"
        case .densityFailed(let chain, let message): return "chain \(chain): \(message)"
        }
    }
}

/// Watches and stops a running sampler from another thread: per-chain progress and
/// divergences (for a progress bar), and cancellation (Ctrl-C) after which every chain
/// stops at its next draw and returns what it has.
public final class SamplingControl: Sendable {
    private struct State {
        var done: [Int]
        var divergences: [Int]
        var stepSize: [Double]
    }
    private let cancelled = Atomic<Bool>(false)
    private let state: Mutex<State>

    public init(chains: Int) {
        state = Mutex(State(done: Array(repeating: 0, count: chains), divergences: Array(repeating: 0, count: chains),
                            stepSize: Array(repeating: 0, count: chains)))
    }

    public func cancel() { cancelled.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Iterations finished (warm-up included), divergences so far and the current step size of each chain.
    public func progress() -> (done: [Int], divergences: [Int], stepSize: [Double]) {
        state.withLock { ($0.done, $0.divergences, $0.stepSize) }
    }

    func report(chain: Int, done: Int, diverging: Bool, stepSize: Double) {
        state.withLock {
            guard chain < $0.done.count else { return }
            $0.done[chain] = done
            if diverging { $0.divergences[chain] += 1 }
            $0.stepSize[chain] = stepSize
        }
    }
}

/// Runs `options.chains` NUTS chains and returns their traces in chain order.
///
/// - Parameters:
///   - initialPoints: one starting point for all chains, or one per chain.
///   - makeDensity: a fresh log density for chain c (called on the chain's worker thread).
///
/// Chain c draws from the Philox stream (seed, c, "nuts") alone, so its trace is the same
/// for any `cores`. A fatal density error stops all chains and is thrown; cancellation
/// through `control` returns the partial traces (marked incomplete).
public func sampleNUTS<Density: LogDensity>(
    options: NUTSOptions, initialPoints: [[Double]], control: SamplingControl? = nil,
    makeDensity: @escaping (Int) throws -> Density
) throws -> [ChainTrace] {
    guard initialPoints.count == 1 || initialPoints.count == options.chains else {
        throw SamplingError.invalidOption("give one initial point or one per chain (\(options.chains)), got \(initialPoints.count)")
    }
    let control = control ?? SamplingControl(chains: options.chains)
    let results = Mutex<[Int: Result<ChainTrace, Error>]>([:])
    let nextChain = Atomic<Int>(0)
    let workers = min(options.cores, options.chains)
    // Validate once against the first density before spawning work.
    let probe = try makeDensity(0)
    try options.validate(dimension: probe.dimension)

    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let chain = nextChain.add(1, ordering: .relaxed).oldValue
            if chain >= options.chains { return }
            let start = initialPoints.count == 1 ? initialPoints[0] : initialPoints[chain]
            let outcome = Result { try runChain(chain: chain, start: start, options: options, control: control, makeDensity: makeDensity) }
            if case .failure = outcome { control.cancel() }
            results.withLock { $0[chain] = outcome }
        }
    }

    let collected = results.withLock { $0 }
    var traces: [ChainTrace] = []
    for chain in 0..<options.chains {
        switch collected[chain] {
        case .success(let trace): traces.append(trace)
        case .failure(let error): throw error
        case nil: throw SamplingError.densityFailed(chain: chain, message: "the chain did not run")
        }
    }
    return traces
}

private func runChain<Density: LogDensity>(
    chain: Int, start: [Double], options: NUTSOptions, control: SamplingControl,
    makeDensity: (Int) throws -> Density
) throws -> ChainTrace {
    do {
        var sampler = NUTSChain(density: try makeDensity(chain), chain: chain, options: options)
        try sampler.initialize(at: start)
        let total = options.tune + options.draws
        var trace = ChainTrace(chain: chain, dimension: sampler.dimension, tune: options.tune, capacity: total)
        for draw in 0..<total {
            if control.isCancelled { break }
            try sampler.step(draw, into: &trace)
            control.report(chain: chain, done: draw + 1, diverging: trace.diverging[draw],
                           stepSize: trace.stepSize[draw])
        }
        trace.complete = trace.count == total
        trace.gradientEvaluations = sampler.kernel.integrator.evaluations
        if trace.inverseMass.isEmpty { sampler.recordMetric(into: &trace) }
        return trace
    } catch let error as LogDensityError {
        throw SamplingError.densityFailed(chain: chain, message: error.description)
    }
}
