// Catalog+MultivariateKernels.swift — small dense kernels the multivariate samplers run per draw: Cholesky factors, triangular products and solves on row-major buffers.

import DenseArrays

/// Linear algebra on one draw's k x k parameter block. The blocks are small and change
/// from draw to draw (parameters broadcast per draw), so these loops work in place on
/// the draw's buffers instead of allocating NDArrays for LAPACK.
enum BlockAlgebra {
    /// The lower Cholesky factor of the symmetric positive-definite row-major matrix `a`
    /// (only its lower triangle is read), written to `l` with zeros above the diagonal,
    /// by the Cholesky–Banachiewicz recurrence
    ///     l_jj = sqrt(a_jj - Σ_{m<j} l_jm²),   l_ij = (a_ij - Σ_{m<j} l_im l_jm) / l_jj.
    /// Returns false when a pivot is not positive and finite (the matrix is not positive
    /// definite, or holds NaN/inf).
    static func lowerCholesky(_ a: UnsafeBufferPointer<Double>, _ k: Int, into l: inout [Double]) -> Bool {
        if l.count != k * k { l = [Double](repeating: 0, count: k * k) }
        for j in 0..<k {
            var pivot = a[j * k + j]
            for m in 0..<j { pivot -= l[j * k + m] * l[j * k + m] }
            guard pivot > 0, pivot.isFinite else { return false }
            let d = pivot.squareRoot()
            l[j * k + j] = d
            for i in (j + 1)..<k {
                var s = a[i * k + j]
                for m in 0..<j { s -= l[i * k + m] * l[j * k + m] }
                l[i * k + j] = s / d
            }
            for i in 0..<j { l[i * k + j] = 0 }
        }
        return true
    }

    /// z ← L z in place for lower-triangular row-major L (upper triangle not read). Rows
    /// are done from the last up: row i needs z_0 ... z_i, which rows below i leave intact.
    static func lowerTimes(_ l: UnsafeBufferPointer<Double>, _ z: UnsafeMutableBufferPointer<Double>) {
        let k = z.count
        for i in stride(from: k - 1, through: 0, by: -1) {
            var s = 0.0
            for j in 0...i { s += l[i * k + j] * z[j] }
            z[i] = s
        }
    }

    /// z ← L⁻ᵀ z in place for lower-triangular row-major L with a nonzero diagonal: the
    /// back substitution y_i = (z_i - Σ_{j>i} L_ji y_j) / L_ii from the last entry up.
    /// If LLᵀ is a precision matrix and z standard normal, L⁻ᵀ z has covariance (LLᵀ)⁻¹,
    /// with no inverse formed.
    static func lowerTransposeSolve(_ l: [Double], _ z: UnsafeMutableBufferPointer<Double>) {
        let k = z.count
        for i in stride(from: k - 1, through: 0, by: -1) {
            var s = z[i]
            for j in (i + 1)..<k { s -= l[j * k + i] * z[j] }
            z[i] = s / l[i * k + i]
        }
    }

    /// Whether the diagonal of the row-major k x k matrix is positive and finite.
    static func hasPositiveDiagonal(_ a: UnsafeBufferPointer<Double>, _ k: Int) -> Bool {
        (0..<k).allSatisfy { a[$0 * k + $0] > 0 && a[$0 * k + $0].isFinite }
    }

    /// The core values (`coreCount` of them) shared by every batch element of a parameter
    /// that sets the support's size (LKJ's n, a zero-sum support shape): all draws of one
    /// variable have one support shape, so the batch elements must agree. Whole numbers in
    /// `range` only, so the conversion to Int cannot trap.
    static func commonWholeNumbers(_ values: NDArray, coreCount: Int, _ what: String, range: ClosedRange<Int>) throws -> [Int] {
        let flat = values.doubles
        guard coreCount > 0, flat.count >= coreCount else { throw SPPLError.value("\(what) is empty") }
        let first = Array(flat.prefix(coreCount))
        for start in stride(from: coreCount, to: flat.count, by: coreCount) where Array(flat[start..<(start + coreCount)]) != first {
            throw SPPLError.value("\(what) must be the same for every batch element, got \(first) and \(Array(flat[start..<(start + coreCount)]))")
        }
        return try first.map { v in
            guard v == v.rounded(), v >= Double(range.lowerBound), v <= Double(range.upperBound) else {
                throw SPPLError.value("\(what) must be a whole number in \(range.lowerBound)...\(range.upperBound), got \(v)")
            }
            return Int(v)
        }
    }
}
