"""The PyMC side of the PyMC / Aesara / AePPL talk, with `import swiftppl as pm`: a model
is a graph of random variables; prior and posterior predictive draws; the model's log density
and gradient; find_MAP against scipy.optimize; a censored model built from pm.Censored; a
mixture whose component index is summed out of the density.

Run: python examples/talk_flow.py
"""

import numpy as np
import scipy.optimize

import swiftppl as pm
import swiftppl.tensor as pt

# A model is a graph of random variables: mu, log_sigma and y (observed at 3, 4, 5).
with pm.Model() as model:
    mu = pm.Normal("mu", 0, 1)
    log_sigma = pm.Normal("log_sigma", 0, 1)
    y = pm.Normal("y", mu, pt.exp(log_sigma), observed=[3, 4, 5])
print("draws of mu and y (pm.draw):", pm.draw([mu, y], draws=2, random_seed=1))

with model:
    prior = pm.sample_prior_predictive(draws=500, random_seed=1)
print("prior:", dict(prior.prior.sizes), "prior_predictive y:", prior.prior_predictive["y"].shape)

# The joint log density and its gradient as functions of the value variables.
print("value variables:", model.value_vars)
logp_dlogp = pm.function(model.value_vars, [model.logp(), model.dlogp()])
print("logp and dlogp at mu=3, log_sigma=1:", logp_dlogp(3.0, 1.0))

# The mode: find_MAP, and the same with scipy.optimize on the compiled function.
with model:
    map_point = pm.find_MAP(progressbar=False)
print("find_MAP:", {k: float(v) for k, v in map_point.items()})
result = scipy.optimize.minimize(lambda x: tuple(-np.asarray(v) for v in logp_dlogp(*x)), x0=[0.0, 0.0], jac=True)
print("scipy.optimize:", dict(zip(["mu", "log_sigma"], result.x)))

with model:
    idata = pm.sample(draws=1000, tune=1000, chains=2, random_seed=2, progressbar=False)
    pm.sample_posterior_predictive(idata, random_seed=3, extend_inferencedata=True)
print("posterior mu mean:", float(idata.posterior["mu"].mean()),
      "posterior_predictive y:", idata.posterior_predictive["y"].shape)

# Censoring: draws of N(-1.5, 1) clipped to [-1, 1]; pm.Censored builds pt.clip of a normal.
rng = np.random.default_rng(123)
mu_true = -1.5
data = np.clip(rng.normal(mu_true, 1, size=10), -1, 1)
with pm.Model() as censored_model:
    mu = pm.Normal("mu", 0, 2)
    y_raw = pm.Normal.dist(mu, 1)
    y = pm.Censored("y", y_raw, lower=-1, upper=1, observed=data)
    censored_prior = pm.sample_prior_predictive(draws=1000, random_seed=4)
    censored_idata = pm.sample(draws=1000, tune=1000, chains=2, random_seed=5, progressbar=False)
    pm.sample_posterior_predictive(censored_idata, random_seed=6, extend_inferencedata=True)
prior_y = censored_prior.prior_predictive["y"].values
post_y = censored_idata.posterior_predictive["y"].values
print("y is", y.owner.op)
print("prior predictive share at -1:", float(np.mean(prior_y == -1)), "posterior predictive:", float(np.mean(post_y == -1)))
print("posterior mu mean:", float(censored_idata.posterior["mu"].mean()), "(true", mu_true, ")")

# A mixture of three normals near -5, 0 and 5: the categorical index has no value variable,
# so its density is summed out of the observed values' likelihood.
w = np.array([0.2, 0.5, 0.3])
with pm.Model() as mixture_model:
    locs = pm.Normal("locs", mu=np.array([-5.0, 0.0, 5.0]), sigma=1.0)
    mix = pm.NormalMixture("mix", w=w, mu=locs, sigma=1.0, shape=10)
    mixture_prior = pm.sample_prior_predictive(draws=1, random_seed=7)
observed = mixture_prior.prior["mix"].values[0, 0]
with pm.Model():
    locs = pm.Normal("locs", mu=np.array([-5.0, 0.0, 5.0]), sigma=1.0)
    pm.NormalMixture("mix", w=w, mu=locs, sigma=1.0, observed=observed)
    mixture_idata = pm.sample(draws=500, tune=500, chains=2, random_seed=8, progressbar=False)
print("mixture data:", np.round(observed, 2))
print("posterior component locations:", mixture_idata.posterior["locs"].mean(("chain", "draw")).values)
