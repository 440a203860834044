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

/// What a finished subtree hands to its parent: the store slots of its first and last
/// points (in the order built) and of its proposal, one reference each; its summed momentum
/// (a leaf's own p, or a per-level buffer); and its log weight log Σ exp(H₀ − H).
private struct Subtree {
    var begin: Int, end: Int, proposal: Int
    var rho: UnsafeMutablePointer<Double>
    var logWeight: Double
}

/// Multinomial NUTS on an `Integrator`. The trajectory doubles in a random direction until
/// the generalized no-U-turn criterion fails (checked on the merged trajectory and,
/// as Stan does since 2.26, across the two halves with their neighbouring points), a
/// subtree diverges (energy error above `maxEnergyError`, or a point the density cannot
/// evaluate) or the depth reaches `maxTreeDepth`. Points are drawn from the trajectory in
/// proportion to exp(−H) — biased progressive sampling between subtrees, uniform-progressive
/// within them.
///
/// Each leapfrog step writes a fresh slot of `store`; ends, subtree boundaries, proposals
/// and the sample are slot indices, so building a tree copies no vector. Every floating-point
/// operation is the one of the textbook formulation (same operands, same order), so the
/// draws are bit-for-bit those of a version that copies points.
struct NUTSKernel {
    var integrator: Integrator
    let maxTreeDepth: Int
    let maxEnergyError: Double
    let dimension: Int
    let store: PointStore
    /// Slots of the chain's current point and of the step-size search's two points.
    private var currentSlot: Int
    private static let scratchSlot = 0, trialSlot = 1, reserved = 2
    /// Two vectors for the whole trajectory's summed momentum (the merge writes the one not
    /// read), and per depth d ≥ 1 the two halves' of a subtree.
    private let rhoTrajectory: Buffer, rhoLevels: Buffer

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
        // Live points: forward and backward ends and the sample; while a subtree of depth D
        // builds its second half, each level 1...D holds its first half's begin, end and
        // proposal (3D), at most one level briefly both halves' (3 more), and a new leaf (1);
        // plus the step-size search's two. D < maxTreeDepth.
        store = PointStore(dimension: n, capacity: 3 * maxTreeDepth + 8, reserved: Self.reserved + 1)
        currentSlot = Self.reserved
        rhoTrajectory = Buffer(count: 2 * n)
        rhoLevels = Buffer(count: 2 * (maxTreeDepth + 1) * n)
    }

    /// The chain's current point (position, gradient and log density valid; momentum scratch).
    var current: PhasePoint { store.point(currentSlot) }
    /// Points the step-size search may overwrite.
    var scratch: PhasePoint { store.point(Self.scratchSlot) }
    var trial: PhasePoint { store.point(Self.trialSlot) }

    /// Moves `current` to a new draw and says how.
    mutating func transition(_ rng: inout RandomStream) throws -> TransitionInfo {
        store.reset(reserved: Self.reserved, keeping: currentSlot)
        let start = current
        integrator.resampleMomentum(start, &rng)
        start.index = 0
        initialEnergy = start.energy
        var rho = rhoTrajectory.base, merged = rho + dimension
        rho.update(from: start.p, count: dimension)
        // The trajectory is the initial point alone: it is both ends and the sample (the
        // current point's reference becomes the sample's).
        var forward = currentSlot, backward = currentSlot, sample = currentSlot
        store.retain(currentSlot, 2)
        var logSumWeight = 0.0  // log exp(H0 − H0): the initial point's weight
        leapfrogSteps = 0
        sumAcceptance = 0
        sumSymmetricAcceptance = 0
        diverging = false
        var depth = 0

        while depth < maxTreeDepth {
            let forwards = rng.uniform() > 0.5
            let end = forwards ? forward : backward
            guard let tree = try buildTree(depth: depth, from: end, direction: forwards ? 1 : -1, half: 0, rng: &rng)
            else { break }
            depth += 1

            // Biased progressive sampling: the new subtree's proposal replaces the sample
            // with probability min(1, W_new / W_old), favouring points far from the start.
            if tree.logWeight > logSumWeight || rng.uniform() < Double.exp(tree.logWeight - logSumWeight) {
                store.release(sample)
                sample = tree.proposal
            } else {
                store.release(tree.proposal)
            }
            logSumWeight = logAddExp(logSumWeight, tree.logWeight)

            // No-U-turn on the merged trajectory and across the junction of its halves, in
            // time order: backward half first. The checks read the old ρ after the merged one
            // is written, so that goes to the other vector.
            let persist: Bool
            if forwards {
                persist = noUTurn(begin: backward, initEnd: end, finalBegin: tree.begin, end: tree.end,
                                  rhoInit: rho, rhoFinal: tree.rho, into: merged)
                forward = tree.end
            } else {
                persist = noUTurn(begin: tree.end, initEnd: tree.begin, finalBegin: end, end: forward,
                                  rhoInit: tree.rho, rhoFinal: rho, into: merged)
                backward = tree.end
            }
            swap(&rho, &merged)
            store.release(end)
            store.release(tree.begin)
            if !persist { break }
        }

        store.release(forward)
        store.release(backward)
        currentSlot = sample
        let chosen = store.point(sample)
        return TransitionInfo(
            logp: chosen.logp, energy: chosen.energy, energyError: chosen.energy - initialEnergy,
            acceptanceRate: leapfrogSteps > 0 ? sumAcceptance / Double(leapfrogSteps) : 0,
            symmetricAcceptanceRate: leapfrogSteps > 0 ? sumSymmetricAcceptance / Double(leapfrogSteps) : 0,
            treeDepth: depth, leapfrogSteps: leapfrogSteps, diverging: diverging,
            reachedMaxTreeDepth: depth >= maxTreeDepth, indexInTrajectory: chosen.index,
            stepSize: integrator.stepSize)
    }

    /// Builds a subtree of 2^depth leapfrog steps from slot `start` in `direction`. nil when
    /// it diverged or U-turned (it is then discarded, and every slot it took is released).
    /// `half` (0 or 1) picks which of the two ρ buffers of its depth it writes.
    private mutating func buildTree(depth: Int, from start: Int, direction: Int, half: Int,
                                    rng: inout RandomStream) throws -> Subtree? {
        if depth == 0 { return try leaf(from: start, direction: direction) }
        guard let first = try buildTree(depth: depth - 1, from: start, direction: direction, half: 0, rng: &rng)
        else { return nil }
        guard let second = try buildTree(depth: depth - 1, from: first.end, direction: direction, half: 1, rng: &rng)
        else {
            release(first)
            return nil
        }

        // Uniform-progressive (multinomial) choice between the halves' proposals.
        let logWeight = logAddExp(first.logWeight, second.logWeight)
        let proposal: Int
        if second.logWeight > logWeight || rng.uniform() < Double.exp(second.logWeight - logWeight) {
            proposal = second.proposal
            store.release(first.proposal)
        } else {
            proposal = first.proposal
            store.release(second.proposal)
        }

        // U-turn checks on the subtree and across its two halves.
        let rho = rhoLevels.base + (2 * depth + half) * dimension
        let persist = noUTurn(begin: first.begin, initEnd: first.end, finalBegin: second.begin, end: second.end,
                              rhoInit: first.rho, rhoFinal: second.rho, into: rho)
        store.release(first.end)
        store.release(second.begin)
        guard persist else {
            store.release(first.begin)
            store.release(second.end)
            store.release(proposal)
            return nil
        }
        return Subtree(begin: first.begin, end: second.end, proposal: proposal, rho: rho,
                       logWeight: addedToEmpty(logWeight))
    }

    /// One leapfrog step from slot `start` into a new slot: a subtree of one point (three
    /// references: begin, end, proposal), or nil when the step diverged.
    @inline(__always)
    private mutating func leaf(from start: Int, direction: Int) throws -> Subtree? {
        let slot = try store.take()
        let z = store.point(slot)
        let ok = try integrator.leapfrog(from: store.point(start), to: z, direction: direction)
        leapfrogSteps += 1
        var h = z.energy
        if !ok || h.isNaN { h = .infinity }
        if h - initialEnergy > maxEnergyError || !ok { diverging = true }
        let logWeight = initialEnergy - h
        sumAcceptance += logWeight > 0 ? 1 : Double.exp(logWeight)
        // 1 − tanh(|δ|/2) rather than 2·e^min(δ,0)/(1+e^δ): no overflow for large δ, 0 at δ = ±∞.
        sumSymmetricAcceptance += 1 - Double.tanh(abs(logWeight) / 2)
        guard !diverging else {
            store.release(slot)
            return nil
        }
        store.retain(slot, 2)
        return Subtree(begin: slot, end: slot, proposal: slot, rho: z.p, logWeight: addedToEmpty(logWeight))
    }

    private func release(_ tree: Subtree) {
        store.release(tree.begin)
        store.release(tree.end)
        store.release(tree.proposal)
    }

    /// The generalized no-U-turn criterion of a merge (Betancourt 2017, with Stan's extra
    /// checks across the junction): with ρ = ρ_init + ρ_final (written to `out`),
    ///     v_end·ρ > 0 and v_begin·ρ > 0,
    ///     on ρ_init + p_finalBegin:  v_finalBegin and v_begin,
    ///     on ρ_final + p_initEnd:    v_end and v_initEnd.
    /// When both halves are single points (begin = initEnd, finalBegin = end, each ρ that
    /// point's p) the last two sums are ρ itself and the checks repeat the first, so they are
    /// skipped: the result is the same. `out` must not be one of the inputs.
    private func noUTurn(begin: Int, initEnd: Int, finalBegin: Int, end: Int,
                         rhoInit: UnsafeMutablePointer<Double>, rhoFinal: UnsafeMutablePointer<Double>,
                         into out: UnsafeMutablePointer<Double>) -> Bool {
        let a = store.point(begin), b = store.point(initEnd), c = store.point(finalBegin), d = store.point(end)
        let n = dimension
        guard bothPositive(d.v, a.v, rhoInit, rhoFinal, n, storingSumIn: out) else { return false }
        if begin == initEnd && finalBegin == end { return true }
        return bothPositive(c.v, a.v, rhoInit, c.p, n, storingSumIn: nil)
            && bothPositive(d.v, b.v, rhoFinal, b.p, n, storingSumIn: nil)
    }
}

