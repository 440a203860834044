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


def test_static_shape_arithmetic_does_not_overflow():
    # Products and sums of static extents (reshape, cumsum over all axes, mean's
    # element count, concatenate's length) used trapping arithmetic, so a
    # variable declared with huge extents crashed graph building; at run time the
    # same happened for a reshape with a -1 entry, for concatenating empty arrays
    # with huge extents and for dot's flattened leading axes.
    assert_survives("""
        import numpy as np, pytest, swiftppl, swiftppl.tensor as pt
        import abi_support as A
        huge = pt.tensor("huge", shape=(2**40, 2**40))
        assert huge.mean().type.shape == ()
        with pytest.raises(ValueError, match="huge"):
            huge.reshape(-1)
        with pytest.raises(ValueError, match="huge"):
            pt.cumsum(huge)
        long = pt.tensor("long", shape=(2**63 - 1,))
        with pytest.raises(ValueError, match="long"):
            pt.concatenate([long, long])
        with pytest.raises(ValueError):
            pt.vector("v", shape=(4,)).reshape((2**40, 2**40))
        x, a, b = pt.vector("x"), pt.lscalar("a"), pt.lscalar("b")
        f = swiftppl.function([x, a, b], x.reshape((-1, a, b)))
        with pytest.raises(ValueError, match="cannot reshape"):
            f(np.zeros(4), 2**40, 2**40)
        np.testing.assert_array_equal(f(np.arange(4.0), 2, 2), np.arange(4.0).reshape(1, 2, 2))

        # Empty arrays whose other extents are huge only exist below NumPy, at the C ABI.
        m = A.variable(A.FLOAT64, (None, None))
        f = A.function_checked([m], [A.build1("concatenate", [m, m, m], [0])])
        empty = dict(data=None, dtype=A.FLOAT64, ndim=2, shape=(2**62, 0), strides=(8, 8))
        status, message, _ = A.call_function(f, [empty])
        assert status == A.VALUE and "overflow" in message, (status, message)
        w, t = A.variable(A.FLOAT64, (None, None)), A.variable(A.FLOAT64, (None, None, None))
        f = A.function_checked([w, t], [A.build1("dot", [w, t])])
        status, message, _ = A.call_function(f, [
            np.zeros((3, 0)), dict(data=None, dtype=A.FLOAT64, ndim=3, shape=(2**40, 0, 2**40), strides=(8, 8, 8))])
        assert status == A.MEMORY and message, (status, message)
    """)


def test_arange_with_a_hugely_negative_length():
    # ceil((stop - start) / step) far below Int.min (or -inf after overflow) trapped
    # when converted to a length; NumPy gives an empty array.
    assert_survives("""
        import numpy as np, swiftppl, swiftppl.tensor as pt
        assert pt.arange(0.0, -1e300).eval().shape == (0,)
        assert pt.arange(1e308, -1e308).eval().shape == (0,)
        start, stop = pt.dscalar("start"), pt.dscalar("stop")
        f = swiftppl.function([start, stop], pt.arange(start, stop, 1.0))
        assert f(0.0, -1e300).shape == (0,)
        np.testing.assert_array_equal(f(0.0, 3.0), [0.0, 1.0, 2.0])
    """)


def test_eye_with_a_huge_diagonal_offset():
    # Eye computed row + k, which overflowed (and trapped) for k near Int64.max.
    assert_survives("""
        import numpy as np, swiftppl, swiftppl.tensor as pt
        k = pt.lscalar("k")
        f = swiftppl.function([k], pt.eye(3, 4, k=k))
        for offset in (2**63 - 1, 2**62, -2**63, 4, -3):
            np.testing.assert_array_equal(f(offset), np.eye(3, 4, k=max(min(offset, 10), -10)))
        np.testing.assert_array_equal(f(1), np.eye(3, 4, k=1))
        np.testing.assert_array_equal(pt.eye(3, k=2**63 - 1).eval(), np.zeros((3, 3)))
    """)


