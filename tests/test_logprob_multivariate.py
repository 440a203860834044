"""Multivariate distributions from Python: log-densities against scipy.stats (batched
parameters included), support boundaries, invalid parameters, shape errors, and
goodness of fit of pt.random draws (10^5 draws, fixed seeds)."""

import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import swiftppl
import swiftppl.tensor as pt
from swiftppl.logprob import logp

# The LKJ references (closed-form constant of LKJ 2009, complex-step Jacobian of the
# Cholesky covariance) live in the script that generates the Swift tables.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts" / "reference"))
import multivariate_logp_reference as ref  # noqa: E402

N = 100_000
P_MIN = 1e-5  # fixed seeds: a deterministic test; this is the false-failure rate it was set for


def rng(seed=1):
    return swiftppl.shared(np.random.default_rng(seed))


def evaluate(x):
    return np.asarray(x.eval())


def spd(gen, k, batch=()):
    a = gen.normal(size=batch + (k, k))
    return a @ np.swapaxes(a, -1, -2) + k * np.eye(k)


def per_batch(shape, f):
    out = np.empty(shape)
    for idx in np.ndindex(*shape):
        out[idx] = f(idx)
    return out


# ------------------------------------------------------------------ log-densities vs SciPy

GAUSSIAN_FORMS = {
    "cov": ("multivariate_normal", lambda c: c),
    "tau": ("precision_multivariate_normal", np.linalg.inv),
    "chol": ("cholesky_multivariate_normal", np.linalg.cholesky),
}


@pytest.mark.parametrize("form", list(GAUSSIAN_FORMS))
def test_mvnormal_matches_scipy_with_batches(form):
    gen = np.random.default_rng(3)
    name, convert = GAUSSIAN_FORMS[form]
    mu, cov = gen.normal(size=(2, 3)), spd(gen, 3, (2,))
    x = gen.normal(size=(4, 1, 3)) * 2
    rv = getattr(pt.random, name)(mu, convert(cov), rng=rng())
    expected = per_batch((4, 2), lambda i: stats.multivariate_normal(mu[i[1]], cov[i[1]]).logpdf(x[i[0], 0]))
    np.testing.assert_allclose(evaluate(logp(rv, x)), expected, rtol=1e-11)


@pytest.mark.parametrize("form", ["scale", "tau", "chol"])
@pytest.mark.parametrize("nu", [0.7, 4.0, 300.0])
def test_mvstudentt_matches_scipy(form, nu):
    gen = np.random.default_rng(4)
    name = {"scale": "multivariate_studentt", "tau": "precision_multivariate_studentt",
            "chol": "cholesky_multivariate_studentt"}[form]
    convert = {"scale": lambda c: c, "tau": np.linalg.inv, "chol": np.linalg.cholesky}[form]
    mu, scale = gen.normal(size=4), spd(gen, 4)
    x = gen.normal(size=(6, 4)) * 3
    rv = getattr(pt.random, name)(nu, mu, convert(scale), rng=rng())
    expected = stats.multivariate_t(loc=mu, shape=scale, df=nu).logpdf(x)
    np.testing.assert_allclose(evaluate(logp(rv, x)), expected, rtol=1e-11)


SIMPLEX_ROWS = [
    ("dirichlet", [np.array([0.3, 1.0, 2.5, 7.0])]),
    ("dirichlet", [np.array([[0.5, 2.0, 1.0], [4.0, 0.1, 1.5]])]),
    ("multinomial", [10, np.array([0.2, 0.3, 0.5])]),
    ("multinomial", [np.array([5, 40]), np.array([[0.1, 0.2, 0.7], [0.25, 0.25, 0.5]])]),
    ("dirichlet_multinomial", [10, np.array([0.5, 1.0, 3.0])]),
    ("dirichlet_multinomial", [np.array([3, 12]), np.array([[0.5, 2.0, 1.0], [4.0, 0.1, 1.5]])]),
]


def scipy_simplex(name, params, x):
    if name == "dirichlet":
        return stats.dirichlet(params[0]).logpdf(x)
    if name == "multinomial":
        return stats.multinomial(params[0], params[1]).logpmf(x)
    return stats.dirichlet_multinomial(params[1], params[0]).logpmf(x)


