// StepMethods.swift — the gradient-free step methods of a compound chain: the shared chain state, Metropolis (PyMC's proposals and their tuning) and Slice (stepping out, width tuning).

import RandomCore
import RealModule

/// A log density that can also be evaluated without its gradient, which the gradient-free
/// steps (Metropolis, Slice, Gibbs) use when it is cheaper.
public protocol ValueLogDensity: LogDensity {
    mutating func logDensityValue(at position: UnsafeBufferPointer<Double>) throws -> Double
}

/// The full position of one compound chain and the joint log density over it. Every step
/// method moves some coordinates of `position` in place and leaves `logp` equal to the log
/// density at the position it ends on.
final class JointState {
    let dimension: Int
    let position: UnsafeMutableBufferPointer<Double>
    /// The gradient of the last `rawLogDensity` call (entries of discrete coordinates unused).
    let gradient: UnsafeMutableBufferPointer<Double>
    var logp = -Double.infinity
    private(set) var evaluations = 0
    private var density: any LogDensity
    /// The same density when it can skip the gradient (it keeps no state between calls).
    private var valueDensity: (any ValueLogDensity)?

    init(density: some LogDensity) {
        self.density = density
        valueDensity = density as? any ValueLogDensity
        dimension = density.dimension
        position = .allocate(capacity: max(dimension, 1))
        position.initialize(repeating: 0)
        gradient = .allocate(capacity: max(dimension, 1))
        gradient.initialize(repeating: 0)
    }

    deinit {
        position.deallocate()
        gradient.deallocate()
    }

    /// The log density and gradient at `position`, errors as the density throws them.
    func rawLogDensity() throws -> Double {
        evaluations += 1
        return try density.logDensity(at: UnsafeBufferPointer(rebasing: position[0..<dimension]),
                                      gradient: UnsafeMutableBufferPointer(rebasing: gradient[0..<dimension]))
    }

    /// The log density at `position` for an accept/reject decision: a point the density cannot
    /// evaluate (a recoverable error, NaN, +-inf) counts as -inf, so a move there is rejected.
    func evaluate() throws -> Double {
        do {
            let value: Double
            if var valueOnly = valueDensity {
                evaluations += 1
                value = try valueOnly.logDensityValue(at: UnsafeBufferPointer(rebasing: position[0..<dimension]))
                valueDensity = valueOnly
            } else {
                value = try rawLogDensity()
            }
            return value.isFinite ? value : -.infinity
        } catch LogDensityError.recoverable {
            return -.infinity
        }
    }
}

/// One step method of a compound chain: moves its coordinates of the state once per iteration
/// and writes its per-iteration statistics (`statNames`, in order) into `stats`.
protocol StepKernel {
    var statNames: [String] { get }
    mutating func step(_ state: JointState, iteration: Int, tuning: Bool, stats: inout [Double]) throws
}

/// PyMC's metrop_select: accept with probability min(1, exp(logRatio)); a non-finite ratio
/// (a proposal outside the support) is rejected without drawing.
@inline(__always)
func metropolisAccept(_ logRatio: Double, _ rng: inout RandomStream) -> Bool {
    logRatio.isFinite && Double.log(rng.uniform()) < logRatio
}

/// Fisher–Yates shuffle with the chain's stream (PyMC shuffles the Gibbs and elementwise orders).
func shuffle<T>(_ values: inout [T], _ rng: inout RandomStream) {
    var i = values.count - 1
    while i > 0 {
        let j = Int(rng.nextUInt64(below: UInt64(i + 1)))
        values.swapAt(i, j)
        i -= 1
    }
}

/// PyMC's Metropolis settings (`pm.Metropolis(S=..., proposal_dist=..., scaling=..., tune=..., tune_interval=...)`).
public struct MetropolisSettings: Sendable {
    /// The jump distribution (PyMC's `proposal_dist`).
    public var proposal = ProposalDistribution.normal
    /// The proposal's S: one scale per coordinate (nil: ones), or for `.multivariateNormal` the
    /// block's n×n covariance matrix, row-major (nil: the identity).
    public var proposalScale: [Double]? = nil
    /// Initial scale factor of the proposal.
    public var scaling = 1.0
    /// Whether the scaling is tuned during warm-up.
    public var tune = true
    /// Iterations between two scaling updates.
    public var tuneInterval = 100
    /// Propose and accept one coordinate at a time in a shuffled order, each with its own
    /// scaling (PyMC's elemwise_update); false moves the whole block at once. Ignored by
    /// `.multivariateNormal`, which always moves its block at once: its coordinates' jumps are
    /// correlated, and accepting them one at a time would discard the correlation.
    public var elementwise = true
    public init() {}
}

