// NDArray+Linalg.swift — matrix products through BLAS and factorizations through LAPACK (OpenBLAS), batched over leading axes.

import CLapack
import RealModule

/// How `solve` may factor its matrix.
public enum MatrixStructure: String, Sendable, Hashable {
    case general = "gen"
    case symmetric = "sym"
    case positiveDefinite = "pos"
}

extension NDArray {
    // MARK: Products

    /// Matrix product of a (m, k) and b (k, n) into a new (m, n) array. Float64 goes to
    /// BLAS dgemm; ints and bools use a plain triple loop (NumPy gives int64 / bool).
    static func matrixProduct(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        configureBLAS()
        let m = a.shape[0], k = a.shape[1], n = b.shape[1]
        guard b.shape[0] == k else {
            throw SPPLError.value("matrix product: shapes \(formatShape(a.shape)) and \(formatShape(b.shape)) not aligned: \(k) (dim 1) != \(b.shape[0]) (dim 0)")
        }
        let type = DType.promote(a.dtype, b.dtype)
        if type != .float64 {
            let x = try a.cast(to: .int64), y = try b.cast(to: .int64)
            let out = try NDArray.zeros(.int64, [m, n])
            let px = x.pointer(Int64.self), py = y.pointer(Int64.self), po = out.pointer(Int64.self)
            for i in 0..<m {
                for p in 0..<k {
                    let xv = px[i &* x.strides[0] &+ p &* x.strides[1]]
                    for j in 0..<n { po[i &* n &+ j] &+= xv &* py[p &* y.strides[0] &+ j &* y.strides[1]] }
                }
            }
            return type == .bool ? try out.cast(to: .bool) : out
        }
        let out = try NDArray.zeros(.float64, [m, n])
        if m == 0 || n == 0 || k == 0 { return out }
        let (pa, ta, lda) = try blasOperand(a.cast(to: .float64))
        let (pb, tb, ldb) = try blasOperand(b.cast(to: .float64))
        try checkBlasSize(m, n, k)
        withExtendedLifetime((pa, pb)) {
            cblas_dgemm(Int32(SPPL_CblasRowMajor), ta, tb, Int32(m), Int32(n), Int32(k), 1.0,
                        pa.pointer(Double.self), Int32(lda), pb.pointer(Double.self), Int32(ldb),
                        0.0, out.pointer(Double.self), Int32(n))
        }
        return out
    }

    /// A matrix as BLAS wants it (row-major with unit column stride, or its transpose),
    /// copying only when neither layout applies.
    private static func blasOperand(_ x: NDArray) throws -> (NDArray, Int32, Int) {
        let rows = x.shape[0], cols = x.shape[1]
        // The leading dimension goes to BLAS as an Int32; a larger one needs a copy.
        let limit = Int(Int32.max)
        if x.strides[1] == 1 && x.strides[0] >= Swift.max(cols, 1) && x.strides[0] <= limit {
            return (x, Int32(SPPL_CblasNoTrans), x.strides[0])
        }
        if x.strides[0] == 1 && x.strides[1] >= Swift.max(rows, 1) && x.strides[1] <= limit {
            // Column-major: the memory holds the transpose in row-major order.
            return (x, Int32(SPPL_CblasTrans), x.strides[1])
        }
        let c = try x.copy()
        return (c, Int32(SPPL_CblasNoTrans), Swift.max(cols, 1))
    }

    private static func checkBlasSize(_ sizes: Int...) throws {
        for s in sizes where s > Int(Int32.max) {
            throw SPPLError.value("matrix dimension \(s) exceeds the 32-bit BLAS/LAPACK limit")
        }
    }

