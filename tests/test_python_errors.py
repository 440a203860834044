"""Bad input through the Python API gives a Python exception that names the variable or
the shapes involved, never a crash: wrong dtypes and ranks, mismatched shapes, NaN,
negative sizes, unknown keyword arguments, released handles."""

import gc
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import swiftppl
import swiftppl.tensor as pt
from swiftppl import _core
from crashcheck import TESTS, describe_exit

LinAlgError = np.linalg.LinAlgError


@pytest.mark.parametrize("seed", [0, 1])
def test_every_public_function_survives_awkward_arguments(seed):
    env = dict(os.environ, PYTHONPATH=TESTS + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, os.path.join(TESTS, "python_sweep.py"), str(seed)],
                            capture_output=True, text=True, timeout=120, env=env)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["(nothing)"])[-1]
        pytest.fail(f"sweep {describe_exit(result.returncode)}; last call: {last}\n{result.stderr[-3000:]}")
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


@pytest.fixture
def x():
    return pt.vector("x")


@pytest.fixture
def m():
    return pt.matrix("m")


# ---- wrong dtype ----------------------------------------------------------------------

def test_wrong_dtype(x):
    f = swiftppl.function([x], x * 2)
    with pytest.raises(TypeError, match=r"input 0 \(x\).*<U1"):
        f(np.array(["a"]))
    with pytest.raises(TypeError, match=r"input 0 \(x\).*complex128"):
        f(np.array([1j]))
    i = pt.lscalar("i")
    with pytest.raises(TypeError, match=r"input 0 \(i\).*float64.*lose information"):
        swiftppl.function([i], i + 1)(np.float64(2.5))
    with pytest.raises(TypeError, match="complex128"):
        pt.vector("z", dtype="complex128")
    with pytest.raises(TypeError, match="and_.*float64"):
        pt.and_(x, x)
    with pytest.raises(TypeError, match="object"):
        pt.constant(np.array([object()]))
    s = swiftppl.shared(np.zeros(3), "s")
    with pytest.raises(TypeError, match="shared variable s"):
        s.set_value(np.array(["a"]))
    with pytest.raises(IndexError, match="index s2 has dtype float64"):
        x[pt.scalar("s2")]
    # What converts without loss is accepted: float32, int -> float, bool -> int.
    np.testing.assert_array_equal(f(np.ones(2, np.float32)), [2.0, 2.0])
    np.testing.assert_array_equal(f(np.arange(2)), [0.0, 2.0])


# ---- wrong number of dimensions -------------------------------------------------------------

def test_wrong_ndim(x, m):
    f = swiftppl.function([x], x * 2)
    with pytest.raises(TypeError, match=r"input 0 \(x\): wrong number of dimensions: expected 1, got 2 with shape \(2, 2\)"):
        f(np.ones((2, 2)))
    with pytest.raises(TypeError, match=r"input 0 \(x\).*expected 1, got 0"):
        f(1.0)
    with pytest.raises(ValueError, match="cholesky expects a matrix.*got x of type TensorType\\(float64, \\(None,\\)\\)"):
        pt.linalg.cholesky(x)
    # A 0-d operand of dot multiplies (numpy.dot, PyTensor); a 3-d and a 0-d rank mismatch errors elsewhere.
    assert pt.dot(pt.scalar("s"), x).ndim == 1
    with pytest.raises(IndexError, match="too many indices for x: it is 1-dimensional"):
        x[0, 0]
    with pytest.raises(ValueError, match="same number of dimensions, but x has 1 dimension\\(s\\) and m has 2"):
        pt.concatenate([x, m])
    s = swiftppl.shared(np.zeros(3), "s")
    with pytest.raises(TypeError, match=r"shared variable s: wrong number of dimensions: expected 1, got 2"):
        s.set_value(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="32"):
        x.dimshuffle(0, *["x"] * 40)


# ---- mismatched shapes --------------------------------------------------------------------------

