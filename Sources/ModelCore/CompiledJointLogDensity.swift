// CompiledJointLogDensity.swift — a model's log density over all its value variables, continuous (float64) and discrete (int64), compiled once for compound step methods.

import Compile
import DenseArrays
import Sampling
import TensorGraph

/// A function compiled with inputs = the value variables (float64 or int64, static shapes) and
/// outputs = [log density] followed, optionally, by its gradient for each float64 input in order
/// (needed only by NUTS blocks). Shared by every chain; `makeDensity` gives each chain its own buffers.
public final class CompiledJointLogDensityFunction: @unchecked Sendable {
    public let function: Function
    /// The log density alone (the first output), for the gradient-free steps.
    public let valueFunction: Function
    public let layout: FlatLayout
    /// Whether the function returns gradients (so NUTS may move the continuous coordinates).
    public let hasGradient: Bool

    public init(function: Function) throws {
        let layout = try FlatLayout(function.inputs, integers: true)
        self.layout = layout
        let outputs = function.outputs
        let continuous = layout.dtypes.indices.filter { layout.dtypes[$0] == .float64 }
        guard outputs.count == 1 || outputs.count == continuous.count + 1 else {
            throw SPPLError.value("a joint log-density function has outputs [logp] or [logp, dlogp/d input for each float64 input]: 1 or \(continuous.count + 1) outputs, got \(outputs.count)")
        }
        guard outputs[0].type.ndim == 0, outputs[0].type.dtype == .float64 else {
            throw SPPLError.value("the first output of a log-density function must be a float64 scalar, got \(outputs[0].type)")
        }
        for (k, input) in continuous.enumerated() where outputs.count > 1 {
            let gradient = outputs[k + 1].type
            guard gradient.dtype == .float64, gradient.shape.count == layout.shapes[input].count,
                  zip(gradient.shape, layout.shapes[input]).allSatisfy({ $0 == nil || $0 == $1 }) else {
                throw SPPLError.value("output \(k + 1) must be the gradient for \(layout.names[input]) (float64, shape \(formatShape(layout.shapes[input]))), got \(gradient)")
            }
        }
        hasGradient = outputs.count > 1
        self.function = function
        // Metropolis, Slice and Gibbs steps need no gradient: compile the density alone once.
        valueFunction = hasGradient ? try Function(inputs: function.inputs, outputs: [outputs[0]]) : function
    }

    public func makeDensity() throws -> CompiledJointLogDensity { try CompiledJointLogDensity(self) }
}

/// One chain's evaluations of a `CompiledJointLogDensityFunction` into preallocated buffers.
/// A discrete coordinate that is not an integer in int64's range, and the failures a point can
/// cause, are recoverable (the move is rejected); anything else stops sampling.
public struct CompiledJointLogDensity: ValueLogDensity {
    public let compiled: CompiledJointLogDensityFunction
    private let inputs: [NDArray]
    private let outputs: [NDArray]
    private let valueOutput: [NDArray]
    /// For each output after the first, the input whose gradient it is.
    private let gradientInputs: [Int]
    public var dimension: Int { compiled.layout.dimension }

    init(_ compiled: CompiledJointLogDensityFunction) throws {
        self.compiled = compiled
        let layout = compiled.layout
        inputs = try layout.shapes.indices.map { try NDArray.zeros(layout.dtypes[$0], layout.shapes[$0]) }
        gradientInputs = compiled.hasGradient ? layout.dtypes.indices.filter { layout.dtypes[$0] == .float64 } : []
        outputs = try [NDArray.zeros(.float64, [])] + gradientInputs.map { try NDArray.zeros(.float64, layout.shapes[$0]) }
        valueOutput = [try NDArray.zeros(.float64, [])]
    }

    public mutating func logDensityValue(at position: UnsafeBufferPointer<Double>) throws -> Double {
        try load(position)
        try compiled.valueFunction.evaluateDensity(inputs, into: valueOutput)
        return valueOutput[0].pointer(Double.self).pointee
    }

    public mutating func logDensity(at position: UnsafeBufferPointer<Double>,
                                    gradient: UnsafeMutableBufferPointer<Double>) throws -> Double {
        try load(position)
        try compiled.function.evaluateDensity(inputs, into: outputs)
        let layout = compiled.layout
        if let target = gradient.baseAddress {
            for (k, i) in gradientInputs.enumerated() where inputs[i].count > 0 {
                (target + layout.offsets[i]).update(from: outputs[k + 1].pointer(Double.self), count: inputs[i].count)
            }
        }
        return outputs[0].pointer(Double.self).pointee
    }

    /// Copies a flat position into the input arrays, integers checked and converted.
    private func load(_ position: UnsafeBufferPointer<Double>) throws {
        let layout = compiled.layout
        guard let source = position.baseAddress else { throw LogDensityError.fatal("empty position") }
        for (i, input) in inputs.enumerated() where input.count > 0 {
            let start = source + layout.offsets[i]
            if layout.dtypes[i] == .float64 {
                input.pointer(Double.self).update(from: start, count: input.count)
                continue
            }
            let target = input.pointer(Int64.self)
            for j in 0..<input.count {
                // Int64(exactly:) is nil for a fraction, NaN or a value beyond int64.
                guard let value = Int64(exactly: start[j]) else {
                    throw LogDensityError.recoverable("\(layout.names[i]) must hold integers, got \(start[j])")
                }
                target[j] = value
            }
        }
    }
}

extension Function {
    /// A call for a sampler: failures a point can cause (a parameter check, a matrix that is not
    /// positive definite) are recoverable, anything else is fatal.
    func evaluateDensity(_ inputs: [NDArray], into outputs: [NDArray]) throws {
        do {
            try self(inputs, into: outputs)
        } catch let error as SPPLError {
            switch error.kind {
            case .value, .linAlg: throw LogDensityError.recoverable(error.message)
            default: throw LogDensityError.fatal(error.message)
            }
        }
    }
}
