// IncompleteBeta+Inverse.swift — the inverses of I_x(a, b) and of its complement (beta quantiles).

import RealModule

/// The x in [0, 1] with I_x(a, b) = p (the quantile of the beta(a, b) distribution), for a, b > 0
/// finite and p in [0, 1]: 0 at p = 0, 1 at p = 1, NaN for other arguments.
///
/// Where the solution is well conditioned its relative error is a few ulps (of x, or of 1 - x when
/// x is close to 1, as far as a double near 1 can show it); in general it is the x whose I_x(a, b)
/// equals p to within a few ulps of p. For p > 1/2 the upper tail is solved with q = 1 - p (exact).
public func betaIInverse(_ a: Double, _ b: Double, _ p: Double) -> Double {
    if !betaInverseArgumentsValid(a, b, p) { return .nan }
    if p == 0 { return 0 }
    if p == 1 { return 1 }
    if p <= 0.5 { return betaLowerTailInverse(a, b, logTarget: Double.log(p)).x }
    return betaLowerTailInverse(b, a, logTarget: Double.log(1 - p)).y
}

/// The x in [0, 1] with 1 - I_x(a, b) = q, solved in the upper tail for q <= 1/2 (so that q far below
/// the resolution of 1 - q keeps its meaning): 1 at q = 0, 0 at q = 1.
public func betaIComplementInverse(_ a: Double, _ b: Double, _ q: Double) -> Double {
    if !betaInverseArgumentsValid(a, b, q) { return .nan }
    if q == 0 { return 1 }
    if q == 1 { return 0 }
    if q <= 0.5 { return betaLowerTailInverse(b, a, logTarget: Double.log(q)).y }
    return betaLowerTailInverse(a, b, logTarget: Double.log(1 - q)).x
}

@usableFromInline func betaInverseArgumentsValid(_ a: Double, _ b: Double, _ p: Double) -> Bool {
    a > 0 && b > 0 && a < .infinity && b < .infinity && p >= 0 && p <= 1
}

/// Solves log I_x(a, b) = logTarget (a target <= 1/2) and returns x and y = 1 - x, each to full
/// relative accuracy.
///
/// Halley's method in the logit t = log(x/y): with h = ∂ log I/∂t = x^a y^b / (B(a, b) I) and
/// ∂h/∂t = h (a y - b x - h). The pair (x, y) is carried and updated by t → t - Δ as
/// x' = x/(x + y e^Δ), y' = y e^Δ/(x + y e^Δ), so neither loses digits near 0 or 1 (a logit near
/// ±700 would itself only be resolved to 1e-13). A bracket on t catches steps that leave it (where
/// log I is flat), replacing them by bisection. Starting values: x ≈ (p a B(a, b))^(1/a) from
/// I_x ≈ x^a/(a B) in the lower tail, y ≈ ((1 - p) b B(a, b))^(1/b) from 1 - I_x ≈ y^b/(b B) (small b,
/// where the mass sits next to 1), and the normal approximation of the logit of a beta variable,
/// t ≈ ψ(a) - ψ(b) + z √(ψ'(a) + ψ'(b)), z = Φ⁻¹(p); whichever is closest in log I is used.
@usableFromInline func betaLowerTailInverse(_ a: Double, _ b: Double, logTarget: Double) -> (x: Double, y: Double) {
    func pair(_ t: Double) -> (x: Double, y: Double) {
        t < 0 ? (Double.exp(t) / (1 + Double.exp(t)), 1 / (1 + Double.exp(t)))
            : (1 / (1 + Double.exp(-t)), Double.exp(-t) / (1 + Double.exp(-t)))
    }
    func residual(_ x: Double, _ y: Double) -> (g: Double, logP: Double) {
        let logP = incompleteBetaCore(a, b, x, y).logP
        return (logP - logTarget, logP)
    }
    // Starting values: the three candidates, whichever is closest in log I.
    let z = normalQuantile(logP: logTarget)
    let tNormal = digamma(a) - digamma(b) + z * (trigamma(a) + trigamma(b)).squareRoot()
    // The logit of a representable pair lies within ±745; extreme shapes can put the normal
    // approximation far outside (ψ(0.001) = -1000).
    var (x, y) = pair(Swift.min(Swift.max(tNormal, -700), 700))
    var (g, logP) = residual(x, y)
    func consider(_ cx: Double, _ cy: Double) {
        guard cx > 0 && cy > 0 else { return }
        let r = residual(cx, cy)
        if Swift.abs(r.g) < Swift.abs(g) || !g.isFinite { (x, y, g, logP) = (cx, cy, r.g, r.logP) }
    }
    // Lower tail: I ≈ x^a/(a B(a, b)).
    let logLower = (logTarget + Double.log(a) + logBeta(a, b)) / a
    if logLower < 0 {
        if logLower < -745.2 { return (0, 1) }  // below the smallest double
        consider(Double.exp(logLower), -Double.expMinusOne(logLower))
    }
    // Upper tail (mass near 1 for small b): 1 - I ≈ y^b/(b B(a, b)).
    let logUpper = (log1mexp(logTarget) + Double.log(b) + logBeta(a, b)) / b
    if logUpper < 0 { consider(-Double.expMinusOne(logUpper), Double.exp(logUpper)) }
    var tLo = -Double.infinity
    var tHi = Double.infinity
    for _ in 0..<300 {
        if x == 0 { return (0, 1) }
        if y == 0 { return (1, 0) }
        let t = Double.log(x) - Double.log(y)
        if g == 0 { return (x, y) }
        if g > 0 { tHi = Swift.min(tHi, t) } else { tLo = Swift.max(tLo, t) }
        var delta = Double.nan
        if g.isFinite {
            let h = Double.exp(betaPrefixLog(a, b, x, y) - logP)
            let newton = g / h
            if Swift.abs(newton) <= 4 * Double.ulpOfOne {
                return Swift.abs(newton) == 0 ? (x, y) : betaLogitStep(x, y, newton)
            }
            let halley = newton / (1 - 0.5 * newton * (a * y - b * x - h))
            if halley.isFinite && t - halley > tLo && t - halley < tHi {
                delta = halley
            } else if newton.isFinite && t - newton > tLo && t - newton < tHi {
                delta = newton
            }
        }
        if delta.isNaN {
            // Bisect the bracket in t, widening it first while one side is open.
            let next: Double
            if tHi == .infinity {
                next = t + Swift.max(1, Swift.abs(t))
            } else if tLo == -.infinity {
                next = t - Swift.max(1, Swift.abs(t))
            } else {
                next = 0.5 * (tLo + tHi)
            }
            (x, y) = pair(next)
        } else {
            (x, y) = betaLogitStep(x, y, delta)
        }
        (g, logP) = residual(x, y)
        let closed = tLo.isFinite && tHi.isFinite
        if closed && tHi - tLo <= 4 * Double.ulpOfOne * Swift.max(1, Swift.abs(tLo)) { return (x, y) }
    }
    return (x, y)
}

/// (x, y) moved to the logit t - Δ without forming t: x' = x/(x + y e^Δ), y' = y e^Δ/(x + y e^Δ),
/// arranged so that e^±Δ cannot overflow.
@inlinable func betaLogitStep(_ x: Double, _ y: Double, _ delta: Double) -> (x: Double, y: Double) {
    if delta > 0 {
        let e = Double.exp(-delta)
        let d = x * e + y
        return (x * e / d, y / d)
    }
    let e = Double.exp(delta)
    let d = x + y * e
    return (x / d, y * e / d)
}
