// Catalog+MultivariateMatrix.swift — random matrices: LKJ correlations (packed), LKJ Cholesky covariance factors (packed), Wishart.

import DenseArrays
import RandomCore
import TensorGraph
import TensorOps

extension RandomVariableCatalog {
    /// The largest LKJ dimension n accepted (a draw holds about n²/2 values).
    static let maxLKJDimension = 10_000

    static let matrixFamily: [RandomVariableSpec] = [
        // lkjcorr(n, eta): PyMC 5's LKJCorr draw, the n(n-1)/2 entries above the diagonal
        // of a correlation matrix, row by row (numpy.triu_indices(n, k=1) order).
        .block("lkjcorr", ["n", "eta"], ndimsParams: [0, 0], ndimSupp: 1, dtype: .float64,
               staticSupport: { _ in [nil] },
               support: { _, params in
                   let n = try lkjDimension(params[0], "lkjcorr_rv")
                   return [n * (n - 1) / 2]
               },
               draw: .realBlock { stream, p, out in
                   let (n, factor) = try lkjFactor(&stream, n: p[0][0], eta: p[1][0], "lkjcorr_rv")
                   var next = 0
                   for i in 0..<n {
                       for j in (i + 1)..<n {
                           // C_ij = Σ_{m <= i} L_im L_jm (L lower triangular, i < j).
                           var s = 0.0
                           for m in 0...i { s += factor[i * n + m] * factor[j * n + m] }
                           out[next] = s
                           next += 1
                       }
                   }
               }),
        // lkjcholeskycov(n, eta, sd): PyMC's _LKJCholeskyCov draw, the lower Cholesky
        // factor diag(sd) L of a covariance with LKJ(eta) correlations L Lᵀ, packed row by
        // row with its diagonal (n(n+1)/2 values). `sd` is the draw of the standard
        // deviations' distribution (PyMC's sd_dist, n values per draw); the log-density
        // derives that distribution's density from this input.
        .block("lkjcholeskycov", ["n", "eta", "sd"], ndimsParams: [0, 0, 1], ndimSupp: 1, dtype: .float64,
               staticSupport: { cores in [cores[2][0].map { $0 * ($0 + 1) / 2 }] },
               support: { cores, params in
                   let n = try lkjDimension(params[0], "lkjcholeskycov_rv")
                   guard cores[2] == [n] else {
                       throw SPPLError.value("lkjcholeskycov_rv: n = \(n) needs n standard deviations per draw, but sd has core shape \(formatShape(cores[2]))")
                   }
                   return [n * (n + 1) / 2]
               },
               draw: .realBlock { stream, p, out in
                   guard p[2].allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                       throw SPPLError.value("lkjcholeskycov_rv: standard deviations must be >= 0 and finite, got \(Array(p[2]))")
                   }
                   let (n, factor) = try lkjFactor(&stream, n: p[0][0], eta: p[1][0], "lkjcholeskycov_rv")
                   var next = 0
                   for i in 0..<n {
                       for j in 0...i {
                           out[next] = p[2][i] * factor[i * n + j]
                           next += 1
                       }
                   }
               }),
        // wishart(nu, V): PyMC's WishartRV, by Bartlett's decomposition of nu and V's
        // lower Cholesky factor.
        .block("wishart", ["nu", "V"], ndimsParams: [0, 2], ndimSupp: 2, dtype: .float64,
               staticSupport: { cores in
                   let p = cores[1][0] ?? cores[1][1]
                   return [p, p]
               },
               support: { cores, _ in
                   guard cores[1][0] == cores[1][1] else {
                       throw SPPLError.value("wishart_rv: V must be a square matrix, got core shape \(formatShape(cores[1]))")
                   }
                   return cores[1]
               },
               draw: .realBlock { stream, p, out in
                   let nu = p[0][0], dim = Int(Double(p[1].count).squareRoot().rounded())
                   guard nu > Double(dim) - 1, nu.isFinite else {
                       throw SPPLError.value("wishart_rv: nu must be > p - 1 = \(dim - 1), got \(nu)")
                   }
                   var factor: [Double] = []
                   guard BlockAlgebra.lowerCholesky(p[1], dim, into: &factor) else {
                       throw SPPLError(.linAlg, "wishart_rv: V is not positive definite")
                   }
                   _ = factor.withUnsafeBufferPointer { stream.wishart(df: nu, scaleCholesky: $0, into: out) }
               }),
    ]

    /// LKJ's n: one whole number from 1 to `maxLKJDimension` for all draws.
    static func lkjDimension(_ n: NDArray, _ what: String) throws -> Int {
        try BlockAlgebra.commonWholeNumbers(n, coreCount: 1, "\(what): n", range: 1...maxLKJDimension)[0]
    }

    /// The lower Cholesky factor (n x n, row-major) of an LKJ(eta) correlation matrix.
    static func lkjFactor(_ stream: inout RandomStream, n: Double, eta: Double, _ what: String) throws -> (Int, [Double]) {
        guard eta > 0, eta.isFinite else { throw SPPLError.value("\(what): eta must be > 0, got \(eta)") }
        // n was checked by the support shape (a whole number in 1...maxLKJDimension).
        let k = Int(exactly: n) ?? 1
        var factor = [Double](repeating: 0, count: k * k)
        _ = factor.withUnsafeMutableBufferPointer { stream.lkjCorrelationCholesky(n: k, eta: eta, into: $0) }
        return (k, factor)
    }
}

/// PyMC's `LKJCholeskyCov.dist(eta, n, sd_dist, compute_corr=False)`: the packed lower
/// Cholesky factor of a covariance with LKJ(eta) correlations and standard deviations from
/// `sdDist`, a scalar or vector random variable that is re-drawn here with n independent
/// values per factor (PyMC resizes it the same way; the variable passed in is not used
/// itself). The density of the result includes sdDist's density at the implied deviations.
///
///     let rng = try sharedRandomGenerator(seed: 1)
///     let sd = try randomVariable("exponential", [constant(1.0)], rng: rng).draw
///     let packed = try lkjCholeskyCov(n: 3, eta: constant(2.0), sdDist: sd, rng: rng).draw   // shape (6,)
public func lkjCholeskyCov(n: Int, eta: Variable, sdDist: Variable, size: [Int]? = nil,
                           rng: Variable) throws -> (next: Variable, draw: Variable) {
    guard let (op, node) = randomVariableNode(sdDist), op.spec.ndimSupp < 2 else {
        throw SPPLError.type("sd_dist must be a scalar or vector distribution variable, got \(sdDist)")
    }
    guard n >= 1, n <= RandomVariableCatalog.maxLKJDimension else {
        throw SPPLError.value("n must be in 1...\(RandomVariableCatalog.maxLKJDimension), got \(n)")
    }
    // PyMC: size, or else sd_dist's shape without its last axis.
    let leading = sdDist.type.shape.dropLast()
    guard size != nil || leading.allSatisfy({ $0 != nil }) else {
        throw SPPLError.value("sd_dist must have a known shape (or give size), got \(sdDist) of type \(sdDist.type)")
    }
    let batch = size ?? leading.compactMap { $0 }
    let sdSize = op.spec.ndimSupp == 0 ? batch + [n] : batch
    let resized = try randomVariable(op.spec, Array(node.inputs[2...]),
                                     size: constant(try NDArray(sdSize.map(Int64.init), shape: [sdSize.count])), rng: node.inputs[0])
    return try randomVariable("lkjcholeskycov", [constant(n), eta, resized.draw], rng: rng)
}
