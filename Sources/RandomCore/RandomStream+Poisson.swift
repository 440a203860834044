// RandomStream+Poisson.swift — Poisson variates: inversion for small means, Hörmann's PTRS for large ones.

import RealModule

extension RandomStream {
    /// The largest mean accepted: far below Int64.max (9.2e18) so that every variate
    /// with non-negligible probability fits.
    public static let maxPoissonMean = 1e18

    /// A Poisson variate with mean `lambda` (PyTensor's `poisson(lam)`); exact for
    /// means below 2^53 (9e15), beyond which PTRS's arithmetic in binary64 puts the
    /// variates on the Double grid. `invalidInteger` unless 0 <= lambda <= `maxPoissonMean`.
    public mutating func poisson(_ lambda: Double) -> Int64 {
        if !(lambda >= 0 && lambda <= RandomStream.maxPoissonMean) { return RandomStream.invalidInteger }
        if lambda == 0 { return 0 }
        if lambda < 10 { return poissonInversion(lambda) }
        return poissonPTRS(lambda)
    }

    /// Sequential-search inversion: subtract P(0), P(1), ... from U until it is covered.
    /// Expected cost 1 + λ steps.
    @usableFromInline mutating func poissonInversion(_ lambda: Double) -> Int64 {
        let p0 = Double.exp(-lambda)
        // Far beyond any value with probability above 1e-100 for λ < 10; reaching it
        // means rounding left U just above the summed mass, so draw again.
        let limit: Int64 = 200
        while true {
            var u = uniform()
            var p = p0
            var k: Int64 = 0
            while u > p && k < limit {
                u -= p
                k += 1
                p *= lambda / Double(k)
            }
            if k < limit { return k }
        }
    }

    /// Hörmann's transformed rejection with squeeze, PTRS ("The transformed rejection
    /// method for generating Poisson random variables", Insurance: Mathematics and
    /// Economics 12, 1993), valid for λ >= 10. The hat is a transformed uniform; about
    /// 89% of proposals pass the squeeze us >= 0.07, v <= v_r, and the exact test
    /// compares against log P(k) from `logPoissonProbability`.
    @usableFromInline mutating func poissonPTRS(_ lambda: Double) -> Int64 {
        let b = 0.931 + 2.53 * lambda.squareRoot()
        let a = -0.059 + 0.02483 * b
        let logInverseAlpha = Double.log(1.1239 + 1.1328 / (b - 3.4))
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = uniform() - 0.5
            let v = uniform()
            let us = 0.5 - Swift.abs(u)
            let k = ((2 * a / us + b) * u + lambda + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return Int64(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if Double.log(v) + logInverseAlpha - Double.log(a / (us * us) + b) <= logPoissonProbability(k, lambda) {
                return Int64(k)
            }
        }
    }
}
