"""Samplers over compiled log densities (the engine under ``pm.sample``)."""

from .forward import sample_posterior_predictive, sample_prior_predictive
from .map import find_MAP
from .mcmc import sample
from .nuts import NUTS_RESULTS, sample_nuts
from .steps import assign_step_methods

__all__ = ["NUTS_RESULTS", "assign_step_methods", "find_MAP", "sample", "sample_nuts", "sample_posterior_predictive", "sample_prior_predictive"]
