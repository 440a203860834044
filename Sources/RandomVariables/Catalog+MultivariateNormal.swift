// Catalog+MultivariateNormal.swift — Gaussian-family random variables: multivariate normal and Student-t by covariance, precision or Cholesky factor, and the zero-sum normal.

import DenseArrays
import RandomCore
import TensorGraph
import TensorOps

/// How the matrix parameter of a multivariate normal or Student-t is given. PyMC's
/// MvNormal takes one of cov, tau or chol; each has its own random variable here so
/// that neither the sampler nor the log-density ever forms an inverse (PyMC likewise
/// turns MvNormal(mu, inv(tau)) into its PrecisionMvNormalRV, and rewrites
/// cholesky(L Lᵀ) back to L for chol).
public enum GaussianMatrix: Sendable, CaseIterable {
    /// The covariance Σ (PyTensor's multivariate_normal): draws mean + L z with Σ = L Lᵀ.
    case covariance
    /// The precision T = Σ⁻¹: draws mean + L⁻ᵀ z with T = L Lᵀ (back substitution).
    case precision
    /// The lower Cholesky factor L of Σ itself (upper triangle ignored): mean + L z.
    case cholesky

    /// The parameter's name in PyMC's spelling.
    public var parameter: String {
        switch self {
        case .covariance: return "cov"
        case .precision: return "tau"
        case .cholesky: return "chol"
        }
    }

    /// The op name of the multivariate normal taking this matrix.
    public var normalName: String {
        switch self {
        case .covariance: return "multivariate_normal"
        case .precision: return "precision_multivariate_normal"
        case .cholesky: return "cholesky_multivariate_normal"
        }
    }

    /// The op name of the multivariate Student-t taking this matrix, and the matrix's name
    /// there (PyMC calls the covariance-like matrix of the Student-t its scale).
    public var studentTName: String { String(normalName.dropLast("normal".count)) + "studentt" }
    public var studentTParameter: String { self == .covariance ? "scale" : parameter }

    /// Writes A z into `out` for k standard normals z, with A A ᵀ the covariance this
    /// matrix describes. Throws when the matrix is not a valid parameter.
    func correlatedNormals(_ stream: inout RandomStream, _ matrix: UnsafeBufferPointer<Double>,
                           into out: UnsafeMutableBufferPointer<Double>, _ what: String) throws {
        let k = out.count
        for i in 0..<k { out[i] = stream.standardNormal() }
        switch self {
        case .covariance, .precision:
            var factor: [Double] = []
            guard BlockAlgebra.lowerCholesky(matrix, k, into: &factor) else {
                throw SPPLError(.linAlg, "\(what): \(parameter) is not positive definite")
            }
            if self == .covariance {
                factor.withUnsafeBufferPointer { BlockAlgebra.lowerTimes($0, out) }
            } else {
                BlockAlgebra.lowerTransposeSolve(factor, out)
            }
        case .cholesky:
            guard BlockAlgebra.hasPositiveDiagonal(matrix, k) else {
                throw SPPLError.value("\(what): chol must be a lower Cholesky factor with a positive diagonal")
            }
            BlockAlgebra.lowerTimes(matrix, out)
        }
    }
}

