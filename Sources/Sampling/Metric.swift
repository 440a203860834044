// Metric.swift — the Euclidean metric of the integrator: diagonal, or diagonal with a low-rank correction (nutpie's low-rank modified mass matrix).

import CLapack
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
    /// U, column-major n×k (each direction contiguous); per direction λ − 1 and λ^{-1/2} − 1,
    /// and room for Uᵀy (k values). Raw storage: the loops below run for every leapfrog step.
    private var vectors = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    private var lambdaMinusOne = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    private var inverseSqrtLambdaMinusOne = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    private var projection = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    private(set) var eigenvalues: [Double] = []

    /// n·k from which `correct` calls dgemv. Measured with callgrind on whole runs with k = n
    /// (SamplingBenchmark low_rank n 1 correlated): the loops win at n·k = 16, tie at 100,
    /// and dgemv runs 24 % fewer instructions at 400 and 46 % fewer at 2500.
    static let blasThreshold = 256

    init(dimension n: Int) {
        dimension = n
        diagonal = Buffer(count: n, value: 1)
        scale = Buffer(count: n, value: 1)
        inverseScale = Buffer(count: n, value: 1)
    }

    deinit { release() }

    private func release() {
        vectors.deallocate(); lambdaMinusOne.deallocate()
        inverseSqrtLambdaMinusOne.deallocate(); projection.deallocate()
    }

    /// Drops the low-rank part: M⁻¹ = D again.
    func makeDiagonal() {
        rank = 0
        eigenvalues = []
    }

    /// Sets M⁻¹ = D^{1/2}(I + U(Λ − I)Uᵀ)D^{1/2}. `diagonal` holds D (n positive values),
    /// `vectors` U column-major (n·k, orthonormal columns), `eigenvalues` λ (k positive values).
    func setLowRank(diagonal d: [Double], vectors u: [Double], eigenvalues lambda: [Double]) {
        let n = dimension, k = lambda.count
        guard d.count == n, u.count == n * k else { return }
        for i in 0..<n {
            diagonal[i] = d[i]
            let s = d[i].squareRoot()
            scale[i] = s
            inverseScale[i] = 1 / s
        }
        release()
        vectors = .allocate(capacity: max(n * k, 1))
        lambdaMinusOne = .allocate(capacity: max(k, 1))
        inverseSqrtLambdaMinusOne = .allocate(capacity: max(k, 1))
        projection = .allocate(capacity: max(k, 1))
        vectors.initialize(from: u, count: n * k)
        for j in 0..<k {
            lambdaMinusOne[j] = lambda[j] - 1
            // 1/sqrt(λ) − 1 as expm1(−½ log λ): no cancellation for λ near 1.
            inverseSqrtLambdaMinusOne[j] = Double.expMinusOne(-0.5 * Double.log(lambda[j]))
        }
        projection.initialize(repeating: 0, count: max(k, 1))
        eigenvalues = lambda
        rank = k
    }

    /// v = M⁻¹ p; returns pᵀM⁻¹p.
    @inline(__always)
    func applyInverse(_ pp: UnsafeMutablePointer<Double>, into vp: UnsafeMutablePointer<Double>) -> Double {
        let n = dimension
        let d = diagonal.base
        var k = 0.0
        if rank == 0 {
            for i in 0..<n {
                let vi = d[i] * pp[i]
                vp[i] = vi
                k += pp[i] * vi
            }
            return k
        }
        // y = D^{1/2} p, v = D^{1/2} (y + U (Λ − I) Uᵀ y).
        let s = scale.base
        for i in 0..<n { vp[i] = s[i] * pp[i] }
        correct(vp, factors: lambdaMinusOne)
        for i in 0..<n {
            let vi = s[i] * vp[i]
            vp[i] = vi
            k += pp[i] * vi
        }
        return k
    }

    /// p ~ N(0, M): p = M^{1/2} ξ = D^{-1/2} (ξ + U (Λ^{-1/2} − I) Uᵀ ξ), ξ standard normal.
    func drawMomentum(into pp: UnsafeMutablePointer<Double>, _ rng: inout RandomStream) {
        let n = dimension
        if rank == 0 {
            let d = diagonal.base
            for i in 0..<n { pp[i] = rng.standardNormal() / d[i].squareRoot() }
            return
        }
        for i in 0..<n { pp[i] = rng.standardNormal() }
        correct(pp, factors: inverseSqrtLambdaMinusOne)
        let s = inverseScale.base
        for i in 0..<n { pp[i] *= s[i] }
    }

    /// The same on `Buffer`s (kept alive for the call).
    func applyInverse(_ p: Buffer, into v: Buffer) -> Double {
        withExtendedLifetime((p, v)) { applyInverse(p.base, into: v.base) }
    }

    func drawMomentum(into p: Buffer, _ rng: inout RandomStream) {
        withExtendedLifetime(p) { drawMomentum(into: p.base, &rng) }
    }

    /// y ← y + U diag(f) Uᵀ y, in 2k passes over y (dot products, then axpys); BLAS's
    /// matrix-vector products once U is large enough to repay the call.
    @inline(__always)
    private func correct(_ y: UnsafeMutablePointer<Double>, factors f: UnsafeMutablePointer<Double>) {
        let n = dimension
        let t = projection
        if n * rank >= Self.blasThreshold, let n32 = Int32(exactly: n), let k32 = Int32(exactly: rank) {
            let order = Int32(SPPL_CblasColMajor)
            cblas_dgemv(order, Int32(SPPL_CblasTrans), n32, k32, 1, vectors, n32, y, 1, 0, t, 1)
            for j in 0..<rank { t[j] *= f[j] }
            cblas_dgemv(order, Int32(SPPL_CblasNoTrans), n32, k32, 1, vectors, n32, t, 1, 1, y, 1)
            return
        }
        for j in 0..<rank {
            let column = vectors + j * n
            // Two partial sums let the loop vectorize.
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
            let column = vectors + j * n
            let c = t[j]
            for i in 0..<n { y[i] += c * column[i] }
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
