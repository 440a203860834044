// Bessel.swift — logarithms of the modified Bessel functions I₀ and I₁, and their ratio I₁/I₀.

import RealModule

/// Below this argument the power series are summed; above it the asymptotic expansion is used.
/// At x = 30 the asymptotic series reaches 1e-17 long before its smallest term (~e^(-60)),
/// and the power series (all terms positive) needs about 50 terms.
@usableFromInline let besselSeriesLimit = 30.0

/// Power series Σ_k (x²/4)^k / (k! (k + ν)!) for ν = 0, 1, without its leading term 1/ν!
/// (returned separately so that log1p keeps the digits of a small remainder).
@usableFromInline func besselISeriesRemainder(_ x: Double, order: Int) -> (lead: Double, rest: Double) {
    let q = 0.25 * x * x
    let nu = Double(order)
    let lead = 1.0  // ν = 0: 1/0!; ν = 1: 1/1! (the x/2 factor is applied by the caller)
    var term = lead
    var rest = 0.0
    var k = 1.0
    while k < 200 {
        term *= q / (k * (k + nu))
        rest += term
        if term <= 1e-17 * (lead + rest) { break }
        k += 1
    }
    return (lead, rest)
}

/// The asymptotic sum Σ_k (-1)^k a_k(ν) / x^k of I_ν(x) ≈ e^x / √(2πx) · Σ, with
/// a_k(ν) = (4ν² - 1)(4ν² - 9)···(4ν² - (2k-1)²) / (k! 8^k). For ν = 0 all terms are
/// positive, for ν = 1 all after the first are negative: no cancellation either way.
@usableFromInline func besselIAsymptoticSum(_ x: Double, order: Int) -> Double {
    let mu = 4 * Double(order * order)
    var term = 1.0
    var sum = 1.0
    var k = 1.0
    while k < 60 {
        let odd = 2 * k - 1
        term *= -(mu - odd * odd) / (k * 8 * x)
        sum += term
        if Swift.abs(term) <= 1e-17 * Swift.abs(sum) { break }
        k += 1
    }
    return sum
}

/// log I₀(x), the logarithm of the modified Bessel function of the first kind of order 0, for
/// all real x (I₀ is even); no overflow up to the largest double (log I₀(1e300) = 1e300).
///
/// x <= 30: log1p of the power series' remainder (so log I₀(x) ≈ x²/4 keeps its digits as x → 0);
/// x > 30: x - ½ log(2πx) + log Σ of the asymptotic expansion.
public func logBesselI0(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    let x = Swift.abs(x)
    if x == .infinity { return .infinity }
    if x <= besselSeriesLimit {
        let series = besselISeriesRemainder(x, order: 0)
        return Double.log(onePlus: series.rest)
    }
    return x - 0.5 * Double.log(2 * Double.pi * x) + Double.log(besselIAsymptoticSum(x, order: 0))
}

/// log I₁(x) for x >= 0 (-inf at 0; NaN for x < 0, where I₁ is negative).
///
/// x <= 30: log(x/2) + log1p(remainder of Σ (x²/4)^k / (k!(k+1)!)); beyond, the asymptotic expansion.
public func logBesselI1(_ x: Double) -> Double {
    if x.isNaN || x < 0 { return .nan }
    if x == 0 { return -.infinity }
    if x == .infinity { return .infinity }
    if x <= besselSeriesLimit {
        let series = besselISeriesRemainder(x, order: 1)
        return Double.log(0.5 * x) + Double.log(onePlus: series.rest)
    }
    return x - 0.5 * Double.log(2 * Double.pi * x) + Double.log(besselIAsymptoticSum(x, order: 1))
}

/// The ratio I₁(x)/I₀(x) (odd in x, in (-1, 1); the derivative of log I₀ and the mean resultant
/// length of the von Mises distribution), without forming I₀ or I₁, so no overflow.
///
/// x <= 30: (x/2) · (series of I₁)/(series of I₀), both sums of positive terms; beyond, the
/// ratio of the asymptotic sums (the common factor e^x/√(2πx) cancels exactly).
public func besselI1OverI0(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    if x < 0 { return -besselI1OverI0(-x) }
    if x == .infinity { return 1 }
    if x <= besselSeriesLimit {
        let s0 = besselISeriesRemainder(x, order: 0)
        let s1 = besselISeriesRemainder(x, order: 1)
        return 0.5 * x * (s1.lead + s1.rest) / (s0.lead + s0.rest)
    }
    return besselIAsymptoticSum(x, order: 1) / besselIAsymptoticSum(x, order: 0)
}
