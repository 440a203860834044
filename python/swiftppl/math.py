"""pm.math: PyMC's math namespace — the tensor functions models use, plus logit/invlogit/softmax and friends built from them."""

from .tensor import (abs, and_, arccos, arccosh, arcsin, arcsinh, arctan, arctanh, ceil, clip, concatenate,  # noqa: F401
                     constant, cos, cosh, cumprod, cumsum, dot, eq, erf, erfc, erfcinv, erfinv, exp, expm1, flatten,
                     floor, full_like, gammaln, ge, gt, le, log, log1mexp, log1p, logaddexp, logsumexp, lt, matmul,
                     max, maximum, mean, min, minimum, neq, ones_like, or_, outer, prod, round, sigmoid, sin, sinh,
                     softplus, sqr, sqrt, stack, std, sum, switch, tan, tanh, var, where, zeros_like)
from .tensor import sigmoid as expit  # noqa: F401
from .tensor.linalg import cholesky, det, matrix_inverse  # noqa: F401
from .tensor import as_tensor, broadcast_to, erfcinv, full, ones, reshape, zeros  # noqa: F401
from .tensor.linalg import slogdet
from .distributions.multivariate import expand_packed_triangular  # noqa: F401

log1pexp = softplus


def logit(p):
    """log(p / (1 - p))."""
    return log(p) - log1p(-p)


def invlogit(x, eps=None):
    """The logistic function 1 / (1 + exp(-x)) (PyMC's invlogit; eps is accepted for compatibility)."""
    return sigmoid(x)


inv_logit = invlogit


def log_softmax(x, axis=-1):
    """x - logsumexp(x) along `axis`: log-probabilities that never overflow."""
    return x - logsumexp(x, axis=axis, keepdims=True)


def softmax(x, axis=-1):
    """exp(x) normalized along `axis`, computed as exp(log_softmax(x)) so large inputs do not overflow."""
    return exp(log_softmax(x, axis=axis))


def logdiffexp(a, b):
    """log(exp(a) - exp(b)) for a >= b, as a + log1mexp(b - a) (no cancellation when b is close to a)."""
    return a + log1mexp(b - a)


def sgn(x):
    """The sign of x (-1, 0 or 1)."""
    return switch(gt(x, 0), 1.0, switch(lt(x, 0), -1.0, 0.0))


def probit(p):
    """The standard normal quantile, as −√2 erfcinv(2p): no cancellation for small p, where 1 − 2p would round."""
    return -(2.0 ** 0.5) * erfcinv(2.0 * p)


def invprobit(x):
    """The standard normal CDF, as erfc(−x/√2)/2: accurate far into the left tail."""
    return 0.5 * erfc(-x / 2.0 ** 0.5)


def logdet(m):
    """log|det m|, from the LU factorization (never forms the determinant, which can overflow)."""
    return slogdet(m)[1]


def flat_outer(a, b):
    """The outer product of `a` and `b` flattened."""
    return outer(flatten(a), flatten(b))


def flatten_list(tensors):
    """Every tensor of the list flattened, one after another."""
    return concatenate([flatten(t) for t in tensors])


def kronecker(*matrices):
    """The Kronecker product of matrices: block (i, j) of kron(A, B) is A[i, j] B."""
    if not matrices:
        raise ValueError("kronecker needs at least one matrix")
    result = as_tensor(matrices[0])
    for m in matrices[1:]:
        m = as_tensor(m)
        if result.ndim != 2 or m.ndim != 2:
            raise ValueError(f"kronecker takes matrices, got {result.ndim}- and {m.ndim}-dimensional tensors")
        # (i, k, j, l) -> A[i, j] B[k, l], then rows (i, k) and columns (j, l).
        blocks = result.dimshuffle(0, "x", 1, "x") * m.dimshuffle("x", 0, "x", 1)
        static = tuple(result.type.shape) + tuple(m.type.shape)
        if None in static:
            shape = (result.shape[0] * m.shape[0], result.shape[1] * m.shape[1])
        else:
            shape = (static[0] * static[2], static[1] * static[3])
        result = reshape(blocks, shape)
    return result
