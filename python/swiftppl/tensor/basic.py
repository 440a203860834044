"""Tensor functions with PyTensor's names and NumPy's semantics.

Each function is a thin call into the Swift graph builder; shapes, dtypes and
errors are decided there.
"""

import builtins
import numbers

import numpy as np

from .. import _core
from .._handles import DTYPE_CODES, INT64_MAX, INT64_MIN, as_int, build, build1, dtype_code
from ..graph.basic import Variable
from .type import TensorType
from .variable import TensorConstant, TensorSharedVariable, TensorVariable, _axis_params, _operand

floatX = "float64"

# ---------------------------------------------------------------------------
# Variables and constants
# ---------------------------------------------------------------------------


def _dtype_name(dtype, default=floatX):
    if dtype is None:
        return default
    name = np.dtype(dtype).name
    if name == "float32":
        name = "float64"  # float32 is not supported yet: compute in float64
    elif name in ("int8", "int16", "int32", "uint8", "uint16", "uint32"):
        name = "int64"
    if name not in DTYPE_CODES:
        raise TypeError(f"unsupported dtype {dtype!r}: swiftppl uses bool, int64 and float64")
    return name


def tensor(name=None, dtype=None, shape=None, *, broadcastable=None):
    """A symbolic input: ``pt.tensor("x", dtype="float64", shape=(None, 3))``."""
    if isinstance(name, (tuple, list)) and shape is None:  # tensor(shape) spelling
        name, shape = None, name
    if shape is None:
        if broadcastable is None:
            raise TypeError("tensor() needs a shape, e.g. shape=(None, 3)")
        shape = tuple(1 if b else None for b in broadcastable)
    t = TensorType(_dtype_name(dtype), shape)
    return _wrap(_core.variable_new(DTYPE_CODES[t.dtype], t.shape, name))


def _wrap(h):
    from .._handles import wrap_variable

    return wrap_variable(h)


def scalar(name=None, dtype=None, shape=()):
    return tensor(name, dtype, shape=())


def vector(name=None, dtype=None, shape=(None,)):
    return tensor(name, dtype, shape=shape)


def matrix(name=None, dtype=None, shape=(None, None)):
    return tensor(name, dtype, shape=shape)


def tensor3(name=None, dtype=None, shape=(None, None, None)):
    return tensor(name, dtype, shape=shape)


def tensor4(name=None, dtype=None, shape=(None, None, None, None)):
    return tensor(name, dtype, shape=shape)


def _typed(factory, dtype):
    def make(name=None, shape=None):
        return factory(name, dtype) if shape is None else factory(name, dtype, shape=shape)

    make.__name__ = factory.__name__
    make.__doc__ = f"{factory.__name__} of dtype {dtype}"
    return make


dscalar, dvector, dmatrix = (_typed(f, "float64") for f in (scalar, vector, matrix))
lscalar, lvector, lmatrix = (_typed(f, "int64") for f in (scalar, vector, matrix))
iscalar, ivector, imatrix = (_typed(f, "int64") for f in (scalar, vector, matrix))
bscalar, bvector, bmatrix = (_typed(f, "bool") for f in (scalar, vector, matrix))


def _as_array(x, dtype=None):
    """`x` as an ndarray of a supported dtype, copying only when it must convert."""
    if isinstance(x, (bool, np.bool_)):
        arr = np.asarray(x, dtype=np.bool_)
    elif isinstance(x, numbers.Integral) and not isinstance(x, np.generic):
        if not INT64_MIN <= x <= INT64_MAX:
            raise ValueError(f"integer {x} does not fit in int64, the integer type of tensors")
        arr = np.asarray(x, dtype=np.int64)
    elif isinstance(x, float):
        arr = np.asarray(x, dtype=np.float64)
    else:
        arr = np.asarray(x)
    if dtype is not None:
        arr = arr.astype(_dtype_name(dtype), copy=False)
    kind = arr.dtype.kind
    if kind == "b":
        pass
    elif kind in "iu":
        if kind == "u" and arr.size and arr.max() > INT64_MAX:
            raise ValueError(f"unsigned values up to {arr.max()} do not fit in int64, the integer type of tensors")
        arr = arr.astype(np.int64, copy=False)
    elif kind == "f":
        arr = arr.astype(np.float64, copy=False)
    else:
        raise TypeError(f"cannot make a tensor from a value of dtype {arr.dtype}: {x!r}")
    if not (arr.flags.aligned and arr.dtype.isnative):
        # A fresh copy: ascontiguousarray would return an unaligned contiguous array as is.
        arr = arr.astype(arr.dtype.newbyteorder("="), copy=True)
    return arr


