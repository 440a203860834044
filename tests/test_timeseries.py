"""Time-series distributions (AR, GARCH11, random walks): densities against NumPy/SciPy, draws against closed-form moments, shapes, errors, and NUTS recovering an AR coefficient."""

import warnings

import numpy as np
import pytest
import scipy.stats as st

import swiftppl as pm
import swiftppl.tensor as pt


def logps(model, point, jacobian=False):
    return model.compile_logp(sum=False, jacobian=jacobian)(point)


def ar_logp_reference(x, coefs, sigma, init_logp, constant):
    """log p of one series by a plain loop over time: init density plus N(x_t | mean_t, sigma)."""
    p = len(coefs) - int(constant)
    total = init_logp(x[:p])
    for t in range(p, len(x)):
        mean = coefs[0] if constant else 0.0
        mean += sum(coefs[int(constant) + k - 1] * x[t - k] for k in range(1, p + 1))
        total += st.norm(mean, sigma).logpdf(x[t])
    return total


def garch_logp_reference(y, omega, alpha, beta, vol0):
    """log p of one series by a loop over time (vectorized over arrays of parameters)."""
    vol, total = vol0, 0.0
    for t in range(len(y)):
        if t > 0:
            vol = np.sqrt(omega + alpha * y[t - 1] ** 2 + beta * vol ** 2)
        total += st.norm(0, vol).logpdf(y[t])
    return total


# ---- densities ---------------------------------------------------------------

def test_ar1_density_free_and_observed():
    x = np.array([0.3, -0.2, 0.5, 1.0, 0.1, -0.4])
    with pm.Model() as model:
        rho = pm.Normal("rho", 0, 0.5)
        pm.AR("x", rho, sigma=1.3, init_dist=pm.Normal.dist(0.5, 2.0), steps=5)
    lp_rho, lp_x = logps(model, {"rho": 0.4, "x": x})
    assert lp_rho == pytest.approx(st.norm(0, 0.5).logpdf(0.4), rel=1e-12)
    assert np.shape(lp_x) == ()  # summed over time, as PyMC
    expected = ar_logp_reference(x, [0.4], 1.3, lambda v: st.norm(0.5, 2.0).logpdf(v).sum(), False)
    assert lp_x == pytest.approx(expected, rel=1e-12)
    with pm.Model() as observed:
        rho = pm.Normal("rho", 0, 0.5)
        pm.AR("x", rho, tau=1 / 1.3 ** 2, init_dist=pm.Normal.dist(0.5, 2.0), observed=x)
    assert logps(observed, {"rho": 0.4})[1] == pytest.approx(expected, rel=1e-12)


def test_ar2_with_constant_and_vector_init():
    x = np.array([1.0, 2.0, 1.5, 0.7, 1.9, 2.4, 0.3])
    coefs = np.array([0.8, 0.5, -0.3])
    with pm.Model() as model:
        pm.AR("x", coefs, sigma=0.7, constant=True, init_dist=pm.Normal.dist([1.0, 1.5], 1.0, size=2), observed=x)
    expected = ar_logp_reference(x, coefs, 0.7, lambda v: st.norm([1.0, 1.5], 1.0).logpdf(v).sum(), True)
    assert logps(model, {})[0] == pytest.approx(expected, rel=1e-12)
    # A vector (multivariate) init_dist gives the initial values' joint density.
    cov = np.array([[1.0, 0.6], [0.6, 2.0]])
    with pm.Model() as mv:
        pm.AR("x", coefs, sigma=0.7, constant=True, init_dist=pm.MvNormal.dist(np.zeros(2), cov), observed=x)
    expected = ar_logp_reference(x, coefs, 0.7, st.multivariate_normal(np.zeros(2), cov).logpdf, True)
    assert logps(mv, {})[0] == pytest.approx(expected, rel=1e-12)


def test_ar_batched_rho_and_sigma():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(3, 8))
    rho = np.array([[0.5, 0.1], [-0.4, 0.2], [0.9, -0.5]])
    sigma = np.array([0.5, 1.0, 2.0])
    with pm.Model(coords={"series": range(3), "time": range(8)}) as model:
        pm.AR("x", rho, sigma=sigma, init_dist=pm.Normal.dist(0, 3), observed=x, dims=("series", "time"))
    got = logps(model, {})[0]
    assert got.shape == (3,)
    expected = [ar_logp_reference(x[i], rho[i], sigma[i], lambda v: st.norm(0, 3).logpdf(v).sum(), False)
                for i in range(3)]
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    # The same coefficients for every series, broadcast over the batch given by shape.
    with pm.Model() as shared:
        pm.AR("x", rho[0], sigma=1.0, init_dist=pm.Normal.dist(0, 3), shape=(3, 8), observed=x)
    expected = [ar_logp_reference(x[i], rho[0], 1.0, lambda v: st.norm(0, 3).logpdf(v).sum(), False)
                for i in range(3)]
    np.testing.assert_allclose(logps(shared, {})[0], expected, rtol=1e-12)


