"""pm.sample with the low-rank modified mass matrix (nuts_sampler_kwargs={"adaptation": "low_rank"}) on a strongly correlated MvNormal."""

import warnings

import numpy as np
import pytest

import swiftppl as pm
import swiftppl.tensor as pt
from swiftppl.sampling import sample_nuts

DIM = 20


def correlated_gaussian(seed=4):
    """Mean and covariance D^{1/2} (I + Q (Λ − I) Qᵀ) D^{1/2}: three dominant directions
    (λ = 1e3, 1e2, 10, condition number 1e3) mixing every coordinate, and scales 0.1 … 10."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(DIM, 3)))
    core = np.eye(DIM) + q @ np.diag([1e3 - 1, 1e2 - 1, 10 - 1]) @ q.T
    scales = np.logspace(-1, 1, DIM)
    cov = scales[:, None] * core * scales[None, :]
    mean = np.arange(DIM) % 5 - 2.0
    return mean, cov


def sample_model(mean, cov, **nuts):
    with pm.Model():
        pm.MvNormal("x", mu=mean, cov=cov)
        return pm.sample(draws=1000, tune=1000, chains=4, random_seed=11, progressbar=False,
                         nuts_sampler_kwargs=nuts)


def test_low_rank_means_of_a_correlated_mvnormal():
    import arviz as az

    mean, cov = correlated_gaussian()
    idata = sample_model(mean, cov, adaptation="low_rank")
    x = idata.posterior["x"].values
    assert x.shape == (4, 1000, DIM)
    assert not idata.sample_stats["diverging"].values.any()
    # z = (sample mean − truth) / (sd / sqrt(ESS)), ESS from ArviZ (rank-normalized bulk).
    ess = az.ess(idata, var_names=["x"])["x"].values
    z = (x.mean(axis=(0, 1)) - mean) / (np.sqrt(np.diag(cov)) / np.sqrt(ess))
    assert np.all(np.abs(z) < 4), z
    # Second moments too: E[(x − μ)²] = Σ_ii, standard error from the squares' own spread and ESS.
    squares = (x - mean) ** 2
    ess2 = az.ess(az.convert_to_dataset({"s": squares}))["s"].values
    z2 = (squares.mean(axis=(0, 1)) - np.diag(cov)) / (squares.std(axis=(0, 1), ddof=1) / np.sqrt(ess2))
    assert np.all(np.abs(z2) < 4), z2

    # The diagonal metric needs several times more leapfrog steps per draw on this posterior.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its low effective sample size is the point
        diagonal = sample_model(mean, cov)
    low_rank_steps = idata.sample_stats["n_steps"].values.mean()
    diagonal_steps = diagonal.sample_stats["n_steps"].values.mean()
    assert low_rank_steps < 0.5 * diagonal_steps, (low_rank_steps, diagonal_steps)


def test_low_rank_settings_and_errors():
    x = pt.vector("x", shape=(2,))
    logp = -0.5 * pt.sum(x ** 2)
    f = pm.function([x], [logp, pm.grad(logp, x)])
    run = dict(draws=20, tune=30, chains=1, random_seed=1, progressbar=False)
    r = sample_nuts(f, np.zeros(2), adaptation="low_rank", mass_matrix_gamma=1e-4, mass_matrix_eigval_cutoff=3,
                    mass_matrix_max_rank=1, **run)
    assert r["position"].shape == (1, 50, 2)
    with pytest.raises(ValueError, match="mass_matrix_gamma applies to adaptation='low_rank' only"):
        sample_nuts(f, np.zeros(2), mass_matrix_gamma=1e-4, **run)
    with pytest.raises(ValueError, match="mass_matrix_eigval_cutoff must be finite and > 1"):
        sample_nuts(f, np.zeros(2), adaptation="low_rank", mass_matrix_eigval_cutoff=0.5, **run)
    with pytest.raises(ValueError, match="mass_matrix_gamma must be positive"):
        sample_nuts(f, np.zeros(2), adaptation="low_rank", mass_matrix_gamma=-1, **run)
    with pytest.raises(ValueError, match="mass_matrix_max_rank must be >= 1"):
        sample_nuts(f, np.zeros(2), adaptation="low_rank", mass_matrix_max_rank=0, **run)
    with pytest.raises(ValueError, match="unknown adaptation 'lowrank'"):
        sample_nuts(f, np.zeros(2), adaptation="lowrank", **run)
