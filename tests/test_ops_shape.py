"""Shape ops (transpose, reshape, dimshuffle, expand_dims, squeeze, flatten,
concatenate, stack) and creation functions (arange, zeros, ones, eye,
fill_diagonal, *_like) against NumPy."""

import numpy as np
import pytest

import swiftppl
import swiftppl.tensor as pt
from ops_parity import assert_same, assert_static_type, check, noncontiguous_views, random_array, sym


@pytest.mark.parametrize("static", [False, True], ids=["unknown", "static"])
@pytest.mark.parametrize("axes", [None, (0, 1, 2), (2, 0, 1), (1, 0, 2), (-1, 0, -2)], ids=str)
def test_transpose(axes, static):
    a = random_array((2, 3, 4), "float64", seed=50)
    x = sym(a, static)
    out = check(pt.transpose(x, axes), [x], [a], np.transpose(a, axes))
    if static:
        assert pt.transpose(x, axes).type.shape == out.shape
    if axes is None:
        check(x.T, [x], [a], a.T)
        check(x.transpose(), [x], [a], a.T)
    else:
        check(x.transpose(axes), [x], [a], np.transpose(a, axes))
        check(x.transpose(*axes), [x], [a], np.transpose(a, axes))


@pytest.mark.parametrize("dtype", ["int64", "bool"])
def test_transpose_of_int_and_bool(dtype):
    a = random_array((3, 5), dtype, seed=51)
    x = sym(a)
    check(x.T, [x], [a], a.T)


RESHAPES = [
    ((2, 3, 4), (24,)),
    ((2, 3, 4), (6, 4)),
    ((2, 3, 4), (4, -1)),
    ((2, 3, 4), (-1,)),
    ((2, 3, 4), (2, -1, 2)),
    ((2, 3, 4), (1, 24, 1)),
    ((6,), (2, 3)),
    ((1,), ()),
    ((), (1, 1)),
    ((0, 3), (3, 0)),
    ((0, 3), (-1, 3)),
    ((4, 0), (0, 7)),
]


@pytest.mark.parametrize("static", [False, True], ids=["unknown", "static"])
@pytest.mark.parametrize("shape,newshape", RESHAPES, ids=str)
def test_reshape(shape, newshape, static):
    a = random_array(shape, "float64", seed=52)
    x = sym(a, static)
    expected = np.reshape(a, newshape)
    out = pt.reshape(x, newshape)
    check(out, [x], [a], expected)
    if static:
        assert out.type.shape == expected.shape
    check(x.reshape(newshape), [x], [a], expected)
    if len(newshape) > 0:
        check(x.reshape(*newshape), [x], [a], expected)


def test_reshape_symbolic_shapes():
    a = random_array((4, 6), "float64", seed=53)
    x = sym(a)
    check(x.reshape((x.shape[0], -1, 2)), [x], [a], a.reshape(4, -1, 2))
    check(x.reshape((x.shape[1], x.shape[0])), [x], [a], a.reshape(6, 4))
    check(pt.reshape(x, x.shape[::-1]), [x], [a], a.reshape(6, 4))
    check(pt.reshape(x, (2, x.shape[0] * 3)), [x], [a], a.reshape(2, 12))
    n = pt.lscalar("n")
    check(pt.reshape(x, (n, -1)), [x, n], [a, np.array(8)], a.reshape(8, -1))
    s = pt.lvector("s", shape=(3,))
    check(pt.reshape(x, s), [x, s], [a, np.array([3, 2, 4])], a.reshape(3, 2, 4))


@pytest.mark.parametrize("which", ["fortran", "strided", "reversed", "transposed"])
def test_reshape_and_flatten_noncontiguous(which):
    a = random_array((3, 4), "float64", seed=54)
    av = noncontiguous_views(a)[which]
    x = sym(a)
    check(x.reshape((2, 6)), [x], [av], a.reshape(2, 6))
    check(x.flatten(), [x], [av], a.flatten())
    check(x.T.reshape((-1,)), [x], [av], a.T.reshape(-1))


