// Traversal.swift — walking graphs: ancestors, root inputs, topological order, and cloning with replacements.

import DenseArrays

/// Every variable `outputs` depend on, outputs included, each once, in depth-first
/// order (PyTensor's `ancestors`). Traversal stops at `blockers`.
public func ancestors(_ outputs: [Variable], blockers: Set<Variable> = []) -> [Variable] {
    var seen = Set<Variable>()
    var order: [Variable] = []
    var stack = Array(outputs.reversed())
    while let v = stack.popLast() {
        guard seen.insert(v).inserted else { continue }
        order.append(v)
        if blockers.contains(v) { continue }
        if let owner = v.owner { stack.append(contentsOf: owner.inputs.reversed()) }
    }
    return order
}

/// The root variables (no owner: inputs, constants, shared) of the graphs of `outputs`,
/// plus any `blockers` reached (PyTensor's `graph_inputs`).
public func graphInputs(_ outputs: [Variable], blockers: Set<Variable> = []) -> [Variable] {
    ancestors(outputs, blockers: blockers).filter { $0.owner == nil || blockers.contains($0) }
}

/// The nodes computing `outputs` from `inputs` (or from the roots), each after the
/// nodes it depends on. Iterative, so deep graphs do not exhaust the stack.
public func toposort(_ outputs: [Variable], inputs: Set<Variable> = []) -> [Apply] {
    var order: [Apply] = []
    var visited = Set<Apply>()
    // (node, expanded): a node is emitted when popped the second time, after its inputs.
    var stack: [(Apply, Bool)] = []
    for output in outputs.reversed() {
        if let owner = output.owner, !inputs.contains(output) { stack.append((owner, false)) }
    }
    while let (node, expanded) = stack.popLast() {
        if expanded {
            if visited.insert(node).inserted { order.append(node) }
            continue
        }
        if visited.contains(node) { continue }
        stack.append((node, true))
        for input in node.inputs.reversed() {
            if let owner = input.owner, !inputs.contains(input), !visited.contains(owner) {
                stack.append((owner, false))
            }
        }
    }
    return order
}

/// Copies of the graphs of `outputs` with each key of `replace` swapped for its value.
/// Every node between the replaced variables and the outputs is rebuilt (its op
/// re-checks the new input types); roots are shared; the originals are unchanged.
public func cloneReplace(_ outputs: [Variable], replace: [Variable: Variable] = [:]) throws -> [Variable] {
    for (old, new) in replace where old.ndim != new.ndim {
        throw SPPLError.type("cannot replace \(old) of type \(old.type) with \(new) of type \(new.type): ranks differ")
    }
    var memo: [Variable: Variable] = replace
    for node in toposort(outputs, inputs: Set(replace.keys)) {
        let newInputs = node.inputs.map { memo[$0] ?? $0 }
        let clone = try Apply(node.op, newInputs)
        for (i, old) in node.outputs.enumerated() where memo[old] == nil {
            let fresh = clone.output(i)
            fresh.name = old.name
            memo[old] = fresh
        }
    }
    return outputs.map { memo[$0] ?? $0 }
}
