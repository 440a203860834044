"""The Distribution base: PyMC's class API (``pm.Normal("x", mu, sigma, shape=..., observed=...)``, ``pm.Normal.dist(...)``) over the random-variable catalog."""

import numbers
import weakref

import numpy as np

from ..graph.basic import Variable
from ..logprob import transforms as tr

_UNSET = object()

# op name -> (short name for printing, support point builder(*params) -> expression)
_SUPPORT_POINTS = {}
_SHORT_NAMES = {}


def _tensor(x):
    from ..tensor.basic import as_tensor_variable

    return x if isinstance(x, Variable) else as_tensor_variable(x)


def _as_float(x):
    """Numbers and numeric arrays as float64; graphs unchanged."""
    if isinstance(x, Variable):
        return x
    if hasattr(x, "to_numpy"):
        x = x.to_numpy()
    if isinstance(x, (list, tuple)) and any(isinstance(v, Variable) for v in np.ravel(np.asarray(x, dtype=object))):
        # A list mixing numbers and graphs, e.g. rho=[0.3, rho1], is stacked (PyTensor's as_tensor).
        import swiftppl.tensor as pt

        stacked = _tensor(x)
        return stacked if stacked.dtype == "float64" else pt.cast(stacked, "float64")
    return np.asarray(x, dtype=np.float64)


def _is_number(x):
    return isinstance(x, (numbers.Number, np.number)) and not isinstance(x, bool)


class Distribution:
    """Base of PyMC's distribution classes.

    Subclasses set ``rv_op`` (the catalog name of their random variable), ``params``
    (PyMC's parameter names in positional order) and implement ``op_params(**params)``
    returning the op's parameters from PyMC's (alternative parameterizations, checks).
    ``default_transform(*op_params)`` gives the value transform (None: unconstrained).
    """

    rv_op = None
    params = ()
    ndim_supp = 0
    # Continuous distributions take their numeric parameters as float64 (PyMC's floatX).
    floatX = False

    def __new__(cls, name, *args, rng=None, dims=None, initval=None, observed=None, total_size=None,
                transform=_UNSET, default_transform=_UNSET, shape=None, size=None, model=None, **kwargs):
        from ..model.core import modelcontext

        model = modelcontext(model)
        if not isinstance(name, str):
            raise TypeError(f"Name needs to be a string but got: {name!r}")
        implied = None  # a shape taken from dims or observed data rather than given
        if dims is not None:
            dim_shape, dims = model.shape_from_dims(dims)
            # A symbolic shape (e.g. x_data.shape, to follow pm.set_data) is checked when drawn.
            if shape is not None and not isinstance(shape, Variable) and tuple(np.atleast_1d(shape)) != dim_shape:
                raise ValueError(f"{name}: shape {shape} contradicts dims {dims} of lengths {dim_shape}")
            if shape is None and size is None:
                implied = dim_shape
        if shape is None and size is None and implied is None and observed is not None \
                and not isinstance(observed, Variable):
            implied = np.shape(observed.to_numpy() if hasattr(observed, "to_numpy") else observed)
        rng = rng if rng is not None else model.next_rng()
        rv = None
        if implied is not None:
            # When the parameters already give the implied shape (e.g. through pm.Data), keep
            # the shape symbolic so that set_data can change its length later.
            candidate = cls.dist(*args, rng=rng, **kwargs)
            static = candidate.type.shape
            if len(static) == len(implied) and all(s is None or s == n for s, n in zip(static, implied)) \
                    and any(s is None for s in static):
                rv = candidate
            else:
                shape = implied
        if rv is None:
            rv = cls.dist(*args, shape=shape, size=size, rng=rng, **kwargs)
        op_params = list(base_rv(rv).owner.inputs[2:])
        missing = _missing_mask(observed)
        if missing is not None:
            return _register_with_missing(model, cls, name, rv, observed, missing, dims, op_params,
                                          transform, default_transform)
        if observed is not None:
            transform_value = None
        else:
            default = cls.transform_for(rv) if default_transform is _UNSET else default_transform
            if default is False:
                default = None
            if transform is _UNSET or transform is None:
                transform_value = default
            elif default is None:
                transform_value = transform
            else:
                parts = (default.transform_list if isinstance(default, tr.Chain) else [default]) + \
                        (transform.transform_list if isinstance(transform, tr.Chain) else [transform])
                transform_value = tr.Chain(parts)
        return model.register_rv(rv, name, observed=observed, dims=dims, transform=transform_value, initval=initval)

    @classmethod
    def dist(cls, *args, size=None, shape=None, rng=None, **kwargs):
        """An unnamed random variable outside any model."""
        from ..tensor import random as ptr

        if len(args) > len(cls.params):
            raise TypeError(f"{cls.__name__} takes at most {len(cls.params)} positional parameters "
                            f"({', '.join(cls.params)}), got {len(args)}")
        given = dict(zip(cls.params, args))
        for key, value in kwargs.items():
            if key not in cls.params:
                raise TypeError(f"{cls.__name__} got an unexpected keyword argument {key!r}; "
                                f"its parameters are {', '.join(cls.params)}")
            if key in given:
                raise TypeError(f"{cls.__name__} got multiple values for argument {key!r}")
            given[key] = value
        op_params = [_tensor(_as_float(p) if cls.floatX else p) for p in cls.op_params(**given)]
        if shape is not None and size is not None:
            raise ValueError("give either shape or size, not both")
        if shape is not None:
            shape = (int(shape),) if _is_number(shape) else tuple(shape)
            size = shape[:len(shape) - cls.ndim_supp] if cls.ndim_supp else shape
        return getattr(ptr, cls.rv_op_for(**given))(*op_params, size=size, rng=rng)

    @classmethod
    def rv_op_for(cls, **params):
        """The catalog random variable these parameters call for (one per class, mostly)."""
        return cls.rv_op

    @classmethod
    def op_params(cls, **params):
        raise NotImplementedError

    @classmethod
    def transform_for(cls, rv):
        """The default transform of the registered variable `rv`."""
        return cls.default_transform(*base_rv(rv).owner.inputs[2:])

    @classmethod
    def default_transform(cls, *op_params):
        return None