def test_ar_gradient_matches_finite_differences():
    x = np.array([0.3, -0.2, 0.5, 1.0, 0.1, -0.4, 0.8])
    with pm.Model() as model:
        rho = pm.Normal("rho", 0, 1, size=2)
        sigma = pm.HalfNormal("sigma", 1.0)
        pm.AR("x", rho, sigma=sigma, init_dist=pm.Normal.dist(0, 1), observed=x)
    logp = model.compile_logp()
    dlogp = model.compile_dlogp()
    point = {"rho": np.array([0.3, -0.2]), "sigma_log__": np.array(0.1)}
    h = 1e-6
    numeric = []
    for key, index in (("rho", 0), ("rho", 1), ("sigma_log__", None)):
        up = {k: np.array(v, dtype=float) for k, v in point.items()}
        down = {k: np.array(v, dtype=float) for k, v in point.items()}
        if index is None:
            up[key] = up[key] + h
            down[key] = down[key] - h
        else:
            up[key][index] += h
            down[key][index] -= h
        numeric.append((logp(up) - logp(down)) / (2 * h))
    np.testing.assert_allclose(dlogp(point), numeric, rtol=1e-6)


def test_garch11_density():
    y = np.array([0.2, -0.5, 1.1, 0.05, -0.3, 0.7])
    with pm.Model() as model:
        omega = pm.HalfNormal("omega", 1.0)
        pm.GARCH11("y", omega, 0.2, 0.6, 0.8, observed=y)
    omega_value = np.exp(-1.2)
    got = logps(model, {"omega_log__": -1.2})[1]
    assert got == pytest.approx(garch_logp_reference(y, omega_value, 0.2, 0.6, 0.8), rel=1e-12)
    # Batched parameters: one series per (alpha_1, beta_1) pair.
    ys = np.random.default_rng(4).normal(size=(2, 5))
    with pm.Model() as batched:
        pm.GARCH11("y", 0.1, np.array([0.1, 0.3]), np.array([0.8, 0.5]), 1.5, observed=ys)
    got = logps(batched, {})[0]
    expected = [garch_logp_reference(ys[0], 0.1, 0.1, 0.8, 1.5), garch_logp_reference(ys[1], 0.1, 0.3, 0.5, 1.5)]
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_pm_logp_of_ar_and_garch11_variables():
    # pm.logp works on the written densities, for .dist() variables and registered ones.
    x = np.array([0.3, -0.2, 0.5, 1.0])
    ar = pm.AR.dist(0.4, sigma=1.3, init_dist=pm.Normal.dist(0.5, 2.0), steps=3)
    expected = ar_logp_reference(x, [0.4], 1.3, lambda v: st.norm(0.5, 2.0).logpdf(v).sum(), False)
    assert float(pm.logp(ar, x).eval()) == pytest.approx(expected, rel=1e-12)
    y = np.array([0.2, -0.5, 1.1])
    with pm.Model():
        garch = pm.GARCH11("y", 0.3, 0.2, 0.6, 0.8, shape=3)
    assert float(pm.logp(garch, y).eval()) == pytest.approx(garch_logp_reference(y, 0.3, 0.2, 0.6, 0.8),
                                                             rel=1e-12)


def mv_walk_reference(x, init, innovations):
    return init.logpdf(x[0]) + sum(innovations.logpdf(x[t] - x[t - 1]) for t in range(1, len(x)))


