// ScalarOp+Special.swift — the special-function scalar ops (erfcx, log_ndtr, Bessel, polygamma, betaln, xlogy0, incomplete gamma and beta, ...): float64 semantics at the edges of their domains (SciPy's), and their loops in both kernel paths.

import RealModule
import SpecialFunctions

// MARK: Scalar functions not in SpecialFunctions as such

/// SciPy's polygamma(n, x) for a real order n: ψ⁽ⁿ⁾(x) for n in 0, 1, ..., 170, NaN for a
/// negative, non-integer or NaN order. Above 170, n! overflows a double and SciPy's result is
/// inf or NaN at every x; NaN here, which also keeps the cost of an element bounded (the
/// reflection for x < 0 builds a polynomial of degree n).
@inline(__always) func polygammaOfRealOrder(_ n: Double, _ x: Double) -> Double {
    guard n >= 0, n <= 170, n == n.rounded(.towardZero) else { return .nan }
    return polygamma(Int(n), x)
}

/// SciPy's betaln: log|B(a, b)|. For a, b > 0 `logBeta`, which stays accurate for large and
/// very unequal arguments; elsewhere (only poles and signs change) log|Γ(a)| + log|Γ(b)| -
/// log|Γ(a + b)|, which is +inf at a pole of Γ(a) or Γ(b), -inf at one of Γ(a + b), and NaN
/// where two poles meet (the limit depends on the direction).
@inline(__always) func logAbsBeta(_ a: Double, _ b: Double) -> Double {
    if a > 0 && b > 0 { return logBeta(a, b) }
    if a.isNaN || b.isNaN { return .nan }
    return logGamma(a) + logGamma(b) - logGamma(a + b)
}

/// x log y, 0 where x == 0 unless y is NaN (SciPy's xlogy; PyTensor's xlogy0 gives 0 also
/// for NaN y, which would hide invalid parameters). The log is the branch-free `vlog`
/// (within 0.82 ulp), so that loops over arrays (a Poisson log-likelihood) vectorize;
/// the C library's log is a call per element.
@inline(__always) func xLogY(_ x: Double, _ y: Double) -> Double {
    let product = x * vlog(y)
    return x == 0 && !y.isNaN ? 0 : product
}

/// x log x, 0 at 0 (the continuous extension; NaN for x < 0).
@inline(__always) func xLogX(_ x: Double) -> Double {
    let product = x * vlog(x)
    return x == 0 ? 0 : product
}

/// Beyond this |x| the scaled Bessel functions use their asymptotic expansion (as `logBesselI0`).
private let besselAsymptoticLimit = 30.0

/// 1/√(2π).
private let inverseSqrtTwoPi = 0.39894228040143267794

/// e^(-|x|) I₀(x) (SciPy's i0e), accurate to a few ulps for all x.
///
/// |x| <= 30: e^(log I₀(|x|) - |x|); log I₀ is below 27 there, so its rounding costs at most
/// 3e-15 relative. Beyond, e^(-x) I₀(x) √(2πx) = Σ_k a_k / x^k with a_k = ((2k-1)!!)² / (k! 8^k),
/// all terms positive, summed here: `logBesselI0(x) - x` would lose ulp(x) (x · 1e-16 relative).
/// √(2πx) is formed as √x/√(2π)⁻¹ so that no product overflows up to the largest double.
func besselI0Scaled(_ x: Double) -> Double {
    let ax = Swift.abs(x)
    if !(ax > besselAsymptoticLimit) { return Double.exp(logBesselI0(ax) - ax) }  // also NaN
    if ax == .infinity { return 0 }
    var term = 1.0, sum = 1.0, k = 1.0
    while k < 60 {
        let odd = 2 * k - 1
        term *= odd * odd / (8 * k * ax)
        sum += term
        if term <= 1e-17 * sum { break }
        k += 1
    }
    return inverseSqrtTwoPi / ax.squareRoot() * sum
}

/// e^(-|x|) I₁(x) (SciPy's i1e; odd in x): i0e(x) times the ratio I₁/I₀, which is computed
/// without forming either function and is accurate for all x.
func besselI1Scaled(_ x: Double) -> Double {
    besselI0Scaled(x) * besselI1OverI0(x)
}

/// e^|x| times a scaled Bessel value s(x) (> 0): e^|x| is applied in two halves, so that the
/// product is finite wherever I₀ or I₁ is (up to |x| ≈ 713.98) although e^|x| alone overflows
/// beyond 709.78.
@inline(__always) private func unscaled(_ ax: Double, _ s: Double) -> Double {
    if ax == .infinity { return .infinity }
    let half = Double.exp(0.5 * ax)
    return half * s * half
}