def constant(x, name=None, ndim=None, dtype=None):
    """A constant tensor. An ndarray of a supported dtype is kept by reference, not copied."""
    arr = _as_array(x, dtype)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"constant of shape {arr.shape} does not have {ndim} dimensions")
    h = _core.array_borrow(arr)
    try:
        return _wrap(_core.constant_new(h, name))
    finally:
        _core.release(h)


def as_tensor_variable(x, name=None, ndim=None, dtype=None):
    """`x` as a tensor: variables pass through, numbers and arrays become
    constants, lists holding variables are stacked."""
    if isinstance(x, Variable):
        result = x
        if dtype is not None and result.dtype != _dtype_name(dtype):
            result = cast(result, dtype)
    elif isinstance(x, (list, tuple)) and builtins.any(isinstance(e, Variable) or isinstance(e, (list, tuple)) for e in x) \
            and _contains_variable(x):
        result = stack([as_tensor_variable(e, dtype=dtype) for e in x])
    else:
        result = constant(x, name=name, dtype=dtype)
    if ndim is not None and result.ndim != ndim:
        raise ValueError(f"{result} has {result.ndim} dimensions, expected {ndim}")
    return result


as_tensor = as_tensor_variable


def _contains_variable(x):
    if isinstance(x, Variable):
        return True
    if isinstance(x, (list, tuple)):
        return builtins.any(_contains_variable(e) for e in x)
    return False


def _tensors(*xs):
    return [as_tensor_variable(x) for x in xs]


# ---------------------------------------------------------------------------
# Elementwise functions
# ---------------------------------------------------------------------------


def _unary(op, doc):
    def f(x):
        return build1(op, _tensors(x))

    f.__name__ = op
    f.__doc__ = doc
    return f


def _binary(op, doc):
    def f(a, b):
        if isinstance(a, Variable) and not isinstance(b, Variable):
            b = _operand(b, a)
        elif isinstance(b, Variable) and not isinstance(a, Variable):
            a = _operand(a, b)
        return build1(op, _tensors(a, b))

    f.__name__ = op
    f.__doc__ = doc
    return f


neg = _unary("neg", "Elementwise negation.")
abs = _unary("abs", "Elementwise absolute value.")
sign = _unary("sign", "Elementwise sign (-1, 0, 1).")
sqr = _unary("sqr", "Elementwise square.")
square = sqr
sqrt = _unary("sqrt", "Elementwise square root.")
reciprocal = _unary("reciprocal", "Elementwise 1 / x.")
exp = _unary("exp", "Elementwise exponential.")
exp2 = _unary("exp2", "Elementwise 2**x.")
expm1 = _unary("expm1", "exp(x) - 1, accurate for small x.")
log = _unary("log", "Elementwise natural logarithm.")
log2 = _unary("log2", "Elementwise base-2 logarithm.")
log10 = _unary("log10", "Elementwise base-10 logarithm.")
log1p = _unary("log1p", "log(1 + x), accurate for small x.")
sin = _unary("sin", "Elementwise sine.")
cos = _unary("cos", "Elementwise cosine.")
tan = _unary("tan", "Elementwise tangent.")
arcsin = _unary("arcsin", "Elementwise inverse sine.")
arccos = _unary("arccos", "Elementwise inverse cosine.")
arctan = _unary("arctan", "Elementwise inverse tangent.")
sinh = _unary("sinh", "Elementwise hyperbolic sine.")
cosh = _unary("cosh", "Elementwise hyperbolic cosine.")
tanh = _unary("tanh", "Elementwise hyperbolic tangent.")
arcsinh = _unary("arcsinh", "Elementwise inverse hyperbolic sine.")
arccosh = _unary("arccosh", "Elementwise inverse hyperbolic cosine.")
arctanh = _unary("arctanh", "Elementwise inverse hyperbolic tangent.")
sigmoid = _unary("sigmoid", "The logistic function 1 / (1 + exp(-x)).")
expit = sigmoid
softplus = _unary("softplus", "log(1 + exp(x)) without overflow.")
log1pexp = softplus
log1mexp = _unary("log1mexp", "log(1 - exp(x)) for x <= 0, accurate near 0 and for large -x.")
gammaln = _unary("gammaln", "log|Gamma(x)|.")
digamma = _unary("psi", "The digamma function d/dx log Gamma(x).")
psi = digamma
erf = _unary("erf", "The error function.")
erfc = _unary("erfc", "The complementary error function 1 - erf(x).")
tri_gamma = _unary("tri_gamma", "The trigamma function, d/dx digamma(x).")
erfcx = _unary("erfcx", """The scaled complementary error function exp(x**2) * erfc(x), finite far into the right tail.

    >>> x = pt.vector("x")
    >>> pt.erfcx(x).eval({x: [0.0, 1e5]})
    array([1.00000000e+00, 5.64189584e-06])
    """)
