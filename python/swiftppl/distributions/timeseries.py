"""PyMC's time-series distributions: RandomWalk, GaussianRandomWalk, MvGaussianRandomWalk, MvStudentTRandomWalk, AR and GARCH11.

Each is a graph of random variables that ``pm.draw`` samples: a walk is the cumsum of
its initial value and innovations; AR and GARCH11 draw all their innovations first and
run the recursion over them with ``scan`` (the step itself draws nothing). Univariate
walks get their density derived from the graph; the others have it written here and
registered with the model (as Truncated and CustomDist do), reduced over time as PyMC
reduces it: one log-density per batch entry.

>>> import swiftppl as pm
>>> with pm.Model():
...     rho = pm.Normal("rho", 0, 0.5)
...     x = pm.AR("x", rho, sigma=1.0, init_dist=pm.Normal.dist(0, 1), steps=99)
"""

import inspect
import numbers
import warnings

import numpy as np

from ..graph.basic import Variable
from ..scan import scan
from .distribution import _as_float, _tensor, name_composite, register_logp, support_point
from .wrappers import _check_dist, _model_and_shape, _resize


def _pt():
    import swiftppl.tensor as pt

    return pt


def _moveaxis(x, source, destination):
    """NumPy's moveaxis for one axis, through dimshuffle."""
    order = list(range(x.ndim))
    order.insert(destination % x.ndim, order.pop(source % x.ndim))
    return x.dimshuffle(*order)


def _time_first(x, axis=-1):
    """The time axis moved to the front: scan iterates over the first axis."""
    return _moveaxis(x, axis, 0)


def _time_last(x, axis=-1):
    """The first axis moved back to the time axis."""
    return _moveaxis(x, 0, axis)


def _steps(cls_name, steps, shape, offset, axis=-1):
    """The number of steps: given, or the shape's time axis less the `offset` initial values."""
    if steps is None:
        if shape is None:
            raise ValueError(f"{cls_name} needs steps, shape, dims or observed to know its length")
        if len(shape) < -axis:
            raise ValueError(f"{cls_name}: shape {shape} has no time axis (it needs at least {-axis} dimensions)")
        steps = shape[axis] - offset
        if steps < 1:
            raise ValueError(f"{cls_name}: shape {shape} leaves no steps after the {offset} initial value(s)")
    if isinstance(steps, bool) or not isinstance(steps, (numbers.Integral, np.integer)) or steps < 1:
        raise ValueError(f"{cls_name}: steps must be a positive integer, got {steps!r}")
    if shape is not None and (len(shape) < -axis or shape[axis] != steps + offset):
        raise ValueError(f"{cls_name}: {steps} steps after {offset} initial value(s) make {steps + offset} values "
                         f"along the time axis, but the shape is {shape}")
    return int(steps)


def _static(cls_name, what, var):
    shape = tuple(var.type.shape)
    if any(s is None for s in shape):
        raise ValueError(f"{cls_name}: the shape of {what} is not known statically ({shape}); give shape= or dims=")
    return shape


def _batch(cls_name, shape, size, supp_ndim, parts):
    """The batch shape: from shape (all but the time and support axes), from size, or the
    broadcast of the parameters' batch shapes `parts` {what: shape}. Parameters must
    broadcast to it."""
    if shape is not None:
        batch = tuple(shape[:len(shape) - 1 - supp_ndim])
    elif size is not None:
        batch = (int(size),) if np.ndim(size) == 0 else tuple(int(s) for s in size)
    else:
        batch = None
    try:
        full = np.broadcast_shapes(*parts.values(), *(() if batch is None else (batch,)))
    except ValueError:
        shapes = ", ".join(f"{k} {v}" for k, v in parts.items())
        raise ValueError(f"{cls_name}: batch shapes do not broadcast: {shapes}"
                         + ("" if batch is None else f", requested {batch}")) from None
    if batch is not None and tuple(full) != batch:
        shapes = ", ".join(f"{k} {v}" for k, v in parts.items())
        raise ValueError(f"{cls_name}: the requested batch shape {batch} (from shape/size) is smaller than the "
                         f"parameters' ({shapes})")
    return tuple(full)


