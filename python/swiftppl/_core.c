/* _core.c — the CPython extension over swiftppl's C ABI: argument conversion,
 * NumPy buffers in and out without copies, status codes to exceptions, the GIL. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <numpy/arrayobject.h>

#include "swiftppl.h"

static PyObject *MissingInputError;
static PyObject *LinAlgError;

/* ---- errors ---------------------------------------------------------------- */

/* Raises the exception for `status` with the library's message; returns NULL. */
static PyObject *raise_status(int status, char *err)
{
    PyObject *type;
    switch (status) {
    case SPPL_TYPE_ERROR: type = PyExc_TypeError; break;
    case SPPL_VALUE_ERROR: type = PyExc_ValueError; break;
    case SPPL_INDEX_ERROR: type = PyExc_IndexError; break;
    case SPPL_LINALG_ERROR: type = LinAlgError ? LinAlgError : PyExc_ValueError; break;
    case SPPL_MISSING_INPUT_ERROR: type = MissingInputError; break;
    case SPPL_NOT_IMPLEMENTED_ERROR: type = PyExc_NotImplementedError; break;
    case SPPL_MEMORY_ERROR: type = PyExc_MemoryError; break;
    default: type = PyExc_RuntimeError; break;
    }
    PyErr_SetString(type, err ? err : "swiftppl: unknown error");
    sppl_string_free(err);
    return NULL;
}

#define CHECK(call)                                   \
    do {                                              \
        char *err_ = NULL;                            \
        int status_ = (call);                         \
        if (status_ != SPPL_OK) {                     \
            (void)err_;                               \
            return raise_status(status_, err_);       \
        }                                             \
    } while (0)

/* The `err` argument passed inside CHECK(...). */
#define ERR (&err_)

/* ---- handle conversion ------------------------------------------------------- */

static int as_handle(PyObject *obj, sppl_handle *out)
{
    if (!PyLong_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "expected a handle (int), got %s", Py_TYPE(obj)->tp_name);
        return 0;
    }
    unsigned long long h = PyLong_AsUnsignedLongLong(obj);
    if (PyErr_Occurred()) return 0;
    *out = (sppl_handle)h;
    return 1;
}

/* A malloc'ed array of handles from a sequence (n may be 0; *out then NULL). */
static int handles_from_seq(PyObject *seq, sppl_handle **out, Py_ssize_t *n)
{
    PyObject *fast = PySequence_Fast(seq, "expected a sequence of handles");
    if (!fast) return 0;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(fast);
    sppl_handle *handles = NULL;
    if (count > 0) {
        handles = PyMem_Malloc(sizeof(sppl_handle) * (size_t)count);
        if (!handles) { Py_DECREF(fast); PyErr_NoMemory(); return 0; }
        for (Py_ssize_t i = 0; i < count; i++) {
            if (!as_handle(PySequence_Fast_GET_ITEM(fast, i), &handles[i])) {
                PyMem_Free(handles);
                Py_DECREF(fast);
                return 0;
            }
        }
    }
    Py_DECREF(fast);
    *out = handles;
    *n = count;
    return 1;
}

static PyObject *handle_list(const sppl_handle *handles, Py_ssize_t n)
{
    PyObject *list = PyList_New(n);
    if (!list) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *h = PyLong_FromUnsignedLongLong(handles[i]);
        if (!h) { Py_DECREF(list); return NULL; }
        PyList_SET_ITEM(list, i, h);
    }
    return list;
}

/* Converts an optional name (str or None). */
static int optional_name(PyObject *obj, const char **name)
{
    if (obj == Py_None) { *name = NULL; return 1; }
    if (!PyUnicode_Check(obj)) { PyErr_SetString(PyExc_TypeError, "name must be a str or None"); return 0; }
    *name = PyUnicode_AsUTF8(obj);
    return *name != NULL;
}

static PyObject *take_string(char *text)
{
    if (!text) Py_RETURN_NONE;
    PyObject *s = PyUnicode_FromString(text);
    sppl_string_free(text);
    return s;
}

/* ---- arrays ------------------------------------------------------------------- */

static int dtype_code(PyArrayObject *arr, int32_t *code)
{
    switch (PyArray_TYPE(arr)) {
    case NPY_BOOL: *code = SPPL_BOOL; return 1;
    case NPY_INT64: *code = SPPL_INT64; return 1;
    case NPY_FLOAT64: *code = SPPL_FLOAT64; return 1;
    default:
        PyErr_Format(PyExc_TypeError, "unsupported array dtype %R (swiftppl uses bool, int64 and float64)",
                     (PyObject *)PyArray_DESCR(arr));
        return 0;
    }
}

static int numpy_type(int32_t code)
{
    return code == SPPL_BOOL ? NPY_BOOL : code == SPPL_INT64 ? NPY_INT64 : NPY_FLOAT64;
}