def test_mv_gaussian_random_walk_density_by_cov_chol_and_tau():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(5, 2))
    mu = np.array([0.3, -0.1])
    cov = np.array([[1.0, 0.3], [0.3, 0.5]])
    chol = np.linalg.cholesky(cov)
    init = pm.MvNormal.dist(np.array([1.0, 0.0]), np.eye(2) * 2.0)
    expected = mv_walk_reference(x, st.multivariate_normal([1.0, 0.0], np.eye(2) * 2.0),
                                 st.multivariate_normal(mu, cov))
    for given in ({"cov": cov}, {"chol": chol}, {"chol": chol.T, "lower": False}, {"tau": np.linalg.inv(cov)}):
        with pm.Model() as model:
            pm.MvGaussianRandomWalk("w", mu=mu, init_dist=init, observed=x, **given)
        lp = logps(model, {})[0]
        assert np.shape(lp) == ()
        assert lp == pytest.approx(expected, rel=1e-11), given
    # As a free variable, with a batch dimension.
    xs = rng.normal(size=(3, 4, 2))
    with pm.Model() as free:
        pm.MvGaussianRandomWalk("w", mu=mu, cov=cov, init_dist=init, shape=(3, 4, 2))
    got = logps(free, {"w": xs})[0]
    reference = [mv_walk_reference(xs[i], st.multivariate_normal([1.0, 0.0], np.eye(2) * 2.0),
                                   st.multivariate_normal(mu, cov)) for i in range(3)]
    np.testing.assert_allclose(got, reference, rtol=1e-11)


def test_mv_student_t_random_walk_density():
    x = np.random.default_rng(6).normal(size=(4, 3))
    scale = np.diag([1.0, 2.0, 0.5]) + 0.1
    init = pm.MvNormal.dist(np.zeros(3), np.eye(3))
    with pm.Model() as model:
        pm.MvStudentTRandomWalk("w", nu=5.0, mu=np.zeros(3), scale=scale, init_dist=init, observed=x)
    expected = mv_walk_reference(x, st.multivariate_normal(np.zeros(3), np.eye(3)),
                                 st.multivariate_t(np.zeros(3), scale, df=5.0))
    assert logps(model, {})[0] == pytest.approx(expected, rel=1e-11)


def test_univariate_walks_keep_their_derived_density():
    x = np.array([[0.3, 1.0, 4.0], [-1.0, 0.5, 0.2]])
    with pm.Model() as model:
        pm.GaussianRandomWalk("w", mu=np.array([0.5, -0.5]), sigma=2.0, init_dist=pm.Normal.dist(1.0, 3.0),
                              observed=x)
    lp = logps(model, {})[0]
    expected = np.concatenate([st.norm(1, 3).logpdf(x[:, :1]),
                               st.norm(np.array([[0.5], [-0.5]]), 2).logpdf(np.diff(x, axis=1))], axis=1)
    np.testing.assert_allclose(lp, expected, rtol=1e-12)


# ---- draws -------------------------------------------------------------------

def z_score(estimate, expected, se):
    return abs(estimate - expected) / se


def test_ar1_draws_stationary_variance_and_autocorrelation():
    rho, sigma, n = 0.7, 0.5, 20000
    stationary_sd = sigma / np.sqrt(1 - rho ** 2)
    dist = pm.AR.dist(rho, sigma=sigma, init_dist=pm.Normal.dist(0, stationary_sd), shape=(n, 10))
    draws = pm.draw(dist, random_seed=11)
    assert draws.shape == (n, 10)
    # Started in the stationary law, every time point has variance sigma^2 / (1 - rho^2).
    last = draws[:, -1]
    var = stationary_sd ** 2
    assert z_score(last.var(ddof=1), var, var * np.sqrt(2 / (n - 1))) < 4
    assert z_score(last.mean(), 0.0, stationary_sd / np.sqrt(n)) < 4
    # Lag-1 correlation rho; the standard error of a sample correlation is (1 - r^2) / sqrt(n).
    r = np.corrcoef(draws[:, -1], draws[:, -2])[0, 1]
    assert z_score(r, rho, (1 - rho ** 2) / np.sqrt(n)) < 4
    # The innovation x_t - rho x_{t-1} is N(0, sigma) and independent of the past.
    innovations = draws[:, 1:] - rho * draws[:, :-1]
    assert st.kstest(innovations[:, -1], st.norm(0, sigma).cdf).pvalue > 1e-3
    assert z_score(np.corrcoef(innovations[:, -1], draws[:, -2])[0, 1], 0.0, 1 / np.sqrt(n)) < 4


