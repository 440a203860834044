// VectorLog.swift — log(x) and log(1 + x) without calls or data-dependent branches, so that loops over arrays vectorize.
//
// As in VectorExp.swift: straight-line arithmetic for every lane, special cases (x <= 0,
// x <= -1, inf, NaN) blended in with selects, no fused multiply-add (same bits on every
// CPU and in every kernel).
//
// Method (as in fdlibm's log): x = 2^e m with m in [√½, √2), f = m - 1 (exact),
// log(x) = e ln2 + log(1 + f), and with s = f / (2 + f),
// log(1 + f) = 2 atanh(s) = 2s + s z T(z), z = s^2, |s| <= 0.1716. T is a degree-6
// minimax polynomial (scripts/reference/vector_math_coefficients.py). The sum is arranged
// as f - (f^2/2 - s (f^2/2 + zT)) so that the division's rounding error only touches the
// small term s(...), and e ln2 is split so that e ln2Hi is exact. log1p(x) takes
// u = 1 + x rounded, keeps the rounding error c = (1 + x) - u exactly, and adds c / u.
// Measured against mpmath on 2.2 million random arguments (scripts/reference/
// vector_math_check.py; Tests/SpecialFunctionsTests/VectorMathTests.swift checks a table):
// log at most 0.82 ulp, log1p at most 0.79 ulp, the worst cases near |f| = 0.41 where the
// roundings of f^2/2 and of the last subtractions add up.

/// log(u) + tail for finite u > 0, u possibly subnormal, where `tail` is a small
/// correction in the log domain (-0.0 for none: adding -0.0 is free and exact). No
/// special cases: callers blend those in. For u = +inf the bits read as 2^1024 and the
/// result is 1024 ln2; NaN and negative u give finite garbage.
@inlinable @inline(__always)
func logCore(_ u: Double, tail: Double) -> Double {
    // Subnormal u: scale by 2^52 so that the exponent field holds the whole magnitude, and
    // take 52 off the exponent below.
    let subnormal = u < 0x1p-1022
    let us = subnormal ? u * 0x1p52 : u
    // Move the mantissa interval from [1, 2) to [0x1.6a09ep-1, 0x1.6a09ep0) ≈ [√½, √2):
    // adding 0x3ff0000000000000 - 0x3fe6a09e00000000 to the bits carries into the
    // exponent exactly when the mantissa is at least 0x1.6a09e; the exponent field then
    // holds e + 1023, and the mantissa bits plus 0x3fe6a09e00000000 give m. Centring m on
    // 1 keeps |s| <= 0.1716 and keeps log(m) and e ln2 from cancelling.
    let bits = us.bitPattern &+ 0x0009_5f62_0000_0000
    let m = Double(bitPattern: (bits & 0x000f_ffff_ffff_ffff) &+ 0x3fe6_a09e_0000_0000)
    // e as a double without an integer -> double conversion (SSE2 and AVX2 have none for
    // 64-bit lanes): the 11-bit field goes into the mantissa of 2^52, and the
    // subtractions are exact.
    let e = (Double(bitPattern: 0x4330_0000_0000_0000 | (bits &>> 52)) - 0x1p52) - (subnormal ? 1023 + 52 : 1023)
    // f = m - 1 is exact (Sterbenz: m is within a factor 2 of 1).
    let f = m - 1
    // s = f / (2 + f); 2 + f rounds, but s only enters the small term s (hfsq + R).
    let s = f / (2 + f)
    let z = s * s
    // T(z) ≈ (2 atanh(s) - 2s) / (s z) = 2/3 + 2z/5 + 2z^2/7 + ..., minimax relative error
    // 2^-51 on [0, 0.02944]; s z T <= 0.0034, so its error is below 2^-59. Estrin's
    // scheme (pairs, then z^2 and z^4): the chain after the division is the latency that
    // bounds a loop of these on narrow vectors, three steps here instead of six.
    let z2 = z * z
    let t01 = 0x1.5555555555558p-1 + z * 0x1.99999999952a6p-2
    let t23 = 0x1.2492492df70cdp-2 + z * 0x1.c71c62def5a3cp-3
    let t46 = (0x1.7462b658541a6p-3 + z * 0x1.39fe2db647a78p-3) + z2 * 0x1.2b5a893cb83c5p-3
    let R = z * ((t01 + z2 * t23) + (z2 * z2) * t46)
    // log(1 + f) = f - hfsq + s (hfsq + R) (since f - hfsq + s hfsq = 2s exactly in
    // real arithmetic). Subtracting the bracket from f last keeps f, the largest term,
    // exact until the final two additions.
    let hfsq = 0.5 * f * f
    // ln2 = ln2Hi + ln2Lo, ln2Hi with 39 significant bits so e ln2Hi is exact (|e| < 1075).
    let ln2Hi = 0x1.62e42fefa4000p-1
    let ln2Lo = -0x1.8432a1b0e2634p-43
    return e * ln2Hi - ((hfsq - (s * (hfsq + R) + (e * ln2Lo + tail))) - f)
}

