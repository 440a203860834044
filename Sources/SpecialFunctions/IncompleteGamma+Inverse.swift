// IncompleteGamma+Inverse.swift — the inverses of P(a, ·) and Q(a, ·) (gamma quantiles).

import RealModule

/// The x >= 0 with P(a, x) = p (the quantile of the gamma(a, 1) distribution), for a > 0 and
/// p in [0, 1]: 0 at p = 0, +inf at p = 1, NaN for other arguments.
///
/// Where the solution is well conditioned its relative error is a few ulps; in general it is
/// the x whose P(a, x) equals p to within a few ulps of p (the relative change of x per relative
/// change of p is P/(x f(x)), e.g. 1/a in the lower tail, so for tiny a the quantile itself is
/// determined only that well). For p > 1/2 the upper tail is solved with q = 1 - p, which is exact.
public func gammaPInverse(_ a: Double, _ p: Double) -> Double {
    if a.isNaN || p.isNaN || !(a > 0) || a == .infinity || p < 0 || p > 1 { return .nan }
    if p == 0 { return 0 }
    if p == 1 { return .infinity }
    if p <= 0.5 || gammaQuantileIsTiny(a, logP: Double.log(p)) {
        return gammaLowerTailInverse(a, logTarget: Double.log(p), p: p)
    }
    return gammaUpperTailInverse(a, logTarget: Double.log(1 - p), q: 1 - p)
}

/// The x >= 0 with Q(a, x) = q (the gamma(a, 1) quantile of 1 - q, accurate also for q far below
/// the resolution of 1 - q), for a > 0 and q in [0, 1]: +inf at q = 0, 0 at q = 1.
public func gammaQInverse(_ a: Double, _ q: Double) -> Double {
    if a.isNaN || q.isNaN || !(a > 0) || a == .infinity || q < 0 || q > 1 { return .nan }
    if q == 0 { return .infinity }
    if q == 1 { return 0 }
    let logP = Double.log(onePlus: -q)
    if q <= 0.5 && !gammaQuantileIsTiny(a, logP: logP) {
        return gammaUpperTailInverse(a, logTarget: Double.log(q), q: q)
    }
    return gammaLowerTailInverse(a, logTarget: logP, p: 1 - q)
}

/// Whether the quantile lies below e^-10 by the small-x asymptote P ≈ x^a/Γ(a+1): for tiny shapes even
/// the median can be far below 1e-300 (0.5^(1/a)). There log P is linear in log x and known to full
/// relative accuracy (as log1p(-q) for an upper-tail target), so the lower-tail solver in log x is
/// used whatever the tail; the upper-tail solver, working in x, would crawl towards 0.
@usableFromInline func gammaQuantileIsTiny(_ a: Double, logP: Double) -> Bool {
    a < 1 && (logP + logGamma1p(a)) / a < -10
}

/// Solves log P(a, x) = logTarget (p <= 1/2) by Halley's method in s = log x, where log P is
/// nearly linear in the lower tail (log P ≈ a s - log Γ(a+1) as x → 0), safeguarded by a bracket.
///
/// With h = ∂ log P/∂s = x f(x)/P (f the density), ∂h/∂s = h (a - x - h). Starting values:
/// (p Γ(a+1))^(1/a) from P ≈ x^a/Γ(a+1) when that is small against a + 1, otherwise the
/// Wilson–Hilferty approximation a (1 - 1/(9a) + z/(3√a))³ with z = Φ⁻¹(p).
@usableFromInline func gammaLowerTailInverse(_ a: Double, logTarget: Double, p: Double) -> Double {
    let small = Double.exp((logTarget + logGamma1p(a)) / a)
    var x = small
    if !(small < 0.2 * (a + 1)) {
        let c = 1 / (9 * a)
        let base = 1 - c + normalQuantile(p) * c.squareRoot()
        x = base > 0 ? a * base * base * base : small
    }
    if x == 0 { return 0 }  // below the smallest double
    if x == .infinity { x = a }
    var lo = 0.0
    var hi = Double.infinity
    for _ in 0..<200 {
        if x == 0 { return 0 }  // the quantile is below the smallest double
        let logs = incompleteGammaLogs(a, x)
        let g = logs.logP - logTarget
        if g == 0 { return x }
        if g > 0 { hi = Swift.min(hi, x) } else { lo = Swift.max(lo, x) }
        if hi <= Double.leastNonzeroMagnitude { return 0 }  // below the smallest double
        let h = Double.exp(logGammaPrefix(a, x) - logs.logP)
        let newton = g / h
        // Converged when the step is an ulp of x, or when g is at the resolution of log P itself
        // (for small a one ulp of log P is 1/a ulps of x, and the iterates would only oscillate).
        let resolved = Swift.abs(g) <= 2 * Swift.abs(logTarget).ulp
        if Swift.abs(newton) <= 4 * Double.ulpOfOne || resolved { return x * Double.exp(-newton) }
        let halley = newton / (1 - 0.5 * newton * (a - x - h))
        var next = x * Double.exp(-halley)
        if !(halley.isFinite && next > lo && next < hi) { next = x * Double.exp(-newton) }
        if !(next > lo && next < hi) {
            // The Newton step leaves the bracket (log P is flat there): bisect the bracket,
            // geometrically while it spans orders of magnitude.
            if hi == .infinity {
                next = x * 4
            } else if lo == 0 {
                next = shrinkTowardZero(x)
            } else {
                next = lo.squareRoot() * hi.squareRoot()  // (lo hi) itself may underflow
            }
        }
        x = next
        if hi < .infinity && hi - lo <= 4 * Double.ulpOfOne * hi { return x }
    }
    return x
}

