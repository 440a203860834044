"""PyMC's composite distributions: Censored, Mixture, NormalMixture, CustomDist — graphs of random variables whose densities the log-probability layer derives (or, for CustomDist(logp=...), that the user writes)."""

import numbers

import numpy as np

from ..graph.basic import Variable
from .distribution import (_UNSET, _missing_mask, _tensor, impute_missing, name_composite, support_point,
                           register_logp as _register_logp)


def _model_and_shape(name, dims, shape, observed, model):
    from ..model.core import modelcontext

    model = modelcontext(model)
    if not isinstance(name, str):
        raise TypeError(f"Name needs to be a string but got: {name!r}")
    if dims is not None:
        shape, dims = model.shape_from_dims(dims)
    if shape is None and observed is not None and not isinstance(observed, Variable):
        shape = np.shape(observed.to_numpy() if hasattr(observed, "to_numpy") else observed)
    if shape is not None:
        shape = (int(shape),) if np.ndim(shape) == 0 else tuple(int(s) for s in shape)
    return model, shape, dims


def _resize(dist, shape):
    """`dist` redrawn with batch shape `shape` (PyMC's change_dist_size), when it differs."""
    if shape is None:
        return dist
    shape = tuple(int(s) for s in np.atleast_1d(shape)) if np.ndim(shape) else (() if shape == () else (int(shape),))
    if tuple(dist.type.shape) == shape:
        return dist
    node = dist.owner
    size = _tensor(np.asarray(shape[:len(shape) - node.op.ndim_supp], dtype=np.int64))
    return node.op(node.inputs[0], size, *node.inputs[2:], return_list=True)[1]


def _check_dist(dist, what):
    if not isinstance(dist, Variable) or dist.owner is None or not hasattr(dist.owner.op, "ndim_supp"):
        raise TypeError(f"{what} must be an unnamed distribution made with .dist(), e.g. pm.Normal.dist(0, 1); "
                        f"got {dist!r}")
    if dist.name:
        raise ValueError(f"{what} must be made with .dist(), not registered in a model (it is named {dist.name!r})")
    return dist


class Censored:
    """`dist` observed only within [lower, upper]: values at a bound carry the mass beyond it
    (PyMC's Censored; the density comes from the log-CDF through clip)."""

    def __new__(cls, name, dist, lower=None, upper=None, *, observed=None, dims=None, shape=None, model=None,
                initval=None, **kwargs):
        _no_more_kwargs("Censored", kwargs)
        model, shape, dims = _model_and_shape(name, dims, shape, observed, model)
        dist = _resize(_check_dist(dist, "Censored's dist"), shape)
        rv = cls.dist(dist, lower, upper)
        init = initval if initval is not None else cls._support(dist, lower, upper)
        missing = _missing_mask(observed)
        if missing is not None:
            # Missing entries are imputed as for the basic distributions (indexing keeps the
            # censored graph measurable).
            return impute_missing(model, name, rv, observed, missing, dims, None, cls._support(dist, lower, upper))
        return model.register_rv(rv, name, observed=observed, dims=dims, initval=init)

    @classmethod
    def dist(cls, dist, lower=None, upper=None, **kwargs):
        import swiftppl.tensor as pt

        _check_dist(dist, "Censored's dist")
        if dist.owner.op.ndim_supp != 0:
            raise NotImplementedError("Censored supports univariate distributions only (as PyMC)")
        lower = None if lower is None or (_is_number(lower) and np.isneginf(lower)) else _tensor(lower)
        upper = None if upper is None or (_is_number(upper) and np.isposinf(upper)) else _tensor(upper)
        if lower is not None and upper is not None:
            censored = pt.clip(dist, lower, upper)
        elif lower is not None:
            censored = pt.maximum(dist, lower)
        elif upper is not None:
            censored = pt.minimum(dist, upper)
        else:
            return dist
        return name_composite(censored, "Censored", [dist, lower, upper])

    @staticmethod
    def _support(dist, lower, upper):
        import swiftppl.tensor as pt

        point = support_point(dist)
        if lower is not None and not (_is_number(lower) and np.isneginf(lower)):
            point = pt.maximum(point, lower)
        if upper is not None and not (_is_number(upper) and np.isposinf(upper)):
            point = pt.minimum(point, upper)
        return point


def _no_more_kwargs(what, kwargs):
    if kwargs:
        names = ", ".join(repr(k) for k in sorted(kwargs))
        raise TypeError(f"{what} got an unexpected keyword argument {names}")


def _is_number(x):
    return isinstance(x, (numbers.Number, np.number)) and not isinstance(x, bool)


