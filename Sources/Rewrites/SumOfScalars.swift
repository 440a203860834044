// SumOfScalars.swift — full sums take one-value operands and constant terms out of the elementwise pass they sum: sum(x * s) -> sum(x) * s, sum(x - c) -> sum(x) - n * c, sum(x - C) -> sum(x) - sum(C).

import DenseArrays
import TensorGraph
import TensorOps

/// The operands of a full float64 sum's input when it is `op(a, b)` with one of them
/// holding a single value: (the array operand, the one-value operand as a scalar, whether
/// the array is the first operand, the element count). Nil otherwise.
private func sumOverScalarOperand(_ node: Apply, _ ops: [ScalarOp]) throws -> (Variable, Variable, Bool, Int, ScalarOp)? {
    guard let reduce = node.op as? Reduce, reduce.op == .sum, node.output(0).dtype == .float64 else { return nil }
    let x = node.inputs[0]
    guard reduce.resolvedAxes(x.ndim).count == x.ndim, let (op, operands) = elemwise(of: x), ops.contains(op),
          operands.allSatisfy({ $0.dtype == .float64 }) else { return nil }
    let extents = x.type.shape.compactMap { $0 }
    guard extents.count == x.ndim else { return nil }
    let n = extents.reduce(1, *)
    guard n > 1 else { return nil }
    let (a, b) = (operands[0], operands[1])
    let arrayFirst: Bool
    if isBroadcastScalar(b) && !isBroadcastScalar(a) {
        arrayFirst = true
    } else if isBroadcastScalar(a) && !isBroadcastScalar(b) {
        arrayFirst = false
    } else {
        return nil
    }
    let array = arrayFirst ? a : b, one = arrayFirst ? b : a
    // The other operand must give the result its shape (no broadcasting against the scalar).
    guard array.type.shape == x.type.shape else { return nil }
    let scalar = one.ndim == 0 ? one : try dimshuffle(one, [])
    return (array, scalar, arrayFirst, n, op)
}

/// `sum(x * s) -> sum(x) * s` for s holding one value (PyTensor's
/// local_sum_prod_mul_by_scalar): one multiplication instead of one per element. The
/// product of the sum can differ from the sum of products in the last bits.
let sumOfScaled = LocalRewrite("sum_of_scaled") { node in
    guard let (array, scalar, _, _, _) = try sumOverScalarOperand(node, [.mul]) else { return nil }
    return [try sum(array) * scalar]
}

/// `sum(x - c) -> sum(x) - n * c`, `sum(c - x) -> n * c - sum(x)` and `sum(x + c) -> sum(x)
/// + n * c` for c holding one value and n elements (a log density's constant terms,
/// `-log(sigma) - log(2 pi) / 2` per observation): one operation instead of one per
/// element. Equal up to rounding (the constant is added once, not n times).
let sumOfShifted = LocalRewrite("sum_of_shifted") { node in
    guard let (array, scalar, arrayFirst, n, op) = try sumOverScalarOperand(node, [.add, .sub]) else { return nil }
    let total = try sum(array), shift = try scalar * constant(Double(n))
    switch (op, arrayFirst) {
    case (.add, _): return [try total + shift]
    case (.sub, true): return [try total - shift]
    default: return [try shift - total]
    }
}

/// `sum(-x) -> -sum(x)`.
let sumOfNegation = LocalRewrite("sum_of_neg") { node in
    guard let reduce = node.op as? Reduce, reduce.op == .sum, node.output(0).dtype == .float64,
          reduce.resolvedAxes(node.inputs[0].ndim).count == node.inputs[0].ndim,
          let inner = match(node.inputs[0], .neg) else { return nil }
    return [try -sum(inner[0])]
}

/// `sum(x - C) -> sum(x) - sum(C)` (and `sum(x + C)`, `sum(C - x)`) for a constant array C
/// of x's shape: C's sum is folded once when compiling (a Poisson log-likelihood's
/// `-log(y!)` per observation), one operation per element less. Equal up to rounding.
let sumOfConstantShift = LocalRewrite("sum_of_constant_shift") { node in
    guard let reduce = node.op as? Reduce, reduce.op == .sum, node.output(0).dtype == .float64 else { return nil }
    let x = node.inputs[0]
    guard reduce.resolvedAxes(x.ndim).count == x.ndim, let (op, operands) = elemwise(of: x), op == .add || op == .sub,
          operands.allSatisfy({ $0.dtype == .float64 && $0.type.shape == x.type.shape }) else { return nil }
    let constantFirst = operands[0].isConstant && !operands[1].isConstant
    let constantSecond = operands[1].isConstant && !operands[0].isConstant
    guard constantFirst || constantSecond else { return nil }
    let array = constantFirst ? operands[1] : operands[0], shift = constantFirst ? operands[0] : operands[1]
    let total = try sum(array), folded = try sum(shift)
    switch (op, constantSecond) {
    case (.add, _): return [try total + folded]
    case (.sub, true): return [try total - folded]
    default: return [try folded - total]
    }
}