/* Checks that `obj` is an ndarray Swift can read in place. */
static PyArrayObject *usable_array(PyObject *obj)
{
    if (!PyArray_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "expected a numpy.ndarray, got %s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyArrayObject *arr = (PyArrayObject *)obj;
    if (!PyArray_ISALIGNED(arr) || !PyArray_ISNOTSWAPPED(arr)) {
        PyErr_SetString(PyExc_ValueError, "array must be aligned and in native byte order");
        return NULL;
    }
    if (PyArray_NDIM(arr) > SPPL_MAX_NDIM) {
        PyErr_Format(PyExc_ValueError, "array has %d dimensions; at most %d are supported",
                     PyArray_NDIM(arr), SPPL_MAX_NDIM);
        return NULL;
    }
    return arr;
}

/* Drops the reference Swift held on a borrowed NumPy array. Swift may call this
 * from any thread, with or without the GIL; after interpreter shutdown it does nothing. */
static void release_pyobject(void *owner)
{
#if PY_VERSION_HEX >= 0x030D0000
    if (Py_IsFinalizing()) return;
#else
    if (_Py_IsFinalizing()) return;
#endif
    if (!Py_IsInitialized()) return;
    PyGILState_STATE state = PyGILState_Ensure();
    Py_DECREF((PyObject *)owner);
    PyGILState_Release(state);
}

/* array_borrow(ndarray) -> handle: Swift keeps a reference to the array, no copy. */
static PyObject *py_array_borrow(PyObject *self, PyObject *obj)
{
    PyArrayObject *arr = usable_array(obj);
    if (!arr) return NULL;
    int32_t code;
    if (!dtype_code(arr, &code)) return NULL;
    int ndim = PyArray_NDIM(arr);
    int64_t shape[SPPL_MAX_NDIM], strides[SPPL_MAX_NDIM];
    for (int i = 0; i < ndim; i++) {
        shape[i] = PyArray_DIM(arr, i);
        strides[i] = PyArray_STRIDE(arr, i);
    }
    sppl_handle out = 0;
    char *err = NULL;
    Py_INCREF(obj);
    int status = sppl_array_borrow(PyArray_DATA(arr), code, ndim, shape, strides, obj, release_pyobject, &out, &err);
    if (status != SPPL_OK) {
        Py_DECREF(obj);  /* not taken on failure */
        return raise_status(status, err);
    }
    return PyLong_FromUnsignedLongLong(out);
}

static void release_capsule(PyObject *capsule)
{
    sppl_handle *h = PyCapsule_GetPointer(capsule, "swiftppl.array");
    if (h) {
        sppl_release(*h, NULL);
        PyMem_Free(h);
    }
}

/* A NumPy array viewing the Swift array `h`, whose base object releases `h`
 * (taking over the caller's handle). */
static PyObject *array_from_handle(sppl_handle h)
{
    int32_t code, ndim, readonly;
    int64_t shape[SPPL_MAX_NDIM], strides[SPPL_MAX_NDIM];
    void *data;
    char *err = NULL;
    int status = sppl_array_describe(h, &code, &ndim, shape, strides, &data, &readonly, &err);
    if (status != SPPL_OK) {
        sppl_release(h, NULL);
        return raise_status(status, err);
    }
    npy_intp dims[SPPL_MAX_NDIM], steps[SPPL_MAX_NDIM];
    for (int i = 0; i < ndim; i++) { dims[i] = (npy_intp)shape[i]; steps[i] = (npy_intp)strides[i]; }
    sppl_handle *boxed = PyMem_Malloc(sizeof(sppl_handle));
    if (!boxed) { sppl_release(h, NULL); return PyErr_NoMemory(); }
    *boxed = h;
    PyObject *capsule = PyCapsule_New(boxed, "swiftppl.array", release_capsule);
    if (!capsule) { sppl_release(h, NULL); PyMem_Free(boxed); return NULL; }
    int flags = readonly ? 0 : NPY_ARRAY_WRITEABLE;
    PyObject *arr = PyArray_NewFromDescr(&PyArray_Type, PyArray_DescrFromType(numpy_type(code)), ndim, dims,
                                         steps, data, flags, NULL);
    if (!arr) { Py_DECREF(capsule); return NULL; }
    if (PyArray_SetBaseObject((PyArrayObject *)arr, capsule) < 0) {  /* steals capsule */
        Py_DECREF(arr);
        return NULL;
    }
    PyArray_UpdateFlags((PyArrayObject *)arr, NPY_ARRAY_UPDATE_ALL);
    return arr;
}

static PyObject *py_array_to_numpy(PyObject *self, PyObject *arg)
{
    sppl_handle h;
    if (!as_handle(arg, &h)) return NULL;
    return array_from_handle(h);
}

/* ---- handles and variables ----------------------------------------------------- */

typedef int (*status_fn)(sppl_handle, char **);

/* Calls fn(handle) for its status only; returns None. */
static PyObject *call_status(PyObject *arg, status_fn fn)
{
    sppl_handle h;
    if (!as_handle(arg, &h)) return NULL;
    CHECK(fn(h, ERR));
    Py_RETURN_NONE;
}

static PyObject *py_release(PyObject *self, PyObject *arg) { return call_status(arg, sppl_release); }

static PyObject *py_live_handles(PyObject *self, PyObject *unused)
{
    int64_t n;
    CHECK(sppl_live_handles(&n, ERR));
    return PyLong_FromLongLong(n);
}

static PyObject *py_identity(PyObject *self, PyObject *arg)
{
    sppl_handle h;
    uint64_t id;
    if (!as_handle(arg, &h)) return NULL;
    CHECK(sppl_handle_identity(h, &id, ERR));
    return PyLong_FromUnsignedLongLong(id);
}

typedef int (*text_fn)(sppl_handle, char **, char **);

/* Calls fn(handle) for a library-allocated string; returns it as str. */
static PyObject *call_text(PyObject *arg, text_fn fn)
{
    sppl_handle h;
    char *text = NULL;
    if (!as_handle(arg, &h)) return NULL;
    CHECK(fn(h, &text, ERR));
    return take_string(text);
}

static PyObject *py_describe(PyObject *self, PyObject *arg) { return call_text(arg, sppl_describe); }
static PyObject *py_op_properties(PyObject *self, PyObject *arg) { return call_text(arg, sppl_op_properties); }

static PyObject *py_random_variable_catalog(PyObject *self, PyObject *unused)
{
    char *text = NULL;
    CHECK(sppl_random_variable_catalog(&text, ERR));
    return take_string(text);
}

static PyObject *py_version(PyObject *self, PyObject *unused)
{
    return PyUnicode_FromString(sppl_version());
}

/* variable_new(dtype_code, shape tuple with None for unknown, name) -> handle */
static PyObject *py_variable_new(PyObject *self, PyObject *args)
{
    int code;
    PyObject *shape_obj, *name_obj;
    const char *name;
    if (!PyArg_ParseTuple(args, "iOO", &code, &shape_obj, &name_obj)) return NULL;
    if (!optional_name(name_obj, &name)) return NULL;
    PyObject *fast = PySequence_Fast(shape_obj, "shape must be a sequence");
    if (!fast) return NULL;
    Py_ssize_t ndim = PySequence_Fast_GET_SIZE(fast);
    if (ndim > SPPL_MAX_NDIM) {
        Py_DECREF(fast);
        return PyErr_Format(PyExc_ValueError, "at most %d dimensions are supported", SPPL_MAX_NDIM);
    }
    int64_t shape[SPPL_MAX_NDIM];
    for (Py_ssize_t i = 0; i < ndim; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, i);
        if (item == Py_None) { shape[i] = -1; continue; }
        shape[i] = PyLong_AsLongLong(item);
        if (PyErr_Occurred()) { Py_DECREF(fast); return NULL; }
        if (shape[i] < 0) {
            Py_DECREF(fast);
            return PyErr_Format(PyExc_ValueError, "static shape entries must be non-negative or None, got %lld", (long long)shape[i]);
        }
    }
    Py_DECREF(fast);
    sppl_handle out;
    CHECK(sppl_variable_new(code, (int32_t)ndim, shape, name, &out, ERR));
    return PyLong_FromUnsignedLongLong(out);
}

