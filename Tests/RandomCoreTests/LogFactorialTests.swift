// LogFactorialTests.swift — the discrete samplers' log-probability helpers against mpmath (40 digits) and the Marsaglia–Tsang acceptance series against its direct form.

@testable import RandomCore
import XCTest

final class LogFactorialTests: XCTestCase {
    /// log(a!) - log(b!) = loggamma(a + 1) - loggamma(b + 1) from mpmath at 40 digits.
    func testLogFactorialRatioMatchesMpmath() {
        let rows: [(a: Double, b: Double, want: Double)] = [
            (1e9, 1e9 - 1000, 20723.265337446244739),
            (1e9 + 12345, 1e9, 255828.79296247484856),
            (20, 17, 8.8305430106165961457),
            (16, 40, -79.648779608676722625),
            (5e8, 4.9999e8, 200301.08657319808513),
            (1e12, 1e12 + 1e6, -27631021.615928881541),
        ]
        for r in rows {
            let got = logFactorialRatio(r.a, r.b, difference: r.a - r.b)
            XCTAssertLessThan(abs(got - r.want) / abs(r.want), 1e-13, "log(\(r.a)!/\(r.b)!) = \(got), want \(r.want)")
        }
        // Beyond 2^53: log((2^62 - 40)! / (2^62 - 52)!) = Σ_{j=40}^{51} log(2^62 - j), from
        // mpmath; 2^62 - 40 and 2^62 - 52 both round to 2^62 in binary64.
        let n = 0x1p62
        let got = logFactorialRatio(n - 40, n - 52, difference: 12)
        XCTAssertLessThan(abs(got - 515.70150233659931009) / 515.7, 1e-14)
    }

    /// log P(X = k), X ~ Poisson(λ): k log λ - λ - loggamma(k + 1) from mpmath.
    func testLogPoissonProbabilityMatchesMpmath() {
        let rows: [(k: Double, lambda: Double, want: Double)] = [
            (1e7, 1e7, -8.9779863670171659692),
            (10_012_345, 1e7, -16.595420810406046809),
            (12, 10.5, -2.2707114097001539045),
            (1, 3, -1.9013877113318903086),
            (1e7 - 20000, 1e7, -28.990332048386560019),
        ]
        for r in rows {
            let got = logPoissonProbability(r.k, r.lambda)
            XCTAssertLessThan(abs(got - r.want) / abs(r.want), 1e-12, "log P(\(r.k); \(r.lambda)) = \(got), want \(r.want)")
        }
    }

    /// The series form of Marsaglia–Tsang's log acceptance equals the direct form where
    /// the direct form is still accurate (moderate shapes), across the series cut-off.
    func testMarsagliaTsangSeriesMatchesDirectForm() {
        for d in [0.7, 2.0, 30.0] {
            let c = 1 / (3 * d.squareRoot())
            for z in stride(from: -3.0, through: 3.0, by: 0.25) {
                let t = c * z
                if t <= -1 { continue }  // outside the method's domain (v <= 0)
                let w = 1 + t
                let v = w * w * w
                let direct = 0.5 * z * z + d * (1 - v + log(v))
                let series = marsagliaTsangLogAcceptance(z2: z * z, d: d, t: t, v: v)
                XCTAssertEqual(series, direct, accuracy: 1e-12 * max(1, abs(direct)), "d = \(d), z = \(z)")
            }
        }
    }

    func testZigguratClosesAndRadixSortSorts() {
        let z = NormalZiggurat.shared
        XCTAssertLessThan(abs(z.closure) / z.v, 1e-9)
        XCTAssertEqual(z.x[1], NormalZiggurat.r)
        for i in 1 ..< 256 { XCTAssertGreaterThan(z.x[i], z.x[i + 1]) }
        // The test suite's radix sort agrees with the standard library's.
        var s = testStream("radix")
        var values = (0 ..< 5000).map { _ in s.cauchy(loc: 0, scale: 1e-300) }
        values += [0, -0.0, .infinity, -.infinity, 1, -1, .leastNonzeroMagnitude, -.leastNonzeroMagnitude]
        XCTAssertEqual(radixSorted(values), values.sorted())
    }
}