/// I₀(x), the modified Bessel function of the first kind of order 0 (even; +inf at ±inf,
/// where SciPy's i0 gives NaN).
func besselI0(_ x: Double) -> Double {
    let ax = Swift.abs(x)
    if !(ax > besselAsymptoticLimit) { return Double.exp(logBesselI0(ax)) }
    return unscaled(ax, besselI0Scaled(ax))
}

/// I₁(x), the modified Bessel function of the first kind of order 1 (odd; ±inf at ±inf, where
/// SciPy's i1 gives NaN). Up to |x| = 30 it is I₀ times the ratio I₁/I₀ (e^(log I₁) would carry
/// the rounding of log I₁, up to 700 ulps as x → 0).
func besselI1(_ x: Double) -> Double {
    let ax = Swift.abs(x)
    if !(ax > besselAsymptoticLimit) { return Double.exp(logBesselI0(ax)) * besselI1OverI0(x) }
    let magnitude = unscaled(ax, besselI1Scaled(ax))
    return x < 0 ? -magnitude : magnitude
}

/// gammaincinv (upper: false) and gammainccinv (upper: true) with SciPy's endpoints: the target
/// probabilities 0 and 1 map to the ends of the support 0 and +inf for every shape a in [0, +inf],
/// including the degenerate a = 0 and a = +inf where interior targets have no quantile (NaN).
@inline(__always) func gammaQuantile(_ a: Double, _ target: Double, upper: Bool) -> Double {
    if (a == 0 || a == .infinity) && (target == 0 || target == 1) {
        return (target == 0) == upper ? .infinity : 0
    }
    return upper ? gammaQInverse(a, target) : gammaPInverse(a, target)
}

/// betaincinv with SciPy's semantics where a parameter is infinite (beta(∞, b) is a point mass at 1,
/// beta(a, ∞) one at 0; both infinite: only the endpoints p = 0 and 1 have quantiles, 0 and 1);
/// finite a, b > 0 go to `betaIInverse`. NaN for a or b <= 0, p outside [0, 1] and NaN.
@inline(__always) func betaQuantile(_ a: Double, _ b: Double, _ p: Double) -> Double {
    guard a > 0, b > 0, p >= 0, p <= 1 else { return .nan }
    if a < .infinity && b < .infinity { return betaIInverse(a, b, p) }
    if p == 0 || p == 1 { return p }
    if a == .infinity && b == .infinity { return .nan }
    return a == .infinity ? 1 : 0
}

// MARK: Kernels, one type per function (shared by ScalarOp.apply and fused programs)

enum ErfcxKernel: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { erfcx(x) } }
enum ErfinvKernel: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { erfInverse(x) } }
enum ErfcinvKernel: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { erfcInverse(x) } }
enum LogNdtrKernel: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { normalLogCDF(x) } }
enum NdtriKernel: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { normalQuantile(x) } }
enum I0Kernel: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { besselI0(x) } }
enum I1Kernel: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { besselI1(x) } }
enum I0eKernel: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { besselI0Scaled(x) } }
enum I1eKernel: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { besselI1Scaled(x) } }
enum XlogxKernel: UnaryKernel { @inline(__always) static func f(_ x: Double) -> Double { xLogX(x) } }

enum PolygammaKernel: BinaryKernel {
    @inline(__always) static func f(_ n: Double, _ x: Double) -> Double { polygammaOfRealOrder(n, x) }
}
enum BetalnKernel: BinaryKernel { @inline(__always) static func f(_ a: Double, _ b: Double) -> Double { logAbsBeta(a, b) } }
enum Xlogy0Kernel: BinaryKernel { @inline(__always) static func f(_ x: Double, _ y: Double) -> Double { xLogY(x, y) } }
enum GammaincKernel: BinaryKernel { @inline(__always) static func f(_ a: Double, _ x: Double) -> Double { gammaP(a, x) } }
enum GammainccKernel: BinaryKernel { @inline(__always) static func f(_ a: Double, _ x: Double) -> Double { gammaQ(a, x) } }
enum GammaincinvKernel: BinaryKernel {
    @inline(__always) static func f(_ a: Double, _ p: Double) -> Double { gammaQuantile(a, p, upper: false) }
}
enum GammainccinvKernel: BinaryKernel {
    @inline(__always) static func f(_ a: Double, _ q: Double) -> Double { gammaQuantile(a, q, upper: true) }
}
enum GammaincGradKernel: BinaryKernel {
    @inline(__always) static func f(_ a: Double, _ x: Double) -> Double { gammaPDerivativeA(a, x) }
}
enum BetaincKernel: TernaryKernel {
    @inline(__always) static func f(_ a: Double, _ b: Double, _ x: Double) -> Double { betaI(a, b, x) }
}
enum BetaincinvKernel: TernaryKernel {
    @inline(__always) static func f(_ a: Double, _ b: Double, _ p: Double) -> Double { betaQuantile(a, b, p) }
}
enum BetaincGradAKernel: TernaryKernel {
    @inline(__always) static func f(_ a: Double, _ b: Double, _ x: Double) -> Double { betaIDerivatives(a, b, x).a }
}
enum BetaincGradBKernel: TernaryKernel {
    @inline(__always) static func f(_ a: Double, _ b: Double, _ x: Double) -> Double { betaIDerivatives(a, b, x).b }
}

