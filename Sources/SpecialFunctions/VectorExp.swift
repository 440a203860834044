// VectorExp.swift — e^x and e^x - 1 without calls or data-dependent branches, so that loops over arrays vectorize.
//
// The C library's exp is a call the loop vectorizer cannot widen. These functions are
// straight-line arithmetic: every lane computes the common path, special cases (NaN,
// ±inf, overflow, underflow) fall out of clamping or are blended in with ternaries that
// compile to selects. They use no fused multiply-add, so a build for any x86-64 or arm64
// CPU gives the same bits, and the fused and unfused kernels agree exactly.
//
// Method (Cody & Waite; Tang): x = k ln2 + r with k = round(x / ln2), |r| <= ln2/2, so
// e^x = 2^k e^r and e^x - 1 = 2^k (1 + (e^r - 1)) - 1. e^r = 1 + r + r^2/2 + r^3 Q(r),
// Q a degree-9 minimax polynomial (scripts/reference/vector_math_coefficients.py).
// 1 + r, 2^k - 1 and (for expm1) r^2/2 are formed as exact two-term sums so that only the
// final addition rounds at the scale of the result.
//
// Measured against mpmath on 2.6 million random arguments (scripts/reference/
// vector_math_check.py; Tests/SpecialFunctionsTests/VectorMathTests.swift checks a table):
// exp at most 0.61 ulp for normal results and 0.75 ulp for subnormal ones (those round
// twice, to 53 bits and then to the subnormal grid); expm1 at most 0.59 ulp.

/// x = k ln2 + r + rLow: k = round(x / ln2) as a double `k` and as an integer in the
/// low bits of `kBits` (two's complement, wrapping), r + rLow = x - k ln2 to ~2^-100.
/// Valid for |x| <= 746 (callers clamp x first); NaN gives NaN r.
@inlinable @inline(__always)
func expReduce(_ x: Double) -> (k: Double, kBits: UInt64, r: Double, rLow: Double) {
    // Adding 1.5 * 2^52 rounds x / ln2 to the nearest integer (ties to even) and leaves
    // that integer in the low mantissa bits: no double -> integer conversion, which SSE2
    // and AVX2 lack for 64-bit lanes. The product x * (1/ln2) may round k the other way
    // only when x / ln2 is within 2.4e-13 of a half-integer; then |r| exceeds ln2/2 by
    // at most 1.7e-13, within the polynomial's interval ln2/2 (1 + 2^-40).
    let shifter = 0x1.8p52
    let shifted = x * 0x1.71547652b82fep0 + shifter
    let k = shifted - shifter
    let kBits = shifted.bitPattern &- shifter.bitPattern
    // ln2 = ln2Hi + ln2Lo: ln2Hi has 39 significant bits, so k * ln2Hi is exact for
    // |k| < 2^14, and x - k ln2Hi is exact (both are multiples of ulp(x) and the
    // difference is below ln2/2 + 1e-12 in magnitude).
    let ln2Hi = 0x1.62e42fefa4000p-1
    let ln2Lo = -0x1.8432a1b0e2634p-43
    let rHi = x - k * ln2Hi
    let c = k * ln2Lo
    let r = rHi - c
    // The rounding error of r (at most half an ulp of r, up to 2^-55) would cost a
    // quarter ulp in e^x; keep it. Exact when |rHi| >= |c| (Fast2Sum); otherwise
    // |r| < 2|c| < 2^-31 and the error of the error is below 2^-84.
    let rLow = (rHi - r) - c
    return (k, kBits, r, rLow)
}

/// Q(r) ≈ (e^r - 1 - r - r^2/2) / r^3 for |r| <= ln2/2 (1 + 2^-40): degree-9 minimax,
/// relative error 2^-53 with these doubles (c0..c2 are 1/6, 1/24, 1/120 to the last bit
/// or two). r^3 Q <= 0.0077, so its error is below 2^-60 in e^r.
/// Evaluated by Estrin's scheme (pairs, then powers r^2, r^4, r^8): five dependent steps
/// instead of Horner's ten, which matters because a loop of these is latency-bound when
/// vectors are narrow (SSE2: two lanes). The leading terms still dominate, so the
/// rounding error stays about an ulp of Q.
@inlinable @inline(__always)
func expPolynomial(_ r: Double, _ r2: Double) -> Double {
    let r4 = r2 * r2
    let p01 = 0x1.5555555555556p-3 + r * 0x1.5555555555554p-5
    let p23 = 0x1.11111111109b9p-7 + r * 0x1.6c16c16c1811bp-10
    let p45 = 0x1.a01a01a7c00dfp-13 + r * 0x1.a01a0198a92cdp-16
    let p67 = 0x1.71de0dbc90cd6p-19 + r * 0x1.27e502c599ebfp-22
    let p89 = 0x1.af388ad293b8bp-26 + r * 0x1.1f2a22e18fc31p-29
    return (p01 + r2 * p23) + r4 * ((p45 + r2 * p67) + r4 * p89)
}

/// 2^j as a double from the low 12 bits of j + 1023 (the exponent field), for
/// -1022 <= j <= 1023: shifting drops the wrapped high bits.
@inlinable @inline(__always)
func powerOfTwo(_ j: UInt64) -> Double {
    Double(bitPattern: (j &+ 1023) &<< 52)
}

