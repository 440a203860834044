"""Truncated integer-valued distributions and the hurdle families (PyMC's Truncated, HurdlePoisson,
HurdleNegativeBinomial, HurdleGamma, HurdleLogNormal): densities against SciPy, draws by
chi-square and Kolmogorov–Smirnov tests, shapes, gradients and bad input."""

import numpy as np
import pytest
import scipy.stats as st

import swiftppl as pm


def _chisquare_pvalue(draws, pmf, support):
    """Pearson's test of integer `draws` against `pmf` on `support` (a finite range holding
    every draw); cells expected below 5 are pooled with their neighbours."""
    counts = np.array([np.sum(draws == k) for k in support], dtype=float)
    assert counts.sum() == draws.size, "draws outside the expected support"
    expected = pmf(np.asarray(support)) * draws.size
    pooled_obs, pooled_exp, o, e = [], [], 0.0, 0.0
    for c, x in zip(counts, expected):
        o, e = o + c, e + x
        if e >= 5:
            pooled_obs.append(o), pooled_exp.append(e)
            o, e = 0.0, 0.0
    pooled_obs[-1] += o
    pooled_exp[-1] += e
    pooled_exp = np.array(pooled_exp) * (draws.size / np.sum(pooled_exp))
    return st.chisquare(pooled_obs, pooled_exp).pvalue


def _truncated_pmf(dist, lower, upper):
    """SciPy's pmf of `dist` restricted to [lower, upper] (inclusive) and renormalized."""
    mass = dist.cdf(upper) - dist.cdf(lower - 1)
    return lambda k: np.where((k >= lower) & (k <= upper), dist.pmf(k) / mass, 0.0)


# (swiftppl .dist, SciPy distribution, lower, upper): Geometric and DiscreteUniform have a
# quantile function; Poisson, NegativeBinomial and Binomial are inverted by bisection.
TRUNCATED = {
    "poisson_both": (lambda: pm.Poisson.dist(3.0), st.poisson(3.0), 2, 6),
    "poisson_lower": (lambda: pm.Poisson.dist(3.0), st.poisson(3.0), 4, None),
    "poisson_upper": (lambda: pm.Poisson.dist(3.0), st.poisson(3.0), None, 2),
    "nbinom_lower": (lambda: pm.NegativeBinomial.dist(mu=4.0, alpha=2.0), st.nbinom(2.0, 2.0 / 6.0), 1, None),
    "binomial_both": (lambda: pm.Binomial.dist(10, 0.4), st.binom(10, 0.4), 3, 8),
    "geometric_both": (lambda: pm.Geometric.dist(0.3), st.geom(0.3), 3, 7),
}


@pytest.mark.parametrize("case", sorted(TRUNCATED))
def test_truncated_discrete_logp_and_draws(case):
    make, ref, lower, upper = TRUNCATED[case]
    lo = lower if lower is not None else -1
    hi = upper if upper is not None else np.inf
    pmf = _truncated_pmf(ref, lo, hi)
    values = np.arange(max(lo - 2, 0), (upper if upper is not None else lower + 12) + 3)
    with pm.Model() as model:
        pm.Truncated("x", make(), lower=lower, upper=upper, observed=values)
    (lp,) = model.compile_logp(sum=False)({})
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(lp, np.log(pmf(values)), rtol=1e-10)
    draws = pm.draw(pm.Truncated.dist(make(), lower=lower, upper=upper, shape=20_000), random_seed=5)
    assert draws.dtype == np.int64
    top = int(draws.max()) if upper is None else upper
    assert _chisquare_pvalue(draws, pmf, np.arange(max(lo, 0), top + 1)) > 1e-3


def test_truncated_discrete_lower_bound_keeps_its_mass():
    # PyMC's convention: P(X >= lower) = 1 - F(lower - 1); lower itself is in the support.
    with pm.Model() as model:
        pm.Truncated("x", pm.Poisson.dist(2.0), lower=3, observed=[3])
    expected = st.poisson(2.0).logpmf(3) - st.poisson(2.0).logsf(2)
    assert model.compile_logp()({}) == pytest.approx(expected, rel=1e-12)


