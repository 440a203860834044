// MultivariateSamplerTests.swift — Dirichlet, multinomial, multivariate normal, LKJ and Wishart: exact marginals (KS / chi-square) and moments.

import Foundation
import RandomCore
import XCTest

/// Lower Cholesky factor of a symmetric positive definite k x k row-major matrix.
func cholesky(_ a: [Double], _ k: Int) -> [Double] {
    var l = [Double](repeating: 0, count: k * k)
    for i in 0 ..< k {
        for j in 0 ... i {
            var s = a[i * k + j]
            for m in 0 ..< j { s -= l[i * k + m] * l[j * k + m] }
            l[i * k + j] = i == j ? s.squareRoot() : s / l[j * k + j]
        }
    }
    return l
}

/// Sample covariance of two equally long series.
func covariance(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var s = 0.0
    for i in 0 ..< x.count { s += (x[i] - mx) * (y[i] - my) }
    return s / (n - 1)
}

/// Asserts a sample covariance within z standard errors, for jointly normal-like
/// pairs: SE ≈ sqrt((σ_xx σ_yy + σ_xy²) / n).
func assertCovariance(_ name: String, _ x: [Double], _ y: [Double], want: Double, sxx: Double, syy: Double,
                      file: StaticString = #filePath, line: UInt = #line) {
    let got = covariance(x, y)
    let se = ((sxx * syy + want * want) / Double(x.count)).squareRoot()
    print(String(format: "[COV] %@ n=%d cov=%.5g expected=%.5g z=%.2f", name, x.count, got, want, (got - want) / se))
    XCTAssertLessThan(abs(got - want), 6 * se, "\(name): covariance \(got), expected \(want) ± \(se)", file: file, line: line)
}

