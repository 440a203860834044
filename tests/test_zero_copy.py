"""Zero copy across the boundary: constants and shared values keep the caller's array,
function inputs are read in place, outputs are Swift buffers handed to NumPy; and
outputs never alias what the graph holds."""

import gc
import sys
import weakref

import numpy as np
import pytest

import swiftppl
import swiftppl.tensor as pt
from swiftppl import _core
from crashcheck import assert_survives


def collect():
    for _ in range(3):
        gc.collect()


def test_constants_keep_a_reference_to_the_callers_array():
    arr = np.arange(10.0)
    before = sys.getrefcount(arr)
    c = pt.constant(arr)
    assert sys.getrefcount(arr) == before + 1  # the constant's reference
    assert np.shares_memory(c.data, arr)
    assert c.data.ctypes.data == arr.ctypes.data
    alive = weakref.ref(arr)
    del arr
    collect()
    assert alive() is not None  # kept alive by the constant
    np.testing.assert_array_equal(c.data, np.arange(10.0))
    x = pt.vector("x")
    np.testing.assert_array_equal((x + c).eval({x: np.ones(10)}), np.arange(10.0) + 1)
    assert sys.getrefcount(alive()) == before + 1  # the temporary from alive() replaces `arr`; the constant's stays
    del c, x
    collect()
    assert alive() is None  # the reference went with the constant


def test_the_constant_reference_is_dropped_when_the_constant_dies():
    arr = np.arange(4.0)
    before = sys.getrefcount(arr)
    c = pt.constant(arr)
    data = c.data
    assert sys.getrefcount(arr) == before + 1
    del c
    collect()
    assert sys.getrefcount(arr) == before + 1  # the view still holds the Swift array
    del data
    collect()
    assert sys.getrefcount(arr) == before


def test_constant_views_of_non_contiguous_arrays_are_not_copied():
    base = np.arange(20.0).reshape(4, 5)
    view = base[::2, ::-1]
    c = pt.constant(view)
    assert np.shares_memory(c.data, base)
    np.testing.assert_array_equal(c.data, view)
    assert not c.data.flags.writeable  # the library never writes borrowed memory


def test_function_outputs_are_swift_buffers_freed_with_their_arrays():
    x = pt.vector("x")
    f = swiftppl.function([x], [pt.exp(x), x * 2])
    collect()
    live = _core.live_handles()
    a, b = f(np.zeros(3))
    assert type(a.base).__name__ == "PyCapsule" and type(b.base).__name__ == "PyCapsule"
    assert a.flags.writeable and a.flags.c_contiguous
    assert _core.live_handles() == live + 2  # one array handle per output, held by its capsule
    view = a[1:]
    del a
    collect()
    assert _core.live_handles() == live + 2  # a view keeps the buffer
    del view, b
    collect()
    assert _core.live_handles() == live


def test_function_inputs_are_read_in_place():
    # A 160 MB input and a strided view of it are summed without the process growing
    # by a copy of either (measured in a fresh process: peak resident memory).
    assert_survives("""
        import resource
        import numpy as np
        import swiftppl, swiftppl.tensor as pt

        def peak_mb():
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        x = pt.vector("x")
        f = swiftppl.function([x], x.sum())
        big = np.random.default_rng(0).random(20_000_000)
        f(big[:10])
        base = peak_mb()
        assert np.isclose(f(big), big.sum())
        assert np.isclose(f(big[::2]), big[::2].sum())
        assert np.isclose(f(big[::-3]), big[::-3].sum())
        grown = peak_mb() - base
        assert grown < 40, f"the peak grew by {grown:.0f} MB: an input was copied"
        m = pt.matrix("m")
        g = swiftppl.function([m], m.sum(axis=0))
        square = big[:4_000_000].reshape(2000, 2000)
        np.testing.assert_allclose(g(square.T), square.T.sum(axis=0))
        assert peak_mb() - base < 40
    """)


