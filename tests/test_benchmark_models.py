"""The four models of benchmarks/sampling.py built with swiftppl: their log density (transformed values, Jacobians included) against SciPy."""

import importlib.util
import os

import numpy as np
import pytest
import scipy.stats as st
from scipy.special import log_expit

import swiftppl as pm
import swiftppl.tensor as pt

_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "benchmarks", "sampling.py")
_spec = importlib.util.spec_from_file_location("sampling_benchmark", _PATH)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def _halfnormal_log(v, sigma):
    """log p of a HalfNormal(sigma) scale sampled as v = log(scale), with the Jacobian e^v (log |d scale / dv| = v)."""
    return st.halfnorm(scale=sigma).logpdf(np.exp(v)) + v


def reference_logp(model, d, p):
    """The benchmark model's log density at the point p (value-variable names), from SciPy alone."""
    if model == "eight_schools":
        tau = np.exp(p["tau_log__"])
        theta = p["mu"] + tau * p["theta_tilde"]
        return (st.norm(0, 5).logpdf(p["mu"]) + st.halfcauchy(scale=5).logpdf(tau) + p["tau_log__"]
                + st.norm.logpdf(p["theta_tilde"]).sum() + st.norm(theta, d["sigma"]).logpdf(d["y"]).sum())
    if model == "logistic_regression":
        eta = p["alpha"] + d["X"] @ p["beta"]
        # log sigmoid(eta) for y = 1, log sigmoid(-eta) for y = 0, without log(1 - p) cancellation.
        loglik = np.where(d["y"] == 1, log_expit(eta), log_expit(-eta)).sum()
        return st.norm(0, 2.5).logpdf(p["alpha"]) + st.norm.logpdf(p["beta"]).sum() + loglik
    if model == "hierarchical_linear":
        sigma_a, sigma = np.exp(p["sigma_a_log__"]), np.exp(p["sigma_log__"])
        mean = (p["mu_a"] + sigma_a * p["z_a"])[d["g"]] + p["b"] * d["x"]
        return (st.norm(0, 5).logpdf(p["mu_a"]) + _halfnormal_log(p["sigma_a_log__"], 2.5)
                + st.norm.logpdf(p["z_a"]).sum() + st.norm(0, 2.5).logpdf(p["b"])
                + _halfnormal_log(p["sigma_log__"], 2.5) + st.norm(mean, sigma).logpdf(d["y"]).sum())
    if model == "poisson_glmm":
        sigma_u = np.exp(p["sigma_u_log__"])
        eta = p["b0"] + p["b1"] * d["x"] + sigma_u * p["z_u"][d["g"]]
        return (st.norm(0, 2).logpdf(p["b0"]) + st.norm.logpdf(p["b1"]) + _halfnormal_log(p["sigma_u_log__"], 1.0)
                + st.norm.logpdf(p["z_u"]).sum() + st.poisson(np.exp(eta)).logpmf(d["y"]).sum())
    raise ValueError(model)


@pytest.mark.parametrize("model", bench.MODELS)
def test_benchmark_model_logp_matches_scipy(model):
    d = bench.data(model)
    m = bench.build_pymc_model(pm, pt, model, d)
    free = [rv.name for rv in m.free_RVs]
    assert free == bench.FREE_VARS[model]
    assert [rv.name for rv in m.observed_RVs] == ["y"]
    logp = m.compile_logp()
    start = m.initial_point()
    assert logp(start) == pytest.approx(reference_logp(model, d, start), rel=1e-10)
    # Away from the initial point (zeros and log(1)), where wrong indexing, scales or Jacobians show.
    rng = np.random.default_rng(7)
    for _ in range(3):
        point = {k: np.asarray(v) + 0.3 * rng.normal(size=np.shape(v)) for k, v in start.items()}
        assert logp(point) == pytest.approx(reference_logp(model, d, point), rel=1e-10)


def test_benchmark_data_is_deterministic_and_sized():
    a, b = bench.data("logistic_regression"), bench.data("logistic_regression")
    np.testing.assert_array_equal(a["X"], b["X"])
    np.testing.assert_array_equal(a["y"], b["y"])
    assert a["X"].shape == (5000, 50) and set(np.unique(a["y"])) == {0, 1}
    h = bench.data("hierarchical_linear")
    assert len(np.unique(h["g"])) == 200 and h["y"].shape == h["x"].shape == h["g"].shape
