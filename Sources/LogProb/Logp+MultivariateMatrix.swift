// Logp+MultivariateMatrix.swift — log-densities of random matrices: LKJ correlations (packed), LKJ Cholesky covariance factors (packed, with the standard deviations' own density), Wishart.

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbCatalog {
    static let matrixFamily: [DistributionLogProb] = [lkjCorrelation, lkjCholeskyCovariance, wishart]

    /// LKJ's dimension n as a number: from the constant `n` parameter or from the packed
    /// value's static length (`packed(n)` entries), which must agree. PyMC's LKJ logps
    /// likewise need a constant n (the value's shape depends on it).
    static func lkjDimension(_ what: String, _ nParameter: Variable, _ value: Variable,
                             packed: (Int) -> Int) throws -> Int {
        guard value.ndim >= 1 else {
            throw SPPLError.value("\(what): the value must have at least 1 dimension (the packed entries), got \(value) of type \(value.type)")
        }
        var fromValue: Int? = nil
        if let m = value.type.shape.last ?? nil {
            // The n with packed(n) = m, if any (packed grows with n, so stop once past m).
            var n = 1
            while packed(n) < m { n += 1 }
            guard packed(n) == m else {
                throw SPPLError.value("\(what): a packed value of length \(m) does not fit any n (it holds packed(n) entries)")
            }
            fromValue = n
        }
        if let c = nParameter.constantValue {
            let values = try c.cast(to: .float64).doubles
            guard let n = values.first, values.allSatisfy({ $0 == n }), n == n.rounded(), n >= 1, n <= 1e4 else {
                throw SPPLError.value("\(what): n must be one whole number in 1...10000, got \(values)")
            }
            if let fromValue, fromValue != Int(n) {
                throw SPPLError.value("\(what): n = \(Int(n)) needs a value of length \(packed(Int(n))), got \(value) of shape \(TensorType.formatStatic(value.type.shape))")
            }
            return Int(n)
        }
        guard let fromValue else {
            throw SPPLError(.notImplemented, "\(what): the log-density needs a constant n or a value of known length")
        }
        return fromValue
    }

    /// log c_n(η), the log of the integral of det(C)^(η-1) over n x n correlation
    /// matrices (Lewandowski, Kurowicka & Joe 2009), elementwise in η:
    ///     Σ_{k=1}^{n-1} [k/2 log π + log Γ(η + (n-1-k)/2)] - (n-1) log Γ(η + (n-1)/2).
    /// The LKJ density is det(C)^(η-1) / c_n. (PyMC adds log c_n instead of subtracting
    /// it, the sign error Stan fixed in 2017; at n = 2, η = 1 the density is 1/2.) For
    /// large η the log-gammas nearly cancel, losing about log10(η log η) digits.
    static func lkjLogNormalizer(_ eta: Variable, n: Int) throws -> Variable {
        guard n > 1 else { return try zerosLike(eta) }
        let offsets = constant(try NDArray((1..<n).map { Double(n - 1 - $0) / 2 }, shape: [n - 1]))
        let spread = try MV.sumLast(gammaln(expandDims(eta, axes: [eta.ndim]) + offsets))
        let top = try Double(n - 1) * gammaln(eta + Double(n - 1) / 2)
        let piTerm = Double(n * (n - 1)) / 4 * MV.logPi
        return try spread - top + piTerm
    }

    /// The n x n matrices a packed last axis describes: entry (i, j) of the result is
    /// packed entry position(i, j), where nil (one past the packed length) reads `fill`.
    static func unpack(_ value: Variable, n: Int, fill: Double, position: (Int, Int) -> Int?) throws -> Variable {
        let m = value.type.shape.last.flatMap { $0 } ?? 0
        var positions = [Int64](repeating: 0, count: n * n)
        var packedLength = m
        for i in 0..<n { for j in 0..<n { if let k = position(i, j) { packedLength = Swift.max(packedLength, k + 1) } } }
        for i in 0..<n { for j in 0..<n { positions[i * n + j] = Int64(position(i, j) ?? packedLength) } }
        let filler = try fill == 0 ? zerosLike(sum(value, axis: [-1], keepdims: true))
            : onesLike(sum(value, axis: [-1], keepdims: true))
        let padded = try concatenate([value, filler], axis: -1)
        return try index(padded, [.ellipsis, .array(constant(try NDArray(positions, shape: [n, n])))])
    }

    /// PyMC 5's LKJCorr logp of the packed upper triangle (numpy.triu_indices(n, k=1)
    /// order) of a correlation matrix C: (η - 1) log det C - log c_n(η). log det C comes
    /// from C's Cholesky factor (2 Σ log L_ii); a C that is not positive definite (which
    /// includes entries outside [-1, 1]) is outside the support.
    static let lkjCorrelation = DistributionLogProb("lkjcorr", logp: { value, p in
        let eta = p[1]
        let n = try lkjDimension("lkjcorr logp", p[0], value, packed: { $0 * ($0 - 1) / 2 })
        let c = try lkjCorrelationMatrix(n, value)
        let diag = try diagonal(cholesky(c, lower: true, nanOnFailure: true))
        let logDet = try 2.0 * MV.sumLast(log(diag))
        let logp = try (eta - 1.0) * logDet - lkjLogNormalizer(eta, n: n)
        let result = try bounded(logp, MV.allLast(diag > constant(0.0)))
        return try checkParameters(result, [eta > constant(0.0)], message: "eta > 0")
    })

    /// PyMC's _LKJCholeskyCov logp of a lower Cholesky factor L packed row by row with
    /// its diagonal. With σ_i = |row i of L| and U = diag(σ)⁻¹ L the correlation factor:
    ///   log p(σ) [the sd distribution's density at σ]
    ///   + Σ_i (2η - 3 + n - i) log U_ii - log c_n(η)   [LKJ density of U's free entries]
    ///   + Σ_i (log U_ii - i log σ_i)                   [log |∂(σ, U)/∂L|, row i's polar map]
    /// The row lengths are computed from L directly (not by differences of a cumulative
    /// sum of squares, which cancels when early rows are much longer). A diagonal entry
    /// <= 0 is outside the support.
    static let lkjCholeskyCovariance = DistributionLogProb("lkjcholeskycov", logp: { value, p in
        let (eta, sdDist) = (p[1], p[2])
        let n = try lkjDimension("lkjcholeskycov logp", p[0], value, packed: { $0 * ($0 + 1) / 2 })
        let l = try unpack(value, n: n, fill: 0, position: { i, j in j <= i ? i * (i + 1) / 2 + j : nil })
        let sd = try sqrt(MV.sumLast(sqr(l)))
        let diag = try diagonal(l)
        let logU = try log(diag / sd)
        let rows = (0..<n).map(Double.init)
        let exponents = try 2.0 * expandDims(eta, axes: [eta.ndim]) + constant(try NDArray(rows.map { Double(n) - 3 - $0 }))
        let lkj = try MV.sumLast(exponents * logU) - lkjLogNormalizer(eta, n: n)
        let jacobian = try MV.sumLast(logU - constant(try NDArray(rows)) * log(sd))
        let logp = try lkj + jacobian + standardDeviationLogp(sdDist, sd)
        let result = try bounded(logp, MV.allLast(diag > constant(0.0)))
        return try checkParameters(result, [eta > constant(0.0)], message: "eta > 0")
    })

    /// The density of the standard deviations' distribution (PyMC's sd_dist) at σ,
    /// summed over the n deviations of each factor.
    private static func standardDeviationLogp(_ sdDist: Variable, _ sd: Variable) throws -> Variable {
        let deriver = LogProbDeriver(valued: [:])
        guard deriver.isRandom(sdDist) else {
            throw SPPLError.value("lkjcholeskycov logp: the standard deviations must be drawn from a distribution (PyMC's sd_dist), got \(deriver.describe(sdDist))")
        }
        let derived = try deriver.logp(sdDist, at: sd)
        switch derived.ndimSupp {
        case 0: return try MV.sumLast(derived.logp)
        case 1: return derived.logp
        default:
            throw SPPLError.value("lkjcholeskycov logp: sd_dist must be a scalar or vector distribution, got one with \(derived.ndimSupp) support dimensions")
        }
    }

    /// PyMC's Wishart logp at a symmetric positive-definite X (p x p):
    ///   [(ν - p - 1) log|X| - tr(V⁻¹X) - νp log 2 - ν log|V|] / 2 - log Γ_p(ν/2),
    /// with X = L_X L_Xᵀ, V = L_V L_Vᵀ, so log|X| = 2 Σ log (L_X)_ii and
    /// tr(V⁻¹X) = |L_V⁻¹ L_X|²_F (one triangular solve, no inverse). X not symmetric or not
    /// positive definite is outside the support; raises for ν <= p - 1 or V not positive
    /// definite.
    static let wishart = DistributionLogProb("wishart", logp: { value, p in
        let (nu, v) = (p[0], p[1])
        try MV.requireSupportLength("wishart logp", value: value, valueAxes: [-2, -1], [("V", v, [-2, -1])])
        let lx = try cholesky(value, lower: true, nanOnFailure: true)
        let lv = try cholesky(v, lower: true, nanOnFailure: true)
        let (diagX, diagV) = (try diagonal(lx), try diagonal(lv))
        let logDetX = try 2.0 * MV.sumLast(log(diagX))
        let logDetV = try 2.0 * MV.sumLast(log(diagV))
        let trace = try sum(sqr(solveTriangular(lv, lx, lower: true, bNdim: 2)), axis: [-2, -1])
        let dim = try MV.lastLengthAsFloat(value)
        let first = try (nu - dim - 1.0) * logDetX - trace
        let second = try nu * dim * constant(MV.log2) + nu * logDetV
        let logp = try 0.5 * (first - second) - logMultivariateGamma(0.5 * nu, dimension: value)
        let symmetric = try TensorOps.all(eq(value, matrixTranspose(value)), axis: [-2, -1])
        let result = try bounded(logp, MV.both(symmetric, MV.allLast(diagX > constant(0.0))))
        let checked = try checkParameters(result, [nu > dim - 1.0], message: "nu > p - 1")
        return try checkParameters(checked, [diagV > constant(0.0)], message: "posdef V")
    })

    /// log Γ_p(a) = p(p-1)/4 log π + Σ_{j=0}^{p-1} log Γ(a - j/2), elementwise in a, with
    /// p the last axis length of `dimension`.
    static func logMultivariateGamma(_ a: Variable, dimension: Variable) throws -> Variable {
        let entry = try shapeEntries(dimension)[dimension.ndim - 1]
        let halves = try cast(arange(constant(0), entry, constant(1)), to: .float64) * 0.5
        let spread = try MV.sumLast(gammaln(expandDims(a, axes: [a.ndim]) - halves))
        let p = try cast(entry, to: .float64)
        return try spread + p * (p - 1.0) * constant(MV.logPi / 4)
    }
}