/// PyMC's proposal tuning: the scale factor from the acceptance rate of the last interval.
public func tunedScaling(_ scale: Double, acceptance rate: Double) -> Double {
    if rate < 0.001 { return scale * 0.1 }
    if rate < 0.05 { return scale * 0.5 }
    if rate < 0.2 { return scale * 0.9 }
    if rate > 0.95 { return scale * 10 }
    if rate > 0.75 { return scale * 2 }
    if rate > 0.5 { return scale * 1.1 }
    return scale
}

/// Random-walk Metropolis on a block of coordinates: jumps drawn from the proposal times the
/// scaling, rounded to integers on discrete coordinates (rounding half to even is odd-symmetric,
/// so a symmetric proposal stays symmetric and the chain stays on the lattice), tuned every
/// `tuneInterval` iterations while warming up. The Poisson proposal is asymmetric and gets its
/// Hastings correction.
struct MetropolisKernel: StepKernel {
    let coordinates: [Int]
    let discrete: [Bool]
    let settings: MetropolisSettings
    /// One acceptance per coordinate (settings.elementwise, unless the jump is a correlated one).
    let elementwise: Bool
    var rng: RandomStream
    private var proposal: ProposalSampler
    private var scaling: [Double]
    private var acceptedSum: [Int]
    private var stepsUntilTune: Int
    private var order: [Int]
    private var delta: [Double]
    /// log q(x | x') − log q(x' | x) per coordinate (zero for the symmetric proposals).
    private var hastings: [Double]
    private var old: [Double]
    private var logRatio: [Double]
    private var accepted: [Bool]

    let statNames = ["accept", "accepted", "scaling"]

    init(coordinates: [Int], discrete: [Bool], settings: MetropolisSettings, rng: RandomStream) throws {
        proposal = try ProposalSampler(settings.proposal, scale: settings.proposalScale, coordinates: coordinates.count,
                                       step: "Metropolis")
        self.coordinates = coordinates
        self.discrete = discrete
        self.settings = settings
        self.rng = rng
        elementwise = settings.elementwise && settings.proposal != .multivariateNormal
        let tuned = elementwise ? coordinates.count : 1
        scaling = Array(repeating: settings.scaling, count: tuned)
        acceptedSum = Array(repeating: 0, count: tuned)
        logRatio = Array(repeating: 0, count: tuned)
        accepted = Array(repeating: false, count: tuned)
        stepsUntilTune = settings.tuneInterval
        order = Array(coordinates.indices)
        delta = Array(repeating: 0, count: coordinates.count)
        hastings = Array(repeating: 0, count: coordinates.count)
        old = Array(repeating: 0, count: coordinates.count)
    }

    mutating func step(_ state: JointState, iteration: Int, tuning: Bool, stats: inout [Double]) throws {
        if stepsUntilTune == 0 && tuning && settings.tune {
            for k in scaling.indices {
                scaling[k] = tunedScaling(scaling[k], acceptance: Double(acceptedSum[k]) / Double(settings.tuneInterval))
                acceptedSum[k] = 0
            }
            stepsUntilTune = settings.tuneInterval
        }
        // PyMC: delta = proposal_dist() * scaling, then np.round on the discrete coordinates.
        proposal.draw(into: &delta, &rng)
        for j in coordinates.indices {
            let c = scaling[elementwise ? j : 0]
            let d = delta[j] * c
            // np.round rounds halves to even; so does this.
            delta[j] = discrete[j] ? d.rounded(.toNearestOrEven) : d
            if settings.proposal == .poisson {
                let s = proposal.scale[j]
                let reverse = poissonJumpLogProbability(-delta[j], s: s, c: c)
                let forward = poissonJumpLogProbability(delta[j], s: s, c: c)
                // The drawn jump always has a finite forward probability; -inf - -inf would be NaN.
                hastings[j] = forward.isFinite ? reverse - forward : -.infinity
            }
        }
        if elementwise {
            try stepElementwise(state)
        } else {
            try stepBlock(state)
        }
        stepsUntilTune -= 1
        var accept = 0.0, acceptedMean = 0.0
        for k in logRatio.indices {
            accept += Double.exp(logRatio[k])
            acceptedMean += accepted[k] ? 1 : 0
        }
        let n = Double(logRatio.count)
        stats[0] = accept / n
        stats[1] = acceptedMean / n
        stats[2] = scaling.reduce(0, +) / Double(scaling.count)
    }

