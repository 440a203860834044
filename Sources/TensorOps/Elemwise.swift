// Elemwise.swift — the elementwise op (a scalar op broadcast over tensors of equal rank) and DimShuffle, the view that aligns ranks.

import DenseArrays
import TensorGraph

/// A scalar op applied elementwise with NumPy broadcasting. Inputs have equal
/// rank (the tensor functions insert DimShuffles to pad shorter ones, as PyTensor does).
public struct Elemwise: BroadcastingElementwise, Hashable {
    public let scalarOp: ScalarOp

    public init(_ scalarOp: ScalarOp) { self.scalarOp = scalarOp }

    public var description: String { "Elemwise{\(scalarOp.name),no_inplace}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == scalarOp.arity else {
            throw SPPLError.type("\(scalarOp.name) takes \(scalarOp.arity) input(s), got \(inputs.count)")
        }
        let ndim = inputs[0].ndim
        guard inputs.allSatisfy({ $0.ndim == ndim }) else {
            throw SPPLError.type("\(description) needs inputs of equal rank, got \(inputs.map { String($0.ndim) }.joined(separator: ", ")) dimensions")
        }
        let dtype = try scalarOp.outputDType(inputs.map(\.dtype))
        return [TensorType(dtype, shape: try broadcastStaticShapes(inputs.map(\.type.shape), what: scalarOp.name))]
    }

    func outputDType(_ inputs: [NDArray]) throws -> DType { try scalarOp.outputDType(inputs.map(\.dtype)) }

    func write(_ inputs: [NDArray], into out: NDArray) throws { try scalarOp.apply(inputs, into: out) }
}

/// What Elemwise and Composite share: NumPy broadcasting of equal-rank inputs under
/// PyTensor's static rule, and an output array written whole.
protocol BroadcastingElementwise: Op {
    var description: String { get }
    func outputDType(_ inputs: [NDArray]) throws -> DType
    func write(_ inputs: [NDArray], into out: NDArray) throws
}

extension BroadcastingElementwise {
    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let shape = try elementwiseShape(inputs, what: description)
        let out = try NDArray.empty(try outputDType(inputs), shape)
        try write(inputs, into: out)
        return [out]
    }

    public func perform(_ inputs: [NDArray], node: Apply) throws -> [NDArray] {
        try checkStaticBroadcasting(inputs, node: node)
        return try perform(inputs)
    }

    public func perform(_ inputs: [NDArray], node: Apply, outputs: inout [NDArray?]) throws {
        let shape = try checkedElementwiseShape(inputs, node: node, previous: outputs[0])
        let out = try NDArray.reusing(outputs[0], node.outputTypes[0].dtype, shape)
        try write(inputs, into: out)
        outputs[0] = out
    }
}

/// The shape of an elementwise node's result for these inputs, checked against the
/// node's static broadcasting. The last call's output shape is returned (no new
/// array) when the inputs still give it, as they do call after call.
func checkedElementwiseShape(_ inputs: [NDArray], node: Apply, previous: NDArray?) throws -> [Int] {
    if let shape = previous?.shape, inputs.allSatisfy({ $0.shape == shape }) { return shape }
    if let shape = previous?.shape, shape.count == inputs.first?.ndim,
       inputs.allSatisfy({ canBroadcast($0.shape, to: shape) }),
       (0..<shape.count).allSatisfy({ axis in inputs.contains { $0.shape[axis] == shape[axis] } }) {
        try checkStaticBroadcasting(inputs, node: node, shape: shape)
        return shape
    }
    let shape = try elementwiseShape(inputs, what: "\(node.op)")
    try checkStaticBroadcasting(inputs, node: node, shape: shape)
    return shape
}

/// The broadcast shape of elementwise inputs, or an error naming the op and the shapes
/// (the name is made only for the error: a fused program's description is not free).
func elementwiseShape(_ inputs: [NDArray], what: @autoclosure () -> String) throws -> [Int] {
    do {
        return try broadcastShapes(inputs.map(\.shape))
    } catch let error as SPPLError {
        throw SPPLError.value("\(what()): \(error.message)")
    }
}

/// PyTensor's rule: an input broadcasts along an axis only where its type says so
/// (static extent 1). A value of length 1 on an axis its type leaves unknown would
/// broadcast in NumPy, but rewrites and gradients rely on the static types, so it is
/// an error here, as in PyTensor.
func checkStaticBroadcasting(_ inputs: [NDArray], node: Apply, shape known: [Int]? = nil) throws {
    guard inputs.count == node.inputs.count else { return }
    let shape = try known ?? elementwiseShape(inputs, what: "\(node.op)")
    for (k, (value, variable)) in zip(inputs, node.inputs).enumerated() where value.ndim == shape.count {
        for axis in 0..<shape.count where value.shape[axis] == 1 && shape[axis] != 1 && variable.type.shape[axis] != 1 {
            throw SPPLError.value("""
                Runtime broadcasting not allowed: input \(k) (\(variable)) of \(node.op) has length 1 on axis \(axis) \
                while the result has length \(shape[axis]), but its type \(variable.type) does not mark that axis \
                broadcastable. Give it static shape 1 there (e.g. shape=(1, ...) when creating it, or \
                specify_broadcastable), as PyTensor requires.
                """)
        }
    }
}

