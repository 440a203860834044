"""PyMC's multivariate distributions: MvNormal and MvStudentT by covariance, precision or Cholesky factor, Dirichlet, Multinomial, DirichletMultinomial, LKJCorr, Wishart."""

from ..logprob import transforms as tr
from .continuous import pt
import numpy as np

from .distribution import Distribution, _tensor, base_rv, register


def _one_of(cls_name, **given):
    chosen = [k for k, v in given.items() if v is not None]
    if len(chosen) != 1:
        raise ValueError(f"{cls_name}: specify exactly one of {', '.join(given)}, got {', '.join(chosen) or 'none'}")
    return chosen[0]


class MvNormal(Distribution):
    """Multivariate normal by ``cov``, precision ``tau`` or lower Cholesky factor ``chol``."""

    params = ("mu", "cov", "tau", "chol", "lower")
    ndim_supp = 1
    floatX = True
    _ops = {"cov": "multivariate_normal", "tau": "precision_multivariate_normal", "chol": "cholesky_multivariate_normal"}

    @classmethod
    def rv_op_for(cls, mu=0.0, cov=None, tau=None, chol=None, lower=True):
        return cls._ops[_one_of("MvNormal", cov=cov, tau=tau, chol=chol)]

    @classmethod
    def op_params(cls, mu=0.0, cov=None, tau=None, chol=None, lower=True):
        return [mu, _matrix("MvNormal", lower, cov=cov, tau=tau, chol=chol)]


class MvStudentT(Distribution):
    """Multivariate Student-t by ``scale`` (alias ``cov``), precision ``tau`` or Cholesky factor ``chol``."""

    params = ("nu", "mu", "scale", "tau", "chol", "lower", "cov")
    ndim_supp = 1
    floatX = True
    _ops = {"scale": "multivariate_studentt", "tau": "precision_multivariate_studentt",
            "chol": "cholesky_multivariate_studentt"}

    @classmethod
    def rv_op_for(cls, nu=None, mu=0.0, scale=None, tau=None, chol=None, lower=True, cov=None):
        return cls._ops[_one_of("MvStudentT", scale=_scale(scale, cov), tau=tau, chol=chol)]

    @classmethod
    def op_params(cls, nu=None, mu=0.0, scale=None, tau=None, chol=None, lower=True, cov=None):
        if nu is None:
            raise TypeError("MvStudentT needs nu")
        return [nu, mu, _matrix("MvStudentT", lower, scale=_scale(scale, cov), tau=tau, chol=chol)]


def _scale(scale, cov):
    """MvStudentT's scale, also accepted under PyMC's older name cov."""
    if cov is not None and scale is not None:
        raise ValueError("MvStudentT: give scale or cov, not both")
    return cov if scale is None else scale


def _matrix(cls_name, lower, **given):
    """The one matrix parameter given (an upper Cholesky factor is transposed to a lower one)."""
    kind = _one_of(cls_name, **given)
    matrix = given[kind]
    return _tensor(matrix).T if kind == "chol" and not lower else matrix


class Dirichlet(Distribution):
    rv_op, params = "dirichlet", ("a",)
    ndim_supp = 1
    floatX = True

    @classmethod
    def op_params(cls, a):
        return [a]

    @classmethod
    def default_transform(cls, *params):
        return tr.SimplexTransform()


class Multinomial(Distribution):
    rv_op, params = "multinomial", ("n", "p")
    ndim_supp = 1

    @classmethod
    def op_params(cls, n, p):
        return [n, p]


class DirichletMultinomial(Distribution):
    rv_op, params = "dirichlet_multinomial", ("n", "a")
    ndim_supp = 1

    @classmethod
    def op_params(cls, n, a):
        return [n, a]


class LKJCorr(Distribution):
    """The packed strictly-upper triangle of an n x n LKJ correlation matrix."""

    rv_op, params = "lkjcorr", ("n", "eta")
    ndim_supp = 1

    @classmethod
    def op_params(cls, n, eta):
        return [n, _tensor(eta) * 1.0]

    @classmethod
    def default_transform(cls, *params):
        return tr.Interval(-1.0, 1.0)


class Wishart(Distribution):
    rv_op, params = "wishart", ("nu", "V")
    ndim_supp = 2

    @classmethod
    def op_params(cls, nu, V):
        return [_tensor(nu) * 1.0, _tensor(V) * 1.0]


def _multinomial_support(n, p):
    """floor(n p) with the remainder on the last category, so the counts sum to n."""
    t = pt()
    counts = t.floor(t.shape_padright(n) * p) if n.ndim < p.ndim else t.floor(n * p)
    head = counts[..., :-1]
    last = t.shape_padright(n) - t.sum(head, axis=-1, keepdims=True) if n.ndim < p.ndim else n - t.sum(head)
    return t.concatenate([head, last], axis=-1)


