"""pm.stats: PyMC's compute_log_likelihood / compute_log_prior over posterior draws, and ArviZ's
statistics (pm.stats.hdi, pm.stats.summary, ...) forwarded lazily so `import swiftppl` stays
free of ArviZ."""

import numpy as np

__all__ = ["compute_log_likelihood", "compute_log_prior", "compute_log_density"]


def compute_log_likelihood(idata, *, var_names=None, extend_inferencedata=True, model=None,
                           sample_dims=("chain", "draw"), progressbar=True, compile_kwargs=None):
    """Elementwise log-likelihood of the observed variables at every posterior draw (PyMC's
    signature): adds the ``log_likelihood`` group to `idata` (or returns the Dataset with
    ``extend_inferencedata=False``), as ``az.loo`` and ``az.waic`` need."""
    return compute_log_density(idata, var_names=var_names, extend_inferencedata=extend_inferencedata,
                               model=model, kind="likelihood", sample_dims=sample_dims,
                               progressbar=progressbar, compile_kwargs=compile_kwargs)


def compute_log_prior(idata, *, var_names=None, extend_inferencedata=True, model=None,
                      sample_dims=("chain", "draw"), progressbar=True, compile_kwargs=None):
    """Elementwise log prior density of the free variables at every posterior draw, in their own
    (untransformed) space: the ``log_prior`` group (PyMC's signature)."""
    return compute_log_density(idata, var_names=var_names, extend_inferencedata=extend_inferencedata,
                               model=model, kind="prior", sample_dims=sample_dims,
                               progressbar=progressbar, compile_kwargs=compile_kwargs)


def compute_log_density(idata, *, var_names=None, extend_inferencedata=True, model=None, kind="likelihood",
                        sample_dims=("chain", "draw"), progressbar=True, compile_kwargs=None):
    """The ``log_likelihood`` (kind="likelihood") or ``log_prior`` (kind="prior") group of `idata`
    computed from its posterior; see compute_log_likelihood."""
    from .model.core import modelcontext

    model = modelcontext(model)
    if kind not in ("likelihood", "prior"):
        raise ValueError(f"kind must be either 'likelihood' or 'prior', got {kind!r}")
    if compile_kwargs:
        raise TypeError(f"compile_kwargs are not used by swiftppl (nothing is compiled to C); got "
                        f"{', '.join(sorted(compile_kwargs))}")
    if "posterior" not in idata.groups():
        raise ValueError("compute_log_density needs an InferenceData with a posterior group")
    posterior = idata.posterior
    sample_dims = [sample_dims] if isinstance(sample_dims, str) else list(sample_dims)
    missing_dims = [d for d in sample_dims if d not in posterior.dims]
    if missing_dims:
        raise ValueError(f"sample_dims {missing_dims} are not dimensions of the posterior "
                         f"(it has {list(posterior.dims)})")
    draws = {}
    for rv in model.root.free_RVs:
        if rv.name not in posterior:
            raise ValueError(f"the posterior has no draws of the free variable {rv.name!r}, which the "
                             "log densities depend on (was it left out with var_names?)")
        draws[rv.name] = posterior[rv.name].transpose(*sample_dims, ...).values
    lead = tuple(posterior.sizes[d] for d in sample_dims)
    arrays = log_density_draws(model, draws, lead, kind, var_names)
    dataset = density_dataset(model, arrays, sample_dims,
                              {d: posterior.coords[d] for d in sample_dims if d in posterior.coords})
    if not extend_inferencedata:
        return dataset
    group = f"log_{kind}"
    if group in idata.groups():
        setattr(idata, group, dataset)
    else:
        idata.add_groups({group: dataset})
    return idata


def log_density_draws(model, draws, lead, kind, var_names=None):
    """{variable name: elementwise log density (lead + shape)} of the observed (kind="likelihood") or
    free (kind="prior") variables, from `draws`: {free variable name: its constrained draws, shaped
    lead + the variable's shape}. Evaluated in Swift over all draws at once (function_map)."""
    from .compile import function
    from .sampling.mcmc import map_rows

    chosen = density_targets(model, kind, var_names)
    if not chosen:
        return {}
    inputs, terms = model.constrained_logp_terms(chosen)
    fn = function(inputs, terms, on_unused_input="ignore")
    columns = []
    for placeholder in inputs:
        values = np.asarray(draws[placeholder.name])
        columns.append(values.astype(placeholder.dtype) if values.dtype != placeholder.dtype else values)
    outs = map_rows(fn, columns, lead)
    return {rv.name: out for rv, out in zip(chosen, outs)}


def density_targets(model, kind, var_names=None):
    """The observed (kind="likelihood") or free (kind="prior") random variables named by
    `var_names` (None or True: all of them); ValueError for other names."""
    targets = model.observed_RVs if kind == "likelihood" else model.free_RVs
    which = "observed" if kind == "likelihood" else "free"
    if var_names is None or var_names is True:
        return list(targets)
    names = [var_names] if isinstance(var_names, str) else list(var_names)
    by_name = {rv.name: rv for rv in targets}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ValueError(f"var_names must name {which} variables of the model; not {which}: {unknown} "
                         f"({which} variables: {sorted(by_name)})")
    return [by_name[n] for n in names]


def density_dataset(model, arrays, sample_dims, sample_coords, coords=None, dims=None):
    """An xarray Dataset of elementwise log densities {name: (sample dims + shape)}: each variable
    keeps its dims (from `dims`, else the model's), cut to the density's rank as ArviZ's
    skip_event_dims does (a multivariate density has no event dims), with ArviZ's
    ``<name>_dim_<i>`` beyond them, labelled by `coords`, the model's coords or positions."""
    import xarray as xr

    from .sampling.mcmc import model_coords

    labels = {**model_coords(model), **(coords or {})}
    sample_dims = list(sample_dims)
    data_vars = {}
    for name, values in arrays.items():
        shape = values.shape[len(sample_dims):]
        named = list((dims or {}).get(name) or model.named_vars_to_dims.get(name) or ())[:len(shape)]
        own = named + [f"{name}_dim_{i}" for i in range(len(named), len(shape))]
        at = dict(sample_coords)
        for d, n in zip(own, shape):
            at[d] = labels[d] if d in labels else np.arange(n)
        data_vars[name] = xr.DataArray(values, dims=sample_dims + own, coords=at)
    return xr.Dataset(data_vars)


def __getattr__(name):
    # ArviZ's statistics (hdi, summary, loo, ...) as PyMC's pm.stats re-exports them; ArviZ is
    # imported on first use only (never for the import system's dunder lookups).
    if name.startswith("__"):
        raise AttributeError(name)
    import arviz

    if name in getattr(arviz.stats, "__all__", ()):
        return getattr(arviz.stats, name)
    raise AttributeError(f"module 'swiftppl.stats' has no attribute {name!r}")
