"""pm.sample: NUTS, or compound step methods for discrete variables and step=, results as ArviZ InferenceData with PyMC's groups, coords and dims."""

import os
import time
import warnings

import numpy as np

_INITS = {
    # init name -> (jitter half-width, adaptation)
    "auto": (1.0, "grad_diag"),
    "jitter+adapt_diag": (1.0, "grad_diag"),
    "adapt_diag": (0.0, "grad_diag"),
    "jitter+adapt_diag_grad": (1.0, "grad_diag"),
    "adapt_diag_grad": (0.0, "grad_diag"),
    "jitter+adapt_diag_stan": (1.0, "diag"),
    "adapt_diag_stan": (0.0, "diag"),
}

_STATS = {
    "diverging": "diverging", "energy": "energy", "energy_error": "energy_error", "step_size": "step_size",
    "step_size_bar": "step_size_bar", "tree_depth": "tree_depth", "n_steps": "n_steps",
    "acceptance_rate": "acceptance_rate", "lp": "logp", "reached_max_treedepth": "reached_max_treedepth",
    "index_in_trajectory": "index_in_trajectory",
}


# Warm-up of a NUTS-only run when `tune` is not given. benchmarks/tune_study.py (results in
# benchmarks/results/tune-study-2026-11-21.md): on seven posteriordb models, 200-300 tuning
# draws gave the same agreement with Stan's references (max |z| 2.37 vs 2.33 at 1000), no
# divergences, a smallest bulk ESS within two seeds' spread of 1000's and 29-50 % fewer
# gradient evaluations (higher ESS per gradient, warm-up included, on every model); 300
# (nutpie's default) keeps a margin. Runs with Metropolis/Slice/Gibbs steps keep PyMC's 1000:
# Metropolis retunes its scale only every 100 draws.
NUTS_TUNE = 300
STEPS_TUNE = 1000

# The idata_kwargs pm.sample takes (PyMC passes them on to pm.to_inference_data).
_IDATA_KWARGS = ("coords", "dims", "log_likelihood", "log_prior", "include_transformed", "save_warmup")