class Mixture:
    """A finite mixture (PyMC's Mixture): weights `w` (last axis: components) and either a list
    of scalar-batched component distributions or one distribution whose last axis indexes the
    components. The component index is summed out of the density (it has no value variable)."""

    def __new__(cls, name, w, comp_dists, *, observed=None, dims=None, shape=None, model=None, initval=None,
                **kwargs):
        _no_more_kwargs("Mixture", kwargs)
        model, shape, dims = _model_and_shape(name, dims, shape, observed, model)
        rv, support = cls._build(w, comp_dists, shape, model.next_rng())
        return model.register_rv(rv, name, observed=observed, dims=dims,
                                 initval=initval if initval is not None else support)

    @classmethod
    def dist(cls, w, comp_dists, shape=None, size=None, **kwargs):
        _no_more_kwargs("Mixture.dist", kwargs)
        shape = shape if shape is not None else size
        if shape is not None:
            shape = (int(shape),) if np.ndim(shape) == 0 else tuple(int(s) for s in shape)
        return cls._build(w, comp_dists, shape, None)[0]

    @staticmethod
    def _build(w, comp_dists, shape, rng):
        import swiftppl.tensor as pt

        w = _tensor(w)
        if isinstance(comp_dists, (list, tuple)):
            comps = [_resize(_check_dist(c, "each of Mixture's comp_dists"), shape) for c in comp_dists]
            if any(c.owner.op.ndim_supp != 0 for c in comps):
                raise NotImplementedError("Mixture of multivariate components is not supported yet")
            stacked = pt.stack(comps)  # (K, *batch)
            supports = pt.stack([support_point(c) for c in comps])
        else:
            comp = _check_dist(comp_dists, "Mixture's comp_dists")
            if comp.owner.op.ndim_supp != 0:
                raise NotImplementedError("Mixture of multivariate components is not supported yet")
            if shape is not None and comp.type.shape[-1] is not None:
                comp = _resize(comp, tuple(shape) + (comp.type.shape[-1],))
            order = [comp.ndim - 1] + list(range(comp.ndim - 1))
            stacked = comp.dimshuffle(*order)  # components first
            supports = support_point(comp).dimshuffle(*order)
        batch = tuple(stacked.type.shape[1:])
        if shape is not None and tuple(shape) != batch and None not in batch:
            raise ValueError(f"Mixture: shape {tuple(shape)} differs from the components' batch shape {batch}")
        if w.type.shape[-1] is not None and stacked.type.shape[0] is not None and \
                w.type.shape[-1] != stacked.type.shape[0]:
            raise ValueError(f"Mixture: {w.type.shape[-1]} weights for {stacked.type.shape[0]} components")
        if w.ndim - 1 > len(batch):
            raise ValueError(f"Mixture: weights of shape {tuple(w.type.shape)} have more batch dimensions than the "
                             f"components' batch shape {batch}")
        # One component index per entry; entry (i, j, ...) takes stacked[idx[i, j, ...], i, j, ...],
        # each batch axis indexed by an arange shaped to broadcast along it alone.
        idx = pt.random.categorical(w, size=batch if batch and None not in batch else None, rng=rng)
        positions = []
        for axis, n in enumerate(batch):
            along = pt.arange(n if n is not None else stacked.shape[axis + 1])
            pattern = ["x"] * len(batch)
            pattern[axis] = 0
            positions.append(along.dimshuffle(*pattern))
        mix = name_composite(stacked[(idx, *positions)], "Mixture",
                             [w, *(comps if isinstance(comp_dists, (list, tuple)) else [comp])])
        # The support point: the weighted mean of the components' (PyMC's), rounded when discrete.
        weights = w.dimshuffle(*([w.ndim - 1] + ["x"] * (len(batch) - w.ndim + 1) + list(range(w.ndim - 1))))
        support = pt.sum(weights * supports, axis=0)
        return mix, (pt.round(support) if not mix.dtype.startswith("float") else support)


class NormalMixture:
    """A mixture of normals (PyMC's NormalMixture): weights `w`, means `mu`, scales `sigma` (or precisions `tau`), components on the last axis."""

    def __new__(cls, name, w, mu, sigma=None, tau=None, *, comp_shape=(), **kwargs):
        from .continuous import Normal, tau_sigma

        return Mixture(name, w, Normal.dist(mu=mu, sigma=tau_sigma(tau, sigma)), **kwargs)

    @classmethod
    def dist(cls, w, mu, sigma=None, tau=None, **kwargs):
        from .continuous import Normal, tau_sigma

        return Mixture.dist(w, Normal.dist(mu=mu, sigma=tau_sigma(tau, sigma)), **kwargs)