extension RandomVariableCatalog {
    /// Multivariate normal and Student-t in the three parameterizations (names as in
    /// `GaussianMatrix.normalName` / `studentTName`), and the zero-sum normal for 1 to
    /// `maxZeroSumAxes` constrained axes (names as in `zeroSumNormalName`).
    static let gaussianFamily: [RandomVariableSpec] = [
        // PyTensor's multivariate_normal(mean, cov).
        .block("multivariate_normal", ["mean", "cov"], ndimsParams: [1, 2], ndimSupp: 1, dtype: .float64,
               staticSupport: gaussianStaticSupport(first: 0), support: gaussianSupport("multivariate_normal", "cov", first: 0),
               draw: normalDraw(.covariance, "multivariate_normal")),
        // PyMC's PrecisionMvNormalRV(mean, tau).
        .block("precision_multivariate_normal", ["mean", "tau"], ndimsParams: [1, 2], ndimSupp: 1, dtype: .float64,
               staticSupport: gaussianStaticSupport(first: 0), support: gaussianSupport("precision_multivariate_normal", "tau", first: 0),
               draw: normalDraw(.precision, "precision_multivariate_normal")),
        // MvNormal(mu, chol=L) without forming L Lᵀ.
        .block("cholesky_multivariate_normal", ["mean", "chol"], ndimsParams: [1, 2], ndimSupp: 1, dtype: .float64,
               staticSupport: gaussianStaticSupport(first: 0), support: gaussianSupport("cholesky_multivariate_normal", "chol", first: 0),
               draw: normalDraw(.cholesky, "cholesky_multivariate_normal")),
        // PyMC's MvStudentTRV(nu, mean, scale), and its precision and Cholesky forms.
        .block("multivariate_studentt", ["nu", "mean", "scale"], ndimsParams: [0, 1, 2], ndimSupp: 1, dtype: .float64,
               staticSupport: gaussianStaticSupport(first: 1), support: gaussianSupport("multivariate_studentt", "scale", first: 1),
               draw: studentTDraw(.covariance, "multivariate_studentt")),
        .block("precision_multivariate_studentt", ["nu", "mean", "tau"], ndimsParams: [0, 1, 2], ndimSupp: 1, dtype: .float64,
               staticSupport: gaussianStaticSupport(first: 1), support: gaussianSupport("precision_multivariate_studentt", "tau", first: 1),
               draw: studentTDraw(.precision, "precision_multivariate_studentt")),
        .block("cholesky_multivariate_studentt", ["nu", "mean", "chol"], ndimsParams: [0, 1, 2], ndimSupp: 1, dtype: .float64,
               staticSupport: gaussianStaticSupport(first: 1), support: gaussianSupport("cholesky_multivariate_studentt", "chol", first: 1),
               draw: studentTDraw(.cholesky, "cholesky_multivariate_studentt")),
        // PyMC's ZeroSumNormalRV(sigma, support_shape), one op per number of constrained axes.
        .block("zerosumnormal", ["sigma", "support_shape"], ndimsParams: [1, 1], ndimSupp: 1, dtype: .float64,
               staticSupport: { _ in [nil] }, support: zeroSumSupport("zerosumnormal", axes: 1), draw: zeroSumDraw("zerosumnormal")),
        .block("zerosumnormal_2d", ["sigma", "support_shape"], ndimsParams: [2, 1], ndimSupp: 2, dtype: .float64,
               staticSupport: { _ in [nil, nil] }, support: zeroSumSupport("zerosumnormal_2d", axes: 2), draw: zeroSumDraw("zerosumnormal_2d")),
        .block("zerosumnormal_3d", ["sigma", "support_shape"], ndimsParams: [3, 1], ndimSupp: 3, dtype: .float64,
               staticSupport: { _ in [nil, nil, nil] }, support: zeroSumSupport("zerosumnormal_3d", axes: 3),
               draw: zeroSumDraw("zerosumnormal_3d")),
        .block("zerosumnormal_4d", ["sigma", "support_shape"], ndimsParams: [4, 1], ndimSupp: 4, dtype: .float64,
               staticSupport: { _ in [nil, nil, nil, nil] }, support: zeroSumSupport("zerosumnormal_4d", axes: 4),
               draw: zeroSumDraw("zerosumnormal_4d")),
    ]

    /// The support shape (k) of a (mean (k), matrix (k, k)) pair at parameter `first`,
    /// with an error naming both shapes when they disagree.
    private static func gaussianSupport(_ name: String, _ matrixName: String, first: Int)
        -> @Sendable ([[Int]], [NDArray]) throws -> [Int] {
        { cores, _ in
            let k = cores[first][0]
            guard cores[first + 1] == [k, k] else {
                throw SPPLError.value("\(name)_rv: mean of shape \(formatShape(cores[first])) needs a \(formatShape([k, k])) \(matrixName), got \(formatShape(cores[first + 1]))")
            }
            return [k]
        }
    }

    /// The static support (k), from whichever of mean and matrix knows it.
    private static func gaussianStaticSupport(first: Int) -> @Sendable ([[Int?]]) -> [Int?] {
        { cores in [cores[first][0] ?? cores[first + 1][0] ?? cores[first + 1][1]] }
    }

    /// mean + A z for parameters (mean, matrix).
    private static func normalDraw(_ matrix: GaussianMatrix, _ name: String) -> RandomDraw {
        .realBlock { stream, p, out in
            try matrix.correlatedNormals(&stream, p[1], into: out, "\(name)_rv")
            for i in out.indices { out[i] += p[0][i] }
        }
    }

