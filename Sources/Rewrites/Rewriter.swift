// Rewriter.swift — the rewrite engine: rebuilds a graph bottom-up, merging identical nodes and constants, applying named local rewrites until none fires.

import DenseArrays
import TensorGraph
import TensorOps

/// One named rewrite that states one fact, e.g. `log(exp(x)) -> x`. Given a node whose
/// inputs are already rewritten, it returns replacements for the node's outputs, or
/// nil when it does not apply. A replacement must have the output's type.
public struct LocalRewrite: Sendable {
    public let name: String
    let body: @Sendable (Apply) throws -> [Variable]?

    public init(_ name: String, _ body: @escaping @Sendable (Apply) throws -> [Variable]?) {
        self.name = name
        self.body = body
    }

    public func callAsFunction(_ node: Apply) throws -> [Variable]? { try body(node) }
}

/// Rewrites graphs with a list of local rewrites.
///
/// Nodes are visited from inputs to outputs. Each node is rebuilt on its rewritten
/// inputs and looked up in a table of nodes seen so far (same op, same inputs), so
/// identical subexpressions collapse to one (merge, PyTensor's MergeOptimizer);
/// equal small constants collapse likewise. Then the rules are tried in order; when
/// one fires, its replacement — which may contain new nodes — is rewritten in turn.
public final class GraphRewriter {
    public let rules: [LocalRewrite]
    /// How many times each rule fired (for tests and diagnostics).
    public private(set) var applied: [String: Int] = [:]
    private var memo: [Variable: Variable] = [:]
    private var nodes: [NodeKey: Apply] = [:]
    private var constants: [ConstantKey: Variable] = [:]
    private var roots: Set<Variable> = []
    /// Variables of the graph as given, which rewriting never renames.
    private var original: Set<Variable> = []
    private var budget = 100_000

    public init(rules: [LocalRewrite]) {
        self.rules = rules
    }

    /// The rewritten `outputs`; variables in `inputs` are left as they are (they are
    /// the function's inputs, even when computed in the original graph).
    public func rewrite(_ outputs: [Variable], inputs: Set<Variable> = []) throws -> [Variable] {
        roots = inputs
        let order = toposort(outputs, inputs: inputs)
        original = Set(order.flatMap(\.outputs))
        for node in order {
            try rewriteNode(node)
        }
        return try outputs.map { try canonical($0) }
    }

    /// The rewritten form of `v`, rewriting what has not been seen yet.
    private func canonical(_ v: Variable) throws -> Variable {
        if let done = memo[v] { return done }
        guard let node = v.owner, !roots.contains(v) else {
            let merged = mergeConstant(v)
            memo[v] = merged
            return merged
        }
        return try rewriteNode(node)[v.index]
    }

    @discardableResult
    private func rewriteNode(_ node: Apply) throws -> [Variable] {
        let outputs = node.outputs
        if outputs.allSatisfy({ memo[$0] != nil }) { return outputs.map { memo[$0]! } }
        let inputs = try node.inputs.map { try canonical($0) }
        let rebuilt = merge(zip(inputs, node.inputs).allSatisfy({ $0 === $1 }) ? node : try Apply(node.op, inputs))
        let rebuiltOutputs = rebuilt.outputs
        var results = rebuiltOutputs
        if rebuilt !== node, rebuiltOutputs.allSatisfy({ memo[$0] != nil }) {
            results = rebuiltOutputs.map { memo[$0]! }
        } else {
            // While its rules run, the node stands for itself (a replacement may refer to it).
            for output in rebuiltOutputs { memo[output] = output }
            for rule in rules where budget > 0 {
                guard let replacement = try rule(rebuilt), replacement.count == rebuilt.nout,
                      zip(replacement, rebuiltOutputs).allSatisfy({ $0.dtype == $1.dtype && $0.ndim == $1.ndim })
                else { continue }
                budget -= 1
                applied[rule.name, default: 0] += 1
                results = try replacement.map { try canonical($0) }
                // A node the rewrite created takes the name of what it replaced.
                for (old, new) in zip(rebuiltOutputs, results)
                where new.name == nil && new.owner != nil && !original.contains(new) {
                    new.name = old.name
                }
                break
            }
        }
        for (output, result) in zip(rebuiltOutputs, results) { memo[output] = result }
        for (output, result) in zip(outputs, results) { memo[output] = result }
        return results
    }

    /// The first node built with the same op and inputs, or `node` itself.
    private func merge(_ node: Apply) -> Apply {
        let key = NodeKey(op: AnyOp(node.op), inputs: node.inputs.map(ObjectIdentifier.init))
        if let existing = nodes[key] { return existing }
        nodes[key] = node
        return node
    }

    /// The first constant seen with the same dtype, shape and (for small constants) values.
    private func mergeConstant(_ v: Variable) -> Variable {
        guard let value = v.constantValue, value.count <= 64, v.name == nil else { return v }
        let key = ConstantKey(dtype: value.dtype, shape: value.shape, bits: value.doubles.map(\.bitPattern))
        if let existing = constants[key] { return existing }
        constants[key] = v
        return v
    }
}

private struct NodeKey: Hashable {
    let op: AnyOp
    let inputs: [ObjectIdentifier]
}

private struct ConstantKey: Hashable {
    let dtype: DType
    let shape: [Int]
    let bits: [UInt64]
}
