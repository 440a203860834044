// Logp+ContinuousPositive.swift — continuous distributions on a half line: half-normal, half-Cauchy, half-Student-t, exponential, gamma, inverse gamma, chi-squared, Weibull, Pareto, log-normal, Wald, Rice, half-flat.

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbCatalog {
    /// halfnormal(loc, sigma).
    static let halfnormal = DistributionLogProb("halfnormal", logp: { value, p in
        let (loc, sigma) = (p[0], p[1])
        let z = try (value - loc) / sigma
        // log √(2/π) - z²/2 - log σ.
        let logp = try -0.5 * sqr(z) - log(sigma) - (logSqrt2Pi - log2Value)
        return try checkParameters(negInfWhere(value < loc, logp), [sigma > lit(0)], message: "sigma > 0")
    }, logcdf: { value, p in
        let (loc, sigma) = (p[0], p[1])
        // F = erf(t), t = z/√2: log erf(t) near 0 (PyMC's log1p(-erfc t) cancels there) and
        // log1p(-erfc t) from t = 1 on, where erf(t) rounds towards 1.
        let t = try (value - loc) / sigma * inverseSqrt2
        let near = try log(erf(guarded(t < lit(1), t, 0.5)))
        let far = try log1p(neg(erfc(guarded(t >= lit(1), t, 1))))
        let logcdf = try negInfWhere(value < loc, ifElse(t < lit(1), near, far))
        return try checkParameters(logcdf, [sigma > lit(0)], message: "sigma > 0")
    }, icdf: { q, p in
        let (loc, sigma) = (p[0], p[1])
        // The normal quantile at (1 + q)/2 is √2 erf⁻¹(q); erfc⁻¹(1 - q) above ½, where 1 - q
        // is exact and erf⁻¹ would see q rounded towards 1.
        let lower = try q < lit(0.5)
        let fromErf = try inverseErf(guarded(lower, q, 0.25))
        let fromErfc = try inverseErfc(1.0 - ifElse(lower, lit(0.75), q))
        let x = try loc + sigma * 2.0.squareRoot() * ifElse(lower, fromErf, fromErfc)
        return try checkParameters(checkedQuantile(x, q), [sigma > lit(0)], message: "sigma > 0")
    })

    /// halfcauchy(loc, beta).
    static let halfCauchy = DistributionLogProb("halfcauchy", logp: { value, p in
        let (loc, beta) = (p[0], p[1])
        let z = try (value - loc) / beta
        let logp = try log2Value - logPi - log(beta) - log1p(sqr(z))
        return try checkParameters(negInfWhere(value < loc, logp), [beta > lit(0)], message: "beta > 0")
    }, logcdf: { value, p in
        let (loc, beta) = (p[0], p[1])
        // F = 2 atan(z)/π; above z = 1 as 1 - 2 atan(1/z)/π through log1p.
        let z = try (value - loc) / beta
        let far = try z > lit(1)
        let near = try log(elemwise(.arctan, ifElse(far, lit(0.5), z))) + (log2Value - logPi)
        let tail = try log1p(-2.0 / Double.pi * elemwise(.arctan, 1.0 / guarded(far, z, 1)))
        let logcdf = try negInfWhere(value < loc, ifElse(far, tail, near))
        return try checkParameters(logcdf, [beta > lit(0)], message: "beta > 0")
    }, icdf: { q, p in
        // tan(π q / 2), as 1/tan(π (1 - q)/2) above ½ where 1 - q is exact.
        let below = try tan(0.5 * Double.pi * q)
        let above = try 1.0 / tan(0.5 * Double.pi * (1.0 - q))
        let x = try p[0] + p[1] * ifElse(q < lit(0.5), below, above)
        return try checkParameters(checkedQuantile(x, q), [p[1] > lit(0)], message: "beta > 0")
    })

    /// halfstudentt(nu, sigma).
    static let halfStudentT = DistributionLogProb("halfstudentt", logp: { value, p in
        let (nu, sigma) = (p[0], p[1])
        // Twice Student's t density (see `studentT` for the log-beta normalizer).
        let z = try value / sigma
        let normalizer = try log2Value - logBetaFunction(0.5 * nu, lit(0.5)) - 0.5 * log(nu) - log(sigma)
        let kernel = try (0.5 * nu + 0.5) * log1p(sqr(z) / nu)
        let logp = try negInfWhere(value < lit(0), normalizer - kernel)
        return try checkParameters(logp, [sigma > lit(0), nu > lit(0)], message: "sigma > 0, nu > 0")
    }, logcdf: { value, p in
        let (nu, sigma) = (p[0], p[1])
        // F = P(|T| <= z) = I_w(½, ν/2) with w = z²/(ν+z²); where w is large that is
        // 1 - I_{1-w}(ν/2, ½) with 1 - w = ν/(ν+z²) formed directly.
        let z2 = try sqr(value / sigma)
        let near = try logRegularizedBeta(lit(0.5), 0.5 * nu, z2 / (nu + z2))
        let far = try log1p(neg(regularizedBeta(0.5 * nu, lit(0.5), nu / (nu + z2))))
        let logcdf = try negInfWhere(value < lit(0), ifElse(z2 < nu, near, far))
        return try checkParameters(logcdf, [sigma > lit(0), nu > lit(0)], message: "sigma > 0, nu > 0")
    }, icdf: { q, p in
        let (nu, sigma) = (p[0], p[1])
        let x = try sigma * studentTMagnitude(nu, twoSidedTail: 1.0 - q)
        return try checkParameters(checkedQuantile(x, q), [sigma > lit(0), nu > lit(0)], message: "sigma > 0, nu > 0")
    })

    /// exponential(scale) (PyMC's Exponential with scale = 1/lam).
    static let exponential = DistributionLogProb("exponential", logp: { value, p in
        let mu = p[0]
        let logp = try negInfWhere(value < lit(0), neg(log(mu)) - value / mu)
        return try checkParameters(logp, [mu >= lit(0)], message: "mu >= 0")
    }, logcdf: { value, p in
        let logcdf = try negInfWhere(value < lit(0), log1mexp(neg(value / p[0])))
        return try checkParameters(logcdf, [p[0] >= lit(0)], message: "lam >= 0")
    }, icdf: { q, p in
        let x = try neg(p[0] * log1p(neg(q)))
        return try checkParameters(checkedQuantile(x, q), [p[0] >= lit(0)], message: "mu >= 0")
    })

    /// gamma(alpha, scale) (PyMC's Gamma with scale = 1/beta).
    static let gamma = DistributionLogProb("gamma", logp: { value, p in
        try checkParameters(gammaLogp(value, p[0], p[1]), [p[0] > lit(0), p[1] > lit(0)], message: "alpha > 0, beta > 0")
    }, logcdf: { value, p in
        try checkParameters(gammaLogCDF(value, p[0], p[1]), [p[0] > lit(0), p[1] > lit(0)], message: "alpha > 0, beta > 0")
    }, icdf: { q, p in
        let x = try gammaQuantile(q, p[0], p[1])
        return try checkParameters(checkedQuantile(x, q), [p[0] > lit(0), p[1] > lit(0)], message: "alpha > 0, beta > 0")
    })

    /// chisquare(nu): gamma(ν/2, scale 2).
    static let chiSquare = DistributionLogProb("chisquare", logp: { value, p in
        try checkParameters(gammaLogp(value, 0.5 * p[0], lit(2)), [p[0] > lit(0)], message: "nu > 0")
    }, logcdf: { value, p in
        try checkParameters(gammaLogCDF(value, 0.5 * p[0], lit(2)), [p[0] > lit(0)], message: "nu > 0")
    }, icdf: { q, p in
        let x = try gammaQuantile(q, 0.5 * p[0], lit(2))
        return try checkParameters(checkedQuantile(x, q), [p[0] > lit(0)], message: "nu > 0")
    })

    /// invgamma(alpha, beta).
    static let inverseGamma = DistributionLogProb("invgamma", logp: { value, p in
        let (alpha, beta) = (p[0], p[1])
        // α log β - log Γ(α) - (α+1) log x - β/x, as α log y - y - log x - log Γ(α) with y = β/x.
        let y = try beta / value
        let logp = try alpha * log(y) - y - log(value) - gammaln(alpha)
        return try checkParameters(negInfWhere(value <= lit(0), logp), [alpha > lit(0), beta > lit(0)], message: "alpha > 0, beta > 0")
    }, logcdf: { value, p in
        let (alpha, beta) = (p[0], p[1])
        // F = Q(α, β/x); log1p(-P) where Q is near 1 (y below α); far in the lower tail, where Q
        // underflows, from its continued fraction (`gammaLogQContinuedFraction`).
        let y = try beta / value
        let upper = try y > alpha
        let farTail = try allOf(y >= 2.0 * (alpha + 1.0), (alpha - 1.0) * log(y) - y - gammaln(alpha) < lit(-600))
        let useFraction = try allOf(farTail, value > lit(0))
        let fraction = try gammaLogQContinuedFraction(alpha, ifElse(useFraction, y, 2.0 * (alpha + 1.0)))
        let direct = try log(regularizedGammaQ(alpha, ifElse(useFraction, alpha, ifElse(upper, y, alpha))))
        let complement = try log1p(neg(regularizedGammaP(alpha, ifElse(upper, alpha, y))))
        let logcdf = try negInfWhere(value <= lit(0), ifElse(useFraction, fraction, ifElse(upper, direct, complement)))
        return try checkParameters(logcdf, [alpha > lit(0), beta > lit(0)], message: "alpha > 0, beta > 0")
    }, icdf: { q, p in
        let (alpha, beta) = (p[0], p[1])
        // Q(α, β/x) = q; for q above ½ the root of P(α, y) = 1 - q (exact) keeps the digits.
        let lower = try q < lit(0.5)
        let fromQ = try inverseGammaQ(alpha, guarded(lower, q, 0.25))
        let fromP = try inverseGammaP(alpha, 1.0 - ifElse(lower, lit(0.75), q))
        let x = try beta / ifElse(lower, fromQ, fromP)
        return try checkParameters(checkedQuantile(x, q), [alpha > lit(0), beta > lit(0)], message: "alpha > 0, beta > 0")
    })

    /// weibull(alpha, beta).
    static let weibull = DistributionLogProb("weibull", logp: { value, p in
        let (alpha, beta) = (p[0], p[1])
        let y = try value / beta
        // log α - log β + (α-1) log y - y^α, with (α-1) log y taken as 0 for α = 1 at y = 0.
        let logp = try log(alpha) - log(beta) + powerTerm(alpha - 1.0, log(y)) - pow(y, alpha)
        return try checkParameters(negInfWhere(value < lit(0), logp), [alpha > lit(0), beta > lit(0)], message: "alpha > 0, beta > 0")
    }, logcdf: { value, p in
        let (alpha, beta) = (p[0], p[1])
        // F = 1 - e^(-y^α). With l = α log y: log1mexp(-e^l); for l < -40, e^l < 5e-18 and
        // log F = l - e^l/2 + ... = l to double precision, which also holds where e^l underflows.
        let l = try alpha * log(value / beta)
        let tiny = try l < lit(-40)
        let regular = try log1mexp(neg(exp(ifElse(tiny, lit(-40), l))))
        let logcdf = try negInfWhere(value < lit(0), ifElse(tiny, l, regular))
        return try checkParameters(logcdf, [alpha > lit(0), beta > lit(0)], message: "alpha > 0, beta > 0")
    }, icdf: { q, p in
        let x = try p[1] * pow(neg(log1p(neg(q))), 1.0 / p[0])
        return try checkParameters(checkedQuantile(x, q), [p[0] > lit(0), p[1] > lit(0)], message: "alpha > 0, beta > 0")
    })

    /// pareto(alpha, m).
    static let pareto = DistributionLogProb("pareto", logp: { value, p in
        let (alpha, m) = (p[0], p[1])
        // log α + α log m - (α+1) log x = log α - log x - α log(x/m), with log(x/m) as
        // log1p((x - m)/m): x - m is exact near the lower bound, where x/m would round.
        let logp = try log(alpha) - log(value) - alpha * paretoLogRatio(value, m)
        return try checkParameters(negInfWhere(value < m, logp), [alpha > lit(0), m > lit(0)], message: "alpha > 0, m > 0")
    }, logcdf: { value, p in
        let (alpha, m) = (p[0], p[1])
        // F = 1 - (m/x)^α = 1 - e^(-α log(x/m)).
        let above = try value >= m
        let ratio = try paretoLogRatio(ifElse(above, value, m), m)
        let logcdf = try negInfWhere(value < m, log1mexp(neg(alpha * ratio)))
        return try checkParameters(logcdf, [alpha > lit(0), m > lit(0)], message: "alpha > 0, m > 0")
    }, icdf: { q, p in
        // m (1 - q)^(-1/α) = m e^(-log1p(-q)/α).
        let x = try p[1] * exp(neg(log1p(neg(q))) / p[0])
        return try checkParameters(checkedQuantile(x, q), [p[0] > lit(0), p[1] > lit(0)], message: "alpha > 0, m > 0")
    })

    /// lognormal(mu, sigma).
    static let logNormal = DistributionLogProb("lognormal", logp: { value, p in
        let (mu, sigma) = (p[0], p[1])
        let positive = try value > lit(0)
        let logX = try log(guarded(positive, value, 1))
        let z = try (logX - mu) / sigma
        let logp = try -0.5 * sqr(z) - log(sigma) - logSqrt2Pi - logX
        return try checkParameters(ifElse(positive, logp, lit(-.infinity)), [sigma > lit(0)], message: "sigma > 0")
    }, logcdf: { value, p in
        let (mu, sigma) = (p[0], p[1])
        let positive = try value > lit(0)
        let z = try (log(guarded(positive, value, 1)) - mu) / sigma
        return try checkParameters(ifElse(positive, logPhi(z), lit(-.infinity)), [sigma > lit(0)], message: "sigma > 0")
    }, icdf: { q, p in
        let x = try exp(p[0] + p[1] * phiInverse(q))
        return try checkParameters(checkedQuantile(x, q), [p[1] > lit(0)], message: "sigma > 0")
    })

    /// wald(mu, lam, alpha): the inverse Gaussian shifted by alpha.
    static let wald = DistributionLogProb("wald", logp: { value, p in
        let (mu, lam, alpha) = (p[0], p[1], p[2])
        let y = try value - alpha
        // ½ log(λ/2π) - 3/2 log y - λ (y - μ)² / (2 μ² y).
        let deviation = try sqr((y - mu) / mu) * lam / (2.0 * y)
        let logp = try 0.5 * log(lam) - logSqrt2Pi - 1.5 * log(y) - deviation
        let conditions = try [mu > lit(0), lam > lit(0), alpha >= lit(0)]
        return try checkParameters(negInfWhere(y <= lit(0), logp), conditions, message: "mu > 0, lam > 0, alpha >= 0")
    }, logcdf: { value, p in
        let (mu, lam, alpha) = (p[0], p[1], p[2])
        let conditions = try [mu > lit(0), lam > lit(0), alpha >= lit(0)]
        return try checkParameters(waldLogCDF(value - alpha, mu, lam), conditions, message: "mu > 0, lam > 0, alpha >= 0")
    })

    /// rice(b, sigma) (PyMC's Rice with b = nu/sigma).
    static let rice = DistributionLogProb("rice", logp: { value, p in
        let (b, sigma) = (p[0], p[1])
        // x/σ² e^(-(x² + ν²)/(2σ²)) I₀(xν/σ²) with y = x/σ: log y - (y - b)²/2 + log(e^(-yb) I₀(yb))
        // - log σ. The exponentially scaled Bessel function carries e^(-yb), which cancels the
        // e^(yb) of the square: nothing overflows for large y b.
        let y = try value / sigma
        let logp = try log(y) - 0.5 * sqr(y - b) + logScaledBesselI0(y * b) - log(sigma)
        return try checkParameters(negInfWhere(value <= lit(0), logp), [sigma >= lit(0), b >= lit(0)], message: "sigma >= 0, b >= 0")
    })

    /// halfflat(): the improper flat density on [0, inf).
    static let halfFlat = DistributionLogProb("halfflat", logp: { value, _ in
        try negInfWhere(value < lit(0), zerosLike(value, dtype: .float64))
    }, logcdf: { value, _ in
        try ifElse(eq(value, lit(.infinity)), lit(0), lit(-.infinity))
    })
}

