// ContinuousSamplerTests.swift — Kolmogorov–Smirnov tests of every continuous sampler whose CDF has a closed form (in erf/erfc, elementary functions or finite sums).

import Foundation
import RandomCore
import XCTest

/// One row of the table: a sampler with fixed parameters and its exact CDF.
struct ContinuousCase {
    let name: String
    let draw: (inout RandomStream) -> Double
    let cdf: (Double) -> Double
}

/// Runs the KS test of each row on its own stream (named after the row).
func runKS(_ cases: [ContinuousCase], file: StaticString = #filePath, line: UInt = #line) {
    for c in cases {
        var s = testStream(c.name)
        let samples = (0 ..< sampleCount).map { _ in c.draw(&s) }
        assertKS(c.name, samples, c.cdf, file: file, line: line)
    }
}

/// Regularized lower incomplete gamma P(k, x) for integer k: 1 - e^-x Σ_{j<k} x^j / j!.
func erlangCDF(_ k: Int, _ x: Double) -> Double {
    if x <= 0 { return 0 }
    var term = 1.0, sum = 1.0
    for j in 1 ..< k {
        term *= x / Double(j)
        sum += term
    }
    return -expm1(-x) - (sum - 1) * exp(-x)
}

final class ContinuousSamplerTests: XCTestCase {
    func testNormalFamily() {
        runKS([
            ContinuousCase(name: "standardNormal", draw: { $0.standardNormal() }, cdf: normalCDF),
            ContinuousCase(name: "normal(3, 2)", draw: { $0.normal(loc: 3, scale: 2) }, cdf: { normalCDF(($0 - 3) / 2) }),
            ContinuousCase(name: "halfNormal(1, 2)", draw: { $0.halfNormal(loc: 1, scale: 2) },
                           cdf: { $0 <= 1 ? 0 : erf(($0 - 1) / (2 * 2.0.squareRoot())) }),
            ContinuousCase(name: "lognormal(0.3, 1.2)", draw: { $0.lognormal(mean: 0.3, sigma: 1.2) },
                           cdf: { $0 <= 0 ? 0 : normalCDF((log($0) - 0.3) / 1.2) }),
            ContinuousCase(name: "lognormal(0, 1e-6)", draw: { $0.lognormal(mean: 0, sigma: 1e-6) },
                           cdf: { $0 <= 0 ? 0 : normalCDF(log($0) / 1e-6) }),
            // Skew-normal with alpha = ±1 has CDF Φ² (resp. 1 - Φ(-x)²); alpha = 0 is normal.
            ContinuousCase(name: "skewNormal(0, 1, 0)", draw: { $0.skewNormal(mu: 0, sigma: 1, alpha: 0) }, cdf: normalCDF),
            ContinuousCase(name: "skewNormal(1, 2, 1)", draw: { $0.skewNormal(mu: 1, sigma: 2, alpha: 1) },
                           cdf: { let p = normalCDF(($0 - 1) / 2); return p * p }),
            ContinuousCase(name: "skewNormal(0, 1, -1)", draw: { $0.skewNormal(mu: 0, sigma: 1, alpha: -1) },
                           cdf: { let p = normalSF($0); return 1 - p * p }),
            // Rice with b = 0 is Rayleigh.
            ContinuousCase(name: "rice(0, 2)", draw: { $0.rice(b: 0, sigma: 2) }, cdf: { -expm1(-$0 * $0 / 8) }),
            ContinuousCase(name: "moyal(0, 1)", draw: { $0.moyal(mu: 0, sigma: 1) },
                           cdf: { erfc(exp(-0.5 * $0) / 2.0.squareRoot()) }),
            ContinuousCase(name: "moyal(2, 0.5)", draw: { $0.moyal(mu: 2, sigma: 0.5) },
                           cdf: { erfc(exp(-0.5 * ($0 - 2) / 0.5) / 2.0.squareRoot()) }),
        ])
    }

