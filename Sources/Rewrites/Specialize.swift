// Specialize.swift — rewrites to cheaper equivalents: powers to squares and roots, x * x to sqr, division by constants.

import DenseArrays
import TensorGraph
import TensorOps

/// `x ** 2 -> sqr(x)`, `x ** 0.5 -> sqrt(x)`, `x ** -1 -> reciprocal(x)`, `x ** -0.5 -> 1 / sqrt(x)`.
let powerSpecialization = LocalRewrite("pow_specialize") { node in
    guard let op = node.op as? Elemwise, op.scalarOp == .pow, node.output(0).dtype == .float64,
          let e = uniformConstant(node.inputs[1]), isBroadcastScalar(node.inputs[1]) else { return nil }
    let x = node.inputs[0], out = node.output(0)
    let result: Variable
    switch e {
    case 2: result = try sqr(x)
    case 0.5: result = try sqrt(x)
    case -1: result = try reciprocal(x)
    case -0.5: result = try reciprocal(sqrt(x))
    case 3: result = try x * sqr(x)
    default: return nil
    }
    guard sameShape(result, as: out), let typed = try keepType(result, like: out) else { return nil }
    return [typed]
}

/// `x * x -> sqr(x)`.
let squareOfProduct = LocalRewrite("mul_self_to_sqr") { node in
    guard let op = node.op as? Elemwise, op.scalarOp == .mul, node.inputs[0] === node.inputs[1] else { return nil }
    return [try sqr(node.inputs[0])]
}

/// `x / c -> x * (1 / c)` for a scalar constant c: a multiplication is cheaper than a division.
let divisionByConstant = LocalRewrite("div_by_constant") { node in
    guard let op = node.op as? Elemwise, op.scalarOp == .trueDiv, node.output(0).dtype == .float64,
          let c = uniformConstant(node.inputs[1]), isBroadcastScalar(node.inputs[1]), c != 0,
          node.inputs[0].dtype == .float64 else { return nil }
    let result = try node.inputs[0] * constant(1 / c)
    guard sameShape(result, as: node.output(0)) else { return nil }
    return [result]
}

/// `x / s -> x * reciprocal(s)` for an s holding one value (extent 1 on every axis) that is
/// not a constant, and an x that is not: the reciprocal is computed once and the loop
/// multiplies, several times cheaper per element than dividing (a vector division takes
/// ~10 cycles per 8 values). The product can differ from the quotient in the last bit.
let divisionByBroadcastScalar = LocalRewrite("div_by_broadcast_scalar") { node in
    guard let op = node.op as? Elemwise, op.scalarOp == .trueDiv, node.output(0).dtype == .float64,
          node.inputs.allSatisfy({ $0.dtype == .float64 }), isBroadcastScalar(node.inputs[1]),
          !isBroadcastScalar(node.inputs[0]), uniformConstant(node.inputs[1]) == nil else { return nil }
    let result = try node.inputs[0] * reciprocal(node.inputs[1])
    guard result.type == node.output(0).type else { return nil }
    return [result]
}

/// `neg(x * s) -> x * neg(s)` and `neg(x) * s -> x * neg(s)`, for an s holding one value
/// (extent 1 on every axis) and an x that does not: the negation is taken once instead
/// of once per element (gradients are full of such products).
let negationOntoScalar = LocalRewrite("neg_onto_broadcast_scalar") { node in
    guard let op = node.op as? Elemwise, node.output(0).dtype == .float64 else { return nil }
    let out = node.output(0)
    // x is the operand with many values, s the one-value one; the negation must be on x's
    // side (on s already it is what this rule makes).
    var x: Variable, s: Variable
    if op.scalarOp == .neg, let factors = match(node.inputs[0], .mul) {
        (x, s) = isBroadcastScalar(factors[0]) ? (factors[1], factors[0]) : (factors[0], factors[1])
    } else if op.scalarOp == .mul, let inner = match(node.inputs[0], .neg) {
        (x, s) = (inner[0], node.inputs[1])
    } else if op.scalarOp == .mul, let inner = match(node.inputs[1], .neg) {
        (x, s) = (inner[0], node.inputs[0])
    } else {
        return nil
    }
    guard isBroadcastScalar(s), !isBroadcastScalar(x), x.dtype == .float64, s.dtype == .float64 else { return nil }
    let result = try x * neg(s)
    guard result.type == out.type else { return nil }
    return [result]
}

/// `xlogy0(x, exp(z)) -> switch(x == 0, switch(isnan(z), z, 0), x * z)`: a Poisson
/// log-likelihood's `y log(mu)` with `mu = exp(eta)` needs no logarithm (a vector log costs
/// ~15 operations per element; the product is also exact where exp(z) overflows). The
/// switches keep xlogy0's values where x is 0: 0, or NaN for a NaN z (exp(NaN) is NaN).
let xlogyOfExp = LocalRewrite("xlogy0_of_exp") { node in
    guard let op = node.op as? Elemwise, op.scalarOp == .xlogy0, node.output(0).dtype == .float64,
          node.inputs[0].dtype == .float64, let inner = match(node.inputs[1], .exp), inner[0].dtype == .float64
    else { return nil }
    let x = node.inputs[0], z = inner[0]
    let atZero = try ifElse(isnan(z), z, constant(0.0))
    let result = try ifElse(elemwise(.eq, x, constant(0.0)), atZero, x * z)
    guard result.type == node.output(0).type else { return nil }
    return [result]
}
