// SciPyExportTests.swift — writes samples of the laws whose CDFs need special functions this project lacks (incomplete gamma/beta, Bessel, Owen's T) for scripts/validation/check_random_core.py to test against SciPy.

import Foundation
import RandomCore
import XCTest

/// One exported sample set: what SciPy should compare it with.
struct ExportCase {
    /// SciPy-side law (see `check_random_core.py` for the mapping).
    let dist: String
    let params: [Double]
    /// "linear" (the variate), "log" (its log) or "logit" (its log-odds).
    let space: String
    let draw: (inout RandomStream) -> Double
}

/// The exported cases, extreme parameters first in each family.
let exportCases: [ExportCase] = {
    var c: [ExportCase] = []
    // Gamma(shape, scale): tiny shapes as log G (most of the mass underflows a Double).
    for a in [1e-3, 1e-2, 0.1, 0.5] {
        c.append(ExportCase(dist: "gamma", params: [a, 1], space: "log") { $0.logStandardGamma(shape: a) })
    }
    for (a, scale) in [(0.9, 1.0), (3.7, 2.0), (1e5, 1.0), (1e10, 1e-10)] {
        c.append(ExportCase(dist: "gamma", params: [a, scale], space: "linear") { $0.gamma(shape: a, scale: scale) })
    }
    // Beta(a, b): log-odds for tiny shapes, the variate otherwise.
    for (a, b) in [(0.01, 0.01), (1e-3, 5.0), (0.5, 0.5), (0.2, 3e4)] {
        c.append(ExportCase(dist: "beta", params: [a, b], space: "logit") { $0.betaLogOdds(a, b) })
    }
    for (a, b) in [(0.01, 0.01), (2.5, 7.5), (1e4, 1e4), (1e6, 3.0), (0.7, 1.3)] {
        c.append(ExportCase(dist: "beta", params: [a, b], space: "linear") { $0.beta(a, b) })
    }
    for df in [0.02, 7, 1e6] {
        c.append(ExportCase(dist: "chi2", params: [df], space: "linear") { $0.chiSquare(df: df) })
    }
    for (df, loc, scale) in [(0.3, 0.0, 1.0), (2.5, 1.0, 2.0), (30, 0, 1), (1e6, 0, 1)] as [(Double, Double, Double)] {
        c.append(ExportCase(dist: "t", params: [df, loc, scale], space: "linear") { $0.studentT(df: df, loc: loc, scale: scale) })
    }
    for (df, scale) in [(5.0, 2.0), (0.5, 1.0)] {
        c.append(ExportCase(dist: "halft", params: [df, scale], space: "linear") { $0.halfStudentT(df: df, scale: scale) })
    }
    for (a, scale) in [(3.0, 2.0), (0.05, 1.0)] {
        c.append(ExportCase(dist: "invgamma", params: [a, scale], space: "linear") { $0.inverseGamma(shape: a, scale: scale) })
    }
    for (mu, kappa) in [(0.0, 1e-8), (0.0, 0.5), (2.5, 2.0), (-3.0, 50.0), (0.0, 1e3), (0.0, 1e8), (1.0, 1e12)] {
        c.append(ExportCase(dist: "vonmises", params: [mu, kappa], space: "linear") { $0.vonMises(mu: mu, kappa: kappa) })
    }
    for (b, sigma) in [(1e-4, 1.0), (0.5, 1.0), (3.0, 2.0), (50.0, 0.1)] {
        c.append(ExportCase(dist: "rice", params: [b, sigma], space: "linear") { $0.rice(b: b, sigma: sigma) })
    }
    for (mu, sigma, alpha) in [(0.0, 1.0, 4.0), (1.0, 2.0, -10.0), (0.0, 1.0, 1e3), (0.0, 1.0, 0.3)] {
        c.append(ExportCase(dist: "skewnorm", params: [mu, sigma, alpha], space: "linear") {
            $0.skewNormal(mu: mu, sigma: sigma, alpha: alpha)
        })
    }
    for (mu, sigma, nu) in [(0.0, 1.0, 1e-3), (0.0, 1.0, 100.0), (2.0, 0.5, 1.0)] {
        c.append(ExportCase(dist: "exgaussian", params: [mu, sigma, nu], space: "linear") {
            $0.exGaussian(mu: mu, sigma: sigma, nu: nu)
        })
    }
    for (mean, lambda) in [(1.0, 1e3), (1.0, 1e-3), (1e3, 1.0), (0.5, 2.0)] {
        c.append(ExportCase(dist: "wald", params: [mean, lambda], space: "linear") { $0.wald(mean: mean, lambda: lambda) })
    }
    let truncated: [(Double, Double, Double, Double)] = [
        (0, 1, 1e3, .infinity), (0, 1, -.infinity, -50), (0, 1, 5, 1e6), (0, 1, -40, -39.99),
        (2, 3, -1e4, -30), (0, 1, 10, 10.0001), (0, 1, -1e-3, 1e-3), (5, 0.1, 0, 1e9),
    ]
    for (mu, sigma, lo, hi) in truncated {
        c.append(ExportCase(dist: "truncnorm", params: [mu, sigma, lo, hi], space: "linear") {
            $0.truncatedNormal(mu: mu, sigma: sigma, lower: lo, upper: hi)
        })
    }
    // Dirichlet marginals in log space: log x_0 of Dirichlet(alpha) is log Beta(alpha_0, Σα - alpha_0).
    for alpha in [[0.01, 0.01, 0.01], [1e-3, 1, 5], [0.5, 0.5, 0.5, 0.5]] {
        let rest = alpha.dropFirst().reduce(0, +)
        c.append(ExportCase(dist: "logbeta", params: [alpha[0], rest], space: "linear") { $0.logDirichlet(alpha: alpha)[0] })
    }
    // LKJ correlations: 2 Beta(b, b) - 1 with b = eta - 1 + n/2.
    for (n, eta) in [(3, 2.0), (10, 0.5), (2, 0.3)] {
        let b = eta - 1 + Double(n) / 2
        c.append(ExportCase(dist: "lkj", params: [b], space: "linear") { s in
            var l = [Double](repeating: 0, count: n * n)
            _ = l.withUnsafeMutableBufferPointer { s.lkjCorrelationCholesky(n: n, eta: eta, into: $0) }
            return l[n]  // C_10 = L_10
        })
    }
    // Discrete laws with means or counts beyond what the log-gamma reference pmfs of
    // the Swift tests resolve (SciPy's use Loader's saddle-point method).
    for (n, p) in [(1e12, 0.5), (1e12, 1e-11), (1e15, 0.01), (Double(Int64.max / 2), 1e-17)] {
        c.append(ExportCase(dist: "binom", params: [n, p], space: "linear") { Double($0.binomial(n: Int64(n), p: p)) })
    }
    for lambda in [1e10, 1e15] {
        c.append(ExportCase(dist: "poisson", params: [lambda], space: "linear") { Double($0.poisson(lambda)) })
    }
    for (good, bad, sample) in [(1e12, 1e12, 1e12), (5e11, 1e12, 7e11), (10.0, 1e12, 5e11)] {
        c.append(ExportCase(dist: "hypergeom", params: [good, bad, sample], space: "linear") {
            Double($0.hypergeometric(good: Int64(good), bad: Int64(bad), sample: Int64(sample)))
        })
    }
    for (n, p) in [(1e-3, 1e-3), (0.01, 1e-4), (1e6, 0.3)] {
        c.append(ExportCase(dist: "nbinom", params: [n, p], space: "linear") { Double($0.negativeBinomial(n: n, p: p)) })
    }
    for (n, a, b) in [(1e6, 0.01, 0.01), (1e6, 2.0, 3.0)] {
        c.append(ExportCase(dist: "betabinom", params: [n, a, b], space: "linear") {
            Double($0.betaBinomial(n: Int64(n), alpha: a, beta: b))
        })
    }
    return c
}()

