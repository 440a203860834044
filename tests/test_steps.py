"""pm.sample with discrete free variables and step=: Metropolis, Slice, BinaryGibbsMetropolis,
CategoricalGibbsMetropolis and compound steps against exactly enumerated posteriors (z-tests with
the ArviZ ESS), PyMC's sample_stats layout, the same draws for any core count, Ctrl-C, bad input."""

import _thread
import threading
import warnings

import arviz as az
import numpy as np
import pytest
from scipy import stats

import swiftppl as pm
import swiftppl.tensor as pt


def z_score(draws, truth):
    """(mean - truth) / (sd / sqrt(ESS)) of (chains, draws) values."""
    draws = np.asarray(draws, dtype=float)
    sd = draws.std(ddof=1)
    if sd == 0:
        # Never moved off one value: judge it by the binomial error of an event of probability
        # `truth` not seen (or always seen) in this many draws.
        if 0 < truth < 1:
            return (draws.mean() - truth) / np.sqrt(truth * (1 - truth) / draws.size)
        return 0.0 if draws.mean() == truth else np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ess = float(az.ess(draws))
    return (draws.mean() - truth) / (sd / np.sqrt(ess))


def run(**kwargs):
    settings = dict(draws=2000, tune=500, chains=4, random_seed=11, progressbar=False, compute_convergence_checks=False)
    settings.update(kwargs)
    return pm.sample(**settings)


def bernoulli_model():
    with pm.Model() as model:
        b = pm.Bernoulli("b", 0.3, shape=2)
        pm.Normal("y", b[0] + 2.0 * b[1], 1.0, observed=1.5)
    return model


def bernoulli_posterior():
    """P(b0 = 1), P(b1 = 1) by enumerating the four states."""
    states = [(i, j) for i in (0, 1) for j in (0, 1)]
    w = np.array([0.3 ** (i + j) * 0.7 ** (2 - i - j) * stats.norm.pdf(1.5, i + 2 * j, 1) for i, j in states])
    w /= w.sum()
    return sum(w[k] for k, (i, _) in enumerate(states) if i), sum(w[k] for k, (_, j) in enumerate(states) if j)


@pytest.mark.parametrize("step", [None, "binary", "categorical", "categorical_proportional", "metropolis"])
def test_bernoulli_posterior(step):
    model = bernoulli_model()
    with model:
        chosen = {None: None, "binary": pm.BinaryGibbsMetropolis([model["b"]], transit_p=0.6),
                  "categorical": pm.CategoricalGibbsMetropolis([model["b"]]),
                  "categorical_proportional": pm.CategoricalGibbsMetropolis([model["b"]], proposal="proportional"),
                  "metropolis": pm.Metropolis([model["b"]])}[step]
        idata = run(step=chosen)
    b = idata.posterior["b"].values
    assert b.dtype == np.int64 and b.shape == (4, 2000, 2)
    assert set(np.unique(b)) <= {0, 1}
    p0, p1 = bernoulli_posterior()
    assert abs(z_score(b[..., 0], p0)) < 4.5
    assert abs(z_score(b[..., 1], p1)) < 4.5


def test_categorical_posterior_and_automatic_assignment():
    mus = np.array([-1.0, 0.0, 2.0])
    p = np.array([0.2, 0.3, 0.5])
    y = np.array([0.5, 1.0])
    with pm.Model() as model:
        c = pm.Categorical("c", p)
        pm.Normal("y", pt.as_tensor(mus)[c], 1.0, observed=y)
    methods = pm.sampling.assign_step_methods(model)
    assert [type(m).__name__ for m in methods] == ["CategoricalGibbsMetropolis"]
    with model:
        idata = run()
    w = p * np.prod(stats.norm.pdf(y[:, None], mus[None, :], 1), axis=0)
    w /= w.sum()
    c = idata.posterior["c"].values
    for k in range(3):
        assert abs(z_score(c == k, w[k])) < 4.5, k
    assert "sample_stats" not in idata.groups()  # Gibbs steps record no statistics
    with model:
        warm = run(draws=20, tune=30, chains=2, discard_tuned_samples=False)
    assert warm.warmup_posterior["c"].shape == (2, 30)


def test_poisson_with_metropolis_against_enumeration():
    with pm.Model() as model:
        k = pm.Poisson("k", 3.0)
        pm.Normal("y", k, 2.0, observed=5.0)
    assert [type(m).__name__ for m in pm.sampling.assign_step_methods(model)] == ["Metropolis"]
    with model:
        idata = run(draws=4000, tune=1000)
    grid = np.arange(80)
    w = stats.poisson.pmf(grid, 3.0) * stats.norm.pdf(5.0, grid, 2.0)
    w /= w.sum()
    mean = (w * grid).sum()
    k = idata.posterior["k"].values
    assert abs(z_score(k, mean)) < 4.5
    assert abs(z_score((k - mean) ** 2, (w * (grid - mean) ** 2).sum())) < 4.5
    s = idata.sample_stats
    assert set(s.data_vars) == {"accept", "accepted", "scaling"}
    assert s["accepted"].shape == (4, 4000)
    assert 0.1 < float(s["accepted"].mean()) < 0.9


