// CompiledLogDensity.swift — a log-density graph of value variables, compiled with its gradient, as the samplers' LogDensity.

import Autodiff
import Compile
import DenseArrays
import Sampling
import TensorGraph

/// Where each value variable lives in the flat position vector a sampler moves (PyMC's
/// DictToArrayBijection): variables in order, each C-contiguous. Continuous samplers need
/// float64 variables; compound step methods also take int64 ones, stored as exact doubles
/// (|value| < 2^53) and marked `discrete`.
public struct FlatLayout: Sendable {
    public let names: [String]
    public let shapes: [[Int]]
    public let offsets: [Int]
    public let dtypes: [DType]
    /// One flag per flat coordinate: whether it belongs to an int64 variable.
    public let discrete: [Bool]
    public let dimension: Int

    /// Requires fully static shapes, and float64 variables (or int64 too with `integers`).
    public init(_ variables: [Variable], integers: Bool = false) throws {
        var names: [String] = [], shapes: [[Int]] = [], offsets: [Int] = [], dtypes: [DType] = []
        var discrete: [Bool] = []
        var offset = 0
        for (i, v) in variables.enumerated() {
            let label = v.name ?? "value \(i)"
            let dtype = v.type.dtype
            guard dtype == .float64 || (integers && dtype == .int64) else {
                let need = integers ? "step methods need float64 or int64 values" : "continuous samplers need float64"
                throw SPPLError.type("value variable \(label) has dtype \(dtype); \(need)")
            }
            guard v.type.shape.allSatisfy({ $0 != nil }) else {
                throw SPPLError.value("value variable \(label) has a shape not known before compiling (\(v.type)); give it a static shape")
            }
            let shape = v.type.shape.map { $0 ?? 0 }
            let n = try checkedElementCount(shape)
            names.append(label); shapes.append(shape); offsets.append(offset); dtypes.append(dtype)
            discrete += Array(repeating: dtype == .int64, count: n)
            offset += n
        }
        (self.names, self.shapes, self.offsets, self.dtypes) = (names, shapes, offsets, dtypes)
        self.discrete = discrete
        dimension = offset
    }

    /// The arrays of a flat position, one per variable.
    public func split(_ flat: [Double]) throws -> [NDArray] {
        guard flat.count == dimension else {
            throw SPPLError.value("a flat position has \(flat.count) values, the layout has \(dimension)")
        }
        return try shapes.indices.map { i in
            let n = shapes[i].reduce(1, *)
            let values = Array(flat[offsets[i]..<(offsets[i] + n)])
            guard dtypes[i] == .int64 else { return try NDArray(values, shape: shapes[i]) }
            let integers = try values.map { x -> Int64 in
                guard let k = Int64(exactly: x) else {
                    throw SPPLError.value("\(names[i]) must hold integers, got \(x)")
                }
                return k
            }
            return try NDArray(integers, shape: shapes[i])
        }
    }

    /// Concatenates one array per variable (any float dtype, any layout) into a flat position.
    public func join(_ arrays: [NDArray]) throws -> [Double] {
        guard arrays.count == shapes.count else {
            throw SPPLError.value("expected \(shapes.count) arrays (\(names.joined(separator: ", "))), got \(arrays.count)")
        }
        var flat: [Double] = []
        flat.reserveCapacity(dimension)
        for (i, a) in arrays.enumerated() {
            guard a.shape == shapes[i] else {
                throw SPPLError.value("\(names[i]): expected shape \(formatShape(shapes[i])), got \(formatShape(a.shape))")
            }
            flat.append(contentsOf: (0..<a.count).map { a.double(flat: $0) })
        }
        return flat
    }
}

/// A scalar log density of value variables compiled with its gradient: one `Function`
/// (thread-safe; each call takes its own working memory) shared by every chain.
public final class CompiledLogDensityFunction: @unchecked Sendable {
    public let function: Function
    public let layout: FlatLayout

