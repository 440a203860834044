// Logp+DiscreteIncomplete.swift — the Poisson, binomial and negative binomial log-CDFs through the regularized incomplete gamma and beta functions (PyMC's formulas, read in the stabler tail).

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbCatalog {
    /// log of a CDF given both tails, F = lower and 1 - F = upper: log F where F <= 1/2,
    /// log1p(-(1 - F)) above it. Near 1, F itself holds 1 - F only to absolute 1e-16,
    /// so log F would lose all relative accuracy of a small log-CDF (PyMC's log(F) gives
    /// exactly 0 there); the upper tail keeps it.
    static func logFromTails(lower: Variable, upper: Variable) throws -> Variable {
        let nearOne = try lower > constant(0.5)
        let safeUpper = try ifElse(nearOne, upper, constant(0.0))
        return try ifElse(nearOne, log1p(neg(safeUpper)), log(lower))
    }

    static let poissonLogcdf: LogProbBuilder = { value, p in
        let mu = p[0]
        let x = try floor(asFloat(value))
        // F(x) = Q(x + 1, μ) and 1 - F(x) = P(x + 1, μ) (the regularized incomplete gamma
        // functions), read at x >= 0 and μ >= 0 so that invalid entries never reach them.
        let k = try maximum(x, constant(0.0)) + 1.0
        let safeMu = try maximum(mu, constant(0.0))
        let inside = try logFromTails(lower: gammaincc(k, safeMu), upper: gammainc(k, safeMu))
        let logcdf = try ifElse(x < constant(0.0), constant(-Double.infinity), inside)
        return try checkParameters(logcdf, [mu >= constant(0.0)], message: "mu >= 0")
    }

    static let binomialLogcdf: LogProbBuilder = { value, p in
        let n = try asFloat(p[0]), prob = p[1]
        let x = try floor(asFloat(value))
        // For 0 <= x < n: F(x) = I_{1-p}(n - x, x + 1) (PyMC's formula) and 1 - F(x) =
        // I_p(x + 1, n - x), read at a safe x (shapes >= 1) and a p clipped into [0, 1].
        // 1 - p is exact for p >= 1/2 (Sterbenz); below, its rounding costs F a relative
        // error of about (n - x) * 1e-16, as in PyMC.
        let inside = try both(x >= constant(0.0), x < n)
        let k = try ifElse(inside, x, constant(0.0))
        let safeP = try clip(prob, constant(0.0), constant(1.0))
        let failures = try maximum(n - k, constant(1.0))
        let lower = try betainc(failures, k + 1.0, 1.0 - safeP)
        let upper = try betainc(k + 1.0, failures, safeP)
        let below = try ifElse(x < n, logFromTails(lower: lower, upper: upper), constant(0.0))
        let logcdf = try ifElse(x < constant(0.0), constant(-Double.infinity), below)
        return try checkBinomial(logcdf, n, prob)
    }

    static let negativeBinomialLogcdf: LogProbBuilder = { value, p in
        let n = p[0], prob = p[1]
        let x = try floor(asFloat(value))
        // F(x) = I_p(n, x + 1) (PyMC's formula) and 1 - F(x) = I_{1-p}(x + 1, n), read at
        // x >= 0, n > 0 and p in [0, 1] so that invalid entries never reach betainc.
        let k = try maximum(x, constant(0.0)) + 1.0
        let safeN = try maximum(n, constant(Double.leastNormalMagnitude))
        let safeP = try clip(prob, constant(0.0), constant(1.0))
        let lower = try betainc(safeN, k, safeP)
        let upper = try betainc(k, safeN, 1.0 - safeP)
        let logcdf = try ifElse(x < constant(0.0), constant(-Double.infinity), logFromTails(lower: lower, upper: upper))
        return try checkNegativeBinomial(logcdf, n, prob)
    }
}