/// u·(x + y) > 0 and w·(x + y) > 0, storing x + y in `out` if given. Each dot product
/// accumulates as the sampler always has: lane j of four takes the indices ≡ j (mod 4) of
/// the full blocks of four, lane 0 then the remainder, and the lanes add as
/// (s0 + s1) + (s2 + s3). Both products share one pass over x and y.
@inline(__always)
private func bothPositive(_ u: UnsafeMutablePointer<Double>, _ w: UnsafeMutablePointer<Double>,
                          _ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int,
                          storingSumIn out: UnsafeMutablePointer<Double>?) -> Bool {
    var su = SIMD4<Double>(), sw = SIMD4<Double>()
    var i = 0
    while i + 4 <= n {
        let r = load4(x, i) + load4(y, i)
        if let out { UnsafeMutableRawPointer(out + i).storeBytes(of: r, as: SIMD4<Double>.self) }
        su += load4(u, i) * r
        sw += load4(w, i) * r
        i += 4
    }
    while i < n {
        let r = x[i] + y[i]
        out?[i] = r
        su[0] += u[i] * r
        sw[0] += w[i] * r
        i += 1
    }
    return total(su) > 0 && total(sw) > 0
}

@inline(__always)
private func load4(_ p: UnsafeMutablePointer<Double>, _ i: Int) -> SIMD4<Double> {
    UnsafeRawPointer(p + i).loadUnaligned(as: SIMD4<Double>.self)
}