@pytest.mark.parametrize("ndim", [1, 2, 3])
def test_flatten(ndim):
    a = random_array((2, 3, 4), "int64", seed=55)
    x = sym(a)
    expected = a.reshape(a.shape[: ndim - 1] + (-1,))
    check(pt.flatten(x, ndim), [x], [a], expected)
    check(x.flatten(ndim), [x], [a], expected)
    xs = sym(a, static=True)
    assert pt.flatten(xs, ndim).type.shape == expected.shape


def test_flatten_scalar():
    a = np.array(3.5)
    x = sym(a)
    check(pt.flatten(x), [x], [a], a.flatten())


@pytest.mark.parametrize("pattern,ref", [
    ((1, 0), lambda a: a.T),
    (("x", 0, 1), lambda a: a[None]),
    ((0, "x", 1), lambda a: a[:, None]),
    ((1, "x", 0, "x"), lambda a: a.T[:, None, :, None]),
    ((0, 1, "x"), lambda a: a[..., None]),
], ids=str)
def test_dimshuffle(pattern, ref):
    a = random_array((3, 4), "float64", seed=56)
    for static in (False, True):
        x = sym(a, static)
        out = x.dimshuffle(*pattern)
        check(out, [x], [a], ref(a))
        check(x.dimshuffle(pattern), [x], [a], ref(a))
        # new axes are statically 1
        for p, s in zip(pattern, out.type.shape):
            if p == "x":
                assert s == 1


def test_dimshuffle_drops_broadcastable_axis():
    a = random_array((3, 1, 4), "float64", seed=57)
    x = pt.tensor("x", shape=(None, 1, None))
    check(x.dimshuffle(2, 0), [x], [a], a[:, 0, :].T)


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3, (0, 1), (0, 3), (-1, -2), (1, -1)], ids=str)
def test_expand_dims(axis):
    a = random_array((2, 3), "float64", seed=58)
    for static in (False, True):
        x = sym(a, static)
        out = pt.expand_dims(x, axis)
        got = check(out, [x], [a], np.expand_dims(a, axis))
        if static:
            assert out.type.shape == got.shape


def test_shape_padding_helpers():
    a = random_array((2, 3), "float64", seed=59)
    x = sym(a)
    check(pt.shape_padleft(x), [x], [a], a[None])
    check(pt.shape_padright(x, 2), [x], [a], a[..., None, None])
    check(pt.shape_padaxis(x, 1), [x], [a], a[:, None])


@pytest.mark.parametrize("axis", [None, 0, 2, -1, (0, 2), (-1, 0)], ids=str)
def test_squeeze_static(axis):
    a = random_array((1, 3, 1), "float64", seed=60)
    x = sym(a, static=True)
    out = pt.squeeze(x, axis)
    got = check(out, [x], [a], np.squeeze(a, axis))
    assert out.type.shape == got.shape
    check(x.squeeze(axis), [x], [a], np.squeeze(a, axis))


@pytest.mark.parametrize("axis", [0, 2, -1, (0, 2)], ids=str)
def test_squeeze_unknown_extent(axis):
    """An axis given explicitly may be of statically unknown length: it must be 1 at run time (NumPy)."""
    a = random_array((1, 3, 1), "float64", seed=61)
    x = pt.tensor(dtype="float64", shape=(None, None, None))
    check(pt.squeeze(x, axis), [x], [a], np.squeeze(a, axis))
    f = swiftppl.function([x], pt.squeeze(x, axis))
    with pytest.raises(ValueError, match="squeeze|length|size"):
        f(np.zeros((2, 3, 2)))
    with pytest.raises(ValueError):
        np.squeeze(np.zeros((2, 3, 2)), axis)


def test_squeeze_none_with_unknown_shape_keeps_axes():
    """axis=None only removes axes statically known to be 1 (the runtime shape is unknown when building)."""
    a = random_array((1, 3), "float64", seed=62)
    x = pt.tensor("x", shape=(1, None))
    check(pt.squeeze(x), [x], [a], np.squeeze(a))


CONCATENATE = [
    ([(2, 3), (4, 3)], 0),
    ([(2, 3), (2, 5), (2, 1)], 1),
    ([(2, 3), (2, 5)], -1),
    ([(2, 3, 4), (2, 1, 4)], -2),
    ([(0, 3), (2, 3)], 0),
    ([(5,)], 0),
    ([(3,), (0,), (2,)], 0),
]