def _warn_init(default):
    warnings.warn(f"Initial distribution not specified, defaulting to `{default}`. You can specify an init_dist "
                  "manually to suppress this warning.", UserWarning, stacklevel=4)


class _TimeSeries:
    """The shared constructor: ``cls(name, *params, steps=..., shape/dims/observed/initval...)``
    registers the variable, ``cls.dist(*params, ...)`` returns it unnamed. Subclasses
    implement ``_parts(rng, shape, size, *params)`` returning (draw graph, logp function or
    None when derived, its parameters, support point)."""

    def __new__(cls, name, *args, observed=None, dims=None, shape=None, size=None, model=None, initval=None,
                **kwargs):
        model, shape, dims = _model_and_shape(name, dims, shape, observed, model)
        rv, logp_fn, params, start = cls._call_parts(model.next_rng(), shape, size, args, kwargs)
        if logp_fn is not None:
            register_logp(model, rv, logp_fn, params)
        init = initval if initval is not None or observed is not None else start
        return model.register_rv(rv, name, observed=observed, dims=dims, initval=init)

    @classmethod
    def dist(cls, *args, shape=None, size=None, **kwargs):
        """The variable outside any model (for ``pm.draw`` or as a component)."""
        if shape is not None:
            shape = (int(shape),) if np.ndim(shape) == 0 else tuple(int(s) for s in shape)
        rv, logp_fn, params, _ = cls._call_parts(None, shape, size, args, kwargs)
        if logp_fn is not None:
            register_logp(None, rv, logp_fn, params)  # for pm.logp(rv, value)
        return rv

    @classmethod
    def _check_keywords(cls, kwargs, named=True):
        """Unknown keywords are reported before anything else is built (the walks build their
        components first)."""
        allowed = {"observed", "dims", "shape", "size", "model", "initval"} if named else {"shape", "size"}
        unknown = sorted(set(kwargs) - allowed)
        if unknown:
            raise TypeError(f"{cls.__name__} got unexpected keyword argument(s): {', '.join(unknown)}")

    @classmethod
    def _call_parts(cls, rng, shape, size, args, kwargs):
        if shape is not None and size is not None:
            raise ValueError(f"{cls.__name__}: give either shape or size, not both")
        if "rng" in kwargs:
            raise TypeError(f"{cls.__name__} does not take rng: its components draw from their own generators")
        try:
            inspect.signature(cls._parts).bind(rng, shape, size, *args, **kwargs)
        except TypeError as e:
            raise TypeError(f"{cls.__name__}: {e}") from None
        parts = cls._parts(rng, shape, size, *args, **kwargs)
        # Print as PyMC's model description does: AR(rho, ...), its distributions by name.
        shown_keys = ("sigma", "tau", "init_dist", "innovation_dist", "cov", "chol")
        shown = list(args) + [v for k, v in kwargs.items() if k in shown_keys and v is not None]
        name_composite(parts[0], cls.__name__, shown)
        return parts