@pytest.mark.parametrize("name,params", SIMPLEX_ROWS)
def test_simplex_family_matches_scipy(name, params):
    gen = np.random.default_rng(5)
    batch = np.shape(params[-1])[:-1]
    k = np.shape(params[-1])[-1]
    if name == "dirichlet":
        x = gen.dirichlet(np.ones(k) * 2, size=(3,) + batch)
    else:
        n = np.broadcast_to(params[0], batch)
        x = np.empty((3,) + batch + (k,), dtype=np.int64)
        for idx in np.ndindex(*((3,) + batch)):
            x[idx] = gen.multinomial(int(n[idx[1:]]), np.ones(k) / k)
    rv = getattr(pt.random, name)(*params, rng=rng())
    core = [1] if name == "dirichlet" else [0, 1]

    def at(i):
        # The parameters of batch element i[1:] (batched ones indexed, shared ones as they are).
        return [np.asarray(q)[i[1:]] if np.ndim(q) > c else q for q, c in zip(params, core)]

    expected = per_batch((3,) + batch, lambda i: scipy_simplex(name, at(i), x[i]))
    np.testing.assert_allclose(evaluate(logp(rv, x)), expected, rtol=1e-11)


@pytest.mark.parametrize("p,nu", [(3, 4.5), (2, 9.0), (4, 3.2)])
def test_wishart_matches_scipy(p, nu):
    gen = np.random.default_rng(6)
    v = spd(gen, p) / p
    xs = stats.wishart(df=nu, scale=v).rvs(size=4, random_state=gen)
    xs = (xs + np.swapaxes(xs, -1, -2)) / 2
    rv = pt.random.wishart(nu, v, rng=rng())
    got = evaluate(logp(rv, xs))
    for x, value in zip(xs, got):
        # Near nu = p - 1 draws are nearly singular (condition numbers up to ~1e9): log|X|
        # from any factorization then carries a relative error of about eps * cond(X).
        rtol = max(1e-11, 1e-16 * np.linalg.cond(x))
        np.testing.assert_allclose(value, stats.wishart(df=nu, scale=v).logpdf(x), rtol=rtol)


@pytest.mark.parametrize("n,eta", [(2, 0.5), (3, 1.0), (4, 2.5), (6, 40.0)])
def test_lkjcorr_matches_closed_form(n, eta):
    cs = np.stack([ref.random_correlation(n) for _ in range(3)])
    iu = np.triu_indices(n, 1)
    rv = pt.random.lkjcorr(n, eta, rng=rng())
    expected = [ref.lkj_logpdf(c, eta) for c in cs]
    np.testing.assert_allclose(evaluate(logp(rv, cs[:, iu[0], iu[1]])), expected, rtol=1e-11)


@pytest.mark.parametrize("n,eta", [(2, 1.0), (3, 3.0)])
def test_lkjcholeskycov_matches_change_of_variables(n, eta):
    gen = np.random.default_rng(7)
    sd = pt.exp(pt.random.normal(0.2, 0.6, size=n, rng=rng(2)))
    rv = pt.random.lkjcholeskycov(n, eta, sd, rng=rng())
    rows = []
    for _ in range(3):
        low = np.linalg.cholesky(ref.random_correlation(n)) * np.exp(gen.normal(0.2, 0.6, size=n))[:, None]
        rows.append(low[np.tril_indices(n)])
    rows = np.array(rows)
    expected = [ref.lkj_cholesky_cov_logpdf(r, n, eta, 0.2, 0.6) for r in rows]
    np.testing.assert_allclose(evaluate(logp(rv, rows)), expected, rtol=1e-10)


@pytest.mark.parametrize("shape", [(5,), (3, 4)])
def test_zerosumnormal_matches_singular_scipy_normal(shape):
    gen = np.random.default_rng(8)
    axes, sigma = len(shape), 1.7
    name = "zerosumnormal" if axes == 1 else f"zerosumnormal_{axes}d"
    rv = getattr(pt.random, name)(np.full((1,) * axes, sigma), list(shape), rng=rng())
    x = ref.zero_sum_values(gen, 3, shape)
    np.testing.assert_allclose(evaluate(logp(rv, x)), ref.zero_sum_law(shape, sigma).logpdf(x.reshape(3, -1)), rtol=1e-11)


# ------------------------------------------------------------------ support, parameters, shapes

def test_values_outside_the_support_are_minus_infinity():
    cases = [
        (pt.random.dirichlet([1.0, 2.0, 3.0], rng=rng()), [[0.2, 0.3, 0.6], [-0.1, 0.5, 0.6]]),
        (pt.random.multinomial(3, [0.5, 0.5], rng=rng()), [[2, 2], [-1, 4]]),
        (pt.random.dirichlet_multinomial(3, [1.0, 1.0], rng=rng()), [[1.5, 1.5], [3, 1]]),
        (pt.random.lkjcorr(3, 2.0, rng=rng()), [[0.9, -0.9, 0.9], [1.2, 0.0, 0.0]]),
        (pt.random.wishart(4.0, np.eye(2), rng=rng()), [[[1, 0.5], [0.4, 1]], [[1, 2], [2, 1]]]),
        (pt.random.zerosumnormal([1.0], [3], rng=rng()), [[0.5, 0.5, 0.1]]),
    ]
    for rv, values in cases:
        out = evaluate(logp(rv, np.asarray(values, dtype=float)))
        assert np.all(out == -np.inf), (rv, out)