    /// The ziggurat's construction closes: the recurrence from r returns to the top of
    /// the density with the common area v (Marsaglia & Tsang's r is exact to ~1e-12).
    func testZigguratTailsAreExact() {
        // Tail beyond r = 3.654 (the ziggurat's exponential tail branch): P(|Z| > 3.654)
        // = 2.6e-4, so 4e6 draws give about 1000 tail values, tested against the
        // conditional law.
        var s = testStream("ziggurat-tail")
        var tail: [Double] = []
        for _ in 0 ..< 4_000_000 {
            let z = s.standardNormal()
            if abs(z) > 3.6541528853610088 { tail.append(abs(z)) }
        }
        let expected = 4e6 * 2 * normalSF(3.6541528853610088)
        XCTAssertLessThan(abs(Double(tail.count) - expected), 6 * expected.squareRoot())
        let q = normalSF(3.6541528853610088)
        assertKS("standardNormal | |z| > r", tail) { 1 - normalSF($0) / q }
    }

    func testInversionFamilies() {
        runKS([
            ContinuousCase(name: "uniform(-2, 5)", draw: { $0.uniform(low: -2, high: 5) },
                           cdf: { min(max(($0 + 2) / 7, 0), 1) }),
            ContinuousCase(name: "exponential(2)", draw: { $0.exponential(scale: 2) }, cdf: { -expm1(-$0 / 2) }),
            ContinuousCase(name: "cauchy(1, 3)", draw: { $0.cauchy(loc: 1, scale: 3) },
                           cdf: { 0.5 + atan(($0 - 1) / 3) / Double.pi }),
            ContinuousCase(name: "halfCauchy(0, 1.5)", draw: { $0.halfCauchy(loc: 0, scale: 1.5) },
                           cdf: { $0 <= 0 ? 0 : 2 / Double.pi * atan($0 / 1.5) }),
            ContinuousCase(name: "laplace(0.5, 2)", draw: { $0.laplace(loc: 0.5, scale: 2) },
                           cdf: { $0 < 0.5 ? 0.5 * exp(($0 - 0.5) / 2) : 1 - 0.5 * exp(-($0 - 0.5) / 2) }),
            ContinuousCase(name: "logistic(-1, 0.7)", draw: { $0.logistic(loc: -1, scale: 0.7) },
                           cdf: { 1 / (1 + exp(-($0 + 1) / 0.7)) }),
            ContinuousCase(name: "gumbel(2, 3)", draw: { $0.gumbel(loc: 2, scale: 3) }, cdf: { exp(-exp(-($0 - 2) / 3)) }),
            ContinuousCase(name: "weibull(0.5, 2)", draw: { $0.weibull(shape: 0.5, scale: 2) },
                           cdf: { $0 <= 0 ? 0 : -expm1(-pow($0 / 2, 0.5)) }),
            ContinuousCase(name: "weibull(50)", draw: { $0.weibull(shape: 50) }, cdf: { $0 <= 0 ? 0 : -expm1(-pow($0, 50)) }),
            ContinuousCase(name: "weibull(0.05)", draw: { $0.weibull(shape: 0.05) }, cdf: { $0 <= 0 ? 0 : -expm1(-pow($0, 0.05)) }),
            ContinuousCase(name: "pareto(0.5, 2)", draw: { $0.pareto(b: 0.5, scale: 2) }, cdf: { $0 <= 2 ? 0 : 1 - pow(2 / $0, 0.5) }),
            ContinuousCase(name: "pareto(20, 1)", draw: { $0.pareto(b: 20, scale: 1) }, cdf: { $0 <= 1 ? 0 : -expm1(-20 * log($0)) }),
            ContinuousCase(name: "triangular(-1, 0.2, 3)", draw: { $0.triangular(left: -1, mode: 0.2, right: 3) },
                           cdf: { x in x <= 0.2 ? (x + 1) * (x + 1) / (4 * 1.2) : 1 - (3 - x) * (3 - x) / (4 * 2.8) }),
            ContinuousCase(name: "triangular(0, 0, 1)", draw: { $0.triangular(left: 0, mode: 0, right: 1) },
                           cdf: { 1 - (1 - $0) * (1 - $0) }),
            ContinuousCase(name: "triangular(0, 1, 1)", draw: { $0.triangular(left: 0, mode: 1, right: 1) }, cdf: { $0 * $0 }),
            ContinuousCase(name: "kumaraswamy(2, 5)", draw: { $0.kumaraswamy(a: 2, b: 5) },
                           cdf: { -expm1(5 * log1p(-pow($0, 2))) }),
            ContinuousCase(name: "kumaraswamy(0.1, 0.3)", draw: { $0.kumaraswamy(a: 0.1, b: 0.3) },
                           cdf: { -expm1(0.3 * log1p(-pow($0, 0.1))) }),
            ContinuousCase(name: "kumaraswamy(5, 200)", draw: { $0.kumaraswamy(a: 5, b: 200) },
                           cdf: { -expm1(200 * log1p(-pow($0, 5))) }),
            // AsymmetricLaplace(b, kappa, mu): left mass kappa²/(1 + kappa²).
            ContinuousCase(name: "asymmetricLaplace(2, 0.5, 1)", draw: { $0.asymmetricLaplace(b: 2, kappa: 0.5, mu: 1) },
                           cdf: { x in x < 1 ? 0.2 * exp((x - 1) * 2 / 0.5) : 1 - 0.8 * exp(-(x - 1) * 2 * 0.5) }),
            ContinuousCase(name: "asymmetricLaplace(1, 3, 0)", draw: { $0.asymmetricLaplace(b: 1, kappa: 3, mu: 0) },
                           cdf: { x in x < 0 ? 0.9 * exp(x / 3) : 1 - 0.1 * exp(-x * 3) }),
        ])
    }

