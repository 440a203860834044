// Catalog+MultivariateSimplex.swift — random variables on the simplex and its counts: Dirichlet, multinomial, Dirichlet-multinomial.

import DenseArrays
import RandomCore

extension RandomVariableCatalog {
    static let simplexFamily: [RandomVariableSpec] = [
        // dirichlet(alpha): normalized gammas (PyTensor's dirichlet).
        .block("dirichlet", ["alpha"], ndimsParams: [1], ndimSupp: 1, dtype: .float64,
               staticSupport: { cores in [cores[0][0]] },
               support: { cores, _ in [cores[0][0]] },
               draw: .realBlock { stream, p, out in
                   try checkConcentrations(p[0], "dirichlet_rv", name: "alpha")
                   _ = stream.dirichlet(alpha: p[0], into: out)
               }),
        // multinomial(n, p): counts of n trials (PyTensor's multinomial).
        .block("multinomial", ["n", "p"], ndimsParams: [0, 1], ndimSupp: 1, dtype: .int64,
               staticSupport: { cores in [cores[1][0]] },
               support: { cores, _ in [cores[1][0]] },
               draw: .integerBlock { stream, p, out in
                   let n = try trialCount(p[0][0], "multinomial_rv")
                   try checkProbabilityVector(p[1], "multinomial_rv")
                   _ = stream.multinomial(n: n, p: p[1], into: out)
               }),
        // dirichlet_multinomial(n, a): multinomial counts with Dirichlet(a) probabilities
        // (PyMC's DirichletMultinomialRV, which draws the Dirichlet, then the multinomial).
        .block("dirichlet_multinomial", ["n", "a"], ndimsParams: [0, 1], ndimSupp: 1, dtype: .int64,
               staticSupport: { cores in [cores[1][0]] },
               support: { cores, _ in [cores[1][0]] },
               draw: .integerBlock { stream, p, out in
                   let n = try trialCount(p[0][0], "dirichlet_multinomial_rv")
                   try checkConcentrations(p[1], "dirichlet_multinomial_rv", name: "a")
                   var probabilities = [Double](repeating: 0, count: p[1].count)
                   probabilities.withUnsafeMutableBufferPointer { _ = stream.dirichlet(alpha: p[1], into: $0) }
                   // Components of a Dirichlet with tiny a can all but one underflow to 0;
                   // the multinomial normalizes whatever total remains (here 1 ± ulps).
                   probabilities.withUnsafeBufferPointer { _ = stream.multinomial(n: n, p: $0, into: out) }
               }),
    ]

    /// A number of trials: a whole number in [0, 9e15] (exact as a double and as Int64).
    static func trialCount(_ n: Double, _ what: String) throws -> Int64 {
        guard n >= 0, n == n.rounded(), n < 9.0e15 else {
            throw SPPLError.value("\(what): n must be a whole number >= 0, got \(n)")
        }
        return Int64(n)
    }

    /// Concentrations of a Dirichlet: every one > 0 and finite (not NaN).
    static func checkConcentrations(_ a: UnsafeBufferPointer<Double>, _ what: String, name: String) throws {
        guard a.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw SPPLError.value("\(what): every \(name) must be > 0 and finite, got \(Array(a))")
        }
    }
}
