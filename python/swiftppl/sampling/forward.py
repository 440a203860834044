"""Forward sampling: pm.sample_prior_predictive and pm.sample_posterior_predictive, returning InferenceData groups as PyMC names them."""

import warnings

import numpy as np


def _names(model, var_names, default):
    if var_names is None:
        return default
    known = set(model.named_vars)
    unknown = [n for n in var_names if n not in known]
    if unknown:
        raise ValueError(f"var_names {unknown} are not variables of the model")
    return list(var_names)


def _coords_dims(model):
    from .mcmc import model_coords

    return model_coords(model), {k: list(v) for k, v in model.named_vars_to_dims.items()}


def _from_dict(groups, coords, dims):
    import arviz as az

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return az.from_dict(**{k: v for k, v in groups.items() if v}, coords=coords,
                            dims={k: v for k, v in dims.items() if any(k in g for g in groups.values() if g)})


def _check_drawable(model, outputs, given=()):
    """Raises for a CustomDist given only by its logp (no graph to draw from) that the outputs need."""
    from ..graph.basic import ancestors

    written = model.root.__dict__.get("custom_logps", {})
    given = set(given)
    for var in ancestors(outputs, blockers=list(given)):
        if var in written and var.owner is None and var not in given:
            raise NotImplementedError(
                f"Attempted to draw from the CustomDist {var.name!r}, but it was given only a logp: "
                "forward sampling needs dist= (a graph of random variables); random= functions are not supported")


def observed_data(model):
    """The observations of each observed variable (PyMC's observed_data group)."""
    return {rv.name: np.asarray(model.rvs_to_values[rv].eval()) for rv in model.observed_RVs}


def constant_data(model):
    """The pm.Data values that are not some variable's observations (PyMC's constant_data group)."""
    observed = {model.rvs_to_values[rv] for rv in model.observed_RVs}
    return {v.name: np.asarray(v.get_value()) for v in model.data_vars if v not in observed}


def sample_prior_predictive(draws=500, model=None, var_names=None, random_seed=None, return_inferencedata=True,
                            idata_kwargs=None, compile_kwargs=None, samples=None):
    """Draws every variable from the prior: groups ``prior`` (free variables and
    deterministics), ``prior_predictive`` (observed variables) and ``observed_data``."""
    from ..model.core import modelcontext
    from ..pytensorf import compile_pymc

    model = modelcontext(model)
    if samples is not None:
        draws = samples
    if not isinstance(draws, int) or isinstance(draws, bool) or draws < 1:
        raise ValueError(f"draws must be a positive integer, got {draws!r}")
    free = [v.name for v in model.free_RVs + model.deterministics]
    observed = [v.name for v in model.observed_RVs]
    names = _names(model, var_names, free + observed)
    variables = [model.named_vars[n] for n in names]
    _check_drawable(model, variables)
    fn = compile_pymc([], variables, random_seed=random_seed, **(compile_kwargs or {}))
    values = [fn() for _ in range(draws)]
    arrays = {n: np.stack([np.asarray(v[i]) for v in values])[None] for i, n in enumerate(names)}
    prior = {n: a for n, a in arrays.items() if n not in observed}
    predictive = {n: a for n, a in arrays.items() if n in observed}
    if not return_inferencedata:
        return {**prior, **predictive}
    coords, dims = _coords_dims(model)
    return _from_dict({"prior": prior, "prior_predictive": predictive, "observed_data": observed_data(model),
                       "constant_data": constant_data(model)}, coords, dims)


def sample_posterior_predictive(trace, model=None, var_names=None, sample_dims=None, random_seed=None,
                                progressbar=True, return_inferencedata=True, extend_inferencedata=False,
                                predictions=False, idata_kwargs=None, compile_kwargs=None):
    """For every posterior draw, draws the observed variables (or `var_names`) given the free
    variables' values: group ``posterior_predictive`` (``predictions`` with predictions=True)."""
    from ..graph.basic import clone_replace
    from ..model.core import modelcontext
    from ..pytensorf import compile_pymc
    from ..tensor.basic import tensor

    model = modelcontext(model)
    posterior = getattr(trace, "posterior", None)
    if posterior is None:
        raise TypeError("trace must be InferenceData with a posterior group (the result of pm.sample)")
    names = _names(model, var_names, [rv.name for rv in model.observed_RVs])
    if not names:
        raise ValueError("the model has no observed variables; pass var_names")
    from ..graph.basic import ancestors

    # Only the free variables the requested outputs depend on become inputs (the others
    # would be unused inputs of the compiled function, and need not be in the posterior).
    needed = set(ancestors([model.named_vars[n] for n in names]))
    free = [rv for rv in model.free_RVs if rv in needed and rv.name in posterior]
    missing = [rv.name for rv in model.free_RVs if rv in needed and rv.name not in posterior]
    if missing:
        raise ValueError(f"the posterior has no draws of {', '.join(missing)}")
    _check_drawable(model, [model.named_vars[n] for n in names], given=free)
    inputs = [tensor(f"{rv.name}_value", dtype=rv.dtype, shape=rv.type.shape) for rv in free]
    replacements = dict(zip(free, inputs))
    outputs = [clone_replace(model.named_vars[n], replacements) for n in names]
    fn = compile_pymc(inputs, outputs, random_seed=random_seed, **(compile_kwargs or {}))
    from .mcmc import map_rows

    chains, draws = posterior.sizes["chain"], posterior.sizes["draw"]
    columns = [posterior[rv.name].values for rv in free]
    outs = map_rows(fn, columns, (chains, draws))
    arrays = dict(zip(names, outs))
    if not return_inferencedata:
        return arrays
    coords, dims = _coords_dims(model)
    # PyMC's layout: predictions go with the data they were made for (predictions_constant_data);
    # a posterior predictive comes with the observations and the data of the fit.
    if predictions:
        groups = {"predictions": arrays, "predictions_constant_data": constant_data(model)}
    else:
        groups = {"posterior_predictive": arrays, "observed_data": observed_data(model),
                  "constant_data": constant_data(model)}
    idata = _from_dict(groups, coords, dims)
    if extend_inferencedata:
        trace.extend(idata)
        return trace
    return idata