/// The gamma log-density with shape α and scale θ: (α-1) log y - y - log θ - log Γ(α), y = x/θ
/// (PyMC's -log Γ(α) + α log β - β x + (α-1) log x with β = 1/θ, gathered so that no
/// log β and log x of opposite signs are added). (α-1) log y is 0 at y = 0 for α = 1, so the
/// density there is 1/θ; for α < 1 it is +inf (the density's limit).
func gammaLogp(_ value: Variable, _ alpha: Variable, _ scale: Variable) throws -> Variable {
    let y = try value / scale
    let logp = try powerTerm(alpha - 1.0, log(y)) - y - log(scale) - gammaln(alpha)
    return try negInfWhere(value < lit(0), logp)
}

/// log P(α, x/θ), the gamma log-CDF; above y = α as log1p(-Q(α, y)), which keeps the
/// upper tail's distance from 1; far below the bulk, where P underflows, from its series
/// (`gammaLogPSeries`), so the log-CDF stays finite there.
func gammaLogCDF(_ value: Variable, _ alpha: Variable, _ scale: Variable) throws -> Variable {
    let y = try value / scale
    let upper = try y > alpha
    let lowerY = try ifElse(upper, alpha, y)
    // The series where P's leading term y^α e^(-y)/Γ(α+1) is below e^-600 (P itself may be
    // subnormal or 0) and y < 0.4 (α + 1), where 40 terms suffice.
    let logLeading = try alpha * log(lowerY) - lowerY - gammaln(alpha + 1.0)
    let seriesRange = try allOf(logLeading < lit(-600), lowerY < 0.4 * (alpha + 1.0))
    let useSeries = try allOf(seriesRange, value > lit(0))
    // Each branch gets an argument at which it is finite where it is not taken, so its
    // derivative there is finite too (see `guarded`).
    let series = try gammaLogPSeries(alpha, guarded(useSeries, lowerY, 1e-3))
    let direct = try log(regularizedGammaP(alpha, ifElse(useSeries, alpha, lowerY)))
    let complement = try log1p(neg(regularizedGammaQ(alpha, ifElse(upper, y, alpha))))
    let lower = try ifElse(useSeries, series, direct)
    return try negInfWhere(value < lit(0), ifElse(upper, complement, lower))
}