    func testGammaFamilyClosedForms() {
        runKS([
            ContinuousCase(name: "gamma(1, 2)", draw: { $0.gamma(shape: 1, scale: 2) }, cdf: { -expm1(-max($0, 0) / 2) }),
            ContinuousCase(name: "gamma(2, 1)", draw: { $0.gamma(shape: 2, scale: 1) }, cdf: { erlangCDF(2, $0) }),
            ContinuousCase(name: "gamma(5, 0.5)", draw: { $0.gamma(shape: 5, scale: 0.5) }, cdf: { erlangCDF(5, $0 / 0.5) }),
            ContinuousCase(name: "gamma(30, 1)", draw: { $0.gamma(shape: 30, scale: 1) }, cdf: { erlangCDF(30, $0) }),
            // P(1/2, x) = erf(sqrt x); P(3/2, x) = erf(sqrt x) - 2 sqrt(x/π) e^-x.
            ContinuousCase(name: "gamma(0.5, 1)", draw: { $0.gamma(shape: 0.5, scale: 1) }, cdf: { erf(max($0, 0).squareRoot()) }),
            ContinuousCase(name: "gamma(1.5, 1)", draw: { $0.gamma(shape: 1.5, scale: 1) },
                           cdf: { x in erf(x.squareRoot()) - 2 * (x / Double.pi).squareRoot() * exp(-x) }),
            ContinuousCase(name: "chiSquare(1)", draw: { $0.chiSquare(df: 1) }, cdf: { erf(($0 / 2).squareRoot()) }),
            ContinuousCase(name: "chiSquare(3)", draw: { $0.chiSquare(df: 3) },
                           cdf: { x in erf((x / 2).squareRoot()) - 2 * (x / 2 / Double.pi).squareRoot() * exp(-x / 2) }),
            ContinuousCase(name: "chiSquare(4)", draw: { $0.chiSquare(df: 4) }, cdf: { erlangCDF(2, $0 / 2) }),
            // X = scale / G: P(X <= x) = P(G >= scale / x).
            ContinuousCase(name: "inverseGamma(1, 2)", draw: { $0.inverseGamma(shape: 1, scale: 2) }, cdf: { exp(-2 / $0) }),
            ContinuousCase(name: "inverseGamma(0.5, 1)", draw: { $0.inverseGamma(shape: 0.5, scale: 1) },
                           cdf: { erfc((1 / $0).squareRoot()) }),
            ContinuousCase(name: "beta(1, 1)", draw: { $0.beta(1, 1) }, cdf: { $0 }),
            ContinuousCase(name: "beta(0.5, 0.5)", draw: { $0.beta(0.5, 0.5) }, cdf: { 2 / Double.pi * asin($0.squareRoot()) }),
            ContinuousCase(name: "beta(2, 3)", draw: { $0.beta(2, 3) }, cdf: { x in x * x * (6 - 8 * x + 3 * x * x) }),
            // Beta(a, 1) = x^a: a = 0.01 puts 8e-4 of the mass below 1e-308.
            ContinuousCase(name: "beta(0.01, 1)", draw: { $0.beta(0.01, 1) }, cdf: { pow($0, 0.01) }),
            ContinuousCase(name: "beta(1, 0.5)", draw: { $0.beta(1, 0.5) }, cdf: { -expm1(0.5 * log1p(-$0)) }),
            ContinuousCase(name: "beta(3, 1)", draw: { $0.beta(3, 1) }, cdf: { $0 * $0 * $0 }),
            ContinuousCase(name: "studentT(1, 1, 2)", draw: { $0.studentT(df: 1, loc: 1, scale: 2) },
                           cdf: { 0.5 + atan(($0 - 1) / 2) / Double.pi }),
            ContinuousCase(name: "studentT(2, 0, 1)", draw: { $0.studentT(df: 2, loc: 0, scale: 1) },
                           cdf: { t in 0.5 + t / (2 * (2 + t * t).squareRoot()) }),
            ContinuousCase(name: "halfStudentT(2, 1.5)", draw: { $0.halfStudentT(df: 2, scale: 1.5) },
                           cdf: { x in let t = x / 1.5; return t / (2 + t * t).squareRoot() }),
            ContinuousCase(name: "halfStudentT(1, 1)", draw: { $0.halfStudentT(df: 1, scale: 1) },
                           cdf: { 2 / Double.pi * atan($0) }),
        ])
    }