extension ScalarOp {
    /// Whether the op is one of this file's special functions.
    var isSpecialFunction: Bool {
        switch self {
        case .erfcx, .erfinv, .erfcinv, .logNdtr, .ndtri, .i0, .i1, .i0e, .i1e, .xlogx, .polygamma, .betaln, .xlogy0,
             .gammainc, .gammaincc, .gammaincinv, .gammainccinv, .gammaincGrad,
             .betainc, .betaincinv, .betaincGradA, .betaincGradB:
            return true
        default:
            return false
        }
    }

    /// Runs a special function over `inputs` (of out's rank or lower, any dtype) as a
    /// one-instruction fused program: one loop per function for both kernel paths, and the same
    /// bits either way.
    func applySpecial(_ inputs: [NDArray], _ out: NDArray) throws {
        let program = ElementwiseProgram(inputCount: arity, instructions: [.init(self, Array(0..<arity))],
                                         output: arity, outputType: .float64)
        try program.run(inputs, into: out)
    }
}

/// One special-function instruction of a fused program over a chunk of n values (see
/// `applyChunk` in ElementwiseProgram.swift, whose operand conventions it follows).
func specialChunk(_ op: ScalarOp, _ args: UnsafePointer<Int>, _ registers: UnsafeMutablePointer<UnsafeMutablePointer<Double>>,
                  _ scalar: UnsafeMutablePointer<Bool>, _ dest: UnsafeMutablePointer<Double>, _ n: Int) {
    let a = UnsafePointer(registers[args[0]])
    func binary<K: BinaryKernel>(_: K.Type) {
        let b = UnsafePointer(registers[args[1]])
        map2(K.self, a, b, dest, n, BinaryForm(n, scalar[args[0]], scalar[args[1]]))
    }
    func ternary<K: TernaryKernel>(_: K.Type) { map3(K.self, args, registers, scalar, dest, n) }
    switch op {
    case .erfcx: map1(ErfcxKernel.self, a, dest, n)
    case .erfinv: map1(ErfinvKernel.self, a, dest, n)
    case .erfcinv: map1(ErfcinvKernel.self, a, dest, n)
    case .logNdtr: map1(LogNdtrKernel.self, a, dest, n)
    case .ndtri: map1(NdtriKernel.self, a, dest, n)
    case .i0: map1(I0Kernel.self, a, dest, n)
    case .i1: map1(I1Kernel.self, a, dest, n)
    case .i0e: map1(I0eKernel.self, a, dest, n)
    case .i1e: map1(I1eKernel.self, a, dest, n)
    case .xlogx: map1(XlogxKernel.self, a, dest, n)
    case .polygamma: binary(PolygammaKernel.self)
    case .betaln: binary(BetalnKernel.self)
    case .xlogy0: binary(Xlogy0Kernel.self)
    case .gammainc: binary(GammaincKernel.self)
    case .gammaincc: binary(GammainccKernel.self)
    case .gammaincinv: binary(GammaincinvKernel.self)
    case .gammainccinv: binary(GammainccinvKernel.self)
    case .gammaincGrad: binary(GammaincGradKernel.self)
    case .betainc: ternary(BetaincKernel.self)
    case .betaincinv: ternary(BetaincinvKernel.self)
    case .betaincGradA: ternary(BetaincGradAKernel.self)
    case .betaincGradB: ternary(BetaincGradBKernel.self)
    default: dest.update(repeating: .nan, count: n)
    }
}
