"""Special-function ops (erfcx, erfinv, erfcinv, log_ndtr, ndtri, i0, i1, i0e, i1e, xlogx, polygamma,
betaln, xlogy0, tri_gamma) against scipy.special: wide argument ranges, broadcasting, NaN, infinities
and arguments outside the domain (NaN where SciPy gives NaN); their gradients against closed forms
evaluated with SciPy and against finite differences."""

import mpmath as mp
import numpy as np
import pytest
import scipy.special as sc

import swiftppl
import swiftppl.tensor as pt
from ops_parity import check, noncontiguous_views, sym

mp.mp.dps = 40


def log_uniform(low, high, n, seed):
    g = np.random.default_rng(seed)
    return np.exp(g.uniform(np.log(low), np.log(high), n))


def spread(low, high, n, seed):
    return np.random.default_rng(seed).uniform(low, high, n)


def both_signs(x):
    return np.concatenate([x, -x])


# name -> (pt function, SciPy reference, arguments across the domain, rtol). The tolerances are
# SciPy's accuracy more than ours (its erfcx for x < -20, its Bessel functions near overflow and its
# polygamma of high order are off by up to ~1e-13; the Swift tests check against mpmath).
UNARY = {
    "erfcx": (pt.erfcx, sc.erfcx, np.concatenate([spread(-26, 30, 200, 1), log_uniform(1e-300, 1e300, 100, 2)]), 1e-13),
    "erfinv": (pt.erfinv, sc.erfinv, np.concatenate([spread(-1, 1, 200, 3), both_signs(log_uniform(1e-300, 1, 50, 4)),
                                                     both_signs(1 - log_uniform(1e-16, 1e-1, 50, 5))]), 1e-13),
    "erfcinv": (pt.erfcinv, sc.erfcinv, np.concatenate([spread(0, 2, 200, 6), log_uniform(1e-300, 1, 100, 7),
                                                        2 - log_uniform(1e-16, 1, 50, 8)]), 1e-13),
    "log_ndtr": (pt.log_ndtr, sc.log_ndtr, np.concatenate([spread(-40, 38, 200, 9), -log_uniform(1, 1e150, 100, 10)]), 5e-13),
    "ndtri": (pt.ndtri, sc.ndtri, np.concatenate([spread(0, 1, 200, 11), log_uniform(1e-300, 1, 100, 12),
                                                  1 - log_uniform(1e-16, 1, 50, 13)]), 1e-13),
    "i0": (pt.i0, sc.i0, np.concatenate([spread(-50, 50, 200, 14), both_signs(log_uniform(1e-300, 700, 100, 15))]), 1e-13),
    "i1": (pt.i1, sc.i1, np.concatenate([spread(-50, 50, 200, 16), both_signs(log_uniform(1e-300, 700, 100, 17))]), 1e-13),
    "i0e": (pt.i0e, sc.i0e, np.concatenate([spread(-50, 50, 200, 18), both_signs(log_uniform(1e-300, 1e300, 100, 19))]), 1e-13),
    "i1e": (pt.i1e, sc.i1e, np.concatenate([spread(-50, 50, 200, 20), both_signs(log_uniform(1e-300, 1e300, 100, 21))]), 1e-13),
    "xlogx": (pt.xlogx, lambda x: sc.xlogy(x, x), np.concatenate([spread(0, 10, 100, 22), log_uniform(1e-300, 1e300, 100, 23)]), 1e-14),
    "tri_gamma": (pt.tri_gamma, lambda x: sc.polygamma(1, x), np.concatenate([spread(-10, 10, 200, 24), log_uniform(1e-10, 1e10, 100, 25)]), 1e-12),
}

# Non-finite, zero, boundary and out-of-domain arguments.
EDGES = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, 1.5, -1.5, 2.5, 5e-324, 1e-300,
                  -1e-300, 1e300, -1e300, 1 - 2 ** -53, 2 - 2 ** -52, 27.0, -27.0, 713.0, 714.0, -714.0])
