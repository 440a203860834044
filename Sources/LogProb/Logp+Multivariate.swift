// Logp+Multivariate.swift — log-probabilities of the multivariate distributions (PyMC's formulas and parameter checks).

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbCatalog {
    static let multivariate: [DistributionLogProb] = []
}