class RandomWalk(_TimeSeries):
    """A random walk (PyMC's RandomWalk): ``init_dist`` followed by ``steps`` draws of
    ``innovation_dist``, accumulated along the time axis (the last one, or the one before
    the support axis of multivariate innovations). A univariate walk's density is derived
    from the graph (concatenate then cumsum) and stays elementwise over time; a
    multivariate one's is written: init_dist's density at the first value plus the
    innovations' at the differences, summed over time.

    >>> with pm.Model():
    ...     w = pm.RandomWalk("w", innovation_dist=pm.Laplace.dist(0, 1), init_dist=pm.Normal.dist(0, 1), steps=20)
    """

    @classmethod
    def _parts(cls, rng, shape, size, init_dist=None, innovation_dist=None, steps=None):
        pt = _pt()
        if innovation_dist is None or init_dist is None:
            raise TypeError(f"{cls.__name__} needs both init_dist and innovation_dist")
        innovation_dist = _check_dist(innovation_dist, "innovation_dist")
        init_dist = _check_dist(init_dist, "init_dist")
        supp = innovation_dist.owner.op.ndim_supp
        if init_dist.owner.op.ndim_supp != supp:
            raise TypeError("init_dist and innovation_dist must have the same support dimensionality")
        if supp > 1:
            raise NotImplementedError("RandomWalk of matrix-valued innovations is not supported")
        steps = _steps(cls.__name__, steps, shape, 1, axis=-1 - supp)
        innovation_shape = _static(cls.__name__, "innovation_dist", innovation_dist)
        init_shape = _static(cls.__name__, "init_dist", init_dist)
        core = innovation_shape[len(innovation_shape) - supp:]
        if init_shape[len(init_shape) - supp:] != core:
            raise ValueError(f"{cls.__name__}: init_dist's support shape {init_shape[len(init_shape) - supp:]} "
                             f"differs from innovation_dist's {core}")
        if shape is not None and supp and tuple(shape[-1:]) != core:
            raise ValueError(f"{cls.__name__}: shape {shape} ends with {shape[-1]}, the innovations have {core[0]} "
                             "components")
        batch = _batch(cls.__name__, shape, size, supp, {
            "init_dist": init_shape[:len(init_shape) - supp],
            "innovation_dist": innovation_shape[:len(innovation_shape) - supp]})
        # Drawn time first, as PyMC: the components' parameters broadcast against the batch
        # axes, not against time. Each is moved to its place before concatenating, so that
        # the density derivation meets the dimshuffle right on top of a random variable.
        innovations = _resize(innovation_dist, (steps,) + batch + core)
        first = _resize(init_dist, (1,) + batch + core)
        axis = -1 - supp
        parts = [_time_last(first, axis), _time_last(innovations, axis)]
        rv = pt.cumsum(pt.concatenate(parts, axis=axis), axis=axis)
        # The walk of the support points: the start followed by steps of the innovations' center.
        centers = [_time_last(support_point(first), axis), _time_last(support_point(innovations), axis)]
        start = pt.cumsum(pt.concatenate(centers, axis=axis), axis=axis)
        if not supp:
            return rv, None, [], start
        return rv, _multivariate_walk_logp, [first, innovations], start


def _multivariate_walk_logp(value, first, innovations):
    """log p(x_0) + Σ_t log p(x_t − x_{t−1}): the walk's increments are the innovations."""
    pt = _pt()
    from ..logprob import logp

    series = _time_first(value, -2)
    head = pt.sum(logp(first, series[:1]), axis=0)
    return head + pt.sum(logp(innovations, series[1:] - series[:-1]), axis=0)


class GaussianRandomWalk(RandomWalk):
    """A random walk with normal innovations N(mu, sigma) (PyMC's GaussianRandomWalk); the
    first value from ``init_dist`` (default N(0, 100), with a warning, as PyMC)."""

    def __new__(cls, name, mu=0.0, sigma=1.0, *, init_dist=None, steps=None, **kwargs):
        cls._check_keywords(kwargs)
        init, innovations = cls._dists(mu, sigma, init_dist)
        return super().__new__(cls, name, innovation_dist=innovations, init_dist=init, steps=steps, **kwargs)

    @classmethod
    def dist(cls, mu=0.0, sigma=1.0, *, init_dist=None, steps=None, **kwargs):
        cls._check_keywords(kwargs, named=False)
        init, innovations = cls._dists(mu, sigma, init_dist)
        return super().dist(innovation_dist=innovations, init_dist=init, steps=steps, **kwargs)

    @staticmethod
    def _dists(mu, sigma, init_dist):
        from .continuous import Normal

        if init_dist is None:
            _warn_init("Normal.dist(0, 100)")
            init_dist = Normal.dist(0.0, 100.0)
        return init_dist, Normal.dist(mu, sigma)


