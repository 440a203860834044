// MassMatrixAdaptation.swift — the mass-matrix adaptations, and the estimators of the diagonal inverse mass matrix: gradient-based (nutpie) and Stan's windowed variance.

import RealModule

/// Welford's running mean and sum of squared deviations, per coordinate.
struct RunningMoments {
    private(set) var count = 0
    private var mean: [Double]
    /// Σ (x − mean)² per coordinate.
    private(set) var m2: [Double]

    init(dimension: Int) {
        mean = Array(repeating: 0, count: dimension)
        m2 = Array(repeating: 0, count: dimension)
    }

    mutating func add(_ x: UnsafePointer<Double>) {
        count += 1
        let c = Double(count)
        let n = mean.count
        // Raw buffers: no bounds or uniqueness checks in the loop, which then vectorizes.
        mean.withUnsafeMutableBufferPointer { mean in
            m2.withUnsafeMutableBufferPointer { m2 in
                for i in 0..<n {
                    let d = x[i] - mean[i]
                    let updated = mean[i] + d / c
                    mean[i] = updated
                    m2[i] += d * (x[i] - updated)
                }
            }
        }
    }

    /// The population variance of coordinate i (the normalization cancels in the ratios used below).
    func variance(_ i: Int) -> Double { m2[i] / Double(max(count, 1)) }

    mutating func reset() {
        count = 0
        for i in 0..<mean.count { mean[i] = 0; m2[i] = 0 }
    }
}

/// How M⁻¹ is learned during tuning.
public enum MassMatrixAdaptation: String, Sendable, CaseIterable {
    /// diag M⁻¹ = sqrt(Var[x] / Var[∇log π]) per coordinate: exact for Gaussian targets and
    /// the minimizer of a Fisher divergence in general (Seyboldt et al., nutpie). Estimated
    /// from overlapping windows: draws and gradients enter a foreground and a background
    /// estimator; when the background holds enough draws it replaces the foreground, so the
    /// estimate forgets the early transient quickly. Starts from 1/|∇log π(x₀)|.
    case gradientDiagonal = "grad_diag"
    /// Stan's windowed adaptation: the regularized sample variance of the draws at the end of
    /// doubling windows (75 fast draws, windows from 25, a final 50-draw step-size window).
    case windowedDiagonal = "diag"
    /// nutpie's low-rank modified mass matrix for strongly correlated posteriors: the
    /// gradient-based diagonal of the current window plus the directions in which the
    /// window's Fisher-divergence covariance estimate departs most from it
    /// (`NUTSOptions.lowRank`; see `LowRankEstimator`). Same windows as `gradientDiagonal`,
    /// recomputed every `updateInterval` draws; each leapfrog step costs O(n·rank) more.
    case lowRank = "low_rank"
    /// M⁻¹ stays the identity; only the step size adapts.
    case none = "none"
}

/// The gradient-based estimator with nutpie's schedule (early switch every 10 draws for the
/// first 30 % of tuning, then every 80; the last 15 % adapts only the step size).
struct GradientDiagonalEstimator {
    var draws: RunningMoments, gradients: RunningMoments
    var backgroundDraws: RunningMoments, backgroundGradients: RunningMoments
    // Clamps keep M⁻¹ usable when a coordinate's draws or gradients do not vary.
    static let lower = 1e-20, upper = 1e20

    init(dimension n: Int) {
        draws = RunningMoments(dimension: n); gradients = RunningMoments(dimension: n)
        backgroundDraws = RunningMoments(dimension: n); backgroundGradients = RunningMoments(dimension: n)
    }

    /// Which draws the gradient-based estimators (this one and the low-rank one) learn from,
    /// as nuts-rs's DrawGradCollector: a draw that stayed at the trajectory's start repeats the
    /// previous one and would shrink the variances, so it is left out; a divergent trajectory's
    /// draw enters only when it lies more than four steps from the start.
    @inline(__always)
    static func learns(from info: TransitionInfo) -> Bool {
        info.diverging ? abs(info.indexInTrajectory) > 4 : info.indexInTrajectory != 0
    }

    mutating func add(position: UnsafePointer<Double>, gradient: UnsafePointer<Double>) {
        draws.add(position); gradients.add(gradient)
        backgroundDraws.add(position); backgroundGradients.add(gradient)
    }

    mutating func switchToBackground() {
        draws = backgroundDraws; gradients = backgroundGradients
        backgroundDraws.reset(); backgroundGradients.reset()
    }

    /// Writes sqrt(Var x / Var g) where both variances are usable; keeps the old value elsewhere.
    func write(into inverseMass: Buffer) -> Bool {
        guard draws.count >= 3 else { return false }
        // Var = m2 / count, as `variance(_:)` computes it, over raw buffers.
        let cx = Double(max(draws.count, 1)), cg = Double(max(gradients.count, 1))
        let out = inverseMass.base
        draws.m2.withUnsafeBufferPointer { mx in
            gradients.m2.withUnsafeBufferPointer { mg in
                for i in 0..<min(inverseMass.count, mx.count, mg.count) {
                    let value = ((mx[i] / cx) / (mg[i] / cg)).squareRoot()
                    let usable = value.isFinite && value > 0
                    out[i] = usable ? min(max(value, Self.lower), Self.upper) : out[i]
                }
            }
        }
        return true
    }

    /// The first guess, before any draw: a Gaussian with this gradient at one standard
    /// deviation from its mean has variance 1/|g|.
    static func initial(gradient: UnsafePointer<Double>, into inverseMass: Buffer) {
        for i in 0..<inverseMass.count {
            let g = abs(gradient[i])
            inverseMass[i] = g.isFinite && g > 0 ? min(max(1 / g, lower), upper) : 1
        }
    }
}

/// Stan's adaptation windows for `tune` warm-up draws: the last draw of each slow window.
struct StanWindows {
    let tune: Int
    private(set) var initBuffer = 75, termBuffer = 50, baseWindow = 25

    init(tune: Int) {
        self.tune = tune
        if initBuffer + termBuffer + baseWindow > tune {
            // Stan's fallback for short warm-ups: 15 % fast, 10 % terminal, the rest one window.
            initBuffer = Int(0.15 * Double(tune))
            termBuffer = Int(0.1 * Double(tune))
            baseWindow = tune - (initBuffer + termBuffer)
        }
    }

    /// Ends (inclusive draw indices) of the slow windows: sizes double, and the last one
    /// stretches to the start of the terminal buffer.
    var windowEnds: [Int] {
        guard tune >= 20 else { return [] }
        var ends: [Int] = []
        var start = initBuffer
        var size = baseWindow
        let slowEnd = tune - termBuffer
        while start < slowEnd {
            var end = start + size
            if end + 2 * size > slowEnd { end = slowEnd }
            ends.append(end - 1)
            start = end
            size *= 2
        }
        return ends
    }

    func isSlow(_ draw: Int) -> Bool { tune >= 20 && draw >= initBuffer && draw < tune - termBuffer }

    /// Stan's regularized variance: shrink towards 1e-3 with the weight of 5 pseudo-draws.
    static func regularized(_ variance: Double, count: Int) -> Double {
        let n = Double(count)
        return (n / (n + 5)) * variance + 1e-3 * (5 / (n + 5))
    }
}
