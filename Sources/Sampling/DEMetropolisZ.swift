// DEMetropolisZ.swift — PyMC's DEMetropolisZ: differential-evolution Metropolis whose jumps are scaled differences of two past states of the chain's own history (ter Braak & Vrugt 2008), with PyMC's tuning of the noise scaling or of λ.

import RandomCore
import RealModule

/// What DEMetropolisZ tunes during warm-up (PyMC's `tune='scaling' | 'lambda' | None`).
public enum DEMetropolisZTuning: Int, Sendable {
    case none = 0, scaling = 1, lambda = 2
}

/// PyMC's DEMetropolisZ settings (`pm.DEMetropolisZ(lamb=..., scaling=0.001, tune='scaling', ...)`).
public struct DEMetropolisZSettings: Sendable {
    /// The distribution of the small noise ε added to each jump.
    public var proposal = ProposalDistribution.normal
    /// S of the noise: one per coordinate (nil: ones), or the n×n covariance for `.multivariateNormal`.
    public var proposalScale: [Double]? = nil
    /// Factor of the noise ε (PyMC's default 0.001).
    public var scaling = 0.001
    /// Factor of the history difference; nil: 2.38/√(2d) for a block of d coordinates, the
    /// optimal jump of differential evolution on Gaussian targets (ter Braak 2006).
    public var lambda: Double? = nil
    public var tune = DEMetropolisZTuning.scaling
    /// Iterations between two updates of the tuned factor.
    public var tuneInterval = 100
    /// Fraction of the history (the oldest states) dropped when warm-up ends, so that later jumps
    /// are not drawn from unconverged states.
    public var tuneDropFraction = 0.9
    public init() {}
}

/// A block moved by q' = q + λ(z₁ − z₂) + ε, where z₁ ≠ z₂ are two distinct entries of the chain's
/// history of states after each step (only ε until the history holds two) and ε is the proposal
/// times the scaling. Given the history the jump is symmetric (swapping z₁ and z₂ negates it), so
/// the acceptance ratio is the density ratio.
struct DEMetropolisZKernel: StepKernel {
    let coordinates: [Int]
    let settings: DEMetropolisZSettings
    var rng: RandomStream
    private var proposal: ProposalSampler
    private var scaling: Double
    private var lambda: Double
    private var accepted = 0
    private var stepsUntilTune: Int
    /// Past states of the block, one after another (count × n).
    private var history: [Double] = []
    private var historyStart = 0
    private var dropped = false
    private var epsilon: [Double]
    private var old: [Double]

    let statNames = ["accept", "accepted", "scaling", "lambda"]

    init(coordinates: [Int], settings: DEMetropolisZSettings, rng: RandomStream, capacity: Int) throws {
        let n = coordinates.count
        proposal = try ProposalSampler(settings.proposal, scale: settings.proposalScale, coordinates: n, step: "DEMetropolisZ")
        self.coordinates = coordinates
        self.settings = settings
        self.rng = rng
        scaling = settings.scaling
        lambda = settings.lambda ?? 2.38 / Double(2 * n).squareRoot()
        stepsUntilTune = settings.tuneInterval
        epsilon = Array(repeating: 0, count: n)
        old = Array(repeating: 0, count: n)
        // A hint only: skipped if the product overflows (the history then grows as it goes).
        let (reserve, overflow) = capacity.multipliedReportingOverflow(by: n)
        if !overflow { history.reserveCapacity(reserve) }
    }

    private var historyCount: Int { history.count / max(coordinates.count, 1) - historyStart }

    mutating func step(_ state: JointState, iteration: Int, tuning: Bool, stats: inout [Double]) throws {
        let n = coordinates.count
        if !tuning && !dropped {
            // PyMC's stop_tuning: forget the oldest int(fraction · length) states.
            historyStart += Int(settings.tuneDropFraction * Double(historyCount))
            dropped = true
        }
        if stepsUntilTune == 0 && tuning {
            let rate = Double(accepted) / Double(settings.tuneInterval)
            switch settings.tune {
            case .scaling: scaling = tunedScaling(scaling, acceptance: rate)
            case .lambda: lambda = tunedScaling(lambda, acceptance: rate)
            case .none: break
            }
            stepsUntilTune = settings.tuneInterval
            accepted = 0
        }
        proposal.draw(into: &epsilon, &rng)
        let count = historyCount
        var base1 = -1, base2 = -1
        if count > 1 {
            // Two distinct past states, uniformly (PyMC redraws the second until it differs).
            let i1 = Int(rng.nextUInt64(below: UInt64(count)))
            var i2 = i1
            while i2 == i1 { i2 = Int(rng.nextUInt64(below: UInt64(count))) }
            base1 = (historyStart + i1) * n
            base2 = (historyStart + i2) * n
        }
        for (j, i) in coordinates.enumerated() {
            old[j] = state.position[i]
            var jump = epsilon[j] * scaling
            if base1 >= 0 { jump += lambda * (history[base1 + j] - history[base2 + j]) }
            state.position[i] += jump
        }
        let proposed = try state.evaluate()
        let logRatio = proposed - state.logp
        let accept = metropolisAccept(logRatio, &rng)
        if accept {
            state.logp = proposed
            accepted += 1
        } else {
            for (j, i) in coordinates.enumerated() { state.position[i] = old[j] }
        }
        for i in coordinates { history.append(state.position[i]) }
        stepsUntilTune -= 1
        stats[0] = Double.exp(logRatio)
        stats[1] = accept ? 1 : 0
        stats[2] = scaling
        stats[3] = lambda
    }
}
