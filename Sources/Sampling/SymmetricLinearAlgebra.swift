// SymmetricLinearAlgebra.swift — small dense column-major matrices for the mass-matrix estimators: products (BLAS), symmetric eigen-decomposition and orthonormal bases (LAPACK).

#if canImport(Glibc)
import Glibc
#endif
import CLapack

/// OpenBLAS's own thread pool busy-waits between calls, and chains already run one per
/// core; so LAPACK runs on the chain's thread (which also keeps the results the same
/// whatever the machine), unless SWIFTPPL_BLAS_THREADS says otherwise.
private let singleThreadedBLAS: Void = {
    if getenv("SWIFTPPL_BLAS_THREADS") == nil { openblas_set_num_threads(1) }
}()

/// A dense matrix stored column by column.
struct ColumnMatrix {
    let rows: Int, columns: Int
    var values: [Double]

    init(rows: Int, columns: Int, values: [Double]) {
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    init(rows: Int, columns: Int) {
        self.init(rows: rows, columns: columns, values: Array(repeating: 0, count: rows * columns))
    }

    static func identity(_ n: Int) -> ColumnMatrix {
        var m = ColumnMatrix(rows: n, columns: n)
        for i in 0..<n { m.values[i * n + i] = 1 }
        return m
    }

    subscript(row: Int, column: Int) -> Double {
        get { values[column * rows + row] }
        set { values[column * rows + row] = newValue }
    }

    /// op(self) · op(other), op the transpose where asked; nil when a size does not fit in
    /// BLAS's 32-bit integers.
    func times(_ other: ColumnMatrix, transposeSelf: Bool = false, transposeOther: Bool = false) -> ColumnMatrix? {
        let m = transposeSelf ? columns : rows
        let inner = transposeSelf ? rows : columns
        let n = transposeOther ? other.rows : other.columns
        guard inner == (transposeOther ? other.columns : other.rows),
              let m32 = Int32(exactly: m), let n32 = Int32(exactly: n), let k32 = Int32(exactly: inner),
              let lda = Int32(exactly: max(rows, 1)), let ldb = Int32(exactly: max(other.rows, 1))
        else { return nil }
        var result = ColumnMatrix(rows: m, columns: n)
        guard m > 0, n > 0, inner > 0 else { return result }
        _ = singleThreadedBLAS
        let ta = Int32(transposeSelf ? SPPL_CblasTrans : SPPL_CblasNoTrans)
        let tb = Int32(transposeOther ? SPPL_CblasTrans : SPPL_CblasNoTrans)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                result.values.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(Int32(SPPL_CblasColMajor), ta, tb, m32, n32, k32, 1, a.baseAddress, lda,
                                b.baseAddress, ldb, 0, c.baseAddress, m32)
                }
            }
        }
        return result
    }

    /// (self + selfᵀ)/2: products like B A B are symmetric only up to rounding, and the
    /// eigen-solver reads one triangle.
    mutating func symmetrize() {
        for j in 0..<columns {
            for i in (j + 1)..<max(rows, j + 1) {
                let s = 0.5 * (self[i, j] + self[j, i])
                self[i, j] = s
                self[j, i] = s
            }
        }
    }
}

/// Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a symmetric matrix
/// (LAPACK dsyevd); nil when LAPACK fails or the size does not fit in 32 bits.
func symmetricEigen(_ a: ColumnMatrix) -> (values: [Double], vectors: ColumnMatrix)? {
    guard a.rows == a.columns, let n = Int32(exactly: a.rows) else { return nil }
    if n == 0 { return ([], a) }
    _ = singleThreadedBLAS
    var vectors = a
    var values = [Double](repeating: 0, count: a.rows)
    var jobz = Int8(UInt8(ascii: "V")), uplo = Int8(UInt8(ascii: "L"))
    var order = n, lda = n, info: Int32 = 0
    // Workspace query first (lwork = liwork = −1), then the decomposition.
    var workSize = 0.0, iworkSize: Int32 = 0
    var query: Int32 = -1, iquery: Int32 = -1
    dsyevd_(&jobz, &uplo, &order, &vectors.values, &lda, &values, &workSize, &query, &iworkSize, &iquery, &info)
    guard info == 0, let lwork = Int32(exactly: workSize.rounded(.up)), iworkSize > 0 else { return nil }
    var work = [Double](repeating: 0, count: Int(lwork))
    var iwork = [Int32](repeating: 0, count: Int(iworkSize))
    var lw = lwork, liw = iworkSize
    dsyevd_(&jobz, &uplo, &order, &vectors.values, &lda, &values, &work, &lw, &iwork, &liw, &info)
    guard info == 0 else { return nil }
    return (values, vectors)
}

/// V diag(f(λ)) Vᵀ for a symmetric decomposition (λ, V): a matrix function.
func symmetricFunction(values: [Double], vectors v: ColumnMatrix, _ f: (Double) -> Double) -> ColumnMatrix? {
    var scaled = v
    for j in 0..<v.columns {
        let s = f(values[j])
        for i in 0..<v.rows { scaled[i, j] *= s }
    }
    guard var result = scaled.times(v, transposeOther: true) else { return nil }
    result.symmetrize()
    return result
}

/// An n×m matrix with orthonormal columns whose span contains the columns of `a` (n×m,
/// m ≤ n): the Q of a Householder QR decomposition (dgeqrf, dorgqr). Rank-deficient input
/// is fine: Q stays orthonormal, its extra columns spanning some directions outside.
func orthonormalBasis(_ a: ColumnMatrix) -> ColumnMatrix? {
    guard a.columns <= a.rows, var m = Int32(exactly: a.rows), var n = Int32(exactly: a.columns) else { return nil }
    if n == 0 { return a }
    _ = singleThreadedBLAS
    var q = a
    var tau = [Double](repeating: 0, count: a.columns)
    var lda = m, k = n, info: Int32 = 0, query: Int32 = -1
    // Workspace queries (lwork = −1) for both routines, then the factorization and Q.
    var size1 = 0.0, size2 = 0.0
    dgeqrf_(&m, &n, &q.values, &lda, &tau, &size1, &query, &info)
    guard info == 0 else { return nil }
    dorgqr_(&m, &n, &k, &q.values, &lda, &tau, &size2, &query, &info)
    guard info == 0, let lwork = Int32(exactly: max(size1, size2, 1).rounded(.up)) else { return nil }
    var work = [Double](repeating: 0, count: Int(lwork))
    var lw = lwork
    dgeqrf_(&m, &n, &q.values, &lda, &tau, &work, &lw, &info)
    guard info == 0 else { return nil }
    dorgqr_(&m, &n, &k, &q.values, &lda, &tau, &work, &lw, &info)
    return info == 0 ? q : nil
}
