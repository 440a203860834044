// NUTSTransition.swift — one transition of multinomial NUTS with the across-subtree U-turn checks (Betancourt 2017; Stan's base_nuts).

import RandomCore
import RealModule

/// What one NUTS transition did (PyMC's sample_stats for one draw).
public struct TransitionInfo: Sendable {
    /// Log density at the selected point.
    public var logp: Double
    /// Hamiltonian at the selected point.
    public var energy: Double
    /// H(selected) − H(initial point of the trajectory).
    public var energyError: Double
    /// Mean Metropolis acceptance min(1, exp(H0 − H)) over every leapfrog step of the trajectory.
    public var acceptanceRate: Double
    /// Mean of the symmetric statistic 2·min(1, e^δ)/(1 + e^δ) = 1 − tanh(|δ|/2), δ = H0 − H,
    /// over the same steps: nuts-rs adapts the step size to this one late in warm-up.
    public var symmetricAcceptanceRate: Double
    public var treeDepth: Int
    public var leapfrogSteps: Int
    public var diverging: Bool
    public var reachedMaxTreeDepth: Bool
    /// Signed leapfrog index of the selected point along the trajectory.
    public var indexInTrajectory: Int
    public var stepSize: Double
}

/// Per-depth scratch of the recursive tree builder. A call at depth d uses only level d,
/// and the two subtrees a call builds are built one after the other, so one set of
/// buffers per depth serves the whole recursion without allocating.
private final class TreeLevel {
    let proposeFinal: PhasePoint
    let rhoInit: Buffer, rhoFinal: Buffer, rhoExtended: Buffer
    let pInitEnd: Buffer, pSharpInitEnd: Buffer
    let pFinalBegin: Buffer, pSharpFinalBegin: Buffer

    init(dimension n: Int) {
        proposeFinal = PhasePoint(dimension: n)
        rhoInit = Buffer(count: n); rhoFinal = Buffer(count: n); rhoExtended = Buffer(count: n)
        pInitEnd = Buffer(count: n); pSharpInitEnd = Buffer(count: n)
        pFinalBegin = Buffer(count: n); pSharpFinalBegin = Buffer(count: n)
    }
}

/// Multinomial NUTS on an `Integrator`. The trajectory doubles in a random direction until
/// the generalized no-U-turn criterion fails (checked on the merged trajectory and,
/// as Stan does since 2.26, across the two halves with their neighbouring points), a
/// subtree diverges (energy error above `maxEnergyError`, or a point the density cannot
/// evaluate) or the depth reaches `maxTreeDepth`. Points are drawn from the trajectory in
/// proportion to exp(−H) — biased progressive sampling between subtrees, uniform-progressive
/// within them.
struct NUTSKernel {
    var integrator: Integrator
    let maxTreeDepth: Int
    let maxEnergyError: Double
    let dimension: Int

    /// The chain's current point (position, gradient and log density valid; momentum scratch).
    let current: PhasePoint
    private let z: PhasePoint, forward: PhasePoint, backward: PhasePoint
    private let sample: PhasePoint, propose: PhasePoint
    private let pSharpFF: Buffer, pSharpFB: Buffer, pSharpBF: Buffer, pSharpBB: Buffer
    private let pFF: Buffer, pFB: Buffer, pBF: Buffer, pBB: Buffer
    private let rho: Buffer, rhoF: Buffer, rhoB: Buffer, rhoExtended: Buffer
    private let levels: [TreeLevel]

    // Accumulators of one transition.
    private var leapfrogSteps = 0
    private var sumAcceptance = 0.0
    private var sumSymmetricAcceptance = 0.0
    private var diverging = false
    private var initialEnergy = 0.0

    init(integrator: Integrator, maxTreeDepth: Int, maxEnergyError: Double) {
        self.integrator = integrator
        self.maxTreeDepth = maxTreeDepth
        self.maxEnergyError = maxEnergyError
        let n = integrator.dimension
        dimension = n
        current = PhasePoint(dimension: n)
        z = PhasePoint(dimension: n); forward = PhasePoint(dimension: n); backward = PhasePoint(dimension: n)
        sample = PhasePoint(dimension: n); propose = PhasePoint(dimension: n)
        pSharpFF = Buffer(count: n); pSharpFB = Buffer(count: n); pSharpBF = Buffer(count: n); pSharpBB = Buffer(count: n)
        pFF = Buffer(count: n); pFB = Buffer(count: n); pBF = Buffer(count: n); pBB = Buffer(count: n)
        rho = Buffer(count: n); rhoF = Buffer(count: n); rhoB = Buffer(count: n); rhoExtended = Buffer(count: n)
        levels = (0...max(maxTreeDepth, 1)).map { _ in TreeLevel(dimension: n) }
    }

