"""PyMC's model introspection and helpers beyond the basics: partial log densities (varlogp,
observedlogp, potentiallogp, datalogp), value/random-variable maps, data_vars,
pm.distributions.transforms and chained transforms' names, CustomDist.dist, pm.logp of
unnamed Truncated and hurdle distributions, pm.math's extra functions, and mixtures over several
batch dimensions, against SciPy/NumPy."""

import mpmath
import numpy as np
import pytest
import scipy.stats as st

import swiftppl as pm


def test_partial_log_densities():
    y = np.array([0.1, 0.4, -0.3])
    with pm.Model() as model:
        s = pm.HalfNormal("s", 1.0)
        mu = pm.Normal("mu", 0.0, 2.0)
        pm.Normal("y", mu, s, observed=y)
        pm.Potential("pot", -(s ** 2))
    point = {"s_log__": 0.3, "mu": -0.2}
    names = ["varlogp", "varlogp_nojac", "observedlogp", "potentiallogp", "datalogp"]
    values = dict(zip(names, model.compile_fn([getattr(model, n) for n in names])(point)))
    sv = np.exp(0.3)
    free = st.halfnorm.logpdf(sv) + st.norm(0, 2).logpdf(-0.2)
    observed = st.norm(-0.2, sv).logpdf(y).sum()
    assert values["varlogp"] == pytest.approx(free + 0.3, rel=1e-13)  # + log|d s / d log s|
    assert values["varlogp_nojac"] == pytest.approx(free, rel=1e-13)
    assert values["observedlogp"] == pytest.approx(observed, rel=1e-13)
    assert values["potentiallogp"] == pytest.approx(-sv ** 2, rel=1e-13)
    assert values["datalogp"] == pytest.approx(observed - sv ** 2, rel=1e-13)
    assert model.compile_logp()(point) == pytest.approx(values["varlogp"] + values["datalogp"], rel=1e-13)


def test_variable_maps_and_data_vars():
    with pm.Model() as model:
        s = pm.HalfNormal("s", 1.0)
        k = pm.Poisson("k", 2.0)
        x = pm.Data("x", np.array([1.0, 2.0]))
        y = pm.Normal("y", x * s, 1.0, observed=[0.5, 1.5])
        det = pm.Deterministic("twice", 2 * s)
        with pm.Model(name="inner") as inner:
            z = pm.Data("z", np.array([3.0]))
    assert model.values_to_rvs[model.rvs_to_values[s]] is s and model.values_to_rvs[model.rvs_to_values[y]] is y
    assert model.unobserved_RVs == [s, k, det]
    assert [v.name for v in model.continuous_value_vars] == ["s_log__"]
    assert [v.name for v in model.discrete_value_vars] == ["k"]
    assert model.data_vars == [x, z] and inner.data_vars == [z]


def test_transforms_namespace_and_chains():
    transforms = pm.distributions.transforms
    with pm.Model() as model:
        pm.Normal("o", 0.0, 1.0, transform=transforms.ordered, shape=3)
        pm.Uniform("u", 0.0, 1.0, transform=transforms.ordered, shape=3)
        pm.HalfNormal("h", 1.0, transform=transforms.log)
    # PyMC names a value variable with chained transforms "<name>_chain__".
    assert [v.name for v in model.value_vars] == ["o_ordered__", "u_chain__", "h_chain__"]
    point = model.initial_point()
    u = np.array([0.2, 0.5, 0.7])
    interval = np.log(u) - np.log1p(-u)
    ordered = np.concatenate([[interval[0]], np.log(np.diff(interval))])
    lp = model.compile_logp(vars=[model["u"]], jacobian=False)({**point, "u_chain__": ordered})
    assert lp == pytest.approx(0.0, abs=1e-13)  # Uniform(0, 1) density


