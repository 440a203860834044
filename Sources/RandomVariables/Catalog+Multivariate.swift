// Catalog+Multivariate.swift — random variables with vector parameters or vector draws: categorical here, the rest from Catalog+Multivariate*.swift.

import DenseArrays
import RandomCore

extension RandomVariableCatalog {
    static let multivariate: [RandomVariableSpec] = [
        // categorical(p): an index with probability p[i] (p sums to 1 within 1e-8, as NumPy checks).
        .block("categorical", ["p"], ndimsParams: [1], ndimSupp: 0, dtype: .int64,
               staticSupport: { _ in [] },
               support: { cores, _ in
                   guard cores[0][0] > 0 else { throw SPPLError.value("categorical_rv: p must have at least one category") }
                   return []
               },
               draw: .integerBlock { stream, p, out in
                   try checkProbabilityVector(p[0], "categorical_rv")
                   out[0] = stream.categorical(p[0])
               }),
    ] + gaussianFamily + simplexFamily + matrixFamily

    /// NumPy's check on probability vectors: entries in [0, 1] summing to 1 within 1e-8.
    static func checkProbabilityVector(_ p: UnsafeBufferPointer<Double>, _ what: String) throws {
        var total = 0.0
        for w in p {
            guard w >= 0, w <= 1 else { throw SPPLError.value("\(what): probabilities must lie in [0, 1], got \(w)") }
            total += w
        }
        guard abs(total - 1) <= 1e-8 else {
            throw SPPLError.value("\(what): probabilities must sum to 1, they sum to \(total)")
        }
    }
}
