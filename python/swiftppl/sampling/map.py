"""pm.find_MAP: the posterior mode in the unconstrained space, by the Swift L-BFGS, with PyMC's return layout."""

import warnings

import numpy as np

_METHODS = ("L-BFGS-B", "BFGS", "L-BFGS")


def find_MAP(start=None, vars=None, method="L-BFGS-B", return_raw=False, include_transformed=True, progressbar=True,
             maxeval=5000, model=None, *args, seed=None, **kwargs):
    """Maximizes the model's log density (with the transforms' Jacobians, as PyMC does)
    over its continuous value variables; discrete ones stay at their start.

    Returns ``{name: value}`` for the value variables (transformed names such as
    ``sigma_log__`` when ``include_transformed``), the free variables on their own scale,
    and the deterministics. ``return_raw=True`` also returns the optimizer's report.
    """
    from ..compile import function
    from ..graph.basic import clone_replace
    from ..gradient import grad
    from ..model.core import modelcontext
    from ..tensor.basic import constant
    from .. import _core

    model = modelcontext(model)
    if args:
        raise TypeError(f"find_MAP() takes no extra positional arguments, got {len(args)}")
    options = {"maxeval": maxeval}
    for key in list(kwargs):
        if key in ("maxiter", "gtol", "ftol", "memory"):
            options[key] = kwargs.pop(key)
    if kwargs:
        raise TypeError(f"find_MAP() got unexpected keyword argument(s): {', '.join(sorted(kwargs))}")
    if method not in _METHODS:
        raise ValueError(f"method={method!r} is not available; use one of {', '.join(_METHODS)} (all run L-BFGS)")
    point = _start_values(model, start) if start is not None else model.initial_point()
    value_vars = model.value_vars
    if vars is None:
        chosen = model.cont_vars
    else:
        chosen = [model.rvs_to_values.get(v, v) for v in (vars if isinstance(vars, (list, tuple)) else [vars])]
        bad = [v for v in chosen if v not in value_vars or not v.dtype.startswith("float")]
        if bad:
            raise ValueError(f"vars must be continuous free variables of the model, got {bad}")
    if not chosen:
        raise ValueError("the model has no continuous free variables to optimize")
    if model.disc_vars and vars is None:
        warnings.warn("find_MAP keeps the discrete variables " + ", ".join(v.name for v in model.disc_vars)
                      + " at their start values", UserWarning, stacklevel=2)
    fixed = {v: constant(np.asarray(point[v.name], dtype=v.dtype)) for v in value_vars if v not in chosen}
    logp = model.logp()
    if fixed:
        logp = clone_replace(logp, fixed)
    grads = grad(logp, chosen)
    fn = function(chosen, [logp] + list(grads))
    x0 = np.concatenate([np.ravel(point[v.name]).astype(float) for v in chosen])
    x, (value, grad_norm, iterations, evaluations, converged), message = _core.find_map(
        fn._h, x0, list(options), [float(v) for v in options.values()])
    offset = 0
    for v in chosen:
        size = int(np.prod(v.type.shape))
        point[v.name] = x[offset:offset + size].reshape(v.type.shape)
        offset += size
    result = _constrained_point(model, point, include_transformed)
    if not converged:
        warnings.warn(f"find_MAP did not converge: {message}", UserWarning, stacklevel=2)
    if return_raw:
        return result, {"fun": -value, "logp": value, "max_abs_grad": grad_norm, "nit": int(iterations),
                        "nfev": int(evaluations), "success": bool(converged), "message": message, "x": x}
    return result


def _start_values(model, start):
    """{value variable name: value}: the model's initial point with `start` in place, keyed by
    value-variable names (already transformed) or by free variables / their names (on their own
    scale; the transforms and the other variables' support points follow from them)."""
    from .mcmc import _user_initvals

    if not isinstance(start, dict):
        raise TypeError(f"start must be a dict {{variable name: value}}, got {type(start).__name__}")
    value_names = {v.name for v in model.value_vars}
    free_names = {rv.name for rv in model.free_RVs}
    transformed, own_scale = {}, {}
    for key, value in start.items():
        name = key if isinstance(key, str) else getattr(key, "name", None)
        if name in free_names:
            own_scale[name] = value
        elif name in value_names:
            transformed[name] = np.asarray(value, dtype=float)
        else:
            raise ValueError(f"start: {key!r} is not a free variable of the model")
    point = model.initial_point(overrides=_user_initvals(model, own_scale))
    point.update(transformed)
    return point


def _constrained_point(model, point, include_transformed):
    """The optimum on the variables' own scale (and deterministics), through the same
    conversion pm.sample applies to its draws."""
    from .mcmc import _constrained_draws

    flat = np.concatenate([np.ravel(point[v.name]).astype(float) for v in model.value_vars])
    constrained, _ = _constrained_draws(model, flat[None, None, :], 0, None)
    result = {}
    for rv in model.free_RVs:
        value_name = model.rvs_to_values[rv].name
        if include_transformed and value_name != rv.name:
            result[value_name] = np.asarray(point[value_name])
    result.update({n: np.asarray(v[0, 0]) for n, v in constrained.items()})
    return result