def test_slices_with_huge_steps():
    # Slice lengths were computed as (stop - start + step - 1) / step, which
    # overflows for a step near Int64.max (and -step traps for Int64.min); a
    # one-element slice kept stride * step as its stride, whose byte size
    # overflowed when the result was handed to NumPy.
    assert_survives("""
        import numpy as np, swiftppl, swiftppl.tensor as pt
        data = np.arange(5.0)
        for step in (2**63 - 1, 2**62, -2**63, -(2**63 - 1), 3, -2):
            expected = data[::step] + 1
            v = pt.vector("v", shape=(5,))
            np.testing.assert_array_equal((v + 1)[::step].eval({v: data}), expected)
            x = pt.vector("x")
            np.testing.assert_array_equal((x + 1)[::step].eval({x: data}), expected)
            s = pt.lscalar("s")
            f = swiftppl.function([x, s], (x + 1)[::s])
            np.testing.assert_array_equal(f(data, step), expected)
            np.testing.assert_array_equal(f(data[:0], step), data[:0])
    """)


def test_outputs_with_unrepresentable_strides_are_errors():
    # sppl_array_describe multiplied element strides by the item size with
    # trapping arithmetic; an empty array with a huge extent has such strides.
    assert_survives("""
        import numpy as np, pytest, swiftppl, swiftppl.tensor as pt
        with pytest.raises(ValueError):
            pt.zeros((0, 2**61)).eval()
        assert pt.zeros((0, 5)).eval().shape == (0, 5)
    """)


def test_ranks_above_the_maximum_are_rejected_when_building():
    # A graph function could build a variable of more than SPPL_MAX_NDIM axes;
    # compiled and called, its output made sppl_array_describe write more than
    # SPPL_MAX_NDIM entries into the caller's shape and stride buffers.
    assert_survives("""
        import abi_support as A
        x = A.variable(A.FLOAT64, ())
        for name, params in [("dimshuffle", [40] + [-1] * 40), ("expand_dims", [40] + list(range(40))),
                             ("index", [40] + [2] * 40)]:
            status, message, outs = A.build(name, [x], params)
            assert status == A.VALUE and "32" in message, (name, status, message)
        status, message, outs = A.build("alloc", [A.constant(1.0)] + [A.constant(1)] * 33)
        assert status == A.VALUE and "32" in message, (status, message)
        y = A.build1("dimshuffle", [x], [32] + [-1] * 32)
        z = A.build1("exp", [y])
        assert A.build("dimshuffle", [z], [33] + [-1] * 33)[0] == A.VALUE
        op = A.apply_op(A.owner(y))
        outs = (A.H * 4)()
        n = A.c_int64()
        assert A.call("sppl_apply_op", op, A.handles_array([x]), 1, outs, 4, A.byref(n))[0] == A.OK
    """)


def test_borrowing_with_overflowing_strides():
    # sppl_array_borrow summed each axis' reach (extent - 1) * stride, and scaled
    # the total by the item size, with trapping arithmetic.
    assert_survives("""
        import ctypes, numpy as np
        import abi_support as A
        released = []
        callback = A.RELEASE_FN(lambda owner: released.append(owner))
        memory = np.zeros(4)
        for dtype, shape, strides in [(A.BOOL, (2, 2), (2**62, 2**62)), (A.FLOAT64, (2, 2), (2**62, 2**62)),
                                      (A.FLOAT64, (3, 3), (-2**62, 2**62)), (A.INT64, (2,) * 9, (2**60,) * 9),
                                      (A.BOOL, (3, 3), (2**62, 2**62))]:
            out = A.H()
            status, message = A.call("sppl_array_borrow", memory.ctypes.data, dtype, len(shape),
                                     A.int64_array(shape), A.int64_array(strides), 12345, callback, A.byref(out))
            assert status == A.VALUE and "overflow" in message, (shape, strides, status, message)
        assert released == []
        x = A.variable(A.FLOAT64, (None, None))
        f = A.function_checked([x], [A.build1("sum", [x], [0, 0])])
        status, message, _ = A.call_function(f, [dict(data=memory.ctypes.data, dtype=A.FLOAT64, ndim=2,
                                                      shape=(2, 2), strides=(2**62, 2**62))])
        assert status == A.VALUE and "overflow" in message, (status, message)
    """)


