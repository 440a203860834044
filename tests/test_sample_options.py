"""pm.sample's options around the sampler: per-chain initvals, starting points of variables whose
transforms depend on other variables, idata_kwargs (log_likelihood, log_prior,
include_transformed, save_warmup), pm.compute_log_likelihood / compute_log_prior against SciPy,
and the errors for bad options."""

import warnings

import numpy as np
import pytest
import scipy.stats as st
from scipy.special import logit

import swiftppl as pm

Y = np.array([0.3, -1.2, 2.0, 0.7])
QUIET = dict(progressbar=False, compute_convergence_checks=False)


def _model():
    with pm.Model(coords={"obs": range(4)}) as model:
        mu = pm.Normal("mu", 0, 2)
        sigma = pm.HalfNormal("sigma", 1.5)
        pm.Poisson("k", 3)
        pm.Uniform("x", lower=mu - 1, upper=mu + 2)
        pm.Normal("y", mu, sigma, observed=Y, dims="obs")
    return model


def _sample(model, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pm.sample(model=model, **{"tune": 100, "draws": 50, "chains": 2, "random_seed": 5, **QUIET, **kwargs})


def test_dependent_transform_starts_at_the_parents_initial_values():
    # x ~ Uniform(mu - 1, mu + 2): its support point is the midpoint mu + 0.5, which is the middle of
    # the interval, so its log-odds value is exactly 0 whatever mu starts at. Before the fix the
    # transform's bounds used a fresh prior draw of mu (a different one after every sampling run).
    model = _model()
    for _ in range(3):
        assert model.initial_point()["x_interval__"] == 0.0
        _sample(model, tune=10, draws=5)
    point = model.initial_point(overrides={model["mu"]: 4.0, model["x"]: 5.5})
    # x = 5.5 in (3, 6): log-odds of (5.5 - 3) / 3.
    np.testing.assert_allclose(point["x_interval__"], logit(2.5 / 3), rtol=1e-12)
    assert point["mu"] == 4.0


def test_per_chain_initvals_start_each_chain_where_asked():
    with pm.Model() as model:
        mu = pm.Normal("mu", 0, 2)
        pm.HalfNormal("sigma", 1.5)
        pm.Uniform("x", lower=mu - 1, upper=mu + 2)
    # No warm-up, no jitter and a step size of 1e-9: the first draw sits within ~1e-6 of the start.
    idata = _sample(model, tune=0, draws=1, init="adapt_diag", nuts_sampler_kwargs={"initial_step_size": 1e-9},
                    initvals=[{"mu": 0.25}, {"mu": -0.5, "sigma": 2.0}])
    post = idata.posterior
    np.testing.assert_allclose(post["mu"].values[:, 0], [0.25, -0.5], atol=1e-5)
    np.testing.assert_allclose(post["sigma"].values[1, 0], 2.0, atol=1e-5)
    # x starts at its support point, the middle of (mu - 1, mu + 2) for that chain's mu.
    np.testing.assert_allclose(post["x"].values[:, 0], [0.75, 0.0], atol=1e-5)
    one = _sample(model, tune=0, draws=1, init="adapt_diag", nuts_sampler_kwargs={"initial_step_size": 1e-9},
                  initvals={"mu": 1.5})
    np.testing.assert_allclose(one.posterior["mu"].values[:, 0], [1.5, 1.5], atol=1e-5)


def test_prior_initvals_draw_for_each_chain_from_the_seed():
    # PyMC's initvals strategy "prior" (it used to be refused), and a model-level initval="prior"
    # (drawn unseeded before: the same random_seed gave other draws on each run).
    with pm.Model() as model:
        pm.Normal("mu", 0, 1)
        pm.Normal("nu", 0, 1, initval="prior")
    kw = dict(tune=0, draws=1, chains=3, init="adapt_diag", nuts_sampler_kwargs={"initial_step_size": 1e-9},
              initvals={"mu": "prior"})
    a, b = _sample(model, random_seed=3, **kw), _sample(model, random_seed=3, **kw)
    for name in ("mu", "nu"):
        first = a.posterior[name].values[:, 0]
        assert len(np.unique(np.round(first, 3))) == 3, name  # one prior draw per chain
        np.testing.assert_array_equal(first, b.posterior[name].values[:, 0])
    # Spread as N(0, 1) draws, not at the support point 0.
    assert np.abs(a.posterior["mu"].values[:, 0]).max() > 1e-3


def test_initvals_errors():
    model = _model()
    with pytest.raises(ValueError, match="3 dicts given for 2 chains"):
        _sample(model, initvals=[{}, {}, {}])
    with pytest.raises(ValueError, match="no variable named 'zz'"):
        _sample(model, initvals={"zz": 1.0})
    with pytest.raises(ValueError, match="k is integer-valued"):
        _sample(model, initvals={"k": 2.5})
    with pytest.raises(ValueError, match="k is integer-valued"):
        _sample(model, initvals={"k": np.nan})
    with pytest.raises(ValueError, match="not a free random variable"):
        _sample(model, initvals={"y": 1.0})
    with pytest.raises(TypeError, match="initvals must be a dict"):
        _sample(model, initvals=[{"mu": 0.0}, 3])
    with pytest.raises(TypeError, match="initvals must be a dict"):
        _sample(model, initvals=3)
    with pytest.raises(pm.model.core.SamplingError, match="k: -inf"):
        _sample(model, initvals={"k": -1})
    with pytest.raises(ValueError, match="random_seed must be in"):
        _sample(model, random_seed=-5)
    with pytest.raises(ValueError, match="nuts_sampler='stan' is not recognized"):
        _sample(model, nuts_sampler="stan")
    with pytest.raises(NotImplementedError, match="callback"):
        _sample(model, callback=lambda trace, draw: None)
    with pytest.raises(NotImplementedError, match="trace backend"):
        _sample(model, trace=object())


def test_idata_kwargs_groups_against_scipy():
    model = _model()
    idata = _sample(model, idata_kwargs={"log_likelihood": True, "log_prior": True, "include_transformed": True,
                                         "save_warmup": True})
    post = idata.posterior
    mu, sigma, k, x = (post[n].values for n in ("mu", "sigma", "k", "x"))
    ll = idata.log_likelihood["y"]
    assert ll.dims == ("chain", "draw", "obs")
    np.testing.assert_allclose(ll.values, st.norm.logpdf(Y, mu[..., None], sigma[..., None]), rtol=1e-12)
    prior = idata.log_prior
    np.testing.assert_allclose(prior["mu"].values, st.norm.logpdf(mu, 0, 2), rtol=1e-12)
    np.testing.assert_allclose(prior["sigma"].values, st.halfnorm.logpdf(sigma, scale=1.5), rtol=1e-12)
    np.testing.assert_allclose(prior["k"].values, st.poisson.logpmf(k, 3), rtol=1e-12)
    # Uniform on an interval of length 3, in x's own space (no Jacobian).
    np.testing.assert_allclose(prior["x"].values, np.full_like(x, -np.log(3.0)), rtol=1e-12)
    np.testing.assert_allclose(post["sigma_log__"].values, np.log(sigma), rtol=1e-12)
    np.testing.assert_allclose(post["x_interval__"].values, logit((x - mu + 1) / 3), rtol=1e-9, atol=1e-12)
    assert "warmup_posterior" in idata.groups() and idata.warmup_posterior.sizes["draw"] == 100
    assert "sigma_log__" in idata.warmup_posterior


def test_idata_kwargs_names_and_var_names():
    model = _model()
    idata = _sample(model, var_names=["sigma"], idata_kwargs={"log_likelihood": ["y"], "log_prior": ["mu"]})
    assert list(idata.posterior.data_vars) == ["sigma"]
    assert list(idata.log_likelihood.data_vars) == ["y"]
    assert list(idata.log_prior.data_vars) == ["mu"]
    with pytest.raises(ValueError, match="observed variables"):
        _sample(model, idata_kwargs={"log_likelihood": ["mu"]})
    with pytest.raises(TypeError, match="unknown key"):
        _sample(model, idata_kwargs={"log_likelyhood": True})
    idata = _sample(model, discard_tuned_samples=False, idata_kwargs={"save_warmup": False})
    assert "warmup_posterior" not in idata.groups()


def test_log_likelihood_with_convergence_checks_has_pymcs_layout():
    # pm.sample used to rebind its `draws` argument to the posterior when asked for log densities,
    # and the convergence checks (on by default) then failed comparing a dict with 4.
    w = np.random.default_rng(3).normal(size=(3, 2))
    with pm.Model(coords={"obs": range(4)}) as model:
        mu = pm.Normal("mu", 0, 2)
        pm.Normal("y", mu, 1.0, observed=Y, dims="obs")
        pm.Normal("w", mu, 1.0, observed=w)  # no dims: ArviZ's w_dim_0, w_dim_1
    idata = _sample(model, compute_convergence_checks=True, idata_kwargs={"log_likelihood": True})
    ll = idata.log_likelihood
    mu = idata.posterior["mu"].values
    np.testing.assert_allclose(ll["w"].values, st.norm.logpdf(w, mu[..., None, None], 1.0), rtol=1e-12)
    # PyMC 5.28 on the same model: these dims, each with a coordinate.
    assert ll["y"].dims == ("chain", "draw", "obs")
    assert ll["w"].dims == ("chain", "draw", "w_dim_0", "w_dim_1")
    ds = pm.compute_log_likelihood(idata, model=model, extend_inferencedata=False)
    for name in ("y", "w"):
        assert ds[name].dims == ll[name].dims
        for d in ds[name].dims:
            assert d in ds.coords and d in ll.coords, d
            np.testing.assert_array_equal(ds.coords[d].values, ll.coords[d].values)
        np.testing.assert_allclose(ds[name].values, ll[name].values, rtol=1e-15)


def test_log_prior_of_multivariate_and_thinned_variables_keeps_the_model_dims():
    # A Dirichlet with dims has a scalar density per draw: pm.sample used to hand ArviZ its dims
    # ("k") for a (chain, draw) array and failed after sampling. With var_names thinning the
    # posterior, mu's log prior lost its dims ("k" became mu_dim_0).
    with pm.Model(coords={"k": ["a", "b", "c"], "obs": range(5)}) as model:
        w = pm.Dirichlet("w", np.ones(3), dims="k")
        mu = pm.Normal("mu", 0, 1, dims="k")
        pm.Categorical("z", w, observed=[0, 1, 2, 1, 1], dims="obs")
        pm.Normal("y", mu.sum(), 1.0, observed=Y[:2])
    idata = _sample(model, var_names=["w"], idata_kwargs={"log_prior": True, "log_likelihood": True})
    prior = idata.log_prior
    assert prior["w"].dims == ("chain", "draw")
    # Dirichlet(1, 1, 1) is uniform on the simplex, with density Gamma(3) = 2.
    np.testing.assert_allclose(prior["w"].values, np.log(2.0), rtol=1e-12)
    assert prior["mu"].dims == ("chain", "draw", "k")
    assert list(prior.coords["k"].values) == ["a", "b", "c"]
    assert idata.log_likelihood["z"].dims == ("chain", "draw", "obs")
    assert idata.log_likelihood["y"].dims == ("chain", "draw", "y_dim_0")


def test_bad_idata_kwargs_and_initvals_fail_before_sampling_with_clear_errors():
    model = _model()
    # The start point is bad too: the idata_kwargs are checked first, before any sampling.
    with pytest.raises(TypeError, match="unknown key"):
        _sample(model, initvals={"k": -1}, idata_kwargs={"log_likelyhood": True})
    with pytest.raises(ValueError, match="observed variables"):
        _sample(model, initvals={"k": -1}, idata_kwargs={"log_likelihood": ["mu"]})
    with pytest.raises(ValueError, match="free variables"):
        _sample(model, initvals={"k": -1}, idata_kwargs={"log_prior": ["y"]})
    with pytest.raises(TypeError, match="idata_kwargs must be a dict"):
        _sample(model, idata_kwargs=[("log_likelihood", True)])
    with pytest.raises(ValueError, match=r"initial value of mu: shape \(2,\) does not fit"):
        _sample(model, initvals={"mu": [0.0, 1.0]})
    with pytest.raises(ValueError, match="initvals: mu needs numbers"):
        _sample(model, initvals={"mu": "zero"})
    # Beyond int64 the conversion used to wrap to -2^63 silently.
    with pytest.raises(ValueError, match="k is integer-valued"):
        _sample(model, initvals={"k": 1e30})


def test_compute_log_likelihood_and_prior_from_a_posterior():
    model = _model()
    idata = _sample(model)
    mu, sigma, k = (idata.posterior[n].values for n in ("mu", "sigma", "k"))
    ds = pm.compute_log_likelihood(idata, model=model, extend_inferencedata=False)
    np.testing.assert_allclose(ds["y"].values, st.norm.logpdf(Y, mu[..., None], sigma[..., None]), rtol=1e-12)
    assert "log_likelihood" not in idata.groups()
    out = pm.compute_log_likelihood(idata, model=model)
    assert out is idata and "log_likelihood" in idata.groups()
    pm.compute_log_prior(idata, model=model, var_names=["k"])
    np.testing.assert_allclose(idata.log_prior["k"].values, st.poisson.logpmf(k, 3), rtol=1e-12)
    # Over other sample dims: the stacked draws of az.extract-like layouts.
    stacked = pm.compute_log_likelihood(idata, model=model, extend_inferencedata=False, sample_dims=["draw", "chain"])
    assert stacked["y"].dims[:2] == ("draw", "chain")
    np.testing.assert_allclose(stacked["y"].values, np.swapaxes(ds["y"].values, 0, 1), rtol=1e-15)
    with pytest.raises(ValueError, match="sample_dims"):
        pm.compute_log_likelihood(idata, model=model, sample_dims=["sample"])
    # One sample dim given as a string (it used to be split into characters): az.extract's layout.
    import arviz as az

    flat = az.InferenceData(posterior=idata.posterior.stack(sample=("chain", "draw")).reset_index("sample"))
    one = pm.compute_log_likelihood(flat, model=model, extend_inferencedata=False, sample_dims="sample")
    assert one["y"].dims == ("sample", "obs")
    np.testing.assert_allclose(one["y"].values, ds["y"].values.reshape(-1, 4), rtol=1e-15)
    with pytest.raises(ValueError, match="kind"):
        pm.stats.compute_log_density(idata, model=model, kind="posterior")
    thin = _sample(model, var_names=["mu"])
    with pytest.raises(ValueError, match="no draws of the free variable"):
        pm.compute_log_likelihood(thin, model=model)


def test_stats_forwards_arviz_lazily():
    import subprocess
    import sys

    code = "import sys, swiftppl as pm; print('arviz' in sys.modules); pm.stats.hdi; print('arviz' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]
    with pytest.raises(AttributeError):
        pm.stats.not_a_function


def test_sampling_with_bounds_that_depend_on_another_variable():
    # mu ~ N(0, 1), x | mu ~ Uniform(0, exp(mu)): x's density integrates to one for every mu, so
    # mu keeps its N(0, 1) marginal, and E[x] = E[exp(mu)] / 2 = exp(1/2) / 2. The transform's
    # Jacobian log(exp(mu) u (1 - u)) depends on mu; it used to be evaluated at a fresh prior draw
    # of mu at every call (a random log density), and the reported x used another draw.
    with pm.Model() as model:
        mu = pm.Normal("mu", 0, 1)
        pm.Uniform("x", lower=0, upper=pm.math.exp(mu))
    idata = _sample(model, tune=500, draws=1000, chains=4, random_seed=11)
    mu, x = idata.posterior["mu"].values, idata.posterior["x"].values
    assert np.all((x > 0) & (x < np.exp(mu)))
    ess = pm.stats.ess(idata)
    for values, mean, sd, name in ((mu, 0.0, 1.0, "mu"), (x, np.exp(0.5) / 2, None, "x")):
        if sd is None:  # sd of x: E[x^2] = E[exp(2 mu)] / 3 = e^2 / 3
            sd = np.sqrt(np.exp(2.0) / 3 - mean ** 2)
        z = (values.mean() - mean) / (sd / np.sqrt(float(ess[name])))
        assert abs(z) < 4.5, (name, z)
    z_var = (mu.var() - 1.0) / np.sqrt(2.0 / float(ess["mu"]))
    assert abs(z_var) < 4.5


def test_external_nuts_sampler_names_run_swiftppl_nuts_with_a_warning():
    with pm.Model() as model:
        pm.Normal("mu", 0, 1)
    with pytest.warns(UserWarning, match="its own NUTS"):
        idata = pm.sample(model=model, nuts_sampler="nutpie", tune=50, draws=20, chains=1, **QUIET)
    assert idata.posterior["mu"].shape == (1, 20)