def sample(draws=1000, tune=None, chains=None, cores=None, random_seed=None, progressbar=True, step=None,
           nuts_sampler="pymc", initvals=None, init="auto", jitter_max_retries=10, n_init=200_000, trace=None,
           discard_tuned_samples=True, compute_convergence_checks=True, keep_warning_stat=False,
           return_inferencedata=True, idata_kwargs=None, nuts_sampler_kwargs=None, callback=None, mp_ctx=None,
           blas_cores=None, model=None, var_names=None, target_accept=None, **kwargs):
    """Draws from the model's posterior (PyMC's signature): NUTS for continuous variables and, as
    PyMC assigns them, BinaryGibbsMetropolis for Bernoulli, CategoricalGibbsMetropolis for
    Categorical and Metropolis for other discrete variables; ``step=`` (a step method or a list,
    e.g. ``pm.Metropolis([k])``) chooses for some or all variables, the rest are assigned.

    Chains run on Swift threads with the GIL released; chain ``c`` depends only on
    ``(random_seed, c)``, so ``cores`` never changes the draws. Returns ArviZ
    ``InferenceData`` with ``posterior`` (deterministics included), ``sample_stats``,
    ``observed_data`` and, with ``discard_tuned_samples=False``, the warm-up groups.

    ``tune`` defaults to 300 warm-up draws when NUTS samples every variable (measured to be
    enough, see ``NUTS_TUNE``) and to PyMC's 1000 when other step methods take part.
    """
    from ..model.core import modelcontext

    model = modelcontext(model)
    nuts_kwargs = dict(nuts_sampler_kwargs or {})
    nuts_kwargs.update(kwargs.pop("nuts", {}) or {})
    for key in list(kwargs):
        if key in ("max_treedepth", "adaptation", "max_energy_error", "initial_step_size"):
            nuts_kwargs[key] = kwargs.pop(key)
    if kwargs:
        raise TypeError(f"sample() got unexpected keyword argument(s): {', '.join(sorted(kwargs))}")
    # Checked before sampling, so that a misspelt key does not cost the user the run.
    idata_kwargs = _idata_options(model, idata_kwargs)
    if callback is not None:
        raise NotImplementedError("callback= is not supported: the chains run in Swift threads without calling "
                                  "back into Python at each draw (Ctrl-C still stops them and keeps the draws)")
    if trace is not None:
        raise NotImplementedError("trace= (a PyMC trace backend) is not supported; draws are returned in memory "
                                  "as InferenceData (use var_names= to keep fewer variables)")
    if nuts_sampler in ("nutpie", "numpyro", "blackjax"):
        # A notebook written for PyMC's external samplers keeps running: swiftppl's own NUTS
        # already uses nutpie's adaptation, and nothing here needs an external compiler.
        warnings.warn(f"nuts_sampler={nuts_sampler!r}: swiftppl samples with its own NUTS (nutpie's "
                      "adaptation), not with the external library", UserWarning, stacklevel=2)
    elif nuts_sampler != "pymc":
        raise ValueError(f"nuts_sampler={nuts_sampler!r} is not recognized; PyMC's names are 'pymc', 'nutpie', "
                         "'numpyro' and 'blackjax' (swiftppl runs its own NUTS for all of them)")
    if not model.value_vars:
        raise ValueError("the model has no free variables to sample")
    if target_accept is None:
        target_accept = nuts_kwargs.pop("target_accept", 0.8)
    if init not in _INITS:
        raise ValueError(f"init={init!r} is not supported; use one of {', '.join(_INITS)}")
    jitter, adaptation = _INITS[init]
    adaptation = nuts_kwargs.pop("adaptation", adaptation)
    cpu = os.cpu_count() or 1
    if cores is None:
        cores = min(4, cpu)
    if chains is None:
        chains = max(2, cores)
    seed = _base_seed(random_seed)

    value_vars = model.value_vars
    flat = _start_points(model, initvals, _count("chains", chains, 1), seed)

    from .steps import assign_step_methods, sample_steps, stacked_stats

    methods = assign_step_methods(model, step)
    nuts_only = len(methods) == 1 and methods[0].name == "NUTS" and len(methods[0].vars) == len(value_vars)
    if tune is None:
        tune = NUTS_TUNE if nuts_only else STEPS_TUNE
    t0 = time.perf_counter()
    if nuts_only:
        # NUTS over every variable: the plain NUTS run (its settings from the step object, if given).
        from .nuts import sample_nuts

        settings = dict(nuts_kwargs, target_accept=target_accept, adaptation=adaptation)
        settings.update(methods[0].settings)
        result = sample_nuts(_logp_dlogp(model), flat, draws=draws, tune=tune, chains=chains, cores=cores,
                             random_seed=seed, jitter=jitter, progressbar=progressbar, **settings)
        positions, n_tune = result["position"], min(result["tune"], result["logp"].shape[1])
        stats = {name: result[key] for name, key in _STATS.items()}
    else:
        from .nuts import ADAPTATIONS

        if adaptation not in ADAPTATIONS:
            raise ValueError(f"unknown adaptation {adaptation!r}; use one of {', '.join(ADAPTATIONS)}")
        run_options = dict(nuts_kwargs, target_accept=float(target_accept), jitter=jitter,
                           adaptation=ADAPTATIONS[adaptation])
        positions, n_tune, per_block, meta = sample_steps(
            model, methods, flat, draws=_count("draws", draws, 0), tune=_count("tune", tune, 0),
            chains=_count("chains", chains, 1), cores=_count("cores", cores, 1), random_seed=seed,
            progressbar=progressbar, run_options=run_options)
        n_tune = min(n_tune, positions.shape[1])
        stats = stacked_stats(per_block, meta)
    sampling_time = time.perf_counter() - t0

    posterior, warmup = _constrained_draws(model, positions, n_tune, var_names)
    stats_post = {k: v[:, n_tune:] for k, v in stats.items()}
    stats_warm = {k: v[:, :n_tune] for k, v in stats.items()}
    _warn(stats_post, tune, chains, nuts_kwargs.get("max_treedepth", 10))
    if not return_inferencedata:
        return {"posterior": posterior, "sample_stats": stats_post, "warmup_posterior": warmup,
                "warmup_sample_stats": stats_warm}
    densities = _density_groups(model, idata_kwargs, posterior, positions[:, n_tune:])
    if idata_kwargs.get("include_transformed", False):
        transformed = _split_positions(model, positions)
        for rv in model.free_RVs:
            if model.rvs_to_transforms.get(rv) is not None and (var_names is None or rv.name in var_names):
                name = model.rvs_to_values[rv].name
                posterior[name], warmup[name] = transformed[name][:, n_tune:], transformed[name][:, :n_tune]
    save_warmup = idata_kwargs.get("save_warmup", not discard_tuned_samples)
    idata = _inference_data(model, posterior, stats_post, (warmup, stats_warm) if save_warmup else None,
                            idata_kwargs, sampling_time, tune=n_tune, log_likelihood=densities.get("likelihood"),
                            log_prior=densities.get("prior"))
    if compute_convergence_checks and draws >= 4:
        _convergence_warnings(idata)
    return idata


