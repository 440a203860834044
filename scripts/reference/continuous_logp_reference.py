# Generates Tests/LogProbTests/ContinuousReference.swift: log-densities, log-CDFs and quantiles of
# the continuous distributions at a table of parameter rows and points, including the support
# boundaries and far tails. log-densities and log-CDFs come from closed forms evaluated in mpmath
# at 100 digits (700 for the Wald CDF's upper tail) and are cross-checked against scipy.stats (a warning on stderr where they differ
# by more than 1e-9, which only happens where SciPy itself loses accuracy in a tail); quantiles
# are roots of those log-CDFs found by mpmath from scipy.stats' ppf (or a closed form where
# SciPy lacks the distribution). Run:
#   python3 scripts/reference/continuous_logp_reference.py > Tests/LogProbTests/ContinuousReference.swift
import sys
import warnings

import mpmath as mp
import numpy as np
import scipy
from scipy import special, stats

mp.mp.dps = 100
warnings.filterwarnings("ignore")

INF = mp.inf


def mpf(x):
    return mp.mpf(x)


def log(x):
    return mp.log(x) if x > 0 else (-INF if x == 0 else mp.nan)


def log1mexp(t):
    """log(1 - e^t) for t <= 0 without losing a tiny e^t to the working precision."""
    return mp.log(-mp.expm1(t)) if t > -1 else mp.log1p(-mp.exp(t))


def log_ncdf(z):
    # Φ(z) for z > 0 as 1 - Φ(-z): mp.ncdf keeps 50 digits of the small tail.
    return mp.log1p(-mp.ncdf(-z)) if z > 0 else log(mp.ncdf(z))


def normal_lp(x, mu, s):
    z = (x - mu) / s
    return -z * z / 2 - mp.log(s) - mp.log(mp.sqrt(2 * mp.pi))


def t_tail(z, nu):
    """P(T < -|z|) for Student's t with nu degrees of freedom; 0 where the density's kernel
    (1 + z²/nu)^(-(nu+1)/2) is below e^-800, so the tail's log is far below the table's -700 cutoff
    (there, at large nu, mpmath's series for I_x(nu/2, 1/2) with x near 1 do not converge)."""
    if (nu + 1) / 2 * mp.log1p(z * z / nu) > 800:
        return mpf(0)
    return mp.betainc(nu / 2, mpf(0.5), 0, nu / (nu + z * z), regularized=True) / 2


def t_lp(x, nu, mu, s):
    z = (x - mu) / s
    return (mp.loggamma((nu + 1) / 2) - mp.loggamma(nu / 2) - mp.log(nu * mp.pi) / 2 - mp.log(s)
            - (nu + 1) / 2 * mp.log1p(z * z / nu))


def t_lc(x, nu, mu, s):
    z = (x - mu) / s
    tail = t_tail(z, nu)
    return log(tail) if z < 0 else mp.log1p(-tail)


# Each distribution: parameter rows; points (a function of the row); mpmath logp and logcdf
# (None where there is none); a frozen scipy distribution (None where SciPy lacks it); the
# quantile (None: SciPy's ppf) and whether the library has an icdf.
D = {}


def dist(name, rows, points, lp, lc=None, sp=None, icdf=False, ppf=None, qs=None, incomplete=False):
    """`incomplete`: the CDF is a regularized incomplete gamma or beta function, which underflows
    below e^-745 in double precision, so log-CDFs below -700 are left out of the table."""
    D[name] = dict(rows=rows, points=points, lp=lp, lc=lc, sp=sp, icdf=icdf, ppf=ppf, qs=qs, incomplete=incomplete)


def loc_scale(zs):
    return lambda p: [p[0] + p[1] * z for z in zs]


Q = [0.0, 1e-300, 1e-20, 1e-5, 0.1, 0.5, 0.77, 1 - 1e-10, 1.0]
Q_FINITE = [1e-20, 1e-5, 0.1, 0.5, 0.77, 0.999, 1 - 1e-10]

Z = [-38.0, -10.0, -3.0, -1.0, 0.0, 0.5, 2.0, 9.0, 30.0]
dist("normal", [(0.0, 1.0), (1.5, 0.3), (-2.0, 40.0)], loc_scale(Z),
     lambda x, mu, s: normal_lp(x, mu, s),
     lambda x, mu, s: log_ncdf((x - mu) / s),
     lambda mu, s: stats.norm(mu, s), icdf=True, qs=Q)


