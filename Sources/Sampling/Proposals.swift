// Proposals.swift — PyMC's Metropolis proposal distributions (normal, uniform, Cauchy, Laplace, Poisson, multivariate normal) drawn from a chain's stream, and the Hastings correction the asymmetric Poisson proposal needs.

import RandomCore
import RealModule

/// The zero-centred jump distributions of `pm.Metropolis(proposal_dist=...)` and DEMetropolisZ,
/// with S their scale (PyMC's `Proposal(S)`); the codes are the C ABI's `proposal` option.
public enum ProposalDistribution: Int, Sendable, CaseIterable {
    /// Normal(0, S) per coordinate (PyMC's NormalProposal, the default for a 1-d S).
    case normal = 0
    /// Uniform(-S, S) per coordinate.
    case uniform = 1
    /// S · standard Cauchy per coordinate.
    case cauchy = 2
    /// S · (Exp(1) − Exp(1)), a Laplace(0, S) per coordinate.
    case laplace = 3
    /// Poisson(S) − S per coordinate: integer jumps for integer S, not symmetric (see
    /// `poissonJumpLogProbability`); discrete coordinates only.
    case poisson = 4
    /// MvNormal(0, S) with S the block's covariance matrix (PyMC's default for a 2-d S).
    case multivariateNormal = 5

    public var name: String {
        switch self {
        case .normal: return "NormalProposal"
        case .uniform: return "UniformProposal"
        case .cauchy: return "CauchyProposal"
        case .laplace: return "LaplaceProposal"
        case .poisson: return "PoissonProposal"
        case .multivariateNormal: return "MultivariateNormalProposal"
        }
    }

    /// How many values of S a block of n coordinates takes: n×n for the covariance, else n.
    public func scaleCount(coordinates n: Int) -> Int {
        self == .multivariateNormal ? n * n : n
    }
}

/// The largest Poisson proposal scale: Poisson variates and the jump arithmetic stay exact
/// integers in binary64 (below 2^53 ≈ 9e15) with room for the tails.
public let maxPoissonProposalScale = 1e15

/// The lower Cholesky factor (row-major) of a symmetric positive-definite n×n matrix, or nil when
/// it is not symmetric (relative tolerance 1e-10) or not positive definite. O(n³), run once per chain.
public func choleskyLower(_ a: [Double], n: Int) -> [Double]? {
    guard n >= 0, a.count == n * n, a.allSatisfy(\.isFinite) else { return nil }
    for i in 0..<n {
        for j in 0..<i {
            let tolerance = 1e-10 * max(abs(a[i * n + j]), abs(a[j * n + i]), 1e-300)
            if abs(a[i * n + j] - a[j * n + i]) > tolerance { return nil }
        }
    }
    var l = Array(repeating: 0.0, count: n * n)
    for j in 0..<n {
        var pivot = a[j * n + j]
        for k in 0..<j { pivot -= l[j * n + k] * l[j * n + k] }
        // A non-positive (or NaN) pivot: the matrix is not positive definite.
        guard pivot > 0 else { return nil }
        let d = pivot.squareRoot()
        l[j * n + j] = d
        for i in (j + 1)..<max(n, j + 1) {
            var s = a[i * n + j]
            for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
            l[i * n + j] = s / d
        }
    }
    return l
}

/// Checks S for a proposal over n coordinates; nil when it is valid, else what is wrong.
public func proposalScaleProblem(_ distribution: ProposalDistribution, _ scale: [Double]?, coordinates n: Int) -> String? {
    guard let scale else { return nil }
    let name = distribution.name
    let expected = distribution.scaleCount(coordinates: n)
    if scale.count != expected {
        let shape = distribution == .multivariateNormal ? "a \(n)x\(n) covariance (\(expected) values)" : "\(n) values"
        return "\(name): S has \(scale.count) values, the block of \(n) coordinates needs \(shape)"
    }
    if distribution == .multivariateNormal {
        return choleskyLower(scale, n: n) == nil ? "\(name): S must be a finite, symmetric, positive-definite covariance matrix" : nil
    }
    if !scale.allSatisfy({ $0 > 0 && $0.isFinite }) { return "\(name): S must be positive and finite" }
    if distribution == .poisson && !scale.allSatisfy({ $0 <= maxPoissonProposalScale }) {
        return "\(name): S must be at most \(maxPoissonProposalScale)"
    }
    return nil
}

/// Draws unscaled jumps (PyMC's `proposal_dist(S)()`) from a chain's stream.
struct ProposalSampler {
    let distribution: ProposalDistribution
    let n: Int
    /// S per coordinate (ones by default); unused by the multivariate normal.
    let scale: [Double]
    /// Lower Cholesky factor L of the covariance (row-major): jump = L z with z standard normal.
    private let cholesky: [Double]
    private var z: [Double]

