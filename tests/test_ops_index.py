"""Indexing against NumPy: basic (ints, slices, newaxis, Ellipsis), advanced
(integer arrays, boolean masks, mixed), and set_subtensor / inc_subtensor."""

import numpy as np
import pytest

import swiftppl
import swiftppl.tensor as pt
from ops_parity import check, noncontiguous_views, random_array, sym

S = slice
A = np.array

# Keys applied to an array of shape (4, 5, 6).
BASIC_KEYS = [
    1,
    -1,
    (1, 2),
    (-4, -5, -6),
    (3, 4, 5),
    S(1, 3),
    S(None, None, 2),
    S(None, None, -1),
    S(-2, None, -2),
    S(3, 0, -1),
    S(10, 20),
    S(-100, 100),
    S(2, 2),
    S(None, -10, -1),
    (S(None), S(None, None, -2), 0),
    (S(1, None), None, 2),
    (None,),
    (None, 1, None),
    (Ellipsis, 1),
    (Ellipsis, S(None, None, -3)),
    (0, Ellipsis, S(1, 5, 3)),
    (None, Ellipsis, None),
    (Ellipsis,),
    (S(None), S(None)),
    (),
    (1, Ellipsis, None, 2),
]


def _ids(key):
    return repr(key).replace(" ", "")


@pytest.mark.parametrize("static", [False, True], ids=["unknown", "static"])
@pytest.mark.parametrize("key", BASIC_KEYS, ids=_ids)
def test_basic_indexing(key, static):
    a = random_array((4, 5, 6), "float64", seed=80)
    x = sym(a, static)
    out = x[key]
    got = check(out, [x], [a], a[key])
    if static:
        assert out.type.shape == got.shape, "constant indices into known extents give a known shape"


@pytest.mark.parametrize("dtype", ["int64", "bool"])
def test_basic_indexing_int_bool(dtype):
    a = random_array((4, 5), dtype, seed=81)
    x = sym(a)
    check(x[1:, ::-2], [x], [a], a[1:, ::-2])
    check(x[-1, 2], [x], [a], a[-1, 2])


def test_symbolic_scalar_and_slice_indices():
    a = random_array((6, 7), "float64", seed=82)
    x = sym(a)
    i, j, k = pt.lscalar("i"), pt.lscalar("j"), pt.lscalar("k")
    in_range = [(1, 4, 1), (-2, 6, 2), (5, 0, -1), (-1, -7, -2)]
    any_bounds = in_range + [(0, 100, 3), (-100, 3, -1), (2, 2, 5)]
    cases = [
        (lambda: x[i], lambda i_, j_, k_: a[i_], in_range),
        (lambda: x[i, j], lambda i_, j_, k_: a[i_, j_], in_range),
        (lambda: x[i:j], lambda i_, j_, k_: a[i_:j_], any_bounds),
        (lambda: x[:, i:j:k], lambda i_, j_, k_: a[:, i_:j_:k_], any_bounds),
        (lambda: x[j::k, i], lambda i_, j_, k_: a[j_::k_, i_], in_range),
    ]
    for build, ref, value_sets in cases:
        out = build()
        for vals in value_sets:
            check(out, [x, i, j, k], [a] + [np.array(v) for v in vals], ref(*vals))


@pytest.mark.parametrize("which", ["fortran", "strided", "reversed", "transposed"])
def test_indexing_noncontiguous(which):
    a = random_array((4, 5, 6), "float64", seed=83)
    av = noncontiguous_views(a)[which]
    x = sym(a)
    for key in [(1, S(None, None, -1)), (S(None), 2), ([0, 3, 3], S(1, 4)), (S(None), [4, 0], [1, 5]),
                (a[:, 0, 0] > 0,)]:
        check(x[key], [x], [av], a[key])


def test_outputs_that_are_views_of_intermediates():
    """Basic indexing of a computed tensor returns views with negative or zero strides."""
    a = random_array((3, 4), "float64", seed=79)
    x = sym(a)
    y = x * 2
    outs = [y[::-1, ::-2], y.T, (x + 1)[1:, None, 2], y[-1]]
    refs = [(a * 2)[::-1, ::-2], (a * 2).T, (a + 1)[1:, None, 2], (a * 2)[-1]]
    f = swiftppl.function([x], outs)
    got = f(a)
    for g, r, o in zip(got, refs, outs):
        np.testing.assert_array_equal(g, r)
        assert o.type.ndim == g.ndim
    got[0][...] = -1.0  # outputs do not share memory with each other
    np.testing.assert_array_equal(got[1], (a * 2).T)
    np.testing.assert_array_equal(got[3], (a * 2)[-1])