    /// mean + A z / sqrt(χ²_ν / ν) for parameters (nu, mean, matrix), the normal vector
    /// drawn first, then the chi-square (PyMC's MvStudentTRV).
    private static func studentTDraw(_ matrix: GaussianMatrix, _ name: String) -> RandomDraw {
        .realBlock { stream, p, out in
            let nu = p[0][0]
            guard nu > 0 else { throw SPPLError.value("\(name)_rv: nu must be > 0, got \(nu)") }
            try matrix.correlatedNormals(&stream, p[2], into: out, "\(name)_rv")
            // sqrt(ν / χ²_ν) rather than 1 / sqrt(χ²_ν / ν): one rounding fewer.
            let factor = (nu / stream.chiSquare(df: nu)).squareRoot()
            for i in out.indices { out[i] = p[1][i] + out[i] * factor }
        }
    }

    /// Zero-sum normals are defined here for up to this many constrained axes.
    public static let maxZeroSumAxes = 4

    /// The op name of the zero-sum normal constraining the last `axes` axes:
    /// `zerosumnormal` for one (PyMC's default), `zerosumnormal_2d` ... for more.
    public static func zeroSumNormalName(axes: Int) -> String {
        axes == 1 ? "zerosumnormal" : "zerosumnormal_\(axes)d"
    }

    /// The zero-sum normal's support: the lengths in support_shape (the same for every
    /// batch element); sigma must have core shape (1, ..., 1), one length-1 axis per
    /// constrained axis.
    private static func zeroSumSupport(_ name: String, axes: Int) -> @Sendable ([[Int]], [NDArray]) throws -> [Int] {
        { cores, params in
            guard cores[0].allSatisfy({ $0 == 1 }) else {
                throw SPPLError.value("\(name)_rv: sigma must have length one across the zero-sum axes, got core shape \(formatShape(cores[0]))")
            }
            guard cores[1] == [axes] else {
                throw SPPLError.value("\(name)_rv: support_shape must hold \(axes) length(s), got shape \(formatShape(cores[1]))")
            }
            return try BlockAlgebra.commonWholeNumbers(params[1], coreCount: axes, "\(name)_rv: support_shape", range: 1...(1 << 31))
        }
    }

    /// PyMC's ZeroSumNormalRV: a normal of scale sigma over the support shape with its mean
    /// along each constrained axis subtracted in turn (which projects onto the subspace
    /// where every such mean is zero: the projections commute).
    private static func zeroSumDraw(_ name: String) -> RandomDraw {
        .realBlock { stream, p, out in
            let sigma = p[0][0]
            guard sigma >= 0, sigma.isFinite else { throw SPPLError.value("\(name)_rv: sigma must be >= 0, got \(sigma)") }
            for i in out.indices { out[i] = sigma * stream.standardNormal() }
            // The support shape was checked to hold whole numbers when the shape was computed.
            let dims = p[1].map { Int(exactly: $0) ?? 0 }
            for axis in dims.indices { subtractMean(out, dims: dims, axis: axis) }
        }
    }

    /// Subtracts from the row-major block of shape `dims` its mean along `axis`.
    private static func subtractMean(_ x: UnsafeMutableBufferPointer<Double>, dims: [Int], axis: Int) {
        let length = dims[axis]
        let inner = dims[(axis + 1)...].reduce(1, *)
        let outer = dims[..<axis].reduce(1, *)
        guard length > 0, outer * length * inner == x.count else { return }
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * length * inner + i
                var total = 0.0
                for j in 0..<length { total += x[base + j * inner] }
                let mean = total / Double(length)
                for j in 0..<length { x[base + j * inner] -= mean }
            }
        }
    }
}

// MARK: Constructors with PyMC's parameterization rules (what pm.MvNormal.dist and friends do).

/// The matrix parameter among `cov`, `tau` and `chol` (exactly one, at least two
/// dimensional) and the random variable kind that takes it; an upper factor
/// (`lower: false`) is transposed.
func gaussianParameter(cov: Variable?, tau: Variable?, chol: Variable?, lower: Bool,
                       covName: String = "cov") throws -> (GaussianMatrix, Variable) {
    let given = [(GaussianMatrix.covariance, covName, cov), (.precision, "tau", tau), (.cholesky, "chol", chol)]
        .compactMap { kind, name, v in v.map { (kind, name, $0) } }
    guard given.count == 1, let (kind, name, matrix) = given.first else {
        throw SPPLError.value("Incompatible parameterization. Specify exactly one of tau, \(covName), or chol.")
    }
    guard matrix.ndim >= 2 else { throw SPPLError.value("\(name) must be at least two dimensional, got \(matrix) of type \(matrix.type)") }
    return (kind, kind == .cholesky && !lower ? try matrixTranspose(matrix) : matrix)
}

