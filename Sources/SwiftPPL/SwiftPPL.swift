// SwiftPPL.swift — the umbrella module Swift users import: arrays, graphs, ops and compiled functions.

@_exported import Autodiff
@_exported import Compile
@_exported import DenseArrays
@_exported import LogProb
@_exported import Loops
@_exported import ModelCore
@_exported import Optimization
@_exported import RandomVariables
@_exported import Rewrites
@_exported import Sampling
@_exported import TensorGraph
@_exported import TensorOps
@_exported import Transforms