@pytest.mark.parametrize("static", [False, True], ids=["unknown", "static"])
@pytest.mark.parametrize("shapes,axis", CONCATENATE, ids=str)
def test_concatenate(shapes, axis, static):
    arrays = [random_array(s, "float64", seed=63 + i) for i, s in enumerate(shapes)]
    xs = [sym(a, static) for a in arrays]
    out = pt.concatenate(xs, axis=axis)
    got = check(out, xs, arrays, np.concatenate(arrays, axis=axis))
    if static:
        assert out.type.shape == got.shape
    check(pt.join(axis, *xs), xs, arrays, np.concatenate(arrays, axis=axis))


def test_concatenate_mixed_dtypes():
    arrays = [random_array((2, 2), d, seed=70) for d in ("bool", "int64", "float64")]
    xs = [sym(a) for a in arrays]
    check(pt.concatenate(xs[:2]), xs[:2], arrays[:2], np.concatenate(arrays[:2]))
    check(pt.concatenate(xs), xs, arrays, np.concatenate(arrays))
    check(pt.concatenate([xs[0], arrays[1]], axis=1), xs[:1], arrays[:1], np.concatenate(arrays[:2], axis=1))


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2, -3])
def test_stack(axis):
    arrays = [random_array((2, 3), "float64", seed=71 + i) for i in range(3)]
    for static in (False, True):
        xs = [sym(a, static) for a in arrays]
        out = pt.stack(xs, axis=axis)
        got = check(out, xs, arrays, np.stack(arrays, axis=axis))
        if static:
            assert out.type.shape == got.shape


def test_stack_scalars_and_as_tensor():
    a, b = np.array(1.5), np.array(-2.0)
    x, y = sym(a), sym(b)
    check(pt.stack([x, y]), [x, y], [a, b], np.stack([a, b]))
    check(pt.as_tensor_variable([x, 2.0, y]), [x, y], [a, b], np.array([1.5, 2.0, -2.0]))
    check(pt.stack([x, y, 3]), [x, y], [a, b], np.array([1.5, -2.0, 3.0]))


# ---------------------------------------------------------------------------
# Creation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("args,dtype", [
    ((5,), None), ((2, 9), None), ((2, 9, 3), None), ((9, 2, -2), None), ((0,), None), ((5, 2), None),
    ((0.0, 1.0, 0.1), None), ((1.5, -2.0, -0.25), None), ((3,), "float64"), ((0, 5, 0.5), None),
    ((-3, 4), "float64"), ((-5, 5, 3), None), ((1, 7, 2), "float64"), ((0.5, 3), "int64"),
], ids=str)
def test_arange(args, dtype):
    # Left out: an integer dtype with a fractional step, where NumPy's result
    # (np.arange(1, 2.5, 0.5, dtype=int) == [1, 1, 1]) is an artefact of its
    # algorithm that its documentation warns against.
    out = pt.arange(*args, dtype=dtype)
    expected = np.arange(*args, dtype=dtype)
    f = swiftppl.function([], out)
    got = f()
    assert_same(got, expected, rtol=1e-15, atol=1e-15)
    assert_static_type(out, got)
    assert out.type.shape == got.shape  # constant arguments give a known length


def test_arange_symbolic():
    n = pt.lscalar("n")
    check(pt.arange(n), [n], [np.array(4)], np.arange(4))
    check(pt.arange(1, n, 2), [n], [np.array(8)], np.arange(1, 8, 2))
    s = pt.dscalar("s")
    check(pt.arange(0, 1, s), [s], [np.array(0.25)], np.arange(0, 1, 0.25))


@pytest.mark.parametrize("shape", [3, (2, 3), (), (0, 4), [1, 2, 1]], ids=str)
@pytest.mark.parametrize("dtype", [None, "int64", "bool", "float64"])
def test_zeros_ones_full(shape, dtype):
    for func, ref in ((pt.zeros, np.zeros), (pt.ones, np.ones)):
        out = func(shape, dtype=dtype)
        got = swiftppl.function([], out)()
        assert_same(got, ref(shape, dtype=dtype))
        assert_static_type(out, got)
        assert out.type.shape == got.shape
    out = pt.full(shape, 7, dtype=dtype)
    got = swiftppl.function([], out)()
    assert_same(got, np.full(shape, 7, dtype=dtype if dtype else np.int64))


