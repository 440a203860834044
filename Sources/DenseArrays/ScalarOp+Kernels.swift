// ScalarOp+Kernels.swift — elementwise loops: one specialized loop per (op, dtype), contiguous fast path, strided rows otherwise.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import RealModule
import SpecialFunctions

extension ScalarOp {
    /// Applies the op to `inputs`, each broadcastable to `out.shape` (NumPy's rules),
    /// writing `out`. Inputs of another type than `computeDType` are converted first.
    /// Inputs of out's rank are read in place through broadcast strides; only inputs
    /// of lower rank are first viewed at out's rank.
    public func apply(_ inputs: [NDArray], into out: NDArray) throws {
        guard inputs.count == arity else {
            throw SPPLError.type("\(name) takes \(arity) input(s), got \(inputs.count)")
        }
        var compute = DType.bool, promoted = DType.bool
        for (k, input) in inputs.enumerated() {
            guard canBroadcast(input.shape, to: out.shape) else {
                throw SPPLError.value("\(name): input of shape \(formatShape(input.shape)) does not broadcast to \(formatShape(out.shape))")
            }
            if !(self == .switch && k == 0) { promoted = DType.promote(promoted, input.dtype) }
        }
        compute = computeDType(promoted: promoted)
        let expected = try outputDType(inputs.map(\.dtype))
        guard out.dtype == expected else {
            throw SPPLError.type("\(name) of \(inputs.map(\.dtype.description).joined(separator: ", ")) gives \(expected), not \(out.dtype)")
        }
        func prepared(_ x: NDArray, _ t: DType) throws -> NDArray {
            let aligned = x.ndim == out.ndim ? x : try x.broadcast(to: out.shape)
            return try aligned.cast(to: t)
        }
        if isSpecialFunction {
            try applySpecial(inputs, out)
            return
        }
        switch arity {
        case 1:
            if case .cast = self {
                try out.assign(from: inputs[0])
                return
            }
            try applyUnary(prepared(inputs[0], compute), out)
        case 2:
            try applyBinary(prepared(inputs[0], compute), prepared(inputs[1], compute), out)
        default:
            let first = self == .switch ? try prepared(inputs[0], .bool) : try prepared(inputs[0], compute)
            try applyTernary(first, prepared(inputs[1], compute), prepared(inputs[2], compute), out)
        }
    }

    private func unsupported(_ t: DType) -> SPPLError {
        SPPLError.type("elementwise \(name) is not defined for \(t) inputs")
    }

    // MARK: Unary