erfinv = _unary("erfinv", "The inverse error function (NaN outside [-1, 1]).")
erfcinv = _unary("erfcinv", "The inverse complementary error function (NaN outside [0, 2]).")
log_ndtr = _unary("log_ndtr", """log of the standard normal distribution function, accurate in both tails.

    >>> x = pt.vector("x")
    >>> pt.log_ndtr(x).eval({x: [0.0, -40.0]})
    array([-6.93147181e-01, -8.04608442e+02])
    """)
ndtri = _unary("ndtri", "The standard normal quantile, the inverse of the normal CDF (NaN outside [0, 1]).")
i0 = _unary("i0", "The modified Bessel function of the first kind of order 0.")
i1 = _unary("i1", "The modified Bessel function of the first kind of order 1.")
i0e = _unary("i0e", "exp(-|x|) * i0(x), without overflow (SciPy's i0e).")
i1e = _unary("i1e", "exp(-|x|) * i1(x), without overflow (SciPy's i1e).")
xlogx = _unary("xlogx", "x * log(x), 0 at x = 0.")
floor = _unary("floor", "Elementwise floor.")
ceil = _unary("ceil", "Elementwise ceiling.")
trunc = _unary("trunc", "Elementwise truncation toward zero.")
round = _unary("round_half_to_even", "Elementwise rounding, halves to even (as NumPy).")
isnan = _unary("isnan", "Elementwise test for NaN.")
isinf = _unary("isinf", "Elementwise test for +-inf.")
invert = _unary("invert", "Logical not of bools, bitwise not of ints.")
bitwise_not = invert

add = _binary("add", "Elementwise a + b.")
sub = _binary("sub", "Elementwise a - b.")
mul = _binary("mul", "Elementwise a * b.")
true_div = _binary("true_div", "Elementwise a / b (float).")
true_divide = divide = true_div
int_div = _binary("int_div", "Elementwise floor division a // b.")
floor_div = floor_divide = int_div
mod = _binary("mod", "Elementwise remainder with the sign of b.")
pow = _binary("pow", "Elementwise a ** b.")
power = pow
maximum = _binary("maximum", "Elementwise maximum (NaN propagates).")
minimum = _binary("minimum", "Elementwise minimum (NaN propagates).")
arctan2 = _binary("arctan2", "Elementwise arctan(a / b) in the right quadrant.")
logaddexp = _binary("logaddexp", "log(exp(a) + exp(b)) without overflow.")
polygamma = _binary("polygamma", """polygamma(n, x): the n-th derivative of digamma, for integer n >= 0 (NaN otherwise).

    >>> x = pt.vector("x")
    >>> pt.polygamma(1, x).eval({x: [1.0]})  # trigamma(1) = pi**2 / 6
    array([1.64493407])
    """)
