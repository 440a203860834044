"""Samplers over compiled log densities (the engine under ``pm.sample``)."""

from .mcmc import sample
from .nuts import NUTS_RESULTS, sample_nuts

__all__ = ["NUTS_RESULTS", "sample", "sample_nuts"]