/* For functions of (handle, name) -> handle. */
typedef int (*handle_name_fn)(sppl_handle, const char *, sppl_handle *, char **);

static PyObject *call_handle_name(PyObject *args, handle_name_fn fn)
{
    PyObject *h_obj, *name_obj;
    const char *name;
    sppl_handle h, out;
    if (!PyArg_ParseTuple(args, "OO", &h_obj, &name_obj)) return NULL;
    if (!as_handle(h_obj, &h) || !optional_name(name_obj, &name)) return NULL;
    CHECK(fn(h, name, &out, ERR));
    return PyLong_FromUnsignedLongLong(out);
}

static PyObject *py_constant_new(PyObject *self, PyObject *args) { return call_handle_name(args, sppl_constant_new); }
static PyObject *py_shared_new(PyObject *self, PyObject *args) { return call_handle_name(args, sppl_shared_new); }

/* For functions of handle -> handle. */
typedef int (*handle_fn)(sppl_handle, sppl_handle *, char **);

static PyObject *call_handle(PyObject *arg, handle_fn fn)
{
    sppl_handle h, out;
    if (!as_handle(arg, &h)) return NULL;
    CHECK(fn(h, &out, ERR));
    return PyLong_FromUnsignedLongLong(out);
}

static PyObject *py_shared_get(PyObject *self, PyObject *arg) { return call_handle(arg, sppl_shared_get); }
static PyObject *py_constant_value(PyObject *self, PyObject *arg) { return call_handle(arg, sppl_constant_value); }

static PyObject *py_shared_set(PyObject *self, PyObject *args)
{
    PyObject *v_obj, *a_obj;
    sppl_handle v, a;
    if (!PyArg_ParseTuple(args, "OO", &v_obj, &a_obj)) return NULL;
    if (!as_handle(v_obj, &v) || !as_handle(a_obj, &a)) return NULL;
    CHECK(sppl_shared_set(v, a, ERR));
    Py_RETURN_NONE;
}

/* variable_type(h) -> (dtype_code, shape tuple with None, kind) */
static PyObject *py_variable_type(PyObject *self, PyObject *arg)
{
    sppl_handle h;
    int32_t code, ndim, kind;
    int64_t shape[SPPL_MAX_NDIM];
    if (!as_handle(arg, &h)) return NULL;
    CHECK(sppl_variable_type(h, &code, &ndim, shape, &kind, ERR));
    PyObject *tuple = PyTuple_New(ndim);
    if (!tuple) return NULL;
    for (int i = 0; i < ndim; i++) {
        PyObject *item;
        if (shape[i] < 0) { Py_INCREF(Py_None); item = Py_None; }
        else item = PyLong_FromLongLong(shape[i]);
        if (!item) { Py_DECREF(tuple); return NULL; }
        PyTuple_SET_ITEM(tuple, i, item);
    }
    return Py_BuildValue("iNi", code, tuple, kind);
}

static PyObject *py_variable_name(PyObject *self, PyObject *arg)
{
    sppl_handle h;
    char *name = NULL;
    if (!as_handle(arg, &h)) return NULL;
    CHECK(sppl_variable_name(h, &name, ERR));
    return take_string(name);
}

static PyObject *py_variable_set_name(PyObject *self, PyObject *args)
{
    PyObject *h_obj, *name_obj;
    const char *name;
    sppl_handle h;
    if (!PyArg_ParseTuple(args, "OO", &h_obj, &name_obj)) return NULL;
    if (!as_handle(h_obj, &h) || !optional_name(name_obj, &name)) return NULL;
    CHECK(sppl_variable_set_name(h, name, ERR));
    Py_RETURN_NONE;
}

/* variable_owner(h) -> (apply handle or None, index) */
static PyObject *py_variable_owner(PyObject *self, PyObject *arg)
{
    sppl_handle h, apply;
    int64_t index;
    if (!as_handle(arg, &h)) return NULL;
    CHECK(sppl_variable_owner(h, &apply, &index, ERR));
    if (apply == 0) return Py_BuildValue("OL", Py_None, (long long)index);
    return Py_BuildValue("KL", (unsigned long long)apply, (long long)index);
}

/* apply_info(h) -> (n_inputs, n_outputs, op handle) */
static PyObject *py_apply_info(PyObject *self, PyObject *arg)
{
    sppl_handle h, op;
    int64_t nin, nout;
    if (!as_handle(arg, &h)) return NULL;
    CHECK(sppl_apply_info(h, &nin, &nout, &op, ERR));
    return Py_BuildValue("LLK", (long long)nin, (long long)nout, (unsigned long long)op);
}

typedef int (*indexed_fn)(sppl_handle, int64_t, sppl_handle *, char **);

static PyObject *call_indexed(PyObject *args, indexed_fn fn)
{
    PyObject *h_obj;
    long long i;
    sppl_handle h, out;
    if (!PyArg_ParseTuple(args, "OL", &h_obj, &i)) return NULL;
    if (!as_handle(h_obj, &h)) return NULL;
    CHECK(fn(h, (int64_t)i, &out, ERR));
    return PyLong_FromUnsignedLongLong(out);
}

static PyObject *py_apply_input(PyObject *self, PyObject *args) { return call_indexed(args, sppl_apply_input); }
static PyObject *py_apply_output(PyObject *self, PyObject *args) { return call_indexed(args, sppl_apply_output); }

static PyObject *py_op_equal(PyObject *self, PyObject *args)
{
    PyObject *a_obj, *b_obj;
    sppl_handle a, b;
    int32_t equal;
    if (!PyArg_ParseTuple(args, "OO", &a_obj, &b_obj)) return NULL;
    if (!as_handle(a_obj, &a) || !as_handle(b_obj, &b)) return NULL;
    CHECK(sppl_op_equal(a, b, &equal, ERR));
    return PyBool_FromLong(equal);
}

#define MAX_OUTPUTS 16

/* apply_op(op, inputs) -> list of output handles */
static PyObject *py_apply_op(PyObject *self, PyObject *args)
{
    PyObject *op_obj, *inputs_obj;
    sppl_handle op, *inputs = NULL, outputs[MAX_OUTPUTS];
    Py_ssize_t n;
    int64_t nout = 0;
    char *err = NULL;
    if (!PyArg_ParseTuple(args, "OO", &op_obj, &inputs_obj)) return NULL;
    if (!as_handle(op_obj, &op) || !handles_from_seq(inputs_obj, &inputs, &n)) return NULL;
    int status = sppl_apply_op(op, inputs, n, outputs, MAX_OUTPUTS, &nout, &err);
    PyMem_Free(inputs);
    if (status != SPPL_OK) return raise_status(status, err);
    return handle_list(outputs, nout);
}

