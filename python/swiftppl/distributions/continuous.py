"""PyMC's continuous distributions: parameterizations, default transforms and support points over the catalog's random variables."""

import numpy as np

from ..logprob import transforms as tr
from .distribution import Distribution, _tensor, register

EULER = 0.5772156649015329


def pt():
    import swiftppl.tensor as t

    return t


def tau_sigma(tau, sigma):
    """PyMC's get_tau_sigma: sigma from either sigma or the precision tau (default sigma = 1)."""
    if tau is not None and sigma is not None:
        raise ValueError("Can't pass both tau and sigma")
    if tau is None:
        return 1.0 if sigma is None else sigma
    return _tensor(tau) ** -0.5


def lam_sigma(lam, sigma):
    if lam is not None and sigma is not None:
        raise ValueError("Can't pass both lam and sigma")
    if lam is None:
        return 1.0 if sigma is None else sigma
    return _tensor(lam) ** -0.5


def _log(*_):
    return tr.LogTransform()


def _logodds(*_):
    return tr.LogOddsTransform()


class Normal(Distribution):
    rv_op, params = "normal", ("mu", "sigma", "tau")

    @classmethod
    def op_params(cls, mu=0.0, sigma=None, tau=None):
        return [mu, tau_sigma(tau, sigma)]


class HalfNormal(Distribution):
    rv_op, params = "halfnormal", ("sigma", "tau")
    default_transform = classmethod(_log)

    @classmethod
    def op_params(cls, sigma=None, tau=None):
        return [0.0, tau_sigma(tau, sigma)]


class TruncatedNormal(Distribution):
    rv_op, params = "truncated_normal", ("mu", "sigma", "tau", "lower", "upper")

    @classmethod
    def op_params(cls, mu=0.0, sigma=None, tau=None, lower=None, upper=None):
        lower = -np.inf if lower is None else lower
        upper = np.inf if upper is None else upper
        return [mu, tau_sigma(tau, sigma), lower, upper]

    @classmethod
    def default_transform(cls, mu, sigma, lower, upper):
        lo = _finite_constant(lower)
        hi = _finite_constant(upper)
        if lo is False and hi is False:
            return None
        return tr.Interval(None if lo is False else lower, None if hi is False else upper)


def _finite_constant(x):
    """False when `x` is a constant ±inf (no bound), else True."""
    if x.owner is None:
        try:
            return bool(np.all(np.isfinite(np.asarray(x.eval()))))
        except Exception:
            return True
    return True


class StudentT(Distribution):
    rv_op, params = "t", ("nu", "mu", "sigma", "lam")

    @classmethod
    def op_params(cls, nu=None, mu=0.0, sigma=None, lam=None):
        if nu is None:
            raise TypeError("StudentT needs nu")
        return [nu, mu, lam_sigma(lam, sigma)]


class HalfStudentT(Distribution):
    rv_op, params = "halfstudentt", ("nu", "sigma", "lam")
    default_transform = classmethod(_log)

    @classmethod
    def op_params(cls, nu=1.0, sigma=None, lam=None):
        return [nu, lam_sigma(lam, sigma)]


class Cauchy(Distribution):
    rv_op, params = "cauchy", ("alpha", "beta")

    @classmethod
    def op_params(cls, alpha, beta):
        return [alpha, beta]


class HalfCauchy(Distribution):
    rv_op, params = "halfcauchy", ("beta",)
    default_transform = classmethod(_log)

    @classmethod
    def op_params(cls, beta):
        return [0.0, beta]


class Exponential(Distribution):
    rv_op, params = "exponential", ("lam", "scale")
    default_transform = classmethod(_log)

    @classmethod
    def op_params(cls, lam=None, scale=None):
        if (lam is None) == (scale is None):
            raise ValueError("Incompatible parametrization. Must specify either lam or scale.")
        return [1 / _tensor(lam) if scale is None else scale]