def halfnormal_lp(x, loc, s):
    return -INF if x < loc else mp.log(2) + normal_lp(x, loc, s)


def halfnormal_lc(x, loc, s):
    if x < loc:
        return -INF
    z = (x - loc) / s
    return log(mp.erf(z / mp.sqrt(2))) if z < 3 else mp.log1p(-mp.erfc(z / mp.sqrt(2)))


dist("halfnormal", [(0.0, 1.0), (1.0, 2.5), (-3.0, 0.01)],
     lambda p: [p[0] + p[1] * z for z in [-1.0, 0.0, 1e-8, 0.3, 1.0, 4.0, 30.0]],
     halfnormal_lp, halfnormal_lc, lambda loc, s: stats.halfnorm(loc, s), icdf=True, qs=Q)


def truncnorm_z(mu, s, a, b):
    a_, b_ = (a - mu) / s, (b - mu) / s
    if a_ > 0:
        return mp.ncdf(-a_) - mp.ncdf(-b_)
    return mp.ncdf(b_) - mp.ncdf(a_)


def truncnorm_lp(x, mu, s, a, b):
    if x < a or x > b:
        return -INF
    return normal_lp(x, mu, s) - mp.log(truncnorm_z(mu, s, a, b))


def truncnorm_lc(x, mu, s, a, b):
    if x <= a:
        return -INF
    if x >= b:
        return mpf(0)
    a_, z = (a - mu) / s, (x - mu) / s
    num = mp.ncdf(-a_) - mp.ncdf(-z) if a_ > 0 else mp.ncdf(z) - mp.ncdf(a_)
    return mp.log(num / truncnorm_z(mu, s, a, b))


TN_ROWS = [(0.0, 1.0, -1.0, 2.0), (0.5, 2.0, -np.inf, 1.0), (0.0, 1.0, 0.0, np.inf),
           (0.0, 1.0, 8.0, 9.0), (0.0, 1.0, -40.0, -38.0), (3.0, 0.5, 2.9, 3.1)]


def tn_points(p):
    mu, s, a, b = p
    lo = a if np.isfinite(a) else mu - 6 * s
    hi = b if np.isfinite(b) else mu + 6 * s
    return [lo - 1.0, lo, lo + 0.25 * (hi - lo), lo + 0.5 * (hi - lo), lo + 0.9 * (hi - lo), hi, hi + 1.0]


dist("truncated_normal", TN_ROWS, tn_points, truncnorm_lp, truncnorm_lc,
     lambda mu, s, a, b: stats.truncnorm((a - mu) / s, (b - mu) / s, mu, s))

TZ = [-1e4, -30.0, -2.0, -0.3, 0.0, 0.1, 1.5, 7.0, 1e5]
dist("t", [(1.0, 0.0, 1.0), (4.5, 1.0, 2.0), (0.3, -1.0, 0.5), (1e6, 0.0, 1.0), (1e10, 0.0, 1.0), (30.0, 2.0, 1e-3)],
     lambda p: [p[1] + p[2] * z for z in TZ],
     t_lp, t_lc, lambda nu, mu, s: stats.t(nu, mu, s), icdf=True, qs=Q_FINITE, incomplete=True)


def halft_lp(x, nu, s):
    return -INF if x < 0 else mp.log(2) + t_lp(x, nu, 0, s)


def halft_lc(x, nu, s):
    if x <= 0:
        return -INF
    z = x / s
    if z * z < nu:
        return log(mp.betainc(mpf(0.5), nu / 2, 0, z * z / (nu + z * z), regularized=True))
    return mp.log1p(-2 * t_tail(z, nu))


def halft_ppf(q, nu, s):
    return s * stats.t.ppf((1 + q) / 2, nu) if q < 0.5 else -s * stats.t.ppf((1 - q) / 2, nu)


dist("halfstudentt", [(1.0, 1.0), (5.0, 2.0), (0.5, 0.1), (1e5, 1.0)],
     lambda p: [p[1] * z for z in [-1.0, 0.0, 1e-6, 0.4, 1.0, 3.0, 50.0, 1e6]],
     halft_lp, halft_lc, None, icdf=True, ppf=halft_ppf, qs=[1e-20, 1e-5, 0.1, 0.5, 0.77, 0.999],
     incomplete=True)

