"""Continuous distributions: logp, logcdf and icdf of ``pt.random.<name>`` variables against
scipy.stats (closed forms built on scipy.special where SciPy lacks the distribution), with
vector parameters broadcast against matrices of values, the support's boundaries, PyMC's
parameter errors, and Kolmogorov-Smirnov tests of the random draws, extreme parameters
included."""

import re

import mpmath
import numpy as np
import pytest
from scipy import special, stats

import swiftppl
import swiftppl.tensor as pt
from swiftppl.logprob import icdf, logcdf, logp

RTOL = 1e-10


class HalfStudentT:
    """|T| for Student's t with nu degrees of freedom and scale sigma."""

    def __init__(self, nu, sigma):
        self.t = stats.t(nu, 0, sigma)

    def logpdf(self, x):
        return np.where(x < 0, -np.inf, np.log(2) + self.t.logpdf(x))

    def logcdf(self, x):
        # 2 F(x) - 1 = 1 - 2 sf(x), with log1p where sf is small.
        sf = self.t.sf(x)
        return np.where(x <= 0, -np.inf, np.where(sf < 0.25, np.log1p(-2 * sf), np.log(2 * self.t.cdf(x) - 1)))

    def ppf(self, q):
        return self.t.isf((1 - q) / 2)

    def cdf(self, x):
        return np.where(x <= 0, 0.0, 1 - 2 * self.t.sf(x))


class Kumaraswamy:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def logpdf(self, x):
        a, b = self.a, self.b
        with np.errstate(all="ignore"):
            inner = np.log(a) + np.log(b) + special.xlogy(a - 1, x) + special.xlog1py(b - 1, -(x ** a))
        return np.where((x < 0) | (x > 1), -np.inf, inner)

    def logcdf(self, x):
        with np.errstate(all="ignore"):
            xc = np.clip(x, 0, 1)
            inner = np.log(-np.expm1(self.b * np.log1p(-(xc ** self.a))))
        return np.where(x <= 0, -np.inf, np.where(x >= 1, 0.0, inner))

    def ppf(self, q):
        return (-np.expm1(np.log1p(-q) / self.b)) ** (1 / self.a)

    def cdf(self, x):
        return -np.expm1(self.b * np.log1p(-(np.clip(x, 0, 1) ** self.a)))


class LogitNormal:
    def __init__(self, mu, sigma):
        self.n = stats.norm(mu, sigma)

    def logpdf(self, x):
        with np.errstate(all="ignore"):
            inner = self.n.logpdf(special.logit(x)) - np.log(x) - np.log1p(-x)
        return np.where((x <= 0) | (x >= 1), -np.inf, inner)

    def logcdf(self, x):
        with np.errstate(all="ignore"):
            inner = self.n.logcdf(special.logit(x))
        return np.where(x <= 0, -np.inf, np.where(x >= 1, 0.0, inner))

    def ppf(self, q):
        return special.expit(self.n.ppf(q))

    def cdf(self, x):
        with np.errstate(all="ignore"):
            return np.where(x <= 0, 0.0, np.where(x >= 1, 1.0, self.n.cdf(special.logit(x))))


class Flat:
    def logpdf(self, x):
        return np.zeros_like(x)

    def logcdf(self, x):
        return np.where(x == -np.inf, -np.inf, np.where(x == np.inf, 0.0, np.log(0.5)))


class HalfFlat:
    def logpdf(self, x):
        return np.where(x < 0, -np.inf, 0.0)

    def logcdf(self, x):
        return np.where(x == np.inf, 0.0, -np.inf)


class ExGaussian:
    """SciPy's exponnorm, with the log-density from mpmath: SciPy forms it as
    1/(2K²) - x/K + log Φ(x - 1/K), which cancels for small K = ν/σ (1e-10 relative at K = 1e-3)."""

    def __init__(self, mu, sigma, nu):
        self.mu, self.sigma, self.nu = mu, sigma, nu
        self.s = stats.exponnorm(nu / sigma, loc=mu, scale=sigma)

    def _logpdf(self, x):
        with mpmath.workdps(60):
            mu, sigma, nu, x = (mpmath.mpf(v) for v in (self.mu, self.sigma, self.nu, x))
            w = (x - mu) / sigma - sigma / nu
            log_phi = mpmath.log(mpmath.erfc(-w / mpmath.sqrt(2)) / 2)
            return float((mu - x) / nu + sigma ** 2 / (2 * nu ** 2) + log_phi - mpmath.log(nu))

    def logpdf(self, x):
        return np.vectorize(self._logpdf, otypes=[float])(x)

    def logcdf(self, x):
        return self.s.logcdf(x)

    def cdf(self, x):
        return self.s.cdf(x)