/// Static broadcasting of equal-rank shapes: known extents other than 1 must agree;
/// the result is known where some input's extent is (or all are 1).
public func broadcastStaticShapes(_ shapes: [[Int?]], what: String) throws -> [Int?] {
    guard let ndim = shapes.first?.count else { return [] }
    var result: [Int?] = []
    for axis in 0..<ndim {
        let known = shapes.compactMap { $0[axis] }
        let big = Set(known.filter { $0 != 1 })
        if big.count > 1 {
            let listed = shapes.map(TensorType.formatStatic).joined(separator: " and ")
            throw SPPLError.value("\(what): shapes \(listed) cannot be broadcast together (axis \(axis))")
        }
        if let n = big.first {
            result.append(n)
        } else if known.count == shapes.count {
            result.append(1)
        } else {
            result.append(nil)
        }
    }
    return result
}

/// Reorders, inserts ("x") and drops length-1 axes, as a view (PyTensor's DimShuffle).
public struct DimShuffle: Op, Hashable {
    public let inputNdim: Int
    /// Input axis for each output axis, nil for a new axis of length 1.
    public let order: [Int?]

    public init(inputNdim: Int, order: [Int?]) throws {
        for axis in order.compactMap({ $0 }) where axis < 0 || axis >= inputNdim {
            throw SPPLError.value("dimshuffle: axis \(axis) is out of range for \(inputNdim) dimensions")
        }
        let named = order.compactMap { $0 }
        guard Set(named).count == named.count else {
            throw SPPLError.value("dimshuffle: axis repeated in \(order.map { $0.map(String.init) ?? "x" })")
        }
        self.inputNdim = inputNdim
        self.order = order
    }

    /// Aesara's spelling; these views never copy, hence "Inplace".
    public var description: String {
        "InplaceDimShuffle{" + order.map { $0.map(String.init) ?? "x" }.joined(separator: ",") + "}"
    }

    public var outputsMayAlias: Bool { true }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 1 else { throw SPPLError.type("DimShuffle takes one input") }
        let type = inputs[0].type
        guard type.ndim == inputNdim else {
            throw SPPLError.type("\(description) expects a \(inputNdim)-dimensional input, got \(type)")
        }
        for axis in 0..<inputNdim where !order.contains(axis) && type.shape[axis] != 1 {
            throw SPPLError.value("\(description) cannot drop axis \(axis) of \(inputs[0]), whose length is not known to be 1 (type \(type))")
        }
        return [TensorType(type.dtype, shape: order.map { $0.map { type.shape[$0] } ?? 1 })]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        [try inputs[0].dimShuffled(order)]
    }
}

/// Several elementwise ops fused into one loop over the output (PyTensor's Composite):
/// no intermediate arrays, one pass over memory.
public struct Composite: BroadcastingElementwise, Hashable {
    public let program: ElementwiseProgram

    public init(_ program: ElementwiseProgram) { self.program = program }

    public var description: String { "Composite{\(program)}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == program.inputCount else {
            throw SPPLError.type("\(description) takes \(program.inputCount) inputs, got \(inputs.count)")
        }
        let ndim = inputs.first?.ndim ?? 0
        guard inputs.allSatisfy({ $0.ndim == ndim }) else {
            throw SPPLError.type("\(description) needs inputs of equal rank")
        }
        return [TensorType(program.outputType, shape: try broadcastStaticShapes(inputs.map(\.type.shape), what: "Composite"))]
    }

    func outputDType(_ inputs: [NDArray]) throws -> DType { program.outputType }

    func write(_ inputs: [NDArray], into out: NDArray) throws { try program.run(inputs, into: out) }
}

/// The sum over every element of a fused elementwise program's result, in the program's
/// pass (PyTensor fuses such CAReduce{add} into its Composite loops too): no array of
/// the elementwise result is written and read back. Inputs broadcast as for Composite;
/// the result is a float64 scalar. Summation order: see `ElementwiseProgram.executeSum`.
public struct CompositeSum: Op, Hashable {
    public let program: ElementwiseProgram

    public init(_ program: ElementwiseProgram) { self.program = program }

    public var description: String { "Sum{Composite{\(program)}}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == program.inputCount, program.outputType == .float64 else {
            throw SPPLError.type("\(description) takes \(program.inputCount) inputs and a float64 program")
        }
        let ndim = inputs.first?.ndim ?? 0
        guard inputs.allSatisfy({ $0.ndim == ndim }) else {
            throw SPPLError.type("\(description) needs inputs of equal rank")
        }
        _ = try broadcastStaticShapes(inputs.map(\.type.shape), what: "Composite")
        return [TensorType(.float64, shape: [])]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let shape = try elementwiseShape(inputs, what: description)
        return [NDArray(scalar: try program.sum(inputs, shape: shape))]
    }

    public func perform(_ inputs: [NDArray], node: Apply) throws -> [NDArray] {
        try checkStaticBroadcasting(inputs, node: node)
        return try perform(inputs)
    }
}