class Gamma(Distribution):
    rv_op, params = "gamma", ("alpha", "beta", "mu", "sigma")
    default_transform = classmethod(_log)

    @classmethod
    def op_params(cls, alpha=None, beta=None, mu=None, sigma=None):
        if alpha is not None and beta is not None and mu is None and sigma is None:
            pass
        elif mu is not None and sigma is not None and alpha is None and beta is None:
            mu, sigma = _tensor(mu), _tensor(sigma)
            alpha, beta = mu ** 2 / sigma ** 2, mu / sigma ** 2
        else:
            raise ValueError("Incompatible parameterization. Either use alpha and beta, or mu and sigma to specify "
                             "distribution.")
        return [alpha, 1 / _tensor(beta)]


class InverseGamma(Distribution):
    rv_op, params = "invgamma", ("alpha", "beta", "mu", "sigma")
    default_transform = classmethod(_log)

    @classmethod
    def op_params(cls, alpha=None, beta=None, mu=None, sigma=None):
        if alpha is not None and mu is None and sigma is None:
            beta = 1.0 if beta is None else beta
        elif mu is not None and sigma is not None and alpha is None and beta is None:
            mu, sigma = _tensor(mu), _tensor(sigma)
            alpha = mu ** 2 / sigma ** 2 + 2
            beta = mu * (mu ** 2 / sigma ** 2 + 1)
        else:
            raise ValueError("Incompatible parameterization. Either use alpha and (optionally) beta, or mu and sigma "
                             "to specify distribution.")
        return [alpha, beta]


class Beta(Distribution):
    rv_op, params = "beta", ("alpha", "beta", "mu", "sigma", "nu")
    default_transform = classmethod(_logodds)

    @classmethod
    def op_params(cls, alpha=None, beta=None, mu=None, sigma=None, nu=None):
        if alpha is not None and beta is not None and mu is None and sigma is None and nu is None:
            return [alpha, beta]
        if mu is not None and sigma is not None and nu is None and alpha is None and beta is None:
            mu, sigma = _tensor(mu), _tensor(sigma)
            kappa = mu * (1 - mu) / sigma ** 2 - 1
            return [mu * kappa, (1 - mu) * kappa]
        if mu is not None and nu is not None and sigma is None and alpha is None and beta is None:
            mu, nu = _tensor(mu), _tensor(nu)
            return [mu * nu, (1 - mu) * nu]
        raise ValueError("Incompatible parameterization. Either use alpha and beta, mu and sigma or mu and nu to "
                         "specify distribution.")


class Kumaraswamy(Distribution):
    rv_op, params = "kumaraswamy", ("a", "b")
    default_transform = classmethod(_logodds)

    @classmethod
    def op_params(cls, a, b):
        return [a, b]


class LogNormal(Distribution):
    rv_op, params = "lognormal", ("mu", "sigma", "tau")
    default_transform = classmethod(_log)

    @classmethod
    def op_params(cls, mu=0.0, sigma=None, tau=None):
        return [mu, tau_sigma(tau, sigma)]


class LogitNormal(Distribution):
    rv_op, params = "logit_normal", ("mu", "sigma", "tau")
    default_transform = classmethod(_logodds)

    @classmethod
    def op_params(cls, mu=0.0, sigma=None, tau=None):
        return [mu, tau_sigma(tau, sigma)]


class Uniform(Distribution):
    rv_op, params = "uniform", ("lower", "upper")

    @classmethod
    def op_params(cls, lower=0.0, upper=1.0):
        return [lower, upper]

    @classmethod
    def default_transform(cls, lower, upper):
        return tr.Interval(lower, upper)


class Flat(Distribution):
    rv_op, params = "flat", ()

    @classmethod
    def op_params(cls):
        return []


class HalfFlat(Distribution):
    rv_op, params = "halfflat", ()
    default_transform = classmethod(_log)

    @classmethod
    def op_params(cls):
        return []