class CustomDist:
    """A distribution given by the user (PyMC's CustomDist): either ``dist=`` — a function
    building a graph of random variables from the parameters, whose density is derived — or
    ``logp=`` — a function ``logp(value, *params)`` of tensors (then ``random`` draws are not
    available: forward sampling raises).

    >>> with pm.Model():
    ...     mu = pm.Normal("mu", 0, 1)
    ...     pm.CustomDist("y", mu, logp=lambda value, mu: -0.5 * (value - mu) ** 2, observed=[0.1, 0.4])
    """

    def __new__(cls, name, *dist_params, dist=None, logp=None, random=None, dtype="float64", ndim_supp=0,
                observed=None, dims=None, shape=None, size=None, model=None, initval=None, transform=None,
                support_point=None, moment=None, signature=None, class_name="CustomDist", **kwargs):
        _no_more_kwargs("CustomDist", kwargs)
        model, shape, dims = _model_and_shape(name, dims, shape, observed, model)
        size = shape if shape is not None else size
        rv, params = cls._build(dist_params, dist, logp, dtype, size, name)
        name_composite(rv, class_name, params)
        start = support_point if support_point is not None else moment
        init = initval
        if init is None and start is not None:
            init = start(rv, size, *params)
        if dist is None:
            _register_logp(model, rv, logp, params)
            if init is None and observed is None:
                init = np.zeros(tuple(rv.type.shape))
        return model.register_rv(rv, name, observed=observed, dims=dims, initval=init, transform=transform)

    @classmethod
    def dist(cls, *dist_params, dist=None, logp=None, random=None, dtype="float64", ndim_supp=0, shape=None,
             size=None, class_name="CustomDist", support_point=None, moment=None, signature=None, **kwargs):
        """Unnamed: the graph `dist` builds, or (with ``logp=``) a stand-in variable whose
        ``pm.logp`` is the user's function."""
        _no_more_kwargs("CustomDist.dist", kwargs)
        rv, params = cls._build(dist_params, dist, logp, dtype, shape if shape is not None else size, class_name)
        name_composite(rv, class_name, params)
        return rv if dist is not None else _register_logp(None, rv, logp, params)

    @staticmethod
    def _build(dist_params, dist, logp, dtype, size, name):
        """(the variable, the parameters as tensors): the graph of `dist`, or for ``logp=`` a
        placeholder of the given size."""
        import swiftppl.tensor as pt

        if (dist is None) == (logp is None):
            raise ValueError("CustomDist needs exactly one of dist= (a graph of random variables) or logp=")
        params = [_tensor(p) for p in dist_params]
        if dist is not None:
            rv = dist(*params, size=size)
            if not isinstance(rv, Variable):
                raise TypeError(f"CustomDist's dist function must return a tensor variable, got {type(rv).__name__}")
            return rv, params
        if size is None:
            raise ValueError("CustomDist with logp= needs shape, size, dims or observed to know its shape")
        size = (int(size),) if _is_number(size) else tuple(size)
        return pt.tensor(name, dtype=dtype, shape=size), params


