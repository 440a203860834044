// NUTSChain.swift — one NUTS chain: initialization, the warm-up schedule (step size and mass matrix), and the trace it records.

import RandomCore

/// Everything one chain recorded, warm-up draws first (`tune` of them), then the draws.
/// Positions are row-major: draw k is positions[k*dimension ..< (k+1)*dimension].
public struct ChainTrace: Sendable {
    public let chain: Int
    public let dimension: Int
    /// How many of the recorded draws are warm-up.
    public let tune: Int
    public internal(set) var positions: [Double] = []
    public internal(set) var logp: [Double] = []
    public internal(set) var energy: [Double] = []
    public internal(set) var energyError: [Double] = []
    public internal(set) var acceptanceRate: [Double] = []
    /// The symmetric acceptance statistic (TransitionInfo.symmetricAcceptanceRate), nutpie's mean_tree_accept_sym.
    public internal(set) var symmetricAcceptanceRate: [Double] = []
    public internal(set) var stepSize: [Double] = []
    public internal(set) var stepSizeBar: [Double] = []
    public internal(set) var treeDepth: [Int] = []
    public internal(set) var leapfrogSteps: [Int] = []
    public internal(set) var indexInTrajectory: [Int] = []
    public internal(set) var diverging: [Bool] = []
    public internal(set) var reachedMaxTreeDepth: [Bool] = []
    /// diag M⁻¹ and the step size at the end of warm-up.
    public internal(set) var inverseMass: [Double] = []
    /// The low-rank directions' eigenvalues λ at the end of warm-up (empty for a diagonal metric).
    public internal(set) var massMatrixEigenvalues: [Double] = []
    public internal(set) var finalStepSize = 0.0
    /// Log-density evaluations, warm-up included.
    public internal(set) var gradientEvaluations = 0
    /// False when sampling was cancelled before this chain drew everything.
    public internal(set) var complete = false

    /// Number of recorded iterations (warm-up included).
    public var count: Int { logp.count }

    init(chain: Int, dimension: Int, tune: Int, capacity: Int) {
        self.chain = chain
        self.dimension = dimension
        self.tune = tune
        positions.reserveCapacity(capacity * dimension)
        reserveStatistics(capacity)
    }

    private mutating func reserveStatistics(_ n: Int) {
        logp.reserveCapacity(n); energy.reserveCapacity(n); energyError.reserveCapacity(n)
        acceptanceRate.reserveCapacity(n); stepSize.reserveCapacity(n); stepSizeBar.reserveCapacity(n)
        symmetricAcceptanceRate.reserveCapacity(n)
        treeDepth.reserveCapacity(n); leapfrogSteps.reserveCapacity(n); indexInTrajectory.reserveCapacity(n)
        diverging.reserveCapacity(n); reachedMaxTreeDepth.reserveCapacity(n)
    }

    mutating func record(_ info: TransitionInfo, position: UnsafePointer<Double>, stepSizeBar bar: Double) {
        positions.append(contentsOf: UnsafeBufferPointer(start: position, count: dimension))
        logp.append(info.logp); energy.append(info.energy); energyError.append(info.energyError)
        acceptanceRate.append(info.acceptanceRate); stepSize.append(info.stepSize); stepSizeBar.append(bar)
        symmetricAcceptanceRate.append(info.symmetricAcceptanceRate)
        treeDepth.append(info.treeDepth); leapfrogSteps.append(info.leapfrogSteps)
        indexInTrajectory.append(info.indexInTrajectory); diverging.append(info.diverging)
        reachedMaxTreeDepth.append(info.reachedMaxTreeDepth)
    }

    /// Coordinate i of every post-warm-up draw.
    public func draws(coordinate i: Int) -> [Double] {
        (min(tune, count)..<count).map { positions[$0 * dimension + i] }
    }
}

/// One chain's sampler: the NUTS kernel plus the adaptation state.
struct NUTSChain {
    var kernel: NUTSKernel
    let options: NUTSOptions
    let chain: Int
    var rng: RandomStream
    private var dual: DualAveraging
    private var gradientEstimator: GradientDiagonalEstimator
    private var lowRankEstimator: LowRankEstimator
    private var lastLowRankUpdate = 0
    private var varianceMoments: RunningMoments
    private let windows: StanWindows
    private let windowEnds: Set<Int>
    private var massMatrixChanged = false
    /// The step size before jitter: dual averaging's iterate while tuning, its average after.
    private var stepSize: Double
    /// nutpie's schedule (gradient-based metrics) also takes nutpie's step-size jitter and its
    /// late-warm-up acceptance statistic; Stan's windowed schedule keeps a fixed ε as Stan does.
    private let followsNutpie: Bool

