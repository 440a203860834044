"""Samplers over compiled log densities (the engine under ``pm.sample``)."""

from .nuts import NUTS_RESULTS, sample_nuts

__all__ = ["NUTS_RESULTS", "sample_nuts"]
