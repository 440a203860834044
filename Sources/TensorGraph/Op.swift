// Op.swift — the protocol every operation implements: type inference, evaluation, equality by value.

import DenseArrays

/// An operation on tensors. An op is a value: two ops with equal properties are
/// equal (so merging can tell identical computations apart from different ones).
public protocol Op: CustomStringConvertible {
    /// The output types for these inputs, or a `TypeError`/`ValueError` naming what is
    /// wrong (PyTensor's `make_node`). Inputs are passed whole so that ops can read
    /// constant inputs (a constant shape gives a static shape).
    func outputTypes(_ inputs: [Variable]) throws -> [TensorType]

    /// Computes the outputs from input values. Outputs may be views of inputs only
    /// when `outputsMayAlias` says so.
    func perform(_ inputs: [NDArray]) throws -> [NDArray]

    /// Computes the outputs of `node`; ops whose checks need the node's static types
    /// (elementwise broadcasting) override this. By default it is `perform(inputs)`.
    func perform(_ inputs: [NDArray], node: Apply) throws -> [NDArray]

    /// The executor's entry point: computes the outputs of `node` into `outputs`, which
    /// on entry hold this step's outputs from the previous call. Ops that write into
    /// fresh memory override it to write into those arrays again when possible
    /// (`NDArray.reusing`), so that repeated calls allocate nothing. By default it
    /// stores the result of `perform(inputs, node:)`.
    func perform(_ inputs: [NDArray], node: Apply, outputs: inout [NDArray?]) throws

    /// True when outputs may share memory with inputs (views such as DimShuffle).
    var outputsMayAlias: Bool { get }

    /// False for ops whose result must not be computed once at compile time even when
    /// every input is constant (random draws, say).
    var isFoldable: Bool { get }

    func isEqual(to other: any Op) -> Bool
    func hash(into hasher: inout Hasher)
}

extension Op {
    public func perform(_ inputs: [NDArray], node: Apply) throws -> [NDArray] { try perform(inputs) }

    public func perform(_ inputs: [NDArray], node: Apply, outputs: inout [NDArray?]) throws {
        let results = try perform(inputs, node: node)
        for (i, result) in results.enumerated() where i < outputs.count { outputs[i] = result }
    }

    public var outputsMayAlias: Bool { false }
    public var isFoldable: Bool { true }
}

extension Op where Self: Hashable {
    public func isEqual(to other: any Op) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }
}

/// An op usable as a dictionary key or set member.
public struct AnyOp: Hashable {
    public let op: any Op
    public init(_ op: any Op) { self.op = op }
    public static func == (a: AnyOp, b: AnyOp) -> Bool { a.op.isEqual(to: b.op) }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(String(describing: type(of: op)))
        op.hash(into: &hasher)
    }
}