/// PyMC's `expand_packed_triangular(n, packed, lower)`: the n x n triangular matrices whose
/// lower (or upper) triangle is packed row by row along the last axis of `packed`, zeros
/// elsewhere.
///
///     let chol = try expandPackedTriangular(2, constant(NDArray([1.0, 0.5, 2.0])))   // [[1, 0], [0.5, 2]]
public func expandPackedTriangular(_ n: Int, _ packed: Variable, lower: Bool = true) throws -> Variable {
    guard n >= 1 else { throw SPPLError.value("expand_packed_triangular: n must be >= 1, got \(n)") }
    guard packed.ndim >= 1 else { throw SPPLError.value("expand_packed_triangular: packed must have at least 1 dimension, got \(packed.type)") }
    if let m = packed.type.shape.last ?? nil, m != n * (n + 1) / 2 {
        throw SPPLError.value("expand_packed_triangular: n = \(n) needs \(n * (n + 1) / 2) packed entries, got \(packed) of shape \(TensorType.formatStatic(packed.type.shape))")
    }
    // Row i of the upper triangle starts after Σ_{r<i} (n - r) = i n - i(i - 1)/2 entries.
    return try LogProbCatalog.unpack(packed, n: n, fill: 0, position: { i, j in
        lower ? (j <= i ? i * (i + 1) / 2 + j : nil) : (j >= i ? i * n - i * (i - 1) / 2 + (j - i) : nil)
    })
}

