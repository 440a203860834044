// Logp+ContinuousReal.swift — continuous distributions on the whole real line: normal, Student-t, Cauchy, Laplace, asymmetric Laplace, Gumbel, logistic, Moyal, skew-normal, ex-Gaussian, flat.

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbCatalog {
    /// normal(mu, sigma).
    static let normal = DistributionLogProb("normal", logp: { value, p in
        // -z²/2 - log σ - log √(2π), z = (x - μ)/σ.
        let (mu, sigma) = (p[0], p[1])
        let z = try (value - mu) / sigma
        let logp = try -0.5 * sqr(z) - log(sigma) - logSqrt2Pi
        return try checkParameters(logp, [sigma > lit(0)], message: "sigma > 0")
    }, logcdf: { value, p in
        let z = try (value - p[0]) / p[1]
        return try checkParameters(logPhi(z), [p[1] > lit(0)], message: "sigma > 0")
    }, icdf: { q, p in
        let x = try p[0] + p[1] * phiInverse(q)
        return try checkParameters(checkedQuantile(x, q), [p[1] > lit(0)], message: "sigma > 0")
    })

    /// t(nu, mu, sigma): Student's t (PyMC's StudentT).
    static let studentT = DistributionLogProb("t", logp: { value, p in
        let (nu, mu, sigma) = (p[0], p[1], p[2])
        let z = try (value - mu) / sigma
        // log Γ((ν+1)/2) - log Γ(ν/2) - ½ log(πν) = -log B(ν/2, ½) - ½ log ν: the ratio of gamma
        // functions as one log-beta, which does not cancel for large ν (the log-gammas are
        // ~ν log ν each, their difference ~½ log ν).
        let normalizer = try -logBetaFunction(0.5 * nu, lit(0.5)) - 0.5 * log(nu) - log(sigma)
        let kernel = try (0.5 * nu + 0.5) * log1p(sqr(z) / nu)
        return try checkParameters(normalizer - kernel, [sigma > lit(0), nu > lit(0)], message: "lam > 0, nu > 0")
    }, logcdf: { value, p in
        let (nu, mu, sigma) = (p[0], p[1], p[2])
        let z = try (value - mu) / sigma
        return try checkParameters(studentTLogCDF(z, nu), [nu > lit(0), sigma > lit(0)], message: "nu > 0, sigma > 0")
    }, icdf: { q, p in
        let (nu, mu, sigma) = (p[0], p[1], p[2])
        // The magnitude |t| at two-sided tail probability 2 min(q, 1 - q); 1 - q is exact for q >= 1/2.
        let lower = try q < lit(0.5)
        let tailProbability = try 2.0 * ifElse(lower, q, 1.0 - q)
        let magnitude = try studentTMagnitude(nu, twoSidedTail: tailProbability)
        let t = try ifElse(lower, neg(magnitude), magnitude)
        let x = try mu + sigma * t
        return try checkParameters(checkedQuantile(x, q), [nu > lit(0), sigma > lit(0)], message: "nu > 0, sigma > 0")
    })

    /// cauchy(alpha, beta).
    static let cauchy = DistributionLogProb("cauchy", logp: { value, p in
        let (alpha, beta) = (p[0], p[1])
        let z = try (value - alpha) / beta
        // -log(π β (1 + z²)); log1p keeps the centre accurate.
        let logp = try neg(log(beta) + log1p(sqr(z))) - logPi
        return try checkParameters(logp, [beta > lit(0)], message: "beta > 0")
    }, logcdf: { value, p in
        let z = try (value - p[0]) / p[1]
        return try checkParameters(cauchyLogCDF(z), [p[1] > lit(0)], message: "beta > 0")
    }, icdf: { q, p in
        let x = try p[0] + p[1] * cauchyQuantile(q)
        return try checkParameters(checkedQuantile(x, q), [p[1] > lit(0)], message: "beta > 0")
    })

    /// laplace(mu, b).
    static let laplace = DistributionLogProb("laplace", logp: { value, p in
        let (mu, b) = (p[0], p[1])
        let logp = try neg(log(2.0 * b)) - abs(value - mu) / b
        return try checkParameters(logp, [b > lit(0)], message: "b > 0")
    }, logcdf: { value, p in
        let (mu, b) = (p[0], p[1])
        let y = try (value - mu) / b
        // Below the median F = e^y / 2; above, 1 - e^(-y)/2 through log1p.
        let upper = try log1p(-0.5 * exp(neg(guarded(y > lit(0), y, 0))))
        let logcdf = try ifElse(y <= lit(0), y - log2Value, upper)
        return try checkParameters(logcdf, [b > lit(0)], message: "b > 0")
    }, icdf: { q, p in
        let (mu, b) = (p[0], p[1])
        // 1 - q is exact for q >= 1/2, so both tails keep their digits.
        let below = try mu + b * log(2.0 * q)
        let above = try mu - b * log(2.0 - 2.0 * q)
        let x = try ifElse(q <= lit(0.5), below, above)
        return try checkParameters(checkedQuantile(x, q), [b > lit(0)], message: "b > 0")
    })

    /// asymmetriclaplace(b, kappa, mu).
    static let asymmetricLaplace = DistributionLogProb("asymmetriclaplace", logp: { value, p in
        let (b, kappa, mu) = (p[0], p[1], p[2])
        let d = try value - mu
        // log(b / (κ + 1/κ)) = log b + log κ - log(1 + κ²); the exponent is -d b κ above μ and
        // d b / κ below (PyMC's -d b s κ^s with s = sign(d), without the power).
        let normalizer = try log(b) + log(kappa) - log1p(sqr(kappa))
        let exponent = try ifElse(d >= lit(0), neg(d * b * kappa), d * b / kappa)
        return try checkParameters(normalizer + exponent, [b > lit(0), kappa > lit(0)], message: "b > 0, kappa > 0")
    }, logcdf: { value, p in
        let (b, kappa, mu) = (p[0], p[1], p[2])
        let d = try value - mu
        let logK2 = try log1p(sqr(kappa))
        // F = κ²/(1+κ²) e^(d b/κ) below μ; 1 - e^(-d b κ)/(1+κ²) above it.
        let below = try 2.0 * log(kappa) - logK2 + d * b / kappa
        let dAbove = try guarded(d >= lit(0), d, 0)
        let above = try log1mexp(neg(dAbove * b * kappa) - logK2)
        let logcdf = try ifElse(d < lit(0), below, above)
        return try checkParameters(logcdf, [b > lit(0), kappa > lit(0)], message: "b > 0, kappa > 0")
    }, icdf: { q, p in
        let (b, kappa, mu) = (p[0], p[1], p[2])
        let logK2 = try log1p(sqr(kappa))
        let split = try sqr(kappa) / (1.0 + sqr(kappa))
        let below = try mu + kappa / b * (log(q) + logK2 - 2.0 * log(kappa))
        let above = try mu - (log1p(neg(q)) + logK2) / (kappa * b)
        let x = try ifElse(q <= split, below, above)
        return try checkParameters(checkedQuantile(x, q), [b > lit(0), kappa > lit(0)], message: "b > 0, kappa > 0")
    })

    /// gumbel(mu, beta).
    static let gumbel = DistributionLogProb("gumbel", logp: { value, p in
        let z = try (value - p[0]) / p[1]
        let logp = try neg(z) - exp(neg(z)) - log(p[1])
        return try checkParameters(logp, [p[1] > lit(0)], message: "beta > 0")
    }, logcdf: { value, p in
        let z = try (value - p[0]) / p[1]
        return try checkParameters(neg(exp(neg(z))), [p[1] > lit(0)], message: "beta > 0")
    }, icdf: { q, p in
        let x = try p[0] - p[1] * log(neg(log(q)))
        return try checkParameters(checkedQuantile(x, q), [p[1] > lit(0)], message: "beta > 0")
    })

    /// logistic(mu, s).
    static let logistic = DistributionLogProb("logistic", logp: { value, p in
        let z = try (value - p[0]) / p[1]
        // -z - log s - 2 log(1 + e^(-z)), with softplus for the last term (no overflow for z << 0).
        let logp = try neg(z) - log(p[1]) - 2.0 * softplus(neg(z))
        return try checkParameters(logp, [p[1] > lit(0)], message: "s > 0")
    }, logcdf: { value, p in
        let z = try (value - p[0]) / p[1]
        return try checkParameters(neg(softplus(neg(z))), [p[1] > lit(0)], message: "s > 0")
    }, icdf: { q, p in
        // logit(q) = log q - log(1 - q), with log1p for the upper tail.
        let x = try p[0] + p[1] * (log(q) - log1p(neg(q)))
        return try checkParameters(checkedQuantile(x, q), [p[1] > lit(0)], message: "s > 0")
    })

    /// moyal(mu, sigma).
    static let moyal = DistributionLogProb("moyal", logp: { value, p in
        let z = try (value - p[0]) / p[1]
        let logp = try -0.5 * (z + exp(neg(z))) - log(p[1]) - logSqrt2Pi
        return try checkParameters(logp, [p[1] > lit(0)], message: "sigma > 0")
    }, logcdf: { value, p in
        // F = erfc(t), t = e^(-z/2)/√2. For small t, log1p(-erf t) keeps F's distance from 1;
        // for large t (far left), erfc underflows and log erfc(t) = log erfcx(t) - t².
        let z = try (value - p[0]) / p[1]
        let t = try exp(-0.5 * z) * inverseSqrt2
        let small = try log1p(neg(erf(guarded(t < lit(1), t, 0.5))))
        let tLarge = try guarded(t >= lit(1), t, 1)
        let large = try log(scaledErfc(tLarge)) - sqr(tLarge)
        return try checkParameters(ifElse(t < lit(1), small, large), [p[1] > lit(0)], message: "sigma > 0")
    }, icdf: { q, p in
        // z = -log(2 erfcinv(q)²).
        let x = try p[0] - p[1] * (log2Value + 2.0 * log(inverseErfc(q)))
        return try checkParameters(checkedQuantile(x, q), [p[1] > lit(0)], message: "sigma > 0")
    })

    /// skewnormal(mu, sigma, alpha).
    static let skewNormal = DistributionLogProb("skewnormal", logp: { value, p in
        let (mu, sigma, alpha) = (p[0], p[1], p[2])
        let z = try (value - mu) / sigma
        // 2 φ(z) Φ(α z) / σ; PyMC's log(1 + erf(α z/√2)) is log 2 + log Φ(α z), which stays
        // finite where Φ(α z) underflows.
        let normal = try -0.5 * sqr(z) - log(sigma) - logSqrt2Pi
        let logp = try normal + logPhi(alpha * z) + log2Value
        return try checkParameters(logp, [sigma > lit(0)], message: "tau > 0")
    })

    /// exgaussian(mu, sigma, nu): a normal plus an exponential of mean ν.
    static let exGaussian = DistributionLogProb("exgaussian", logp: { value, p in
        let (mu, sigma, nu) = (p[0], p[1], p[2])
        let logp = try exGaussianLogTerm(value, mu, sigma, nu) - log(nu)
        return try checkParameters(logp, [sigma > lit(0), nu > lit(0)], message: "nu > 0, sigma > 0")
    }, logcdf: { value, p in
        let (mu, sigma, nu) = (p[0], p[1], p[2])
        // F = Φ(z) - e^(s²/2 - z s) Φ(z - s): the normal CDF less the log-density's term.
        let z = try (value - mu) / sigma
        let logcdf = try logDiffExp(logPhi(z), exGaussianLogTerm(value, mu, sigma, nu))
        let result = try negInfWhere(eq(value, lit(-.infinity)), logcdf)
        return try checkParameters(result, [sigma > lit(0), nu > lit(0)], message: "sigma > 0, nu > 0")
    })

    /// flat(): the improper uniform density on the real line.
    static let flat = DistributionLogProb("flat", logp: { value, _ in
        try zerosLike(value, dtype: .float64)
    }, logcdf: { value, _ in
        let half = try ifElse(eq(value, lit(.infinity)), lit(0), lit(-log2Value))
        return try negInfWhere(eq(value, lit(-.infinity)), half)
    })
}