def scaled(zs):
    """Points loc + scale * z for the first two parameters."""
    return lambda p: [p[0] + p[1] * z for z in zs]


# name -> (parameter rows, points of a row, reference of a row, has logcdf, has icdf).
# Every row has the same number of points, so the rows can be stacked into vector parameters.
Z = [-8.0, -2.5, -0.4, 0.0, 0.6, 3.0, 9.0]
Q = [0.0, 1e-12, 0.01, 0.3, 0.5, 0.8, 0.999, 1.0]
Q_OPEN = [1e-12, 0.01, 0.3, 0.5, 0.8, 0.999]
CASES = {
    "normal": ([(0.0, 1.0), (1.5, 0.3), (-2.0, 40.0)], scaled(Z), lambda p: stats.norm(*p), True, Q),
    "halfnormal": ([(0.0, 1.0), (1.0, 2.5), (-3.0, 0.01)], scaled([-1.0, 0.0, 1e-8, 0.3, 1.0, 4.0, 20.0]),
                   lambda p: stats.halfnorm(*p), True, Q),
    "truncated_normal": (
        [(0.0, 1.0, -1.0, 2.0), (0.5, 2.0, -np.inf, 1.0), (0.0, 1.0, 0.0, np.inf), (3.0, 0.5, 2.9, 3.1)],
        lambda p: [(p[2] if np.isfinite(p[2]) else p[0] - 5 * p[1]) + d * ((p[3] if np.isfinite(p[3]) else p[0] + 5 * p[1])
                                                                       - (p[2] if np.isfinite(p[2]) else p[0] - 5 * p[1]))
                   for d in [-0.5, 0.0, 0.2, 0.5, 0.9, 1.0, 1.5]],
        lambda p: stats.truncnorm((p[2] - p[0]) / p[1], (p[3] - p[0]) / p[1], p[0], p[1]), True, None),
    "t": ([(1.0, 0.0, 1.0), (4.5, 1.0, 2.0), (0.3, -1.0, 0.5), (1e6, 0.0, 1.0), (1e10, 0.0, 1.0)],
          lambda p: [p[1] + p[2] * z for z in [-30.0, -2.0, -0.3, 0.0, 0.1, 1.5, 7.0]],
          lambda p: stats.t(*p), True, Q_OPEN),
    "halfstudentt": ([(1.0, 1.0), (5.0, 2.0), (0.5, 0.1), (1e9, 1.0)], lambda p: [p[1] * z for z in [-1.0, 0.0, 0.4, 1.0, 3.0, 50.0]],
                     lambda p: HalfStudentT(*p), True, [0.01, 0.3, 0.5, 0.8, 0.999]),
    "cauchy": ([(0.0, 1.0), (2.0, 0.5), (-1.0, 30.0)], scaled([-1e4, -50.0, -2.0, -0.5, 0.0, 0.5, 3.0]),
               lambda p: stats.cauchy(*p), True, Q),
    "halfcauchy": ([(0.0, 1.0), (1.0, 2.0), (-2.0, 1e-3)], scaled([-0.5, 0.0, 1e-9, 0.5, 1.0, 3.0, 1e4]),
                   lambda p: stats.halfcauchy(*p), True, [0.0, 1e-12, 0.01, 0.3, 0.5, 0.8, 0.999]),
    "exponential": ([(1.0,), (0.01,), (250.0,)], lambda p: [p[0] * z for z in [-1.0, 0.0, 1e-12, 0.3, 1.0, 5.0, 700.0]],
                    lambda p: stats.expon(scale=p[0]), True, Q),
    "gamma": ([(1.0, 1.0), (0.5, 2.0), (3.0, 0.5), (0.01, 1.0), (150.0, 0.01)],
              lambda p: [-1.0, 0.0] + [p[0] * p[1] * f for f in [0.05, 0.5, 1.0, 1.5, 4.0]],
              lambda p: stats.gamma(p[0], scale=p[1]), True, Q_OPEN),
    "invgamma": ([(1.0, 1.0), (3.0, 0.5), (0.2, 2.0), (50.0, 10.0)],
                 lambda p: [-1.0, 0.0] + [p[1] / (p[0] + 1) * f for f in [0.1, 0.5, 1.0, 3.0, 100.0]],
                 lambda p: stats.invgamma(p[0], scale=p[1]), True, Q_OPEN),
    "beta": ([(1.0, 1.0), (0.5, 0.5), (2.0, 5.0), (1e-2, 3.0), (30.0, 70.0)], lambda p: [-0.1, 0.0, 0.01, 0.3, 0.5, 0.9, 1.2],
             lambda p: stats.beta(*p), True, Q_OPEN),
    "kumaraswamy": ([(1.0, 1.0), (0.5, 0.5), (2.0, 5.0), (5.0, 0.3)], lambda p: [-0.1, 0.0, 0.01, 0.3, 0.5, 0.9, 1.2],
                    lambda p: Kumaraswamy(*p), True, Q),
    "lognormal": ([(0.0, 1.0), (2.0, 0.25), (-1.0, 3.0)],
                  lambda p: [-1.0, 0.0] + [float(np.exp(p[0] + p[1] * z)) for z in [-6.0, -2.0, 0.0, 0.7, 3.0]],
                  lambda p: stats.lognorm(p[1], scale=np.exp(p[0])), True, Q),
    "logit_normal": ([(0.0, 1.0), (1.0, 0.5), (-2.0, 3.0)], lambda p: [-0.5, 0.0, 0.05, 0.3, 0.5, 0.8, 1.0],
                     lambda p: LogitNormal(*p), True, Q),
    "uniform": ([(0.0, 1.0), (-3.0, 5.0), (1e6, 1e6 + 1e-3)], lambda p: [p[0] - 1, p[0], p[0] + 0.3 * (p[1] - p[0]), p[1], p[1] + 1],
                lambda p: stats.uniform(p[0], p[1] - p[0]), True, Q),
    "flat": ([()], lambda p: [-np.inf, -1e300, -2.0, 0.0, 3.5, 1e300, np.inf], lambda p: Flat(), True, None),
    "halfflat": ([()], lambda p: [-np.inf, -1.0, 0.0, 3.5, 1e300, np.inf], lambda p: HalfFlat(), True, None),
    "laplace": ([(0.0, 1.0), (2.0, 0.5), (-1.0, 40.0)], scaled([-700.0, -3.0, -1e-3, 0.0, 0.2, 2.0, 40.0]),
                lambda p: stats.laplace(*p), True, Q),
    "asymmetriclaplace": ([(1.0, 1.0, 0.0), (2.0, 0.5, 1.0), (0.5, 3.0, -2.0)],
                          lambda p: [p[2] + z / p[0] for z in [-30.0, -3.0, -0.1, 0.0, 0.1, 2.0, 30.0]],
                          lambda p: stats.laplace_asymmetric(p[1], loc=p[2], scale=1 / p[0]), True, Q),
    "weibull": ([(1.0, 1.0), (0.5, 2.0), (3.5, 0.2), (40.0, 1.0)],
                lambda p: [p[1] * z for z in [-1.0, 0.0, 0.3, 1.0, 1.05, 2.5]],
                lambda p: stats.weibull_min(p[0], scale=p[1]), True, Q),
    "chisquare": ([(1.0,), (2.0,), (7.5,), (0.1,), (500.0,)], lambda p: [-1.0, 0.0] + [p[0] * f for f in [0.05, 0.5, 1.0, 1.5, 4.0]],
                  lambda p: stats.chi2(p[0]), True, Q_OPEN),
    "pareto": ([(1.0, 1.0), (3.0, 0.5), (0.2, 10.0), (50.0, 2.0)], lambda p: [p[1] * z for z in [0.5, 1.0, 1.1, 2.0, 10.0, 1e3]],
               lambda p: stats.pareto(p[0], scale=p[1]), True, Q),
    "wald": ([(1.0, 1.0, 0.0), (2.0, 0.5, 1.0), (0.5, 20.0, 0.0), (3.0, 300.0, 2.0)],
             lambda p: [p[2] - 1.0, p[2]] + [p[2] + p[0] * f for f in [0.2, 0.6, 1.0, 1.5, 3.0]],
             lambda p: stats.invgauss(p[0] / p[1], loc=p[2], scale=p[1]), True, None),
    "exgaussian": ([(0.0, 1.0, 1.0), (1.0, 2.0, 0.05), (-2.0, 0.5, 4.0), (0.0, 1.0, 1e-3)],
                   lambda p: [p[0] + p[1] * z for z in [-30.0, -5.0, -1.0, 0.0, 0.5, 3.0, 12.0]],
                   lambda p: ExGaussian(*p), True, None),
    "gumbel": ([(0.0, 1.0), (1.0, 2.0), (-5.0, 0.1)], scaled([-3.5, -1.0, 0.0, 0.4, 3.0, 30.0, 600.0]),
               lambda p: stats.gumbel_r(*p), True, Q),
    "logistic": ([(0.0, 1.0), (1.0, 2.0), (-5.0, 0.1)], scaled([-700.0, -40.0, -3.0, 0.0, 0.5, 3.0, 40.0]),
                 lambda p: stats.logistic(*p), True, Q),
    "moyal": ([(0.0, 1.0), (1.0, 2.0), (-5.0, 0.1)], scaled([-3.0, -1.0, 0.0, 0.5, 3.0, 30.0]),
              lambda p: stats.moyal(*p), True, Q_OPEN),
    "rice": ([(0.0, 1.0), (1.0, 1.0), (4.0, 0.5), (30.0, 2.0)],
             lambda p: [-1.0, 0.0, 1e-6 * p[1], 0.5 * p[1], p[0] * p[1] + 0.1, (p[0] + 3) * p[1]],
             lambda p: stats.rice(p[0], scale=p[1]), False, None),
    "skewnormal": ([(0.0, 1.0, 0.0), (1.0, 2.0, 3.0), (-1.0, 0.5, -10.0)], scaled([-6.0, -3.0, -0.5, 0.0, 0.3, 2.0, 6.0]),
                   lambda p: stats.skewnorm(p[2], p[0], p[1]), False, None),
    "triangular": ([(0.0, 0.5, 1.0), (-2.0, 0.0, 5.0), (1.0, 1.0, 3.0), (0.0, 2.0, 2.0)],
                   lambda p: [p[0] - 1, p[0], p[0] + 0.1 * (p[2] - p[0]), p[1], p[0] + 0.8 * (p[2] - p[0]), p[2], p[2] + 1],
                   lambda p: stats.triang((p[1] - p[0]) / (p[2] - p[0]), p[0], p[2] - p[0]), True, Q),
    "vonmises": ([(0.0, 1.0), (0.5, 0.01), (-1.0, 40.0), (2.0, 300.0)], lambda p: [-np.pi, -1.0, 0.0, p[0], 1.3, np.pi],
                 lambda p: stats.vonmises(p[1], loc=p[0]), False, None),
}


