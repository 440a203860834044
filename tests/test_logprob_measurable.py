"""Log-probabilities derived through measurable operations (censoring, rounding,
switch, mixtures, abs, indexing, discrete shifts) against scipy.stats."""

import numpy as np
import pytest
from scipy import stats
from scipy.special import logsumexp

import swiftppl.tensor as pt
from swiftppl.logprob import conditional_logp, icdf, logcdf, logp


def ev(graph, givens=None):
    return np.asarray(graph.eval(givens or {}))


def close(a, b, rtol=1e-12):
    np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-300)


# ----------------------------------------------------------------------------- censoring

MU, SIGMA, LOWER, UPPER = 0.5, 2.0, -1.0, 1.5


def test_clip_is_censoring():
    y = pt.clip(pt.random.normal(MU, SIGMA), LOWER, UPPER)
    v = pt.scalar("v")
    lp = logp(y, v)
    ref = stats.norm(MU, SIGMA)
    close(ev(lp, {v: LOWER}), ref.logcdf(LOWER))
    close(ev(lp, {v: UPPER}), ref.logsf(UPPER))
    close(ev(lp, {v: 0.2}), ref.logpdf(0.2))
    assert ev(lp, {v: -1.01}) == -np.inf
    assert ev(lp, {v: 1.51}) == -np.inf


def test_clip_vector_values_and_far_tails():
    y = pt.clip(pt.random.normal(MU, SIGMA, size=5), -30.0, 30.0)
    at = np.array([-30.0, -3.0, 0.0, 4.0, 30.0])
    ref = stats.norm(MU, SIGMA)
    expected = np.where(at == -30, ref.logcdf(-30.0), np.where(at == 30, ref.logsf(30.0), ref.logpdf(at)))
    close(ev(logp(y, at)), expected, rtol=1e-9)


def test_one_sided_censoring():
    x = pt.random.normal(MU, SIGMA)
    v = pt.scalar("v")
    ref = stats.norm(MU, SIGMA)
    left = logp(pt.maximum(x, 0.0), v)
    close(ev(left, {v: 0.0}), ref.logcdf(0.0))
    close(ev(left, {v: 2.0}), ref.logpdf(2.0))
    assert ev(left, {v: -0.5}) == -np.inf
    right = logp(pt.minimum(x, 1.0), v)
    close(ev(right, {v: 1.0}), ref.logsf(1.0))
    close(ev(right, {v: -4.0}), ref.logpdf(-4.0))


def test_censored_logcdf_and_icdf():
    y = pt.clip(pt.random.normal(MU, SIGMA), LOWER, UPPER)
    v = pt.scalar("v")
    ref = stats.norm(MU, SIGMA)
    cdf = logcdf(y, v)
    assert ev(cdf, {v: -2.0}) == -np.inf
    close(ev(cdf, {v: 0.3}), ref.logcdf(0.3))
    assert ev(cdf, {v: UPPER}) == 0.0
    q = icdf(y, v)
    for p in [0.01, 0.3, 0.7, 0.99]:
        close(ev(q, {v: p}), np.clip(ref.ppf(p), LOWER, UPPER), rtol=1e-10)


def test_censoring_bounds_in_the_wrong_order():
    y = pt.clip(pt.random.normal(0, 1), 2.0, 1.0)
    with pytest.raises(ValueError, match="lower_bound <= upper_bound"):
        ev(logp(y, 1.5))


def test_censored_geometric_keeps_the_upper_mass():
    # (The Poisson CDF waits for the incomplete gamma; the geometric's is closed-form.)
    y = pt.minimum(pt.random.geometric(0.3, size=4), 3)
    ref = stats.geom(0.3)
    at = np.array([1, 2, 3, 4], dtype=np.int64)
    close(ev(logp(y, at)), np.r_[ref.logpmf([1, 2]), ref.logsf(2), -np.inf])
    z = pt.clip(pt.random.geometric(0.3), 2, 3)
    close(ev(logp(z, np.int64(2))), ref.logcdf(2))
    close(ev(logp(z, np.int64(3))), ref.logsf(2))
    assert ev(logp(z, np.int64(1))) == -np.inf


# ----------------------------------------------------------------------------- rounding


@pytest.mark.parametrize("fn, interval", [
    (pt.round, lambda k: (k - 0.5, k + 0.5)),
    (pt.floor, lambda k: (k, k + 1.0)),
    (pt.ceil, lambda k: (k - 1.0, k)),
])
def test_discretized_normal(fn, interval):
    y = fn(pt.random.normal(0.3, 1.7, size=6))
    at = np.array([-4.0, -1.0, 0.0, 1.0, 2.0, 5.0])
    ref = stats.norm(0.3, 1.7)
    lo, hi = interval(at)
    close(ev(logp(y, at)), np.log(ref.cdf(hi) - ref.cdf(lo)), rtol=1e-10)
    assert ev(logp(y, np.full(6, 0.5)))[0] == -np.inf


def test_discretized_normal_far_tail():
    lp = ev(logp(pt.round(pt.random.normal(0.0, 1.0)), -30.0))
    lo, hi = stats.norm.logcdf(-30.5), stats.norm.logcdf(-29.5)
    close(lp, hi + np.log(-np.expm1(lo - hi)), rtol=1e-9)


# ----------------------------------------------------------------------------- abs


def test_abs_is_the_folded_normal():
    mu, sigma = 0.7, 1.3
    y = pt.abs(pt.random.normal(mu, sigma, size=4))
    at = np.array([0.0, 0.4, 1.1, 3.5])
    ref = stats.foldnorm(mu / sigma, scale=sigma)
    close(ev(logp(y, at)), ref.logpdf(at))
    close(ev(logcdf(y, at[1:])), ref.logcdf(at[1:]), rtol=1e-10)
    assert ev(logp(y, -at - 0.1))[0] == -np.inf


