"""PyMC's hurdle families (HurdlePoisson, HurdleNegativeBinomial, HurdleGamma, HurdleLogNormal) and
the zero-inflated families' construction: zeros from one process, the other values from a
distribution (kept off zero for a hurdle). Draws are a switch on a Bernoulli(psi) variable; the
densities are written here."""

import numpy as np

from .distribution import _missing_mask, _tensor, impute_missing, name_composite, support_point
from .wrappers import (Truncated, _check_dist, _is_discrete, _model_and_shape, _no_more_kwargs, _register_logp,
                       _resize)


def _hurdle(name, psi, dist, kwargs):
    """Zero with probability 1 − psi, else a draw of `dist` kept off zero (PyMC's hurdle families):
    an integer-valued `dist` truncated to [1, ∞), a continuous one as it is (it has no mass at 0;
    PyMC 5 no longer truncates those at machine epsilon). `max_n_steps` (PyMC's rejection limit)
    is accepted and unused: the truncated draws never reject."""
    return zero_point_family(name, psi, dist, kwargs, hurdle=True)


def zero_point_family(name, psi, dist, kwargs, hurdle):
    """A hurdle (``hurdle=True``) or zero-inflated variable named `name` (unnamed when None)."""
    what = "hurdle" if hurdle else "zero-inflated"
    kwargs = dict(kwargs)
    kwargs.pop("max_n_steps", None)
    logp_fn = _hurdle_logp if hurdle else _zero_inflated_logp
    if name is None:
        shape, size = kwargs.pop("shape", None), kwargs.pop("size", None)
        _no_more_kwargs(f"a {what} distribution's .dist", kwargs)
        shape = shape if shape is not None else size
        shape = None if shape is None else ((int(shape),) if np.ndim(shape) == 0 else tuple(int(s) for s in shape))
        rv, params, _ = _build(psi, dist, shape, None, None, hurdle)
        return _register_logp(None, rv, logp_fn, params)
    observed, dims, shape = kwargs.pop("observed", None), kwargs.pop("dims", None), kwargs.pop("shape", None)
    model, initval = kwargs.pop("model", None), kwargs.pop("initval", None)
    _no_more_kwargs(f"{what} distribution {name!r}", kwargs)
    model, shape, dims = _model_and_shape(name, dims, shape, observed, model)
    rv, params, support = _build(psi, dist, shape, model.next_rng(), model.next_rng(), hurdle)
    missing = _missing_mask(observed)
    if missing is not None:
        return impute_missing(model, name, rv, observed, missing, dims, None, support, written=(logp_fn, params))
    _register_logp(model, rv, logp_fn, params)
    return model.register_rv(rv, name, observed=observed, dims=dims, initval=initval if initval is not None else support)


def _build(psi, dist, shape, take_rng, uniform_rng, hurdle):
    """(draws, the density's parameters [the Bernoulli 'not zero' variable, dist], a support point)."""
    import swiftppl.tensor as pt
    from .distribution import _as_float

    psi = _tensor(_as_float(psi))
    dist = _check_dist(dist, "the distribution")
    if dist.owner.op.ndim_supp != 0:
        raise NotImplementedError("hurdle and zero-inflated distributions are univariate")
    if shape is None:
        static = (tuple(psi.type.shape), tuple(dist.type.shape))
        if all(s is not None for part in static for s in part):
            try:
                shape = np.broadcast_shapes(*static)
            except ValueError:
                raise ValueError(f"psi of shape {static[0]} does not broadcast with the distribution's "
                                 f"shape {static[1]}") from None
    dist = _resize(dist, shape)
    discrete = _is_discrete(dist)
    take = pt.random.bernoulli(psi, size=shape, rng=take_rng)
    if hurdle and discrete:
        one = _tensor(np.asarray(1.0))
        nonzero = Truncated._draws(dist, one, None, uniform_rng)
        nonzero_support = pt.round(Truncated._support(dist, one, None))
    else:
        nonzero, nonzero_support = dist, support_point(dist)
    zero = pt.cast(_tensor(0), dist.dtype)
    rv = name_composite(pt.switch(take, nonzero, zero), "Hurdle" if hurdle else "ZeroInflated", [psi, dist])
    # PyMC's mixture support point: the weighted mean of the components' (rounded when discrete).
    support = psi * nonzero_support
    return rv, [take, dist], pt.round(support) if discrete else support


