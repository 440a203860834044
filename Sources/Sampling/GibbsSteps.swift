// GibbsSteps.swift — Metropolis-within-Gibbs updates of binary and categorical coordinates (PyMC's BinaryGibbsMetropolis and CategoricalGibbsMetropolis).

import RandomCore
import RealModule

/// PyMC's BinaryGibbsMetropolis settings.
public struct BinaryGibbsSettings: Sendable {
    /// Probability of proposing the flip of each coordinate (PyMC's transit_p); above 1/2 the
    /// proposals are anticorrelated.
    public var transitionProbability = 0.8
    /// Visit the coordinates in a fresh random order each iteration (order='random'); false
    /// visits them in the order of the block's coordinates.
    public var shuffle = true
    public init() {}
}

/// Coordinates in {0, 1}, each in turn: with probability transit_p propose its flip and accept
/// it by the Metropolis rule (a symmetric proposal, so the ratio is the density ratio).
struct BinaryGibbsKernel: StepKernel {
    let settings: BinaryGibbsSettings
    var rng: RandomStream
    private var order: [Int]
    let statNames: [String] = []

    init(coordinates: [Int], settings: BinaryGibbsSettings, rng: RandomStream) {
        self.settings = settings
        self.rng = rng
        order = coordinates
    }

    mutating func step(_ state: JointState, iteration: Int, tuning: Bool, stats: inout [Double]) throws {
        if settings.shuffle { shuffle(&order, &rng) }
        for i in order where rng.uniform() < settings.transitionProbability {
            let current = state.position[i]
            state.position[i] = 1 - current
            let proposed = try state.evaluate()
            if metropolisAccept(proposed - state.logp, &rng) {
                state.logp = proposed
            } else {
                state.position[i] = current
            }
        }
    }
}

/// PyMC's CategoricalGibbsMetropolis settings.
public struct CategoricalGibbsSettings: Sendable {
    /// Number of categories k of each coordinate (values 0..<k), in the block's order.
    public var categories: [Int]
    /// Propose a new category in proportion to the conditional probabilities (Liu 1996,
    /// "Metropolized Gibbs sampler"; PyMC's proposal='proportional') instead of uniformly
    /// among the other categories (proposal='uniform').
    public var proportional = false
    /// Visit the coordinates in a fresh random order each iteration.
    public var shuffle = true
    public init(categories: [Int]) { self.categories = categories }
}

/// Categorical coordinates, each in turn, by a Metropolis step whose proposal never keeps the
/// current category.
struct CategoricalGibbsKernel: StepKernel {
    let settings: CategoricalGibbsSettings
    var rng: RandomStream
    /// (coordinate, number of categories) in visiting order.
    private var order: [(coordinate: Int, k: Int)]
    private var logProbs: [Double]
    let statNames: [String] = []

    init(coordinates: [Int], settings: CategoricalGibbsSettings, rng: RandomStream) {
        self.settings = settings
        self.rng = rng
        order = zip(coordinates, settings.categories).map { ($0, $1) }
        logProbs = Array(repeating: 0, count: settings.categories.max() ?? 0)
    }

    mutating func step(_ state: JointState, iteration: Int, tuning: Bool, stats: inout [Double]) throws {
        if settings.shuffle { shuffle(&order, &rng) }
        for (i, k) in order {
            if settings.proportional {
                try proportionalUpdate(state, i, k)
            } else {
                try uniformUpdate(state, i, k)
            }
        }
    }

    /// A category drawn uniformly among the k - 1 others: symmetric, so the ratio is the density ratio.
    private mutating func uniformUpdate(_ state: JointState, _ i: Int, _ k: Int) throws {
        let current = state.position[i]
        var candidate = Double(rng.nextUInt64(below: UInt64(k - 1)))
        if candidate >= current { candidate += 1 }
        state.position[i] = candidate
        let proposed = try state.evaluate()
        if metropolisAccept(proposed - state.logp, &rng) {
            state.logp = proposed
        } else {
            state.position[i] = current
        }
    }

    /// Liu's Metropolized Gibbs: propose j != c with probability p_j / (1 - p_c), where p is
    /// the full conditional, and accept with (1 - p_c) / (1 - p_j); this moves more often than
    /// a Gibbs draw while leaving the conditional invariant.
    private mutating func proportionalUpdate(_ state: JointState, _ i: Int, _ k: Int) throws {
        let current = Int(state.position[i])
        logProbs[current] = state.logp
        for c in 0..<k where c != current {
            state.position[i] = Double(c)
            logProbs[c] = try state.evaluate()
        }
        // Softmax with the maximum subtracted so that no exponential overflows.
        var top = -Double.infinity
        for c in 0..<k { top = Swift.max(top, logProbs[c]) }
        var total = 0.0
        for c in 0..<k { total += Double.exp(logProbs[c] - top) }
        let pCurrent = Double.exp(logProbs[current] - top) / total
        let others = 1 - pCurrent
        // Draw j != current with probability p_j / (1 - p_c) by inversion.
        var u = rng.uniform() * others
        var proposal = current
        for c in 0..<k where c != current {
            let p = Double.exp(logProbs[c] - top) / total
            proposal = c
            if u < p { break }
            u -= p
        }
        let pProposal = proposal == current ? 1.0 : Double.exp(logProbs[proposal] - top) / total
        let ratio = others / (1 - pProposal)
        if proposal != current && ratio.isFinite && rng.uniform() < ratio && logProbs[proposal] > -.infinity {
            state.position[i] = Double(proposal)
            state.logp = logProbs[proposal]
        } else {
            state.position[i] = Double(current)
        }
    }
}