def cauchy_lc(z):
    # ½ + atan(z)/π cancels for z << 0, where it equals atan(-1/z)/π.
    return log(mp.atan(-1 / z) / mp.pi) if z < 0 else log(mpf(0.5) + mp.atan(z) / mp.pi)


CZ = [-1e8, -50.0, -2.0, -0.5, 0.0, 0.5, 1.0, 3.0, 1e9]
dist("cauchy", [(0.0, 1.0), (2.0, 0.5), (-1.0, 30.0)], loc_scale(CZ),
     lambda x, a, b: -mp.log(mp.pi * b * (1 + ((x - a) / b) ** 2)),
     lambda x, a, b: cauchy_lc((x - a) / b),
     lambda a, b: stats.cauchy(a, b), icdf=True, qs=Q)


def halfcauchy_lp(x, loc, b):
    return -INF if x < loc else mp.log(2) - mp.log(mp.pi * b * (1 + ((x - loc) / b) ** 2))


def halfcauchy_lc(x, loc, b):
    return -INF if x < loc else log(2 * mp.atan((x - loc) / b) / mp.pi)


dist("halfcauchy", [(0.0, 1.0), (1.0, 2.0), (-2.0, 1e-3)],
     lambda p: [p[0] + p[1] * z for z in [-0.5, 0.0, 1e-9, 0.5, 1.0, 3.0, 1e10]],
     halfcauchy_lp, halfcauchy_lc, lambda loc, b: stats.halfcauchy(loc, b), icdf=True, qs=Q)


def expon_lp(x, mu):
    return -INF if x < 0 else -mp.log(mu) - x / mu


def expon_lc(x, mu):
    return -INF if x <= 0 else log1mexp(-x / mu)


dist("exponential", [(1.0,), (0.01,), (250.0,)],
     lambda p: [p[0] * z for z in [-1.0, 0.0, 1e-12, 0.3, 1.0, 5.0, 700.0]],
     expon_lp, expon_lc, lambda mu: stats.expon(scale=mu), icdf=True, qs=Q)


def gamma_lp(x, a, scale):
    if x < 0:
        return -INF
    if x == 0:
        return -mp.log(scale) if a == 1 else (INF if a < 1 else -INF)
    y = x / scale
    return -mp.loggamma(a) + (a - 1) * mp.log(y) - y - mp.log(scale)


def gamma_lc(x, a, scale):
    if x <= 0:
        return -INF
    y = x / scale
    if y < a:
        return log(mp.gammainc(a, 0, y, regularized=True))
    return mp.log1p(-mp.gammainc(a, y, INF, regularized=True))


GAMMA_ROWS = [(1.0, 1.0), (0.5, 2.0), (3.0, 0.5), (1e-3, 1.0), (150.0, 0.01), (1e4, 1.0)]


def gamma_points(p):
    a, scale = p
    m = a * scale
    sd = np.sqrt(a) * scale
    # 0.3 m and 0.39 (a + 1) scale: at large a, P underflows there and the series needs its 40 terms.
    return [-1.0, 0.0, 1e-6 * scale, 0.3 * m, 0.39 * (a + 1) * scale, max(m - 3 * sd, 1e-3 * m), m, m + 4 * sd,
            m + 40 * sd + 30 * scale]


# The gamma log-CDF stays finite where P underflows (its series), so every point is kept.
dist("gamma", GAMMA_ROWS, gamma_points, gamma_lp, gamma_lc,
     lambda a, scale: stats.gamma(a, scale=scale), icdf=True, qs=Q_FINITE)


def invgamma_lp(x, a, b):
    if x <= 0:
        return -INF
    return a * mp.log(b) - mp.loggamma(a) - (a + 1) * mp.log(x) - b / x


def invgamma_lc(x, a, b):
    if x <= 0:
        return -INF
    y = b / x
    if y > a:
        return log(mp.gammainc(a, y, INF, regularized=True))
    return mp.log1p(-mp.gammainc(a, 0, y, regularized=True))