def test_mismatched_shapes(x, m):
    y = pt.vector("y")
    with pytest.raises(ValueError, match=r"shapes \(3,\) and \(4,\) cannot be broadcast"):
        pt.vector("a", shape=(3,)) + pt.vector("b", shape=(4,))
    f = swiftppl.function([x, y], x + y)
    with pytest.raises(ValueError, match=r"shapes \(3,\) and \(2,\) cannot be broadcast together"):
        f([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match=r"shapes \(2, 3\) and \(4,\) not aligned"):
        pt.dot(m, x).eval({m: np.ones((2, 3)), x: np.ones(4)})
    with pytest.raises(ValueError, match=r"solve: a of shape \(2, 2\) and b of shape \(3,\)"):
        pt.linalg.solve(m, x).eval({m: np.eye(2), x: np.ones(3)})
    x3 = pt.vector("x3", shape=(3,))
    with pytest.raises(ValueError, match=r"input 0 \(x3\): expected static shape \(3,\) but got shape \(1,\)"):
        swiftppl.function([x3], x3 * 1)([1.0])
    with pytest.raises(ValueError, match=r"concatenate: input 1 of shape \(3, 2\) does not match input 0 of shape \(2, 3\)"):
        pt.concatenate([m, m.T], axis=1).eval({m: np.ones((2, 3))})
    with pytest.raises(IndexError, match="boolean index did not match indexed array along axis 0; size of axis is 3"):
        x[np.array([True, False])].eval({x: np.ones(3)})
    with pytest.raises(ValueError, match=r"value array of shape \(2,\) could not be broadcast to indexing result of shape \(3,\)"):
        pt.set_subtensor(x[:3], y).eval({x: np.ones(4), y: np.ones(2)})
    with pytest.raises(ValueError, match=r"cannot reshape array of size 6 and shape \(6,\) into shape \(4, 2\)"):
        x.reshape((4, 2)).eval({x: np.ones(6)})


# ---- NaN and infinities ---------------------------------------------------------------------

def test_nan_values(x, m):
    # NaN is a value like any other in arithmetic, as in NumPy.
    np.testing.assert_array_equal(pt.exp(x).eval({x: [np.nan, -np.inf]}), [np.nan, 0.0])
    assert np.isnan(pt.max(x).eval({x: [1.0, np.nan]}))
    with pytest.raises(ValueError, match="arange: start, stop and step must be finite"):
        pt.arange(np.nan)
    start = pt.dscalar("start")
    with pytest.raises(ValueError, match="must be finite"):
        pt.arange(start, 5.0).eval({start: np.inf})
    with pytest.raises(IndexError, match="got nan"):
        x[np.nan]
    with pytest.raises(TypeError, match="got nan"):
        pt.zeros((np.nan,))
    with pytest.raises(TypeError, match="integer scalars"):
        pt.eye(np.nan)
    i = pt.lscalar("i")
    with pytest.raises(TypeError, match=r"input 0 \(i\)"):
        swiftppl.function([i], i + 1)(np.nan)
    # A NaN matrix is not positive definite: either NaNs or a LinAlgError, never a crash.
    try:
        result = pt.linalg.cholesky(m).eval({m: np.full((2, 2), np.nan)})
        assert np.isnan(result).any()
    except LinAlgError:
        pass
    with pytest.raises(LinAlgError, match="not positive definite"):
        pt.linalg.cholesky(m).eval({m: -np.eye(2)})
    with pytest.raises(LinAlgError, match="Singular matrix"):
        pt.linalg.inv(m).eval({m: np.zeros((2, 2))})


# ---- negative sizes ---------------------------------------------------------------------------

def test_negative_sizes(x):
    with pytest.raises(ValueError, match=r"negative dimensions are not allowed \(shape \(-1,\)\)"):
        pt.zeros((-1,))
    with pytest.raises(ValueError, match=r"negative dimensions are not allowed \(shape \(-2, -2\)\)"):
        pt.eye(-2)
    with pytest.raises(ValueError, match="step cannot be zero"):
        pt.arange(0, 10, 0)
    n = pt.lscalar("n")
    with pytest.raises(ValueError, match=r"negative dimension in shape \(-3,\)"):
        pt.ones((n,)).eval({n: -3})
    with pytest.raises(ValueError, match="step cannot be zero"):
        pt.arange(0, 10, n).eval({n: 0})
    with pytest.raises(ValueError, match=r"got \(-1,\)"):
        pt.tensor("t", shape=(-1,))
    with pytest.raises(ValueError, match=r"invalid shape \(-2, 3\)"):
        x.reshape((-2, 3))
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        x[::0]
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        x[::n].eval({x: np.ones(3), n: 0})
    with pytest.raises(ValueError, match="flatten: ndim 0"):
        x.flatten(0)


# ---- unknown keyword arguments -------------------------------------------------------------

def unknown_keyword_calls():
    x = pt.vector("x")
    f = swiftppl.function([x], x)
    s = swiftppl.shared(np.zeros(2), "s")
    return {
        "pt.sum": lambda: pt.sum(x, axs=0),
        "x.sum": lambda: x.sum(bogus=1),
        "x.mean": lambda: x.mean(bogus=1),
        "x.prod": lambda: x.prod(bogus=1),
        "pt.vector": lambda: pt.vector("v", dtyp="float64"),
        "pt.zeros": lambda: pt.zeros(3, dtyp="int64"),
        "pt.arange": lambda: pt.arange(3, stp=2),
        "pt.linalg.solve": lambda: pt.linalg.solve(x, x, assume="pos"),
        "swiftppl.function": lambda: swiftppl.function([x], x, foo=1),
        "swiftppl.shared": lambda: swiftppl.shared(np.zeros(2), bogus=True),
        "Function.__call__": lambda: f(bogus=[1.0]),
        "get_value": lambda: s.get_value(bogus=True),
        "set_value": lambda: s.set_value(np.zeros(2), bogus=True),
        "eval": lambda: x.eval({x: [1.0]}, bogus=1),
        "dprint": lambda: swiftppl.dprint(x, bogus=1),
        "clone_replace": lambda: swiftppl.clone_replace(x, {x: x}, bogus=1),
    }


@pytest.mark.parametrize("name", sorted(unknown_keyword_calls()))
def test_unknown_keyword_arguments(name):
    with pytest.raises(TypeError, match="bogus|axs|dtyp|stp|assume|foo"):
        unknown_keyword_calls()[name]()


# ---- released handles ------------------------------------------------------------------------------

def test_released_handles_raise(x):
    v = pt.vector("gone")
    _core.release(v._h)
    for use in (lambda: v + 1, lambda: v.name, lambda: str(v), lambda: v.owner, lambda: pt.sum(v),
                lambda: swiftppl.function([v], x), lambda: swiftppl.function([x], v), lambda: v.eval({v: [1.0]}),
                lambda: swiftppl.dprint(v, file="str"), lambda: swiftppl.graph_inputs([v])):
        with pytest.raises(ValueError, match="released"):
            use()
    with pytest.raises(ValueError, match="released"):
        _core.release(v._h)  # twice
    f = swiftppl.function([x], x * 2)
    _core.release(f._h)
    with pytest.raises(ValueError, match="released"):
        f([1.0])
    c = pt.constant(np.ones(3))
    _core.release(c._h)
    with pytest.raises(ValueError, match="released"):
        c.data
    s = swiftppl.shared(np.ones(3), "s")
    _core.release(s._h)
    with pytest.raises(ValueError, match="released"):
        s.get_value()
    with pytest.raises(ValueError, match="released"):
        s.set_value(np.ones(3))
    node = (x + 1).owner
    _core.release(node._h)
    with pytest.raises(ValueError, match="released"):
        node.inputs
    del v, f, c, s, node
    gc.collect()  # their __del__ releases again: quietly


def test_objects_made_after_a_release_are_not_mistaken_for_the_released_one(x):
    # Wrappers are interned by the Swift object's address. A released handle no longer
    # keeps its object alive, so a new object may take its address: the stale wrapper
    # was returned for it (and the new object's handle dropped).
    for _ in range(20):
        v = pt.vector("gone")
        _core.release(v._h)
        for k in range(10):
            np.testing.assert_array_equal((x * float(k)).eval({x: [1.0, 2.0]}), [k, 2.0 * k])
            c = pt.constant(np.full(2, float(k)))
            np.testing.assert_array_equal(c.data, [k, k])
        del v


# ---- integer arguments ----------------------------------------------------------------------------

def test_integer_arguments_out_of_range_or_not_integers(x, m):
    big = 2**70
    with pytest.raises(ValueError, match=f"integer {big} does not fit in int64"):
        pt.constant(big)
    with pytest.raises(ValueError, match=f"{2**64 - 1} do not fit in int64"):
        pt.constant(np.array([2**64 - 1], np.uint64))
    np.testing.assert_array_equal(pt.constant(np.array([7], np.uint64)).data, [7])
    with pytest.raises(ValueError, match=f"axis {big} is out of range"):
        x.sum(axis=big)
    with pytest.raises(IndexError, match=f"index {big} is out of bounds"):
        x[big]
    np.testing.assert_array_equal(x[big:].eval({x: [1.0, 2.0]}), [])
    np.testing.assert_array_equal(x[::big].eval({x: [1.0, 2.0]}), [1.0])
    np.testing.assert_array_equal(x[::-big].eval({x: [1.0, 2.0]}), [2.0])
    with pytest.raises(ValueError, match="static shape"):
        pt.tensor("t", shape=(big,))
    with pytest.raises(TypeError, match="static shape entries must be integers"):
        pt.tensor("t", shape=(2.5,))
    with pytest.raises(TypeError, match="axis must be an integer"):
        pt.concatenate([x, x], axis=np.inf)
    with pytest.raises(TypeError, match="axis must be an integer"):
        m.sum(axis=1.5)
    with pytest.raises(TypeError, match="ddof must be an integer"):
        x.var(ddof=0.5)
    with pytest.raises(ValueError, match="at most 32"):
        pt.shape_padleft(x, 2**63 - 1)
    with pytest.raises(ValueError, match="at most 32"):
        pt.shape_padright(x, 40)


# ---- arguments that are not variables --------------------------------------------------------

def test_non_variables_are_type_errors(x):
    with pytest.raises(TypeError, match="must be variables, got 1.0"):
        swiftppl.ancestors([x, 1.0])
    with pytest.raises(TypeError, match="must be a variable or a list of variables"):
        swiftppl.graph_inputs(3)
    with pytest.raises(TypeError, match="keys of replace must be variables"):
        swiftppl.clone_replace(x, {1: x})
    with pytest.raises(TypeError, match="must be variables"):
        swiftppl.graph.io_toposort([x], ["y"])
    with pytest.raises(TypeError, match="expects the result of indexing"):
        pt.set_subtensor(np.ones(3), 1.0)
    with pytest.raises(TypeError, match="expects the result of indexing"):
        pt.inc_subtensor([1.0, 2.0], 1.0)
    with pytest.raises(TypeError, match="file must be"):
        swiftppl.dprint(x, file=5)
    with pytest.raises(TypeError, match="not constructed directly"):
        pt.TensorVariable()
    with pytest.raises(TypeError, match="not constructed directly"):
        swiftppl.Function()
