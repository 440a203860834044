// DiscreteSamplerTests.swift — chi-square tests of every discrete sampler against its pmf (written here from log-gamma, independently of the samplers' own recurrences).

import Foundation
import RandomCore
import XCTest

/// log C(n, k) from log-gamma.
func logChoose(_ n: Double, _ k: Double) -> Double {
    lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
}

/// log B(a, b).
func logBetaFunction(_ a: Double, _ b: Double) -> Double {
    lgamma(a) + lgamma(b) - lgamma(a + b)
}

/// Draws `sampleCount` integers from one named stream.
func drawIntegers(_ name: String, _ draw: (inout RandomStream) -> Int64) -> [Int64] {
    var s = testStream(name)
    return (0 ..< sampleCount).map { _ in draw(&s) }
}

/// lo ... hi = mean ± width sd clipped to the support.
func window(mean: Double, sd: Double, width: Double = 15, lower: Int64 = 0, upper: Int64 = .max) -> (Int64, Int64) {
    let lo = max(Double(lower), (mean - width * sd - 1).rounded(.down))
    let hi = min(Double(upper), (mean + width * sd + 1).rounded(.up))
    return (Int64(lo), Int64(hi))
}

final class DiscreteSamplerTests: XCTestCase {
    func testBinomial() {
        // Inversion below n min(p, 1-p) = 30, BTPE above; extreme n and p included.
        let rows: [(Int64, Double)] = [
            (10, 0.3), (40, 0.5), (61, 0.5), (100, 0.5), (1000, 0.95), (5, 0.999), (1_000_000, 0.3),
            (1_000_000_000, 1e-9), (1_000_000_000, 3e-8), (1_000_000_000, 0.5), (1_000_000_000, 1 - 1e-7),
            (200, 0.2), (1_000_000, 0.00004),
        ]
        for (n, p) in rows {
            let name = "binomial(\(n), \(p))"
            let samples = drawIntegers(name) { $0.binomial(n: n, p: p) }
            let nd = Double(n)
            let (lo, hi) = window(mean: nd * p, sd: (nd * p * (1 - p)).squareRoot(), upper: n)
            assertChiSquare(name, samples, lo: lo, hi: hi) { k in
                let kd = Double(k)
                return exp(logChoose(nd, kd) + kd * log(p) + (nd - kd) * log1p(-p))
            }
        }
    }

    /// n = 2^62 > 2^53: n - k is not representable, so the reference uses
    /// log C(n, k) = Σ_{j<k} log(n - j) - log k! = k log n - log k! to 1e-17, and the sampler
    /// must not subtract rounded n - y values (found by the SciPy check).
    func testBinomialBeyondTwoToThe53() {
        let n: Int64 = 1 << 62
        let nd = Double(n)
        for p in [1e-17, 7e-18] {
            let name = "binomial(2^62, \(p))"
            let samples = drawIntegers(name) { $0.binomial(n: n, p: p) }
            let mean = nd * p
            let (lo, hi) = window(mean: mean, sd: mean.squareRoot(), width: 20)
            assertChiSquare(name, samples, lo: lo, hi: hi) { k in
                let kd = Double(k)
                return exp(kd * log(nd) - lgamma(kd + 1) + kd * log(p) + (nd - kd) * log1p(-p))
            }
        }
        var s = testStream("binomial-huge")
        XCTAssertEqual(s.binomial(n: .max, p: 1), .max)
        XCTAssertLessThan(abs(Double(s.binomial(n: .max, p: 0.5)) / Double(Int64.max) - 0.5), 1e-8)
    }

    func testPoisson() {
        // Inversion below 10, PTRS from 10 up.
        for lambda in [1e-6, 1e-3, 0.5, 3, 9.99, 10, 15, 50, 1e3, 1e5, 1e7] {
            let name = "poisson(\(lambda))"
            let samples = drawIntegers(name) { $0.poisson(lambda) }
            let (lo, hi) = window(mean: lambda, sd: lambda.squareRoot(), width: 20)
            assertChiSquare(name, samples, lo: lo, hi: hi) { k in
                let kd = Double(k)
                return exp(kd * log(lambda) - lambda - lgamma(kd + 1))
            }
        }
    }