    /// NumPy's `dot`: inner product of vectors, matrix-vector and matrix-matrix
    /// products, and for higher ranks the sum over a's last axis and b's second-to-last.
    /// Float64 vectors and matrices go to BLAS ddot/dgemv/dgemm on the operands as laid
    /// out (a transposed view is passed as a transpose, not copied). `previous` is
    /// written again when it fits (see `NDArray.reusing`).
    public static func dot(_ a: NDArray, _ b: NDArray, reusing previous: NDArray? = nil) throws -> NDArray {
        if a.ndim == 0 || b.ndim == 0 {
            throw SPPLError.value("dot of a 0-d array: use multiplication (shapes \(formatShape(a.shape)) and \(formatShape(b.shape)))")
        }
        let k = a.shape[a.ndim - 1]
        let bk = b.ndim == 1 ? b.shape[0] : b.shape[b.ndim - 2]
        guard k == bk else {
            throw SPPLError.value("shapes \(formatShape(a.shape)) and \(formatShape(b.shape)) not aligned: \(k) (dim \(a.ndim - 1)) != \(bk) (dim \(Swift.max(b.ndim - 2, 0)))")
        }
        let floats = a.dtype == .float64 && b.dtype == .float64
        if floats && a.ndim <= 2 && b.ndim <= 2 && b.ndim + a.ndim < 4 {
            return try vectorProduct(a, b, reusing: previous)
        }
        if a.ndim <= 2 && b.ndim <= 2 {
            let a2 = a.ndim == 1 ? try a.reshaped([1, k]) : a
            let b2 = b.ndim == 1 ? try b.reshaped([k, 1]) : b
            var shape: [Int] = []
            if a.ndim == 2 { shape.append(a.shape[0]) }
            if b.ndim == 2 { shape.append(b.shape[1]) }
            return try matrixProduct(a2, b2).reshaped(shape)
        }
        let a2 = try a.reshaped([checkedElementCount(Array(a.shape.dropLast())), k])
        let b2: NDArray
        var bRest: [Int] = []
        if b.ndim == 1 {
            b2 = try b.reshaped([k, 1])
        } else {
            // Move b's contraction axis to the front: (..., k, n) -> (k, ..., n) -> (k, rest).
            var order = Array(0..<b.ndim)
            order.remove(at: b.ndim - 2)
            order.insert(b.ndim - 2, at: 0)
            let moved = try b.transposed(order)
            bRest = Array(moved.shape.dropFirst())
            b2 = try moved.reshaped([k, checkedElementCount(bRest)])
        }
        let product = try matrixProduct(a2, b2)
        return try product.reshaped(Array(a.shape.dropLast()) + bRest)
    }

    /// Float64 products involving a vector: ddot (v·v) and dgemv (M·v, v·M).
    private static func vectorProduct(_ a: NDArray, _ b: NDArray, reusing previous: NDArray?) throws -> NDArray {
        configureBLAS()
        // BLAS reads a negative increment from the far end of the buffer: copy reversed
        // (and broadcast) vectors into plain ones instead.
        func plain(_ v: NDArray) throws -> NDArray {
            v.strides[0] > 0 && v.strides[0] <= Int(Int32.max) ? v : try v.copy()
        }
        if a.ndim == 1 && b.ndim == 1 {
            let n = a.shape[0]
            try checkBlasSize(n)
            let a = try plain(a), b = try plain(b)
            let out = try NDArray.reusing(previous, .float64, [])
            out.pointer(Double.self)[0] = n == 0 ? 0 : cblas_ddot(Int32(n), a.pointer(Double.self), Int32(a.strides[0]),
                                                                   b.pointer(Double.self), Int32(b.strides[0]))
            return out
        }
        // M·v or v·M = Mᵀ·v.
        let matrix = a.ndim == 2 ? a : b.transposed
        let vector = a.ndim == 2 ? b : a
        let rows = matrix.shape[0], cols = matrix.shape[1]
        try checkBlasSize(rows, cols)
        let out = try NDArray.reusing(previous, .float64, [rows])
        if rows == 0 { return out }
        if cols == 0 {
            out.pointer(Double.self).update(repeating: 0, count: rows)
            return out
        }
        let (m, trans, ld) = try blasOperand(matrix)
        // BLAS takes the stored matrix: for a transposed layout the stored one is cols x rows.
        let storedRows = trans == Int32(SPPL_CblasNoTrans) ? rows : cols
        let storedCols = trans == Int32(SPPL_CblasNoTrans) ? cols : rows
        let v = try plain(vector)
        withExtendedLifetime((m, v)) {
            cblas_dgemv(Int32(SPPL_CblasRowMajor), trans, Int32(storedRows), Int32(storedCols), 1.0,
                        m.pointer(Double.self), Int32(ld), v.pointer(Double.self), Int32(v.strides[0]),
                        0.0, out.pointer(Double.self), 1)
        }
        return out
    }

