"""pm.Model: registration, value variables and transforms, the model's log density against SciPy, initial points, errors (PyMC's behaviour)."""

import numpy as np
import pytest
import scipy.stats as st

import swiftppl as pm
import swiftppl.tensor as pt


def test_notebook_single_variable_model():
    with pm.Model() as model:
        z = pm.Normal(name="z", mu=np.array([0, 0]), sigma=np.array([1, 2]))
    assert model.basic_RVs == [z] and model.free_RVs == [z] and model.observed_RVs == []
    assert z.name == "z"
    # Draws differ between calls of pm.draw, and follow the distribution.
    a, b = pm.draw(z), pm.draw(z)
    assert a.shape == (2,) and not np.array_equal(a, b)
    draws = pm.draw(z, draws=20_000, random_seed=3)
    assert draws.shape == (20_000, 2)
    assert st.kstest(draws[:, 1], st.norm(0, 2).cdf).pvalue > 1e-3
    z_value = pt.vector(name="z")
    np.testing.assert_allclose(pm.logp(rv=z, value=z_value).eval({z_value: [0, 0]}),
                               st.norm.logpdf([0, 0], [0, 0], [1, 2]), rtol=1e-14)
    point = model.initial_point()
    assert list(point) == ["z"]
    np.testing.assert_array_equal(point["z"], [0.0, 0.0])
    (terms,) = model.compile_logp(sum=False)(point)
    np.testing.assert_allclose(terms, [-0.91893853, -1.61208571], rtol=1e-8)
    assert model.compile_logp()(point) == pytest.approx(-0.91893853 - 1.61208571, rel=1e-8)


def test_value_variables_and_observed():
    y_obs = np.array([0.3, -1.2, 2.5])
    with pm.Model() as model:
        mu = pm.Normal("mu", mu=0, sigma=2)
        y = pm.Normal("y", mu=mu, sigma=1.5, observed=y_obs)
    assert model.free_RVs == [mu] and model.observed_RVs == [y]
    assert [v.name for v in model.value_vars] == ["mu"]
    assert y.type.shape == (3,)
    f = model.compile_logp()
    for m in (-1.0, 0.4, 3.0):
        expected = st.norm(0, 2).logpdf(m) + st.norm(m, 1.5).logpdf(y_obs).sum()
        assert f({"mu": m}) == pytest.approx(expected, rel=1e-13)
    dlogp = model.compile_dlogp()({"mu": 0.4})
    expected = -0.4 / 4 + np.sum(y_obs - 0.4) / 1.5 ** 2
    np.testing.assert_allclose(dlogp, [expected], rtol=1e-12)
    assert model["mu"] is mu
    logps = model.point_logps()
    assert set(logps) == {"mu", "y"}


def test_shapes_dims_and_broadcasting():
    with pm.Model(coords={"city": ["A", "B", "C"], "year": [2020, 2021]}) as model:
        a = pm.Normal("a", 0, 1, dims="city")
        b = pm.Normal("b", 0, 1, dims=("year", "city"))
        c = pm.Normal("c", mu=a, sigma=1)
        d = pm.Normal("d", 0, 1, shape=(4, 2))
        e = pm.Normal("e", a, 1, observed=np.zeros((2, 3)))
    assert a.type.shape == (3,) and b.type.shape == (2, 3) and c.type.shape == (3,) and d.type.shape == (4, 2)
    assert e.type.shape == (2, 3)
    assert model.named_vars_to_dims["b"] == ("year", "city")
    assert model.coords["city"] == ("A", "B", "C") and model.dim_lengths["year"] == 2
    assert pm.draw(b).shape == (2, 3)


def test_deterministic_and_potential():
    with pm.Model() as model:
        x = pm.Normal("x", 0, 1)
        two_x = pm.Deterministic("two_x", 2 * x)
        pm.Potential("pull", -0.5 * x ** 2)
    assert model.deterministics == [two_x] and len(model.potentials) == 1
    f = model.compile_logp()
    assert f({"x": 1.3}) == pytest.approx(st.norm.logpdf(1.3) - 0.5 * 1.3 ** 2, rel=1e-13)


