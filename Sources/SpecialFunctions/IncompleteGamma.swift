// IncompleteGamma.swift — the regularized incomplete gamma functions P(a, x), Q(a, x) and their logarithms.

import RealModule

/// The regularized lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a) = ∫₀ˣ t^(a-1) e^(-t) dt / Γ(a)
/// (the gamma(a, 1) distribution function), for a >= 0 and x >= 0.
///
/// Relative error about 1e-15 where P is the smaller tail, and 1e-16 absolute where P is close to 1
/// (use `gammaQ` for 1 - P there); beyond that the result inherits the sensitivity of P itself to
/// a relative change of x, x·∂P/∂x / P (for example ~1e6 at a = 1e10, P = 1e-300). As in SciPy:
/// P(0, x) = 1 for x > 0; P(a, 0) = 0; P(a, ∞) = 1; P(∞, x) = 0; NaN for a < 0, x < 0, P(0, 0) and
/// P(∞, ∞). See `incompleteGammaLogs` for the methods.
public func gammaP(_ a: Double, _ x: Double) -> Double {
    incompleteGammaLogs(a, x).p
}

/// The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x) = Γ(a, x)/Γ(a) (the gamma
/// survival function), computed directly where it is the smaller tail, so it keeps its relative
/// accuracy where P ≈ 1 (down to the smallest doubles). Special values as `gammaP`.
public func gammaQ(_ a: Double, _ x: Double) -> Double {
    incompleteGammaLogs(a, x).q
}

/// log P(a, x), accurate also where P underflows (log P(1, 1e-300) = -690.8, log P(100, 1) = -363.7...)
/// and where P ≈ 1 (log P ≈ -Q).
public func logGammaP(_ a: Double, _ x: Double) -> Double {
    incompleteGammaLogs(a, x).logP
}

/// log Q(a, x), accurate also where Q underflows (log Q(1, 1e5) = -1e5) and where Q ≈ 1.
public func logGammaQ(_ a: Double, _ x: Double) -> Double {
    incompleteGammaLogs(a, x).logQ
}

/// The logarithms of a distribution function and its complement, log P and log Q = log(1 - P); the
/// flags say which were computed directly (the other from it as log(1 - e^l), accurate because the
/// direct one is the smaller tail, or because both were direct). Shared by the incomplete gamma and
/// beta functions.
@usableFromInline struct TailLogs {
    var logP: Double
    var logQ: Double
    var lowerIsDirect: Bool
    var upperIsDirect: Bool

    static func lower(_ logP: Double) -> TailLogs {
        TailLogs(logP: logP, logQ: log1mexp(logP), lowerIsDirect: true, upperIsDirect: false)
    }
    static func upper(_ logQ: Double) -> TailLogs {
        TailLogs(logP: log1mexp(logQ), logQ: logQ, lowerIsDirect: false, upperIsDirect: true)
    }
    static let nan = TailLogs(logP: .nan, logQ: .nan, lowerIsDirect: true, upperIsDirect: true)

    /// The same pair with the roles of the tails exchanged (I_x(a, b) = 1 - I_{1-x}(b, a)).
    var swapped: TailLogs {
        TailLogs(logP: logQ, logQ: logP, lowerIsDirect: upperIsDirect, upperIsDirect: lowerIsDirect)
    }
    /// P, from whichever of the two is accurate.
    var p: Double { lowerIsDirect ? Double.exp(logP) : -Double.expMinusOne(logQ) }
    /// Q, from whichever of the two is accurate.
    var q: Double { upperIsDirect ? Double.exp(logQ) : -Double.expMinusOne(logP) }
}

/// The four ways of computing P and Q (after DiDonato & Morris 1986 and Temme 1994):
/// * `smallShape`: a < 1, x < 1.1; both tails from the series of γ(a, x) (`gammaSmallShape`);
/// * `temme`: a >= 20, |x - a| <= 0.3 a; Temme's uniform expansion (`temmeGammaLog`), where the
///   series and the continued fraction would need O(√a) terms;
/// * `series`: otherwise when x < a, or a >= 1 and x < a + 1 (where Q >= 0.13 is still well
///   resolved as 1 - P, and the series is more accurate than the slowly converging fraction);
///   the power series of P (`gammaSeriesLogP`), whose terms fall at least like (x/(a+1))ⁿ;
/// * `continuedFraction`: otherwise; Legendre's continued fraction for Q (`gammaContinuedFraction`).
@usableFromInline enum IncompleteGammaMethod {
    case smallShape, temme, series, continuedFraction

    @usableFromInline init(_ a: Double, _ x: Double) {
        if a < 1 && x < 1.1 {
            self = .smallShape
        } else if a >= 20 && Swift.abs(x - a) <= 0.3 * a {
            self = .temme
        } else if x < a || (a >= 1 && x < a + 1) {
            self = .series
        } else {
            self = .continuedFraction
        }
    }
}