def test_truncated_discrete_free_variable():
    with pm.Model() as model:
        mu = pm.Gamma("mu", 3.0, 1.0)
        x = pm.Truncated("x", pm.Poisson.dist(mu), lower=5, upper=9, shape=2)
        far = pm.Truncated("far", pm.Poisson.dist(1.0), lower=6)
    # Discrete values are not transformed; the initial point lies within the bounds.
    assert [v.name for v in model.value_vars] == ["mu_log__", "x", "far"]
    assert x.dtype == "int64" and model.rvs_to_transforms[x] is None
    point = model.initial_point()
    assert np.all((point["x"] >= 5) & (point["x"] <= 9)) and point["far"] == 6
    point = {"mu_log__": np.log(4.0), "x": np.array([5, 9]), "far": np.array(7)}
    _, lp_x, lp_far = model.compile_logp(sum=False, jacobian=False)(point)
    pmf = _truncated_pmf(st.poisson(4.0), 5, 9)
    np.testing.assert_allclose(lp_x, np.log(pmf(np.array([5, 9]))), rtol=1e-12)
    assert lp_far == pytest.approx(st.poisson(1.0).logpmf(7) - st.poisson(1.0).logsf(5), rel=1e-12)
    # The mean's gradient through the normalizer, against a central difference.
    dlogp = model.compile_dlogp(vars=[model.value_vars[0]])
    logp = model.compile_logp()
    h = 1e-6
    shifted = [logp({**point, "mu_log__": point["mu_log__"] + s}) for s in (h, -h)]
    assert dlogp(point)[0] == pytest.approx((shifted[0] - shifted[1]) / (2 * h), rel=1e-6)


def test_truncated_bad_input():
    with pm.Model():
        with pytest.raises(ValueError, match="lower and upper cannot both be None"):
            pm.Truncated("x", pm.Poisson.dist(3.0))
        with pytest.raises(TypeError, match="unexpected keyword argument"):
            pm.Truncated("x", pm.Poisson.dist(3.0), lower=1, bogus=2)
    with pytest.raises(ValueError, match="lower and upper cannot both be None"):
        pm.Truncated.dist(pm.Poisson.dist(3.0), lower=-np.inf, upper=np.inf)


