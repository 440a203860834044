"""The model layer: ``pm.Model`` and the variables registered in it."""

from .graph import model_to_graphviz
from .core import Deterministic, Model, PointFunc, Potential, SamplingError, modelcontext
from .data import Data, set_data

__all__ = ["model_to_graphviz", "Data", "set_data", "Deterministic", "Model", "PointFunc", "Potential", "SamplingError", "modelcontext"]
