// Tensor+Elemwise.swift — elementwise tensor functions and operators, padding ranks with DimShuffle before broadcasting.

import DenseArrays
import TensorGraph

/// `x` with `count` new leading axes of length 1.
func padRank(_ x: Variable, to ndim: Int) throws -> Variable {
    guard x.ndim < ndim else { return x }
    let order = [Int?](repeating: nil, count: ndim - x.ndim) + (0..<x.ndim).map { Optional($0) }
    return try apply(DimShuffle(inputNdim: x.ndim, order: order), [x])
}

/// Applies a scalar op elementwise with NumPy broadcasting.
public func elemwise(_ op: ScalarOp, _ inputs: [Variable]) throws -> Variable {
    guard inputs.count == op.arity else {
        throw SPPLError.type("\(op.name) takes \(op.arity) argument(s), got \(inputs.count)")
    }
    let ndim = inputs.map(\.ndim).max() ?? 0
    return try apply(Elemwise(op), inputs.map { try padRank($0, to: ndim) })
}

public func elemwise(_ op: ScalarOp, _ inputs: Variable...) throws -> Variable {
    try elemwise(op, inputs)
}

// Unary functions, PyTensor's names.
public func neg(_ x: Variable) throws -> Variable { try elemwise(.neg, x) }
public func abs(_ x: Variable) throws -> Variable { try elemwise(.abs, x) }
public func sign(_ x: Variable) throws -> Variable { try elemwise(.sign, x) }
public func sqr(_ x: Variable) throws -> Variable { try elemwise(.sqr, x) }
public func sqrt(_ x: Variable) throws -> Variable { try elemwise(.sqrt, x) }
public func reciprocal(_ x: Variable) throws -> Variable { try elemwise(.reciprocal, x) }
public func exp(_ x: Variable) throws -> Variable { try elemwise(.exp, x) }
public func exp2(_ x: Variable) throws -> Variable { try elemwise(.exp2, x) }
public func expm1(_ x: Variable) throws -> Variable { try elemwise(.expm1, x) }
public func log(_ x: Variable) throws -> Variable { try elemwise(.log, x) }
public func log2(_ x: Variable) throws -> Variable { try elemwise(.log2, x) }
public func log10(_ x: Variable) throws -> Variable { try elemwise(.log10, x) }
public func log1p(_ x: Variable) throws -> Variable { try elemwise(.log1p, x) }
public func sin(_ x: Variable) throws -> Variable { try elemwise(.sin, x) }
public func cos(_ x: Variable) throws -> Variable { try elemwise(.cos, x) }
public func tan(_ x: Variable) throws -> Variable { try elemwise(.tan, x) }
public func tanh(_ x: Variable) throws -> Variable { try elemwise(.tanh, x) }
public func sigmoid(_ x: Variable) throws -> Variable { try elemwise(.sigmoid, x) }
public func softplus(_ x: Variable) throws -> Variable { try elemwise(.softplus, x) }
public func log1mexp(_ x: Variable) throws -> Variable { try elemwise(.log1mexp, x) }
public func gammaln(_ x: Variable) throws -> Variable { try elemwise(.gammaln, x) }
public func digamma(_ x: Variable) throws -> Variable { try elemwise(.digamma, x) }
public func erf(_ x: Variable) throws -> Variable { try elemwise(.erf, x) }
public func erfc(_ x: Variable) throws -> Variable { try elemwise(.erfc, x) }
public func floor(_ x: Variable) throws -> Variable { try elemwise(.floor, x) }
public func ceil(_ x: Variable) throws -> Variable { try elemwise(.ceil, x) }
public func isnan(_ x: Variable) throws -> Variable { try elemwise(.isnan, x) }
public func isinf(_ x: Variable) throws -> Variable { try elemwise(.isinf, x) }

// Binary functions.
public func add(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.add, a, b) }
public func sub(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.sub, a, b) }
public func mul(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.mul, a, b) }
public func trueDiv(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.trueDiv, a, b) }
public func floorDiv(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.floorDiv, a, b) }
public func mod(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.mod, a, b) }
public func pow(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.pow, a, b) }
public func maximum(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.maximum, a, b) }
public func minimum(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.minimum, a, b) }
public func eq(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.eq, a, b) }
public func neq(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.neq, a, b) }

/// Elements of `a` where `condition` holds, else of `b` (PyTensor's switch, NumPy's where).
public func ifElse(_ condition: Variable, _ a: Variable, _ b: Variable) throws -> Variable {
    try elemwise(.switch, condition, a, b)
}

/// `x` limited to [low, high].
public func clip(_ x: Variable, _ low: Variable, _ high: Variable) throws -> Variable {
    try elemwise(.clip, x, low, high)
}

/// `x` converted to `dtype` (the identity when it already is).
public func cast(_ x: Variable, to dtype: DType) throws -> Variable {
    x.dtype == dtype ? x : try elemwise(.cast(dtype), x)
}

// Operators. Swift code writes `try x + y`.
extension Variable {
    public static func + (a: Variable, b: Variable) throws -> Variable { try add(a, b) }
    public static func - (a: Variable, b: Variable) throws -> Variable { try sub(a, b) }
    public static func * (a: Variable, b: Variable) throws -> Variable { try mul(a, b) }
    public static func / (a: Variable, b: Variable) throws -> Variable { try trueDiv(a, b) }
    public static func % (a: Variable, b: Variable) throws -> Variable { try mod(a, b) }
    public static prefix func - (x: Variable) throws -> Variable { try neg(x) }
    public static func < (a: Variable, b: Variable) throws -> Variable { try elemwise(.lt, a, b) }
    public static func <= (a: Variable, b: Variable) throws -> Variable { try elemwise(.le, a, b) }
    public static func > (a: Variable, b: Variable) throws -> Variable { try elemwise(.gt, a, b) }
    public static func >= (a: Variable, b: Variable) throws -> Variable { try elemwise(.ge, a, b) }

    // A Double operand becomes a constant of the variable's float type.
    public static func + (a: Variable, b: Double) throws -> Variable { try add(a, constant(b)) }
    public static func + (a: Double, b: Variable) throws -> Variable { try add(constant(a), b) }
    public static func - (a: Variable, b: Double) throws -> Variable { try sub(a, constant(b)) }
    public static func - (a: Double, b: Variable) throws -> Variable { try sub(constant(a), b) }
    public static func * (a: Variable, b: Double) throws -> Variable { try mul(a, constant(b)) }
    public static func * (a: Double, b: Variable) throws -> Variable { try mul(constant(a), b) }
    public static func / (a: Variable, b: Double) throws -> Variable { try trueDiv(a, constant(b)) }
    public static func / (a: Double, b: Variable) throws -> Variable { try trueDiv(constant(a), b) }
}

/// log(sum(exp(x))) over `axis`, stable for large x (see `LogSumExp`); an all -inf
/// slice gives -inf, not NaN.
public func logsumexp(_ x: Variable, axis: [Int]? = nil, keepdims: Bool = false) throws -> Variable {
    let axes = try normalizeAxes(axis, for: x)
    let result = try apply(LogSumExp(axes: axis == nil ? nil : axes), [x])
    return keepdims ? try keepDims(result, originalNdim: x.ndim, axes: axes) : result
}