def test_custom_dist_dist():
    def laplace_logp(value, mu):
        return -abs(value - mu) - np.log(2.0)

    unnamed = pm.CustomDist.dist(0.5, logp=laplace_logp, shape=3)
    values = np.array([-1.0, 0.5, 2.0])
    np.testing.assert_allclose(pm.logp(unnamed, values).eval(), st.laplace(0.5).logpdf(values), rtol=1e-13)
    graph = pm.CustomDist.dist(0.0, 1.0, dist=lambda mu, s, size: pm.math.exp(pm.Normal.dist(mu, s, size=size)),
                               shape=4)
    np.testing.assert_allclose(pm.logp(graph, np.array([0.5, 1.0, 2.0, 3.0])).eval(),
                               st.lognorm(1.0).logpdf([0.5, 1.0, 2.0, 3.0]), rtol=1e-12)
    assert pm.draw(graph, random_seed=1).shape == (4,)
    with pytest.raises(ValueError, match="exactly one of dist="):
        pm.CustomDist.dist(0.5)
    with pytest.raises(ValueError, match="needs shape, size"):
        pm.CustomDist.dist(0.5, logp=laplace_logp)
    with pytest.raises(TypeError, match="unexpected keyword"):
        pm.CustomDist.dist(0.5, logp=laplace_logp, shape=3, bogus=1)


def test_logp_of_unnamed_truncated_and_hurdle():
    k = np.array([1, 3, 5, 6])
    truncated = pm.Truncated.dist(pm.Poisson.dist(3.0), lower=1, upper=5)
    mass = st.poisson(3.0).cdf(5) - st.poisson(3.0).cdf(0)
    with np.errstate(divide="ignore"):
        expected = np.where(k <= 5, st.poisson(3.0).logpmf(k) - np.log(mass), -np.inf)
    np.testing.assert_allclose(pm.logp(truncated, k).eval(), expected, rtol=1e-12)
    hurdle = pm.HurdleNegativeBinomial.dist(0.4, n=3.0, p=0.5)
    nb = st.nbinom(3.0, 0.5)
    counts = np.array([0, 1, 4])
    expected = np.where(counts == 0, np.log(0.6), np.log(0.4) + nb.logpmf(counts) - nb.logsf(0))
    np.testing.assert_allclose(pm.logp(hurdle, counts).eval(), expected, rtol=1e-12)
    # A truncated normal dispatches to TruncatedNormal, whose density the deriver knows.
    normal = pm.Truncated.dist(pm.Normal.dist(1.0, 2.0), lower=0.0, shape=3)
    x = np.array([0.5, 1.0, 3.0])
    np.testing.assert_allclose(pm.logp(normal, x).eval(), st.truncnorm(-0.5, np.inf, loc=1, scale=2).logpdf(x),
                               rtol=1e-12)
    assert np.all(pm.draw(normal, draws=100, random_seed=2) >= 0.0)


def test_math_extras():
    m = pm.math
    a, b, c = np.arange(6.0).reshape(2, 3), np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.5, -1.0]])
    kron = m.kronecker(a, b, c)
    assert kron.type.shape == (4, 12)
    np.testing.assert_allclose(kron.eval(), np.kron(np.kron(a, b), c), rtol=1e-15)
    p = np.array([1e-300, 1e-10, 0.3, 0.9])
    np.testing.assert_allclose(m.probit(p).eval(), st.norm.ppf(p), rtol=1e-12)
    x = np.array([-30.0, -5.0, 0.0, 2.0])
    # Phi's condition number at -30 is ~x^2 = 900: a rounding of x costs ~1e-13 relative.
    np.testing.assert_allclose(m.invprobit(x).eval(), [float(mpmath.ncdf(v)) for v in x], rtol=1e-12)
    square = np.array([[2.0, 1.0], [1.0, -3.0]])
    assert m.logdet(square).eval() == pytest.approx(np.log(7.0), rel=1e-14)
    np.testing.assert_allclose(m.flat_outer(a, b).eval(), np.outer(a, b), rtol=0)
    np.testing.assert_allclose(m.flatten_list([a, b]).eval(), np.concatenate([a.ravel(), b.ravel()]), rtol=0)
    np.testing.assert_allclose(m.expand_packed_triangular(2, np.array([1.0, 2.0, 3.0])).eval(),
                               [[1.0, 0.0], [2.0, 3.0]], rtol=0)
    assert m.zeros(3).eval().tolist() == [0.0, 0.0, 0.0] and m.full((2,), 4.0).eval().tolist() == [4.0, 4.0]
    with pytest.raises(ValueError, match="kronecker takes matrices"):
        m.kronecker(np.ones(3), b)