class MvGaussianRandomWalk(RandomWalk):
    """A random walk of vectors with multivariate normal innovations MvNormal(mu, cov | tau |
    chol) (PyMC's MvGaussianRandomWalk): values of shape (..., steps + 1, k), time on axis
    −2; the first value from ``init_dist`` (default MvNormal(0, 100·I), with a warning).

    >>> with pm.Model():
    ...     start = pm.MvNormal.dist(np.zeros(2), np.eye(2))
    ...     w = pm.MvGaussianRandomWalk("w", mu=np.zeros(2), cov=np.eye(2), init_dist=start, steps=50)
    """

    def __new__(cls, name, mu=0.0, *, cov=None, tau=None, chol=None, lower=True, init_dist=None, steps=None,
                **kwargs):
        cls._check_keywords(kwargs)
        init, innovations = cls._dists(mu, cov, tau, chol, lower, init_dist)
        return super().__new__(cls, name, innovation_dist=innovations, init_dist=init, steps=steps, **kwargs)

    @classmethod
    def dist(cls, mu=0.0, *, cov=None, tau=None, chol=None, lower=True, init_dist=None, steps=None, **kwargs):
        cls._check_keywords(kwargs, named=False)
        init, innovations = cls._dists(mu, cov, tau, chol, lower, init_dist)
        return super().dist(innovation_dist=innovations, init_dist=init, steps=steps, **kwargs)

    @classmethod
    def _dists(cls, mu, cov, tau, chol, lower, init_dist):
        from .multivariate import MvNormal

        innovations = MvNormal.dist(mu=_vector_mu(mu, cov, tau, chol), cov=cov, tau=tau, chol=chol, lower=lower)
        return _mv_init(cls.__name__, innovations, init_dist), innovations


class MvStudentTRandomWalk(RandomWalk):
    """A random walk of vectors with multivariate Student-t innovations (PyMC's
    MvStudentTRandomWalk): ``nu``, ``mu`` and one of ``scale`` (alias ``cov``), ``tau``,
    ``chol``; time on axis −2; init_dist defaults to MvNormal(0, 100·I), with a warning."""

    def __new__(cls, name, *, nu, mu, scale=None, tau=None, chol=None, lower=True, cov=None, init_dist=None,
                steps=None, **kwargs):
        cls._check_keywords(kwargs)
        init, innovations = cls._dists(nu, mu, scale, tau, chol, lower, cov, init_dist)
        return super().__new__(cls, name, innovation_dist=innovations, init_dist=init, steps=steps, **kwargs)

    @classmethod
    def dist(cls, *, nu, mu, scale=None, tau=None, chol=None, lower=True, cov=None, init_dist=None, steps=None,
             **kwargs):
        cls._check_keywords(kwargs, named=False)
        init, innovations = cls._dists(nu, mu, scale, tau, chol, lower, cov, init_dist)
        return super().dist(innovation_dist=innovations, init_dist=init, steps=steps, **kwargs)

    @classmethod
    def _dists(cls, nu, mu, scale, tau, chol, lower, cov, init_dist):
        from .multivariate import MvStudentT

        drift = _vector_mu(mu, scale, tau, chol, cov)
        innovations = MvStudentT.dist(nu=nu, mu=drift, scale=scale, tau=tau, chol=chol, lower=lower, cov=cov)
        return _mv_init(cls.__name__, innovations, init_dist), innovations


def _vector_mu(mu, *matrices):
    """A scalar drift (the default 0) repeated over the dimension of the given matrix."""
    given = [m for m in matrices if m is not None]
    scalar = mu.ndim == 0 if isinstance(mu, Variable) else np.ndim(mu) == 0
    if not scalar or len(given) != 1:
        return mu  # MvNormal / MvStudentT report a wrong combination themselves
    matrix = _tensor(given[0])
    k = matrix.type.shape[-1] if matrix.ndim >= 2 else None
    return mu if k is None else _tensor(_as_float(mu)) * np.ones(k)


def _mv_init(cls_name, innovations, init_dist):
    """init_dist, or PyMC's default MvNormal(0, 100·I) of the innovations' dimension."""
    from .multivariate import MvNormal

    if init_dist is not None:
        return init_dist
    k = innovations.type.shape[-1]
    if k is None:
        raise ValueError(f"{cls_name}: the innovations' dimension is not known statically; give init_dist")
    _warn_init("MvNormal.dist(0, I*100)")
    return MvNormal.dist(np.zeros(k), np.eye(k) * 100.0)