def _idata_options(model, idata_kwargs):
    """idata_kwargs as a dict, checked: known keys, and log_likelihood / log_prior naming
    observed / free variables of the model."""
    from ..stats import density_targets

    if idata_kwargs is not None and not isinstance(idata_kwargs, dict):
        raise TypeError(f"idata_kwargs must be a dict, got {type(idata_kwargs).__name__}")
    idata_kwargs = dict(idata_kwargs or {})
    unknown = sorted(set(idata_kwargs) - set(_IDATA_KWARGS))
    if unknown:
        raise TypeError(f"idata_kwargs: unknown key(s) {', '.join(unknown)} (swiftppl takes "
                        f"{', '.join(_IDATA_KWARGS)})")
    for kind, names in _wanted_densities(idata_kwargs).items():
        density_targets(model, kind, names)
    return idata_kwargs


def _wanted_densities(idata_kwargs):
    """{"likelihood" | "prior": names (None: all)} of the log_likelihood / log_prior groups
    idata_kwargs asks for (True or a list of names; False or None: not wanted)."""
    wanted = {kind: idata_kwargs.get(f"log_{kind}", False) for kind in ("likelihood", "prior")}
    return {kind: None if names is True else names for kind, names in wanted.items()
            if names is not False and names is not None}


def _density_groups(model, idata_kwargs, posterior, positions):
    """{"likelihood" | "prior": {name: elementwise log density (chains, draws, *shape)}} for the
    idata_kwargs log_likelihood / log_prior (True or a list of names) at the post-warm-up
    `positions`; `posterior` holds the constrained draws, possibly thinned by var_names."""
    wanted = _wanted_densities(idata_kwargs)
    if not wanted:
        return {}
    from ..stats import log_density_draws

    free = [rv.name for rv in model.free_RVs]
    values = posterior if all(n in posterior for n in free) else _constrained_draws(model, positions, 0, free)[0]
    return {kind: log_density_draws(model, values, positions.shape[:2], kind, names)
            for kind, names in wanted.items()}


def _logp_dlogp(model):
    """The model's log density and its gradient for each value variable, compiled."""
    from ..compile import function
    from ..gradient import grad

    logp = model.logp()
    return function(model.value_vars, [logp] + list(grad(logp, model.value_vars)))


def _count(name, value, minimum):
    from .nuts import _count as count

    return count(name, value, minimum)


def _base_seed(random_seed):
    """One base seed: PyMC also takes a list of per-chain seeds; here chain c always draws from
    (base seed, c), so the list's first entry is the base."""
    from .nuts import _seed

    if isinstance(random_seed, (list, tuple)):
        random_seed = random_seed[0] if random_seed else None
    return _seed(random_seed)


def _start_points(model, initvals, chains, seed):
    """The starting point of every chain as (chains, dimension) flat values (one row when all chains
    share it): the model's initial point with `initvals` in place (a dict for every chain or
    PyMC's list of one dict per chain), each checked (finite log density) before sampling. An
    initval "prior" draws from the prior for each chain, seeded by (seed, chain)."""
    if isinstance(initvals, (list, tuple)):
        if len(initvals) != chains:
            raise ValueError(f"initvals: {len(initvals)} dicts given for {chains} chains; give one dict "
                             "per chain, or a single dict for all")
        per_chain = list(initvals)
    else:
        if initvals is not None and not isinstance(initvals, dict):
            raise TypeError(f"initvals must be a dict (or a list of dicts, one per chain), "
                            f"got {type(initvals).__name__}")
        named = list((initvals or {}).values()) + list(model.root.rvs_to_initial_values.values())
        shared = not any(isinstance(v, str) and v == "prior" for v in named)
        per_chain = [initvals] if shared else [initvals] * chains
    rows = []
    for c, overrides in enumerate(per_chain):
        start = model.initial_point(random_seed=None if seed is None else [seed, c],
                                    overrides=_user_initvals(model, overrides or {}))
        model.check_start_vals(start)
        rows.append(np.concatenate([np.ravel(start[v.name]).astype(float) for v in model.value_vars]))
    return np.stack(rows)


