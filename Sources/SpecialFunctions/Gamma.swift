// Gamma.swift — log-gamma and digamma on the real line.

import RealModule

/// log|Γ(x)| (the C library's lgamma through swift-numerics).
@inlinable public func logGamma(_ x: Double) -> Double {
    Double.logGamma(x)
}

/// The digamma function ψ(x) = d/dx log Γ(x).
///
/// Reflection ψ(1-x) - π cot(πx) for x < 0, the recurrence ψ(x) = ψ(x+1) - 1/x
/// to move x above 10, then the asymptotic expansion
/// ln x - 1/(2x) - Σ B_2k / (2k x^2k), whose terms through x^-14 give full
/// double precision for x >= 10. As in SciPy, ψ(±0) = ∓inf (the one-sided limits)
/// and the poles -1, -2, ... give NaN.
public func digamma(_ x: Double) -> Double {
    if x.isNaN || x == -.infinity { return .nan }
    if x == .infinity { return .infinity }
    if x == 0 { return x.sign == .minus ? .infinity : -.infinity }
    var x = x
    var result = 0.0
    if x < 0 {
        if x == x.rounded(.down) { return .nan }
        // ψ(x) = ψ(1 - x) - π / tan(πx). tan has period π, so reduce x to
        // r = x - round(x) in [-1/2, 1/2] (exact) before multiplying by π: a tiny
        // |x| stays tiny, where reducing by floor(x) would round r to 1.
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
        let s = Double.sin(Double.pi * (x - x.rounded(.down)))
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