def test_mixture_over_several_batch_dimensions():
    w = np.array([0.3, 0.7])
    w_batch = np.array([[0.2, 0.8], [0.9, 0.1], [0.5, 0.5]])  # one weight vector per column
    with pm.Model() as model:
        x = pm.NormalMixture("x", w=w, mu=np.array([0.0, 3.0]), sigma=np.array([1.0, 0.5]), shape=(4, 3))
        y = pm.Mixture("y", w=w_batch, comp_dists=[pm.Normal.dist(0, 1), pm.Normal.dist(3, 1)], shape=(4, 3))
        k = pm.Mixture("k", w=w, comp_dists=[pm.Poisson.dist(1.0), pm.Poisson.dist(6.0)], shape=(2, 2))
    point = model.initial_point()
    np.testing.assert_allclose(point["x"], np.full((4, 3), 0.7 * 3.0))
    np.testing.assert_allclose(point["y"][0], 3.0 * w_batch[:, 1])
    assert point["k"].dtype == np.int64 and np.all(point["k"] == 4)  # round(0.3 + 4.2)
    v = np.random.default_rng(0).normal(1.0, 2.0, size=(4, 3))
    lp_x, lp_y = model.compile_logp(vars=[x, y], sum=False)({**point, "x": v, "y": v})
    np.testing.assert_allclose(lp_x, np.log(0.3 * st.norm.pdf(v) + 0.7 * st.norm(3, 0.5).pdf(v)), rtol=1e-12)
    np.testing.assert_allclose(lp_y, np.log(w_batch[:, 0] * st.norm.pdf(v) + w_batch[:, 1] * st.norm(3).pdf(v)),
                               rtol=1e-12)
    counts = np.array([[0, 2], [5, 9]])
    (lp_k,) = model.compile_logp(vars=[k], sum=False)({**point, "k": counts})
    np.testing.assert_allclose(lp_k, np.log(0.3 * st.poisson(1).pmf(counts) + 0.7 * st.poisson(6).pmf(counts)),
                               rtol=1e-12)
    # Each entry picks its component independently: the share above 1.5 follows its weights.
    n = 4000
    draws = pm.draw(y, draws=n, random_seed=1)
    above = st.norm.sf(1.5, 0, 1) * w_batch[:, 0] + st.norm.sf(1.5, 3, 1) * w_batch[:, 1]
    share = (draws > 1.5).mean(axis=(0, 1))
    assert np.all(np.abs(share - above) < 4 * np.sqrt(above * (1 - above) / (4 * n)))
    with pytest.raises(ValueError, match="more batch dimensions"):
        pm.Mixture.dist(w=np.full((2, 4, 2), 0.5), comp_dists=[pm.Normal.dist(0, 1, shape=4), pm.Normal.dist(1, 1, shape=4)])


def test_composite_variables_print_as_pymc():
    with pm.Model() as model:
        mu = pm.Normal("mu", 0.0, 1.0)
        pm.Censored("c", pm.Normal.dist(mu, 1.0), lower=-1.0, upper=1.0, observed=[-1.0, 0.2])
        pm.Truncated("t", pm.Poisson.dist(3.0), lower=1, upper=5)
        pm.Mixture("m", w=[0.3, 0.7], comp_dists=[pm.Normal.dist(mu, 1.0), pm.Normal.dist(2.0, 1.0)], observed=[0.1])
        pm.HurdlePoisson("h", 0.4, mu=2.0, observed=[0, 3])
        pm.CustomDist("cd", mu, logp=lambda v, m: -0.5 * (v - m) ** 2, observed=[0.1])
    assert str(model).splitlines() == [
        "mu ~ N(0, 1)", "t ~ Truncated(Pois(3), 1, 5)", "c ~ Censored(N(mu, 1), -1, 1)",
        "m ~ Mixture(<constant>, N(mu, 1), N(2, 1))", "h ~ Hurdle(0.4, Pois(2))", "cd ~ CustomDist(mu)"]


