// Reduce.swift — reductions over axes (sum, prod, max, min, all, any), argmax/argmin, and cumulative sums and products.

import DenseArrays
import TensorGraph

/// The type of a reduction of the single input over `axes` (nil: all), which are removed.
func reducedType(_ inputs: [Variable], axes: [Int]?, op: String, dtype: (DType) -> DType) throws -> TensorType {
    guard inputs.count == 1 else { throw SPPLError.type("\(op) takes one input") }
    let type = inputs[0].type
    let reduced = axes ?? Array(0..<type.ndim)
    for axis in reduced where axis < 0 || axis >= type.ndim {
        throw SPPLError.value("axis \(axis) is out of bounds for \(inputs[0]) of dimension \(type.ndim)")
    }
    return TensorType(dtype(type.dtype), shape: type.shape.indices.filter { !reduced.contains($0) }.map { type.shape[$0] })
}

/// A reduction over `axes` (nil: all axes), which are removed from the shape.
public struct Reduce: Op, Hashable {
    public let op: ReduceOp
    public let axes: [Int]?

    public init(_ op: ReduceOp, axes: [Int]?) {
        self.op = op
        self.axes = axes.map { $0.sorted() }
    }

    public var description: String {
        let name = op.rawValue.prefix(1).uppercased() + op.rawValue.dropFirst()
        guard let axes else { return name }
        return "\(name){axes=\(axes)}"
    }

    public func resolvedAxes(_ ndim: Int) -> [Int] { axes ?? Array(0..<ndim) }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        [try reducedType(inputs, axes: axes, op: description) { op.outputDType($0) }]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        [try inputs[0].reduced(op, axes: resolvedAxes(inputs[0].ndim))]
    }

    public func perform(_ inputs: [NDArray], node: Apply, outputs: inout [NDArray?]) throws {
        outputs[0] = try inputs[0].reduced(op, axes: axes ?? Array(0..<inputs[0].ndim), reusing: outputs[0])
    }
}

/// Index of the maximum (or minimum) along one axis, or over the flattened input.
public struct ArgExtreme: Op, Hashable {
    public let maximum: Bool
    public let axis: Int?

    public init(maximum: Bool, axis: Int?) {
        self.maximum = maximum
        self.axis = axis
    }

    public var description: String { "\(maximum ? "Argmax" : "Argmin"){axis=\(axis.map(String.init) ?? "None")}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 1 else { throw SPPLError.type("\(description) takes one input") }
        let type = inputs[0].type
        guard let axis else { return [TensorType(.int64, shape: [])] }
        guard axis >= 0, axis < type.ndim else {
            throw SPPLError.value("axis \(axis) is out of bounds for \(inputs[0]) of dimension \(type.ndim)")
        }
        var shape = type.shape
        shape.remove(at: axis)
        return [TensorType(.int64, shape: shape)]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        [try inputs[0].argExtreme(maximum: maximum, axis: axis)]
    }
}

/// Running sum or product along an axis (nil: over the flattened input), PyTensor's CumOp.
public struct CumOp: Op, Hashable {
    public let op: ReduceOp
    public let axis: Int?

    public init(_ op: ReduceOp, axis: Int?) throws {
        guard op == .sum || op == .prod else { throw SPPLError.value("CumOp supports sum and prod, not \(op.rawValue)") }
        self.op = op
        self.axis = axis
    }

    public var description: String { "CumOp{\(axis.map(String.init) ?? "None"), \(op == .sum ? "add" : "mul")}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 1 else { throw SPPLError.type("\(description) takes one input") }
        let type = inputs[0].type
        let dtype: DType = type.dtype == .bool ? .int64 : type.dtype
        guard let axis else {
            let known = type.shape.compactMap { $0 }
            guard known.count == type.ndim else { return [TensorType(dtype, shape: [nil])] }
            guard let n = checkedProduct(known) else {
                throw SPPLError.value("\(description): \(inputs[0]) has static shape \(TensorType.formatStatic(type.shape)), more elements than an array can hold")
            }
            return [TensorType(dtype, shape: [n])]
        }
        guard axis >= 0, axis < type.ndim else {
            throw SPPLError.value("axis \(axis) is out of bounds for \(inputs[0]) of dimension \(type.ndim)")
        }
        return [TensorType(dtype, shape: type.shape)]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        guard let axis else {
            return [try inputs[0].reshaped([inputs[0].count]).cumulative(op, axis: 0)]
        }
        return [try inputs[0].cumulative(op, axis: axis)]
    }
}

/// log(sum(exp(x))) over `axes` (nil: all), stable for large x. A primitive so that the
/// stabilizing rewrite of log(sum(exp(x))) has a target that does not re-expand.
public struct LogSumExp: Op, Hashable {
    public let axes: [Int]?

    public init(axes: [Int]?) { self.axes = axes.map { $0.sorted() } }

    public var description: String { axes.map { "LogSumExp{axes=\($0)}" } ?? "LogSumExp" }

    public func resolvedAxes(_ ndim: Int) -> [Int] { axes ?? Array(0..<ndim) }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        [try reducedType(inputs, axes: axes, op: description) { _ in .float64 }]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        [try inputs[0].logSumExp(axes: resolvedAxes(inputs[0].ndim))]
    }
}