# (name, argument) -> value where the op differs from SciPy at EDGES, and why.
EDGE_EXCEPTIONS = {
    # I0 and I1 have limits at +-inf (SciPy gives NaN), and are finite up to |x| = 713.98 (SciPy
    # overflows from about 713).
    ("i0", np.inf): np.inf, ("i0", -np.inf): np.inf, ("i1", np.inf): np.inf, ("i1", -np.inf): -np.inf,
    ("i0", 713.0): float(mp.besseli(0, 713)), ("i1", 713.0): float(mp.besseli(1, 713)),
    # The smallest subnormal erfc value has a finite inverse; SciPy gives inf.
    ("erfcinv", 5e-324): float(mp.findroot(lambda t: mp.log(mp.erfc(t)) - mp.log(mp.mpf(5e-324)), 27.2)),
    # i1(x) and i1e(x) are x/2 (1 +- ...), which rounds to 0 at the smallest subnormal x; SciPy gives 5e-324.
    ("i1", 5e-324): 0.0, ("i1e", 5e-324): 0.0,
    # No limit at -inf (poles all along); SciPy gives inf.
    ("tri_gamma", -np.inf): np.nan,
}


@pytest.mark.parametrize("name", list(UNARY))
def test_unary_wide_range(name):
    func, ref, xs, rtol = UNARY[name]
    x = sym(xs)
    check(func(x), [x], [xs], ref(xs), rtol=rtol)


@pytest.mark.parametrize("name", list(UNARY))
def test_unary_edges(name):
    func, ref, _, rtol = UNARY[name]
    with np.errstate(all="ignore"):
        expected = ref(EDGES)
    for k, v in enumerate(EDGES):
        if (name, v) in EDGE_EXCEPTIONS and not np.isnan(v):
            expected[k] = EDGE_EXCEPTIONS[(name, v)]
    if name == "tri_gamma":
        # At the poles -1, -2, ... SpecialFunctions' trigamma gives NaN (SciPy the limit +inf).
        expected[(EDGES < 0) & (EDGES == np.floor(EDGES))] = np.nan
    x = sym(EDGES)
    got = check(func(x), [x], [EDGES], expected, rtol=rtol)
    assert not np.isnan(got[~np.isnan(expected)]).any()


@pytest.mark.parametrize("name", ["log_ndtr", "i1e", "erfcinv"])
def test_unary_noncontiguous_inputs(name):
    func, ref, xs, rtol = UNARY[name]
    a = xs[:48].reshape(6, 8)
    for view in noncontiguous_views(a).values():
        x = sym(view)
        check(func(x), [x], [view], ref(a), rtol=rtol)


def test_unary_int_and_bool_arguments_compute_in_float64():
    a = np.array([-3, 0, 1, 2, 40])
    x = sym(a)
    check(pt.i0e(x), [x], [a], sc.i0e(a.astype(float)), rtol=1e-14)
    b = np.array([True, False])
    y = sym(b)
    check(pt.log_ndtr(y), [y], [b], sc.log_ndtr(b.astype(float)), rtol=1e-14)


def test_polygamma_broadcasting_and_orders():
    n = np.arange(0, 8).reshape(8, 1)  # int64 orders in a column
    xs = np.concatenate([spread(-6, 0, 20, 30), spread(0, 10, 20, 31), log_uniform(10, 1e8, 10, 32)]).reshape(1, 50)
    a, b = sym(n), sym(xs)
    with np.errstate(all="ignore"):
        check(pt.polygamma(a, b), [a, b], [n, xs], sc.polygamma(n, xs), rtol=1e-12)
    # A Python int order and a vector.
    x = pt.vector("x")
    check(pt.polygamma(3, x), [x], [xs.ravel()], sc.polygamma(3, xs.ravel()), rtol=1e-12)


