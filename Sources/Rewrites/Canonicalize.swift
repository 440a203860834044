// Canonicalize.swift — canonicalizing rewrites: constant folding, no-op removal, inverse pairs, DimShuffle collapsing.

import DenseArrays
import TensorGraph
import TensorOps

/// Arrays larger than this are not folded into constants (they would bloat the graph).
let foldLimit = 1 << 16

/// A node whose inputs are all constants is computed now: `exp(0) -> 1`.
let constantFolding = LocalRewrite("constant_folding") { node in
    guard node.op.isFoldable, !node.inputs.isEmpty, node.inputs.allSatisfy(\.isConstant),
          !(node.op is DeepCopyOp) else { return nil }
    let values = try node.op.perform(node.inputs.map { $0.constantValue! })
    guard values.allSatisfy({ $0.count <= foldLimit }) else { return nil }
    return try values.map { constant(try $0.storage.isBorrowed ? $0.copy() : $0) }
}

/// The shape of a tensor whose static shape is known is a constant: `shape(x) -> [3, 4]`.
let shapeOfStaticShape = LocalRewrite("shape_of_static_shape") { node in
    guard node.op is Shape else { return nil }
    let extents = node.inputs[0].type.shape
    guard extents.allSatisfy({ $0 != nil }) else { return nil }
    return [constant(NDArray(extents.map { Int64($0!) }))]
}

/// One known extent of a partly known shape: `shape(x)[1] -> 4` when x has type (None, 4).
let shapeEntryOfStaticShape = LocalRewrite("shape_entry_of_static_shape") { node in
    guard let op = node.op as? Subtensor, op.specs == [.scalar], let shapeNode = node.inputs[0].owner,
          shapeNode.op is Shape, let i = uniformConstant(node.inputs[1]) else { return nil }
    let x = shapeNode.inputs[0]
    let axis = Int(i) < 0 ? Int(i) + x.ndim : Int(i)
    guard axis >= 0, axis < x.ndim, let n = x.type.shape[axis] else { return nil }
    return [constant(NDArray(scalar: Int64(n)))]
}

/// `neg(neg(x)) -> x`.
let doubleNegation = LocalRewrite("neg_neg") { node in
    guard let op = node.op as? Elemwise, op.scalarOp == .neg, let inner = match(node.inputs[0], .neg) else { return nil }
    return [inner[0]]
}

/// `log(exp(x)) -> x` (exact, and exact even where exp would overflow).
let logOfExp = LocalRewrite("log_exp") { node in
    guard let op = node.op as? Elemwise, op.scalarOp == .log, let inner = match(node.inputs[0], .exp) else { return nil }
    return [inner[0]]
}

/// `exp(log(x)) -> x` where log is defined (x >= 0); NaN elsewhere, as the original gives.
let expOfLog = LocalRewrite("exp_log") { node in
    guard let op = node.op as? Elemwise, op.scalarOp == .exp, let inner = match(node.inputs[0], .log) else { return nil }
    let x = inner[0]
    guard x.dtype == .float64 else { return nil }
    return [try ifElse(x >= constant(0.0), x, constant(Double.nan))]
}

/// A cast to the type a tensor already has is the tensor; `identity(x) -> x`.
let removeIdentity = LocalRewrite("remove_identity") { node in
    guard let op = node.op as? Elemwise else { return nil }
    switch op.scalarOp {
    case .identity: return [node.inputs[0]]
    case .cast(let t) where t == node.inputs[0].dtype: return [node.inputs[0]]
    default: return nil
    }
}

/// `switch(c, a, b)` with a constant condition, or with a == b, is that branch.
let constantSwitch = LocalRewrite("switch_constant") { node in
    guard let op = node.op as? Elemwise, op.scalarOp == .switch else { return nil }
    let out = node.output(0)
    let c = node.inputs[0], a = node.inputs[1], b = node.inputs[2]
    var pick: Variable?
    if a === b { pick = a } else if let value = uniformConstant(c) { pick = value != 0 ? a : b }
    guard let chosen = pick, sameShape(chosen, as: out, dropped: [c, a, b].filter { $0 !== chosen }),
          let result = try keepType(chosen, like: out) else { return nil }
    return [result]
}

/// Consecutive DimShuffles become one; a DimShuffle that changes nothing disappears.
let collapseDimShuffles = LocalRewrite("dimshuffle_collapse") { node in
    guard let outer = node.op as? DimShuffle else { return nil }
    let x = node.inputs[0]
    if outer.order == (0..<outer.inputNdim).map({ Optional($0) }) { return [x] }
    guard let innerNode = x.owner, let inner = innerNode.op as? DimShuffle else { return nil }
    let composed = outer.order.map { entry in entry.flatMap { inner.order[$0] } }
    return [try dimshuffle(innerNode.inputs[0], composed)]
}

/// `pow(x, 1) -> x`, `pow(x, 0) -> 1` (broadcast to x).
let trivialPower = LocalRewrite("pow_trivial") { node in
    guard let op = node.op as? Elemwise, op.scalarOp == .pow, let e = uniformConstant(node.inputs[1]),
          isBroadcastScalar(node.inputs[1]) else { return nil }
    let out = node.output(0), x = node.inputs[0]
    if e == 1, sameShape(x, as: out), let result = try keepType(x, like: out) { return [result] }
    if e == 0 { return [try onesLike(x, dtype: out.dtype)] }
    return nil
}

/// `x * full(S, c) -> x * c`, with c a constant of x's rank and extent 1 everywhere, when
/// another input gives the result its shape. Folding broadcasts of constants leaves such
/// arrays of one repeated value (a gradient's `(4000,) of -0.5`): as an array it costs a
/// load per element and hides c from the product and sum rules, which then combine it.
let uniformConstantOperand = LocalRewrite("uniform_constant_operand") { node in
    guard node.op is Elemwise, node.inputs.count >= 2 else { return nil }
    let out = node.output(0)
    for (k, input) in node.inputs.enumerated() where input.dtype == .float64 && !isBroadcastScalar(input) {
        guard let value = input.constantValue, value.count > 1, let c = uniformConstant(input) else { continue }
        var inputs = node.inputs
        inputs[k] = constant(try NDArray([c], shape: [Int](repeating: 1, count: input.ndim)))
        let replaced = try apply(node.op, inputs)
        guard replaced.type == out.type else { continue }
        return [replaced]
    }
    return nil
}

/// `check(x, true, c) -> check(x, c)`, and `check(x, true) -> x`: a condition that is a
/// constant holding everywhere can never raise.
let constantTrueCheck = LocalRewrite("check_constant_true") { node in
    guard node.op is ConditionCheckOp, node.inputs.count >= 2 else { return nil }
    let conditions = node.inputs.dropFirst()
    let kept = conditions.filter { c in
        guard let value = c.constantValue else { return true }
        return (0..<value.count).contains { value.double(flat: $0) == 0 }
    }
    if kept.count == conditions.count { return nil }
    if kept.isEmpty { return [node.inputs[0]] }
    return [try apply(node.op, [node.inputs[0]] + kept)]
}

/// `reduce(check(x, c)) -> check(reduce(x), c)`: the check raises for the same inputs,
/// and the reduction then reads the elementwise result directly (so fusion can sum it
/// inside its pass instead of a check copying it first).
let reductionOfCheck = LocalRewrite("reduce_of_check") { node in
    guard node.op is Reduce, let inner = node.inputs[0].owner, inner.op is ConditionCheckOp else { return nil }
    let reduced = try apply(node.op, [inner.inputs[0]] + node.inputs.dropFirst())
    return [try apply(inner.op, [reduced] + inner.inputs.dropFirst())]
}