    private func applyUnary(_ a: NDArray, _ out: NDArray) throws {
        switch a.dtype {
        case .float64:
            switch self {
            case .neg: drive1(a, out) { (x: Double) in -x }
            case .abs: drive1(a, out) { (x: Double) in Swift.abs(x) }
            // NaN stays NaN; both zeros give +0.0, as numpy.sign.
            case .sign: drive1(a, out) { (x: Double) in signValue(x) }
            case .sqr: drive1(a, out) { (x: Double) in x * x }
            case .sqrt: drive1(a, out) { (x: Double) in x.squareRoot() }
            case .reciprocal: drive1(a, out) { (x: Double) in 1 / x }
            // The same branch-free exp/expm1/log/log1p as fused programs use (bit-identical
            // results either way), and loops over them vectorize.
            case .exp: drive1(a, out) { (x: Double) in vexp(x) }
            case .exp2: drive1(a, out) { (x: Double) in Double.exp2(x) }
            case .expm1: drive1(a, out) { (x: Double) in vexpm1(x) }
            case .log: drive1(a, out) { (x: Double) in vlog(x) }
            case .log2: drive1(a, out) { (x: Double) in Double.log2(x) }
            case .log10: drive1(a, out) { (x: Double) in Double.log10(x) }
            case .log1p: drive1(a, out) { (x: Double) in vlog1p(x) }
            case .sin: drive1(a, out) { (x: Double) in Double.sin(x) }
            case .cos: drive1(a, out) { (x: Double) in Double.cos(x) }
            case .tan: drive1(a, out) { (x: Double) in Double.tan(x) }
            case .arcsin: drive1(a, out) { (x: Double) in Double.asin(x) }
            case .arccos: drive1(a, out) { (x: Double) in Double.acos(x) }
            case .arctan: drive1(a, out) { (x: Double) in Double.atan(x) }
            case .sinh: drive1(a, out) { (x: Double) in Double.sinh(x) }
            case .cosh: drive1(a, out) { (x: Double) in Double.cosh(x) }
            case .tanh: drive1(a, out) { (x: Double) in Double.tanh(x) }
            case .arcsinh: drive1(a, out) { (x: Double) in Double.asinh(x) }
            case .arccosh: drive1(a, out) { (x: Double) in Double.acosh(x) }
            case .arctanh: drive1(a, out) { (x: Double) in Double.atanh(x) }
            case .sigmoid: drive1(a, out) { (x: Double) in SpecialFunctions.sigmoid(x) }
            case .softplus: drive1(a, out) { (x: Double) in SpecialFunctions.softplus(x) }
            case .log1mexp: drive1(a, out) { (x: Double) in SpecialFunctions.log1mexp(x) }
            case .gammaln: drive1(a, out) { (x: Double) in SpecialFunctions.logGamma(x) }
            case .digamma: drive1(a, out) { (x: Double) in SpecialFunctions.digamma(x) }
            case .trigamma: drive1(a, out) { (x: Double) in SpecialFunctions.trigamma(x) }
            case .erf: drive1(a, out) { (x: Double) in Double.erf(x) }
            case .erfc: drive1(a, out) { (x: Double) in Double.erfc(x) }
            case .floor: drive1(a, out) { (x: Double) in x.rounded(.down) }
            case .ceil: drive1(a, out) { (x: Double) in x.rounded(.up) }
            case .trunc: drive1(a, out) { (x: Double) in x.rounded(.towardZero) }
            case .round: drive1(a, out) { (x: Double) in x.rounded(.toNearestOrEven) }
            case .isnan: drive1(a, out) { (x: Double) -> UInt8 in x.isNaN ? 1 : 0 }
            case .isinf: drive1(a, out) { (x: Double) -> UInt8 in x.isInfinite ? 1 : 0 }
            case .identity: drive1(a, out) { (x: Double) in x }
            default: throw unsupported(.float64)
            }
        case .int64:
            switch self {
            // Integer arithmetic wraps on overflow, as NumPy's does.
            case .neg: drive1(a, out) { (x: Int64) in 0 &- x }
            case .abs: drive1(a, out) { (x: Int64) in x < 0 ? 0 &- x : x }
            case .sign: drive1(a, out) { (x: Int64) -> Int64 in x > 0 ? 1 : (x < 0 ? -1 : 0) }
            case .sqr: drive1(a, out) { (x: Int64) in x &* x }
            case .floor, .ceil, .trunc, .round, .identity: drive1(a, out) { (x: Int64) in x }
            case .invert: drive1(a, out) { (x: Int64) in ~x }
            default: throw unsupported(.int64)
            }
        case .bool:
            switch self {
            case .abs, .floor, .ceil, .trunc, .round, .identity: drive1(a, out) { (x: UInt8) -> UInt8 in x != 0 ? 1 : 0 }
            case .invert: drive1(a, out) { (x: UInt8) -> UInt8 in x != 0 ? 0 : 1 }
            default: throw unsupported(.bool)
            }
        }
    }

    // MARK: Binary