def test_errors_name_what_is_wrong():
    with pytest.raises(TypeError, match="No model on context stack"):
        pm.Normal("x", 0, 1)
    with pm.Model():
        pm.Normal("x", 0, 1)
        with pytest.raises(ValueError, match="Variable name x already exists"):
            pm.Normal("x", 0, 1)
        with pytest.raises(TypeError, match="unexpected keyword argument 'sd'"):
            pm.Normal("y", mu=0, sd=1)
        with pytest.raises(ValueError, match="Can't pass both tau and sigma"):
            pm.Normal("y", mu=0, sigma=1, tau=2)
        with pytest.raises(ValueError, match="Incompatible parameterization"):
            pm.Gamma("g", alpha=1, mu=2)
        with pytest.raises(ValueError, match=r"observed data of shape \(4,\) does not match the variable's shape \(3,\)"):
            pm.Normal("y", 0, 1, shape=3, observed=np.zeros(4))
        with pytest.raises(ValueError, match="dims \\['nope'\\] are not coordinates"):
            pm.Normal("y", 0, 1, dims="nope")
        with pytest.raises(TypeError, match="Name needs to be a string"):
            pm.Normal(3, 0, 1)


def test_sample_conjugate_normal_posterior():
    rng = np.random.default_rng(3)
    y_obs = rng.normal(1.5, 2.0, size=20)
    with pm.Model(coords={"obs": range(20)}):
        mu = pm.Normal("mu", 0, 10)
        pm.Normal("y", mu, 2.0, observed=y_obs, dims="obs")
        pm.Deterministic("two_mu", 2 * mu)
        idata = pm.sample(draws=1000, tune=500, chains=4, random_seed=1, progressbar=False)
    assert set(idata.groups()) >= {"posterior", "sample_stats", "observed_data"}
    assert idata.posterior["mu"].shape == (4, 1000)
    np.testing.assert_allclose(idata.posterior["two_mu"], 2 * idata.posterior["mu"])
    assert idata.observed_data["y"].dims == ("obs",)
    for stat in ("diverging", "energy", "energy_error", "step_size", "step_size_bar", "tree_depth", "n_steps",
                 "acceptance_rate", "lp", "reached_max_treedepth", "index_in_trajectory"):
        assert idata.sample_stats[stat].shape == (4, 1000)
    precision = 1 / 100 + 20 / 4
    mean, sd = (y_obs.sum() / 4) / precision, precision ** -0.5
    draws = idata.posterior["mu"].values
    import arviz as az

    ess = float(az.ess(idata, var_names=["mu"])["mu"])
    assert abs(draws.mean() - mean) / (sd / np.sqrt(ess)) < 4
    assert draws.std() == pytest.approx(sd, rel=0.1)
    # The same seed gives the same draws whatever the cores.
    with pm.Model():
        mu = pm.Normal("mu", 0, 10)
        pm.Normal("y", mu, 2.0, observed=y_obs)
        a = pm.sample(draws=100, tune=100, chains=2, cores=1, random_seed=5, progressbar=False,
                      compute_convergence_checks=False)
        b = pm.sample(draws=100, tune=100, chains=2, cores=2, random_seed=5, progressbar=False,
                      compute_convergence_checks=False)
        warm = pm.sample(draws=50, tune=60, chains=2, random_seed=5, progressbar=False, discard_tuned_samples=False,
                         compute_convergence_checks=False)
    np.testing.assert_array_equal(a.posterior["mu"], b.posterior["mu"])
    assert warm.warmup_posterior["mu"].shape == (2, 60)


def test_default_warm_up_length():
    # NUTS alone: 300 warm-up draws (benchmarks/tune_study.py); with a Metropolis step, PyMC's 1000.
    with pm.Model():
        pm.Normal("x", 0, 1)
        nuts = pm.sample(draws=10, chains=1, random_seed=1, progressbar=False, discard_tuned_samples=False,
                         compute_convergence_checks=False)
        metropolis = pm.sample(draws=10, chains=1, random_seed=1, progressbar=False, discard_tuned_samples=False,
                               compute_convergence_checks=False, step=pm.Metropolis())
    assert nuts.warmup_posterior["x"].shape == (1, 300) and nuts.posterior.attrs["tuning_steps"] == 300
    assert metropolis.warmup_posterior["x"].shape == (1, 1000)


def test_sample_errors():
    with pm.Model():
        pm.Normal("x", 0, 1)
        with pytest.raises(TypeError, match="unexpected keyword argument\\(s\\): bogus"):
            pm.sample(bogus=1)
        with pytest.raises(ValueError, match="init='advi' is not supported"):
            pm.sample(init="advi")
    with pm.Model():
        pm.Normal("x", 0, 1, initval=np.nan)
        with pytest.raises(Exception, match="Initial evaluation of model at starting point failed"):
            pm.sample(progressbar=False)