def invgamma_points(p):
    a, b = p
    mode = b / (a + 1)
    # mode 1e-3 and mode 0.2 (at a = 500): Q underflows there and its continued fraction takes over.
    return [-1.0, 0.0, mode * 1e-3, mode * 1e-2, mode * 0.2, mode * 0.5, mode, mode * 3, mode * 100, mode * 1e6]


# The inverse-gamma log-CDF stays finite where Q underflows, so every point is kept.
dist("invgamma", [(1.0, 1.0), (3.0, 0.5), (0.2, 2.0), (500.0, 100.0)], invgamma_points,
     invgamma_lp, invgamma_lc, lambda a, b: stats.invgamma(a, scale=b), icdf=True, qs=Q_FINITE)


def beta_lp(x, a, b):
    if x < 0 or x > 1:
        return -INF
    la = 0 if a == 1 else (a - 1) * log(x)
    lb = 0 if b == 1 else (b - 1) * log(1 - x)
    return la + lb - mp.log(mp.beta(a, b))


def beta_lc(x, a, b):
    if x <= 0:
        return -INF
    if x >= 1:
        return mpf(0)
    if x > a / (a + b):
        return mp.log1p(-mp.betainc(b, a, 0, 1 - x, regularized=True))
    return mp.log(mp.betainc(a, b, 0, x, regularized=True))


# The beta log-CDF stays finite where I_x underflows (its series), so every point is kept.
dist("beta", [(1.0, 1.0), (0.5, 0.5), (2.0, 5.0), (1e-2, 3.0), (300.0, 700.0), (1.0, 4.0)],
     lambda p: [-0.1, 0.0, 1e-200, 1e-10, 0.01, 0.3, 0.5, 0.9, 1 - 1e-9, 1.0, 1.2],
     beta_lp, beta_lc, lambda a, b: stats.beta(a, b), icdf=True, qs=Q_FINITE)


def kuma_lp(x, a, b):
    if x < 0 or x > 1:
        return -INF
    la = 0 if a == 1 else (a - 1) * log(x)
    lb = 0 if b == 1 else (b - 1) * log(1 - x ** a)
    return mp.log(a) + mp.log(b) + la + lb


def kuma_lc(x, a, b):
    if x <= 0:
        return -INF
    if x >= 1:
        return mpf(0)
    return log1mexp(b * mp.log1p(-x ** a))


def kuma_ppf(q, a, b):
    q = mpf(q)
    return (1 - (1 - q) ** (1 / b)) ** (1 / a)


dist("kumaraswamy", [(1.0, 1.0), (0.5, 0.5), (2.0, 5.0), (5.0, 0.3), (0.05, 20.0)],
     lambda p: [-0.1, 0.0, 1e-10, 0.01, 0.3, 0.5, 0.9, 1 - 1e-9, 1.0, 1.2],
     kuma_lp, kuma_lc, None, icdf=True, ppf=kuma_ppf, qs=Q)


def lognormal_lp(x, mu, s):
    return -INF if x <= 0 else normal_lp(mp.log(x), mu, s) - mp.log(x)


def lognormal_lc(x, mu, s):
    return -INF if x <= 0 else log_ncdf((mp.log(x) - mu) / s)


dist("lognormal", [(0.0, 1.0), (2.0, 0.25), (-1.0, 3.0)],
     lambda p: [-1.0, 0.0] + [float(mp.exp(p[0] + p[1] * z)) for z in [-30.0, -2.0, 0.0, 0.7, 3.0, 25.0]],
     lognormal_lp, lognormal_lc, lambda mu, s: stats.lognorm(s, scale=np.exp(mu)), icdf=True, qs=Q)


def logit(x):
    return mp.log(x) - mp.log1p(-x)


def logitnormal_lp(x, mu, s):
    if x <= 0 or x >= 1:
        return -INF
    return normal_lp(logit(x), mu, s) - mp.log(x) - mp.log1p(-x)


def logitnormal_lc(x, mu, s):
    if x <= 0:
        return -INF
    if x >= 1:
        return mpf(0)
    return log_ncdf((logit(x) - mu) / s)


def logitnormal_ppf(q, mu, s):
    return 1 / (1 + mp.exp(-(mu + s * mpf(special.ndtri(q)))))


