"""Nested models (PyMC's ``with pm.Model(name="inner")`` inside another model): prefixed names,
lookups from either level, shared coords and random streams, the enclosing model's density and
sampling covering the inner variables, and duplicate names across levels."""

import arviz as az
import numpy as np
import pytest
import scipy.stats as st

import swiftppl as pm

Y = np.array([0.8, 1.9, 1.4, 2.6])


def _nested():
    with pm.Model(coords={"city": ["a", "b", "c"]}) as outer:
        mu = pm.Normal("mu", 0.0, 2.0)
        with pm.Model(name="inner") as inner:
            x = pm.Normal("x", mu, 1.5, dims="city")
            s = pm.HalfNormal("s", 1.0)
            pm.Deterministic("double", 2 * x, dims="city")
        pm.Normal("y", x.sum(), s, observed=Y)
    return outer, inner


def test_names_and_lookups():
    outer, inner = _nested()
    x = outer["inner::x"]
    assert x.name == "inner::x" and inner["x"] is x and inner["inner::x"] is x
    assert inner.x is x and outer.mu is outer["mu"] and "x" in inner and "inner::x" in outer and "x" not in outer
    assert inner.name == "inner" and inner.prefix == "inner" and inner.parent is outer and inner.root is outer
    assert [v.name for v in outer.value_vars] == ["mu", "inner::x", "inner::s_log__"]
    assert [v.name for v in outer.free_RVs] == ["mu", "inner::x", "inner::s"]
    assert [v.name for v in outer.observed_RVs] == ["y"] and [v.name for v in outer.deterministics] == ["inner::double"]
    # The inner model lists only its own variables, as PyMC's.
    assert [v.name for v in inner.free_RVs] == ["inner::x", "inner::s"] and inner.observed_RVs == []
    assert set(inner.named_vars) == {"inner::x", "inner::s", "inner::s_log__", "inner::double"}
    assert outer.rvs_to_values[outer["inner::s"]].name == "inner::s_log__"
    with pytest.raises(KeyError):
        outer["x"]


def test_coords_and_dims_are_shared():
    outer, inner = _nested()
    assert inner.coords == outer.coords == {"city": ("a", "b", "c")}
    assert outer.named_vars_to_dims["inner::x"] == ("city",)
    assert outer["inner::x"].type.shape == (3,)
    with inner:
        inner.add_coord("year", [2020, 2021])
        z = pm.Normal("z", 0.0, 1.0, dims="year")
    assert outer.dim_lengths["year"] == 2 and z.type.shape == (2,)
    assert outer.named_vars_to_dims["inner::z"] == ("year",)
    with outer:
        prior = pm.sample_prior_predictive(draws=20, random_seed=1)
    assert prior.prior["inner::x"].dims == ("chain", "draw", "city")
    assert list(prior.prior["inner::x"].coords["city"].values) == ["a", "b", "c"]
    assert prior.prior["inner::double"].shape == (1, 20, 3)


def test_two_levels_of_nesting():
    with pm.Model() as root:
        with pm.Model(name="a"):
            with pm.Model(name="b") as b:
                v = pm.Normal("v", 0.0, 1.0)
            w = pm.Normal("w", v, 1.0)
        # An unnamed sub-model keeps its parent's prefix.
        with pm.Model() as unnamed:
            u = pm.Normal("u", 0.0, 1.0)
    with pm.Model(name="top") as top:
        with pm.Model(name="sub", model=top) as sub:
            t = pm.Normal("t", 0.0, 1.0)
    assert v.name == "a::b::v" and w.name == "a::w" and u.name == "u" and b.prefix == "a::b"
    assert root["a::b::v"] is v and b["v"] is v and unnamed.prefix == "" and t.name == "top::sub::t"
    assert sub.name_of("top::sub::t") == "t" and top["sub::t"] is t


def test_logp_equals_the_flat_model_and_scipy():
    outer, _ = _nested()
    with pm.Model(coords={"city": ["a", "b", "c"]}) as flat:
        mu = pm.Normal("mu", 0.0, 2.0)
        x = pm.Normal("x", mu, 1.5, dims="city")
        s = pm.HalfNormal("s", 1.0)
        pm.Normal("y", x.sum(), s, observed=Y)
    x_value, log_s = np.array([0.3, -0.4, 1.1]), 0.2
    nested_point = {"mu": 0.7, "inner::x": x_value, "inner::s_log__": log_s}
    flat_point = {"mu": 0.7, "x": x_value, "s_log__": log_s}
    nested_lp = outer.compile_logp()(nested_point)
    assert nested_lp == pytest.approx(flat.compile_logp()(flat_point), rel=1e-14)
    s_value = np.exp(log_s)
    expected = (st.norm(0, 2).logpdf(0.7) + st.norm(0.7, 1.5).logpdf(x_value).sum()
                + st.halfnorm(scale=1.0).logpdf(s_value) + log_s + st.norm(x_value.sum(), s_value).logpdf(Y).sum())
    assert nested_lp == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(outer.compile_dlogp()(nested_point), flat.compile_dlogp()(flat_point), rtol=1e-13)


