"""Log-probabilities of random-variable graphs (pymc.logprob's API; AePPL's names kept as aliases)."""

import weakref

from .._handles import build, build1
from ..graph.basic import Variable


def _value(value):
    from ..tensor.basic import as_tensor_variable

    return value if isinstance(value, Variable) else as_tensor_variable(value)


def _check_variable(rv, what):
    if not isinstance(rv, Variable):
        raise TypeError(f"{what}: expected a random variable or a graph of one, got {type(rv).__name__}")
    return rv


# Densities written in Python for graphs the deriver cannot invert (Truncated's quantile draws,
# the hurdle families' switch): {graph: function(value) -> log density}.
WRITTEN_LOGPS = weakref.WeakKeyDictionary()


def logp(rv, value, warn_rvs=None, **kwargs):
    """The log-density (or mass) of `rv` at `value`, elementwise (``pm.logp``). `rv` may be
    a random variable or a graph built from one: ``logp(pt.exp(x), 2.0)`` is log-normal."""
    written = WRITTEN_LOGPS.get(rv) if isinstance(rv, Variable) else None
    if written is not None:
        return written(_value(value))
    return build1("logp", [_check_variable(rv, "logp"), _value(value)])


def logcdf(rv, value, warn_rvs=None, **kwargs):
    """The log of the cumulative distribution function of `rv` at `value` (``pm.logcdf``)."""
    return build1("logcdf", [_check_variable(rv, "logcdf"), _value(value)])


def icdf(rv, value, warn_rvs=None, **kwargs):
    """The quantile of `rv` at probability `value` (``pm.icdf``)."""
    return build1("icdf", [_check_variable(rv, "icdf"), _value(value)])


def conditional_logp(rv_values, warn_rvs=None, ir_rewriter=None, extra_rewrites=None, **kwargs):
    """One log-probability graph per value variable, each conditioned on the other
    values: ``{value_var: logp_graph}`` (pymc.logprob.conditional_logp)."""
    if not isinstance(rv_values, dict) or not rv_values:
        raise TypeError("conditional_logp takes a non-empty dict {random variable: value}")
    rvs = [_check_variable(rv, "conditional_logp") for rv in rv_values]
    values = [_value(v) for v in rv_values.values()]
    inputs = [x for pair in zip(rvs, values) for x in pair]
    terms = build("conditional_logp", inputs)
    return dict(zip(values, terms))


factorized_joint_logprob = conditional_logp


def joint_logprob(*args, sum=True, **kwargs):
    """AePPL's joint_logprob: the sum of all terms of conditional_logp (a scalar), or
    the list of terms with ``sum=False``. Takes ``{rv: value}`` or (rv, value) pairs."""
    from ..tensor.basic import add, sum as tensor_sum

    if len(args) == 1 and isinstance(args[0], dict):
        rv_values = args[0]
    elif len(args) == 2:
        rv_values = {args[0]: args[1]}
    else:
        raise TypeError("joint_logprob takes a dict {random variable: value}")
    terms = list(conditional_logp(rv_values, **kwargs).values())
    if not sum:
        return terms
    total = tensor_sum(terms[0])
    for t in terms[1:]:
        total = add(total, tensor_sum(t))
    return total
