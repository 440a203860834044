// Shape+Pullback.swift — gradients of layout ops: DimShuffle, Reshape, Join, Alloc, SumToShape, indexing, DeepCopyOp, FillDiagonal.

import DenseArrays
import TensorGraph
import TensorOps

extension DimShuffle: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return [nil] }
        // Inserted axes have length 1; make that static so the inverse shuffle may drop them.
        let inserted = order.indices.filter { order[$0] == nil && g.type.shape[$0] != 1 }
        let h = inserted.isEmpty ? g : try sum(g, axis: inserted, keepdims: true)
        // Input axis a comes back from output position p where order[p] == a; axes the
        // forward shuffle dropped (length 1) are re-inserted.
        let inverse = (0..<inputNdim).map { axis in order.firstIndex(of: axis) }
        return [try dimshuffle(h, inverse)]
    }
}

extension Reshape: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return [nil, nil] }
        return [try reshape(g, shape(node.inputs[0])), nil]
    }
}

extension SumToShape: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return [nil, nil] }
        // The adjoint of summing is broadcasting back.
        return [try full(try shapeEntries(node.inputs[0]), value: g), nil]
    }
}

extension Join: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return node.inputs.map { _ in nil } }
        var start: Variable = constant(0)
        var result: [Variable?] = []
        for input in node.inputs {
            let length = try shapeEntries(input)[axis]
            let stop = try start + length
            var args = [IndexArg](repeating: .all, count: axis)
            args.append(.slice(start, stop, nil))
            let piece = try index(g, args)
            result.append(input.dtype == .float64 ? piece : nil)
            start = stop
        }
        return result
    }
}

extension Alloc: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return node.inputs.map { _ in nil } }
        let value = node.inputs[0]
        return [try sumToShape(g, like: value, runtimeBroadcast: true)] + node.inputs.dropFirst().map { _ in nil }
    }
}

extension SpecifyShape: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        outputGradients
    }
}

extension DeepCopyOp: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        outputGradients
    }
}

/// Gradient of `x[index]` with respect to x: g scattered (added) into zeros of x's shape.
private func scatter(_ node: Apply, specs: [IndexSpec], _ g: Variable) throws -> [Variable?] {
    let x = node.inputs[0]
    let zeros = try zerosLike(x)
    let scattered = try apply(IncSubtensor(specs, setInstead: false), [zeros, g] + node.inputs.dropFirst())
    return [scattered] + node.inputs.dropFirst().map { _ in nil }
}

extension Subtensor: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return node.inputs.map { _ in nil } }
        return try scatter(node, specs: specs, g)
    }
}

extension AdvancedSubtensor: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return node.inputs.map { _ in nil } }
        // Repeated indices receive the sum of their gradients (IncSubtensor accumulates).
        return try scatter(node, specs: specs, g)
    }
}

extension IncSubtensor: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return node.inputs.map { _ in nil } }
        let x = node.inputs[0], y = node.inputs[1]
        let indices = Array(node.inputs.dropFirst(2))
        let region: Variable = isAdvanced
            ? try apply(AdvancedSubtensor(specs), [g] + indices)
            : try apply(Subtensor(specs), [g] + indices)
        // Set: the overwritten region of x gets no gradient. Inc: x passes g through.
        let gx: Variable = setInstead
            ? try apply(IncSubtensor(specs, setInstead: true), [g, try zerosLike(region)] + indices)
            : g
        let gy = try sumToShape(region, like: y, runtimeBroadcast: true)
        return [x.dtype == .float64 ? gx : nil, y.dtype == .float64 ? gy : nil] + indices.map { _ in nil }
    }
}

extension FillDiagonal: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return [nil, nil] }
        let ga = try fillDiagonal(g, constant(0.0))
        // The value lands on every diagonal element: its gradient is their sum.
        let gv = try sum(diagonal(g))
        return [ga, node.inputs[1].dtype == .float64 ? gv : nil]
    }
}