    func testWaldAndExGaussian() {
        // Inverse Gaussian CDF: Φ(sqrt(λ/x)(x/μ - 1)) + e^(2λ/μ) Φ(-sqrt(λ/x)(x/μ + 1)),
        // the second term formed in logs (e^(2λ/μ) is large where Φ is tiny).
        func waldCDF(_ mu: Double, _ lambda: Double) -> (Double) -> Double {
            { x in
                if x <= 0 { return 0 }
                let r = (lambda / x).squareRoot()
                return normalCDF(r * (x / mu - 1)) + exp(2 * lambda / mu + log(normalCDF(-r * (x / mu + 1))))
            }
        }
        // Ex-Gaussian: Φ(z) - exp(-(x - μ)/ν + σ²/(2ν²)) Φ(z - σ/ν), z = (x - μ)/σ.
        func exGaussianCDF(_ mu: Double, _ sigma: Double, _ nu: Double) -> (Double) -> Double {
            { x in
                let z = (x - mu) / sigma
                return normalCDF(z) - exp(-(x - mu) / nu + sigma * sigma / (2 * nu * nu) + log(normalCDF(z - sigma / nu)))
            }
        }
        runKS([
            ContinuousCase(name: "wald(2, 3)", draw: { $0.wald(mean: 2, lambda: 3) }, cdf: waldCDF(2, 3)),
            ContinuousCase(name: "wald(1, 0.05)", draw: { $0.wald(mean: 1, lambda: 0.05) }, cdf: waldCDF(1, 0.05)),
            ContinuousCase(name: "wald(1, 100)", draw: { $0.wald(mean: 1, lambda: 100) }, cdf: waldCDF(1, 100)),
            ContinuousCase(name: "wald(50, 1)", draw: { $0.wald(mean: 50, lambda: 1) }, cdf: waldCDF(50, 1)),
            ContinuousCase(name: "exGaussian(0, 1, 2)", draw: { $0.exGaussian(mu: 0, sigma: 1, nu: 2) }, cdf: exGaussianCDF(0, 1, 2)),
            ContinuousCase(name: "exGaussian(1, 2, 0.5)", draw: { $0.exGaussian(mu: 1, sigma: 2, nu: 0.5) },
                           cdf: exGaussianCDF(1, 2, 0.5)),
        ])
    }

