// Reduce+Pullback.swift — gradients of reductions (sum, prod, max, min) and of cumulative sums and products.

import DenseArrays
import TensorGraph
import TensorOps

extension Reduce: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return [nil] }
        let x = node.inputs[0], out = node.output(0)
        guard x.dtype == .float64 else { return [nil] }
        let axes = resolvedAxes(x.ndim)
        // Bring g (and the result) back to x's rank with length-1 reduced axes.
        let gKept = try keepDims(g, originalNdim: x.ndim, axes: axes)
        let spread = try full(try shapeEntries(x), value: gKept)
        switch op {
        case .sum:
            return [spread]
        case .prod:
            // d prod / d x_i = prod / x_i (this formula needs x_i != 0).
            return [try spread * keepDims(out, originalNdim: x.ndim, axes: axes) / x]
        case .max, .min:
            // Every element equal to the extreme receives the gradient.
            let hit = try eq(x, keepDims(out, originalNdim: x.ndim, axes: axes))
            return [try ifElse(hit, spread, constant(0.0))]
        case .all, .any:
            return [nil]
        }
    }
}

extension LogSumExp: DifferentiableOp {
    /// d/dx log(sum(exp(x))) = exp(x - out): the softmax along the reduced axes.
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return [nil] }
        let x = node.inputs[0]
        let axes = resolvedAxes(x.ndim)
        let out = try keepDims(node.output(0), originalNdim: x.ndim, axes: axes)
        return [try keepDims(g, originalNdim: x.ndim, axes: axes) * exp(x - out)]
    }
}

extension CumOp: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return [nil] }
        let x = node.inputs[0], out = node.output(0)
        guard x.dtype == .float64 else { return [nil] }
        let a = axis ?? 0
        // The adjoint of a running sum is the running sum taken from the other end.
        func reverseCumsum(_ v: Variable) throws -> Variable {
            try flip(cumsum(flip(v, axis: a), axis: a), axis: a)
        }
        let gx: Variable
        switch op {
        case .sum:
            gx = try reverseCumsum(g)
        default:
            // d out_j / d x_i = out_j / x_i for j >= i (needs x_i != 0).
            gx = try reverseCumsum(g * out) / (axis == nil ? flatten(x) : x)
        }
        return [axis == nil ? try reshape(gx, shape(x)) : gx]
    }
}