/// log P(a, x) and log Q(a, x) for a >= 0, x >= 0 (special values as `gammaP`), by the method
/// `IncompleteGammaMethod` chooses.
@usableFromInline func incompleteGammaLogs(_ a: Double, _ x: Double) -> TailLogs {
    if a.isNaN || x.isNaN || a < 0 || x < 0 { return .nan }
    if a == 0 {
        // The gamma(0) "distribution" is a point mass at 0.
        return x > 0 ? .upper(-.infinity) : .nan
    }
    if x == 0 { return .lower(-.infinity) }
    if a == .infinity { return x == .infinity ? .nan : .lower(-.infinity) }
    if x == .infinity { return .upper(-.infinity) }
    switch IncompleteGammaMethod(a, x) {
    case .smallShape:
        return gammaSmallShape(a, x)
    case .temme:
        let t = temmeGammaLog(a, x)
        return t.lower ? .lower(t.log) : .upper(t.log)
    case .series:
        return .lower(gammaSeriesLogP(a, x))
    case .continuedFraction:
        return .upper(logGammaPrefix(a, x) + Double.log(gammaContinuedFraction(a, x)))
    }
}

/// log(x^a e^(-x) / Γ(a)), the factor common to the series and the continued fraction (and, divided
/// by x, the log-density of the gamma(a, 1) distribution).
///
/// Stirling's formula log Γ(a) = (a - ½) log a - a + ½ log 2π + μ(a) turns it into
/// a (log(x/a) - (x - a)/a) + ½ log(a/2π) - μ(a). For a >= 1 and x in [a/2, 2a] (where x - a is
/// exact) the first term is a · log1pmx(d), d = (x - a)/a, whose error is relative to itself rather
/// than to a log x (at a = 1e10 the direct sum would carry an absolute error of 1e-5, at a = 9.99 of
/// 4e-15); μ(a) is accurate to ~1e-16 absolute. For a >= 10 away from x = a it is
/// a log(x/a) - (x - a), whose terms are then of the size of the result; for a < 1, or a < 10 away
/// from x = a, the three terms a log x, x and log Γ(a) are summed directly.
@usableFromInline func logGammaPrefix(_ a: Double, _ x: Double) -> Double {
    let d = (x - a) / a
    let nearA = d >= -0.5 && d <= 1
    if a < 1 || (a < 10 && !nearA) {
        return a * Double.log(x) - x - Double.logGamma(a)
    }
    let main = nearA ? a * log1pmx(d) : a * Double.log(x / a) - (x - a)
    return main + 0.5 * Double.log(a / (2 * Double.pi)) - stirlingCorrection(a)
}

/// log P(a, x) by the series P = x^a e^(-x) / Γ(a + 1) · Σ_{n>=0} xⁿ / ((a+1)(a+2)···(a+n)), for
/// x < a + 1 (a >= 1) or x < a, where the terms are positive and after the first few fall by
/// x/(a+n) < 1 each.
@usableFromInline func gammaSeriesLogP(_ a: Double, _ x: Double) -> Double {
    var term = 1.0
    var sum = 1.0
    var n = 1.0
    while n < 100_000 {
        term *= x / (a + n)
        sum += term
        if term <= 1e-17 * sum { break }
        n += 1
    }
    return logGammaPrefix(a, x) - Double.log(a) + Double.log(sum)
}

/// Q(a, x) e^x x^(-a) Γ(a) by Legendre's continued fraction
/// 1/(x + 1 - a - 1·(1 - a)/(x + 3 - a - 2(2 - a)/(x + 5 - a - ···))) (DLMF 8.9.2), evaluated
/// forward by the modified Lentz method. For x >= a (and x >= 1.1) it converges in a few to a few
/// hundred steps, each changing the value by a factor 1 + O(ε).
@usableFromInline func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
    let tiny = 1e-300
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var h = d
    var i = 1.0
    while i < 100_000 {
        let an = -i * (i - a)
        b += 2
        d = an * d + b
        if Swift.abs(d) < tiny { d = tiny }
        c = b + an / c
        if Swift.abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        h *= delta
        if Swift.abs(delta - 1) <= 1e-16 { break }
        i += 1
    }
    return h
}

/// log P and log Q for a < 1 and 0 < x < 1.1, from the series
/// γ(a, x) = Σ_{n>=0} (-1)ⁿ x^(a+n) / (n! (a + n)) (DLMF 8.7.1):
/// P = x^a/Γ(a+1) · (1 + S), S = a Σ_{n>=1} (-x)ⁿ / (n! (a + n)), and
/// Q = 1 - x^a/Γ(a+1) - x^a/Γ(a+1) · S = -expm1(u) - e^u S, u = a log x - log Γ(1 + a).
/// The expm1 form keeps Q's digits when a is tiny and Q ≈ a E₁(x) (the subtraction 1 - P would lose
/// all of them at a = 1e-10); for x < 1.1 the terms of S fall factorially and -0.55 < S < 0. Where
/// P < 1/2, Q is instead log1p(-P): its absolute error is then that of P, not of the O(1) terms.
@usableFromInline func gammaSmallShape(_ a: Double, _ x: Double) -> TailLogs {
    let u = a * Double.log(x) - logGamma1p(a)
    var term = 1.0
    var sum = 0.0
    var n = 1.0
    while n < 60 {
        term *= -x / n
        let t = term / (a + n)
        sum += t
        if Swift.abs(t) <= 1e-17 * Swift.abs(sum) { break }
        n += 1
    }
    let s = a * sum
    let logP = u + Double.log(onePlus: s)
    if logP < -ln2 { return .lower(logP) }
    let q = -Double.expMinusOne(u) - Double.exp(u) * s
    return TailLogs(logP: logP, logQ: Double.log(q), lowerIsDirect: true, upperIsDirect: true)
}
