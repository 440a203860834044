"""pm.Metropolis with PyMC's other proposals (Uniform, Cauchy, Laplace, Poisson, MultivariateNormal)
and pm.DEMetropolisZ under pm.sample: posteriors against closed forms and exact enumeration
(z-tests with the ArviZ ESS), PyMC's sample_stats layout, the same draws for any core count, bad
input."""

import numpy as np
import pytest
from scipy import stats

import swiftppl as pm
from test_steps import run, z_score

COV = np.array([[1.0, 1.8], [1.8, 4.0]])  # sds 1 and 2, correlation 0.9


def gaussian_model():
    with pm.Model() as model:
        pm.Normal("x", 1.0, 2.0)
    return model


def correlated_model():
    with pm.Model() as model:
        pm.MvNormal("x", mu=np.array([1.0, -1.0]), cov=COV)
    return model


def assert_gaussian(draws, mean, var, label):
    assert abs(z_score(draws, mean)) < 4.5, f"{label}: mean"
    assert abs(z_score((draws - mean) ** 2, var)) < 4.5, f"{label}: variance"


@pytest.mark.parametrize("proposal", [pm.NormalProposal, pm.UniformProposal, pm.CauchyProposal, pm.LaplaceProposal])
def test_symmetric_proposals_on_a_gaussian(proposal):
    model = gaussian_model()
    with model:
        idata = run(draws=4000, tune=1000, step=pm.Metropolis(proposal_dist=proposal, S=np.array([1.5])))
    assert_gaussian(idata.posterior["x"].values, 1.0, 4.0, proposal.__name__)
    s = idata.sample_stats
    assert set(s.data_vars) == {"accept", "accepted", "scaling"}
    assert all(s[k].shape == (4, 4000) and s[k].dtype == np.float64 for k in s.data_vars)
    assert 0.1 < float(s["accepted"].mean()) < 0.9


def test_poisson_proposal_against_enumeration():
    # PyMC omits the Hastings correction of this asymmetric proposal (its chain puts a Poisson(3)
    # prior's mean near 1.9); the corrected chain must match the enumerated posterior.
    with pm.Model() as model:
        k = pm.Poisson("k", 3.0)
        pm.Normal("y", k, 2.0, observed=5.0)
        idata = run(draws=6000, tune=1000, step=pm.Metropolis([k], proposal_dist=pm.PoissonProposal, S=np.array([2.0])))
    grid = np.arange(80)
    w = stats.poisson.pmf(grid, 3.0) * stats.norm.pdf(5.0, grid, 2.0)
    w /= w.sum()
    mean = (w * grid).sum()
    assert_gaussian(idata.posterior["k"].values, mean, (w * (grid - mean) ** 2).sum(), "PoissonProposal")
    assert idata.posterior["k"].dtype == np.int64


def test_multivariate_normal_proposal_recovers_the_covariance():
    model = correlated_model()
    with model:
        step = pm.Metropolis(S=COV)  # a 2-d S makes the proposal multivariate normal, as in PyMC
        assert step.proposal is pm.MultivariateNormalProposal
        mv = run(draws=5000, tune=1000, step=step)
        iso = run(draws=5000, tune=1000, step=pm.Metropolis(S=np.ones(2), blocked=True))
    x = mv.posterior["x"].values
    assert_gaussian(x[..., 0], 1.0, 1.0, "x0")
    assert_gaussian(x[..., 1], -1.0, 4.0, "x1")
    assert abs(z_score((x[..., 0] - 1) * (x[..., 1] + 1), 1.8)) < 4.5
    # Both are tuned; the covariance-shaped block jumps mix far better than element-wise ones.
    import arviz as az

    assert float(az.ess(mv.posterior)["x"].min()) > 1.5 * float(az.ess(iso.posterior)["x"].min())


