"""ctypes bindings of every function in swiftppl.h, on the libSwiftPPLC.so installed
next to swiftppl._core, plus helpers to make handles of each kind.

Used by test_abi.py (in subprocesses, so that a crash fails a test instead of
killing pytest) and by the regression tests.
"""

import ctypes
import os
import re
from ctypes import POINTER, byref, c_char_p, c_int, c_int32, c_int64, c_uint64, c_void_p

import numpy as np

HEADER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                      "Sources", "CSwiftPPL", "include", "swiftppl.h")

OK, TYPE, VALUE, INDEX, RUNTIME, LINALG, MISSING_INPUT, NOT_IMPLEMENTED, MEMORY = range(9)
STATUS_NAMES = ["OK", "TYPE", "VALUE", "INDEX", "RUNTIME", "LINALG", "MISSING_INPUT", "NOT_IMPLEMENTED", "MEMORY"]
BOOL, INT64, FLOAT64 = 0, 1, 2
MAX_NDIM = 32
INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)

H = c_uint64
ERR = POINTER(c_void_p)          # char **err, kept as a raw pointer so we can free it
TEXT = POINTER(c_void_p)         # char ** out-parameters
RELEASE_FN = ctypes.CFUNCTYPE(None, c_void_p)


class Buffer(ctypes.Structure):
    _fields_ = [
        ("data", c_void_p),
        ("dtype", c_int32),
        ("ndim", c_int32),
        ("shape", POINTER(c_int64)),
        ("byte_strides", POINTER(c_int64)),
    ]


P = POINTER
SIGNATURES = {
    "sppl_string_free": (None, [c_void_p]),
    "sppl_handles_free": (None, [c_void_p]),
    "sppl_version": (c_char_p, []),
    "sppl_release": (c_int, [H, ERR]),
    "sppl_live_handles": (c_int, [P(c_int64), ERR]),
    "sppl_handle_identity": (c_int, [H, P(c_uint64), ERR]),
    "sppl_describe": (c_int, [H, TEXT, ERR]),
    "sppl_op_properties": (c_int, [H, TEXT, ERR]),
    "sppl_random_variable_catalog": (c_int, [TEXT, ERR]),
    "sppl_array_borrow": (c_int, [c_void_p, c_int32, c_int32, P(c_int64), P(c_int64), c_void_p, RELEASE_FN, P(H), ERR]),
    "sppl_array_describe": (c_int, [H, P(c_int32), P(c_int32), P(c_int64), P(c_int64), P(c_void_p), P(c_int32), ERR]),
    "sppl_variable_new": (c_int, [c_int32, c_int32, P(c_int64), c_char_p, P(H), ERR]),
    "sppl_constant_new": (c_int, [H, c_char_p, P(H), ERR]),
    "sppl_shared_new": (c_int, [H, c_char_p, P(H), ERR]),
    "sppl_shared_get": (c_int, [H, P(H), ERR]),
    "sppl_shared_set": (c_int, [H, H, ERR]),
    "sppl_constant_value": (c_int, [H, P(H), ERR]),
    "sppl_variable_type": (c_int, [H, P(c_int32), P(c_int32), P(c_int64), P(c_int32), ERR]),
    "sppl_variable_name": (c_int, [H, TEXT, ERR]),
    "sppl_variable_set_name": (c_int, [H, c_char_p, ERR]),
    "sppl_variable_owner": (c_int, [H, P(H), P(c_int64), ERR]),
    "sppl_apply_info": (c_int, [H, P(c_int64), P(c_int64), P(H), ERR]),
    "sppl_apply_input": (c_int, [H, c_int64, P(H), ERR]),
    "sppl_apply_output": (c_int, [H, c_int64, P(H), ERR]),
    "sppl_apply_op": (c_int, [H, P(H), c_int64, P(H), c_int64, P(c_int64), ERR]),
    "sppl_op_equal": (c_int, [H, H, P(c_int32), ERR]),
    "sppl_build": (c_int, [c_char_p, P(H), c_int64, P(c_int64), c_int64, P(H), c_int64, P(c_int64), ERR]),
    "sppl_graph_query": (c_int, [c_char_p, P(H), c_int64, P(H), c_int64, P(P(H)), P(c_int64), ERR]),
    "sppl_clone_replace": (c_int, [P(H), c_int64, P(H), P(H), c_int64, P(H), ERR]),
    "sppl_dprint": (c_int, [P(H), c_int64, TEXT, ERR]),
    "sppl_function_new": (c_int, [P(H), c_int64, P(H), c_int64, P(H), P(H), c_int64, P(H), P(H), c_int64,
                                  c_int32, P(H), ERR]),
    "sppl_function_info": (c_int, [H, P(c_int64), P(c_int64), ERR]),
    "sppl_function_variable": (c_int, [H, c_int32, c_int64, P(H), ERR]),
    "sppl_function_call": (c_int, [H, P(Buffer), c_int64, P(H), c_int64, ERR]),
    "sppl_function_map": (c_int, [H, P(Buffer), c_int64, P(H), c_int64, ERR]),
    "sppl_function_dprint": (c_int, [H, TEXT, ERR]),
    "sppl_nuts_start": (c_int, [H, P(c_char_p), P(ctypes.c_double), c_int64, c_uint64, P(ctypes.c_double), c_int64,
                                c_int64, P(H), ERR]),
    "sppl_nuts_info": (c_int, [H, P(c_int64), P(c_int64), ERR]),
    "sppl_nuts_progress": (c_int, [H, P(c_int64), P(c_int64), P(ctypes.c_double), c_int64, P(c_int32), ERR]),
    "sppl_nuts_cancel": (c_int, [H, ERR]),
    "sppl_nuts_wait": (c_int, [H, ERR]),
    "sppl_nuts_result": (c_int, [H, c_char_p, P(H), ERR]),
    "sppl_steps_start": (c_int, [H, c_int64, P(c_int32), P(c_int64), P(c_int64), P(ctypes.c_double), P(c_int64), P(c_char_p),
                                 P(ctypes.c_double), P(c_int64), c_int64, c_uint64, P(ctypes.c_double), c_int64,
                                 c_int64, P(H), ERR]),
    "sppl_steps_result": (c_int, [H, c_int64, c_char_p, P(H), ERR]),
    "sppl_find_map": (c_int, [H, P(ctypes.c_double), c_int64, P(c_char_p), P(ctypes.c_double), c_int64,
                              P(ctypes.c_double), P(ctypes.c_double), TEXT, ERR]),
}


