// Logp+MultivariateNormal.swift — log-densities of the multivariate normal and Student-t (by covariance, precision or Cholesky factor) and of the zero-sum normal.

import DenseArrays
import RandomVariables
import TensorGraph
import TensorOps

/// What the Gaussian densities need from their matrix parameter: the squared Mahalanobis
/// distance q = δᵀ Σ⁻¹ δ, half the log-determinant of Σ, and whether the matrix was a
/// valid parameter (positive definite).
struct Whitened {
    let quadratic: Variable
    let halfLogDet: Variable
    let valid: Variable
}

extension GaussianMatrix {
    /// Whitens δ (batch..., k) against this matrix (batch..., k, k) through a lower
    /// Cholesky factor L, never forming an inverse:
    /// - Σ = L Lᵀ (covariance, or given as chol): q = |L⁻¹ δ|² by a triangular solve,
    ///   log|Σ|/2 = Σ log L_ii;
    /// - T = L Lᵀ (precision): q = δᵀ T δ = |δᵀ L|² (a sum of squares, never negative),
    ///   log|Σ|/2 = -Σ log L_ii.
    /// A failed factorization gives NaN, so `valid` (every L_ii > 0) is false there.
    func whiten(_ delta: Variable, _ matrix: Variable) throws -> Whitened {
        let factor = self == .cholesky ? matrix : try TensorOps.cholesky(matrix, lower: true, nanOnFailure: true)
        let logDiagonal = try log(diagonal(factor))
        let valid = try diagonal(factor) > constant(0.0)
        let halfLogDet = self == .precision ? try -MV.sumLast(logDiagonal) : try MV.sumLast(logDiagonal)
        let projected: Variable
        if self == .precision {
            // δᵀ L. A single matrix serves every δ: one product (n, k) x (k, k).
            projected = factor.ndim == 2 ? try matmul(delta, factor)
                : try index(matmul(expandDims(delta, axes: [-2]), factor), [.ellipsis, .scalar(constant(0)), .all])
        } else if factor.ndim == 2 && delta.ndim >= 2 {
            // One solve with every δ as a column of the right-hand side: L Y = δᵀ.
            let columns = try solveTriangular(factor, matrixTranspose(delta), lower: true, bNdim: 2)
            projected = try matrixTranspose(columns)
        } else {
            projected = try solveTriangular(factor, delta, lower: true, bNdim: 1)
        }
        return Whitened(quadratic: try MV.sumLast(sqr(projected)), halfLogDet: halfLogDet, valid: valid)
    }

    /// The message of PyMC's check on this parameter.
    var checkMessage: String { self == .precision ? "posdef precision" : "posdef covariance" }
}

extension LogProbCatalog {
    static let gaussianFamily: [DistributionLogProb] = GaussianMatrix.allCases.map(multivariateNormal)
        + GaussianMatrix.allCases.map(multivariateStudentT)
        + (1...RandomVariableCatalog.maxZeroSumAxes).map { zeroSumNormal(axes: $0) }

    /// δ = value - mean after checking the support lengths of value, mean and matrix.
    private static func deviation(_ what: String, _ value: Variable, _ mean: Variable, _ matrix: Variable,
                                  _ matrixName: String) throws -> Variable {
        try MV.requireSupportLength(what, value: value, valueAxes: [-1],
                                    [("mean", mean, [-1]), (matrixName, matrix, [-2, -1])])
        return try value - mean
    }

    /// PyMC's MvNormal logp: -k/2 log 2π - q/2 - log|Σ|/2; raises "posdef covariance"
    /// (or "posdef precision") for a matrix that is not positive definite.
    static func multivariateNormal(_ kind: GaussianMatrix) -> DistributionLogProb {
        let name = kind.normalName
        return DistributionLogProb(name, logp: { value, p in
            let delta = try deviation("\(name) logp", value, p[0], p[1], kind.parameter)
            let w = try kind.whiten(delta, p[1])
            let k = try MV.lastLengthAsFloat(value)
            let normalization = try -0.5 * k * constant(MV.log2Pi)
            let logp = try normalization - 0.5 * w.quadratic - w.halfLogDet
            return try checkParameters(logp, [w.valid], message: kind.checkMessage)
        })
    }

    /// PyMC's MvStudentT logp:
    /// log Γ((ν+k)/2) - log Γ(ν/2) - k/2 log(νπ) - (ν+k)/2 log1p(q/ν) - log|Σ|/2,
    /// with log1p keeping the tail term accurate when q/ν is small.
    static func multivariateStudentT(_ kind: GaussianMatrix) -> DistributionLogProb {
        let name = kind.studentTName
        return DistributionLogProb(name, logp: { value, p in
            let nu = p[0]
            let delta = try deviation("\(name) logp", value, p[1], p[2], kind.studentTParameter)
            let w = try kind.whiten(delta, p[2])
            let k = try MV.lastLengthAsFloat(value)
            let half = try 0.5 * (nu + k)
            let norm = try gammaln(half) - gammaln(0.5 * nu) - 0.5 * k * log(nu * constant(Double.pi))
            let tail = try -half * log1p(w.quadratic / nu)
            let logp = try norm + tail - w.halfLogDet
            return try checkParameters(logp, [w.valid, nu > constant(0.0)], message: "posdef, nu > 0")
        })
    }

    /// PyMC's ZeroSumNormal logp over the last `axes` axes of shape (d_1, ..., d_m):
    /// the value lives on the subspace of dimension Π (d_i - 1) where every mean along a
    /// constrained axis is zero, on which it is an isotropic normal of scale sigma:
    ///     Σ -x²/(2σ²) - Π(d_i - 1) (log √(2π) + log σ).
    /// Values off that subspace (a mean beyond 1e-9 times the largest |x|, at least 1e-9)
    /// are outside the support.
    static func zeroSumNormal(axes: Int) -> DistributionLogProb {
        let name = RandomVariableCatalog.zeroSumNormalName(axes: axes)
        return DistributionLogProb(name, logp: { value, p in
            let sigma = p[0]
            guard value.ndim >= axes else {
                throw SPPLError.value("\(name) logp: the value must have at least \(axes) dimension(s), got \(value) of type \(value.type)")
            }
            let support = Array((-axes)...(-1))
            for a in support where sigma.ndim < -a || (sigma.type.shape[sigma.ndim + a] ?? 1) != 1 {
                throw SPPLError.value("\(name) logp: sigma must have length one across the \(axes) zero-sum axes, got \(sigma) of type \(sigma.type)")
            }
            let entries = try shapeEntries(value)
            var freedom: Variable = constant(1.0)
            for a in support { freedom = try freedom * (cast(entries[value.ndim + a], to: .float64) - 1.0) }
            let squares = try sum(sqr(value / sigma), axis: support)
            // sigma's core axes have length 1: summing over them drops them.
            let logSigma = try sum(log(sigma), axis: support)
            let logp = try -0.5 * squares - freedom * (logSigma + logSqrt2Pi)
            let scale = try maximum(max(abs(value), axis: support), constant(1.0))
            var inSupport: Variable = constant(true)
            for a in support {
                let drift = try max(abs(mean(value, axis: [a], keepdims: true)), axis: support)
                inSupport = try MV.both(inSupport, drift <= 1e-9 * scale)
            }
            let result = try bounded(logp, inSupport)
            return try checkParameters(result, [sigma > constant(0.0)], message: "sigma > 0")
        })
    }
}