betaln = _binary("betaln", "log|B(a, b)|, the log of the beta function, accurate for large and unequal a, b.")
xlogy0 = _binary("xlogy0", "x * log(y), 0 where x == 0 (unless y is NaN, as scipy.special.xlogy).")
eq = _binary("eq", "Elementwise a == b.")
neq = _binary("neq", "Elementwise a != b.")
lt = _binary("lt", "Elementwise a < b.")
le = _binary("le", "Elementwise a <= b.")
gt = _binary("gt", "Elementwise a > b.")
ge = _binary("ge", "Elementwise a >= b.")
and_ = _binary("and_", "Logical and of bools, bitwise and of ints.")
or_ = _binary("or_", "Logical or of bools, bitwise or of ints.")
xor = _binary("xor", "Logical xor of bools, bitwise xor of ints.")
bitwise_and, bitwise_or, bitwise_xor = and_, or_, xor
equal, not_equal, less, less_equal, greater, greater_equal = eq, neq, lt, le, gt, ge


def switch(cond, ift, iff):
    """Elements of `ift` where `cond` is true, else of `iff` (broadcast together).

    >>> x = pt.vector("x")
    >>> pt.switch(x > 0, x, 0).eval({x: [-1.0, 2.0]})
    array([0., 2.])
    """
    like = next((v for v in (ift, iff) if isinstance(v, Variable)), None)
    if like is not None:
        ift, iff = _operand(ift, like), _operand(iff, like)
    return build1("switch", _tensors(cond, ift, iff))


def where(condition, x=None, y=None):
    """NumPy's where with three arguments (PyTensor's switch)."""
    if x is None or y is None:
        raise NotImplementedError("where(condition) with one argument (nonzero) is not supported")
    return switch(condition, x, y)


def clip(x, a_min, a_max):
    """`x` limited to [a_min, a_max]."""
    x = as_tensor_variable(x)
    return build1("clip", [x, _operand(a_min, x), _operand(a_max, x)])


def cast(x, dtype):
    """`x` converted to `dtype` ('float64', 'int64' or 'bool')."""
    x = as_tensor_variable(x)
    return build1("cast", [x], [DTYPE_CODES[_dtype_name(dtype)]])


# ---------------------------------------------------------------------------
# Reductions
# ---------------------------------------------------------------------------


def _reduction(op):
    def f(input, axis=None, keepdims=False, dtype=None, acc_dtype=None):
        x = as_tensor_variable(input)
        if dtype is not None:
            x = cast(x, dtype)  # NumPy accumulates in `dtype` (sum of int64 with dtype=float64 cannot wrap)
        result = build1(op, [x], [int(bool(keepdims)), *_axis_params(axis)])
        return cast(result, dtype) if dtype is not None else result

    f.__name__ = op
    f.__doc__ = f"{op} over `axis` (int, tuple or None for all axes); keepdims keeps reduced axes as length 1."
    return f


sum = _reduction("sum")
prod = _reduction("prod")


def max(x, axis=None, keepdims=False):
    """Maximum over `axis`; NaN propagates."""
    return build1("max", [as_tensor_variable(x)], [int(bool(keepdims)), *_axis_params(axis)])


def min(x, axis=None, keepdims=False):
    """Minimum over `axis`; NaN propagates."""
    return build1("min", [as_tensor_variable(x)], [int(bool(keepdims)), *_axis_params(axis)])


def all(x, axis=None, keepdims=False):
    """Whether every element over `axis` is true."""
    return build1("all", [as_tensor_variable(x)], [int(bool(keepdims)), *_axis_params(axis)])


def any(x, axis=None, keepdims=False):
    """Whether some element over `axis` is true."""
    return build1("any", [as_tensor_variable(x)], [int(bool(keepdims)), *_axis_params(axis)])


def mean(input, axis=None, dtype=None, op=False, keepdims=False, acc_dtype=None):
    """Arithmetic mean over `axis` (float64)."""
    return build1("mean", [as_tensor_variable(input)], [int(bool(keepdims)), *_axis_params(axis)])


def var(input, axis=None, ddof=0, keepdims=False, corrected=False):
    """Variance over `axis` with `ddof` delta degrees of freedom."""
    return build1("var", [as_tensor_variable(input)], [int(bool(keepdims)), as_int(ddof, "ddof"), *_axis_params(axis)])


def std(input, axis=None, ddof=0, keepdims=False, corrected=False):
    """Standard deviation over `axis` with `ddof` delta degrees of freedom."""
    return build1("std", [as_tensor_variable(input)], [int(bool(keepdims)), as_int(ddof, "ddof"), *_axis_params(axis)])


