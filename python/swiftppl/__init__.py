"""swiftppl: probabilistic programming on a Swift engine, with PyMC's and PyTensor's API.

>>> import swiftppl
>>> import swiftppl.tensor as pt
>>> x = pt.scalar("x"); y = pt.vector("y")
>>> f = swiftppl.function([x, y], pt.log(x + y))
>>> f(0, [1.0, 2.718281828459045])
array([0., 1.])
"""

from . import _core
from .compile import Function, In, function, shared
from .gradient import grad, hessian, jacobian
from .graph import ancestors, clone_replace, graph_inputs
from .printing import debugprint, dprint
from .scan import scan
from . import graph, logprob, sampling, tensor
from .pytensorf import collect_default_updates, compile, compile_pymc, draw
from . import distributions, model
from .distributions import *  # noqa: F401,F403  (pm.Normal, pm.HalfNormal, ...)
from .logprob.basic import icdf, logcdf, logp
from .model import Data, Deterministic, Model, Potential, model_to_graphviz, modelcontext, set_data
from . import math, stats
from .stats import compute_log_likelihood, compute_log_prior
from .sampling import find_MAP, sample, sample_posterior_predictive, sample_prior_predictive
from .sampling.proposals import (CauchyProposal, LaplaceProposal, MultivariateNormalProposal, NormalProposal,
                                 PoissonProposal, UniformProposal)
from .sampling.steps import (NUTS, BinaryGibbsMetropolis, CategoricalGibbsMetropolis, CompoundStep, DEMetropolis,
                             DEMetropolisZ, Metropolis, Slice)

MissingInputError = _core.MissingInputError
__version__ = _core.version()

__all__ = [
    "Function", "In", "MissingInputError", "ancestors", "clone_replace", "debugprint", "dprint",
    "collect_default_updates", "compile", "compile_pymc", "draw", "function", "grad", "graph", "graph_inputs",
    "hessian", "jacobian", "logprob", "sampling", "scan", "shared", "tensor",
    "Data", "Deterministic", "Model", "Potential", "math", "model_to_graphviz", "modelcontext", "set_data", "find_MAP", "sample", "sample_posterior_predictive", "sample_prior_predictive", "logp", "logcdf", "icdf", "distributions", "model",
    "stats", "compute_log_likelihood", "compute_log_prior",
    "NUTS", "Metropolis", "Slice", "BinaryGibbsMetropolis", "CategoricalGibbsMetropolis", "CompoundStep",
    "DEMetropolis", "DEMetropolisZ", "NormalProposal", "UniformProposal", "CauchyProposal", "LaplaceProposal",
    "PoissonProposal", "MultivariateNormalProposal",
] + distributions.__all__
