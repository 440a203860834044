// CompoundSampler.swift — compound chains: step methods over blocks of one joint state (NUTS for continuous blocks, Metropolis, DEMetropolisZ, Slice, Gibbs), run in order each iteration on worker threads with the same draws for any thread count.

import Dispatch
import RandomCore
import Synchronization

/// How a block of coordinates moves.
public enum StepMethod: Sendable {
    /// NUTS over the block (continuous coordinates), with the run's `NUTSOptions`; the other
    /// coordinates are held fixed during its trajectory.
    case nuts
    case metropolis(MetropolisSettings)
    case slice(SliceSettings)
    case binaryGibbs(BinaryGibbsSettings)
    case categoricalGibbs(CategoricalGibbsSettings)
    case deMetropolisZ(DEMetropolisZSettings)

    /// Per-iteration statistics the method records (NUTS records a `ChainTrace` instead).
    public var statNames: [String] {
        switch self {
        case .nuts, .binaryGibbs, .categoricalGibbs: return []
        case .metropolis: return ["accept", "accepted", "scaling"]
        case .slice: return ["nstep_out", "nstep_in"]
        case .deMetropolisZ: return ["accept", "accepted", "scaling", "lambda"]
        }
    }

    var name: String {
        switch self {
        case .nuts: return "NUTS"
        case .metropolis: return "Metropolis"
        case .slice: return "Slice"
        case .binaryGibbs: return "BinaryGibbsMetropolis"
        case .categoricalGibbs: return "CategoricalGibbsMetropolis"
        case .deMetropolisZ: return "DEMetropolisZ"
        }
    }
}

/// A step method and the flat coordinates it moves.
public struct StepBlock: Sendable {
    public var method: StepMethod
    public var coordinates: [Int]
    public init(_ method: StepMethod, coordinates: [Int]) {
        self.method = method
        self.coordinates = coordinates
    }
}

/// Throws `SamplingError.invalidOption` naming the first bad block. `discrete[i]` says whether
/// coordinate i holds integers (NUTS and Slice need continuous coordinates).
public func validateBlocks(_ blocks: [StepBlock], dimension: Int, discrete: [Bool]) throws {
    func check(_ ok: Bool, _ message: @autoclosure () -> String) throws {
        if !ok { throw SamplingError.invalidOption(message()) }
    }
    try check(!blocks.isEmpty, "give at least one step block")
    try check(discrete.count == dimension, "discrete flags for \(discrete.count) coordinates, the state has \(dimension)")
    var owner = [Int: Int]()
    for (b, block) in blocks.enumerated() {
        let label = "block \(b) (\(block.method.name))"
        let n = block.coordinates.count
        try check(n > 0, "\(label) has no coordinates")
        for i in block.coordinates {
            try check(i >= 0 && i < dimension, "\(label): coordinate \(i) is outside 0..<\(dimension)")
            if let other = owner[i] { try check(false, "\(label): coordinate \(i) is already moved by block \(other)") }
            owner[i] = b
        }
        let anyDiscrete = block.coordinates.contains { discrete[$0] }
        switch block.method {
        case .nuts:
            try check(!anyDiscrete, "\(label): NUTS cannot move discrete coordinates")
        case .slice(let s):
            try check(!anyDiscrete, "\(label): Slice cannot move discrete coordinates")
            try check(s.width.map { $0.count == n } ?? true, "\(label): \(s.width?.count ?? 0) widths for \(n) coordinates")
            try check(s.width?.allSatisfy { $0 > 0 && $0.isFinite } ?? true, "\(label): the slice widths w must be positive and finite")
            try check(s.iterationLimit >= 1, "\(label): iter_limit must be >= 1, got \(s.iterationLimit)")
        case .metropolis(let m):
            if let problem = proposalScaleProblem(m.proposal, m.proposalScale, coordinates: n) { try check(false, "\(label): \(problem)") }
            try check(m.proposal != .poisson || block.coordinates.allSatisfy { discrete[$0] },
                      "\(label): PoissonProposal makes integer jumps; use it on discrete variables only")
            try check(m.scaling > 0 && m.scaling.isFinite, "\(label): scaling must be positive and finite, got \(m.scaling)")
            try check(m.tuneInterval >= 1, "\(label): tune_interval must be >= 1, got \(m.tuneInterval)")
        case .deMetropolisZ(let z):
            try check(!anyDiscrete, "\(label): DEMetropolisZ cannot move discrete coordinates")
            try check(z.proposal != .poisson, "\(label): PoissonProposal makes integer jumps; DEMetropolisZ moves continuous variables")
            if let problem = proposalScaleProblem(z.proposal, z.proposalScale, coordinates: n) { try check(false, "\(label): \(problem)") }
            try check(z.scaling > 0 && z.scaling.isFinite, "\(label): scaling must be positive and finite, got \(z.scaling)")
            try check(z.lambda.map { $0 >= 0 && $0.isFinite } ?? true, "\(label): lamb must be non-negative and finite, got \(z.lambda ?? 0)")
            try check(z.tuneInterval >= 1, "\(label): tune_interval must be >= 1, got \(z.tuneInterval)")
            try check(z.tuneDropFraction >= 0 && z.tuneDropFraction <= 1, "\(label): tune_drop_fraction must be in [0, 1], got \(z.tuneDropFraction)")
        case .binaryGibbs(let g):
            try check(block.coordinates.allSatisfy { discrete[$0] }, "\(label): BinaryGibbsMetropolis needs binary (integer) coordinates")
            try check(g.transitionProbability >= 0 && g.transitionProbability <= 1, "\(label): transit_p must be in [0, 1], got \(g.transitionProbability)")
        case .categoricalGibbs(let g):
            try check(block.coordinates.allSatisfy { discrete[$0] }, "\(label): CategoricalGibbsMetropolis needs integer coordinates")
            try check(g.categories.count == n, "\(label): \(g.categories.count) category counts for \(n) coordinates")
            try check(g.categories.allSatisfy { $0 >= 2 && $0 <= 1 << 24 }, "\(label): every coordinate needs 2...16777216 categories")
        }
    }
}