def _register():
    t = pt()
    for op in ("multivariate_normal", "precision_multivariate_normal", "cholesky_multivariate_normal"):
        register(op, "MvNormal", lambda mu, m: mu)
    for op in ("multivariate_studentt", "precision_multivariate_studentt", "cholesky_multivariate_studentt"):
        register(op, "MvStudentT", lambda nu, mu, m: mu)
    register("dirichlet", "Dir", lambda a: a / t.sum(a, axis=-1, keepdims=True))
    register("multinomial", "Multinomial", _multinomial_support)
    register("dirichlet_multinomial", "DirichletMN",
             lambda n, a: _multinomial_support(n, a / t.sum(a, axis=-1, keepdims=True)))
    register("lkjcorr", "LKJCorr", lambda n, eta: t.zeros_like(eta))
    register("wishart", "Wishart", lambda nu, V: nu * V)
    register("lkjcholeskycov", "LKJCholeskyCov", lambda n, eta, sd: _lkj_cholesky_support(n, eta, sd))
    for axes in range(1, 5):
        op = "zerosumnormal" if axes == 1 else f"zerosumnormal_{axes}d"
        register(op, "ZeroSumN", lambda sigma, support_shape: t.zeros_like(sigma))
    # The middle category: the number of cutpoints below eta.
    register("ordered_logistic", "OrderedLogistic", lambda eta, c: t.sum(t.lt(c, eta), axis=-1))
    register("ordered_probit", "OrderedProbit", lambda eta, c, sigma: t.sum(t.lt(c, eta), axis=-1))


_register()


class ZeroSumNormal(Distribution):
    """Normal values constrained to sum to zero over the last `n_zerosum_axes` axes (PyMC's
    ZeroSumNormal); sampled on the unconstrained zero-sum subspace through the zero-sum transform."""

    params = ("sigma", "n_zerosum_axes", "support_shape")
    floatX = True

    @classmethod
    def dist(cls, sigma=1.0, n_zerosum_axes=1, support_shape=None, size=None, shape=None, rng=None, **kwargs):
        import swiftppl.tensor as pt
        from ..tensor import random as ptr

        if kwargs:
            raise TypeError(f"ZeroSumNormal got unexpected keyword argument(s): {', '.join(sorted(kwargs))}")
        if isinstance(n_zerosum_axes, bool) or not isinstance(n_zerosum_axes, int) or not 1 <= n_zerosum_axes <= 4:
            raise ValueError(f"n_zerosum_axes must be an integer in 1...4, got {n_zerosum_axes!r}")
        if shape is not None:
            shape = (int(shape),) if np.ndim(shape) == 0 else tuple(int(s) for s in shape)
            if len(shape) < n_zerosum_axes:
                raise ValueError(f"ZeroSumNormal: shape {shape} has fewer than n_zerosum_axes = {n_zerosum_axes} axes")
            if support_shape is None:
                support_shape = shape[-n_zerosum_axes:]
            size = shape[:-n_zerosum_axes]
        if support_shape is None:
            raise ValueError("ZeroSumNormal needs shape, dims or support_shape")
        support_shape = tuple(int(s) for s in np.atleast_1d(support_shape))
        if len(support_shape) != n_zerosum_axes or any(s < 1 for s in support_shape):
            raise ValueError(f"support_shape must give {n_zerosum_axes} positive lengths, got {support_shape}")
        sigma = _tensor(np.asarray(sigma, dtype=float) if not hasattr(sigma, "owner") else sigma)
        for _ in range(n_zerosum_axes):
            sigma = pt.shape_padright(sigma)
        op = "zerosumnormal" if n_zerosum_axes == 1 else f"zerosumnormal_{n_zerosum_axes}d"
        rv = getattr(ptr, op)(sigma, np.asarray(support_shape, dtype=np.int64), size=size or None, rng=rng)
        # The op cannot know its support's length statically: state the shape we know.
        batch = tuple(size) if size else tuple(s for s in rv.type.shape[:-n_zerosum_axes])
        if all(b is not None for b in batch):
            rv = pt.specify_shape(rv, batch + support_shape)
        return rv

    @classmethod
    def transform_for(cls, rv):
        name = base_rv(rv).owner.op.name
        n = 1 if name == "zerosumnormal" else int(name.split("_")[1][:-1])
        return tr.ZeroSumTransform(tuple(range(-n, 0)))


class _Ordered(Distribution):
    """PyMC's ordered regressions: with ``compute_p=True`` (the default) the category
    probabilities are also stored as the deterministic ``<name>_probs``."""

    def __new__(cls, name, *args, **kwargs):
        from ..model.core import Deterministic

        given = dict(zip(cls.params, args))
        given.update({k: v for k, v in kwargs.items() if k in cls.params})
        rv = Distribution.__new__(cls, name, *args, **kwargs)
        if given.pop("compute_p", True):
            Deterministic(f"{name}_probs", cls.probabilities(**given), model=kwargs.get("model"))
        return rv

    @classmethod
    def probabilities(cls, **params):
        raise NotImplementedError


