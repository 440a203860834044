// main.swift — the vectorizable exp/expm1/log/log1p against the C library: loop timings over 1e6 doubles,
// and an evaluator that scripts/reference/vector_math_check.py uses to compare them with mpmath.
//
//   VectorMathBenchmark                  timings, one line per function, with ratios
//   VectorMathBenchmark eval <function>  reads one hexadecimal bit pattern per line on stdin, runs
//                                        the (vectorized) loop over them and prints the results' bit
//                                        patterns (functions: exp, expm1, log, log1p, sigmoid,
//                                        softplus, log1mexp, and libm-... for the C library's)
//   VectorMathBenchmark libm [count]     max ulp distance from the C library on random points
//
// Build the native variant with `swift build -c release --scratch-path .build-native
// -Xswiftc -target-cpu -Xswiftc native --product VectorMathBenchmark`.

import SpecialFunctions

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic seconds.
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

// MARK: The loops. Each is its own non-inlined function so that its machine code can be
// read with objdump (symbols contain "loop").

typealias Loop = (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void

@inline(never) func loopVexp(_ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { d[i] = vexp(a[i]) }
}
@inline(never) func loopLibmExp(_ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { d[i] = exp(a[i]) }
}
@inline(never) func loopVexpm1(_ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { d[i] = vexpm1(a[i]) }
}
@inline(never) func loopLibmExpm1(_ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { d[i] = expm1(a[i]) }
}
@inline(never) func loopVlog(_ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { d[i] = vlog(a[i]) }
}
@inline(never) func loopLibmLog(_ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { d[i] = log(a[i]) }
}
@inline(never) func loopVlog1p(_ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { d[i] = vlog1p(a[i]) }
}
@inline(never) func loopLibmLog1p(_ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { d[i] = log1p(a[i]) }
}
@inline(never) func loopSigmoid(_ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { d[i] = sigmoid(a[i]) }
}
@inline(never) func loopSoftplus(_ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { d[i] = softplus(a[i]) }
}
@inline(never) func loopLog1mexp(_ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { d[i] = log1mexp(a[i]) }
}

// The previous, branching formulations over the C library (as Elementary.swift had them),
// for the logistic-family comparison.
@inline(__always) func libmSigmoid(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + exp(-x)) }
    let e = exp(x)
    return e / (1 + e)
}
@inline(__always) func libmSoftplus(_ x: Double) -> Double {
    x < -37 ? exp(x) : (x < 18 ? log1p(exp(x)) : (x < 33.3 ? x + exp(-x) : x))
}
@inline(__always) func libmLog1mexp(_ x: Double) -> Double {
    x > 0 ? .nan : (x > -0.6931471805599453 ? log(-expm1(x)) : log1p(-exp(x)))
}
@inline(never) func loopLibmSigmoid(_ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { d[i] = libmSigmoid(a[i]) }
}
@inline(never) func loopLibmSoftplus(_ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { d[i] = libmSoftplus(a[i]) }
}
@inline(never) func loopLibmLog1mexp(_ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { d[i] = libmLog1mexp(a[i]) }
}

// MARK: Timings

/// Best-of-`repeats` seconds for one pass of `loop` over n elements.
func best(_ loop: Loop, _ a: UnsafePointer<Double>, _ d: UnsafeMutablePointer<Double>, _ n: Int, repeats: Int = 15) -> Double {
    var t = Double.infinity
    loop(a, d, n)
    for _ in 0..<repeats {
        let start = now()
        loop(a, d, n)
        t = min(t, now() - start)
    }
    return t
}

var generator = SystemRandomNumberGenerator()

func benchmark() {
    let n = 1_000_000
    let a = UnsafeMutablePointer<Double>.allocate(capacity: n)
    let d = UnsafeMutablePointer<Double>.allocate(capacity: n)
    // Ranges typical of log-densities; the C library's speed barely depends on them.
    let cases: [(String, ClosedRange<Double>, Loop, Loop)] = [
        ("exp", -50...50, loopVexp, loopLibmExp),
        ("expm1", -5...5, loopVexpm1, loopLibmExpm1),
        ("log", 1e-3...1e3, loopVlog, loopLibmLog),
        ("log1p", -0.9...10, loopVlog1p, loopLibmLog1p),
        ("sigmoid", -20...20, loopSigmoid, loopLibmSigmoid),
        ("softplus", -40...40, loopSoftplus, loopLibmSoftplus),
        ("log1mexp", -10...0, loopLog1mexp, loopLibmLog1mexp),
    ]
    print("function   range            libm ns/elt   vector ns/elt   speedup")
    for (name, range, vector, libm) in cases {
        for i in 0..<n { a[i] = Double.random(in: range, using: &generator) }
        let tv = best(vector, a, d, n), tl = best(libm, a, d, n)
        let pad = { (s: String, w: Int) in s + String(repeating: " ", count: max(0, w - s.count)) }
        print(pad(name, 11) + pad("[\(range.lowerBound), \(range.upperBound)]", 17)
              + pad(String(format2(tl / Double(n) * 1e9)), 14) + pad(format2(tv / Double(n) * 1e9), 16)
              + format2(tl / tv) + "x")
    }
}