def stacked(rows):
    """The rows' parameters as vectors, one entry per row."""
    return [np.array(column, dtype=float) for column in zip(*rows)] if rows[0] else []


def column_points(name):
    rows, points, *_ = CASES[name]
    return np.array([points(r) for r in rows], dtype=float).T  # (points, rows)


def reference(name, method, x):
    """SciPy's `method` per column of x, one column per parameter row."""
    rows, _, ref, *_ = CASES[name]
    with np.errstate(all="ignore"):
        return np.stack([getattr(ref(r), method)(x[:, j]) for j, r in enumerate(rows)], axis=1)


def variable(name, params, **kw):
    return getattr(pt.random, name)(*params, **kw)


@pytest.mark.parametrize("name", sorted(CASES))
def test_logp_broadcasts_vector_parameters_against_values(name):
    x = column_points(name)
    got = logp(variable(name, stacked(CASES[name][0])), x).eval()
    assert got.shape == x.shape
    np.testing.assert_allclose(got, reference(name, "logpdf", x), rtol=RTOL, atol=0)


@pytest.mark.parametrize("name", sorted(n for n in CASES if CASES[n][3]))
def test_logcdf(name):
    x = column_points(name)
    got = logcdf(variable(name, stacked(CASES[name][0])), x).eval()
    np.testing.assert_allclose(got, reference(name, "logcdf", x), rtol=RTOL, atol=0)