    private func applyBinary(_ a: NDArray, _ b: NDArray, _ out: NDArray) throws {
        switch a.dtype {
        case .float64:
            switch self {
            case .add: drive2(a, b, out) { (x: Double, y: Double) in x + y }
            case .sub: drive2(a, b, out) { (x: Double, y: Double) in x - y }
            case .mul: drive2(a, b, out) { (x: Double, y: Double) in x * y }
            case .trueDiv: drive2(a, b, out) { (x: Double, y: Double) in x / y }
            case .floorDiv: drive2(a, b, out) { (x: Double, y: Double) in floorDivide(x, y) }
            case .mod: drive2(a, b, out) { (x: Double, y: Double) in floorModulo(x, y) }
            // The C library's pow: RealModule's is defined for x >= 0 only, NumPy's for all x.
            case .pow: drive2(a, b, out) { (x: Double, y: Double) in Glibc.pow(x, y) }
            case .maximum: drive2(a, b, out) { (x: Double, y: Double) in maximumValue(x, y) }
            case .minimum: drive2(a, b, out) { (x: Double, y: Double) in minimumValue(x, y) }
            case .arctan2: drive2(a, b, out) { (x: Double, y: Double) in Double.atan2(y: x, x: y) }
            case .logaddexp: drive2(a, b, out) { (x: Double, y: Double) in logAddExp(x, y) }
            case .eq: drive2(a, b, out) { (x: Double, y: Double) -> UInt8 in x == y ? 1 : 0 }
            case .neq: drive2(a, b, out) { (x: Double, y: Double) -> UInt8 in x != y ? 1 : 0 }
            case .lt: drive2(a, b, out) { (x: Double, y: Double) -> UInt8 in x < y ? 1 : 0 }
            case .le: drive2(a, b, out) { (x: Double, y: Double) -> UInt8 in x <= y ? 1 : 0 }
            case .gt: drive2(a, b, out) { (x: Double, y: Double) -> UInt8 in x > y ? 1 : 0 }
            case .ge: drive2(a, b, out) { (x: Double, y: Double) -> UInt8 in x >= y ? 1 : 0 }
            default: throw unsupported(.float64)
            }
        case .int64:
            switch self {
            case .add: drive2(a, b, out) { (x: Int64, y: Int64) in x &+ y }
            case .sub: drive2(a, b, out) { (x: Int64, y: Int64) in x &- y }
            case .mul: drive2(a, b, out) { (x: Int64, y: Int64) in x &* y }
            case .floorDiv: drive2(a, b, out) { (x: Int64, y: Int64) in floorDivide(x, y) }
            case .mod: drive2(a, b, out) { (x: Int64, y: Int64) in floorModulo(x, y) }
            case .pow: drive2(a, b, out) { (x: Int64, y: Int64) in integerPower(x, y) }
            case .maximum: drive2(a, b, out) { (x: Int64, y: Int64) in Swift.max(x, y) }
            case .minimum: drive2(a, b, out) { (x: Int64, y: Int64) in Swift.min(x, y) }
            case .eq: drive2(a, b, out) { (x: Int64, y: Int64) -> UInt8 in x == y ? 1 : 0 }
            case .neq: drive2(a, b, out) { (x: Int64, y: Int64) -> UInt8 in x != y ? 1 : 0 }
            case .lt: drive2(a, b, out) { (x: Int64, y: Int64) -> UInt8 in x < y ? 1 : 0 }
            case .le: drive2(a, b, out) { (x: Int64, y: Int64) -> UInt8 in x <= y ? 1 : 0 }
            case .gt: drive2(a, b, out) { (x: Int64, y: Int64) -> UInt8 in x > y ? 1 : 0 }
            case .ge: drive2(a, b, out) { (x: Int64, y: Int64) -> UInt8 in x >= y ? 1 : 0 }
            case .and: drive2(a, b, out) { (x: Int64, y: Int64) in x & y }
            case .or: drive2(a, b, out) { (x: Int64, y: Int64) in x | y }
            case .xor: drive2(a, b, out) { (x: Int64, y: Int64) in x ^ y }
            default: throw unsupported(.int64)
            }
        case .bool:
            // Bool elements are 0/1 bytes; normalise before combining.
            switch self {
            case .maximum, .or: drive2(a, b, out) { (x: UInt8, y: UInt8) -> UInt8 in (x | y) != 0 ? 1 : 0 }
            case .minimum, .and: drive2(a, b, out) { (x: UInt8, y: UInt8) -> UInt8 in (x != 0 && y != 0) ? 1 : 0 }
            case .xor, .neq: drive2(a, b, out) { (x: UInt8, y: UInt8) -> UInt8 in (x != 0) != (y != 0) ? 1 : 0 }
            case .eq: drive2(a, b, out) { (x: UInt8, y: UInt8) -> UInt8 in (x != 0) == (y != 0) ? 1 : 0 }
            case .lt: drive2(a, b, out) { (x: UInt8, y: UInt8) -> UInt8 in (x == 0 && y != 0) ? 1 : 0 }
            case .le: drive2(a, b, out) { (x: UInt8, y: UInt8) -> UInt8 in (x == 0 || y != 0) ? 1 : 0 }
            case .gt: drive2(a, b, out) { (x: UInt8, y: UInt8) -> UInt8 in (x != 0 && y == 0) ? 1 : 0 }
            case .ge: drive2(a, b, out) { (x: UInt8, y: UInt8) -> UInt8 in (x != 0 || y == 0) ? 1 : 0 }
            default: throw unsupported(.bool)
            }
        }
    }