# Advanced keys applied to an array of shape (4, 5, 6).
ADVANCED_KEYS = [
    [0, 2, 2],
    [-1, 0, -4],
    A([[0, 1], [3, 3]]),
    ([0, 1], S(None), [2, 3]),               # separated advanced indices: broadcast axes go first
    (S(None), [0, 1], [2, 3]),               # adjacent: they stay in place
    (S(None), A([[0], [4]]), [1, 2, 5]),     # index arrays broadcast together
    (1, S(None), [0, 2]),                    # an integer counts as advanced, separated -> front
    ([1, 3], 2),                             # adjacent int + array
    (S(1, 3), [0, 0, 4]),
    (Ellipsis, [5, 0]),
    (None, [1, 2]),
    ([1, 2], None),
    ([[1]], S(None, None, -1), [[0, 1]]),
    (A([], dtype=np.int64),),
    ([],),
    (S(None), []),
    (A([True, False, True, True]),),
    (S(None), A([False, True, True, False, True])),
    (random_array((4, 5), "bool", seed=84),),
    (random_array((4, 5, 6), "bool", seed=85),),
    (A([True, False, False, True]), S(1, 3), [0, 5]),
    (A([False] * 4),),
    (Ellipsis, A([True, False, True, False, False, True])),
    (A(1),),                                 # a 0-d integer array acts as an integer
    (A(2), S(None), A([0, 1])),
]


@pytest.mark.parametrize("static", [False, True], ids=["unknown", "static"])
@pytest.mark.parametrize("key", ADVANCED_KEYS, ids=_ids)
def test_advanced_indexing(key, static):
    a = random_array((4, 5, 6), "float64", seed=86)
    x = sym(a, static)
    check(x[key], [x], [a], a[key])


@pytest.mark.parametrize("key", [
    [0, 2, 2],
    ([0, 1], S(None), [2, 3]),
    (S(None), A([[0], [4]]), [1, 2, 5]),
    (A([True, False, True, True]),),
    (S(None), A([False, True, True, False, True])),
    (random_array((4, 5), "bool", seed=87),),
], ids=_ids)
def test_advanced_indexing_symbolic_indices(key):
    """Index arrays given as symbolic inputs (int64 or bool vectors/matrices)."""
    a = random_array((4, 5, 6), "float64", seed=88)
    x = sym(a)
    key = key if isinstance(key, tuple) else (key,)
    inputs, values, sym_key = [x], [a], []
    for k in key:
        if isinstance(k, (list, np.ndarray)):
            arr = np.asarray(k)
            v = sym(arr)
            inputs.append(v)
            values.append(arr)
            sym_key.append(v)
        else:
            sym_key.append(k)
    check(x[tuple(sym_key)], inputs, values, a[key])


@pytest.mark.parametrize("dtype", ["int64", "bool"])
def test_advanced_indexing_int_bool_values(dtype):
    a = random_array((4, 5), dtype, seed=89)
    x = sym(a)
    check(x[[3, 0, 0]], [x], [a], a[[3, 0, 0]])
    check(x[a != a[0, 0]], [x], [a], a[a != a[0, 0]])


# ---------------------------------------------------------------------------
# set_subtensor / inc_subtensor
# ---------------------------------------------------------------------------

SET_KEYS = [
    1,
    -1,
    (1, 2),
    S(1, 3),
    S(None, None, -2),
    (S(None), S(None, None, 2), 0),
    (Ellipsis, 1),
    (S(None), S(None)),
    [0, 2],
    ([0, 1], S(None), [2, 3]),
    (S(None), [0, 1], [2, 3]),
    (1, S(None), [0, 2]),
    (S(None), A([[0], [4]]), [1, 2, 5]),
    (A([True, False, True, True]),),
    (S(None), A([False, True, True, False, True])),
    (random_array((4, 5), "bool", seed=90),),
]


def _numpy_inc(a, key, y):
    """inc_subtensor's reference: numpy.add.at for integer-array indices (repeats add up)."""
    out = a.copy()
    np.add.at(out, key, y)
    return out


def _numpy_set(a, key, y):
    out = a.copy()
    out[key] = y
    return out


@pytest.mark.parametrize("scalar_y", [False, True], ids=["array", "scalar"])
@pytest.mark.parametrize("key", SET_KEYS, ids=_ids)
def test_set_and_inc_subtensor(key, scalar_y):
    a = random_array((4, 5, 6), "float64", seed=91)
    region = a[key]
    y = np.array(2.5) if scalar_y else random_array(region.shape, "float64", seed=92)
    x, vy = sym(a), sym(y)
    check(pt.set_subtensor(x[key], vy), [x, vy], [a, y], _numpy_set(a, key, y))
    check(pt.inc_subtensor(x[key], vy), [x, vy], [a, y], _numpy_inc(a, key, y))
    check(x[key].set(vy), [x, vy], [a, y], _numpy_set(a, key, y))
    check(x[key].inc(vy), [x, vy], [a, y], _numpy_inc(a, key, y))