/* build(name, inputs, params) -> list of output handles */
static PyObject *py_build(PyObject *self, PyObject *args)
{
    const char *name;
    PyObject *inputs_obj, *params_obj;
    if (!PyArg_ParseTuple(args, "sOO", &name, &inputs_obj, &params_obj)) return NULL;
    sppl_handle *inputs = NULL;
    Py_ssize_t n_in;
    if (!handles_from_seq(inputs_obj, &inputs, &n_in)) return NULL;
    /* No function returns more outputs than it has inputs plus a few (grad: one per wrt). */
    int64_t max_outputs = MAX_OUTPUTS + (int64_t)n_in;
    sppl_handle *outputs = PyMem_Malloc(sizeof(sppl_handle) * (size_t)max_outputs);
    if (!outputs) { PyMem_Free(inputs); return PyErr_NoMemory(); }
    PyObject *fast = PySequence_Fast(params_obj, "params must be a sequence of ints");
    if (!fast) { PyMem_Free(inputs); PyMem_Free(outputs); return NULL; }
    Py_ssize_t n_params = PySequence_Fast_GET_SIZE(fast);
    int64_t *params = PyMem_Malloc(sizeof(int64_t) * (size_t)(n_params > 0 ? n_params : 1));
    if (!params) { Py_DECREF(fast); PyMem_Free(inputs); PyMem_Free(outputs); return PyErr_NoMemory(); }
    for (Py_ssize_t i = 0; i < n_params; i++) {
        params[i] = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(fast, i));
        if (PyErr_Occurred()) {
            Py_DECREF(fast);
            PyMem_Free(inputs);
            PyMem_Free(params);
            PyMem_Free(outputs);
            return NULL;
        }
    }
    Py_DECREF(fast);
    int64_t nout = 0;
    char *err = NULL;
    int status = sppl_build(name, inputs, n_in, params, n_params, outputs, max_outputs, &nout, &err);
    PyMem_Free(inputs);
    PyMem_Free(params);
    PyObject *result = status == SPPL_OK ? handle_list(outputs, nout) : raise_status(status, err);
    PyMem_Free(outputs);
    return result;
}

/* graph_query(what, outputs, blockers) -> list of handles */
static PyObject *py_graph_query(PyObject *self, PyObject *args)
{
    const char *what;
    PyObject *outs_obj, *blockers_obj;
    if (!PyArg_ParseTuple(args, "sOO", &what, &outs_obj, &blockers_obj)) return NULL;
    sppl_handle *outs = NULL, *blockers = NULL, *result = NULL;
    Py_ssize_t n, nb;
    int64_t count = 0;
    char *err = NULL;
    if (!handles_from_seq(outs_obj, &outs, &n)) return NULL;
    if (!handles_from_seq(blockers_obj, &blockers, &nb)) { PyMem_Free(outs); return NULL; }
    int status = sppl_graph_query(what, outs, n, blockers, nb, &result, &count, &err);
    PyMem_Free(outs);
    PyMem_Free(blockers);
    if (status != SPPL_OK) return raise_status(status, err);
    PyObject *list = handle_list(result, count);
    sppl_handles_free(result);
    return list;
}

/* clone_replace(outputs, olds, news) -> list of handles */
static PyObject *py_clone_replace(PyObject *self, PyObject *args)
{
    PyObject *outs_obj, *old_obj, *new_obj;
    if (!PyArg_ParseTuple(args, "OOO", &outs_obj, &old_obj, &new_obj)) return NULL;
    sppl_handle *outs = NULL, *olds = NULL, *news = NULL, *result = NULL;
    Py_ssize_t n, no, nn;
    PyObject *list = NULL;
    char *err = NULL;
    if (!handles_from_seq(outs_obj, &outs, &n)) return NULL;
    if (!handles_from_seq(old_obj, &olds, &no)) goto done;
    if (!handles_from_seq(new_obj, &news, &nn)) goto done;
    if (no != nn) { PyErr_SetString(PyExc_ValueError, "replace keys and values differ in number"); goto done; }
    result = PyMem_Malloc(sizeof(sppl_handle) * (size_t)(n > 0 ? n : 1));
    if (!result) { PyErr_NoMemory(); goto done; }
    int status = sppl_clone_replace(outs, n, olds, news, no, result, &err);
    if (status != SPPL_OK) raise_status(status, err);
    else list = handle_list(result, n);
done:
    PyMem_Free(outs);
    PyMem_Free(olds);
    PyMem_Free(news);
    PyMem_Free(result);
    return list;
}

static PyObject *py_dprint(PyObject *self, PyObject *arg)
{
    sppl_handle *outs = NULL;
    Py_ssize_t n;
    char *text = NULL, *err = NULL;
    if (!handles_from_seq(arg, &outs, &n)) return NULL;
    int status = sppl_dprint(outs, n, &text, &err);
    PyMem_Free(outs);
    if (status != SPPL_OK) return raise_status(status, err);
    return take_string(text);
}

/* ---- functions -------------------------------------------------------------------- */