    /// Moves `current` to a new draw and says how.
    mutating func transition(_ rng: inout RandomStream) throws -> TransitionInfo {
        integrator.resampleMomentum(current, &rng)
        current.index = 0
        z.copy(from: current)
        forward.copy(from: z); backward.copy(from: z); sample.copy(from: z); propose.copy(from: z)
        // Every end of both halves starts at the initial point (no array literals: this runs per draw).
        pFF.copy(from: z.p); pFB.copy(from: z.p); pBF.copy(from: z.p); pBB.copy(from: z.p)
        pSharpFF.copy(from: z.v); pSharpFB.copy(from: z.v); pSharpBF.copy(from: z.v); pSharpBB.copy(from: z.v)
        rho.copy(from: z.p)

        initialEnergy = z.energy
        var logSumWeight = 0.0  // log exp(H0 − H0): the initial point's weight
        leapfrogSteps = 0
        sumAcceptance = 0
        sumSymmetricAcceptance = 0
        diverging = false
        var depth = 0

        while depth < maxTreeDepth {
            rhoF.fill(0); rhoB.fill(0)
            var logSumWeightSubtree = -Double.infinity
            let valid: Bool
            if rng.uniform() > 0.5 {
                // Extend forwards: the old trajectory becomes the backward part.
                z.copy(from: forward)
                rhoB.copy(from: rho)
                pBF.copy(from: pFF); pSharpBF.copy(from: pSharpFF)
                valid = try buildTree(depth: depth, propose: propose, pSharpBegin: pSharpFB, pSharpEnd: pSharpFF,
                                      rho: rhoF, pBegin: pFB, pEnd: pFF, direction: 1,
                                      logSumWeight: &logSumWeightSubtree, rng: &rng)
                forward.copy(from: z)
            } else {
                z.copy(from: backward)
                rhoF.copy(from: rho)
                pFB.copy(from: pBB); pSharpFB.copy(from: pSharpBB)
                valid = try buildTree(depth: depth, propose: propose, pSharpBegin: pSharpBF, pSharpEnd: pSharpBB,
                                      rho: rhoB, pBegin: pBF, pEnd: pBB, direction: -1,
                                      logSumWeight: &logSumWeightSubtree, rng: &rng)
                backward.copy(from: z)
            }
            if !valid { break }
            depth += 1

            // Biased progressive sampling: the new subtree's proposal replaces the sample
            // with probability min(1, W_new / W_old), favouring points far from the start.
            if logSumWeightSubtree > logSumWeight {
                sample.copy(from: propose)
            } else if rng.uniform() < Double.exp(logSumWeightSubtree - logSumWeight) {
                sample.copy(from: propose)
            }
            logSumWeight = logAddExp(logSumWeight, logSumWeightSubtree)

            // No-U-turn on the merged trajectory, then across the junction of its halves.
            rho.assignSum(rhoB, rhoF)
            var persist = criterion(pSharpBB, pSharpFF, rho)
            rhoExtended.assignSum(rhoB, pFB)
            persist = persist && criterion(pSharpBB, pSharpFB, rhoExtended)
            rhoExtended.assignSum(rhoF, pBF)
            persist = persist && criterion(pSharpBF, pSharpFF, rhoExtended)
            if !persist { break }
        }

        current.copy(from: sample)
        return TransitionInfo(
            logp: sample.logp, energy: sample.energy, energyError: sample.energy - initialEnergy,
            acceptanceRate: leapfrogSteps > 0 ? sumAcceptance / Double(leapfrogSteps) : 0,
            symmetricAcceptanceRate: leapfrogSteps > 0 ? sumSymmetricAcceptance / Double(leapfrogSteps) : 0,
            treeDepth: depth, leapfrogSteps: leapfrogSteps, diverging: diverging,
            reachedMaxTreeDepth: depth >= maxTreeDepth, indexInTrajectory: sample.index,
            stepSize: integrator.stepSize)
    }

