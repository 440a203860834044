"""Value transforms from Python: round trips, and log|det J| of backward against finite-difference Jacobians computed with NumPy."""

import numpy as np
import pytest

import swiftppl.tensor as pt
from swiftppl.logprob import transforms as tr


def numeric_jacobian(f, y, h=1e-6):
    """d f / d y by central differences (f: R^m -> R^k), shape (k, m)."""
    y = np.asarray(y, dtype=float)
    columns = []
    for i in range(y.size):
        e = np.zeros_like(y)
        e.flat[i] = h
        columns.append((np.asarray(f(y + e)) - np.asarray(f(y - e))).ravel() / (2 * h))
    return np.stack(columns, axis=1)


def backward(t, y):
    return t.backward(y).eval()


ELEMENTWISE = [
    (tr.log, np.array([1e-3, 0.5, 2.0, 40.0])),
    (tr.logodds, np.array([1e-4, 0.3, 0.5, 0.999])),
    (tr.Interval(-1.0, 3.0), np.array([-0.99, 0.0, 2.5])),
    (tr.Interval(lower=2.0), np.array([2.001, 5.0])),
    (tr.Interval(upper=-1.0), np.array([-30.0, -1.5])),
    (tr.Chain([tr.log, tr.Interval(lower=-2.0)]), np.array([0.5, 3.0])),
]


@pytest.mark.parametrize("t, x", ELEMENTWISE, ids=lambda v: getattr(v, "name", None))
def test_elementwise_transforms(t, x):
    y = t.forward(x).eval()
    np.testing.assert_allclose(backward(t, y), x, rtol=1e-12, atol=1e-12)
    slopes = np.diag(numeric_jacobian(lambda v: backward(t, v), y))
    np.testing.assert_allclose(t.log_jac_det(y).eval(), np.log(np.abs(slopes)), rtol=1e-6, atol=1e-7)


def test_interval_with_tensor_bounds():
    lo, hi = pt.scalar("lo"), pt.scalar("hi")
    t = tr.Interval(lo, hi)
    y = t.forward(0.25)
    assert t.backward(y).eval({lo: 0.0, hi: 1.0}) == pytest.approx(0.25, rel=1e-14)
    assert y.eval({lo: 0.0, hi: 1.0}) == pytest.approx(np.log(0.25 / 0.75), rel=1e-14)


def test_circular_wraps_to_the_principal_interval():
    x = np.array([-3.0, 0.5, 3.1])
    np.testing.assert_allclose(tr.circular.forward(x).eval(), x, atol=1e-15)
    np.testing.assert_allclose(tr.circular.backward(x + 2 * np.pi).eval(), x, atol=1e-12)
    np.testing.assert_allclose(tr.circular.log_jac_det(x).eval(), 0.0)


@pytest.mark.parametrize("t", [tr.simplex, tr.stick_breaking], ids=["simplex", "stickbreaking"])
def test_simplex_transforms(t):
    x = np.array([0.1, 0.2, 0.3, 0.4])
    y = t.forward(x).eval()
    assert y.shape == (3,)
    np.testing.assert_allclose(backward(t, y), x, rtol=1e-12)
    # Density on the simplex is taken with respect to its first n - 1 coordinates.
    jac = numeric_jacobian(lambda v: backward(t, v)[:-1], y)
    assert t.log_jac_det(y).eval() == pytest.approx(np.linalg.slogdet(jac)[1], abs=1e-6)


def test_sum_to_1_and_ordered():
    x = np.array([0.2, 0.5, 0.3])
    y = tr.sum_to_1.forward(x).eval()
    np.testing.assert_allclose(backward(tr.sum_to_1, y), x, rtol=1e-14)
    jac = numeric_jacobian(lambda v: backward(tr.sum_to_1, v)[:-1], y)
    assert tr.sum_to_1.log_jac_det(y).eval() == pytest.approx(np.linalg.slogdet(jac)[1], abs=1e-7)
    z = np.array([-2.0, -1.5, 0.3, 4.0])
    yo = tr.ordered.forward(z).eval()
    np.testing.assert_allclose(backward(tr.ordered, yo), z, rtol=1e-12)
    jac = numeric_jacobian(lambda v: backward(tr.ordered, v), yo)
    assert tr.ordered.log_jac_det(yo).eval() == pytest.approx(np.linalg.slogdet(jac)[1], abs=1e-6)


def test_zero_sum_is_an_isometry_onto_the_hyperplane():
    t = tr.ZeroSumTransform((-1,))
    x = np.array([0.5, -1.0, 2.0, -1.5])
    y = t.forward(x).eval()
    assert y.shape == (3,)
    np.testing.assert_allclose(backward(t, y), x, atol=1e-12)
    jac = numeric_jacobian(lambda v: backward(t, v), y)
    # Volume factor sqrt(det(JᵀJ)) = 1 relative to the hyperplane's own measure.
    assert 0.5 * np.linalg.slogdet(jac.T @ jac)[1] == pytest.approx(0.0, abs=1e-7)
    assert float(np.sum(t.log_jac_det(y).eval())) == pytest.approx(0.0, abs=1e-12)


def test_cholesky_cov_packed():
    t = tr.CholeskyCovPacked(3)
    # Packed lower triangle by rows: L00, L10, L11, L20, L21, L22 (diagonal at 0, 2, 5).
    x = np.array([1.5, 0.3, 0.7, -0.2, 0.4, 2.0])
    y = t.forward(x).eval()
    np.testing.assert_allclose(y[[0, 2, 5]], np.log(x[[0, 2, 5]]))
    np.testing.assert_allclose(backward(t, y), x, rtol=1e-14)
    jac = numeric_jacobian(lambda v: backward(t, v), y)
    assert t.log_jac_det(y).eval() == pytest.approx(np.linalg.slogdet(jac)[1], abs=1e-6)


def test_bad_transform_arguments():
    with pytest.raises(ValueError, match="lower or an upper"):
        tr.Interval()
    with pytest.raises(TypeError, match="Chain"):
        tr.Chain([])
    with pytest.raises(ValueError):
        tr.CholeskyCovPacked(0).forward(np.ones(1)).eval()
