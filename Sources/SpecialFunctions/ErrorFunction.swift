// ErrorFunction.swift — the scaled complementary error function erfcx and the inverses of erf and erfc.

import RealModule

/// 1/√π.
@usableFromInline let inverseSqrtPi = 0.56418958354775628695
/// 2/√π.
@usableFromInline let twoOverSqrtPi = 1.1283791670955125739

/// e^(x²) computed from x² = h + l (h = x * x rounded, l its exact rounding error by a fused
/// multiply-add), so that the rounding of x² (up to 2^-53 · 709 in the exponent, i.e. ~8e-14
/// relative) does not reach the result: e^(h + l) = e^h (1 + l), |l| <= ulp(h)/2.
@inlinable func expSquare(_ x: Double) -> Double {
    let h = x * x
    let l = (-h).addingProduct(x, x)
    return Double.exp(h) * (1 + l)
}

/// e^(-x²/2) to a couple of ulps for all x (see `expSquare`; halving h and l is exact).
@inlinable func expNegativeHalfSquare(_ x: Double) -> Double {
    let h = x * x
    // e^-750 is 0; this also keeps l = inf - inf (NaN) away when x is infinite.
    if h > 1500 { return 0 }
    let l = (-h).addingProduct(x, x)
    return Double.exp(-0.5 * h) * (1 - 0.5 * l)
}

/// The scaled complementary error function erfcx(x) = e^(x²) erfc(x), for all x.
///
/// * x < 26: e^(x²) · erfc(x), with e^(x²) from `expSquare`. The C library's erfc keeps its
///   relative accuracy (a few ulps) until its result nears the subnormal range at x ≈ 26.5;
///   for x < 0, erfc(x) is in (1, 2) and the product overflows to +inf exactly when the true
///   value exceeds the largest double (x < -26.6). Below -27 the result is +inf outright: there
///   x² itself overflows for |x| > 1.3e154, and the rounding residual of x² in `expSquare`
///   would become -inf (giving -inf or NaN).
/// * x >= 26: the asymptotic series erfcx(x) = 1/(x√π) Σ_k (-1)^k (2k-1)!! / (2x²)^k; at
///   x = 26 the ninth term is below 1e-19 of the first. 1/√π is divided by x (not 1 by x√π)
///   so that x up to the largest double does not overflow.
public func erfcx(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    if x < 26 {
        if x < -27 { return .infinity }
        return expSquare(x) * Double.erfc(x)
    }
    if x == .infinity { return 0 }
    let t = 0.5 / x / x  // 1/(2x²), written so that x² cannot overflow
    var term = 1.0
    var sum = 1.0
    for k in 1...9 {
        term *= -Double(2 * k - 1) * t
        sum += term
    }
    return inverseSqrtPi / x * sum
}

/// The inverse error function: erfInverse(erf(x)) = x, for p in [-1, 1] (±inf at ±1, NaN
/// outside or for NaN).
///
/// For |p| <= 1/2, Halley's iteration on erf(x) - p from the first two terms of the Maclaurin
/// series (√π/2)(p + πp³/12); erf and its derivative (2/√π) e^(-x²) have full relative accuracy
/// there and three steps are enough from the 1% starting error. For |p| > 1/2, 1 - |p| is
/// exact (Sterbenz) and the result is sign(p) · erfcInverse(1 - |p|).
public func erfInverse(_ p: Double) -> Double {
    if p.isNaN || Swift.abs(p) > 1 { return .nan }
    if Swift.abs(p) == 1 { return p > 0 ? .infinity : -.infinity }
    if Swift.abs(p) > 0.5 {
        let x = erfcInverseTail(Double.log(1 - Swift.abs(p)))
        return p > 0 ? x : -x
    }
    if p == 0 { return p }  // keeps the sign of zero
    var x = 0.88622692545275801365 * p * (1 + 0.26179938779914943654 * p * p)
    for _ in 0..<6 {
        let f = Double.erf(x) - p
        let derivative = twoOverSqrtPi * Double.exp(-x * x)
        // Halley: f'' = -2x f', so the correction factor is 1 / (1 + x f / f').
        let newton = f / derivative
        let step = newton / (1 + x * newton)
        x -= step
        if Swift.abs(step) <= 1e-16 * Swift.abs(x) { break }
    }
    return x
}

/// The inverse complementary error function: erfcInverse(erfc(x)) = x, for q in [0, 2]
/// (+inf at 0, -inf at 2, NaN outside or for NaN), accurate to a few ulps of the result
/// over the whole range, including q down to the smallest subnormal (x ≈ 27.2).
///
/// q > 1 reflects (2 - q is exact); q in [1/2, 1] is erfInverse(1 - q) (exact); below 1/2
/// the root of log erfc(x) = log q is found in the logarithm (`erfcInverseTail`), so that
/// neither erfc nor q underflow on the way.
public func erfcInverse(_ q: Double) -> Double {
    if q.isNaN || q < 0 || q > 2 { return .nan }
    if q == 0 { return .infinity }
    if q == 2 { return -.infinity }
    if q > 1 { return -erfcInverse(2 - q) }
    if q >= 0.5 { return erfInverse(1 - q) }
    return erfcInverseTail(Double.log(q))
}

/// The x >= 0.47 with log erfc(x) = logQ, for logQ <= log(1/2) (any such finite value,
/// however far below the log of the smallest double; -inf gives +inf).
///
/// Halley's iteration on g(x) = log erfcx(x) - x² - logQ, whose derivatives need no erfc
/// that could underflow: g' = -(2/√π)/erfcx(x) = h and g'' = -h (2x + h). The start
/// x₀² = L - ½ log(πL), L = -logQ, is the first step of the asymptotic relation
/// erfc(x) ≈ e^(-x²)/(x√π); it is within 15% of the root at q = 1/2 and 1e-3 in the far
/// tail, and g is concave and decreasing, so the iteration converges from either side
/// (three to five steps). The rounding of x² in g shifts the root by under an ulp of x.
@usableFromInline func erfcInverseTail(_ logQ: Double) -> Double {
    if logQ.isNaN { return .nan }
    if logQ == -.infinity { return .infinity }
    let l = -logQ
    var x = (l - 0.5 * Double.log(Double.pi * l)).squareRoot()
    for _ in 0..<12 {
        let e = erfcx(x)
        let g = Double.log(e) - x * x + l
        let h = -twoOverSqrtPi / e
        let newton = g / h
        // Halley: x -= (g/h) / (1 - g g'' / (2 h²)) with g'' = -h (2x + h).
        let step = newton / (1 + 0.5 * newton * (2 * x + h))
        x -= step
        if Swift.abs(step) <= 2e-16 * x { break }
    }
    return x
}
