// LowRankAdaptation.swift — nutpie's low-rank modified mass matrix: a diagonal from draw and gradient variances plus the extreme eigen-directions of a Fisher-divergence covariance estimate.

import RealModule

/// Settings of the low-rank mass matrix (`MassMatrixAdaptation.lowRank`), with nutpie's
/// defaults.
///
///     var options = NUTSOptions()
///     options.adaptation = .lowRank
///     options.lowRank.maxRank = 10        // at most 10 directions
///     let traces = try sampleNUTS(options: options, initialPoints: [start]) { _ in density }
///     traces[0].massMatrixEigenvalues      // λ of the directions kept at the end of warm-up
public struct LowRankSettings: Sendable, Equatable {
    /// Regularization γ: both covariances of the scaled window get γ·N added to their
    /// diagonal (N draws in the window), as nutpie does.
    public var gamma = 1e-5
    /// c > 1: directions whose eigenvalue λ lies in [1/c, c] are left to the diagonal.
    public var eigenvalueCutoff = 2.0
    /// At most this many directions, those with the largest |log λ| (nil: no cap beyond
    /// what the window holds, as in nutpie).
    public var maxRank: Int? = nil
    /// Recompute the matrix every this many warm-up draws (and at every window switch).
    public var updateInterval = 20

    public init() {}

    func validate() throws {
        func check(_ ok: Bool, _ message: @autoclosure () -> String) throws {
            if !ok { throw SamplingError.invalidOption(message()) }
        }
        try check(gamma > 0 && gamma.isFinite, "mass_matrix_gamma must be positive and finite, got \(gamma)")
        try check(eigenvalueCutoff > 1 && eigenvalueCutoff.isFinite,
                  "mass_matrix_eigval_cutoff must be finite and > 1, got \(eigenvalueCutoff)")
        if let k = maxRank { try check(k >= 1, "mass_matrix_max_rank must be >= 1, got \(k)") }
        try check(updateInterval >= 1, "the low-rank update interval must be >= 1, got \(updateInterval)")
    }
}

/// The draws and gradients of the current adaptation window, and the estimate built from them
/// (Seyboldt et al., "Preconditioning Hamiltonian Monte Carlo by minimizing Fisher
/// divergence"; nuts-rs's low-rank mass matrix):
///
/// 1. D_i = sqrt(Var x_i / Var g_i), the gradient-based diagonal of the window;
/// 2. on the scaled, centred draws x̃ = (x − x̄)/√D and gradients g̃ = (g − ḡ)√D, the
///    regularized covariances A = Cov x̃ + γN·I and B = Cov g̃ + γN·I;
/// 3. their SPD geometric mean Σ = B⁻¹ # A = B^{-1/2}(B^{1/2} A B^{1/2})^{1/2} B^{-1/2}, the
///    covariance that minimizes the Fisher divergence of a Gaussian fit (for a Gaussian
///    target Cov g̃ = (Cov x̃)⁻¹, so Σ = Cov x̃);
/// 4. Σ's eigenvalues λ outside [1/c, c] with their eigenvectors U:
///    M⁻¹ = D^{1/2}(I + U(Λ − I)Uᵀ)D^{1/2}.
///
/// A and B act as γN·I on every direction orthogonal to the window's draws and gradients,
/// where Σ is then exactly I; so when the window spans fewer than n directions (2N < n)
/// the eigenproblems are solved in an orthonormal basis of that span (size 2N), which
/// gives the same Σ at O(n·N²) cost instead of O(n³).
///
/// Windows follow the gradient-diagonal schedule: a foreground estimate from the draws
/// since the previous switch, a background from those since the last one.
struct LowRankEstimator {
    let dimension: Int
    /// Draw k of the window at [k·n ..< (k+1)·n] (column-major n×N).
    private var positions: [Double] = []
    private var gradients: [Double] = []
    private(set) var count = 0
    /// The first `split` draws belong to the foreground only.
    private var split = 0
    /// Solve in the window's span only when the dimension is at least this (tests raise it
    /// to compare with the full-space computation).
    var projectionMinimumDimension = 0

    init(dimension: Int) { self.dimension = dimension }

    var backgroundCount: Int { count - split }

    mutating func add(position: Buffer, gradient: Buffer) {
        withExtendedLifetime((position, gradient)) { add(position: position.base, gradient: gradient.base) }
    }

    mutating func add(position: UnsafePointer<Double>, gradient: UnsafePointer<Double>) {
        positions.append(contentsOf: UnsafeBufferPointer(start: position, count: dimension))
        gradients.append(contentsOf: UnsafeBufferPointer(start: gradient, count: dimension))
        count += 1
    }

    /// The background becomes the foreground: the draws before it are forgotten.
    mutating func switchToBackground() {
        positions.removeFirst(split * dimension)
        gradients.removeFirst(split * dimension)
        count -= split
        split = count
    }

    /// Writes the window's estimate into `metric`. False (the metric unchanged) with fewer
    /// than 3 draws or when the estimate is not finite.
    func update(_ metric: EuclideanMetric, settings: LowRankSettings) -> Bool {
        guard count >= 3 else { return false }
        let (d, x, g) = scaledWindow(current: metric.diagonal)
        guard let (values, vectors) = extremeDirections(x, g, settings: settings),
              values.allSatisfy({ $0.isFinite && $0 > 0 }), vectors.values.allSatisfy(\.isFinite)
        else { return false }
        metric.setLowRank(diagonal: d, vectors: vectors.values, eigenvalues: values)
        return true
    }

