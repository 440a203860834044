// Logp+DiscreteBounded.swift — discrete uniform (and integers), discrete Weibull, categorical, ordered logistic/probit and Dirac delta: log-mass, log-CDF and quantiles with PyMC's formulas and checks.

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbCatalog {
    static let discreteBounded: [DistributionLogProb] = [
        discreteUniform("discrete_uniform", highExclusive: false),
        discreteUniform("integers", highExclusive: true),
        DistributionLogProb("discrete_weibull", logp: discreteWeibullLogp, logcdf: discreteWeibullLogcdf),
        DistributionLogProb("categorical", logp: categoricalLogp, logcdf: categoricalLogcdf),
        DistributionLogProb("ordered_logistic", logp: { value, p in
            try categoricalLogp(value, logProbabilities: orderedLogisticLogProbabilities(eta: p[0], cutpoints: p[1]))
        }, logcdf: { value, p in
            // P(Y <= k) = σ(c_k - η) for k < K - 1: log σ(t) = -softplus(-t), exact in both tails.
            let (eta, cutpoints) = (p[0], p[1])
            let t = try cutpoints - withCategoryAxis(eta)
            let lowerTail = try neg(softplus(neg(t)))
            return try categoricalLogcdf(value, logCDFBelowLast: lowerTail, cutpoints: cutpoints)
        }),
        DistributionLogProb("ordered_probit", logp: { value, p in
            let logProbabilities = try orderedProbitLogProbabilities(eta: p[0], cutpoints: p[1], sigma: p[2])
            return try categoricalLogp(value, logProbabilities: logProbabilities)
        }, logcdf: { value, p in
            // P(Y <= k) = Φ((c_k - η) / σ) for k < K - 1, through log Φ (accurate in both tails).
            let (eta, cutpoints, sigma) = (p[0], p[1], p[2])
            let t = try (cutpoints - withCategoryAxis(eta)) / withCategoryAxis(sigma)
            let logcdf = try categoricalLogcdf(value, logCDFBelowLast: logNdtr(t), cutpoints: cutpoints)
            return try checkParameters(logcdf, [sigma > constant(0.0)], message: "sigma > 0")
        }),
        DistributionLogProb("diracdelta", logp: { value, p in
            // A point mass: log 1 at c, log 0 elsewhere.
            try bounded(zerosLike(value, dtype: .float64), eq(value, p[0]))
        }, logcdf: { value, p in
            try ifElse(value < p[0], constant(-Double.infinity), constant(0.0))
        }),
    ]

    /// PyMC's DiscreteUniform(lower, upper) on lower ... upper, and PyTensor's
    /// integers(low, high) on low ... high - 1.
    static func discreteUniform(_ name: String, highExclusive: Bool) -> DistributionLogProb {
        // The inclusive bounds, as floats (exact up to 2^53; no int64 wrap-around).
        @Sendable func bounds(_ p: [Variable]) throws -> (lower: Variable, upper: Variable) {
            let low = try asFloat(p[0]), high = try asFloat(p[1])
            return (low, highExclusive ? try high - 1.0 : high)
        }
        @Sendable func checked(_ expr: Variable, _ p: [Variable]) throws -> Variable {
            let (lower, upper) = try bounds(p)
            let names = highExclusive ? ("low", "high") : ("lower", "upper")
            let whole = try checkParameters(expr, [isWhole(lower), isWhole(upper)],
                                            message: "\(names.0) and \(names.1) are whole numbers")
            let order = highExclusive ? "low < high" : "lower <= upper"
            return try checkParameters(whole, [lower <= upper], message: order)
        }
        return DistributionLogProb(name, logp: { value, p in
            let (lower, upper) = try bounds(p)
            let count = try upper - lower + 1.0
            let logp = try bounded(neg(log(count)), wholeBetween(value, lower, upper))
            return try checked(logp, p)
        }, logcdf: { value, p in
            let (lower, upper) = try bounds(p)
            let x = try floor(asFloat(value))
            let count = try upper - lower + 1.0
            // F(x) = (x - lower + 1) / count = 1 - (upper - x) / count; the log1p form keeps
            // log F accurate near 1, where log(x - lower + 1) - log(count) would cancel.
            let inside = try log1p(neg(upper - x) / count)
            let logcdf = try ifElse(x < lower, constant(-Double.infinity), ifElse(x < upper, inside, constant(0.0)))
            return try checked(logcdf, p)
        }, icdf: { q, p in
            let (lower, upper) = try bounds(p)
            let count = try upper - lower + 1.0
            // The smallest x with F(x) >= q: ceil(q · count) + lower - 1, corrected by a step
            // down where rounding of the product crossed an integer. q = 0 gives lower - 1,
            // one below the support (SciPy's ppf(0); PyMC's icdf gives lower).
            let guess = try ceil(q * count) + lower - 1.0
            let cdf: (Variable) throws -> Variable = { x in try (x - lower + 1.0) / count }
            let quantile = try correctedQuantile(guess, q, cdf: cdf, lowest: lower)
            return try checked(quantileValue(quantile, q), p)
        })
    }

    /// PyMC's DiscreteWeibull(q, beta): P(X >= x) = q^(x^β) on 0, 1, 2, ...
    static let discreteWeibullLogp: LogProbBuilder = { value, p in
        let (q, beta) = (p[0], p[1])
        let x = try asFloat(value)
        // q^(x^β) - q^((x+1)^β) = e^a (1 - e^(b - a)) with a = x^β log q > b = (x+1)^β log q,
        // so log mass = a + log1mexp(b - a): no cancellation when the two powers are close
        // (PyMC's log(q^(x^β) - q^((x+1)^β)) loses all digits for large x).
        let logQ = try log(q)
        let safeX = try maximum(x, constant(0.0))
        let a = try pow(safeX, beta) * logQ
        let b = try pow(safeX + 1.0, beta) * logQ
        let logp = try bounded(a + log1mexp(b - a), both(x >= constant(0.0), isWhole(x)))
        return try checkWeibull(logp, q, beta)
    }

    static let discreteWeibullLogcdf: LogProbBuilder = { value, p in
        let (q, beta) = (p[0], p[1])
        let x = try floor(asFloat(value))
        // F(x) = 1 - q^((x+1)^β): log1mexp of the log survival, accurate in both tails.
        let logSurvival = try pow(maximum(x, constant(0.0)) + 1.0, beta) * log(q)
        let logcdf = try ifElse(x < constant(0.0), constant(-Double.infinity), log1mexp(logSurvival))
        return try checkWeibull(logcdf, q, beta)
    }

    static func checkWeibull(_ expr: Variable, _ q: Variable, _ beta: Variable) throws -> Variable {
        let zero = constant(0.0)
        return try checkParameters(expr, [q > zero, q < constant(1.0), beta > zero], message: "0 < q < 1, beta > 0")
    }

    /// PyMC's Categorical(p): log p[x] on 0 ... k - 1, p along the last axis.
    static let categoricalLogp: LogProbBuilder = { value, p in
        let probabilities = p[0]
        let count = try lastExtent(probabilities)
        let logp = try log(pickCategory(probabilities, at: value))
        let inSupport = try wholeBetween(value, constant(0), count - constant(1))
        return try checkProbabilities(bounded(logp, inSupport), probabilities)
    }

    static let categoricalLogcdf: LogProbBuilder = { value, p in
        let probabilities = p[0]
        let x = try floor(asFloat(value))
        let count = try asFloat(lastExtent(probabilities))
        let categories = try arange(constant(0), lastExtent(probabilities), constant(1), dtype: .float64)
        let kept = try ifElse(categories <= withCategoryAxis(x), probabilities, constant(0.0))
        let cdf = try sum(kept, axis: [kept.ndim - 1])
        let last = try count - 1.0
        let logcdf = try ifElse(x < constant(0.0), constant(-Double.infinity), ifElse(x >= last, constant(0.0), log(cdf)))
        return try checkProbabilities(logcdf, probabilities)
    }

    /// PyMC's check on categorical probabilities: each in [0, 1], summing to 1 as
    /// numpy.isclose judges it (|Σp - 1| <= 1e-8 + 1e-5).
    static func checkProbabilities(_ expr: Variable, _ probabilities: Variable) throws -> Variable {
        let total = try sum(probabilities, axis: [probabilities.ndim - 1])
        let closeToOne = try abs(total - 1.0) <= constant(1e-8 + 1e-5)
        let inUnit = try both(probabilities >= constant(0.0), probabilities <= constant(1.0))
        return try checkParameters(expr, [inUnit, closeToOne], message: "0 <= p <= 1, sum(p) = 1")
    }

    /// The log-mass of a categorical variable given its log-probabilities along the last axis.
    static func categoricalLogp(_ value: Variable, logProbabilities: Variable) throws -> Variable {
        let count = try lastExtent(logProbabilities)
        let inSupport = try wholeBetween(value, constant(0), count - constant(1))
        return try bounded(pickCategory(logProbabilities, at: value), inSupport)
    }

    /// log P(Y <= x) for an ordered model, from log P(Y <= k) for k = 0 ... K - 2 (one
    /// per cutpoint; P(Y <= K - 1) = 1).
    static func categoricalLogcdf(_ value: Variable, logCDFBelowLast: Variable, cutpoints: Variable) throws -> Variable {
        let x = try floor(asFloat(value))
        let last = try asFloat(lastExtent(cutpoints))
        let inside = try pickCategory(logCDFBelowLast, at: x)
        return try ifElse(x < constant(0.0), constant(-Double.infinity), ifElse(x >= last, constant(0.0), inside))
    }
}

/// A quantile guess of a discrete distribution moved one step down where F(guess - 1)
/// >= q already (the guess comes from a rounded closed form, ceil of a quotient that can
/// land just above an integer). `cdf` is the distribution function in probability space,
/// compared with q as SciPy's ppf does, so that q = F(k) exactly gives k. The step never
/// goes below `lowest`, the bottom of the support.
func correctedQuantile(_ guess: Variable, _ q: Variable, cdf: (Variable) throws -> Variable,
                       lowest: Variable) throws -> Variable {
    let below = try maximum(guess - 1.0, lowest)
    let down = try both(cdf(below) >= q, below < guess)
    return try ifElse(down, below, guess)
}

/// PyMC's check_icdf_value: NaN for probabilities outside [0, 1].
func quantileValue(_ quantile: Variable, _ q: Variable) throws -> Variable {
    let valid = try both(q >= constant(0.0), q <= constant(1.0))
    return try ifElse(valid, quantile, constant(Double.nan))
}
