"""Products (dot, matmul, outer) and linear algebra (cholesky, solve,
solve_triangular, det, slogdet, inv) against numpy.linalg / scipy.linalg."""

import operator

import numpy as np
import pytest
import scipy.linalg

import swiftppl
import swiftppl.tensor as pt
from ops_parity import check, noncontiguous_views, random_array, rng, sym

# LAPACK in NumPy and in swiftppl may block differently: results agree to a few
# ulps times the condition number, not bit for bit.
LINALG_RTOL = 1e-10

DOT_SHAPES = [
    ((3,), (3,)),
    ((2, 3), (3,)),
    ((3,), (3, 4)),
    ((2, 3), (3, 4)),
    ((1, 3), (3, 1)),
    ((2, 3, 4), (4,)),
    ((4,), (2, 4, 3)),
    ((2, 3, 4), (4, 5)),
    ((2, 3, 4), (5, 4, 6)),
    ((0,), (0,)),
    ((0, 3), (3, 2)),
    ((2, 0), (0, 3)),
    ((3, 2), (2, 0)),
]


@pytest.mark.parametrize("static", [False, True], ids=["unknown", "static"])
@pytest.mark.parametrize("sa,sb", DOT_SHAPES, ids=str)
def test_dot(sa, sb, static):
    a = random_array(sa, "float64", seed=110)
    b = random_array(sb, "float64", seed=111)
    x, y = sym(a, static), sym(b, static)
    out = pt.dot(x, y)
    got = check(out, [x, y], [a, b], np.dot(a, b), rtol=1e-13, atol=1e-14)
    if static:
        assert out.type.shape == got.shape
    check(x.dot(y), [x, y], [a, b], np.dot(a, b), rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("sa,sb", [((), ()), ((), (3,)), ((2, 3), ()), ((), (2, 3, 4))], ids=str)
def test_dot_with_0d_operand_multiplies(sa, sb):
    """numpy.dot (and PyTensor's dot) of a 0-d operand is multiplication."""
    a = random_array(sa, "float64", seed=119)
    b = random_array(sb, "int64", seed=119)
    x, y = sym(a), sym(b)
    check(pt.dot(x, y), [x, y], [a, b], np.dot(a, b))
    check(pt.dot(2.5, y), [y], [b], np.dot(2.5, b))


@pytest.mark.parametrize("da,db", [("int64", "int64"), ("int64", "float64"), ("bool", "bool"), ("bool", "int64"),
                                   ("float64", "bool")])
@pytest.mark.parametrize("sa,sb", [((3,), (3,)), ((2, 3), (3, 4)), ((2, 3), (3,)), ((2, 3, 4), (5, 4, 2))], ids=str)
def test_dot_dtypes(sa, sb, da, db):
    a = random_array(sa, da, seed=112)
    b = random_array(sb, db, seed=113)
    x, y = sym(a), sym(b)
    check(pt.dot(x, y), [x, y], [a, b], np.dot(a, b), rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("which", ["fortran", "strided", "reversed", "transposed"])
def test_dot_noncontiguous(which):
    a = random_array((4, 3), "float64", seed=114)
    b = random_array((3, 5), "float64", seed=115)
    v = random_array((3,), "float64", seed=116)
    av, bv, vv = (noncontiguous_views(t)[which] if which != "transposed" or t.ndim > 1 else t for t in (a, b, v))
    x, y, z = sym(a), sym(b), sym(v)
    check(pt.dot(x, y), [x, y], [av, bv], a @ b, rtol=1e-13)
    check(pt.dot(x, z), [x, z], [av, vv], a @ v, rtol=1e-13)
    check(pt.dot(z, y), [z, y], [vv, bv], v @ b, rtol=1e-13)
    check(pt.dot(x.T, x), [x], [av], a.T @ a, rtol=1e-13)
    check(pt.dot(x[::2], y[:, ::-1]), [x, y], [av, bv], a[::2] @ b[:, ::-1], rtol=1e-13)
    # sub-blocks: leading dimensions larger than the block (lda > cols, or > rows when column-major)
    check(pt.dot(x[:, :2], y[:2]), [x, y], [av, bv], a[:, :2] @ b[:2], rtol=1e-13)
    check(pt.dot(x[:2], y[:, 1:4]), [x, y], [av, bv], a[:2] @ b[:, 1:4], rtol=1e-13)
    check(pt.matmul(x[1:3, :2], y[:2, ::2]), [x, y], [av, bv], a[1:3, :2] @ b[:2, ::2], rtol=1e-13)


@pytest.mark.parametrize("transpose_a,transpose_b", [(False, False), (True, False), (False, True), (True, True)])
def test_dot_large_blocked(transpose_a, transpose_b):
    """Sizes where BLAS blocks the product; operands given in either layout."""
    a = random_array((70, 130), "float64", seed=147)
    b = random_array((130, 90), "float64", seed=148)
    av = np.asfortranarray(a) if transpose_a else a
    bv = np.asfortranarray(b) if transpose_b else b
    x, y = sym(a), sym(b)
    check(pt.dot(x, y), [x, y], [av, bv], a @ b, rtol=1e-12, atol=1e-12)
    check(pt.dot(y.T, x.T), [x, y], [av, bv], b.T @ a.T, rtol=1e-12, atol=1e-12)


def test_dot_of_dimshuffled_vectors():
    """Column and row vectors made by dimshuffle have zero strides on the new axes."""
    v = random_array((4,), "float64", seed=117)
    w = random_array((3,), "float64", seed=118)
    x, y = sym(v), sym(w)
    check(pt.dot(x.dimshuffle(0, "x"), y.dimshuffle("x", 0)), [x, y], [v, w], np.outer(v, w), rtol=1e-14)
    check(pt.dot(y.dimshuffle("x", 0), y.dimshuffle(0, "x")), [y], [w], w[None] @ w[:, None], rtol=1e-14)
    one = np.array([2.0])
    z = sym(one)
    check(pt.dot(z.dimshuffle("x", 0), z.dimshuffle(0, "x")), [z], [one], np.array([[4.0]]))


MATMUL_SHAPES = [
    ((2, 3), (3, 4)),
    ((5, 2, 3), (3, 4)),
    ((2, 3), (5, 3, 4)),
    ((1, 2, 3), (4, 3, 2)),
    ((4, 1, 2, 3), (5, 3, 2)),
    ((3,), (3,)),
    ((3,), (3, 4)),
    ((2, 3), (3,)),
    ((3,), (2, 3, 4)),
    ((2, 3, 4), (4,)),
    ((0, 2, 3), (3, 4)),
    ((2, 0, 3), (2, 3, 4)),
    ((2, 3, 0), (0, 4)),
]


@pytest.mark.parametrize("static", [False, True], ids=["unknown", "static"])
@pytest.mark.parametrize("sa,sb", MATMUL_SHAPES, ids=str)
def test_matmul(sa, sb, static):
    a = random_array(sa, "float64", seed=120)
    b = random_array(sb, "float64", seed=121)
    x, y = sym(a, static), sym(b, static)
    out = pt.matmul(x, y)
    got = check(out, [x, y], [a, b], np.matmul(a, b), rtol=1e-13, atol=1e-14)
    if static:
        assert out.type.shape == got.shape
    check(x @ y, [x, y], [a, b], a @ b, rtol=1e-13, atol=1e-14)
    check(operator.matmul(a, y), [y], [b], a @ b, rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("da,db", [("int64", "int64"), ("bool", "bool"), ("int64", "float64")])
def test_matmul_dtypes(da, db):
    a = random_array((2, 3, 4), da, seed=122)
    b = random_array((4, 2), db, seed=123)
    x, y = sym(a), sym(b)
    check(pt.matmul(x, y), [x, y], [a, b], np.matmul(a, b), rtol=1e-14)


@pytest.mark.parametrize("sa,sb", [((3,), (4,)), ((0,), (2,)), ((2, 2), (3,)), ((2, 3), (2, 2))], ids=str)
def test_outer(sa, sb):
    a = random_array(sa, "float64", seed=124)
    b = random_array(sb, "int64", seed=125)
    x, y = sym(a), sym(b)
    check(pt.outer(x, y), [x, y], [a, b], np.outer(a, b))


# ---------------------------------------------------------------------------
# Factorizations and solves
# ---------------------------------------------------------------------------


def spd(n, batch=(), seed=0):
    g = rng(seed)
    m = g.normal(size=batch + (n, n))
    return m @ np.swapaxes(m, -1, -2) + n * np.eye(n)


def general(n, batch=(), seed=0):
    g = rng(seed)
    return g.normal(size=batch + (n, n)) + n * np.eye(n)


def triangular(n, lower, seed=0):
    a = general(n, seed=seed)
    return np.tril(a) if lower else np.triu(a)


@pytest.mark.parametrize("n", [1, 3, 6])
@pytest.mark.parametrize("lower", [True, False])
def test_cholesky(n, lower):
    a = spd(n, seed=130)
    x = sym(a)
    check(pt.linalg.cholesky(x, lower=lower), [x], [a], scipy.linalg.cholesky(a, lower=lower), rtol=LINALG_RTOL,
          atol=1e-14)


def test_cholesky_reads_one_triangle_and_batches():
    a = spd(4, seed=131)
    garbage = a.copy()
    garbage[np.triu_indices(4, 1)] = 99.0  # numpy.linalg.cholesky reads only the lower triangle
    x = sym(a)
    check(pt.linalg.cholesky(x), [x], [garbage], np.linalg.cholesky(garbage), rtol=LINALG_RTOL, atol=1e-14)
    b = spd(3, batch=(2, 2), seed=132)
    xb = sym(b)
    check(pt.linalg.cholesky(xb), [xb], [b], np.linalg.cholesky(b), rtol=LINALG_RTOL, atol=1e-14)
    e = np.zeros((0, 0))
    xe = sym(e)
    check(pt.linalg.cholesky(xe), [xe], [e], np.linalg.cholesky(e))


def test_cholesky_not_pd():
    a = np.array([[1.0, 2.0], [2.0, 1.0]])
    x = sym(a)
    with pytest.raises(np.linalg.LinAlgError):
        np.linalg.cholesky(a)
    f = swiftppl.function([x], pt.linalg.cholesky(x))
    with pytest.raises(np.linalg.LinAlgError, match="positive definite"):
        f(a)
    g = swiftppl.function([x], pt.linalg.cholesky(x, on_error="nan"))
    assert np.isnan(g(a)).all()


@pytest.mark.parametrize("bshape", [(4,), (4, 1), (4, 3)], ids=str)
@pytest.mark.parametrize("assume_a,lower", [("gen", False), ("sym", False), ("sym", True), ("pos", False),
                                            ("pos", True)])
def test_solve(assume_a, lower, bshape):
    n = 4
    a = spd(n, seed=133) if assume_a != "gen" else general(n, seed=133)
    if assume_a != "gen":
        # Only one triangle may be read: make the other one garbage.
        other = np.triu_indices(n, 1) if lower else np.tril_indices(n, -1)
        a = a.copy()
        a[other] = 1e3
    b = random_array(bshape, "float64", seed=134)
    x, y = sym(a), sym(b)
    expected = scipy.linalg.solve(a, b, assume_a=assume_a, lower=lower)
    check(pt.linalg.solve(x, y, assume_a=assume_a, lower=lower), [x, y], [a, b], expected, rtol=LINALG_RTOL)


def test_solve_symmetric_indefinite():
    a = np.array([[1.0, 2.0, 0.0], [2.0, -3.0, 1.0], [0.0, 1.0, 0.5]])
    b = np.array([1.0, -1.0, 2.0])
    x, y = sym(a), sym(b)
    check(pt.linalg.solve(x, y, assume_a="sym"), [x, y], [a, b], scipy.linalg.solve(a, b, assume_a="sym"),
          rtol=LINALG_RTOL)


@pytest.mark.parametrize("ashape,bshape,b_ndim", [
    ((2, 3, 3), (2, 3, 2), 2),
    ((2, 3, 3), (2, 3), 1),
    ((3, 3), (5, 3), 1),
    ((3, 3), (5, 3, 2), 2),
    ((2, 1, 3, 3), (4, 3), 1),
    ((2, 3, 3), (3,), 1),
], ids=str)
def test_solve_batched(ashape, bshape, b_ndim):
    a = general(ashape[-1], batch=ashape[:-2], seed=135)
    b = random_array(bshape, "float64", seed=136)
    x, y = sym(a), sym(b)
    if b_ndim == 1:
        expected = np.linalg.solve(a, b[..., None])[..., 0]
    else:
        expected = np.linalg.solve(a, b)
    check(pt.linalg.solve(x, y, b_ndim=b_ndim), [x, y], [a, b], expected, rtol=LINALG_RTOL)


def test_solve_singular():
    a = np.array([[1.0, 2.0], [2.0, 4.0]])
    b = np.array([1.0, 1.0])
    x, y = sym(a), sym(b)
    with pytest.raises(np.linalg.LinAlgError):
        scipy.linalg.solve(a, b)
    f = swiftppl.function([x, y], pt.linalg.solve(x, y))
    with pytest.raises(np.linalg.LinAlgError, match="[Ss]ingular"):
        f(a, b)
    g = swiftppl.function([x, y], pt.linalg.solve(x, y, assume_a="pos"))
    with pytest.raises(np.linalg.LinAlgError):
        g(np.array([[1.0, 2.0], [2.0, 1.0]]), b)


@pytest.mark.parametrize("bshape", [(5,), (5, 2)], ids=str)
@pytest.mark.parametrize("unit_diagonal", [False, True])
@pytest.mark.parametrize("trans", [0, 1, "T", "N"])
@pytest.mark.parametrize("lower", [True, False])
def test_solve_triangular(lower, trans, unit_diagonal, bshape):
    a = triangular(5, lower, seed=137)
    # The other triangle is never read.
    full = a + (np.triu(np.full((5, 5), 7.0), 1) if lower else np.tril(np.full((5, 5), 7.0), -1))
    b = random_array(bshape, "float64", seed=138)
    x, y = sym(full), sym(b)
    expected = scipy.linalg.solve_triangular(full, b, trans=trans, lower=lower, unit_diagonal=unit_diagonal)
    out = pt.linalg.solve_triangular(x, y, trans=trans, lower=lower, unit_diagonal=unit_diagonal)
    check(out, [x, y], [full, b], expected, rtol=LINALG_RTOL)


def test_solve_triangular_batched_and_singular():
    a = np.stack([triangular(3, True, seed=s) for s in (139, 140)])
    b = random_array((2, 3, 2), "float64", seed=141)
    x, y = sym(a), sym(b)
    expected = np.stack([scipy.linalg.solve_triangular(a[i], b[i], lower=True) for i in range(2)])
    check(pt.linalg.solve_triangular(x, y, lower=True), [x, y], [a, b], expected, rtol=LINALG_RTOL)
    s = np.array([[1.0, 0.0], [1.0, 0.0]])
    xs, ys = sym(s), sym(np.ones(2))
    f = swiftppl.function([xs, ys], pt.linalg.solve_triangular(xs, ys, lower=True))
    with pytest.raises(np.linalg.LinAlgError):
        scipy.linalg.solve_triangular(s, np.ones(2), lower=True)
    with pytest.raises(np.linalg.LinAlgError, match="[Ss]ingular"):
        f(s, np.ones(2))


MATRICES = {
    "general": lambda: general(4, seed=142),
    "negative_det": lambda: general(3, seed=143) @ np.diag([1.0, 1.0, -1.0]),
    "permuted": lambda: np.array([[0.0, 2.0, 1.0], [3.0, 0.0, 1.0], [1.0, 1.0, 0.0]]),
    "singular": lambda: np.array([[1.0, 2.0], [2.0, 4.0]]),
    "one": lambda: np.array([[-3.0]]),
    "batched": lambda: general(3, batch=(2, 3), seed=144),
    "empty": lambda: np.zeros((0, 0)),
    "int": lambda: np.array([[2, 1], [1, 3]]),
}


@pytest.mark.parametrize("name", list(MATRICES))
def test_det_slogdet(name):
    a = MATRICES[name]()
    x = sym(a)
    check(pt.linalg.det(x), [x], [a], np.linalg.det(a), rtol=LINALG_RTOL, atol=1e-12)
    sign, logdet = pt.linalg.slogdet(x)
    ref_sign, ref_logdet = np.linalg.slogdet(a)
    f = swiftppl.function([x], [sign, logdet])
    got_sign, got_logdet = f(a)
    np.testing.assert_array_equal(got_sign, ref_sign)
    np.testing.assert_allclose(got_logdet, ref_logdet, rtol=LINALG_RTOL)
    assert got_sign.shape == ref_sign.shape and got_logdet.shape == np.shape(ref_logdet)
    assert sign.ndim == np.ndim(ref_sign) and logdet.dtype == "float64"


@pytest.mark.parametrize("name", [n for n in MATRICES if n != "singular"])
def test_inv(name):
    a = MATRICES[name]()
    x = sym(a)
    check(pt.linalg.inv(x), [x], [a], np.linalg.inv(a), rtol=LINALG_RTOL, atol=1e-13)
    check(pt.linalg.matrix_inverse(x), [x], [a], np.linalg.inv(a), rtol=LINALG_RTOL, atol=1e-13)


def test_inv_singular():
    a = MATRICES["singular"]()
    x = sym(a)
    with pytest.raises(np.linalg.LinAlgError):
        np.linalg.inv(a)
    f = swiftppl.function([x], pt.linalg.inv(x))
    with pytest.raises(np.linalg.LinAlgError, match="[Ss]ingular"):
        f(a)


@pytest.mark.parametrize("which", ["fortran", "strided", "reversed", "transposed"])
def test_linalg_noncontiguous(which):
    a = spd(4, seed=145)
    b = random_array((4, 2), "float64", seed=146)
    av, bv = noncontiguous_views(a)[which], noncontiguous_views(b)[which]
    x, y = sym(a), sym(b)
    check(pt.linalg.cholesky(x), [x], [av], np.linalg.cholesky(a), rtol=LINALG_RTOL, atol=1e-14)
    check(pt.linalg.solve(x, y), [x, y], [av, bv], np.linalg.solve(a, b), rtol=LINALG_RTOL)
    check(pt.linalg.det(x), [x], [av], np.linalg.det(a), rtol=LINALG_RTOL)
    check(pt.linalg.inv(x), [x], [av], np.linalg.inv(a), rtol=LINALG_RTOL)
    t = np.tril(a)
    tv = noncontiguous_views(t)[which]
    check(pt.linalg.solve_triangular(x, y, lower=True), [x, y], [tv, bv],
          scipy.linalg.solve_triangular(t, b, lower=True), rtol=LINALG_RTOL)
