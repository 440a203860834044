"""PyMC's Metropolis proposal distributions (``pm.NormalProposal``, ``pm.UniformProposal``,
``pm.CauchyProposal``, ``pm.LaplaceProposal``, ``pm.PoissonProposal``,
``pm.MultivariateNormalProposal``) and the checks of the proposal scale ``S``.

The classes name a proposal; the jumps themselves are drawn in Swift from each chain's stream, so
the draws are the same for any ``cores``. As in PyMC, a step is given the class and calls it with S:

    with pm.Model():
        x = pm.Normal("x", 0, 1, shape=2)
        step = pm.Metropolis([x], proposal_dist=pm.CauchyProposal, S=np.array([0.5, 2.0]))
        mv = pm.Metropolis([x], S=np.array([[1.0, 0.9], [0.9, 1.0]]))   # MultivariateNormalProposal
"""

import numpy as np

# The largest Poisson proposal scale (Swift's maxPoissonProposalScale): its variates stay exact.
_MAX_POISSON_SCALE = 1e15


class Proposal:
    """A zero-centred jump distribution with scale ``s`` (PyMC's ``Proposal(s)``)."""

    code = None

    def __init__(self, s):
        self.s = np.asarray(s, dtype=float)

    def __repr__(self):
        return f"{type(self).__name__}(s={self.s!r})"


class NormalProposal(Proposal):
    """Normal(0, S) jumps, per element (the default for a 1-d S)."""

    code = 0


class UniformProposal(Proposal):
    """Uniform(-S, S) jumps, per element."""

    code = 1


class CauchyProposal(Proposal):
    """S times standard Cauchy jumps, per element."""

    code = 2


class LaplaceProposal(Proposal):
    """Laplace(0, S) jumps (the difference of two exponentials), per element."""

    code = 3


class PoissonProposal(Proposal):
    """Poisson(S) - S jumps, for discrete variables. The jump is not symmetric; unlike PyMC,
    swiftppl adds the Hastings correction so that the chain targets the model's posterior."""

    code = 4


class MultivariateNormalProposal(Proposal):
    """MvNormal(0, S) jumps with S a covariance matrix over the step's elements (the default for a
    2-d S); the step then moves all its elements at once."""

    code = 5

    def __init__(self, s):
        s = np.asarray(s, dtype=float)
        if s.ndim != 2 or s.shape[0] != s.shape[1]:
            raise ValueError(f"MultivariateNormalProposal: S must be a square covariance matrix, got shape {s.shape}")
        super().__init__(s)


PROPOSALS = (NormalProposal, UniformProposal, CauchyProposal, LaplaceProposal, PoissonProposal,
             MultivariateNormalProposal)


def proposal_from_user(who, proposal_dist, S, size):
    """(proposal class, S as floats) for a step over `size` elements, with PyMC's defaults: S ones,
    NormalProposal for a 1-d (or scalar, broadcast) S, MultivariateNormalProposal for a 2-d one.
    Raises ValueError naming what is wrong."""
    try:
        S = np.ones(size) if S is None else np.asarray(S, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{who}: S must be an array of numbers (scales or a covariance), got {S!r}") from None
    if proposal_dist is None:
        if S.ndim > 2:
            raise ValueError(f"{who}: Invalid rank for variance: {S.ndim}")
        proposal_dist = MultivariateNormalProposal if S.ndim == 2 else NormalProposal
    if not (isinstance(proposal_dist, type) and proposal_dist in PROPOSALS):
        names = ", ".join(f"pm.{p.__name__}" for p in PROPOSALS)
        raise ValueError(f"{who}: proposal_dist must be one of {names} (the class), got {proposal_dist!r}; "
                         "proposals are drawn in Swift, so custom proposal functions are not supported")
    name = proposal_dist.__name__
    if proposal_dist is MultivariateNormalProposal:
        if S.shape != (size, size):
            raise ValueError(f"{who}: {name} needs S as a ({size}, {size}) covariance matrix, got shape {S.shape}")
        if not np.all(np.isfinite(S)) or not np.allclose(S, S.T, rtol=1e-10, atol=0):
            raise ValueError(f"{who}: {name}: S must be a finite, symmetric covariance matrix")
        try:
            np.linalg.cholesky(S)
        except np.linalg.LinAlgError:
            raise ValueError(f"{who}: {name}: S must be positive definite") from None
        return proposal_dist, S
    if S.ndim == 0:
        S = np.full(size, float(S))
    if S.shape != (size,):
        raise ValueError(f"{who}: S must hold one proposal scale per element ({size}) for {name}, got shape {S.shape}")
    if not (np.all(np.isfinite(S)) and np.all(S > 0)):
        raise ValueError(f"{who}: S must be positive and finite")
    if proposal_dist is PoissonProposal and np.any(S > _MAX_POISSON_SCALE):
        raise ValueError(f"{who}: S must be at most {_MAX_POISSON_SCALE:g} for PoissonProposal")
    return proposal_dist, S