    /// λ = 1e-6 leaves 10^5 draws a single chi-square bin; 4e6 draws expect 4 ones
    /// (P(more than 20) = 1e-8) and no value above 2 (probability 7e-13).
    func testPoissonTinyMean() {
        var s = testStream("poisson(1e-6) x 4e6")
        var ones = 0, larger = 0
        for _ in 0 ..< 4_000_000 {
            let x = s.poisson(1e-6)
            if x == 1 { ones += 1 } else if x != 0 { larger += 1 }
        }
        print("[COUNT] poisson(1e-6): \(ones) ones in 4e6 draws (expected 4), \(larger) larger values")
        XCTAssertLessThanOrEqual(ones, 20)
        XCTAssertLessThanOrEqual(larger, 1)
    }

    func testNegativeBinomialAndGeometric() {
        for (n, p) in [(2.5, 0.3), (0.1, 0.01), (1000.0, 0.5), (1.0, 0.9)] {
            let name = "negativeBinomial(\(n), \(p))"
            let samples = drawIntegers(name) { $0.negativeBinomial(n: n, p: p) }
            let mean = n * (1 - p) / p
            let (lo, hi) = window(mean: mean, sd: (mean / p).squareRoot(), width: 40)
            assertChiSquare(name, samples, lo: lo, hi: hi) { k in
                let kd = Double(k)
                return exp(lgamma(kd + n) - lgamma(n) - lgamma(kd + 1) + n * log(p) + kd * log1p(-p))
            }
        }
        for p in [0.3, 1e-4, 0.999, 1] {
            let name = "geometric(\(p))"
            let samples = drawIntegers(name) { $0.geometric(p) }
            // P(X > k) = (1 - p)^k falls below 1e-12 at k = 27.6 / -log(1 - p).
            let hi = p == 1 ? 1 : Int64((27.7 / -log1p(-p)).rounded(.up)) + 1
            assertChiSquare(name, samples, lo: 1, hi: hi) { k in
                k == 1 ? p : exp(Double(k - 1) * log1p(-p)) * p
            }
        }
        var s = testStream("geometric-extreme")
        XCTAssertEqual(s.geometric(1e-300), .max)
        XCTAssertGreaterThan(s.geometric(1e-15), 0)
    }

    func testHypergeometric() {
        // (good, bad, sample): inversion when min(sample, complement, smaller group) < 10.
        let rows: [(Int64, Int64, Int64)] = [
            (10, 5, 7), (5, 10, 7), (100, 200, 50), (1000, 30, 600), (5, 1_000_000, 1000), (20, 20, 39),
            (1_000_000, 2_000_000, 1_500_000), (1_000_000_000, 1_000_000_000, 1_000_000_000), (50, 50, 3),
            (3_000, 7, 2_000),
        ]
        for (good, bad, sample) in rows {
            let name = "hypergeometric(\(good), \(bad), \(sample))"
            let samples = drawIntegers(name) { $0.hypergeometric(good: good, bad: bad, sample: sample) }
            let g = Double(good), b = Double(bad), n = Double(sample)
            let total = g + b
            let mean = n * g / total
            let sd = (n * g / total * b / total * (total - n) / max(total - 1, 1)).squareRoot()
            let (lo0, hi0) = window(mean: mean, sd: sd, width: 20)
            let lo = max(lo0, max(0, sample - bad)), hi = min(hi0, min(sample, good))
            assertChiSquare(name, samples, lo: lo, hi: hi) { k in
                let kd = Double(k)
                return exp(logChoose(g, kd) + logChoose(b, n - kd) - logChoose(total, n))
            }
        }
        var s = testStream("hypergeometric-invalid")
        XCTAssertEqual(s.hypergeometric(good: 3, bad: 4, sample: 8), RandomStream.invalidInteger)
        XCTAssertEqual(s.hypergeometric(good: .max, bad: 4, sample: 8), RandomStream.invalidInteger)
        XCTAssertEqual(s.hypergeometric(good: 3, bad: 4, sample: 7), 3)
    }

