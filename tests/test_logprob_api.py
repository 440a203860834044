"""swiftppl.logprob's entry points: logp, conditional_logp (dict keyed by value variables), joint_logprob and AePPL's aliases, against SciPy."""

import numpy as np
import pytest
import scipy.stats as st

import swiftppl as pm
import swiftppl.tensor as pt
from swiftppl.logprob import conditional_logp, factorized_joint_logprob, joint_logprob, logp


def test_logp_of_a_random_variable_at_constants_and_value_variables():
    x = pt.random.normal(1.0, 2.0, size=3)
    np.testing.assert_allclose(logp(x, [0.0, 1.0, 5.0]).eval(), st.norm(1, 2).logpdf([0.0, 1.0, 5.0]), rtol=1e-14)
    v = pt.scalar("v")
    f = pm.function([v], logp(pt.random.normal(0, 1), v))
    for at in (-2.0, 0.0, 3.5):
        assert f(at) == pytest.approx(st.norm.logpdf(at), rel=1e-14)


def test_conditional_logp_mu_log_sigma_y():
    # The talk's model: mu ~ N(0, 1), log_sigma ~ N(0, 1), y ~ N(mu, exp(log_sigma)) observed at 3, 4, 5.
    mu = pt.random.normal(0, 1, name="mu")
    log_sigma = pt.random.normal(0, 1, name="log_sigma")
    y = pt.random.normal(mu, pt.exp(log_sigma), size=3, name="y")
    mu_v, ls_v = pt.scalar("mu_v"), pt.scalar("log_sigma_v")
    observed = np.array([3.0, 4.0, 5.0])
    terms = conditional_logp({mu: mu_v, log_sigma: ls_v, y: observed})
    assert list(terms)[:2] == [mu_v, ls_v]
    f = pm.function([mu_v, ls_v], list(terms.values()))
    m, s = 0.7, -0.2
    lp_mu, lp_ls, lp_y = f(m, s)
    assert lp_mu == pytest.approx(st.norm.logpdf(m), rel=1e-14)
    assert lp_ls == pytest.approx(st.norm.logpdf(s), rel=1e-14)
    np.testing.assert_allclose(lp_y, st.norm(m, np.exp(s)).logpdf(observed), rtol=1e-13)
    total = joint_logprob({mu: mu_v, log_sigma: ls_v, y: observed})
    assert total.ndim == 0
    expected = st.norm.logpdf(m) + st.norm.logpdf(s) + st.norm(m, np.exp(s)).logpdf(observed).sum()
    assert pm.function([mu_v, ls_v], total)(m, s) == pytest.approx(expected, rel=1e-13)
    assert factorized_joint_logprob is conditional_logp
    # The logp graphs no longer draw the conditioned variables.
    assert mu not in pm.ancestors(list(terms.values()))


def test_gradient_of_the_joint_logp():
    mu = pt.random.normal(0, 1)
    y = pt.random.normal(mu, 2.0, size=4)
    mu_v = pt.scalar("mu_v")
    obs = np.array([0.5, -1.0, 2.0, 0.1])
    total = joint_logprob({mu: mu_v, y: obs})
    g = pm.function([mu_v], pm.grad(total, mu_v))
    m = 0.3
    assert g(m) == pytest.approx(-m + ((obs - m) / 4.0).sum(), rel=1e-13)


def test_errors_name_the_problem():
    x = pt.random.normal(0, 1, name="x")
    with pytest.raises(NotImplementedError, match="'x'"):
        logp(pt.sin(x), 0.0)
    with pytest.raises(ValueError, match="does not depend on any random variable"):
        logp(pt.constant(1.0), 0.0)
    with pytest.raises(ValueError, match="sigma > 0"):
        logp(pt.random.normal(0, -1.0), 0.0).eval()
    with pytest.raises(TypeError, match="dict"):
        conditional_logp([(x, 0.0)])
    with pytest.raises(TypeError, match="random variable"):
        logp(1.0, 0.0)