# ----------------------------------------------------------------------------- switch


def test_switch_with_non_random_condition():
    cond = np.array([True, False, True])
    y = pt.switch(cond, pt.random.normal(0, 1, size=3), pt.random.normal(5, 2, size=3))
    at = np.array([0.3, 4.0, -1.2])
    close(ev(logp(y, at)), np.where(cond, stats.norm(0, 1).logpdf(at), stats.norm(5, 2).logpdf(at)))


def test_switch_on_a_bernoulli_without_value_is_a_mixture():
    c = pt.random.bernoulli(0.3, size=3)
    y = pt.switch(c, pt.random.normal(0, 1, size=3), pt.random.normal(4, 1, size=3))
    at = np.array([0.5, 2.0, 4.2])
    expected = np.logaddexp(np.log(0.3) + stats.norm(0, 1).logpdf(at), np.log(0.7) + stats.norm(4, 1).logpdf(at))
    close(ev(logp(y, at)), expected)


# ----------------------------------------------------------------------------- mixtures

W = np.array([0.2, 0.5, 0.3])
LOCS, SCALES = np.array([-5.0, 0.0, 5.0]), np.array([1.0, 1.0, 2.0])


def components(n):
    return pt.stack([pt.random.normal(LOCS[k], SCALES[k], size=n) for k in range(3)])


def test_mixture_with_index_summed_out():
    idx = pt.random.categorical(W, size=4)
    mix = components(4)[idx, pt.arange(4)]
    at = np.array([-4.5, 0.3, 6.0, 2.5])
    comp = stats.norm(LOCS[:, None], SCALES[:, None]).logpdf(at[None, :])
    close(ev(logp(mix, at)), logsumexp(np.log(W)[:, None] + comp, axis=0))


def test_mixture_scalar_index_picks_a_whole_component():
    mix = components(4)[pt.random.categorical(W)]
    at = np.array([-4.5, 0.3, 6.0, 2.5])
    comp = stats.norm(LOCS[:, None], SCALES[:, None]).logpdf(at[None, :]).sum(axis=1)
    close(ev(logp(mix, at)), logsumexp(np.log(W) + comp))


def test_mixture_of_stacked_scalars():
    # make_vector-style: stack of scalar random variables picked by a scalar categorical.
    mix = pt.stack([pt.random.normal(LOCS[k], SCALES[k]) for k in range(3)])[pt.random.categorical(W)]
    for x in [-4.2, 0.7, 5.5]:
        close(ev(logp(mix, x)), logsumexp(np.log(W) + stats.norm(LOCS, SCALES).logpdf(x)))


def test_bernoulli_index_between_different_distributions():
    mix = pt.stack([pt.random.gamma(2.0, 1.5), pt.random.exponential(3.0)])[pt.random.bernoulli(0.4)]
    at = 2.0
    expected = np.logaddexp(np.log(0.6) + stats.gamma(2.0, scale=1.5).logpdf(at), np.log(0.4) + stats.expon(scale=3.0).logpdf(at))
    close(ev(logp(mix, at)), expected)


def test_mixture_with_index_conditioned():
    idx = pt.random.categorical(W, size=4)
    mix = components(4)[idx, pt.arange(4)]
    idx_v, mix_v = pt.vector("idx_v", dtype="int64"), pt.vector("mix_v")
    terms = conditional_logp({idx: idx_v, mix: mix_v})
    chosen = np.array([2, 0, 1, 1])
    at = np.array([4.0, -5.5, 0.2, -0.4])
    givens = {idx_v: chosen, mix_v: at}
    close(ev(terms[idx_v], givens), np.log(W[chosen]))
    close(ev(terms[mix_v], givens), stats.norm(LOCS[chosen], SCALES[chosen]).logpdf(at))


def test_mixture_picking_whole_rows_is_refused():
    idx = pt.random.categorical(W, size=4)
    with pytest.raises(NotImplementedError, match="same draw twice"):
        logp(components(4)[idx], np.zeros((4, 4)))


# ----------------------------------------------------------------------------- indexing and discrete maps


def test_non_random_index_of_a_random_vector():
    mus = np.array([-2.0, -1.0, 0.5, 1.0, 3.0])
    x = pt.random.normal(mus, 1.5)
    close(ev(logp(x[[4, 0]], np.array([1.0, 2.0]))), stats.norm(mus[[4, 0]], 1.5).logpdf([1.0, 2.0]))
    close(ev(logp(x[1:3], np.array([0.0, 1.0]))), stats.norm(mus[1:3], 1.5).logpdf([0.0, 1.0]))
    with pytest.raises(ValueError, match="selected twice"):
        ev(logp(x[[1, 1]], np.zeros(2)))


def test_shifted_and_negated_discrete_variables():
    x = pt.random.poisson(2.5)
    ref = stats.poisson(2.5)
    close(ev(logp(x + 2, np.int64(5))), ref.logpmf(3))
    close(ev(logp(-x, np.int64(-4))), ref.logpmf(4))
    g = pt.random.geometric(0.3)
    close(ev(logcdf(-g, np.int64(-2))), stats.geom(0.3).logsf(1))
    close(ev(logcdf(2 * g + 1, 6.5)), stats.geom(0.3).logcdf(2))
    close(ev(logp(x * 0.1, 3 * 0.1)), ref.logpmf(3))
    assert ev(logp(x * 0.1, 0.25)) == -np.inf


def test_not_measurable_names_the_variable():
    x = pt.random.normal(0, 1, name="x")
    with pytest.raises(NotImplementedError, match="'x'"):
        logp(pt.sin(x), 0.0)