/* function_new(inputs, outputs, givens_old, givens_new, update_vars, update_exprs, options) */
static PyObject *py_function_new(PyObject *self, PyObject *args)
{
    PyObject *objs[6];
    int options;
    if (!PyArg_ParseTuple(args, "OOOOOOi", &objs[0], &objs[1], &objs[2], &objs[3], &objs[4], &objs[5], &options))
        return NULL;
    sppl_handle *lists[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
    Py_ssize_t counts[6] = {0, 0, 0, 0, 0, 0};
    PyObject *result = NULL;
    for (int i = 0; i < 6; i++) {
        if (!handles_from_seq(objs[i], &lists[i], &counts[i])) goto done;
    }
    if (counts[2] != counts[3] || counts[4] != counts[5]) {
        PyErr_SetString(PyExc_ValueError, "givens/updates keys and values differ in number");
        goto done;
    }
    sppl_handle out;
    char *err = NULL;
    int status = sppl_function_new(lists[0], counts[0], lists[1], counts[1], lists[2], lists[3], counts[2],
                                   lists[4], lists[5], counts[4], options, &out, &err);
    if (status != SPPL_OK) raise_status(status, err);
    else result = PyLong_FromUnsignedLongLong(out);
done:
    for (int i = 0; i < 6; i++) PyMem_Free(lists[i]);
    return result;
}

static PyObject *py_function_info(PyObject *self, PyObject *arg)
{
    sppl_handle h;
    int64_t nin, nout;
    if (!as_handle(arg, &h)) return NULL;
    CHECK(sppl_function_info(h, &nin, &nout, ERR));
    return Py_BuildValue("LL", (long long)nin, (long long)nout);
}

static PyObject *py_function_variable(PyObject *self, PyObject *args)
{
    PyObject *h_obj;
    int which;
    long long i;
    sppl_handle h, out;
    if (!PyArg_ParseTuple(args, "OiL", &h_obj, &which, &i)) return NULL;
    if (!as_handle(h_obj, &h)) return NULL;
    CHECK(sppl_function_variable(h, which, (int64_t)i, &out, ERR));
    return PyLong_FromUnsignedLongLong(out);
}

static PyObject *py_function_dprint(PyObject *self, PyObject *arg) { return call_text(arg, sppl_function_dprint); }

/* Fills `buffer` for one argument without converting anything: an aligned,
 * native ndarray of exactly the input's dtype is read in place; a Python float, int
 * or bool for a 0-d input of the matching kind is read from `*scalar` (storage the
 * caller provides). Returns 0 when the argument needs conversion (the caller then
 * converts in Python), 1 on success. `code` < 0 accepts any supported dtype. */
static int fast_buffer(PyObject *arg, int32_t code, int64_t *shape, int64_t *strides, double *scalar,
                       sppl_buffer *buffer)
{
    if (PyArray_Check(arg)) {
        PyArrayObject *arr = (PyArrayObject *)arg;
        int32_t actual;
        if (!PyArray_ISALIGNED(arr) || !PyArray_ISNOTSWAPPED(arr) || PyArray_NDIM(arr) > SPPL_MAX_NDIM) return 0;
        switch (PyArray_TYPE(arr)) {
        case NPY_BOOL: actual = SPPL_BOOL; break;
        case NPY_INT64: actual = SPPL_INT64; break;
        case NPY_FLOAT64: actual = SPPL_FLOAT64; break;
        default: return 0;
        }
        if (code >= 0 && actual != code) return 0;
        for (int d = 0; d < PyArray_NDIM(arr); d++) {
            shape[d] = PyArray_DIM(arr, d);
            strides[d] = PyArray_STRIDE(arr, d);
        }
        buffer->data = PyArray_DATA(arr);
        buffer->dtype = actual;
        buffer->ndim = PyArray_NDIM(arr);
        buffer->shape = shape;
        buffer->byte_strides = strides;
        return 1;
    }
    buffer->ndim = 0;
    buffer->shape = shape;
    buffer->byte_strides = strides;
    if (code == SPPL_FLOAT64 && (PyFloat_CheckExact(arg) || PyLong_CheckExact(arg))) {
        double value = PyFloat_CheckExact(arg) ? PyFloat_AS_DOUBLE(arg) : PyLong_AsDouble(arg);
        if (value == -1.0 && PyErr_Occurred()) { PyErr_Clear(); return 0; }
        /* An int converts to float64 only when no digit is lost (|v| <= 2^53). */
        if (PyLong_CheckExact(arg) && (value > 9007199254740992.0 || value < -9007199254740992.0)) return 0;
        *scalar = value;
        buffer->data = scalar;
        buffer->dtype = SPPL_FLOAT64;
        return 1;
    }
    if (code == SPPL_INT64 && PyLong_CheckExact(arg)) {
        int overflow = 0;
        long long value = PyLong_AsLongLongAndOverflow(arg, &overflow);
        if (overflow || (value == -1 && PyErr_Occurred())) { PyErr_Clear(); return 0; }
        *(int64_t *)scalar = (int64_t)value;
        buffer->data = scalar;
        buffer->dtype = SPPL_INT64;
        return 1;
    }
    if (code == SPPL_BOOL && PyBool_Check(arg)) {
        *(uint8_t *)scalar = arg == Py_True;
        buffer->data = scalar;
        buffer->dtype = SPPL_BOOL;
        return 1;
    }
    return 0;
}

/* function_call(h, args, codes) -> list of ndarrays, or None when some argument
 * needs converting first (then the caller converts and calls again). `codes` gives
 * each input's dtype code (-1: accept any supported dtype; the library checks).
 * Arguments are read in place; the GIL is released while Swift computes. */
typedef int (*call_fn)(sppl_handle, const sppl_buffer *, int64_t, sppl_handle *, int64_t, char **);

static PyObject *call_function(PyObject *args, call_fn fn);

static PyObject *py_function_call(PyObject *self, PyObject *args) { return call_function(args, sppl_function_call); }

/* function_map(handle, arrays): the function on every row of the arrays' leading axis. */
static PyObject *py_function_map(PyObject *self, PyObject *args) { return call_function(args, sppl_function_map); }

static PyObject *call_function(PyObject *args, call_fn fn)
{
    PyObject *h_obj, *arrays_obj, *codes_obj = Py_None;
    sppl_handle h;
    if (!PyArg_ParseTuple(args, "OO|O", &h_obj, &arrays_obj, &codes_obj)) return NULL;
    if (!as_handle(h_obj, &h)) return NULL;
    int64_t nin, nout;
    CHECK(sppl_function_info(h, &nin, &nout, ERR));
    /* A tuple of its own holds a reference to every input array while the GIL is
     * released: the caller's list could be emptied by another thread meanwhile. */
    PyObject *fast = PySequence_Tuple(arrays_obj);
    if (!fast) return NULL;
    PyObject *codes = codes_obj == Py_None ? NULL : PySequence_Fast(codes_obj, "codes must be a sequence");
    if (codes_obj != Py_None && !codes) { Py_DECREF(fast); return NULL; }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    if (n != nin || (codes && PySequence_Fast_GET_SIZE(codes) != n)) {
        Py_DECREF(fast);
        Py_XDECREF(codes);
        return PyErr_Format(PyExc_TypeError, "function takes %lld input(s), got %zd", (long long)nin, n);
    }
    /* Small calls use the stack; larger ones the heap. */
    enum { SMALL = 8 };
    sppl_buffer small_buffers[SMALL];
    int64_t small_dims[SMALL * 2 * SPPL_MAX_NDIM];
    double small_scalars[SMALL];
    sppl_handle small_outputs[SMALL];
    sppl_buffer *buffers = n <= SMALL ? small_buffers : PyMem_Malloc(sizeof(sppl_buffer) * (size_t)n);
    int64_t *dims = n <= SMALL ? small_dims : PyMem_Malloc(sizeof(int64_t) * 2 * SPPL_MAX_NDIM * (size_t)n);
    double *scalars = n <= SMALL ? small_scalars : PyMem_Malloc(sizeof(double) * (size_t)n);
    sppl_handle *outputs = nout <= SMALL ? small_outputs : PyMem_Malloc(sizeof(sppl_handle) * (size_t)nout);
    PyObject *result = NULL;
    if (!buffers || !dims || !scalars || !outputs) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t i = 0; i < n; i++) {
        int32_t code = -1;
        if (codes) {
            code = (int32_t)PyLong_AsLong(PySequence_Fast_GET_ITEM(codes, i));
            if (PyErr_Occurred()) goto done;
        }
        int64_t *shape = dims + 2 * SPPL_MAX_NDIM * i, *strides = shape + SPPL_MAX_NDIM;
        PyObject *arg = PySequence_Fast_GET_ITEM(fast, i);
        if (!fast_buffer(arg, code, shape, strides, &scalars[i], &buffers[i])) {
            if (codes) {
                Py_INCREF(Py_None);
                result = Py_None;
                goto done;
            }
            /* Without codes every argument must be a usable array: say what is wrong. */
            PyArrayObject *arr = usable_array(arg);
            int32_t actual;
            if (arr && dtype_code(arr, &actual))
                PyErr_Format(PyExc_TypeError, "input %zd cannot be passed to the function", i);
            goto done;
        }
    }
    char *err = NULL;
    int status;
    /* `fast` (a tuple) keeps the input arrays alive while the GIL is released. */
    Py_BEGIN_ALLOW_THREADS
    status = fn(h, buffers, n, outputs, nout, &err);
    Py_END_ALLOW_THREADS
    if (status != SPPL_OK) { raise_status(status, err); goto done; }
    result = PyList_New(nout);
    if (!result) {
        for (int64_t i = 0; i < nout; i++) sppl_release(outputs[i], NULL);
        goto done;
    }
    for (int64_t i = 0; i < nout; i++) {
        PyObject *arr = array_from_handle(outputs[i]);
        if (!arr) {
            for (int64_t j = i + 1; j < nout; j++) sppl_release(outputs[j], NULL);
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, i, arr);
    }
done:
    Py_DECREF(fast);
    Py_XDECREF(codes);
    if (buffers != small_buffers) PyMem_Free(buffers);
    if (dims != small_dims) PyMem_Free(dims);
    if (scalars != small_scalars) PyMem_Free(scalars);
    if (outputs != small_outputs) PyMem_Free(outputs);
    return result;
}

