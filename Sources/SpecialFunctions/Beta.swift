// Beta.swift — log B(a, b), accurate also for very unequal or very large arguments.

import RealModule

/// log B(a, b) = log Γ(a) + log Γ(b) - log Γ(a + b) for a, b > 0 (NaN for a or b <= 0 or NaN;
/// +inf where B overflows, e.g. as a → 0).
///
/// Three regimes (with a <= b):
/// * b < 10: the three log Γ values are moderate and their sum loses nothing important.
/// * a < 10 <= b: log Γ(a) - [log Γ(b + a) - log Γ(b)], the bracket from
///   `logGammaDifference`, which does not cancel when a << b (e.g. a = 1e-10, b = 1e10).
/// * both >= 10: Stirling's formula with the large terms combined before they cancel:
///   ½ log 2π - ½ log c + (a - ½) log(a/c) + (b - ½) log1p(-a/c) + μ(a) + μ(b) - μ(c),
///   c = a + b; every log term is negative and no two of them cancel.
public func logBeta(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN || a <= 0 || b <= 0 { return .nan }
    let small = Swift.min(a, b)
    let large = Swift.max(a, b)
    if large == .infinity { return -.infinity }
    if large < 10 {
        return Double.logGamma(small) + Double.logGamma(large) - Double.logGamma(small + large)
    }
    if small < 10 {
        return Double.logGamma(small) - logGammaDifference(large, small)
    }
    let c = small + large
    return halfLogTwoPi - 0.5 * Double.log(c) + (small - 0.5) * Double.log(small / c)
        + (large - 0.5) * Double.log(onePlus: -small / c)
        + stirlingCorrection(small) + stirlingCorrection(large) - stirlingCorrection(c)
}