dist("logit_normal", [(0.0, 1.0), (1.0, 0.5), (-2.0, 3.0)],
     lambda p: [-0.5, 0.0, 1e-12, 0.05, 0.3, 0.5, 0.8, 1 - 1e-9, 1.0, 2.0],
     logitnormal_lp, logitnormal_lc, None, icdf=True, ppf=logitnormal_ppf, qs=[0.0, 1e-20, 1e-5, 0.1, 0.5, 0.77, 1.0])


def uniform_lp(x, l, u):
    return -mp.log(u - l) if l <= x <= u else -INF


def uniform_lc(x, l, u):
    if x < l:
        return -INF
    if x >= u:
        return mpf(0)
    return mp.log((x - l) / (u - l))


dist("uniform", [(0.0, 1.0), (-3.0, 5.0), (1e6, 1e6 + 1e-3)],
     lambda p: [p[0] - 1, p[0], p[0] + 0.3 * (p[1] - p[0]), p[1], p[1] + 1],
     uniform_lp, uniform_lc, lambda l, u: stats.uniform(l, u - l), icdf=True, qs=Q)

dist("flat", [()], lambda p: [-np.inf, -1e300, -2.0, 0.0, 3.5, 1e300, np.inf],
     lambda x: mpf(0), lambda x: -INF if x == -INF else (mpf(0) if x == INF else mp.log(mpf(0.5))))

dist("halfflat", [()], lambda p: [-np.inf, -1.0, 0.0, 3.5, 1e300, np.inf],
     lambda x: -INF if x < 0 else mpf(0), lambda x: mpf(0) if x == INF else -INF)


def laplace_lc(x, mu, b):
    z = (x - mu) / b
    return z - mp.log(2) if z <= 0 else mp.log1p(-mp.exp(-z) / 2)


dist("laplace", [(0.0, 1.0), (2.0, 0.5), (-1.0, 40.0)], loc_scale([-700.0, -3.0, -1e-3, 0.0, 0.2, 2.0, 40.0]),
     lambda x, mu, b: -mp.log(2 * b) - abs(x - mu) / b, laplace_lc,
     lambda mu, b: stats.laplace(mu, b), icdf=True, qs=Q)


def alaplace_lp(x, b, k, mu):
    d = x - mu
    return mp.log(b / (k + 1 / k)) + (-d * b * k if d >= 0 else d * b / k)


def alaplace_lc(x, b, k, mu):
    d = x - mu
    if d < 0:
        return 2 * mp.log(k) - mp.log1p(k * k) + d * b / k
    return mp.log1p(-mp.exp(-d * b * k) / (1 + k * k))


def alaplace_ppf(q, b, k, mu):
    q = mpf(q)
    if q <= k * k / (1 + k * k):
        return mu + k / b * log(q * (1 + k * k) / (k * k))
    return mu - log((1 - q) * (1 + k * k)) / (k * b)


dist("asymmetriclaplace", [(1.0, 1.0, 0.0), (2.0, 0.5, 1.0), (0.5, 3.0, -2.0)],
     lambda p: [p[2] + z / p[0] for z in [-300.0, -3.0, -0.1, 0.0, 0.1, 2.0, 30.0]],
     alaplace_lp, alaplace_lc, lambda b, k, mu: stats.laplace_asymmetric(k, loc=mu, scale=1 / b),
     icdf=True, ppf=alaplace_ppf, qs=Q)


def weibull_lp(x, a, b):
    if x < 0:
        return -INF
    if x == 0:
        return mp.log(a) - mp.log(b) if a == 1 else (INF if a < 1 else -INF)
    y = x / b
    return mp.log(a) - mp.log(b) + (a - 1) * mp.log(y) - y ** a


def weibull_lc(x, a, b):
    return -INF if x <= 0 else log1mexp(-(x / b) ** a)


dist("weibull", [(1.0, 1.0), (0.5, 2.0), (3.5, 0.2), (40.0, 1.0)],
     lambda p: [p[1] * z for z in [-1.0, 0.0, 1e-9, 0.3, 1.0, 1.05, 2.5, 40.0]],
     weibull_lp, weibull_lc, lambda a, b: stats.weibull_min(a, scale=b), icdf=True, qs=Q)

