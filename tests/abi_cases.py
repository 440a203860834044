"""Batches of bad-argument calls to every function of swiftppl.h, run by test_abi.py.

`python abi_cases.py BATCH` runs one batch in this process and prints a JSON list
of the cases that went wrong. Before each call the case's label is written to
stderr, so that when the process dies (a Swift trap, a segfault) the test can
name the call that killed it.

A case passes when the call returns the documented status (see the error
conventions at the top of swiftppl.h), writes a non-empty message to *err (freed
with sppl_string_free), returns the same status with err = NULL, and the process
survives.
"""

import ctypes
import json
import math
import random
import sys
from ctypes import byref, c_int32, c_int64, c_uint64, c_void_p

import numpy as np

import abi_support as A
from abi_support import BOOL, FLOAT64, H, INDEX, INT64, INT64_MAX, INT64_MIN, LINALG, MEMORY, OK, RUNTIME, TYPE, VALUE

problems = []
_current = ["(setup)"]


def label(text):
    _current[0] = text
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def fail(text):
    problems.append(f"{_current[0]}: {text}")


def expect(expected, name, *args, what=None):
    """Calls `name(*args, err)`; checks the status is `expected` (an int or a set) and
    that a failure comes with a message; then repeats a failing call with err = NULL."""
    label(what or f"{name}{args}")
    allowed = expected if isinstance(expected, (set, frozenset)) else {expected}
    status, message = A.call(name, *args)
    if status not in allowed:
        fail(f"status {status} ({message!r}), expected {sorted(allowed)}")
    elif status != OK and not message:
        fail(f"status {status} without a message")
    if status != OK:
        label((what or name) + " [err = NULL]")
        again = A.call_without_err(name, *args)
        if again != status:
            fail(f"with err = NULL the status was {again}, not {status}")
    return status, message


NULL = None
BAD_HANDLES = {"0": 0, "made-up": 2**62 + 12345, "max": 2**64 - 1}


def released_handle():
    v = A.variable()
    A.release(v)
    return v


def kinds():
    """One live handle of each kind, plus bad ones; name -> handle."""
    x = A.variable(FLOAT64, (None,), "x")
    y = A.build1("exp", [x])
    node = A.owner(y)
    fn = A.function_checked([x], [y])
    handles = {
        "variable": x,
        "output": y,
        "constant": A.constant([1.0, 2.0]),
        "shared": A.shared([1.0, 2.0]),
        "array": A.array([1.0, 2.0]),
        "apply": node,
        "op": A.apply_op(node),
        "function": fn,
        "released": released_handle(),
    }
    handles.update(BAD_HANDLES)
    return handles


def handle_cases(name, make_args, accepted, extra_ok=()):
    """Calls `make_args(h)` for a handle of every kind: kinds in `accepted` must not
    give a handle error; the others must give TYPE (wrong kind) or VALUE (dead)."""
    for kind, h in kinds().items():
        args = make_args(h)
        if kind in accepted:
            continue
        if kind in ("released", "0", "made-up", "max"):
            expect(VALUE, name, *args, what=f"{name} with a {kind} handle")
        else:
            expect(TYPE, name, *args, what=f"{name} with a handle of the wrong kind ({kind})")


def out_h():
    return byref(H())


def text_out():
    return byref(c_void_p())


# ---- memory and handles ------------------------------------------------------------

def batch_handles():
    label("sppl_string_free(NULL), sppl_handles_free(NULL)")
    A.lib.sppl_string_free(None)
    A.lib.sppl_handles_free(None)
    label("sppl_version")
    version = A.lib.sppl_version()
    if not version or not version.decode():
        fail("sppl_version returned an empty string")
    before = A.live_handles()
    expect(VALUE, "sppl_live_handles", NULL)
    for kind, h in list(BAD_HANDLES.items()) + [("released", released_handle())]:
        expect(VALUE, "sppl_release", H(h), what=f"sppl_release of a {kind} handle")
        expect(VALUE, "sppl_handle_identity", H(h), byref(c_uint64()), what=f"sppl_handle_identity of a {kind} handle")
        expect(VALUE, "sppl_describe", H(h), text_out(), what=f"sppl_describe of a {kind} handle")
        expect(VALUE, "sppl_op_properties", H(h), text_out(), what=f"sppl_op_properties of a {kind} handle")
    v = A.variable()
    A.release(v)
    expect(VALUE, "sppl_release", H(v), what="sppl_release twice")
    for kind, h in kinds().items():
        if kind in ("released",) or kind in BAD_HANDLES:
            continue
        expect(VALUE, "sppl_handle_identity", H(h), NULL, what=f"sppl_handle_identity({kind}, NULL)")
        expect(VALUE, "sppl_describe", H(h), NULL, what=f"sppl_describe({kind}, NULL)")
        text = c_void_p()
        expect(OK, "sppl_describe", H(h), byref(text), what=f"sppl_describe of a {kind}")
        if not text.value or not ctypes.string_at(text.value):
            fail(f"empty description of a {kind}")
        A.lib.sppl_string_free(text)
        props = c_void_p()
        expect(OK if kind == "op" else {TYPE, VALUE}, "sppl_op_properties", H(h), byref(props),
               what=f"sppl_op_properties of a {kind}")
        if props.value:
            A.lib.sppl_string_free(props)
        if kind == "op":
            expect(VALUE, "sppl_op_properties", H(h), NULL, what="sppl_op_properties(op, NULL)")
    expect(VALUE, "sppl_random_variable_catalog", NULL)
    catalog = c_void_p()
    expect(OK, "sppl_random_variable_catalog", byref(catalog))
    A.lib.sppl_string_free(catalog)
    if A.live_handles() < before:
        fail("live handle count went down below its starting value")


# ---- arrays ---------------------------------------------------------------------------

def borrow(data, dtype, ndim, shape, strides, out=True, release=None):
    return ("sppl_array_borrow", c_void_p(data) if data else None, dtype, ndim, shape, strides,
            c_void_p(1234), release or A.RELEASE_FN(), byref(H()) if out else None)


def batch_arrays():
    released = []
    callback = A.RELEASE_FN(lambda owner: released.append(owner))
    memory = np.zeros(64)
    data = memory.ctypes.data
    shape2, strides2 = A.int64_array([2, 3]), A.int64_array([24, 8])
    before = A.live_handles()
    for code in (-1, 3, 255, 2**31 - 1, -2**31):
        expect(TYPE, *borrow(data, code, 2, shape2, strides2, release=callback), what=f"borrow with dtype {code}")
    for ndim in (-1, 33, 64, 2**31 - 1, -2**31):
        expect(VALUE, *borrow(data, FLOAT64, ndim, A.int64_array([1] * 64), A.int64_array([8] * 64), release=callback),
               what=f"borrow with ndim {ndim}")
    expect(VALUE, *borrow(data, FLOAT64, 2, NULL, strides2, release=callback), what="borrow with shape NULL")
    expect(VALUE, *borrow(data, FLOAT64, 2, shape2, NULL, release=callback), what="borrow with strides NULL")
    expect(VALUE, *borrow(data, FLOAT64, 2, shape2, strides2, out=False, release=callback), what="borrow with out NULL")
    expect(VALUE, *borrow(None, FLOAT64, 2, shape2, strides2, release=callback), what="borrow NULL data of 6 elements")
    for bad in ([-1, 3], [2, -3], [INT64_MIN, 1], [2**62, 2**62]):
        expect({VALUE, MEMORY}, *borrow(data, FLOAT64, 2, A.int64_array(bad), strides2, release=callback),
               what=f"borrow with shape {bad}")
    for bad in ([24, 4], [12, 8], [3, 8], [24, 9], [INT64_MAX, 8]):
        expect(VALUE, *borrow(data, FLOAT64, 2, shape2, A.int64_array(bad), release=callback),
               what=f"borrow float64 with byte strides {bad}")
    expect(VALUE, *borrow(data, INT64, 1, A.int64_array([4]), A.int64_array([12]), release=callback),
           what="borrow int64 with byte stride 12")
    for dtype, strides in [(BOOL, [2**62, 2**62]), (FLOAT64, [2**62, 2**62]), (FLOAT64, [-2**62, 2**62]),
                           (FLOAT64, [INT64_MIN + 8, 8]), (INT64, [INT64_MAX - 7, -(INT64_MAX - 7)])]:
        expect(VALUE, *borrow(data, dtype, 2, A.int64_array([3, 3]), A.int64_array(strides), release=callback),
               what=f"borrow with overflowing strides {strides}")
    if released:
        fail(f"the release function was called {len(released)} time(s) for failed borrows")
    if A.live_handles() != before:
        fail("failed borrows changed the number of live handles")

    # Success: 0-d with NULL shape/strides; empty with NULL data; release runs once, at the end.
    out = H()
    expect(OK, "sppl_array_borrow", c_void_p(data), FLOAT64, 0, NULL, NULL, c_void_p(7), callback, byref(out),
           what="borrow a 0-d array with NULL shape and strides")
    if released:
        fail("release ran while the array handle was held")
    A.release(out.value)
    if released != [7]:
        fail(f"release after giving the handle back: {released}, expected [7]")
    del released[:]
    expect(OK, "sppl_array_borrow", None, FLOAT64, 2, A.int64_array([0, 5]), A.int64_array([8, 8]), c_void_p(8),
           callback, byref(out), what="borrow an empty array with NULL data")
    A.release(out.value)
    if released != [8]:
        fail(f"release of an empty borrowed array: {released}, expected [8]")

    # sppl_array_describe
    a = A.array(np.arange(6.0).reshape(2, 3)[:, ::-1])
    i32, shp, std, ptr = c_int32, (c_int64 * 32), (c_int64 * 32), c_void_p
    outs = [byref(i32()), byref(i32()), shp(), std(), byref(ptr()), byref(i32())]
    for k, what in enumerate(["dtype", "ndim", "shape", "byte_strides", "data", "readonly"]):
        args = list(outs)
        args[k] = None
        expect(VALUE, "sppl_array_describe", H(a), *args, what=f"sppl_array_describe with {what} NULL")
    handle_cases("sppl_array_describe", lambda h: (H(h), *outs), {"array"})
    expect(OK, "sppl_array_describe", H(a), *outs)
    np.testing.assert_array_equal(A.to_numpy(a), np.arange(6.0).reshape(2, 3)[:, ::-1])
    A.release(a)


# ---- variables, constants, shared ---------------------------------------------------

