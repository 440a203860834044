"""Symbolic differentiation (PyTensor's pytensor.gradient): grad, jacobian, hessian."""

from ._handles import build
from .graph.basic import Variable


def _wrt_list(wrt):
    if isinstance(wrt, Variable):
        return [wrt], True
    try:
        items = list(wrt)
    except TypeError:
        raise TypeError(f"wrt must be a variable or a list of variables, got {type(wrt).__name__}") from None
    for item in items:
        if not isinstance(item, Variable):
            raise TypeError(f"wrt must contain variables, got {type(item).__name__}")
    return items, False


def _tensor(x, what):
    if isinstance(x, Variable):
        return x
    from .tensor.basic import as_tensor_variable

    try:
        return as_tensor_variable(x)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{what} must be a tensor, got {type(x).__name__}: {error}") from None


def _mode(disconnected_inputs):
    if disconnected_inputs not in ("raise", "warn", "ignore"):
        raise ValueError(f"disconnected_inputs must be 'raise', 'warn' or 'ignore', got {disconnected_inputs!r}")
    return int(disconnected_inputs != "raise")


def grad(cost, wrt, consider_constant=None, disconnected_inputs="raise", return_disconnected="zero", **kwargs):
    """Gradient of the scalar `cost` with respect to `wrt` (a variable or a list), as
    graphs that share the cost's nodes.

    >>> x = pt.vector("x")
    >>> g = swiftppl.grad((x ** 2).sum(), x)
    >>> g.eval({x: [1.0, 2.0]})
    array([2., 4.])
    """
    if consider_constant:
        raise NotImplementedError("consider_constant is not supported yet")
    wrt_list, single = _wrt_list(wrt)
    grads = build("grad", [_tensor(cost, "cost"), *wrt_list], [_mode(disconnected_inputs)])
    return grads[0] if single else grads


def jacobian(expression, wrt, consider_constant=None, disconnected_inputs="raise"):
    """Jacobian of a vector `expression` (of statically known length) with respect to `wrt`."""
    wrt_list, single = _wrt_list(wrt)
    jacs = build("jacobian", [_tensor(expression, "expression"), *wrt_list], [_mode(disconnected_inputs)])
    return jacs[0] if single else jacs


def hessian(cost, wrt, consider_constant=None, disconnected_inputs="raise"):
    """Hessian of the scalar `cost` with respect to each vector of `wrt` (statically known length)."""
    wrt_list, single = _wrt_list(wrt)
    hs = build("hessian", [_tensor(cost, "cost"), *wrt_list], [_mode(disconnected_inputs)])
    return hs[0] if single else hs