def test_demetropolisz_on_a_correlated_gaussian_and_its_stats():
    model = correlated_model()
    with model:
        idata = run(draws=6000, tune=2000, step=pm.DEMetropolisZ())
    x = idata.posterior["x"].values
    assert_gaussian(x[..., 0], 1.0, 1.0, "x0")
    assert_gaussian(x[..., 1], -1.0, 4.0, "x1")
    assert abs(z_score((x[..., 0] - 1) * (x[..., 1] + 1), 1.8)) < 4.5
    s = idata.sample_stats
    assert set(s.data_vars) == {"accept", "accepted", "scaling", "lambda"}
    assert s["accepted"].dtype == np.bool_ and s["accepted"].shape == (4, 6000)
    assert s["lambda"].dtype == np.float64
    np.testing.assert_allclose(s["lambda"].values, 2.38 / np.sqrt(4))  # tune='scaling' keeps lambda
    assert 0.1 < float(s["accepted"].mean()) < 0.8


def test_demetropolisz_tunes_lambda_and_keeps_settings_without_tuning():
    model = gaussian_model()
    with model:
        tuned = run(draws=500, tune=1000, discard_tuned_samples=False, step=pm.DEMetropolisZ(tune="lambda"))
        fixed = run(draws=3000, tune=500, step=pm.DEMetropolisZ(tune=None, lamb=0.7, scaling=0.01))
    lam = np.concatenate([tuned.warmup_sample_stats["lambda"].values, tuned.sample_stats["lambda"].values], axis=1)
    assert lam[0, 0] == pytest.approx(2.38 / np.sqrt(2))
    assert len(np.unique(lam[0])) > 1 and len(np.unique(tuned.sample_stats["lambda"].values[0])) == 1
    np.testing.assert_array_equal(tuned.sample_stats["scaling"].values, 0.001)
    np.testing.assert_array_equal(fixed.sample_stats["lambda"].values, 0.7)
    np.testing.assert_array_equal(fixed.sample_stats["scaling"].values, 0.01)
    assert_gaussian(fixed.posterior["x"].values, 1.0, 4.0, "untuned DEMetropolisZ")


def test_metropolis_tune_false_keeps_the_scaling():
    model = gaussian_model()
    with model:
        idata = run(draws=300, tune=300, step=pm.Metropolis(scaling=0.3, tune=False, proposal_dist=pm.LaplaceProposal))
    np.testing.assert_array_equal(idata.sample_stats["scaling"].values, 0.3)


def compound_model():
    with pm.Model() as model:
        pm.MvNormal("x", mu=np.zeros(2), cov=COV)
        k = pm.Poisson("k", 4.0)
        pm.Normal("y", 0.0, 1.0)
    return model, k


def test_compound_layout_and_same_draws_for_any_core_count():
    model, k = compound_model()
    with model:
        steps = [pm.DEMetropolisZ([model["x"]]), pm.Metropolis([k], proposal_dist=pm.PoissonProposal),
                 pm.Metropolis([model["y"]], proposal_dist=pm.CauchyProposal)]
        a = run(draws=300, tune=200, cores=1, step=steps)
        b = run(draws=300, tune=200, cores=2, step=steps)
    for name in ("x", "k", "y"):
        np.testing.assert_array_equal(a.posterior[name].values, b.posterior[name].values)
    s = a.sample_stats
    # Recorded by three steps: stacked on <name>_dim_0, as PyMC lays out compound statistics.
    assert s["accept"].shape == (4, 300, 3) and "accept_dim_0" in s.dims
    assert s["accepted"].dtype == np.float64
    assert s["lambda"].shape == (4, 300)
    np.testing.assert_array_equal(s["accept"].values, b.sample_stats["accept"].values)
    assert not np.array_equal(a.posterior["y"].values[0], a.posterior["y"].values[1])


def test_compound_posterior_with_demetropolisz_and_poisson_proposal():
    model, k = compound_model()
    with model:
        idata = run(draws=6000, tune=1500, step=[pm.DEMetropolisZ([model["x"], model["y"]]),
                                                 pm.Metropolis([k], proposal_dist=pm.PoissonProposal)])
    post = idata.posterior
    assert_gaussian(post["k"].values, 4.0, 4.0, "k")
    assert_gaussian(post["y"].values, 0.0, 1.0, "y")
    assert_gaussian(post["x"].values[..., 1], 0.0, 4.0, "x1")