    func testTruncatedNormal() {
        /// CDF of N(mu, sigma²) restricted to [lo, hi], through upper tails when the
        /// interval is right of 0 so that far-tail intervals keep their digits.
        func truncatedCDF(_ mu: Double, _ sigma: Double, _ lo: Double, _ hi: Double) -> (Double) -> Double {
            let a = (lo - mu) / sigma, b = (hi - mu) / sigma
            return { x in
                let z = min(max((x - mu) / sigma, a), b)
                if a >= 0 { return (normalSF(a) - normalSF(z)) / (normalSF(a) - normalSF(b)) }
                return (normalCDF(z) - normalCDF(a)) / (normalCDF(b) - normalCDF(a))
            }
        }
        let rows: [(Double, Double, Double, Double)] = [
            (0, 1, -1, 2),  // contains 0, narrow: uniform proposal
            (0, 1, -10, 10),  // contains 0, wide: normal rejection
            (0, 1, 0.1, 0.4),  // near 0, short: uniform proposal
            (0, 1, 0.1, .infinity),  // near 0, long: |Z| rejection
            (1, 2, 5, .infinity),  // a = 2, one-sided: exponential proposal
            (0, 1, -.infinity, -3),  // mirrored tail
            (0, 1, 8, 9),  // far tail: exponential proposal with an upper bound
            (0, 1, 30, 30.05),  // far tail, short: uniform proposal
            (0, 1, 30, .infinity),  // 30 sd out: erfc is still 1e-198
            (10, 0.5, -.infinity, .infinity),  // no truncation
            (0, 1, -0.001, 0.001),  // tiny interval around the mode
        ]
        runKS(rows.map { r in
            ContinuousCase(name: "truncatedNormal(\(r.0), \(r.1), \(r.2), \(r.3))",
                           draw: { $0.truncatedNormal(mu: r.0, sigma: r.1, lower: r.2, upper: r.3) },
                           cdf: truncatedCDF(r.0, r.1, r.2, r.3))
        })
    }

    /// Where a log-space path exists, the double sampler is exactly exp (or sigmoid) of it.
    func testTinyShapesUseTheLogSpacePath() {
        var a = testStream("log-path")
        var b = a
        for _ in 0 ..< 1000 {
            let g = a.standardGamma(shape: 1e-3)
            let lg = b.logStandardGamma(shape: 1e-3)
            XCTAssertEqual(g, exp(lg))
            XCTAssertFalse(lg.isInfinite)
            let x = a.beta(0.01, 0.01)
            let d = b.betaLogOdds(0.01, 0.01)
            XCTAssertEqual(x, 1 / (1 + exp(-d)), accuracy: 1e-15)
        }
        // Gamma(1e-3): P(G < 5e-324) = (5e-324)^a / Γ(1 + a) = 0.4752 (the true underflow
        // fraction); the sampler may round to 0 only that often.
        var s = testStream("gamma-underflow")
        let zeros = (0 ..< sampleCount).filter { _ in s.standardGamma(shape: 1e-3) == 0 }.count
        let p = exp(1e-3 * log(Double.leastNonzeroMagnitude) - lgamma(1.001))
        let se = (p * (1 - p) / Double(sampleCount)).squareRoot()
        print(String(format: "[FRAC] gamma(1e-3) == 0: %.4f expected %.4f", Double(zeros) / Double(sampleCount), p))
        XCTAssertLessThan(abs(Double(zeros) / Double(sampleCount) - p), 6 * se)
    }

