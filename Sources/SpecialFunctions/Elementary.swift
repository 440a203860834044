// Elementary.swift — numerically stable logistic-family functions (sigmoid, softplus, log1mexp, logaddexp), branch-free so that loops over them vectorize.

import RealModule

/// The logistic function 1 / (1 + e^-x).
/// With e = e^-|x| <= 1 (never overflows): 1 / (1 + e) for x >= 0, e / (1 + e) below.
@inlinable @inline(__always) public func sigmoid(_ x: Double) -> Double {
    let e = vexp(-Swift.abs(x))
    // One division either way, as in the two-branch form; NaN propagates through e.
    return (x >= 0 ? 1 : e) / (1 + e)
}

/// softplus(x) = log(1 + e^x) without overflow or loss of small values, as
/// max(x, 0) + log1p(e^-|x|): e^-|x| <= 1 never overflows, for x < 0 this is log1p(e^x)
/// (= e^x exactly once e^x < 2^-53), and for large x the sum rounds to x.
@inlinable @inline(__always) public func softplus(_ x: Double) -> Double {
    // NaN: the comparison is false, and log1p(e^NaN) is NaN.
    (x > 0 ? x : 0) + vlog1p(vexp(-Swift.abs(x)))
}

/// log1mexp(x) = log(1 - e^x) for x <= 0 (NaN above 0, -inf at 0).
/// Above -35, 1 - e^x is formed as a double-double from expm1's parts: for x near 0 it
/// keeps the digits of the small difference (what log(-expm1(x)) achieves, Mächler
/// 2012), further down the digits of the small e^x (what log1p(-e^x) achieves); one log
/// with a correction term serves both. Below -35, e^x < 2^-50 and
/// log(1 - e^x) = -e^x (1 + e^x/2) to 2^-100, computed inside exp's final rounding.
@inlinable @inline(__always) public func log1mexp(_ x: Double) -> Double {
    // Below -746 the result is -0 (e^x underflows); NaN passes through.
    let xc = x < -746 ? -746 : x
    let (k, kBits, r, rLow) = expReduce(xc)
    // e^r = hi + t as in vexp, and e^x = 2^k (hi + t).
    let r2 = r * r
    let s = r2 * (0.5 + r * expPolynomial(r, r2))
    let hi = 1 + r
    let t = ((1 - hi) + r) + (s + rLow * hi)
    let k1 = kBits &>> 1
    let e = ((hi + t) * powerOfTwo(k1)) * powerOfTwo(kBits &- k1)
    // -e^x (1 + e^x/2) = -2^k (hi + (t + hi e/2)): one rounding, as for e^x itself.
    let series = -((hi + (t + 0.5 * hi * e)) * powerOfTwo(k1)) * powerOfTwo(kBits &- k1)
    // e^x - 1 = h + tail (the lanes that use it have k >= -51; the clamp only keeps the
    // others' 2^j finite). 1 - e^x = u + c, renormalized with Fast2Sum (|tail| < 0.03 |h|)
    // so that |c| <= ulp(u)/2 and log(u + c) = log(u) + c/u.
    let j = k < -60 ? UInt64(bitPattern: -60) : kBits
    let (h, tail) = expm1Sum(r, rLow, scale: powerOfTwo(j))
    let u = -(h + tail)
    let c = (-tail) - (u - (-h))
    var y = logCore(u, tail: c / u)
    // Below -35 log(u) and c/u would nearly cancel (u is within a few ulps of 1), and
    // their roundings would show; the series has none of that.
    y = x < -35 ? series : y
    // x = 0 gives u = 0 (log would read it as subnormal garbage); x > 0 and NaN give NaN.
    y = x == 0 ? -.infinity : y
    y = x <= 0 ? y : .nan
    return y
}

/// log(e^a + e^b) without overflow: max + log1p(e^-|a-b|).
@inlinable @inline(__always) public func logAddExp(_ a: Double, _ b: Double) -> Double {
    let d = a - b
    // -inf against a finite b gives e^-inf = 0 and the result b; inf against anything but
    // NaN gives inf.
    let y = (a > b ? a : b) + vlog1p(vexp(-Swift.abs(d)))
    // a - b is NaN when either is NaN (a + b is NaN too) or both are the same infinity
    // (a + b is that infinity).
    return d.isNaN ? a + b : y
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