/// What PyMC's `LKJCholeskyCov(..., compute_corr=True)` returns besides the packed factor:
/// the unpacked lower factor L, the correlation matrix and the standard deviations (the
/// row lengths of L), for any leading batch axes.
///
///     let (chol, corr, stds) = try lkjCholeskyCovariance(n: 3, packed: packed)
public func lkjCholeskyCovariance(n: Int, packed: Variable) throws -> (chol: Variable, corr: Variable, stds: Variable) {
    let chol = try expandPackedTriangular(n, packed)
    let stds = try sqrt(MV.sumLast(sqr(chol)))
    let cov = try matmul(chol, matrixTranspose(chol))
    let scale = try expandDims(stds, axes: [-1]) * expandDims(stds, axes: [-2])
    return (chol, try cov / scale, stds)
}

/// The n x n correlation matrices whose entries above the diagonal are packed row by row
/// (numpy.triu_indices(n, k=1) order, PyMC 5's LKJCorr draw) along the last axis of
/// `packed`: PyMC's `LKJCorr(..., return_matrix=True)`.
///
///     let c = try lkjCorrelationMatrix(3, constant(NDArray([0.1, 0.2, 0.3])))   // [[1, .1, .2], [.1, 1, .3], [.2, .3, 1]]
public func lkjCorrelationMatrix(_ n: Int, _ packed: Variable) throws -> Variable {
    guard n >= 1 else { throw SPPLError.value("the correlation matrix size n must be >= 1, got \(n)") }
    // Entry (i, j), i < j, sits after the Σ_{r<i} (n - 1 - r) entries of earlier rows.
    func position(_ i: Int, _ j: Int) -> Int { i * (n - 1) - i * (i - 1) / 2 + (j - i - 1) }
    return try LogProbCatalog.unpack(packed, n: n, fill: 1, position: { i, j in
        i == j ? nil : position(Swift.min(i, j), Swift.max(i, j))
    })
}
