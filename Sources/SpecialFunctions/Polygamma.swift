// Polygamma.swift — ψ⁽ⁿ⁾(x), the n-th derivative of digamma, on the real line.

import RealModule

/// The polygamma function ψ⁽ⁿ⁾(x) = dⁿ/dxⁿ ψ(x) for n >= 0 (NaN for n < 0).
///
/// n = 0 and n = 1 are `digamma` and `trigamma` (so the three always agree). For n >= 2:
/// ψ⁽ⁿ⁾(x) = (-1)ⁿ⁺¹ n! ζ(n + 1, x) for x > 0, with the Hurwitz zeta summed as
/// Σ_{j<m} (x + j)^-(n+1) plus the Euler–Maclaurin tail at y = x + m >= 15 + 2n:
/// ζ(n+1, y) = y^-n / n + y^-(n+1) / 2 + Σ_k B_2k/(2k)! (n+1)(n+2)···(n+2k-1) y^-(n+2k).
/// At y >= 15 + 2n successive tail terms shrink by at least (n+2k)(n+2k+1) / (2π y)² < 1/8,
/// so twelve Bernoulli terms are far more than enough; every summand is positive.
/// For x < 0 the reflection formula
/// ψ⁽ⁿ⁾(x) = (-1)ⁿ ψ⁽ⁿ⁾(1 - x) - π^(n+1) cot⁽ⁿ⁾(πx)
/// with cot⁽ⁿ⁾ a polynomial in c = cot(πx) (d/dθ cot θ = -(1 + c²)), c computed from
/// x - round(x) so it keeps its relative accuracy next to the poles.
/// Poles: +inf at 0 for odd n, the one-sided limit ∓inf at ±0 for even n (as `digamma`),
/// NaN at -1, -2, ...; ψ⁽ⁿ⁾(+inf) = 0.
public func polygamma(_ n: Int, _ x: Double) -> Double {
    if n < 0 || x.isNaN || x == -.infinity { return .nan }
    if n == 0 { return digamma(x) }
    if n == 1 { return trigamma(x) }
    if x == .infinity { return 0 }
    if x <= 0 {
        if x == x.rounded(.down) {
            if x != 0 { return .nan }
            // Near 0, ψ⁽ⁿ⁾(x) ≈ (-1)ⁿ⁺¹ n! / xⁿ⁺¹: even n flips sign with x.
            return n % 2 == 1 || x.sign == .minus ? .infinity : -.infinity
        }
        return polygammaReflected(n, x)
    }
    return polygammaPositive(n, x)
}

/// B_2k / (2k)!, k = 1...12, from mpmath 1.3 (scripts/reference/series_constants.py).
@usableFromInline let bernoulliOverFactorial: [Double] = [
    0.08333333333333333, -0.001388888888888889, 3.306878306878307e-05,
    -8.267195767195768e-07, 2.08767569878681e-08, -5.284190138687493e-10,
    1.3382536530684679e-11, -3.3896802963225827e-13, 8.586062056277845e-15,
    -2.174868698558062e-16, 5.5090028283602295e-18, -1.3954464685812522e-19,
]

/// ψ⁽ⁿ⁾(x) for x > 0 and n >= 2 (see `polygamma`).
@usableFromInline func polygammaPositive(_ n: Int, _ x: Double) -> Double {
    let order = Double(n)
    let s = order + 1
    // n! (as a Double: overflows to inf past n = 170, as the true values do for most x).
    var factorial = 1.0
    for k in stride(from: 2, through: n, by: 1) { factorial *= Double(k) }
    var y = x
    var sum = 0.0
    let threshold = 15 + 2 * order
    while y < threshold {
        sum += Double.pow(y, -s)
        y += 1
    }
    // Euler–Maclaurin tail ζ(n+1, y): the leading terms, then the Bernoulli terms with the
    // rising factorial (n+1)(n+2)···(n+2k-1) updated by two factors per k.
    let inv = 1 / y
    let inv2 = inv * inv
    let leading = Double.pow(y, -order)  // y^-n
    var tail = leading / order + leading * inv / 2
    var rising = s  // (n+1) for k = 1
    var power = leading * inv2  // y^-(n+2)
    for (k, c) in bernoulliOverFactorial.enumerated() {
        let term = c * rising * power
        tail += term
        if Swift.abs(term) <= 1e-17 * tail { break }
        let j = Double(2 * k + 2)
        rising *= (order + j) * (order + j + 1)
        power *= inv2
    }
    let magnitude = factorial * (sum + tail)
    return n % 2 == 1 ? magnitude : -magnitude
}

/// ψ⁽ⁿ⁾(x) for x < 0 not an integer, by reflection (see `polygamma`).
@usableFromInline func polygammaReflected(_ n: Int, _ x: Double) -> Double {
    // cot(πx) has period 1; r = x - round(x) is exact and |r| <= 1/2. For |r| > 1/4 use
    // cot(πr) = ±tan(π(1/2 - |r|)) with 1/2 - |r| exact, so that at half-integers c is exactly 0
    // (1/tan(π/2) would give 6e-17, which the n-th derivative polynomial multiplies by up to
    // π^(n+1) times a tangent number: 1.5e-8 at n = 8).
    let r = x - x.rounded(.toNearestOrEven)
    let c = Swift.abs(r) <= 0.25
        ? 1 / Double.tan(Double.pi * r)
        : (r < 0 ? -1.0 : 1.0) * Double.tan(Double.pi * (0.5 - Swift.abs(r)))
    // Coefficients of the polynomial P_k(c) = cot⁽ᵏ⁾ (θ) in c = cot θ, starting from P_0 = c;
    // P_{k+1}(c) = -(1 + c²) P_k'(c).
    var p = [0.0, 1.0]
    for _ in 0..<n {
        var derivative = [Double](repeating: 0, count: p.count - 1)
        for i in 1..<p.count { derivative[i - 1] = Double(i) * p[i] }
        var next = [Double](repeating: 0, count: p.count + 1)
        for (i, d) in derivative.enumerated() {
            next[i] -= d
            next[i + 2] -= d
        }
        p = next
    }
    var cotDerivative = 0.0
    for coefficient in p.reversed() { cotDerivative = cotDerivative * c + coefficient }
    let piPower = Double.pow(Double.pi, Double(n + 1))
    let reflected = polygammaPositive(n, 1 - x)
    return (n % 2 == 0 ? reflected : -reflected) - piPower * cotDerivative
}
