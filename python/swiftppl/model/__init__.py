"""The model layer: ``pm.Model`` and the variables registered in it."""

from .core import Deterministic, Model, PointFunc, Potential, SamplingError, modelcontext

__all__ = ["Deterministic", "Model", "PointFunc", "Potential", "SamplingError", "modelcontext"]