def mixture_model():
    """z ~ Bernoulli(0.3), x ~ N(2z, 1), y ~ N(x, 1) observed at 1: P(z | y) ∝ p(z) N(y; 2z, √2),
    E[x | y, z] = (2z + y) / 2."""
    with pm.Model() as model:
        z = pm.Bernoulli("z", 0.3)
        x = pm.Normal("x", 2.0 * z, 1.0)
        pm.Normal("y", x, 1.0, observed=1.0)
    pz = np.array([0.7 * stats.norm.pdf(1.0, 0, np.sqrt(2)), 0.3 * stats.norm.pdf(1.0, 2, np.sqrt(2))])
    pz /= pz.sum()
    return model, pz[1], pz[0] * 0.5 + pz[1] * 1.5


def test_compound_nuts_and_gibbs_layout_and_marginals():
    model, p1, mean_x = mixture_model()
    with model:
        idata = run(discard_tuned_samples=False)
    assert abs(z_score(idata.posterior["z"].values, p1)) < 4.5
    assert abs(z_score(idata.posterior["x"].values, mean_x)) < 4.5
    s = idata.sample_stats
    for name in ("diverging", "energy", "step_size", "tree_depth", "lp", "acceptance_rate", "n_steps"):
        assert s[name].shape == (4, 2000), name
    assert idata.warmup_posterior["x"].shape == (4, 500)
    assert idata.posterior.attrs["tuning_steps"] == 500


def test_step_choices_and_stacked_statistics():
    model, p1, mean_x = mixture_model()
    with model:
        idata = run(step=[pm.Slice([model["x"]]), pm.Metropolis([model["z"]])], draws=3000)
    assert abs(z_score(idata.posterior["z"].values, p1)) < 4.5
    assert abs(z_score(idata.posterior["x"].values, mean_x)) < 4.5
    assert idata.sample_stats["nstep_in"].dtype == np.int64
    assert "diverging" not in idata.sample_stats
    with model:
        idata = run(step=[pm.Metropolis([model["x"]]), pm.Metropolis([model["z"]])], draws=3000, tune=1000)
    # Two Metropolis steps: PyMC stacks their statistics on <name>_dim_0.
    assert idata.sample_stats["accept"].shape == (4, 3000, 2)
    assert "accept_dim_0" in idata.sample_stats.dims
    assert abs(z_score(idata.posterior["x"].values, mean_x)) < 4.5
    # One blocked Metropolis over both, and NUTS chosen explicitly for x.
    with model:
        idata = run(step=pm.CompoundStep([pm.NUTS([model["x"]], target_accept=0.9),
                                          pm.Metropolis([model["z"]], tune_interval=50)]))
    assert abs(z_score(idata.posterior["z"].values, p1)) < 4.5


def test_nuts_step_alone_is_the_plain_nuts_run():
    with pm.Model():
        pm.Normal("x", 1.0, 2.0)
        idata = run(step=pm.NUTS(target_accept=0.95), draws=1000)
    assert abs(z_score(idata.posterior["x"].values, 1.0)) < 4.5
    # A higher target acceptance than the default 0.8 shows in the adapted step.
    assert float(idata.sample_stats["acceptance_rate"].mean()) > 0.88


def test_slice_on_transformed_variable():
    # s ~ HalfNormal(1) sampled on log s by Slice: E s = sqrt(2 / pi).
    with pm.Model():
        pm.HalfNormal("s", 1.0)
        idata = run(step=pm.Slice())
    assert abs(z_score(idata.posterior["s"].values, np.sqrt(2 / np.pi))) < 4.5


def test_discrete_mixture_index_as_free_variable():
    # The talk's three-normal mixture with its component index as a free Categorical variable
    # (locations known): each label's posterior is w_k N(y_i; loc_k, 1), normalized.
    w = np.array([0.2, 0.5, 0.3])
    locs = np.array([-5.0, 0.0, 5.0])
    y = np.array([-4.2, 0.3, 2.5, 5.1, -0.7])
    with pm.Model():
        idx = pm.Categorical("idx", w, shape=5)
        pm.Normal("obs", pt.as_tensor(locs)[idx], 1.0, observed=y)
        idata = run(draws=2000)
    post = w * stats.norm.pdf(y[:, None], locs[None, :], 1)
    post /= post.sum(axis=1, keepdims=True)
    labels = idata.posterior["idx"].values
    for i in range(5):
        for k in range(3):
            assert abs(z_score(labels[..., i] == k, post[i, k])) < 4.5, (i, k)


def test_same_draws_for_any_core_count():
    model, _, _ = mixture_model()
    with model:
        a = run(draws=200, tune=100, cores=1)
        b = run(draws=200, tune=100, cores=4)
        c = run(draws=200, tune=100, cores=4, random_seed=12)
    np.testing.assert_array_equal(a.posterior["x"].values, b.posterior["x"].values)
    np.testing.assert_array_equal(a.posterior["z"].values, b.posterior["z"].values)
    assert not np.array_equal(a.posterior["x"].values, c.posterior["x"].values)


