"""One test per crash found by auditing the C ABI and the Swift code it reaches.

Each scenario used to kill the Python process (a Swift trap or a segfault); each
runs in a subprocess so that, should it regress, it fails one test naming the
signal instead of taking pytest down.
"""

import os
import shutil
import subprocess

import pytest

from crashcheck import TESTS, assert_survives, describe_exit


def test_int64_extremes_are_read_exactly():
    # Integer scalars were read through Double: Int64.max rounds to 2^63, which
    # traps when converted back to Int (printing a constant, static shapes and
    # indices, run-time indices), and integers above 2^53 lost their low bits.
    assert_survives("""
        import numpy as np, pytest, swiftppl, swiftppl.tensor as pt
        big = np.iinfo(np.int64).max
        assert str(pt.constant(np.int64(big))) == "TensorConstant{%d}" % big
        assert str(pt.constant(np.int64(2**53 + 1))) == "TensorConstant{%d}" % (2**53 + 1)
        assert str(pt.constant(np.int64(-big - 1))) == "TensorConstant{%d}" % (-big - 1)
        with pytest.raises(IndexError, match="out of bounds"):
            pt.vector("v", shape=(3,))[big]
        x, i = pt.vector("x"), pt.lscalar("i")
        f = swiftppl.function([x, i], x[i])
        with pytest.raises(IndexError, match=str(big)):
            f([1.0], big)
        with pytest.raises(IndexError, match=str(-big - 1)):
            f([1.0], -big - 1)
        z = pt.zeros((big,))
        assert z.type.shape == (big,)
        with pytest.raises(MemoryError):
            z.eval()
    """)