def test_multivariate_classes_against_scipy():
    cov = np.array([[2.0, 0.5], [0.5, 1.0]])
    mu = np.array([0.3, -0.2])
    chol = np.linalg.cholesky(cov)
    at = np.array([1.0, 0.5])
    for kwargs in ({"cov": cov}, {"tau": np.linalg.inv(cov)}, {"chol": chol}, {"chol": chol.T, "lower": False}):
        with pm.Model() as model:
            pm.MvNormal("x", mu=mu, **kwargs)
        assert model.compile_logp()({"x": at}) == pytest.approx(st.multivariate_normal(mu, cov).logpdf(at), rel=1e-12)
    with pm.Model() as model:
        pm.MvStudentT("t", nu=4.0, mu=mu, scale=cov)
    assert model.compile_logp()({"t": at}) == pytest.approx(st.multivariate_t(mu, cov, df=4).logpdf(at), rel=1e-12)
    with pm.Model() as model:
        p = pm.Dirichlet("p", a=np.array([1.0, 2.0, 3.0]))
        pm.Multinomial("k", n=10, p=p, observed=[2, 3, 5])
    assert [v.name for v in model.value_vars] == ["p_simplex__"]
    point = model.initial_point()
    simplex = pm.logprob.transforms.SimplexTransform().backward(pt.constant(point["p_simplex__"])).eval()
    np.testing.assert_allclose(simplex, [1 / 6, 2 / 6, 3 / 6], rtol=1e-12)
    lp_p, lp_k = model.compile_fn(model.logp(sum=False, jacobian=False))(point)
    assert lp_p == pytest.approx(st.dirichlet([1.0, 2.0, 3.0]).logpdf(simplex), rel=1e-12)
    assert lp_k == pytest.approx(st.multinomial(10, simplex).logpmf([2, 3, 5]), rel=1e-12)
    with pm.Model():
        with pytest.raises(ValueError, match="exactly one of cov, tau, chol"):
            pm.MvNormal("x", mu=mu, cov=cov, tau=cov)


def test_prior_and_posterior_predictive():
    y_obs = np.array([0.5, 1.0, 1.5, 2.0])
    with pm.Model(coords={"obs": range(4)}):
        mu = pm.Normal("mu", 0, 1)
        pm.Normal("y", mu, 1.0, observed=y_obs, dims="obs")
        pm.Deterministic("mu2", mu * 2)
        prior = pm.sample_prior_predictive(draws=4000, random_seed=1)
        idata = pm.sample(draws=500, tune=300, chains=2, random_seed=1, progressbar=False)
        pp = pm.sample_posterior_predictive(idata, random_seed=2)
        extended = pm.sample_posterior_predictive(idata, random_seed=2, extend_inferencedata=True)
        with pytest.raises(ValueError, match="not variables of the model"):
            pm.sample_prior_predictive(draws=3, var_names=["nope"])
        with pytest.raises(TypeError, match="InferenceData with a posterior"):
            pm.sample_posterior_predictive({"mu": 1})
    assert set(prior.groups()) == {"prior", "prior_predictive", "observed_data"}
    assert prior.prior["mu"].shape == (1, 4000) and prior.prior_predictive["y"].dims == ("chain", "draw", "obs")
    np.testing.assert_allclose(prior.prior["mu2"], 2 * prior.prior["mu"])
    assert st.kstest(prior.prior["mu"].values.ravel(), st.norm.cdf).pvalue > 1e-3
    # y = mu + e with mu, e ~ N(0, 1): each y_i ~ N(0, 2).
    assert st.kstest(prior.prior_predictive["y"].values[0, :, 0], st.norm(0, np.sqrt(2)).cdf).pvalue > 1e-3
    assert pp.posterior_predictive["y"].shape == (2, 500, 4)
    # Given mu, y_pp - mu ~ N(0, 1).
    noise = pp.posterior_predictive["y"].values - idata.posterior["mu"].values[..., None]
    assert st.kstest(noise.ravel(), st.norm.cdf).pvalue > 1e-3
    assert "posterior_predictive" in extended.groups() and extended is idata