def _user_initvals(model, initvals):
    """{free variable: value on its own scale} from PyMC-style initvals keyed by variable or name,
    checked: known free variables, integer values for discrete ones."""
    if not isinstance(initvals, dict):
        raise TypeError(f"initvals must be a dict (or a list of dicts, one per chain), got {type(initvals).__name__}")
    out = {}
    for key, value in initvals.items():
        if isinstance(key, str):
            if key not in model.named_vars:
                raise ValueError(f"initvals: the model has no variable named {key!r}")
            rv = model[key]
        else:
            rv = key
        if rv not in model.free_RVs:
            raise ValueError(f"initvals: {key} is not a free random variable of the model")
        if isinstance(value, str) and value in ("prior", "support_point", "moment"):
            out[rv] = value  # PyMC's strategies: a prior draw, the support point
            continue
        try:
            number = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"initvals: {rv.name} needs numbers, got {value!r}") from None
        if not rv.dtype.startswith("float"):
            # Discrete variables start at integers: a fractional start is a mistake, not something to
            # round; beyond 2^63 the conversion to int64 would wrap around.
            whole = np.all(np.isfinite(number)) and np.all(number == np.round(number))
            if not (whole and np.all(np.abs(number) < 2.0 ** 63)):
                raise ValueError(f"initvals: {rv.name} is integer-valued ({rv.dtype}); got {value!r}")
        out[rv] = number.astype(rv.dtype)
    return out


def _constrained_draws(model, positions, n_tune, var_names):
    """{name: (chains, draws, *shape)} of the free variables (back-transformed) and deterministics.

    Transforms whose graphs need nothing but the values (constant bounds) are applied to all
    draws at once; the rest, and the deterministics, go through one compiled function per draw.
    """
    from ..compile import function
    from ..graph.basic import clone_replace, graph_inputs
    from ..tensor.basic import constant
    from ..tensor.variable import TensorConstant, TensorSharedVariable

    value_vars = model.value_vars
    chains, total = positions.shape[:2]
    batch = _split_positions(model, positions)
    rv_values = model._rv_values()
    names = [rv.name for rv in model.free_RVs] + [det.name for det in model.deterministics]
    if var_names is not None:
        missing = [n for n in var_names if n not in names]
        if missing:
            raise ValueError(f"var_names {missing} are not free variables or deterministics of the model")
    arrays, per_draw = {}, []
    for rv in model.free_RVs:
        value = model.rvs_to_values[rv]
        transform = model.rvs_to_transforms.get(rv)
        if transform is None:
            arrays[rv.name] = batch[value.name]
            continue
        whole = transform.backward(constant(batch[value.name]))
        if all(isinstance(v, (TensorConstant, TensorSharedVariable)) for v in graph_inputs([whole])):
            arrays[rv.name] = np.asarray(whole.eval())
        else:
            per_draw.append((rv.name, rv_values[rv]))
    replacements = {rv: rv_values[rv] for rv in model.free_RVs}
    per_draw += [(det.name, clone_replace(det, replacements)) for det in model.deterministics]
    if per_draw:
        fn = function(value_vars, [expr for _, expr in per_draw], on_unused_input="ignore")
        outs = map_rows(fn, [batch[v.name] for v in value_vars], (chains, total))
        arrays.update({name: o for (name, _), o in zip(per_draw, outs)})
    keep = names if var_names is None else [n for n in names if n in var_names]
    post = {n: arrays[n][:, n_tune:] for n in keep}
    warm = {n: arrays[n][:, :n_tune] for n in keep}
    return post, warm


def _split_positions(model, positions):
    """{value variable name: (chains, draws, *shape)} views of flat positions (chains, draws, dimension)."""
    lead = positions.shape[:2]
    split, offset = {}, 0
    for v in model.value_vars:
        size = int(np.prod(v.type.shape))
        part = positions[:, :, offset:offset + size].reshape(lead + tuple(v.type.shape))
        # Discrete values travel as exact doubles; give them back their integer dtype.
        split[v.name] = part if v.dtype.startswith("float") else np.rint(part).astype(v.dtype)
        offset += size
    return split


def model_coords(model):
    """The model's coords for ArviZ, with positions for dimensions that have a length only."""
    return {k: list(v) if v is not None else list(range(model.dim_lengths[k])) for k, v in model.coords.items()}


