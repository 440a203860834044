"""Bad inputs raise Python exceptions (never crash) whose messages name the shapes involved."""

import numpy as np
import pytest

import swiftppl
import swiftppl.tensor as pt


def _compile(inputs, out):
    return swiftppl.function(inputs, out)


# ---------------------------------------------------------------------------
# Shape mismatches: at build time when static shapes contradict, else at run time
# ---------------------------------------------------------------------------


def test_dot_static_shape_mismatch():
    a = pt.matrix("a", shape=(3, 4))
    v = pt.vector("v", shape=(5,))
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(5,\)"):
        pt.dot(a, v)
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(5, 2\)"):
        pt.dot(a, pt.matrix("b", shape=(5, 2)))
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(5, 2\)"):
        pt.matmul(a, pt.matrix("b", shape=(5, 2)))


def test_dot_runtime_shape_mismatch():
    a, v = pt.matrix("a"), pt.vector("v")
    f = _compile([a, v], pt.dot(a, v))
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(5,\)"):
        f(np.zeros((3, 4)), np.zeros(5))
    b = pt.matrix("b")
    g = _compile([a, b], a @ b)
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(5, 2\)"):
        g(np.zeros((3, 4)), np.zeros((5, 2)))
    t = pt.tensor3("t")
    h = _compile([t, b], pt.matmul(t, b))
    with pytest.raises(ValueError, match=r"\(2, 3, 4\).*\(5, 2\)"):
        h(np.zeros((2, 3, 4)), np.zeros((5, 2)))
    u = pt.tensor3("u")
    k = _compile([t, u], pt.matmul(t, u))
    with pytest.raises(ValueError, match=r"\(2, 3, 4\).*\(3, 4, 2\)|broadcast"):
        k(np.zeros((2, 3, 4)), np.zeros((3, 4, 2)))


def test_broadcast_mismatch_static():
    x = pt.matrix("x", shape=(3, 4))
    y = pt.vector("y", shape=(5,))
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(1, 5\)|\(3, 4\).*\(5,\)"):
        x + y


def test_broadcast_mismatch_runtime():
    x, y = pt.matrix("x"), pt.vector("y")
    f = _compile([x, y], x * y)
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(1, 5\)|\(3, 4\).*\(5,\)"):
        f(np.zeros((3, 4)), np.zeros(5))
    z = pt.tensor3("z")
    g = _compile([x, z], pt.switch(x > 0, x, z))
    with pytest.raises(ValueError, match=r"broadcast"):
        g(np.zeros((3, 4)), np.zeros((2, 3, 5)))


def test_reshape_incompatible():
    x = pt.matrix("x", shape=(2, 3))
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(4, 2\)"):
        x.reshape((4, 2))
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(4, -1\)"):
        x.reshape((4, -1))
    with pytest.raises(ValueError):
        x.reshape((-1, -1))
    u = pt.matrix("u")
    f = _compile([u], u.reshape((4, -1)))
    with pytest.raises(ValueError, match=r"size 6.*\(4, -1\)"):
        f(np.zeros((2, 3)))
    g = _compile([u], u.reshape((5, 5)))
    with pytest.raises(ValueError, match=r"size 6.*\(2, 3\).*\(5, 5\)"):
        g(np.zeros((2, 3)))


def test_concatenate_and_stack_mismatch():
    a = pt.matrix("a", shape=(2, 3))
    b = pt.matrix("b", shape=(2, 4))
    with pytest.raises(ValueError, match="dimension 1"):
        pt.concatenate([a, b], axis=0)
    with pytest.raises(ValueError):
        pt.concatenate([a, pt.vector("v")])
    x, y = pt.matrix("x"), pt.matrix("y")
    f = _compile([x, y], pt.concatenate([x, y], axis=0))
    with pytest.raises(ValueError, match=r"\(2, 4\).*\(2, 3\)"):
        f(np.zeros((2, 3)), np.zeros((2, 4)))
    g = _compile([x, y], pt.stack([x, y]))
    # stack joins the inputs with a new leading axis, so the message shows them as (1, 2, 3) and (1, 2, 4)
    with pytest.raises(ValueError, match=r"\(1, 2, 4\).*\(1, 2, 3\)"):
        g(np.zeros((2, 3)), np.zeros((2, 4)))