def test_progress_and_keyboard_interrupt(capsys):
    model, _, _ = mixture_model()
    with model:
        run(draws=50, tune=50, chains=2, progressbar=True)
    err = capsys.readouterr().err
    assert "Sampling 2 chains" in err and "step size" in err  # NUTS takes part
    with pm.Model():
        pm.Bernoulli("b", 0.3)
        run(draws=20, tune=20, chains=2, progressbar=True)
    err = capsys.readouterr().err
    assert "chain 1: 40/40" in err and "step size" not in err and "divergences" not in err
    timer = threading.Timer(0.5, _thread.interrupt_main)
    timer.start()
    try:
        with model, pytest.warns(RuntimeWarning, match="Sampling was interrupted"):
            idata = run(draws=50_000_000, tune=100, chains=2)
    finally:
        timer.cancel()
    n = idata.posterior.sizes["draw"]
    assert 0 < n < 50_000_000


def test_bad_steps_are_clear_errors():
    model, _, _ = mixture_model()
    with pm.Model():
        other = pm.Normal("other", 0, 1)
    with model:
        with pytest.raises(ValueError, match="not free random variables in the model"):
            pm.Metropolis([other])
        with pytest.raises(ValueError, match="NUTS cannot sample discrete variables"):
            pm.NUTS([model["z"]])
        with pytest.raises(ValueError, match="Slice cannot sample discrete"):
            pm.Slice([model["z"]])
        with pytest.raises(ValueError, match="must be binary"):
            pm.BinaryGibbsMetropolis([model["x"]])
        with pytest.raises(ValueError, match="categorical or binary"):
            pm.CategoricalGibbsMetropolis([model["x"]])
        with pytest.raises(TypeError, match="unexpected keyword"):
            pm.Metropolis([model["x"]], scalling=2.0)
        with pytest.raises(ValueError, match="permutation"):
            pm.BinaryGibbsMetropolis([model["z"]], order=[1])
        with pytest.raises(ValueError, match="proposal"):
            pm.CategoricalGibbsMetropolis([model["z"]], proposal="gibbs")
        with pytest.raises(ValueError, match="S must"):
            pm.Metropolis([model["x"]], S=np.ones(3))
        with pytest.raises(ValueError, match="more than one step method"):
            run(step=[pm.Metropolis([model["x"]]), pm.Slice([model["x"]])])
        with pytest.raises(TypeError, match="step methods"):
            run(step=["metropolis"])


def test_coal_mining_switchpoint_against_exact_enumeration():
    # PyMC's classic: a DiscreteUniform switchpoint (Metropolis) with Exponential(1) rates (NUTS).
    # With Gamma(1, 1) priors the rates integrate out: p(s | y) ∝ Γ(1 + S_e) / (1 + n_e)^(1 + S_e)
    # · Γ(1 + S_l) / (1 + n_l)^(1 + S_l), and E[rate | s, y] = (1 + S) / (1 + n) on each side.
    from scipy.special import gammaln

    y = np.array([4, 5, 4, 0, 1, 4, 3, 4, 0, 6, 3, 3, 4, 0, 2, 6, 3, 3, 5, 4, 5, 3, 1, 4, 4, 1, 5, 5, 3, 4, 2, 5,
                  2, 2, 3, 4, 2, 1, 3, 2, 2, 1, 1, 1, 1, 3, 0, 0, 1, 0, 1, 1, 0, 0, 3, 1, 0, 3, 2, 2, 0, 1, 1, 1,
                  0, 1, 0, 1, 0, 0, 0, 2, 1, 0, 0, 0, 1, 1, 0, 2, 3, 3, 1, 1, 2, 1, 1, 1, 1, 2, 4, 2, 0, 0, 1, 4,
                  0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1])
    years = np.arange(1851, 1962)
    with pm.Model():
        switchpoint = pm.DiscreteUniform("switchpoint", lower=years.min(), upper=years.max())
        early = pm.Exponential("early_rate", 1.0)
        late = pm.Exponential("late_rate", 1.0)
        pm.Poisson("disasters", pm.math.switch(switchpoint >= years, early, late), observed=y)
        idata = run(draws=2000, tune=1000, chains=4, random_seed=3)
    cum, n = np.cumsum(y), np.arange(1, len(y) + 1)
    s_early, n_early = cum, n  # switchpoint = years[i]: years[:i + 1] are early
    s_late, n_late = y.sum() - cum, len(y) - n
    log_post = gammaln(1 + s_early) - (1 + s_early) * np.log(1 + n_early) \
        + gammaln(1 + s_late) - (1 + s_late) * np.log(1 + n_late)
    post = np.exp(log_post - log_post.max())
    post /= post.sum()
    exact = {"switchpoint": post @ years, "early_rate": post @ ((1 + s_early) / (1 + n_early)),
             "late_rate": post @ ((1 + s_late) / (1 + n_late))}
    for name, truth in exact.items():
        assert abs(z_score(idata.posterior[name].values, truth)) < 4.5, (name, truth)
    assert idata.posterior["switchpoint"].dtype == np.int64
    assert {"accept", "scaling", "step_size", "diverging"} <= set(idata.sample_stats.data_vars)