class AR(_TimeSeries):
    """An autoregressive process of order p (PyMC's AR):
    x_t = ρ_0 + ρ_1 x_{t−1} + … + ρ_p x_{t−p} + ε_t, ε_t ~ N(0, σ²), the constant ρ_0 only
    with ``constant=True``. ``rho``'s last axis holds the coefficients (its length gives
    ``ar_order`` when not given); the first p values come from ``init_dist`` (default
    N(0, 100), with a warning, as PyMC). Values have shape (..., p + steps).

    >>> with pm.Model():
    ...     coefs = pm.Normal("coefs", 0, 1, size=3)            # constant and two lags
    ...     x = pm.AR("x", coefs, sigma=0.5, constant=True, init_dist=pm.Normal.dist(0, 1, size=2), steps=200)
    """

    @classmethod
    def _parts(cls, rng, shape, size, rho, sigma=None, tau=None, *, constant=False, init_dist=None, ar_order=None,
               steps=None):
        from .continuous import Normal, tau_sigma

        pt = _pt()
        sigma = _tensor(_as_float(tau_sigma(tau, sigma)))
        rho = _tensor(_as_float(rho))
        if rho.ndim == 0:
            rho = pt.shape_padleft(rho)
        constant = bool(constant)
        order = _ar_order(rho, constant, ar_order)
        steps = _steps("AR", steps, shape, order)
        if init_dist is None:
            _warn_init("Normal.dist(0, 100, shape=...)")
            init_dist = Normal.dist(0.0, 100.0)
        init_dist = _check_dist(init_dist, "AR's init_dist")
        init_supp = init_dist.owner.op.ndim_supp
        if init_supp > 1:
            raise ValueError(f"AR: init_dist must have a scalar or vector support, got ndim_supp={init_supp}")
        init_shape = _static("AR", "init_dist", init_dist)
        batch = _batch("AR", shape, size, 0, {"sigma": _static("AR", "sigma", sigma),
                                              "rho": _static("AR", "rho", rho)[:-1],
                                              "init_dist": (init_shape or (1,))[:-1]})
        init = _resize(init_dist, batch + (order,))
        if init_supp and tuple(init.type.shape[-1:]) != (order,):
            raise ValueError(f"AR: a vector init_dist must hold the {order} initial values, its shape is {init_shape}")
        n_coefs = order + int(constant)
        coefs = pt.broadcast_to(rho, batch + (n_coefs,))
        # All innovations are drawn first; the recursion then runs over them (time first).
        noise = pt.random.normal(0.0, pt.shape_padright(sigma), size=batch + (steps,), rng=rng)

        def step(noise_t, *args):
            *past, c = args  # past[j] = x_{t-order+j}; lag k is past[order-k]
            mean = c[0] if constant else 0.0
            for lag in range(1, order + 1):
                mean = mean + c[int(constant) + lag - 1] * past[order - lag]
            return mean + noise_t

        init_t = _time_first(init)
        state = init_t[0] if order == 1 else {"initial": init_t, "taps": list(range(-order, 0))}
        path, _ = scan(step, sequences=[_time_first(noise)], outputs_info=[state], non_sequences=[_time_first(coefs)])
        # The scan's length is not known statically: state the shape (value variables need it).
        rv = pt.specify_shape(pt.concatenate([init, _time_last(path)], axis=-1), batch + (order + steps,))
        # PyMC's support point: the last initial value's support point, everywhere.
        start = support_point(init)[..., -1:] + pt.zeros(batch + (order + steps,))

        def logp_fn(value, coefs, sigma, init):
            return _ar_logp(value, coefs, sigma, init, order, constant)

        return rv, logp_fn, [coefs, sigma, init], start


def _ar_order(rho, constant, ar_order):
    last = rho.type.shape[-1]
    if ar_order is None:
        if last is None:
            raise ValueError("AR: could not infer ar_order from the last dimension of rho. Pass it explicitly or "
                             "make sure rho has a static shape")
        ar_order = last - int(constant)
        if ar_order < 1:
            raise ValueError("AR: inferred ar_order is smaller than 1. Increase the last dimension of rho or remove "
                             "constant_term")
        return ar_order
    if isinstance(ar_order, bool) or not isinstance(ar_order, (numbers.Integral, np.integer)) or ar_order < 1:
        raise ValueError(f"AR: ar_order must be a positive integer, got {ar_order!r}")
    needed = int(ar_order) + int(constant)
    if last is not None and last not in (1, needed):
        raise ValueError(f"AR: rho's last dimension has length {last}, but ar_order={ar_order} "
                         f"{'with' if constant else 'without'} a constant needs {needed} coefficients")
    return int(ar_order)


