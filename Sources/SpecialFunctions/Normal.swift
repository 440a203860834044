// Normal.swift — the standard normal distribution function, its logarithm in both tails, and its quantile.

import RealModule

/// 1/√2.
@usableFromInline let inverseSqrt2 = 0.70710678118654752440
/// √2.
@usableFromInline let sqrt2 = 1.4142135623730950488
/// log 2, and log 2 as a sum hi + lo of two doubles (hi the nearest double, lo the rest).
@usableFromInline let ln2 = 0.69314718055994530942
@usableFromInline let ln2Low = 2.3190468138462996e-17

/// The upper tail Q(x) = 1 - Φ(x) = ½ erfc(x/√2) for x >= 0, as ½ erfcx(x/√2) e^(-x²/2):
/// the exponential is taken from x itself (`expNegativeHalfSquare`), so the rounding of x/√2
/// only enters erfcx, whose relative sensitivity to its argument is below 1; erfc(x/√2)
/// directly would amplify it by x².
@inlinable func normalUpperTail(_ x: Double) -> Double {
    0.5 * erfcx(x * inverseSqrt2) * expNegativeHalfSquare(x)
}

/// The standard normal distribution function Φ(x), with full relative accuracy in the lower
/// tail (down to the subnormals, x ≈ -38.5); for x >= 0 it is 1 - Q(x).
public func normalCDF(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    if x < 0 { return normalUpperTail(-x) }
    return 1 - normalUpperTail(x)
}

/// The standard normal survival function 1 - Φ(x) = Φ(-x), accurate in the upper tail.
public func normalSurvival(_ x: Double) -> Double {
    normalCDF(-x)
}

/// log Φ(x), accurate to a few ulps over the whole line, far into both tails.
///
/// * x < 0: log Φ(x) = log(erfcx(t)/2) - x²/2, t = -x/√2. Both parts are negative, so nothing
///   cancels, and nothing underflows (at x = -1e5 the result is -5e9 - 12.4...).
/// * x >= 0: log1p(-Q(x)) with the upper tail Q from `normalUpperTail`; for x > 38.5, Q and
///   the result are below the smallest double (log Φ(40) = -3.7e-350 rounds to -0).
public func normalLogCDF(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    if x < 0 {
        if x == -.infinity { return -.infinity }
        return Double.log(erfcx(-x * inverseSqrt2)) - ln2 - 0.5 * (x * x)
    }
    return Double.log(onePlus: -normalUpperTail(x))
}

/// log(1 - Φ(x)) = log Φ(-x), accurate far into both tails (see `normalLogCDF`).
public func normalLogSurvival(_ x: Double) -> Double {
    normalLogCDF(-x)
}

/// The standard normal quantile Φ⁻¹(p) for p in [0, 1] (-inf at 0, +inf at 1, NaN outside),
/// -√2 erfcInverse(2p), accurate to a few ulps: 2p is exact, and `erfcInverse` keeps
/// its accuracy for p near 0, near 1/2 and (as far as p itself resolves it) near 1.
public func normalQuantile(_ p: Double) -> Double {
    if p.isNaN || p < 0 || p > 1 { return .nan }
    return -sqrt2 * erfcInverse(2 * p)
}

/// The standard normal quantile from a log-probability: Φ⁻¹(e^logP) for logP <= 0, accurate
/// also where e^logP underflows (logP = -1e5 gives -447.2...) or rounds to 1 (logP = -1e-20
/// gives 9.26...).
///
/// * logP > log(3/4): the upper tail 1 - p = -expm1(logP) is formed without cancellation and
///   the quantile is -Φ⁻¹(1 - p).
/// * log(1/4) < logP <= log(3/4): near the median the quantile is √2 erf⁻¹(2p - 1), and
///   2p - 1 = expm1(logP + log 2) with log 2 carried as hi + lo, so that p - 1/2 keeps its
///   digits where e^logP would round to 1/2 (logP = -0.6931471805599453 is 2.9e-17).
/// * logP <= log(1/4): Φ(x) = erfc(t)/2 with t = -x/√2 is solved in the logarithm by
///   `erfcInverseTail`, so e^logP never needs to be formed.
public func normalQuantile(logP: Double) -> Double {
    if logP.isNaN || logP > 0 { return .nan }
    if logP == 0 { return .infinity }
    if logP > -0.28768207245178092744 {  // log(3/4)
        let q = -Double.expMinusOne(logP)
        return sqrt2 * erfcInverse(2 * q)
    }
    if logP <= -2 * ln2 {
        return -sqrt2 * erfcInverseTail(logP + ln2)
    }
    let twoPMinusOne = Double.expMinusOne((logP + ln2) + ln2Low)
    return sqrt2 * erfInverse(twoPMinusOne)
}