dist("chisquare", [(1.0,), (2.0,), (7.5,), (0.01,), (2000.0,)],
     lambda p: gamma_points((p[0] / 2, 2.0)),
     lambda x, nu: gamma_lp(x, nu / 2, mpf(2)), lambda x, nu: gamma_lc(x, nu / 2, mpf(2)),
     lambda nu: stats.chi2(nu), icdf=True, qs=Q_FINITE)


def pareto_lp(x, a, m):
    return -INF if x < m else mp.log(a) + a * mp.log(m) - (a + 1) * mp.log(x)


def pareto_lc(x, a, m):
    return -INF if x <= m else log1mexp(a * mp.log(m / x))


dist("pareto", [(1.0, 1.0), (3.0, 0.5), (0.2, 10.0), (50.0, 2.0)],
     lambda p: [p[1] * z for z in [0.5, 1.0, 1 + 1e-12, 1.1, 2.0, 10.0, 1e8]],
     pareto_lp, pareto_lc, lambda a, m: stats.pareto(a, scale=m), icdf=True, qs=Q)


def wald_lp(x, mu, lam, alpha):
    y = x - alpha
    if y <= 0:
        return -INF
    return (mp.log(lam / (2 * mp.pi)) / 2 - mpf(1.5) * mp.log(y) - lam * (y - mu) ** 2 / (2 * mu * mu * y))


def wald_lc(x, mu, lam, alpha):
    y = x - alpha
    if y <= 0:
        return -INF
    r = mp.sqrt(lam / y)
    if y < mu:
        return mp.log(mp.ncdf(r * (y / mu - 1)) + mp.exp(2 * lam / mu) * mp.ncdf(-r * (y / mu + 1)))
    with mp.workdps(700):
        upper = mp.ncdf(-r * (y / mu - 1)) - mp.exp(2 * lam / mu) * mp.ncdf(-r * (y / mu + 1))
        return mp.log1p(-upper)


dist("wald", [(1.0, 1.0, 0.0), (2.0, 0.5, 1.0), (0.5, 20.0, 0.0), (3.0, 300.0, 2.0)],
     lambda p: [p[2] - 1.0, p[2], p[2] + 1e-3 * p[0], p[2] + 0.3 * p[0], p[2] + p[0], p[2] + 3 * p[0], p[2] + 30 * p[0]],
     wald_lp, wald_lc, lambda mu, lam, alpha: stats.invgauss(mu / lam, loc=alpha, scale=lam))


def exgauss_lp(x, mu, s, nu):
    z = (x - mu) / s
    return -mp.log(nu) + (mu - x) / nu + s * s / (2 * nu * nu) + log(mp.ncdf(z - s / nu))


def exgauss_lc(x, mu, s, nu):
    z = (x - mu) / s
    second = mp.exp((mu - x) / nu + s * s / (2 * nu * nu)) * mp.ncdf(z - s / nu)
    return log(mp.ncdf(z) - second)


dist("exgaussian", [(0.0, 1.0, 1.0), (1.0, 2.0, 0.05), (-2.0, 0.5, 4.0), (0.0, 1.0, 1e-3), (0.0, 1.0, 300.0)],
     lambda p: [p[0] + p[1] * z for z in [-30.0, -5.0, -1.0, 0.0, 0.5, 3.0, 12.0, 80.0]],
     exgauss_lp, exgauss_lc, lambda mu, s, nu: stats.exponnorm(nu / s, loc=mu, scale=s))

GZ = [-3.5, -1.0, 0.0, 0.4, 3.0, 30.0, 700.0]
dist("gumbel", [(0.0, 1.0), (1.0, 2.0), (-5.0, 0.1)], loc_scale(GZ),
     lambda x, mu, b: -(x - mu) / b - mp.exp(-(x - mu) / b) - mp.log(b),
     lambda x, mu, b: -mp.exp(-(x - mu) / b), lambda mu, b: stats.gumbel_r(mu, b), icdf=True, qs=Q)

LZ = [-700.0, -40.0, -3.0, 0.0, 0.5, 3.0, 40.0, 700.0]
dist("logistic", [(0.0, 1.0), (1.0, 2.0), (-5.0, 0.1)], loc_scale(LZ),
     lambda x, mu, s: -(x - mu) / s - mp.log(s) - 2 * mp.log1p(mp.exp(-(x - mu) / s)),
     lambda x, mu, s: -mp.log1p(mp.exp(-(x - mu) / s)), lambda mu, s: stats.logistic(mu, s), icdf=True, qs=Q)

