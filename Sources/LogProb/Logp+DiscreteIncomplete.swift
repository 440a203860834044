// Logp+DiscreteIncomplete.swift — discrete log-CDFs through the regularized incomplete gamma function (PyMC's formulas, read in the stabler tail).

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
}
