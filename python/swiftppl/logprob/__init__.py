"""swiftppl.logprob: log-probabilities of graphs of random variables (pymc.logprob / AePPL).

>>> import swiftppl.tensor as pt
>>> from swiftppl.logprob import logp
>>> x = pt.random.normal(0, 1)
>>> logp(pt.exp(x), 1.0).eval()     # the log-normal density at 1
array(-0.91893853)
"""

from . import transforms
from .basic import conditional_logp, factorized_joint_logprob, icdf, joint_logprob, logcdf, logp

__all__ = ["conditional_logp", "factorized_joint_logprob", "icdf", "joint_logprob", "logcdf", "logp", "transforms"]