/// log P(T <= z) for Student's t with ν degrees of freedom.
///
/// The centre uses P(|T| < |z|) = I_w(½, ν/2), w = z²/(ν+z²): where I_w < ½ (F within [¼, ¾]),
/// log F = log1p(±I_w) - log 2 neither cancels nor loses F's distance from 1, and I_w's relative
/// condition in w is about ½. The tails use the lower tail P(T < -|z|) (`studentTLogLowerTail`),
/// directly below the centre and through log1mexp above it, as in PyMC's StudentT.logcdf. (The
/// older form ½ I_x(ν/2, ½) at x = ν/(ν+z²) amplifies x's rounding about ν-fold where x is near
/// 1: 1e-6 relative at ν = 1e10.)
func studentTLogCDF(_ z: Variable, _ nu: Variable) throws -> Variable {
    let z2 = try sqr(z)
    let w = try guarded(z2 < nu, z2 / (nu + z2), 0.25)
    let iw = try regularizedBeta(lit(0.5), 0.5 * nu, w)
    let centre = try allOf(z2 < nu, iw < lit(0.5))
    let iwCentre = try guarded(centre, iw, 0.25)
    let central = try log1p(ifElse(z < lit(0), neg(iwCentre), iwCentre)) - log2Value
    let logTail = try studentTLogLowerTail(z, nu)
    let tails = try ifElse(z < lit(0), logTail, log1mexp(logTail))
    return try ifElse(centre, central, tails)
}