    init<Density: LogDensity>(density: Density, chain: Int, options: NUTSOptions) {
        self.options = options
        self.chain = chain
        rng = RandomStream(seed: options.seed, chain: UInt32(truncatingIfNeeded: chain),
                           purpose: RandomStream.purposeID("nuts"))
        let integrator = Integrator(density: ErasedLogDensity(density), stepSize: options.initialStepSize)
        kernel = NUTSKernel(integrator: integrator, maxTreeDepth: options.maxTreeDepth,
                            maxEnergyError: options.maxEnergyError)
        let n = density.dimension
        dual = DualAveraging(initialStepSize: options.initialStepSize, target: options.targetAccept)
        stepSize = options.initialStepSize
        followsNutpie = options.adaptation == .gradientDiagonal || options.adaptation == .lowRank
        gradientEstimator = GradientDiagonalEstimator(dimension: n)
        lowRankEstimator = LowRankEstimator(dimension: n)
        varianceMoments = RunningMoments(dimension: n)
        windows = StanWindows(tune: options.tune)
        windowEnds = Set(windows.windowEnds)
    }

    var dimension: Int { kernel.dimension }

    /// Sets the starting point: `start` plus uniform(−jitter, jitter) noise, retried up to ten
    /// times (PyMC's jitter+adapt_diag) until the log density and gradient are finite.
    mutating func initialize(at start: [Double]) throws {
        let n = dimension
        guard start.count == n else {
            throw SamplingError.invalidOption("chain \(chain): initial point has \(start.count) values, the density has dimension \(n)")
        }
        var initRNG = RandomStream(seed: options.seed, chain: UInt32(truncatingIfNeeded: chain),
                                   purpose: RandomStream.purposeID("nuts-init"))
        let attempts = options.jitter > 0 ? 10 : 1
        let point = kernel.current
        for _ in 0..<attempts {
            for i in 0..<n {
                let u = options.jitter > 0 ? options.jitter * (2 * initRNG.uniform() - 1) : 0
                point.q[i] = start[i] + u
            }
            if try kernel.integrator.evaluate(point) { break }
        }
        guard point.logp.isFinite else {
            throw SamplingError.initialPointFailed(chain: chain, position: Array(UnsafeBufferPointer(start: point.q, count: n)))
        }
        let inverseMass = kernel.integrator.inverseMass
        if let given = options.initialInverseMass {
            for i in 0..<n { inverseMass[i] = given[i] }
        } else if options.adaptation == .gradientDiagonal || options.adaptation == .lowRank {
            GradientDiagonalEstimator.initial(gradient: point.gradient, into: inverseMass)
        }
        if options.adaptation == .gradientDiagonal {
            gradientEstimator.add(position: point.q, gradient: point.gradient)
        } else if options.adaptation == .lowRank {
            lowRankEstimator.add(position: point.q, gradient: point.gradient)
        }
        try restartStepSize()
    }

    /// A new step-size guess at the current point, and dual averaging restarted from it.
    private mutating func restartStepSize() throws {
        guard options.tune > 0 else { return }
        let (start, scratch, trial) = (kernel.current, kernel.scratch, kernel.trial)
        let eps = try kernel.integrator.guessStepSize(
            from: start, scratch: scratch, trial: trial, fallback: options.initialStepSize,
            target: options.targetAccept, rng: &rng)
        kernel.integrator.stepSize = eps
        stepSize = eps
        dual = DualAveraging(initialStepSize: eps, target: options.targetAccept)
    }

    /// One iteration (draw index counts warm-up first); adapts while draw < tune.
    mutating func step(_ draw: Int, into trace: inout ChainTrace) throws {
        kernel.integrator.stepSize = followsNutpie ? StepSizeJitter.jittered(stepSize, &rng) : stepSize
        let info = try kernel.transition(&rng)
        trace.record(info, position: kernel.current.q, stepSizeBar: dual.adaptedStepSize)
        if draw < options.tune { try adapt(draw, info) }
        if draw == options.tune - 1 || (options.tune == 0 && draw == 0) { recordMetric(into: &trace) }
    }

    /// The metric's diagonal, its low-rank eigenvalues and the step size, into the trace.
    func recordMetric(into trace: inout ChainTrace) {
        let metric = kernel.integrator.metric
        trace.inverseMass = metric.inverseDiagonal
        trace.massMatrixEigenvalues = metric.eigenvalues
        trace.finalStepSize = stepSize
    }