def _hurdle_logp(value, take, dist):
    """log(1 − psi) at 0, log psi + log f₊(x) elsewhere, with f₊ the density of the positive part.
    Written as a switch, not a mixture's logsumexp, which would add a point mass to a density at
    0. Both weights come from the Bernoulli 'not zero' variable's log-mass, which also checks
    0 ≤ psi ≤ 1; at zeros f₊ is evaluated at 1 instead, so its unused branch stays finite and
    gradients do not turn into NaN."""
    import swiftppl.tensor as pt
    from ..logprob import logp

    nonzero = pt.neq(value, 0)
    safe = pt.switch(nonzero, value, pt.cast(_tensor(1), value.dtype))
    if _is_discrete(dist):
        positive = Truncated._logp(safe, dist, _tensor(np.asarray(1.0)), None)
    else:
        positive = logp(dist, safe)
    return logp(take, pt.cast(nonzero, "int64")) + pt.switch(nonzero, positive, 0.0)


def _zero_inflated_logp(value, take, dist):
    """log(1 − psi + psi f(0)) at 0 — the point mass and dist's own zeros, added by logaddexp
    in log space — and log psi + log f(x) elsewhere; psi's log weights come from the Bernoulli
    'not zero' variable's log-mass (which checks 0 ≤ psi ≤ 1)."""
    import swiftppl.tensor as pt
    from ..logprob import logp

    zeros = pt.zeros_like(value)
    kept = logp(take, pt.cast(zeros + 1, "int64"))
    dropped = logp(take, pt.cast(zeros, "int64"))
    at_zero = pt.logaddexp(dropped, kept + logp(dist, zeros))
    return pt.switch(pt.eq(value, 0), at_zero, kept + logp(dist, value))


class HurdlePoisson:
    """Zero with probability 1 − psi, else Poisson(mu) conditioned on being positive (PyMC's HurdlePoisson).

    >>> with pm.Model():
    ...     pm.HurdlePoisson("y", psi=0.7, mu=3.0, observed=[0, 2, 0, 5])
    """

    def __new__(cls, name, psi, mu, **kwargs):
        from .discrete import Poisson

        return _hurdle(name, psi, Poisson.dist(mu), kwargs)

    @classmethod
    def dist(cls, psi, mu, **kwargs):
        from .discrete import Poisson

        return _hurdle(None, psi, Poisson.dist(mu), kwargs)


class HurdleNegativeBinomial:
    """Zero with probability 1 − psi, else NegativeBinomial(mu, alpha) (or (p, n)) conditioned on
    being positive (PyMC's HurdleNegativeBinomial)."""

    def __new__(cls, name, psi, mu=None, alpha=None, p=None, n=None, **kwargs):
        from .discrete import NegativeBinomial

        return _hurdle(name, psi, NegativeBinomial.dist(mu=mu, alpha=alpha, p=p, n=n), kwargs)

    @classmethod
    def dist(cls, psi, mu=None, alpha=None, p=None, n=None, **kwargs):
        from .discrete import NegativeBinomial

        return _hurdle(None, psi, NegativeBinomial.dist(mu=mu, alpha=alpha, p=p, n=n), kwargs)


class HurdleGamma:
    """Zero with probability 1 − psi, else Gamma(alpha, beta) (or (mu, sigma)) (PyMC's HurdleGamma).
    Meant for observed data and forward sampling: NUTS cannot move a free one through its zeros."""

    def __new__(cls, name, psi, alpha=None, beta=None, mu=None, sigma=None, **kwargs):
        from .continuous import Gamma

        return _hurdle(name, psi, Gamma.dist(alpha=alpha, beta=beta, mu=mu, sigma=sigma), kwargs)

    @classmethod
    def dist(cls, psi, alpha=None, beta=None, mu=None, sigma=None, **kwargs):
        from .continuous import Gamma

        return _hurdle(None, psi, Gamma.dist(alpha=alpha, beta=beta, mu=mu, sigma=sigma), kwargs)


class HurdleLogNormal:
    """Zero with probability 1 − psi, else LogNormal(mu, sigma) (or precision tau) (PyMC's
    HurdleLogNormal). Meant for observed data and forward sampling, as HurdleGamma."""

    def __new__(cls, name, psi, mu=0.0, sigma=None, tau=None, **kwargs):
        from .continuous import LogNormal

        return _hurdle(name, psi, LogNormal.dist(mu=mu, sigma=sigma, tau=tau), kwargs)

    @classmethod
    def dist(cls, psi, mu=0.0, sigma=None, tau=None, **kwargs):
        from .continuous import LogNormal

        return _hurdle(None, psi, LogNormal.dist(mu=mu, sigma=sigma, tau=tau), kwargs)
