// RandomVariableCatalog.swift — every distribution's random variable by name, and the functions that put one in a graph.

import DenseArrays
import RandomCore
import TensorGraph
import TensorOps

/// The random variables swiftppl can draw from, by op name.
public enum RandomVariableCatalog {
    public static let all: [RandomVariableSpec] = continuous + discrete + multivariate
        + ordered

    static let byName: [String: RandomVariableSpec] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    /// The spec named `name` (`normal`, `multivariate_normal`, ...).
    public static func spec(named name: String) throws -> RandomVariableSpec {
        guard let spec = byName[name] else {
            throw SPPLError.value("unknown random variable '\(name)'")
        }
        return spec
    }
}

/// A random variable in a graph: the node `spec(rng, size, params...)`. Returns the
/// advanced generator and the draw (PyTensor's `rv.owner.outputs`). `size` nil takes
/// the batch shape from the parameters.
public func randomVariable(_ spec: RandomVariableSpec, _ params: [Variable], size: Variable? = nil,
                           rng: Variable) throws -> (next: Variable, draw: Variable) {
    let sizeVariable = try size ?? constant(NDArray([Int64](), shape: [0]))
    let node = try Apply(RandomVariableOp(spec), [rng, sizeVariable] + params)
    return (node.outputs[0], node.outputs[1])
}

/// `randomVariable` by op name, with a constant size.
public func randomVariable(_ name: String, _ params: [Variable], size: [Int]? = nil,
                           rng: Variable) throws -> (next: Variable, draw: Variable) {
    let sizeVariable = try size.map { constant(try NDArray($0.map(Int64.init), shape: [$0.count])) }
    return try randomVariable(try RandomVariableCatalog.spec(named: name), params, size: sizeVariable, rng: rng)
}

/// The random variable op computing `variable`, if it is a draw (output 1 of one).
public func randomVariableNode(_ variable: Variable) -> (op: RandomVariableOp, node: Apply)? {
    guard let node = variable.owner, let op = node.op as? RandomVariableOp, variable.index == 1 else { return nil }
    return (op, node)
}
