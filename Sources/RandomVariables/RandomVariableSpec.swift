// RandomVariableSpec.swift — what a distribution's random variable is: parameter ranks, support rank, parameter rules and the sampler.

import DenseArrays
import RandomCore

/// How one draw is made. Parameters arrive as float64, one pointer (or buffer, for
/// parameters with core dimensions) per parameter, already broadcast to the draw.
public enum RandomDraw: Sendable {
    /// A scalar real draw from scalar parameters.
    case real(@Sendable (inout RandomStream, UnsafePointer<Double>) -> Double)
    /// A scalar integer draw from scalar parameters.
    case integer(@Sendable (inout RandomStream, UnsafePointer<Double>) -> Int64)
    /// A draw with a support of its own shape (a vector, a matrix), written into the buffer.
    case realBlock(@Sendable (inout RandomStream, [UnsafeBufferPointer<Double>], UnsafeMutableBufferPointer<Double>) throws -> Void)
    case integerBlock(@Sendable (inout RandomStream, [UnsafeBufferPointer<Double>], UnsafeMutableBufferPointer<Int64>) throws -> Void)
    /// No sampler (flat priors): drawing throws.
    case unavailable(String)
}

/// A condition on the parameters of one draw, checked before drawing (NumPy's
/// samplers raise on these; so do ours, naming the parameter and value).
public struct ParameterRule: Sendable {
    public let text: String
    let holds: @Sendable (UnsafePointer<Double>) -> Bool

    public init(_ text: String, _ holds: @escaping @Sendable (UnsafePointer<Double>) -> Bool) {
        self.text = text
        self.holds = holds
    }

    /// Parameter `i` (named `name`) is > 0.
    public static func positive(_ i: Int, _ name: String) -> ParameterRule {
        ParameterRule("\(name) > 0") { $0[i] > 0 }
    }
    /// Parameter `i` is >= 0.
    public static func nonNegative(_ i: Int, _ name: String) -> ParameterRule {
        ParameterRule("\(name) >= 0") { $0[i] >= 0 }
    }
    /// Parameter `i` is a probability in [0, 1].
    public static func probability(_ i: Int, _ name: String) -> ParameterRule {
        ParameterRule("0 <= \(name) <= 1") { $0[i] >= 0 && $0[i] <= 1 }
    }
    /// Parameter `i` is a whole number >= 0 (a count).
    public static func count(_ i: Int, _ name: String) -> ParameterRule {
        ParameterRule("\(name) is a whole number >= 0") { $0[i] >= 0 && $0[i] == $0[i].rounded() && $0[i] < 9.0e15 }
    }
    /// Parameter `i` is finite.
    public static func finite(_ i: Int, _ name: String) -> ParameterRule {
        ParameterRule("\(name) is finite") { $0[i].isFinite }
    }
    /// Parameter `i` <= parameter `j`.
    public static func ordered(_ i: Int, _ j: Int, _ a: String, _ b: String) -> ParameterRule {
        ParameterRule("\(a) <= \(b)") { $0[i] <= $0[j] }
    }
}

/// A distribution's random variable: PyTensor's RandomVariable properties plus a sampler.
public struct RandomVariableSpec: Sendable {
    /// The op's name without the `_rv` suffix (`normal`, `multivariate_normal`).
    public let name: String
    /// Parameter names in PyTensor's order.
    public let parameters: [String]
    /// Core rank of each parameter (0 scalar, 1 vector, 2 matrix).
    public let ndimsParams: [Int]
    /// Rank of one draw.
    public let ndimSupp: Int
    public let dtype: DType
    /// Checked per draw on scalar parameters (univariate distributions).
    public let rules: [ParameterRule]
    public let draw: RandomDraw
    /// The support shape from the parameters' core shapes (static: nil where unknown).
    let staticSupportShape: @Sendable ([[Int?]]) -> [Int?]
    let supportShape: @Sendable ([[Int]], [NDArray]) throws -> [Int]

    /// A univariate real distribution with scalar parameters.
    public static func real(_ name: String, _ parameters: [String], _ rules: [ParameterRule] = [],
                            _ draw: @escaping @Sendable (inout RandomStream, UnsafePointer<Double>) -> Double) -> RandomVariableSpec {
        scalar(name, parameters, .float64, rules, .real(draw))
    }

    /// A univariate integer distribution with scalar parameters.
    public static func integer(_ name: String, _ parameters: [String], _ rules: [ParameterRule] = [],
                               _ draw: @escaping @Sendable (inout RandomStream, UnsafePointer<Double>) -> Int64) -> RandomVariableSpec {
        scalar(name, parameters, .int64, rules, .integer(draw))
    }

    static func scalar(_ name: String, _ parameters: [String], _ dtype: DType, _ rules: [ParameterRule],
                       _ draw: RandomDraw) -> RandomVariableSpec {
        RandomVariableSpec(name: name, parameters: parameters, ndimsParams: parameters.map { _ in 0 }, ndimSupp: 0,
                           dtype: dtype, rules: rules, draw: draw, staticSupportShape: { _ in [] }, supportShape: { _, _ in [] })
    }

    /// A distribution whose draws have core dimensions. `staticSupport` and `support`
    /// compute the support shape from the parameters' core shapes (and, at run time,
    /// their values, for sizes given as parameters like LKJ's `n`).
    public static func block(_ name: String, _ parameters: [String], ndimsParams: [Int], ndimSupp: Int, dtype: DType,
                             staticSupport: @escaping @Sendable ([[Int?]]) -> [Int?],
                             support: @escaping @Sendable ([[Int]], [NDArray]) throws -> [Int],
                             draw: RandomDraw) -> RandomVariableSpec {
        RandomVariableSpec(name: name, parameters: parameters, ndimsParams: ndimsParams, ndimSupp: ndimSupp, dtype: dtype,
                           rules: [], draw: draw, staticSupportShape: staticSupport, supportShape: support)
    }
}