final class MultivariateSamplerTests: XCTestCase {
    func testDirichletMarginals() {
        var s = testStream("dirichlet(1,2,3)")
        let draws = (0 ..< sampleCount).map { _ in s.dirichlet(alpha: [1, 2, 3]) }
        XCTAssertTrue(draws.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-14 })
        // Marginals Beta(1, 5) and Beta(3, 3), both with polynomial CDFs.
        assertKS("dirichlet(1,2,3)[0]", draws.map { $0[0] }) { x in -expm1(5 * log1p(-x)) }
        assertKS("dirichlet(1,2,3)[2]", draws.map { $0[2] }) { x in x * x * x * (10 - 15 * x + 6 * x * x) }
        // Tiny concentrations: the log path. Components are Beta(0.01, 0.02); their means
        // are 1/3 and the sum is 1 even where components underflow.
        var t = testStream("dirichlet(0.01 x 3)")
        let tiny = (0 ..< sampleCount).map { _ in t.dirichlet(alpha: [0.01, 0.01, 0.01]) }
        XCTAssertTrue(tiny.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-14 })
        let a = 0.01, a0 = 0.03
        let sd = (a * (a0 - a) / (a0 * a0 * (a0 + 1))).squareRoot()
        for i in 0 ..< 3 {
            assertMean("dirichlet(0.01 x 3)[\(i)]", tiny.map { $0[i] }, mean: 1.0 / 3, sd: sd)
        }
        var u = testStream("logDirichlet")
        let logs = u.logDirichlet(alpha: [0.01, 0.5, 3])
        XCTAssertEqual(log(logs.map(exp).reduce(0, +)), 0, accuracy: 1e-14)
        XCTAssertTrue(t.dirichlet(alpha: [1, 0]).allSatisfy { $0.isNaN })
    }

    func testMultinomialMarginalsAndCovariance() {
        var s = testStream("multinomial(100)")
        let p = [0.2, 0.3, 0.5]
        let draws = (0 ..< sampleCount).map { _ in s.multinomial(n: 100, p: p) }
        XCTAssertTrue(draws.allSatisfy { $0.reduce(0, +) == 100 && $0.allSatisfy { $0 >= 0 } })
        for i in 0 ..< 3 {
            assertChiSquare("multinomial(100, \(p))[\(i)]", draws.map { $0[i] }, lo: 0, hi: 100) { k in
                let kd = Double(k)
                return exp(logChoose(100, kd) + kd * log(p[i]) + (100 - kd) * log1p(-p[i]))
            }
        }
        // Cov(x_i, x_j) = -n p_i p_j.
        let x0 = draws.map { Double($0[0]) }, x1 = draws.map { Double($0[1]) }
        assertCovariance("multinomial cov[0,1]", x0, x1, want: -100 * 0.2 * 0.3, sxx: 100 * 0.2 * 0.8, syy: 100 * 0.3 * 0.7)
        // Huge n with a tiny category: x_0 ~ Binomial(1e9, 1e-9).
        var t = testStream("multinomial(1e9)")
        let big = (0 ..< sampleCount).map { _ in t.multinomial(n: 1_000_000_000, p: [1e-9, 0.5, 0.5 - 1e-9]) }
        XCTAssertTrue(big.allSatisfy { $0.reduce(0, +) == 1_000_000_000 })
        assertChiSquare("multinomial(1e9, [1e-9, .5, .5-1e-9])[0]", big.map { $0[0] }, lo: 0, hi: 30) { k in
            let kd = Double(k)
            return exp(logChoose(1e9, kd) + kd * log(1e-9) + (1e9 - kd) * log1p(-1e-9))
        }
        assertMean("multinomial(1e9)[1]", big.map { Double($0[1]) }, mean: 5e8, sd: (1e9 * 0.25).squareRoot())
    }

    func testMultivariateNormal() {
        let sigma: [Double] = [4, 1.2, -0.6, 1.2, 2, 0.3, -0.6, 0.3, 1]
        let mean: [Double] = [1, -2, 0.5]
        let l = cholesky(sigma, 3)
        var s = testStream("mvnormal")
        var out = [Double](repeating: 0, count: 3)
        var columns = [[Double]](repeating: [], count: 3)
        for _ in 0 ..< sampleCount {
            _ = mean.withUnsafeBufferPointer { m in
                l.withUnsafeBufferPointer { lp in
                    out.withUnsafeMutableBufferPointer { s.multivariateNormal(mean: m, choleskyLower: lp, into: $0) }
                }
            }
            for i in 0 ..< 3 { columns[i].append(out[i]) }
        }
        for i in 0 ..< 3 {
            let sd = sigma[i * 3 + i].squareRoot()
            assertKS("mvnormal[\(i)]", columns[i]) { normalCDF(($0 - mean[i]) / sd) }
        }
        // A linear combination c·x ~ N(c·μ, cᵀΣc) for c = (1, -1, 2).
        let c: [Double] = [1, -1, 2]
        var v = 0.0
        for i in 0 ..< 3 { for j in 0 ..< 3 { v += c[i] * sigma[i * 3 + j] * c[j] } }
        let m = zip(c, mean).map(*).reduce(0, +)
        let combo = (0 ..< sampleCount).map { k in c[0] * columns[0][k] + c[1] * columns[1][k] + c[2] * columns[2][k] }
        assertKS("mvnormal c·x", combo) { normalCDF(($0 - m) / v.squareRoot()) }
        for (i, j) in [(0, 1), (0, 2), (1, 2)] {
            assertCovariance("mvnormal cov[\(i),\(j)]", columns[i], columns[j], want: sigma[i * 3 + j],
                             sxx: sigma[i * 4], syy: sigma[j * 4])
        }
    }

    func testLKJCorrelationCholesky() {
        // LKJ(eta) in dimension n: every correlation is 2B - 1 with B ~ Beta(b, b),
        // b = eta - 1 + n/2; b = 2 and b = 3 have polynomial CDFs.
        for (n, eta) in [(4, 1.0), (6, 1.0), (3, 2.0)] {
            let b = eta - 1 + Double(n) / 2
            var s = testStream("lkj(\(n), \(eta))")
            var l = [Double](repeating: 0, count: n * n)
            var r01: [Double] = [], rLast: [Double] = []
            for _ in 0 ..< sampleCount {
                XCTAssertTrue(l.withUnsafeMutableBufferPointer { s.lkjCorrelationCholesky(n: n, eta: eta, into: $0) })
                // Rows have unit length and a positive diagonal; the upper triangle is 0.
                for i in 0 ..< n {
                    var norm = 0.0
                    for j in 0 ... i { norm += l[i * n + j] * l[i * n + j] }
                    XCTAssertEqual(norm, 1, accuracy: 1e-13)
                    XCTAssertGreaterThan(l[i * n + i], 0)
                    for j in i + 1 ..< n where j < n { XCTAssertEqual(l[i * n + j], 0) }
                }
                r01.append(l[n])  // C_10 = L_10 L_00 = L_10
                // C_{n-1, n-2} = Σ_m L_{n-1,m} L_{n-2,m}.
                var c = 0.0
                for m in 0 ..< n - 1 { c += l[(n - 1) * n + m] * l[(n - 2) * n + m] }
                rLast.append(c)
            }
            let cdf: (Double) -> Double
            if b == 2 {
                cdf = { r in let x = (r + 1) / 2; return x * x * (3 - 2 * x) }
            } else {
                cdf = { r in let x = (r + 1) / 2; return x * x * x * (10 - 15 * x + 6 * x * x) }
            }
            // Var(r) = 1 / (2b + 1).
            assertMean("lkj(\(n), \(eta)) r[1,0]", r01, mean: 0, sd: (1 / (2 * b + 1)).squareRoot())
            let secondMoment = r01.map { $0 * $0 }.reduce(0, +) / Double(sampleCount)
            XCTAssertEqual(secondMoment, 1 / (2 * b + 1), accuracy: 0.01)
            if b == 2 || b == 3 {
                assertKS("lkj(\(n), \(eta)) r[1,0]", r01, cdf)
                assertKS("lkj(\(n), \(eta)) r[\(n - 1),\(n - 2)]", rLast, cdf)
            }
        }
    }

    func testWishartMoments() {
        let scale: [Double] = [4, 1.2, -0.6, 1.2, 2, 0.3, -0.6, 0.3, 1]
        let l = cholesky(scale, 3)
        for df in [6.0, 3.5] {
            var s = testStream("wishart(\(df))")
            var w = [Double](repeating: 0, count: 9)
            var entries = [[Double]](repeating: [], count: 9)
            for _ in 0 ..< sampleCount {
                _ = l.withUnsafeBufferPointer { lp in w.withUnsafeMutableBufferPointer { s.wishart(df: df, scaleCholesky: lp, into: $0) } }
                for i in 0 ..< 9 { entries[i].append(w[i]) }
            }
            // E W = df S, Var W_ij = df (S_ij² + S_ii S_jj).
            for i in 0 ..< 3 {
                for j in 0 ... i {
                    let sij = scale[i * 3 + j]
                    let sd = (df * (sij * sij + scale[i * 4] * scale[j * 4])).squareRoot()
                    assertMean("wishart(\(df))[\(i),\(j)]", entries[i * 3 + j], mean: df * sij, sd: sd)
                }
            }
            // W_ii / S_ii ~ χ²(df); for df = 6 that is Erlang(3) in x/2.
            if df == 6 {
                for i in 0 ..< 3 {
                    assertKS("wishart(6)[\(i),\(i)] / S_ii", entries[i * 4].map { $0 / scale[i * 4] }) { erlangCDF(3, $0 / 2) }
                }
            }
        }
        var s = testStream("wishart-invalid")
        var w = [Double](repeating: 0, count: 9)
        _ = l.withUnsafeBufferPointer { lp in w.withUnsafeMutableBufferPointer { s.wishart(df: 1.5, scaleCholesky: lp, into: $0) } }
        XCTAssertTrue(w.allSatisfy { $0.isNaN })
    }

    /// Mismatched buffer sizes are reported, never trapped on, and nothing is written.
    func testMismatchedShapesReturnFalse() {
        var s = testStream("shapes")
        var out = [Double](repeating: 7, count: 4)
        let three = [1.0, 2, 3]
        let eight = [Double](repeating: 1, count: 8)
        var counts = [Int64](repeating: 7, count: 2)
        three.withUnsafeBufferPointer { a in
            out.withUnsafeMutableBufferPointer { o in
                XCTAssertFalse(s.dirichlet(alpha: a, into: o))
                XCTAssertFalse(s.logDirichlet(alpha: a, into: o))
                XCTAssertFalse(s.lkjCorrelationCholesky(n: 3, eta: 1, into: o))
                XCTAssertFalse(s.lkjCorrelationCholesky(n: -2, eta: 1, into: o))
                eight.withUnsafeBufferPointer { e in
                    XCTAssertFalse(s.multivariateNormal(mean: a, choleskyLower: e, into: o))
                    XCTAssertFalse(s.wishart(df: 5, scaleCholesky: e, into: o))
                    XCTAssertFalse(s.wishartCholesky(df: 5, scaleCholesky: e, into: o))
                }
            }
            counts.withUnsafeMutableBufferPointer { XCTAssertFalse(s.multinomial(n: 5, p: a, into: $0)) }
        }
        XCTAssertEqual(out, [7, 7, 7, 7])
        XCTAssertEqual(counts, [7, 7])
    }
}
