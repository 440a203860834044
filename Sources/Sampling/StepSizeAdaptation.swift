// StepSizeAdaptation.swift — the step size: Nesterov dual averaging (Hoffman & Gelman 2014) and a doubling/halving initial guess.

import RandomCore
import RealModule

/// Dual averaging of log(step size) towards a target mean acceptance (Hoffman & Gelman
/// 2014, Algorithm 5; Stan's constants γ = 0.05, t₀ = 10, κ = 0.75, μ = log(10 ε₀)).
/// `stepSize` is the iterate used while tuning; `adaptedStepSize` the weighted average
/// exp(x̄) used after tuning.
public struct DualAveraging: Sendable {
    public let target: Double
    public let gamma = 0.05
    public let t0 = 10.0
    public let kappa = 0.75
    private var mu: Double
    private var hBar = 0.0
    private var xBar = 0.0
    private var logStep: Double
    private var count = 0.0

    public init(initialStepSize: Double, target: Double) {
        self.target = target
        mu = Double.log(10 * initialStepSize)
        logStep = Double.log(initialStepSize)
        xBar = logStep
    }

    public var stepSize: Double { Double.exp(logStep) }
    public var adaptedStepSize: Double { Double.exp(xBar) }

    /// Feeds one transition's mean acceptance statistic.
    public mutating func update(acceptance: Double) {
        count += 1
        let a = acceptance.isFinite ? min(1, acceptance) : 0
        let eta = 1 / (count + t0)
        hBar = (1 - eta) * hBar + eta * (target - a)
        logStep = mu - hBar * count.squareRoot() / gamma
        let weight = Double.pow(count, -kappa)
        xBar = weight * logStep + (1 - weight) * xBar
    }
}

/// nutpie's (nuts-rs's) step-size jitter: every transition, warm-up and draws alike, runs with
/// the current step size times a uniform factor in [1 − w, 1 + w], w = 0.1. A fixed step size
/// lets trajectories of nearly the same length return to nearly the same place (periodic
/// orbits in the well-identified Gaussian directions), which lowers ESS; randomizing ε by
/// ±10 % breaks that resonance (Neal 2011, §5.4.2). On the hierarchical benchmark model it also
/// brings the tree depths to nutpie's (benchmarks/results/ess-per-gradient-2026-11-21.md).
enum StepSizeJitter {
    static let halfWidth = 0.1

    static func jittered(_ stepSize: Double, _ rng: inout RandomStream) -> Double {
        stepSize * (1 + halfWidth * (2 * rng.uniform() - 1))
    }
}

extension Integrator {
    /// A starting step size: from `start` with a fresh momentum, one leapfrog step of size ε
    /// has acceptance min(1, e^{H₀−H₁}); ε doubles while that exceeds `target` (or halves
    /// while it falls short) and stops at the crossing (as nutpie and Stan do). Keeps
    /// `fallback` if no crossing is found within 100 doublings or the start cannot move.
    mutating func guessStepSize(from start: PhasePoint, scratch: PhasePoint, trial: PhasePoint,
                                fallback: Double, target: Double, rng: inout RandomStream) throws -> Double {
        scratch.copy(from: start)
        resampleMomentum(scratch, &rng)
        let h0 = scratch.energy
        func acceptance(_ eps: Double) throws -> Double? {
            stepSize = eps
            guard try leapfrog(from: scratch, to: trial, direction: 1) else { return nil }
            let delta = h0 - trial.energy
            return delta.isNaN ? nil : min(1, Double.exp(delta))
        }
        var eps = fallback
        guard let first = try acceptance(eps) else { return fallback }
        let grow = first > target
        for _ in 0..<100 {
            let next = grow ? eps * 2 : eps / 2
            guard let a = try acceptance(next) else { return grow ? eps : fallback }
            eps = next
            if grow ? (a <= target || eps > 1e5) : (a >= target || eps < 1e-10) { return eps }
        }
        return fallback
    }
}
