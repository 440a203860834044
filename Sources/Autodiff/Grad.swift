// Grad.swift — reverse-mode differentiation as a graph-to-graph transformation: grad, jacobian, hessian.

import DenseArrays
import TensorGraph
import TensorOps

/// An op that can propagate gradients: given the gradients of its outputs (nil
/// where an output does not reach the cost), it returns the vector-Jacobian
/// products for its inputs (nil for inputs that are not differentiable or not
/// connected, such as integer indices).
public protocol DifferentiableOp: Op {
    func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?]
}

/// What `grad` does when the cost does not depend on a variable of `wrt`.
public enum DisconnectedInputs: Sendable {
    case raise
    /// Return zeros.
    case ignore
}

/// Gradients of the scalar `cost` with respect to each variable of `wrt`, as new graph
/// nodes (PyTensor's `grad`). The gradient graph shares the cost's nodes, so compiling
/// a function of both computes common subexpressions once.
///
///     let x = vector("x")
///     let g = try grad(try sum(try sqr(x)), wrt: [x])[0]   // 2 * x
public func grad(_ cost: Variable, wrt: [Variable], disconnected: DisconnectedInputs = .raise) throws -> [Variable] {
    guard cost.ndim == 0 else {
        throw SPPLError.type("grad: the cost must be a scalar, got \(cost) of type \(cost.type); use jacobian for vector outputs")
    }
    guard cost.dtype == .float64 else {
        throw SPPLError.type("grad: the cost must be float64, got \(cost.dtype)")
    }
    for v in wrt where v.dtype != .float64 {
        throw SPPLError.type("grad: cannot differentiate with respect to \(v) of dtype \(v.dtype)")
    }
    let gradients = try backpropagate(cost, seed: constant(1.0), wrt: wrt)
    return try wrt.map { v in
        if let g = gradients[v] { return g }
        if disconnected == .raise {
            throw SPPLError.value("grad: the cost \(cost) does not depend on \(v) (pass disconnected: .ignore to get zeros)")
        }
        return try zerosLike(v)
    }
}

/// Propagates `seed` (the gradient of `output`) back to every variable on a path
/// from a `wrt` variable to `output`.
func backpropagate(_ output: Variable, seed: Variable, wrt: [Variable]) throws -> [Variable: Variable] {
    let nodes = toposort([output])
    // Variables that depend on some wrt variable: only their gradients are needed.
    var relevant = Set(wrt)
    for node in nodes where node.inputs.contains(where: relevant.contains) {
        for o in node.outputs { relevant.insert(o) }
    }
    var gradients: [Variable: Variable] = [output: seed]
    for node in nodes.reversed() {
        let outputs = node.outputs
        let outputGradients = outputs.map { gradients[$0] }
        if outputGradients.allSatisfy({ $0 == nil }) { continue }
        if !node.inputs.contains(where: { relevant.contains($0) && !isInteger($0) }) { continue }
        guard let op = node.op as? DifferentiableOp else {
            throw SPPLError(.notImplemented, "grad: \(node.op) has no gradient (node \(node))")
        }
        let inputGradients = try op.pullback(node, outputGradients)
        guard inputGradients.count == node.inputs.count else {
            throw SPPLError.runtime("internal error: the pullback of \(node.op) returned \(inputGradients.count) gradients for \(node.inputs.count) inputs")
        }
        for (input, g) in zip(node.inputs, inputGradients) {
            guard let g, relevant.contains(input), !isInteger(input) else { continue }
            let shaped = try conform(g, to: input)
            gradients[input] = try gradients[input].map { try $0 + shaped } ?? shaped
        }
    }
    return gradients
}

private func isInteger(_ v: Variable) -> Bool { v.dtype != .float64 }

/// A gradient cast and summed to its variable's dtype and rank when a pullback
/// produced a broadcast or integer-typed value.
private func conform(_ g: Variable, to v: Variable) throws -> Variable {
    var result = g.dtype == v.dtype ? g : try cast(g, to: v.dtype)
    if result.ndim != v.ndim { result = try sumToShape(result, like: v, runtimeBroadcast: true) }
    return result
}

/// The Jacobian of a vector `expression` with respect to each variable of `wrt`:
/// entry [i, ...] is the gradient of expression[i]. The length of `expression`
/// must be known statically (one gradient graph per row).
public func jacobian(_ expression: Variable, wrt: [Variable], disconnected: DisconnectedInputs = .raise) throws -> [Variable] {
    if expression.ndim == 0 {
        return try grad(expression, wrt: wrt, disconnected: disconnected)
    }
    guard expression.ndim == 1 else {
        throw SPPLError.value("jacobian expects a scalar or vector expression, got \(expression) of type \(expression.type)")
    }
    guard let n = expression.type.shape[0] else {
        throw SPPLError(.notImplemented, "jacobian of \(expression) needs its length to be known statically (type \(expression.type))")
    }
    var rows: [[Variable]] = Array(repeating: [], count: wrt.count)
    for i in 0..<n {
        let entry = try index(expression, [.scalar(constant(i))])
        let gs = try grad(entry, wrt: wrt, disconnected: disconnected)
        for (k, g) in gs.enumerated() { rows[k].append(g) }
    }
    return try rows.enumerated().map { k, row in
        row.isEmpty ? try zeros([constant(0)] + shapeEntries(wrt[k])) : try stack(row)
    }
}

/// The Hessian of the scalar `cost` with respect to each variable of `wrt` (a vector of
/// statically known length): the Jacobian of its gradient.
public func hessian(_ cost: Variable, wrt: [Variable], disconnected: DisconnectedInputs = .raise) throws -> [Variable] {
    try wrt.map { v in
        let g = try grad(cost, wrt: [v], disconnected: disconnected)[0]
        return try jacobian(g, wrt: [v], disconnected: .ignore)[0]
    }
}