    // MARK: Ternary

    private func applyTernary(_ a: NDArray, _ b: NDArray, _ c: NDArray, _ out: NDArray) throws {
        switch (self, b.dtype) {
        case (.switch, .float64): drive3(a, b, c, out) { (s: UInt8, x: Double, y: Double) in s != 0 ? x : y }
        case (.switch, .int64): drive3(a, b, c, out) { (s: UInt8, x: Int64, y: Int64) in s != 0 ? x : y }
        case (.switch, .bool): drive3(a, b, c, out) { (s: UInt8, x: UInt8, y: UInt8) in s != 0 ? x : y }
        // clip = minimum(maximum(x, lo), hi) (NumPy's order of operations), with NaN in
        // any of x, lo, hi propagating as it does through maximum and minimum.
        case (.clip, .float64):
            drive3(a, b, c, out) { (x: Double, lo: Double, hi: Double) in clipValue(x, lo, hi) }
        case (.clip, .int64):
            drive3(a, b, c, out) { (x: Int64, lo: Int64, hi: Int64) in Swift.min(Swift.max(x, lo), hi) }
        case (.clip, .bool):
            drive3(a, b, c, out) { (x: UInt8, lo: UInt8, hi: UInt8) -> UInt8 in
                Swift.min(Swift.max(x != 0 ? 1 : 0, lo != 0 ? 1 : 0), hi != 0 ? 1 : 0)
            }
        default:
            throw unsupported(b.dtype)
        }
    }
}

// MARK: Loop drivers
//
// Inputs have out's rank and broadcast along axes where their extent is 1 (stride 0
// there). Rank 0 and 1 — scalars and vectors, the common case in models — run
// without building any iteration state; higher ranks go through StridedLoop.

/// Whether an array of `shape` broadcasts to `target` (NumPy's rules).
@inline(__always)
public func canBroadcast(_ shape: [Int], to target: [Int]) -> Bool {
    let lead = target.count - shape.count
    guard lead >= 0 else { return false }
    for (k, n) in shape.enumerated() where n != 1 && n != target[lead + k] { return false }
    return true
}

/// `a`'s element strides when broadcast to `shape` (same rank): 0 where a has extent 1.
@inline(__always)
func broadcastStrides(_ a: NDArray, _ shape: [Int]) -> [Int] {
    var strides = a.strides
    for axis in 0..<shape.count where a.shape[axis] == 1 && shape[axis] != 1 { strides[axis] = 0 }
    return strides
}