    func testBernoulliUniformCategorical() {
        for p in [0.3, 1e-3] {
            let name = "bernoulli(\(p))"
            assertChiSquare(name, drawIntegers(name) { $0.bernoulli(p) }, lo: 0, hi: 1) { $0 == 1 ? p : 1 - p }
        }
        for (lo, hi) in [(-3, 7), (0, 999)] as [(Int64, Int64)] {
            let name = "discreteUniform(\(lo), \(hi))"
            let samples = drawIntegers(name) { $0.discreteUniform(lower: lo, upper: hi) }
            assertChiSquare(name, samples, lo: lo, hi: hi) { _ in 1 / Double(hi - lo + 1) }
        }
        var s = testStream("uniform-edges")
        XCTAssertEqual(s.discreteUniform(lower: 5, upper: 5), 5)
        _ = s.discreteUniform(lower: .min, upper: .max)  // the full range does not trap
        XCTAssertEqual(s.discreteUniform(lower: 1, upper: 0), RandomStream.invalidInteger)

        let vectors: [[Double]] = [[0.1, 0.2, 0.7], [0, 0.5, 0, 0.5], [2, 1, 1e-3, 7, 0.5]]
        for w in vectors {
            let total = w.reduce(0, +)
            let name = "categorical(\(w))"
            assertChiSquare(name, drawIntegers(name) { $0.categorical(w) }, lo: 0, hi: Int64(w.count - 1)) { w[Int($0)] / total }
            let table = CategoricalAliasTable(weights: w)!
            let aliasName = "CategoricalAliasTable(\(w))"
            assertChiSquare(aliasName, drawIntegers(aliasName) { table.draw(&$0) }, lo: 0, hi: Int64(w.count - 1)) {
                w[Int($0)] / total
            }
        }
        XCTAssertNil(CategoricalAliasTable(weights: []))
        XCTAssertNil(CategoricalAliasTable(weights: [1, -1]))
        XCTAssertEqual(s.categorical([0, 0]), RandomStream.invalidInteger)
    }

    func testBetaBinomialAndDiscreteWeibull() {
        for (n, a, b) in [(10, 0.5, 0.5), (100, 0.01, 0.01), (1000, 2.0, 3.0), (30, 1000.0, 1000.0)] as [(Int64, Double, Double)] {
            let name = "betaBinomial(\(n), \(a), \(b))"
            let samples = drawIntegers(name) { $0.betaBinomial(n: n, alpha: a, beta: b) }
            let nd = Double(n)
            assertChiSquare(name, samples, lo: 0, hi: n) { k in
                let kd = Double(k)
                return exp(logChoose(nd, kd) + logBetaFunction(kd + a, nd - kd + b) - logBetaFunction(a, b))
            }
        }
        for (q, beta) in [(0.5, 1.5), (0.9, 0.5), (0.01, 3.0), (0.999, 2.0)] {
            let name = "discreteWeibull(\(q), \(beta))"
            let samples = drawIntegers(name) { $0.discreteWeibull(q: q, beta: beta) }
            // P(X >= x) = q^(x^β) < 1e-12 once x^β > 27.7 / -log q.
            let hi = Int64(pow(27.7 / -log(q), 1 / beta).rounded(.up)) + 1
            assertChiSquare(name, samples, lo: 0, hi: hi) { k in
                let x = Double(k)
                return exp(pow(x, beta) * log(q)) - exp(pow(x + 1, beta) * log(q))
            }
        }
    }

    func testInvalidParametersGiveSentinel() {
        var s = testStream("invalid-discrete")
        let bad = RandomStream.invalidInteger
        XCTAssertEqual(s.binomial(n: -1, p: 0.5), bad)
        XCTAssertEqual(s.binomial(n: 10, p: 1.5), bad)
        XCTAssertEqual(s.binomial(n: 10, p: .nan), bad)
        XCTAssertEqual(s.binomial(n: 10, p: 1), 10)
        XCTAssertEqual(s.poisson(-1), bad)
        XCTAssertEqual(s.poisson(.infinity), bad)
        XCTAssertEqual(s.poisson(0), 0)
        XCTAssertEqual(s.negativeBinomial(n: 0, p: 0.5), bad)
        XCTAssertEqual(s.geometric(0), bad)
        XCTAssertEqual(s.bernoulli(-0.1), bad)
        XCTAssertEqual(s.discreteWeibull(q: 1, beta: 1), bad)
        // The largest accepted mean still returns a value near it.
        let big = s.poisson(RandomStream.maxPoissonMean)
        XCTAssertLessThan(abs(Double(big) - 1e18), 1e10)
    }
}