def logsumexp(x, axis=None, keepdims=False):
    """log(sum(exp(x))) over `axis`, stable for large x (max-shifted)."""
    return build1("logsumexp", [as_tensor_variable(x)], [int(bool(keepdims)), *_axis_params(axis)])


def _single_axis(axis):
    if axis is not None and not isinstance(axis, (numbers.Integral, np.integer)):
        axis = list(axis)
        if len(axis) != 1:
            raise ValueError("only a single axis is supported")
        axis = axis[0]
    return axis


def argmax(x, axis=None, keepdims=False):
    """Index of the maximum along `axis` (of the flattened tensor when None)."""
    return build1("argmax", [as_tensor_variable(x)], [int(bool(keepdims)), *_axis_params(_single_axis(axis))])


def argmin(x, axis=None, keepdims=False):
    """Index of the minimum along `axis` (of the flattened tensor when None)."""
    return build1("argmin", [as_tensor_variable(x)], [int(bool(keepdims)), *_axis_params(_single_axis(axis))])


def cumsum(x, axis=None):
    """Running sum along `axis` (of the flattened tensor when None)."""
    return build1("cumsum", [as_tensor_variable(x)], _axis_params(_single_axis(axis)))


def cumprod(x, axis=None):
    """Running product along `axis` (of the flattened tensor when None)."""
    return build1("cumprod", [as_tensor_variable(x)], _axis_params(_single_axis(axis)))


# ---------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------


def shape(x):
    """The symbolic shape of `x` (an int64 vector)."""
    return build1("shape", [as_tensor_variable(x)])


def _shape_entries(shape_like):
    """A shape given as an int, a sequence of ints/scalars or an int vector, as tensors."""
    if isinstance(shape_like, Variable):
        if shape_like.ndim == 0:
            return [shape_like]
        if shape_like.ndim == 1:
            return [shape_like]  # a whole shape vector
        raise ValueError(f"a shape must be a scalar or a vector, got {shape_like.type}")
    if isinstance(shape_like, (numbers.Integral, np.integer)):
        shape_like = [shape_like]
    entries = []
    for s in shape_like:
        if isinstance(s, Variable):
            entries.append(s)
        elif isinstance(s, (numbers.Integral, np.integer)):
            entries.append(constant(int(s)))
        else:
            raise TypeError(f"shape entries must be ints or integer scalar tensors, got {s!r}")
    return entries


def reshape(x, newshape, ndim=None):
    """`x` with shape `newshape` (C order); one entry may be -1."""
    x = as_tensor_variable(x)
    entries = _shape_entries(newshape)
    result = build1("reshape", [x, *entries])
    if ndim is not None and result.ndim != ndim:
        raise ValueError(f"reshape: ndim={ndim} does not match the shape given ({result.ndim} entries)")
    return result


def flatten(x, ndim=1):
    """`x` with its trailing axes merged so `ndim` axes remain."""
    return build1("flatten", [as_tensor_variable(x)], [as_int(ndim, "ndim")])


def transpose(x, axes=None):
    """Axes permuted by `axes` (reversed when None)."""
    return build1("transpose", [as_tensor_variable(x)], _axis_params(axes))


def expand_dims(a, axis):
    """`a` with new length-1 axes at `axis` (int or tuple)."""
    if axis is None:
        raise TypeError("expand_dims needs an axis: an int or a tuple of ints")
    axes = _axis_params(axis)[2:]
    return build1("expand_dims", [as_tensor_variable(a)], [len(axes), *axes])


def squeeze(x, axis=None):
    """`x` without length-1 axes (those given, or all known to be 1)."""
    return build1("squeeze", [as_tensor_variable(x)], _axis_params(axis))


def specify_shape(x, shape):
    """`x` with its static shape refined to `shape` (None keeps an entry unknown),
    checked when the function runs."""
    x = as_tensor_variable(x)
    if isinstance(shape, (numbers.Integral, np.integer)):
        shape = (shape,)
    entries = [-1 if s is None else int(s) for s in shape]
    return build1("specify_shape", [x], [len(entries), *entries])


def specify_broadcastable(x, *axes):
    """`x` with `axes` marked broadcastable (static length 1), checked at run time."""
    x = as_tensor_variable(x)
    wanted = {a % x.ndim if x.ndim else a for a in axes}
    return specify_shape(x, [1 if i in wanted else s for i, s in enumerate(x.type.shape)])