def test_posterior_predictive_uses_only_the_variables_the_outputs_need():
    # y depends on mu only; z on sigma only: each predictive draw takes just its own inputs.
    with pm.Model():
        mu = pm.Normal("mu", 3.0, 0.1)
        sigma = pm.HalfNormal("sigma", 1.0)
        pm.Normal("y", mu, 0.01, observed=np.zeros(2))
        pm.Normal("z", 0.0, sigma, observed=np.ones(3))
        idata = pm.sample(draws=200, tune=200, chains=2, random_seed=3, progressbar=False)
        pp_y = pm.sample_posterior_predictive(idata, var_names=["y"], random_seed=4)
        del idata.posterior["sigma"]
        pp_y_again = pm.sample_posterior_predictive(idata, var_names=["y"], random_seed=4)
        with pytest.raises(ValueError, match="no draws of sigma"):
            pm.sample_posterior_predictive(idata, var_names=["z"])
    assert set(pp_y.posterior_predictive.data_vars) == {"y"}
    residual = pp_y.posterior_predictive["y"].values - idata.posterior["mu"].values[..., None]
    assert np.abs(residual).max() < 0.1  # 10 sigma of the N(0, 0.01) noise
    np.testing.assert_array_equal(pp_y.posterior_predictive["y"], pp_y_again.posterior_predictive["y"])


def test_find_map_agrees_with_scipy_optimize():
    import scipy.optimize as so

    rng = np.random.default_rng(11)
    y_obs = rng.normal(2.0, 1.5, size=30)
    with pm.Model() as model:
        mu = pm.Normal("mu", 0, 10)
        log_sigma = pm.Normal("log_sigma", 0, 2)
        pm.Normal("y", mu, pt.exp(log_sigma), observed=y_obs)
        pm.Deterministic("sigma", pt.exp(log_sigma))
        result, raw = pm.find_MAP(return_raw=True, progressbar=False)
    logp = model.compile_logp()
    dlogp = model.compile_dlogp()
    names = [v.name for v in model.value_vars]

    def objective(x):
        point = dict(zip(names, x))
        return -float(logp(point)), -np.asarray(dlogp(point))

    reference = so.minimize(objective, np.zeros(2), jac=True, method="L-BFGS-B", options={"gtol": 1e-9})
    np.testing.assert_allclose([result["mu"], result["log_sigma"]], reference.x, atol=1e-5)
    assert result["sigma"] == pytest.approx(np.exp(result["log_sigma"]))
    assert raw["success"] and raw["logp"] == pytest.approx(-reference.fun, rel=1e-9)
    # Closed form for this model's mode is near the sample mean.
    assert result["mu"] == pytest.approx(y_obs.mean(), abs=0.05)
    with model:
        with pytest.raises(ValueError, match="method='Nelder-Mead' is not available"):
            pm.find_MAP(method="Nelder-Mead")
        with pytest.raises(TypeError, match="unexpected keyword argument\\(s\\): bogus"):
            pm.find_MAP(bogus=3)
        with pytest.raises(ValueError, match="not a free variable"):
            pm.find_MAP(start={"nope": 1.0})
        partial = pm.find_MAP(vars=[mu], start={"log_sigma": 0.0}, progressbar=False)
    assert partial["log_sigma"] == 0.0
    assert partial["mu"] == pytest.approx(y_obs.mean() * 30 / (30 + 1 / 100), rel=1e-6)


def test_pm_math():
    x = pt.vector("x")
    np.testing.assert_allclose(pm.math.softmax(x).eval({x: [1000.0, 0.0, 1000.0]}), [0.5, 0.0, 0.5])
    np.testing.assert_allclose(pm.math.log_softmax(x).eval({x: [1.0, 2.0]}),
                               [1 - np.logaddexp(1, 2), 2 - np.logaddexp(1, 2)], rtol=1e-14)
    assert pm.math.logit(0.25).eval() == pytest.approx(np.log(1 / 3), rel=1e-14)
    assert pm.math.invlogit(2.0).eval() == pytest.approx(1 / (1 + np.exp(-2.0)), rel=1e-14)
    assert pm.math.log1pexp(800.0).eval() == pytest.approx(800.0)
    assert pm.math.logdiffexp(0.0, -1e-20).eval() == pytest.approx(np.log(1e-20), rel=1e-12)
    np.testing.assert_array_equal(pm.math.sgn(x).eval({x: [-2.0, 0.0, 3.0]}), [-1.0, 0.0, 1.0])
    for name in ("switch", "stack", "concatenate", "dot", "matmul", "logsumexp", "log1mexp", "sigmoid", "cholesky"):
        assert callable(getattr(pm.math, name))


