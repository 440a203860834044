// Catalog+Univariate.swift — the scalar distributions' random variables, with PyTensor's/PyMC's names and parameter order.

import RandomCore
import SpecialFunctions

extension RandomVariableCatalog {
    /// Continuous scalar distributions. Names are PyTensor's op names where PyTensor has
    /// the distribution, PyMC's otherwise.
    static let continuous: [RandomVariableSpec] = [
        .real("normal", ["loc", "scale"], [.nonNegative(1, "scale")]) { $0.normal(loc: $1[0], scale: $1[1]) },
        .real("halfnormal", ["loc", "scale"], [.nonNegative(1, "scale")]) { $0.halfNormal(loc: $1[0], scale: $1[1]) },
        .real("truncated_normal", ["mu", "sigma", "lower", "upper"],
              [.finite(0, "mu"), .positive(1, "sigma"), .finite(1, "sigma"), ParameterRule("lower < upper") { $0[2] < $0[3] }]) {
            $0.truncatedNormal(mu: $1[0], sigma: $1[1], lower: $1[2], upper: $1[3])
        },
        .real("t", ["df", "loc", "scale"], [.positive(0, "df"), .nonNegative(2, "scale")]) {
            $0.studentT(df: $1[0], loc: $1[1], scale: $1[2])
        },
        .real("halfstudentt", ["nu", "sigma"], [.positive(0, "nu"), .nonNegative(1, "sigma")]) {
            $0.halfStudentT(df: $1[0], scale: $1[1])
        },
        .real("cauchy", ["loc", "scale"], [.nonNegative(1, "scale")]) { $0.cauchy(loc: $1[0], scale: $1[1]) },
        .real("halfcauchy", ["loc", "scale"], [.nonNegative(1, "scale")]) { $0.halfCauchy(loc: $1[0], scale: $1[1]) },
        .real("exponential", ["scale"], [.nonNegative(0, "scale")]) { $0.exponential(scale: $1[0]) },
        .real("gamma", ["shape", "scale"], [.positive(0, "shape"), .nonNegative(1, "scale")]) {
            $0.gamma(shape: $1[0], scale: $1[1])
        },
        .real("invgamma", ["shape", "scale"], [.positive(0, "shape"), .nonNegative(1, "scale")]) {
            $0.inverseGamma(shape: $1[0], scale: $1[1])
        },
        .real("beta", ["alpha", "beta"], [.positive(0, "alpha"), .positive(1, "beta")]) { $0.beta($1[0], $1[1]) },
        .real("kumaraswamy", ["a", "b"], [.positive(0, "a"), .positive(1, "b")]) { $0.kumaraswamy(a: $1[0], b: $1[1]) },
        .real("lognormal", ["mean", "sigma"], [.nonNegative(1, "sigma")]) { $0.lognormal(mean: $1[0], sigma: $1[1]) },
        // The logistic of a normal draw; sigmoid keeps draws in (0, 1) for |z| up to ~36.
        .real("logit_normal", ["mu", "sigma"], [.nonNegative(1, "sigma")]) {
            SpecialFunctions.sigmoid($0.normal(loc: $1[0], scale: $1[1]))
        },
        .real("uniform", ["low", "high"], [.finite(0, "low"), .finite(1, "high"), .ordered(0, 1, "low", "high")]) {
            $0.uniform(low: $1[0], high: $1[1])
        },
        .scalar("flat", [], .float64, [], .unavailable("cannot sample from a flat distribution (it is improper)")),
        .scalar("halfflat", [], .float64, [], .unavailable("cannot sample from a half-flat distribution (it is improper)")),
        .real("laplace", ["loc", "scale"], [.nonNegative(1, "scale")]) { $0.laplace(loc: $1[0], scale: $1[1]) },
        .real("asymmetriclaplace", ["b", "kappa", "mu"], [.positive(0, "b"), .positive(1, "kappa")]) {
            $0.asymmetricLaplace(b: $1[0], kappa: $1[1], mu: $1[2])
        },
        .real("weibull", ["alpha", "beta"], [.positive(0, "alpha"), .nonNegative(1, "beta")]) {
            $0.weibull(shape: $1[0], scale: $1[1])
        },
        .real("chisquare", ["df"], [.positive(0, "df")]) { $0.chiSquare(df: $1[0]) },
        .real("pareto", ["b", "scale"], [.positive(0, "b"), .positive(1, "scale")]) { $0.pareto(b: $1[0], scale: $1[1]) },
        // PyMC's Wald(mu, lam, alpha): an inverse Gaussian shifted by alpha.
        .real("wald", ["mu", "lam", "alpha"], [.positive(0, "mu"), .positive(1, "lam")]) {
            $0.wald(mean: $1[0], lambda: $1[1]) + $1[2]
        },
        .real("exgaussian", ["mu", "sigma", "nu"], [.nonNegative(1, "sigma"), .positive(2, "nu")]) {
            $0.exGaussian(mu: $1[0], sigma: $1[1], nu: $1[2])
        },
        .real("gumbel", ["loc", "scale"], [.nonNegative(1, "scale")]) { $0.gumbel(loc: $1[0], scale: $1[1]) },
        .real("logistic", ["loc", "scale"], [.nonNegative(1, "scale")]) { $0.logistic(loc: $1[0], scale: $1[1]) },
        .real("moyal", ["mu", "sigma"], [.nonNegative(1, "sigma")]) { $0.moyal(mu: $1[0], sigma: $1[1]) },
        .real("rice", ["b", "sigma"], [.nonNegative(0, "b"), .nonNegative(1, "sigma")]) { $0.rice(b: $1[0], sigma: $1[1]) },
        .real("skewnormal", ["mu", "sigma", "alpha"], [.nonNegative(1, "sigma")]) {
            $0.skewNormal(mu: $1[0], sigma: $1[1], alpha: $1[2])
        },
        .real("triangular", ["left", "mode", "right"],
              [ParameterRule("left <= mode <= right, left < right") { $0[0] <= $0[1] && $0[1] <= $0[2] && $0[0] < $0[2] }]) {
            $0.triangular(left: $1[0], mode: $1[1], right: $1[2])
        },
        .real("vonmises", ["mu", "kappa"], [.finite(0, "mu"), .nonNegative(1, "kappa"), .finite(1, "kappa")]) { $0.vonMises(mu: $1[0], kappa: $1[1]) },
        // A point mass: every draw is c.
        .real("diracdelta", ["c"]) { _, p in p[0] },
    ]

