// Algebra.swift — sums and products in canonical form: flattened, constants combined, inverse pairs cancelled (b * (a / b) -> a, x + y - x -> y).

import DenseArrays
import TensorGraph
import TensorOps

/// A factor of a product: a variable in the numerator or denominator.
private struct Term {
    var value: Variable
    var inverted: Bool
}

/// Flattens a tree of mul/true_div/neg over float64 values into factors and a sign
/// (`sign` flips once per negation passed).
private func factors(of v: Variable, inverted: Bool, into terms: inout [Term], sign: inout Double, depth: Int = 0) {
    if depth < 32, v.dtype == .float64, let (op, inputs) = elemwise(of: v) {
        switch op {
        case .mul:
            factors(of: inputs[0], inverted: inverted, into: &terms, sign: &sign, depth: depth + 1)
            factors(of: inputs[1], inverted: inverted, into: &terms, sign: &sign, depth: depth + 1)
            return
        case .trueDiv where inputs.allSatisfy({ $0.dtype == .float64 }):
            factors(of: inputs[0], inverted: inverted, into: &terms, sign: &sign, depth: depth + 1)
            factors(of: inputs[1], inverted: !inverted, into: &terms, sign: &sign, depth: depth + 1)
            return
        case .neg:
            sign = -sign
            factors(of: inputs[0], inverted: inverted, into: &terms, sign: &sign, depth: depth + 1)
            return
        default:
            break
        }
    }
    terms.append(Term(value: v, inverted: inverted))
}

/// `b * (a / b) -> a`, `x * 1 -> x`, `x / 1 -> x`, `2 * (x * 3) -> 6 * x`,
/// `neg(a) * neg(b) -> a * b`: a product is flattened into factors; equal factors in
/// numerator and denominator cancel and scalar constants combine — only when the
/// result keeps the product's shape.
let canonicalProduct = LocalRewrite("mul_div_canonicalize") { node in
    guard let op = node.op as? Elemwise, op.scalarOp == .mul || op.scalarOp == .trueDiv,
          node.output(0).dtype == .float64 else { return nil }
    let out = node.output(0)
    var terms: [Term] = []
    var sign = 1.0
    factors(of: out, inverted: false, into: &terms, sign: &sign)
    var coefficient = sign
    var cancelled = false
    var constantCount = 0
    var kept: [Term] = []
    var dropped: [Variable] = []
    for term in terms {
        if let c = uniformConstant(term.value), isBroadcastScalar(term.value), term.value.dtype == .float64 {
            coefficient = term.inverted ? coefficient / c : coefficient * c
            constantCount += 1
            dropped.append(term.value)
            continue
        }
        if let partner = kept.firstIndex(where: { $0.value === term.value && $0.inverted != term.inverted }) {
            kept.remove(at: partner)
            dropped += [term.value, term.value]
            cancelled = true
            continue
        }
        kept.append(term)
    }
    // Rebuild only when the product gets simpler: a cancellation, constants merged,
    // a factor of 1 or -1 dropped, or negations that cancel each other.
    let negations = countNegations(out)
    let simpler = cancelled || constantCount > 1 || (constantCount == 1 && abs(coefficient) == 1)
        || (negations > 1 && sign > 0) || (negations > 1 && kept.count < terms.count)
    guard simpler else { return nil }
    let result = try rebuildProduct(kept, coefficient: coefficient, like: out)
    guard sameShape(result, as: out, dropped: dropped), let typed = try keepType(result, like: out) else { return nil }
    return [typed]
}

/// Number of neg nodes inside a product tree.
private func countNegations(_ v: Variable, depth: Int = 0) -> Int {
    guard depth < 32, v.dtype == .float64, let (op, inputs) = elemwise(of: v) else { return 0 }
    switch op {
    case .mul, .trueDiv: return countNegations(inputs[0], depth: depth + 1) + countNegations(inputs[1], depth: depth + 1)
    case .neg: return 1 + countNegations(inputs[0], depth: depth + 1)
    default: return 0
    }
}