def test_data_and_set_data_for_predictions():
    rng = np.random.default_rng(0)
    x_obs = np.linspace(0, 1, 20)
    y_obs = 1 + 2 * x_obs + rng.normal(0, 0.1, 20)
    with pm.Model(coords={"obs": range(20)}) as model:
        x = pm.Data("x", x_obs, dims="obs")
        a = pm.Normal("a", 0, 10)
        b = pm.Normal("b", 0, 10)
        pm.Normal("y", a + b * x, 0.1, observed=y_obs, dims="obs")
        idata = pm.sample(draws=300, tune=300, chains=2, random_seed=1, progressbar=False,
                          compute_convergence_checks=False)
        pm.set_data({"x": np.array([2.0, 3.0])})
        pred = pm.sample_posterior_predictive(idata, predictions=True, random_seed=1)
        with pytest.raises(ValueError, match="not a pm.Data variable"):
            pm.set_data({"a": [1.0]})
        with pytest.raises(ValueError, match="has 1 dimensions, the new value 2"):
            pm.set_data({"x": np.zeros((2, 2))})
    assert model.dim_lengths["obs"] == 2
    assert pred.predictions["y"].shape == (2, 300, 2)
    a_draws = idata.posterior["a"].values[..., None]
    b_draws = idata.posterior["b"].values[..., None]
    noise = pred.predictions["y"].values - (a_draws + b_draws * np.array([2.0, 3.0]))
    assert st.kstest(noise.ravel() / 0.1, st.norm.cdf).pvalue > 1e-3


def test_censored_mixture_and_custom_dist_densities():
    from scipy.special import logsumexp

    y = np.array([-1.0, 0.5, 2.0, 2.0, 2.0])
    with pm.Model() as censored:
        mu = pm.Normal("mu", 0, 5)
        pm.Censored("y", pm.Normal.dist(mu, 1.5), lower=-1.0, upper=2.0, observed=y)
    m = 0.3
    expected = (st.norm(0, 5).logpdf(m) + st.norm(m, 1.5).logcdf(-1) + st.norm(m, 1.5).logpdf(0.5)
                + 3 * st.norm(m, 1.5).logsf(2))
    assert censored.compile_logp()({"mu": m}) == pytest.approx(expected, rel=1e-12)

    w, data, scales = np.array([0.3, 0.7]), np.array([-2.0, 0.1, 3.0]), np.array([1.0, 2.0])
    with pm.Model() as mixture:
        mus = pm.Normal("mus", 0, 5, shape=2)
        pm.NormalMixture("x", w=w, mu=mus, sigma=scales, observed=data)
    at = np.array([-1.0, 2.0])
    comp = st.norm(at[:, None], scales[:, None]).logpdf(data[None, :])
    expected = st.norm(0, 5).logpdf(at).sum() + logsumexp(np.log(w)[:, None] + comp, axis=0).sum()
    assert mixture.compile_logp()({"mus": at}) == pytest.approx(expected, rel=1e-12)

    with pm.Model() as listed:
        pm.Mixture("z", w=w, comp_dists=[pm.Normal.dist(-1, 1), pm.Normal.dist(2, 0.5)])
    assert listed.initial_point()["z"] == pytest.approx(0.3 * -1 + 0.7 * 2)
    expected = logsumexp(np.log(w) + np.array([st.norm(-1, 1).logpdf(0.3), st.norm(2, 0.5).logpdf(0.3)]))
    assert listed.compile_logp()({"z": 0.3}) == pytest.approx(expected, rel=1e-12)
    draws = pm.draw(listed["z"], draws=20000, random_seed=4)
    mixture_cdf = lambda x: 0.3 * st.norm(-1, 1).cdf(x) + 0.7 * st.norm(2, 0.5).cdf(x)  # noqa: E731
    assert st.kstest(draws, mixture_cdf).pvalue > 1e-3

    with pm.Model() as custom:
        a = pm.Normal("a", 0, 1)
        pm.CustomDist("c", a, logp=lambda v, loc: -0.5 * (v - loc) ** 2 - 0.5 * np.log(2 * np.pi),
                      observed=np.array([0.2, 0.4]))
        pm.CustomDist("d", a, logp=lambda v, loc: -pt.abs(v - loc) - np.log(2), shape=())
        pm.CustomDist("e", 0.0, 1.0, dist=lambda loc, scale, size: pt.exp(pm.Normal.dist(loc, scale, size=size)),
                      observed=np.array([1.0, 2.0]))
    lp_a, lp_d, lp_c, lp_e = custom.compile_logp(sum=False)({"a": 0.1, "d": 0.5})
    assert lp_a == pytest.approx(st.norm.logpdf(0.1), rel=1e-13)
    assert lp_d == pytest.approx(st.laplace(0.1).logpdf(0.5), rel=1e-13)
    np.testing.assert_allclose(lp_c, st.norm(0.1).logpdf([0.2, 0.4]), rtol=1e-13)
    np.testing.assert_allclose(lp_e, st.lognorm(1.0).logpdf([1.0, 2.0]), rtol=1e-13)
    with pm.Model():
        with pytest.raises(TypeError, match="must be an unnamed distribution made with .dist"):
            pm.Censored("bad", 3.0, lower=0, observed=[1.0])
        with pytest.raises(ValueError, match="exactly one of dist="):
            pm.CustomDist("bad", 1.0)
        with pytest.raises(ValueError, match="needs shape, size, dims or observed"):
            pm.CustomDist("bad", 1.0, logp=lambda v, p: v)