def test_bad_input_is_a_clear_error():
    model = correlated_model()
    with model:
        x = model["x"]

        class MyProposal(pm.NormalProposal):
            pass

        for bad in (MyProposal, "normal", pm.NormalProposal(np.ones(2)), lambda s: s):
            with pytest.raises(ValueError, match="proposal_dist must be one of"):
                pm.Metropolis([x], proposal_dist=bad)
        with pytest.raises(ValueError, match=r"one proposal scale per element \(2\)"):
            pm.Metropolis([x], S=np.ones(3))
        with pytest.raises(ValueError, match="positive and finite"):
            pm.Metropolis([x], S=np.array([1.0, -1.0]))
        with pytest.raises(ValueError, match="positive and finite"):
            pm.Metropolis([x], S=np.array([1.0, np.nan]), proposal_dist=pm.CauchyProposal)
        with pytest.raises(ValueError, match=r"\(2, 2\) covariance"):
            pm.Metropolis([x], S=np.eye(3))
        with pytest.raises(ValueError, match="positive definite"):
            pm.Metropolis([x], S=np.array([[1.0, 2.0], [2.0, 1.0]]))
        with pytest.raises(ValueError, match="symmetric"):
            pm.Metropolis([x], S=np.array([[1.0, np.nan], [np.nan, 1.0]]))
        with pytest.raises(ValueError, match="Invalid rank for variance: 3"):
            pm.Metropolis([x], S=np.ones((2, 2, 2)))
        with pytest.raises(ValueError, match="PoissonProposal makes integer jumps"):
            pm.Metropolis([x], proposal_dist=pm.PoissonProposal)
        with pytest.raises(ValueError, match="tune must be True or False"):
            pm.Metropolis([x], tune="scaling")
        with pytest.raises(TypeError, match="unexpected keyword"):
            pm.Metropolis([x], proposal=pm.CauchyProposal)
        with pytest.raises(ValueError, match='"tune" must be one of'):
            pm.DEMetropolisZ(tune="scale")
        with pytest.raises(ValueError, match='"tune" must be one of'):
            pm.DEMetropolisZ(tune=True)
        with pytest.raises(ValueError, match="tune_drop_fraction"):
            pm.DEMetropolisZ(tune_drop_fraction=1.5)
        with pytest.raises(ValueError, match="lamb"):
            pm.DEMetropolisZ(lamb=np.nan)
        with pytest.raises(ValueError, match="scaling"):
            pm.DEMetropolisZ(scaling=-1.0)
        with pytest.raises(ValueError, match="tune_interval"):
            pm.DEMetropolisZ(tune_interval=0)
        with pytest.raises(TypeError, match="unexpected keyword"):
            pm.DEMetropolisZ(lambda_=1.0)
        with pytest.raises(NotImplementedError, match="DEMetropolisZ"):
            pm.DEMetropolis()
        # Non-numbers name the argument (NumPy's and float()'s messages did not).
        for kwargs, name in (({"lamb": "big"}, "lamb"), ({"lamb": np.ones(2)}, "lamb"),
                             ({"tune_drop_fraction": None}, "tune_drop_fraction"), ({"scaling": "x"}, "scaling"),
                             ({"S": [[1.0], [1.0, 2.0]]}, "S")):
            with pytest.raises(ValueError, match=f"DEMetropolisZ: {name} must be"):
                pm.DEMetropolisZ(**kwargs)
        with pytest.raises(ValueError, match="Metropolis: scaling must be a number"):
            pm.Metropolis([x], scaling="big")
    with pm.Model():
        k = pm.Poisson("k", 2.0)
        with pytest.raises(ValueError, match="DEMetropolisZ cannot sample discrete"):
            pm.DEMetropolisZ([k])
        pm.Normal("c")
        with pytest.raises(ValueError, match="PoissonProposal"):
            pm.DEMetropolisZ(proposal_dist=pm.PoissonProposal)
    with pm.Model():
        a = pm.Normal("a")
        b = pm.Normal("b")
        with pytest.raises(ValueError, match="blocked=True"):
            pm.Metropolis([a, b], S=np.eye(2))
        step = pm.Metropolis([a, b], S=np.eye(2), blocked=True)
        assert step.proposal is pm.MultivariateNormalProposal
