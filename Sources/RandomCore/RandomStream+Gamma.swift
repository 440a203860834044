// RandomStream+Gamma.swift — gamma variates (Marsaglia–Tsang, boosted in log space for shape < 1) and those built from them.

import RealModule
import SpecialFunctions

extension RandomStream {
    /// log of a Gamma(shape, 1) variate, finite for every shape > 0 that a Double holds
    /// (down to about 1e-300), even where the variate itself underflows.
    ///
    /// Shape >= 1: Marsaglia & Tsang (2000). Shape < 1: the boost
    /// G(a) = G(a + 1) U^(1/a) (Stuart 1962) taken in logs, log G(a + 1) + log(U)/a,
    /// because U^(1/a) underflows to 0 for small a long before the true variate does.
    /// Shape 0 gives -inf (the point mass at 0); a negative or NaN shape gives NaN.
    public mutating func logStandardGamma(shape a: Double) -> Double {
        if !(a > 0) { return a == 0 ? -.infinity : .nan }
        if a == .infinity { return .infinity }
        if a < 1 {
            return logMarsagliaTsang(a + 1) + Double.log(uniform()) / a
        }
        return logMarsagliaTsang(a)
    }

    /// A Gamma(shape, 1) variate. For shape < 1 it is exp of `logStandardGamma`, so it is
    /// 0 exactly when the true variate is below the smallest subnormal (for shape 1e-3
    /// that is about 47% of the mass, P(G < 5e-324) = (5e-324)^a / Γ(a + 1)).
    public mutating func standardGamma(shape a: Double) -> Double {
        if a >= 1 && a < .infinity {
            let (d, v) = marsagliaTsang(a)
            return d * v
        }
        return Double.exp(logStandardGamma(shape: a))
    }

    /// A gamma variate with the given shape and scale (PyTensor's `gamma(shape, scale)`).
    public mutating func gamma(shape: Double, scale: Double) -> Double {
        if !(scale >= 0) { return .nan }
        return scale * standardGamma(shape: shape)
    }

    /// An inverse-gamma variate: scale / G(shape) (PyTensor's `invgamma(shape, scale)`),
    /// computed from log G so that tiny shapes give +inf only where the truth overflows.
    public mutating func inverseGamma(shape: Double, scale: Double) -> Double {
        if !(scale >= 0) { return .nan }
        return scale * Double.exp(-logStandardGamma(shape: shape))
    }

    /// A chi-squared variate with `df` degrees of freedom: 2 G(df/2).
    public mutating func chiSquare(df: Double) -> Double {
        2 * standardGamma(shape: 0.5 * df)
    }

    /// A Beta(a, b) variate: Ga / (Ga + Gb).
    ///
    /// When a shape is below 1 the gammas are kept as logs and the ratio is
    /// sigmoid(log Ga - log Gb), which neither underflows nor divides 0 by 0; the result
    /// is 0 or 1 only where the true variate rounds to 0 or 1.
    public mutating func beta(_ a: Double, _ b: Double) -> Double {
        betaWithComplement(a, b).x
    }

    /// A Beta(a, b) variate x together with 1 - x, each to full relative precision
    /// (1 - x is computed as Gb / (Ga + Gb), not by subtraction).
    public mutating func betaWithComplement(_ a: Double, _ b: Double) -> (x: Double, complement: Double) {
        if !(a > 0 && b > 0) { return (.nan, .nan) }
        if a >= 1 && b >= 1 {
            let ga = standardGamma(shape: a)
            let gb = standardGamma(shape: b)
            let s = ga + gb
            return (ga / s, gb / s)
        }
        let d = betaLogOdds(a, b)
        return (sigmoid(d), sigmoid(-d))
    }

    /// The log-odds log(X / (1 - X)) of a Beta(a, b) variate X, as log Ga - log Gb: the
    /// quantity `beta` rounds through sigmoid when a shape is below 1. Unlike X it
    /// resolves both ends (for Beta(0.01, 0.01) a third of the X draws round to 1.0 and
    /// 0.03% to 0.0, although the law is symmetric).
    public mutating func betaLogOdds(_ a: Double, _ b: Double) -> Double {
        if !(a > 0 && b > 0) { return .nan }
        return logStandardGamma(shape: a) - logStandardGamma(shape: b)
    }