class Laplace(Distribution):
    rv_op, params = "laplace", ("mu", "b")

    @classmethod
    def op_params(cls, mu, b):
        return [mu, b]


class AsymmetricLaplace(Distribution):
    rv_op, params = "asymmetriclaplace", ("b", "kappa", "mu", "q")

    @classmethod
    def op_params(cls, b, kappa=None, mu=0.0, q=None):
        if (kappa is None) == (q is None):
            raise ValueError("Incompatible parameterization. Either use kappa or q to specify distribution.")
        if q is not None:
            q = _tensor(q)
            kappa = (q / (1 - q)) ** 0.5
        return [b, kappa, mu]


class Weibull(Distribution):
    rv_op, params = "weibull", ("alpha", "beta")
    default_transform = classmethod(_log)

    @classmethod
    def op_params(cls, alpha, beta):
        return [alpha, beta]


class ChiSquared(Distribution):
    rv_op, params = "chisquare", ("nu",)
    default_transform = classmethod(_log)

    @classmethod
    def op_params(cls, nu):
        return [nu]


class Pareto(Distribution):
    rv_op, params = "pareto", ("alpha", "m")

    @classmethod
    def op_params(cls, alpha, m):
        return [alpha, m]

    @classmethod
    def default_transform(cls, alpha, m):
        return tr.Interval(m, None)


class Wald(Distribution):
    rv_op, params = "wald", ("mu", "lam", "phi", "alpha")

    @classmethod
    def op_params(cls, mu=None, lam=None, phi=None, alpha=0.0):
        if mu is not None and lam is not None and phi is None:
            pass
        elif mu is not None and phi is not None and lam is None:
            lam = _tensor(mu) * _tensor(phi)
        elif lam is not None and phi is not None and mu is None:
            mu = _tensor(lam) / _tensor(phi)
        else:
            raise ValueError("Wald distribution must specify either mu and lam, mu and phi, or lam and phi.")
        return [mu, lam, alpha]

    @classmethod
    def default_transform(cls, mu, lam, alpha):
        return tr.Interval(alpha, None)


class ExGaussian(Distribution):
    rv_op, params = "exgaussian", ("mu", "sigma", "nu")

    @classmethod
    def op_params(cls, mu=0.0, sigma=None, nu=None):
        if sigma is None or nu is None:
            raise TypeError("ExGaussian needs sigma and nu")
        return [mu, sigma, nu]


class Gumbel(Distribution):
    rv_op, params = "gumbel", ("mu", "beta")

    @classmethod
    def op_params(cls, mu, beta):
        return [mu, beta]


class Logistic(Distribution):
    rv_op, params = "logistic", ("mu", "s")

    @classmethod
    def op_params(cls, mu=0.0, s=1.0):
        return [mu, s]


class Moyal(Distribution):
    rv_op, params = "moyal", ("mu", "sigma")

    @classmethod
    def op_params(cls, mu=0.0, sigma=1.0):
        return [mu, sigma]


class Rice(Distribution):
    rv_op, params = "rice", ("nu", "sigma", "b")
    default_transform = classmethod(_log)

    @classmethod
    def op_params(cls, nu=None, sigma=None, b=None):
        if sigma is None:
            raise TypeError("Rice needs sigma")
        if (nu is None) == (b is None):
            raise ValueError("Rice distribution must specify either nu or b.")
        return [_tensor(nu) / _tensor(sigma) if b is None else b, sigma]


class SkewNormal(Distribution):
    rv_op, params = "skewnormal", ("mu", "sigma", "tau", "alpha")

    @classmethod
    def op_params(cls, mu=0.0, sigma=None, tau=None, alpha=1.0):
        return [mu, tau_sigma(tau, sigma), alpha]


class Triangular(Distribution):
    rv_op, params = "triangular", ("lower", "c", "upper")

    @classmethod
    def op_params(cls, lower=0.0, c=0.5, upper=1.0):
        return [lower, c, upper]

    @classmethod
    def default_transform(cls, lower, c, upper):
        return tr.Interval(lower, upper)