def test_ar2_constant_draws_match_exact_moments():
    """Means and variances from the state-space recursion s_t = A s_{t-1} + b + noise."""
    c, r1, r2, sigma, n, steps = 0.5, 0.6, -0.3, 0.8, 20000, 6
    init_mean, init_sd = np.array([1.0, -1.0]), np.array([0.5, 1.5])
    dist = pm.AR.dist([c, r1, r2], sigma=sigma, constant=True,
                      init_dist=pm.Normal.dist(init_mean, init_sd, size=2), steps=steps, size=n)
    draws = pm.draw(dist, random_seed=12)
    assert draws.shape == (n, steps + 2)
    A = np.array([[r1, r2], [1.0, 0.0]])
    mean = init_mean[::-1].copy()  # (x_{t-1}, x_{t-2})
    cov = np.diag(init_sd[::-1] ** 2)
    for _ in range(steps):
        mean = A @ mean + np.array([c, 0.0])
        cov = A @ cov @ A.T + np.diag([sigma ** 2, 0.0])
    last = draws[:, -1]
    assert z_score(last.mean(), mean[0], np.sqrt(cov[0, 0] / n)) < 4
    assert z_score(last.var(ddof=1), cov[0, 0], cov[0, 0] * np.sqrt(2 / (n - 1))) < 4
    np.testing.assert_allclose(draws[:, :2].mean(axis=0), init_mean, atol=4 * init_sd.max() / np.sqrt(n))


def test_garch11_draws_follow_the_recursion():
    omega, alpha, beta, vol0, n, steps = 0.2, 0.25, 0.6, 1.2, 20000, 8
    dist = pm.GARCH11.dist(omega, alpha, beta, vol0, steps=steps, size=n)
    y = pm.draw(dist, random_seed=13)
    assert y.shape == (n, steps + 1)
    # Rebuilding sigma_t from the drawn path, y_t / sigma_t must be standard normal at every t.
    vol = np.full(n, vol0)
    standardized = [y[:, 0] / vol]
    for t in range(1, steps + 1):
        vol = np.sqrt(omega + alpha * y[:, t - 1] ** 2 + beta * vol ** 2)
        standardized.append(y[:, t] / vol)
    standardized = np.array(standardized)
    assert st.kstest(standardized.ravel(), st.norm.cdf).pvalue > 1e-3
    # E[y_t^2] = h_t with h_0 = vol0^2, h_t = omega + (alpha + beta) h_{t-1}.
    h = vol0 ** 2
    for _ in range(steps):
        h = omega + (alpha + beta) * h
    square = y[:, -1] ** 2
    assert z_score(square.mean(), h, square.std(ddof=1) / np.sqrt(n)) < 4


def test_mv_gaussian_random_walk_increments():
    mu = np.array([0.5, -1.0, 0.0])
    cov = np.array([[1.0, 0.4, -0.2], [0.4, 2.0, 0.3], [-0.2, 0.3, 0.5]])
    n, steps = 4000, 5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the default init_dist's warning
        dist = pm.MvGaussianRandomWalk.dist(mu, cov=cov, steps=steps, size=n)
    draws = pm.draw(dist, random_seed=14)
    assert draws.shape == (n, steps + 1, 3)
    increments = np.diff(draws, axis=1).reshape(-1, 3)
    m = len(increments)
    np.testing.assert_array_less(np.abs(increments.mean(axis=0) - mu), 4 * np.sqrt(np.diag(cov) / m))
    sample = np.cov(increments.T)
    # Var of a sample covariance entry: (S_ij^2 + S_ii S_jj) / (m - 1) for normal data.
    se = np.sqrt((cov ** 2 + np.outer(np.diag(cov), np.diag(cov))) / (m - 1))
    assert np.all(np.abs(sample - cov) < 4 * se)
    # The default init_dist is MvNormal(0, 100 I), as PyMC.
    first = draws[:, 0]
    assert z_score(first[:, 0].var(ddof=1), 100.0, 100.0 * np.sqrt(2 / (n - 1))) < 4


