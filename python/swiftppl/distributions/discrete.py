"""PyMC's discrete distributions over the catalog's integer random variables."""

from .continuous import pt
from .distribution import Distribution, _tensor, register


def _p_or_logit(p, logit_p):
    if (p is None) == (logit_p is None):
        raise ValueError("Incompatible parametrization. Can't specify both p and logit_p.")
    return pt().sigmoid(_tensor(logit_p)) if p is None else p


class Bernoulli(Distribution):
    rv_op, params = "bernoulli", ("p", "logit_p")

    @classmethod
    def op_params(cls, p=None, logit_p=None):
        return [_p_or_logit(p, logit_p)]


class Binomial(Distribution):
    rv_op, params = "binomial", ("n", "p", "logit_p")

    @classmethod
    def op_params(cls, n, p=None, logit_p=None):
        return [n, _p_or_logit(p, logit_p)]


class BetaBinomial(Distribution):
    rv_op, params = "betabinom", ("alpha", "beta", "n")

    @classmethod
    def op_params(cls, alpha, beta, n):
        return [n, alpha, beta]


class Poisson(Distribution):
    rv_op, params = "poisson", ("mu",)

    @classmethod
    def op_params(cls, mu):
        return [mu]


class NegativeBinomial(Distribution):
    rv_op, params = "nbinom", ("mu", "alpha", "p", "n")

    @classmethod
    def op_params(cls, mu=None, alpha=None, p=None, n=None):
        if mu is not None and alpha is not None and p is None and n is None:
            mu, alpha = _tensor(mu), _tensor(alpha)
            return [alpha, alpha / (mu + alpha)]
        if p is not None and n is not None and mu is None and alpha is None:
            return [n, p]
        raise ValueError("Incompatible parametrization. Must specify either alpha and mu, or n and p.")


class Geometric(Distribution):
    rv_op, params = "geometric", ("p",)

    @classmethod
    def op_params(cls, p):
        return [p]


class HyperGeometric(Distribution):
    rv_op, params = "hypergeometric", ("N", "k", "n")

    @classmethod
    def op_params(cls, N, k, n):
        return [k, _tensor(N) - _tensor(k), n]


class DiscreteUniform(Distribution):
    rv_op, params = "discrete_uniform", ("lower", "upper")

    @classmethod
    def op_params(cls, lower, upper):
        return [lower, upper]


class DiscreteWeibull(Distribution):
    rv_op, params = "discrete_weibull", ("q", "beta")

    @classmethod
    def op_params(cls, q, beta):
        return [q, beta]


class Categorical(Distribution):
    rv_op, params = "categorical", ("p", "logit_p")

    @classmethod
    def op_params(cls, p=None, logit_p=None):
        if (p is None) == (logit_p is None):
            raise ValueError("Incompatible parametrization. Can't specify both p and logit_p.")
        if p is None:
            logit_p = _tensor(logit_p)
            return [pt().exp(logit_p - pt().logsumexp(logit_p, axis=-1, keepdims=True))]
        return [p]


class DiracDelta(Distribution):
    rv_op, params = "diracdelta", ("c",)

    @classmethod
    def op_params(cls, c):
        return [c]


def _register():
    t = pt()
    register("bernoulli", "Bern", lambda p: t.switch(p < 0.5, 0, 1))
    register("binomial", "Binom", lambda n, p: t.floor(n * p))
    register("betabinom", "BetaBinom", lambda n, a, b: t.round(n * a / (a + b)))
    register("poisson", "Pois", lambda mu: t.floor(mu))
    register("nbinom", "NB", lambda n, p: t.floor(n * (1 - p) / p))
    register("geometric", "Geom", lambda p: t.round(1 / p))
    register("hypergeometric", "HyperGeom", lambda good, bad, n: t.floor(n * good / (good + bad)))
    register("discrete_uniform", "DiscreteU", lambda lo, hi: t.floor(0.5 * (lo + hi)))
    register("discrete_weibull", "DiscreteWeibull", lambda q, beta: t.zeros_like(q))
    register("categorical", "Cat", lambda p: t.argmax(p, axis=-1))
    register("diracdelta", "DiracDelta", lambda c: c + 0)


_register()