def test_matrix_products_with_row_strides_beyond_32_bits():
    # A matrix whose rows are more than 2^31 elements apart went to BLAS with its
    # row stride converted to Int32, which trapped; it is copied instead.
    assert_survives("""
        import numpy as np, swiftppl, swiftppl.tensor as pt
        a = np.lib.stride_tricks.as_strided(np.arange(3.0), shape=(1, 3), strides=(2**40, 8))
        b = np.arange(6.0).reshape(3, 2)
        x, y = pt.matrix("x"), pt.matrix("y")
        for f in (swiftppl.function([x, y], pt.matmul(x, y)), swiftppl.function([x, y], pt.dot(x, y))):
            np.testing.assert_array_equal(f(a, b), np.arange(3.0)[None] @ b)
        c = np.lib.stride_tricks.as_strided(np.arange(3.0), shape=(3, 1), strides=(8, 2**40))
        f = swiftppl.function([x, y], pt.matmul(y.T, x))
        np.testing.assert_array_equal(f(c, b), b.T @ np.arange(3.0)[:, None])
    """)


def test_malformed_index_and_dtype_parameters_are_rejected():
    # A slice presence mask outside 0...7 was silently reinterpreted (-1 as all
    # three parts, 8 as none), a negative index entry count was taken as zero
    # entries (x[()]), and a dtype code outside Int32 was truncated to a valid one
    # (2^32 + 2 meant float64).
    assert_survives("""
        import abi_support as A
        x, i = A.variable(A.FLOAT64, (None,)), A.constant(1)
        for count in (-1, -2**63):
            status, message, _ = A.build("index", [x], [count])
            assert status == A.VALUE and "count" in message, (count, status, message)
        for mask in (8, -1, 2**40 + 1, -2**63):
            status, message, _ = A.build("index", [x, i, i, i], [1, 1, mask])
            assert status == A.VALUE and "mask" in message, (mask, status, message)
        for code in (2**32 + 2, -2**32 + 1, 2**63 - 1):
            status, message, _ = A.build("cast", [x], [code])
            assert status == A.TYPE and "dtype" in message, (code, status, message)
            status, message, _ = A.build("zeros_like", [x], [code])
            assert status == A.TYPE and "dtype" in message, (code, status, message)
    """)


def test_printing_empty_constants_with_huge_extents():
    # Printing a constant multiplied its trailing extents with trapping arithmetic,
    # which overflows for an empty array such as one of shape (0, 2^40, 2^40).
    assert_survives("""
        import ctypes
        import abi_support as A
        memory = (ctypes.c_double * 1)()
        for shape in [(0, 2**40, 2**40), (0, 2**62, 4), (3, 0, 2**61)]:
            a = A.H()
            A.check("sppl_array_borrow", ctypes.addressof(memory), A.FLOAT64, 3, A.int64_array(shape),
                    A.int64_array((8, 8, 8)), None, A.RELEASE_FN(), A.byref(a))
            c = A.H()
            A.check("sppl_constant_new", a, None, A.byref(c))
            text = ctypes.c_void_p()
            A.check("sppl_describe", c, A.byref(text))
            assert ctypes.string_at(text.value) == b"TensorConstant{[]}", ctypes.string_at(text.value)
            A.lib.sppl_string_free(text)
            A.check("sppl_dprint", A.handles_array([c.value]), 1, A.byref(text))
            A.lib.sppl_string_free(text)
    """)


def test_negative_static_extents_are_rejected_when_building():
    # zeros/alloc and eye turned a negative constant extent into a negative static
    # shape, which the C ABI reports as "unknown" (-1): the type Python saw and
    # the one Swift checked against disagreed. NumPy raises at once.
    assert_survives("""
        import pytest, swiftppl.tensor as pt
        for make in (lambda: pt.zeros((-1,)), lambda: pt.ones((3, -2)), lambda: pt.alloc(1.0, 2, -5),
                     lambda: pt.eye(-2), lambda: pt.eye(2, -1)):
            with pytest.raises(ValueError, match="negative"):
                make()
        n = pt.lscalar("n")
        with pytest.raises(ValueError, match="negative"):
            pt.zeros((n,)).eval({n: -1})
    """)


