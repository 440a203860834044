"""Reductions, arg-reductions and cumulative ops against NumPy/SciPy."""

import warnings

import numpy as np
import pytest
import scipy.special as sc

import swiftppl
import swiftppl.tensor as pt
from ops_parity import check, noncontiguous_views, random_array, sym

AXES = [None, 0, 1, 2, -1, -3, (0, 2), (2, 0), (-1, 0), (0, 1, 2), ()]

REDUCTIONS = {
    "sum": (pt.sum, np.sum),
    "prod": (pt.prod, np.prod),
    "mean": (pt.mean, np.mean),
    "max": (pt.max, np.max),
    "min": (pt.min, np.min),
    "all": (pt.all, np.all),
    "any": (pt.any, np.any),
    "var": (pt.var, np.var),
    "std": (pt.std, np.std),
}


def quiet(ref, *args, **kwargs):
    """The NumPy reference without its RuntimeWarnings (mean of nothing, ddof >= n)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return ref(*args, **kwargs)


def _input(dtype, seed=40):
    a = random_array((2, 3, 4), dtype, seed=seed)
    if dtype == "float64":
        a = a / 2  # keep products moderate
    return a


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("dtype", ["float64", "int64", "bool"])
@pytest.mark.parametrize("name", list(REDUCTIONS))
def test_reduction(name, dtype, axis, keepdims):
    func, ref = REDUCTIONS[name]
    a = _input(dtype)
    x = sym(a, static=(axis == 1))
    expected = ref(a, axis=axis, keepdims=keepdims)
    check(func(x, axis=axis, keepdims=keepdims), [x], [a], expected, rtol=1e-13)


@pytest.mark.parametrize("name", ["sum", "prod", "mean", "max", "min", "all", "any", "var", "std"])
def test_reduction_methods(name):
    a = _input("float64", seed=41)
    x = sym(a)
    ref = REDUCTIONS[name][1]
    method = getattr(x, name)
    check(method(), [x], [a], ref(a), rtol=1e-13)
    check(method(axis=1), [x], [a], ref(a, axis=1), rtol=1e-13)
    check(method(axis=(0, -1), keepdims=True), [x], [a], ref(a, axis=(0, -1), keepdims=True), rtol=1e-13)


@pytest.mark.parametrize("name", list(REDUCTIONS))
def test_reductions_of_0d(name):
    func, ref = REDUCTIONS[name]
    a = np.array(-1.5)
    x = sym(a)
    for axis in (None, (), 0, -1):
        if axis in (0, -1):
            with pytest.raises(ValueError, match="out of bounds"):
                func(x, axis=axis)
            continue
        for keepdims in (False, True):
            check(func(x, axis=axis, keepdims=keepdims), [x], [a], quiet(ref, a, axis=axis, keepdims=keepdims))
    for arg in ("argmax", "argmin"):
        check(getattr(pt, arg)(x), [x], [a], getattr(np, arg)(a))
    check(pt.cumsum(x), [x], [a], np.cumsum(a))


@pytest.mark.parametrize("ddof", [0, 1, 2])
@pytest.mark.parametrize("axis", [None, 0, -1, (0, 2)], ids=str)
@pytest.mark.parametrize("name", ["var", "std"])
def test_var_std_ddof(name, axis, ddof):
    func, ref = REDUCTIONS[name]
    a = _input("float64", seed=42) + 100.0  # an offset a naive one-pass formula would lose digits on
    x = sym(a)
    for keepdims in (False, True):
        expected = quiet(ref, a, axis=axis, ddof=ddof, keepdims=keepdims)  # ddof = n gives inf
        check(func(x, axis=axis, ddof=ddof, keepdims=keepdims), [x], [a], expected, rtol=1e-11)
    i = _input("int64", seed=43)
    xi = sym(i)
    check(func(xi, axis=axis, ddof=ddof), [xi], [i], quiet(ref, i, axis=axis, ddof=ddof), rtol=1e-12)


def test_var_ddof_at_least_count():
    """NumPy divides by max(n - ddof, 0): inf (or nan for a zero sum), never a negative variance."""
    a = np.array([1.0, 2.0, 4.0])
    x = sym(a)
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        for ddof in (3, 5):
            check(pt.var(x, ddof=ddof), [x], [a], np.var(a, ddof=ddof))
            check(pt.std(x, ddof=ddof), [x], [a], np.std(a, ddof=ddof))


@pytest.mark.parametrize("shape,axis", [
    ((0,), None), ((0, 3), 0), ((0, 3), 1), ((3, 0), 1), ((3, 0), 0), ((0, 0), 0), ((2, 0, 3), (0, 2)),
], ids=str)
@pytest.mark.parametrize("name", ["sum", "prod", "all", "any", "mean"])
def test_reductions_of_empty_arrays(name, shape, axis):
    func, ref = REDUCTIONS[name]
    a = np.zeros(shape)
    x = sym(a)
    expected = quiet(ref, a, axis=axis)
    check(func(x, axis=axis), [x], [a], expected)


@pytest.mark.parametrize("name", ["max", "min"])
def test_max_min_of_empty(name):
    """max/min over an empty set of elements raise (no identity); reducing non-empty
    axes of an empty array gives an empty result."""
    func, ref = REDUCTIONS[name]
    for shape, axis in [((0, 3), 1), ((3, 0), 0), ((2, 0, 3), (0, 2))]:
        a = np.zeros(shape)
        x = sym(a)
        check(func(x, axis=axis), [x], [a], ref(a, axis=axis))
    for shape, axis in [((0,), None), ((0, 3), 0), ((3, 0), 1), ((3, 0), None), ((0, 0), 0), ((0, 0), 1)]:
        a = np.zeros(shape)
        x = sym(a)
        with pytest.raises(ValueError):
            ref(a, axis=axis)
        f = swiftppl.function([x], func(x, axis=axis))
        with pytest.raises(ValueError, match="zero-size array"):
            f(a)


def test_max_min_nan_and_inf():
    a = np.array([[1.0, np.nan, 3.0], [-np.inf, 2.0, np.inf], [0.0, -0.0, 5.0]])
    x = sym(a)
    for func, ref in ((pt.max, np.max), (pt.min, np.min)):
        for axis in (None, 0, 1):
            check(func(x, axis=axis), [x], [a], ref(a, axis=axis))
    check(pt.sum(x, axis=1), [x], [a], quiet(np.sum, a, axis=1))
    check(pt.mean(x, axis=0), [x], [a], quiet(np.mean, a, axis=0))


def test_int_reductions_wrap():
    info = np.iinfo(np.int64)
    a = np.array([info.max, 1, 2, info.min, 3])
    x = sym(a)
    with np.errstate(all="ignore"):
        check(pt.sum(x), [x], [a], np.sum(a))
        check(pt.prod(x), [x], [a], np.prod(a))
    check(pt.max(x), [x], [a], np.max(a))
    check(pt.min(x), [x], [a], np.min(a))


@pytest.mark.parametrize("which", ["fortran", "strided", "reversed", "transposed"])
def test_reductions_of_noncontiguous(which):
    a = _input("float64", seed=44)
    av = noncontiguous_views(a)[which]
    x = sym(a)
    for axis in (None, 0, 1, (0, 2), -1):
        check(pt.sum(x, axis=axis), [x], [av], np.sum(a, axis=axis), rtol=1e-13)
        check(pt.max(x, axis=axis), [x], [av], np.max(a, axis=axis))
        check(pt.var(x, axis=axis), [x], [av], np.var(a, axis=axis), rtol=1e-12)
    check(pt.argmax(x, axis=1), [x], [av], np.argmax(a, axis=1))
    check(pt.cumsum(x, axis=1), [x], [av], np.cumsum(a, axis=1), rtol=1e-13)
    check(pt.cumprod(x), [x], [av], np.cumprod(a), rtol=1e-13)


def test_reduction_dtype_argument():
    a = random_array((3, 4), "bool", seed=45)
    x = sym(a)
    check(pt.sum(x, axis=0, dtype="float64"), [x], [a], np.sum(a, axis=0, dtype="float64"))
    check(pt.sum(x, axis=1, dtype="bool"), [x], [a], np.sum(a, axis=1, dtype="bool"))
    big = np.array([2**62, 2**62, 2**62, 3])
    xb = sym(big)
    # accumulated in the requested dtype: no int64 wrap-around
    check(pt.sum(xb, dtype="float64"), [xb], [big], np.sum(big, dtype="float64"))
    check(pt.prod(xb, dtype="float64"), [xb], [big], np.prod(big, dtype="float64"))


def test_mean_var_of_large_ints():
    """NumPy accumulates the mean of ints in float64, where an int64 sum would wrap."""
    a = np.array([[2**62, 2**62 + 2], [2**62, 2**62 - 2]])
    x = sym(a)
    for axis in (None, 0, 1):
        check(pt.mean(x, axis=axis), [x], [a], np.mean(a, axis=axis))
        check(pt.var(x, axis=axis), [x], [a], np.var(a, axis=axis))
        check(pt.std(x, axis=axis), [x], [a], np.std(a, axis=axis))


# ---------------------------------------------------------------------------
# argmax / argmin
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", [None, 0, 1, 2, -1, -2], ids=str)
@pytest.mark.parametrize("dtype", ["float64", "int64", "bool"])
@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_arg_reductions(name, dtype, axis, keepdims):
    a = random_array((3, 4, 5), dtype, seed=46)
    if dtype == "float64":
        a[0, 1, :] = 2.0  # ties: the first index wins
        a[1, 2, 3] = np.nan  # NaN is the extreme value, as in NumPy
    func, ref = getattr(pt, name), getattr(np, name)
    x = sym(a, static=(axis == 0))
    check(func(x, axis=axis, keepdims=keepdims), [x], [a], ref(a, axis=axis, keepdims=keepdims))
    check(getattr(x, name)(axis=axis, keepdims=keepdims), [x], [a], ref(a, axis=axis, keepdims=keepdims))


def test_arg_reductions_of_empty():
    a = np.zeros((0, 3))
    x = sym(a)
    check(pt.argmax(x, axis=1), [x], [a], np.argmax(a, axis=1))
    for axis in (None, 0):
        f = swiftppl.function([x], pt.argmax(x, axis=axis))
        with pytest.raises(ValueError, match="empty"):
            f(a)


# ---------------------------------------------------------------------------
# cumsum / cumprod
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("axis", [None, 0, 1, 2, -1, -3], ids=str)
@pytest.mark.parametrize("dtype", ["float64", "int64", "bool"])
@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
def test_cumulative(name, dtype, axis):
    a = random_array((2, 3, 4), dtype, seed=47)
    func, ref = getattr(pt, name), getattr(np, name)
    for static in (False, True):
        x = sym(a, static)
        check(func(x, axis=axis), [x], [a], ref(a, axis=axis), rtol=1e-13)
        check(getattr(x, name)(axis=axis), [x], [a], ref(a, axis=axis), rtol=1e-13)


@pytest.mark.parametrize("shape,axis", [((), None), ((0,), None), ((0, 3), 0), ((3, 0), 1), ((5,), 0)], ids=str)
def test_cumulative_edge_shapes(shape, axis):
    a = random_array(shape, "float64", seed=48)
    x = sym(a)
    check(pt.cumsum(x, axis=axis), [x], [a], np.cumsum(a, axis=axis))
    check(pt.cumprod(x, axis=axis), [x], [a], np.cumprod(a, axis=axis))


# ---------------------------------------------------------------------------
# logsumexp
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 1)], ids=str)
def test_logsumexp(axis, keepdims):
    a = random_array((4, 5), "float64", seed=49, low=-50, high=50)
    a[0] += 1000.0  # would overflow exp
    a[1] -= 1000.0  # would underflow exp
    a[2, :] = -np.inf  # an all -inf row gives -inf
    a[3, 1] = np.inf
    x = sym(a)
    with np.errstate(all="ignore"):
        expected = sc.logsumexp(a, axis=axis, keepdims=keepdims)
    check(pt.logsumexp(x, axis=axis, keepdims=keepdims), [x], [a], expected, rtol=1e-14)


def test_logsumexp_nan():
    a = np.array([[0.0, np.nan], [1.0, 2.0]])
    x = sym(a)
    check(pt.logsumexp(x, axis=1), [x], [a], sc.logsumexp(a, axis=1), rtol=1e-14)