def _hurdle_reference(psi, positive_logpdf):
    """log(1 - psi) at 0, log(psi) + the positive part's log density elsewhere."""
    def logp(x):
        x = np.asarray(x, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(x == 0, np.log1p(-psi), np.log(psi) + positive_logpdf(np.where(x == 0, 1, x)))
    return logp


def _zero_truncated(ref):
    return lambda k: ref.logpmf(k) - ref.logsf(0)


HURDLES = {
    # name: (class, parameters, SciPy positive-part log density, discrete)
    "poisson": (pm.HurdlePoisson, dict(psi=0.7, mu=2.5), _zero_truncated(st.poisson(2.5)), True),
    "nbinom_mu_alpha": (pm.HurdleNegativeBinomial, dict(psi=0.4, mu=3.0, alpha=1.5),
                        _zero_truncated(st.nbinom(1.5, 1.5 / 4.5)), True),
    "nbinom_n_p": (pm.HurdleNegativeBinomial, dict(psi=0.6, n=4.0, p=0.3), _zero_truncated(st.nbinom(4.0, 0.3)), True),
    "gamma_alpha_beta": (pm.HurdleGamma, dict(psi=0.7, alpha=2.0, beta=0.5), st.gamma(2.0, scale=2.0).logpdf, False),
    # mu = 2, sigma = 1: alpha = mu^2 / sigma^2 = 4, beta = mu / sigma^2 = 2
    "gamma_mu_sigma": (pm.HurdleGamma, dict(psi=0.3, mu=2.0, sigma=1.0), st.gamma(4.0, scale=0.5).logpdf, False),
    "lognormal_sigma": (pm.HurdleLogNormal, dict(psi=0.8, mu=0.5, sigma=0.7),
                        st.lognorm(0.7, scale=np.exp(0.5)).logpdf, False),
    "lognormal_tau": (pm.HurdleLogNormal, dict(psi=0.5, mu=-0.2, tau=4.0),
                      st.lognorm(0.5, scale=np.exp(-0.2)).logpdf, False),
}


@pytest.mark.parametrize("case", sorted(HURDLES))
def test_hurdle_logp_against_scipy(case):
    cls, params, positive, discrete = HURDLES[case]
    values = np.array([0, 1, 2, 3, 7, 12]) if discrete else np.array([0.0, 0.3, 1.0, 2.5, 6.0, -1.0])
    with pm.Model() as model:
        cls("y", **params, observed=values)
    (lp,) = model.compile_logp(sum=False)({})
    expected = _hurdle_reference(params["psi"], positive)(values)
    np.testing.assert_allclose(lp, expected, rtol=1e-10)
    # The unnamed form draws the same distribution.
    assert pm.draw(cls.dist(**params), random_seed=1).dtype == (np.int64 if discrete else np.float64)


@pytest.mark.parametrize("case", ["poisson", "nbinom_mu_alpha", "gamma_mu_sigma", "lognormal_sigma"])
def test_hurdle_draws(case):
    cls, params, positive, discrete = HURDLES[case]
    n = 20_000
    draws = pm.draw(cls.dist(**params, shape=n), random_seed=11)
    assert draws.shape == (n,)
    zeros = np.sum(draws == 0)
    # Zeros are Binomial(n, 1 - psi): a z-test against its standard error.
    psi = params["psi"]
    assert abs(zeros - n * (1 - psi)) < 4 * np.sqrt(n * psi * (1 - psi))
    rest = draws[draws != 0]
    if discrete:
        pmf = lambda k: np.exp(positive(k))  # noqa: E731
        assert _chisquare_pvalue(rest, pmf, np.arange(1, rest.max() + 1)) > 1e-3
    else:
        assert rest.min() > 0
        ref = {"gamma_mu_sigma": st.gamma(4.0, scale=0.5),
               "lognormal_sigma": st.lognorm(0.7, scale=np.exp(0.5))}[case]
        assert st.kstest(rest, ref.cdf).pvalue > 1e-3


def test_hurdle_shapes_and_free_parameters():
    y = np.array([[0, 3, 1], [2, 0, 0]])
    with pm.Model(coords={"obs": range(3)}) as model:
        psi = pm.Beta("psi", 2.0, 2.0, dims="obs")
        mu = pm.Gamma("mu", 2.0, 1.0)
        obs = pm.HurdlePoisson("y", psi, mu, observed=y)
        by_dims = pm.HurdleGamma("g", psi, alpha=2.0, beta=1.0, dims="obs")
        shaped = pm.HurdleLogNormal("ln", 0.5, 0.0, 1.0, shape=(2, 3))
        broadcast = pm.HurdleNegativeBinomial("nb", np.array([0.2, 0.5, 0.9]), mu=2.0, alpha=1.0)
    assert obs.type.shape == (2, 3) and by_dims.type.shape == (3,) and shaped.type.shape == (2, 3)
    assert broadcast.type.shape == (3,) and model.named_vars_to_dims["g"] == ("obs",)
    assert pm.draw(shaped, random_seed=1).shape == (2, 3)
    point = model.initial_point()
    assert point["g"].shape == (3,) and np.all(point["g"] > 0) and point["nb"].dtype == np.int64
    point = {"psi_logodds__": np.array([0.3, -0.2, 1.0]), "mu_log__": np.log(1.7), "g": np.array([0.0, 1.5, 2.0]),
             "ln": np.full((2, 3), 1.2), "nb": np.array([0, 4, 1])}
    _, _, lp_g, _, _, lp_y = model.compile_logp(sum=False, jacobian=False)(point)
    p = 1 / (1 + np.exp(-point["psi_logodds__"]))
    expected_y = _hurdle_reference(p, _zero_truncated(st.poisson(1.7)))(y)
    np.testing.assert_allclose(lp_y, expected_y, rtol=1e-12)
    expected_g = _hurdle_reference(p, st.gamma(2.0).logpdf)(point["g"])
    np.testing.assert_allclose(lp_g, expected_g, rtol=1e-12)
    # Gradients with zeros in the data stay finite and agree with central differences.
    dlogp = model.compile_dlogp(vars=model.value_vars[:2])(point)
    logp = model.compile_logp()
    flat = np.concatenate([point["psi_logodds__"], [point["mu_log__"]]])
    h = 1e-6
    for i in range(4):
        step = np.zeros(4)
        step[i] = h
        up = {**point, "psi_logodds__": (flat + step)[:3], "mu_log__": (flat + step)[3]}
        down = {**point, "psi_logodds__": (flat - step)[:3], "mu_log__": (flat - step)[3]}
        assert dlogp[i] == pytest.approx((logp(up) - logp(down)) / (2 * h), rel=1e-6, abs=1e-8)


def test_hurdle_in_predictive_sampling():
    y = np.array([0, 0, 4, 1, 2, 0, 3, 5])
    with pm.Model() as model:
        mu = pm.Gamma("mu", 2.0, 0.5)
        pm.HurdlePoisson("y", 0.6, mu, observed=y)
        prior = pm.sample_prior_predictive(draws=50, random_seed=1)
    assert prior.prior_predictive["y"].shape == (1, 50, 8)
    assert prior.prior_predictive["y"].values.dtype == np.int64
    assert np.all(prior.prior_predictive["y"].values >= 0)
    with model:
        idata = pm.sample(draws=200, tune=200, chains=2, random_seed=2, progressbar=False,
                          compute_convergence_checks=False)
        pm.sample_posterior_predictive(idata, extend_inferencedata=True, random_seed=3, progressbar=False)
    assert idata.posterior_predictive["y"].shape == (2, 200, 8)


def test_hurdle_bad_input():
    with pm.Model() as model:
        pm.HurdlePoisson("y", 1.5, 2.0, observed=[0, 1])
    with pytest.raises(ValueError, match="0 <= p <= 1"):
        model.compile_logp()({})
    with pm.Model():
        with pytest.raises(TypeError, match="unexpected keyword argument 'bogus'"):
            pm.HurdleGamma("g", 0.5, alpha=1.0, beta=1.0, bogus=3)
        with pytest.raises(ValueError, match="Incompatible parameterization"):
            pm.HurdleGamma("g", 0.5, alpha=1.0, mu=1.0)
        with pytest.raises(ValueError, match="Incompatible parametrization"):
            pm.HurdleNegativeBinomial("nb", 0.5, mu=1.0, p=0.3)
        with pytest.raises(ValueError, match="does not broadcast"):
            pm.HurdlePoisson("b", np.full(3, 0.5), pm.math.constant(np.ones(4)))
        with pytest.raises(ValueError, match="does not match the variable's shape"):
            pm.HurdlePoisson("s", 0.5, 2.0, shape=3, observed=[0, 1, 2, 3])
    with pytest.raises(TypeError, match="unexpected keyword argument 'observed'"):
        pm.HurdlePoisson.dist(0.5, 2.0, observed=[1])


ZERO_INFLATED = {
    # name: (class, parameters, SciPy distribution of the non-inflated part)
    "poisson": (pm.ZeroInflatedPoisson, dict(psi=0.6, mu=2.5), st.poisson(2.5)),
    "binomial": (pm.ZeroInflatedBinomial, dict(psi=0.7, n=8, p=0.3), st.binom(8, 0.3)),
    "nbinom_mu_alpha": (pm.ZeroInflatedNegativeBinomial, dict(psi=0.5, mu=3.0, alpha=1.5), st.nbinom(1.5, 1.5 / 4.5)),
    "nbinom_n_p": (pm.ZeroInflatedNegativeBinomial, dict(psi=0.8, n=4.0, p=0.4), st.nbinom(4.0, 0.4)),
}


@pytest.mark.parametrize("case", sorted(ZERO_INFLATED))
def test_zero_inflated_families(case):
    cls, params, ref = ZERO_INFLATED[case]
    psi = params["psi"]
    values = np.array([0, 1, 2, 5, 8])
    with pm.Model() as model:
        free = cls("k", **params)
        cls("y", **params, observed=values)
    # Integer-valued, untransformed: the value variable is the count itself.
    assert free.dtype == "int64" and [v.name for v in model.value_vars] == ["k"]
    _, lp = model.compile_logp(sum=False)({"k": np.array(3)})
    expected = np.where(values == 0, np.log1p(-psi + psi * ref.pmf(0)), np.log(psi) + ref.logpmf(values))
    np.testing.assert_allclose(lp, expected, rtol=1e-12)
    draws = pm.draw(cls.dist(**params, shape=20_000), random_seed=3)
    assert draws.dtype == np.int64
    pmf = lambda k: np.where(k == 0, 1 - psi, 0.0) + psi * ref.pmf(k)  # noqa: E731
    assert _chisquare_pvalue(draws, pmf, np.arange(0, draws.max() + 1)) > 1e-3


def test_missing_values_are_imputed():
    y = np.array([0, np.nan, 3, 1, np.nan, 0])
    seen = y[~np.isnan(y)]
    with pm.Model() as model:
        mu = pm.Gamma("mu", 2.0, 1.0)
        pm.HurdlePoisson("h", 0.6, mu, observed=y)
        pm.ZeroInflatedPoisson("z", 0.6, mu, observed=y)
        pm.Truncated("t", pm.Gamma.dist(2.0, 1.0), lower=0.5, upper=4.0, observed=np.array([1.0, np.nan, 2.0]))
        pm.Truncated("k", pm.Poisson.dist(mu), lower=1, observed=np.array([1.0, np.nan, 2.0]))
    assert [v.name for v in model.value_vars] == ["mu_log__", "h_unobserved", "z_unobserved",
                                                  "t_unobserved_interval__", "k_unobserved"]
    assert [v.name for v in model.observed_RVs] == ["h_observed", "z_observed", "t_observed", "k_observed"]
    point = {"mu_log__": np.log(2.0), "h_unobserved": np.array([0, 4]), "z_unobserved": np.array([2, 0]),
             "t_unobserved_interval__": np.array([0.3]), "k_unobserved": np.array([5])}
    terms = dict(zip([rv.name for rv in model.basic_RVs], model.compile_logp(sum=False, jacobian=False)(point)))
    pois = st.poisson(2.0)
    hurdle = _hurdle_reference(0.6, _zero_truncated(pois))
    np.testing.assert_allclose(terms["h_observed"], hurdle(seen), rtol=1e-12)
    np.testing.assert_allclose(terms["h_unobserved"], hurdle(np.array([0, 4])), rtol=1e-12)
    inflated = lambda k: np.where(k == 0, np.log(0.4 + 0.6 * pois.pmf(0)), np.log(0.6) + pois.logpmf(k))  # noqa: E731
    np.testing.assert_allclose(terms["z_observed"], inflated(seen), rtol=1e-12)
    np.testing.assert_allclose(terms["z_unobserved"], inflated(np.array([2, 0])), rtol=1e-12)
    gamma = st.gamma(2.0)
    t_value = 0.5 + 3.5 / (1 + np.exp(-0.3))
    norm = np.log(gamma.cdf(4.0) - gamma.cdf(0.5))
    np.testing.assert_allclose(terms["t_observed"], gamma.logpdf([1.0, 2.0]) - norm, rtol=1e-12)
    np.testing.assert_allclose(terms["t_unobserved"], gamma.logpdf([t_value]) - norm, rtol=1e-12)
    np.testing.assert_allclose(terms["k_unobserved"], pois.logpmf([5]) - pois.logsf(0), rtol=1e-12)
    # The joined deterministic holds the data and the imputed entries.
    joined = model.compile_fn(model.replace_rvs_by_values(model["h"]))(point)
    np.testing.assert_array_equal(joined, [0, 0, 3, 1, 4, 0])
    # The gradient in mu stays finite (the parts are evaluated at in-support fill values).
    grad = model.compile_dlogp(vars=[mu])(point)
    logp = model.compile_logp()
    h = 1e-6
    fd = (logp({**point, "mu_log__": point["mu_log__"] + h}) - logp({**point, "mu_log__": point["mu_log__"] - h})) / (2 * h)
    assert grad[0] == pytest.approx(fd, rel=1e-6)
