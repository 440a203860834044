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


@pytest.fixture
def x():
    return pt.vector("x")


@pytest.fixture
def m():
    return pt.matrix("m")


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