/// One compound chain's record: the full state after each iteration (warm-up first), the joint
/// log density there, each gradient-free block's statistics and each NUTS block's own trace.
public struct CompoundTrace: Sendable {
    public let chain: Int
    public let dimension: Int
    public let tune: Int
    public internal(set) var positions: [Double] = []
    public internal(set) var logp: [Double] = []
    /// The statistics each block records (`blocks[b].method.statNames`).
    public let statNames: [[String]]
    /// stats[b][s][iteration]: statistic statNames[b][s] of block b.
    public internal(set) var stats: [[[Double]]]
    /// The trace of each NUTS block, by block index.
    public internal(set) var nuts: [Int: ChainTrace] = [:]
    public internal(set) var evaluations = 0
    public internal(set) var complete = false
    public var count: Int { logp.count }

    /// Coordinate i of every post-warm-up draw.
    public func draws(coordinate i: Int) -> [Double] {
        (min(tune, count)..<count).map { positions[$0 * dimension + i] }
    }
}

/// NUTS over a block: the block's coordinates written into the joint state, the joint density
/// evaluated, and the gradient of the block's coordinates read back.
struct BlockDensity: LogDensity {
    let state: JointState
    let coordinates: [Int]
    var dimension: Int { coordinates.count }

    mutating func logDensity(at position: UnsafeBufferPointer<Double>,
                             gradient: UnsafeMutableBufferPointer<Double>) throws -> Double {
        for (j, i) in coordinates.enumerated() { state.position[i] = position[j] }
        let value = try state.rawLogDensity()
        for (j, i) in coordinates.enumerated() { gradient[j] = state.gradient[i] }
        return value
    }
}

/// A NUTS block inside a compound chain.
struct NUTSBlockKernel: StepKernel {
    var chain: NUTSChain
    var trace: ChainTrace
    let coordinates: [Int]
    let alone: Bool
    let statNames: [String] = []

    /// Writes the chain's current point back into the joint state (trajectories and step-size
    /// guesses leave trial points there).
    func publish(_ state: JointState) {
        let q = chain.kernel.current.q
        for (j, i) in coordinates.enumerated() { state.position[i] = q[j] }
        state.logp = chain.kernel.current.logp
    }