class Truncated:
    """`dist` restricted to [lower, upper] and renormalized (PyMC's Truncated): the density is
    dist's divided by P(lower <= X <= upper) (from its log-CDF), draws come from its quantile
    function at uniforms between the CDF at both ends. For a discrete `dist` the lower end is
    inclusive: P(X >= lower) = 1 − F(lower − 1), and a distribution without a quantile
    function (Poisson, negative binomial, ...) is inverted by bisection on its CDF.

    >>> with pm.Model():
    ...     x = pm.Truncated("x", pm.Poisson.dist(3.0), lower=1, upper=6)
    """

    def __new__(cls, name, dist, lower=None, upper=None, *, observed=None, dims=None, shape=None, model=None,
                initval=None, transform=_UNSET, max_n_steps=None, **kwargs):
        from ..logprob import transforms as tr

        _no_more_kwargs("Truncated", kwargs)
        model, shape, dims = _model_and_shape(name, dims, shape, observed, model)
        dist = _resize(_check_dist(dist, "Truncated's dist"), shape)
        if dist.owner.op.name == "normal":
            # A truncated normal has its own exact sampler and density (PyMC dispatches the same way).
            from .continuous import TruncatedNormal

            mu, sigma = dist.owner.inputs[2:]
            return TruncatedNormal(name, mu=mu, sigma=sigma, lower=lower, upper=upper, observed=observed, dims=dims,
                                   shape=None if shape is None else tuple(np.atleast_1d(shape)), model=model,
                                   initval=initval, **({} if transform is _UNSET else {"transform": transform}))
        lower, upper = _bounds(lower, upper)
        rv = cls._draws(dist, lower, upper, model.next_rng())
        missing = _missing_mask(observed)
        if missing is not None:
            free = None if _is_discrete(dist) else (tr.Interval(lower, upper) if transform is _UNSET else transform)
            return impute_missing(model, name, rv, observed, missing, dims, free, cls._support(dist, lower, upper),
                                  written=(cls._logp, [dist, lower, upper]))
        if transform is _UNSET:
            # Discrete values are not transformed (as PyMC); continuous ones live on the interval.
            transform = None if observed is not None or _is_discrete(dist) else tr.Interval(lower, upper)
        _register_logp(model, rv, cls._logp, [dist, lower, upper])
        init = initval
        if init is None and observed is None:
            init = cls._support(dist, lower, upper)
        return model.register_rv(rv, name, observed=observed, dims=dims, initval=init, transform=transform)

    @classmethod
    def dist(cls, dist, lower=None, upper=None, max_n_steps=None, shape=None, size=None, **kwargs):
        """Unnamed; `max_n_steps` (PyMC's rejection-sampling limit) is accepted and unused: draws never reject."""
        _no_more_kwargs("Truncated.dist", kwargs)
        dist = _check_dist(dist, "Truncated's dist")
        shape = shape if shape is not None else size
        if shape is not None:
            dist = _resize(dist, (int(shape),) if np.ndim(shape) == 0 else tuple(int(s) for s in shape))
        if dist.owner.op.name == "normal":
            from .continuous import TruncatedNormal

            mu, sigma = dist.owner.inputs[2:]
            size = tuple(dist.type.shape) if None not in dist.type.shape else None
            return TruncatedNormal.dist(mu=mu, sigma=sigma, lower=lower, upper=upper, size=size)
        lower, upper = _bounds(lower, upper)
        return _register_logp(None, cls._draws(dist, lower, upper, None), cls._logp, [dist, lower, upper])

    @staticmethod
    def _draws(dist, lower, upper, rng):
        import swiftppl.tensor as pt
        from ..logprob import icdf, logcdf

        if dist.owner.op.ndim_supp != 0:
            raise NotImplementedError("Truncated supports univariate distributions only (as PyMC)")
        below = _below(dist, lower)
        lo = pt.exp(logcdf(dist, below)) if lower is not None else 0.0
        hi = pt.exp(logcdf(dist, upper)) if upper is not None else 1.0
        size = tuple(dist.type.shape) if all(s is not None for s in dist.type.shape) else None
        u = pt.random.uniform(lo, hi, size=size, rng=rng)
        try:
            x = icdf(dist, u)
        except NotImplementedError:
            if not _is_discrete(dist):
                raise NotImplementedError(f"Truncated: the {dist.owner.op.name} distribution has no quantile "
                                          f"function to draw from") from None
            x = _discrete_quantile(dist, u, below, upper)
        # Where F(lower) rounds to 1 (or F(upper) to 0) the quantile leaves the interval: clip.
        if lower is not None:
            x = pt.maximum(x, lower)
        if upper is not None:
            x = pt.minimum(x, upper)
        return name_composite(pt.cast(x, dist.dtype) if _is_discrete(dist) else x, "Truncated", [dist, lower, upper])

    @staticmethod
    def _logp(value, dist, lower, upper):
        """log f(x) − log P(lower <= X <= upper) inside [lower, upper], −inf outside; the
        normalizer by logdiffexp of log-CDFs, or log1mexp when only the lower bound is finite
        (with lower − 1 in the CDF for a discrete dist, so that lower itself keeps its mass)."""
        import swiftppl.tensor as pt
        from ..logprob import logcdf, logp

        lp = logp(dist, value)
        below = _below(dist, lower)
        if lower is not None and upper is not None:
            upper_lc, lower_lc = logcdf(dist, upper), logcdf(dist, below)
            norm = upper_lc + pt.log1mexp(lower_lc - upper_lc)
        elif lower is not None:
            norm = pt.log1mexp(logcdf(dist, below))
        elif upper is not None:
            norm = logcdf(dist, upper)
        else:
            return lp
        inside = None
        if lower is not None:
            inside = pt.ge(value, lower)
        if upper is not None:
            below_upper = pt.le(value, upper)
            inside = below_upper if inside is None else pt.and_(inside, below_upper)
        return pt.switch(inside, lp - norm, -np.inf)

    @staticmethod
    def _support(dist, lower, upper):
        """dist's support point when it lies inside the bounds, else the middle of [lower, upper]
        or a point next to the one finite bound (the bound itself for a discrete dist)."""
        import swiftppl.tensor as pt

        point = support_point(dist)
        discrete = _is_discrete(dist)
        step = 0.0 if discrete else 1.0
        inside_lower, inside_upper = (pt.ge, pt.le) if discrete else (pt.gt, pt.lt)
        above = inside_lower(point, lower) if lower is not None else None
        under = inside_upper(point, upper) if upper is not None else None
        if lower is not None and upper is not None:
            middle = 0.5 * (lower + upper)
            return pt.switch(pt.and_(above, under), point, pt.floor(middle) if discrete else middle)
        if lower is not None:
            return pt.switch(above, point, lower + step)
        if upper is not None:
            return pt.switch(under, point, upper - step)
        return point


