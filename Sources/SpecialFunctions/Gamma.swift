// Gamma.swift — log-gamma and digamma on the real line.

import RealModule

/// log|Γ(x)| (the C library's lgamma through swift-numerics).
@inlinable public func logGamma(_ x: Double) -> Double {
    Double.logGamma(x)
}

/// The digamma function ψ(x) = d/dx log Γ(x).
///
/// Reflection ψ(x) = ψ(1-x) - π cot(πx) for x <= 0, the recurrence ψ(x) = ψ(x+1) - 1/x
/// to move x above 10, then the asymptotic expansion
/// ln x - 1/(2x) - Σ B_2k / (2k x^2k), whose terms through x^-14 give full
/// double precision for x >= 10. Within 0.3 of the positive root and of the root in
/// (-1, 0) a Taylor series about the root keeps the relative error near one ulp
/// (see `digammaNearRoot`). As in SciPy, ψ(±0) = ∓inf (the one-sided limits) and the
/// poles -1, -2, ... give NaN.
public func digamma(_ x: Double) -> Double {
    if x.isNaN || x == -.infinity { return .nan }
    if x == .infinity { return .infinity }
    if x == 0 { return x.sign == .minus ? .infinity : -.infinity }
    if Swift.abs(x - DigammaRoot.positive.hi) < 0.3 { return digammaNearRoot(x, DigammaRoot.positive) }
    if Swift.abs(x - DigammaRoot.negative.hi) < 0.3 { return digammaNearRoot(x, DigammaRoot.negative) }
    var x = x
    var result = 0.0
    if x < 0 {
        if x == x.rounded(.down) { return .nan }
        // ψ(x) = ψ(1 - x) - π cot(πx). cot has period π, so reduce x to r = x - round(x)
        // in [-1/2, 1/2] (exact in binary floating point) before multiplying by π:
        // then tan(πr) has full relative accuracy even when x is within a few ulps of
        // an integer, where reducing to [0, 1) would put πr next to π and lose the
        // digits of the small difference.
        let r = x - x.rounded(.toNearestOrEven)
        result = -Double.pi / Double.tan(Double.pi * r)
        x = 1 - x
    }
    while x < 10 {
        result -= 1 / x
        x += 1
    }
    let inv2 = 1 / (x * x)
    // Bernoulli-number series: B2/2, B4/4, ..., B14/14.
    let series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240
        - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 / 12))))))
    return result + Double.log(x) - 0.5 / x - series
}

/// The trigamma function ψ₁(x) = d²/dx² log Γ(x) (the derivative of digamma).
///
/// Reflection ψ₁(1-x) + ψ₁(x) = π² / sin²(πx) for x < 0, the recurrence
/// ψ₁(x) = ψ₁(x+1) + 1/x² to move x above 10, then the asymptotic series
/// 1/x + 1/(2x²) + Σ B_2k / x^(2k+1), which at x >= 10 reaches double precision
/// with terms through x^-15. At 0 the result is +inf; other poles (-1, -2, ...) give NaN.
public func trigamma(_ x: Double) -> Double {
    if x.isNaN || x == -.infinity { return .nan }
    if x == .infinity { return 0 }
    if x <= 0 {
        if x == x.rounded(.down) { return x == 0 ? .infinity : .nan }
        // sin²(πx) has period 1: reduce to r = x - round(x) in [-1/2, 1/2] (exact) before
        // multiplying by π, as digamma does. Reducing to [0, 1) instead puts π(x - floor x)
        // next to π for x just below an integer and loses the digits of the distance to the
        // pole (1e-6 relative error at x = -1 - 1e-10, all of them at x = -1e-300).
        let s = Double.sin(Double.pi * (x - x.rounded(.toNearestOrEven)))
        return -trigamma(1 - x) + Double.pi * Double.pi / (s * s)
    }
    var x = x
    var result = 0.0
    while x < 10 {
        result += 1 / (x * x)
        x += 1
    }
    let inv = 1 / x
    let inv2 = inv * inv
    // Bernoulli numbers B2..B14: 1/6, -1/30, 1/42, -1/30, 5/66, -691/2730, 7/6.
    let series = inv2 * (1.0 / 6 - inv2 * (1.0 / 30 - inv2 * (1.0 / 42 - inv2 * (1.0 / 30
        - inv2 * (5.0 / 66 - inv2 * (691.0 / 2730 - inv2 * 7.0 / 6))))))
    return result + inv + 0.5 * inv2 + inv * series
}

