// Transform.swift — value transforms: bijections from a constrained support to the real line, with the log-Jacobian samplers need.

import DenseArrays
import TensorGraph
import TensorOps

/// A bijection between a distribution's support and unconstrained values, as PyMC's
/// transforms: `forward` maps a value in the support to the real line (what a sampler
/// moves), `backward` maps back, and `logJacobianDeterminant` is log|det J| of
/// `backward` at the unconstrained value. Elementwise transforms return it elementwise;
/// vector transforms (simplex, ordered, ...) sum it over the transformed axis.
public protocol ValueTransform {
    /// PyMC's name, used in value-variable names (`sigma_log__`, `p_logodds__`).
    var name: String { get }
    func forward(_ x: Variable) throws -> Variable
    func backward(_ y: Variable) throws -> Variable
    func logJacobianDeterminant(_ y: Variable) throws -> Variable
    /// Number of trailing axes the transform acts on jointly (0: elementwise).
    var supportDimensions: Int { get }
}

extension ValueTransform {
    public var supportDimensions: Int { 0 }
}

/// x > 0: y = log x; x = e^y; log|dx/dy| = y.
public struct LogTransform: ValueTransform {
    public init() {}
    public var name: String { "log" }
    public func forward(_ x: Variable) throws -> Variable { try log(x) }
    public func backward(_ y: Variable) throws -> Variable { try exp(y) }
    public func logJacobianDeterminant(_ y: Variable) throws -> Variable { y }
}

/// 0 < x < 1: y = logit x; x = sigmoid(y); log|dx/dy| = log σ(y) + log(1 - σ(y)),
/// written -softplus(-y) - softplus(y) so that it stays finite for large |y|.
public struct LogOddsTransform: ValueTransform {
    public init() {}
    public var name: String { "logodds" }
    public func forward(_ x: Variable) throws -> Variable { try log(x) - log1p(-x) }
    public func backward(_ y: Variable) throws -> Variable { try sigmoid(y) }
    public func logJacobianDeterminant(_ y: Variable) throws -> Variable { try -softplus(-y) - softplus(y) }
}

/// lower < x < upper (either bound may be absent):
/// both: y = log(x - a) - log(b - x), x = a + (b - a) σ(y), log|dx/dy| = log(b - a) - softplus(-y) - softplus(y);
/// lower only: y = log(x - a), x = a + e^y; upper only: y = log(b - x), x = b - e^y; log|dx/dy| = y.
public struct IntervalTransform: ValueTransform {
    public let lower: Variable?
    public let upper: Variable?

    public init(lower: Variable?, upper: Variable?) throws {
        guard lower != nil || upper != nil else { throw SPPLError.value("interval transform needs a lower or an upper bound") }
        self.lower = lower
        self.upper = upper
    }

    public var name: String { "interval" }

    public func forward(_ x: Variable) throws -> Variable {
        switch (lower, upper) {
        case let (a?, b?): return try log(x - a) - log(b - x)
        case let (a?, nil): return try log(x - a)
        case let (nil, b?): return try log(b - x)
        default: throw SPPLError.value("interval transform without bounds")
        }
    }

    public func backward(_ y: Variable) throws -> Variable {
        switch (lower, upper) {
        case let (a?, b?): return try sigmoid(y) * (b - a) + a
        case let (a?, nil): return try exp(y) + a
        case let (nil, b?): return try b - exp(y)
        default: throw SPPLError.value("interval transform without bounds")
        }
    }

    public func logJacobianDeterminant(_ y: Variable) throws -> Variable {
        guard let a = lower, let b = upper else { return y }
        return try log(b - a) - softplus(-y) - softplus(y)
    }
}

/// Angles: y = atan2(sin x, cos x) maps x into (-π, π]; the inverse is the same map and
/// the Jacobian is 1 (PyMC's circular transform).
public struct CircularTransform: ValueTransform {
    public init() {}
    public var name: String { "circular" }
    public func forward(_ x: Variable) throws -> Variable { try elemwise(.arctan2, sin(x), cos(x)) }
    public func backward(_ y: Variable) throws -> Variable { try elemwise(.arctan2, sin(y), cos(y)) }
    public func logJacobianDeterminant(_ y: Variable) throws -> Variable { try zerosLike(y) }
}

/// Transforms applied one after the other: forward in order, backward in reverse, and
/// the log-Jacobian of the composite summed along the way back.
public struct ChainedTransform: ValueTransform {
    public let transforms: [ValueTransform]

    public init(_ transforms: [ValueTransform]) throws {
        guard !transforms.isEmpty else { throw SPPLError.value("a chain needs at least one transform") }
        self.transforms = transforms
    }

    public var name: String { transforms.map(\.name).joined(separator: "_") }
    public var supportDimensions: Int { transforms.map(\.supportDimensions).max() ?? 0 }

    public func forward(_ x: Variable) throws -> Variable {
        try transforms.reduce(x) { try $1.forward($0) }
    }

    public func backward(_ y: Variable) throws -> Variable {
        try transforms.reversed().reduce(y) { try $1.backward($0) }
    }

    /// log|d backward/dy| = Σ log|d backward_k / d z_k| at the intermediate values z_k,
    /// each reduced over the chain's support axes so the terms add up.
    public func logJacobianDeterminant(_ y: Variable) throws -> Variable {
        var total: Variable?
        var z = y
        let support = supportDimensions
        for t in transforms.reversed() {
            var term = try t.logJacobianDeterminant(z)
            let extra = support - t.supportDimensions
            if extra > 0 { term = try sum(term, axis: Array((term.ndim - extra)..<term.ndim)) }
            total = try total.map { try $0 + term } ?? term
            z = try t.backward(z)
        }
        return total!
    }
}