def _bound(x, infinite):
    """None for a missing or infinite bound, else a tensor."""
    if x is None or (_is_number(x) and x == infinite):
        return None
    return _tensor(np.asarray(x, dtype=float) if _is_number(x) else x)


def _bounds(lower, upper):
    lower, upper = _bound(lower, -np.inf), _bound(upper, np.inf)
    if lower is None and upper is None:
        raise ValueError("Truncated: lower and upper cannot both be None (or infinite)")
    return lower, upper


def _is_discrete(dist):
    return not dist.dtype.startswith("float")


def _below(dist, lower):
    """The point whose CDF is P(X < lower): lower itself, or lower − 1 for integer-valued dists."""
    return None if lower is None else (lower - 1.0 if _is_discrete(dist) else lower)


def _discrete_quantile(dist, u, below, upper):
    """The smallest integer k with F(k) >= u, for a discrete `dist` without a quantile function:
    bisection keeping F(lo) < u <= F(hi) on an integer bracket. The bracket starts at
    (lower − 1, upper], or 2^52 wide on an open side (midpoints of integers below 2^53 are
    exact in float64), so 53 halvings always end at hi = lo + 1; each costs one log-CDF."""
    import swiftppl.tensor as pt
    from ..logprob import logcdf

    width = 2.0 ** 52
    lo = below if below is not None else upper - width
    hi = upper if upper is not None else lo + width
    lo, hi = lo + pt.zeros_like(u), hi + pt.zeros_like(u)
    log_u = pt.log(u)
    for _ in range(53):
        mid = pt.floor(0.5 * (lo + hi))
        reached = pt.ge(logcdf(dist, mid), log_u)
        hi = pt.switch(reached, mid, hi)
        lo = pt.switch(reached, lo, mid)
    return hi


def _zero_inflated(name, psi, dist, kwargs):
    """Zero with probability 1 − psi, else a draw of `dist` (which may be 0 too), as PyMC's
    zero-inflated families; an integer `dist` gives an integer variable."""
    from .hurdle import zero_point_family

    return zero_point_family(name, psi, dist, kwargs, hurdle=False)


class ZeroInflatedPoisson:
    """Zero with probability 1 − psi, else Poisson(mu)."""

    def __new__(cls, name, psi, mu, **kwargs):
        from .discrete import Poisson

        return _zero_inflated(name, psi, Poisson.dist(mu), kwargs)

    @classmethod
    def dist(cls, psi, mu, **kwargs):
        from .discrete import Poisson

        return _zero_inflated(None, psi, Poisson.dist(mu), kwargs)


class ZeroInflatedBinomial:
    """Zero with probability 1 − psi, else Binomial(n, p)."""

    def __new__(cls, name, psi, n, p, **kwargs):
        from .discrete import Binomial

        return _zero_inflated(name, psi, Binomial.dist(n, p), kwargs)

    @classmethod
    def dist(cls, psi, n, p, **kwargs):
        from .discrete import Binomial

        return _zero_inflated(None, psi, Binomial.dist(n, p), kwargs)


class ZeroInflatedNegativeBinomial:
    """Zero with probability 1 − psi, else NegativeBinomial(mu, alpha)."""

    def __new__(cls, name, psi, mu=None, alpha=None, p=None, n=None, **kwargs):
        from .discrete import NegativeBinomial

        return _zero_inflated(name, psi, NegativeBinomial.dist(mu=mu, alpha=alpha, p=p, n=n), kwargs)

    @classmethod
    def dist(cls, psi, mu=None, alpha=None, p=None, n=None, **kwargs):
        from .discrete import NegativeBinomial

        return _zero_inflated(None, psi, NegativeBinomial.dist(mu=mu, alpha=alpha, p=p, n=n), kwargs)