def test_model_methods_initvals_and_shapes():
    with pm.Model(coords={"g": range(3)}) as model:
        pm.Data("x", np.arange(3.0), dims="g")
        mu = pm.Normal("mu", 0.0, 1.0, initval="prior")
        s = pm.HalfNormal("s", 1.0, shape=3)
        pm.Dirichlet("d", np.ones(4))
        pm.Normal("z", mu, 1.0, initval="support_point")
    # "prior": drawn from the prior, reproducibly for a seed; dependants start from that draw.
    first, again, other = (model.initial_point(random_seed=seed) for seed in (1, 1, 2))
    assert first["mu"] == again["mu"] and first["mu"] != other["mu"] and first["z"] == first["mu"]
    draws = np.array([model.initial_point(random_seed=seed)["mu"] for seed in range(400)])
    assert st.kstest(draws, st.norm.cdf).pvalue > 1e-3
    model.set_initval(s, np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(model.initial_point()["s_log__"], np.log([1.0, 2.0, 3.0]), rtol=1e-15)
    with pytest.raises(ValueError, match="not a free random variable"):
        model.set_initval(model["x"], 1.0)
    with pytest.raises(ValueError, match="unknown initval 'bogus'"):
        pm.Normal("w", 0.0, 1.0, initval="bogus", model=model)
        model.initial_point()
    assert model.eval_rv_shapes() == {"mu": (), "s": (3,), "s_log__": (3,), "d": (4,), "d_simplex__": (3,),
                                      "z": (), "w": ()}
    model.set_data("x", np.array([5.0, 6.0, 7.0]))
    np.testing.assert_array_equal(model["x"].get_value(), [5.0, 6.0, 7.0])
    assert pm.Model.get_context(error_if_none=False) is None
    with model:
        assert pm.Model.get_context() is model
    graphviz = pytest.importorskip("graphviz")
    assert isinstance(model.to_graphviz(), graphviz.Digraph)


def test_graphviz_edges_through_intermediate_nodes():
    graphviz = pytest.importorskip("graphviz")
    with pm.Model(coords={"g": range(3)}) as model:
        x = pm.Data("x", np.arange(3.0), dims="g")
        mu = pm.Normal("mu", 0.0, 1.0)
        with pm.Model(name="inner"):
            tau = pm.HalfNormal("tau", 1.0)
        pm.Normal("y", mu * x + 1.0, tau, observed=np.ones(3), dims="g")
    source = model.to_graphviz().source
    assert isinstance(model.to_graphviz(), graphviz.Digraph)
    # Every parent is found, however many unnamed nodes lie between (a regression: wrappers of
    # intermediate nodes were tracked by id() and a reused id hid mu).
    for edge in ("x -> y", "mu -> y", '"inner&&tau" -> y'):
        assert edge in source, source


def test_named_variable_dims_are_checked():
    with pm.Model(coords={"g": range(3)}) as model:
        x = pm.Normal("x", 0.0, 1.0, dims="g")
        with pytest.raises(ValueError, match="dimension 'h' is not specified in `coords`"):
            pm.Deterministic("d", 2 * x, dims="h")
        with pytest.raises(ValueError, match="d has 1 dims but 2 dim labels were provided"):
            pm.Deterministic("d", 2 * x, dims=("g", "g"))
        pm.Deterministic("d", 2 * x, dims="g")
        pm.Potential("p", -x.sum())
    assert model.named_vars_to_dims["d"] == ("g",) and "p" not in model.named_vars_to_dims


def test_censored_missing_values_are_imputed():
    y = np.array([-1.0, np.nan, 0.3, 1.0, np.nan])
    with pm.Model() as model:
        mu = pm.Normal("mu", 0.0, 1.0)
        pm.Censored("y", pm.Normal.dist(mu, 1.0), lower=-1.0, upper=1.0, observed=y)
    assert [v.name for v in model.value_vars] == ["mu", "y_unobserved"]
    assert [v.name for v in model.observed_RVs] == ["y_observed"]
    _, lp_missing, lp_seen = model.compile_logp(sum=False)({"mu": 0.2, "y_unobserved": np.array([0.5, 1.0])})
    n = st.norm(0.2, 1.0)
    # Values at a bound carry the mass beyond it.
    np.testing.assert_allclose(lp_seen, [n.logcdf(-1.0), n.logpdf(0.3), n.logsf(1.0)], rtol=1e-12)
    np.testing.assert_allclose(lp_missing, [n.logpdf(0.5), n.logsf(1.0)], rtol=1e-12)
    assert model["y"] in model.deterministics


def test_mixture_dist_shapes():
    mix = pm.NormalMixture.dist(w=np.array([0.3, 0.7]), mu=np.array([0.0, 2.0]), sigma=np.array([1.0, 1.0]), shape=4)
    assert mix.type.shape == (4,) and pm.draw(mix, random_seed=1).shape == (4,)
    assert pm.Mixture.dist(w=[0.5, 0.5], comp_dists=[pm.Normal.dist(), pm.Normal.dist(1.0)], size=(2, 3)).type.shape == (2, 3)
    with pytest.raises(TypeError, match="unexpected keyword argument 'bogus'"):
        pm.Mixture.dist(w=[0.5, 0.5], comp_dists=[pm.Normal.dist(), pm.Normal.dist(1.0)], bogus=1)
