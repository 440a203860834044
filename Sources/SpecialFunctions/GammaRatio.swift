// GammaRatio.swift — log Γ(1+x) near 0, Stirling's correction and log Γ(x+a)/Γ(x) without cancellation.

import RealModule

/// log Γ(1 + x), accurate to a few ulps also near x = 0 and x = 1 (where it vanishes) and
/// for x > -1.
///
/// With G(x) = Σ_{k>=2} (-1)^k (ζ(k) - 1)/k x^k, the Taylor series of log Γ about 2 is
/// log Γ(2 + y) = (1 - γ) y + G(y), and log Γ(1 + x) = log Γ(2 + x) - log(1 + x)
/// = -γ x - log1pmx(x) + G(x). ζ(k) - 1 ~ 2^-k, so on |x| <= 1/2 the terms of G fall by
/// about 4 per degree and degree 31 reaches double precision; the parts never cancel by
/// more than a factor ~3. On (1/2, 3/2], x - 1 is exact (Sterbenz) and the series about 2
/// applies; elsewhere log Γ(1 + x) has no zero and the library lgamma is accurate.
public func logGamma1p(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    if Swift.abs(x) <= 0.5 {
        return -eulerGamma * x - log1pmx(x) + logGammaSeriesAbout2(x)
    }
    if x > 0.5 && x <= 1.5 {
        let y = x - 1
        return (1 - eulerGamma) * y + logGammaSeriesAbout2(y)
    }
    return Double.logGamma(1 + x)
}

/// k! for k = 0...6.
@usableFromInline let factorialTable: [Double] = [1, 1, 2, 6, 24, 120, 720]

/// Euler's constant γ.
@usableFromInline let eulerGamma = 0.57721566490153286061

/// G(y) = Σ_{k>=2} (-1)^k (ζ(k) - 1)/k y^k for |y| <= 1/2 (Horner in -y, then times y²).
@usableFromInline func logGammaSeriesAbout2(_ y: Double) -> Double {
    var sum = 0.0
    for c in zetaMinusOneOverK.reversed() { sum = sum * -y + c }
    return sum * y * y
}

/// (ζ(k) - 1)/k for k = 2...31, from mpmath 1.3 at 40 digits (scripts/reference/series_constants.py).
@usableFromInline let zetaMinusOneOverK: [Double] = [
    0.3224670334241132, 0.0673523010531981, 0.020580808427784546,
    0.007385551028673986, 0.0028905103307415234, 0.001192753911703261,
    0.0005096695247430425, 0.00022315475845357939, 9.945751278180853e-05,
    4.492623673813314e-05, 2.050721277567069e-05, 9.439488275268397e-06,
    4.374866789907488e-06, 2.039215753801366e-06, 9.55141213040742e-07,
    4.492469198764566e-07, 2.1207184805554665e-07, 1.0043224823968099e-07,
    4.7698101693639804e-08, 2.2711094608943164e-08, 1.0838659214896955e-08,
    5.183475041970047e-09, 2.4836745438024785e-09, 1.1921401405860912e-09,
    5.731367241678862e-10, 2.7595228851242334e-10, 1.330476437424449e-10,
    6.4229645638381e-11, 3.1044247747322276e-11, 1.5021384080754142e-11,
]

/// ½ log(2π).
@usableFromInline let halfLogTwoPi = 0.91893853320467274178

/// B_2k / (2k (2k - 1)), k = 1...7: Stirling's series log Γ(z) = (z - ½) log z - z + ½ log 2π
/// + Σ_k B_2k / (2k (2k - 1) z^(2k-1)) (mpmath 1.3, scripts/reference/series_constants.py).
@usableFromInline let stirlingCoefficients: [Double] = [
    0.08333333333333333, -0.002777777777777778, 0.0007936507936507937,
    -0.0005952380952380953, 0.0008417508417508417, -0.0019175269175269176,
    0.00641025641025641,
]