/* ---- module ---------------------------------------------------------------------- */


/* ---- sampling ------------------------------------------------------------------ */


/* Reads parallel lists of option names (str) and values (float) into keys/vals (room for
 * 64); the strings stay owned by the name objects. Returns 0 with an exception set on error. */
static int option_lists(PyObject *names, PyObject *values, const char **keys, double *vals, Py_ssize_t *n)
{
    if (!PyList_Check(names) || !PyList_Check(values) || PyList_GET_SIZE(names) != PyList_GET_SIZE(values) ||
        PyList_GET_SIZE(names) > 64) {
        PyErr_SetString(PyExc_TypeError, "option names and values must be lists of the same length (at most 64)");
        return 0;
    }
    *n = PyList_GET_SIZE(names);
    for (Py_ssize_t i = 0; i < *n; i++) {
        keys[i] = PyUnicode_AsUTF8(PyList_GET_ITEM(names, i));
        if (!keys[i]) return 0;
        vals[i] = PyFloat_AsDouble(PyList_GET_ITEM(values, i));
        if (vals[i] == -1.0 && PyErr_Occurred()) return 0;
    }
    return 1;
}

/* nuts_start(function, names, values, seed, initial_points) -> sampler handle.
 * initial_points: a float64 C-contiguous (n_points, dimension) ndarray. */
static PyObject *py_nuts_start(PyObject *self, PyObject *args)
{
    PyObject *f_obj, *names, *values, *points_obj;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "OOOKO", &f_obj, &names, &values, &seed, &points_obj)) return NULL;
    sppl_handle f;
    if (!as_handle(f_obj, &f)) return NULL;
    const char *keys[64];
    double vals[64];
    Py_ssize_t n;
    if (!option_lists(names, values, keys, vals, &n)) return NULL;
    PyArrayObject *points = (PyArrayObject *)PyArray_FromAny(
        points_obj, PyArray_DescrFromType(NPY_FLOAT64), 2, 2, NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED, NULL);
    if (!points) return NULL;
    sppl_handle out;
    char *err = NULL;
    int status = sppl_nuts_start(f, keys, vals, (int64_t)n, (uint64_t)seed, (const double *)PyArray_DATA(points),
                                 (int64_t)PyArray_DIM(points, 0), (int64_t)PyArray_DIM(points, 1), &out, &err);
    Py_DECREF(points);
    if (status != SPPL_OK) return raise_status(status, err);
    return PyLong_FromUnsignedLongLong(out);
}

/* nuts_progress(sampler) -> (done list, divergences list, step sizes list, finished). */
static PyObject *py_nuts_progress(PyObject *self, PyObject *arg)
{
    sppl_handle h;
    if (!as_handle(arg, &h)) return NULL;
    int64_t chains, dim;
    CHECK(sppl_nuts_info(h, &chains, &dim, ERR));
    int64_t *done = PyMem_Calloc((size_t)chains, sizeof(int64_t));
    int64_t *div = PyMem_Calloc((size_t)chains, sizeof(int64_t));
    double *eps = PyMem_Calloc((size_t)chains, sizeof(double));
    PyObject *result = NULL;
    if (!done || !div || !eps) { PyErr_NoMemory(); goto done; }
    int32_t finished = 0;
    char *err = NULL;
    int status = sppl_nuts_progress(h, done, div, eps, chains, &finished, &err);
    if (status != SPPL_OK) { raise_status(status, err); goto done; }
    PyObject *a = PyList_New(chains), *b = PyList_New(chains), *c = PyList_New(chains);
    if (!a || !b || !c) { Py_XDECREF(a); Py_XDECREF(b); Py_XDECREF(c); goto done; }
    for (int64_t i = 0; i < chains; i++) {
        PyList_SET_ITEM(a, i, PyLong_FromLongLong(done[i]));
        PyList_SET_ITEM(b, i, PyLong_FromLongLong(div[i]));
        PyList_SET_ITEM(c, i, PyFloat_FromDouble(eps[i]));
    }
    result = Py_BuildValue("NNNO", a, b, c, finished ? Py_True : Py_False);
done:
    PyMem_Free(done); PyMem_Free(div); PyMem_Free(eps);
    return result;
}