/// Stride of `a` along the single axis of a 1-d loop over `n` elements.
@inline(__always)
func vectorStride(_ a: NDArray, _ n: Int) -> Int {
    a.ndim == 0 || (a.shape[0] == 1 && n != 1) ? 0 : a.strides[0]
}

@inline(__always)
func drive1<A, R>(_ a: NDArray, _ out: NDArray, _ f: (A) -> R) {
    let pa = a.pointer(A.self), po = out.pointer(R.self)
    if out.ndim <= 1 {
        let n = out.count, sa = vectorStride(a, n), so = out.ndim == 0 ? 1 : out.strides[0]
        if sa == 1 && so == 1 {
            for i in 0..<n { po[i] = f(pa[i]) }
        } else {
            for i in 0..<n { po[i &* so] = f(pa[i &* sa]) }
        }
        return
    }
    if a.shape == out.shape && a.isCContiguous && out.isCContiguous {
        for i in 0..<out.count { po[i] = f(pa[i]) }
        return
    }
    StridedLoop(shape: out.shape, strides: [out.strides, broadcastStrides(a, out.shape)]).forEachRow { start, n, step in
        let o = po + start[0], x = pa + start[1], so = step[0], sx = step[1]
        for i in 0..<n { o[i &* so] = f(x[i &* sx]) }
    }
}

@inline(__always)
func drive2<A, B, R>(_ a: NDArray, _ b: NDArray, _ out: NDArray, _ f: (A, B) -> R) {
    let pa = a.pointer(A.self), pb = b.pointer(B.self), po = out.pointer(R.self)
    if out.ndim <= 1 {
        let n = out.count, so = out.ndim == 0 ? 1 : out.strides[0]
        rows2(pa, vectorStride(a, n), pb, vectorStride(b, n), po, so, n, f)
        return
    }
    if a.shape == out.shape && b.shape == out.shape && a.isCContiguous && b.isCContiguous && out.isCContiguous {
        for i in 0..<out.count { po[i] = f(pa[i], pb[i]) }
        return
    }
    StridedLoop(shape: out.shape, strides: [out.strides, broadcastStrides(a, out.shape), broadcastStrides(b, out.shape)])
        .forEachRow { start, n, step in
            rows2(pa + start[1], step[1], pb + start[2], step[2], po + start[0], step[0], n, f)
        }
}

/// One row of a binary loop, with the common stride patterns as straight loops.
@inline(__always)
func rows2<A, B, R>(_ x: UnsafeMutablePointer<A>, _ sx: Int, _ y: UnsafeMutablePointer<B>, _ sy: Int,
                    _ o: UnsafeMutablePointer<R>, _ so: Int, _ n: Int, _ f: (A, B) -> R) {
    if so == 1 && sx == 1 && sy == 1 {
        for i in 0..<n { o[i] = f(x[i], y[i]) }
    } else if so == 1 && sx == 1 && sy == 0 {
        let yv = y[0]
        for i in 0..<n { o[i] = f(x[i], yv) }
    } else if so == 1 && sx == 0 && sy == 1 {
        let xv = x[0]
        for i in 0..<n { o[i] = f(xv, y[i]) }
    } else {
        for i in 0..<n { o[i &* so] = f(x[i &* sx], y[i &* sy]) }
    }
}

@inline(__always)
func drive3<A, B, C, R>(_ a: NDArray, _ b: NDArray, _ c: NDArray, _ out: NDArray, _ f: (A, B, C) -> R) {
    let pa = a.pointer(A.self), pb = b.pointer(B.self), pc = c.pointer(C.self), po = out.pointer(R.self)
    if out.ndim <= 1 {
        let n = out.count, so = out.ndim == 0 ? 1 : out.strides[0]
        let sa = vectorStride(a, n), sb = vectorStride(b, n), sc = vectorStride(c, n)
        for i in 0..<n { po[i &* so] = f(pa[i &* sa], pb[i &* sb], pc[i &* sc]) }
        return
    }
    let strides = [out.strides, broadcastStrides(a, out.shape), broadcastStrides(b, out.shape), broadcastStrides(c, out.shape)]
    StridedLoop(shape: out.shape, strides: strides).forEachRow { start, n, step in
        let o = po + start[0], x = pa + start[1], y = pb + start[2], z = pc + start[3]
        let so = step[0], sx = step[1], sy = step[2], sz = step[3]
        for i in 0..<n { o[i &* so] = f(x[i &* sx], y[i &* sy], z[i &* sz]) }
    }
}

