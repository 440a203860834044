// IncompleteGamma+Derivative.swift — ∂P(a, x)/∂a and the shape-derivatives of log P and log Q (gamma log-CDF gradients).

import RealModule

/// ∂P(a, x)/∂a (= -∂Q(a, x)/∂a), the derivative of the regularized incomplete gamma function with
/// respect to the shape; negative for x > 0. NaN where `gammaP` is NaN or a = 0; 0 at x = 0 and x = ∞.
///
/// Accurate to about 1e-13 relative where |∂P/∂a| is above the underflow threshold (tested against
/// mpmath at 40 digits over a = 1e-3...1e4; see `logGammaShapeDerivative` for the methods). Where it
/// underflows, use `logGammaPDerivativeA` / `logGammaQDerivativeA`, which stay finite.
public func gammaPDerivativeA(_ a: Double, _ x: Double) -> Double {
    let r = logGammaShapeDerivative(a, x)
    return -Double.exp(r.logMagnitude)
}

/// ∂ log P(a, x)/∂a = (∂P/∂a)/P: the gradient of the gamma log-CDF with respect to the shape, finite
/// and accurate far into the lower tail where P and ∂P/∂a underflow together.
public func logGammaPDerivativeA(_ a: Double, _ x: Double) -> Double {
    let r = logGammaShapeDerivative(a, x)
    return -Double.exp(r.logMagnitude - r.logs.logP)
}

/// ∂ log Q(a, x)/∂a = (∂Q/∂a)/Q = -(∂P/∂a)/Q: the gradient of the gamma log-survival function with
/// respect to the shape, accurate far into the upper tail.
public func logGammaQDerivativeA(_ a: Double, _ x: Double) -> Double {
    let r = logGammaShapeDerivative(a, x)
    return Double.exp(r.logMagnitude - r.logs.logQ)
}

/// log|∂P/∂a| together with log P and log Q, by the method `incompleteGammaLogs` uses at (a, x):
/// * the series P = e^u Σ tₙ, e^u = x^a e^(-x)/Γ(a+1), tₙ = xⁿ/((a+1)···(a+n)) (for the `series`
///   and `smallShape` methods), differentiated term by term:
///   -∂P/∂a = e^u [Σ tₙ Hₙ - (log x - ψ(a+1)) Σ tₙ], Hₙ = Σ_{k<=n} 1/(a+k);
/// * the continued fraction Q = x^a e^(-x)/Γ(a) · F (x >= a + 1, or x >= 1.1 > a): ∂Q/∂a = Q [log x - ψ(a) + F'/F],
///   F' from the same recurrence differentiated (`gammaContinuedFractionWithDerivative`); both terms are
///   positive for x >= a, so nothing cancels;
/// * Temme's expansion (a >= 20, |x - a| <= 0.3a), differentiated at fixed x with
///   ∂η/∂a = -g/a, g = (λ - 1)/η = 1/(1 + η C₀(η)):
///   ∂Q/∂a = e^(-aη²/2)/√(2πa) [g - η/2 + (ηg - η²/2 - 1/(2a)) S - (g/a) S' - (1/a) Σ k C_k a^-k].
@usableFromInline func logGammaShapeDerivative(_ a: Double, _ x: Double) -> (logMagnitude: Double, logs: TailLogs) {
    let logs = incompleteGammaLogs(a, x)
    if logs.logP.isNaN || a == 0 || a == .infinity { return (.nan, .nan) }
    if x == 0 || x == .infinity { return (-.infinity, logs) }
    let method = IncompleteGammaMethod(a, x)
    if method == .smallShape || method == .series {
        // Series of P and of its a-derivative.
        let logX = Double.log(x)
        var term = 1.0
        var sum = 1.0
        var harmonic = 0.0
        var weighted = 0.0
        var n = 1.0
        while n < 100_000 {
            term *= x / (a + n)
            harmonic += 1 / (a + n)
            sum += term
            weighted += term * harmonic
            if term <= 1e-17 * sum && term * harmonic <= 1e-17 * weighted { break }
            n += 1
        }
        // For x < a, log x - ψ(a+1) < 0 and both parts are positive; for x < a + 1 or a < 1,
        // x < 1.1 they may cancel by a factor of a few at most (-∂P/∂a stays of the order of the terms).
        let bracket = weighted - (logX - digamma(a + 1)) * sum
        let logU = a * logX - x - logGamma1p(a)
        return (logU + Double.log(bracket), logs)
    }
    if method == .temme {
        let t = temmeGammaTerms(a, x, derivatives: true)
        let eta = t.eta
        // c₀ = C₀(η) is the first row's series; g = (λ - 1)/η without the 0/0 at η = 0.
        var c0 = 0.0
        for c in temmeGammaCoefficients[0].reversed() { c0 = c0 * eta + c }
        let g = 1 / (1 + eta * c0)
        let bracket = g - 0.5 * eta + (eta * g - 0.5 * eta * eta - 0.5 / a) * t.sum
            - (g * t.sumDerivative + t.sumWeighted) / a
        return (t.logScale + Double.log(bracket) - 0.5 * Double.log(2 * Double.pi * a), logs)
    }
    let cf = gammaContinuedFractionWithDerivative(a, x)
    let bracket = Double.log(x) - digamma(a) + cf.derivative / cf.value
    return (logs.logQ + Double.log(bracket), logs)
}