static PyObject *py_nuts_cancel(PyObject *self, PyObject *arg) { return call_status(arg, sppl_nuts_cancel); }

/* Waits for the chains with the GIL released. */
static PyObject *py_nuts_wait(PyObject *self, PyObject *arg)
{
    sppl_handle h;
    if (!as_handle(arg, &h)) return NULL;
    char *err = NULL;
    int status;
    Py_BEGIN_ALLOW_THREADS
    status = sppl_nuts_wait(h, &err);
    Py_END_ALLOW_THREADS
    if (status != SPPL_OK) return raise_status(status, err);
    Py_RETURN_NONE;
}

static PyObject *py_nuts_result(PyObject *self, PyObject *args)
{
    PyObject *h_obj;
    const char *name;
    sppl_handle h, out;
    if (!PyArg_ParseTuple(args, "Os", &h_obj, &name)) return NULL;
    if (!as_handle(h_obj, &h)) return NULL;
    CHECK(sppl_nuts_result(h, name, &out, ERR));
    return array_from_handle(out);
}


/* A 1-d C-contiguous array of `type` from any sequence (new reference), or NULL with an exception. */
static PyArrayObject *vector_of(PyObject *obj, int type)
{
    return (PyArrayObject *)PyArray_FromAny(obj, PyArray_DescrFromType(type), 1, 1,
                                            NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED | NPY_ARRAY_FORCECAST, NULL);
}

/* steps_start(function, methods, block_sizes, coordinates, block_values, value_counts, option_names,
 * option_values, option_blocks, seed, initial_points) -> sampler handle (see sppl_steps_start). */
static PyObject *py_steps_start(PyObject *self, PyObject *args)
{
    PyObject *f_obj, *objs[7], *names, *points_obj;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "OOOOOOOOOKO", &f_obj, &objs[0], &objs[1], &objs[2], &objs[3], &objs[4], &names,
                          &objs[5], &objs[6], &seed, &points_obj)) return NULL;
    sppl_handle f;
    if (!as_handle(f_obj, &f)) return NULL;
    /* methods, block_sizes, coordinates, block_values, value_counts, option_values, option_blocks */
    static const int types[7] = {NPY_INT32, NPY_INT64, NPY_INT64, NPY_FLOAT64, NPY_INT64, NPY_FLOAT64, NPY_INT64};
    PyArrayObject *arr[7] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL}, *points = NULL;
    const char **keys = NULL;
    PyObject *result = NULL;
    for (int i = 0; i < 7; i++) {
        arr[i] = vector_of(objs[i], types[i]);
        if (!arr[i]) goto done;
    }
    npy_intp n_blocks = PyArray_DIM(arr[0], 0), n_coords = 0, n_values = 0;
    int consistent = PyList_Check(names) && PyList_GET_SIZE(names) == PyArray_DIM(arr[5], 0) &&
        PyArray_DIM(arr[5], 0) == PyArray_DIM(arr[6], 0) && PyArray_DIM(arr[1], 0) == n_blocks &&
        PyArray_DIM(arr[4], 0) == n_blocks;
    /* The sizes must add up to the arrays' lengths, or Swift would read past their ends. */
    for (npy_intp b = 0; consistent && b < n_blocks; b++) {
        int64_t size = ((const int64_t *)PyArray_DATA(arr[1]))[b], count = ((const int64_t *)PyArray_DATA(arr[4]))[b];
        if (size < 0 || count < 0 || size > PyArray_DIM(arr[2], 0) || count > PyArray_DIM(arr[3], 0)) { consistent = 0; break; }
        n_coords += (npy_intp)size;
        n_values += (npy_intp)count;
        /* Each term is at most the array's length, so stopping here keeps the sums from overflowing. */
        if (n_coords > PyArray_DIM(arr[2], 0) || n_values > PyArray_DIM(arr[3], 0)) { consistent = 0; break; }
    }
    if (!consistent || n_coords != PyArray_DIM(arr[2], 0) || n_values != PyArray_DIM(arr[3], 0)) {
        PyErr_SetString(PyExc_TypeError, "steps_start: methods/block_sizes/value_counts, the coordinates and values they count, "
                                         "and the option lists must have matching lengths");
        goto done;
    }
    Py_ssize_t n = PyList_GET_SIZE(names);
    keys = PyMem_Calloc((size_t)n + 1, sizeof(char *));
    if (!keys) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t i = 0; i < n; i++) {
        keys[i] = PyUnicode_AsUTF8(PyList_GET_ITEM(names, i));
        if (!keys[i]) goto done;
    }
    points = (PyArrayObject *)PyArray_FromAny(
        points_obj, PyArray_DescrFromType(NPY_FLOAT64), 2, 2, NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED, NULL);
    if (!points) goto done;
    sppl_handle out;
    char *err = NULL;
    int status = sppl_steps_start(
        f, (int64_t)n_blocks, (const int32_t *)PyArray_DATA(arr[0]), (const int64_t *)PyArray_DATA(arr[1]),
        (const int64_t *)PyArray_DATA(arr[2]), (const double *)PyArray_DATA(arr[3]), (const int64_t *)PyArray_DATA(arr[4]),
        keys, (const double *)PyArray_DATA(arr[5]), (const int64_t *)PyArray_DATA(arr[6]), (int64_t)n, (uint64_t)seed,
        (const double *)PyArray_DATA(points), (int64_t)PyArray_DIM(points, 0), (int64_t)PyArray_DIM(points, 1), &out, &err);
    if (status != SPPL_OK) { raise_status(status, err); goto done; }
    result = PyLong_FromUnsignedLongLong(out);
done:
    for (int i = 0; i < 7; i++) Py_XDECREF(arr[i]);
    Py_XDECREF(points);
    PyMem_Free(keys);
    return result;
}

/* steps_result(sampler, block, name) -> ndarray (block -1: the run's own results). */
static PyObject *py_steps_result(PyObject *self, PyObject *args)
{
    PyObject *h_obj;
    long long block;
    const char *name;
    sppl_handle h, out;
    if (!PyArg_ParseTuple(args, "OLs", &h_obj, &block, &name)) return NULL;
    if (!as_handle(h_obj, &h)) return NULL;
    CHECK(sppl_steps_result(h, (int64_t)block, name, &out, ERR));
    return array_from_handle(out);
}

/* find_map(function, start, names, values) -> (x ndarray, (logp, max|grad|, iterations,
 * evaluations, converged), message); runs without the GIL. */
