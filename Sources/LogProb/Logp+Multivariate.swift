// Logp+Multivariate.swift — log-probabilities of the multivariate distributions (PyMC's formulas and parameter checks): the catalog list and the helpers the families share.

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbCatalog {
    /// Families in Logp+MultivariateNormal.swift, Logp+MultivariateSimplex.swift and
    /// Logp+MultivariateMatrix.swift. Each builder returns one term per batch element:
    /// the value's shape less its support dimensions, broadcast with the parameters'
    /// batch shape.
    static let multivariate: [DistributionLogProb] = gaussianFamily + simplexFamily + matrixFamily
}

/// Helpers of the multivariate log-densities, in their own namespace so that they cannot
/// collide with the other families' helpers in this module.
enum MV {
    /// log π, log 2 and log 2π.
    static let logPi = 1.144_729_885_849_400_2
    static let log2 = 0.693_147_180_559_945_3
    static let log2Pi = 1.837_877_066_409_345_5

    /// log(x^m) with 0^0 = 1 (PyMC's logpow): m log x, 0 where x = m = 0, -inf where x = 0
    /// and m != 0. log runs on x with its zeros replaced by 1, so that neither the value nor
    /// the gradient of the unused branch is 0 · (-inf) = NaN.
    static func logpow(_ x: Variable, _ m: Variable) throws -> Variable {
        let zero = constant(0.0)
        let atZero = try eq(x, zero)
        let safeLog = try log(ifElse(atZero, constant(1.0), x))
        let zeroPower = try ifElse(eq(m, zero), zero, constant(-Double.infinity))
        return try ifElse(atZero, zeroPower, m * safeLog)
    }

    /// log x! = log Γ(x + 1).
    static func factln(_ x: Variable) throws -> Variable {
        try gammaln(x + 1.0)
    }

    /// numpy.isclose(a, b) with its default tolerances: |a - b| <= 1e-8 + 1e-5 |b|.
    static func isClose(_ a: Variable, _ b: Variable) throws -> Variable {
        let bound = try 1e-8 + 1e-5 * abs(b)
        return try abs(a - b) <= bound
    }

    /// Sum over the last axis.
    static func sumLast(_ x: Variable) throws -> Variable {
        try sum(x, axis: [-1])
    }

    /// Whether `condition` holds along the whole last axis.
    static func allLast(_ condition: Variable) throws -> Variable {
        try all(condition, axis: [-1])
    }

    /// Logical and of two boolean tensors.
    static func both(_ a: Variable, _ b: Variable) throws -> Variable {
        try elemwise(.and, a, b)
    }

    /// The length of the last axis as a float64 scalar (a constant when statically known).
    static func lastLengthAsFloat(_ x: Variable) throws -> Variable {
        if let k = x.type.shape.last, let known = k { return constant(Double(known)) }
        return try cast(shapeEntries(x)[x.ndim - 1], to: .float64)
    }

    /// `value` as float64 (counts of discrete distributions arrive as int64).
    static func floatValue(_ value: Variable) throws -> Variable {
        try cast(value, to: .float64)
    }

    /// Whole numbers: x == floor(x).
    static func isWhole(_ x: Variable) throws -> Variable {
        try eq(x, floor(x))
    }

    /// Static check that the support length agrees across the value and the parameters.
    /// `axes` lists, for the value and each parameter, the (negative) axes whose length is
    /// the support length k; the error names every shape when two known lengths differ.
    static func requireSupportLength(_ what: String, value: Variable, valueAxes: [Int],
                              _ params: [(name: String, variable: Variable, axes: [Int])]) throws {
        let needed = valueAxes.map { -$0 }.max() ?? 0
        guard value.ndim >= needed else {
            throw SPPLError.value("\(what): the value must have at least \(needed) dimension(s), got \(value) of type \(value.type)")
        }
        var seen: Set<Int> = []
        let listed = [("value", value, valueAxes)] + params.map { ($0.name, $0.variable, $0.axes) }
        for (_, variable, axes) in listed {
            for axis in axes where variable.ndim >= -axis {
                if let extent = variable.type.shape[variable.ndim + axis] { seen.insert(extent) }
            }
        }
        if seen.count > 1 {
            let shapes = listed.map { "\($0.0) of shape \(TensorType.formatStatic($0.1.type.shape))" }.joined(separator: ", ")
            throw SPPLError.value("\(what): the support lengths disagree: \(shapes)")
        }
    }
}
