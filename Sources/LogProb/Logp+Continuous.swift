// Logp+Continuous.swift — the continuous scalar distributions' catalog (log-densities, log-CDFs and quantiles, PyMC's formulas and parameter checks) and the graph helpers they share.

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbCatalog {
    /// The continuous scalar distributions, by random-variable name. Each entry's builders
    /// take the value and the parameters in the random variable's order; they are written
    /// in Logp+ContinuousReal.swift (the real line), Logp+ContinuousPositive.swift (the
    /// half line) and Logp+ContinuousBounded.swift (intervals and the circle).
    ///
    /// Conventions (PyMC's): invalid parameters raise the message of PyMC's
    /// check_parameters; values outside the support have logp -inf, ±inf included (the
    /// improper flat densities aside); logcdf is -inf below the support and 0 above it;
    /// icdf is NaN for probabilities outside [0, 1].
    static let continuous: [DistributionLogProb] = [
        normal, halfnormal, truncatedNormal, studentT, halfStudentT, cauchy, halfCauchy,
        exponential, gamma, inverseGamma, beta, kumaraswamy, logNormal, logitNormal,
        uniform, laplace, asymmetricLaplace, weibull, chiSquare, pareto,
        wald, exGaussian, gumbel, logistic, moyal, rice, skewNormal, triangular, vonMises,
    ].map(withInfiniteValuesImpossible) + [flat, halfFlat]

    /// `entry` with logp -inf at infinite values. A density's formula can give NaN there
    /// (inf - inf in the gamma's (α-1) log x - x), and ±inf is no real value a draw can take.
    static func withInfiniteValuesImpossible(_ entry: DistributionLogProb) -> DistributionLogProb {
        let logp = entry.logp
        return DistributionLogProb(entry.name, logp: { value, p in
            try negInfWhere(isinf(value), logp(value, p))
        }, logcdf: entry.logcdf, icdf: entry.icdf)
    }
}

// MARK: - Constants

/// log √(2π).
let logSqrt2Pi = 0.918_938_533_204_672_7
/// log π.
let logPi = 1.144_729_885_849_400_2
/// log 2.
let log2Value = 0.693_147_180_559_945_3
/// 1/√2.
let inverseSqrt2 = 0.707_106_781_186_547_5

// MARK: - Graph helpers

/// A float64 constant.
func lit(_ x: Double) -> Variable { constant(x) }

/// Elementwise `a and b`.
func allOf(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.and, a, b) }

/// Elementwise `a or b`.
func anyOf(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.or, a, b) }

/// `value` where `condition` holds, else -inf (a support restriction written the other
/// way round from `bounded`: `condition` marks where the value is impossible).
func negInfWhere(_ condition: Variable, _ value: Variable) throws -> Variable {
    try ifElse(condition, lit(-.infinity), value)
}

/// `x` where `condition` holds, else `fallback`: the argument of a `switch` branch made
/// safe where the branch is not taken. Without it a branch evaluated outside its domain
/// (log of a negative, 1/0) gives an infinite local derivative, and the zero gradient
/// the switch sends it turns into 0 · inf = NaN in the gradient of the branch taken.
func guarded(_ condition: Variable, _ x: Variable, _ fallback: Double) throws -> Variable {
    try ifElse(condition, x, lit(fallback))
}

/// PyMC's check_icdf_value: the quantile where the probability `q` is in [0, 1], NaN elsewhere.
func checkedQuantile(_ result: Variable, _ q: Variable) throws -> Variable {
    try ifElse(allOf(q >= lit(0), q <= lit(1)), result, lit(.nan))
}

/// log(e^a - e^b) for a >= b (PyMC's logdiffexp), as a + log(1 - e^(b - a)): no
/// exponential of a or b is formed, so neither over- nor underflows.
func logDiffExp(_ a: Variable, _ b: Variable) throws -> Variable {
    try a + log1mexp(b - a)
}

/// m · log x with 0 where m == 0, whatever log x is (PyMC's `switch(eq(m, 0), 0, m * log x)`
/// in Beta and Weibull): a density's power x^m is 1 at x = 0 when m = 0, where the product
/// would be 0 · (-inf) = NaN.
func powerTerm(_ m: Variable, _ logX: Variable) throws -> Variable {
    try ifElse(eq(m, lit(0)), lit(0), m * logX)
}