def test_truncated():
    with pm.Model() as model:
        mu = pm.Normal("mu", 0, 5)
        x = pm.Truncated("x", pm.Normal.dist(mu, 2.0), lower=-1.0, upper=3.0)
        pm.Truncated("t", pm.Normal.dist(mu, 1.0), lower=0.0, observed=np.array([0.3, 2.0]))
        g = pm.Truncated("g", pm.Exponential.dist(lam=1.0), lower=0.5, upper=2.0)
    assert [v.name for v in model.value_vars] == ["mu", "x_interval__", "g_interval__"]
    lp_mu, lp_x, lp_g, lp_t = model.compile_logp(sum=False, jacobian=False)(
        {"mu": 0.4, "x_interval__": 0.0, "g_interval__": 0.3})
    assert lp_x == pytest.approx(st.truncnorm((-1 - 0.4) / 2, (3 - 0.4) / 2, loc=0.4, scale=2).logpdf(1.0), rel=1e-12)
    np.testing.assert_allclose(lp_t, st.truncnorm(-0.4, np.inf, loc=0.4).logpdf([0.3, 2.0]), rtol=1e-12)
    at = 0.5 + 1.5 / (1 + np.exp(-0.3))
    assert lp_g == pytest.approx(st.truncexpon(b=1.5, loc=0.5).logpdf(at), rel=1e-12)
    draws = pm.draw(g, draws=20000, random_seed=2)
    assert st.kstest(draws, st.truncexpon(b=1.5, loc=0.5).cdf).pvalue > 1e-3
    xs = pm.draw(x, draws=2000, random_seed=3)
    assert xs.min() >= -1.0 and xs.max() <= 3.0


def test_random_walks_and_zero_inflated_families():
    with pm.Model() as walk:
        pm.GaussianRandomWalk("w", mu=0.5, sigma=2.0, init_dist=pm.Normal.dist(1.0, 3.0), steps=4)
    np.testing.assert_allclose(walk.initial_point()["w"], [1.0, 1.5, 2.0, 2.5, 3.0])
    x = np.array([0.3, 1.0, 4.0, 3.5, 6.0])
    expected = st.norm(1, 3).logpdf(x[0]) + st.norm(0.5, 2).logpdf(np.diff(x)).sum()
    assert walk.compile_logp()({"w": x}) == pytest.approx(expected, rel=1e-12)
    draws = pm.draw(walk["w"], draws=5000, random_seed=1)
    assert st.kstest(np.diff(draws, axis=1).ravel(), st.norm(0.5, 2).cdf).pvalue > 1e-3
    with pm.Model() as generic:
        pm.RandomWalk("r", innovation_dist=pm.Laplace.dist(0.0, 1.0), init_dist=pm.Normal.dist(0, 1), shape=3)
    x = np.array([0.2, -0.5, 1.0])
    expected = st.norm.logpdf(x[0]) + st.laplace.logpdf(np.diff(x)).sum()
    assert generic.compile_logp()({"r": x}) == pytest.approx(expected, rel=1e-12)
    with pm.Model():
        with pytest.raises(ValueError, match="steps, shape, dims or observed"):
            pm.GaussianRandomWalk("bad")

    y = np.array([0, 0, 1, 3, 0, 2])
    with pm.Model() as zip_model:
        psi = pm.Beta("psi", 2, 2)
        mu = pm.Gamma("mu", 2, 1)
        pm.ZeroInflatedPoisson("y", psi, mu, observed=y)
    lp = zip_model.compile_logp(jacobian=False, sum=False)({"psi_logodds__": 0.3, "mu_log__": 0.5})[2]
    p, m = 1 / (1 + np.exp(-0.3)), np.exp(0.5)
    expected = np.where(y == 0, np.log(1 - p + p * np.exp(-m)), np.log(p) + st.poisson(m).logpmf(y))
    np.testing.assert_allclose(lp, expected, rtol=1e-12)
    with pm.Model() as zib:
        pm.ZeroInflatedBinomial("y", 0.7, 5, 0.4, observed=np.array([0, 2, 5]))
    expected = np.where(np.array([0, 2, 5]) == 0, np.log(0.3 + 0.7 * 0.6 ** 5),
                        np.log(0.7) + st.binom(5, 0.4).logpmf([0, 2, 5]))
    np.testing.assert_allclose(zib.compile_logp(sum=False)({})[0], expected, rtol=1e-12)
    draws = pm.draw(pm.ZeroInflatedPoisson.dist(0.4, 3.0), draws=20000, random_seed=2)
    assert np.mean(draws == 0) == pytest.approx(0.6 + 0.4 * np.exp(-3.0), abs=0.015)