@pytest.mark.parametrize("name", sorted(n for n in CASES if CASES[n][4]))
def test_icdf(name):
    rows = CASES[name][0]
    q = np.repeat(np.array(CASES[name][4])[:, None], len(rows), axis=1)
    got = icdf(variable(name, stacked(rows)), q).eval()
    scale = max(1.0, max(abs(v) for r in rows for v in r if np.isfinite(v)))
    np.testing.assert_allclose(got, reference(name, "ppf", q), rtol=RTOL, atol=1e-13 * scale)
    # Probabilities outside [0, 1] have no quantile (PyMC's check_icdf_value).
    outside = icdf(variable(name, rows[0]), np.array([-0.5, 1.5])).eval()
    assert np.isnan(outside).all()


@pytest.mark.parametrize("name, nu", [("t", 0.05), ("t", 0.3), ("halfstudentt", 0.05)])
def test_student_t_quantiles_at_small_nu(name, nu):
    """Heavy tails: |t| far above √ν at probabilities near ½, where t² = ν w/(1 - w) from
    I_w(½, ν/2) would cancel (w near 1)."""
    q = np.array([0.1, 0.2, 0.3, 0.45, 0.55, 0.7, 0.8, 0.9])
    params = (nu, 0.0, 1.0) if name == "t" else (nu, 1.0)
    got = icdf(variable(name, params), q).eval()
    ref = stats.t(nu).ppf(q) if name == "t" else stats.t(nu).ppf((1 + q) / 2)
    np.testing.assert_allclose(got, ref, rtol=RTOL)