    mutating func step(_ state: JointState, iteration: Int, tuning: Bool, stats: inout [Double]) throws {
        if !alone {
            // Other blocks moved since the last step: the cached log density and gradient are stale.
            let current = chain.kernel.current
            for (j, i) in coordinates.enumerated() { current.q[j] = state.position[i] }
            guard try chain.kernel.integrator.evaluate(current) else {
                throw LogDensityError.fatal("the log density or its gradient is not finite at the current point after the other steps moved")
            }
        }
        try chain.step(iteration, into: &trace)
        publish(state)
    }
}

/// Runs `options.chains` compound chains: each iteration runs `blocks` in order over one joint
/// state. `makeDensity(c)` gives chain c's joint log density over all coordinates (the gradient
/// is read only on NUTS blocks' coordinates); `discrete[i]` marks integer coordinates.
///
/// Block b of chain c draws from the Philox stream (seed, c, "step-b") (NUTS blocks from their
/// own NUTS streams), so traces do not depend on `cores`. Coordinates in no block stay at the
/// initial point. NUTS blocks jitter their start by `options.jitter`; the other settings of
/// `options` (target_accept, adaptation, ...) apply to every NUTS block.
public func sampleCompound<Density: LogDensity>(
    options: NUTSOptions, blocks: [StepBlock], discrete: [Bool], initialPoints: [[Double]],
    control: SamplingControl? = nil, makeDensity: @escaping (Int) throws -> Density
) throws -> [CompoundTrace] {
    guard initialPoints.count == 1 || initialPoints.count == options.chains else {
        throw SamplingError.invalidOption("give one initial point or one per chain (\(options.chains)), got \(initialPoints.count)")
    }
    let probe = try makeDensity(0)
    try options.validate(dimension: probe.dimension)
    try validateBlocks(blocks, dimension: probe.dimension, discrete: discrete)
    for point in initialPoints {
        guard point.count == probe.dimension else {
            throw SamplingError.invalidOption("an initial point has \(point.count) values, the density has dimension \(probe.dimension)")
        }
        for i in point.indices where discrete[i] && point[i].rounded() != point[i] {
            throw SamplingError.invalidOption("coordinate \(i) is discrete but its initial value \(point[i]) is not an integer")
        }
    }
    let control = control ?? SamplingControl(chains: options.chains)
    let results = Mutex<[Int: Result<CompoundTrace, Error>]>([:])
    let nextChain = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: min(options.cores, options.chains)) { _ in
        while true {
            let chain = nextChain.add(1, ordering: .relaxed).oldValue
            if chain >= options.chains { return }
            let start = initialPoints.count == 1 ? initialPoints[0] : initialPoints[chain]
            let outcome = Result {
                try runCompoundChain(chain: chain, start: start, options: options, blocks: blocks, discrete: discrete,
                                     control: control, density: try makeDensity(chain))
            }
            if case .failure = outcome { control.cancel() }
            results.withLock { $0[chain] = outcome }
        }
    }
    let collected = results.withLock { $0 }
    return try (0..<options.chains).map { chain in
        guard let outcome = collected[chain] else {
            throw SamplingError.densityFailed(chain: chain, message: "the chain did not run")
        }
        return try outcome.get()
    }
}

/// A stream seed for the k-th NUTS block: the run's seed for the first (so a compound run with
/// one NUTS block draws its momenta as plain NUTS would), decorrelated ones for the others.
private func nutsSeed(_ seed: UInt64, block k: Int) -> UInt64 {
    k == 0 ? seed : seed ^ (UInt64(k) &* 0x9E37_79B9_7F4A_7C15)
}