def register(op, short, support_point_fn):
    _SHORT_NAMES[op] = short
    _SUPPORT_POINTS[op] = support_point_fn


def base_rv(rv):
    """The random variable under shape assertions (specify_shape) of `rv`."""
    while rv.owner is not None and not hasattr(rv.owner.op, "ndim_supp") and rv.owner.inputs:
        if "SpecifyShape" not in str(rv.owner.op):
            break
        rv = rv.owner.inputs[0]
    return rv


def support_point(rv):
    """A point in the support of `rv` where its density is positive (PyMC's support_point):
    the mean, median or mode, broadcast to the variable's shape."""
    from ..tensor.basic import zeros_like

    base = base_rv(rv)
    op = base.owner.op.name if base.owner is not None and hasattr(base.owner.op, "name") else None
    params = list(base.owner.inputs[2:]) if base.owner is not None else []
    fn = _SUPPORT_POINTS.get(op)
    if fn is None:
        raise NotImplementedError(f"no support point for {rv}; give the variable an initval")
    return fn(*params) + zeros_like(rv)


# Composite variables (Censored, Truncated, Mixture, hurdles, CustomDist) and their
# descriptions' parts: {graph: (name, [distributions or parameters])}.
_COMPOSITES = weakref.WeakKeyDictionary()


def name_composite(rv, name, parts):
    """Makes `rv` print as ``name(part, ...)`` in model descriptions (``Truncated(Pois(3), 1, 5)``)."""
    _COMPOSITES[rv] = (name, list(parts))
    return rv


def describe(rv):
    """PyMC's one-line description of a model variable: ``N(mu, 2)``."""
    composite = _COMPOSITES.get(rv)
    if composite is not None:
        name, parts = composite
        return f"{name}({', '.join(_describe_part(p) for p in parts)})"
    rv = base_rv(rv)
    op = rv.owner.op.name if rv.owner is not None and hasattr(rv.owner.op, "name") else "?"
    short = _SHORT_NAMES.get(op, op)
    params = rv.owner.inputs[2:] if rv.owner is not None else []
    return f"{short}({', '.join(_show(p) for p in params)})"


def _describe_part(part):
    if part is None:
        return "None"
    if isinstance(part, Variable) and not part.name and (part in _COMPOSITES or hasattr(getattr(part.owner, "op", None), "ndim_supp")):
        return describe(part)
    return _show(_tensor(part))


