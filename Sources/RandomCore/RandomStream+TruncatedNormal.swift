// RandomStream+TruncatedNormal.swift — normal variates restricted to an interval, exact and efficient in the far tails (Robert 1995).

import RealModule

extension RandomStream {
    /// A normal(mu, sigma) variate conditioned on [lower, upper] (PyMC's
    /// `TruncatedNormal(mu, sigma, lower, upper)`; infinite bounds allowed).
    ///
    /// Standardized bounds a < b choose one of Robert's rejection samplers ("Simulation
    /// of truncated normal variables", Statistics and Computing 1995), each accepting a
    /// good fraction of proposals whatever the interval:
    /// * 0 in [a, b]: a uniform proposal on [a, b] if b - a < sqrt(2π), else plain normals;
    /// * an interval in one tail (mirrored to 0 <= a < b): a uniform proposal when the
    ///   interval is short compared with the density's decay length 1/α, otherwise a
    ///   translated exponential with Robert's optimal rate α = (a + sqrt(a² + 4)) / 2
    ///   (near a = 0 with a long interval, |Z| instead).
    /// Every variate is exact; the result is clamped to [lower, upper] against rounding
    /// in mu + sigma z. Returns NaN unless sigma > 0 and lower < upper (lower == upper
    /// returns that point).
    public mutating func truncatedNormal(mu: Double, sigma: Double, lower: Double, upper: Double) -> Double {
        if lower == upper { return lower }
        if !(sigma > 0 && lower < upper) { return .nan }
        let z = standardTruncatedNormal((lower - mu) / sigma, (upper - mu) / sigma)
        return Swift.min(Swift.max(mu + sigma * z, lower), upper)
    }

    /// A standard normal conditioned on [a, b], a < b.
    public mutating func standardTruncatedNormal(_ a: Double, _ b: Double) -> Double {
        // Standardizing can round a tiny interval far in a tail to a single point (or
        // give NaN): that point is the answer, and the samplers below need a < b.
        if !(a < b) { return a == b ? a : .nan }
        if a >= 0 { return truncatedNormalRightOfZero(a, b) }
        if b <= 0 { return -truncatedNormalRightOfZero(-b, -a) }
        // a < 0 < b.
        let width = b - a
        if width < (2 * Double.pi).squareRoot() {
            // Uniform proposal under the envelope exp(0) = 1: acceptance >= 0.55.
            while true {
                let z = a + width * uniform()
                if uniform() < Double.exp(-0.5 * z * z) { return z }
            }
        }
        // Wide interval containing 0: at least half the normal mass lies inside.
        while true {
            let z = standardNormal()
            if z >= a && z <= b { return z }
        }
    }

    /// A standard normal conditioned on [a, b] with 0 <= a < b (b may be +inf).
    @usableFromInline mutating func truncatedNormalRightOfZero(_ a: Double, _ b: Double) -> Double {
        let width = b - a
        if a < 0.3 {
            // Near the mode: uniform for short intervals, |Z| for long ones
            // (the two acceptance rates cross near a width of 1.2).
            if width < 1.2 { return truncatedNormalUniformProposal(a, width) }
            while true {
                let z = Swift.abs(standardNormal())
                if z >= a && z <= b { return z }
            }
        }
        // Robert's optimal exponential rate α, written as a + gap with
        // gap = α - a = 2 / (a + sqrt(a² + 4)) so neither a² nor the difference overflows
        // or cancels.
        let gap = 2 / (a + Double.hypot(a, 2))
        let alpha = a + gap
        // The density falls by e over about 1/α; a uniform proposal over a shorter
        // interval accepts more often than the exponential one.
        if width * alpha < 1 { return truncatedNormalUniformProposal(a, width) }
        while true {
            let e = standardExponential() / alpha
            if e > width { continue }  // beyond b
            // Acceptance exp(-(z - α)²/2) with z - α = e - gap.
            let d = e - gap
            if uniform() <= Double.exp(-0.5 * d * d) { return a + e }
        }
    }

    /// Uniform proposal on [a, a + width], a >= 0, accepted with probability
    /// exp((a² - z²)/2) = exp(-(z - a)(z + a)/2) (the density relative to its value at a).
    @usableFromInline mutating func truncatedNormalUniformProposal(_ a: Double, _ width: Double) -> Double {
        while true {
            let offset = width * uniform()
            // offset (a + offset/2) with offset * a first: 2a alone overflows for a > 9e307,
            // while offset * a < width * α < 1 here.
            if uniform() <= Double.exp(-(offset * a + 0.5 * offset * offset)) { return a + offset }
        }
    }
}