def batch_variables():
    shape = A.int64_array([2, -1])
    for code in (-1, 3, 2**31 - 1):
        expect(TYPE, "sppl_variable_new", code, 2, shape, b"x", out_h(), what=f"variable_new dtype {code}")
    for ndim in (-1, 33, 2**31 - 1, -2**31):
        expect(VALUE, "sppl_variable_new", FLOAT64, ndim, A.int64_array([1] * 40), None, out_h(),
               what=f"variable_new ndim {ndim}")
    expect(VALUE, "sppl_variable_new", FLOAT64, 2, NULL, None, out_h(), what="variable_new shape NULL")
    expect(VALUE, "sppl_variable_new", FLOAT64, 2, shape, None, NULL, what="variable_new out NULL")
    for bad in ([-2, 1], [1, INT64_MIN]):
        expect(VALUE, "sppl_variable_new", FLOAT64, 2, A.int64_array(bad), None, out_h(),
               what=f"variable_new shape {bad}")
    out = H()
    expect(OK, "sppl_variable_new", FLOAT64, 0, NULL, b"\xff\xfe not utf-8", byref(out),
           what="variable_new 0-d, NULL shape, non-UTF-8 name")
    A.release(out.value)
    expect(OK, "sppl_variable_new", BOOL, 32, A.int64_array([1] * 32), None, byref(out), what="variable_new 32-d")
    A.release(out.value)

    for name in ("sppl_constant_new", "sppl_shared_new"):
        a = A.array([1.0])
        expect(VALUE, name, H(a), None, NULL, what=f"{name} out NULL")
        handle_cases(name, lambda h: (H(h), None, out_h()), {"array"})
        A.release(a)

    x = A.variable(FLOAT64, (None,))
    s = A.shared(np.zeros(3))
    c = A.constant(np.zeros(3))
    expect(VALUE, "sppl_shared_get", H(s), NULL)
    expect(TYPE, "sppl_shared_get", H(x), out_h(), what="shared_get of an input variable")
    expect(TYPE, "sppl_shared_get", H(c), out_h(), what="shared_get of a constant")
    handle_cases("sppl_shared_get", lambda h: (H(h), out_h()), {"shared", "variable", "output", "constant"})
    expect(VALUE, "sppl_constant_value", H(c), NULL)
    expect(TYPE, "sppl_constant_value", H(x), out_h(), what="constant_value of an input variable")
    expect(TYPE, "sppl_constant_value", H(s), out_h(), what="constant_value of a shared variable")
    handle_cases("sppl_constant_value", lambda h: (H(h), out_h()), {"constant", "variable", "output", "shared"})

    wrong = {"int64 vector": A.array(np.zeros(3, np.int64)), "float matrix": A.array(np.zeros((3, 1))),
             "float scalar": A.array(np.float64(1.0))}
    for what, a in wrong.items():
        expect(TYPE, "sppl_shared_set", H(s), H(a), what=f"shared_set with a {what}")
    good = A.array(np.ones(5))
    expect(TYPE, "sppl_shared_set", H(x), H(good), what="shared_set of an input variable")
    expect(TYPE, "sppl_shared_set", H(c), H(good), what="shared_set of a constant")
    handle_cases("sppl_shared_set", lambda h: (H(s), H(h)), {"array"})
    handle_cases("sppl_shared_set", lambda h: (H(h), H(good)), {"shared", "variable", "output", "constant"})
    expect(OK, "sppl_shared_set", H(s), H(good))

    i32 = c_int32
    outs = [byref(i32()), byref(i32()), (c_int64 * 32)(), byref(i32())]
    for k, what in enumerate(["dtype", "ndim", "shape", "kind"]):
        args = list(outs)
        args[k] = None
        expect(VALUE, "sppl_variable_type", H(x), *args, what=f"variable_type with {what} NULL")
    handle_cases("sppl_variable_type", lambda h: (H(h), *outs), {"variable", "output", "constant", "shared"})
    expect(VALUE, "sppl_variable_name", H(x), NULL)
    handle_cases("sppl_variable_name", lambda h: (H(h), text_out()), {"variable", "output", "constant", "shared"})
    handle_cases("sppl_variable_set_name", lambda h: (H(h), b"n"), {"variable", "output", "constant", "shared"})
    expect(OK, "sppl_variable_set_name", H(x), NULL, what="variable_set_name to NULL clears it")
    name = c_void_p()
    expect(OK, "sppl_variable_name", H(x), byref(name))
    if name.value is not None:
        fail("a cleared name is not NULL")
    expect(VALUE, "sppl_variable_owner", H(x), NULL, byref(c_int64()))
    expect(VALUE, "sppl_variable_owner", H(x), out_h(), NULL)
    handle_cases("sppl_variable_owner", lambda h: (H(h), out_h(), byref(c_int64())),
                 {"variable", "output", "constant", "shared"})


# ---- nodes and ops ------------------------------------------------------------------------

def batch_nodes():
    x = A.variable(FLOAT64, (None,))
    y = A.build1("add", [x, x])
    node = A.owner(y)
    op = A.apply_op(node)
    outs = [byref(c_int64()), byref(c_int64()), out_h()]
    for k, what in enumerate(["n_inputs", "n_outputs", "op"]):
        args = list(outs)
        args[k] = None
        expect(VALUE, "sppl_apply_info", H(node), *args, what=f"apply_info with {what} NULL")
    handle_cases("sppl_apply_info", lambda h: (H(h), *outs), {"apply"})
    for name, n in (("sppl_apply_input", 2), ("sppl_apply_output", 1)):
        for i in (-1, n, n + 1, INT64_MAX, INT64_MIN, 2**32):
            expect(INDEX, name, H(node), i, out_h(), what=f"{name} index {i}")
        expect(VALUE, name, H(node), 0, NULL, what=f"{name} out NULL")
        handle_cases(name, lambda h: (H(h), 0, out_h()), {"apply"})

    outputs, n_out = (H * 4)(), c_int64()
    handle_cases("sppl_apply_op", lambda h: (H(h), A.handles_array([x, x]), 2, outputs, 4, byref(n_out)), {"op"})
    handle_cases("sppl_apply_op", lambda h: (H(op), A.handles_array([h, x]), 2, outputs, 4, byref(n_out)),
                 {"variable", "output", "constant", "shared"})
    expect(VALUE, "sppl_apply_op", H(op), NULL, 2, outputs, 4, byref(n_out), what="apply_op inputs NULL")
    for n in (-1, INT64_MIN, 2**40, INT64_MAX):
        expect(VALUE, "sppl_apply_op", H(op), A.handles_array([x, x]), n, outputs, 4, byref(n_out),
               what=f"apply_op n_inputs {n}")
    for n in (0, 1, 3):
        expect(TYPE, "sppl_apply_op", H(op), A.handles_array([x] * 3), n, outputs, 4, byref(n_out),
               what=f"apply_op with {n} inputs to add")
    m = A.variable(FLOAT64, (None, None))
    expect(TYPE, "sppl_apply_op", H(op), A.handles_array([x, m]), 2, outputs, 4, byref(n_out),
           what="apply_op add of inputs of different rank")
    expect(VALUE, "sppl_apply_op", H(op), A.handles_array([x, x]), 2, NULL, 4, byref(n_out), what="outputs NULL")
    expect(VALUE, "sppl_apply_op", H(op), A.handles_array([x, x]), 2, outputs, 4, NULL, what="n_outputs NULL")
    for room in (0, -1, INT64_MIN):
        expect(VALUE, "sppl_apply_op", H(op), A.handles_array([x, x]), 2, outputs, room, byref(n_out),
               what=f"apply_op with room for {room} outputs")

    other = A.apply_op(A.owner(A.build1("mul", [x, x])))
    equal = c_int32()
    expect(VALUE, "sppl_op_equal", H(op), H(other), NULL)
    handle_cases("sppl_op_equal", lambda h: (H(h), H(op), byref(equal)), {"op"})
    handle_cases("sppl_op_equal", lambda h: (H(op), H(h), byref(equal)), {"op"})
    expect(OK, "sppl_op_equal", H(op), H(other), byref(equal))
    if equal.value != 0:
        fail("add and mul compare equal")


# ---- graph queries, cloning, dprint ----------------------------------------------------

def batch_graphs():
    x = A.variable(FLOAT64, (None,))
    y = A.build1("exp", [x])
    m = A.variable(FLOAT64, (None, None))
    result, count = ctypes.POINTER(H)(), c_int64()
    outs = A.handles_array([y])
    expect(VALUE, "sppl_graph_query", NULL, outs, 1, NULL, 0, byref(result), byref(count), what="query what NULL")
    for what in (b"", b"Inputs", b"nodes", b"inputs ", b"\xff"):
        expect(VALUE, "sppl_graph_query", what, outs, 1, NULL, 0, byref(result), byref(count),
               what=f"query {what!r}")
    for what in (b"inputs", b"ancestors", b"toposort"):
        expect(VALUE, "sppl_graph_query", what, NULL, 1, NULL, 0, byref(result), byref(count), what="outputs NULL")
        expect(VALUE, "sppl_graph_query", what, outs, -1, NULL, 0, byref(result), byref(count), what="n = -1")
        expect(VALUE, "sppl_graph_query", what, outs, 2**40, NULL, 0, byref(result), byref(count), what="n = 2^40")
        expect(VALUE, "sppl_graph_query", what, outs, 1, NULL, 1, byref(result), byref(count), what="blockers NULL")
        expect(VALUE, "sppl_graph_query", what, outs, 1, NULL, -5, byref(result), byref(count), what="n_blockers -5")
        expect(VALUE, "sppl_graph_query", what, outs, 1, NULL, 0, NULL, byref(count), what="result NULL")
        expect(VALUE, "sppl_graph_query", what, outs, 1, NULL, 0, byref(result), NULL, what="count NULL")
        handle_cases("sppl_graph_query", lambda h: (what, A.handles_array([h]), 1, NULL, 0, byref(result),
                                                    byref(count)), {"variable", "output", "constant", "shared"})
        handle_cases("sppl_graph_query", lambda h: (what, outs, 1, A.handles_array([h]), 1, byref(result),
                                                    byref(count)), {"variable", "output", "constant", "shared"})
        expect(OK, "sppl_graph_query", what, NULL, 0, NULL, 0, byref(result), byref(count), what="empty query")
        A.lib.sppl_handles_free(result)

    res = (H * 4)()
    expect(VALUE, "sppl_clone_replace", NULL, 1, NULL, NULL, 0, res, what="clone outputs NULL")
    expect(VALUE, "sppl_clone_replace", outs, 1, NULL, A.handles_array([x]), 1, res, what="clone old NULL")
    expect(VALUE, "sppl_clone_replace", outs, 1, A.handles_array([x]), NULL, 1, res, what="clone new NULL")
    expect(VALUE, "sppl_clone_replace", outs, 1, NULL, NULL, 0, NULL, what="clone result NULL")
    for n in (-1, 2**40, INT64_MIN):
        expect(VALUE, "sppl_clone_replace", outs, n, NULL, NULL, 0, res, what=f"clone n = {n}")
        expect(VALUE, "sppl_clone_replace", outs, 1, A.handles_array([x]), A.handles_array([x]), n, res,
               what=f"clone n_replace = {n}")
    expect(TYPE, "sppl_clone_replace", outs, 1, A.handles_array([x]), A.handles_array([m]), 1, res,
           what="clone replacing a vector by a matrix")
    b = A.variable(BOOL, (None,))
    expect(TYPE, "sppl_clone_replace", A.handles_array([A.build1("invert", [b])]), 1, A.handles_array([b]),
           A.handles_array([x]), 1, res, what="clone replacing the bool input of invert by a float")
    handle_cases("sppl_clone_replace", lambda h: (A.handles_array([h]), 1, NULL, NULL, 0, res),
                 {"variable", "output", "constant", "shared"})
    handle_cases("sppl_clone_replace", lambda h: (outs, 1, A.handles_array([x]), A.handles_array([h]), 1, res),
                 {"variable", "output", "constant", "shared"})
    handle_cases("sppl_clone_replace", lambda h: (outs, 1, A.handles_array([h]), A.handles_array([x]), 1, res),
                 {"variable", "output", "constant", "shared"})

    expect(VALUE, "sppl_dprint", outs, 1, NULL)
    expect(VALUE, "sppl_dprint", NULL, 1, text_out(), what="dprint outputs NULL")
    for n in (-1, 2**40):
        expect(VALUE, "sppl_dprint", outs, n, text_out(), what=f"dprint n = {n}")
    handle_cases("sppl_dprint", lambda h: (A.handles_array([h]), 1, text_out()),
                 {"variable", "output", "constant", "shared"})


