"""Compiled functions (PyTensor's pytensor.function) and shared variables."""

import numbers
import warnings

import numpy as np

from .. import _core
from .._handles import DTYPE_CODES, Handle, wrap_variable
from ..graph.basic import Variable
from ..tensor.type import filter_value


class In:
    """An input with options, as PyTensor's ``In(variable, name=..., value=...)``."""

    def __init__(self, variable, name=None, value=None, mutable=False, borrow=False):
        self.variable = variable
        self.name = name
        self.value = value


class Function(Handle):
    """A compiled function: call it with positional or keyword arguments named after its inputs.

    >>> x, y = pt.scalar("x"), pt.vector("y")
    >>> f = swiftppl.function([x, y], pt.log(x + y))
    >>> f(x=0, y=[1.0, np.e])
    array([0., 1.])
    """

    __slots__ = ("inputs", "outputs", "_single", "_names", "_defaults", "_input_types", "_codes")

    def __call__(self, *args, **kwargs):
        n = len(self.inputs)
        if not kwargs and len(args) == n:
            # Fast path: arrays of exactly the inputs' dtypes and plain Python numbers go
            # straight to Swift; anything else is converted below.
            results = _core.function_call(self._h, args, self._codes)
            if results is not None:
                return results[0] if self._single else results
        if len(args) > n:
            raise TypeError(f"function takes {n} input(s) ({self._describe_inputs()}), got {len(args)} positional")
        values = list(args) + [_MISSING] * (n - len(args))
        for key, value in kwargs.items():
            if key not in self._names:
                raise TypeError(f"unknown input {key!r}; this function's inputs are {self._describe_inputs()}")
            i = self._names[key]
            if values[i] is not _MISSING:
                raise TypeError(f"input {key!r} given both by position and by name")
            values[i] = value
        arrays = []
        for i, value in enumerate(values):
            if value is _MISSING:
                value = self._defaults[i]
                if value is _MISSING:
                    raise TypeError(f"missing required input: {self.inputs[i]} (input {i})")
            arrays.append(filter_value(value, self._input_types[i], _InputName(i, self.inputs[i])))
        results = _core.function_call(self._h, arrays)
        return results[0] if self._single else results

    def _describe_inputs(self):
        return ", ".join(str(v) for v in self.inputs) or "none"

    def dprint(self, file=None):
        from ..printing import dprint

        return dprint(self, file=file)

    def __str__(self):
        return f"<swiftppl Function of {len(self.inputs)} input(s)>"

    __repr__ = __str__


_MISSING = object()


class _InputName:
    """An input's name for error messages, formatted only when an error is raised."""

    __slots__ = ("index", "variable")

    def __init__(self, index, variable):
        self.index = index
        self.variable = variable

    def __str__(self):
        return f"input {self.index} ({self.variable})"

    __format__ = lambda self, spec: format(str(self), spec)


