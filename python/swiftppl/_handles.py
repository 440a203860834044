"""Handles on Swift objects: wrapping, interning and release.

Every Python graph object holds one handle from the C ABI and gives it back when
it is garbage collected. Wrappers of the same Swift object are interned, so
``z.owner.inputs[1] is y`` holds as it does in PyTensor.
"""

import json
import operator
import weakref

import numpy as np

from . import _core

DTYPE_NAMES = {0: "bool", 1: "int64", 2: "float64"}
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
DTYPE_CODES = {name: code for code, name in DTYPE_NAMES.items()}


def as_int(value, what):
    """`value` as a Python int for an integer argument (an axis, a count): like NumPy,
    floats are rejected rather than truncated; values must fit in int64."""
    try:
        result = operator.index(value)
    except TypeError:
        raise TypeError(f"{what} must be an integer, got {value!r}") from None
    if not INT64_MIN <= result <= INT64_MAX:
        raise ValueError(f"{what} {result} is out of range (it must fit in int64)")
    return result


class Handle:
    """Base of objects that own one handle on a Swift object."""

    __slots__ = ("_h", "__weakref__")

    def __init__(self, *args, **kwargs):
        raise TypeError(
            f"{type(self).__name__} objects are made by swiftppl's functions (pt.tensor, pt.constant, "
            "swiftppl.function, ...), not constructed directly"
        )

    def __del__(self):
        h = getattr(self, "_h", 0)
        if h and _core is not None and _core.release is not None:
            try:
                _core.release(h)
            except Exception:  # interpreter shutdown, or already released
                pass


# Swift object identity -> the Python wrapper for it (while the wrapper lives).
_interned = weakref.WeakValueDictionary()


def _intern(h, make):
    """The wrapper for handle `h`: an existing one (releasing `h`) or `make(h)`."""
    key = _core.identity(h)
    existing = _interned.get(key)
    if existing is not None and _holds_live_handle(existing, key):
        _core.release(h)
        return existing
    obj = make(h)
    _interned[key] = obj
    return obj


def _holds_live_handle(wrapper, key):
    """Whether `wrapper` still reaches the object identified by `key`. A wrapper whose
    handle was released (swiftppl._core.release(v._h)) no longer keeps its object
    alive, and a new object may then live at the same address: it must not be
    mistaken for the old one."""
    try:
        return _core.identity(wrapper._h) == key
    except ValueError:
        return False


def wrap_variable(h):
    from .tensor.variable import make_variable

    return _intern(h, make_variable)


def wrap_apply(h):
    from .graph.basic import Apply

    def make(handle):
        obj = Apply.__new__(Apply)
        obj._h = handle
        return obj

    return _intern(h, make)


def wrap_op(h):
    from .graph.basic import Op

    props = json.loads(_core.op_properties(h))
    if props["type"] == "RandomVariableOp":
        from .tensor.random.op import RandomVariable

        obj = RandomVariable.__new__(RandomVariable)
        obj.name, obj.ndim_supp, obj.dtype = props["name"], props["ndim_supp"], props["dtype"]
        obj.ndims_params, obj.parameters = tuple(props["ndims_params"]), tuple(props["parameters"])
    else:
        obj = Op.__new__(Op)
    obj._h = h
    return obj


def build(function, inputs, params=()):
    """Applies the Swift graph function `function`; returns the output variables."""
    handles = [v._h for v in inputs]
    ints = [as_int(p, f"{function}: integer argument") for p in params]
    return [wrap_variable(h) for h in _core.build(function, handles, ints)]


def build1(function, inputs, params=()):
    return build(function, inputs, params)[0]


def numpy_from_handle(h):
    """An ndarray viewing the Swift array behind `h` (takes the handle)."""
    return _core.array_to_numpy(h)


def dtype_code(dtype):
    name = np.dtype(dtype).name if dtype is not None else None
    if name not in DTYPE_CODES:
        raise TypeError(f"unsupported dtype {dtype!r}: swiftppl uses bool, int64 and float64")
    return DTYPE_CODES[name]