    /// Throws `SamplingError.invalidOption` naming `step` and what is wrong with S.
    init(_ distribution: ProposalDistribution, scale: [Double]?, coordinates n: Int, step: String) throws {
        if let problem = proposalScaleProblem(distribution, scale, coordinates: n) {
            throw SamplingError.invalidOption("\(step): \(problem)")
        }
        self.distribution = distribution
        self.n = n
        if distribution == .multivariateNormal {
            var identity = Array(repeating: 0.0, count: n * n)
            for i in 0..<n { identity[i * n + i] = 1 }
            guard let l = choleskyLower(scale ?? identity, n: n) else {
                throw SamplingError.invalidOption("\(step): the covariance S is not positive definite")
            }
            cholesky = l
            self.scale = Array(repeating: 1, count: n)
        } else {
            cholesky = []
            self.scale = scale ?? Array(repeating: 1, count: n)
        }
        z = Array(repeating: 0, count: n)
    }

    /// Writes one jump per coordinate into `delta`.
    mutating func draw(into delta: inout [Double], _ rng: inout RandomStream) {
        switch distribution {
        case .normal:
            for j in 0..<n { delta[j] = rng.standardNormal() * scale[j] }
        case .uniform:
            for j in 0..<n { delta[j] = rng.uniform(low: -scale[j], high: scale[j]) }
        case .cauchy:
            for j in 0..<n { delta[j] = rng.cauchy(loc: 0, scale: scale[j]) }
        case .laplace:
            // The difference of two unit exponentials is Laplace(0, 1), as PyMC draws it.
            for j in 0..<n { delta[j] = (rng.standardExponential() - rng.standardExponential()) * scale[j] }
        case .poisson:
            // S is validated to at most 1e15, so the variate is a valid, exact integer.
            for j in 0..<n { delta[j] = Double(rng.poisson(scale[j])) - scale[j] }
        case .multivariateNormal:
            for j in 0..<n { z[j] = rng.standardNormal() }
            for i in 0..<n {
                var s = 0.0
                for k in 0...i { s += cholesky[i * n + k] * z[k] }
                delta[i] = s
            }
        }
    }
}

/// log P(jump = d) for PyMC's Poisson proposal on a discrete coordinate: the jump is
/// round((K − s)·c) with K ~ Poisson(s), c the scaling and round half to even (np.round).
///
/// The proposal is not symmetric (for s = c = 1, P(+1) = e⁻¹/2 but P(−1) = e⁻¹), so the
/// acceptance ratio needs log P(−d) − log P(d); PyMC leaves it out and its chain targets the
/// wrong distribution (a Poisson(3) target sampled with it has mean 1.9). The K that round to d
/// form one integer interval (the map is nondecreasing in K): its ends are estimated, corrected
/// by a few unit steps for rounding, and the probabilities summed outward from the term nearest
/// the mode (Poisson terms decrease away from it) until they stop adding to the sum.
func poissonJumpLogProbability(_ d: Double, s: Double, c: Double) -> Double {
    func lands(_ k: Double) -> Double { ((k - s) * c).rounded(.toNearestOrEven) }
    // Far beyond any Poisson(s ≤ 1e15) variate with probability above e^-1e14; also keeps every
    // K an exact integer.
    let ceiling = 4 * maxPoissonProposalScale
    var lo = Swift.max(0, ((d - 0.5) / c + s).rounded(.up))
    var hi = Swift.min(ceiling, ((d + 0.5) / c + s).rounded(.down))
    guard lo.isFinite, hi.isFinite, lo <= ceiling, hi >= 0 else { return -.infinity }
    // The estimates are within a step or two of the true ends; a bounded number of corrections
    // keeps this loop-free on any input.
    for _ in 0..<4 where lo > 0 && lands(lo - 1) >= d { lo -= 1 }
    for _ in 0..<4 where lands(lo) < d { lo += 1 }
    for _ in 0..<4 where hi < ceiling && lands(hi + 1) <= d { hi += 1 }
    for _ in 0..<4 where hi >= 0 && lands(hi) > d { hi -= 1 }
    guard lo <= hi, lands(lo) == d, lands(hi) == d else { return -.infinity }
    let mode = Swift.min(Swift.max(s.rounded(.down), lo), hi)
    // RandomCore's Loader form: accurate where k log s − log k! − s would cancel (s ~ 1e6 and up).
    let top = logPoissonProbability(mode, s)
    // Relative sum Σ p(k)/p(mode), walking each way with the ratio p(k±1)/p(k).
    var total = 1.0
    var k = mode, term = 1.0
    while k < hi {
        term *= s / (k + 1)
        k += 1
        if term < 1e-17 * total { break }
        total += term
    }
    k = mode
    term = 1
    while k > lo {
        term *= k / s
        k -= 1
        if term < 1e-17 * total { break }
        total += term
    }
    return top + Double.log(total)
}
