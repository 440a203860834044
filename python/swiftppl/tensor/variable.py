"""TensorVariable, TensorConstant and TensorSharedVariable: handles with NumPy-style operators."""

import numbers

import numpy as np

from .. import _core
from .._handles import DTYPE_NAMES, as_int, build, build1, numpy_from_handle
from ..graph.basic import Variable
from .type import TensorType, filter_value


def make_variable(h):
    dtype_code, shape, kind = _core.variable_type(h)
    if kind & 4:  # a random generator's state
        from .random.var import RandomGeneratorSharedVariable, RandomGeneratorVariable

        cls = RandomGeneratorSharedVariable if kind & 3 == 2 else RandomGeneratorVariable
        obj = cls.__new__(cls)
        obj._h = h
        if cls is RandomGeneratorSharedVariable:
            obj.default_update = None
        return obj
    cls = {1: TensorConstant, 2: TensorSharedVariable}.get(kind, TensorVariable)
    obj = cls.__new__(cls)
    obj._h = h
    obj._type = TensorType(DTYPE_NAMES[dtype_code], shape)
    obj._eval_cache = None
    return obj


def _operand(value, like):
    """`value` as a tensor for a binary op with `like`. A Python number takes the
    tensor's float type when the tensor is float (NumPy 2's weak scalars), so
    ``x * 2`` multiplies by a float64 constant without a cast at run time."""
    if isinstance(value, Variable):
        return value
    from .basic import as_tensor_variable, constant

    if isinstance(value, numbers.Number) and not isinstance(value, (bool, np.bool_)):
        if like.dtype == "float64" and isinstance(value, numbers.Real):
            return constant(float(value))
    return as_tensor_variable(value)


def _binary(name, a, b):
    return build1(name, [a, b])


def _axis_params(axis):
    """Encodes an optional axis (int or sequence) as (has_axis, count, axes...)."""
    if axis is None:
        return [0]
    if isinstance(axis, (numbers.Integral, np.integer)):
        axes = [as_int(axis, "axis")]
    else:
        try:
            axes = [as_int(a, "axis") for a in axis]
        except TypeError as e:
            if not hasattr(axis, "__iter__"):
                raise TypeError(f"axis must be an integer, a sequence of integers or None, got {axis!r}") from None
            raise e
    return [1, len(axes), *axes]