def test_releasing_a_deep_graph_does_not_overflow_the_stack():
    # Releasing the last reference to a long chain of nodes recursed once per node
    # (Variable -> Apply -> inputs -> Variable ...) and overflowed the thread's stack.
    assert_survives("""
        import threading
        import swiftppl.tensor as pt
        x = pt.scalar("x")
        y = x
        for _ in range(20000):
            y = y + 1.0
        holder = [y]
        del y
        threading.stack_size(256 * 1024)
        t = threading.Thread(target=holder.clear)
        t.start()
        t.join()
        print("released")
    """)


def test_function_call_keeps_its_inputs_alive_while_the_gil_is_released():
    # _core.function_call read its arrays from the caller's list without holding
    # a reference to each: another thread emptying the list during the call
    # freed an array Swift was still reading.
    assert_survives("""
        import threading, time, gc
        import numpy as np
        import swiftppl, swiftppl.tensor as pt
        from swiftppl import _core
        x = pt.vector("x")
        y = x
        for _ in range(8):
            y = pt.sin(y) * 1.0001
        # x is read again by the last node, long after the other thread dropped it.
        f = swiftppl.function([x], (y * x).sum())
        arrays = [np.random.default_rng(0).random(2_000_000)]  # 16 MB: freed memory is unmapped
        expected = float(f(arrays[0]))

        def drop():
            time.sleep(0.02)
            arrays.clear()
            gc.collect()
            for _ in range(10):
                np.ones(2_000_000) * 3.0

        t = threading.Thread(target=drop)
        t.start()
        (result,) = _core.function_call(f._h, arrays)
        t.join()
        assert float(result) == expected
    """)


def test_shared_values_updated_while_other_threads_read_and_set_them(tmp_path):
    # A function's update replaced a shared variable's value with no lock while other
    # threads (calls run without the GIL) read it, set it or started their own call
    # with it: a reader could retain storage already freed. stress_shared.c drives
    # the C ABI from plain threads (no GIL to serialize them); before the fix it
    # crashed within a second, even with a single thread calling the function.
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler is None:
        pytest.skip("no C compiler")
    import abi_support

    lib_dir = os.path.dirname(abi_support.library_path())
    exe = str(tmp_path / "stress_shared")
    subprocess.run([compiler, "-O2", "-std=c11", "-o", exe, os.path.join(TESTS, "stress_shared.c"),
                    "-I", os.path.join(os.path.dirname(TESTS), "Sources", "CSwiftPPL", "include"),
                    "-L", lib_dir, "-lSwiftPPLC", "-lpthread", f"-Wl,-rpath,{lib_dir}"], check=True)
    result = subprocess.run([exe, "1.5"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"stress_shared {describe_exit(result.returncode)}\n{result.stderr}"


def test_sampling_runs_too_large_to_store_are_memory_errors():
    # The chains reserve chains x iterations x dimension doubles up front (800 GB here); the failed
    # Swift allocation aborted the process. Compound runs, with a DEMetropolisZ history, and NUTS.
    assert_survives("""
        import warnings, pytest, swiftppl as pm
        warnings.simplefilter("ignore")
        with pm.Model():
            x = pm.Normal("x", shape=1000)
            for step in (pm.Metropolis([x], blocked=True), pm.DEMetropolisZ([x]), None):
                with pytest.raises(MemoryError, match="1 chains x 100000000 iterations x"):
                    pm.sample(draws=10**8, tune=0, chains=1, step=step, progressbar=False)
            idata = pm.sample(draws=5, tune=5, chains=1, step=pm.DEMetropolisZ([x]), progressbar=False,
                              compute_convergence_checks=False)
            assert idata.posterior["x"].shape == (1, 5, 1000)
    """)