def test_polygamma_invalid_orders_give_nan():
    n = np.array([1.5, -1.0, np.nan, np.inf, -np.inf, 2.0, 0.0])
    x = np.array([2.0, 2.0, 2.0, 2.0, 2.0, np.nan, -3.0])
    a, b = sym(n), sym(x)
    with np.errstate(all="ignore"):
        expected = sc.polygamma(n, x)
    # SciPy gives -inf for polygamma(-inf, 2) and psi(-3) = NaN at the pole; both NaN here.
    expected[3:5] = np.nan
    assert np.isnan(check(pt.polygamma(a, b), [a, b], [n, x], expected)).all()


def exact_betaln(a, b):
    return float(mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(mp.mpf(a) + b))


def test_betaln_broadcasting_and_wide_range():
    a = log_uniform(1e-10, 1e10, 30, 40).reshape(30, 1)
    b = log_uniform(1e-10, 1e10, 20, 41).reshape(1, 20)
    x, y = sym(a), sym(b)
    # SciPy's betaln is off by up to 2e-10 here (large or very unequal arguments); mpmath next.
    got = check(pt.betaln(x, y), [x, y], [a, b], sc.betaln(a, b), rtol=1e-9)
    exact = np.vectorize(exact_betaln)(a, b)
    np.testing.assert_allclose(got, exact, rtol=2e-15)


def test_betaln_edges():
    a = np.array([np.nan, 1.0, np.inf, 0.0, 1e-300, -0.5, -1.5, -2.5, -1.0, 12.5, 1e300, 1.0])
    b = np.array([1.0, np.nan, 1.0, 1.0, 1.0, 1.0, 0.7, 2.5, 0.5, -3.25, 1e300, 1e-320])
    x, y = sym(a), sym(b)
    expected = sc.betaln(a, b)
    expected[10] = exact_betaln(1e300, 1e300)  # SciPy's is 2e-13 off
    expected[11] = exact_betaln(1.0, 1e-320)  # log(1e320); SciPy overflows to inf
    check(pt.betaln(x, y), [x, y], [a, b], expected, rtol=1e-14)


def test_xlogy0_and_xlogx_edges():
    x = np.array([0.0, 0.0, 0.0, 0.0, -0.0, 1.0, np.nan, np.inf, 2.0, 1.0, 3.0, -4.0])
    y = np.array([np.nan, 0.0, -1.0, np.inf, 2.0, -1.0, 0.0, 0.0, 0.0, np.inf, 1e-300, 3.0])
    a, b = sym(x), sym(y)
    check(pt.xlogy0(a, b), [a, b], [x, y], sc.xlogy(x, y), rtol=1e-15)
    # A Python number on either side, broadcast.
    v = pt.vector("v")
    ys = log_uniform(1e-5, 1e5, 9, 50)
    check(pt.xlogy0(2.5, v), [v], [ys], sc.xlogy(2.5, ys), rtol=1e-15)
    check(pt.xlogy0(v, 0.0), [v], [np.array([0.0, 1.0])], sc.xlogy(np.array([0.0, 1.0]), 0.0))


def grad_of(op, xs):
    x = pt.vector("x")
    g = swiftppl.grad(pt.sum(op(x)), x)
    return swiftppl.function([x], g)(xs)