static PyObject *py_find_map(PyObject *self, PyObject *args)
{
    PyObject *f_obj, *start_obj, *names, *values;
    if (!PyArg_ParseTuple(args, "OOOO", &f_obj, &start_obj, &names, &values)) return NULL;
    sppl_handle f;
    if (!as_handle(f_obj, &f)) return NULL;
    const char *keys[64];
    double vals[64];
    Py_ssize_t n;
    if (!option_lists(names, values, keys, vals, &n)) return NULL;
    PyArrayObject *start = (PyArrayObject *)PyArray_FromAny(
        start_obj, PyArray_DescrFromType(NPY_FLOAT64), 1, 1, NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED, NULL);
    if (!start) return NULL;
    npy_intp dim = PyArray_DIM(start, 0);
    PyArrayObject *x = (PyArrayObject *)PyArray_SimpleNew(1, &dim, NPY_FLOAT64);
    if (!x) { Py_DECREF(start); return NULL; }
    double info[5] = {0, 0, 0, 0, 0};
    char *message = NULL, *err = NULL;
    int status;
    Py_BEGIN_ALLOW_THREADS
    status = sppl_find_map(f, (const double *)PyArray_DATA(start), (int64_t)dim, keys, vals, (int64_t)n,
                           (double *)PyArray_DATA(x), info, &message, &err);
    Py_END_ALLOW_THREADS
    Py_DECREF(start);
    if (status != SPPL_OK) { Py_DECREF(x); return raise_status(status, err); }
    PyObject *text = take_string(message);
    if (!text) { Py_DECREF(x); return NULL; }
    return Py_BuildValue("N(ddddO)N", (PyObject *)x, info[0], info[1], info[2], info[3],
                         info[4] != 0 ? Py_True : Py_False, text);
}

static PyMethodDef methods[] = {
    {"version", py_version, METH_NOARGS, "Library version."},
    {"release", py_release, METH_O, "Give a handle back."},
    {"live_handles", py_live_handles, METH_NOARGS, "Number of handles held."},
    {"identity", py_identity, METH_O, "Identity of the object behind a handle."},
    {"describe", py_describe, METH_O, "str() of the object behind a handle."},
    {"op_properties", py_op_properties, METH_O, "An op's properties as JSON text."},
    {"random_variable_catalog", py_random_variable_catalog, METH_NOARGS, "The random variables, as JSON text."},
    {"array_borrow", py_array_borrow, METH_O, "Wrap an ndarray without copying; returns a handle."},
    {"array_to_numpy", py_array_to_numpy, METH_O, "An ndarray viewing a Swift array (takes the handle)."},
    {"variable_new", py_variable_new, METH_VARARGS, "A symbolic input."},
    {"constant_new", py_constant_new, METH_VARARGS, "A constant from an array handle."},
    {"shared_new", py_shared_new, METH_VARARGS, "A shared variable from an array handle."},
    {"shared_get", py_shared_get, METH_O, "A shared variable's value (array handle)."},
    {"shared_set", py_shared_set, METH_VARARGS, "Set a shared variable's value."},
    {"constant_value", py_constant_value, METH_O, "A constant's value (array handle)."},
    {"variable_type", py_variable_type, METH_O, "(dtype code, static shape, kind)."},
    {"variable_name", py_variable_name, METH_O, "A variable's name or None."},
    {"variable_set_name", py_variable_set_name, METH_VARARGS, "Set a variable's name."},
    {"variable_owner", py_variable_owner, METH_O, "(apply handle or None, output index)."},
    {"apply_info", py_apply_info, METH_O, "(n inputs, n outputs, op handle)."},
    {"apply_input", py_apply_input, METH_VARARGS, "Input i of a node."},
    {"apply_output", py_apply_output, METH_VARARGS, "Output i of a node."},
    {"apply_op", py_apply_op, METH_VARARGS, "Apply an op to inputs."},
    {"op_equal", py_op_equal, METH_VARARGS, "Whether two ops are equal."},
    {"build", py_build, METH_VARARGS, "Apply a named graph function."},
    {"graph_query", py_graph_query, METH_VARARGS, "inputs / ancestors / toposort."},
    {"clone_replace", py_clone_replace, METH_VARARGS, "Clone graphs with replacements."},
    {"dprint", py_dprint, METH_O, "dprint text of graphs."},
    {"function_new", py_function_new, METH_VARARGS, "Compile a function."},
    {"function_info", py_function_info, METH_O, "(n inputs, n outputs)."},
    {"function_variable", py_function_variable, METH_VARARGS, "Input (0) or output (1) variable i."},
    {"function_call", py_function_call, METH_VARARGS,
     "Call a compiled function on arrays (or, given dtype codes, on exact arrays and scalars; None if conversion is needed)."},
    {"function_map", py_function_map, METH_VARARGS, "Call a compiled function on every row of its inputs' leading axis."},
    {"function_dprint", py_function_dprint, METH_O, "dprint text of a compiled function."},
    {"nuts_start", py_nuts_start, METH_VARARGS, "Start NUTS chains over a compiled log density; returns a sampler handle."},
    {"nuts_progress", py_nuts_progress, METH_O, "(done, divergences, step sizes, finished) of a sampler."},
    {"nuts_cancel", py_nuts_cancel, METH_O, "Ask a sampler's chains to stop."},
    {"nuts_wait", py_nuts_wait, METH_O, "Wait for a sampler's chains (GIL released)."},
    {"nuts_result", py_nuts_result, METH_VARARGS, "A named result array of a finished sampler."},
    {"steps_start", py_steps_start, METH_VARARGS, "Start compound step-method chains over a joint log density; returns a sampler handle."},
    {"steps_result", py_steps_result, METH_VARARGS, "A named result array of a finished compound run (block -1: the run)."},
    {"find_map", py_find_map, METH_VARARGS, "Maximize a compiled log density with L-BFGS (GIL released)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "swiftppl._core",
                                    "CPython bindings of swiftppl's C ABI.", -1, methods};

PyMODINIT_FUNC PyInit__core(void)
{
    import_array();
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    MissingInputError = PyErr_NewExceptionWithDoc(
        "swiftppl.MissingInputError",
        "A function's outputs need a variable that is neither an input nor given a value.",
        PyExc_ValueError, NULL);
    if (!MissingInputError || PyModule_AddObjectRef(m, "MissingInputError", MissingInputError) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    PyObject *linalg = PyImport_ImportModule("numpy.linalg");
    if (linalg) {
        LinAlgError = PyObject_GetAttrString(linalg, "LinAlgError");
        Py_DECREF(linalg);
    }
    if (!LinAlgError) PyErr_Clear();
    return m;
}