# ---- compiled functions ---------------------------------------------------------------------

def function_new_args(inputs, outputs, g_old=(), g_new=(), u_var=(), u_expr=(), allow=1, out=True,
                      n_in=None, n_out=None, n_g=None, n_u=None):
    arr = lambda hs: A.handles_array(list(hs)) if hs is not None else None  # noqa: E731
    return (arr(inputs), len(inputs) if n_in is None else n_in, arr(outputs), len(outputs) if n_out is None else n_out,
            arr(g_old), arr(g_new), len(g_old or ()) if n_g is None else n_g,
            arr(u_var), arr(u_expr), len(u_var or ()) if n_u is None else n_u, allow, out_h() if out else None)


def batch_functions():
    x = A.variable(FLOAT64, (None,), "x")
    z = A.variable(FLOAT64, (None,), "z")
    y = A.build1("exp", [x])
    s = A.shared(np.zeros(3))
    c = A.constant(np.zeros(3))
    F = "sppl_function_new"
    expect(VALUE, F, *function_new_args([x], [y], out=False), what="function_new out NULL")
    expect(VALUE, F, *function_new_args(None, [y], n_in=1), what="inputs NULL")
    expect(VALUE, F, *function_new_args([x], None, n_out=1), what="outputs NULL")
    expect(VALUE, F, *function_new_args([x], [y], None, [x], n_g=1), what="givens keys NULL")
    expect(VALUE, F, *function_new_args([x], [y], [x], None, n_g=1), what="givens values NULL")
    expect(VALUE, F, *function_new_args([x], [y], u_var=None, u_expr=[y], n_u=1), what="update vars NULL")
    expect(VALUE, F, *function_new_args([x], [y], u_var=[s], u_expr=None, n_u=1), what="update exprs NULL")
    for n in (-1, 2**40, INT64_MIN):
        expect(VALUE, F, *function_new_args([x], [y], n_in=n), what=f"n_inputs {n}")
        expect(VALUE, F, *function_new_args([x], [y], n_out=n), what=f"n_outputs {n}")
        expect(VALUE, F, *function_new_args([x], [y], [x], [x], n_g=n), what=f"n_givens {n}")
        expect(VALUE, F, *function_new_args([x], [y], u_var=[s], u_expr=[s], n_u=n), what=f"n_updates {n}")
    handle_cases(F, lambda h: function_new_args([h], [y]), {"variable", "output"})
    handle_cases(F, lambda h: function_new_args([x], [h]), {"variable", "output", "constant", "shared"})
    handle_cases(F, lambda h: function_new_args([x], [y], [h], [z]), {"variable", "output", "constant", "shared"})
    handle_cases(F, lambda h: function_new_args([x], [y], [z], [h]), {"variable", "output", "constant", "shared"})
    handle_cases(F, lambda h: function_new_args([x], [y], u_var=[h], u_expr=[y]), {"variable", "output", "shared"})
    handle_cases(F, lambda h: function_new_args([x], [y], u_var=[s], u_expr=[h]),
                 {"variable", "output", "constant", "shared"})
    expect(TYPE, F, *function_new_args([c], [y]), what="a constant as input")
    expect(TYPE, F, *function_new_args([s], [y]), what="a shared variable as input")
    expect(VALUE, F, *function_new_args([x, x], [y]), what="an input given twice")
    expect(A.MISSING_INPUT, F, *function_new_args([], [y]), what="a missing input")
    expect(VALUE, F, *function_new_args([x, z], [y], allow=0), what="an unused input with allow_unused = 0")
    expect(TYPE, F, *function_new_args([x], [y], [x], [A.variable(FLOAT64, (None, None))]),
           what="givens of another rank")
    expect(TYPE, F, *function_new_args([x], [y], [x], [A.variable(INT64, (None,))]), what="givens of another dtype")
    expect(TYPE, F, *function_new_args([x], [y], u_var=[x], u_expr=[y]), what="updating a non-shared variable")
    expect(TYPE, F, *function_new_args([x], [y], u_var=[s], u_expr=[A.build1("sum", [y], [0, 0])]),
           what="an update of another rank")

    f = A.function_checked([x], [y])
    nin, nout = c_int64(), c_int64()
    expect(VALUE, "sppl_function_info", H(f), NULL, byref(nout))
    expect(VALUE, "sppl_function_info", H(f), byref(nin), NULL)
    handle_cases("sppl_function_info", lambda h: (H(h), byref(nin), byref(nout)), {"function"})
    for which in (-1, 2, 2**31 - 1):
        expect(VALUE, "sppl_function_variable", H(f), which, 0, out_h(), what=f"function_variable which = {which}")
    for which in (0, 1):
        for i in (-1, 1, INT64_MAX, INT64_MIN):
            expect(INDEX, "sppl_function_variable", H(f), which, i, out_h(),
                   what=f"function_variable which = {which}, i = {i}")
    expect(VALUE, "sppl_function_variable", H(f), 0, 0, NULL)
    handle_cases("sppl_function_variable", lambda h: (H(h), 0, 0, out_h()), {"function"})
    expect(VALUE, "sppl_function_dprint", H(f), NULL)
    handle_cases("sppl_function_dprint", lambda h: (H(h), text_out()), {"function"})


def call_args(f, arrays, n_in=None, n_out=1, outputs=True):
    bufs = A.Buffers(arrays if arrays is not None else [])
    outs = (H * 4)() if outputs else None
    return (H(f), bufs.buffers if arrays is not None else None, bufs.count if n_in is None else n_in,
            outs, n_out), (bufs, outs)


def expect_call(expected, f, arrays, what, **kwargs):
    args, (keep, outs) = call_args(f, arrays, **kwargs)
    status, message = expect(expected, "sppl_function_call", *args, what=what)
    if status == OK:
        A.release(*[h for h in outs if h])
    return status, message


def batch_calls():
    x = A.variable(FLOAT64, (None,), "x")
    v3 = A.variable(FLOAT64, (3,), "v3")
    f = A.function_checked([x], [A.build1("exp", [x])])
    good = np.arange(3.0)
    handle_cases("sppl_function_call", lambda h: call_args(h, [good])[0], {"function"})
    # sppl_function_map: rows along a leading axis.
    M = "sppl_function_map"
    handle_cases(M, lambda h: call_args(h, [np.ones((2, 3))])[0], {"function"})
    args, (keep, outs) = call_args(f, [np.arange(6.0).reshape(2, 3)])
    if expect(OK, M, *args, what="map over two rows")[0] == OK:
        A.release(*[h for h in outs if h])
    for bad, what in ((np.float64(1.0), "a 0-d input"), (np.ones((0, 3)), "zero rows"),
                      (np.ones(3, dtype=np.int64), "an int64 input")):
        args, (keep, outs) = call_args(f, [np.asarray(bad)])
        expect({VALUE, TYPE}, M, *args, what=f"map with {what}")
    args, (keep, outs) = call_args(f, [good], n_in=2)
    expect(TYPE, M, *args, what="map with n_inputs = 2")
    args, (keep, outs) = call_args(f, [good], n_out=3)
    expect(VALUE, M, *args, what="map with n_outputs = 3")
    args, (keep, outs) = call_args(f, [good], outputs=False)
    expect(VALUE, M, *args, what="map with outputs NULL")
    g = A.function_checked([v3], [A.build1("sum", [v3], [0, 0])])
    before = A.live_handles()
    expect_call(OK, f, [good], "a good call")
    for n in (0, 2, -1, INT64_MAX, INT64_MIN):
        expect_call(TYPE, f, [good, good], f"n_inputs = {n}", n_in=n)
    for n in (0, 2, -1, INT64_MIN):
        expect_call(VALUE, f, [good], f"n_outputs = {n}", n_out=n)
    expect_call(VALUE, f, None, "inputs NULL", n_in=1)
    expect_call(VALUE, f, [good], "outputs NULL", outputs=False)
    expect_call(TYPE, f, [np.arange(3)], "an int64 buffer for a float64 input")
    expect_call(TYPE, f, [np.ones(3, bool)], "a bool buffer for a float64 input")
    expect_call(TYPE, f, [np.ones((3, 1))], "a matrix for a vector")
    expect_call(TYPE, f, [np.float64(1.0)], "a scalar for a vector")
    d = good.ctypes.data
    for code in (-1, 3, 2**31 - 1):
        expect_call(TYPE, f, [dict(data=d, dtype=code, ndim=1, shape=[3], strides=[8])], f"buffer dtype {code}")
    for ndim in (-1, 33, 2**31 - 1, -2**31):
        expect_call(VALUE, f, [dict(data=d, dtype=FLOAT64, ndim=ndim, shape=[1] * 40, strides=[8] * 40)],
                    f"buffer ndim {ndim}")
    expect_call(VALUE, f, [dict(data=d, dtype=FLOAT64, ndim=1, shape=None, strides=[8])], "buffer shape NULL")
    expect_call(VALUE, f, [dict(data=d, dtype=FLOAT64, ndim=1, shape=[3], strides=None)], "buffer strides NULL")
    expect_call(VALUE, f, [dict(data=None, dtype=FLOAT64, ndim=1, shape=[3], strides=[8])], "buffer data NULL")
    for shape in ([-1], [INT64_MIN], [-3]):
        expect_call(VALUE, f, [dict(data=d, dtype=FLOAT64, ndim=1, shape=shape, strides=[8])], f"shape {shape}")
    for stride in (4, 12, 1, -3, INT64_MAX):
        expect_call(VALUE, f, [dict(data=d, dtype=FLOAT64, ndim=1, shape=[3], strides=[stride])],
                    f"byte stride {stride}")
    expect_call(VALUE, f, [dict(data=d, dtype=FLOAT64, ndim=1, shape=[2**62], strides=[2**62])],
                "a stride whose reach overflows")
    # Empty inputs may have NULL data; NaN and infinities are values like others.
    expect_call(OK, f, [dict(data=None, dtype=FLOAT64, ndim=1, shape=[0], strides=[8])], "empty, data NULL")
    status, message, (out,) = A.call_function(f, [np.array([np.nan, np.inf, -np.inf])])
    if status != OK or not (np.isnan(out[0]) and out[1] == np.inf and out[2] == 0):
        fail(f"exp of nan, inf, -inf: {status} {message} {out}")
    expect_call(VALUE, g, [np.zeros(4)], "4 elements for a static length of 3")
    expect_call(OK, g, [np.arange(9.0)[::3]], "a strided view")
    expect_call(OK, g, [np.arange(3.0)[::-1]], "a reversed view")
    if A.live_handles() != before:
        fail(f"calls leaked {A.live_handles() - before} handle(s)")

    # Errors raised while running: linear algebra, arange, indices.
    m = A.variable(FLOAT64, (None, None), "m")
    chol = A.function_checked([m], [A.build1("cholesky", [m], [1, 0])])
    expect_call(LINALG, chol, [-np.eye(2)], "cholesky of a negative definite matrix")
    expect_call({OK, LINALG}, chol, [np.full((2, 2), np.nan)], "cholesky of NaNs")
    inv = A.function_checked([m], [A.build1("inv", [m])])
    expect_call(LINALG, inv, [np.zeros((2, 2))], "inverse of a singular matrix")
    expect_call(VALUE, inv, [np.zeros((2, 3))], "inverse of a non-square matrix")
    start = A.variable(FLOAT64, (), "start")
    ar = A.function_checked([start], [A.build1("arange", [start, A.constant(5.0), A.constant(1.0)], [-1])])
    for bad in (np.nan, np.inf, -np.inf):
        expect_call(VALUE, ar, [np.float64(bad)], f"arange from {bad}")
    expect_call(MEMORY, ar, [np.float64(-1e14)], "arange of 1e14 elements")
    i = A.variable(INT64, (), "i")
    idx = A.function_checked([x, i], [A.build1("index", [x, i], [1, 0])])
    for k in (3, -4, INT64_MAX, INT64_MIN):
        expect_call(INDEX, idx, [good, np.int64(k)], f"index {k} into 3 elements")


