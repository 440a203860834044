// LowRankMetricTests.swift — the low-rank-plus-diagonal metric against dense linear algebra, and its estimator on exact Gaussian windows.

import Foundation
import RandomCore
@testable import Sampling
import XCTest

/// Plain dense linear algebra for the references (row-major n×n as [[Double]]).
enum Dense {
    static func times(_ a: [[Double]], _ x: [Double]) -> [Double] {
        a.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    static func times(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        let n = b.count
        return a.map { row in (0..<b[0].count).map { j in (0..<n).reduce(0) { $0 + row[$1] * b[$1][j] } } }
    }

    /// Gauss–Jordan elimination with partial pivoting.
    static func inverse(_ a: [[Double]]) -> [[Double]] {
        let n = a.count
        var m = a.enumerated().map { i, row in row + (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for c in 0..<n {
            let pivot = (c..<n).max { abs(m[$0][c]) < abs(m[$1][c]) } ?? c
            m.swapAt(c, pivot)
            let d = m[c][c]
            m[c] = m[c].map { $0 / d }
            for r in 0..<n where r != c {
                let f = m[r][c]
                if f != 0 { m[r] = zip(m[r], m[c]).map { $0 - f * $1 } }
            }
        }
        return m.map { Array($0[n...]) }
    }

    /// k orthonormal vectors of length n: Gram–Schmidt (twice, for orthogonality to rounding) on normals.
    static func orthonormal(_ n: Int, _ k: Int, _ rng: inout RandomStream) -> [[Double]] {
        var basis: [[Double]] = []
        while basis.count < k {
            var v = (0..<n).map { _ in rng.standardNormal() }
            for _ in 0..<2 {
                for u in basis {
                    let d = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
                    v = zip(v, u).map { $0 - d * $1 }
                }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            basis.append(v.map { $0 / norm })
        }
        return basis
    }

    /// D^{1/2} (I + U (Λ − I) Uᵀ) D^{1/2} with U's columns given as vectors.
    static func lowRankInverseMass(d: [Double], u: [[Double]], lambda: [Double]) -> [[Double]] {
        let n = d.count
        return (0..<n).map { i in
            (0..<n).map { j in
                var s = i == j ? 1.0 : 0.0
                for (v, l) in zip(u, lambda) { s += v[i] * (l - 1) * v[j] }
                return d[i].squareRoot() * s * d[j].squareRoot()
            }
        }
    }
}

final class LowRankMetricTests: XCTestCase {
    private func buffer(_ values: [Double]) -> Buffer {
        let b = Buffer(count: values.count)
        for (i, v) in values.enumerated() { b[i] = v }
        return b
    }

    /// n = 7, k = 3 runs the metric's own loops; n = 40, k = 10 its BLAS path (n·k ≥ 256).
    private func example(_ rng: inout RandomStream, large: Bool = false) -> (metric: EuclideanMetric, dense: [[Double]]) {
        let n = large ? 40 : 7, k = large ? 10 : 3
        XCTAssertEqual(n * k >= EuclideanMetric.blasThreshold, large)
        let d = (0..<n).map { pow(10, Double($0 % 7 - 3) / 2) }
        let u = Dense.orthonormal(n, k, &rng)
        let lambda = (0..<k).map { [40.0, 0.05, 3.0, 1e3, 0.3][$0 % 5] * (1 + Double($0 / 5)) }
        let metric = EuclideanMetric(dimension: n)
        metric.setLowRank(diagonal: d, vectors: u.flatMap { $0 }, eigenvalues: lambda)
        return (metric, Dense.lowRankInverseMass(d: d, u: u, lambda: lambda))
    }

    func testInverseMassMatchesDenseMatrix() {
        for large in [false, true] { checkInverseMass(large: large) }
    }

    private func checkInverseMass(large: Bool) {
        var rng = RandomStream(seed: 3, stream: 1)
        let (metric, dense) = example(&rng, large: large)
        let n = metric.dimension
        for _ in 0..<5 {
            let p = (0..<n).map { _ in rng.standardNormal() }
            let v = Buffer(count: n)
            let twiceKinetic = metric.applyInverse(buffer(p), into: v)
            let expected = Dense.times(dense, p)
            for i in 0..<n { XCTAssertEqual(v[i], expected[i], accuracy: 1e-12 * (1 + abs(expected[i]))) }
            let quadratic = zip(p, expected).reduce(0) { $0 + $1.0 * $1.1 }
            XCTAssertEqual(twiceKinetic, quadratic, accuracy: 1e-12 * abs(quadratic))
        }
        for i in 0..<n { XCTAssertEqual(metric.inverseDiagonal[i], dense[i][i], accuracy: 1e-13 * dense[i][i]) }
        // Rank 0 again: M⁻¹ = D.
        metric.makeDiagonal()
        let v = Buffer(count: n)
        _ = metric.applyInverse(buffer(Array(repeating: 1, count: n)), into: v)
        for i in 0..<n { XCTAssertEqual(v[i], metric.diagonal[i]) }
    }

    /// p = M^{1/2} ξ: with ξ replayed from a copy of the stream, pᵢᵀ M⁻¹ pⱼ = ξᵢᵀ ξⱼ for n
    /// independent draws means Lᵀ M⁻¹ L = I, i.e. L Lᵀ = M, exactly (dense M⁻¹).
    func testMomentumFactorSquaresToMassMatrix() {
        for large in [false, true] { checkMomentumFactor(large: large) }
    }

    private func checkMomentumFactor(large: Bool) {
        var rng = RandomStream(seed: 5, stream: 2)
        let (metric, dense) = example(&rng, large: large)
        let n = metric.dimension
        var momenta: [[Double]] = [], normals: [[Double]] = []
        for _ in 0..<n {
            var replay = rng
            let p = Buffer(count: n)
            metric.drawMomentum(into: p, &rng)
            momenta.append(p.array)
            normals.append((0..<n).map { _ in replay.standardNormal() })
        }
        for i in 0..<n {
            let mp = Dense.times(dense, momenta[i])
            for j in 0..<n {
                let lhs = zip(momenta[j], mp).reduce(0) { $0 + $1.0 * $1.1 }
                let rhs = zip(normals[i], normals[j]).reduce(0) { $0 + $1.0 * $1.1 }
                XCTAssertEqual(lhs, rhs, accuracy: 1e-10 * (1 + abs(rhs)), "pair (\(i), \(j))")
            }
        }
    }

    /// The momentum's sample covariance against M = (M⁻¹)⁻¹ by Gauss–Jordan: z-tests with the
    /// standard error sqrt((M_ii M_jj + M_ij²)/N) of a Gaussian sample covariance.
    func testMomentumCovarianceIsMassMatrix() {
        var rng = RandomStream(seed: 7, stream: 3)
        let (metric, dense) = example(&rng)
        let mass = Dense.inverse(dense)
        let n = metric.dimension, draws = 100_000
        var sums = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        let p = Buffer(count: n)
        for _ in 0..<draws {
            metric.drawMomentum(into: p, &rng)
            for i in 0..<n { for j in 0...i { sums[i][j] += p[i] * p[j] } }
        }
        for i in 0..<n {
            for j in 0...i {
                let estimate = sums[i][j] / Double(draws)
                let se = ((mass[i][i] * mass[j][j] + mass[i][j] * mass[i][j]) / Double(draws)).squareRoot()
                XCTAssertLessThan(abs(estimate - mass[i][j]) / se, 4.5, "M[\(i)][\(j)] = \(mass[i][j]), sample \(estimate)")
            }
        }
    }

    /// A window from a Gaussian with its exact gradients −Σ⁻¹(x − μ): the geometric mean of
    /// (Cov g)⁻¹ = Σ S⁻¹ Σ and S = Cov x is Σ itself, so with every direction kept
    /// (cutoff near 1) and a negligible ridge γN the estimate is Σ.
    func testEstimatorRecoversGaussianCovariance() throws {
        var rng = RandomStream(seed: 11, stream: 4)
        let n = 6
        let u = Dense.orthonormal(n, n, &rng)
        let spectrum = [1e3, 30, 1, 0.2, 5e-2, 2.0]
        let scales = [1.0, 10, 0.1, 3, 1, 0.5]
        // Σ = S V diag(spectrum) Vᵀ S: correlated and badly scaled.
        let sigma: [[Double]] = (0..<n).map { i in
            (0..<n).map { j in
                var s = 0.0
                for k in 0..<n { s += u[k][i] * spectrum[k] * u[k][j] }
                return scales[i] * scales[j] * s
            }
        }
        let precision = Dense.inverse(sigma)
        let mean = [1.0, -2, 0, 3, 0.5, -1]
        var estimator = LowRankEstimator(dimension: n)
        let q = Buffer(count: n), g = Buffer(count: n)
        let factor = try XCTUnwrap(cholesky(sigma))
        for _ in 0..<60 {
            let z = (0..<n).map { _ in rng.standardNormal() }
            let x: [Double] = (0..<n).map { i in
                var s = mean[i]
                for k in 0...i { s += factor[i][k] * z[k] }
                return s
            }
            let grad = Dense.times(precision, zip(x, mean).map { -($0 - $1) })
            for i in 0..<n { q[i] = x[i]; g[i] = grad[i] }
            estimator.add(position: q, gradient: g)
        }
        var settings = LowRankSettings()
        settings.eigenvalueCutoff = 1.000001
        settings.gamma = 1e-12
        let metric = EuclideanMetric(dimension: n)
        XCTAssertTrue(estimator.update(metric, settings: settings))
        XCTAssertEqual(metric.rank, n)
        let estimate = denseInverseMass(metric)
        for i in 0..<n {
            for j in 0..<n {
                let tolerance = 1e-6 * (sigma[i][i] * sigma[j][j]).squareRoot()
                XCTAssertEqual(estimate[i][j], sigma[i][j], accuracy: tolerance, "Σ[\(i)][\(j)]")
            }
        }
        // With nutpie's cutoff c = 2 only eigenvalues outside [1/2, 2] are kept, the most extreme first.
        settings.eigenvalueCutoff = 2
        settings.maxRank = 2
        XCTAssertTrue(estimator.update(metric, settings: settings))
        XCTAssertEqual(metric.rank, 2)
        XCTAssertTrue(metric.eigenvalues.allSatisfy { $0 > 2 || $0 < 0.5 }, "\(metric.eigenvalues)")
        XCTAssertGreaterThanOrEqual(abs(log(metric.eigenvalues[0])), abs(log(metric.eigenvalues[1])))
    }

    /// When the window spans fewer directions than the dimension (2N < n) the eigenproblems
    /// are solved in an orthonormal basis of the span; the metric must be the one of the
    /// full n×n computation.
    func testProjectedEstimateEqualsFullEstimate() {
        var rng = RandomStream(seed: 13, stream: 5)
        let n = 40, draws = 12
        // Σ = diag(d) + Σ_j a_j² u_j u_jᵀ, with exact gradients −Σ⁻¹x.
        let directions = Dense.orthonormal(n, 3, &rng)
        let amplitudes = [30.0, 5, 2]
        let d = (0..<n).map { Double($0 % 4 + 1) }
        let sigma: [[Double]] = (0..<n).map { i in
            (0..<n).map { j in
                var s = i == j ? d[i] : 0
                for (u, a) in zip(directions, amplitudes) { s += a * a * u[i] * u[j] }
                return s
            }
        }
        let precision = Dense.inverse(sigma)
        var estimator = LowRankEstimator(dimension: n)
        let q = Buffer(count: n), g = Buffer(count: n)
        for _ in 0..<draws {
            let w = amplitudes.map { $0 * rng.standardNormal() }
            var x = d.map { $0.squareRoot() * rng.standardNormal() }
            for (u, c) in zip(directions, w) { x = zip(x, u).map { $0 + c * $1 } }
            let grad = Dense.times(precision, x)
            for i in 0..<n { q[i] = x[i]; g[i] = -grad[i] }
            estimator.add(position: q, gradient: g)
        }
        let projected = EuclideanMetric(dimension: n), full = EuclideanMetric(dimension: n)
        XCTAssertTrue(estimator.update(projected, settings: LowRankSettings()))
        estimator.projectionMinimumDimension = .max
        XCTAssertTrue(estimator.update(full, settings: LowRankSettings()))
        XCTAssertGreaterThan(projected.rank, 0, "\(projected.eigenvalues) \(full.eigenvalues)")
        XCTAssertEqual(projected.rank, full.rank)
        // The full computation works with A, B ≈ γN·I (1e-4) on the 16 directions outside the
        // window's span, where B^{-1/2} amplifies rounding by ~100: agreement to 1e-6, not to ulps.
        let a = denseInverseMass(projected), b = denseInverseMass(full)
        for i in 0..<n {
            for j in 0..<n {
                XCTAssertEqual(a[i][j], b[i][j], accuracy: 1e-6 * (b[i][i] * b[j][j]).squareRoot())
            }
        }
    }

    /// Columns of M⁻¹ from the metric applied to unit vectors.
    private func denseInverseMass(_ metric: EuclideanMetric) -> [[Double]] {
        let n = metric.dimension
        let v = Buffer(count: n)
        return (0..<n).map { j in
            _ = metric.applyInverse(buffer((0..<n).map { $0 == j ? 1 : 0 }), into: v)
            return v.array
        }
    }

    /// Lower Cholesky factor (the test's own, for drawing correlated normals).
    private func cholesky(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var l = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                let s = a[i][j] - (0..<j).reduce(0) { $0 + l[i][$1] * l[j][$1] }
                if i == j {
                    guard s > 0 else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        return l
    }
}
