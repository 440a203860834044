"""Random variables with PyTensor's names and signatures: ``pt.random.normal(loc, scale, size=None, rng=None)``.

Every random variable of the Swift catalog gets a function here, named after its op
(PyMC-only distributions too: ``truncated_normal(mu, sigma, lower, upper)``). Where
PyTensor has the distribution, the function takes PyTensor's parameter names and
defaults. The result is the draw; its owner's outputs are (next rng, draw).
"""

import json
import numbers
import sys

import numpy as np

from ... import _core
from ..._handles import as_int, build
from ...graph.basic import Variable
from .var import RandomGeneratorVariable, shared_generator

_UNSET = object()

# PyTensor's defaults (and keyword spellings) for the distributions it has. Others
# take their parameters by the op's names, all required.
_DEFAULTS = {
    "normal": {"loc": 0.0, "scale": 1.0},
    "halfnormal": {"loc": 0.0, "scale": 1.0},
    "t": {"loc": 0.0, "scale": 1.0},
    "cauchy": {"loc": 0.0, "scale": 1.0},
    "halfcauchy": {"loc": 0.0, "scale": 1.0},
    "exponential": {"scale": 1.0},
    "gamma": {"scale": 1.0},
    "invgamma": {"scale": 1.0},
    "lognormal": {"mean": 0.0, "sigma": 1.0},
    "uniform": {"low": 0.0, "high": 1.0},
    "laplace": {"loc": 0.0, "scale": 1.0},
    "weibull": {"beta": 1.0},
    "pareto": {"scale": 1.0},
    "wald": {"alpha": 0.0},
    "gumbel": {"loc": 0.0, "scale": 1.0},
    "logistic": {"loc": 0.0, "scale": 1.0},
    "moyal": {"mu": 0.0, "sigma": 1.0},
    "poisson": {"lam": 1.0},
    "integers": {"low": 0},
}

# Other names PyTensor or NumPy users know.
_ALIASES = {
    "negative_binomial": "nbinom",
    "beta_binomial": "betabinom",
    "studentt": "t",
    "mvnormal": "multivariate_normal",
}


def _catalog():
    return {entry["name"]: entry for entry in json.loads(_core.random_variable_catalog())}


def _size_variable(size):
    """`size` as an int64 vector: None gives the empty vector (the draw's shape then
    comes from the parameters), an int a one-element vector."""
    from ..basic import as_tensor_variable, constant

    if size is None:
        return constant(np.zeros(0, dtype=np.int64))
    if isinstance(size, Variable):
        if size.ndim == 0:
            size = [size]
        else:
            if size.dtype != "int64":
                raise TypeError(f"size must be integers, got a tensor of dtype {size.dtype}")
            return size
    if isinstance(size, (numbers.Integral, np.integer)) and not isinstance(size, (bool, np.bool_)):
        size = [size]
    try:
        items = list(size) if not isinstance(size, (str, bytes)) else None
    except TypeError:
        items = None
    if items is None or not all(isinstance(s, (numbers.Integral, np.integer, Variable)) for s in items):
        raise TypeError(f"size must be None, an integer or a sequence of integers, got {size!r}")
    if all(isinstance(s, (numbers.Integral, np.integer)) and not isinstance(s, (bool, np.bool_)) for s in items):
        return constant(np.array([as_int(s, "size") for s in items], dtype=np.int64).reshape(len(items)))
    return as_tensor_variable(items, dtype="int64")


def _rng_variable(rng):
    if rng is None:
        return shared_generator(np.random.default_rng())
    if isinstance(rng, RandomGeneratorVariable):
        return rng
    raise TypeError(
        f"rng must be a random generator variable (swiftppl.shared(np.random.default_rng(seed))), got {type(rng).__name__}"
    )


def make_random_variable(op_name, params, size=None, rng=None, name=None, dtype=None, return_next_rng=False):
    """The draw of `op_name(*params)` (or (next rng, draw) with `return_next_rng`)."""
    from ..basic import as_tensor_variable

    if dtype is not None:
        kind = np.dtype(dtype).kind
        expected = _catalog_cache()[op_name]["dtype"]
        if (kind == "f") != (expected == "float64"):
            raise TypeError(f"{op_name}: draws are {expected}, cannot make them {np.dtype(dtype).name}")
    tensors = [as_tensor_variable(p) for p in params]
    next_rng, draw = build("rv_" + op_name, [_rng_variable(rng), _size_variable(size)] + tensors)
    if name is not None:
        draw.name = name
    return (next_rng, draw) if return_next_rng else draw


_CATALOG = None


def _catalog_cache():
    global _CATALOG
    if _CATALOG is None:
        _CATALOG = _catalog()
    return _CATALOG


def _make_function(entry):
    op_name, parameters = entry["name"], entry["parameters"]
    defaults = _DEFAULTS.get(op_name, {})

    def rv(*args, size=None, rng=None, name=None, dtype=None, **kwargs):
        if len(args) > len(parameters):
            raise TypeError(f"{op_name}() takes {len(parameters)} parameter(s) ({', '.join(parameters)}), got {len(args)}")
        values = dict(zip(parameters, args))
        if op_name == "gamma" and "rate" in kwargs:  # PyTensor's gamma(shape, rate=...)
            rate = kwargs.pop("rate")
            if "scale" in kwargs or len(args) > 1:
                raise TypeError("gamma() takes either scale or rate, not both")
            kwargs["scale"] = 1.0 / rate
        for key, value in kwargs.items():
            if key not in parameters:
                raise TypeError(f"{op_name}() got an unexpected keyword argument {key!r}; its parameters are {', '.join(parameters)}")
            if key in values:
                raise TypeError(f"{op_name}() got multiple values for parameter {key!r}")
            values[key] = value
        params = []
        for p in parameters:
            if p in values:
                params.append(values[p])
            elif p in defaults:
                params.append(defaults[p])
            else:
                raise TypeError(f"{op_name}() missing required parameter {p!r}")
        return make_random_variable(op_name, params, size=size, rng=rng, name=name, dtype=dtype)

    rv.__name__ = rv.__qualname__ = op_name
    shown = ", ".join(f"{p}={defaults[p]!r}" if p in defaults else p for p in parameters)
    rv.__doc__ = (f"{op_name}({shown}, size=None, rng=None, name=None): a {op_name} random variable "
                  f"(support rank {entry['ndim_supp']}, {entry['dtype']} draws).")
    return rv


def _install():
    module = sys.modules[__name__]
    names = []
    for op_name, entry in _catalog_cache().items():
        setattr(module, op_name, _make_function(entry))
        names.append(op_name)
    for alias, target in _ALIASES.items():
        if hasattr(module, target):
            setattr(module, alias, getattr(module, target))
            names.append(alias)
    return names


__all__ = _install() + ["make_random_variable"]
