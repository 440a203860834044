"""Shared helpers for the NumPy-parity op tests (tests/test_ops_*.py).

Every check compiles a swiftppl graph, runs it on NumPy inputs and compares the
result with a reference computed independently by NumPy/SciPy/mpmath. It also
checks the static type of the symbolic output (dtype, ndim, and every statically
known extent) against the array actually computed.
"""

import numpy as np

import swiftppl
import swiftppl.tensor as pt


def rng(seed=0):
    return np.random.default_rng(seed)


def random_array(shape, dtype="float64", seed=0, low=-3.0, high=3.0):
    """Random values of `dtype` (ints in [-5, 5], bools half true)."""
    g = rng(seed)
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return g.uniform(low, high, size=shape)
    if dtype.kind == "i":
        return g.integers(-5, 6, size=shape, dtype=np.int64)
    if dtype.kind == "b":
        return g.random(size=shape) < 0.5
    raise ValueError(dtype)


def sym(value, static=False, name=None):
    """A symbolic input for `value`: same dtype and rank; its static shape is the
    value's shape when `static`, else unknown on every axis except those of length 1,
    which are declared broadcastable (PyTensor's rule: only such axes broadcast)."""
    arr = np.asarray(value)
    shape = arr.shape if static else tuple(1 if n == 1 else None for n in arr.shape)
    return pt.tensor(name, dtype=arr.dtype.name, shape=shape)


def assert_static_type(out, expected):
    """The symbolic output's type agrees with the computed array `expected`."""
    expected = np.asarray(expected)
    assert out.ndim == expected.ndim, f"static ndim {out.ndim} != runtime ndim {expected.ndim} ({out.type})"
    assert out.dtype == expected.dtype.name, f"static dtype {out.dtype} != {expected.dtype.name}"
    assert len(out.type.shape) == expected.ndim
    for axis, (s, n) in enumerate(zip(out.type.shape, expected.shape)):
        assert s is None or s == n, f"static shape {out.type.shape} contradicts runtime shape {expected.shape} (axis {axis})"


def assert_same(got, expected, rtol=1e-12, atol=0.0, dtype=None):
    """`got` equals the reference `expected`: dtype, shape, and values (NaNs and
    infinities in the same places; floats within rtol/atol)."""
    expected = np.asarray(expected)
    if dtype is not None:
        expected = expected.astype(dtype)
    assert isinstance(got, np.ndarray), f"expected an ndarray, got {type(got).__name__}"
    assert got.dtype == expected.dtype, f"dtype {got.dtype} != reference {expected.dtype}"
    assert got.shape == expected.shape, f"shape {got.shape} != reference {expected.shape}"
    if expected.dtype.kind == "f":
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
        # assert_allclose ignores the sign of zero; NumPy's results are what they are.
    else:
        np.testing.assert_array_equal(got, expected)


def check(out, inputs, values, expected, rtol=1e-12, atol=0.0, dtype=None):
    """Compiles `out` from `inputs`, calls it on `values` and compares with `expected`.

    Also checks the static type of `out`, and that the inputs were not modified.
    Returns the computed array.
    """
    f = swiftppl.function(list(inputs), out, on_unused_input="ignore")
    before = [np.array(v, copy=True) for v in values]
    got = f(*values)
    # The second call with the same layouts runs the executor's plan: same results.
    again = f(*values)
    for v, b in zip(values, before):
        np.testing.assert_array_equal(np.asarray(v), b, err_msg="an input value was modified")
    expected = np.asarray(expected) if dtype is None else np.asarray(expected).astype(dtype)
    assert_same(got, expected, rtol=rtol, atol=atol)
    assert_same(again, expected, rtol=rtol, atol=atol)
    assert not np.shares_memory(got, again), "two calls returned the same memory"
    assert_static_type(out, got)
    return got


def noncontiguous_views(arr):
    """Non-contiguous views of the same shape as `arr` (a copy of it is laid out
    differently each time): Fortran order, a strided slice, negative strides."""
    views = {}
    views["fortran"] = np.asfortranarray(arr)
    big = np.zeros(tuple(2 * n + 1 for n in arr.shape), dtype=arr.dtype)
    sl = tuple(slice(1, 1 + 2 * n, 2) for n in arr.shape)
    big[sl] = arr
    views["strided"] = big[sl]
    rev = np.array(arr[(slice(None, None, -1),) * arr.ndim], copy=True)
    views["reversed"] = rev[(slice(None, None, -1),) * arr.ndim]
    if arr.ndim >= 2:
        t = np.array(np.swapaxes(arr, 0, 1), copy=True)
        views["transposed"] = np.swapaxes(t, 0, 1)
    for name, v in views.items():
        assert v.shape == arr.shape
        np.testing.assert_array_equal(v, arr)
    return views