final class SciPyExportTests: XCTestCase {
    /// With RANDOMCORE_SAMPLE_DIR set, writes `sampleCount` little-endian float64 draws per
    /// case to DIR/caseNNN.f64 and a manifest.json describing them; otherwise skips.
    func testWriteSamplesForSciPy() throws {
        guard let dir = ProcessInfo.processInfo.environment["RANDOMCORE_SAMPLE_DIR"] else {
            throw XCTSkip("set RANDOMCORE_SAMPLE_DIR to export samples for scripts/validation/check_random_core.py")
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var manifest: [[String: Any]] = []
        for (i, c) in exportCases.enumerated() {
            let file = String(format: "case%03d.f64", i)
            var s = testStream("scipy:\(c.dist)\(c.params)\(c.space)")
            var values = (0 ..< sampleCount).map { _ in c.draw(&s) }
            let data = values.withUnsafeMutableBytes { Data($0) }
            try data.write(to: URL(fileURLWithPath: dir).appendingPathComponent(file))
            // Parameters as strings: JSON has no infinity ("inf" parses with Python float()).
            manifest.append(["file": file, "dist": c.dist, "params": c.params.map { "\($0)" }, "space": c.space])
        }
        let json = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted])
        try json.write(to: URL(fileURLWithPath: dir).appendingPathComponent("manifest.json"))
        print("[EXPORT] \(exportCases.count) sample sets in \(dir)")
    }
}
