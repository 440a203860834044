// IncompleteBeta.swift — the regularized incomplete beta function I_x(a, b), its complement and their logarithms.

import RealModule

/// The regularized incomplete beta function I_x(a, b) = ∫₀ˣ t^(a-1) (1-t)^(b-1) dt / B(a, b) (the
/// beta(a, b) distribution function), for a, b >= 0 and 0 <= x <= 1.
///
/// Relative error about 1e-14 where I_x is the smaller tail and 1e-16 absolute where it is close to
/// 1 (use `betaIComplement` there); beyond that the result inherits the sensitivity of I_x to a
/// relative change of x, x·(density)/I_x, which is large in the far tails of large-parameter
/// distributions (e.g. ~1e5 at a = b = 1e10, I = 1e-300); near the mean of such distributions the
/// continued fraction loses about ε√(a + b) (1e-11 at a = b = 1e8), of the order of that sensitivity
/// there. As in SciPy, a = 0 is a point mass at 0
/// (I = 1) and b = 0 one at 1 (I = 0 for x < 1); a = b = 0, negative parameters, x outside [0, 1] and
/// NaN give NaN. The Student-t, F, binomial and negative-binomial distribution functions are all
/// I_x for suitable (a, b, x). See `incompleteBetaLogs` for the methods.
public func betaI(_ a: Double, _ b: Double, _ x: Double) -> Double {
    incompleteBetaLogs(a, b, x).p
}

/// 1 - I_x(a, b) = I_{1-x}(b, a), computed directly where it is the smaller tail, so it keeps its
/// relative accuracy where I_x(a, b) ≈ 1. Special values as `betaI`.
public func betaIComplement(_ a: Double, _ b: Double, _ x: Double) -> Double {
    incompleteBetaLogs(a, b, x).q
}

/// log I_x(a, b), accurate also where I_x underflows and where it is close to 1.
public func logBetaI(_ a: Double, _ b: Double, _ x: Double) -> Double {
    incompleteBetaLogs(a, b, x).logP
}

/// log(1 - I_x(a, b)), accurate also where 1 - I_x underflows and where it is close to 1.
public func logBetaIComplement(_ a: Double, _ b: Double, _ x: Double) -> Double {
    incompleteBetaLogs(a, b, x).logQ
}

/// log I_x(a, b) and log(1 - I_x(a, b)) after the special cases; y = 1 - x is exact for x >= 1/2,
/// and where x < 1/2 the methods use log1p(-x) rather than log y.
@usableFromInline func incompleteBetaLogs(_ a: Double, _ b: Double, _ x: Double) -> TailLogs {
    if a.isNaN || b.isNaN || x.isNaN || a < 0 || b < 0 || x < 0 || x > 1 { return .nan }
    if (a == 0 && b == 0) || (a == .infinity && b == .infinity) { return .nan }
    if a == 0 { return .upper(-.infinity) }  // point mass at 0
    if b == 0 { return x == 1 ? .upper(-.infinity) : .lower(-.infinity) }  // point mass at 1
    if x == 0 { return .lower(-.infinity) }
    if x == 1 { return .upper(-.infinity) }
    if a == .infinity { return .lower(-.infinity) }
    if b == .infinity { return .upper(-.infinity) }
    return incompleteBetaCore(a, b, x, 1 - x)
}