/// Solves log Q(a, x) = logTarget (q <= 1/2) by Halley's method in x, where log Q is nearly linear
/// in the upper tail (log Q ≈ -x + (a-1) log x + const), safeguarded by a bracket.
///
/// With k = f(x)/Q = -∂ log Q/∂x, ∂k/∂x = k ((a-1)/x - 1 + k). Starting values: Wilson–Hilferty
/// for a >= 1, and for a < 1 the asymptotic relation Q ≈ x^(a-1) e^(-x)/Γ(a) solved by two
/// fixed-point steps from x = -log(q Γ(a)).
@usableFromInline func gammaUpperTailInverse(_ a: Double, logTarget: Double, q: Double) -> Double {
    var x: Double
    if a >= 1 {
        let c = 1 / (9 * a)
        let base = 1 - c - normalQuantile(q) * c.squareRoot()
        x = a * base * base * base
    } else {
        let start = -logTarget - Double.logGamma(a)
        x = Swift.max(start, 0.5)
        for _ in 0..<2 { x = Swift.max(start + (a - 1) * Double.log(x), 0.5) }
    }
    if !(x > 0) || !x.isFinite { x = a }
    var lo = 0.0
    var hi = Double.infinity
    for _ in 0..<200 {
        if x == 0 { return 0 }  // the quantile is below the smallest double
        let logs = incompleteGammaLogs(a, x)
        let g = logs.logQ - logTarget
        if g == 0 { return x }
        if g > 0 { lo = Swift.max(lo, x) } else { hi = Swift.min(hi, x) }
        if hi <= Double.leastNonzeroMagnitude { return 0 }  // below the smallest double
        let k = Double.exp(logGammaPrefix(a, x) - Double.log(x) - logs.logQ)
        let newton = g / k  // the Newton step is +g/k (log Q decreases with x)
        let resolved = Swift.abs(g) <= 2 * Swift.abs(logTarget).ulp  // at the resolution of log Q
        if Swift.abs(newton) <= 4 * Double.ulpOfOne * x || resolved { return x + newton }
        let halley = newton / (1 + 0.5 * newton * ((a - 1) / x - 1 + k))
        var next = x + halley
        if !(halley.isFinite && next > lo && next < hi) { next = x + newton }
        if !(next > lo && next < hi) {
            // The Newton step leaves the bracket (log Q is flat where Q ≈ 1): bisect.
            if hi == .infinity {
                next = Swift.max(2 * x, x + 1)
            } else if lo == 0 {
                next = shrinkTowardZero(hi)
            } else {
                next = 0.5 * (lo + hi)
            }
        }
        x = next
        if hi < .infinity && hi - lo <= 4 * Double.ulpOfOne * hi { return x }
    }
    return x
}

/// A smaller positive trial value for a root known only to lie in (0, x): x·min(1/4, x), which squares
/// below 1/4 and so reaches 1e-300 in ten steps, but by at most a factor 1e-16 once x² would come
/// near the underflow threshold, and the smallest subnormal before 0 (so a root in the subnormal
/// range is not skipped).
@usableFromInline func shrinkTowardZero(_ x: Double) -> Double {
    let next = x * Swift.max(Swift.min(0.25, x), 1e-16)
    return next > 0 || x <= Double.leastNonzeroMagnitude ? next : Double.leastNonzeroMagnitude
}
