"""swiftppl.sampling.sample_nuts: NUTS over compiled log densities from Python, against closed-form posteriors."""

import _thread
import re
import threading

import numpy as np
import pytest

import swiftppl as pm
import swiftppl.tensor as pt
from swiftppl.logprob import joint_logprob
from swiftppl.sampling import sample_nuts


def batch_means_z(chains, truth, batches=20):
    """(mean − truth) / its standard error from batch means (draws within a chain are correlated)."""
    chains = np.asarray(chains)
    n = chains.shape[1] // batches * batches
    means = chains[:, :n].reshape(chains.shape[0], batches, -1).mean(axis=2).ravel()
    return (means.mean() - truth) / (means.std(ddof=1) / np.sqrt(means.size))


def gaussian_function(dim=3, scales=None):
    x = pt.vector("x", shape=(dim,))
    s = np.ones(dim) if scales is None else np.asarray(scales, dtype=float)
    logp = -0.5 * pt.sum((x / s) ** 2)
    return pm.function([x], [logp, pm.grad(logp, x)])


def test_gaussian_moments_and_result_layout():
    scales = [0.1, 1.0, 10.0]
    r = sample_nuts(gaussian_function(3, scales), np.zeros(3), draws=1000, tune=500, chains=4, random_seed=1,
                    progressbar=False)
    assert r["position"].shape == (4, 1500, 3)
    assert r["tune"] == 500
    for name in ("logp", "energy", "energy_error", "acceptance_rate", "step_size", "step_size_bar"):
        assert r[name].shape == (4, 1500) and r[name].dtype == np.float64
    for name in ("tree_depth", "n_steps", "index_in_trajectory"):
        assert r[name].dtype == np.int64
    assert r["diverging"].dtype == np.bool_ and not r["diverging"][:, 500:].any()
    assert r["inverse_mass"].shape == (4, 3)
    np.testing.assert_allclose(r["inverse_mass"] / np.square(scales), 1, rtol=0.5)
    draws = r["position"][:, 500:, :]
    for i, s in enumerate(scales):
        assert abs(batch_means_z(draws[:, :, i], 0.0)) < 4
        assert abs(batch_means_z(draws[:, :, i] ** 2, s * s)) < 4
    # logp is the density at the recorded position.
    np.testing.assert_allclose(r["logp"], -0.5 * np.sum((r["position"] / scales) ** 2, axis=2), rtol=1e-12)


def test_conjugate_normal_model_built_from_random_variables():
    # mu ~ N(0, 10), y_i ~ N(mu, 2): the posterior of mu is normal in closed form.
    rng = np.random.default_rng(3)
    y_obs = rng.normal(1.5, 2.0, size=20)
    mu = pt.random.normal(0.0, 10.0, name="mu")
    y = pt.random.normal(mu, 2.0, size=20, name="y")
    mu_v = pt.vector("mu_v", shape=(1,))
    logp = joint_logprob({mu: mu_v[0], y: y_obs})
    f = pm.function([mu_v], [logp, pm.grad(logp, mu_v)])
    r = sample_nuts(f, [0.0], draws=2000, tune=500, chains=4, random_seed=7, progressbar=False)
    precision = 1 / 100 + len(y_obs) / 4
    post_mean = (y_obs.sum() / 4) / precision
    draws = r["position"][:, 500:, 0]
    assert abs(batch_means_z(draws, post_mean)) < 4
    assert abs(batch_means_z((draws - post_mean) ** 2, 1 / precision)) < 4


def test_same_draws_whatever_the_cores():
    f = gaussian_function(2)
    a = sample_nuts(f, np.zeros(2), draws=200, tune=200, chains=3, cores=1, random_seed=42, progressbar=False)
    b = sample_nuts(f, np.zeros(2), draws=200, tune=200, chains=3, cores=3, random_seed=42, progressbar=False)
    np.testing.assert_array_equal(a["position"], b["position"])
    c = sample_nuts(f, np.zeros(2), draws=200, tune=200, chains=3, cores=3, random_seed=43, progressbar=False)
    assert not np.array_equal(a["position"], c["position"])


def test_progress_bar_is_written(capsys):
    sample_nuts(gaussian_function(1), [0.0], draws=50, tune=50, chains=2, random_seed=0, progressbar=True)
    err = capsys.readouterr().err
    assert "Sampling 2 chains" in err and "200/200" in err
    assert re.search(r"chain 0: 100/100, \d+ divergences, step size [0-9.]+", err), err
    assert "chain 1: 100/100" in err


def test_bad_input_raises_clear_errors():
    f = gaussian_function(2)
    with pytest.raises(ValueError, match="unknown adaptation 'fisher'"):
        sample_nuts(f, np.zeros(2), adaptation="fisher", progressbar=False)
    with pytest.raises(ValueError, match="target_accept must be in"):
        sample_nuts(f, np.zeros(2), target_accept=1.2, progressbar=False)
    with pytest.raises(ValueError, match="draws must be >= 0"):
        sample_nuts(f, np.zeros(2), draws=-1, progressbar=False)
    with pytest.raises(TypeError, match="chains must be an integer"):
        sample_nuts(f, np.zeros(2), chains=2.5, progressbar=False)
    with pytest.raises(ValueError, match="initial points have 3 values each, the log density has dimension 2"):
        sample_nuts(f, np.zeros(3), progressbar=False)
    with pytest.raises(ValueError, match="one initial point or one per chain"):
        sample_nuts(f, np.zeros((3, 2)), chains=4, progressbar=False)
    with pytest.raises(ValueError, match="initial points must be finite"):
        sample_nuts(f, [np.nan, 0.0], progressbar=False)
    with pytest.raises(TypeError, match="random_seed must be"):
        sample_nuts(f, np.zeros(2), random_seed="seed", progressbar=False)
    with pytest.raises(TypeError, match="compiled swiftppl function"):
        sample_nuts(lambda x: x, np.zeros(2), progressbar=False)
    # A function that is not [logp, grads...] of float64 value inputs.
    x = pt.vector("x", shape=(2,))
    with pytest.raises(ValueError, match="outputs \\[logp, dlogp/d input for each input\\]"):
        sample_nuts(pm.function([x], pt.sum(x)), np.zeros(2), progressbar=False)
    z = pt.vector("z")
    logp = -pt.sum(z ** 2)
    with pytest.raises(ValueError, match="shape not known before compiling"):
        sample_nuts(pm.function([z], [logp, pm.grad(logp, z)]), np.zeros(2), progressbar=False)
    # -inf at the initial point: the error names the chain.
    w = pt.vector("w", shape=(1,))
    logp = pt.log(w[0])
    with pytest.raises(RuntimeError, match="chain 0: the log density or its gradient is not finite at the initial point"):
        sample_nuts(pm.function([w], [logp, pm.grad(logp, w)]), [-1.0], chains=1, progressbar=False)


def test_keyboard_interrupt_returns_the_draws_so_far():
    f = gaussian_function(50)
    timer = threading.Timer(0.5, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.warns(RuntimeWarning, match="Sampling was interrupted"):
            r = sample_nuts(f, np.zeros(50), draws=10_000_000, tune=100, chains=2, random_seed=5, progressbar=False)
    finally:
        timer.cancel()
    n = r["logp"].shape[1]
    assert 0 < n < 10_000_100
    assert r["position"].shape == (2, n, 50)
    assert np.isfinite(r["position"]).all()
