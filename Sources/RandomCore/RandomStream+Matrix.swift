// RandomStream+Matrix.swift — random matrices: LKJ correlation Cholesky factors (onion method) and Wishart (Bartlett decomposition).

import RealModule

extension RandomStream {
    /// The lower Cholesky factor L (n x n, row-major, zeros above the diagonal) of a
    /// correlation matrix C = L Lᵀ with LKJ(eta) density ∝ det(C)^(eta - 1), by the onion
    /// method (Lewandowski, Kurowicka & Joe 2009, as PyMC's LKJCorr draws it).
    ///
    /// Row 0 is e_0. Row i >= 1 is (sqrt(y) w, sqrt(1 - y), 0, ...) with w uniform on the
    /// unit sphere of R^i and y ~ Beta(i/2, eta + (n - 1 - i)/2). (For i = 1 this is
    /// PyMC's r = 2 Beta(b, b) - 1 with b = eta - 1 + n/2, since r² ~ Beta(1/2, b).)
    /// 1 - y comes from the beta's own complement, so rows stay unit length to rounding
    /// even when y is near 1. Writes NaN unless eta > 0. Returns false, writing nothing,
    /// unless `out` holds n² values.
    @discardableResult
    public mutating func lkjCorrelationCholesky(n: Int, eta: Double, into out: UnsafeMutableBufferPointer<Double>) -> Bool {
        if n < 0 || out.count != n * n { return false }
        for i in 0 ..< n * n { out[i] = 0 }
        if n == 0 { return true }
        if !(eta > 0) {
            for i in 0 ..< n * n { out[i] = .nan }
            return true
        }
        out[0] = 1
        for i in 1 ..< n {
            let (y, oneMinusY) = betaWithComplement(0.5 * Double(i), eta + 0.5 * Double(n - 1 - i))
            // A uniform direction: i normals divided by their length.
            var norm2 = 0.0
            for j in 0 ..< i {
                let z = standardNormal()
                out[i * n + j] = z
                norm2 += z * z
            }
            let factor = y.squareRoot() / norm2.squareRoot()
            for j in 0 ..< i { out[i * n + j] *= factor }
            out[i * n + i] = oneMinusY.squareRoot()
        }
        return true
    }

    /// The lower Cholesky factor of a Wishart(df, S) matrix, S = L Lᵀ given by its
    /// lower factor L (p x p row-major), by Bartlett's decomposition: W = (L A)(L A)ᵀ
    /// with A lower triangular, A_ii = sqrt(χ²(df - i)), A_ij ~ N(0, 1) below the
    /// diagonal (drawn row by row, each row's normals before its chi-square). Writes
    /// L A to `out`. Writes NaN unless df > p - 1. Returns false, writing nothing, unless
    /// both buffers hold the same square number of values.
    @discardableResult
    public mutating func wishartCholesky(df: Double, scaleCholesky l: UnsafeBufferPointer<Double>,
                                         into out: UnsafeMutableBufferPointer<Double>) -> Bool {
        let count = l.count
        let p = Int(Double(count).squareRoot().rounded())
        if p * p != count || out.count != count { return false }
        if !(df > Double(p) - 1) {
            for i in 0 ..< count { out[i] = .nan }
            return true
        }
        var a = [Double](repeating: 0, count: count)
        for i in 0 ..< p {
            for j in 0 ..< i { a[i * p + j] = standardNormal() }
            a[i * p + i] = chiSquare(df: df - Double(i)).squareRoot()
        }
        // (L A)_ij = Σ_{j <= m <= i} L_im A_mj (both lower triangular).
        for i in 0 ..< p {
            for j in 0 ..< p {
                var s = 0.0
                if j <= i {
                    for m in j ... i { s += l[i * p + m] * a[m * p + j] }
                }
                out[i * p + j] = s
            }
        }
        return true
    }

    /// A Wishart(df, S) matrix (p x p row-major), S = L Lᵀ: the product of
    /// `wishartCholesky`'s factor with its transpose (PyMC's `Wishart(nu, V)`). Returns
    /// false, writing nothing, unless both buffers hold the same square number of values.
    @discardableResult
    public mutating func wishart(df: Double, scaleCholesky l: UnsafeBufferPointer<Double>,
                                 into out: UnsafeMutableBufferPointer<Double>) -> Bool {
        let count = l.count
        let p = Int(Double(count).squareRoot().rounded())
        if p * p != count || out.count != count { return false }
        var factor = [Double](repeating: 0, count: count)
        // Same shape as checked above, so this succeeds.
        _ = factor.withUnsafeMutableBufferPointer { wishartCholesky(df: df, scaleCholesky: l, into: $0) }
        for i in 0 ..< p {
            for j in 0 ... i {
                var s = 0.0
                for m in 0 ... j { s += factor[i * p + m] * factor[j * p + m] }
                out[i * p + j] = s
                out[j * p + i] = s
            }
        }
        return true
    }
}