func format2(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    return "\(r)"
}

// MARK: Evaluation for the mpmath check

/// The loop for `name`: the vectorized loops above, so that the check measures the code
/// the kernels run.
func evaluator(_ name: String) -> Loop? {
    switch name {
    case "exp": return loopVexp
    case "expm1": return loopVexpm1
    case "log": return loopVlog
    case "log1p": return loopVlog1p
    case "sigmoid": return loopSigmoid
    case "softplus": return loopSoftplus
    case "log1mexp": return loopLog1mexp
    case "libm-exp": return loopLibmExp
    case "libm-expm1": return loopLibmExpm1
    case "libm-log": return loopLibmLog
    case "libm-log1p": return loopLibmLog1p
    case "libm-sigmoid": return loopLibmSigmoid
    case "libm-softplus": return loopLibmSoftplus
    case "libm-log1mexp": return loopLibmLog1mexp
    default: return nil
    }
}

func evaluate(_ name: String) {
    guard let loop = evaluator(name) else {
        print("unknown function \(name)")
        exit(2)
    }
    var xs: [Double] = []
    while let line = readLine() {
        if let bits = UInt64(line, radix: 16) { xs.append(Double(bitPattern: bits)) }
    }
    var ys = [Double](repeating: 0, count: xs.count)
    xs.withUnsafeBufferPointer { a in
        ys.withUnsafeMutableBufferPointer { d in
            if let base = a.baseAddress, let out = d.baseAddress { loop(base, out, a.count) }
        }
    }
    var out = ""
    for y in ys {
        out += String(y.bitPattern, radix: 16) + "\n"
        if out.utf8.count > 1 << 16 {
            print(out, terminator: "")
            out = ""
        }
    }
    print(out, terminator: "")
}

// MARK: Distance from the C library

/// The number of doubles between a and b (0 when equal; both NaN count as equal).
func ulpDistance(_ a: Double, _ b: Double) -> UInt64 {
    if a.isNaN && b.isNaN { return 0 }
    if a.isNaN || b.isNaN { return .max }
    // Map the bit patterns onto a monotone integer line (-0 and +0 both to 0).
    func ordinal(_ x: Double) -> Int64 {
        let i = Int64(bitPattern: x.bitPattern & ~(1 << 63))
        return x.sign == .minus ? -i : i
    }
    let d = ordinal(a) - ordinal(b)
    return d < 0 ? UInt64(-d) : UInt64(d)
}

func compareWithLibm(_ count: Int) {
    let cases: [(String, (Double) -> Double, (Double) -> Double, () -> Double)] = [
        ("exp", vexp, exp, { Double.random(in: -746...710, using: &generator) }),
        ("expm1", vexpm1, expm1, { Double.random(in: -40...710, using: &generator) }),
        ("log", vlog, log, { Double(bitPattern: UInt64.random(in: 1..<0x7ff0_0000_0000_0000, using: &generator)) }),
        ("log1p", vlog1p, log1p, {
            Bool.random(using: &generator) ? Double.random(in: -1...1, using: &generator)
                : Double(bitPattern: UInt64.random(in: 1..<0x7ff0_0000_0000_0000, using: &generator))
        }),
    ]
    for (name, mine, libm, sample) in cases {
        var worst: UInt64 = 0, differing = 0, worstAt = 0.0
        for _ in 0..<count {
            let x = sample()
            let d = ulpDistance(mine(x), libm(x))
            if d > 0 { differing += 1 }
            if d > worst { worst = d; worstAt = x }
        }
        print("\(name): max ulp distance from libm \(worst) (at x = \(worstAt)), \(differing) of \(count) differ")
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "eval" where arguments.count == 2: evaluate(arguments[1])
case "libm": compareWithLibm(arguments.count > 1 ? Int(arguments[1]) ?? 4_000_000 : 4_000_000)
case nil, "bench": benchmark()
default:
    print("usage: VectorMathBenchmark [bench | eval <function> | libm [count]]")
    exit(2)
}