/// A root x₀ of ψ (as hi + lo, hi the nearest double) and the Taylor coefficients
/// about x₀ of ψ(x + m), for the shift m = `shift`.
@usableFromInline
struct DigammaRoot {
    let hi: Double
    let lo: Double
    let shift: Int
    /// c[n-1] = ψ⁽ⁿ⁾(x₀ + m) / n! = (-1)ⁿ⁺¹ ζ(n + 1, x₀ + m), n = 1, 2, ...
    let coefficients: [Double]

    // Roots, Hurwitz zeta values and their double roundings computed with mpmath 1.3 at
    // 60 digits (findroot(digamma, ...), zeta(n + 1, x0 + m)) by
    // scripts/reference/digamma_root_series.py, which also checks the evaluation.
    // x₀ = 1.461632144968362341262659542325721328468...
    static let positive = DigammaRoot(
        hi: 1.4616321449683622, lo: 9.549995429965697e-17, shift: 2,
        coefficients: [
            0.3345617098544669, -0.055476208282819656, 0.012163351366549665, -0.002976677050430833,
            0.0007713020708922787, -0.00020674607628354467, 5.663403931142351e-05, -1.5742042793645156e-05,
            4.4203814378014486e-06, -1.2502790337317232e-06, 3.555004365548999e-07, -1.0147423082995085e-07,
            2.9048430651778795e-08, -8.333507652457267e-09,
        ])
    // x₀ = -0.5040830082644554092582693045333024989554...
    static let negative = DigammaRoot(
        hi: -0.5040830082644554, lo: -8.15428206243813e-18, shift: 3,
        coefficients: [
            0.4913240491236688, -0.11856044147907663, 0.037531959133452655, -0.013172055376303032,
            0.004866503777109233, -0.0018509116032794433, 0.0007164834608058607, -0.0002804707762736125,
            0.00011059945836052453, -4.3827749767204884e-05, 1.7425838118500264e-05, -6.944388287385589e-06,
            2.7718194037819783e-06, -1.1075872776553215e-06, 4.429239947710089e-07, -1.7722241955384526e-07,
        ])
}

/// ψ(x) for x within 0.3 of the root x₀, to about one ulp of relative error.
///
/// Near a root ψ(x) is a small difference of O(1) quantities, so the recurrence (or
/// any formula that computes ψ itself) loses relative accuracy without bound. Instead
/// write ψ(x) = ψ(x + m) - Σ_{j<m} 1/(x + j) and subtract the same identity at x₀,
/// where ψ(x₀) = 0. With t = x - x₀:
///
///     ψ(x) = [ψ(x + m) - ψ(x₀ + m)] + Σ_{j<m} t / ((x + j)(x₀ + j))
///
/// because 1/(x₀ + j) - 1/(x + j) = t / ((x + j)(x₀ + j)). Every term is t times a
/// quantity computed to full relative precision, and all of them have the sign of t
/// (ψ' > 0), so nothing cancels. The bracket is the Taylor series Σ cₙ tⁿ of ψ about
/// x₀ + m; the shift m moves the expansion point away from the poles at 0, -1, ...
/// so that for |t| < 0.3 the terms fall by a factor 0.3 / (x₀ + m) <= 0.12 each and
/// 14 (16) terms reach double precision. t itself is computed as (x - hi) - lo, the
/// first subtraction being exact or correctly rounded relative to t, so x₀ is used
/// to about 32 digits. (SciPy uses the same idea, with m = 0 and Hurwitz zeta values
/// computed at run time.)
@usableFromInline
func digammaNearRoot(_ x: Double, _ root: DigammaRoot) -> Double {
    let t = (x - root.hi) - root.lo
    var sum = 0.0
    for c in root.coefficients.reversed() { sum = sum * t + c }
    sum *= t
    for j in 0..<root.shift {
        let shift = Double(j)
        sum += t / ((x + shift) * (root.hi + shift))
    }
    return sum
}
