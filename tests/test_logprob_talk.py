"""The talk's AePPL section (the crash course and "Create log-probability graphs
conditioned on operations"), step by step, against scipy.stats."""

import numpy as np
from scipy import stats

import swiftppl.tensor as pt
from swiftppl.logprob import conditional_logp, joint_logprob, logp


def close(a, b):
    np.testing.assert_allclose(np.asarray(a), b, rtol=1e-12)


def test_normal_at_zero():
    x_rv = pt.random.normal(0, 1, name="x")
    close(joint_logprob({x_rv: 0.0}).eval(), stats.norm.logpdf(0.0))
    close(logp(x_rv, 0.0).eval(), stats.norm.logpdf(0.0))


def test_normal_at_a_value_variable():
    x_rv = pt.random.normal(0, 1, name="x")
    x_vv = pt.scalar("x_vv")
    lp = logp(x_rv, x_vv)
    for v in [-1.5, 0.0, 0.75]:
        close(lp.eval({x_vv: v}), stats.norm.logpdf(v))


# The crash course's joint model (mu, log_sigma, y observed at 3, 4, 5) through
# joint_logprob and conditional_logp is tests/test_logprob_api.py's.


def test_log_normal_from_exp():
    y_rv = pt.exp(pt.random.normal(0, 1))
    y_vv = pt.scalar("y_vv")
    lp = logp(y_rv, y_vv)
    for v in [0.5, 1.0, 2.5]:
        close(lp.eval({y_vv: v}), stats.lognorm(s=1).logpdf(v))


def test_log_beta():
    y_rv = pt.log(pt.random.beta(2, 5))
    y_vv = pt.scalar("y_vv")
    lp = logp(y_rv, y_vv)
    for v in [-2.0, -0.7, -0.05]:
        close(lp.eval({y_vv: v}), stats.beta(2, 5).logpdf(np.exp(v)) + v)


def test_cumsum_of_ten_normals():
    walk = pt.cumsum(pt.random.normal(0, 1, size=10))
    close(logp(walk, np.arange(10.0)).eval(), stats.norm.logpdf(np.r_[0.0, np.ones(9)]))


def test_concatenate_two_normals():
    joined = pt.concatenate([pt.random.normal(0, 1, size=3), pt.random.normal(0, 2, size=4)])
    at = np.array([-1.0, 0.0, 1.0, -2.0, 0.5, 1.5, 3.0])
    close(logp(joined, at).eval(), stats.norm(0, np.r_[np.ones(3), 2 * np.ones(4)]).logpdf(at))


def test_log_normal_random_walk():
    init = pt.exp(pt.random.normal(0, 1))
    innov = pt.random.normal(0, 1, size=9)
    walk = pt.cumsum(pt.concatenate([init[None], innov]))
    at = np.arange(1.0, 11.0)
    expected = np.r_[stats.lognorm(s=1).logpdf(at[0]), stats.norm.logpdf(np.diff(at))]
    close(logp(walk, at).eval(), expected)


def test_drift_and_walk():
    drift = -pt.random.exponential(1)
    walk = pt.cumsum(pt.random.normal(drift, 1, size=10))
    drift_vv, walk_vv = pt.scalar("drift_vv"), pt.vector("walk_vv")
    # The talk calls it factorized_joint_logprob; PyMC 5 conditional_logp.
    terms = conditional_logp({drift: drift_vv, walk: walk_vv})
    assert list(terms) == [drift_vv, walk_vv]
    at = np.arange(1.0, 11.0)
    for d, w in [(0.0, at), (-1.0, -at)]:
        givens = {drift_vv: d, walk_vv: w}
        close(terms[drift_vv].eval(givens), stats.expon.logpdf(-d))
        close(terms[walk_vv].eval(givens), stats.norm(d, 1).logpdf(np.diff(np.r_[0.0, w])))
