"""End-to-end inference check: pm.sample on eight posteriordb posteriors against Stan's reference posteriors.

Each model is written with the pm API as shared/posteriordb/README.md describes it
(flat priors as pm.Flat / pm.HalfFlat) and sampled with pm.sample (PyMC's NUTS
defaults, 4 chains x 1000 draws after 1000 tuning steps, fixed seed), except where
MODELS says otherwise: the two non-centered models use the reference's adapt_delta
as target_accept, and the two expensive ones (diamonds: N = 5000 with ~270 leapfrog
steps per draw; gp_pois_regr at target_accept 0.99: ~290) draw 4 x 500 after 500
tuning steps, which keeps the file near 3 minutes on a loaded 2-core machine while
leaving a bulk ESS of a few hundred per parameter. For every
parameter posteriordb reports, the posterior mean and mean of squares are compared
with the reference by

    z = (estimate - reference) / sqrt(mcse_estimate^2 + mcse_reference^2),

with ArviZ's MCSE of our draws and posteriordb's MCSE of the reference; |z| < 4 is
required (a real disagreement, not Monte Carlo noise, at that size). The references
and data come from the committed fixtures tests/data/posteriordb/*.json, written by
scripts/reference/posteriordb_fixtures.py.

Run with ``-s`` to see the per-model line: divergences, min bulk ESS, max |z|, time.
"""

import json
import pathlib
import re
import time

import arviz as az
import numpy as np
import pytest

import swiftppl as pm
import swiftppl.tensor as pt
from swiftppl.logprob import transforms

DATA = pathlib.Path(__file__).parent / "data" / "posteriordb"
Z_LIMIT = 4.0
SAMPLE = dict(draws=1000, tune=1000, chains=4, cores=2, progressbar=False, compute_convergence_checks=False)


def fixture(posterior):
    return json.loads((DATA / f"{posterior}.json").read_text())


# ---- the models (README.md of shared/posteriordb) --------------------------------------------


def eight_schools_noncentered(d):
    y, sigma = np.asarray(d["y"], float), np.asarray(d["sigma"], float)
    with pm.Model() as model:
        theta_trans = pm.Normal("theta_trans", 0, 1, shape=d["J"])
        mu = pm.Normal("mu", 0, 5)
        tau = pm.HalfCauchy("tau", 5)
        theta = pm.Deterministic("theta", mu + tau * theta_trans)
        pm.Normal("y", theta, sigma, observed=y)
    return model


def diamonds(d):
    X = np.asarray(d["X"], float)
    Xc = X[:, 1:] - X[:, 1:].mean(axis=0)  # brms centres the non-intercept columns
    with pm.Model() as model:
        b = pm.Normal("b", 0, 1, shape=d["K"] - 1)
        intercept = pm.StudentT("Intercept", nu=3, mu=8, sigma=10)
        sigma = pm.HalfStudentT("sigma", nu=3, sigma=10)
        pm.Normal("Y", intercept + pt.dot(Xc, b), sigma, observed=np.asarray(d["Y"], float))
    return model


def arK(d):
    y, K, T = np.asarray(d["y"], float), d["K"], d["T"]
    # lags[t - K, k - 1] = y[t - k] for t = K .. T-1 (0-based), k = 1 .. K.
    lags = np.column_stack([y[K - k:T - k] for k in range(1, K + 1)])
    with pm.Model() as model:
        alpha = pm.Normal("alpha", 0, 10)
        beta = pm.Normal("beta", 0, 10, shape=K)
        sigma = pm.HalfCauchy("sigma", 2.5)
        pm.Normal("y", alpha + pt.dot(lags, beta), sigma, observed=y[K:])
    return model


def kidiq(d):
    hs, iq = np.asarray(d["mom_hs"], float), np.asarray(d["mom_iq"], float)
    with pm.Model() as model:
        beta = pm.Flat("beta", shape=3)
        sigma = pm.HalfCauchy("sigma", 2.5)
        mu = beta[0] + beta[1] * hs + beta[2] * iq
        pm.Normal("kid_score", mu, sigma, observed=np.asarray(d["kid_score"], float))
    return model


def sblrc(d):
    X = np.asarray(d["X"], float)
    with pm.Model() as model:
        beta = pm.Normal("beta", 0, 10, shape=d["D"])
        sigma = pm.HalfNormal("sigma", 10)
        pm.Normal("y", pt.dot(X, beta), sigma, observed=np.asarray(d["y"], float))
    return model


def mesquite(d):
    diam1, diam2 = np.asarray(d["diam1"], float), np.asarray(d["diam2"], float)
    canopy_height, total_height = np.asarray(d["canopy_height"], float), np.asarray(d["total_height"], float)
    columns = [np.ones_like(diam1), np.log(diam1 * diam2 * canopy_height), np.log(diam1 * diam2),
               np.log(diam1 / diam2), np.log(total_height), np.asarray(d["group"], float)]
    design = np.column_stack(columns)
    with pm.Model() as model:
        beta = pm.Flat("beta", shape=6)
        sigma = pm.HalfFlat("sigma")
        pm.Normal("log_weight", pt.dot(design, beta), sigma, observed=np.log(np.asarray(d["weight"], float)))
    return model


def gp_pois_regr(d):
    x, N = np.asarray(d["x"], float), d["N"]
    sq_dist = (x[:, None] - x[None, :]) ** 2
    with pm.Model() as model:
        rho = pm.Gamma("rho", alpha=25, beta=4)
        alpha = pm.HalfNormal("alpha", 2)
        f_tilde = pm.Normal("f_tilde", 0, 1, shape=N)
        K = alpha ** 2 * pt.exp(-sq_dist / (2 * rho ** 2)) + 1e-10 * np.eye(N)
        f = pm.Deterministic("f", pt.dot(pt.linalg.cholesky(K), f_tilde))
        pm.Poisson("k", pt.exp(f), observed=np.asarray(d["k"], dtype=np.int64))
    return model


