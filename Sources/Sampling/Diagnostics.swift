// Diagnostics.swift — convergence diagnostics of several chains: effective sample size (Geyer's initial monotone sequence, Stan's multi-chain form) and split R-hat.

import RealModule

/// Within-chain variance W, the pooled variance estimate var⁺ and the chains' centred
/// values, for equal-length chains (Gelman et al., BDA3 §11.4).
private struct ChainVariances {
    let centred: [[Double]]
    let w: Double
    let varPlus: Double

    init?(_ chains: [[Double]]) {
        guard let n = chains.first?.count, n >= 4, chains.allSatisfy({ $0.count == n }) else { return nil }
        let m = Double(chains.count)
        let means = chains.map { $0.reduce(0, +) / Double(n) }
        centred = zip(chains, means).map { chain, mean in chain.map { $0 - mean } }
        let variances = centred.map { c in c.reduce(0) { $0 + $1 * $1 } / Double(n - 1) }
        w = variances.reduce(0, +) / m
        let grand = means.reduce(0, +) / m
        let between = chains.count > 1 ? means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / (m - 1) : 0
        varPlus = w * Double(n - 1) / Double(n) + between
    }
}

/// Effective sample size of the pooled draws of equal-length chains: M·N / τ, τ from the
/// multi-chain autocorrelation ρ̂_t = 1 − (W − mean_m acov_m(t)) / var⁺ summed in pairs
/// while the pair sums stay positive, made monotone (Geyer 1992; Stan's
/// compute_effective_sample_size without rank normalization). Nil for fewer than 4 draws
/// per chain or unequal lengths; M·N for constant draws.
public func effectiveSampleSize(_ chains: [[Double]]) -> Double? {
    guard let v = ChainVariances(chains) else { return nil }
    let n = chains[0].count
    let total = Double(chains.count * n)
    guard v.varPlus > 0, v.w > 0 else { return total }

    // Mean over chains of the biased autocovariance at lag t.
    func meanAutocovariance(_ t: Int) -> Double {
        var s = 0.0
        for c in v.centred {
            var a = 0.0
            for i in 0..<(n - t) { a += c[i] * c[i + t] }
            s += a / Double(n)
        }
        return s / Double(chains.count)
    }
    func rho(_ t: Int) -> Double { 1 - (v.w - meanAutocovariance(t)) / v.varPlus }

    var rhoHat = Array(repeating: 0.0, count: n + 1)
    rhoHat[0] = 1
    var even = 1.0
    var odd = rho(1)
    rhoHat[1] = odd
    var t = 1
    while t < n - 5 && even + odd > 0 {
        even = rho(t + 1)
        odd = rho(t + 2)
        if even + odd >= 0 {
            rhoHat[t + 1] = even
            rhoHat[t + 2] = odd
        }
        t += 2
    }
    let maxT = t
    if even > 0 { rhoHat[maxT + 1] = even }
    // Initial monotone sequence: pair sums may not increase.
    t = 1
    while t <= maxT - 2 {
        if rhoHat[t + 1] + rhoHat[t + 2] > rhoHat[t - 1] + rhoHat[t] {
            let half = (rhoHat[t - 1] + rhoHat[t]) / 2
            rhoHat[t + 1] = half
            rhoHat[t + 2] = half
        }
        t += 2
    }
    var tau = -1.0
    for k in 0...maxT { tau += 2 * rhoHat[k] }
    tau += rhoHat[maxT + 1]
    // Stan's floor keeps antithetic chains from claiming more than M·N·log10(M·N) draws.
    tau = max(tau, 1 / Double.log10(total))
    return total / tau
}

/// Split R-hat: each chain cut in halves, then sqrt(var⁺ / W). Nil for fewer than 8 draws
/// per chain or unequal lengths.
public func splitRHat(_ chains: [[Double]]) -> Double? {
    guard let n = chains.first?.count, n >= 8 else { return nil }
    let half = n / 2
    let split = chains.flatMap { [Array($0[0..<half]), Array($0[(n - half)..<n])] }
    guard let v = ChainVariances(split), v.w > 0 else { return nil }
    return (v.varPlus / v.w).squareRoot()
}