def library_path():
    """The library under test: $SWIFTPPL_C_LIBRARY when set (e.g. a sanitizer build),
    else the one installed next to swiftppl._core."""
    if os.environ.get("SWIFTPPL_C_LIBRARY"):
        return os.environ["SWIFTPPL_C_LIBRARY"]
    import swiftppl._core

    return os.path.join(os.path.dirname(swiftppl._core.__file__), "libSwiftPPLC.so")


def header_functions():
    """Names of the functions swiftppl.h declares."""
    text = open(HEADER).read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return sorted(set(re.findall(r"\b(sppl_\w+)\s*\(", text)) - {"sppl_release_fn"})


def load():
    lib = ctypes.CDLL(library_path())
    for name, (restype, argtypes) in SIGNATURES.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


lib = load()


class Failure(Exception):
    pass


def _message(err):
    if not err.value:
        return None
    text = ctypes.string_at(err.value).decode("utf-8", "replace")
    lib.sppl_string_free(err.value)
    return text


def call(name, *args):
    """Calls `name` with an err out-parameter appended; returns (status, message or None)."""
    err = c_void_p()
    status = getattr(lib, name)(*args, byref(err))
    message = _message(err)
    if status == OK and message is not None:
        raise Failure(f"{name} returned OK but wrote an error message: {message!r}")
    return status, message


def call_without_err(name, *args):
    """Calls `name` with err = NULL; returns the status."""
    return getattr(lib, name)(*args, None)


def check(name, *args):
    """Calls `name` and raises unless it succeeds."""
    status, message = call(name, *args)
    if status != OK:
        raise Failure(f"{name} failed with {STATUS_NAMES[status] if 0 <= status < 9 else status}: {message}")


def live_handles():
    n = c_int64()
    check("sppl_live_handles", byref(n))
    return n.value


def release(*handles):
    for h in handles:
        check("sppl_release", H(h))


def handles_array(handles):
    return (H * max(len(handles), 1))(*handles)


def int64_array(values):
    return (c_int64 * max(len(values), 1))(*values)


# ---- making objects ------------------------------------------------------------

def variable(dtype=FLOAT64, shape=(None,), name=None):
    out = H()
    dims = [-1 if s is None else s for s in shape]
    check("sppl_variable_new", dtype, len(dims), int64_array(dims), name and name.encode(), byref(out))
    return out.value


# Keeps borrowed NumPy arrays alive: the library never calls a release function
# for arrays made here (release=NULL), so the memory must outlive the process' use.
_kept_alive = []


def array(values, dtype=None):
    """An array handle borrowing a NumPy array (kept alive for the life of the process)."""
    arr = np.asarray(values, dtype=dtype)
    _kept_alive.append(arr)
    code = {np.dtype(bool): BOOL, np.dtype(np.int64): INT64, np.dtype(np.float64): FLOAT64}[arr.dtype]
    out = H()
    check("sppl_array_borrow", c_void_p(arr.ctypes.data), code, arr.ndim, int64_array(arr.shape),
          int64_array(arr.strides), None, RELEASE_FN(), byref(out))
    return out.value


def constant(values, dtype=None, name=None):
    a = array(values, dtype)
    out = H()
    check("sppl_constant_new", H(a), name and name.encode(), byref(out))
    release(a)
    return out.value


def shared(values, dtype=None, name=None):
    a = array(values, dtype)
    out = H()
    check("sppl_shared_new", H(a), name and name.encode(), byref(out))
    release(a)
    return out.value