/// `mean` broadcast against the matrix's last column (PyMC's
/// `pt.broadcast_arrays(mu, cov[..., -1])`), so a scalar mean serves every coordinate.
func broadcastMean(_ mean: Variable, to matrix: Variable) throws -> Variable {
    let k = matrix.type.shape[matrix.ndim - 1]
    if matrix.ndim == 2, mean.ndim >= 1, let k, mean.type.shape[mean.ndim - 1] == k { return mean }
    let column = try index(matrix, [.ellipsis, .scalar(constant(-1))])
    return try mean + zerosLike(column)
}

/// A multivariate normal as PyMC's `MvNormal.dist(mu, cov=..., tau=..., chol=..., lower=...)`
/// builds it: exactly one of `cov`, `tau` (the `precision_multivariate_normal` variable) or
/// `chol` (`cholesky_multivariate_normal`, transposed first when `lower` is false).
///
///     let rng = try sharedRandomGenerator(seed: 1)
///     let x = try multivariateNormal(mean: constant(0.0), chol: constant(NDArray([1.0, 0, 0.5, 2], shape: [2, 2])),
///                                    size: [10], rng: rng).draw      // shape (10, 2)
public func multivariateNormal(mean: Variable, cov: Variable? = nil, tau: Variable? = nil, chol: Variable? = nil,
                               lower: Bool = true, size: [Int]? = nil, rng: Variable) throws -> (next: Variable, draw: Variable) {
    let (kind, matrix) = try gaussianParameter(cov: cov, tau: tau, chol: chol, lower: lower)
    return try randomVariable(kind.normalName, [broadcastMean(mean, to: matrix), matrix], size: size, rng: rng)
}

/// A multivariate Student-t as PyMC's `MvStudentT.dist(nu, mu=..., scale=..., tau=..., chol=...)`
/// builds it, each matrix form with its own random variable (no inverse of tau is formed).
///
///     let t = try multivariateStudentT(nu: constant(4.0), mean: constant(NDArray([0.0, 1.0])),
///                                      scale: constant(NDArray([2.0, 0.5, 0.5, 1], shape: [2, 2])), rng: rng).draw
public func multivariateStudentT(nu: Variable, mean: Variable, scale: Variable? = nil, tau: Variable? = nil,
                                 chol: Variable? = nil, lower: Bool = true, size: [Int]? = nil,
                                 rng: Variable) throws -> (next: Variable, draw: Variable) {
    let (kind, matrix) = try gaussianParameter(cov: scale, tau: tau, chol: chol, lower: lower, covName: "scale")
    let params = [nu, try broadcastMean(mean, to: matrix), matrix]
    return try randomVariable(kind.studentTName, params, size: size, rng: rng)
}

/// A zero-sum normal as PyMC's `ZeroSumNormal.dist(sigma, n_zerosum_axes=, support_shape=)`
/// builds it: sigma gets leading axes up to `nZerosumAxes` dimensions and must have length
/// one across the constrained (last) axes; `supportShape` lists their lengths.
///
///     let effects = try zeroSumNormal(sigma: constant(NDArray([2.0], shape: [1])), supportShape: [4], rng: rng).draw
public func zeroSumNormal(sigma: Variable, supportShape: [Int], nZerosumAxes: Int = 1, size: [Int]? = nil,
                          rng: Variable) throws -> (next: Variable, draw: Variable) {
    guard nZerosumAxes > 0 else { throw SPPLError.value("n_zerosum_axes has to be > 0, got \(nZerosumAxes)") }
    guard nZerosumAxes <= RandomVariableCatalog.maxZeroSumAxes else {
        throw SPPLError(.notImplemented, "zero-sum normals constrain at most \(RandomVariableCatalog.maxZeroSumAxes) axes, got n_zerosum_axes = \(nZerosumAxes)")
    }
    guard supportShape.count == nZerosumAxes else {
        throw SPPLError.value("support_shape \(supportShape) has to be as long as n_zerosum_axes = \(nZerosumAxes)")
    }
    let padded = sigma.ndim >= nZerosumAxes ? sigma : try expandDims(sigma, axes: Array(0..<(nZerosumAxes - sigma.ndim)))
    guard padded.type.shape.suffix(nZerosumAxes).allSatisfy({ $0 == 1 }) else {
        throw SPPLError.value("sigma must have length one across the zero-sum axes, got \(sigma) of type \(sigma.type)")
    }
    let shape = constant(try NDArray(supportShape.map(Int64.init), shape: [nZerosumAxes]))
    return try randomVariable(RandomVariableCatalog.zeroSumNormalName(axes: nZerosumAxes), [padded, shape], size: size, rng: rng)
}