def moyal_lc(x, mu, s):
    t = mp.exp(-(x - mu) / (2 * s)) / mp.sqrt(2)
    return mp.log1p(-mp.erf(t)) if t < 1 else mp.log(mp.erfc(t))


MZ = [-12.0, -3.0, -1.0, 0.0, 0.5, 3.0, 30.0, 200.0]
dist("moyal", [(0.0, 1.0), (1.0, 2.0), (-5.0, 0.1)], loc_scale(MZ),
     lambda x, mu, s: -((x - mu) / s + mp.exp(-(x - mu) / s)) / 2 - mp.log(s) - mp.log(2 * mp.pi) / 2,
     lambda x, mu, s: moyal_lc(x, mu, s),
     lambda mu, s: stats.moyal(mu, s), icdf=True, qs=Q_FINITE)


def rice_lp(x, b, s):
    if x <= 0:
        return -INF
    y = x / s
    return mp.log(y) - mp.log(s) - (y * y + b * b) / 2 + mp.log(mp.besseli(0, y * b))


dist("rice", [(0.0, 1.0), (1.0, 1.0), (4.0, 0.5), (100.0, 2.0)],
     lambda p: [-1.0, 0.0, 1e-6 * p[1], 0.5 * p[1], p[0] * p[1], (p[0] + 3) * p[1], (p[0] + 20) * p[1]],
     rice_lp, None, lambda b, s: stats.rice(b, scale=s))


def skewnorm_lp(x, mu, s, a):
    z = (x - mu) / s
    return mp.log(2) + normal_lp(x, mu, s) + log_ncdf(a * z)


dist("skewnormal", [(0.0, 1.0, 0.0), (1.0, 2.0, 3.0), (-1.0, 0.5, -10.0), (0.0, 1.0, 200.0)],
     lambda p: [p[0] + p[1] * z for z in [-20.0, -3.0, -0.5, 0.0, 0.3, 2.0, 12.0]],
     skewnorm_lp, None, lambda mu, s, a: stats.skewnorm(a, mu, s))


def tri_lp(x, l, c, u):
    if x < l or x > u:
        return -INF
    if x < c:
        return mp.log(2 * (x - l) / ((u - l) * (c - l)))
    if x > c:
        return mp.log(2 * (u - x) / ((u - l) * (u - c)))
    return mp.log(2 / (u - l))


def tri_lc(x, l, c, u):
    if x <= l:
        return -INF
    if x <= c:
        return mp.log((x - l) ** 2 / ((u - l) * (c - l)))
    if x < u:
        return mp.log1p(-(u - x) ** 2 / ((u - l) * (u - c)))
    return mpf(0)


dist("triangular", [(0.0, 0.5, 1.0), (-2.0, 0.0, 5.0), (1.0, 1.0, 3.0), (0.0, 2.0, 2.0)],
     lambda p: [p[0] - 1, p[0], p[0] + 0.1 * (p[2] - p[0]), p[1], p[0] + 0.8 * (p[2] - p[0]), p[2] - 1e-9, p[2], p[2] + 1],
     tri_lp, tri_lc, lambda l, c, u: stats.triang((c - l) / (u - l), l, u - l), icdf=True, qs=Q)


def vm_lp(x, mu, k):
    if x < -mp.pi or x > mp.pi:
        return -INF
    return k * mp.cos(x - mu) - mp.log(2 * mp.pi * mp.besseli(0, k))


def vm_scipy(mu, k):
    return stats.vonmises(k, loc=mu)


dist("vonmises", [(0.0, 1.0), (0.5, 0.01), (-1.0, 40.0), (2.0, 800.0)],
     lambda p: [-4.0, -np.pi, -1.0, 0.0, p[0], 1.3, 3.0, np.pi, 3.5],
     vm_lp, None, vm_scipy)