def test_set_subtensor_value_shape_mismatch():
    x, y = pt.matrix("x"), pt.matrix("y")
    f = _compile([x, y], pt.set_subtensor(x[1:], y))
    with pytest.raises(ValueError, match=r"\(3, 2\).*\(2, 4\)"):
        f(np.zeros((3, 4)), np.zeros((3, 2)))


def test_linalg_shape_errors():
    with pytest.raises(ValueError, match=r"square"):
        pt.linalg.cholesky(pt.matrix("a", shape=(2, 3)))
    with pytest.raises(ValueError, match=r"\(3, 3\).*\(4,\)"):
        pt.linalg.solve(pt.matrix("a", shape=(3, 3)), pt.vector("b", shape=(4,)))
    with pytest.raises(ValueError):
        pt.linalg.det(pt.vector("v"))
    a, b = pt.matrix("a"), pt.vector("b")
    f = _compile([a, b], pt.linalg.solve(a, b))
    with pytest.raises(ValueError, match=r"\(3, 3\).*\(4,\)"):
        f(np.eye(3), np.zeros(4))
    g = _compile([a], pt.linalg.inv(a))
    with pytest.raises(ValueError, match=r"square.*\(2, 3\)"):
        g(np.zeros((2, 3)))


# ---------------------------------------------------------------------------
# Indexing errors
# ---------------------------------------------------------------------------


def test_float_index():
    x = pt.vector("x")
    with pytest.raises(IndexError):
        x[1.0]
    with pytest.raises(IndexError):
        x[np.array([0.0, 1.0])]
    with pytest.raises(IndexError):
        x[pt.dscalar("i")]
    with pytest.raises(IndexError):
        x[pt.dvector("i")]
    with pytest.raises(IndexError):
        x[1.0:2]
    with pytest.raises(IndexError):
        x[True]


def test_out_of_range_constant_index_static():
    x = pt.matrix("x", shape=(3, 4))
    with pytest.raises(IndexError, match="index 3 is out of bounds for axis 0 with size 3"):
        x[3]
    with pytest.raises(IndexError, match="index -5 is out of bounds for axis 1 with size 4"):
        x[0, -5]
    with pytest.raises(IndexError, match="too many indices"):
        x[0, 0, 0]


def test_out_of_range_index_runtime():
    x = pt.matrix("x")
    f = _compile([x], x[3])
    with pytest.raises(IndexError, match="index 3 is out of bounds for axis 0 with size 3"):
        f(np.zeros((3, 4)))
    g = _compile([x], x[:, [0, 4]])
    with pytest.raises(IndexError, match="index 4 is out of bounds for axis 1 with size 4"):
        g(np.zeros((3, 4)))
    i = pt.lscalar("i")
    h = _compile([x, i], x[i])
    with pytest.raises(IndexError, match="index -4 is out of bounds for axis 0 with size 3"):
        h(np.zeros((3, 4)), -4)
    m = pt.bvector("m")
    k = _compile([x, m], x[m])
    with pytest.raises(IndexError, match="size of axis is 3 but size of corresponding boolean axis is 2"):
        k(np.zeros((3, 4)), np.array([True, False]))
    s = _compile([x], pt.inc_subtensor(x[[5]], 1.0))
    with pytest.raises(IndexError, match="index 5 is out of bounds"):
        s(np.zeros((3, 4)))


def test_zero_slice_step():
    x = pt.vector("x", shape=(4,))
    with pytest.raises(ValueError, match="step cannot be zero"):
        x[::0]
    y = pt.vector("y")
    k = pt.lscalar("k")
    f = _compile([y, k], y[::k])
    with pytest.raises(ValueError, match="step cannot be zero"):
        f(np.zeros(4), 0)


def test_non_index_set_subtensor():
    x = pt.vector("x")
    with pytest.raises(TypeError, match="indexing"):
        pt.set_subtensor(x, 1.0)
    with pytest.raises(TypeError, match="indexing"):
        pt.inc_subtensor(x + 1, 1.0)


# ---------------------------------------------------------------------------
# Dtype errors
# ---------------------------------------------------------------------------


def test_logical_ops_reject_floats():
    x, b = pt.vector("x"), pt.bvector("b")
    with pytest.raises(TypeError, match="float64"):
        x & b
    with pytest.raises(TypeError, match="float64"):
        ~x
    with pytest.raises(TypeError):
        pt.xor(x, 1)


def test_bool_of_tensor_is_an_error():
    x = pt.vector("x")
    with pytest.raises(TypeError):
        bool(x > 0)
    with pytest.raises(TypeError):
        len(x)


