// Stabilize.swift — rewrites that trade a formula for an equal one that keeps its digits: log1p, log1mexp, softplus, expm1, logsumexp.

import DenseArrays
import TensorGraph
import TensorOps

/// The inputs of an elementwise node of `op` whose output is `node`'s, or nil.
private func unary(_ node: Apply, _ op: ScalarOp) -> Variable? {
    guard let e = node.op as? Elemwise, e.scalarOp == op else { return nil }
    return node.inputs[0]
}

/// For `v = 1 + y` or `y + 1` (1 a broadcast scalar) returns y.
private func onePlus(_ v: Variable) -> Variable? {
    guard let inputs = match(v, .add) else { return nil }
    if isConstant(inputs[0], 1), isBroadcastScalar(inputs[0]) { return inputs[1] }
    if isConstant(inputs[1], 1), isBroadcastScalar(inputs[1]) { return inputs[0] }
    return nil
}

/// For `v = 1 - y` returns y.
private func oneMinus(_ v: Variable) -> Variable? {
    guard let inputs = match(v, .sub), isConstant(inputs[0], 1), isBroadcastScalar(inputs[0]) else { return nil }
    return inputs[1]
}

/// Guards a unary replacement: same shape (the dropped constant broadcasts) and type.
private func replace(_ node: Apply, with result: Variable) throws -> [Variable]? {
    let out = node.output(0)
    guard sameShape(result, as: out), let typed = try keepType(result, like: out) else { return nil }
    return [typed]
}

/// `log(1 + y) -> log1p(y)`: for small y, 1 + y rounds y away.
let logOnePlus = LocalRewrite("log1p_from_log") { node in
    guard let arg = unary(node, .log), let y = onePlus(arg) else { return nil }
    return try replace(node, with: log1p(y))
}

/// `log(1 - y) -> log1p(-y)` (then `log1p(-exp(x)) -> log1mexp(x)` may follow).
let logOneMinus = LocalRewrite("log1p_from_log_of_difference") { node in
    guard let arg = unary(node, .log), let y = oneMinus(arg) else { return nil }
    return try replace(node, with: log1p(-y))
}

/// `log1p(exp(x)) -> softplus(x)`: exp(x) overflows for x > 709 where softplus(x) = x.
let softplusFromLog1pExp = LocalRewrite("softplus_from_log1p_exp") { node in
    guard let arg = unary(node, .log1p), let x = match(arg, .exp)?[0] else { return nil }
    return try replace(node, with: softplus(x))
}

/// `log1p(-exp(x)) -> log1mexp(x)`: log(1 - exp(-1e-20)) is log(1e-20), not log(0).
let log1mexpFromLog1p = LocalRewrite("log1mexp_from_log1p_neg_exp") { node in
    guard let arg = unary(node, .log1p), let negated = match(arg, .neg)?[0], let x = match(negated, .exp)?[0] else { return nil }
    return try replace(node, with: log1mexp(x))
}

/// `log(-expm1(x)) -> log1mexp(x)`.
let log1mexpFromExpm1 = LocalRewrite("log1mexp_from_log_neg_expm1") { node in
    guard let arg = unary(node, .log), let negated = match(arg, .neg)?[0], let x = match(negated, .expm1)?[0] else { return nil }
    return try replace(node, with: log1mexp(x))
}

/// `log(sigmoid(x)) -> -softplus(-x)`: sigmoid underflows to 0 for x < -745.
let logSigmoid = LocalRewrite("log_sigmoid") { node in
    guard let arg = unary(node, .log), let x = match(arg, .sigmoid)?[0] else { return nil }
    return try replace(node, with: -softplus(-x))
}

/// `log1p(-sigmoid(x)) -> -softplus(x)`, i.e. log(1 - sigmoid(x)).
let logOneMinusSigmoid = LocalRewrite("log1p_neg_sigmoid") { node in
    guard let arg = unary(node, .log1p), let negated = match(arg, .neg)?[0], let x = match(negated, .sigmoid)?[0] else { return nil }
    return try replace(node, with: -softplus(x))
}

/// `exp(x) - 1 -> expm1(x)`: for small x, exp(x) rounds to 1 and the difference loses all digits.
let expm1FromExp = LocalRewrite("expm1_from_exp") { node in
    guard let e = node.op as? Elemwise, e.scalarOp == .sub, isConstant(node.inputs[1], 1),
          isBroadcastScalar(node.inputs[1]), let x = match(node.inputs[0], .exp)?[0] else { return nil }
    return try replace(node, with: expm1(x))
}

/// `log(sum(exp(x), axes)) -> logsumexp(x, axes)`: the sum overflows for large x.
let logSumExpFromParts = LocalRewrite("logsumexp_from_log_sum_exp") { node in
    guard let arg = unary(node, .log), let sumNode = arg.owner, let reduce = sumNode.op as? Reduce, reduce.op == .sum,
          let x = match(sumNode.inputs[0], .exp)?[0] else { return nil }
    return try replace(node, with: apply(LogSumExp(axes: reduce.axes), [x]))
}
