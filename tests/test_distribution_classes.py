"""Every PyMC distribution class: shape, dims and observed data set the variable's shape; draws
have it; the initial point lies in the support (finite log density); unknown keywords raise."""

import numpy as np
import pytest

import swiftppl as pm

# class name -> (parameters, an observed value in the support)
UNIVARIATE = {
    "Normal": (dict(mu=0.5, sigma=2.0), 0.3),
    "HalfNormal": (dict(sigma=2.0), 0.3),
    "TruncatedNormal": (dict(mu=0.0, sigma=1.0, lower=-1.0, upper=2.0), 0.3),
    "StudentT": (dict(nu=3.0, mu=0.0, sigma=1.0), 0.3),
    "HalfStudentT": (dict(nu=3.0, sigma=1.0), 0.3),
    "Cauchy": (dict(alpha=0.0, beta=1.0), 0.3),
    "HalfCauchy": (dict(beta=1.0), 0.3),
    "Exponential": (dict(lam=2.0), 0.3),
    "Gamma": (dict(alpha=2.0, beta=1.0), 0.3),
    "InverseGamma": (dict(alpha=3.0, beta=1.0), 0.3),
    "Beta": (dict(alpha=2.0, beta=3.0), 0.3),
    "Kumaraswamy": (dict(a=2.0, b=3.0), 0.3),
    "LogNormal": (dict(mu=0.0, sigma=1.0), 0.3),
    "LogitNormal": (dict(mu=0.0, sigma=1.0), 0.3),
    "Uniform": (dict(lower=-1.0, upper=2.0), 0.3),
    "Laplace": (dict(mu=0.0, b=1.0), 0.3),
    "AsymmetricLaplace": (dict(b=1.0, kappa=2.0, mu=0.0), 0.3),
    "Weibull": (dict(alpha=2.0, beta=1.0), 0.3),
    "ChiSquared": (dict(nu=3.0), 0.3),
    "Pareto": (dict(alpha=3.0, m=0.1), 0.3),
    "Wald": (dict(mu=1.0, lam=2.0), 0.3),
    "ExGaussian": (dict(mu=0.0, sigma=1.0, nu=0.5), 0.3),
    "Gumbel": (dict(mu=0.0, beta=1.0), 0.3),
    "Logistic": (dict(mu=0.0, s=1.0), 0.3),
    "Moyal": (dict(mu=0.0, sigma=1.0), 0.3),
    "Rice": (dict(nu=1.0, sigma=1.0), 0.3),
    "SkewNormal": (dict(mu=0.0, sigma=1.0, alpha=2.0), 0.3),
    "Triangular": (dict(lower=0.0, c=0.5, upper=1.0), 0.3),
    "VonMises": (dict(mu=0.0, kappa=2.0), 0.3),
    "Bernoulli": (dict(p=0.3), 1),
    "Binomial": (dict(n=10, p=0.3), 4),
    "BetaBinomial": (dict(alpha=2.0, beta=3.0, n=10), 4),
    "Poisson": (dict(mu=3.0), 2),
    "NegativeBinomial": (dict(mu=3.0, alpha=2.0), 2),
    "Geometric": (dict(p=0.3), 2),
    "HyperGeometric": (dict(N=20, k=8, n=5), 2),
    "DiscreteUniform": (dict(lower=0, upper=5), 2),
    "DiscreteWeibull": (dict(q=0.5, beta=1.5), 2),
    "Categorical": (dict(p=np.array([0.2, 0.5, 0.3])), 1),
    "ZeroInflatedPoisson": (dict(psi=0.7, mu=3.0), 2),
    "ZeroInflatedBinomial": (dict(psi=0.7, n=10, p=0.3), 2),
    "ZeroInflatedNegativeBinomial": (dict(psi=0.7, mu=3.0, alpha=2.0), 2),
    "HurdlePoisson": (dict(psi=0.7, mu=3.0), 2),
    "HurdleNegativeBinomial": (dict(psi=0.7, n=2.0, p=0.4), 2),
    "HurdleGamma": (dict(psi=0.7, mu=2.0, sigma=1.0), 0.3),
    "HurdleLogNormal": (dict(psi=0.7, mu=0.0, tau=2.0), 0.3),
}


@pytest.mark.parametrize("name", sorted(UNIVARIATE))
def test_univariate_class_shapes(name):
    cls = getattr(pm, name)
    params, value = UNIVARIATE[name]
    with pm.Model(coords={"city": ["a", "b", "c"]}) as model:
        scalar = cls("scalar", **params)
        shaped = cls("shaped", **params, shape=(2, 3))
        by_dims = cls("by_dims", **params, dims="city")
        observed = cls("observed", **params, observed=np.full(4, value))
    assert scalar.type.shape == () and shaped.type.shape == (2, 3) and by_dims.type.shape == (3,)
    assert observed.type.shape == (4,)
    assert model.named_vars_to_dims["by_dims"] == ("city",)
    assert pm.draw(shaped, random_seed=1).shape == (2, 3)
    assert pm.draw(scalar, draws=5, random_seed=2).shape == (5,)
    if all(v.dtype.startswith("float") for v in model.value_vars):
        point = model.initial_point()
        assert np.isfinite(model.compile_logp()(point)), point
    else:
        terms = model.compile_fn(model.logp(vars=[observed]))(model.initial_point())
        assert np.isfinite(terms)
    with pm.Model():
        with pytest.raises(TypeError, match="unexpected keyword argument 'bogus'"):
            cls("x", **params, bogus=1.0)
        with pytest.raises(ValueError, match="does not match the variable's shape"):
            cls("x", **params, shape=3, observed=np.full(4, value))


def test_multivariate_class_shapes():
    cov = np.array([[1.0, 0.3], [0.3, 2.0]])
    with pm.Model() as model:
        x = pm.MvNormal("x", mu=np.zeros(2), cov=cov, shape=(5, 2))
        p = pm.Dirichlet("p", a=np.ones(3), shape=(4, 3))
        k = pm.Multinomial("k", n=10, p=np.array([0.2, 0.3, 0.5]), observed=np.array([[2, 3, 5], [1, 1, 8]]))
        w = pm.Wishart("w", nu=4.0, V=np.eye(2))
    assert x.type.shape == (5, 2) and p.type.shape == (4, 3) and k.type.shape == (2, 3)
    assert pm.draw(x, random_seed=1).shape == (5, 2)
    assert np.allclose(pm.draw(p, random_seed=1).sum(axis=-1), 1)
    assert pm.draw(w, random_seed=1).shape == (2, 2)
    point = model.initial_point()
    assert point["p_simplex__"].shape == (4, 2)
    assert np.isfinite(model.compile_logp()(point))