def test_draws_in_prior_and_posterior_predictive():
    coords = {"series": ["a", "b"], "time": range(6)}
    with pm.Model(coords=coords) as model:
        rho = pm.Uniform("rho", -1, 1)
        x = pm.AR("x", rho, sigma=1.0, init_dist=pm.Normal.dist(0, 1), dims=("series", "time"))
        pm.Normal("y", x, 0.1, observed=np.zeros((2, 6)), dims=("series", "time"))
        pm.GARCH11("g", 0.1, 0.1, 0.8, 1.0, observed=np.zeros(4))
        prior = pm.sample_prior_predictive(draws=50, random_seed=1)
    assert prior.prior["x"].shape == (1, 50, 2, 6)
    assert list(prior.prior["x"].dims) == ["chain", "draw", "series", "time"]
    assert prior.prior_predictive["g"].shape == (1, 50, 4)
    # y is x plus small noise draw by draw: the prior's x feeds y.
    diff = prior.prior_predictive["y"].values - prior.prior["x"].values
    assert np.abs(diff).max() < 1.0
    # Posterior predictive draws use the trace's parameter values.
    with pm.Model(coords=coords) as observed:
        rho = pm.Uniform("rho", -1, 1)
        omega = pm.HalfNormal("omega", 1.0)
        pm.AR("x", rho, sigma=1.0, init_dist=pm.Normal.dist(0, 1), observed=np.zeros((2, 6)), dims=("series", "time"))
        pm.GARCH11("g", omega, 0.1, 0.8, 1.0, observed=np.zeros(4))
    import xarray as xr

    posterior = xr.Dataset({"rho": (("chain", "draw"), np.full((2, 500), 0.9)),
                            "omega": (("chain", "draw"), np.full((2, 500), 0.3))})
    trace = type(prior)(posterior=posterior)
    with observed:
        predictive = pm.sample_posterior_predictive(trace, random_seed=3, progressbar=False).posterior_predictive
    assert predictive["x"].shape == (2, 500, 2, 6) and predictive["g"].shape == (2, 500, 4)
    assert list(predictive["x"].dims) == ["chain", "draw", "series", "time"]
    x = predictive["x"].values
    assert st.kstest((x[..., 1:] - 0.9 * x[..., :-1]).ravel(), st.norm.cdf).pvalue > 1e-3
    g = predictive["g"].values.reshape(-1, 4)
    h = 0.3 + 0.9 * 1.0  # E[y_1^2] = omega + (alpha + beta) initial_vol^2
    assert z_score((g[:, 1] ** 2).mean(), h, (g[:, 1] ** 2).std() / np.sqrt(len(g))) < 4


# ---- shapes ------------------------------------------------------------------

def test_shapes_from_steps_shape_dims_size_and_observed():
    init = pm.Normal.dist(0, 1)
    assert pm.AR.dist([0.5, 0.2], init_dist=init, steps=10).type.shape == (12,)
    assert pm.AR.dist([0.5], init_dist=init, shape=(4, 7)).type.shape == (4, 7)
    assert pm.AR.dist(np.full((3, 1), 0.5), init_dist=init, steps=4).type.shape == (3, 5)
    assert pm.AR.dist(0.5, sigma=np.ones(2), init_dist=init, steps=4, size=(5, 2)).type.shape == (5, 2, 5)
    assert pm.GARCH11.dist(0.1, 0.2, 0.3, np.ones(3), steps=4).type.shape == (3, 5)
    assert pm.GARCH11.dist(0.1, 0.2, 0.3, 1.0, shape=(2, 6)).type.shape == (2, 6)
    mv_init = pm.MvNormal.dist(np.zeros(2), np.eye(2))
    assert pm.MvGaussianRandomWalk.dist(np.zeros(2), cov=np.eye(2), init_dist=mv_init, steps=3).type.shape == (4, 2)
    assert pm.MvGaussianRandomWalk.dist(np.zeros((5, 2)), cov=np.eye(2), init_dist=mv_init,
                                        steps=3).type.shape == (5, 4, 2)
    assert pm.GaussianRandomWalk.dist(np.zeros(3), init_dist=init, steps=4).type.shape == (3, 5)
    with pm.Model(coords={"t": range(9), "s": range(2)}) as model:
        a = pm.AR("a", [0.1, 0.2, 0.3], init_dist=init, dims="t")
        g = pm.GARCH11("g", 0.1, 0.2, 0.3, 1.0, dims=("s", "t"))
        w = pm.MvGaussianRandomWalk("w", cov=np.eye(2), init_dist=mv_init, dims=("t", "s"))
        o = pm.AR("o", 0.5, init_dist=init, shape=(3, 4), observed=np.arange(4.0))  # broadcast over the batch
    assert a.type.shape == (9,) and g.type.shape == (2, 9) and w.type.shape == (9, 2)
    assert model.named_vars_to_dims["g"] == ("s", "t")
    assert model.rvs_to_values[o].eval().shape == (3, 4)
    point = model.initial_point()
    assert point["a"].shape == (9,) and point["g"].shape == (2, 9) and point["w"].shape == (9, 2)
    # PyMC's support points: AR at init_dist's, GARCH at zero, the walk at its drift.
    with pm.Model() as starts:
        pm.AR("a", 0.5, init_dist=pm.Normal.dist(2.0, 1.0), steps=3)
        pm.MvGaussianRandomWalk("w", mu=np.array([1.0, -1.0]), cov=np.eye(2),
                                init_dist=pm.MvNormal.dist(np.array([0.0, 3.0]), np.eye(2)), steps=2)
    point = starts.initial_point()
    np.testing.assert_allclose(point["a"], [2.0, 2.0, 2.0, 2.0])
    np.testing.assert_allclose(point["w"], [[0.0, 3.0], [1.0, 2.0], [2.0, 1.0]])


