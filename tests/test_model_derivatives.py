"""Model-level derivatives and derived quantities: ``d2logp``/``compile_d2logp`` over several
variables against finite differences of ``compile_dlogp``, PyMC's sign convention, and the
``<name>_probs`` deterministics of OrderedLogistic/OrderedProbit (``compute_p=True``)."""

import mpmath
import numpy as np
import pytest

import swiftppl as pm


def _model():
    with pm.Model() as model:
        mu = pm.Normal("mu", 0.0, 2.0, shape=2)
        sigma = pm.HalfNormal("sigma", 1.0)
        p = pm.Beta("p", 2.0, 3.0)
        pm.Normal("y", mu.sum() * p, sigma, observed=[0.3, 1.2, -0.5])
    return model, mu, sigma, p


POINT = {"mu": np.array([0.2, -0.1]), "sigma_log__": np.array(0.3), "p_logodds__": np.array(-0.4)}


def _finite_difference_hessian(model, names):
    """Central differences of the compiled gradient over the concatenated value variables `names`."""
    dlogp = model.compile_dlogp(vars=[model[n] for n in names])
    sizes = [np.size(POINT[n]) for n in names]
    flat = np.concatenate([np.ravel(POINT[n]) for n in names])

    def at(x):
        parts = np.split(x, np.cumsum(sizes)[:-1])
        return dlogp({**POINT, **{n: part.reshape(np.shape(POINT[n])) for n, part in zip(names, parts)}})

    h = 1e-5
    columns = []
    for j in range(flat.size):
        step = np.zeros(flat.size)
        step[j] = h
        columns.append((at(flat + step) - at(flat - step)) / (2 * h))
    return np.stack(columns, axis=1)


@pytest.mark.parametrize("names", [["mu", "sigma_log__"], ["p_logodds__", "mu"], ["mu", "sigma_log__", "p_logodds__"]])
def test_d2logp_several_variables_against_finite_differences(names):
    model, *_ = _model()
    expected = _finite_difference_hessian(model, names)
    # Random variables or their value variables select the blocks, in the order given.
    by_rvs = model.compile_d2logp(vars=[model.free_RVs[[v.name for v in model.value_vars].index(n)] for n in names])
    by_values = model.compile_d2logp(vars=[model[n] for n in names], negate_output=False)
    hess = by_values(POINT)
    assert hess.shape == (expected.shape[0],) * 2
    np.testing.assert_allclose(hess, expected, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(hess, hess.T, rtol=1e-12, atol=1e-12)
    # PyMC 5 negates by default (negate_output=True).
    np.testing.assert_allclose(by_rvs(POINT), -expected, rtol=1e-6, atol=1e-8)


def test_d2logp_defaults_and_errors():
    model, mu, sigma, p = _model()
    full = model.compile_d2logp()(POINT)
    assert full.shape == (4, 4)
    np.testing.assert_allclose(full, -_finite_difference_hessian(model, ["mu", "sigma_log__", "p_logodds__"]),
                               rtol=1e-6, atol=1e-8)
    graph = model.d2logp(vars=[sigma], negate_output=False)
    assert graph.type.shape == (1, 1)
    with pytest.raises(ValueError, match="not found among the model's free variables"):
        model.d2logp(vars=[model["y"]])
    with pm.Model() as discrete:
        pm.Poisson("k", 3.0)
    with pytest.raises(ValueError, match="discrete value variable"):
        discrete.d2logp(vars=[discrete["k"]])


def _category_probs_reference(eta, cutpoints, cdf):
    """P(y = k) = F(c_k − η) − F(c_{k−1} − η) with 400 digits: enough that differences of
    numbers within 1e-216 of 1 keep their leading digits."""
    with mpmath.workdps(400):
        edges = [mpmath.mpf(0)] + [cdf(mpmath.mpf(c) - mpmath.mpf(eta)) for c in cutpoints] + [mpmath.mpf(1)]
        return np.array([float(b - a) for a, b in zip(edges[:-1], edges[1:])])


def test_ordered_compute_p_deterministics():
    cut = np.array([-1.0, 0.5, 2.0])
    etas = np.array([0.3, 40.0, -45.0])
    with pm.Model() as model:
        eta = pm.Normal("eta", 0.0, 1.0, shape=3)
        pm.OrderedLogistic("y", eta, cut, observed=[0, 3, 1])
        pm.OrderedProbit("z", eta, cut, sigma=1.5, observed=[1, 2, 0])
        pm.OrderedProbit("quiet", eta, cut, 1.5, False, observed=[1, 2, 0])
        pm.OrderedLogistic("quiet2", eta=eta, cutpoints=cut, compute_p=False, observed=[1, 2, 0])
    assert [d.name for d in model.deterministics] == ["y_probs", "z_probs"]
    probs = model.compile_fn(model.replace_rvs_by_values([model["y_probs"], model["z_probs"]]))({"eta": etas})
    logistic = [_category_probs_reference(e, cut, lambda x: 1 / (1 + mpmath.exp(-x))) for e in etas]
    probit = [_category_probs_reference(e, cut / 1.5, mpmath.ncdf) for e in etas / 1.5]
    # Far in either tail the probabilities are tiny: relative accuracy, from the tail that does not cancel.
    np.testing.assert_allclose(probs[0], logistic, rtol=1e-12, atol=0)
    np.testing.assert_allclose(probs[1], probit, rtol=1e-10, atol=0)
    np.testing.assert_allclose(probs[0].sum(axis=-1), 1.0, rtol=1e-14)
    with model:
        idata = pm.sample(draws=50, tune=50, chains=1, random_seed=1, progressbar=False,
                          compute_convergence_checks=False)
    assert idata.posterior["y_probs"].shape == (1, 50, 3, 4)


def test_replace_rvs_by_values():
    model, mu, sigma, p = _model()
    doubled = model.replace_rvs_by_values(2 * sigma)
    assert model.compile_fn(doubled)(POINT) == pytest.approx(2 * np.exp(0.3), rel=1e-14)
    both = model.replace_rvs_by_values([mu.sum(), p])
    values = model.compile_fn(both)(POINT)
    assert values[0] == pytest.approx(0.1, rel=1e-14) and values[1] == pytest.approx(1 / (1 + np.exp(0.4)), rel=1e-14)