def test_missing_values_are_imputed():
    y = np.array([0.5, np.nan, 1.5, 2.5, np.nan])
    with pm.Model() as model:
        mu = pm.Normal("mu", 0, 5)
        pm.Normal("y", mu, 2.0, observed=y)
    assert [v.name for v in model.value_vars] == ["mu", "y_unobserved"]
    assert [rv.name for rv in model.observed_RVs] == ["y_observed"]
    lp_mu, lp_missing, lp_seen = model.compile_logp(sum=False)({"mu": 1.0, "y_unobserved": np.array([0.0, 3.0])})
    np.testing.assert_allclose(lp_missing, st.norm(1, 2).logpdf([0.0, 3.0]), rtol=1e-13)
    np.testing.assert_allclose(lp_seen, st.norm(1, 2).logpdf([0.5, 1.5, 2.5]), rtol=1e-13)
    with model:
        idata = pm.sample(draws=300, tune=300, chains=2, random_seed=1, progressbar=False,
                          compute_convergence_checks=False)
    full = idata.posterior["y"].values
    assert full.shape == (2, 300, 5)
    np.testing.assert_array_equal(full[..., [0, 2, 3]], np.broadcast_to([0.5, 1.5, 2.5], (2, 300, 3)))
    np.testing.assert_array_equal(full[..., [1, 4]], idata.posterior["y_unobserved"].values)
    masked = np.ma.masked_array([[1.0, 2.0], [3.0, 4.0]], mask=[[False, True], [True, False]])
    with pm.Model() as positive:
        s = pm.HalfNormal("s", 1.0)
        pm.LogNormal("z", 0.0, s, observed=masked)
    assert [v.name for v in positive.value_vars] == ["s_log__", "z_unobserved_log__"]
    _, lp_missing, lp_seen = positive.compile_logp(sum=False, jacobian=False)(
        {"s_log__": 0.0, "z_unobserved_log__": np.array([0.0, 1.0])})
    np.testing.assert_allclose(lp_seen, st.lognorm(1.0).logpdf([1.0, 4.0]), rtol=1e-13)
    np.testing.assert_allclose(lp_missing, st.lognorm(1.0).logpdf(np.exp([0.0, 1.0])), rtol=1e-13)


def test_log_likelihood_group():
    y_obs = np.array([0.3, -1.2, 2.5])
    with pm.Model(coords={"obs": range(3)}):
        mu = pm.Normal("mu", 0, 2)
        pm.Normal("y", mu, 1.5, observed=y_obs, dims="obs")
        idata = pm.sample(draws=100, tune=100, chains=2, random_seed=3, progressbar=False,
                          idata_kwargs={"log_likelihood": True}, compute_convergence_checks=False)
    ll = idata.log_likelihood["y"]
    assert ll.dims == ("chain", "draw", "obs")
    mu_draws = idata.posterior["mu"].values[..., None]
    np.testing.assert_allclose(ll.values, st.norm(mu_draws, 1.5).logpdf(y_obs), rtol=1e-12)


