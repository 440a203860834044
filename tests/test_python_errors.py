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
