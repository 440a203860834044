// Catalog+Ordered.swift — the ordered logistic and ordered probit random variables: a category from a predictor eta and sorted cutpoints.

import DenseArrays
import RandomCore

extension RandomVariableCatalog {
    /// Ordered categorical models (PyMC's OrderedLogistic, OrderedProbit). A draw is the
    /// number of cutpoints below a latent η + ε (ε standard logistic, or normal with
    /// scale σ), so P(Y <= k) = F(c_k - η): the category probabilities PyMC computes.
    static let ordered: [RandomVariableSpec] = [
        .block("ordered_logistic", ["eta", "cutpoints"], ndimsParams: [0, 1], ndimSupp: 0, dtype: .int64,
               staticSupport: { _ in [] },
               support: { _, _ in [] },
               draw: .integerBlock { stream, p, out in
                   let eta = p[0][0]
                   try checkOrderedParameters(eta: eta, cutpoints: p[1], "ordered_logistic_rv")
                   out[0] = countBelow(p[1], stream.logistic(loc: eta, scale: 1))
               }),
        .block("ordered_probit", ["eta", "cutpoints", "sigma"], ndimsParams: [0, 1, 0], ndimSupp: 0, dtype: .int64,
               staticSupport: { _ in [] },
               support: { _, _ in [] },
               draw: .integerBlock { stream, p, out in
                   let eta = p[0][0], sigma = p[2][0]
                   try checkOrderedParameters(eta: eta, cutpoints: p[1], "ordered_probit_rv")
                   guard sigma > 0, sigma.isFinite else {
                       throw SPPLError.value("ordered_probit_rv: sigma must be positive and finite, got \(sigma)")
                   }
                   out[0] = countBelow(p[1], stream.normal(loc: eta, scale: sigma))
               }),
    ]

    /// eta finite; cutpoints not NaN and sorted (equal neighbours allowed).
    static func checkOrderedParameters(eta: Double, cutpoints: UnsafeBufferPointer<Double>, _ what: String) throws {
        guard eta.isFinite else { throw SPPLError.value("\(what): eta must be finite, got \(eta)") }
        var previous = -Double.infinity
        for c in cutpoints {
            guard c >= previous else {
                throw SPPLError.value("\(what): cutpoints must be sorted in increasing order, got \(Array(cutpoints))")
            }
            previous = c
        }
    }

    /// How many cutpoints lie below the latent value (the category index).
    static func countBelow(_ cutpoints: UnsafeBufferPointer<Double>, _ latent: Double) -> Int64 {
        var k: Int64 = 0
        for c in cutpoints where c < latent { k += 1 }
        return k
    }
}