    private mutating func adapt(_ draw: Int, _ info: TransitionInfo) throws {
        let tune = options.tune
        let current = kernel.current
        // nuts-rs's late phase: once no switch of the mass-matrix windows can come any more, dual
        // averaging follows the symmetric acceptance statistic (see TransitionInfo).
        var late = false
        switch options.adaptation {
        case .gradientDiagonal, .lowRank:
            let stepSizeOnlyFrom = tune - Int(0.15 * Double(tune))
            let switchEvery = draw < Int(0.3 * Double(tune)) ? 10 : 80
            late = draw + switchEvery > stepSizeOnlyFrom
            if draw < stepSizeOnlyFrom {
                // `if case`, not ==: a raw-valued enum's == may compare the String raw values.
                let changed: Bool
                if case .lowRank = options.adaptation {
                    changed = adaptLowRank(draw, info, switchEvery: switchEvery, stepSizeOnlyFrom: stepSizeOnlyFrom)
                } else {
                    changed = adaptGradientDiagonal(draw, info, switchEvery: switchEvery, stepSizeOnlyFrom: stepSizeOnlyFrom)
                }
                if changed && !massMatrixChanged {
                    // The first estimate can change the scales by orders of magnitude: guess afresh.
                    massMatrixChanged = true
                    try restartStepSize()
                    return
                }
            }
        case .windowedDiagonal:
            if windows.isSlow(draw) { varianceMoments.add(current.q) }
            if windowEnds.contains(draw) {
                let inverseMass = kernel.integrator.inverseMass
                for i in 0..<dimension {
                    inverseMass[i] = StanWindows.regularized(varianceMoments.variance(i) * Double(varianceMoments.count)
                        / Double(max(varianceMoments.count - 1, 1)), count: varianceMoments.count)
                }
                varianceMoments.reset()
                try restartStepSize()
                return
            }
        case .none:
            break
        }
        dual.update(acceptance: late ? info.symmetricAcceptanceRate : info.acceptanceRate)
        stepSize = draw == tune - 1 ? dual.adaptedStepSize : dual.stepSize
        kernel.integrator.stepSize = stepSize
    }

    /// nutpie's schedule for the gradient-based diagonal: every draw that moved enters both
    /// windows, the background replaces the foreground every `switchEvery` draws (unless too
    /// close to the end), and M⁻¹ is rewritten after every draw.
    @inline(__always)
    private mutating func adaptGradientDiagonal(_ draw: Int, _ info: TransitionInfo, switchEvery: Int,
                                                stepSizeOnlyFrom: Int) -> Bool {
        let current = kernel.current
        if GradientDiagonalEstimator.learns(from: info) { gradientEstimator.add(position: current.q, gradient: current.gradient) }
        if gradientEstimator.backgroundDraws.count >= switchEvery && draw + switchEvery <= stepSizeOnlyFrom {
            gradientEstimator.switchToBackground()
        }
        return gradientEstimator.write(into: kernel.integrator.inverseMass)
    }

    /// The same windows for the low-rank matrix, which costs eigen-decompositions: it is
    /// recomputed at each switch and otherwise every `updateInterval` draws (nutpie's
    /// mass_matrix_update_freq).
    private mutating func adaptLowRank(_ draw: Int, _ info: TransitionInfo, switchEvery: Int,
                                       stepSizeOnlyFrom: Int) -> Bool {
        let current = kernel.current
        if GradientDiagonalEstimator.learns(from: info) { lowRankEstimator.add(position: current.q, gradient: current.gradient) }
        var due = draw - lastLowRankUpdate >= options.lowRank.updateInterval
        if lowRankEstimator.backgroundCount >= switchEvery && draw + switchEvery <= stepSizeOnlyFrom {
            lowRankEstimator.switchToBackground()
            due = true
        }
        guard due, lowRankEstimator.update(kernel.integrator.metric, settings: options.lowRank) else { return false }
        lastLowRankUpdate = draw
        return true
    }
}

extension ChainTrace {
    /// A 64-bit FNV-1a hash of the bits of every value the traces recorded (draws and
    /// statistics, warm-up included, the metric, the step size, the gradient count), in
    /// chain order: two runs with the same fingerprint drew the same trajectories, so a
    /// change of the sampler's code that must not change the draws can be checked with it.
    public static func fingerprint(of traces: [ChainTrace]) -> UInt64 {
        var h = FNV1a()
        for t in traces {
            h.add(t.positions); h.add(t.logp); h.add(t.energy); h.add(t.energyError)
            h.add(t.acceptanceRate); h.add(t.symmetricAcceptanceRate); h.add(t.stepSize); h.add(t.stepSizeBar)
            h.add(t.treeDepth); h.add(t.leapfrogSteps); h.add(t.indexInTrajectory)
            h.add(t.diverging.map { $0 ? 1 : 0 }); h.add(t.reachedMaxTreeDepth.map { $0 ? 1 : 0 })
            h.add(t.inverseMass); h.add(t.massMatrixEigenvalues)
            h.add(t.finalStepSize.bitPattern); h.add(UInt64(t.gradientEvaluations))
        }
        return h.value
    }
}

/// FNV-1a over 64-bit words, byte by byte (offset basis 0xcbf29ce484222325, prime 2^40 + 2^8 + 0xb3).
private struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ word: UInt64) {
        var w = word
        for _ in 0..<8 {
            value = (value ^ (w & 0xff)) &* 0x0000_0100_0000_01b3
            w >>= 8
        }
    }

    /// The count, then each value's bits.
    mutating func add(_ xs: [Double]) {
        add(UInt64(xs.count))
        for x in xs { add(x.bitPattern) }
    }

    mutating func add(_ xs: [Int]) {
        add(UInt64(xs.count))
        for x in xs { add(UInt64(bitPattern: Int64(x))) }
    }
}
