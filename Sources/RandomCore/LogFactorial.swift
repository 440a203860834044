// LogFactorial.swift — accurate log-factorial differences and Poisson log-probabilities for the discrete samplers' acceptance tests.

import RealModule
import SpecialFunctions

/// 0.5 log(2π).
@usableFromInline let halfLogTwoPi = 0.91893853320467274178

/// Loader's Stirling remainder δ(x) = log Γ(x + 1) - [(x + 1/2) log x - x + log sqrt(2π)], x > 0.
///
/// Above 15 the asymptotic series through x^-9 is exact to double precision (the next
/// term, 691 / (360360 x^11), is below 1e-16 of δ); below, log Γ is small enough that
/// subtracting the Stirling terms loses at most a few digits of a number that only
/// ever enters sums of order one.
@usableFromInline func stirlingError(_ x: Double) -> Double {
    if x > 15 {
        let inv = 1 / x
        let inv2 = inv * inv
        // 1/12x - 1/360x³ + 1/1260x⁵ - 1/1680x⁷ + 1/1188x⁹ (Bernoulli numbers).
        return inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680 - inv2 / 1188))))
    }
    return logGamma(x + 1) - (x + 0.5) * Double.log(x) + x - halfLogTwoPi
}

/// log(k!) for an integer-valued k >= 0.
@usableFromInline func logFactorial(_ k: Double) -> Double {
    k < 2 ? 0 : logGamma(k + 1)
}

/// log(a!) - log(b!) for integer-valued a, b >= 0 whose exact difference a - b is
/// given separately, accurate to a few ulps of the result even when a and b are both
/// near 1e9 and differ by thousands (where subtracting two log Γ values of 2e10 would
/// keep only about 6 digits), and even when a and b exceed 2^53 and are themselves
/// rounded (n - m and n - y for n = 2^62): only their difference must be exact.
///
/// With Stirling, log a! - log b! = (a + 1/2) log(a/b) + (a - b)(log b - 1) + δ(a) - δ(b),
/// and log(a/b) = log1p((a - b)/b) is exact to an ulp given the exact a - b.
@usableFromInline func logFactorialRatio(_ a: Double, _ b: Double, difference: Double) -> Double {
    if difference == 0 { return 0 }
    // Either one is small (no cancellation against the other) or both are.
    if a < 16 || b < 16 { return logFactorial(a) - logFactorial(b) }
    return (a + 0.5) * Double.log(onePlus: difference / b) + difference * (Double.log(b) - 1)
        + stirlingError(a) - stirlingError(b)
}

/// Loader's deviance term bd0(x, m) = x log(x/m) + m - x >= 0, without the cancellation
/// of its three terms when x is near m ("Fast and accurate computation of binomial
/// probabilities", 2000): there, with v = (x - m)/(x + m),
/// bd0 = (x - m) v + 2x (v³/3 + v⁵/5 + ...).
@usableFromInline func devianceTerm(_ x: Double, _ m: Double) -> Double {
    if Swift.abs(x - m) < 0.1 * (x + m) {
        var v = (x - m) / (x + m)
        var sum = (x - m) * v
        var term = 2 * x * v
        v *= v
        var j = 1.0
        while true {
            term *= v
            let next = sum + term / (2 * j + 1)
            if next == sum { return sum }
            sum = next
            j += 1
        }
    }
    return x * Double.log(x / m) + m - x
}

/// log P(X = k) for X ~ Poisson(λ), k >= 0 integer-valued, λ > 0:
/// -bd0(k, λ) - log sqrt(2π k) - δ(k), which keeps full relative accuracy at λ = 1e7 and
/// beyond (the naive k log λ - λ - log k! subtracts numbers of order 1e8). Public for the
/// Poisson proposal's Hastings ratio in Sampling.
public func logPoissonProbability(_ k: Double, _ lambda: Double) -> Double {
    if k == 0 { return -lambda }
    return -devianceTerm(k, lambda) - 0.5 * Double.log(2 * Double.pi * k) - stirlingError(k)
}