def quantile(d, q, row, prow, label):
    """The quantile at q: SciPy's ppf (or the closed form) as the start of a root search of the
    mpmath log-CDF, log F(x) = log q below the median and log(1 - F(x)) = log(1 - q) above."""
    sp = d["sp"](*row) if d["sp"] else None
    start = d["ppf"](q, *row) if d["ppf"] else sp.ppf(q)
    start = mpf(start)
    if q in (0.0, 1.0) or not mp.isfinite(start):
        return start
    lq, lq1 = mp.log(mpf(q)), mp.log1p(-mpf(q))

    def f(x):
        """Increasing in x, zero at the quantile."""
        lc = d["lc"](x, *prow)
        return lc - lq if q <= 0.5 else lq1 - log1mexp(lc)

    # Bracket the root around the start (values outside the support give -inf or +inf,
    # which order correctly), then bisect to 40 significant digits.
    w = max(abs(start) * mpf(10) ** -6, mpf(10) ** -300)
    lo, hi = start - w, start + w
    while f(lo) > 0:
        lo, w = lo - w, 2 * w
    while f(hi) < 0:
        hi, w = hi + w, 2 * w
    for _ in range(5000):
        mid = (lo + hi) / 2
        if hi - lo <= mpf(10) ** -40 * abs(mid):
            break
        if f(mid) < 0:
            lo = mid
        else:
            hi = mid
    root = (lo + hi) / 2
    if abs(root - start) > 1e-12 * abs(root) + 1e-30:
        print(f"note: {label}: mpmath quantile {float(root)!r}, start {float(start)!r}", file=sys.stderr)
    return root


def fmt(v):
    v = mpf(v) if not isinstance(v, mp.mpf) else v
    if mp.isnan(v):
        return "nan"
    if mp.isinf(v):
        return "inf" if v > 0 else "-inf"
    return repr(float(v))


def check(label, ref, sp_value):
    """Warn when SciPy disagrees with the mpmath reference (SciPy is only a cross-check here)."""
    if sp_value is None:
        return
    r = float(ref)
    if np.isnan(r) and np.isnan(sp_value):
        return
    if r == sp_value:
        return
    if np.isfinite(r) and np.isfinite(sp_value) and abs(sp_value - r) <= 1e-9 * max(abs(r), 1e-300):
        return
    print(f"note: {label}: mpmath {r!r}, scipy {sp_value!r}", file=sys.stderr)


def scipy_value(frozen, fn, x):
    if frozen is None:
        return None
    with np.errstate(all="ignore"):
        return float(getattr(frozen, fn)(x))


def main():
    lines = []
    for name, d in D.items():
        for row in d["rows"]:
            prow = tuple(mpf(p) for p in row)
            sp = d["sp"](*row) if d["sp"] else None
            ptext = ",".join(repr(float(p)) for p in row) or "-"
            for x in d["points"](row):
                ref = d["lp"](mpf(x), *prow)
                if not (name == "vonmises" and (x < row[0] - np.pi or x > row[0] + np.pi or abs(x) > np.pi)):
                    check(f"{name}{row} logp({x})", ref, scipy_value(sp, "logpdf", x))
                lines.append(f"{name} logp {ptext} {float(x)!r} {fmt(ref)}")
                if d["lc"]:
                    ref = d["lc"](mpf(x), *prow)
                    if d["incomplete"] and ref < -700:
                        continue
                    check(f"{name}{row} logcdf({x})", ref, scipy_value(sp, "logcdf", x))
                    lines.append(f"{name} logcdf {ptext} {float(x)!r} {fmt(ref)}")
            if d["icdf"]:
                for q in d["qs"]:
                    value = quantile(d, q, row, prow, f"{name}{row} icdf({q})")
                    lines.append(f"{name} icdf {ptext} {float(q)!r} {fmt(value)}")
                for q in [-0.5, 1.5]:
                    lines.append(f"{name} icdf {ptext} {q!r} nan")
    print("// ContinuousReference.swift — log-densities, log-CDFs and quantiles of the continuous distributions.")
    print("// Generated by scripts/reference/continuous_logp_reference.py (mpmath "
          f"{mp.__version__} at 100 digits, SciPy {scipy.__version__} as cross-check). Not produced by this library.")
    print()
    print("enum ContinuousReference {")
    print("    /// One point a line: distribution, function (logp, logcdf, icdf), parameters in the random")
    print("    /// variable's order (comma-separated, `-` for none), argument, expected value.")
    print('    static let table = """')
    for line in lines:
        print("        " + line)
    print('        """')
    print("}")


main()