/// log P(α, y) = α log y - y - log Γ(α+1) + log S with S = Σ_k y^k / ((α+1)(α+2)···(α+k)), the
/// series of the lower incomplete gamma function (γ(α, y) = y^α e^(-y) S / α), summed in the
/// graph. For y < 0.4 (α + 1) each term is below 0.4 times the one before, so after 40 terms
/// the remainder is below 0.4⁴⁰/0.6 < 2e-16 of S (S >= 1). Only the leading factor is taken in
/// logarithms, so nothing under- or overflows.
func gammaLogPSeries(_ alpha: Variable, _ y: Variable) throws -> Variable {
    var term = lit(1)
    var sum = lit(1)
    for k in 1...40 {
        term = try term * y / (alpha + Double(k))
        sum = try sum + term
    }
    let logLeading = try alpha * log(y) - y - gammaln(alpha + 1.0)
    return try logLeading + log(sum)
}

/// θ P⁻¹(α, q); above ½ as Q⁻¹(α, 1 - q), where 1 - q is exact.
func gammaQuantile(_ q: Variable, _ alpha: Variable, _ scale: Variable) throws -> Variable {
    let lower = try q < lit(0.5)
    let fromP = try inverseGammaP(alpha, guarded(lower, q, 0.25))
    let fromQ = try inverseGammaQ(alpha, 1.0 - ifElse(lower, lit(0.75), q))
    return try scale * ifElse(lower, fromP, fromQ)
}

