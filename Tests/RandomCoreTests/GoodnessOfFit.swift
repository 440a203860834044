// GoodnessOfFit.swift — Kolmogorov–Smirnov and chi-square tests with thresholds at a false-failure rate near 1e-6.

import Foundation
import RandomCore
import XCTest

/// Draws per goodness-of-fit test: 10^5, enough to see a CDF error of 0.009 (KS) at
/// the 1e-6 level. (Debug builds run the same size; the whole suite stays well under
/// the time budget.)
let sampleCount = 100_000

/// sqrt(n) D above which the KS test fails: the asymptotic Kolmogorov tail
/// 2 exp(-2 t²) equals 1e-6 at t = 2.6925.
let ksThreshold = 2.6925

/// z of the one-sided normal tail 1e-6, for the chi-square threshold.
let chiSquareZ = 4.7534

/// A fixed seed per test name so that every test is deterministic and independent.
func testStream(_ name: String, seed: UInt64 = 20_240_601) -> RandomStream {
    RandomStream(seed: seed, chain: 0, purpose: RandomStream.purposeID(name))
}

/// Asymptotic Kolmogorov survival function P(sqrt(n) D > t).
func kolmogorovPValue(_ t: Double) -> Double {
    if t < 0.2 { return 1 }
    var sum = 0.0
    for k in 1 ... 100 {
        let term = Foundation.exp(-2 * Double(k * k) * t * t)
        sum += (k % 2 == 1 ? 1 : -1) * term
        if term < 1e-18 { break }
    }
    return Swift.min(1, Swift.max(0, 2 * sum))
}

/// The KS statistic D = sup |F_n - F| of samples against a continuous CDF.
///
/// Samples are doubles, so a law with mass below the smallest subnormal or within an
/// ulp of 1 piles some of it on one value. At a value v repeated from sorted index i to
/// j the empirical CDF steps from i/n to (j + 1)/n; it is compared with F(v) above the
/// step and with F(v.nextDown) below it, which for untied samples is the usual statistic.
func ksStatistic(_ samples: [Double], _ cdf: (Double) -> Double) -> Double {
    let sorted = radixSorted(samples)
    let n = Double(sorted.count)
    var d = 0.0
    var i = 0
    while i < sorted.count {
        let v = sorted[i]
        var j = i
        while j + 1 < sorted.count && sorted[j + 1] == v { j += 1 }
        let below = j > i ? cdf(v.nextDown) : cdf(v)
        d = Swift.max(d, below - Double(i) / n, Double(j + 1) / n - cdf(v))
        i = j + 1
    }
    return d
}

/// The samples in increasing order (NaN excluded by the caller), by a four-pass LSD
/// radix sort of order-preserving bit patterns: the generic `sorted()` is not
/// specialized in debug builds and would dominate the suite's run time.
func radixSorted(_ samples: [Double]) -> [Double] {
    let n = samples.count
    // Negative doubles: flip all bits; others: flip the sign bit. Then unsigned order
    // is numeric order.
    var keys = samples.map { x -> UInt64 in
        let b = x.bitPattern
        return b >> 63 == 1 ? ~b : b | (1 << 63)
    }
    var scratch = [UInt64](repeating: 0, count: n)
    var counts = [Int](repeating: 0, count: 1 << 16)
    keys.withUnsafeMutableBufferPointer { k in
        scratch.withUnsafeMutableBufferPointer { t in
            counts.withUnsafeMutableBufferPointer { c in
                var src = k, dst = t
                for pass in 0 ..< 4 {
                    let shift = UInt64(16 * pass)
                    for i in 0 ..< c.count { c[i] = 0 }
                    for i in 0 ..< n { c[Int((src[i] >> shift) & 0xFFFF)] += 1 }
                    var total = 0
                    for i in 0 ..< c.count {
                        let here = c[i]
                        c[i] = total
                        total += here
                    }
                    for i in 0 ..< n {
                        let digit = Int((src[i] >> shift) & 0xFFFF)
                        dst[c[digit]] = src[i]
                        c[digit] += 1
                    }
                    swap(&src, &dst)
                }
                // An even number of passes leaves the result in `keys`.
            }
        }
    }
    return keys.map { b in Double(bitPattern: b >> 63 == 1 ? b & ~(1 << 63) : ~b) }
}

/// Asserts that samples fit the CDF; prints the statistic for the report.
func assertKS(_ name: String, _ samples: [Double], _ cdf: (Double) -> Double,
              file: StaticString = #filePath, line: UInt = #line) {
    let nanCount = samples.filter { $0.isNaN }.count
    XCTAssertEqual(nanCount, 0, "\(name): NaN samples", file: file, line: line)
    let d = ksStatistic(samples, cdf)
    let t = d * Double(samples.count).squareRoot()
    let p = kolmogorovPValue(t)
    print(String(format: "[KS] %@ n=%d D=%.5f sqrt(n)D=%.3f p=%.3g", name, samples.count, d, t, p))
    XCTAssertLessThan(t, ksThreshold, "\(name): KS sqrt(n) D = \(t), p = \(p)", file: file, line: line)
}

/// Upper tail of a chi-square with `df` degrees of freedom by the Wilson–Hilferty
/// cube-root normal approximation (good to a few percent of the p-value in the tail).
func chiSquarePValue(_ x: Double, df: Int) -> Double {
    let k = Double(df)
    let z = (Foundation.pow(x / k, 1.0 / 3) - (1 - 2 / (9 * k))) / (2 / (9 * k)).squareRoot()
    return 0.5 * Foundation.erfc(z / 2.0.squareRoot())
}

