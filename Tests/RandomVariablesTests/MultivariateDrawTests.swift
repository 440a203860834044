// MultivariateDrawTests.swift — the multivariate samplers through the RandomVariable op: goodness of fit of marginals and projections against closed-form CDFs, exact constraints, shapes and errors.

import Foundation
import SwiftPPL
import XCTest
import _TestSupport

/// 10^5 draws per goodness-of-fit test; KS fails at sqrt(n) D > 2.6925 (asymptotic
/// false-failure rate 1e-6), chi-square at its 1 - 1e-6 quantile.
private let drawCount = 100_000

final class MultivariateDrawTests: XCTestCase {
    func const(_ values: [Double], _ shape: [Int]? = nil) throws -> Variable {
        constant(try NDArray(values, shape: shape ?? [values.count]))
    }

    /// `count` draws of `name(params)` (seeded by the test's own generator), as rows.
    func draws(_ name: String, _ params: [Variable], count: Int = drawCount, seed: UInt64 = 1) throws -> (rows: [[Double]], shape: [Int]) {
        let rng = try sharedRandomGenerator(seed: seed)
        let x = try evaluate([randomVariable(name, params, size: [count], rng: rng).draw])[0]
        let flat = try x.cast(to: .float64).doubles
        let width = flat.count / count
        return ((0..<count).map { Array(flat[($0 * width)..<(($0 + 1) * width)]) }, x.shape)
    }