def broadcast_to(x, shape):
    """`x` broadcast (NumPy's rules) to `shape`, as a new tensor."""
    return alloc(as_tensor_variable(x), *_shape_entries(shape))


def _new_axes(t, n_ones):
    if not isinstance(n_ones, (numbers.Integral, np.integer)) or isinstance(n_ones, (bool, np.bool_)):
        raise TypeError(f"n_ones must be an int, got {n_ones!r}")
    if not 0 <= n_ones <= 32 - t.ndim:
        raise ValueError(f"cannot add {n_ones} axes to {t} of {t.ndim} dimensions: at most 32 are supported")
    return ["x"] * int(n_ones)


def shape_padleft(t, n_ones=1):
    t = as_tensor_variable(t)
    return t.dimshuffle(*_new_axes(t, n_ones), *range(t.ndim))


def shape_padright(t, n_ones=1):
    t = as_tensor_variable(t)
    return t.dimshuffle(*range(t.ndim), *_new_axes(t, n_ones))


def shape_padaxis(t, axis):
    return expand_dims(t, axis)


def concatenate(tensor_list, axis=0):
    """Joins tensors along an existing axis."""
    return build1("concatenate", _tensors(*tensor_list), [as_int(axis, "axis")])


def join(axis, *tensors_list):
    """PyTensor's join(axis, *tensors): concatenate with the axis first."""
    return concatenate(tensors_list, axis=axis)


def stack(tensors, axis=0):
    """Joins tensors of equal shape along a new axis."""
    return build1("stack", _tensors(*tensors), [as_int(axis, "axis")])


# ---------------------------------------------------------------------------
# Creation
# ---------------------------------------------------------------------------


def alloc(value, *shape):
    """A tensor of `shape` filled with `value` broadcast into it."""
    return build1("alloc", [as_tensor_variable(value), *_scalar_entries(shape)])


def _scalar_entries(shape):
    entries = _shape_entries(shape[0] if len(shape) == 1 and not isinstance(shape[0], Variable) else list(shape))
    if len(entries) == 1 and entries[0].ndim == 1:
        n = entries[0].type.shape[0]
        if n is None:
            raise ValueError("a shape vector of unknown length cannot be used here")
        entries = [entries[0][i] for i in range(n)]
    return entries


def full(shape, fill_value, dtype=None):
    """A tensor of `shape` filled with `fill_value`."""
    value = as_tensor_variable(fill_value, dtype=_dtype_name(dtype) if dtype is not None else None)
    return build1("alloc", [value, *_scalar_entries((shape,))])


def zeros(shape, dtype=None):
    """A tensor of zeros (float64 unless `dtype`)."""
    return full(shape, 0, dtype=_dtype_name(dtype))


def ones(shape, dtype=None):
    """A tensor of ones (float64 unless `dtype`)."""
    return full(shape, 1, dtype=_dtype_name(dtype))


def zeros_like(x, dtype=None):
    return build1("zeros_like", [as_tensor_variable(x)], [-1 if dtype is None else dtype_code(_dtype_name(dtype))])


def ones_like(x, dtype=None):
    return build1("ones_like", [as_tensor_variable(x)], [-1 if dtype is None else dtype_code(_dtype_name(dtype))])


def full_like(x, fill_value, dtype=None):
    """A tensor shaped like `x` filled with `fill_value`, of `x`'s dtype unless `dtype` (numpy.full_like)."""
    x = as_tensor_variable(x)
    value = cast(as_tensor_variable(fill_value), x.dtype if dtype is None else _dtype_name(dtype))
    dims = [constant(n) if n is not None else x.shape[i] for i, n in enumerate(x.type.shape)]
    return build1("alloc", [value, *dims])


def arange(start, stop=None, step=1, dtype=None):
    """Values start, start + step, ... below stop (numpy.arange)."""
    if stop is None:
        start, stop = 0, start
    code = -1 if dtype is None else dtype_code(_dtype_name(dtype))
    return build1("arange", _tensors(start, stop, step), [code])


def eye(n, m=None, k=0, dtype=None):
    """An n x m matrix with ones on diagonal k."""
    return build1("eye", _tensors(n, n if m is None else m, k), [dtype_code(_dtype_name(dtype))])