def test_random_streams_are_shared():
    with pm.Model() as outer:
        a = pm.Normal("a", 0.0, 1.0)
        with pm.Model(name="inner"):
            b = pm.Normal("a", 0.0, 1.0)
    # One stream per variable from the root's counter: the inner variable does not repeat the outer one.
    draws_a, draws_b = pm.draw([a, b], draws=2000, random_seed=4)
    assert not np.allclose(draws_a, draws_b)
    assert abs(np.corrcoef(draws_a, draws_b)[0, 1]) < 4 / np.sqrt(2000)
    again_a, again_b = pm.draw([a, b], draws=2000, random_seed=4)
    np.testing.assert_array_equal(draws_a, again_a)
    np.testing.assert_array_equal(draws_b, again_b)
    assert [v.name for v in outer.free_RVs] == ["a", "inner::a"]


def test_sampling_a_nested_model():
    # Conjugate normal mean: inner::m ~ N(0, 2), y ~ N(m, 1): posterior N(mean, sd) in closed form.
    y = np.array([1.2, 0.4, 2.2, 1.7, 0.9, 1.5])
    with pm.Model() as outer:
        with pm.Model(name="inner"):
            m = pm.Normal("m", 0.0, 2.0)
        pm.Normal("y", m, 1.0, observed=y)
        idata = pm.sample(draws=1000, tune=500, chains=2, random_seed=7, progressbar=False,
                          compute_convergence_checks=False)
    assert list(idata.posterior.data_vars) == ["inner::m"]
    precision = 1 / 4 + len(y)
    mean, sd = y.sum() / precision, 1 / np.sqrt(precision)
    draws = idata.posterior["inner::m"]
    ess = float(az.ess(idata, var_names=["inner::m"])["inner::m"])
    z = (float(draws.mean()) - mean) / (sd / np.sqrt(ess))
    assert abs(z) < 4, (float(draws.mean()), mean, ess)
    assert float(draws.std()) == pytest.approx(sd, rel=0.1)
    assert outer.initial_point() == {"inner::m": 0.0}


def test_duplicate_names_across_levels():
    with pm.Model() as outer:
        pm.Normal("x", 0.0, 1.0)
        with pm.Model(name="inner") as inner:
            pm.Normal("x", 0.0, 1.0)  # "inner::x": no clash with the outer "x"
            with pytest.raises(ValueError, match="Variable name inner::x already exists"):
                pm.Normal("x", 1.0, 1.0)
            with pytest.raises(ValueError, match="Variable name inner::x already exists"):
                pm.Deterministic("inner::x", outer["x"] * 2)
        with pytest.raises(ValueError, match="Variable name inner::x already exists"):
            pm.Normal("inner::x", 0.0, 1.0)
        with pytest.raises(ValueError, match="Variable name x already exists"):
            pm.Data("x", np.zeros(2))
    assert [v.name for v in outer.free_RVs] == ["x", "inner::x"] and len(inner.free_RVs) == 1
    with pytest.raises(ValueError, match="must not end with ':'"):
        pm.Model(name="bad:")
    with pytest.raises(TypeError, match="model must be a swiftppl Model"):
        pm.Model(name="orphan", model="outer")


def test_inner_model_densities_are_conditioned_on_the_outer_values():
    with pm.Model() as outer:
        mu = pm.Normal("mu", 0.0, 1.0)
        with pm.Model(name="inner") as inner:
            x = pm.Normal("x", mu, 1.0)
            pm.Normal("y", x, 2.0, observed=[1.0, 3.0])
    point = {"mu": 2.0, "inner::x": 0.5}
    # The inner model's terms only, at the enclosing model's values (never a random draw of mu).
    expected = st.norm(2.0, 1.0).logpdf(0.5) + st.norm(0.5, 2.0).logpdf([1.0, 3.0]).sum()
    logp = inner.compile_logp()
    assert [logp(point) for _ in range(3)] == pytest.approx([expected] * 3, rel=1e-14)
    # d/dx: -(x - mu) + sum(y - x) / 4
    assert inner.compile_dlogp()(point) == pytest.approx([1.5 + 3.0 / 4], rel=1e-14)
    assert inner.initial_point() == {"inner::x": 0.0} and list(outer.initial_point()) == ["mu", "inner::x"]
    assert inner.replace_rvs_by_values(x + mu).eval({outer.rvs_to_values[mu]: 1.0,
                                                      inner.rvs_to_values[x]: 0.25}) == pytest.approx(1.25)