def test_set_subtensor_broadcasts_value():
    a = random_array((4, 5), "float64", seed=93)
    y = random_array((5,), "float64", seed=94)
    x, vy = sym(a), sym(y)
    check(pt.set_subtensor(x[1:3], vy), [x, vy], [a, y], _numpy_set(a, S(1, 3), y))
    check(pt.inc_subtensor(x[[0, 0, 2]], vy), [x, vy], [a, y], _numpy_inc(a, [0, 0, 2], y))
    check(pt.set_subtensor(x[:, 1], 0), [x], [a], _numpy_set(a, (S(None), 1), 0))


@pytest.mark.parametrize("key", [
    [0, 0, 2, 0],
    A([[1, 1], [1, 3]]),
    ([0, 0, 1], [2, 2, 2]),
    (S(None), [4, 4, 0]),
    ([3, 3], [1, 1]),
    (S(None, None, -1), [1, 1, 0]),
], ids=_ids)
def test_inc_subtensor_repeated_indices_accumulate(key):
    a = random_array((4, 5), "float64", seed=95)
    region = a[key]
    y = random_array(region.shape, "float64", seed=96)
    x, vy = sym(a), sym(y)
    check(pt.inc_subtensor(x[key], vy), [x, vy], [a, y], _numpy_inc(a, key, y))
    check(pt.inc_subtensor(x[key], 1.0), [x], [a], _numpy_inc(a, key, 1.0))


def test_set_inc_with_symbolic_indices():
    a = random_array((5, 3), "float64", seed=97)
    idx = np.array([4, 0, 4])
    x, vi = sym(a), sym(idx)
    i = pt.lscalar("i")
    check(pt.inc_subtensor(x[vi], 1.0), [x, vi], [a, idx], _numpy_inc(a, idx, 1.0))
    check(pt.set_subtensor(x[i, 1:], -1.0), [x, i], [a, np.array(-2)], _numpy_set(a, (-2, S(1, None)), -1.0))


@pytest.mark.parametrize("xdtype,ydtype", [("int64", "float64"), ("float64", "int64"), ("int64", "bool"),
                                            ("float64", "bool")])
def test_set_inc_casts_value_to_x_dtype(xdtype, ydtype):
    a = random_array((6,), xdtype, seed=98)
    y = random_array((2,), ydtype, seed=99)
    x, vy = sym(a), sym(y)
    expected_set = a.copy()
    expected_set[[1, 4]] = y  # NumPy casts the value into the array's dtype
    check(pt.set_subtensor(x[[1, 4]], vy), [x, vy], [a, y], expected_set)
    expected_inc = a.copy()
    expected_inc[1:3] += y.astype(a.dtype)
    check(pt.inc_subtensor(x[1:3], vy), [x, vy], [a, y], expected_inc)


@pytest.mark.parametrize("which", ["fortran", "strided", "reversed", "transposed"])
def test_set_inc_noncontiguous(which):
    a = random_array((4, 5), "float64", seed=100)
    y = random_array((2, 5), "float64", seed=101)
    av, yv = noncontiguous_views(a)[which], noncontiguous_views(y)[which]
    x, vy = sym(a), sym(y)
    check(pt.set_subtensor(x[[3, 1]], vy), [x, vy], [av, yv], _numpy_set(a, [3, 1], y))
    check(pt.inc_subtensor(x[::-2], vy), [x, vy], [av, yv], _numpy_inc(a, S(None, None, -2), y))


def test_inc_subtensor_of_bool_is_logical_or():
    a = np.array([False, False, True, False])
    x = sym(a)
    check(pt.inc_subtensor(x[[0, 0, 2]], True), [x], [a], _numpy_inc(a, [0, 0, 2], True))
    check(pt.set_subtensor(x[1:], True), [x], [a], _numpy_set(a, S(1, None), True))


@pytest.mark.xfail(strict=True, reason="as in PyTensor, x[1, None] is a Subtensor of the DimShuffle that adds the "
                   "new axis, so set_subtensor(x[1, None], v) returns that expanded tensor (shape (3, 1, 4)) "
                   "instead of x with the region set (NumPy's x[1, None] = v)")
def test_set_subtensor_through_newaxis_keeps_shape():
    a = random_array((3, 4), "float64", seed=103)
    x = sym(a)
    check(pt.set_subtensor(x[1, None], 0.0), [x], [a], _numpy_set(a, (1, None), 0.0))


def test_set_subtensor_of_whole_tensor():
    a = random_array((3, 2), "float64", seed=102)
    x = sym(a)
    check(pt.set_subtensor(x[:], 0.0), [x], [a], np.zeros_like(a))
    check(pt.inc_subtensor(x[:, :], 1.0), [x], [a], a + 1)
    check(pt.set_subtensor((x * 2)[:], 1.0), [x], [a], np.ones_like(a))