@pytest.mark.parametrize("name, params, x", [
    ("gamma", (1e4, 1.0), [1e-6, 3000.0, 3900.39]), ("gamma", (150.0, 0.01), [1e-8, 1e-3]),
    ("gamma", (2.0, 3.0), [1e-300]), ("chisquare", (2000.0,), [2e-6, 200.0]),
    ("invgamma", (1.0, 1.0), [1e-3, 1e-300]), ("invgamma", (500.0, 100.0), [0.04, 1e-3]),
    ("invgamma", (0.01, 3.0), [1e-3]),
])
def test_gamma_family_logcdf_where_the_cdf_underflows(name, params, x):
    """log P(a, y) (log Q(a, b/x) for the inverse gamma) far below e^-745, where SciPy's logcdf
    is -inf: mpmath's incomplete gamma functions at 60 digits."""
    a, scale = (params[0], params[1]) if name != "chisquare" else (params[0] / 2, 2.0)
    with mpmath.workdps(60):
        if name == "invgamma":
            ref = [float(mpmath.log(mpmath.gammainc(a, scale / v, mpmath.inf, regularized=True))) for v in x]
        else:
            ref = [float(mpmath.log(mpmath.gammainc(a, 0, v / scale, regularized=True))) for v in x]
    got = logcdf(variable(name, params), np.array(x)).eval()
    np.testing.assert_allclose(got, ref, rtol=RTOL)
    assert max(ref) < -700


@pytest.mark.parametrize("name, params, x", [
    ("beta", (2.0, 5.0), [1e-200]), ("beta", (300.0, 700.0), [1e-10, 0.01]), ("beta", (5.0, 1e5), [1e-80]),
    ("t", (30.0, 0.0, 1.0), [-1e12]), ("t", (100.0, 1.0, 2.0), [-1e5]), ("t", (1e3, 0.0, 1.0), [-400.0]),
])
def test_beta_and_t_logcdf_where_the_cdf_underflows(name, params, x):
    """log I_x(a, b) far below e^-745, where SciPy's logcdf is -inf: mpmath at 60 digits (the t's
    lower tail as ½ I_w(ν/2, ½), w = ν/(ν+z²))."""
    with mpmath.workdps(60):
        if name == "beta":
            ref = [float(mpmath.log(mpmath.betainc(params[0], params[1], 0, v, regularized=True))) for v in x]
        else:
            nu, mu, sigma = (mpmath.mpf(v) for v in params)
            zs = [(mpmath.mpf(v) - mu) / sigma for v in x]
            ref = [float(mpmath.log(mpmath.betainc(nu / 2, 0.5, 0, nu / (nu + z * z), regularized=True) / 2))
                   for z in zs]
    got = logcdf(variable(name, params), np.array(x)).eval()
    np.testing.assert_allclose(got, ref, rtol=RTOL)
    assert max(ref) < -700