private func rebuildProduct(_ kept: [Term], coefficient: Double, like out: Variable) throws -> Variable {
    let numerator = kept.filter { !$0.inverted }.map(\.value)
    let denominator = kept.filter(\.inverted).map(\.value)
    var result: Variable?
    for v in numerator { result = try result.map { try $0 * v } ?? v }
    if coefficient == -1, let r = result {
        result = try -r
    } else if coefficient != 1 || result == nil {
        let c = constant(coefficient)
        result = try result.map { try c * $0 } ?? c
    }
    var den: Variable?
    for v in denominator { den = try den.map { try $0 * v } ?? v }
    if let den { result = try result! / den }
    return result!
}

/// A term of a sum with its sign.
private struct Addend {
    var value: Variable
    var negative: Bool
}

private func addends(of v: Variable, negative: Bool, into terms: inout [Addend], depth: Int = 0) {
    if depth < 32, v.dtype == .float64, let (op, inputs) = elemwise(of: v) {
        switch op {
        case .add:
            addends(of: inputs[0], negative: negative, into: &terms, depth: depth + 1)
            addends(of: inputs[1], negative: negative, into: &terms, depth: depth + 1)
            return
        case .sub:
            addends(of: inputs[0], negative: negative, into: &terms, depth: depth + 1)
            addends(of: inputs[1], negative: !negative, into: &terms, depth: depth + 1)
            return
        case .neg:
            addends(of: inputs[0], negative: !negative, into: &terms, depth: depth + 1)
            return
        default:
            break
        }
    }
    terms.append(Addend(value: v, negative: negative))
}

/// `x + 0 -> x`, `x - x + y -> y`, `1 + (x + 2) -> x + 3`, `a + neg(b) -> a - b`: a sum
/// is flattened into signed terms; opposite equal terms cancel and scalar constants
/// combine — only when the result keeps the sum's shape.
let canonicalSum = LocalRewrite("add_sub_canonicalize") { node in
    guard let op = node.op as? Elemwise, op.scalarOp == .add || op.scalarOp == .sub,
          node.output(0).dtype == .float64 else { return nil }
    let out = node.output(0)
    var terms: [Addend] = []
    addends(of: out, negative: false, into: &terms)
    var total = 0.0
    var constantCount = 0
    var kept: [Addend] = []
    var dropped: [Variable] = []
    var cancelled = false
    for term in terms {
        if let c = uniformConstant(term.value), isBroadcastScalar(term.value), term.value.dtype == .float64 {
            total += term.negative ? -c : c
            constantCount += 1
            dropped.append(term.value)
            continue
        }
        if let partner = kept.firstIndex(where: { $0.value === term.value && $0.negative != term.negative }) {
            kept.remove(at: partner)
            dropped += [term.value, term.value]
            cancelled = true
            continue
        }
        kept.append(term)
    }
    // Rebuild only when the sum gets simpler: a cancellation, constants merged or a
    // zero dropped, or an explicit negation that becomes a subtraction.
    let simpler = cancelled || constantCount > 1 || (constantCount == 1 && total == 0)
    let negationToSubtraction = hasNestedNegation(node) && kept.contains { !$0.negative }
    guard simpler || negationToSubtraction else { return nil }
    let result = try rebuildSum(kept, constantTotal: total, like: out)
    guard sameShape(result, as: out, dropped: dropped), let typed = try keepType(result, like: out) else { return nil }
    return [typed]
}

/// Whether an input of a sum is an explicit negation (`a + neg(b)`), worth turning into a subtraction.
private func hasNestedNegation(_ node: Apply) -> Bool {
    node.inputs.contains { match($0, .neg) != nil }
}

private func rebuildSum(_ kept: [Addend], constantTotal: Double, like out: Variable) throws -> Variable {
    var result: Variable?
    for term in kept where !term.negative { result = try result.map { try $0 + term.value } ?? term.value }
    for term in kept where term.negative { result = try result.map { try $0 - term.value } ?? (try -term.value) }
    if constantTotal != 0 || result == nil {
        let c = constant(constantTotal)
        if let r = result {
            result = constantTotal < 0 ? try r - constant(-constantTotal) : try r + c
        } else {
            result = c
        }
    }
    return result!
}