# name -> (pt function, derivative from SciPy functions, arguments)
DERIVATIVES = {
    "erfcx": (pt.erfcx, lambda x: 2 * x * sc.erfcx(x) - 2 / np.sqrt(np.pi), spread(-5, 5, 30, 60)),
    "erfinv": (pt.erfinv, lambda p: np.sqrt(np.pi) / 2 * np.exp(sc.erfinv(p) ** 2), spread(-0.999, 0.999, 30, 61)),
    "erfcinv": (pt.erfcinv, lambda q: -np.sqrt(np.pi) / 2 * np.exp(sc.erfcinv(q) ** 2), log_uniform(1e-200, 1.99, 30, 62)),
    # phi(x)/Phi(x) = sqrt(2/pi) / erfcx(-x/sqrt(2)) (exp(-x^2/2) cancels), with SciPy's erfcx.
    "log_ndtr": (pt.log_ndtr, lambda x: np.sqrt(2 / np.pi) / sc.erfcx(-x / np.sqrt(2)),
                 np.concatenate([spread(-35, 35, 30, 63), -log_uniform(40, 1e5, 10, 64)])),
    "ndtri": (pt.ndtri, lambda p: np.sqrt(2 * np.pi) * np.exp(sc.ndtri(p) ** 2 / 2), log_uniform(1e-200, 0.999, 30, 65)),
    "i0": (pt.i0, sc.i1, spread(-50, 50, 30, 66)),
    "i1": (pt.i1, lambda x: sc.i0(x) - sc.i1(x) / x, spread(-50, 50, 30, 67)),
    "i0e": (pt.i0e, lambda x: sc.i1e(x) - np.sign(x) * sc.i0e(x), both_signs(log_uniform(1e-3, 1e4, 15, 68))),
    "i1e": (pt.i1e, lambda x: sc.i0e(x) - sc.i1e(x) * (np.sign(x) + 1 / x), both_signs(log_uniform(1e-3, 1e4, 15, 69))),
    "xlogx": (pt.xlogx, lambda x: np.log(x) + 1, log_uniform(1e-100, 1e100, 30, 70)),
    "tri_gamma": (pt.tri_gamma, lambda x: sc.polygamma(2, x), spread(-5, 5, 30, 71)),
}


@pytest.mark.parametrize("name", list(DERIVATIVES))
def test_unary_gradients_against_closed_forms(name):
    func, derivative, xs = DERIVATIVES[name]
    np.testing.assert_allclose(grad_of(func, xs), derivative(xs), rtol=1e-11, atol=1e-300)


def test_binary_gradients_against_closed_forms():
    a, b = pt.vector("a"), pt.vector("b")
    av, bv = log_uniform(0.01, 1e4, 12, 80), log_uniform(0.01, 1e4, 12, 81)
    ga, gb = swiftppl.function([a, b], swiftppl.grad(pt.sum(pt.betaln(a, b)), [a, b]))(av, bv)
    np.testing.assert_allclose(ga, sc.psi(av) - sc.psi(av + bv), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(gb, sc.psi(bv) - sc.psi(av + bv), rtol=1e-9, atol=1e-12)
    gx, gy = swiftppl.function([a, b], swiftppl.grad(pt.sum(pt.xlogy0(a, b)), [a, b]))(
        np.array([0.0, 2.0, -1.5]), np.array([0.0, 3.0, 0.5]))
    np.testing.assert_allclose(gx, [-np.inf, np.log(3.0), np.log(0.5)])
    np.testing.assert_allclose(gy, [0.0, 2.0 / 3.0, -3.0])
    x = pt.vector("x")
    xs = spread(0.2, 8, 10, 82)
    for n in range(4):
        g = swiftppl.function([x], swiftppl.grad(pt.sum(pt.polygamma(n, x)), x))(xs)
        np.testing.assert_allclose(g, sc.polygamma(n + 1, xs), rtol=1e-12)


def test_gradients_against_finite_differences():
    """One composite of every op, differentiated and compared with central differences."""
    x = pt.vector("x")
    u = pt.sigmoid(x)  # in (0, 1) for the inverses
    terms = [pt.erfcx(x), pt.erfinv(u), pt.erfcinv(u), pt.log_ndtr(x), pt.ndtri(u), pt.i0(x), pt.i1(x),
             pt.i0e(x), pt.i1e(x), pt.xlogx(u), pt.polygamma(2, u + 1), pt.betaln(u, x * x + 1),
             pt.xlogy0(x, u), pt.tri_gamma(u)]
    cost = pt.sum(terms[0])
    for t in terms[1:]:
        cost = cost + pt.sum(t)
    f = swiftppl.function([x], cost)
    g = swiftppl.function([x], swiftppl.grad(cost, x))
    xs = spread(-2, 2, 7, 90)
    h = 1e-6
    numeric = np.array([(f(xs + h * e) - f(xs - h * e)) / (2 * h) for e in np.eye(len(xs))])
    np.testing.assert_allclose(g(xs), numeric, rtol=1e-7, atol=1e-7)
