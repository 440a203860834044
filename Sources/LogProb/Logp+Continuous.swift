// Logp+Continuous.swift — log-densities, log-CDFs and quantiles of the continuous scalar distributions (PyMC's formulas and parameter checks).

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbCatalog {
    static let continuous: [DistributionLogProb] = [
        DistributionLogProb("normal", logp: { value, p in
            // -z²/2 - log σ - log √(2π), z = (x - μ)/σ.
            let (mu, sigma) = (p[0], p[1])
            let z = try (value - mu) / sigma
            let logp = try -0.5 * sqr(z) - log(sigma) - logSqrt2Pi
            return try checkParameters(logp, [sigma > constant(0.0)], message: "sigma > 0")
        }),
    ]
}


/// log √(2π).
let logSqrt2Pi = 0.918_938_533_204_672_7