/// The 1 - 1e-6 quantile of chi-square(df) by Wilson–Hilferty (a little conservative for df < 5).
func chiSquareThreshold(df: Int) -> Double {
    let k = Double(df)
    let c = 1 - 2 / (9 * k) + chiSquareZ * (2 / (9 * k)).squareRoot()
    return k * c * c * c
}

/// Chi-square goodness of fit of integer samples against a pmf known on lo ... hi
/// (which must hold all but 1e-5 of the mass: the log-gamma reference pmfs at n = 1e9
/// are themselves only good to about 1e-6). Run twice: with adjacent values pooled into
/// bins of expected count >= 20 (sees local errors), and into about 40 bins of equal
/// mass (more power against smooth shifts of the whole law). Samples outside lo ... hi
/// count in the end bins.
func assertChiSquare(_ name: String, _ samples: [Int64], lo: Int64, hi: Int64, _ pmf: (Int64) -> Double,
                     file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertFalse(samples.contains(RandomStream.invalidInteger), "\(name): invalid sample", file: file, line: line)
    var probabilities: [Double] = []
    var k = lo
    while true {
        probabilities.append(pmf(k))
        if k == hi { break }
        k += 1
    }
    let mass = probabilities.reduce(0, +)
    XCTAssertLessThan(abs(mass - 1), 1e-5, "\(name): reference mass on \(lo)...\(hi) is \(mass)", file: file, line: line)
    let n = Double(samples.count)
    chiSquareBinned(name, samples, lo: lo, probabilities: probabilities, minExpected: 20, label: "fine", file: file, line: line)
    chiSquareBinned(name, samples, lo: lo, probabilities: probabilities, minExpected: n / 40, label: "coarse",
                    file: file, line: line)
}

/// One chi-square test with bins of at least `minExpected` expected samples.
func chiSquareBinned(_ name: String, _ samples: [Int64], lo: Int64, probabilities: [Double], minExpected: Double,
                     label: String, file: StaticString, line: UInt) {
    let n = Double(samples.count)
    var binStarts: [Int64] = []
    var expected: [Double] = []
    var current = 0.0
    var start = lo
    for (offset, p) in probabilities.enumerated() {
        current += n * p
        if current >= minExpected || offset == probabilities.count - 1 {
            binStarts.append(start)
            expected.append(current)
            current = 0
            start = lo + Int64(offset) + 1
        }
    }
    // An under-full last bin joins its neighbour.
    if expected.count > 1 && expected[expected.count - 1] < minExpected {
        expected[expected.count - 2] += expected.removeLast()
        binStarts.removeLast()
    }
    let bins = expected.count
    if bins < 2 {
        // Everything in one bin: the samples must all lie in the window.
        let hi = lo + Int64(probabilities.count) - 1
        XCTAssertTrue(samples.allSatisfy { $0 >= lo && $0 <= hi }, "\(name): samples outside support", file: file, line: line)
        print("[CHI2] \(name) n=\(samples.count) single bin")
        return
    }
    var observed = [Double](repeating: 0, count: bins)
    for x in samples {
        // The last bin whose start is <= x (values below lo go to bin 0).
        var lowIndex = 0, highIndex = bins - 1
        while lowIndex < highIndex {
            let mid = (lowIndex + highIndex + 1) / 2
            if binStarts[mid] <= x { lowIndex = mid } else { highIndex = mid - 1 }
        }
        observed[lowIndex] += 1
    }
    var stat = 0.0
    for i in 0 ..< bins {
        let diff = observed[i] - expected[i]
        stat += diff * diff / expected[i]
    }
    let df = bins - 1
    let p = chiSquarePValue(stat, df: df)
    print(String(format: "[CHI2] %@ (%@) n=%d bins=%d chi2=%.2f df=%d p=%.3g", name, label, samples.count, bins, stat, df, p))
    XCTAssertLessThan(stat, chiSquareThreshold(df: df), "\(name) (\(label)): chi-square \(stat) on \(df) df, p = \(p)",
                      file: file, line: line)
}

/// Asserts |mean - expected| within `z` standard errors, given the true standard deviation.
func assertMean(_ name: String, _ samples: [Double], mean: Double, sd: Double, z: Double = 6,
                file: StaticString = #filePath, line: UInt = #line) {
    let m = samples.reduce(0, +) / Double(samples.count)
    let se = sd / Double(samples.count).squareRoot()
    let score = (m - mean) / se
    print(String(format: "[MEAN] %@ n=%d mean=%.6g expected=%.6g z=%.2f", name, samples.count, m, mean, score))
    XCTAssertLessThan(Swift.abs(score), z, "\(name): mean \(m), expected \(mean) ± \(se)", file: file, line: line)
}

/// Standard normal CDF Φ(x) = erfc(-x/√2)/2 (full relative accuracy in the lower tail).
func normalCDF(_ x: Double) -> Double {
    0.5 * Foundation.erfc(-x / 2.0.squareRoot())
}

/// Standard normal upper tail 1 - Φ(x) = erfc(x/√2)/2.
func normalSF(_ x: Double) -> Double {
    0.5 * Foundation.erfc(x / 2.0.squareRoot())
}