/// Stirling's correction μ(z) = log Γ(z) - [(z - ½) log z - z + ½ log 2π], to about 1e-16 absolute
/// for z >= 1 (where it lies in (0, 0.0811]).
///
/// For z >= 10 the series through z^-13 is accurate to ~1e-17 (the next term, B_16/(16·15 z^15),
/// is below 3e-17). For 1 <= z < 10 the recurrence μ(z) = μ(z + 1) + (z + ½) log(1 + 1/z) - 1 carries
/// it up to z + n >= 10, each step written as (z + ½) log1pmx(1/z) + 1/(2z) (exact rearrangement) so
/// that its absolute error is ~ε/(2z) rather than the ε of a difference of terms near 1; the
/// alternative log Γ(z) - (z - ½) log z + z - ½ log 2π would carry a few ulps of log Γ(z) (~2e-15 at
/// z = 9.9). Below 1 that alternative is used.
@usableFromInline func stirlingCorrection(_ z: Double) -> Double {
    if z >= 10 {
        let inv2 = 1 / (z * z)
        var sum = 0.0
        for c in stirlingCoefficients.reversed() { sum = sum * inv2 + c }
        return sum / z
    }
    if z >= 1 {
        var steps = 0.0
        var w = z
        while w < 10 {
            steps += (w + 0.5) * log1pmx(1 / w) + 0.5 / w
            w += 1
        }
        return stirlingCorrection(w) + steps
    }
    return Double.logGamma(z) - (z - 0.5) * Double.log(z) + z - halfLogTwoPi
}

/// μ(z + a) - μ(z) for z >= 10, a >= 0, without the cancellation of the direct difference
/// when a << z: each term c_k [(z+a)^-(2k-1) - z^-(2k-1)] is c_k z^-(2k-1) expm1(-(2k-1) log1p(a/z)).
@usableFromInline func stirlingCorrectionDifference(_ z: Double, _ a: Double) -> Double {
    let l = Double.log(onePlus: a / z)
    let inv = 1 / z
    let inv2 = inv * inv
    var power = inv
    var sum = 0.0
    for (k, c) in stirlingCoefficients.enumerated() {
        let m = Double(2 * k + 1)
        sum += c * power * Double.expMinusOne(-m * l)
        power *= inv2
        if power < 1e-300 { break }
    }
    return sum
}

/// The logarithm of the Pochhammer symbol (rising factorial), log Γ(x + a) - log Γ(x), for x > 0
/// and x + a > 0 (NaN otherwise), accurate to a few ulps of the result also when |a| << x, where
/// the two log Γ values agree in most of their digits (log Γ(1e10 + 1e-5) - log Γ(1e10) = 2.3e-4),
/// and when either argument is huge. Negative a uses log Γ(x + a) - log Γ(x) = -[log Γ(y + |a|)
/// - log Γ(y)] with y = x + a.
public func logPochhammer(_ x: Double, _ a: Double) -> Double {
    if x.isNaN || a.isNaN || x <= 0 || x + a <= 0 { return .nan }
    if x == .infinity { return a == 0 ? 0 : .nan }
    if a == .infinity { return .infinity }
    if a < 0 { return -logGammaDifference(x + a, -a) }
    return logGammaDifference(x, a)
}

/// log Γ(b + a) - log Γ(b) for b > 0, a >= 0, to a few ulps of the result also when a << b
/// (where the two log Γ values agree in most digits) or both are huge.
///
/// Shift b up to B = b + n >= 10 with log Γ(b + a) - log Γ(b) = [log Γ(B + a) - log Γ(B)]
/// - Σ_{j<n} log1p(a / (b + j)), then Stirling's formula for the bracket:
/// a log B + B log1pmx(a/B) + (a - ½) log1p(a/B) + μ(B + a) - μ(B). (The exact identity
/// (B + a - ½) log1p(a/B) - a = B log1pmx(a/B) + (a - ½) log1p(a/B) removes the
/// cancellation between (B + a - ½) log(1 + a/B) ≈ a and -a.)
@usableFromInline func logGammaDifference(_ b: Double, _ a: Double) -> Double {
    if a == 0 { return 0 }
    if a <= 1e-4 && b >= 1 && b <= 2 {
        // Around the minimum of log Γ (ψ(1.4616...) = 0) the shifted Stirling form below is a
        // small difference of O(a) terms. The Taylor series about b itself,
        // Σ_{k=1...6} ψ⁽ᵏ⁻¹⁾(b) aᵏ / k!, keeps the relative accuracy: ψ(b) is accurate near its
        // root, no argument is rounded, and the first omitted term (< 2e-29) is negligible even
        // at the point b = x₀ - a/2 where the first two terms cancel.
        var sum = 0.0
        for k in stride(from: 6, through: 2, by: -1) {
            sum = (sum + polygamma(k - 1, b) / factorialTable[k]) * a
        }
        return (sum + digamma(b)) * a
    }
    var shift = 0.0
    var big = b
    while big < 10 {
        shift += Double.log(onePlus: a / big)
        big += 1
    }
    let r = a / big
    let stirling = a * Double.log(big) + big * log1pmx(r) + (a - 0.5) * Double.log(onePlus: r)
        + stirlingCorrectionDifference(big, a)
    return stirling - shift
}
