// RandomStream+Discrete.swift — the simpler discrete variates: Bernoulli, geometric, discrete uniform, categorical, and the gamma/beta mixtures (negative binomial, beta-binomial), discrete Weibull.

import RealModule

extension RandomStream {
    /// What the integer-valued samplers return for parameters outside their domain
    /// (Int64 has no NaN). Callers validate parameters first; this only keeps bad input
    /// from trapping.
    public static let invalidInteger: Int64 = .min

    /// 1 with probability p, else 0 (PyTensor's `bernoulli(p)`). The comparison U < p
    /// with U on the 2^-53 grid makes the probability p to within 2^-53.
    @inlinable
    public mutating func bernoulli(_ p: Double) -> Int64 {
        if !(p >= 0 && p <= 1) { return RandomStream.invalidInteger }
        return uniform() < p ? 1 : 0
    }

    /// The number of trials up to and including the first success, support 1, 2, ...
    /// (PyTensor's `geometric(p)`), by inversion: 1 + floor(E / -log(1 - p)), exact since
    /// P(X > k) = P(E >= -k log(1 - p)) = (1 - p)^k. Saturates at Int64.max, reached only
    /// for p below about 1e-17.
    public mutating func geometric(_ p: Double) -> Int64 {
        if !(p > 0 && p <= 1) { return RandomStream.invalidInteger }
        if p == 1 { return 1 }
        let x = (standardExponential() / -Double.log(onePlus: -p)).rounded(.down)
        return x < 9.2e18 ? 1 + Int64(x) : .max
    }

    /// A uniform integer in lower ... upper inclusive (PyMC's `DiscreteUniform(lower,
    /// upper)`; PyTensor's `integers(low, high)` is this with upper = high - 1), unbiased.
    public mutating func discreteUniform(lower: Int64, upper: Int64) -> Int64 {
        if lower > upper { return RandomStream.invalidInteger }
        // The count upper - lower + 1 as UInt64; it wraps to 0 only for the full range.
        let count = UInt64(bitPattern: upper &- lower) &+ 1
        if count == 0 { return Int64(bitPattern: nextUInt64()) }
        return lower &+ Int64(bitPattern: nextUInt64(below: count))
    }

    /// An index i with probability p[i] / Σp (PyTensor's `categorical(p)`), by inversion
    /// with a linear scan: one uniform, O(k). For many draws from one vector use
    /// `CategoricalAliasTable`. `invalidInteger` for an empty vector, a negative or NaN
    /// weight, or zero or infinite total.
    public mutating func categorical(_ p: UnsafeBufferPointer<Double>) -> Int64 {
        var total = 0.0
        for w in p {
            if !(w >= 0) { return RandomStream.invalidInteger }
            total += w
        }
        if !(total > 0 && total.isFinite) { return RandomStream.invalidInteger }
        var u = uniform() * total
        var last = -1
        for (i, w) in p.enumerated() where w > 0 {
            if u < w { return Int64(i) }
            u -= w
            last = i
        }
        // Rounding in the running subtraction overshot the total: the last positive weight.
        return Int64(last)
    }

    /// `categorical` for an array.
    public mutating func categorical(_ p: [Double]) -> Int64 {
        p.withUnsafeBufferPointer { categorical($0) }
    }

    /// Failures before the n-th success with success probability p (PyTensor's
    /// `negative_binomial(n, p)`, NumPy's convention), as a gamma–Poisson mixture:
    /// Poisson(G) with G ~ Gamma(n, (1 - p)/p). n may be any positive real;
    /// `invalidInteger` if the gamma draw exceeds `maxPoissonMean`.
    public mutating func negativeBinomial(n: Double, p: Double) -> Int64 {
        if !(n > 0 && p > 0 && p <= 1) { return RandomStream.invalidInteger }
        if p == 1 { return 0 }
        return poisson(gamma(shape: n, scale: (1 - p) / p))
    }

    /// A beta-binomial variate (PyMC's `BetaBinomial(n, alpha, beta)`): binomial(n, P)
    /// with P ~ Beta(alpha, beta); the log-space beta keeps tiny alpha, beta exact.
    public mutating func betaBinomial(n: Int64, alpha: Double, beta b: Double) -> Int64 {
        if n < 0 || !(alpha > 0 && b > 0) { return RandomStream.invalidInteger }
        return binomial(n: n, p: beta(alpha, b))
    }

    /// A discrete Weibull variate (PyMC's `DiscreteWeibull(q, beta)`, support 0, 1, ...,
    /// P(X >= x) = q^(x^beta)), by inversion: ceil((E / -log q)^(1/beta)) - 1.
    /// Saturates at Int64.max.
    public mutating func discreteWeibull(q: Double, beta: Double) -> Int64 {
        if !(q >= 0 && q < 1 && beta > 0) { return RandomStream.invalidInteger }
        if q == 0 { return 0 }
        let y = Double.exp(Double.log(standardExponential() / -Double.log(q)) / beta)
        let x = y.rounded(.up) - 1
        return x < 9.2e18 ? Int64(x) : .max
    }
}