def low_dim_gauss_mix(d):
    y = np.asarray(d["y"], float)
    with pm.Model() as model:
        mu = pm.Normal("mu", 0, 2, shape=2, transform=transforms.ordered, initval=np.array([-1.0, 1.0]))
        sigma = pm.HalfNormal("sigma", 2, shape=2)
        theta = pm.Beta("theta", 5, 5)
        # Stan's log_mix(theta, normal_lpdf(y | mu[1], sigma[1]), normal_lpdf(y | mu[2], sigma[2])).
        pm.NormalMixture("y", w=pt.stack([theta, 1 - theta]), mu=mu, sigma=sigma, observed=y)
    return model


# posterior -> (model builder, random seed, extra pm.sample arguments)
MODELS = {
    # Stan's reference used adapt_delta 0.95; at PyMC's default 0.8 our NUTS, like Stan's, leaves a few
    # divergences in the funnel's neck (0-5 per 4000 draws over seeds 1-8; none at 0.9 or 0.95).
    "eight_schools-eight_schools_noncentered": (eight_schools_noncentered, 11, {"target_accept": 0.95}),
    "diamonds-diamonds": (diamonds, 12, {"draws": 500, "tune": 500}),
    "arK-arK": (arK, 13, {}),
    "kidiq-kidscore_momhsiq": (kidiq, 14, {}),
    "sblrc-blr": (sblrc, 15, {}),
    "mesquite-logmesquite_logvash": (mesquite, 16, {}),
    # Non-centered too (f = chol(K) f_tilde); Stan's reference needed adapt_delta 0.99, and at 0.8 our NUTS
    # diverges ~1-2% of the time where alpha is large (92 of 4000 draws at seed 17); none at 0.99.
    "gp_pois_regr-gp_pois_regr": (gp_pois_regr, 17, {"target_accept": 0.99, "draws": 500, "tune": 500}),
    "low_dim_gauss_mix-low_dim_gauss_mix": (low_dim_gauss_mix, 18, {}),
}

# Models whose sampling must show no divergences at all.
NONCENTERED = {"eight_schools-eight_schools_noncentered", "gp_pois_regr-gp_pois_regr"}


# ---- the comparison --------------------------------------------------------------------------


def draws_of(posterior, name):
    """(chain, draw) draws of a posteriordb parameter name: ``theta[3]`` is theta[..., 2]."""
    match = re.fullmatch(r"(\w+)\[(\d+)\]", name)
    if match is None:
        return np.asarray(posterior[name])
    return np.asarray(posterior[match.group(1)])[..., int(match.group(2)) - 1]


def z_scores(posterior, reference):
    """{parameter: (z of the mean, z of the mean of squares)}."""
    out = {}
    for name, ref in reference.items():
        x = draws_of(posterior, name)
        assert x.ndim == 2, f"{name}: expected (chain, draw) draws, got shape {x.shape}"
        zs = []
        for values, key in ((x, "mean"), (x ** 2, "mean_squared")):
            mcse = float(az.mcse(values, method="mean"))
            zs.append((values.mean() - ref[key]) / np.hypot(mcse, ref[f"mcse_{key}"]))
        out[name] = tuple(zs)
    return out


@pytest.mark.parametrize("posterior", list(MODELS))
def test_posterior_agrees_with_reference(posterior):
    build, seed, extra = MODELS[posterior]
    fx = fixture(posterior)
    model = build(fx["data"])
    t0 = time.perf_counter()
    with model:
        idata = pm.sample(random_seed=seed, **{**SAMPLE, **extra})
    elapsed = time.perf_counter() - t0
    post = {name: idata.posterior[name].values for name in idata.posterior.data_vars}
    divergences = int(idata.sample_stats["diverging"].values.sum())
    zs = z_scores(post, fx["reference"])
    worst = max(zs, key=lambda n: max(abs(z) for z in zs[n]))
    max_z = max(abs(z) for z in zs[worst])
    ess = min(float(az.ess(draws_of(post, name), method="bulk")) for name in fx["reference"])
    print(f"\n{posterior}: divergences {divergences}, min bulk ESS {ess:.0f}, "
          f"max |z| {max_z:.2f} ({worst}), time {elapsed:.1f} s")
    if posterior in NONCENTERED:
        assert divergences == 0, f"{divergences} divergences on the non-centered {posterior}"
    bad = {n: z for n, z in zs.items() if max(abs(v) for v in z) >= Z_LIMIT}
    assert not bad, f"|z| >= {Z_LIMIT} (mean, mean of squares): {bad}"


def test_draws_of_maps_one_based_names():
    posterior = {"theta": np.arange(24.0).reshape(2, 3, 4), "tau": np.ones((2, 3))}
    np.testing.assert_array_equal(draws_of(posterior, "theta[3]"), posterior["theta"][..., 2])
    np.testing.assert_array_equal(draws_of(posterior, "tau"), posterior["tau"])


def test_z_scores_flag_a_shifted_posterior():
    rng = np.random.default_rng(0)
    x = rng.normal(1.0, 2.0, size=(4, 1000))
    exact = {"x": {"mean": 1.0, "mcse_mean": 0.0, "mean_squared": 5.0, "mcse_mean_squared": 0.0}}
    z_mean, z_square = z_scores({"x": x}, exact)["x"]
    assert abs(z_mean) < Z_LIMIT and abs(z_square) < Z_LIMIT
    shifted = {"x": {**exact["x"], "mean": 1.3}}
    assert abs(z_scores({"x": x}, shifted)["x"][0]) > Z_LIMIT