    /// Compiles `logp` (a float64 scalar) and ∂logp/∂value for each value variable.
    public init(logp: Variable, values: [Variable]) throws {
        guard logp.type.ndim == 0 else {
            throw SPPLError.value("the log density must be a scalar, got \(logp.type)")
        }
        layout = try FlatLayout(values)
        let gradients = try grad(logp, wrt: values, disconnected: .ignore)
        function = try Function(inputs: values, outputs: [logp] + gradients)
    }

    /// Wraps a function already compiled with inputs = the value variables (float64, static
    /// shapes) and outputs = [log density (scalar), its gradient for each input, in order].
    public init(function: Function) throws {
        layout = try FlatLayout(function.inputs)
        let outputs = function.outputs
        guard outputs.count == function.inputs.count + 1 else {
            throw SPPLError.value("a log-density function has outputs [logp, dlogp/d input for each input]: \(function.inputs.count + 1) outputs for \(function.inputs.count) inputs, got \(outputs.count)")
        }
        guard outputs[0].type.ndim == 0, outputs[0].type.dtype == .float64 else {
            throw SPPLError.value("the first output of a log-density function must be a float64 scalar, got \(outputs[0].type)")
        }
        for (i, (input, gradient)) in zip(function.inputs, outputs.dropFirst()).enumerated() {
            guard gradient.type.dtype == .float64, gradient.type.shape.count == input.type.shape.count,
                  zip(gradient.type.shape, layout.shapes[i]).allSatisfy({ $0 == nil || $0 == $1 }) else {
                throw SPPLError.value("output \(i + 1) of a log-density function must be the gradient for \(layout.names[i]) (float64, shape \(formatShape(layout.shapes[i]))), got \(gradient.type)")
            }
        }
        self.function = function
    }

    /// A density for one chain (its own input and output buffers).
    public func makeDensity() throws -> CompiledLogDensity { try CompiledLogDensity(self) }

    /// log density and flat gradient at a flat position (for checks and initial points).
    public func evaluate(_ flat: [Double]) throws -> (logp: Double, gradient: [Double]) {
        let results = try function(try layout.split(flat))
        let gradient = try layout.join(Array(results.dropFirst()))
        return (results[0].double(flat: 0), gradient)
    }
}

/// One chain's view of a `CompiledLogDensityFunction`: the position is copied into
/// preallocated input arrays and the function writes into preallocated outputs, so an
/// evaluation allocates nothing. Failures a point can cause (a parameter check, a matrix
/// that is not positive definite) are recoverable; anything else stops sampling.
public struct CompiledLogDensity: LogDensity {
    public let compiled: CompiledLogDensityFunction
    private let inputs: [NDArray]
    private let outputs: [NDArray]
    public var dimension: Int { compiled.layout.dimension }

    init(_ compiled: CompiledLogDensityFunction) throws {
        self.compiled = compiled
        inputs = try compiled.layout.shapes.map { try NDArray.zeros(.float64, $0) }
        outputs = try [NDArray.zeros(.float64, [])] + compiled.layout.shapes.map { try NDArray.zeros(.float64, $0) }
    }

    public mutating func logDensity(at position: UnsafeBufferPointer<Double>,
                                    gradient: UnsafeMutableBufferPointer<Double>) throws -> Double {
        let layout = compiled.layout
        for (i, input) in inputs.enumerated() {
            let n = input.count
            guard n > 0, let source = position.baseAddress else { continue }
            input.pointer(Double.self).update(from: source + layout.offsets[i], count: n)
        }
        try compiled.function.evaluateDensity(inputs, into: outputs)
        for i in inputs.indices {
            let n = inputs[i].count
            guard n > 0, let target = gradient.baseAddress else { continue }
            (target + layout.offsets[i]).update(from: outputs[i + 1].pointer(Double.self), count: n)
        }
        return outputs[0].pointer(Double.self).pointee
    }
}