# ---- sppl_build ------------------------------------------------------------------------------------

class Pool:
    """Variables of assorted types to feed to graph functions."""

    def __init__(self):
        V = A.variable
        self.fs, self.i_s, self.bs = V(FLOAT64, ()), V(INT64, ()), V(BOOL, ())
        self.fv, self.iv, self.bv = V(FLOAT64, (None,)), V(INT64, (None,)), V(BOOL, (None,))
        self.fv3 = V(FLOAT64, (3,))
        self.fm, self.fm22, self.im = V(FLOAT64, (None, None)), V(FLOAT64, (2, 2)), V(INT64, (None, None))
        self.f3 = V(FLOAT64, (None, None, None))
        C = A.constant
        self.c0, self.c1, self.c2, self.c3, self.cm1 = C(0), C(1), C(2), C(3), C(-1)
        self.cbig, self.cmin, self.c62 = C(np.int64(INT64_MAX)), C(np.int64(INT64_MIN)), C(np.int64(2**62))
        self.cf, self.cnan, self.cinf = C(2.5), C(np.nan), C(np.inf)
        self.civ, self.cbv = C(np.array([0, 2, -1])), C(np.array([True, False, True]))
        self.cempty, self.cm = C(np.zeros(0)), C(np.eye(2))
        self.cshape = C(np.array([3, -1]))
        self.idx_scalar = A.build1("index", [self.fv, self.c0], [1, 0])
        self.idx_slice = A.build1("index", [self.fm, self.c1], [1, 1, 1])
        self.idx_array = A.build1("index", [self.fv, self.civ], [1, 4])

    def all(self):
        return [v for k, v in vars(self).items()]


UNARY = ["neg", "abs", "sign", "sqr", "sqrt", "reciprocal", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p",
         "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh",
         "sigmoid", "softplus", "log1mexp", "gammaln", "psi", "tri_gamma", "erf", "erfc", "floor", "ceil", "trunc",
         "round_half_to_even", "isnan", "isinf", "identity"]
BINARY = ["add", "sub", "mul", "true_div", "int_div", "mod", "pow", "maximum", "minimum", "arctan2", "logaddexp",
          "eq", "neq", "lt", "le", "gt", "ge"]
LOGICAL = ["and_", "or_", "xor"]
# Special functions (ScalarOp+Special.swift).
SPECIAL_UNARY = ["erfcx", "erfinv", "erfcinv", "log_ndtr", "ndtri", "i0", "i1", "i0e", "i1e", "xlogx"]
SPECIAL_BINARY = ["polygamma", "betaln", "xlogy0", "gammainc", "gammaincc", "gammaincinv", "gammainccinv", "gammainc_grad"]
SPECIAL_TERNARY = ["betainc", "betaincinv", "betainc_grad_a", "betainc_grad_b"]


def valid_calls(p):
    """name -> (inputs, params) of one call that succeeds."""
    calls = {}
    for name in UNARY:
        calls[name] = ([p.fv], [])
    calls["invert"] = ([p.bv], [])
    for name in BINARY:
        calls[name] = ([p.fv, p.fv], [])
    for name in LOGICAL:
        calls[name] = ([p.bv, p.bv], [])
    for name in SPECIAL_UNARY:
        calls[name] = ([p.fv], [])
    for name in SPECIAL_BINARY:
        calls[name] = ([p.iv, p.fv], [])
    for name in SPECIAL_TERNARY:
        calls[name] = ([p.fv, p.iv, p.fv], [])
    calls["switch"] = ([p.bv, p.fv, p.fv], [])
    calls["clip"] = ([p.fv, p.fs, p.fs], [])
    calls["cast"] = ([p.fv], [INT64])
    for name in ("sum", "prod", "max", "min", "all", "any", "mean", "logsumexp"):
        calls[name] = ([p.fm], [0, 1, 1, 0])
    calls["var"] = calls["std"] = ([p.fm], [0, 1, 1, 1, 0])
    calls["argmax"] = calls["argmin"] = ([p.fm], [0, 1, 1, 1])
    calls["cumsum"] = calls["cumprod"] = ([p.fm], [1, 1, 0])
    calls["shape"] = ([p.fm], [])
    calls["reshape"] = ([p.fm, p.cshape], [])
    calls["flatten"] = ([p.f3], [2])
    calls["transpose"] = ([p.f3], [1, 3, 2, 0, 1])
    calls["dimshuffle"] = ([p.fv], [3, -1, 0, -1])
    calls["expand_dims"] = ([p.fv], [2, 0, 2])
    calls["squeeze"] = ([A.build1("dimshuffle", [p.fv], [2, 0, -1])], [1, 1, 1])
    calls["concatenate"] = ([p.fm, p.fm22], [1])
    calls["stack"] = ([p.fv, p.fv3], [0])
    calls["index"] = ([p.fm, p.c1, p.c0, p.c2], [2, 0, 1, 3])
    calls["set_subtensor"] = ([p.idx_slice, p.fs], [])
    calls["inc_subtensor"] = ([p.idx_array, p.fs], [])
    calls["alloc"] = ([p.fs, p.c2, p.c3], [])
    calls["zeros_like"] = calls["ones_like"] = ([p.fm], [-1])
    calls["arange"] = ([p.c0, p.c3, p.c1], [-1])
    calls["eye"] = ([p.c2, p.c3, p.c1], [FLOAT64])
    calls["fill_diagonal"] = ([p.fm, p.fs], [])
    calls["dot"] = ([p.fm, p.fv], [])
    calls["matmul"] = ([p.f3, p.fm], [])
    calls["outer"] = ([p.fv, p.fv3], [])
    calls["cholesky"] = ([p.fm], [1, 0])
    calls["solve"] = ([p.fm, p.fv], [0, 0, 0])
    calls["solve_triangular"] = ([p.fm, p.fm], [1, 0, 0, 2])
    calls["det"] = calls["inv"] = calls["slogdet"] = ([p.fm], [])
    calls["specify_shape"] = ([p.fv], [1, -1])
    row, state = A.variable(FLOAT64, ()), A.variable(FLOAT64, ())
    calls["scan"] = ([A.constant(-1), p.fv3, p.fs, row, state, A.build1("add", [row, state], [])], [1, 1, 0, 1, 1, -1])
    cost = A.build1("sum", [p.fv3], [0, 0])
    calls["grad"] = ([cost, p.fv3], [0])
    calls["jacobian"] = ([A.build1("exp", [p.fv3], []), p.fv3], [0])
    calls["hessian"] = ([A.build1("sum", [A.build1("sqr", [p.fv3], [])], [0, 0]), p.fv3], [0])
    rng = A.build1("random_generator", [], [0, 1, 0, 0])
    calls["random_generator"] = ([], [0, 1, 0, 0])
    no_size = A.constant(np.zeros(0, dtype=np.int64))
    for entry in A.random_variable_catalog():
        params = [A.variable(FLOAT64, (None,) * k) for k in entry["ndims_params"]]
        calls["rv_" + entry["name"]] = ([rng, no_size] + params, [])
    draw = A.build("rv_normal", [rng, no_size, p.fs, p.fs])[2][1]
    calls["logp"] = ([draw, p.fs], [])
    calls["logcdf"] = ([draw, p.fs], [])
    calls["icdf"] = ([draw, p.fs], [])
    calls["conditional_logp"] = ([draw, p.fs], [])
    calls["transform"] = ([p.fv, p.fs, p.fs], [2, 2, 2, 3, 0])  # log|det J| of interval(lower, upper) then log
    return calls


# Graph functions taking any number of inputs (a wrong count is judged by what they need).
VARIADIC = {"reshape", "concatenate", "stack", "index", "alloc", "grad", "jacobian", "hessian", "scan", "conditional_logp",
            "random_generator", "transform"}