def test_unsupported_dtype():
    with pytest.raises(TypeError, match="complex"):
        pt.constant(np.array([1 + 2j]))
    with pytest.raises(TypeError):
        pt.tensor("x", dtype="complex128", shape=(None,))


# ---------------------------------------------------------------------------
# Unknown keyword arguments, bad axes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("call", [
    lambda x: pt.sum(x, axis=0, foo=1),
    lambda x: x.sum(foo=1),
    lambda x: pt.mean(x, bogus=True),
    lambda x: pt.max(x, keepdim=True),
    lambda x: pt.exp(x, out=None),
    lambda x: pt.dot(x, x, axis=0),
    lambda x: pt.reshape(x, (4,), order="F"),
    lambda x: pt.linalg.cholesky(x, overwrite_a=True),
    lambda x: pt.linalg.solve(x, x, sym_pos=True),
    lambda x: pt.concatenate([x, x], axs=0),
    lambda x: pt.switch(x > 0, x, 0, extra=1),
    lambda x: x.var(dof=1),
    lambda x: pt.arange(3, stop=5, bogus=1),
    lambda x: pt.zeros((2,), dtyp="int64"),
    lambda x: swiftppl.function([x], x, bogus=1),
], ids=range(15))
def test_unknown_keyword_arguments(call):
    x = pt.matrix("x")
    with pytest.raises(TypeError):
        call(x)


def test_bad_axes():
    x = pt.matrix("x")
    with pytest.raises(ValueError, match="axis 2 is out of bounds"):
        pt.sum(x, axis=2)
    with pytest.raises(ValueError, match="axis -3 is out of bounds"):
        pt.max(x, axis=-3)
    with pytest.raises(ValueError, match="duplicate"):
        pt.sum(x, axis=(0, 0))
    with pytest.raises(ValueError):
        pt.argmax(x, axis=(0, 1))
    with pytest.raises(ValueError):
        pt.cumsum(x, axis=2)
    with pytest.raises(ValueError):
        pt.transpose(x, (0, 0))
    with pytest.raises(ValueError):
        pt.transpose(x, (0,))
    with pytest.raises(ValueError):
        pt.expand_dims(x, 3)
    with pytest.raises(ValueError):
        pt.concatenate([x, x], axis=2)
    with pytest.raises(ValueError):
        pt.stack([x, x], axis=-4)
    with pytest.raises(ValueError):
        pt.flatten(x, 3)
    with pytest.raises(ValueError):
        x.dimshuffle(0, 2)


def test_squeeze_of_axis_known_not_one():
    x = pt.matrix("x", shape=(3, 1))
    with pytest.raises(ValueError, match=r"\(3, 1\)"):
        pt.squeeze(x, 0)


# ---------------------------------------------------------------------------
# Compiled functions: wrong ndim / dtype / shape / arity
# ---------------------------------------------------------------------------


def test_function_wrong_ndim():
    x = pt.matrix("x")
    f = _compile([x], x + 1)
    with pytest.raises(TypeError, match=r"expected 2, got 1.*\(3,\)"):
        f(np.zeros(3))
    with pytest.raises(TypeError, match="dimensions"):
        f(1.0)


def test_function_wrong_dtype():
    i = pt.lvector("i")
    f = _compile([i], i * 2)
    with pytest.raises(TypeError, match="float64"):
        f(np.array([1.5, 2.0]))
    with pytest.raises(TypeError):
        f(np.array(["a", "b"]))
    with pytest.raises(TypeError):
        f(np.array([1 + 1j]))
    b = pt.bvector("b")
    g = _compile([b], ~b)
    with pytest.raises(TypeError, match="int64"):
        g(np.array([0, 2]))
    # Safe conversions are accepted, as in PyTensor.
    np.testing.assert_array_equal(f(np.array([1, 2], dtype=np.int32)), [2, 4])
    x = pt.vector("x")
    h = _compile([x], x * 2)
    np.testing.assert_array_equal(h(np.array([1, 2])), [2.0, 4.0])
    np.testing.assert_array_equal(h([True, False]), [2.0, 0.0])


def test_function_static_shape_violated():
    x = pt.matrix("x", shape=(2, None))
    f = _compile([x], x.sum())
    with pytest.raises(ValueError, match=r"\(2, None\).*\(3, 4\)"):
        f(np.zeros((3, 4)))


