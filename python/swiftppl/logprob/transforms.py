"""Value transforms (pymc.logprob.transforms / pymc.distributions.transforms): bijections to the real line with log|det J|.

``forward`` maps a value in the support to the real line, ``backward`` maps back,
``log_jac_det`` is log|det J| of ``backward`` at an unconstrained value (elementwise for
elementwise transforms, summed over the transformed axis for vector ones).
"""

import numbers

from .._handles import as_int, build1
from ..graph.basic import Variable

_KINDS = ["log", "logodds", "interval", "circular", "simplex", "stickbreaking", "sumto1", "ordered", "zerosum",
          "cholesky_cov_packed"]


def _tensor(x):
    from ..tensor.basic import as_tensor_variable

    return x if isinstance(x, Variable) else as_tensor_variable(x)


class Transform:
    """Base of the transforms; subclasses give their Swift spelling in `_parts`."""

    name = ""
    _kind = None

    def _parts(self):
        """(params, bound inputs) of this transform in the `transform` builder's encoding."""
        return [_KINDS.index(self._kind)], []

    def _apply(self, direction, value):
        params, bounds = self._parts()
        count = len(self.transform_list) if isinstance(self, Chain) else 1
        return build1("transform", [_tensor(value)] + bounds, [direction, count] + params)

    def forward(self, value, *inputs):
        return self._apply(0, value)

    def backward(self, value, *inputs):
        return self._apply(1, value)

    def log_jac_det(self, value, *inputs):
        return self._apply(2, value)

    def __repr__(self):
        return f"{type(self).__name__}()"


class LogTransform(Transform):
    name, _kind = "log", "log"


class LogOddsTransform(Transform):
    name, _kind = "logodds", "logodds"


class CircularTransform(Transform):
    name, _kind = "circular", "circular"


class SimplexTransform(Transform):
    name, _kind = "simplex", "simplex"


class StickBreakingTransform(Transform):
    name, _kind = "stickbreaking", "stickbreaking"


class SumTo1Transform(Transform):
    name, _kind = "sumto1", "sumto1"


class OrderedTransform(Transform):
    name, _kind = "ordered", "ordered"


class Interval(Transform):
    """lower < x < upper; either bound may be None (PyMC's Interval(lower, upper)).
    Bounds may be numbers or tensors."""

    name, _kind = "interval", "interval"

    def __init__(self, lower=None, upper=None, bounds_fn=None):
        if bounds_fn is not None:
            raise NotImplementedError("Interval(bounds_fn=...) needs the model layer; pass lower and upper")
        if lower is None and upper is None:
            raise ValueError("Interval needs a lower or an upper bound")
        self.lower, self.upper = lower, upper

    def _parts(self):
        mask = (1 if self.lower is not None else 0) | (2 if self.upper is not None else 0)
        bounds = [_tensor(b) for b in (self.lower, self.upper) if b is not None]
        return [_KINDS.index("interval"), mask], bounds

    def __repr__(self):
        return f"Interval(lower={self.lower!r}, upper={self.upper!r})"


IntervalTransform = Interval


class ZeroSumTransform(Transform):
    """Values summing to zero along `zerosum_axes` (negative axes count from the end)."""

    name, _kind = "zerosum", "zerosum"

    def __init__(self, zerosum_axes=(-1,)):
        if isinstance(zerosum_axes, (numbers.Integral,)):
            zerosum_axes = (zerosum_axes,)
        self.zerosum_axes = tuple(as_int(a, "zerosum_axes") for a in zerosum_axes)

    def _parts(self):
        return [_KINDS.index("zerosum"), len(self.zerosum_axes), *self.zerosum_axes], []


class CholeskyCovPacked(Transform):
    """A packed lower Cholesky factor of an n x n covariance: the diagonal entries are logged."""

    name, _kind = "cholesky-cov-packed", "cholesky_cov_packed"

    def __init__(self, n):
        self.n = as_int(n, "n")

    def _parts(self):
        return [_KINDS.index("cholesky_cov_packed"), self.n], []


class Chain(Transform):
    """Transforms applied in order by ``forward`` (PyMC's Chain)."""

    def __init__(self, transform_list):
        self.transform_list = list(transform_list)
        if not self.transform_list or not all(isinstance(t, Transform) and not isinstance(t, Chain)
                                              for t in self.transform_list):
            raise TypeError("Chain takes a non-empty list of (non-chain) transforms")
        self.name = "chain"  # PyMC names a chained value variable "<name>_chain__"

    def _parts(self):
        params, bounds = [], []
        for t in self.transform_list:
            p, b = t._parts()
            params += p
            bounds += b
        return params, bounds


ChainedTransform = Chain

log = LogTransform()
logodds = LogOddsTransform()
circular = CircularTransform()
simplex = SimplexTransform()
stick_breaking = StickBreakingTransform()
sum_to_1 = SumTo1Transform()
ordered = OrderedTransform()

__all__ = [
    "Chain", "ChainedTransform", "CholeskyCovPacked", "CircularTransform", "Interval", "IntervalTransform",
    "LogOddsTransform", "LogTransform", "OrderedTransform", "SimplexTransform", "StickBreakingTransform",
    "SumTo1Transform", "Transform", "ZeroSumTransform", "circular", "log", "logodds", "ordered", "simplex",
    "stick_breaking", "sum_to_1",
]