    /// The generalized no-U-turn criterion: the trajectory's summed momentum ρ still points
    /// along both end velocities.
    @inline(__always)
    private func criterion(_ pSharpMinus: Buffer, _ pSharpPlus: Buffer, _ rho: Buffer) -> Bool {
        pSharpPlus.dot(rho) > 0 && pSharpMinus.dot(rho) > 0
    }

    /// Builds a subtree of 2^depth leapfrog steps from `z` in `direction`, leaving `z` at its
    /// far end. Accumulates the subtree's summed momentum into `rho`, its log weight into
    /// `logSumWeight`, writes its end momenta, and picks its proposal. False when the
    /// subtree diverged or U-turned (it is then discarded).
    private mutating func buildTree(depth: Int, propose: PhasePoint, pSharpBegin: Buffer, pSharpEnd: Buffer,
                                    rho: Buffer, pBegin: Buffer, pEnd: Buffer, direction: Int,
                                    logSumWeight: inout Double, rng: inout RandomStream) throws -> Bool {
        if depth == 0 {
            let ok = try integrator.leapfrog(z, direction: direction)
            leapfrogSteps += 1
            var h = z.energy
            if !ok || h.isNaN { h = .infinity }
            if h - initialEnergy > maxEnergyError || !ok { diverging = true }
            let logWeight = initialEnergy - h
            logSumWeight = logAddExp(logSumWeight, logWeight)
            sumAcceptance += logWeight > 0 ? 1 : Double.exp(logWeight)
            // 1 − tanh(|δ|/2) rather than 2·e^min(δ,0)/(1+e^δ): no overflow for large δ, 0 at δ = ±∞.
            sumSymmetricAcceptance += 1 - Double.tanh(abs(logWeight) / 2)
            propose.copy(from: z)
            pSharpBegin.copy(from: z.v); pSharpEnd.copy(from: z.v)
            rho.add(z.p)
            pBegin.copy(from: z.p); pEnd.copy(from: z.p)
            return !diverging
        }

        let level = levels[depth]
        // The first half, its proposal written straight into `propose`.
        var logSumWeightInit = -Double.infinity
        level.rhoInit.fill(0)
        guard try buildTree(depth: depth - 1, propose: propose, pSharpBegin: pSharpBegin,
                            pSharpEnd: level.pSharpInitEnd, rho: level.rhoInit, pBegin: pBegin,
                            pEnd: level.pInitEnd, direction: direction, logSumWeight: &logSumWeightInit, rng: &rng)
        else { return false }

        // The second half.
        var logSumWeightFinal = -Double.infinity
        level.rhoFinal.fill(0)
        guard try buildTree(depth: depth - 1, propose: level.proposeFinal, pSharpBegin: level.pSharpFinalBegin,
                            pSharpEnd: pSharpEnd, rho: level.rhoFinal, pBegin: level.pFinalBegin,
                            pEnd: pEnd, direction: direction, logSumWeight: &logSumWeightFinal, rng: &rng)
        else { return false }

        // Uniform-progressive (multinomial) choice between the halves' proposals.
        let logSumWeightSubtree = logAddExp(logSumWeightInit, logSumWeightFinal)
        logSumWeight = logAddExp(logSumWeight, logSumWeightSubtree)
        if logSumWeightFinal > logSumWeightSubtree {
            propose.copy(from: level.proposeFinal)
        } else if rng.uniform() < Double.exp(logSumWeightFinal - logSumWeightSubtree) {
            propose.copy(from: level.proposeFinal)
        }

        // U-turn checks on the subtree and across its two halves.
        level.rhoExtended.assignSum(level.rhoInit, level.rhoFinal)
        rho.add(level.rhoExtended)
        var persist = criterion(pSharpBegin, pSharpEnd, level.rhoExtended)
        level.rhoExtended.assignSum(level.rhoInit, level.pFinalBegin)
        persist = persist && criterion(pSharpBegin, level.pSharpFinalBegin, level.rhoExtended)
        level.rhoExtended.assignSum(level.rhoFinal, level.pInitEnd)
        persist = persist && criterion(level.pSharpInitEnd, pSharpEnd, level.rhoExtended)
        return persist
    }
}

/// log(eᵃ + eᵇ) without overflow; −inf + −inf stays −inf.
@inline(__always)
func logAddExp(_ a: Double, _ b: Double) -> Double {
    let m = max(a, b)
    if m == -.infinity { return -.infinity }
    return m + Double.log(Double.exp(a - m) + Double.exp(b - m))
}