@pytest.mark.parametrize("build,value,message", [
    (lambda: pt.random.multivariate_normal([0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]], rng=rng()), [0.0, 0.0], "posdef covariance"),
    (lambda: pt.random.precision_multivariate_normal([0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]], rng=rng()), [0.0, 0.0],
     "posdef precision"),
    (lambda: pt.random.multivariate_studentt(-1.0, [0.0, 0.0], np.eye(2), rng=rng()), [0.0, 0.0], "posdef, nu > 0"),
    (lambda: pt.random.dirichlet([1.0, 0.0], rng=rng()), [0.5, 0.5], "a > 0"),
    (lambda: pt.random.multinomial(2, [0.5, 0.6], rng=rng()), [1, 1], r"0 <= p <= 1, sum\(p\) = 1, n >= 0"),
    (lambda: pt.random.dirichlet_multinomial(2, [1.0, -1.0], rng=rng()), [1, 1], "a > 0, n >= 0"),
    (lambda: pt.random.lkjcorr(2, 0.0, rng=rng()), [0.1], "eta > 0"),
    (lambda: pt.random.wishart(0.5, np.eye(2), rng=rng()), np.eye(2), r"nu > p - 1"),
    (lambda: pt.random.zerosumnormal([-1.0], [2], rng=rng()), [0.5, -0.5], "sigma > 0"),
])
def test_invalid_parameters_raise_pymc_messages(build, value, message):
    with pytest.raises(ValueError, match=message):
        evaluate(logp(build(), np.asarray(value, dtype=float)))


def test_invalid_parameters_when_drawing():
    with pytest.raises(np.linalg.LinAlgError, match="not positive definite"):
        evaluate(pt.random.multivariate_normal([0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]], rng=rng()))
    with pytest.raises(ValueError, match="nu must be > p - 1"):
        evaluate(pt.random.wishart(0.5, np.eye(2), rng=rng()))
    with pytest.raises(ValueError, match="eta must be > 0"):
        evaluate(pt.random.lkjcorr(3, -1.0, rng=rng()))


def test_shape_mismatches_name_both_shapes():
    rv = pt.random.multivariate_normal(np.zeros(3), np.eye(3), rng=rng())
    with pytest.raises(ValueError, match=r"value of shape \(2,\).*mean of shape \(3,\)"):
        logp(rv, np.zeros(2))
    with pytest.raises(ValueError, match=r"mean of shape \(3,\) needs a \(3, 3\) cov, got \(2, 2\)"):
        evaluate(pt.random.multivariate_normal(np.zeros(3), np.eye(2), rng=rng()))


# ------------------------------------------------------------------ goodness of fit of draws

def draw(rv):
    return evaluate(rv)


def assert_ks(samples, cdf, label):
    p = stats.kstest(samples, cdf).pvalue
    assert p > P_MIN, f"{label}: KS p = {p}"


def assert_chisquare(samples, pmf, label, min_expected=20):
    """Pearson chi-square of integer samples against a pmf on 0..max, pooling neighbours."""
    top = int(samples.max())
    counts = np.bincount(samples, minlength=top + 1).astype(float)
    probabilities = pmf(np.arange(top + 1))
    probabilities[-1] += max(0.0, 1 - probabilities.sum())
    observed, expected, o, e = [], [], 0.0, 0.0
    for c, q in zip(counts, probabilities * samples.size):
        o, e = o + c, e + q
        if e >= min_expected:
            observed.append(o)
            expected.append(e)
            o, e = 0.0, 0.0
    observed[-1] += o
    expected[-1] += e
    expected = np.array(expected) * (sum(observed) / sum(expected))
    p = stats.chisquare(observed, expected).pvalue
    assert p > P_MIN, f"{label}: chi-square p = {p}"


@pytest.mark.parametrize("form", list(GAUSSIAN_FORMS))
def test_mvnormal_draws_have_normal_projections(form):
    name, convert = GAUSSIAN_FORMS[form]
    mu = np.array([1.0, -2.0, 0.5])
    cov = np.array([[4.0, 2.0, -1.0], [2.0, 2.0, 0.5], [-1.0, 0.5, 1.5]])
    x = draw(getattr(pt.random, name)(mu, convert(cov), size=N, rng=rng(11)))
    assert x.shape == (N, 3)
    for a in [np.array([1.0, 0, 0]), np.array([0.3, -2.0, 0.5])]:
        assert_ks(x @ a, stats.norm(a @ mu, np.sqrt(a @ cov @ a)).cdf, f"{name} along {a}")


