"""PyMC's distribution classes (``pm.Normal``, ``pm.HalfNormal``, ...) over swiftppl's random variables and log-probabilities."""

from .continuous import (AsymmetricLaplace, Beta, Cauchy, ChiSquared, ExGaussian, Exponential, Flat, Gamma, Gumbel,
                         HalfCauchy, HalfFlat, HalfNormal, HalfStudentT, InverseGamma, Kumaraswamy, Laplace, Logistic,
                         LogitNormal, LogNormal, Moyal, Normal, Pareto, Rice, SkewNormal, StudentT, Triangular,
                         TruncatedNormal, Uniform, VonMises, Wald, Weibull)
from .discrete import (Bernoulli, BetaBinomial, Binomial, Categorical, DiracDelta, DiscreteUniform, DiscreteWeibull,
                       Geometric, HyperGeometric, NegativeBinomial, Poisson)
from .distribution import Distribution
from .wrappers import (Censored, CustomDist, Mixture, NormalMixture, Truncated,
                       ZeroInflatedBinomial, ZeroInflatedNegativeBinomial, ZeroInflatedPoisson)
from .timeseries import (AR, GARCH11, GaussianRandomWalk, MvGaussianRandomWalk, MvStudentTRandomWalk, RandomWalk)
from .multivariate import (Dirichlet, DirichletMultinomial, LKJCholeskyCov, LKJCorr, Multinomial, MvNormal, MvStudentT,
                           expand_packed_triangular,
                           OrderedLogistic, OrderedProbit, Wishart, ZeroSumNormal)
from .hurdle import HurdleGamma, HurdleLogNormal, HurdleNegativeBinomial, HurdlePoisson
from ..logprob import transforms  # pm.distributions.transforms, as PyMC

__all__ = [name for name in dir() if not name.startswith("_")]
