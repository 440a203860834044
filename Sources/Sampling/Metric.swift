// Metric.swift — the Euclidean metric of the integrator: diagonal, or diagonal with a low-rank correction (nutpie's low-rank modified mass matrix).

import RandomCore
import RealModule

/// The inverse mass matrix
///
///     M⁻¹ = D^{1/2} (I + U (Λ − I) Uᵀ) D^{1/2}
///
/// with D diagonal (the adapted variance scale), U an n×k matrix of orthonormal columns
/// and Λ = diag(λ₁…λ_k). With k = 0 it is the plain diagonal metric M⁻¹ = D, which stays
/// the fast path: one fused loop per operation, nothing else. With k > 0 every operation
/// costs O(n·k): U is never expanded to an n×n matrix.
///
/// Because U has orthonormal columns, I + U(A − I)Uᵀ acts as A on span(U) and as the
/// identity on its complement, so powers and inverses act on λ alone:
///     M  = D^{-1/2} (I + U (Λ⁻¹ − I) Uᵀ) D^{-1/2},
///     M^{1/2} = D^{-1/2} (I + U (Λ^{-1/2} − I) Uᵀ)   (a factor L with L Lᵀ = M).
final class EuclideanMetric {
    let dimension: Int
    /// D: diag(M⁻¹) when `rank` is 0. Diagonal estimators write it directly.
    let diagonal: Buffer
    /// Number of low-rank directions k (0: diagonal metric).
    private(set) var rank = 0
    /// D^{1/2} and D^{-1/2}, set with the low-rank factors.
    private let scale: Buffer, inverseScale: Buffer
    /// U, column-major n×k (each direction contiguous), and per direction λ − 1 and λ^{-1/2} − 1.
    private var vectors: [Double] = []
    private var lambdaMinusOne: [Double] = []
    private var inverseSqrtLambdaMinusOne: [Double] = []
    private(set) var eigenvalues: [Double] = []
    /// Uᵀy for the current operation (k values).
    private var projection: [Double] = []

    init(dimension n: Int) {
        dimension = n
        diagonal = Buffer(count: n, value: 1)
        scale = Buffer(count: n, value: 1)
        inverseScale = Buffer(count: n, value: 1)
    }

    /// Drops the low-rank part: M⁻¹ = D again.
    func makeDiagonal() {
        rank = 0
        vectors = []; lambdaMinusOne = []; inverseSqrtLambdaMinusOne = []; eigenvalues = []; projection = []
    }

    /// Sets M⁻¹ = D^{1/2}(I + U(Λ − I)Uᵀ)D^{1/2}. `diagonal` holds D (n positive values),
    /// `vectors` U column-major (n·k, orthonormal columns), `eigenvalues` λ (k positive values).
    func setLowRank(diagonal d: [Double], vectors u: [Double], eigenvalues lambda: [Double]) {
        let n = dimension, k = lambda.count
        for i in 0..<n {
            diagonal[i] = d[i]
            let s = d[i].squareRoot()
            scale[i] = s
            inverseScale[i] = 1 / s
        }
        rank = k
        vectors = Array(u.prefix(n * k))
        eigenvalues = lambda
        lambdaMinusOne = lambda.map { $0 - 1 }
        // 1/sqrt(λ) − 1 as expm1(−½ log λ): no cancellation for λ near 1.
        inverseSqrtLambdaMinusOne = lambda.map { Double.expMinusOne(-0.5 * Double.log($0)) }
        projection = Array(repeating: 0, count: k)
    }

    /// v = M⁻¹ p; returns pᵀM⁻¹p.
    @inline(__always)
    func applyInverse(_ p: Buffer, into v: Buffer) -> Double {
        let n = dimension
        if rank == 0 {
            var k = 0.0
            for i in 0..<n {
                let vi = diagonal[i] * p[i]
                v[i] = vi
                k += p[i] * vi
            }
            return k
        }
        // y = D^{1/2} p, v = D^{1/2} (y + U (Λ − I) Uᵀ y).
        for i in 0..<n { v[i] = scale[i] * p[i] }
        correct(v, factors: lambdaMinusOne)
        var k = 0.0
        for i in 0..<n {
            let vi = scale[i] * v[i]
            v[i] = vi
            k += p[i] * vi
        }
        return k
    }

    /// p ~ N(0, M): p = M^{1/2} ξ = D^{-1/2} (ξ + U (Λ^{-1/2} − I) Uᵀ ξ), ξ standard normal.
    func drawMomentum(into p: Buffer, _ rng: inout RandomStream) {
        let n = dimension
        if rank == 0 {
            for i in 0..<n { p[i] = rng.standardNormal() / diagonal[i].squareRoot() }
            return
        }
        for i in 0..<n { p[i] = rng.standardNormal() }
        correct(p, factors: inverseSqrtLambdaMinusOne)
        for i in 0..<n { p[i] *= inverseScale[i] }
    }

    /// y ← y + U diag(f) Uᵀ y, in 2k passes over y (dot products, then axpys).
    @inline(__always)
    private func correct(_ y: Buffer, factors f: [Double]) {
        let n = dimension
        vectors.withUnsafeBufferPointer { u in
            projection.withUnsafeMutableBufferPointer { t in
                guard let base = u.baseAddress, u.count >= rank * n, t.count >= rank else { return }
                for j in 0..<rank {
                    let column = base + j * n
                    var s0 = 0.0, s1 = 0.0
                    var i = 0
                    while i + 2 <= n {
                        s0 += column[i] * y[i]
                        s1 += column[i + 1] * y[i + 1]
                        i += 2
                    }
                    if i < n { s0 += column[i] * y[i] }
                    t[j] = f[j] * (s0 + s1)
                }
                for j in 0..<rank {
                    let column = base + j * n
                    let c = t[j]
                    for i in 0..<n { y[i] += c * column[i] }
                }
            }
        }
    }

    /// diag(M⁻¹) = D_i (1 + Σ_j U_ij² (λ_j − 1)).
    var inverseDiagonal: [Double] {
        let n = dimension
        return (0..<n).map { i in
            var s = 1.0
            for j in 0..<rank {
                let u = vectors[j * n + i]
                s += u * u * lambdaMinusOne[j]
            }
            return diagonal[i] * s
        }
    }
}