def test_zero_sum_normal_and_ordered_models():
    from scipy.special import expit

    with pm.Model() as model:
        z = pm.ZeroSumNormal("z", sigma=2.0, shape=4)
    assert z.type.shape == (4,) and [v.name for v in model.value_vars] == ["z_zerosum__"]
    assert model.initial_point()["z_zerosum__"].shape == (3,)
    draws = pm.draw(z, draws=4000, random_seed=1)
    np.testing.assert_allclose(draws.sum(axis=1), 0, atol=1e-12)
    # Each coordinate is N(0, sigma^2 (n - 1) / n).
    assert st.kstest(draws[:, 0], st.norm(0, 2 * np.sqrt(3 / 4)).cdf).pvalue > 1e-3
    cut = np.array([-1.0, 0.5, 2.0])
    y = np.array([0, 1, 3, 2])
    with pm.Model() as ordered:
        eta = pm.Normal("eta", 0, 1)
        pm.OrderedLogistic("y", eta, cut, observed=y)
        pm.OrderedProbit("y2", eta, cut, sigma=1.5, observed=y)
    _, lp_logistic, lp_probit = ordered.compile_logp(sum=False)({"eta": 0.3})
    logistic = np.diff(np.concatenate([[0], expit(cut - 0.3), [1]]))
    probit = np.diff(np.concatenate([[0], st.norm.cdf((cut - 0.3) / 1.5), [1]]))
    np.testing.assert_allclose(lp_logistic, np.log(logistic[y]), rtol=1e-12)
    np.testing.assert_allclose(lp_probit, np.log(probit[y]), rtol=1e-12)


def test_model_to_graphviz():
    graphviz = pytest.importorskip("graphviz")  # installed by scripts/setup-env.sh with the test tools
    with pm.Model(coords={"school": range(8)}) as model:
        mu = pm.Normal("mu", 0, 5)
        tau = pm.HalfCauchy("tau", 5)
        theta_t = pm.Normal("theta_t", 0, 1, dims="school")
        theta = pm.Deterministic("theta", mu + tau * theta_t, dims="school")
        sigma = pm.Data("sigma", np.full(8, 10.0), dims="school")
        pm.Normal("y", theta, sigma, observed=np.zeros(8), dims="school")
    dot = pm.model_to_graphviz(model)
    assert isinstance(dot, graphviz.Digraph)
    source = dot.source
    for edge in ("mu -> theta", "tau -> theta", "theta_t -> theta", "theta -> y", "sigma -> y"):
        assert edge in source
    assert "mu -> y" not in source  # y depends on mu only through the deterministic
    assert 'cluster_school (8)' in source and "style=filled" in source


def test_lkj_cholesky_cov_model():
    rng = np.random.default_rng(0)
    data = rng.multivariate_normal([0, 0], [[1, 0.6], [0.6, 2]], size=300)
    with pm.Model() as model:
        chol, corr, stds = pm.LKJCholeskyCov("chol", eta=2.0, n=2, sd_dist=pm.Exponential.dist(1.0))
        pm.MvNormal("obs", mu=np.zeros(2), chol=chol, observed=data)
        packed = pm.LKJCholeskyCov("packed", eta=1.0, n=3, sd_dist=pm.HalfNormal.dist(1.0), compute_corr=False)
        with pytest.raises(ValueError, match="n must be a positive integer"):
            pm.LKJCholeskyCov("bad", eta=1.0, n=0, sd_dist=pm.Exponential.dist(1.0))
    assert [v.name for v in model.value_vars] == ["chol_cholesky-cov-packed__", "packed_cholesky-cov-packed__"]
    assert packed.type.shape == (6,)
    assert {d.name for d in model.deterministics} == {"chol_corr", "chol_stds"}
    point = model.initial_point()
    assert np.isfinite(model.compile_logp()(point))
    with model:
        idata = pm.sample(draws=400, tune=400, chains=2, random_seed=1, progressbar=False,
                          compute_convergence_checks=False)
    sample_corr = np.corrcoef(data.T)[0, 1]
    assert idata.posterior["chol_corr"].values[..., 0, 1].mean() == pytest.approx(sample_corr, abs=0.08)
    np.testing.assert_allclose(idata.posterior["chol_stds"].mean(("chain", "draw")).values, data.std(axis=0),
                               rtol=0.1)