    /// D, and the centred draws and gradients scaled by D^{-1/2} and D^{1/2} (n×N each).
    /// Where a variance is zero or not finite D keeps its current value.
    private func scaledWindow(current: Buffer) -> (d: [Double], x: ColumnMatrix, g: ColumnMatrix) {
        let n = dimension, draws = count
        var d = [Double](repeating: 1, count: n)
        var x = ColumnMatrix(rows: n, columns: draws, values: positions)
        var g = ColumnMatrix(rows: n, columns: draws, values: gradients)
        for i in 0..<n {
            var meanX = 0.0, meanG = 0.0
            for k in 0..<draws { meanX += x[i, k]; meanG += g[i, k] }
            meanX /= Double(draws); meanG /= Double(draws)
            var ssX = 0.0, ssG = 0.0
            for k in 0..<draws {
                x[i, k] -= meanX; g[i, k] -= meanG
                ssX += x[i, k] * x[i, k]; ssG += g[i, k] * g[i, k]
            }
            // The same clamps as the gradient-diagonal estimator.
            let value = (ssX / ssG).squareRoot()
            d[i] = value.isFinite && value > 0
                ? min(max(value, GradientDiagonalEstimator.lower), GradientDiagonalEstimator.upper) : current[i]
            let s = d[i].squareRoot()
            for k in 0..<draws { x[i, k] /= s; g[i, k] *= s }
        }
        return (d, x, g)
    }

    /// The eigenvalues of Σ outside [1/c, c] (at most maxRank, most extreme first) and their
    /// eigenvectors in the original coordinates (n×k).
    private func extremeDirections(_ x: ColumnMatrix, _ g: ColumnMatrix, settings: LowRankSettings)
        -> (values: [Double], vectors: ColumnMatrix)? {
        let n = dimension, draws = x.columns
        // The basis: all of R^n, or an orthonormal basis of span(x̃, g̃).
        var basis: ColumnMatrix? = nil
        var px = x, pg = g
        if 2 * draws < n && n >= projectionMinimumDimension {
            guard let q = orthonormalBasis(ColumnMatrix(rows: n, columns: 2 * draws, values: x.values + g.values)),
                  let qx = q.times(x, transposeSelf: true), let qg = q.times(g, transposeSelf: true)
            else { return nil }
            basis = q; px = qx; pg = qg
        }
        let ridge = settings.gamma * Double(draws)
        guard let a = regularizedCovariance(px, ridge: ridge), let b = regularizedCovariance(pg, ridge: ridge),
              let sigma = geometricMeanOfInverse(b, a), let (lambda, w) = symmetricEigen(sigma)
        else { return nil }

        // Keep the directions outside [1/c, c], the most extreme first.
        let logCutoff = Double.log(settings.eigenvalueCutoff)
        var chosen = lambda.indices.filter { abs(Double.log(lambda[$0])) > logCutoff }
        chosen.sort { abs(Double.log(lambda[$0])) > abs(Double.log(lambda[$1])) }
        if let cap = settings.maxRank, chosen.count > cap { chosen = Array(chosen.prefix(cap)) }
        var selected = ColumnMatrix(rows: w.rows, columns: chosen.count)
        for (j, column) in chosen.enumerated() {
            for i in 0..<w.rows { selected[i, j] = w[i, column] }
        }
        let values = chosen.map { lambda[$0] }
        guard let basis else { return (values, selected) }
        guard let vectors = basis.times(selected) else { return nil }
        return (values, vectors)
    }

    /// P Pᵀ / N + ridge·I for the k×N matrix P of centred, scaled columns.
    private func regularizedCovariance(_ p: ColumnMatrix, ridge: Double) -> ColumnMatrix? {
        guard var c = p.times(p, transposeOther: true) else { return nil }
        let scale = 1 / Double(p.columns)
        for i in c.values.indices { c.values[i] *= scale }
        for i in 0..<c.rows { c[i, i] += ridge }
        c.symmetrize()
        return c
    }

    /// B⁻¹ # A = B^{-1/2} (B^{1/2} A B^{1/2})^{1/2} B^{-1/2}, the geometric mean of the SPD
    /// matrices B⁻¹ and A: the unique SPD Σ with Σ B Σ = A.
    private func geometricMeanOfInverse(_ b: ColumnMatrix, _ a: ColumnMatrix) -> ColumnMatrix? {
        guard let (beta, v) = symmetricEigen(b), beta.allSatisfy({ $0 > 0 }),
              let bHalf = symmetricFunction(values: beta, vectors: v, { $0.squareRoot() }),
              let bInverseHalf = symmetricFunction(values: beta, vectors: v, { 1 / $0.squareRoot() }),
              let left = bHalf.times(a), var middle = left.times(bHalf)
        else { return nil }
        middle.symmetrize()
        // Eigenvalues of an SPD product that round below zero are clamped to it.
        guard let (mu, w) = symmetricEigen(middle),
              let middleHalf = symmetricFunction(values: mu, vectors: w, { max($0, 0).squareRoot() }),
              let left2 = bInverseHalf.times(middleHalf), var sigma = left2.times(bInverseHalf)
        else { return nil }
        sigma.symmetrize()
        return sigma
    }
}
