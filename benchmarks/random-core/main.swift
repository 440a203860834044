// main.swift — RandomCore throughput: samples per second of each sampler in a release build.
// Run: swift run -c release RandomCoreBenchmark

import Foundation
import RandomCore

#if canImport(Glibc)
import Glibc
#endif

/// Monotonic seconds.
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Best of five runs of `count` draws; returns draws per second. The draws are summed
/// into a value that is printed so the optimizer cannot drop them.
func throughput(_ name: String, count: Int = 2_000_000, _ draw: (inout RandomStream) -> Double) {
    var best = Double.infinity
    var sink = 0.0
    for repeatIndex in 0 ..< 5 {
        var s = RandomStream(seed: 7, chain: UInt32(repeatIndex), purpose: 1)
        let start = now()
        for _ in 0 ..< count { sink += draw(&s) }
        best = min(best, now() - start)
    }
    let rate = Double(count) / best
    let label = name.padding(toLength: 34, withPad: " ", startingAt: 0)
    print("\(label) \(String(format: "%8.1f", rate / 1e6)) M/s  \(String(format: "%6.1f", 1e9 / rate)) ns  (sink \(sink.isFinite ? "ok" : "inf"))")
}

throughput("nextUInt64 (as Double)") { Double($0.nextUInt64() >> 11) }
throughput("uniform()") { $0.uniform() }
throughput("standardNormal (ziggurat)") { $0.standardNormal() }
throughput("standardExponential") { $0.standardExponential() }
throughput("gamma(0.5)") { $0.gamma(shape: 0.5, scale: 1) }
throughput("gamma(3)") { $0.gamma(shape: 3, scale: 1) }
throughput("gamma(1e5)") { $0.gamma(shape: 1e5, scale: 1) }
throughput("beta(2, 3)") { $0.beta(2, 3) }
throughput("beta(0.01, 0.01)") { $0.beta(0.01, 0.01) }
throughput("studentT(5)") { $0.studentT(df: 5, loc: 0, scale: 1) }
throughput("vonMises(0, 2)") { $0.vonMises(mu: 0, kappa: 2) }
throughput("truncatedNormal [8, inf)") { $0.truncatedNormal(mu: 0, sigma: 1, lower: 8, upper: .infinity) }
throughput("wald(1, 2)") { $0.wald(mean: 1, lambda: 2) }
throughput("poisson(3) (inversion)") { Double($0.poisson(3)) }
throughput("poisson(1e3) (PTRS)") { Double($0.poisson(1e3)) }
throughput("poisson(1e7) (PTRS)") { Double($0.poisson(1e7)) }
throughput("binomial(20, 0.3) (inversion)") { Double($0.binomial(n: 20, p: 0.3)) }
throughput("binomial(1000, 0.3) (BTPE)") { Double($0.binomial(n: 1000, p: 0.3)) }
throughput("binomial(1e9, 0.5) (BTPE)") { Double($0.binomial(n: 1_000_000_000, p: 0.5)) }
throughput("hypergeometric(1e6, 2e6, 1e6)") { Double($0.hypergeometric(good: 1_000_000, bad: 2_000_000, sample: 1_000_000)) }
throughput("negativeBinomial(2.5, 0.3)") { Double($0.negativeBinomial(n: 2.5, p: 0.3)) }