def _ar_logp(value, coefs, sigma, init, order, constant):
    """init_dist's density at the first `order` values plus the normal densities of the
    residuals x_t − E[x_t | past], the conditional means built from shifted slices of the
    series (one slice per lag: no loop over time)."""
    pt = _pt()
    from ..logprob import logp
    from .continuous import Normal

    c = int(constant)
    mean = coefs[..., 0:1] if constant else 0.0
    for lag in range(1, order + 1):
        # x_{t-lag} for t = order .. T-1 is value[..., order-lag : T-lag].
        mean = mean + coefs[..., c + lag - 1:c + lag] * value[..., order - lag:-lag]
    residual = value[..., order:] - mean
    innovations = pt.sum(logp(Normal.dist(0.0, pt.shape_padright(sigma)), residual), axis=-1)
    head = logp(init, value[..., :order])
    if init.owner.op.ndim_supp == 0:
        head = pt.sum(head, axis=-1)
    return head + innovations


class GARCH11(_TimeSeries):
    """GARCH(1, 1) with normal innovations (PyMC's GARCH11): y_t ~ N(0, σ_t²) with
    σ_t² = ω + α₁ y_{t−1}² + β₁ σ_{t−1}², σ_0 = ``initial_vol`` (y_0 ~ N(0, initial_vol²)).
    Values have shape (..., steps + 1).

    >>> with pm.Model():
    ...     y = pm.GARCH11("y", omega=0.1, alpha_1=0.2, beta_1=0.7, initial_vol=1.0, steps=250)
    """

    @classmethod
    def _parts(cls, rng, shape, size, omega, alpha_1, beta_1, initial_vol, *, steps=None):
        from .continuous import Normal

        pt = _pt()
        params = [_tensor(_as_float(p)) for p in (omega, alpha_1, beta_1, initial_vol)]
        omega, alpha_1, beta_1, initial_vol = params
        steps = _steps("GARCH11", steps, shape, 1)
        names = ("omega", "alpha_1", "beta_1", "initial_vol")
        batch = _batch("GARCH11", shape, size, 0, {n: _static("GARCH11", n, p) for n, p in zip(names, params)})
        first = Normal.dist(0.0, initial_vol, size=batch)
        noise = pt.random.normal(0.0, 1.0, size=batch + (steps,), rng=rng)

        def step(noise_t, y_prev, vol_prev, omega, alpha_1, beta_1):
            vol = _garch_vol(y_prev, vol_prev, omega, alpha_1, beta_1)
            return vol * noise_t, vol

        vol0 = pt.broadcast_to(initial_vol, batch)
        (path, _), _ = scan(step, sequences=[_time_first(noise)], outputs_info=[first, vol0],
                             non_sequences=[omega, alpha_1, beta_1])
        rv = pt.specify_shape(pt.concatenate([pt.shape_padright(first), _time_last(path)], axis=-1),
                              batch + (steps + 1,))
        return rv, _garch_logp, params, pt.zeros(batch + (steps + 1,))


def _garch_vol(y_prev, vol_prev, omega, alpha_1, beta_1):
    """σ_t = sqrt(ω + α₁ y_{t−1}² + β₁ σ_{t−1}²)."""
    pt = _pt()
    return pt.sqrt(omega + alpha_1 * pt.sqr(y_prev) + beta_1 * pt.sqr(vol_prev))


def _garch_logp(value, omega, alpha_1, beta_1, initial_vol):
    """Σ_t log N(y_t | 0, σ_t²) with the volatilities run forward from the observed series by
    scan (σ_t depends on all earlier y through β₁^k; the closed sum Σ β₁^k (ω + α₁ y²) would
    need β₁^{−t}, which overflows for long series)."""
    pt = _pt()
    from ..logprob import logp
    from .continuous import Normal

    series = _time_first(value)
    vol0 = initial_vol * pt.ones_like(series[0])
    vols, _ = scan(_garch_vol, sequences=[series[:-1]], outputs_info=[vol0], non_sequences=[omega, alpha_1, beta_1])
    sigma = pt.concatenate([pt.shape_padleft(vol0), vols], axis=0)
    return pt.sum(logp(Normal.dist(0.0, sigma), series), axis=0)
