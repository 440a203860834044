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
/// double precision for x >= 10. Poles (0, -1, -2, ...) give NaN. (SciPy agrees at the
/// negative integers but gives -inf at +0 and +inf at -0.)
public func digamma(_ x: Double) -> Double {
    if x.isNaN || x == -.infinity { return .nan }
    if x == .infinity { return .infinity }
    var x = x
    var result = 0.0
    if x <= 0 {
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