    /// A Student-t variate with `df` degrees of freedom, location and scale
    /// (PyTensor's `t(df, loc, scale)`): Z / sqrt(χ²_df / df). The chi-square part is
    /// carried as a log so that small df do not turn an underflowed gamma into inf * 0.
    public mutating func studentT(df: Double, loc: Double, scale: Double) -> Double {
        if !(df > 0) { return .nan }
        let z = standardNormal()
        // df = inf is the normal law (and would make the factor below inf - inf).
        if df == .infinity { return loc + scale * z }
        // sqrt(df / (2 G)) with G ~ Gamma(df/2): exp((log(df/2) - log G) / 2).
        let factor = Double.exp(0.5 * (Double.log(0.5 * df) - logStandardGamma(shape: 0.5 * df)))
        return loc + scale * (z * factor)
    }

    /// |T| scaled: the half-Student-t of PyMC (`HalfStudentT(nu, sigma)`).
    public mutating func halfStudentT(df: Double, scale: Double) -> Double {
        scale * Swift.abs(studentT(df: df, loc: 0, scale: 1))
    }

    /// Marsaglia & Tsang's rejection method for shape a >= 1 ("A simple method for
    /// generating gamma variables", ACM TOMS 2000). Returns (d, v) with variate d * v,
    /// d = a - 1/3, v = (1 + c z)^3 for a normal z, so callers needing a log can form
    /// log d + 3 log1p(c z) without a rounding in between.
    @usableFromInline mutating func marsagliaTsang(_ a: Double) -> (d: Double, v: Double) {
        let (d, t) = marsagliaTsangCore(a)
        let w = 1 + t
        return (d, w * w * w)
    }

    /// log of a Marsaglia–Tsang gamma variate, shape a >= 1.
    @usableFromInline mutating func logMarsagliaTsang(_ a: Double) -> Double {
        let (d, t) = marsagliaTsangCore(a)
        return Double.log(d) + 3 * Double.log(onePlus: t)
    }

    /// d = a - 1/3 and the accepted t = c z of Marsaglia–Tsang, c = 1 / (3 sqrt d).
    @usableFromInline mutating func marsagliaTsangCore(_ a: Double) -> (d: Double, t: Double) {
        let d = a - 1.0 / 3.0
        let c = 1 / (3 * d.squareRoot())
        while true {
            var z: Double
            var t: Double
            repeat {
                z = standardNormal()
                t = c * z
            } while t <= -1  // v = (1 + t)^3 must be positive
            let w = 1 + t
            let v = w * w * w
            let u = uniform()
            let z2 = z * z
            // Squeeze: cheap lower bound of the acceptance function (accepts ~98%).
            if u < 1 - 0.0331 * z2 * z2 { return (d, t) }
            if Double.log(u) < marsagliaTsangLogAcceptance(z2: z2, d: d, t: t, v: v) { return (d, t) }
        }
    }
}

/// z²/2 + d (1 - v + log v), the log acceptance probability of Marsaglia–Tsang.
///
/// With v = (1 + t)³ and t = z / (3 sqrt d), the expression equals
/// 3d (log1p(t) - t + t²/2 - t³/3) = 3d Σ_{k>=4} (-1)^(k+1) t^k / k: the direct form
/// cancels two large terms (each about z²/2 with an error of d ulps), which for huge
/// shapes (1e10 and up) would visibly bias the acceptance. For |t| < 0.1 the series
/// through t^19 is exact to double precision (0.1^16 < 1e-16 relative to t^4).
@usableFromInline func marsagliaTsangLogAcceptance(z2: Double, d: Double, t: Double, v: Double) -> Double {
    if Swift.abs(t) < 0.1 {
        var s = 0.0
        // Horner over k = 19 down to 5 of (-1)^(k+1) t^(k-4) / k, then the k = 4 term.
        for k in stride(from: 19, through: 5, by: -1) {
            let sign: Double = k % 2 == 1 ? 1 : -1
            s = s * t + sign / Double(k)
        }
        s = s * t - 0.25
        let t2 = t * t
        return 3 * d * (t2 * t2) * s
    }
    return 0.5 * z2 + d * (1 - v + Double.log(v))
}
