// Logp+Discrete.swift — log-probabilities of the discrete distributions (PyMC's formulas and parameter checks).

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbCatalog {
    static let discrete: [DistributionLogProb] = []
}
