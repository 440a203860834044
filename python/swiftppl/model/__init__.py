"""The model layer: ``pm.Model`` and the variables registered in it."""

from .core import Data, Deterministic, Model, PointFunc, Potential, SamplingError, modelcontext, set_data

__all__ = ["Data", "set_data", "Deterministic", "Model", "PointFunc", "Potential", "SamplingError", "modelcontext"]