def _show(p):
    """A parameter as PyMC prints it: its name, its value when a scalar constant, else f(inputs)."""
    if p.name:
        return p.name
    from ..graph.basic import graph_inputs

    if p.owner is None:
        try:
            value = np.asarray(p.eval())
            return f"{value.item():g}" if value.ndim == 0 else "<constant>"
        except Exception:
            return "<constant>"
    return "f(" + ", ".join(sorted({v.name for v in graph_inputs([p]) if v.name})) + ")"


def _missing_mask(observed):
    """The mask of missing entries (NaN, or masked in a masked array), or None when complete."""
    if observed is None or isinstance(observed, Variable):
        return None
    if np.ma.isMaskedArray(observed):
        mask = np.ma.getmaskarray(observed)
        return mask if mask.any() else None
    data = np.asarray(observed.to_numpy() if hasattr(observed, "to_numpy") else observed)
    if data.dtype.kind != "f":
        return None
    mask = np.isnan(data)
    return mask if mask.any() else None


def _register_with_missing(model, cls, name, rv, observed, mask, dims, op_params, transform, default_transform):
    """PyMC's imputation for a distribution class: its default transform (or `transform`) on the
    missing entries, started at its support point."""
    if cls.ndim_supp:
        raise NotImplementedError(f"{name}: missing values in multivariate observations are not supported yet")
    default = cls.default_transform(*op_params) if default_transform is _UNSET else default_transform
    chosen = None if default is False else (default if transform is _UNSET or transform is None else transform)
    return impute_missing(model, name, rv, observed, mask, dims, chosen, support_point(rv))


def impute_missing(model, name, rv, observed, mask, dims, transform, start, written=None):
    """PyMC's imputation: the observed entries become ``<name>_observed``, the missing ones a
    free variable ``<name>_unobserved`` (same distribution, sampled, started at `start`'s
    entries), and ``<name>`` the deterministic joining both in the data's shape. `written`
    = (logp_fn, params) gives each part the matching entries of a written elementwise density."""
    import swiftppl.tensor as pt
    from ..model.core import Deterministic

    data = np.ma.getdata(observed) if np.ma.isMaskedArray(observed) else np.asarray(
        observed.to_numpy() if hasattr(observed, "to_numpy") else observed)
    # Advanced indexing with one index array per axis selects the entries without reshaping
    # the random variable (which would hide it from the density derivation).
    seen, unseen = np.nonzero(~mask), np.nonzero(mask)
    observed_part = rv[seen]
    missing_part = rv[unseen]
    if written is not None:
        # The density of a part is the full one at the full value — the part's entries placed
        # into the (in-support, so finite) start — taken at the part's entries.
        logp_fn, params = written
        fill = pt.cast(start + pt.zeros(mask.shape), rv.dtype)
        for part, index in ((observed_part, seen), (missing_part, unseen)):
            register_logp(model, part, _entries_logp(logp_fn, index), [fill, *params])
    model.register_rv(observed_part, f"{name}_observed", observed=data[seen].astype(rv.dtype))
    model.register_rv(missing_part, f"{name}_unobserved", transform=transform, initval=start[unseen])
    full = pt.set_subtensor(pt.zeros_like(rv)[unseen], missing_part)
    full = pt.set_subtensor(full[seen], pt.constant(data[seen].astype(rv.dtype)))
    return Deterministic(name, full, dims=dims)


def _entries_logp(logp_fn, index):
    def logp(value, fill, *params):
        import swiftppl.tensor as pt

        return logp_fn(pt.set_subtensor(fill[index], value), *params)[index]

    return logp


def register_logp(model, rv, logp_fn, params):
    """Gives `rv` a density written here, ``logp_fn(value, *params)``: for ``pm.logp(rv, value)``
    and, when `model` is given, for the model, which evaluates `params` (graphs of other model
    variables) at those variables' values."""
    from ..logprob.basic import WRITTEN_LOGPS

    WRITTEN_LOGPS[rv] = lambda value: logp_fn(value, *params)
    if model is not None:
        model.root.__dict__.setdefault("custom_logps", {})[rv] = (logp_fn, params)
    return rv