/// (s0 + s1) + (s2 + s3): the order in which a four-lane dot product's partial sums add.
@inline(__always)
private func total(_ s: SIMD4<Double>) -> Double { (s[0] + s[1]) + (s[2] + s[3]) }

/// log(eᵃ + eᵇ) without overflow; −inf + −inf stays −inf. The larger argument's term is
/// e⁰ = 1 exactly, so only the other one calls exp (for a finite maximum m, a − m = 0
/// exactly when a = m, and exp(0) = 1: the same value as calling exp on both).
@inline(__always)
func logAddExp(_ a: Double, _ b: Double) -> Double {
    let m = max(a, b)
    if m == -.infinity { return -.infinity }
    guard m.isFinite else { return m + Double.log(Double.exp(a - m) + Double.exp(b - m)) }
    let ea = a == m ? 1 : Double.exp(a - m)
    let eb = b == m ? 1 : Double.exp(b - m)
    return m + Double.log(ea + eb)
}

/// logAddExp(−inf, x) without calling exp or log: x + 0 for finite x (which is x, with a −0
/// turned into +0), −inf for −inf. A subtree's log weight is this of its own weight: the
/// textbook builder accumulates into a running sum that starts at −inf.
@inline(__always)
func addedToEmpty(_ x: Double) -> Double {
    if x.isFinite { return x + 0 }
    if x == -.infinity { return x }
    return logAddExp(-.infinity, x)
}
