// RandomStream+Multivariate.swift — vector variates: Dirichlet (log-space gammas), multinomial (conditional binomials), multivariate normal from a Cholesky factor.

import RealModule

extension RandomStream {
    /// A Dirichlet(alpha) vector written to `out` (same length as alpha; PyTensor's
    /// `dirichlet(alphas)`), as normalized gammas. When some alpha < 1 the gammas are
    /// kept as logs and normalized by log-sum-exp, so tiny concentrations give tiny
    /// (possibly underflowing) components instead of 0/0. Writes NaN for a non-positive
    /// or NaN alpha. Returns false, writing nothing, if `out` and `alpha` differ in length.
    @discardableResult
    public mutating func dirichlet(alpha: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) -> Bool {
        if out.count != alpha.count { return false }
        let k = alpha.count
        if k == 0 { return true }
        var allLarge = true
        for a in alpha {
            if !(a > 0) {
                for i in 0 ..< k { out[i] = .nan }
                return true
            }
            if a < 1 { allLarge = false }
        }
        if allLarge {
            var sum = 0.0
            for i in 0 ..< k {
                out[i] = standardGamma(shape: alpha[i])
                sum += out[i]
            }
            for i in 0 ..< k { out[i] /= sum }
            return true
        }
        // Normalize exp(g_i - max g) by their sum (rather than exponentiating the logs
        // below) so that the components sum to 1 within a few ulps.
        let sum = 1 + shiftedLogGammas(alpha: alpha, into: out)
        for i in 0 ..< k { out[i] = Double.exp(out[i]) / sum }
        return true
    }

    /// The componentwise logarithm of a Dirichlet(alpha) vector, always through log
    /// gammas: finite where `dirichlet` underflows to 0 (for alpha = 0.01 most
    /// components are below 1e-300). Draws the same gammas as `dirichlet` whenever some
    /// alpha < 1, so exp of this is that vector up to rounding. NaN for a non-positive alpha.
    /// Returns false, writing nothing, if `out` and `alpha` differ in length.
    @discardableResult
    public mutating func logDirichlet(alpha: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) -> Bool {
        if out.count != alpha.count { return false }
        for a in alpha where !(a > 0) {
            for i in 0 ..< alpha.count { out[i] = .nan }
            return true
        }
        // log Σ exp(s_i) = log1p(rest): the largest component's log stays finite and
        // nonzero (say -1e-50) when the others are far below it.
        let logSum = Double.log(onePlus: shiftedLogGammas(alpha: alpha, into: out))
        for i in 0 ..< alpha.count { out[i] -= logSum }
        return true
    }

    /// Writes s_i = g_i - max g for g_i = log G(alpha_i) (alphas already checked) and
    /// returns rest = Σ_{i != argmax} exp(s_i), so that Σ exp(s_i) = 1 + rest and
    /// log x_i = s_i - log1p(rest). Subtracting the maximum first keeps the differences
    /// accurate where the logs are large (about -3700 for alpha = 0.01), which
    /// subtracting max g + log Σ in one step would not.
    @usableFromInline mutating func shiftedLogGammas(alpha: UnsafeBufferPointer<Double>,
                                                     into out: UnsafeMutableBufferPointer<Double>) -> Double {
        let k = alpha.count
        if k == 0 { return 0 }
        var top = -Double.infinity
        var topIndex = 0
        for i in 0 ..< k {
            out[i] = logStandardGamma(shape: alpha[i])
            if out[i] > top {
                top = out[i]
                topIndex = i
            }
        }
        var rest = 0.0
        for i in 0 ..< k {
            out[i] -= top
            if i != topIndex { rest += Double.exp(out[i]) }
        }
        return rest
    }

    /// `dirichlet` returning an array.
    public mutating func dirichlet(alpha: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: alpha.count)
        // The lengths match by construction, so the call always succeeds.
        _ = alpha.withUnsafeBufferPointer { a in
            out.withUnsafeMutableBufferPointer { dirichlet(alpha: a, into: $0) }
        }
        return out
    }

    /// `logDirichlet` returning an array.
    public mutating func logDirichlet(alpha: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: alpha.count)
        _ = alpha.withUnsafeBufferPointer { a in
            out.withUnsafeMutableBufferPointer { logDirichlet(alpha: a, into: $0) }
        }
        return out
    }

    /// Multinomial counts of n trials over categories with probabilities p (normalized
    /// here) written to `out` (PyTensor's `multinomial(n, p)`), by conditional
    /// binomials: x_i ~ Binomial(n - Σ_{j<i} x_j, p_i / Σ_{j>=i} p_j). The tail sums are
    /// accumulated from the end so no subtraction loses the small ones. Writes
    /// `invalidInteger` everywhere for n < 0, a negative or NaN weight or a zero total.
    /// Returns false, writing nothing, if `out` and `p` differ in length.
    @discardableResult
    public mutating func multinomial(n: Int64, p: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Int64>) -> Bool {
        if out.count != p.count { return false }
        let k = p.count
        if k == 0 { return true }
        var tail = [Double](repeating: 0, count: k)
        var sum = 0.0
        for i in stride(from: k - 1, through: 0, by: -1) {
            if !(p[i] >= 0) { sum = .nan; break }
            sum += p[i]
            tail[i] = sum
        }
        if n < 0 || !(sum > 0 && sum.isFinite) {
            for i in 0 ..< k { out[i] = RandomStream.invalidInteger }
            return true
        }
        var remaining = n
        for i in 0 ..< k - 1 {
            if remaining == 0 || tail[i] == 0 {
                out[i] = 0
                continue
            }
            let x = binomial(n: remaining, p: Swift.min(1, p[i] / tail[i]))
            out[i] = x
            remaining -= x
        }
        out[k - 1] = remaining
        return true
    }

    /// `multinomial` returning an array.
    public mutating func multinomial(n: Int64, p: [Double]) -> [Int64] {
        var out = [Int64](repeating: 0, count: p.count)
        _ = p.withUnsafeBufferPointer { pp in
            out.withUnsafeMutableBufferPointer { multinomial(n: n, p: pp, into: $0) }
        }
        return out
    }

    /// mean + L z for z of k standard normals, with L the k x k lower Cholesky factor of
    /// the covariance in row-major order (its upper triangle is not read). z is drawn
    /// in order z_0, ..., z_{k-1}; the product runs from the last row up, so `out` holds
    /// z and the result at once without scratch space. Returns false, writing nothing,
    /// unless the lengths are k, k², k.
    @discardableResult
    public mutating func multivariateNormal(mean: UnsafeBufferPointer<Double>, choleskyLower: UnsafeBufferPointer<Double>,
                                            into out: UnsafeMutableBufferPointer<Double>) -> Bool {
        let k = mean.count
        if out.count != k || choleskyLower.count != k * k { return false }
        for i in 0 ..< k { out[i] = standardNormal() }
        for i in stride(from: k - 1, through: 0, by: -1) {
            // Row i needs z_0 ... z_i, still in out[0 ... i] because rows below i are done.
            var s = 0.0
            for j in 0 ... i { s += choleskyLower[i * k + j] * out[j] }
            out[i] = mean[i] + s
        }
        return true
    }
}