def _category_probs(eta, cutpoints, scale, cdf):
    """P(y = k) = F(z_k) − F(z_{k−1}) with z = (cutpoints − η) / scale padded by −inf and +inf.
    Where z_{k−1} > 0 both terms are near 1 and their difference cancels, so there the same
    mass is taken from the other tail, F(−z_{k−1}) − F(−z_k), for symmetric F (logistic, normal)."""
    import swiftppl.tensor as pt

    z = (_tensor(cutpoints) - pt.shape_padright(eta)) / pt.shape_padright(scale)
    pad = pt.ones_like(z[..., :1]) * np.inf
    below = pt.concatenate([-pad, z], axis=-1)
    above = pt.concatenate([z, pad], axis=-1)
    from_left = cdf(above) - cdf(below)
    from_right = cdf(-below) - cdf(-above)
    return pt.switch(pt.gt(below, 0), from_right, from_left)


class OrderedLogistic(_Ordered):
    """A category from the number of `cutpoints` below η + logistic noise (PyMC's OrderedLogistic).

    >>> with pm.Model():
    ...     pm.OrderedLogistic("y", eta=0.3, cutpoints=[-1.0, 0.5, 2.0], observed=[0, 3, 1])  # also adds y_probs
    """

    rv_op, params = "ordered_logistic", ("eta", "cutpoints", "compute_p")

    @classmethod
    def op_params(cls, eta, cutpoints, compute_p=True):
        return [_tensor(eta) * 1.0, _tensor(cutpoints) * 1.0]

    @classmethod
    def probabilities(cls, eta, cutpoints):
        return _category_probs(_tensor(eta) * 1.0, cutpoints, _tensor(1.0), pt().sigmoid)


class OrderedProbit(_Ordered):
    """A category from the number of `cutpoints` below η + normal noise of scale sigma (PyMC's OrderedProbit)."""

    rv_op, params = "ordered_probit", ("eta", "cutpoints", "sigma", "compute_p")

    @classmethod
    def op_params(cls, eta, cutpoints, sigma=1.0, compute_p=True):
        return [_tensor(eta) * 1.0, _tensor(cutpoints) * 1.0, _tensor(sigma) * 1.0]

    @classmethod
    def probabilities(cls, eta, cutpoints, sigma=1.0):
        t = pt()

        def normal_cdf(x):
            # Phi(x) = erfc(-x / sqrt 2) / 2: no cancellation in the left tail.
            return 0.5 * t.erfc(-x / np.sqrt(2.0))

        return _category_probs(_tensor(eta) * 1.0, cutpoints, _tensor(sigma) * 1.0, normal_cdf)


def expand_packed_triangular(n, packed, lower=True):
    """The n x n triangular matrix whose lower (or upper) triangle is `packed`, row by row (PyMC's helper)."""
    import swiftppl.tensor as pt

    rows, cols = np.tril_indices(n) if lower else np.triu_indices(n)
    return pt.set_subtensor(pt.zeros((n, n))[rows, cols], _tensor(packed))


class LKJCholeskyCov:
    """The packed lower Cholesky factor of a covariance with LKJ(eta) correlations and standard
    deviations from `sd_dist` (PyMC's LKJCholeskyCov; the standard deviations' density is part
    of it). With ``compute_corr=True`` returns (chol, corr, stds), storing corr and stds as
    deterministics ``<name>_corr`` and ``<name>_stds``."""

    def __new__(cls, name, eta, n, sd_dist, *, compute_corr=True, store_in_trace=True, model=None, initval=None,
                **kwargs):
        import swiftppl.tensor as pt
        from ..model.core import Deterministic, modelcontext

        if kwargs:
            raise TypeError(f"LKJCholeskyCov got unexpected keyword argument(s): {', '.join(sorted(kwargs))}")
        model = modelcontext(model)
        packed = cls.dist(eta, n, sd_dist, rng=model.next_rng())
        model.register_rv(packed, name, transform=tr.CholeskyCovPacked(n), initval=initval)
        if not compute_corr:
            return packed
        chol = expand_packed_triangular(n, packed)
        stds = pt.sqrt(pt.sum(chol ** 2, axis=1))
        corr = pt.dot(chol, chol.T) / pt.outer(stds, stds)
        if store_in_trace:
            Deterministic(f"{name}_corr", corr, model=model)
            Deterministic(f"{name}_stds", stds, model=model)
        return chol, corr, stds

    @classmethod
    def dist(cls, eta, n, sd_dist, rng=None, **kwargs):
        from ..tensor import random as ptr
        from .wrappers import _check_dist, _resize

        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"LKJCholeskyCov: n must be a positive integer, got {n!r}")
        sd = _resize(_check_dist(sd_dist, "sd_dist"), (int(n),))
        return ptr.lkjcholeskycov(int(n), _tensor(eta) * 1.0, sd, rng=rng)


def _lkj_cholesky_support(n, eta, sd):
    """Identity correlations with the standard deviations at their support point: the packed diagonal."""
    import swiftppl.tensor as pt
    from .distribution import support_point

    size = int(np.asarray(n.eval()))
    diagonal = np.array([i * (i + 1) // 2 + i for i in range(size)])
    return pt.set_subtensor(pt.zeros(size * (size + 1) // 2)[diagonal], support_point(sd))