    /// Discrete scalar distributions (int64 draws). Counts arrive as doubles and are
    /// checked to be whole numbers before the conversion.
    static let discrete: [RandomVariableSpec] = [
        .integer("bernoulli", ["p"], [.probability(0, "p")]) { $0.bernoulli($1[0]) },
        .integer("binomial", ["n", "p"], [.count(0, "n"), .probability(1, "p")]) { $0.binomial(n: Int64($1[0]), p: $1[1]) },
        .integer("betabinom", ["n", "a", "b"], [.count(0, "n"), .positive(1, "a"), .positive(2, "b")]) {
            $0.betaBinomial(n: Int64($1[0]), alpha: $1[1], beta: $1[2])
        },
        .integer("poisson", ["lam"], [.nonNegative(0, "lam"), ParameterRule("lam < 1e18") { $0[0] < 1e18 }]) {
            $0.poisson($1[0])
        },
        .integer("nbinom", ["n", "p"], [.positive(0, "n"), ParameterRule("0 < p <= 1") { $0[1] > 0 && $0[1] <= 1 }]) {
            $0.negativeBinomial(n: $1[0], p: $1[1])
        },
        .integer("geometric", ["p"], [ParameterRule("0 < p <= 1") { $0[0] > 0 && $0[0] <= 1 }]) { $0.geometric($1[0]) },
        .integer("hypergeometric", ["ngood", "nbad", "nsample"],
                 [.count(0, "ngood"), .count(1, "nbad"), .count(2, "nsample"),
                  ParameterRule("nsample <= ngood + nbad") { $0[2] <= $0[0] + $0[1] }]) {
            $0.hypergeometric(good: Int64($1[0]), bad: Int64($1[1]), sample: Int64($1[2]))
        },
        // PyTensor's integers(low, high): high exclusive.
        .integer("integers", ["low", "high"], [wholeNumber(0, "low"), wholeNumber(1, "high"), ParameterRule("low < high") { $0[0] < $0[1] }]) {
            $0.discreteUniform(lower: Int64($1[0]), upper: Int64($1[1]) - 1)
        },
        // PyMC's DiscreteUniform(lower, upper): upper inclusive.
        .integer("discrete_uniform", ["lower", "upper"],
                 [wholeNumber(0, "lower"), wholeNumber(1, "upper"), .ordered(0, 1, "lower", "upper")]) {
            $0.discreteUniform(lower: Int64($1[0]), upper: Int64($1[1]))
        },
        .integer("discrete_weibull", ["q", "beta"],
                 [ParameterRule("0 < q < 1") { $0[0] > 0 && $0[0] < 1 }, .positive(1, "beta")]) {
            $0.discreteWeibull(q: $1[0], beta: $1[1])
        },
    ]

    /// Parameter `i` is a whole number within ±2^53 (exactly representable, so the
    /// conversion to Int64 is exact).
    static func wholeNumber(_ i: Int, _ name: String) -> ParameterRule {
        ParameterRule("\(name) is a whole number") { $0[i] == $0[i].rounded() && abs($0[i]) <= 9.007_199_254_740_992e15 }
    }
}