VARIADIC |= {"rv_" + entry["name"] for entry in A.random_variable_catalog()}


def malformed_params(p):
    """(name, inputs, params, expected status): parameters that must be rejected."""
    cases = []
    for name in ("sum", "prod", "max", "min", "all", "any", "mean", "logsumexp"):
        for params in ([0, 1, 1, 2], [0, 1, 1, -3], [0, 1, 2, 0, 0], [0, 1, 1, INT64_MAX], [0, 1, 1, INT64_MIN],
                       [0, 1, 3, 0, 1, 2], [0, 1, INT64_MAX], [0, 1, -1], [0, 1]):
            cases.append((name, [p.fm], params, VALUE))
    for name in ("var", "std"):
        cases += [(name, [p.fm], [0, 0, 1, 1, 5], VALUE), (name, [p.fm], [0, 0, 1, INT64_MIN], VALUE)]
    for name in ("argmax", "argmin"):
        cases += [(name, [p.fm], [0, 1, 2, 0, 1], VALUE), (name, [p.fm], [0, 1, 1, 2], VALUE),
                  (name, [p.fm], [0, 1, 1, INT64_MIN], VALUE), (name, [p.fm], [0, 1, 0], VALUE)]
    for name in ("cumsum", "cumprod"):
        cases += [(name, [p.fm], [1, 1, 2], VALUE), (name, [p.fm], [1, 2, 0, 1], VALUE),
                  (name, [p.fm], [1, 1, INT64_MAX], VALUE)]
    for params in ([0], [4], [-1], [INT64_MAX], [INT64_MIN]):
        cases.append(("flatten", [p.f3], params, VALUE))
    for params in ([1, 3, 0, 0, 1], [1, 3, 0, 1, 5], [1, 2, 0, 1], [1, 4, 0, 1, 2, 0], [1, INT64_MAX, 0]):
        cases.append(("transpose", [p.f3], params, VALUE))
    for params in ([1, 5], [2, 0, 0], [1, -2], [1, INT64_MIN], [-1], [INT64_MAX], [2, 0]):
        cases.append(("dimshuffle", [p.fv], params, VALUE))
    cases.append(("dimshuffle", [p.fm], [1, 0], VALUE))            # drops an axis not known to be 1
    cases.append(("dimshuffle", [p.fv], [40] + [-1] * 40, VALUE))  # more than SPPL_MAX_NDIM axes
    cases.append(("dimshuffle", [p.fv], [2**20] + [-1] * 2**20, VALUE))
    for params in ([1, 5], [2, 0, 0], [1, INT64_MIN], [1, INT64_MAX], [-1], [40] + list(range(40))):
        cases.append(("expand_dims", [p.fv], params, VALUE))
    cases.append(("expand_dims", [p.fv], [2**20] + list(range(2**20)), VALUE))
    # (Squeezing axis 0 of a vector of unknown length is allowed: checked when run.)
    for params in ([1, 1, 7], [1, 1, INT64_MIN]):
        cases.append(("squeeze", [p.fv], params, VALUE))
    for params in ([2], [-3], [INT64_MAX], [INT64_MIN], []):
        cases.append(("concatenate", [p.fm, p.fm], params, VALUE))
    for params in ([3], [-4], [INT64_MAX], [INT64_MIN], []):
        cases.append(("stack", [p.fm, p.fm], params, VALUE))
    cases.append(("concatenate", [p.fv, p.fm], [0], VALUE))
    cases.append(("concatenate", [p.fs, p.fs], [0], VALUE))
    cases.append(("stack", [p.fv, p.fm], [0], VALUE))
    # index: entry count, then per entry a kind (0 scalar, 1 slice + mask, 2 newaxis, 3 ellipsis, 4 array).
    for params, inputs in [([1, 9], [p.fv]), ([1, -1], [p.fv]), ([1, INT64_MIN], [p.fv]), ([1, 1, 8], [p.fv]),
                           ([1, 1, -1], [p.fv, p.c0, p.c0, p.c0]), ([1, 1, 16], [p.fv]),
                           ([2], [p.fv, p.c0]), ([INT64_MAX], [p.fv]), ([-1], [p.fv]), ([INT64_MIN], [p.fv]),
                           ([1, 0], [p.fv]), ([1, 0], [p.fv, p.c0, p.c0]), ([1, 1, 7], [p.fv, p.c0]),
                           ([1, 4], [p.fv]), ([], [p.fv]), ([1], [p.fv]), ([1, 1], [p.fv])]:
        cases.append(("index", inputs, params, VALUE))
    for params, inputs in [([2, 0, 0], [p.fv, p.c0, p.c0]), ([2, 3, 3], [p.fm]), ([1, 0], [p.fv, p.cf]),
                           ([1, 4], [p.fv, p.fv]), ([1, 0], [p.fv, p.civ]), ([1, 1, 1], [p.fv, p.cf]),
                           ([1, 0], [p.fs, p.c0]), ([1, 4], [p.fv, p.cm]), ([1, 0], [p.fv3, p.cbig]),
                           ([1, 0], [p.fv3, p.cmin]), ([1, 0], [p.fv3, p.c3])]:
        cases.append(("index", inputs, params, INDEX))
    cases.append(("index", [p.fv3, p.c0, p.c0, p.c0], [1, 1, 7], VALUE))  # a static step of zero
    cases.append(("index", [p.fv, p.c0], [40, 0] + [2] * 39, VALUE))       # 39 new axes: 40 dimensions
    for params in ([7], [3], [-2], [2**32 + 2], [INT64_MIN], [], [-1, 0]):
        expected = TYPE if len(params) == 1 else VALUE
        cases += [("zeros_like", [p.fv], params, expected), ("ones_like", [p.fv], params, expected),
                  ("cast", [p.fv], params if params != [-1, 0] else [-1], TYPE if params else VALUE)]
    for params in ([7], [2**32 + 2], [INT64_MIN]):
        cases += [("arange", [p.c0, p.c3, p.c1], params, TYPE), ("eye", [p.c2, p.c2, p.c0], params, TYPE)]
    cases += [("arange", [p.c0, p.c3, p.c0], [-1], VALUE), ("arange", [p.c0, p.cinf, p.c1], [-1], VALUE),
              ("arange", [p.cnan, p.c3, p.c1], [-1], VALUE), ("arange", [p.c0, p.c3], [-1], TYPE),
              ("arange", [p.fv, p.c3, p.c1], [-1], TYPE), ("arange", [p.c0, p.c3, p.c1], [], VALUE)]
    cases += [("eye", [p.cf, p.c2, p.c0], [2], TYPE), ("eye", [p.cm1, p.c2, p.c0], [2], VALUE),
              ("eye", [p.c2, p.cmin, p.c0], [2], VALUE), ("eye", [p.c2, p.c2, p.civ], [2], TYPE)]
    cases += [("alloc", [p.fs, p.cf], [], TYPE), ("alloc", [p.fs, p.civ], [], TYPE), ("alloc", [p.fm, p.c2], [], VALUE),
              ("alloc", [p.fs, p.cm1], [], VALUE), ("alloc", [p.fs, p.c2, p.cmin], [], VALUE),
              ("alloc", [p.fs] + [p.c1] * 33, [], VALUE)]
    cases += [("reshape", [p.fm, p.cf], [], TYPE), ("reshape", [p.fm, p.fv], [], VALUE),
              ("reshape", [p.fv3, A.constant(np.array([-1, -1]))], [], VALUE),
              ("reshape", [p.fv3, A.constant(np.array([2, 2]))], [], VALUE),
              ("reshape", [p.fv3, A.constant(np.array([-2, 3]))], [], VALUE),
              ("reshape", [p.fv3, A.constant(np.array([INT64_MAX, INT64_MAX]))], [], VALUE),
              ("reshape", [p.fv3, A.constant(np.array([-1, 0]))], [], VALUE)]
    for params in ([0, 0, 0], [1], []):
        cases.append(("cholesky", [p.fm], params, VALUE))
    for params in ([3, 0, 0], [-1, 0, 0], [0, 0, 3], [0, 0, -1], [0, 0, INT64_MAX], [0, 0], [0, 0, 0, 0]):
        cases.append(("solve", [p.fm, p.fv], params, VALUE))
    for params in ([1, 0, 0, 3], [1, 0, 0, INT64_MIN], [1, 0, 0]):
        cases.append(("solve_triangular", [p.fm, p.fv], params, VALUE))
    cases += [("solve", [p.fv, p.fv], [0, 0, 0], VALUE), ("solve", [p.fm22, p.fv3], [0, 0, 0], VALUE),
              ("det", [p.fv], [], VALUE), ("inv", [p.fs], [], VALUE), ("cholesky", [p.fm22], [1, 0, 0], VALUE),
              ("dot", [p.fv3, p.fm22], [], VALUE),
              ("matmul", [p.fs, p.fm], [], VALUE), ("fill_diagonal", [p.fv, p.fs], [], VALUE),
              ("fill_diagonal", [p.fm, p.fv], [], VALUE)]
    cases += [("set_subtensor", [p.fv, p.fs], [], TYPE), ("inc_subtensor", [p.idx_scalar, p.fm], [], VALUE),
              ("set_subtensor", [A.build1("exp", [p.fv]), p.fs], [], TYPE)]
    for name in BINARY:
        cases.append((name, [p.fv3, A.variable(FLOAT64, (4,))], [], VALUE))
    for name in LOGICAL + ["invert"]:
        cases.append((name, [p.fv] * (1 if name == "invert" else 2), [], TYPE))
    return cases