def identity_like(x, dtype=None):
    x = as_tensor_variable(x)
    return eye(x.shape[0], x.shape[1], dtype=dtype or x.dtype)


def fill_diagonal(a, val):
    """A copy of `a` with its main diagonal set to `val`."""
    a = as_tensor_variable(a)
    return build1("fill_diagonal", [a, _operand(val, a)])


# ---------------------------------------------------------------------------
# Indexing
# ---------------------------------------------------------------------------


def _index_scalar(part):
    if isinstance(part, Variable):
        if part.ndim != 0:
            raise IndexError(f"slice bounds must be integer scalars, got {part} of type {part.type}")
        return part
    if isinstance(part, (numbers.Integral, np.integer)) and not isinstance(part, (bool, np.bool_)):
        # Beyond int64 a slice bound or step means the same as the int64 extreme (no
        # array is that long), as Python's slice.indices clamps it.
        return constant(builtins.min(builtins.max(int(part), INT64_MIN), INT64_MAX))
    raise IndexError(f"slice indices must be integers or None, got {part!r}")


def index_params(x, key):
    """Encodes an index expression for the Swift builder: (inputs, params)."""
    if not isinstance(key, tuple):
        key = (key,)
    inputs = [x]
    params = [len(key)]
    for k in key:
        if k is None:
            params.append(2)
        elif k is Ellipsis:
            params.append(3)
        elif isinstance(k, slice):
            mask = 0
            for bit, part in ((1, k.start), (2, k.stop), (4, k.step)):
                if part is not None:
                    mask |= bit
                    inputs.append(_index_scalar(part))
            params += [1, mask]
        elif isinstance(k, Variable):
            if k.ndim == 0 and k.dtype == "int64":
                params.append(0)
            elif k.dtype in ("int64", "bool"):
                params.append(4)
            else:
                raise IndexError(f"index {k} has dtype {k.dtype}; indices must be integers or booleans")
            inputs.append(k)
        elif isinstance(k, (bool, np.bool_)):
            raise IndexError("a Python bool is not a valid index; use a boolean array")
        elif isinstance(k, (numbers.Integral, np.integer)):
            if not INT64_MIN <= int(k) <= INT64_MAX:
                raise IndexError(f"index {k} is out of bounds: it does not fit in int64")
            params.append(0)
            inputs.append(constant(int(k)))
        else:
            arr = np.asarray(k)
            if arr.size == 0 and isinstance(k, (list, tuple)):
                arr = arr.astype(np.int64)  # x[[]]: NumPy reads an empty list as an empty integer index
            if arr.dtype.kind not in "iub":
                raise IndexError(
                    "only integers, slices (`:`), ellipsis (`...`), None and integer or boolean arrays "
                    f"are valid indices, got {k!r}"
                )
            params.append(4)
            inputs.append(constant(arr))
    return inputs, params


def set_subtensor(x, y):
    """For `x` = t[idx], the tensor t with that region replaced by `y`.

    >>> v = pt.vector("v")
    >>> pt.set_subtensor(v[1:], 0.0).eval({v: [1.0, 2.0, 3.0]})
    array([1., 0., 0.])
    """
    x = as_tensor_variable(x)
    return build1("set_subtensor", [x, _operand(y, x)])


def inc_subtensor(x, y):
    """For `x` = t[idx], the tensor t with `y` added to that region (repeated
    integer indices add repeatedly)."""
    x = as_tensor_variable(x)
    return build1("inc_subtensor", [x, _operand(y, x)])


# ---------------------------------------------------------------------------
# Products
# ---------------------------------------------------------------------------


def dot(a, b):
    """numpy.dot: inner, matrix-vector and matrix-matrix products."""
    return build1("dot", _tensors(a, b))


def matmul(a, b):
    """numpy.matmul: matrix products over the last two axes, batch axes broadcast."""
    return build1("matmul", _tensors(a, b))


def outer(a, b):
    """Outer product of two vectors."""
    return build1("outer", _tensors(a, b))


__all__ = [
    name
    for name, value in list(globals().items())
    if not name.startswith("_")
    and name not in ("np", "numbers", "builtins", "build", "build1", "dtype_code", "DTYPE_CODES", "Variable")
]