/// e^x, vectorizable, to within 1 ulp (subnormal results within 1 ulp of the subnormal
/// spacing). e^±0 = 1, e^-inf = 0, e^inf = inf, NaN gives NaN; e^x overflows to inf
/// above 709.782712893384 and underflows to 0 below -745.1332191019412.
@inlinable @inline(__always)
public func vexp(_ x: Double) -> Double {
    // Beyond these bounds the result is inf or 0 anyway; clamping keeps k within
    // [-1076, 1024] where the scaling below is valid and still overflows or underflows.
    // NaN fails both comparisons and propagates.
    let xc = x > 710 ? 710 : (x < -746 ? -746 : x)
    let (_, kBits, r, rLow) = expReduce(xc)
    // s = e^r - 1 - r = r^2 (1/2 + r Q(r)) <= 0.07, to about 1.5 ulps of itself (the
    // products' roundings), i.e. below 2^-56.9 absolute.
    let r2 = r * r
    let s = r2 * (0.5 + r * expPolynomial(r, r2))
    // e^r = 1 + r + s + rLow e^r. 1 + r = hi + lo exactly (Fast2Sum, |r| < 1), so the
    // small terms are added at full precision and only hi + (...) rounds at the
    // result's scale: about 0.5 ulp plus the tail's error.
    let hi = 1 + r
    let lo = (1 - hi) + r
    let p = hi + (lo + (s + rLow * hi))
    // p 2^k in two steps, 2^(k/2) then 2^(k - k/2): each factor is a normal double for
    // k in [-1076, 1024] (2^1024 and 2^-1076 are not), the first product is exact, and
    // the second rounds once, to inf above the range and to the subnormal grid below it.
    let k1 = kBits &>> 1  // floor(k/2) in the low 12 bits (logical shift suffices)
    return (p * powerOfTwo(k1)) * powerOfTwo(kBits &- k1)
}

/// e^x - 1, vectorizable, to within 1 ulp and with full relative accuracy near 0
/// (expm1(x) = x for |x| < 2^-54, keeping the sign of zero). expm1(-inf) = -1,
/// expm1(inf) = inf, NaN gives NaN; overflows above 709.782712893384.
@inlinable @inline(__always)
public func vexpm1(_ x: Double) -> Double {
    let (h, tail, scale) = expm1Parts(x)
    let result = (h + tail) * scale
    // ±0: the sum above gives +0 for -0.
    return x == 0 ? x : result
}

/// e^x - 1 = (h + tail) * scale, with h + tail rounding once to e^x / scale - 1 within
/// ~0.5 ulp and |tail| small against h. `scale` is 1 unless k > 60 (x > 41.9).
@inlinable @inline(__always)
func expm1Parts(_ x: Double) -> (h: Double, tail: Double, scale: Double) {
    // Below -40, e^x < 2^-57 and e^x - 1 rounds to -1; above 710 it overflows.
    let xc = x > 710 ? 710 : (x < -40 ? -40 : x)
    let (k, kBits, r, rLow) = expReduce(xc)
    // e^x - 1 = (2^j e^r - 1) 2^(k-j) with j = min(k, 60). Beyond 2^60 the -1 is far
    // below half an ulp, and the split keeps 2^j finite (k reaches 1024 near the overflow
    // threshold, where 2^k is not a double).
    let big = k > 60
    let (h, tail) = expm1Sum(r, rLow, scale: powerOfTwo(big ? 60 : kBits))
    return (h, tail, powerOfTwo(big ? kBits &- 60 : 0))
}

/// 2^j e^(r + rLow) - 1 = h + tail for scale = 2^j, -60 <= j <= 60, |r| <= ln2/2 (1 + 2^-40):
/// h + tail rounds once to within ~0.5 ulp, |tail| is small against h (below 0.03 |h|),
/// and the pair is within about 2^-57 min(|h|, 2^j) of the exact value, so it also serves
/// as a double-double (log1mexp takes 1 - e^x from it).
@inlinable @inline(__always)
func expm1Sum(_ r: Double, _ rLow: Double, scale scaleIn: Double) -> (h: Double, tail: Double) {
    // 2^j e^r - 1 = (2^j - 1) + 2^j r + 2^j r^2/2 + 2^j (r^3 Q + rLow e^r).
    // a + aLow = 2^j - 1 exactly (TwoSum: for j < -53 or j > 53 the difference does not
    // fit in a double, and for j <= -54 the lost 2^j is what distinguishes the result
    // from -1).
    let a = scaleIn - 1
    let bv = a - scaleIn
    let av = a - bv
    let aLow = (scaleIn - av) + (-1 - bv)
    // 2^j r is exact; add it to a with Fast2Sum: |a| >= 2^(j-1) >= |2^j r| when j != 0,
    // and a = 0 when j = 0 (then h = r exactly). So h + l = a + 2^j r exactly.
    let b = scaleIn * r
    let h = a + b
    let l = b - (h - a)
    // r^2/2 exactly as half + halfLow: rh, r with its low 27 bits cleared, has 26
    // significant bits, so rh^2 is exact, and r^2 = rh^2 + rl (rh + r) with rl = r - rh
    // exact. Rounding r^2/2 would cost up to 2^-57 2^j, a third of an ulp of e^x - 1 when
    // it is near 0.41 (k = 1, r = -ln2/2); this way only the small terms round.
    let rh = Double(bitPattern: r.bitPattern & 0xffff_ffff_f800_0000)
    let rl = r - rh
    let half = scaleIn * (0.5 * rh * rh)
    let halfLow = 0.5 * rl * (rh + r)
    // h + half with Fast2Sum: |half| <= 0.061 2^j is below |h| (|h| > 0.3 2^j for j != 0,
    // and r^2/2 < |r| = |h| for j = 0).
    let h2 = h + half
    let l2 = half - (h2 - h)
    // The rest is small against h2 (at most 0.01 2^j): its roundings stay far below the
    // final one.
    let r2 = r * r
    let small = halfLow + r2 * r * expPolynomial(r, r2) + rLow * (1 + r)
    let tail = (l + l2) + (aLow + scaleIn * small)
    return (h2, tail)
}
