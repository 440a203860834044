// main.swift — executor benchmarks from Swift: small-function call overhead, fused elementwise throughput,
// logistic-regression log-density and gradient against a hand-written BLAS loop. Prints JSON lines.

import CLapack
import SwiftPPL

#if canImport(Glibc)
import Glibc
#endif

/// Monotonic seconds.
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Best-of-`repeats` time per call, in seconds, of `body` run `inner` times.
func timePerCall(inner: Int, repeats: Int = 7, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = now()
        for _ in 0..<inner { try body() }
        best = min(best, (now() - start) / Double(inner))
    }
    return best
}

func report(_ name: String, _ seconds: Double, extra: String = "") {
    print("{\"benchmark\": \"\(name)\", \"seconds\": \(seconds)\(extra)}")
}

var generator = SystemRandomNumberGenerator()
func randomArray(_ shape: [Int], _ scale: Double = 1) -> NDArray {
    let n = shape.reduce(1, *)
    return try! NDArray((0..<n).map { _ in Double.random(in: -scale...scale, using: &generator) }, shape: shape)
}

// MARK: Eight schools (non-centered) log-density and gradient: ~10 parameters, ~30 ops.

func eightSchools() throws {
    let y = constant(NDArray([28.0, 8, -3, 7, -1, 1, 18, 12]))
    let sigma = constant(NDArray([15.0, 10, 16, 11, 9, 11, 10, 18]))
    let mu = scalar("mu"), logTau = scalar("log_tau"), thetaT = vector("theta_t", length: 8)
    let halfLog2Pi = 0.9189385332046727
    func normalLogp(_ x: Variable, _ m: Variable, _ s: Variable) throws -> Variable {
        let z = try (x - m) / s
        return try -0.5 * sqr(z) - log(s) - halfLog2Pi
    }
    let tau = try exp(logTau)
    // HalfCauchy(5) on tau, plus the log-Jacobian of tau = exp(log_tau).
    let tauLogp = try log(constant(2.0 / (Double.pi * 5))) - log1p(sqr(tau / 5.0)) + logTau
    let theta = try mu + tau * thetaT
    let logp = try normalLogp(mu, constant(0.0), constant(5.0)) + tauLogp
        + sum(normalLogp(thetaT, constant(0.0), constant(1.0))) + sum(normalLogp(y, theta, sigma))
    let grads = try grad(logp, wrt: [mu, logTau, thetaT])
    let f = try function(inputs: [mu, logTau, thetaT], outputs: [logp] + grads)
    let nodes = f.schedule.count
    let inputs = [NDArray(scalar: 1.0), NDArray(scalar: 0.5), randomArray([8])]
    _ = try f(inputs)
    let t = try timePerCall(inner: 20000) { _ = try f(inputs) }
    report("eight_schools_logp_grad_swift", t, extra: ", \"nodes\": \(nodes)")
    // Into caller-owned result arrays, as a sampler calls it: no allocation at all.
    let results = try f(inputs).map { try NDArray.empty($0.dtype, $0.shape) }
    let tInto = try timePerCall(inner: 20000) { try f(inputs, into: results) }
    report("eight_schools_logp_grad_swift_into", tInto, extra: ", \"nodes\": \(nodes)")
}

// MARK: Fused elementwise expression over 1e6 doubles.

func fusedElementwise() throws {
    let x = vector("x"), mu = scalar("mu"), s = scalar("s")
    // A normal log-density, elementwise: the kind of expression fusion is for.
    let expression = try -0.5 * sqr((x - mu) / s) - log(s) - 0.9189385332046727
    let f = try function(inputs: [x, mu, s], outputs: [expression])
    let inputs = [randomArray([1_000_000]), NDArray(scalar: 0.3), NDArray(scalar: 1.7)]
    _ = try f(inputs)
    let t = try timePerCall(inner: 20) { _ = try f(inputs) }
    report("fused_elementwise_1e6_swift", t)
    let e2 = try exp(-sqr(x)) * 0.5 + sin(x)
    let g = try function(inputs: [x], outputs: [e2])
    _ = try g([inputs[0]])
    let t2 = try timePerCall(inner: 10) { _ = try g([inputs[0]]) }
    report("fused_transcendental_1e6_swift", t2)
}

// MARK: Logistic regression log-density and gradient, N = 5000, D = 50.

func logisticRegression() throws {
    let n = 5000, d = 50
    let xValue = randomArray([n, d])
    let yValue = try NDArray((0..<n).map { _ in Double(Int.random(in: 0...1, using: &generator)) }, shape: [n])
    let xData = constant(xValue), yData = constant(yValue)
    let beta = vector("beta", length: d)
    let eta = try dot(xData, beta)
    // Bernoulli-logit log-likelihood: y * eta - softplus(eta), plus a Normal(0, 1) prior.
    let logp = try sum(yData * eta - softplus(eta)) + sum(-0.5 * sqr(beta))
    let g = try grad(logp, wrt: [beta])[0]
    let f = try function(inputs: [beta], outputs: [logp, g])
    let betaValue = randomArray([d], 0.1)
    _ = try f([betaValue])
    let t = try timePerCall(inner: 200) { _ = try f([betaValue]) }
    report("logistic_logp_grad_swiftppl", t)

    // The practical limit: the same computation written by hand around two BLAS calls.
    let xp = xValue.pointer(Double.self), yp = yValue.pointer(Double.self), bp = betaValue.pointer(Double.self)
    let etaBuffer = UnsafeMutablePointer<Double>.allocate(capacity: n)
    let residual = UnsafeMutablePointer<Double>.allocate(capacity: n)
    let gradient = UnsafeMutablePointer<Double>.allocate(capacity: d)
    var sink = 0.0
    let tHand = timePerCall(inner: 200) {
        cblas_dgemv(Int32(SPPL_CblasRowMajor), Int32(SPPL_CblasNoTrans), Int32(n), Int32(d), 1, xp, Int32(d), bp, 1, 0, etaBuffer, 1)
        var total = 0.0
        for i in 0..<n {
            let e = etaBuffer[i]
            // softplus and sigmoid, stable for both signs.
            let sp = e > 0 ? e + log1p(exp(-e)) : log1p(exp(e))
            total += yp[i] * e - sp
            let sig = e >= 0 ? 1 / (1 + exp(-e)) : exp(e) / (1 + exp(e))
            residual[i] = yp[i] - sig
        }
        cblas_dgemv(Int32(SPPL_CblasRowMajor), Int32(SPPL_CblasTrans), Int32(n), Int32(d), 1, xp, Int32(d), residual, 1, 0, gradient, 1)
        for j in 0..<d {
            total -= 0.5 * bp[j] * bp[j]
            gradient[j] -= bp[j]
        }
        sink += total + gradient[0]
    }
    report("logistic_logp_grad_handwritten", tHand, extra: ", \"checksum\": \(sink.isFinite ? 1 : 0)")
}

let which = CommandLine.arguments.dropFirst().first ?? "all"
do {
    if which == "all" || which == "small" { try eightSchools() }
    if which == "all" || which == "elementwise" { try fusedElementwise() }
    if which == "all" || which == "logistic" { try logisticRegression() }
} catch {
    print("{\"error\": \"\(error)\"}")
    exit(1)
}
