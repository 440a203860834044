// ScalarOp.swift — the scalar functions elementwise tensor ops apply, with their names and dtype rules.

/// A scalar function applied elementwise. The op layer wraps it in `Elemwise`;
/// the autodiff layer switches over it exhaustively, so a new case without a
/// derivative is a compile error there.
public enum ScalarOp: Hashable, Sendable, CustomStringConvertible {
    // Unary.
    case neg, abs, sign, sqr, sqrt, reciprocal
    case exp, exp2, expm1, log, log2, log10, log1p
    case sin, cos, tan, arcsin, arccos, arctan
    case sinh, cosh, tanh, arcsinh, arccosh, arctanh
    case sigmoid, softplus, log1mexp, gammaln, digamma, trigamma, erf, erfc
    case erfcx, erfinv, erfcinv, logNdtr, ndtri, i0, i1, i0e, i1e, xlogx
    case floor, ceil, trunc, round
    case invert, isnan, isinf
    case identity
    case cast(DType)
    // Binary.
    case add, sub, mul, trueDiv, floorDiv, mod, pow
    case maximum, minimum, arctan2, logaddexp
    case polygamma, betaln, xlogy0
    case eq, neq, lt, le, gt, ge
    case and, or, xor
    // Ternary.
    case `switch`, clip

    /// Every op except `cast`, for lookup by name.
    public static let allNamed: [ScalarOp] = [
        .neg, .abs, .sign, .sqr, .sqrt, .reciprocal, .exp, .exp2, .expm1, .log, .log2, .log10, .log1p,
        .sin, .cos, .tan, .arcsin, .arccos, .arctan, .sinh, .cosh, .tanh, .arcsinh, .arccosh, .arctanh,
        .sigmoid, .softplus, .log1mexp, .gammaln, .digamma, .trigamma, .erf, .erfc, .floor, .ceil, .trunc, .round,
        .invert, .isnan, .isinf, .identity,
        .erfcx, .erfinv, .erfcinv, .logNdtr, .ndtri, .i0, .i1, .i0e, .i1e, .xlogx,
        .add, .sub, .mul, .trueDiv, .floorDiv, .mod, .pow, .maximum, .minimum, .arctan2, .logaddexp,
        .polygamma, .betaln, .xlogy0,
        .eq, .neq, .lt, .le, .gt, .ge, .and, .or, .xor, .switch, .clip,
    ]

    /// Looks an op up by its PyTensor name (`"add"`, `"true_div"`, `"psi"`, ...).
    public init?(name: String) {
        guard let op = ScalarOp.allNamed.first(where: { $0.name == name }) else { return nil }
        self = op
    }

    public var arity: Int {
        switch self {
        case .add, .sub, .mul, .trueDiv, .floorDiv, .mod, .pow, .maximum, .minimum, .arctan2, .logaddexp,
             .eq, .neq, .lt, .le, .gt, .ge, .and, .or, .xor, .polygamma, .betaln, .xlogy0:
            return 2
        case .switch, .clip:
            return 3
        default:
            return 1
        }
    }

    /// PyTensor's name for the scalar op (what `dprint` shows inside `Elemwise{...}`).
    public var name: String {
        switch self {
        case .neg: return "neg"
        case .abs: return "abs"
        case .sign: return "sign"
        case .sqr: return "sqr"
        case .sqrt: return "sqrt"
        case .reciprocal: return "reciprocal"
        case .exp: return "exp"
        case .exp2: return "exp2"
        case .expm1: return "expm1"
        case .log: return "log"
        case .log2: return "log2"
        case .log10: return "log10"
        case .log1p: return "log1p"
        case .sin: return "sin"
        case .cos: return "cos"
        case .tan: return "tan"
        case .arcsin: return "arcsin"
        case .arccos: return "arccos"
        case .arctan: return "arctan"
        case .sinh: return "sinh"
        case .cosh: return "cosh"
        case .tanh: return "tanh"
        case .arcsinh: return "arcsinh"
        case .arccosh: return "arccosh"
        case .arctanh: return "arctanh"
        case .sigmoid: return "sigmoid"
        case .softplus: return "softplus"
        case .log1mexp: return "log1mexp"
        case .gammaln: return "gammaln"
        case .digamma: return "psi"
        case .trigamma: return "tri_gamma"
        case .erf: return "erf"
        case .erfc: return "erfc"
        case .floor: return "floor"
        case .ceil: return "ceil"
        case .trunc: return "trunc"
        case .round: return "round_half_to_even"
        case .invert: return "invert"
        case .isnan: return "isnan"
        case .isinf: return "isinf"
        case .identity: return "identity"
        case .erfcx: return "erfcx"
        case .erfinv: return "erfinv"
        case .erfcinv: return "erfcinv"
        case .logNdtr: return "log_ndtr"
        case .ndtri: return "ndtri"
        case .i0: return "i0"
        case .i1: return "i1"
        case .i0e: return "i0e"
        case .i1e: return "i1e"
        case .xlogx: return "xlogx"
        case .polygamma: return "polygamma"
        case .betaln: return "betaln"
        case .xlogy0: return "xlogy0"
        case .cast(let t): return "Cast{\(t)}"
        case .add: return "add"
        case .sub: return "sub"
        case .mul: return "mul"
        case .trueDiv: return "true_div"
        case .floorDiv: return "int_div"
        case .mod: return "mod"
        case .pow: return "pow"
        case .maximum: return "maximum"
        case .minimum: return "minimum"
        case .arctan2: return "arctan2"
        case .logaddexp: return "logaddexp"
        case .eq: return "eq"
        case .neq: return "neq"
        case .lt: return "lt"
        case .le: return "le"
        case .gt: return "gt"
        case .ge: return "ge"
        case .and: return "and_"
        case .or: return "or_"
        case .xor: return "xor"
        case .switch: return "switch"
        case .clip: return "clip"
        }
    }

