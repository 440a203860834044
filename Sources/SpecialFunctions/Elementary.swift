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
