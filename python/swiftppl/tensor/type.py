"""TensorType: a tensor's dtype and static shape (None where unknown)."""

import operator

import numpy as np


class TensorType:
    """The static type of a tensor variable, as PyTensor spells it:
    ``TensorType(float64, (None, 3))``. Calling a type creates an input variable."""

    __slots__ = ("dtype", "shape")

    def __init__(self, dtype, shape=None, *, broadcastable=None):
        from .._handles import DTYPE_CODES

        name = np.dtype(dtype).name
        if name not in DTYPE_CODES:
            raise TypeError(f"unsupported dtype {dtype!r}: swiftppl uses bool, int64 and float64")
        if shape is None:
            if broadcastable is None:
                raise TypeError("TensorType needs a shape (or broadcastable flags)")
            shape = tuple(1 if b else None for b in broadcastable)
        self.dtype = name
        try:
            self.shape = tuple(None if s is None else operator.index(s) for s in shape)
        except TypeError:
            raise TypeError(f"static shape entries must be integers or None, got {shape!r}") from None
        for s in self.shape:
            if s is not None and not 0 <= s <= 2**63 - 1:
                raise ValueError(f"static shape entries must be non-negative int64 values or None, got {shape}")

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def broadcastable(self):
        return tuple(s == 1 for s in self.shape)

    def __call__(self, name=None):
        from .basic import tensor

        return tensor(name=name, dtype=self.dtype, shape=self.shape)

    def __eq__(self, other):
        return isinstance(other, TensorType) and (self.dtype, self.shape) == (other.dtype, other.shape)

    def __hash__(self):
        return hash((self.dtype, self.shape))

    def __str__(self):
        shape = "(" + ", ".join("None" if s is None else str(s) for s in self.shape) + ("," if self.ndim == 1 else "") + ")"
        return f"TensorType({self.dtype}, {shape})"

    __repr__ = __str__

    def is_valid_value(self, value):
        value = np.asarray(value)
        return (
            value.dtype.name == self.dtype
            and value.ndim == self.ndim
            and all(s is None or s == n for s, n in zip(self.shape, value.shape))
        )

    def filter(self, value, name="input"):
        """`value` as an ndarray of this type, converting Python numbers and lists
        (and safe casts of arrays); anything else raises a TypeError or ValueError."""
        return filter_value(value, self, name)


def filter_value(value, type_, name):
    from_python = not isinstance(value, np.ndarray)
    arr = np.asarray(value)
    target = np.dtype(type_.dtype)
    if arr.dtype != target:
        if arr.dtype.kind not in "biuf":
            raise TypeError(f"{name}: cannot convert a value of dtype {arr.dtype} to {type_}")
        if np.can_cast(arr.dtype, target, "safe") or (arr.dtype.kind == "b" and target.kind in "if"):
            arr = arr.astype(target)
        else:
            with np.errstate(invalid="ignore", over="ignore"):  # NaN or inf to int: rejected below
                converted = arr.astype(target)
            # Python numbers and lists may be narrowed when no value changes (PyTensor's
            # allow_downcast for Python input); arrays may not.
            if not from_python or not np.array_equal(converted, arr):
                raise TypeError(
                    f"{name} expects {type_} but got an array of dtype {arr.dtype}; "
                    f"converting it would lose information (use .astype('{target.name}') to force it)"
                )
            arr = converted
    if arr.ndim != type_.ndim:
        raise TypeError(
            f"{name}: wrong number of dimensions: expected {type_.ndim}, got {arr.ndim} with shape {arr.shape}"
        )
    for axis, (s, n) in enumerate(zip(type_.shape, arr.shape)):
        if s is not None and s != n:
            raise ValueError(f"{name}: expected static shape {type_.shape} but got shape {arr.shape} (axis {axis})")
    if not (arr.flags.aligned and arr.dtype.isnative):
        # A fresh copy: ascontiguousarray would return an unaligned contiguous array as is.
        arr = arr.astype(arr.dtype.newbyteorder("="), copy=True)
    return arr