def test_inputs_are_never_written():
    x = pt.vector("x")
    f = swiftppl.function([x], [x * 2, pt.set_subtensor(x[0], 5.0), pt.inc_subtensor(x[1:], 1.0)])
    a = np.arange(3.0)
    a.flags.writeable = False  # read-only arrays are accepted: nothing writes them
    f(a)
    np.testing.assert_array_equal(a, [0.0, 1.0, 2.0])


def test_shared_borrow_shares_memory_and_copies_otherwise():
    arr = np.arange(5.0)
    borrowed = swiftppl.shared(arr, "borrowed", borrow=True)
    assert np.shares_memory(borrowed.get_value(borrow=True), arr)
    assert not np.shares_memory(borrowed.get_value(), arr)  # get_value copies unless borrow
    copied = swiftppl.shared(arr, "copied", borrow=False)
    assert not np.shares_memory(copied.get_value(borrow=True), arr)
    arr[0] = 42.0
    assert borrowed.get_value()[0] == 42.0 and copied.get_value()[0] == 0.0
    new = np.ones(5)
    borrowed.set_value(new, borrow=True)
    assert np.shares_memory(borrowed.get_value(borrow=True), new)
    borrowed.set_value(new)
    assert not np.shares_memory(borrowed.get_value(borrow=True), new)


@pytest.mark.parametrize("make", [
    lambda x, c, s: x,
    lambda x, c, s: x.T,
    lambda x, c, s: x[1:],
    lambda x, c, s: x.dimshuffle(1, "x", 0),
    lambda x, c, s: c,
    lambda x, c, s: c[::2],
    lambda x, c, s: c.reshape((-1,)),
    lambda x, c, s: s,
    lambda x, c, s: s.T,
], ids=["input", "input.T", "input[1:]", "input dimshuffle", "constant", "constant[::2]", "constant reshape",
        "shared", "shared.T"])
def test_outputs_that_would_alias_an_input_or_constant_are_copies(make):
    x = pt.matrix("x")
    cdata = np.arange(6.0).reshape(2, 3)
    c = pt.constant(cdata)
    s = swiftppl.shared(np.arange(6.0).reshape(2, 3) + 10, "s")
    out_var = make(x, c, s)
    f = swiftppl.function([x], out_var, on_unused_input="ignore")
    a = np.arange(6.0).reshape(2, 3) + 100
    out = f(a)
    assert out.flags.writeable
    for held in (a, cdata, s.get_value(borrow=True), c.data):
        assert not np.shares_memory(out, held)
    out[...] = -1.0
    np.testing.assert_array_equal(a, np.arange(6.0).reshape(2, 3) + 100)
    np.testing.assert_array_equal(c.data, np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(s.get_value(), np.arange(6.0).reshape(2, 3) + 10)
    again = f(a)  # and the next call is not affected by the mutation
    assert not np.shares_memory(again, out)


def test_outputs_do_not_alias_each_other():
    x = pt.vector("x")
    y = x + 1
    f = swiftppl.function([x], [y, y, y[::-1]])
    a, b, c = f(np.arange(3.0))
    assert not np.shares_memory(a, b) and not np.shares_memory(a, c) and not np.shares_memory(b, c)
    a[0] = 99.0
    assert b[0] == 1.0 and c[2] == 1.0


def test_an_output_that_is_also_an_update_does_not_alias_the_shared_value():
    s = swiftppl.shared(np.zeros(2), "s")
    t = swiftppl.shared(np.zeros(2), "t")
    y = s + 1.0
    f = swiftppl.function([], y, updates={s: y, t: y})
    out = f()
    assert not np.shares_memory(out, s.get_value(borrow=True))
    assert not np.shares_memory(s.get_value(borrow=True), t.get_value(borrow=True))
    out[0] = 99.0
    np.testing.assert_array_equal(s.get_value(), [1.0, 1.0])
    np.testing.assert_array_equal(t.get_value(), [1.0, 1.0])
    np.testing.assert_array_equal(f(), [2.0, 2.0])