def batch_build_arguments():
    p = Pool()
    x = p.fv
    outs, n = (H * 8)(), c_int64()
    ins, prm = A.handles_array([x]), A.int64_array([])
    expect(VALUE, "sppl_build", NULL, ins, 1, prm, 0, outs, 8, byref(n), what="build function NULL")
    for name in (b"", b"nope", b"ADD", b"add ", b"\xff\xfe", b"sum\x00"[:3] + b"s"):
        expect(VALUE, "sppl_build", name, ins, 1, prm, 0, outs, 8, byref(n), what=f"build unknown {name!r}")
    expect(VALUE, "sppl_build", b"exp", NULL, 1, prm, 0, outs, 8, byref(n), what="build inputs NULL")
    expect(VALUE, "sppl_build", b"sum", ins, 1, NULL, 2, outs, 8, byref(n), what="build params NULL")
    for count in (-1, 2**40, INT64_MIN, INT64_MAX):
        expect(VALUE, "sppl_build", b"exp", ins, count, prm, 0, outs, 8, byref(n), what=f"build n_inputs {count}")
        expect(VALUE, "sppl_build", b"exp", ins, 1, prm, count, outs, 8, byref(n), what=f"build n_params {count}")
    expect(VALUE, "sppl_build", b"exp", ins, 1, prm, 0, NULL, 8, byref(n), what="build outputs NULL")
    expect(VALUE, "sppl_build", b"exp", ins, 1, prm, 0, outs, 8, NULL, what="build n_outputs NULL")
    for room in (0, -1, INT64_MIN):
        expect(VALUE, "sppl_build", b"exp", ins, 1, prm, 0, outs, room, byref(n), what=f"build room {room}")
    expect(VALUE, "sppl_build", b"slogdet", A.handles_array([p.fm]), 1, prm, 0, outs, 1, byref(n),
           what="slogdet with room for 1 output")
    # Counts whose input-count arithmetic would overflow (found by fuzzing).
    for counts in ([1, 1, INT64_MAX, 1, 1, 40], [INT64_MAX, 0, 0, 0], [0, 2**40, 0, 2**40]):
        expect(VALUE, "sppl_build", b"scan", ins, 1, A.int64_array(counts), len(counts), outs, 8, byref(n),
               what=f"scan with counts {counts}")
    handle_cases("sppl_build", lambda h: (b"exp", A.handles_array([h]), 1, prm, 0, outs, 8, byref(n)),
                 {"variable", "output", "constant", "shared"})
    handle_cases("sppl_build", lambda h: (b"add", A.handles_array([x, h]), 2, prm, 0, outs, 8, byref(n)),
                 {"variable", "output", "constant", "shared"})


def batch_build_functions():
    p = Pool()
    before = A.live_handles()
    for name, (inputs, params) in sorted(valid_calls(p).items()):
        label(f"build {name} (valid)")
        status, message, outs = A.build(name, inputs, params)
        if status != OK:
            fail(f"build {name}{params} failed: {message}")
            continue
        A.release(*outs)
        # Wrong input counts.
        counts = {0, len(inputs) - 1, len(inputs) + 1, 5} - {len(inputs)}
        for count in sorted(c for c in counts if c >= 0):
            args = (inputs * 5)[:count]
            if name in VARIADIC:
                expected = {TYPE, VALUE, INDEX}
            else:
                expected = TYPE
            label(f"build {name} with {count} inputs")
            status, message, outs = A.build(name, args, params)
            if name in VARIADIC and status == OK:
                A.release(*outs)
                continue
            if status not in ({expected} if isinstance(expected, int) else expected) or not message:
                fail(f"build {name} with {count} inputs: status {status} ({message!r})")
        # One parameter too many, and one too few.
        label(f"build {name} with an extra parameter")
        status, message, outs = A.build(name, inputs, params + [0])
        if status != VALUE or "parameter" not in (message or ""):
            fail(f"build {name} with an extra parameter: status {status} ({message!r})")
            A.release(*outs)
        if params:
            label(f"build {name} with a parameter missing")
            status, message, outs = A.build(name, inputs, params[:-1])
            if status not in (VALUE, INDEX) or not message:
                fail(f"build {name} with a parameter missing: status {status} ({message!r})")
                A.release(*outs)
    cases = malformed_params(p)
    before = A.live_handles()
    for name, inputs, params, expected in cases:
        what = f"build {name} params {params[:8]}{'...' if len(params) > 8 else ''}"
        label(what)
        status, message, outs = A.build(name, inputs, params)
        if status != expected or not message:
            fail(f"{what}: status {status} ({message!r}), expected {expected}")
            A.release(*outs)
    if A.live_handles() != before:
        fail(f"failed builds leaked {A.live_handles() - before} handle(s)")


def builder_names():
    return sorted(valid_calls(Pool()))


# ---- fuzzing: random graph functions, compiled and called on awkward values ---------------

SCALARS = {FLOAT64: [0.0, -1.5, 2.0, np.nan, np.inf, -np.inf, 1e308, -0.0],
           INT64: [0, 1, -1, 2, 3, INT64_MAX, INT64_MIN, 2**62, -2**62],
           BOOL: [True, False]}


def value_for(rng, dtype, shape):
    np_dtype = {FLOAT64: np.float64, INT64: np.int64, BOOL: np.bool_}[dtype]
    dims = []
    for s in shape:
        if s is None or rng.random() < 0.1:
            s = rng.choice([0, 1, 2, 3, 4])
        dims.append(s)
    count = int(np.prod(dims)) if dims else 1
    values = np.array([rng.choice(SCALARS[dtype]) for _ in range(count)], dtype=np_dtype).reshape(dims)
    if rng.random() < 0.2 and values.ndim >= 1 and values.size > 1:
        values = np.flip(values, axis=0)  # a view with a negative stride
    if rng.random() < 0.1:
        values = values.astype(rng.choice([np.float64, np.int64, np.bool_]))  # maybe the wrong dtype
    return values


def variable_type(h):
    dtype, ndim, kind = c_int32(), c_int32(), c_int32()
    shape = (c_int64 * 32)()
    A.check("sppl_variable_type", H(h), byref(dtype), byref(ndim), shape, byref(kind))
    return dtype.value, [None if s < 0 else s for s in shape[: ndim.value]], kind.value


def graph_inputs(outputs):
    """New handles (the caller releases them) of the root variables of `outputs`."""
    result, count = ctypes.POINTER(H)(), c_int64()
    A.check("sppl_graph_query", b"inputs", A.handles_array(outputs), len(outputs), None, 0, byref(result),
            byref(count))
    handles = [result[i] for i in range(count.value)]
    A.lib.sppl_handles_free(result)
    return handles


def other_graphs(rng, outs, pool, allowed):
    """Variables made from `outs` by sppl_apply_op (its op on other inputs) and
    sppl_clone_replace (an input swapped for another variable of the same rank)."""
    made = []
    apply = A.owner(outs[0])
    if apply == 0:
        return made
    nin, nout, op = c_int64(), c_int64(), H()
    A.check("sppl_apply_info", H(apply), byref(nin), byref(nout), byref(op))
    if rng.random() < 0.5:
        inputs = [rng.choice(pool) for _ in range(nin.value)]
        results, n = (H * 8)(), c_int64()
        label(f"apply_op {nin.value} inputs")
        status, message = A.call("sppl_apply_op", op, A.handles_array(inputs), len(inputs), results, 8, byref(n))
        if status not in allowed or (status != OK and not message):
            fail(f"apply_op: status {status} ({message!r})")
        if status == OK:
            made += list(results[: n.value])
    A.release(op.value, apply)
    found = graph_inputs(outs[:1])
    if found and rng.random() < 0.5:
        old, new = rng.choice(found), rng.choice(pool)
        result = (H * 1)()
        label("clone_replace")
        status, message = A.call("sppl_clone_replace", A.handles_array(outs[:1]), 1, A.handles_array([old]),
                                 A.handles_array([new]), 1, result)
        if status not in allowed or (status != OK and not message):
            fail(f"clone_replace: status {status} ({message!r})")
        if status == OK:
            made.append(result[0])
    A.release(*found)
    return made


def random_params(rng):
    small = [-3, -2, -1, 0, 1, 2, 3, 4]
    big = [INT64_MAX, INT64_MIN, 2**62, -2**62, 2**32 + 2, 33, 40]
    n = rng.choice([0, 0, 1, 1, 2, 3, 4, 5, 6])
    return [rng.choice(small) if rng.random() < 0.9 else rng.choice(big) for _ in range(n)]


def fuzz(seed, rounds):
    rng = random.Random(seed)
    p = Pool()
    pool = p.all()
    templates = valid_calls(p)
    names = sorted(templates)
    allowed_build = {OK, TYPE, VALUE, INDEX, A.NOT_IMPLEMENTED, MEMORY}
    # NOT_IMPLEMENTED: drawing from an improper distribution (flat) is a clear refusal, not a crash.
    allowed_call = {OK, TYPE, VALUE, INDEX, LINALG, MEMORY, A.RUNTIME, A.NOT_IMPLEMENTED}
    before = A.live_handles()
    stats = {"builds": 0, "calls": 0}
    derived = []  # outputs of earlier rounds, so that graphs grow deeper than one node
    for r in range(rounds):
        name = rng.choice(names)
        inputs, params = templates[name]
        if rng.random() < 0.5:
            inputs = [rng.choice(pool + derived) if rng.random() < 0.4 else v for v in inputs]
            if rng.random() < 0.2:
                inputs = inputs + [rng.choice(pool)]
        if rng.random() < 0.6:
            params = [v if rng.random() < 0.6 else rng.choice([-1, 0, 1, 2, 3, INT64_MAX, INT64_MIN, 40])
                      for v in params]
            if rng.random() < 0.3:
                params = random_params(rng)
        label(f"fuzz {seed}/{r}: build {name} params {params}")
        status, message, outs = A.build(name, inputs, params)
        if status not in allowed_build or (status != OK and not message):
            fail(f"build {name} {params}: status {status} ({message!r})")
        if status != OK:
            continue
        stats["builds"] += 1
        outs = outs + other_graphs(rng, outs, pool + derived, allowed_build)
        # Compile the result as a function of the input variables it uses and call it.
        found = graph_inputs(outs)
        roots = [h for h in found if variable_type(h)[2] == 0]
        status, message, f = A.function(roots, outs)
        if status != OK:
            # Compiling folds constant subgraphs, so a singular solve of constants fails here.
            if status not in allowed_build | {LINALG} or not message:
                fail(f"function_new for {name}: status {status} ({message!r})")
            A.release(*outs, *found)
            continue
        for attempt in range(3):
            values = []
            for h in roots:
                dtype, shape, _ = variable_type(h)
                values.append(value_for(rng, dtype, shape))
            label(f"fuzz {seed}/{r}: call {name} {params} on {[(v.dtype.name, v.shape) for v in values]}")
            status, message, results = A.call_function(f, values)
            stats["calls"] += status == OK
            if status not in allowed_call or (status != OK and not message):
                fail(f"call {name} {params}: status {status} ({message!r})")
        label(f"fuzz {seed}/{r}: dprint and describe {name}")
        text = c_void_p()
        A.check("sppl_function_dprint", H(f), byref(text))
        A.lib.sppl_string_free(text)
        for h in outs:
            A.check("sppl_describe", H(h), byref(text))
            A.lib.sppl_string_free(text)
        A.release(f, *found)
        for h in outs:
            if rng.random() < 0.3:
                derived.append(h)
            else:
                A.release(h)
        while len(derived) > 30:
            A.release(derived.pop(0))
    A.release(*derived)
    label(f"fuzz {seed}: {rounds} rounds, {stats['builds']} graphs built, {stats['calls']} successful calls")
    if A.live_handles() != before:
        fail(f"fuzzing leaked {A.live_handles() - before} handle(s)")