    public var description: String { name }

    private enum TypeRule {
        case float        // real functions: computed and returned in float64
        case numeric      // arithmetic: the promoted type, bool counted as int64
        case preserving   // selection-like: the promoted type, bool kept
        case comparison   // computed in the promoted type, returns bool
        case logical      // bool -> bool, int64 -> bitwise int64, float is an error
        case predicate    // computed in float64, returns bool
    }

    private var typeRule: TypeRule {
        switch self {
        case .sqrt, .reciprocal, .exp, .exp2, .expm1, .log, .log2, .log10, .log1p, .sin, .cos, .tan,
             .arcsin, .arccos, .arctan, .sinh, .cosh, .tanh, .arcsinh, .arccosh, .arctanh,
             .sigmoid, .softplus, .log1mexp, .gammaln, .digamma, .trigamma, .erf, .erfc,
             .erfcx, .erfinv, .erfcinv, .logNdtr, .ndtri, .i0, .i1, .i0e, .i1e, .xlogx,
             .trueDiv, .arctan2, .logaddexp, .polygamma, .betaln, .xlogy0:
            return .float
        case .neg, .sign, .sqr, .add, .sub, .mul, .floorDiv, .mod, .pow:
            return .numeric
        // floor, ceil and trunc of ints and bools are the identity, in their type (NumPy >= 2.3).
        case .abs, .floor, .ceil, .trunc, .round, .identity, .maximum, .minimum, .switch, .clip, .cast:
            return .preserving
        case .eq, .neq, .lt, .le, .gt, .ge:
            return .comparison
        case .and, .or, .xor, .invert:
            return .logical
        case .isnan, .isinf:
            return .predicate
        }
    }

    /// The inputs whose values take part in type promotion (the condition of `switch` does not).
    private func promotedInputs(_ types: [DType]) -> [DType] {
        self == .switch ? Array(types.dropFirst()) : types
    }

    /// The type inputs are converted to before the kernel runs.
    public func computeDType(_ types: [DType]) -> DType {
        if case .cast = self { return types[0] }
        return computeDType(promoted: promotedInputs(types).reduce(DType.bool, DType.promote))
    }

    /// The compute type given the promoted type of the inputs that take part in promotion.
    public func computeDType(promoted: DType) -> DType {
        if case .cast = self { return promoted }
        switch typeRule {
        case .float, .predicate: return .float64
        case .numeric: return promoted == .bool ? .int64 : promoted
        case .preserving, .comparison, .logical: return promoted
        }
    }

    /// The result type for inputs of `types`, or a `TypeError` naming them.
    public func outputDType(_ types: [DType]) throws -> DType {
        guard types.count == arity else {
            throw SPPLError.type("\(name) takes \(arity) input(s), got \(types.count)")
        }
        if case .cast(let target) = self { return target }
        let compute = computeDType(types)
        switch typeRule {
        case .comparison, .predicate: return .bool
        case .logical:
            guard compute != .float64 else {
                throw SPPLError.type("\(name) is defined for bool and int64 inputs, not \(types.map(\.description).joined(separator: ", "))")
            }
            return compute
        default: return compute
        }
    }
}