def test_default_init_dist_warns_as_pymc():
    with pytest.warns(UserWarning, match="Initial distribution not specified"):
        dist = pm.AR.dist([0.5], steps=3, size=20000)
    first = pm.draw(dist, random_seed=1)[:, 0]
    assert z_score(first.std(ddof=1), 100.0, 100.0 / np.sqrt(2 * (len(first) - 1))) < 4
    with pytest.warns(UserWarning, match="Initial distribution not specified"):
        pm.GaussianRandomWalk.dist(steps=3)


# ---- errors ------------------------------------------------------------------

def test_bad_input_raises_clear_errors():
    init = pm.Normal.dist(0, 1)
    with pm.Model():
        with pytest.raises(ValueError, match="make 6 values along the time axis, but the shape is \\(4,\\)"):
            pm.AR("a", [0.5], init_dist=init, steps=5, shape=4)
        with pytest.raises(ValueError, match="GARCH11: 3 steps after 1 initial value"):
            pm.GARCH11("g", 0.1, 0.2, 0.3, 1.0, steps=3, shape=(2, 5))
        with pytest.raises(TypeError, match="AR: .*unexpected keyword argument 'bogus'"):
            pm.AR("b", [0.5], init_dist=init, steps=3, bogus=1)
        with pytest.raises(TypeError, match="GARCH11: .*unexpected keyword argument 'alpha'"):
            pm.GARCH11("c", 0.1, 0.2, 0.3, 1.0, alpha=0.2, steps=3)
        with pytest.raises(TypeError, match="MvGaussianRandomWalk got unexpected keyword argument\\(s\\): bogus"):
            pm.MvGaussianRandomWalk("b2", np.zeros(2), bogus=1)  # reported before the missing cov
        with pytest.raises(TypeError, match="GaussianRandomWalk got unexpected keyword argument\\(s\\): bogus"):
            pm.GaussianRandomWalk.dist(init_dist=init, steps=3, bogus=1)
        with pytest.raises(ValueError, match="Can't pass both tau and sigma"):
            pm.AR("d", [0.5], sigma=1.0, tau=1.0, init_dist=init, steps=3)
        with pytest.raises(ValueError, match="rho's last dimension has length 3, but ar_order=1 without a constant"):
            pm.AR("e", [0.5, 0.1, 0.2], ar_order=1, init_dist=init, steps=3)
        with pytest.raises(ValueError, match="ar_order is smaller than 1"):
            pm.AR("f", [0.5], constant=True, init_dist=init, steps=3)
        with pytest.raises(ValueError, match="could not infer ar_order"):
            pm.AR("h", pt.vector("r"), init_dist=init, steps=3)
        with pytest.raises(ValueError, match="needs steps, shape, dims or observed"):
            pm.AR("i", [0.5], init_dist=init)
        with pytest.raises(ValueError, match="batch shapes do not broadcast"):
            pm.AR("j", np.ones((3, 1)), sigma=np.ones(2), init_dist=init, steps=3)
        with pytest.raises(ValueError, match="smaller than the parameters"):
            pm.AR("k", np.ones((3, 1)), init_dist=init, shape=(4,))
        with pytest.raises(ValueError, match="a vector init_dist must hold the 2 initial values"):
            pm.AR("l", [0.5, 0.1], init_dist=pm.MvNormal.dist(np.zeros(3), np.eye(3)), steps=3)
        with pytest.raises(ValueError, match="steps must be a positive integer"):
            pm.GARCH11("m", 0.1, 0.2, 0.3, 1.0, steps=2.5)
        with pytest.raises(TypeError, match="does not take rng"):
            pm.GARCH11("n", 0.1, 0.2, 0.3, 1.0, steps=3, rng=pm.shared(np.random.default_rng(0)))
        with pytest.raises(ValueError, match="observed data of shape \\(5,\\) does not match"):
            pm.AR("o", [0.5], init_dist=init, shape=(4,), observed=np.zeros(5))
        registered = pm.Normal("registered", 0, 1)
        with pytest.raises(ValueError, match="must be made with .dist"):
            pm.AR("p", [0.5], init_dist=registered, steps=3)
        with pytest.raises(ValueError, match="exactly one of cov, tau, chol"):
            pm.MvGaussianRandomWalk("q", np.zeros(2), init_dist=pm.MvNormal.dist(np.zeros(2), np.eye(2)), steps=3)
        with pytest.raises(TypeError, match="same support dimensionality"):
            pm.RandomWalk("r", innovation_dist=pm.MvNormal.dist(np.zeros(2), np.eye(2)), init_dist=init, steps=3)
        with pytest.raises(ValueError, match="shape \\(4, 3\\) ends with 3, the innovations have 2"):
            pm.MvGaussianRandomWalk("s", cov=np.eye(2), init_dist=pm.MvNormal.dist(np.zeros(2), np.eye(2)),
                                    shape=(4, 3))
    with pytest.raises(ValueError, match="give either shape or size"):
        pm.AR.dist([0.5], init_dist=init, shape=(3, 4), size=3)
    # Invalid parameters are caught when the density is evaluated, as for every distribution.
    with pm.Model() as model:
        pm.AR("x", [0.5], sigma=-1.0, init_dist=init, observed=np.zeros(4))
    with pytest.raises(ValueError, match="sigma > 0"):
        model.compile_logp()({})