    /// NumPy's `matmul`: matrix products over the last two axes, broadcasting the
    /// leading (batch) axes; a 1-d operand is a row (left) or column (right) vector.
    public static func matmul(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        guard a.ndim >= 1, b.ndim >= 1 else {
            throw SPPLError.value("matmul: input operand does not have enough dimensions (shapes \(formatShape(a.shape)) and \(formatShape(b.shape)))")
        }
        let x = a.ndim == 1 ? try a.reshaped([1, a.shape[0]]) : a
        let y = b.ndim == 1 ? try b.reshaped([b.shape[0], 1]) : b
        let m = x.shape[x.ndim - 2], k = x.shape[x.ndim - 1]
        let k2 = y.shape[y.ndim - 2], n = y.shape[y.ndim - 1]
        guard k == k2 else {
            throw SPPLError.value("matmul: shapes \(formatShape(a.shape)) and \(formatShape(b.shape)) do not match in the contracted dimension (\(k) != \(k2))")
        }
        let batch = try broadcastBatch(Array(x.shape.dropLast(2)), Array(y.shape.dropLast(2)), "matmul", a, b)
        let xb = try x.broadcast(to: batch + [m, k]), yb = try y.broadcast(to: batch + [k, n])
        let type = DType.promote(a.dtype, b.dtype)
        let out = try NDArray.empty(type, batch + [m, n])
        try forEachBatch(batch) { index in
            let product = try matrixProduct(xb.batchItem(index), yb.batchItem(index))
            try out.batchItem(index).assign(from: product)
        }
        var finalShape = batch
        if a.ndim > 1 { finalShape.append(m) }
        if b.ndim > 1 { finalShape.append(n) }
        return try out.reshaped(finalShape)
    }

    // MARK: Batching

    /// The broadcast of two operands' batch shapes, or an error naming both operands' shapes.
    private static func broadcastBatch(_ x: [Int], _ y: [Int], _ what: String, _ a: NDArray, _ b: NDArray) throws -> [Int] {
        do {
            return try broadcastShapes([x, y])
        } catch {
            throw SPPLError.value("\(what): batch dimensions \(formatShape(x)) and \(formatShape(y)) of operands of shapes \(formatShape(a.shape)) and \(formatShape(b.shape)) cannot be broadcast together")
        }
    }

    /// The core (trailing) sub-array at batch multi-index `index`, as a view.
    func batchItem(_ index: [Int]) -> NDArray {
        var off = offset
        for (axis, i) in index.enumerated() { off &+= i &* strides[axis] }
        return NDArray(unchecked: storage, dtype: dtype, shape: Array(shape.dropFirst(index.count)),
                       strides: Array(strides.dropFirst(index.count)), offset: off)
    }