    /// Kolmogorov–Smirnov test of samples against a continuous CDF.
    func assertKS(_ label: String, _ samples: [Double], _ cdf: (Double) -> Double, file: StaticString = #filePath, line: UInt = #line) {
        let sorted = samples.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            d = Swift.max(d, f - Double(i) / n, Double(i + 1) / n - f)
        }
        XCTAssertLessThan(d * n.squareRoot(), 2.6925, "\(label): KS sqrt(n) D = \(d * n.squareRoot())", file: file, line: line)
    }

    /// Pearson chi-square test of integer samples against a pmf on 0...n, pooling
    /// neighbours into bins of expected count >= 20.
    func assertChiSquare(_ label: String, _ samples: [Int], n: Int, _ pmf: (Int) -> Double,
                         file: StaticString = #filePath, line: UInt = #line) {
        var counts = [Double](repeating: 0, count: n + 1)
        for s in samples { counts[s] += 1 }
        let total = Double(samples.count)
        var (statistic, bins, expected, observed) = (0.0, 0, 0.0, 0.0)
        for k in 0...n {
            expected += total * pmf(k)
            observed += counts[k]
            if expected >= 20 || k == n {
                statistic += (observed - expected) * (observed - expected) / Swift.max(expected, 1e-300)
                bins += 1
                (expected, observed) = (0, 0)
            }
        }
        // Wilson–Hilferty 1 - 1e-6 quantile of chi-square(bins - 1).
        let df = Double(Swift.max(bins - 1, 1))
        let c = 1 - 2 / (9 * df) + 4.7534 * (2 / (9 * df)).squareRoot()
        XCTAssertLessThan(statistic, df * c * c * c, "\(label): chi-square \(statistic) on \(bins) bins", file: file, line: line)
    }

    func normalCDF(_ mean: Double, _ sd: Double) -> (Double) -> Double {
        { 0.5 * erfc(-($0 - mean) / (sd * 2.0.squareRoot())) }
    }

    /// log C(m, j).
    func logChoose(_ m: Double, _ j: Double) -> Double {
        let top: Double = lgamma(m + 1)
        let bottom: Double = lgamma(j + 1) + lgamma(m - j + 1)
        return top - bottom
    }

    /// Beta(a, b) CDF for whole a, b: P(at least a of a + b - 1 uniforms fall below x).
    func betaCDF(_ a: Int, _ b: Int) -> (Double) -> Double {
        { x in
            let m = a + b - 1
            var total = 0.0
            for j in a...m {
                let logTerm: Double = self.logChoose(Double(m), Double(j)) + Double(j) * Foundation.log(x)
                let rest: Double = Double(m - j) * Foundation.log1p(-x)
                total += Foundation.exp(logTerm + rest)
            }
            return total
        }
    }

    /// Σ = L Lᵀ for a fixed lower L, and the mean used by the Gaussian tests.
    let mean = [1.0, -2.0, 0.5]
    let covariance = [4.0, 2.0, -1.0, 2.0, 2.0, 0.5, -1.0, 0.5, 1.5]

    func projection(_ row: [Double], _ a: [Double]) -> Double { zip(row, a).reduce(0) { $0 + $1.0 * $1.1 } }

    /// aᵀ Σ a.
    func quadratic(_ a: [Double]) -> Double {
        var total = 0.0
        for i in 0..<3 {
            for j in 0..<3 {
                let term: Double = a[i] * covariance[3 * i + j]
                total += term * a[j]
            }
        }
        return total
    }

    /// The three parameterizations of one Gaussian law: (op name prefix, matrix).
    func gaussianForms() throws -> [(String, Variable)] {
        let cov = try const(covariance, [3, 3])
        return [("", cov), ("precision_", try const(evaluate([inv(cov)])[0].doubles, [3, 3])),
                ("cholesky_", try const(evaluate([cholesky(cov)])[0].doubles, [3, 3]))]
    }

    func testMultivariateNormalProjectionsAreNormal() throws {
        for (prefix, matrix) in try gaussianForms() {
            let (rows, shape) = try draws("\(prefix)multivariate_normal", [try const(mean), matrix])
            XCTAssertEqual(shape, [drawCount, 3])
            for a in [[1.0, 0, 0], [1.0, 1, 1], [0.3, -2, 0.5]] {
                let cdf = normalCDF(projection(mean, a), quadratic(a).squareRoot())
                assertKS("\(prefix)multivariate_normal along \(a)", rows.map { projection($0, a) }, cdf)
            }
        }
        // Batched means: draw i of batch j is centred on its own mean.
        let rng = try sharedRandomGenerator(seed: 2)
        let means = try const([0, 0, 0, 100, 100, 100], [2, 3])
        let x = try evaluate([randomVariable("multivariate_normal", [means, try const(covariance, [3, 3])], size: [50, 2], rng: rng).draw])[0]
        XCTAssertEqual(x.shape, [50, 2, 3])
        let flat = x.doubles
        for i in 0..<50 { XCTAssertGreaterThan(flat[6 * i + 3] - flat[6 * i], 60) }
    }

    func testStudentTProjectionsAreStudentT() throws {
        // Closed-form t CDFs: ν = 1 (Cauchy) and ν = 2.
        let cdfs: [(Double, (Double) -> Double)] = [
            (1, { 0.5 + Foundation.atan($0) / Double.pi }),
            (2, { 0.5 + $0 / (2 * (2 + $0 * $0).squareRoot()) }),
        ]
        for (nu, cdf) in cdfs {
            for (prefix, matrix) in try gaussianForms() where nu == 2 || prefix.isEmpty {
                let (rows, _) = try draws("\(prefix)multivariate_studentt", [constant(nu), try const(mean), matrix], seed: 3)
                for a in [[1.0, 0, 0], [0.3, -2, 0.5]] {
                    let (center, scale) = (projection(mean, a), quadratic(a).squareRoot())
                    assertKS("\(prefix)multivariate_studentt nu=\(nu) along \(a)", rows.map { projection($0, a) }) { cdf(($0 - center) / scale) }
                }
            }
        }
    }

    func testDirichletMarginalsAreBeta() throws {
        let (rows, _) = try draws("dirichlet", [try const([1, 2, 3])])
        for (i, a) in [1, 2, 3].enumerated() {
            assertKS("dirichlet marginal \(i)", rows.map { $0[i] }, betaCDF(a, 6 - a))
        }
        XCTAssertTrue(rows.allSatisfy { Swift.abs($0.reduce(0, +) - 1) < 1e-12 })
    }

    func testCountMarginals() throws {
        let p = [0.2, 0.3, 0.5]
        let (counts, _) = try draws("multinomial", [constant(20), try const(p)])
        XCTAssertTrue(counts.allSatisfy { $0.reduce(0, +) == 20 })
        for (i, pi) in p.enumerated() {
            assertChiSquare("multinomial marginal \(i)", counts.map { Int($0[i]) }, n: 20) { k in
                let successes: Double = Double(k) * Foundation.log(pi)
                let failures: Double = Double(20 - k) * Foundation.log1p(-pi)
                return Foundation.exp(self.logChoose(20, Double(k)) + successes + failures)
            }
        }
        // Dirichlet-multinomial(15, a): marginal i is beta-binomial(15, a_i, Σa - a_i).
        let a = [1.0, 2.0, 3.5]
        let (mixed, _) = try draws("dirichlet_multinomial", [constant(15), try const(a)], seed: 4)
        XCTAssertTrue(mixed.allSatisfy { $0.reduce(0, +) == 15 })
        for (i, ai) in a.enumerated() {
            let bi = a.reduce(0, +) - ai
            func logBeta(_ x: Double, _ y: Double) -> Double {
                let numerator: Double = lgamma(x) + lgamma(y)
                return numerator - lgamma(x + y)
            }
            assertChiSquare("dirichlet_multinomial marginal \(i)", mixed.map { Int($0[i]) }, n: 15) { k in
                let kd = Double(k)
                let ratio: Double = logBeta(kd + ai, 15 - kd + bi) - logBeta(ai, bi)
                return Foundation.exp(self.logChoose(15, kd) + ratio)
            }
        }
    }

    func testLKJCorrelationsHaveBetaMarginals() throws {
        // Every correlation of LKJ(n = 4, η = 2) is 2 Beta(b, b) - 1 with b = η - 1 + n/2 = 3.
        let (rows, shape) = try draws("lkjcorr", [constant(4), constant(2.0)])
        XCTAssertEqual(shape, [drawCount, 6])
        for entry in [0, 5] {
            assertKS("lkjcorr entry \(entry)", rows.map { ($0[entry] + 1) / 2 }, betaCDF(3, 3))
        }
        // The Cholesky covariance: row lengths are the drawn standard deviations, and the
        // implied correlations have the same marginals.
        let rng = try sharedRandomGenerator(seed: 6)
        let sd = try exp(randomVariable("normal", [constant(0.0), constant(1.0)], size: [drawCount, 4], rng: rng).draw)
        let packed = try randomVariable("lkjcholeskycov", [constant(4), constant(2.0), sd], rng: rng).draw
        XCTAssertEqual(packed.type.shape, [drawCount, 10])
        let out = try evaluate([sd, packed])
        let (sds, factors) = (out[0].doubles, out[1].doubles)
        var correlations: [Double] = []
        for d in 0..<drawCount {
            let f = Array(factors[(10 * d)..<(10 * d + 10)])
            let rowStart = [0, 1, 3, 6]
            for i in 0..<4 {
                let row = f[rowStart[i]...(rowStart[i] + i)]
                XCTAssertEqual(row.reduce(0) { $0 + $1 * $1 }.squareRoot(), sds[4 * d + i], accuracy: 1e-12 * sds[4 * d + i])
            }
            // Correlation of variables 0 and 3: L_30 L_00 / (σ_0 σ_3).
            correlations.append(f[6] * f[0] / (sds[4 * d] * sds[4 * d + 3]))
        }
        assertKS("lkjcholeskycov correlation (0, 3)", correlations.map { ($0 + 1) / 2 }, betaCDF(3, 3))
    }

    func testWishartDiagonalIsScaledChiSquare() throws {
        let v = [2.0, 0.3, 0.3, 1.0]
        let (rows, shape) = try draws("wishart", [constant(4.0), try const(v, [2, 2])])
        XCTAssertEqual(shape, [drawCount, 2, 2])
        // W_ii / V_ii ~ χ²(4): CDF 1 - e^{-x/2} (1 + x/2).
        let chi4: (Double) -> Double = { 1 - Foundation.exp(-$0 / 2) * (1 + $0 / 2) }
        assertKS("wishart W_00", rows.map { $0[0] / v[0] }, chi4)
        assertKS("wishart W_11", rows.map { $0[3] / v[3] }, chi4)
        XCTAssertTrue(rows.allSatisfy { $0[1] == $0[2] })
        // E W_01 = ν V_01, Var W_01 = ν (V_01² + V_00 V_11).
        let mean01 = rows.reduce(0) { $0 + $1[1] } / Double(drawCount)
        XCTAssertEqual(mean01, 4 * 0.3, accuracy: 5 * (4 * (0.09 + 2) / Double(drawCount)).squareRoot())
    }

    func testZeroSumNormalDraws() throws {
        // One axis of length 5, sigma 2: sums to zero; marginals N(0, 2 sqrt(1 - 1/5)).
        let (rows, shape) = try draws("zerosumnormal", [try const([2.0], [1]), try const([5])])
        XCTAssertEqual(shape, [drawCount, 5])
        XCTAssertTrue(rows.allSatisfy { Swift.abs($0.reduce(0, +)) < 1e-12 })
        assertKS("zerosumnormal marginal", rows.map { $0[2] }, normalCDF(0, 2 * (0.8).squareRoot()))
        // Two axes (3, 4): rows and columns sum to zero; variance (1 - 1/3)(1 - 1/4).
        let (grids, gridShape) = try draws("zerosumnormal_2d", [try const([1.0], [1, 1]), try const([3, 4])], seed: 7)
        XCTAssertEqual(gridShape, [drawCount, 3, 4])
        for g in grids.prefix(1000) {
            for i in 0..<3 { XCTAssertLessThan(Swift.abs((0..<4).reduce(0) { $0 + g[4 * i + $1] }), 1e-12) }
            for j in 0..<4 { XCTAssertLessThan(Swift.abs((0..<3).reduce(0) { $0 + g[4 * $1 + j] }), 1e-12) }
        }
        assertKS("zerosumnormal_2d marginal", grids.map { $0[5] }, normalCDF(0, 0.5.squareRoot()))
    }

    func testStaticShapesAndDrawErrors() throws {
        let rng = try sharedRandomGenerator(seed: 1)
        func draw(_ name: String, _ params: [Variable], size: [Int]? = nil) throws -> NDArray {
            try evaluate([randomVariable(name, params, size: size, rng: rng).draw])[0]
        }
        let sd = try const([1, 2, 3])
        XCTAssertEqual(try randomVariable("lkjcholeskycov", [constant(3), constant(1.0), sd], rng: rng).draw.type.shape, [6])
        XCTAssertEqual(try randomVariable("wishart", [constant(3.0), try const([1, 0, 0, 1], [2, 2])], size: [5], rng: rng).draw.type.shape, [5, 2, 2])
        XCTAssertEqual(try draw("lkjcorr", [constant(5), constant(1.0)], size: [2]).shape, [2, 10])
        let notPD = try const([1, 2, 2, 1], [2, 2])
        assertThrows(.linAlg, ["cov is not positive definite"]) { _ = try draw("multivariate_normal", [try self.const([0, 0]), notPD]) }
        assertThrows(.linAlg, ["tau is not positive definite"]) { _ = try draw("precision_multivariate_normal", [try self.const([0, 0]), notPD]) }
        assertThrows(.value, ["positive diagonal"]) {
            _ = try draw("cholesky_multivariate_normal", [try self.const([0, 0]), try self.const([1, 0, 0, -1], [2, 2])])
        }
        assertThrows(.value, ["mean of shape (3,) needs a (3, 3) scale, got (2, 2)"]) {
            _ = try draw("multivariate_studentt", [constant(1.0), try self.const([0, 0, 0]), try self.const([1, 0, 0, 1], [2, 2])])
        }
        assertThrows(.value, ["nu must be > 0"]) {
            _ = try draw("multivariate_studentt", [constant(0.0), try self.const([0, 0]), try self.const([1, 0, 0, 1], [2, 2])])
        }
        assertThrows(.value, ["nu must be > p - 1 = 1"]) { _ = try draw("wishart", [constant(0.5), try self.const([1, 0, 0, 1], [2, 2])]) }
        assertThrows(.linAlg, ["V is not positive definite"]) { _ = try draw("wishart", [constant(3.0), notPD]) }
        assertThrows(.value, ["eta must be > 0"]) { _ = try draw("lkjcorr", [constant(3), constant(-1.0)]) }
        assertThrows(.value, ["n must be the same for every batch element"]) { _ = try draw("lkjcorr", [try self.const([3, 4]), constant(1.0)]) }
        assertThrows(.value, ["n must be a whole number"]) { _ = try draw("lkjcorr", [constant(2.5), constant(1.0)]) }
        assertThrows(.value, ["n = 2 needs n standard deviations", "(3,)"]) { _ = try draw("lkjcholeskycov", [constant(2), constant(1.0), sd]) }
        assertThrows(.value, ["standard deviations must be >= 0"]) {
            _ = try draw("lkjcholeskycov", [constant(2), constant(1.0), try self.const([1, -1])])
        }
        assertThrows(.value, ["every a must be > 0"]) { _ = try draw("dirichlet_multinomial", [constant(3), try self.const([1, 0])]) }
        assertThrows(.value, ["n must be a whole number >= 0"]) { _ = try draw("dirichlet_multinomial", [constant(-3), try self.const([1, 1])]) }
        assertThrows(.value, ["sigma must have length one across the zero-sum axes"]) {
            _ = try draw("zerosumnormal", [try self.const([1, 1]), try self.const([2])])
        }
        assertThrows(.value, ["support_shape must be a whole number"]) { _ = try draw("zerosumnormal", [try self.const([1.0], [1]), try self.const([2.5])]) }
        assertThrows(.value, ["sigma must be >= 0"]) { _ = try draw("zerosumnormal", [try self.const([-1.0], [1]), try self.const([2])]) }
    }
}