    private mutating func stepElementwise(_ state: JointState) throws {
        shuffle(&order, &rng)
        for j in order {
            let i = coordinates[j]
            let before = state.position[i]
            state.position[i] = before + delta[j]
            let proposed = try state.evaluate()
            logRatio[j] = proposed - state.logp + hastings[j]
            accepted[j] = metropolisAccept(logRatio[j], &rng)
            if accepted[j] {
                state.logp = proposed
                acceptedSum[j] += 1
            } else {
                state.position[i] = before
            }
        }
    }

    private mutating func stepBlock(_ state: JointState) throws {
        var correction = 0.0
        for (j, i) in coordinates.enumerated() {
            old[j] = state.position[i]
            state.position[i] += delta[j]
            correction += hastings[j]
        }
        let proposed = try state.evaluate()
        logRatio[0] = proposed - state.logp + correction
        accepted[0] = metropolisAccept(logRatio[0], &rng)
        if accepted[0] {
            state.logp = proposed
            acceptedSum[0] += 1
        } else {
            for (j, i) in coordinates.enumerated() { state.position[i] = old[j] }
        }
    }
}

/// PyMC's Slice settings (`pm.Slice(w=..., tune=..., iter_limit=...)`).
public struct SliceSettings: Sendable {
    /// Initial width of the slice, per coordinate (nil: 1 for every coordinate).
    public var width: [Double]? = nil
    /// Whether the widths are tuned (running mean of the final intervals) during warm-up.
    public var tune = true
    /// Most stepping-out or shrinking steps in one update before sampling stops with an error
    /// (an improper or flat density would otherwise step out forever).
    public var iterationLimit = 1_000_000
    public init() {}
}

/// Univariate slice sampling (Neal 2003) on each coordinate in turn: a level under the current
/// density, an interval of width w placed at random and stepped out until both ends are below
/// the level, then uniform draws from the interval shrunk towards the current point until one
/// is above the level.
struct SliceKernel: StepKernel {
    let coordinates: [Int]
    let settings: SliceSettings
    var rng: RandomStream
    private var width: [Double]
    private var tunedCount = 0.0

    let statNames = ["nstep_out", "nstep_in"]

    init(coordinates: [Int], settings: SliceSettings, rng: RandomStream) {
        self.coordinates = coordinates
        self.settings = settings
        self.rng = rng
        width = settings.width ?? Array(repeating: 1, count: coordinates.count)
    }

    private func limitError(_ what: String) -> LogDensityError {
        .fatal("Slice: \(what) took more than \(settings.iterationLimit) steps; the density may be improper or flat (raise iter_limit or give a smaller w)")
    }

    /// The log density with coordinate i set to x (the position keeps x).
    private func logp(_ state: JointState, _ i: Int, _ x: Double) throws -> Double {
        state.position[i] = x
        return try state.evaluate()
    }

    mutating func step(_ state: JointState, iteration: Int, tuning: Bool, stats: inout [Double]) throws {
        var stepsOut = 0, stepsIn = 0
        let limit = settings.iterationLimit
        for (j, i) in coordinates.enumerated() {
            let x0 = state.position[i], w = width[j]
            // The slice level: log y = log π(x0) - Exp(1), i.e. y ~ Uniform(0, π(x0)).
            let level = state.logp - rng.standardExponential()
            var left = x0 - rng.uniform() * w
            var right = left + w
            var count = 0
            while try level <= logp(state, i, left) {
                left -= w
                count += 1
                if count > limit { state.position[i] = x0; throw limitError("stepping out") }
            }
            stepsOut += count
            count = 0
            while try level <= logp(state, i, right) {
                right += w
                count += 1
                if count > limit { state.position[i] = x0; throw limitError("stepping out") }
            }
            stepsOut += count
            count = 0
            var x = rng.uniform(low: left, high: right)
            var value = try logp(state, i, x)
            while level > value {
                // Shrink towards x0, which is always inside the slice, so this ends.
                if x > x0 { right = x } else if x < x0 { left = x }
                x = rng.uniform(low: left, high: right)
                value = try logp(state, i, x)
                count += 1
                if count > limit { state.position[i] = x0; throw limitError("shrinking") }
            }
            stepsIn += count
            state.logp = value
            if tuning && settings.tune {
                // Running mean of the final interval widths (PyMC's rule).
                width[j] = w * (tunedCount / (tunedCount + 1)) + (right - left) / (tunedCount + 1)
            }
        }
        if tuning && settings.tune { tunedCount += 1 }
        stats[0] = Double(stepsOut)
        stats[1] = Double(stepsIn)
    }
}
