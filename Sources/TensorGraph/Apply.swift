// Apply.swift — a node of the graph: an op applied to input variables, producing output variables.

import DenseArrays

/// One application of an op. Inputs are held strongly; outputs weakly (each
/// output holds its node), so a node lives exactly as long as one of its outputs.
public final class Apply: Hashable, CustomStringConvertible {
    public let op: any Op
    /// Only emptied while the graph is being torn down (see `Variable.deinit`).
    public private(set) var inputs: [Variable]
    public let outputTypes: [TensorType]
    var outputNames: [String?]
    private var outputRefs: [WeakVariable]

    private struct WeakVariable {
        weak var value: Variable?
    }

    /// Type-checks `inputs` against `op` and builds the node (PyTensor's `make_node`).
    public init(_ op: any Op, _ inputs: [Variable]) throws {
        let types = try op.outputTypes(inputs)
        self.op = op
        self.inputs = inputs
        outputTypes = types
        outputNames = [String?](repeating: nil, count: types.count)
        outputRefs = [WeakVariable](repeating: WeakVariable(), count: types.count)
    }

    /// Output `i` (created on first request and kept while anyone holds it).
    public func output(_ i: Int) -> Variable {
        if let existing = outputRefs[i].value { return existing }
        let variable = Variable(owner: self, index: i)
        outputRefs[i].value = variable
        return variable
    }

    public var outputs: [Variable] { (0..<outputTypes.count).map(output) }
    public var nout: Int { outputTypes.count }

    /// `Elemwise{add,no_inplace}(InplaceDimShuffle{x}.0, y)`.
    public var description: String {
        "\(op)(" + inputs.map(\.description).joined(separator: ", ") + ")"
    }

    /// Hands the inputs over to the caller, leaving the node without any (graph teardown only).
    func detachInputs() -> [Variable] {
        defer { inputs = [] }
        return inputs
    }

    public static func == (a: Apply, b: Apply) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// Applies `op` to `inputs` and returns its single output.
public func apply(_ op: any Op, _ inputs: [Variable]) throws -> Variable {
    let node = try Apply(op, inputs)
    guard node.nout == 1 else {
        throw SPPLError.runtime("\(op) has \(node.nout) outputs; use Apply(op, inputs).outputs")
    }
    return node.output(0)
}