def test_zeros_with_symbolic_shape():
    a = random_array((2, 3), "float64", seed=72)
    x = sym(a)
    check(pt.zeros(x.shape), [x], [a], np.zeros((2, 3)))
    check(pt.ones((x.shape[1], 2), dtype="int64"), [x], [a], np.ones((3, 2), dtype=np.int64))
    check(pt.alloc(2.5, x.shape[0], 4), [x], [a], np.full((2, 4), 2.5))
    v = np.array([1.0, 2.0, 3.0])
    xv = sym(v)
    check(pt.alloc(xv, 2, 3), [xv], [v], np.broadcast_to(v, (2, 3)))


@pytest.mark.parametrize("dtype", [None, "float64", "int64", "bool"])
@pytest.mark.parametrize("src", ["float64", "int64", "bool"])
def test_zeros_ones_like(src, dtype):
    a = random_array((2, 0, 3) if src == "bool" else (2, 3), src, seed=73)
    x = sym(a)
    check(pt.zeros_like(x, dtype=dtype), [x], [a], np.zeros_like(a, dtype=dtype))
    check(pt.ones_like(x, dtype=dtype), [x], [a], np.ones_like(a, dtype=dtype))
    xs = sym(a, static=True)
    assert pt.zeros_like(xs).type.shape == a.shape
    check(pt.full_like(x, 3), [x], [a], np.full_like(a, 3))


@pytest.mark.parametrize("n,m,k", [
    (3, None, 0), (3, 5, 0), (5, 3, 0), (4, 4, 1), (4, 4, -2), (3, 5, 2), (5, 3, -4), (3, 3, 5), (3, 3, -3),
    (0, 0, 0), (0, 3, 0), (1, 1, 0),
])
@pytest.mark.parametrize("dtype", [None, "int64", "bool"])
def test_eye(n, m, k, dtype):
    out = pt.eye(n, m, k, dtype=dtype)
    got = swiftppl.function([], out)()
    assert_same(got, np.eye(n, m, k, dtype=dtype or "float64"))
    assert_static_type(out, got)
    assert out.type.shape == got.shape


def test_eye_symbolic():
    n, k = pt.lscalar("n"), pt.lscalar("k")
    check(pt.eye(n, n + 1, k), [n, k], [np.array(3), np.array(-1)], np.eye(3, 4, -1))


@pytest.mark.parametrize("shape", [(4, 4), (5, 3), (3, 5), (3, 3, 3), (1, 1), (0, 0)], ids=str)
@pytest.mark.parametrize("dtype", ["float64", "int64"])
def test_fill_diagonal(shape, dtype):
    a = random_array(shape, dtype, seed=74)
    x = sym(a)
    for val in (9, -2.5):
        expected = a.copy()
        np.fill_diagonal(expected, val)
        check(pt.fill_diagonal(x, val), [x], [a], expected)
    v = pt.scalar("v", dtype=dtype)
    expected = a.copy()
    np.fill_diagonal(expected, 7)
    check(pt.fill_diagonal(x, v), [x, v], [a, np.array(7, dtype=dtype)], expected)


@pytest.mark.parametrize("which", ["fortran", "strided", "reversed", "transposed"])
def test_fill_diagonal_noncontiguous(which):
    a = random_array((4, 3), "float64", seed=75)
    av = noncontiguous_views(a)[which]
    expected = a.copy()
    np.fill_diagonal(expected, 0.5)
    x = sym(a)
    check(pt.fill_diagonal(x, 0.5), [x], [av], expected)


def test_shape_and_size():
    a = random_array((2, 0, 5), "float64", seed=76)
    x = sym(a)
    check(x.shape, [x], [a], np.array(a.shape))
    check(pt.shape(x), [x], [a], np.array(a.shape))
    check(x.shape[-1], [x], [a], np.array(5))
    check(x.size, [x], [a], np.array(a.size))
