"""Discrete distributions through the Python API: logp/logcdf/icdf of pt.random variables against scipy.stats
(and mpmath closed forms where SciPy lacks the distribution), boundaries, invalid parameters, and chi-square
goodness of fit of 10^5 draws with fixed seeds, extreme parameters included."""

import math

import mpmath as mp
import numpy as np
import pytest
from scipy import stats

import swiftppl
import swiftppl.tensor as pt
from swiftppl.logprob import icdf, logcdf, logp

RTOL = 1e-10


def generator(seed):
    return swiftppl.shared(np.random.default_rng(seed))


def assert_close(got, want, rtol=RTOL, what=""):
    """-inf and NaN must match exactly; finite values to rtol relative (absolute below 1)."""
    got, want = np.broadcast_arrays(np.asarray(got, dtype=float), np.asarray(want, dtype=float))
    same_special = (got == want) | (np.isnan(got) & np.isnan(want))
    finite = np.isfinite(want)
    with np.errstate(invalid="ignore"):  # inf - inf where the specials already matched
        close = np.abs(got - want) <= rtol * np.maximum(1.0, np.abs(want))
    bad = ~(same_special | (finite & close))
    assert not bad.any(), f"{what}: got {got[bad][:8]}, want {want[bad][:8]} at {np.argwhere(bad)[:8].tolist()}"


# (op name, parameter rows, scipy distribution from the parameters). Each row is evaluated against a row of
# values; all rows at once, parameters as (R, 1) columns broadcast against (R, V) values.
SCIPY_CASES = {
    "bernoulli": ([(0.3,), (0.0,), (1.0,), (1e-12,), (0.999,)], lambda p: stats.bernoulli(p)),
    "binomial": ([(10, 0.3), (0, 0.7), (1, 0.5), (20, 0.0), (20, 1.0), (1000, 1e-4), (10**5, 0.37)],
                 lambda n, p: stats.binom(n, p)),
    "betabinom": ([(10, 2.0, 3.0), (1, 0.5, 0.5), (0, 1.0, 1.0), (50, 0.01, 100.0), (200, 2.5, 4.0), (30, 1e3, 1e-2)],
                  lambda n, a, b: stats.betabinom(n, a, b)),
    "poisson": ([(0.0,), (1e-10,), (0.5,), (3.0,), (1e3,), (2.5e4,)], lambda mu: stats.poisson(mu)),
    "nbinom": ([(5.0, 0.3), (0.5, 0.9), (1e-3, 0.5), (3.0, 1.0), (2.5, 1e-3), (40.0, 0.8)],
               lambda n, p: stats.nbinom(n, p)),
    "geometric": ([(1.0,), (0.5,), (1e-3,), (1e-9,), (0.999,)], lambda p: stats.geom(p)),
    "hypergeometric": ([(5, 7, 4), (10, 0, 3), (0, 10, 3), (100, 200, 150), (6, 3, 8), (10**5, 2 * 10**5, 500)],
                       lambda good, bad, n: ExactHypergeometric(good, bad, n)),
    "discrete_uniform": ([(-3, 5), (0, 0), (10, 10**6), (-7, -2)], lambda lo, hi: stats.randint(lo, hi + 1)),
    "integers": ([(-3, 6), (0, 1), (10, 10**6 + 1)], lambda lo, hi: stats.randint(lo, hi)),
}


class ExactHypergeometric:
    """scipy.stats.hypergeom for the support and quantiles, but its logpmf/logcdf from exact binomial
    coefficients in mpmath: SciPy's lose ~1e-10 relative at populations of 3e5 (its betaln form)."""

    def __init__(self, good, bad, n):
        self.good, self.bad, self.n = int(good), int(bad), int(n)
        self.scipy = stats.hypergeom(self.good + self.bad, self.good, self.n)
        self.support, self.ppf = self.scipy.support, self.scipy.ppf

    def _log_mass_sum(self, ks):
        with mp.workdps(40):
            total = mp.fsum(mp.binomial(self.good, k) * mp.binomial(self.bad, self.n - k) for k in ks)
            return float(mp.log(total / mp.binomial(self.good + self.bad, self.n))) if total > 0 else -math.inf

    def logpmf(self, values):
        lo, hi = self.support()
        return np.array([self._log_mass_sum([int(x)]) if x == math.floor(x) and lo <= x <= hi else -math.inf
                         for x in values])

    def logcdf(self, values):
        lo, hi = self.support()
        return np.array([self._log_mass_sum(range(int(lo), int(min(x, hi)) + 1)) if x >= lo else -math.inf
                         for x in values])