private func makeKernels(chain: Int, start: [Double], options: NUTSOptions, blocks: [StepBlock],
                         discrete: [Bool], state: JointState) throws -> [any StepKernel] {
    var kernels: [any StepKernel] = []
    var nutsBlocks = 0
    for (b, block) in blocks.enumerated() {
        let rng = RandomStream(seed: options.seed, chain: UInt32(truncatingIfNeeded: chain),
                               purpose: RandomStream.purposeID("step-\(b)"))
        let coords = block.coordinates
        switch block.method {
        case .nuts:
            var nutsOptions = options
            nutsOptions.seed = nutsSeed(options.seed, block: nutsBlocks)
            nutsBlocks += 1
            let density = BlockDensity(state: state, coordinates: coords)
            var nuts = NUTSChain(density: density, chain: chain, options: nutsOptions)
            try nuts.initialize(at: coords.map { start[$0] })
            let trace = ChainTrace(chain: chain, dimension: coords.count, tune: options.tune,
                                   capacity: options.tune + options.draws)
            let kernel = NUTSBlockKernel(chain: nuts, trace: trace, coordinates: coords, alone: blocks.count == 1)
            kernel.publish(state)
            kernels.append(kernel)
        case .metropolis(let settings):
            kernels.append(try MetropolisKernel(coordinates: coords, discrete: coords.map { discrete[$0] },
                                                settings: settings, rng: rng))
        case .deMetropolisZ(let settings):
            kernels.append(try DEMetropolisZKernel(coordinates: coords, settings: settings, rng: rng,
                                                   capacity: options.tune + options.draws))
        case .slice(let settings):
            kernels.append(SliceKernel(coordinates: coords, settings: settings, rng: rng))
        case .binaryGibbs(let settings):
            kernels.append(BinaryGibbsKernel(coordinates: coords, settings: settings, rng: rng))
        case .categoricalGibbs(let settings):
            kernels.append(CategoricalGibbsKernel(coordinates: coords, settings: settings, rng: rng))
        }
    }
    return kernels
}

private func runCompoundChain<Density: LogDensity>(
    chain: Int, start: [Double], options: NUTSOptions, blocks: [StepBlock], discrete: [Bool],
    control: SamplingControl, density: Density
) throws -> CompoundTrace {
    do {
        let state = JointState(density: density)
        for i in start.indices { state.position[i] = start[i] }
        var kernels = try makeKernels(chain: chain, start: start, options: options, blocks: blocks,
                                      discrete: discrete, state: state)
        // The jittered NUTS starts are in the state now; the joint density there must be finite.
        state.logp = try state.evaluate()
        guard state.logp.isFinite else {
            throw SamplingError.initialPointFailed(chain: chain, position: Array(state.position))
        }
        let total = options.tune + options.draws
        var trace = CompoundTrace(chain: chain, dimension: state.dimension, tune: options.tune,
                                  statNames: blocks.map(\.method.statNames),
                                  stats: blocks.map { $0.method.statNames.map { _ in [] } })
        trace.positions.reserveCapacity(total * state.dimension)
        var stats = blocks.map { Array(repeating: 0.0, count: $0.method.statNames.count) }
        for iteration in 0..<total {
            if control.isCancelled { break }
            var diverging = false, stepSize = 0.0
            for b in kernels.indices {
                try kernels[b].step(state, iteration: iteration, tuning: iteration < options.tune, stats: &stats[b])
                for s in stats[b].indices { trace.stats[b][s].append(stats[b][s]) }
                if let nuts = kernels[b] as? NUTSBlockKernel {
                    diverging = diverging || nuts.trace.diverging[iteration]
                    if stepSize == 0 { stepSize = nuts.trace.stepSize[iteration] }
                }
            }
            trace.positions.append(contentsOf: state.position)
            trace.logp.append(state.logp)
            control.report(chain: chain, done: iteration + 1, diverging: diverging, stepSize: stepSize)
        }
        for (b, kernel) in kernels.enumerated() {
            if var nuts = kernel as? NUTSBlockKernel {
                nuts.trace.complete = nuts.trace.count == total
                nuts.trace.gradientEvaluations = nuts.chain.kernel.integrator.evaluations
                trace.nuts[b] = nuts.trace
            }
        }
        trace.evaluations = state.evaluations
        trace.complete = trace.count == total
        return trace
    } catch let error as LogDensityError {
        throw SamplingError.densityFailed(chain: chain, message: error.description)
    }
}