def test_scalar_parameters_and_scalar_value():
    assert logp(pt.random.normal(1.0, 2.0), 0.5).eval() == pytest.approx(stats.norm(1, 2).logpdf(0.5), rel=1e-14)
    x = pt.random.gamma(2.5, 0.5, size=3)
    got = logp(x, np.array([0.1, 1.0, 3.0])).eval()
    np.testing.assert_allclose(got, stats.gamma(2.5, scale=0.5).logpdf([0.1, 1.0, 3.0]), rtol=RTOL)


INVALID = [
    ("normal", (0.0, -1.0), logp, "sigma > 0"), ("normal", (0.0, 0.0), logcdf, "sigma > 0"),
    ("halfnormal", (0.0, -2.0), logp, "sigma > 0"),
    ("truncated_normal", (0.0, 1.0, 2.0, 1.0), logp, "lower_bound <= upper_bound"),
    ("t", (-1.0, 0.0, 1.0), logp, "lam > 0, nu > 0"), ("t", (1.0, 0.0, -1.0), logcdf, "nu > 0, sigma > 0"),
    ("halfstudentt", (1.0, -1.0), logp, "sigma > 0, nu > 0"), ("cauchy", (0.0, -1.0), logp, "beta > 0"),
    ("halfcauchy", (0.0, 0.0), logp, "beta > 0"), ("exponential", (-1.0,), logp, "mu >= 0"),
    ("gamma", (0.0, 1.0), logp, "alpha > 0, beta > 0"), ("invgamma", (1.0, -1.0), logcdf, "alpha > 0, beta > 0"),
    ("beta", (1.0, 0.0), logp, "alpha > 0, beta > 0"), ("kumaraswamy", (-1.0, 1.0), logp, "a > 0, b > 0"),
    ("lognormal", (0.0, -1.0), logp, "sigma > 0"), ("logit_normal", (0.0, 0.0), logp, "tau > 0"),
    ("uniform", (1.0, 0.0), logp, "lower <= upper"), ("laplace", (0.0, 0.0), logp, "b > 0"),
    ("asymmetriclaplace", (1.0, -1.0, 0.0), logp, "b > 0, kappa > 0"),
    ("weibull", (1.0, 0.0), logp, "alpha > 0, beta > 0"), ("chisquare", (0.0,), logp, "nu > 0"),
    ("pareto", (1.0, -1.0), logp, "alpha > 0, m > 0"), ("wald", (1.0, 1.0, -1.0), logp, "mu > 0, lam > 0, alpha >= 0"),
    ("exgaussian", (0.0, 1.0, 0.0), logp, "nu > 0, sigma > 0"), ("gumbel", (0.0, -1.0), logcdf, "beta > 0"),
    ("logistic", (0.0, 0.0), logp, "s > 0"), ("moyal", (0.0, -1.0), logp, "sigma > 0"),
    ("rice", (-1.0, 1.0), logp, "sigma >= 0, b >= 0"), ("skewnormal", (0.0, -1.0, 1.0), logp, "tau > 0"),
    ("triangular", (0.0, 2.0, 1.0), logp, "lower <= c <= upper"), ("vonmises", (0.0, -1.0), logp, "kappa > 0"),
]