/// log Q(α, y) from Legendre's continued fraction
/// Γ(α, y) = e^(-y) y^α / (y + 1 - α - 1(1-α)/(y + 3 - α - 2(2-α)/(y + 5 - α - ···))),
/// evaluated from its 40th level up; for y >= 2(α + 1) that is exact to double precision
/// (checked against mpmath for α from 1e-3 to 1e5). Only the leading factor is taken in
/// logarithms, so nothing under- or overflows where Q itself does.
func gammaLogQContinuedFraction(_ alpha: Variable, _ y: Variable) throws -> Variable {
    var tail = lit(0)
    for k in stride(from: 40.0, through: 1.0, by: -1.0) {
        let numerator = try k * (k - alpha)
        let denominator = try y + (2 * k + 1) - alpha - tail
        tail = try numerator / denominator
    }
    let denominator = try y + 1.0 - alpha - tail
    return try alpha * log(y) - y - gammaln(alpha) - log(denominator)
}

/// log(x/m) as log1p((x - m)/m).
func paretoLogRatio(_ value: Variable, _ m: Variable) throws -> Variable {
    try log1p((value - m) / m)
}

/// The inverse Gaussian log-CDF at y > 0 (-inf at y <= 0, 0 at +inf):
/// F = Φ(r(y/μ - 1)) + e^(2λ/μ) Φ(-r(y/μ + 1)), r = √(λ/y), summed in logarithms (logaddexp
/// of two log Φ terms), so e^(2λ/μ) never overflows and the left tail keeps its digits.
func waldLogCDF(_ y: Variable, _ mu: Variable, _ lam: Variable) throws -> Variable {
    let inside = try allOf(y > lit(0), y < lit(.infinity))
    let yIn = try ifElse(inside, y, mu)
    let r = try sqrt(lam / yIn)
    let first = try logPhi(r * (yIn / mu - 1.0))
    let second = try 2.0 * lam / mu + logPhi(neg(r) * (yIn / mu + 1.0))
    let logcdf = try elemwise(.logaddexp, first, second)
    let limits = try ifElse(y <= lit(0), lit(-.infinity), lit(0))
    return try ifElse(inside, logcdf, limits)
}
