"""pm.math: PyMC's math namespace — the tensor functions models use, plus logit/invlogit/softmax and friends built from them."""

from .tensor import (abs, and_, arccos, arccosh, arcsin, arcsinh, arctan, arctanh, ceil, clip, concatenate,  # noqa: F401
                     constant, cos, cosh, cumprod, cumsum, dot, eq, erf, erfc, erfcinv, erfinv, exp, expm1, flatten,
                     floor, full_like, gammaln, ge, gt, le, log, log1mexp, log1p, logaddexp, logsumexp, lt, matmul,
                     max, maximum, mean, min, minimum, neq, ones_like, or_, outer, prod, round, sigmoid, sin, sinh,
                     softplus, sqr, sqrt, stack, std, sum, switch, tan, tanh, var, where, zeros_like)
from .tensor import sigmoid as expit  # noqa: F401
from .tensor.linalg import cholesky, det, matrix_inverse  # noqa: F401

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