class VonMises(Distribution):
    rv_op, params = "vonmises", ("mu", "kappa")
    default_transform = classmethod(lambda cls, *p: tr.CircularTransform())

    @classmethod
    def op_params(cls, mu=0.0, kappa=1.0):
        return [mu, kappa]


def _register():
    t = pt()
    register("normal", "N", lambda mu, sigma: mu)
    register("halfnormal", "N**+", lambda loc, sigma: loc + sigma)
    register("truncated_normal", "TruncatedN", _truncated_support)
    register("t", "StudentT", lambda nu, mu, sigma: mu)
    register("halfstudentt", "StudentT**+", lambda nu, sigma: sigma)
    register("cauchy", "Cauchy", lambda alpha, beta: alpha)
    register("halfcauchy", "Cauchy**+", lambda loc, beta: loc + beta)
    register("exponential", "Exp", lambda scale: scale)
    register("gamma", "Gamma", lambda shape, scale: shape * scale)
    register("invgamma", "InvGamma", lambda shape, scale: scale / (shape + 1))
    register("beta", "Beta", lambda a, b: a / (a + b))
    register("kumaraswamy", "Kumaraswamy", lambda a, b: (1 - 0.5 ** (1 / b)) ** (1 / a))
    register("lognormal", "LogN", lambda mu, sigma: t.exp(mu + 0.5 * sigma ** 2))
    register("logit_normal", "LogitNormal", lambda mu, sigma: t.sigmoid(mu))
    register("uniform", "U", lambda lo, hi: 0.5 * (lo + hi))
    register("flat", "Flat", lambda: t.as_tensor_variable(0.0))
    register("halfflat", "HalfFlat", lambda: t.as_tensor_variable(1.0))
    register("laplace", "Laplace", lambda mu, b: mu)
    register("asymmetriclaplace", "AsymmetricLaplace", lambda b, kappa, mu: mu - (kappa - 1 / kappa) / b)
    register("weibull", "Weibull", lambda alpha, beta: beta * t.exp(t.gammaln(1 + 1 / alpha)))
    register("chisquare", "ChiSquared", lambda nu: nu + 0.0)
    register("pareto", "Pareto", lambda alpha, m: m * 2.0 ** (1 / alpha))
    register("wald", "Wald", lambda mu, lam, alpha: mu + alpha)
    register("exgaussian", "ExGaussian", lambda mu, sigma, nu: mu + nu)
    register("gumbel", "Gumbel", lambda mu, beta: mu + beta * EULER)
    register("logistic", "Logistic", lambda mu, s: mu + 0.0)
    register("moyal", "Moyal", lambda mu, sigma: mu + sigma * (EULER + np.log(2.0)))
    register("rice", "Rice", lambda b, sigma: t.sqrt((b * sigma) ** 2 + sigma ** 2))
    register("skewnormal", "SkewNormal", lambda mu, sigma, alpha: mu + 0.0)
    register("triangular", "Triangular", lambda lo, c, hi: c + 0.0)
    register("vonmises", "VonMises", lambda mu, kappa: mu + 0.0)


def _truncated_support(mu, sigma, lower, upper):
    t = pt()
    lo_f, hi_f = abs(lower) < np.inf, abs(upper) < np.inf
    both = 0.5 * (t.switch(lo_f, lower, 0.0) + t.switch(hi_f, upper, 0.0))
    only_lo = t.maximum(mu, t.switch(lo_f, lower, 0.0) + sigma)
    only_hi = t.minimum(mu, t.switch(hi_f, upper, 0.0) - sigma)
    return t.switch(lo_f & hi_f, both, t.switch(lo_f, only_lo, t.switch(hi_f, only_hi, mu)))



_register()
for _cls in list(globals().values()):
    if isinstance(_cls, type) and issubclass(_cls, Distribution) and _cls is not Distribution:
        _cls.floatX = True