    /// Calls `body` for every multi-index of `batch` in C order (once for an empty batch shape).
    static func forEachBatch(_ batch: [Int], _ body: ([Int]) throws -> Void) throws {
        if batch.contains(0) { return }
        var index = [Int](repeating: 0, count: batch.count)
        while true {
            try body(index)
            var d = batch.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < batch[d] { break }
                index[d] = 0
                d -= 1
            }
            if d < 0 { return }
        }
    }

    /// Checks a stack of square matrices and returns its order n.
    private func squareOrder(_ what: String) throws -> Int {
        configureBLAS()
        guard ndim >= 2, shape[ndim - 1] == shape[ndim - 2] else {
            throw SPPLError.value("\(what) expects a square matrix (or a stack of them), got shape \(formatShape(shape))")
        }
        let n = shape[ndim - 1]
        try NDArray.checkBlasSize(n)
        return n
    }

    /// A column-major (Fortran-order) float64 copy of a matrix, as LAPACK expects.
    private func fortranCopy() throws -> NDArray {
        let t = try cast(to: .float64)
        let out = try NDArray.empty(.float64, [shape[1], shape[0]])  // row-major transpose == column-major original
        try out.assign(from: t.transposed)
        return out
    }

    // MARK: Factorizations

    /// Cholesky factor of symmetric positive-definite matrices: L with A = L Lᵀ (or U with A = Uᵀ U).
    /// A matrix that is not positive definite raises `LinAlgError`, or gives NaNs when `nanOnFailure`.
    public func cholesky(lower: Bool = true, nanOnFailure: Bool = false) throws -> NDArray {
        let n = try squareOrder("cholesky")
        let batch = Array(shape.dropLast(2))
        let out = try NDArray.empty(.float64, shape)
        try NDArray.forEachBatch(batch) { index in
            let item = try self.batchItem(index).cast(to: .float64).copy()
            var info: Int32 = 0
            var n32 = Int32(n), lda = Int32(Swift.max(n, 1))
            // The row-major buffer is Aᵀ = A in column-major order; asking LAPACK for the
            // upper factor U (A = UᵀU, column-major) leaves L = Uᵀ in row-major order.
            var uplo: CChar = lower ? 85 /* U */ : 76 /* L */
            if n > 0 { dpotrf_(&uplo, &n32, item.pointer(Double.self), &lda, &info) }
            let p = item.pointer(Double.self)
            if info != 0 {
                guard nanOnFailure else {
                    throw SPPLError(.linAlg, "Matrix is not positive definite (leading minor of order \(info) is not positive)")
                }
                for i in 0..<(n * n) { p[i] = .nan }
            } else {
                // Zero the triangle LAPACK left untouched.
                for i in 0..<n {
                    for j in 0..<n where lower ? j > i : j < i { p[i &* n &+ j] = 0 }
                }
            }
            try out.batchItem(index).assign(from: item)
        }
        return out
    }

    /// LU factorization (LAPACK dgetrf) of a copy of one square matrix held as its
    /// transpose; returns the factors, pivots and LAPACK's info.
    private func luOfTranspose(_ n: Int) throws -> (NDArray, [Int32], Int32) {
        // Row-major A is column-major Aᵀ; det(Aᵀ) = det(A) and inv(Aᵀ) = inv(A)ᵀ.
        let item = try cast(to: .float64).copy()
        var pivots = [Int32](repeating: 0, count: Swift.max(n, 1))
        var info: Int32 = 0
        var n32 = Int32(n), lda = Int32(Swift.max(n, 1))
        if n > 0 { dgetrf_(&n32, &n32, item.pointer(Double.self), &lda, &pivots, &info) }
        return (item, pivots, info)
    }

    /// Sign and log of the absolute value of the determinant (NumPy's slogdet);
    /// singular matrices give (0, -inf).
    public func slogdet() throws -> (sign: NDArray, logAbsDet: NDArray) {
        let n = try squareOrder("slogdet")
        let batch = Array(shape.dropLast(2))
        let signs = try NDArray.empty(.float64, batch), logs = try NDArray.empty(.float64, batch)
        try NDArray.forEachBatch(batch) { index in
            let (lu, pivots, info) = try self.batchItem(index).luOfTranspose(n)
            var sign = 1.0, logAbs = 0.0
            if info > 0 {
                sign = 0
                logAbs = -.infinity
            } else {
                let p = lu.pointer(Double.self)
                for i in 0..<n {
                    let d = p[i &* n &+ i]
                    if d < 0 { sign = -sign }
                    if pivots[i] != Int32(i + 1) { sign = -sign }
                    logAbs += Double.log(Swift.abs(d))
                }
                if logAbs.isNaN { sign = .nan }
            }
            signs.batchItem(index).pointer(Double.self)[0] = sign
            logs.batchItem(index).pointer(Double.self)[0] = logAbs
        }
        return (signs, logs)
    }

    /// Determinant through LU: the product of U's diagonal, sign flipped per row swap.
    public func det() throws -> NDArray {
        let n = try squareOrder("det")
        let batch = Array(shape.dropLast(2))
        let out = try NDArray.empty(.float64, batch)
        try NDArray.forEachBatch(batch) { index in
            let (lu, pivots, info) = try self.batchItem(index).luOfTranspose(n)
            var d = 1.0
            if info > 0 {
                d = 0
            } else {
                let p = lu.pointer(Double.self)
                for i in 0..<n {
                    d *= p[i &* n &+ i]
                    if pivots[i] != Int32(i + 1) { d = -d }
                }
            }
            out.batchItem(index).pointer(Double.self)[0] = d
        }
        return out
    }

    /// Matrix inverse through LU (dgetrf + dgetri); a singular matrix raises `LinAlgError`.
    public func inverse() throws -> NDArray {
        let n = try squareOrder("inv")
        let batch = Array(shape.dropLast(2))
        let out = try NDArray.empty(.float64, shape)
        try NDArray.forEachBatch(batch) { index in
            let (lu, pivots, info) = try self.batchItem(index).luOfTranspose(n)
            guard info == 0 else { throw SPPLError(.linAlg, "Singular matrix") }
            if n > 0 {
                var n32 = Int32(n), lda = Int32(n), lwork = Int32(Swift.max(64 * n, 1)), info2: Int32 = 0
                var work = [Double](repeating: 0, count: Int(lwork))
                var piv = pivots
                dgetri_(&n32, lu.pointer(Double.self), &lda, &piv, &work, &lwork, &info2)
                guard info2 == 0 else { throw SPPLError(.linAlg, "Singular matrix") }
            }
            // The buffer holds inv(Aᵀ) column-major, which is inv(A) row-major.
            try out.batchItem(index).assign(from: lu)
        }
        return out
    }

    // MARK: Solves

    /// Solves A X = B for square A (n, n) and B (n,) or (n, k) (stacks broadcast over leading axes).
    /// `structure` chooses LU (general), Bunch-Kaufman (symmetric) or Cholesky (positive definite);
    /// for the latter two only the `lower` (or upper) triangle of A is read.
    public static func solve(_ a: NDArray, _ b: NDArray, structure: MatrixStructure = .general,
                             lower: Bool = false, bIsVector: Bool? = nil) throws -> NDArray {
        let n = try a.squareOrder("solve")
        let vector = bIsVector ?? (b.ndim == 1)
        let coreB = vector ? 1 : 2
        guard b.ndim >= coreB, b.shape[b.ndim - coreB] == n else {
            throw SPPLError.value("solve: a of shape \(formatShape(a.shape)) and b of shape \(formatShape(b.shape)) are incompatible (b needs \(n) rows)")
        }
        let k = vector ? 1 : b.shape[b.ndim - 1]
        try checkBlasSize(k)
        let batch = try broadcastBatch(Array(a.shape.dropLast(2)), Array(b.shape.dropLast(coreB)), "solve", a, b)
        let ab = try a.broadcast(to: batch + [n, n])
        let bCore = vector ? [n] : [n, k]
        let bb = try b.broadcast(to: batch + bCore)
        let out = try NDArray.empty(.float64, batch + bCore)
        try forEachBatch(batch) { index in
            let af = try ab.batchItem(index).fortranCopy()
            let bItem = vector ? try bb.batchItem(index).reshaped([n, 1]) : bb.batchItem(index)
            let bf = try bItem.fortranCopy()
            var n32 = Int32(n), k32 = Int32(k), ld = Int32(Swift.max(n, 1)), info: Int32 = 0
            if n > 0 && k > 0 {
                switch structure {
                case .general:
                    var pivots = [Int32](repeating: 0, count: n)
                    dgetrf_(&n32, &n32, af.pointer(Double.self), &ld, &pivots, &info)
                    if info == 0 {
                        var trans: CChar = 78  // N
                        dgetrs_(&trans, &n32, &k32, af.pointer(Double.self), &ld, &pivots, bf.pointer(Double.self), &ld, &info)
                    }
                case .positiveDefinite:
                    var uplo: CChar = lower ? 76 : 85
                    dpotrf_(&uplo, &n32, af.pointer(Double.self), &ld, &info)
                    if info > 0 { throw SPPLError(.linAlg, "solve: matrix is not positive definite") }
                    dpotrs_(&uplo, &n32, &k32, af.pointer(Double.self), &ld, bf.pointer(Double.self), &ld, &info)
                case .symmetric:
                    var uplo: CChar = lower ? 76 : 85
                    var pivots = [Int32](repeating: 0, count: n)
                    var lwork = Int32(64 * n)
                    var work = [Double](repeating: 0, count: Int(lwork))
                    dsytrf_(&uplo, &n32, af.pointer(Double.self), &ld, &pivots, &work, &lwork, &info)
                    if info == 0 {
                        dsytrs_(&uplo, &n32, &k32, af.pointer(Double.self), &ld, &pivots, bf.pointer(Double.self), &ld, &info)
                    }
                }
            }
            if info > 0 { throw SPPLError(.linAlg, "Singular matrix") }
            // bf is Xᵀ in row-major order.
            let x = bf.transposed
            try out.batchItem(index).assign(from: vector ? try x.reshaped([n]) : x)
        }
        return out
    }

    /// Solves A X = B (or Aᵀ X = B when `transpose`) for triangular A by substitution (LAPACK dtrtrs).
    /// A zero on the diagonal raises `LinAlgError`.
    public static func solveTriangular(_ a: NDArray, _ b: NDArray, lower: Bool, transpose: Bool = false,
                                       unitDiagonal: Bool = false, bIsVector: Bool? = nil) throws -> NDArray {
        let n = try a.squareOrder("solve_triangular")
        let vector = bIsVector ?? (b.ndim == 1)
        let coreB = vector ? 1 : 2
        guard b.ndim >= coreB, b.shape[b.ndim - coreB] == n else {
            throw SPPLError.value("solve_triangular: a of shape \(formatShape(a.shape)) and b of shape \(formatShape(b.shape)) are incompatible (b needs \(n) rows)")
        }
        let k = vector ? 1 : b.shape[b.ndim - 1]
        try checkBlasSize(k)
        let batch = try broadcastBatch(Array(a.shape.dropLast(2)), Array(b.shape.dropLast(coreB)), "solve_triangular", a, b)
        let ab = try a.broadcast(to: batch + [n, n])
        let bCore = vector ? [n] : [n, k]
        let bb = try b.broadcast(to: batch + bCore)
        let out = try NDArray.empty(.float64, batch + bCore)
        try forEachBatch(batch) { index in
            let af = try ab.batchItem(index).fortranCopy()
            let bItem = vector ? try bb.batchItem(index).reshaped([n, 1]) : bb.batchItem(index)
            let bf = try bItem.fortranCopy()
            var uplo: CChar = lower ? 76 : 85
            var trans: CChar = transpose ? 84 : 78
            var diag: CChar = unitDiagonal ? 85 : 78
            var n32 = Int32(n), k32 = Int32(k), ld = Int32(Swift.max(n, 1)), info: Int32 = 0
            if n > 0 && k > 0 {
                dtrtrs_(&uplo, &trans, &diag, &n32, &k32, af.pointer(Double.self), &ld, bf.pointer(Double.self), &ld, &info)
            }
            if info > 0 { throw SPPLError(.linAlg, "Singular matrix: diagonal element \(info) of the triangular matrix is zero") }
            let x = bf.transposed
            try out.batchItem(index).assign(from: vector ? try x.reshaped([n]) : x)
        }
        return out
    }
}