    func testInvalidParametersGiveNaN() {
        var s = testStream("invalid")
        XCTAssertTrue(s.gamma(shape: -1, scale: 1).isNaN)
        XCTAssertTrue(s.gamma(shape: .nan, scale: 1).isNaN)
        XCTAssertEqual(s.gamma(shape: 0, scale: 1), 0)
        XCTAssertTrue(s.beta(0, 1).isNaN)
        XCTAssertTrue(s.wald(mean: -1, lambda: 1).isNaN)
        XCTAssertTrue(s.vonMises(mu: 0, kappa: -1).isNaN)
        XCTAssertTrue(s.truncatedNormal(mu: 0, sigma: 1, lower: 2, upper: 1).isNaN)
        XCTAssertTrue(s.truncatedNormal(mu: 0, sigma: -1, lower: 0, upper: 1).isNaN)
        XCTAssertEqual(s.truncatedNormal(mu: 0, sigma: 1, lower: 2, upper: 2), 2)
        XCTAssertTrue(s.studentT(df: 0, loc: 0, scale: 1).isNaN)
        XCTAssertTrue(s.triangular(left: 1, mode: 0, right: 0).isNaN)
        XCTAssertTrue(s.triangular(left: 0, mode: 2, right: 1).isNaN)
        XCTAssertEqual(s.triangular(left: 1, mode: 1, right: 1), 1)
        for bad in [-1.0, .nan] {
            XCTAssertTrue(s.normal(loc: 0, scale: bad).isNaN)
            XCTAssertTrue(s.exponential(scale: bad).isNaN)
            XCTAssertTrue(s.cauchy(loc: 0, scale: bad).isNaN)
            XCTAssertTrue(s.halfCauchy(loc: 0, scale: bad).isNaN)
            XCTAssertTrue(s.halfNormal(loc: 0, scale: bad).isNaN)
            XCTAssertTrue(s.lognormal(mean: 0, sigma: bad).isNaN)
            XCTAssertTrue(s.laplace(loc: 0, scale: bad).isNaN)
            XCTAssertTrue(s.logistic(loc: 0, scale: bad).isNaN)
            XCTAssertTrue(s.gumbel(loc: 0, scale: bad).isNaN)
            XCTAssertTrue(s.weibull(shape: bad).isNaN)
            XCTAssertTrue(s.pareto(b: bad, scale: 1).isNaN)
            XCTAssertTrue(s.kumaraswamy(a: bad, b: 1).isNaN)
            XCTAssertTrue(s.asymmetricLaplace(b: 1, kappa: bad, mu: 0).isNaN)
            XCTAssertTrue(s.moyal(mu: 0, sigma: bad).isNaN)
            XCTAssertTrue(s.exGaussian(mu: 0, sigma: 1, nu: bad).isNaN)
            XCTAssertTrue(s.skewNormal(mu: 0, sigma: bad, alpha: 1).isNaN)
            XCTAssertTrue(s.rice(b: bad, sigma: 1).isNaN)
            XCTAssertTrue(s.inverseGamma(shape: bad, scale: 1).isNaN)
            XCTAssertTrue(s.chiSquare(df: bad).isNaN)
            XCTAssertTrue(s.halfStudentT(df: bad, scale: 1).isNaN)
            XCTAssertTrue(s.wald(mean: 1, lambda: bad).isNaN)
            XCTAssertTrue(s.vonMises(mu: 0, kappa: bad).isNaN)
            XCTAssertTrue(s.beta(1, bad).isNaN)
        }
        // Extreme but valid: finite results of the right size.
        let concentrated = s.vonMises(mu: 0, kappa: 1e300)
        XCTAssertTrue(concentrated.isFinite && abs(concentrated) < 1e-140)
        XCTAssertLessThanOrEqual(abs(s.vonMises(mu: 10, kappa: 1e-200)), Double.pi)
        XCTAssertEqual(s.studentT(df: .infinity, loc: 0, scale: 1).isFinite, true)
        XCTAssertTrue(s.gamma(shape: 1e300, scale: 1).isFinite)
    }
}