def value_grid(dist):
    """Values around and inside the support: below it, its edges, non-integers, quantiles, above it."""
    lo, hi = dist.support()
    inner = dist.ppf([0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
    top = hi if np.isfinite(hi) else dist.ppf(1 - 1e-12)
    points = [lo - 1, lo, lo + 0.5, lo + 1, lo + 2, *inner, inner[3] + 0.25, top - 1, top, top + 1, -3.5]
    return np.array(points, dtype=float)


def table(name):
    rows, make = SCIPY_CASES[name]
    dists = [make(*row) for row in rows]
    values = np.stack([value_grid(d) for d in dists])
    columns = [np.array([row[i] for row in rows], dtype=float)[:, None] for i in range(len(rows[0]))]
    rv = getattr(pt.random, name)(*columns, rng=generator(0))
    return rv, dists, values


@pytest.mark.parametrize("name", sorted(SCIPY_CASES))
def test_logp_against_scipy(name):
    rv, dists, values = table(name)
    got = logp(rv, values).eval()
    assert got.shape == values.shape
    want = np.stack([d.logpmf(v) for d, v in zip(dists, values)])
    assert_close(got, want, what=f"{name} logp")


@pytest.mark.parametrize("name", sorted(SCIPY_CASES))
def test_logcdf_against_scipy(name):
    rv, dists, values = table(name)
    got = logcdf(rv, values).eval()
    # SciPy's CDF is a step function of floor(x) (hypergeom's cdf is NaN between integers, so floor first);
    # where it underflows before its log (below e^-700) it gives -inf: those entries are not compared.
    want = np.stack([d.logcdf(np.floor(v)) for d, v in zip(dists, values)])
    underflow = np.isneginf(want) & (np.floor(values) >= np.array([d.support()[0] for d in dists])[:, None])
    want = np.where(underflow, got, want)
    assert_close(got, want, what=f"{name} logcdf")


@pytest.mark.parametrize("name,params", [("poisson", (1e-10,)), ("poisson", (0.5,)), ("poisson", (40.0,)),
                                         ("binomial", (50, 0.3)), ("binomial", (10**6, 0.8)), ("binomial", (40, 1e-6)),
                                         ("nbinom", (3.0, 0.4)), ("nbinom", (0.2, 0.999)), ("nbinom", (500.0, 0.01))])
def test_logcdf_near_one_keeps_relative_accuracy(name, params):
    # Far above the mode log F = log1p(-sf) is tiny; SciPy's sf keeps its relative accuracy there.
    dist = {"poisson": stats.poisson, "binomial": stats.binom, "nbinom": stats.nbinom}[name](*params)
    x = np.floor(dist.ppf(0.999)) + np.array([0.0, 1.0, 3.0, 10.0])
    want = np.log1p(-dist.sf(x))
    assert (want < 0).all()
    got = logcdf(getattr(pt.random, name)(*params, rng=generator(0)), x).eval()
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=0)


@pytest.mark.parametrize("name", ["bernoulli", "geometric", "discrete_uniform", "integers"])
def test_icdf_against_scipy(name):
    rows, make = SCIPY_CASES[name]
    if name == "geometric":
        rows = [r for r in rows if r[0] < 1]  # SciPy's geom.ppf is 0 (outside the support) for p = 1
    q = np.array([0.0, 1e-9, 0.1, 0.25, 0.3, 0.5, 0.7, 0.75, 0.9, 1 - 1e-9, 1.0])
    for row in rows:
        rv = getattr(pt.random, name)(*row, rng=generator(0))
        assert_close(icdf(rv, q).eval(), make(*row).ppf(q), rtol=0, what=f"{name}{row} icdf")
        assert np.isnan(icdf(rv, [-0.1, 1.5]).eval()).all()


def test_geometric_icdf_at_p_one_is_one():
    rv = pt.random.geometric(1.0, rng=generator(0))
    np.testing.assert_array_equal(icdf(rv, [0.0, 0.3, 1.0]).eval(), [0.0, 1.0, 1.0])


def test_integer_values_and_scalar_broadcasting():
    # int64 values (what draws are) give the float values' numbers; one value against many parameters.
    rv = pt.random.binomial(12, np.array([0.1, 0.5, 0.9]), rng=generator(0))
    ints = np.array([0, 3, 12], dtype=np.int64)
    np.testing.assert_array_equal(logp(rv, ints).eval(), logp(rv, ints.astype(float)).eval())
    assert_close(logp(rv, ints).eval(), stats.binom.logpmf(ints, 12, [0.1, 0.5, 0.9]))
    assert_close(logp(rv, 4).eval(), stats.binom.logpmf(4, 12, [0.1, 0.5, 0.9]))
    assert_close(logcdf(rv, np.int64(4)).eval(), stats.binom.logcdf(4, 12, [0.1, 0.5, 0.9]))
    rv = pt.random.betabinom(12, np.array([0.5, 2.0, 9.0]), 3.0, rng=generator(0))
    assert_close(logcdf(rv, np.int64(4)).eval(), stats.betabinom.logcdf(4, 12, [0.5, 2.0, 9.0], 3.0))


def weibull_reference(x, q, beta, cdf=False):
    """DiscreteWeibull(q, beta) with mpmath: P(X >= x) = q^(x^beta)."""
    with mp.workdps(50):
        if x < 0 or (not cdf and x != math.floor(x)):
            return -math.inf
        x = math.floor(x) if cdf else x
        q, beta = mp.mpf(q), mp.mpf(beta)
        upper = q ** ((x + 1) ** beta)
        value = 1 - upper if cdf else q ** (mp.mpf(x) ** beta) - upper
        return float(mp.log(value)) if value > 0 else -math.inf


def test_discrete_weibull_against_mpmath():
    for q, beta in [(0.5, 1.0), (0.9, 0.3), (0.1, 3.0), (0.999, 2.0), (0.95, 1.5)]:
        rv = pt.random.discrete_weibull(q, beta, rng=generator(0))
        x = np.array([-1.0, 0.0, 1.0, 2.5, 3.0, 10.0, 100.0])
        assert_close(logp(rv, x).eval(), [weibull_reference(v, q, beta) for v in x], what=f"dweibull({q}, {beta})")
        assert_close(logcdf(rv, x).eval(), [weibull_reference(v, q, beta, cdf=True) for v in x])


def test_categorical_and_dirac_delta():
    p = np.array([[0.2, 0.8, 0.0], [0.5, 0.25, 0.25]])
    rv = pt.random.categorical(p, rng=generator(0))
    with np.errstate(divide="ignore"):
        assert_close(logp(rv, [1, 2]).eval(), np.log([0.8, 0.25]))
        assert_close(logp(rv, [[2], [0]]).eval(), np.log([[0.0, 0.25], [0.2, 0.5]]))
        assert_close(logcdf(rv, [0, 1]).eval(), np.log([0.2, 0.75]))
    assert np.isneginf(logp(rv, [3, -1]).eval()).all()
    with pytest.raises(ValueError, match=r"0 <= p <= 1, sum\(p\) = 1"):
        logp(pt.random.categorical([0.5, 0.6], rng=generator(0)), 0).eval()
    delta = pt.random.diracdelta(2.0, rng=generator(0))
    np.testing.assert_array_equal(logp(delta, [2.0, 2.5]).eval(), [0.0, -np.inf])
    np.testing.assert_array_equal(logcdf(delta, [1.0, 2.0, 3.0]).eval(), [-np.inf, 0.0, 0.0])


def ordered_reference(eta, cutpoints, cdf):
    """log P(a < t <= b) for the category intervals of t = latent - eta, a symmetric latent law with CDF cdf:
    intervals above 0 are differences of upper tails, cdf(-a) - cdf(-b), so that no probability near 1 is
    subtracted (1 - Phi(200) would need ~8700 digits)."""
    def mass(a, b):
        return cdf(-a) - cdf(-b) if a > 0 else cdf(b) - cdf(a)

    with mp.workdps(60):
        edges = [-mp.inf] + [mp.mpf(c) - mp.mpf(eta) for c in cutpoints] + [mp.inf]
        return [float(mp.log(mass(a, b))) if mass(a, b) > 0 else -math.inf for a, b in zip(edges, edges[1:])]


def test_ordered_logistic_and_probit_against_mpmath():
    cut = np.array([-1.0, 0.5, 2.0])
    sigmoid = lambda t: 1 / (1 + mp.exp(-t))
    for eta in [0.3, 40.0, -40.0, -300.0]:
        rv = pt.random.ordered_logistic(eta, cut, rng=generator(0))
        assert_close(logp(rv, [0, 1, 2, 3]).eval(), ordered_reference(eta, cut, sigmoid), rtol=1e-12, what=f"logistic {eta}")
    for eta, sigma in [(0.3, 1.0), (30.0, 1.0), (-30.0, 2.5), (0.0, 0.01)]:
        rv = pt.random.ordered_probit(eta, cut, sigma, rng=generator(0))
        want = ordered_reference(eta, cut, lambda t: mp.ncdf(t / sigma))
        assert_close(logp(rv, [0, 1, 2, 3]).eval(), want, rtol=1e-10, what=f"probit {eta}, {sigma}")
    with pytest.raises(ValueError, match="cutpoints are sorted"):
        logp(pt.random.ordered_logistic(0.0, [1.0, -1.0], rng=generator(0)), 0).eval()


INVALID = [
    ("bernoulli", (1.5,), "0 <= p <= 1"),
    ("binomial", (-1, 0.5), "n >= 0, 0 <= p <= 1"),
    ("binomial", (4, 1.2), "n >= 0, 0 <= p <= 1"),
    ("betabinom", (5, 0.0, 1.0), "n >= 0, alpha > 0, beta > 0"),
    ("poisson", (-0.1,), "mu >= 0"),
    ("nbinom", (0.0, 0.5), "0 <= p <= 1, n > 0"),
    ("geometric", (1.01,), "0 <= p <= 1"),
    ("hypergeometric", (2, 3, 9), "lower <= upper"),
    ("discrete_uniform", (3, 1), "lower <= upper"),
    ("integers", (3, 3), "low < high"),
    ("discrete_weibull", (1.0, 2.0), "0 < q < 1, beta > 0"),
    ("ordered_probit", (0.0, [0.0, 1.0], -1.0), "sigma > 0"),
]


@pytest.mark.parametrize("name,params,message", INVALID)
def test_invalid_parameters_raise(name, params, message):
    rv = getattr(pt.random, name)(*params, rng=generator(0))
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        logp(rv, 1).eval()


# Goodness of fit: 10^5 draws binned by the reference distribution's quantiles (bins with an expected
# count of at least 5 after merging), Pearson's chi-square; fixed seeds make each statistic a fixed number.
DRAWS = 100_000

class Tabulated:
    """A finite discrete distribution whose cdf and ppf come from its pmf summed over the whole support
    (SciPy's generic betabinom cdf sums the pmf again for every call: minutes at n = 10^6)."""

    def __init__(self, dist):
        lo, hi = dist.support()
        self.lo, self.hi = int(lo), int(hi)
        self.cum = np.cumsum(dist.pmf(np.arange(self.lo, self.hi + 1)))

    def support(self):
        return self.lo, self.hi

    def cdf(self, x):
        k = np.clip(np.floor(x).astype(np.int64) - self.lo, -1, self.hi - self.lo)
        return np.where(k < 0, 0.0, self.cum[np.maximum(k, 0)])

    def ppf(self, q):
        return self.lo + np.searchsorted(self.cum, q, side="left").astype(float)


GOF_CASES = [
    ("bernoulli", (0.3,), stats.bernoulli(0.3)),
    ("bernoulli", (1e-3,), stats.bernoulli(1e-3)),
    ("binomial", (20, 0.3), stats.binom(20, 0.3)),
    ("binomial", (10**9, 0.3), stats.binom(10**9, 0.3)),
    ("binomial", (10**12, 2e-12), stats.binom(10**12, 2e-12)),
    ("betabinom", (30, 0.5, 2.0), stats.betabinom(30, 0.5, 2.0)),
    ("betabinom", (10**6, 0.1, 0.1), Tabulated(stats.betabinom(10**6, 0.1, 0.1))),
    ("poisson", (3.5,), stats.poisson(3.5)),
    ("poisson", (1e-3,), stats.poisson(1e-3)),
    ("poisson", (1e7,), stats.poisson(1e7)),
    ("nbinom", (2.5, 0.4), stats.nbinom(2.5, 0.4)),
    ("nbinom", (1e-2, 0.5), stats.nbinom(1e-2, 0.5)),
    ("nbinom", (1e6, 0.5), stats.nbinom(1e6, 0.5)),
    ("geometric", (0.2,), stats.geom(0.2)),
    ("geometric", (1e-7,), stats.geom(1e-7)),
    ("hypergeometric", (15, 25, 12), stats.hypergeom(40, 15, 12)),
    ("hypergeometric", (10**6, 3 * 10**6, 10**5), stats.hypergeom(4 * 10**6, 10**6, 10**5)),
    ("discrete_uniform", (-5, 10**9), stats.randint(-5, 10**9 + 1)),
    ("integers", (0, 7), stats.randint(0, 7)),
]


def chi_square_pvalue(draws, cdf, edges):
    """Pearson's test of integer draws against a CDF over the bins (-inf, e1], (e1, e2], ..., (ek, inf)."""
    cum = np.concatenate([[0.0], cdf(edges), [1.0]])
    expected = DRAWS * np.diff(cum)
    observed = np.diff(np.concatenate([[0], np.searchsorted(np.sort(draws), edges, side="right"), [len(draws)]]))
    # Merge bins with fewer than 5 expected into their neighbour.
    e_merged, o_merged = [], []
    e_acc = o_acc = 0.0
    for e, o in zip(expected, observed):
        e_acc += e
        o_acc += o
        if e_acc >= 5:
            e_merged.append(e_acc)
            o_merged.append(o_acc)
            e_acc = o_acc = 0.0
    if e_acc > 0:
        e_merged[-1] += e_acc
        o_merged[-1] += o_acc
    e_merged, o_merged = np.array(e_merged), np.array(o_merged)
    assert len(e_merged) >= 2, "the test needs at least two bins"
    statistic = ((o_merged - e_merged) ** 2 / e_merged).sum()
    return stats.chi2.sf(statistic, len(e_merged) - 1)


@pytest.mark.parametrize("case", range(len(GOF_CASES)), ids=[f"{c[0]}{c[1]}" for c in GOF_CASES])
def test_draws_goodness_of_fit(case):
    name, params, dist = GOF_CASES[case]
    draws = getattr(pt.random, name)(*params, size=DRAWS, rng=generator(1000 + case)).eval()
    assert draws.dtype == np.int64 and draws.shape == (DRAWS,)
    lo, hi = dist.support()
    assert draws.min() >= lo and draws.max() <= hi
    edges = np.unique(dist.ppf(np.linspace(0, 1, 41)[1:-1]))
    edges = edges[edges < hi] if np.isfinite(hi) else edges
    if len(edges) == 0:
        edges = np.array([lo])
    assert chi_square_pvalue(draws, dist.cdf, edges) > 1e-4


@pytest.mark.parametrize("name,params", [("discrete_weibull", (0.9, 0.7)), ("discrete_weibull", (0.01, 0.3))])
def test_discrete_weibull_draws(name, params):
    q, beta = params
    draws = pt.random.discrete_weibull(q, beta, size=DRAWS, rng=generator(77)).eval()
    cdf = lambda x: -np.expm1((np.floor(x) + 1) ** beta * np.log(q))
    edges = np.unique(np.floor(np.quantile(draws, np.linspace(0, 1, 31)[1:-1])))
    assert chi_square_pvalue(draws, cdf, edges) > 1e-4


def test_categorical_and_ordered_draws():
    p = np.array([0.05, 0.5, 0.15, 0.3])
    draws = pt.random.categorical(p, size=DRAWS, rng=generator(5)).eval()
    assert chi_square_pvalue(draws, lambda x: np.cumsum(p)[x.astype(int)], np.arange(3)) > 1e-4
    cut = np.array([-1.0, 0.5, 2.0])
    for name, params in [("ordered_logistic", (0.3, cut)), ("ordered_probit", (-0.4, cut, 1.5)),
                         ("ordered_logistic", (-6.0, cut))]:
        rv = getattr(pt.random, name)(*params, size=DRAWS, rng=generator(6))
        draws = rv.eval()
        probabilities = np.exp(logp(getattr(pt.random, name)(*params, rng=generator(0)), np.arange(4)).eval())
        assert chi_square_pvalue(draws, lambda x: np.cumsum(probabilities)[x.astype(int)], np.arange(3)) > 1e-4
