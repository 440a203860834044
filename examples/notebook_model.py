"""The model section of the PyMC + Aesara notebook, with `import swiftppl as pm`: random
variables in a model, value variables, element-wise log densities with the Jacobian term,
and sampling.

Run: python examples/notebook_model.py
"""

import numpy as np
import scipy.stats

import swiftppl as pm
import swiftppl.tensor as pt

# A distribution outside any model, and draws from it.
x = pm.Normal.dist(mu=0, sigma=1)
pm.dprint(x)
print("five draws:", pm.draw(x, draws=5, random_seed=1))

with pm.Model() as model:
    z = pm.Normal(name="z", mu=np.array([0, 0]), sigma=np.array([1, 2]))

print("basic_RVs:", model.basic_RVs)
pm.dprint(model.basic_RVs[0])
for i in range(3):
    print(f"Sample {i}: {pm.draw(z)}")

z_value = pt.vector(name="z")
z_logp = pm.logp(rv=z, value=z_value)
print("logp at [0, 0]:", z_logp.eval({z_value: [0, 0]}))
print("scipy:         ", scipy.stats.norm.logpdf(x=np.array([0, 0]), loc=np.array([0, 0]), scale=np.array([1, 2])))

logp_function = model.compile_logp(sum=False)
point = model.initial_point()
print("initial point:", point)
print("compiled logp at it:", logp_function(point))

with pm.Model() as model_2:
    mu = pm.Normal(name="mu", mu=0, sigma=2)
    sigma = pm.HalfNormal(name="sigma", sigma=3)
    x = pm.Normal(name="x", mu=mu, sigma=sigma)

print("rvs_to_values:", model_2.rvs_to_values)
print("value_vars:", model_2.value_vars)
mu_value = model_2.rvs_to_values[mu]
sigma_log_value = model_2.rvs_to_values[sigma]
x_value = model_2.rvs_to_values[x]
logp_graph = pt.stack(model_2.logp(sum=False))
print("element-wise logp:", logp_graph.eval({mu_value: 0, sigma_log_value: -10, x_value: 0}))
print(f"""
mu_value -> {scipy.stats.norm.logpdf(x=0, loc=0, scale=2)}
sigma_log_value -> {- 10 + scipy.stats.halfnorm.logpdf(x=np.exp(-10), loc=0, scale=3)}
x_value -> {scipy.stats.norm.logpdf(x=0, loc=0, scale=np.exp(-10))}
""")
print("compile_logp:", model_2.compile_logp(sum=False)({"mu": 0, "sigma_log__": -10, "x": 0}))
print("dlogp at the initial point:", model_2.compile_dlogp()(model_2.initial_point()))

# Sampling the first model (not in the notebook's section, but what comes next).
with model:
    idata = pm.sample(draws=500, tune=500, chains=2, random_seed=1, progressbar=False)
print("posterior means of z:", idata.posterior["z"].mean(("chain", "draw")).values)