def map_rows(fn, columns, lead):
    """`fn` applied in Swift to every entry of the leading axes `lead` of `columns` (one array
    per input), results shaped lead + result shape."""
    from .. import _core

    rows = int(np.prod(lead))
    flat = [np.ascontiguousarray(c).reshape((rows,) + c.shape[len(lead):]) for c in columns]
    outs = _core.function_map(fn._h, flat)
    return [o.reshape(tuple(lead) + o.shape[1:]) for o in outs]


def _dims(model, names, arrays):
    dims = {}
    for n in names:
        d = model.named_vars_to_dims.get(n)
        if d is not None and len(d) == np.ndim(arrays[n]) - 2:
            dims[n] = list(d)
    return dims


def _inference_data(model, posterior, stats, warmup, idata_kwargs, sampling_time, tune, log_likelihood=None,
                    log_prior=None):
    import arviz as az

    from ..stats import density_dataset
    from .forward import constant_data, observed_data

    coords = model_coords(model)
    coords.update(idata_kwargs.get("coords", {}) or {})
    dims = _dims(model, posterior, posterior)
    dims.update(idata_kwargs.get("dims", {}) or {})
    observed = observed_data(model)
    obs_dims = _dims(model, observed, {k: np.empty((1, 1) + v.shape) for k, v in observed.items()})
    dims.update(obs_dims)
    kwargs = dict(posterior=posterior, sample_stats=stats, coords=coords, dims=dims)
    if observed:
        kwargs["observed_data"] = observed
    constants = constant_data(model)
    if constants:
        kwargs["constant_data"] = constants
        dims.update({k: list(v) for k, v in model.named_vars_to_dims.items() if k in constants})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        idata = az.from_dict(**kwargs)
        groups = {}
        if warmup is not None:
            warm = az.from_dict(posterior=warmup[0], sample_stats=warmup[1], coords=coords, dims=dims)
            groups["warmup_posterior"] = warm.posterior
            if "sample_stats" in warm.groups():
                groups["warmup_sample_stats"] = warm.sample_stats
        # The densities as compute_log_likelihood lays them out (a multivariate variable's density
        # has no event dims, which from_dict would still give it).
        for group, arrays in (("log_likelihood", log_likelihood), ("log_prior", log_prior)):
            if arrays:
                lead = next(iter(arrays.values())).shape[:2]
                draw_coords = {"chain": np.arange(lead[0]), "draw": np.arange(lead[1])}
                groups[group] = density_dataset(model, arrays, ("chain", "draw"), draw_coords, coords,
                                                idata_kwargs.get("dims"))
        if groups:
            idata.add_groups(**groups)
    attrs = {"sampling_time": sampling_time, "tuning_steps": tune, "inference_library": "swiftppl"}
    for group in ("posterior", "sample_stats"):
        if group in idata.groups():  # steps that record no statistics (Gibbs) leave no sample_stats
            getattr(idata, group).attrs.update(attrs)
    return idata


def _warn(stats, tune, chains, max_treedepth):
    if "diverging" not in stats:
        return
    divergences = int(np.sum(stats["diverging"]))
    if divergences:
        warnings.warn(f"There were {divergences} divergences after tuning. Increase `target_accept` or "
                      "reparameterize.", RuntimeWarning, stacklevel=3)
    if np.mean(stats["reached_max_treedepth"]) > 0.05:
        warnings.warn(f"The chain reached the maximum tree depth ({max_treedepth}). Increase `max_treedepth`, "
                      "increase `target_accept` or reparameterize.", RuntimeWarning, stacklevel=3)


def _convergence_warnings(idata):
    import arviz as az

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rhat = az.rhat(idata)
        ess = az.ess(idata)
    max_rhat = max((float(np.nanmax(v.values)) for v in rhat.data_vars.values()), default=1.0)
    min_ess = min((float(np.nanmin(v.values)) for v in ess.data_vars.values()), default=np.inf)
    if max_rhat > 1.01:
        warnings.warn("The rhat statistic is larger than 1.01 for some parameters. This indicates problems during "
                      "sampling. See https://arxiv.org/abs/1903.08008 for details", RuntimeWarning, stacklevel=3)
    if min_ess < 100 * idata.posterior.sizes["chain"]:
        warnings.warn("The effective sample size per chain is smaller than 100 for some parameters. A higher "
                      "number is needed for reliable rhat and ess computation. See "
                      "https://arxiv.org/abs/1903.08008 for details", RuntimeWarning, stacklevel=3)