def function(inputs, outputs=None, mode=None, updates=None, givens=None, no_default_updates=False,
             accept_inplace=False, name=None, rebuild_strict=True, allow_input_downcast=None,
             profile=None, on_unused_input="raise", trust_input=False):
    """Compiles `outputs` as a function of `inputs` (PyTensor's function).

    `givens` replaces variables before compiling; `updates` maps shared variables
    to new-value expressions applied after each call. The graph is rewritten
    (canonicalized, stabilized, specialized, fused) unless mode="FAST_COMPILE".
    Calling returns a list when `outputs` is a list, a single array otherwise.

    >>> a, b = pt.scalar("a"), pt.scalar("b")
    >>> g = swiftppl.function([a, b], b * (a / b))
    >>> swiftppl.dprint(g)          # compiled to a copy of a
    DeepCopyOp [id A] 'a' 0
     |a [id B]
    """
    if on_unused_input not in ("raise", "warn", "ignore"):
        raise ValueError(f"on_unused_input must be 'raise', 'warn' or 'ignore', got {on_unused_input!r}")
    if isinstance(inputs, Variable) or isinstance(inputs, In):
        raise TypeError("inputs must be a list of variables")
    from ..tensor.basic import as_tensor_variable

    in_vars, defaults = [], []
    for item in inputs:
        if isinstance(item, In):
            in_vars.append(item.variable)
            defaults.append(_MISSING if item.value is None else item.value)
            if item.name is not None:
                item.variable.name = item.name
        elif isinstance(item, Variable):
            in_vars.append(item)
            defaults.append(_MISSING)
        else:
            raise TypeError(f"function inputs must be variables, got {item!r}")
    single = outputs is not None and not isinstance(outputs, (list, tuple))
    out_list = [] if outputs is None else ([outputs] if single else list(outputs))
    out_vars = [as_tensor_variable(o) for o in out_list]

    given_pairs = list(givens.items()) if isinstance(givens, dict) else list(givens or [])
    update_pairs = list(updates.items()) if isinstance(updates, dict) else list(updates or [])
    given_old = [g[0] for g in given_pairs]
    given_new = [as_tensor_variable(g[1]) for g in given_pairs]
    if not no_default_updates:
        update_pairs += _default_updates(out_vars + [u[1] for u in update_pairs], {id(u[0]) for u in update_pairs})
    update_vars = [u[0] for u in update_pairs]
    update_exprs = [u[1] if _is_generator(u[1]) else as_tensor_variable(u[1]) for u in update_pairs]

    if mode not in (None, "FAST_RUN", "FAST_COMPILE"):
        raise ValueError(f"mode must be None, 'FAST_RUN' or 'FAST_COMPILE', got {mode!r}")
    options = (1 if on_unused_input != "raise" else 0) | (2 if mode == "FAST_COMPILE" else 0)
    h = _core.function_new(
        [v._h for v in in_vars], [v._h for v in out_vars],
        [v._h for v in given_old], [v._h for v in given_new],
        [v._h for v in update_vars], [v._h for v in update_exprs],
        options,
    )
    f = Function.__new__(Function)
    f._h = h
    f.inputs = in_vars
    f.outputs = [wrap_variable(_core.function_variable(h, 1, i)) for i in range(len(out_vars))]
    f._single = single
    f._names = {v.name: i for i, v in enumerate(in_vars) if v.name}
    f._defaults = defaults
    f._input_types = [v.type for v in in_vars]
    f._codes = [DTYPE_CODES[v.type.dtype] for v in in_vars]
    if on_unused_input == "warn":
        _warn_unused(in_vars, out_vars + update_exprs)
    return f


def _is_generator(v):
    from ..tensor.random.var import RandomGeneratorVariable

    return isinstance(v, RandomGeneratorVariable)


def _default_updates(outputs, already):
    """(shared variable, default_update) for shared variables in the graph of `outputs`
    that have a default update (RandomStream's generators) and no explicit update."""
    from ..graph.basic import ancestors

    pairs = []
    for v in ancestors(outputs) if outputs else []:
        update = getattr(v, "default_update", None)
        if update is not None and id(v) not in already:
            pairs.append((v, update))
            already.add(id(v))
    return pairs


def _warn_unused(inputs, outputs):
    from ..graph.basic import ancestors

    used = set(id(v) for v in ancestors(outputs)) if outputs else set()
    for i, v in enumerate(inputs):
        if id(v) not in used:
            warnings.warn(f"input {i} ({v}) is not part of the computational graph needed to compute the outputs")


def shared(value, name=None, strict=False, allow_downcast=None, borrow=False, shape=None):
    """A shared variable holding `value` (copied unless `borrow`), with
    get_value()/set_value() to read and change it between calls.

    >>> s = swiftppl.shared(np.zeros(3), "s")
    >>> s.set_value(np.ones(3)); s.get_value()
    array([1., 1., 1.])
    """
    from ..tensor.basic import _as_array
    from ..tensor.random.var import RandomGeneratorState, shared_generator

    if isinstance(value, (np.random.Generator, np.random.RandomState, np.random.SeedSequence, RandomGeneratorState)):
        return shared_generator(value, name)
    if isinstance(value, (bool, np.bool_, numbers.Number, list, tuple, np.ndarray, np.generic)):
        arr = _as_array(value)
    else:
        raise TypeError(f"shared() does not support values of type {type(value).__name__}")
    if not borrow:
        arr = np.array(arr, copy=True)
    h = _core.array_borrow(arr)
    try:
        return wrap_variable(_core.shared_new(h, name))
    finally:
        _core.release(h)
