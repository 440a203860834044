"""pm.Data and pm.set_data: named data a model can be re-run with, also with a new length (for predictions)."""

import numpy as np

from .core import modelcontext


def Data(name, value, *, dims=None, coords=None, model=None, mutable=None, **kwargs):
    """Data a model can be re-run with (pm.Data): a named shared variable whose value
    ``pm.set_data`` replaces, also with a new length (for predictions)."""
    from ..compile import shared

    if kwargs:
        raise TypeError(f"Data() got unexpected keyword argument(s): {', '.join(sorted(kwargs))}")
    model = modelcontext(model)
    if hasattr(value, "to_numpy"):
        value = value.to_numpy()
    array = np.asarray(value)
    if array.dtype == object or array.dtype.kind not in "biuf":
        raise TypeError(f"pm.Data {name!r}: values must be numeric, got dtype {array.dtype}")
    if array.dtype.kind == "u":
        array = array.astype(np.int64)
    full = model._check_name(name)
    if dims is not None:
        dims = (dims,) if isinstance(dims, str) else tuple(dims)
        if len(dims) != array.ndim:
            raise ValueError(f"pm.Data {name!r}: {len(dims)} dims for an array of {array.ndim} dimensions")
        for d, length in zip(dims, array.shape):
            if coords is not None and d in coords:
                model.add_coord(d, coords[d])
            elif d not in model._dim_lengths:
                model.add_coord(d, length=length)
    var = shared(array, name=full)
    model.named_vars[full] = var
    if dims is not None:
        model.named_vars_to_dims[full] = dims
    model.root.__dict__.setdefault("data_vars", []).append(var)
    return var


def set_data(new_data, model=None, *, coords=None):
    """Replaces the values of pm.Data variables (``{name: array}``); a dimension whose
    length changes takes the new length (and `coords` values, when given)."""
    model = modelcontext(model)
    if not isinstance(new_data, dict):
        raise TypeError(f"set_data takes a dict {{name: values}}, got {type(new_data).__name__}")
    data_vars = model.root.__dict__.get("data_vars", [])
    for name, value in new_data.items():
        full = model.name_for(name) if model.name_for(name) in model.named_vars else name
        var = model.named_vars.get(full)
        if var is None or var not in data_vars:
            raise ValueError(f"set_data: {name!r} is not a pm.Data variable of the model")
        array = np.asarray(value.to_numpy() if hasattr(value, "to_numpy") else value)
        old = var.get_value()
        if array.ndim != old.ndim:
            raise ValueError(f"set_data: {name!r} has {old.ndim} dimensions, the new value {array.ndim}")
        var.set_value(array.astype(old.dtype) if array.dtype != old.dtype else array)
        for d, length in zip(model.named_vars_to_dims.get(full, ()), array.shape):
            if coords is not None and d in coords:
                model._coords[d] = tuple(np.asarray(coords[d]).tolist())
                model._dim_lengths[d] = len(model._coords[d])
            elif model._dim_lengths.get(d) != length:
                model._coords[d] = None
                model._dim_lengths[d] = int(length)