def build(function, inputs, params=(), max_outputs=8):
    """Returns (status, message, output handles)."""
    outs = (H * max_outputs)()
    n = c_int64()
    status, message = call("sppl_build", function.encode(), handles_array(inputs), len(inputs),
                           int64_array(params), len(params), outs, max_outputs, byref(n))
    return status, message, list(outs[: n.value]) if status == OK else []


def build1(function, inputs, params=()):
    status, message, outs = build(function, inputs, params)
    if status != OK:
        raise Failure(f"build {function} failed: {message}")
    return outs[0]


def owner(v):
    apply, index = H(), c_int64()
    check("sppl_variable_owner", H(v), byref(apply), byref(index))
    return apply.value


def apply_op(apply):
    nin, nout, op = c_int64(), c_int64(), H()
    check("sppl_apply_info", H(apply), byref(nin), byref(nout), byref(op))
    return op.value


def function(inputs, outputs, givens=(), updates=(), allow_unused=1):
    out = H()
    status, message = call(
        "sppl_function_new", handles_array(inputs), len(inputs), handles_array(outputs), len(outputs),
        handles_array([g[0] for g in givens]), handles_array([g[1] for g in givens]), len(givens),
        handles_array([u[0] for u in updates]), handles_array([u[1] for u in updates]), len(updates),
        allow_unused, byref(out))
    return status, message, out.value if status == OK else 0


def function_checked(inputs, outputs, **kwargs):
    status, message, f = function(inputs, outputs, **kwargs)
    if status != OK:
        raise Failure(f"function_new failed: {message}")
    return f


class Buffers:
    """sppl_buffer structs over NumPy arrays (or explicit fields), kept alive together."""

    def __init__(self, arrays):
        self.keep = []
        self.buffers = (Buffer * max(len(arrays), 1))()
        for i, a in enumerate(arrays):
            if isinstance(a, dict):
                self._fill(i, a.get("data"), a["dtype"], a["ndim"], a.get("shape"), a.get("strides"))
            else:
                a = np.asarray(a)
                code = {np.dtype(bool): BOOL, np.dtype(np.int64): INT64, np.dtype(np.float64): FLOAT64}[a.dtype]
                self.keep.append(a)
                self._fill(i, a.ctypes.data, code, a.ndim, a.shape, a.strides)
        self.count = len(arrays)

    def _fill(self, i, data, dtype, ndim, shape, strides):
        b = self.buffers[i]
        b.data = data
        b.dtype = dtype
        b.ndim = ndim
        if shape is not None:
            s = int64_array(list(shape))
            self.keep.append(s)
            b.shape = s
        if strides is not None:
            t = int64_array(list(strides))
            self.keep.append(t)
            b.byte_strides = t


def call_function(f, arrays, n_outputs=None):
    """Calls f; returns (status, message, list of NumPy copies of the outputs)."""
    nin, nout = c_int64(), c_int64()
    check("sppl_function_info", H(f), byref(nin), byref(nout))
    n_outputs = nout.value if n_outputs is None else n_outputs
    bufs = Buffers(arrays)
    outs = (H * max(n_outputs, 1))()
    status, message = call("sppl_function_call", H(f), bufs.buffers, bufs.count, outs, n_outputs)
    results = []
    if status == OK:
        for h in outs[:n_outputs]:
            results.append(to_numpy(h))
            release(h)
    return status, message, results


def to_numpy(array_handle):
    """A copy of the array behind a handle."""
    dtype, ndim, readonly = c_int32(), c_int32(), c_int32()
    shape, strides = (c_int64 * MAX_NDIM)(), (c_int64 * MAX_NDIM)()
    data = c_void_p()
    check("sppl_array_describe", H(array_handle), byref(dtype), byref(ndim), shape, strides, byref(data),
          byref(readonly))
    np_dtype = {BOOL: np.bool_, INT64: np.int64, FLOAT64: np.float64}[dtype.value]
    dims = tuple(shape[: ndim.value])
    steps = tuple(strides[: ndim.value])
    itemsize = np.dtype(np_dtype).itemsize
    if 0 in dims:
        try:
            return np.zeros(dims, np_dtype)
        except ValueError:  # extents NumPy cannot represent (e.g. (0, 2**62))
            return np.zeros(0, np_dtype)
    lo = sum((n - 1) * s for n, s in zip(dims, steps) if s < 0)
    hi = sum((n - 1) * s for n, s in zip(dims, steps) if s > 0)
    raw = (ctypes.c_char * (hi - lo + itemsize)).from_address(data.value + lo)
    view = np.ndarray(dims, dtype=np_dtype, buffer=raw, offset=-lo, strides=steps)
    return np.array(view, copy=True)


def random_variable_catalog():
    """The library's random variables: [{name, parameters, ndims_params, ndim_supp, dtype}]."""
    import json

    text = c_void_p()
    check("sppl_random_variable_catalog", byref(text))
    try:
        return json.loads(ctypes.string_at(text.value).decode())
    finally:
        lib.sppl_string_free(text)