# ---- inference ---------------------------------------------------------------

def test_nuts_recovers_an_ar1_coefficient():
    """With sigma known and rho ~ N(0, 1), the posterior of rho given the series is exactly
    normal: precision 1 + Σ x_{t-1}², mean Σ x_t x_{t-1} / precision (init_dist does not
    involve rho)."""
    rng = np.random.default_rng(21)
    true_rho, n = 0.6, 200
    x = np.zeros(n)
    x[0] = rng.normal()
    for t in range(1, n):
        x[t] = true_rho * x[t - 1] + rng.normal()
    precision = 1 + np.sum(x[:-1] ** 2)
    post_mean, post_sd = np.sum(x[1:] * x[:-1]) / precision, 1 / np.sqrt(precision)
    with pm.Model():
        rho = pm.Normal("rho", 0, 1)
        pm.AR("x", rho, sigma=1.0, init_dist=pm.Normal.dist(0, 1), observed=x)
        idata = pm.sample(draws=1000, tune=500, chains=2, random_seed=3, progressbar=False)
    draws = idata.posterior["rho"].values.ravel()
    import arviz as az

    ess = float(az.ess(idata, var_names=["rho"])["rho"])
    assert z_score(draws.mean(), post_mean, post_sd / np.sqrt(ess)) < 4
    assert z_score(draws.std(), post_sd, post_sd / np.sqrt(ess)) < 5
    assert z_score(post_mean, true_rho, post_sd) < 4


def test_nuts_samples_a_latent_ar_series():
    """A latent AR(1) observed with noise is jointly Gaussian: its posterior mean is the
    solution of the linear system of the prior and data precisions."""
    n, rho, noise = 12, 0.8, 0.5
    y = np.sin(np.arange(n) / 2.0)
    with pm.Model():
        x = pm.AR("x", rho, sigma=1.0, init_dist=pm.Normal.dist(0, 2), steps=n - 1)
        pm.Normal("y", x, noise, observed=y)
        idata = pm.sample(draws=1000, tune=500, chains=2, random_seed=4, progressbar=False)
    # Prior precision of the AR path: Q = D' D with rows x_0 / 2 and x_t - rho x_{t-1}.
    D = np.zeros((n, n))
    D[0, 0] = 1 / 2.0
    for t in range(1, n):
        D[t, t], D[t, t - 1] = 1.0, -rho
    Q = D.T @ D + np.eye(n) / noise ** 2
    mean = np.linalg.solve(Q, y / noise ** 2)
    sd = np.sqrt(np.diag(np.linalg.inv(Q)))
    draws = idata.posterior["x"].values.reshape(-1, n)
    import arviz as az

    ess = az.ess(idata, var_names=["x"])["x"].values
    assert np.all(np.abs(draws.mean(axis=0) - mean) < 4.5 * sd / np.sqrt(ess))