class TensorVariable(Variable):
    """A symbolic tensor (the result of an operation, or an input)."""

    __slots__ = ("_eval_cache",)

    # NumPy must not treat a tensor as an opaque object and broadcast over it
    # (``np.ones(3) + x`` would build an object array of three tensors): its binary
    # operators then return NotImplemented, so Python calls ours (``x.__radd__``).
    __array_ufunc__ = None
    __array_priority__ = 1000

    # --- static information -------------------------------------------------
    @property
    def ndim(self):
        return self._type.ndim

    @property
    def dtype(self):
        return self._type.dtype

    @property
    def broadcastable(self):
        return self._type.broadcastable

    @property
    def shape(self):
        """The symbolic shape (an int64 vector): ``x.shape[0]`` is a scalar tensor."""
        return build1("shape", [self])

    @property
    def size(self):
        from .basic import prod

        return prod(self.shape)

    def __len__(self):
        raise TypeError("len() of a symbolic tensor is not defined; use x.shape[0]")

    def __iter__(self):
        n = self._type.shape[0] if self.ndim else None
        if n is None:
            raise TypeError("cannot iterate over a tensor whose length is not known statically")
        for i in range(n):
            yield self[i]

    def __bool__(self):
        raise TypeError(
            "a symbolic tensor has no truth value; use swiftppl.tensor.switch/where, or any()/all()"
        )

    # --- arithmetic -----------------------------------------------------------
    def __add__(self, other):
        return _binary("add", self, _operand(other, self))

    def __radd__(self, other):
        return _binary("add", _operand(other, self), self)

    def __sub__(self, other):
        return _binary("sub", self, _operand(other, self))

    def __rsub__(self, other):
        return _binary("sub", _operand(other, self), self)

    def __mul__(self, other):
        return _binary("mul", self, _operand(other, self))

    def __rmul__(self, other):
        return _binary("mul", _operand(other, self), self)

    def __truediv__(self, other):
        return _binary("true_div", self, _operand(other, self))

    def __rtruediv__(self, other):
        return _binary("true_div", _operand(other, self), self)

    def __floordiv__(self, other):
        return _binary("int_div", self, _operand(other, self))

    def __rfloordiv__(self, other):
        return _binary("int_div", _operand(other, self), self)

    def __mod__(self, other):
        return _binary("mod", self, _operand(other, self))

    def __rmod__(self, other):
        return _binary("mod", _operand(other, self), self)

    def __pow__(self, other):
        return _binary("pow", self, _operand(other, self))

    def __rpow__(self, other):
        return _binary("pow", _operand(other, self), self)

    def __neg__(self):
        return build1("neg", [self])

    def __pos__(self):
        return self

    def __abs__(self):
        return build1("abs", [self])

    def __lt__(self, other):
        return _binary("lt", self, _operand(other, self))

    def __le__(self, other):
        return _binary("le", self, _operand(other, self))

    def __gt__(self, other):
        return _binary("gt", self, _operand(other, self))

    def __ge__(self, other):
        return _binary("ge", self, _operand(other, self))

    def __and__(self, other):
        return _binary("and_", self, _operand(other, self))

    def __rand__(self, other):
        return _binary("and_", _operand(other, self), self)

    def __or__(self, other):
        return _binary("or_", self, _operand(other, self))

    def __ror__(self, other):
        return _binary("or_", _operand(other, self), self)

    def __xor__(self, other):
        return _binary("xor", self, _operand(other, self))

    def __rxor__(self, other):
        return _binary("xor", _operand(other, self), self)

    def __invert__(self):
        return build1("invert", [self])

    def __matmul__(self, other):
        return _binary("matmul", self, _operand(other, self))

    def __rmatmul__(self, other):
        return _binary("matmul", _operand(other, self), self)

    # Identity semantics for == (as in PyTensor): use pt.eq for elementwise equality.
    __hash__ = Variable.__hash__
    __eq__ = Variable.__eq__
    __ne__ = Variable.__ne__

    # --- methods ------------------------------------------------------------------
    def sum(self, axis=None, keepdims=False, **kwargs):
        from .basic import sum as _sum

        return _sum(self, axis=axis, keepdims=keepdims, **kwargs)

    def prod(self, axis=None, keepdims=False, **kwargs):
        from .basic import prod

        return prod(self, axis=axis, keepdims=keepdims, **kwargs)

    def mean(self, axis=None, keepdims=False, **kwargs):
        from .basic import mean

        return mean(self, axis=axis, keepdims=keepdims, **kwargs)

    def var(self, axis=None, ddof=0, keepdims=False, corrected=False):
        from .basic import var

        return var(self, axis=axis, ddof=ddof, keepdims=keepdims, corrected=corrected)

    def std(self, axis=None, ddof=0, keepdims=False, corrected=False):
        from .basic import std

        return std(self, axis=axis, ddof=ddof, keepdims=keepdims, corrected=corrected)

    def max(self, axis=None, keepdims=False):
        from .basic import max as _max

        return _max(self, axis=axis, keepdims=keepdims)

    def min(self, axis=None, keepdims=False):
        from .basic import min as _min

        return _min(self, axis=axis, keepdims=keepdims)

    def all(self, axis=None, keepdims=False):
        from .basic import all as _all

        return _all(self, axis=axis, keepdims=keepdims)

    def any(self, axis=None, keepdims=False):
        from .basic import any as _any

        return _any(self, axis=axis, keepdims=keepdims)

    def argmax(self, axis=None, keepdims=False):
        from .basic import argmax

        return argmax(self, axis=axis, keepdims=keepdims)

    def argmin(self, axis=None, keepdims=False):
        from .basic import argmin

        return argmin(self, axis=axis, keepdims=keepdims)

    def cumsum(self, axis=None):
        from .basic import cumsum

        return cumsum(self, axis=axis)

    def cumprod(self, axis=None):
        from .basic import cumprod

        return cumprod(self, axis=axis)

    def reshape(self, *shape, ndim=None):
        from .basic import reshape

        if len(shape) == 1 and not isinstance(shape[0], (numbers.Integral, np.integer)):
            shape = shape[0]
        return reshape(self, shape, ndim=ndim)

    def flatten(self, ndim=1):
        from .basic import flatten

        return flatten(self, ndim=ndim)

    def transpose(self, *axes):
        from .basic import transpose

        if len(axes) == 1 and not isinstance(axes[0], (numbers.Integral, np.integer)):
            axes = axes[0]
        return transpose(self, axes=axes or None)

    @property
    def T(self):
        return self.transpose()

    def dimshuffle(self, *pattern):
        """Reorder axes; 'x' inserts a broadcastable axis: ``v.dimshuffle(0, 'x')``."""
        if len(pattern) == 1 and isinstance(pattern[0], (list, tuple)):
            pattern = pattern[0]
        order = []
        for p in pattern:
            if p == "x":
                order.append(-1)
            elif isinstance(p, (numbers.Integral, np.integer)):
                order.append(int(p))
            else:
                raise TypeError(f"dimshuffle pattern entries must be axes or 'x', got {p!r}")
        return build1("dimshuffle", [self], [len(order), *order])

    def squeeze(self, axis=None):
        from .basic import squeeze

        return squeeze(self, axis=axis)

    def astype(self, dtype):
        from .basic import cast

        return cast(self, dtype)

    def dot(self, other):
        from .basic import dot

        return dot(self, other)

    def clip(self, a_min, a_max):
        from .basic import clip

        return clip(self, a_min, a_max)

    def __getitem__(self, key):
        from .basic import index_params

        inputs, params = index_params(self, key)
        return build1("index", inputs, params)

    def set(self, y):
        """For ``x[idx].set(y)``: x with that region replaced by y."""
        from .basic import set_subtensor

        return set_subtensor(self, y)

    def inc(self, y):
        """For ``x[idx].inc(y)``: x with y added to that region."""
        from .basic import inc_subtensor

        return inc_subtensor(self, y)

    def eval(self, inputs_to_values=None):
        """Evaluates this variable, setting any variables of the graph (inputs or
        intermediates) from `inputs_to_values`. Compiled functions are cached."""
        from ..compile.function import function

        givens = dict(inputs_to_values or {})
        keys = list(givens)
        for k in keys:
            if not isinstance(k, Variable):
                raise TypeError(f"eval expects variables as keys, got {k!r}")
        cache_key = tuple(id(k) for k in keys)
        if self._eval_cache is None:
            self._eval_cache = {}
        fn = self._eval_cache.get(cache_key)
        if fn is None:
            fn = function(keys, self, on_unused_input="ignore")
            self._eval_cache[cache_key] = fn
        return fn(*[givens[k] for k in keys])


class TensorConstant(TensorVariable):
    """A tensor with a fixed value. The value is the caller's array, not a copy."""

    __slots__ = ()

    @property
    def data(self):
        arr = numpy_from_handle(_core.constant_value(self._h))
        arr.flags.writeable = False
        return arr

    value = data

    def __str__(self):
        return _core.describe(self._h)

    def __repr__(self):
        from ..graph.basic import MODEL_REPRS

        return MODEL_REPRS.get(self) or _core.describe(self._h)


class TensorSharedVariable(TensorVariable):
    """A variable whose value lives outside the graph and may change between calls."""

    __slots__ = ()

    def get_value(self, borrow=False, return_internal_type=False):
        """The current value (a copy unless `borrow`)."""
        arr = numpy_from_handle(_core.shared_get(self._h))
        return arr if borrow else np.array(arr, copy=True)

    def set_value(self, value, borrow=False):
        """Replaces the value (copied unless `borrow`); dtype and rank must match."""
        arr = filter_value(value, self._type, f"shared variable {self.name or ''}".strip())
        if not borrow:
            arr = np.array(arr, copy=True)
        h = _core.array_borrow(arr)
        try:
            _core.shared_set(self._h, h)
        finally:
            _core.release(h)

    @property
    def container(self):
        return self