/// log P(T < -|z|) = log I_u(ν/2, ν/2) with u = (1 - |z|/s)/2 = ν / (2 s (s + |z|)), s = √(ν + z²): the
/// t distribution as a symmetric beta, u formed without the cancellation of 1 - |z|/s. u's
/// rounding is amplified only about √ν-fold (u sits near ½ at the scale 1/√ν).
func studentTLogLowerTail(_ z: Variable, _ nu: Variable) throws -> Variable {
    let s = try sqrt(nu + sqr(z))
    let u = try nu / (2.0 * s * (s + abs(z)))
    return try logRegularizedBeta(0.5 * nu, 0.5 * nu, u)
}

/// |t| with P(|T| > |t|) = p for Student's t with ν degrees of freedom, from the symmetric beta
/// (see `studentTLogLowerTail`): I_u(ν/2, ν/2) = p/2 and |t| = (1 - 2u) √ν / (2 √(u (1 - u))). There
/// 1 - 2u loses u's rounding about √ν/|t|-fold where u is near ½ (t² < ν at large ν); for
/// p >= ½ (exact 1 - p) with w = t²/(ν+t²) < ½, |t| comes instead from I_w(½, ν/2) = 1 - p,
/// t² = ν w / (1 - w), which is well conditioned there (and only there: 1 - w cancels near w = 1).
func studentTMagnitude(_ nu: Variable, twoSidedTail p: Variable) throws -> Variable {
    let u = try inverseRegularizedBeta(0.5 * nu, 0.5 * nu, 0.5 * p)
    let spread = try 2.0 * sqrt(u * (1.0 - u))
    let fromU = try (1.0 - 2.0 * u) * sqrt(nu) / spread
    let large = try p >= lit(0.5)
    let w = try inverseRegularizedBeta(lit(0.5), 0.5 * nu, 1.0 - ifElse(large, p, lit(0.75)))
    let useW = try allOf(large, w < lit(0.5))
    let fromW = try sqrt(nu * guarded(useW, w / (1.0 - w), 1))
    return try ifElse(useW, fromW, fromU)
}

