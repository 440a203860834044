// Elementary.swift — numerically stable logistic-family functions (sigmoid, softplus, log1mexp, logaddexp).

import RealModule

/// The logistic function 1 / (1 + e^-x).
/// For x < 0 it is computed as e^x / (1 + e^x) so that e^-x never overflows.
@inlinable public func sigmoid(_ x: Double) -> Double {
    if x >= 0 {
        return 1 / (1 + Double.exp(-x))
    }
    let e = Double.exp(x)
    return e / (1 + e)
}

/// softplus(x) = log(1 + e^x) without overflow or loss of small values.
/// Below -37, e^x is below half an ulp of 1, so log1p(e^x) = e^x exactly;
/// above 18, log(1 + e^x) = x + log1p(e^-x) ≈ x + e^-x; above 33.3 e^-x is
/// below half an ulp of x. (The thresholds PyTensor and Stan use.)
@inlinable public func softplus(_ x: Double) -> Double {
    if x < -37 { return Double.exp(x) }
    if x < 18 { return Double.log(onePlus: Double.exp(x)) }
    if x < 33.3 { return x + Double.exp(-x) }
    return x
}

/// log1mexp(x) = log(1 - e^x) for x <= 0 (NaN above 0, -inf at 0).
/// Mächler (2012): for x > -ln 2, 1 - e^x is small and expm1 keeps its digits,
/// log(-expm1(x)); below, e^x is small and log1p(-e^x) keeps them.
@inlinable public func log1mexp(_ x: Double) -> Double {
    if x > 0 { return .nan }
    if x > -0.6931471805599453 {
        return Double.log(-Double.expMinusOne(x))
    }
    return Double.log(onePlus: -Double.exp(x))
}

/// log(e^a + e^b) without overflow: max + log1p(e^-|a-b|).
@inlinable public func logAddExp(_ a: Double, _ b: Double) -> Double {
    if a == -.infinity { return b }
    if b == -.infinity { return a }
    if a.isNaN || b.isNaN { return .nan }
    let m = Swift.max(a, b)
    if m == .infinity { return .infinity }
    return m + Double.log(onePlus: Double.exp(-Swift.abs(a - b)))
}

/// log(e^a - e^b) for a >= b, without overflow or cancellation: a + log1mexp(b - a).
/// NaN when b > a (the difference is negative) or either is NaN; -inf when a == b
/// (including both -inf); a when b is -inf.
@inlinable public func logSubExp(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN || b > a { return .nan }
    if b == -.infinity { return a }
    // Here a >= b > -inf; a == +inf with b finite is +inf, both +inf is inf - inf.
    if a == .infinity { return b == .infinity ? .nan : .infinity }
    if a == b { return -.infinity }
    return a + log1mexp(b - a)
}

/// log1pmx(x) = log(1 + x) - x for x > -1 (NaN below -1, -inf at -1), accurate to a few ulps
/// also where the two terms cancel (|x| small, where it is ≈ -x²/2).
///
/// For -1/2 <= x <= 1 use log(1 + x) = 2 atanh(y), y = x / (2 + x), |y| <= 1/3:
/// 2 atanh(y) - x = -x y + 2 (y³/3 + y⁵/5 + ...), because 2y - x = -x²/(2 + x) = -x y
/// exactly. -x y <= 0, and where the series is positive (x > 0) it is at most 1/12 of x y,
/// so nothing cancels; the series falls by y² <= 1/9 per term (at most 17 terms).
/// Outside that interval log(1 + x) and x differ by at least a factor ~1.5 and the
/// direct difference loses at most a couple of bits.
@inlinable public func log1pmx(_ x: Double) -> Double {
    if x.isNaN || x < -1 { return .nan }
    if x == .infinity { return -.infinity }
    if x < -0.5 || x > 1 {
        return Double.log(onePlus: x) - x
    }
    let y = x / (2 + x)
    let y2 = y * y
    var power = y * y2
    var sum = 0.0
    var k = 3.0
    for _ in 0..<20 {
        let term = power / k
        sum += term
        if Swift.abs(term) <= 1e-17 * Swift.abs(sum) { break }
        power *= y2
        k += 2
    }
    return -x * y + 2 * sum
}