// MARK: Scalar helpers with NumPy's semantics (shared with fused programs)

/// NumPy's maximum: NaN in either argument propagates.
@inline(__always) func maximumValue(_ x: Double, _ y: Double) -> Double { (y > x || y.isNaN) ? y : x }

/// NumPy's minimum: NaN in either argument propagates.
@inline(__always) func minimumValue(_ x: Double, _ y: Double) -> Double { (y < x || y.isNaN) ? y : x }

/// NumPy's clip = minimum(maximum(x, lo), hi): NaN in any argument propagates.
@inline(__always) func clipValue(_ x: Double, _ lo: Double, _ hi: Double) -> Double {
    minimumValue(maximumValue(x, lo), hi)
}

/// Sign with NumPy's zeros: +0 for ±0, NaN for NaN.
@inline(__always) func signValue(_ x: Double) -> Double { x > 0 ? 1 : (x < 0 ? -1 : (x.isNaN ? x : 0)) }

/// NumPy's floor_divide for floats: floor(a / b) computed from fmod so that
/// a == b * (a // b) + a % b holds as closely as rounding allows.
@inline(__always) func floorDivide(_ a: Double, _ b: Double) -> Double {
    if b == 0 { return a / b }
    let m = fmod(a, b)
    var div = (a - m) / b
    if m != 0 && ((b < 0) != (m < 0)) { div -= 1 }
    if div == 0 { return Double(signOf: a / b, magnitudeOf: 0) }
    var floored = div.rounded(.down)
    if div - floored > 0.5 { floored += 1 }
    return floored
}

/// NumPy's remainder for floats: the result takes the sign of the divisor.
@inline(__always) func floorModulo(_ a: Double, _ b: Double) -> Double {
    if b == 0 { return .nan }
    var m = fmod(a, b)
    if m != 0 {
        if (b < 0) != (m < 0) { m += b }
    } else {
        m = Double(signOf: b, magnitudeOf: 0)
    }
    return m
}

/// Integer floor division; division by zero gives 0 (NumPy's result, without its warning).
@inline(__always) func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    if b == 0 { return 0 }
    let (q, overflow) = a.dividedReportingOverflow(by: b)
    if overflow { return q }
    if (a % b != 0) && ((a < 0) != (b < 0)) { return q - 1 }
    return q
}

/// Integer remainder with the sign of the divisor; x % 0 gives 0 as in NumPy.
@inline(__always) func floorModulo(_ a: Int64, _ b: Int64) -> Int64 {
    if b == 0 { return 0 }
    let (r, overflow) = a.remainderReportingOverflow(dividingBy: b)
    if overflow { return 0 }
    if r != 0 && ((r < 0) != (b < 0)) { return r + b }
    return r
}

/// Integer power by repeated squaring, wrapping on overflow. A negative
/// exponent gives the truncated result (0 unless |x| = 1), where NumPy raises.
@inline(__always) func integerPower(_ x: Int64, _ y: Int64) -> Int64 {
    if y < 0 {
        if x == 1 { return 1 }
        if x == -1 { return (y & 1) == 0 ? 1 : -1 }
        return 0
    }
    var result: Int64 = 1, base = x, e = y
    while e > 0 {
        if e & 1 == 1 { result = result &* base }
        base = base &* base
        e >>= 1
    }
    return result
}