/// Legendre's continued fraction F of `gammaContinuedFraction` and its derivative with respect to a,
/// by the forward recurrences Aₙ = bₙAₙ₋₁ + aₙAₙ₋₂, Bₙ = bₙBₙ₋₁ + aₙBₙ₋₂ (a₁ = 1, b₁ = x + 1 - a;
/// aₙ₊₁ = -n(n - a), bₙ₊₁ = bₙ + 2) and the same recurrences differentiated (∂bₙ/∂a = -1,
/// ∂aₙ₊₁/∂a = n). F = Aₙ/Bₙ and F' = (A'ₙ - F B'ₙ)/Bₙ; everything is rescaled by Bₙ each step.
@usableFromInline func gammaContinuedFractionWithDerivative(_ a: Double, _ x: Double) -> (value: Double, derivative: Double) {
    // n = 0 and n = 1: A₀ = 0, B₀ = 1; A₁ = 1, B₁ = b₁.
    var b = x + 1 - a
    var aPrev = 0.0, bPrev = 1.0, daPrev = 0.0, dbPrev = 0.0
    var aCur = 1.0, bCur = b, daCur = 0.0, dbCur = -1.0
    var value = aCur / bCur
    var derivative = (daCur - value * dbCur) / bCur
    var n = 1.0
    while n < 100_000 {
        let an = -n * (n - a)
        let dan = n
        b += 2
        let aNext = b * aCur + an * aPrev
        let bNext = b * bCur + an * bPrev
        let daNext = -aCur + b * daCur + dan * aPrev + an * daPrev
        let dbNext = -bCur + b * dbCur + dan * bPrev + an * dbPrev
        // Rescale so that Bₙ = 1 (the ratios are unchanged).
        let scale = 1 / bNext
        aPrev = aCur * scale; bPrev = bCur * scale; daPrev = daCur * scale; dbPrev = dbCur * scale
        aCur = aNext * scale; bCur = 1; daCur = daNext * scale; dbCur = dbNext * scale
        let newValue = aCur
        let newDerivative = daCur - newValue * dbCur
        let converged = Swift.abs(newValue - value) <= 1e-16 * Swift.abs(newValue)
            && Swift.abs(newDerivative - derivative) <= 1e-15 * Swift.abs(newDerivative)
        value = newValue
        derivative = newDerivative
        if converged { break }
        n += 1
    }
    return (value, derivative)
}