@pytest.mark.parametrize("nu", [1.0, 5.0])
def test_mvstudentt_draws_have_t_projections(nu):
    mu, scale = np.array([0.5, -1.0]), np.array([[2.0, 0.6], [0.6, 1.0]])
    x = draw(pt.random.multivariate_studentt(nu, mu, scale, size=N, rng=rng(12)))
    a = np.array([1.0, -0.5])
    assert_ks(x @ a, stats.t(nu, a @ mu, np.sqrt(a @ scale @ a)).cdf, f"multivariate_studentt nu={nu}")


def test_dirichlet_marginals_are_beta():
    alpha = np.array([0.3, 2.0, 5.5])
    x = draw(pt.random.dirichlet(alpha, size=N, rng=rng(13)))
    np.testing.assert_allclose(x.sum(axis=-1), 1, atol=1e-12)
    for i, a in enumerate(alpha):
        assert_ks(x[:, i], stats.beta(a, alpha.sum() - a).cdf, f"dirichlet marginal {i}")


def test_count_draws_have_binomial_and_beta_binomial_marginals():
    p = np.array([0.1, 0.3, 0.6])
    x = draw(pt.random.multinomial(30, p, size=N, rng=rng(14)))
    assert np.all(x.sum(axis=-1) == 30)
    for i in range(3):
        assert_chisquare(x[:, i], stats.binom(30, p[i]).pmf, f"multinomial marginal {i}")
    a = np.array([0.5, 2.0, 4.0])
    y = draw(pt.random.dirichlet_multinomial(25, a, size=N, rng=rng(15)))
    assert np.all(y.sum(axis=-1) == 25)
    for i in range(3):
        assert_chisquare(y[:, i], stats.betabinom(25, a[i], a.sum() - a[i]).pmf, f"dirichlet_multinomial marginal {i}")


@pytest.mark.parametrize("n,eta", [(2, 0.6), (5, 3.0)])
def test_lkj_correlations_have_beta_marginals(n, eta):
    # Every off-diagonal correlation of LKJ(n, eta) is 2 Beta(b, b) - 1, b = eta - 1 + n/2.
    b = eta - 1 + n / 2
    x = draw(pt.random.lkjcorr(n, eta, size=N, rng=rng(16)))
    assert x.shape == (N, n * (n - 1) // 2)
    for entry in {0, x.shape[1] - 1}:
        assert_ks((x[:, entry] + 1) / 2, stats.beta(b, b).cdf, f"lkjcorr({n}, {eta}) entry {entry}")
    sd = pt.exp(pt.random.normal(0.0, 1.0, size=(N, n), rng=rng(17)))
    packed = pt.random.lkjcholeskycov(n, eta, sd, rng=rng(18))
    sds, factors = swiftppl.function([], [sd, packed])()
    low = np.zeros((N, n, n))
    low[:, np.tril_indices(n)[0], np.tril_indices(n)[1]] = factors
    np.testing.assert_allclose(np.linalg.norm(low, axis=-1), sds, rtol=1e-12)
    corr = np.einsum("bij,bkj->bik", low, low) / (sds[:, :, None] * sds[:, None, :])
    assert_ks((corr[:, n - 1, 0] + 1) / 2, stats.beta(b, b).cdf, "lkjcholeskycov correlation")


def test_wishart_draws():
    v = np.array([[2.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 0.5]])
    nu = 5.5
    w = draw(pt.random.wishart(nu, v, size=N, rng=rng(19)))
    assert np.array_equal(w, np.swapaxes(w, -1, -2))
    for i in range(3):
        assert_ks(w[:, i, i] / v[i, i], stats.chi2(nu).cdf, f"wishart diagonal {i}")
    # a^T W a / a^T V a ~ chi2(nu) for any fixed a.
    a = np.array([1.0, -1.0, 2.0])
    assert_ks(np.einsum("i,bij,j->b", a, w, a) / (a @ v @ a), stats.chi2(nu).cdf, "wishart projection")


def test_zerosumnormal_draws():
    x = draw(pt.random.zerosumnormal([2.0], [6], size=N, rng=rng(20)))
    np.testing.assert_allclose(x.sum(axis=-1), 0, atol=1e-12)
    assert_ks(x[:, 1], stats.norm(0, 2 * np.sqrt(1 - 1 / 6)).cdf, "zerosumnormal marginal")
    g = draw(pt.random.zerosumnormal_2d([[1.0]], [3, 4], size=N, rng=rng(21)))
    np.testing.assert_allclose(g.sum(axis=-1), 0, atol=1e-12)
    np.testing.assert_allclose(g.sum(axis=-2), 0, atol=1e-12)
    assert_ks(g[:, 2, 3], stats.norm(0, np.sqrt((1 - 1 / 3) * (1 - 1 / 4))).cdf, "zerosumnormal_2d marginal")