def test_nuts_on_garch11_matches_quadrature():
    """One free GARCH parameter: the posterior mean of omega by quadrature over a fine grid of
    the NumPy density (prior HalfNormal(1) times the likelihood) against NUTS's."""
    rng = np.random.default_rng(8)
    alpha, beta, vol0, n = 0.2, 0.5, 1.0, 60
    y, vol = np.zeros(n), vol0
    for t in range(n):
        if t > 0:
            vol = np.sqrt(0.4 + alpha * y[t - 1] ** 2 + beta * vol ** 2)
        y[t] = vol * rng.normal()
    grid = np.linspace(1e-4, 3.0, 6001)
    log_post = st.halfnorm.logpdf(grid) + garch_logp_reference(y, grid, alpha, beta, vol0)
    weights = np.exp(log_post - log_post.max())
    mean = np.sum(grid * weights) / np.sum(weights)
    sd = np.sqrt(np.sum((grid - mean) ** 2 * weights) / np.sum(weights))
    with pm.Model():
        omega = pm.HalfNormal("omega", 1.0)
        pm.GARCH11("y", omega, alpha, beta, vol0, observed=y)
        idata = pm.sample(draws=1000, tune=500, chains=2, random_seed=5, progressbar=False)
    import arviz as az

    draws = idata.posterior["omega"].values.ravel()
    ess = float(az.ess(idata, var_names=["omega"])["omega"])
    assert z_score(draws.mean(), mean, sd / np.sqrt(ess)) < 4


def test_nuts_recovers_a_mv_random_walk_drift():
    """Increments d_t ~ MvN(mu, cov) with mu ~ N(0, I): the posterior of mu is normal with
    precision I + n cov^-1 and mean P^-1 cov^-1 Σ d_t."""
    rng = np.random.default_rng(9)
    cov = np.array([[1.0, 0.5], [0.5, 2.0]])
    n = 40
    walk = np.cumsum(np.vstack([np.zeros((1, 2)), rng.multivariate_normal([0.3, -0.4], cov, size=n)]), axis=0)
    precision = np.eye(2) + n * np.linalg.inv(cov)
    post_cov = np.linalg.inv(precision)
    post_mean = post_cov @ np.linalg.inv(cov) @ np.diff(walk, axis=0).sum(axis=0)
    with pm.Model():
        mu = pm.Normal("mu", 0, 1, size=2)
        pm.MvGaussianRandomWalk("w", mu=mu, chol=np.linalg.cholesky(cov),
                                init_dist=pm.MvNormal.dist(np.zeros(2), np.eye(2)), observed=walk)
        idata = pm.sample(draws=1000, tune=500, chains=2, random_seed=6, progressbar=False)
    import arviz as az

    draws = idata.posterior["mu"].values.reshape(-1, 2)
    ess = az.ess(idata, var_names=["mu"])["mu"].values
    sd = np.sqrt(np.diag(post_cov))
    assert np.all(np.abs(draws.mean(axis=0) - post_mean) < 4 * sd / np.sqrt(ess))
    assert np.all(np.abs(draws.std(axis=0) - sd) < 5 * sd / np.sqrt(ess))


def test_model_description_and_mixed_list_parameters():
    with pm.Model() as model:
        rho = pm.Normal("rho", 0, 1)
        pm.AR("x", rho, sigma=1.0, init_dist=pm.Normal.dist(0, 2), steps=5)
        # A list mixing numbers and a model variable is stacked, as PyTensor's as_tensor does.
        pm.AR("x2", [0.3, rho], sigma=1.0, init_dist=pm.Normal.dist(0, 2, shape=2), steps=5)
        pm.GARCH11("g", 0.1, 0.2, 0.3, 1.0, steps=4)
    lines = str(model).splitlines()
    assert lines[1] == "x ~ AR(rho, 1, N(0, 2))" and lines[3] == "g ~ GARCH11(0.1, 0.2, 0.3, 1)"
    x2 = np.array([0.1, -0.2, 0.4, 0.0, 0.3, -0.1, 0.2])
    point = {"rho": -0.5, "x": np.zeros(6), "x2": x2, "g": np.zeros(5)}
    got = model.compile_logp(sum=False)(point)[2]
    expected = ar_logp_reference(x2, [0.3, -0.5], 1.0, lambda v: st.norm(0, 2).logpdf(v).sum(), False)
    assert got == pytest.approx(expected, rel=1e-12)
