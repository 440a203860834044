// Catalog+Multivariate.swift — random variables with vector parameters or vector draws: categorical, multivariate normal, Dirichlet, multinomial.

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
        // multivariate_normal(mean, cov): mean + L z with L the lower Cholesky factor of cov.
        .block("multivariate_normal", ["mean", "cov"], ndimsParams: [1, 2], ndimSupp: 1, dtype: .float64,
               staticSupport: { cores in [cores[0][0] ?? cores[1][0] ?? cores[1][1]] },
               support: { cores, _ in
                   let k = cores[0][0]
                   guard cores[1] == [k, k] else {
                       throw SPPLError.value("multivariate_normal_rv: mean of length \(k) needs a (\(k), \(k)) cov, got \(formatShape(cores[1]))")
                   }
                   return [k]
               },
               draw: .realBlock { stream, p, out in
                   let k = p[0].count
                   let cov = try NDArray(Array(p[1]), shape: [k, k])
                   let factor = try cov.cholesky(lower: true, nanOnFailure: true).contiguous()
                   guard k == 0 || factor.double(flat: 0).isFinite else {  // k == 0 first: an empty factor has no element 0
                       throw SPPLError(.linAlg, "multivariate_normal_rv: cov is not positive definite")
                   }
                   let l = UnsafeBufferPointer(start: factor.pointer(Double.self), count: k * k)
                   _ = withExtendedLifetime(factor) { stream.multivariateNormal(mean: p[0], choleskyLower: l, into: out) }
               }),
        .block("dirichlet", ["alpha"], ndimsParams: [1], ndimSupp: 1, dtype: .float64,
               staticSupport: { cores in [cores[0][0]] },
               support: { cores, _ in [cores[0][0]] },
               draw: .realBlock { stream, p, out in
                   guard p[0].allSatisfy({ $0 > 0 }) else {
                       throw SPPLError.value("dirichlet_rv: every alpha must be > 0, got \(Array(p[0]))")
                   }
                   _ = stream.dirichlet(alpha: p[0], into: out)
               }),
        .block("multinomial", ["n", "p"], ndimsParams: [0, 1], ndimSupp: 1, dtype: .int64,
               staticSupport: { cores in [cores[1][0]] },
               support: { cores, _ in [cores[1][0]] },
               draw: .integerBlock { stream, p, out in
                   let n = p[0][0]
                   guard n >= 0, n == n.rounded(), n < 9.0e15 else {
                       throw SPPLError.value("multinomial_rv: n must be a whole number >= 0, got \(n)")
                   }
                   try checkProbabilityVector(p[1], "multinomial_rv")
                   _ = stream.multinomial(n: Int64(n), p: p[1], into: out)
               }),
    ]

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