@pytest.mark.parametrize("name, params, fn, message", INVALID)
def test_invalid_parameters_raise_pymc_messages(name, params, fn, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        fn(variable(name, params), 0.5).eval()


def test_invalid_parameter_in_one_element_of_a_vector():
    with pytest.raises(ValueError, match="sigma > 0"):
        logp(pt.random.normal(0.0, np.array([1.0, -1.0])), np.zeros(2)).eval()


def test_values_outside_the_support_are_minus_infinity_not_nan():
    for name, params, outside in [("beta", (2.0, 3.0), [-0.5, 1.5]), ("gamma", (2.0, 1.0), [-1.0, -1e-300]),
                                  ("uniform", (0.0, 1.0), [-1e-9, 1 + 1e-9]), ("pareto", (2.0, 1.0), [0.5, -3.0]),
                                  ("vonmises", (0.0, 1.0), [-3.2, 3.2]), ("wald", (1.0, 1.0, 0.5), [0.5, 0.0])]:
        got = logp(variable(name, params), np.array(outside)).eval()
        assert np.all(got == -np.inf), (name, got)


# Kolmogorov-Smirnov tests of pt.random draws (10^5 of them, fixed seeds) against the reference
# CDF, including extreme parameters.
KS = [
    ("normal", (3.0, 1e-8)), ("normal", (-1e6, 1e4)), ("halfnormal", (2.0, 0.5)),
    ("truncated_normal", (0.0, 1.0, 8.0, 9.0)), ("truncated_normal", (0.0, 1.0, -1.0, 1.0)),
    ("truncated_normal", (0.5, 2.0, -np.inf, -6.0)),
    ("t", (0.1, 0.0, 1.0)), ("t", (1e6, 1.0, 2.0)), ("halfstudentt", (0.7, 2.0)),
    ("cauchy", (1.0, 1e-6)), ("halfcauchy", (0.0, 3.0)),
    ("exponential", (1e-10,)), ("exponential", (1e10,)),
    ("gamma", (0.01, 1.0)), ("gamma", (1e6, 1e-3)), ("gamma", (1.0, 1e-300)),
    ("invgamma", (0.05, 1.0)), ("invgamma", (1e4, 2.0)),
    ("beta", (0.05, 0.3)), ("beta", (1e5, 3e5)), ("beta", (1.0, 1.0)),
    ("kumaraswamy", (0.2, 8.0)), ("kumaraswamy", (5.0, 0.5)),
    ("lognormal", (0.0, 1e-6)), ("lognormal", (100.0, 3.0)), ("logit_normal", (0.5, 2.0)),
    ("uniform", (-1e-9, 1e-9)), ("laplace", (1.0, 1e5)), ("asymmetriclaplace", (2.0, 0.1, 1.0)),
    ("weibull", (0.05, 1.0)), ("weibull", (50.0, 2.0)), ("chisquare", (0.02,)), ("chisquare", (1e6,)),
    ("pareto", (0.05, 1.0)), ("pareto", (100.0, 3.0)),
    ("wald", (1.0, 1e-3, 0.0)), ("wald", (2.0, 1e5, 1.0)),
    ("exgaussian", (0.0, 1.0, 1e-4)), ("exgaussian", (0.0, 1e-3, 5.0)),
    ("gumbel", (0.0, 1e-3)), ("logistic", (5.0, 1e4)), ("moyal", (0.0, 2.0)),
    ("rice", (0.0, 1.0)), ("rice", (50.0, 0.5)), ("skewnormal", (0.0, 1.0, 50.0)), ("skewnormal", (1.0, 2.0, -3.0)),
    ("triangular", (0.0, 0.0, 1.0)), ("triangular", (-1.0, 0.7, 2.0)),
    ("vonmises", (0.5, 1e-3)), ("vonmises", (-2.0, 1e4)),
]


def ks_reference(name, params):
    if name == "truncated_normal":
        mu, s, a, b = params
        return stats.truncnorm((a - mu) / s, (b - mu) / s, mu, s).cdf
    if name == "vonmises":
        # SciPy's von Mises is periodic; the draws are on [-π, π].
        mu, kappa = params
        return lambda x: stats.vonmises(kappa, loc=mu).cdf(x) - stats.vonmises(kappa, loc=mu).cdf(-np.pi)
    ref = CASES[name][2](params)
    return ref.cdf


@pytest.mark.parametrize("index", range(len(KS)), ids=[f"{n}{p}" for n, p in KS])
def test_draws_follow_the_distribution(index):
    name, params = KS[index]
    rng = swiftppl.shared(np.random.default_rng(1000 + index))
    draws = variable(name, params, size=100_000, rng=rng).eval()
    assert draws.shape == (100_000,) and np.isfinite(draws).all()
    result = stats.kstest(draws, ks_reference(name, params))
    assert result.pvalue > 1e-4, (name, params, result)