# ---- sampling -------------------------------------------------------------------

def nuts_args(f, options=None, points=None, n_points=None, dimension=2, out=True, seed=1):
    """Arguments of sppl_nuts_start; the ctypes buffers are returned too, to keep them alive."""
    options = {"draws": 5, "tune": 5, "chains": 2} if options is None else options
    names = (ctypes.c_char_p * max(len(options), 1))(*[k.encode() if k is not None else None for k in options])
    values = (ctypes.c_double * max(len(options), 1))(*options.values())
    pts = [0.5, -0.5] if points is None else points
    pbuf = (ctypes.c_double * max(len(pts), 1))(*pts)
    n = (len(pts) // dimension if dimension > 0 else 1) if n_points is None else n_points
    args = (H(f), names, values, len(options), seed, pbuf, n, dimension, out_h() if out else None)
    return args, (names, values, pbuf)


def bad_density(x, g):
    """[sum(log(-x)), -x]: NaN wherever some x_i > 0."""
    return A.function_checked([x], [A.build1("sum", [A.build1("log", [g])], [0, 0]), g])


def batch_sampling():
    x = A.variable(FLOAT64, (2,), "x")
    g = A.build1("neg", [x])
    lp = A.build1("sum", [g], [0, 0])
    f = A.function_checked([x], [lp, g])
    S = "sppl_nuts_start"

    def start(expected, what, **kwargs):
        args, keep = nuts_args(kwargs.pop("f", f), **kwargs)
        return expect(expected, S, *args, what=what)

    start(VALUE, "nuts_start out NULL", out=False)
    start(VALUE, "an unknown option", options={"draws": 5, "warmup": 3})
    start(VALUE, "non-integral draws", options={"draws": 1.5})
    start(VALUE, "negative tune", options={"tune": -1})
    start(VALUE, "zero chains", options={"chains": 0})
    start(VALUE, "huge chains", options={"chains": 1e300})
    start(VALUE, "NaN target_accept", options={"target_accept": float("nan")})
    start(VALUE, "target_accept 1", options={"target_accept": 1.0})
    start(VALUE, "adaptation 4", options={"adaptation": 4})
    start(VALUE, "low-rank cutoff 1", options={"adaptation": 3, "mass_matrix_eigval_cutoff": 1.0})
    start(VALUE, "NaN low-rank gamma", options={"adaptation": 3, "mass_matrix_gamma": float("nan")})
    start(VALUE, "low-rank max rank 0", options={"adaptation": 3, "mass_matrix_max_rank": 0})
    start(VALUE, "non-integral low-rank max rank", options={"adaptation": 3, "mass_matrix_max_rank": 1.5})
    start(VALUE, "max_treedepth 0", options={"max_treedepth": 0})
    start(VALUE, "negative jitter", options={"jitter": -1.0})
    start(VALUE, "a NULL option name", options={None: 1.0})
    start(VALUE, "a NaN initial point", points=[float("nan"), 0.0])
    start(VALUE, "an infinite initial point", points=[float("inf"), 0.0])
    start(VALUE, "dimension 3 for a 2-d density", points=[0.0, 0.0, 0.0], dimension=3)
    start(VALUE, "negative dimension", dimension=-2, n_points=1)
    start(VALUE, "3 points for 2 chains", points=[0.0] * 6, n_points=3)
    start(VALUE, "negative number of points", n_points=-1)
    start(VALUE, "points x dimension overflows", n_points=2**62, dimension=2)
    for n in (-1, 65, INT64_MIN):
        args, keep = nuts_args(f)
        expect(VALUE, S, *(args[:3] + (n,) + args[4:]), what=f"n_options {n}")
    args, keep = nuts_args(f)
    expect(VALUE, S, *(args[:1] + (None,) + args[2:]), what="option names NULL")
    expect(VALUE, S, *(args[:2] + (None,) + args[3:]), what="option values NULL")
    expect(VALUE, S, *(args[:5] + (None,) + args[6:]), what="initial points NULL")
    # Functions that are not [logp, gradients] of static float64 inputs.
    y = A.variable(FLOAT64, (None,), "y")
    start(VALUE, "an input of unknown shape", f=A.function_checked([y], [A.build1("sum", [y], [0, 0]), y]))
    start(VALUE, "one output only", f=A.function_checked([x], [lp]))
    start(VALUE, "a vector first output", f=A.function_checked([x], [g, g]))
    start(VALUE, "a gradient of the wrong shape", f=A.function_checked([x], [lp, lp]))
    i = A.variable(INT64, (2,), "i")
    start(TYPE, "an int64 value variable", f=A.function_checked([i], [A.build1("sum", [i], [0, 0]), i]))
    handle_cases(S, lambda h: nuts_args(h)[0], {"function"})

    # A run that works, then bad arguments to the calls on a sampler.
    args, keep = nuts_args(f)
    status, message = expect(OK, S, *args, what="a valid start")
    sampler = args[-1]._obj.value
    chains, dim = c_int64(), c_int64()
    expect(OK, "sppl_nuts_info", H(sampler), byref(chains), byref(dim))
    if (chains.value, dim.value) != (2, 2):
        fail(f"nuts_info gave {chains.value} chains of dimension {dim.value}")
    expect(VALUE, "sppl_nuts_info", H(sampler), NULL, byref(dim))
    expect(VALUE, "sppl_nuts_info", H(sampler), byref(chains), NULL)
    done, div = (c_int64 * 2)(), (c_int64 * 2)()
    eps, finished = (ctypes.c_double * 2)(), c_int32()
    P = "sppl_nuts_progress"
    expect(OK, P, H(sampler), done, div, eps, 2, byref(finished))
    for n in (1, 3, -1, INT64_MAX):
        expect(VALUE, P, H(sampler), done, div, eps, n, byref(finished), what=f"progress with {n} chains")
    expect(VALUE, P, H(sampler), None, div, eps, 2, byref(finished), what="progress done NULL")
    expect(VALUE, P, H(sampler), done, None, eps, 2, byref(finished), what="progress divergences NULL")
    expect(VALUE, P, H(sampler), done, div, None, 2, byref(finished), what="progress step sizes NULL")
    expect(VALUE, P, H(sampler), done, div, eps, 2, None, what="progress finished NULL")
    expect(OK, "sppl_nuts_wait", H(sampler))
    expect(OK, "sppl_nuts_cancel", H(sampler), what="cancel after the end")
    out = H()
    expect(OK, "sppl_nuts_result", H(sampler), b"position", byref(out))
    A.release(out.value)
    expect(VALUE, "sppl_nuts_result", H(sampler), b"positions", out_h(), what="an unknown result name")
    expect(VALUE, "sppl_nuts_result", H(sampler), None, out_h(), what="result name NULL")
    expect(VALUE, "sppl_nuts_result", H(sampler), b"logp", None, what="result out NULL")
    # A sampler is no function, array or variable.
    expect(TYPE, "sppl_function_call", H(sampler), None, 0, out_h(), 1, what="calling a sampler")
    expect(TYPE, "sppl_array_describe", H(sampler), byref(c_int32()), byref(c_int32()), (c_int64 * 32)(),
           (c_int64 * 32)(), byref(c_void_p()), byref(c_int32()), what="describing a sampler as an array")
    A.release(sampler)
    for name, make in (("sppl_nuts_info", lambda h: (H(h), byref(chains), byref(dim))),
                       ("sppl_nuts_progress", lambda h: (H(h), done, div, eps, 2, byref(finished))),
                       ("sppl_nuts_cancel", lambda h: (H(h),)),
                       ("sppl_nuts_wait", lambda h: (H(h),)),
                       ("sppl_nuts_result", lambda h: (H(h), b"logp", out_h()))):
        handle_cases(name, make, set())
        expect(VALUE, name, *make(sampler), what=f"{name} on a released sampler")

    # find_MAP: the same function, bad arguments, then a run that works.
    M = "sppl_find_map"

    def map_args(fn=f, start=(0.5, -0.5), dimension=2, options=None, x=True, info=True, message=True):
        options = {"maxeval": 50} if options is None else options
        names = (ctypes.c_char_p * max(len(options), 1))(*[k.encode() if k is not None else None for k in options])
        values = (ctypes.c_double * max(len(options), 1))(*options.values())
        sbuf = (ctypes.c_double * max(len(start), 1))(*start)
        xbuf, ibuf = (ctypes.c_double * 4)(), (ctypes.c_double * 5)()
        return (H(fn), sbuf, dimension, names, values, len(options), xbuf if x else None, ibuf if info else None,
                text_out() if message else None), (names, values, sbuf, xbuf, ibuf)

    for what, kwargs, status in (
            ("x NULL", {"x": False}, VALUE), ("info NULL", {"info": False}, VALUE),
            ("message NULL", {"message": False}, VALUE), ("dimension 3", {"start": (0, 0, 0), "dimension": 3}, VALUE),
            ("negative dimension", {"dimension": -1}, VALUE), ("a NaN start", {"start": (float("nan"), 0)}, VALUE),
            ("an unknown option", {"options": {"method": 1.0}}, VALUE),
            ("maxeval 0", {"options": {"maxeval": 0}}, VALUE), ("maxeval 2.5", {"options": {"maxeval": 2.5}}, VALUE),
            ("negative gtol", {"options": {"gtol": -1.0}}, VALUE), ("a NULL option name", {"options": {None: 1.0}}, VALUE),
            ("a one-output function", {"fn": A.function_checked([x], [lp])}, VALUE),
            ("a NaN start density", {"fn": bad_density(x, g), "start": (1.0, 1.0)}, VALUE)):
        args, keep = map_args(**kwargs)
        expect(status, M, *args, what=f"find_map with {what}")
    args, keep = map_args()
    expect(VALUE, M, *(args[:1] + (None,) + args[2:]), what="find_map start NULL")
    handle_cases(M, lambda h: map_args(fn=h)[0], {"function"})
    args, keep = map_args()
    status, _ = expect(OK, M, *args, what="a find_map run")
    if status == OK:
        A.lib.sppl_string_free(args[-1]._obj)

    # The log density is NaN at the initial point: starting works, waiting reports it.
    bad = bad_density(x, g)
    args, keep = nuts_args(bad, points=[1.0, 1.0])
    expect(OK, S, *args, what="a start at a NaN log density")
    failing = args[-1]._obj.value
    status, message = expect(RUNTIME, "sppl_nuts_wait", H(failing), what="waiting for a failed run")
    if "chain 0" not in (message or "") and "chain 1" not in (message or ""):
        fail(f"the failure does not name the chain: {message!r}")
    expect(RUNTIME, "sppl_nuts_result", H(failing), b"logp", out_h(), what="results of a failed run")
    A.release(failing)


def steps_args(f, methods=(1,), sizes=(2,), coords=(0, 1), values=(1.0, 1.0), options=None, points=(0.5, -0.5),
               n_points=1, dimension=2, out=True, seed=1, n_blocks=None, counts=None):
    """Arguments of sppl_steps_start; the ctypes buffers are returned too, to keep them alive.
    `options` maps name -> (value, block); `counts` (values per block) defaults to `sizes`."""
    options = {"draws": (5, -1), "tune": (5, -1), "chains": (2, -1)} if options is None else options
    names = (ctypes.c_char_p * max(len(options), 1))(*[k.encode() if k is not None else None for k in options])
    vals = (ctypes.c_double * max(len(options), 1))(*[v for v, _ in options.values()])
    owners = (c_int64 * max(len(options), 1))(*[b for _, b in options.values()])
    mbuf = (c_int32 * max(len(methods), 1))(*methods)
    sbuf = (c_int64 * max(len(sizes), 1))(*sizes)
    cbuf = (c_int64 * max(len(coords), 1))(*coords)
    vbuf = (ctypes.c_double * max(len(values), 1))(*values)
    counts = sizes if counts is None else counts
    nbuf = (c_int64 * max(len(counts), 1))(*counts)
    pbuf = (ctypes.c_double * max(len(points), 1))(*points)
    n = len(methods) if n_blocks is None else n_blocks
    args = (H(f), n, mbuf, sbuf, cbuf, vbuf, nbuf, names, vals, owners, len(options), seed, pbuf, n_points, dimension,
            out_h() if out else None)
    return args, (names, vals, owners, mbuf, sbuf, cbuf, vbuf, nbuf, pbuf)


def batch_steps():
    x = A.variable(FLOAT64, (2,), "x")
    g = A.build1("neg", [x])
    lp = A.build1("sum", [g], [0, 0])
    f = A.function_checked([x], [lp, g])
    logp_only = A.function_checked([x], [lp])
    i = A.variable(INT64, (2,), "i")
    ints = A.function_checked([i], [A.build1("sum", [i], [0, 0])])
    S = "sppl_steps_start"

    def start(expected, what, **kwargs):
        args, keep = steps_args(kwargs.pop("f", f), **kwargs)
        return expect(expected, S, *args, what=what)

    start(VALUE, "steps_start out NULL", out=False)
    start(VALUE, "no blocks", methods=(), sizes=(), coords=(), values=())
    start(VALUE, "negative block count", n_blocks=-1)
    start(VALUE, "method code 9", methods=(9,))
    start(VALUE, "a negative block size", sizes=(-2,))
    start(VALUE, "block sizes beyond the coordinates", sizes=(1 << 40,))
    start(VALUE, "a coordinate out of range", coords=(0, 2))
    start(VALUE, "a negative coordinate", coords=(0, -1))
    start(VALUE, "a coordinate in two blocks", methods=(1, 2), sizes=(1, 1), coords=(0, 0))
    start(VALUE, "a zero proposal scale", values=(0.0, 1.0))
    start(VALUE, "a NaN slice width", methods=(2,), values=(float("nan"), 1.0))
    start(VALUE, "an unknown block option", options={"draws": (5, -1), "warmup": (1, 0)})
    start(VALUE, "an unknown run option", options={"warmup": (5, -1)})
    start(VALUE, "an option of a block that does not exist", options={"scaling": (1.0, 3)})
    start(VALUE, "tune_interval 0", options={"tune_interval": (0, 0)})
    start(VALUE, "tune 2", options={"tune": (2, 0)})
    start(VALUE, "transit_p 2", methods=(3,), f=ints, options={"transit_p": (2.0, 0)})
    start(VALUE, "NUTS without a gradient", methods=(0,), f=logp_only)
    start(VALUE, "NUTS on int64 coordinates", methods=(0,), f=ints)
    start(VALUE, "binary Gibbs on float64 coordinates", methods=(3,))
    start(VALUE, "categorical with 1 category", methods=(4,), f=ints, values=(1.0, 3.0))
    start(VALUE, "categorical with 2.5 categories", methods=(4,), f=ints, values=(2.5, 3.0))
    start(VALUE, "a negative value count", counts=(-1,))
    start(VALUE, "value counts beyond the values", counts=(1 << 40,))
    start(VALUE, "3 proposal scales for 2 coordinates", values=(1.0, 1.0, 1.0), counts=(3,))
    start(VALUE, "proposal code 9", options={"proposal": (9, 0)})
    start(VALUE, "proposal code 1.5", options={"proposal": (1.5, 0)})
    start(VALUE, "a Poisson proposal on float64 coordinates", options={"proposal": (4, 0)})
    start(VALUE, "a Poisson proposal scale of 1e16", f=ints, values=(1e16, 1.0), options={"proposal": (4, 0)})
    start(VALUE, "a covariance with 2 values for 2 coordinates", options={"proposal": (5, 0)})
    start(VALUE, "a covariance that is not positive definite", values=(1.0, 2.0, 2.0, 1.0), counts=(4,),
          options={"proposal": (5, 0)})
    start(VALUE, "an asymmetric covariance", values=(1.0, 0.5, 0.0, 1.0), counts=(4,), options={"proposal": (5, 0)})
    start(VALUE, "a NaN covariance", values=(1.0, float("nan"), float("nan"), 1.0), counts=(4,),
          options={"proposal": (5, 0)})
    start(VALUE, "DEMetropolisZ on int64 coordinates", methods=(5,), f=ints)
    start(VALUE, "DEMetropolisZ with a Poisson proposal", methods=(5,), options={"proposal": (4, 0)})
    start(VALUE, "DEMetropolisZ tune 3", methods=(5,), options={"tune": (3, 0)})
    start(VALUE, "DEMetropolisZ tune_drop_fraction 2", methods=(5,), options={"tune_drop_fraction": (2.0, 0)})
    start(VALUE, "DEMetropolisZ lamb NaN", methods=(5,), options={"lamb": (float("nan"), 0)})
    start(VALUE, "DEMetropolisZ scaling 0", methods=(5,), options={"scaling": (0.0, 0)})
    start(VALUE, "DEMetropolisZ with a Metropolis option", methods=(5,), options={"elementwise": (1, 0)})
    start(VALUE, "a NaN initial point", points=(float("nan"), 0.0))
    start(VALUE, "3 values per point for a 2-d state", points=(0.0, 0.0, 0.0), dimension=3)
    start(VALUE, "3 points for 2 chains", points=(0.0,) * 6, n_points=3)
    start(VALUE, "points x dimension overflows", n_points=2**62)
    args, keep = steps_args(f)
    for k, what in ((2, "methods"), (3, "block sizes"), (4, "coordinates"), (5, "block values"), (6, "value counts"),
                    (7, "option names"), (8, "option values"), (9, "option blocks"), (12, "initial points")):
        expect(VALUE, S, *(args[:k] + (None,) + args[k + 1:]), what=f"{what} NULL")
    handle_cases(S, lambda h: steps_args(h)[0], {"function"})

    # A run that works: watched with the NUTS calls, results by block.
    args, keep = steps_args(f, methods=(1, 0), sizes=(1, 1), coords=(1, 0))
    expect(OK, S, *args, what="a valid Metropolis + NUTS start")
    sampler = args[-1]._obj.value
    chains, dim = c_int64(), c_int64()
    expect(OK, "sppl_nuts_info", H(sampler), byref(chains), byref(dim))
    done, div = (c_int64 * 2)(), (c_int64 * 2)()
    eps, finished = (ctypes.c_double * 2)(), c_int32()
    expect(OK, "sppl_nuts_progress", H(sampler), done, div, eps, 2, byref(finished))
    expect(OK, "sppl_nuts_wait", H(sampler))
    R = "sppl_steps_result"
    for block, name in ((-1, b"position"), (-1, b"logp"), (0, b"accept"), (1, b"diverging"), (1, b"logp")):
        out = H()
        expect(OK, R, H(sampler), block, name, byref(out), what=f"result {name!r} of block {block}")
        A.release(out.value)
    expect(VALUE, R, H(sampler), 0, b"nstep_in", out_h(), what="a statistic the block does not record")
    expect(VALUE, R, H(sampler), 2, b"logp", out_h(), what="a block that does not exist")
    expect(VALUE, R, H(sampler), -2, b"logp", out_h(), what="block -2")
    expect(VALUE, R, H(sampler), -1, b"energy", out_h(), what="an unknown run result")
    expect(VALUE, R, H(sampler), -1, None, out_h(), what="result name NULL")
    expect(VALUE, R, H(sampler), -1, b"logp", None, what="result out NULL")
    expect(TYPE, "sppl_nuts_result", H(sampler), b"logp", out_h(), what="NUTS results of a compound run")
    A.release(sampler)

    # DEMetropolisZ (no values: ones) next to a multivariate-normal Metropolis (a 1x1 covariance).
    args, keep = steps_args(f, methods=(5, 1), sizes=(1, 1), coords=(0, 1), values=(2.0,), counts=(0, 1),
                            options={"draws": (5, -1), "tune": (5, -1), "chains": (2, -1), "proposal": (5, 1),
                                     "lamb": (0.5, 0), "tune_drop_fraction": (0.5, 0)})
    expect(OK, S, *args, what="a valid DEMetropolisZ + multivariate-normal Metropolis start")
    sampler = args[-1]._obj.value
    expect(OK, "sppl_nuts_wait", H(sampler))
    for block, name in ((0, b"lambda"), (0, b"accepted"), (1, b"scaling")):
        out = H()
        expect(OK, R, H(sampler), block, name, byref(out), what=f"result {name!r} of block {block}")
        A.release(out.value)
    expect(VALUE, R, H(sampler), 1, b"lambda", out_h(), what="lambda of a Metropolis block")
    A.release(sampler)
    handle_cases(R, lambda h: (H(h), -1, b"logp", out_h()), set())


BATCHES = {
    "handles": batch_handles,
    "arrays": batch_arrays,
    "variables": batch_variables,
    "nodes": batch_nodes,
    "graphs": batch_graphs,
    "functions": batch_functions,
    "calls": batch_calls,
    "build_arguments": batch_build_arguments,
    "build_functions": batch_build_functions,
    "sampling": batch_sampling,
    "steps": batch_steps,
}
for _seed in range(4):
    BATCHES[f"fuzz_{_seed}"] = (lambda s: lambda: fuzz(s, 800))(_seed)


def main(batch):
    try:
        BATCHES[batch]()
    except Exception as e:  # a harness error is a failure too, with its traceback
        import traceback

        problems.append(f"{_current[0]}: exception {e!r}\n{traceback.format_exc()}")
    print(json.dumps(problems))


if __name__ == "__main__":
    main(sys.argv[1])