def test_function_arity_and_names():
    x, y = pt.vector("x"), pt.vector("y")
    f = _compile([x, y], x + y)
    with pytest.raises(TypeError):
        f(np.zeros(2))
    with pytest.raises(TypeError):
        f(np.zeros(2), np.zeros(2), np.zeros(2))
    with pytest.raises(TypeError, match="unknown input 'z'"):
        f(x=np.zeros(2), z=np.zeros(2))
    with pytest.raises(TypeError, match="both"):
        f(np.zeros(2), x=np.zeros(2))


def test_eval_with_wrong_value():
    x = pt.vector("x")
    with pytest.raises(TypeError):
        (x * 2).eval({x: np.zeros((2, 2))})
    with pytest.raises(TypeError):
        (x * 2).eval({"x": np.zeros(2)})


def test_errors_leave_the_process_usable():
    """After each failure above the engine keeps working."""
    x = pt.vector("x")
    f = _compile([x], pt.exp(x).sum())
    for bad in (np.zeros((2, 2)), np.array([1j])):
        with pytest.raises((TypeError, ValueError)):
            f(bad)
    np.testing.assert_allclose(f(np.zeros(3)), 3.0)


# ---------------------------------------------------------------------------
# Extreme integers: an exception or NumPy's answer, never a crash
# ---------------------------------------------------------------------------

# (swiftppl expression, NumPy reference or None when only "no crash, an exception
# or a result" is checked). `x` is a vector given np.arange(5.0), `xs` the same with
# static shape (5,), `a` the NumPy value.
EXTREME_INTEGERS = [
    ("x[::2**63 - 1]", "a[::2**63 - 1]"),
    ("x[::-2**63]", "a[::-2**63]"),
    ("x[2**63 - 1:]", "a[2**63 - 1:]"),
    ("xs[2**63 - 1:]", "a[2**63 - 1:]"),
    ("xs[::-2**63]", "a[::-2**63]"),
    ("x[-2**63:]", "a[-2**63:]"),
    ("x[:-2**63:-1]", "a[:-2**63:-1]"),
    ("x[2**63 - 1]", "a[2**63 - 1]"),
    ("xs[-2**63]", "a[-2**63]"),
    ("pt.eye(3, 3, 2**63 - 1)", "np.eye(3, 3, 2**63 - 1)"),
    ("pt.eye(3, 3, -2**63)", "np.eye(3, 3, -2**63)"),
    ("pt.arange(0, -1e300, 1.0)", "np.zeros(0)"),
    ("x.reshape((2**62, 4, -1))", "a.reshape((2**62, 4, -1))"),
    ("xs.reshape((2**62, 4, -1))", "a.reshape((2**62, 4, -1))"),
    ("pt.cumsum(pt.tensor('t', shape=(2**62, 4))).type.shape", None),
    ("pt.mean(pt.tensor('t', shape=(2**62, 4))).type.shape", None),
]

_EXTREME_SCRIPT = r'''
import sys
import numpy as np
import swiftppl.tensor as pt
a = np.arange(5.0)
x = pt.vector("x")
xs = pt.vector("xs", shape=(5,))
for i, (expr, ref) in enumerate(CASES):
    print("start", i, flush=True)
    try:
        out = eval(expr)
        if hasattr(out, "eval"):
            out = out.eval({v: a for v in (x, xs)})
        got = ("value", np.asarray(out).tolist())
    except Exception as e:
        got = ("raises", type(e).__name__)
    if ref is None:
        print("result", i, got[0], flush=True)
        continue
    try:
        want = ("value", np.asarray(eval(ref)).tolist())
    except Exception as e:
        want = ("raises", type(e).__name__)
    print("result", i, got == want, got, want, flush=True)
'''


def test_extreme_integers_never_crash():
    import subprocess
    import sys

    script = f"CASES = {EXTREME_INTEGERS!r}\n" + _EXTREME_SCRIPT
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    lines = proc.stdout.splitlines()
    started = [line for line in lines if line.startswith("start")]
    assert proc.returncode == 0, (
        f"the interpreter died (status {proc.returncode}) on {EXTREME_INTEGERS[len(started) - 1][0]!r}\n{proc.stderr}"
    )
    results = [line for line in lines if line.startswith("result")]
    assert len(results) == len(EXTREME_INTEGERS)
    bad = [(EXTREME_INTEGERS[i][0], line) for i, line in enumerate(results) if "False" in line.split()[2]]
    assert not bad, bad