/// log F(z) of the standard Cauchy, F = ½ + atan(z)/π. In the left tail the sum cancels
/// (atan z → -π/2), so F = atan(-1/z)/π there; in the right tail log1p(-atan(1/z)/π).
func cauchyLogCDF(_ z: Variable) throws -> Variable {
    let left = try z < lit(-1), right = try z > lit(1)
    let zl = try guarded(left, z, -1), zr = try guarded(right, z, 1)
    let leftValue = try log(elemwise(.arctan, -1.0 / zl)) - logPi
    let rightValue = try log1p(neg(elemwise(.arctan, 1.0 / zr)) / Double.pi)
    let middle = try log(0.5 + elemwise(.arctan, z) / Double.pi)
    return try ifElse(left, leftValue, ifElse(right, rightValue, middle))
}

/// The standard Cauchy quantile tan(π(q - ½)) = -cot(π q), as -1/tan(π q) below ½ and
/// 1/tan(π(1 - q)) above: q - ½ would lose the digits of a small q.
func cauchyQuantile(_ q: Variable) throws -> Variable {
    let below = try -1.0 / tan(Double.pi * q)
    let above = try 1.0 / tan(Double.pi * (1.0 - q))
    return try ifElse(q < lit(0.5), below, above)
}

/// The ex-Gaussian log-density without its -log ν: log(e^(s²/2 - z s) Φ(z - s)) with z = (x - μ)/σ,
/// s = σ/ν (PyMC's (μ - x)/ν + (σ/ν)²/2 + log Φ(w), w = z - s). Where w < 0 the two parts
/// are huge and opposite (s large is ν << σ, PyMC's switch to a normal density); writing
/// Φ(w) = erfcx(-w/√2) e^(-w²/2)/2 they cancel exactly and leave -z²/2 + log(erfcx(-w/√2)/2),
/// with nothing large left. Where w >= 0, -w s - s²/2 + log Φ(w) has no cancellation.
func exGaussianLogTerm(_ value: Variable, _ mu: Variable, _ sigma: Variable, _ nu: Variable) throws -> Variable {
    let z = try (value - mu) / sigma
    let s = try sigma / nu
    let w = try z - s
    let negative = try w < lit(0)
    let wNeg = try guarded(negative, w, -1)
    let fromErfcx = try -0.5 * sqr(z) + log(scaledErfc(neg(wNeg) * inverseSqrt2)) - log2Value
    let wPos = try ifElse(negative, lit(0), w)
    let direct = try neg(wPos * s) - 0.5 * sqr(s) + logPhi(wPos)
    return try ifElse(negative, fromErfcx, direct)
}