// Special cases are blended in after the core, one select at a time, and the first
// select's condition involves the core's result y. When the first test after the core is
// on x alone ("x is +inf, so ignore y"), the optimizer threads it with the subnormal test
// inside the core into branches around the core for some lanes; the loop vectorizer then
// counts the core as executed only part of the time and keeps SSE2 loops scalar (seen
// with Swift 6.3; AVX-512 builds vectorized either way).

/// The natural logarithm, vectorizable, to within 1 ulp. log(±0) = -inf, log(x < 0) =
/// NaN, log(inf) = inf, NaN gives NaN; subnormal arguments are exact in their exponent.
@inlinable @inline(__always)
public func vlog(_ x: Double) -> Double {
    var y = logCore(x, tail: -0.0)
    // +inf: x - greatestFinite is +inf for x = +inf; for finite x >= 0 it is 0 (at
    // x = greatestFinite, where log(x) = 709.78) or below -2^971, under any logarithm.
    let infinity = x - .greatestFiniteMagnitude
    y = y < infinity ? infinity : y
    // x < 0 and NaN.
    y = x >= 0 ? y : .nan
    y = x == 0 ? -.infinity : y
    return y
}

/// log(1 + x), vectorizable, to within 1 ulp and with full relative accuracy near 0
/// (log1p(x) = x for tiny x, keeping the sign of zero). log1p(-1) = -inf,
/// log1p(x < -1) = NaN, log1p(inf) = inf, NaN gives NaN.
@inlinable @inline(__always)
public func vlog1p(_ x: Double) -> Double {
    // +inf would make the sum below NaN; the finite stand-in keeps y finite so that the
    // +inf select below sees it. NaN stays NaN.
    let xc = x > .greatestFiniteMagnitude ? .greatestFiniteMagnitude : x
    // u + c = 1 + x exactly (Knuth's TwoSum: no assumption on which is larger).
    let u = 1 + xc
    let xv = u - 1
    let onev = u - xv
    let c = (1 - onev) + (xc - xv)
    // log(1 + x) = log(u) + log(1 + c/u), and |c/u| <= 2^-53, so log(1 + c/u) = c/u
    // to 2^-107. For |x| < 2^-54, u = 1, c = x and the result is x exactly.
    var y = logCore(u, tail: c / u)
    // +inf, as in vlog: x - greatestFinite exceeds log1p(x) only for x = +inf (log1p is
    // at least -37.5 for x > -1).
    let infinity = x - .greatestFiniteMagnitude
    y = y < infinity ? infinity : y
    // x < -1 and NaN; then -1 (u = 0) and ±0 (the sum above loses the sign of -0).
    y = x >= -1 ? y : .nan
    y = x == -1 ? -.infinity : y
    y = x == 0 ? x : y
    return y
}
