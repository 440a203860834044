// Logp+Discrete.swift — log-probabilities of the discrete count distributions (PyMC's formulas and parameter checks): Bernoulli, binomial, beta-binomial, Poisson, negative binomial, geometric, hypergeometric.
//
// Conventions for all discrete distributions (PyMC's): the mass is -inf outside the
// support, and also at values that are not whole numbers (as scipy.stats' logpmf); the
// log-CDF reads floor(value), is -inf below the support and 0 at or above its top;
// invalid parameters raise the message PyMC's check_parameters gives.

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbCatalog {
    static let discrete: [DistributionLogProb] = counts + discreteBounded

    static let counts: [DistributionLogProb] = [
        DistributionLogProb("bernoulli", logp: { value, p in
            let prob = p[0]
            let logp = try ifElse(eq(value, constant(1)), log(prob), log1p(neg(prob)))
            let inSupport = try either(eq(value, constant(0)), eq(value, constant(1)))
            return try checkUnit(bounded(logp, inSupport), prob)
        }, logcdf: { value, p in
            let prob = p[0]
            let x = try asFloat(value)
            let logcdf = try ifElse(x < constant(0.0), constant(-Double.infinity),
                                    ifElse(x < constant(1.0), log1p(neg(prob)), constant(0.0)))
            return try checkUnit(logcdf, prob)
        }, icdf: { q, p in
            // 0 up to F(0) = 1 - p, 1 above it; q = 0 gives -1 (scipy's ppf(0) is one
            // below the support; PyMC's gives 0).
            let prob = p[0]
            let quantile = try ifElse(eq(q, constant(0.0)), constant(-1.0),
                                      ifElse(q <= 1.0 - prob, constant(0.0), constant(1.0)))
            return try checkUnit(quantileValue(quantile, q), prob)
        }),
        DistributionLogProb("binomial", logp: binomialLogp),
        DistributionLogProb("betabinom", logp: betaBinomialLogp, logcdf: betaBinomialLogcdf),
        DistributionLogProb("poisson", logp: poissonLogp),
        DistributionLogProb("nbinom", logp: negativeBinomialLogp),
        DistributionLogProb("geometric", logp: geometricLogp, logcdf: geometricLogcdf, icdf: geometricIcdf),
        DistributionLogProb("hypergeometric", logp: hypergeometricLogp, logcdf: hypergeometricLogcdf),
    ]

    /// PyMC's check on a probability parameter: "0 <= p <= 1".
    static func checkUnit(_ expr: Variable, _ p: Variable) throws -> Variable {
        try checkParameters(expr, [p >= constant(0.0), p <= constant(1.0)], message: "0 <= p <= 1")
    }

    /// Counts given as floats must be whole numbers (PyMC casts them to int when the
    /// distribution is made; a fractional one here is an error, not a silent floor).
    static func checkWhole(_ expr: Variable, _ parameters: [(Variable, String)]) throws -> Variable {
        var checked = expr
        for (x, name) in parameters where x.dtype == .float64 {
            checked = try checkParameters(checked, [isWhole(x)], message: "\(name) is a whole number")
        }
        return checked
    }

    // MARK: Binomial and beta-binomial

    /// log C(n, k) = -log(n + 1) - log B(n - k + 1, k + 1). betaln stays accurate for huge
    /// n, where PyMC's gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) subtracts
    /// numbers near n log n and keeps only ulp(n log n) of absolute accuracy.
    static func logBinomialCoefficient(_ n: Variable, _ k: Variable) throws -> Variable {
        let top = try n - k + 1.0
        return try neg(log1p(n)) - betaln(top, k + 1.0)
    }

    static let binomialLogp: LogProbBuilder = { value, p in
        let n = try asFloat(p[0]), prob = p[1]
        let x = try asFloat(value)
        // Outside 0 <= x <= n the terms are read at a safe x (0), then masked.
        let inSupport = try wholeBetween(x, constant(0.0), n)
        let k = try ifElse(inSupport, x, constant(0.0))
        let successes = try xlogy0(k, prob)
        let failures = try xlog1py0(n - k, neg(prob))
        let logp = try logBinomialCoefficient(n, k) + successes + failures
        return try checkBinomial(bounded(logp, inSupport), n, prob)
    }

    static func checkBinomial(_ expr: Variable, _ n: Variable, _ prob: Variable) throws -> Variable {
        let zero = constant(0.0)
        let conditions = try [n >= zero, prob >= zero, prob <= constant(1.0)]
        return try checkWhole(checkParameters(expr, conditions, message: "n >= 0, 0 <= p <= 1"), [(n, "n")])
    }

    static let betaBinomialLogp: LogProbBuilder = { value, p in
        let n = try asFloat(p[0]), alpha = p[1], beta = p[2]
        let x = try asFloat(value)
        let inSupport = try wholeBetween(x, constant(0.0), n)
        let k = try ifElse(inSupport, x, constant(0.0))
        let logp = try betaBinomialMass(k, n, alpha, beta)
        return try checkBetaBinomial(bounded(logp, inSupport), n, alpha, beta)
    }

    /// log C(n, k) + log B(k + α, n - k + β) - log B(α, β).
    static func betaBinomialMass(_ k: Variable, _ n: Variable, _ alpha: Variable, _ beta: Variable) throws -> Variable {
        let shared = try betaln(k + alpha, n - k + beta) - betaln(alpha, beta)
        return try logBinomialCoefficient(n, k) + shared
    }

    static let betaBinomialLogcdf: LogProbBuilder = { value, p in
        let n = try asFloat(p[0]), alpha = p[1], beta = p[2]
        let x = try floor(asFloat(value))
        // No closed form (a 3F2): the masses 0 ... x summed in log space, as PyMC does for
        // one value; here for any shape of values and parameters.
        let (nk, ak, bk) = try (withCategoryAxis(n), withCategoryAxis(alpha), withCategoryAxis(beta))
        let summed = try summedLogCDF(x, cap: n, what: "betabinom") { ks in
            try betaBinomialMass(minimum(ks, nk), nk, ak, bk)
        }
        let logcdf = try ifElse(x < constant(0.0), constant(-Double.infinity), ifElse(x < n, summed, constant(0.0)))
        return try checkBetaBinomial(logcdf, n, alpha, beta)
    }

    static func checkBetaBinomial(_ expr: Variable, _ n: Variable, _ alpha: Variable, _ beta: Variable) throws -> Variable {
        let zero = constant(0.0)
        let checked = try checkParameters(expr, [n >= zero, alpha > zero, beta > zero], message: "n >= 0, alpha > 0, beta > 0")
        return try checkWhole(checked, [(n, "n")])
    }

    // MARK: Poisson and negative binomial

    static let poissonLogp: LogProbBuilder = { value, p in
        let mu = p[0]
        let x = try asFloat(value)
        let inSupport = try both(x >= constant(0.0), isWhole(x))
        let k = try ifElse(inSupport, x, constant(0.0))
        // x log μ - μ - log x!, with 0 · log 0 = 0 so that μ = 0 puts mass 1 on x = 0.
        let logp = try xlogy0(k, mu) - mu - gammaln(k + 1.0)
        return try checkParameters(bounded(logp, inSupport), [mu >= constant(0.0)], message: "mu >= 0")
    }

    static let negativeBinomialLogp: LogProbBuilder = { value, p in
        let n = p[0], prob = p[1]
        let x = try asFloat(value)
        let inSupport = try both(x >= constant(0.0), isWhole(x))
        let k = try ifElse(inSupport, x, constant(0.0))
        // log C(k + n - 1, k) = -log(k + n) - log B(n, k + 1): accurate for any n > 0, so the
        // Poisson limit PyMC switches to above n = 1e10 (to escape the cancellation of its
        // gammaln form) is not needed.
        let coefficient = try neg(log(k + n)) - betaln(n, k + 1.0)
        let logp = try coefficient + xlog1py0(k, neg(prob)) + xlogy0(n, prob)
        return try checkNegativeBinomial(bounded(logp, inSupport), n, prob)
    }

    /// PyMC accepts p = 0 (a valid tiny p can round to it), giving the limiting -inf.
    static func checkNegativeBinomial(_ expr: Variable, _ n: Variable, _ prob: Variable) throws -> Variable {
        let zero = constant(0.0)
        let conditions = try [prob >= zero, prob <= constant(1.0), n > zero]
        return try checkParameters(expr, conditions, message: "0 <= p <= 1, n > 0")
    }

    // MARK: Geometric

    static let geometricLogp: LogProbBuilder = { value, p in
        let prob = p[0]
        let x = try asFloat(value)
        let inSupport = try both(x >= constant(1.0), isWhole(x))
        let k = try ifElse(inSupport, x, constant(1.0))
        // log p + (x - 1) log(1 - p), the trials before the first success.
        let logp = try log(prob) + xlog1py0(k - 1.0, neg(prob))
        return try checkUnit(bounded(logp, inSupport), prob)
    }

    static let geometricLogcdf: LogProbBuilder = { value, p in
        let prob = p[0]
        let x = try floor(asFloat(value))
        // log F(x) = log(1 - (1 - p)^x) = log1mexp(x log1p(-p)) for x >= 1, accurate for
        // tiny p (where 1 - (1 - p)^x ≈ x p) and in the upper tail. x is read as at least
        // 1 so that p = 1 (log1p(-p) = -inf) gives no 0 · inf below the support.
        let k = try maximum(x, constant(1.0))
        let inside = try log1mexp(k * log1p(neg(prob)))
        let logcdf = try ifElse(x < constant(1.0), constant(-Double.infinity), inside)
        return try checkUnit(logcdf, prob)
    }

    static let geometricIcdf: LogProbBuilder = { q, p in
        let prob = p[0]
        // ceil(log(1 - q) / log(1 - p)), then a step down where rounding put the quotient
        // just above an integer (SciPy's ppf). The quotient is NaN at q = p = 1 and 0 for
        // p = 1 < q; the support starts at 1, so q > 0 gives at least 1. q = 0 gives 0, one
        // below the support, as SciPy.
        let logSurvivalStep = try log1p(neg(prob))
        let ratio = try log1p(neg(q)) / logSurvivalStep
        let atLeastOne = try ifElse(eq(prob, constant(1.0)), constant(1.0), maximum(ceil(ratio), constant(1.0)))
        let guess = try ifElse(eq(q, constant(0.0)), constant(0.0), atLeastOne)
        let cdf: (Variable) throws -> Variable = { k in try neg(expm1(k * logSurvivalStep)) }
        let quantile = try correctedQuantile(guess, q, cdf: cdf, lowest: constant(1.0))
        return try checkUnit(quantileValue(quantile, q), prob)
    }

    // MARK: Hypergeometric

    static let hypergeometricLogp: LogProbBuilder = { value, p in
        let good = try asFloat(p[0]), bad = try asFloat(p[1]), n = try asFloat(p[2])
        let x = try asFloat(value)
        let (lower, upper) = try hypergeometricSupport(good, bad, n)
        let inSupport = try wholeBetween(x, lower, upper)
        let k = try ifElse(inSupport, x, lower)
        let logp = try hypergeometricMass(k, good, bad, n)
        let checked = try checkParameters(bounded(logp, inSupport), [lower <= upper], message: "lower <= upper")
        return try checkWhole(checked, [(p[0], "ngood"), (p[1], "nbad"), (p[2], "nsample")])
    }

    /// max(0, n - bad) ... min(good, n).
    static func hypergeometricSupport(_ good: Variable, _ bad: Variable, _ n: Variable) throws -> (Variable, Variable) {
        (try maximum(n - bad, constant(0.0)), try minimum(good, n))
    }

    /// log[C(good, k) C(bad, n - k) / C(good + bad, n)] in betaln form (PyMC's, SciPy's):
    /// log C(a, b) = -log(a + 1) - log B(a - b + 1, b + 1), the -log(a + 1) terms written as
    /// log B(a + 1, 1).
    static func hypergeometricMass(_ k: Variable, _ good: Variable, _ bad: Variable, _ n: Variable) throws -> Variable {
        let total = try good + bad
        let one = constant(1.0)
        let numerator = try betaln(good + 1.0, one) + betaln(bad + 1.0, one) + betaln(total - n + 1.0, n + 1.0)
        let choices = try betaln(k + 1.0, good - k + 1.0) + betaln(n - k + 1.0, bad - n + k + 1.0)
        return try numerator - choices - betaln(total + 1.0, one)
    }

    static let hypergeometricLogcdf: LogProbBuilder = { value, p in
        let good = try asFloat(p[0]), bad = try asFloat(p[1]), n = try asFloat(p[2])
        let x = try floor(asFloat(value))
        let (lower, upper) = try hypergeometricSupport(good, bad, n)
        let (gk, bk, nk, lk) = try (withCategoryAxis(good), withCategoryAxis(bad), withCategoryAxis(n), withCategoryAxis(lower))
        // Masses below the support's bottom are -inf: they are read at the bottom and masked.
        let summed = try summedLogCDF(x, cap: upper, what: "hypergeometric") { ks in
            let mass = try hypergeometricMass(maximum(ks, lk), gk, bk, nk)
            return try bounded(mass, ks >= lk)
        }
        let logcdf = try ifElse(x < lower, constant(-Double.infinity), ifElse(x < upper, summed, constant(0.0)))
        let total = try good + bad
        let zero = constant(0.0)
        let conditions = try [total > zero, good >= zero, good <= total, n >= zero, n <= total]
        let checked = try checkParameters(logcdf, conditions, message: "N > 0, 0 <= good <= N, 0 <= n <= N")
        return try checkWhole(checked, [(p[0], "ngood"), (p[1], "nbad"), (p[2], "nsample")])
    }
}