/// The method choice, after DiDonato & Morris (1992, TOMS 708), for 0 < x < 1, y = 1 - x:
/// * min(a, b) <= 1: reflect so that x <= 1/2; then the power series (`betaPowerSeries`) when
///   b <= 1 or b x <= 0.7, else the complement I_y(b, a) by the expansion for a large first
///   parameter (`betaLargeFirstParameterLog`), after raising b to >= 15 by a finite sum when needed.
/// * both > 1: reflect so that x lies below the mean a/(a + b) (x b <= y a), making I_x the smaller
///   tail; then the power series when b x <= 0.7, else the continued fraction
///   (`betaContinuedFractionLog`), which below the mean converges in O((a + b)^(1/4)) steps or fewer
///   (a few thousand at a = b = 1e8, a handful away from the mean).
@usableFromInline func incompleteBetaCore(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> TailLogs {
    if Swift.min(a, b) <= 1 {
        if x > 0.5 { return incompleteBetaCore(b, a, y, x).swapped }
        if b <= 1 || b * x <= 0.7 { return betaPowerSeries(a, b, x, y) }
        // Here a <= 1 < b and b x > 0.7, so I_x(a, b) >= 1/2 roughly and its complement
        // I_y(b, a), y >= 1/2, is the one to compute.
        if b >= 15 { return .upper(betaLargeFirstParameterLog(b, a, y, x)) }
        let n = (15 - b).rounded(.down) + 1
        let head = betaUpwardSumLog(b, a, y, x, Int(n))
        return .upper(logAddExp(head, betaLargeFirstParameterLog(b + n, a, y, x)))
    }
    if x * b > y * a { return incompleteBetaCore(b, a, y, x).swapped }
    if b * x <= 0.7 && x <= 0.5 { return betaPowerSeries(a, b, x, y) }
    return .lower(betaContinuedFractionLog(a, b, x, y))
}

/// log x for x in (0, 1) given y = 1 - x: log1p(-y) when x > 1/2 (then y is the exact one).
@inlinable func logOfComplement(_ x: Double, _ y: Double) -> Double {
    x <= 0.5 ? Double.log(x) : Double.log(onePlus: -y)
}

/// log(x^a y^b / B(a, b)), the factor common to the series and the continued fraction, without the
/// cancellation between a log x, b log y and log B when the parameters are large.
///
/// * a, b >= 1: with n = a + b, x₀ = a/n and δ = n x - a = x b - y a, it is
///   a log(x/x₀) + b log(y/y₀) + ½ log(ab/(2πn)) - [μ(a) + μ(b) - μ(n)], and since
///   a · δ/a + b · (-δ/b) = 0 the first two terms are a log1pmx(δ/a) + b log1pmx(-δ/b): both
///   negative, no cancellation. When x or y is far below its mean share (δ/a or -δ/b <= -1/2) that
///   side's log(1 + t) is taken whole (from log x + log1p(b/a) when t is near -1, where t itself
///   would have lost its digits) and the linear term ∓δ is added back.
/// * a < 1, b >= 10: a log(b x) + b log y - log Γ(a) + [log Γ(b + a) - log Γ(b) - a log b], the
///   bracket b log1pmx(a/b) + (a - ½) log1p(a/b) + μ(b + a) - μ(b) being small; near the mean,
///   b x ≈ a and b log y ≈ -a, so the terms are of the size of the result.
/// * otherwise (one parameter below 1, the other below 10): directly, with `logBeta`.
@usableFromInline func betaPrefixLog(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> Double {
    if a >= 1 && b >= 1 {
        let n = a + b
        let delta = x * b - y * a
        let t1 = delta / a
        let t2 = -delta / b
        var main: Double
        if t1 > -0.5 && t2 > -0.5 {
            main = a * log1pmx(t1) + b * log1pmx(t2)
        } else if t1 <= -0.5 {
            let l1 = t1 > -0.9 ? Double.log(onePlus: t1) : logOfComplement(x, y) + Double.log(onePlus: b / a)
            main = a * l1 + b * log1pmx(t2) - delta
        } else {
            let l2 = t2 > -0.9 ? Double.log(onePlus: t2) : logOfComplement(y, x) + Double.log(onePlus: a / b)
            main = b * l2 + a * log1pmx(t1) + delta
        }
        let stirling = stirlingCorrection(a) + stirlingCorrection(b) - stirlingCorrection(n)
        return main + 0.5 * Double.log(a / (2 * Double.pi) * (b / n)) - stirling
    }
    if a < 10 && b < 10 {
        return a * logOfComplement(x, y) + b * logOfComplement(y, x) - logBeta(a, b)
    }
    if b < 10 { return betaPrefixLog(b, a, y, x) }
    // a < 1, b >= 10.
    let logBX = x <= 0.5 ? Double.log(b * x) : Double.log(b) + Double.log(onePlus: -y)
    let r = a / b
    let bracket = b * log1pmx(r) + (a - 0.5) * Double.log(onePlus: r) + stirlingCorrectionDifference(b, a)
    return a * logBX + b * logOfComplement(y, x) - Double.logGamma(a) + bracket
}

/// log I_x(a, b) and log(1 - I_x(a, b)), both directly, by the power series
/// I_x(a, b) = x^a / (a B(a, b)) · (1 + S), S = a Σ_{j>=1} (1-b)(2-b)···(j-b)/j! · x^j/(a + j)
/// (DiDonato & Morris's BPSER), for x <= 1/2 with b <= 1 (terms positive) or b x <= 0.7 (terms
/// alternating but small). With u = log(x^a / (a B)), the complement is -expm1(u) - e^u S, which keeps
/// its digits for tiny a, where 1 - I_x ≈ a · (...) and 1 - P would have none (used where P >= 1/2;
/// below, log1p(-P) is the accurate one); log(1/(a B)) =
/// log Γ(a+b) - log Γ(b) - log Γ(1+a) is formed from `logGammaDifference` and `logGamma1p` for
/// a < 10 (so it is O(a) to full relative accuracy as a → 0), else as -log a - log B(a, b).
@usableFromInline func betaPowerSeries(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> TailLogs {
    let logC = a < 10 ? logGammaDifference(b, a) - logGamma1p(a) : -Double.log(a) - logBeta(a, b)
    let u = a * Double.log(x) + logC
    var c = 1.0
    var sum = 0.0
    var j = 1.0
    while j < 10_000 {
        c *= (j - b) / j * x
        let t = c / (a + j)
        sum += t
        if Swift.abs(t) <= 1e-17 * Swift.abs(sum) { break }
        j += 1
    }
    let s = a * sum
    let logP = u + Double.log(onePlus: s)
    // Where P < 1/2, log(1 - P) = log1p(-P) has the relative accuracy of P (the expm1 form would
    // carry the absolute error of its O(1) terms into a result as small as -P).
    if logP < -ln2 { return .lower(logP) }
    let q = -Double.expMinusOne(u) - Double.exp(u) * s
    // q > 0 always in exact arithmetic; should rounding leave nothing, 1 - P is as good as it gets.
    let logQ = q > 0 ? Double.log(q) : log1mexp(logP)
    return TailLogs(logP: logP, logQ: logQ, lowerIsDirect: true, upperIsDirect: q > 0)
}

/// log I_x(a, b) by the continued fraction I_x = x^a y^b / (a B(a, b)) · 1/(1 + d₁/(1 + d₂/(1 + ···))),
/// d_{2m+1} = -(a+m)(a+b+m) x / ((a+2m)(a+2m+1)), d_{2m} = m(b-m) x / ((a+2m-1)(a+2m)) (DLMF 8.17.22),
/// by the modified Lentz method; for x below the mean it converges with every step a factor
/// 1 + O(ε), so the rounding errors stay at a few ulps even after thousands of steps.
@usableFromInline func betaContinuedFractionLog(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> Double {
    let tiny = 1e-300
    var c = 1.0
    var d = 1 - (a + b) * x / (a + 1)
    if Swift.abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    var m = 1.0
    while m < 200_000 {
        let m2 = 2 * m
        var coefficient = m * (b - m) * x / ((a - 1 + m2) * (a + m2))
        d = 1 + coefficient * d
        if Swift.abs(d) < tiny { d = tiny }
        c = 1 + coefficient / c
        if Swift.abs(c) < tiny { c = tiny }
        d = 1 / d
        h *= d * c
        coefficient = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2))
        d = 1 + coefficient * d
        if Swift.abs(d) < tiny { d = tiny }
        c = 1 + coefficient / c
        if Swift.abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        h *= delta
        if Swift.abs(delta - 1) <= 1e-16 { break }
        m += 1
    }
    return betaPrefixLog(a, b, x, y) + Double.log(h / a)
}

/// B_2k / (2k (2k)!), k = 1...30: log(sinh(v/2)/(v/2)) = Σ_k these · v^(2k) (mpmath 1.3,
/// scripts/reference/series_constants.py).
@usableFromInline let logSinhcCoefficients: [Double] = [
    0.041666666666666664, -0.00034722222222222224, 5.5114638447971785e-06,
    -1.033399470899471e-07, 2.08767569878681e-09, -4.403491782239578e-11,
    9.55895466477477e-13, -2.1185501852016142e-14, 4.770034475709914e-16,
    -1.087434349279031e-17, 2.5040921947091955e-19, -5.814360285755218e-21,
    1.3595027075497952e-22, -3.1976847953705525e-24, 7.559841507792277e-26,
    -1.7952470840225633e-27, 4.279919045926073e-29, -1.0238874835181417e-30,
    2.4570353308144855e-32, -5.912556039251575e-34, 1.4263504196386035e-35,
    -3.448761101064296e-37, 8.355995924900409e-39, -2.0284068901347272e-40,
    4.932494088401362e-42, -1.2013609118886046e-43, 2.93037597123054e-45,
    -7.157631582051671e-47, 1.7505303199257856e-48, -4.286340263736453e-50,
]

/// log I_x(a, b) for a large first parameter (a >= 15) and b <= 1, x >= 1/2: the expansion behind
/// DiDonato & Morris's BGRAT, derived here from the integral itself. With t = e^(-v) and
/// T = a + (b - 1)/2,
///   t^(a-1) (1-t)^(b-1) dt = e^(-Tv) v^(b-1) (sinh(v/2)/(v/2))^(b-1) dv,
/// and expanding (sinh(v/2)/(v/2))^(b-1) = Σ pₙ v^(2n) (pₙ from the exponential of (b - 1) times
/// the series of log(sinh(v/2)/(v/2))) and integrating over v >= u/T, u = -T log x:
///   I_x(a, b) = Γ(a+b)/(Γ(a) T^b) · Σ_n pₙ Γ(b + 2n, u) / (Γ(b) T^(2n)).
/// The incomplete gammas follow from Q(b, u) by the stable upward recurrence
/// Γ(s+1, u) = s Γ(s, u) + u^s e^(-u) (all terms positive), scaled by Q(b, u) so nothing overflows.
/// The series is asymptotic in T, but with -log x <= log 2 its terms fall at least by
/// ((b + 2n)/(2πT))² ~ ((2n)/(94))² per step and ten to twenty terms reach 1e-17.
@usableFromInline func betaLargeFirstParameterLog(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> Double {
    let t = a + 0.5 * (b - 1)
    let u = -t * logOfComplement(x, y)
    let logQ0 = incompleteGammaLogs(b, u).logQ
    // w = u^s e^(-u) / Γ(b) / Q(b, u) for s = b, b+1, ...; g = Γ(s, u) / Γ(b, u).
    var w = Double.exp(logGammaPrefix(b, u) - logQ0)
    var g = 1.0
    var s = b
    var p: [Double] = [1]
    p.reserveCapacity(logSinhcCoefficients.count + 1)
    let inverseT2 = 1 / (t * t)
    var scale = 1.0
    var sum = 1.0
    for n in 1...logSinhcCoefficients.count {
        g = s * g + w; w *= u; s += 1
        g = s * g + w; w *= u; s += 1
        // pₙ = (1/n) Σ_{k=1..n} k (b-1) c_k p_{n-k}  (the exponential of a power series).
        var pn = 0.0
        for k in 1...n { pn += Double(k) * logSinhcCoefficients[k - 1] * p[n - k] }
        pn *= (b - 1) / Double(n)
        p.append(pn)
        scale *= inverseT2
        let term = pn * g * scale
        sum += term
        if Swift.abs(term) <= 1e-17 * Swift.abs(sum) { break }
    }
    return logGammaDifference(a, b) - b * Double.log(t) + logQ0 + Double.log(sum)
}

/// log(I_x(a, b) - I_x(a + n, b)) = log Σ_{i<n} x^(a+i) y^b / ((a+i) B(a+i, b)) (DiDonato & Morris's
/// BUP), a sum of positive terms whose ratio is x (a + b + i)/(a + i + 1).
@usableFromInline func betaUpwardSumLog(_ a: Double, _ b: Double, _ x: Double, _ y: Double, _ n: Int) -> Double {
    var term = 1.0
    var sum = 1.0
    for i in 0..<(n - 1) {
        let k = Double(i)
        term *= x * (a + b + k) / (a + k + 1)
        sum += term
    }
    return betaPrefixLog(a, b, x, y) - Double.log(a) + Double.log(sum)
}
