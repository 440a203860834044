// Measurable+Elemwise.swift — densities through invertible elementwise maps of one random input: exp, log, shifts and scalings, negation, reciprocal, log1p/expm1, sigmoid, powers.

import DenseArrays
import TensorGraph
import TensorOps

/// y = f(x) for one random x: the inverse x = g(y), log|g'(y)| (the change of
/// variables term), where y is in f's range, and whether f increases (for CDFs).
struct InvertibleMap {
    let inverse: Variable
    let logJacobian: Variable
    /// Where the inverse is defined (nil: everywhere).
    let domain: Variable?
    /// True where f increases, false where it decreases; nil when f is not monotone.
    let increasing: Variable?
    /// The forward map applied to a value of x (for quantiles).
    let forward: ((Variable) throws -> Variable)?
}

extension LogProbDeriver {
    /// The invertible map `node` applies to its random input `r`, or nil when it is not one.
    static func invertibleMap(_ node: Apply, random r: Int, value y: Variable) throws -> InvertibleMap? {
        guard let op = (node.op as? Elemwise)?.scalarOp else { return nil }
        let inputs = node.inputs
        let other = inputs.count == 2 ? inputs[1 - r] : nil
        let always = constant(true), zero = constant(0.0)
        switch op {
        case .exp:
            return InvertibleMap(inverse: try log(y), logJacobian: try neg(log(y)), domain: try y > zero, increasing: always,
                                 forward: { try exp($0) })
        case .log:
            return InvertibleMap(inverse: try exp(y), logJacobian: y, domain: nil, increasing: always, forward: { try log($0) })
        case .add:
            let a = other!
            return InvertibleMap(inverse: try y - a, logJacobian: zero, domain: nil, increasing: always, forward: { try $0 + a })
        case .sub:
            let a = other!
            if r == 0 {  // x - a
                return InvertibleMap(inverse: try y + a, logJacobian: zero, domain: nil, increasing: always, forward: { try $0 - a })
            }
            // a - x
            return InvertibleMap(inverse: try a - y, logJacobian: zero, domain: nil, increasing: constant(false), forward: { try a - $0 })
        case .neg:
            return InvertibleMap(inverse: try neg(y), logJacobian: zero, domain: nil, increasing: constant(false), forward: { try neg($0) })
        case .mul:
            let b = other!
            return InvertibleMap(inverse: try y / b, logJacobian: try neg(log(abs(b))), domain: nil, increasing: try b > zero,
                                 forward: { try $0 * b })
        case .trueDiv:
            let b = other!
            if r == 0 {  // x / b
                return InvertibleMap(inverse: try y * b, logJacobian: try log(abs(b)), domain: nil, increasing: try b > zero,
                                     forward: { try $0 / b })
            }
            // b / x: x = b / y, |dx/dy| = |b| / y²; monotone only on each half-line, so no CDF.
            return InvertibleMap(inverse: try b / y, logJacobian: try log(abs(b)) - 2.0 * log(abs(y)), domain: try neq(y, zero),
                                 increasing: nil, forward: nil)
        case .reciprocal:
            return InvertibleMap(inverse: try reciprocal(y), logJacobian: try -2.0 * log(abs(y)), domain: try neq(y, zero),
                                 increasing: nil, forward: nil)
        case .log1p:
            return InvertibleMap(inverse: try expm1(y), logJacobian: y, domain: nil, increasing: always, forward: { try log1p($0) })
        case .expm1:
            return InvertibleMap(inverse: try log1p(y), logJacobian: try neg(log1p(y)), domain: try y > constant(-1.0),
                                 increasing: always, forward: { try expm1($0) })
        case .sigmoid:
            // x = logit(y) = log y - log(1 - y); dx/dy = 1 / (y (1 - y)).
            let logY = try log(y), log1mY = try log1p(neg(y))
            return InvertibleMap(inverse: try logY - log1mY, logJacobian: try neg(logY + log1mY),
                                 domain: try elemwise(.and, y > zero, y < constant(1.0)), increasing: always, forward: { try sigmoid($0) })
        case .pow where r == 1:
            // c ** x = exp(x log c) for a positive base: x = log y / log c.
            let c = other!
            let logC = try log(c)
            return InvertibleMap(inverse: try log(y) / logC, logJacobian: try neg(log(y)) - log(abs(logC)), domain: try y > zero,
                                 increasing: try c > constant(1.0), forward: { try pow(c, $0) })
        default:
            return nil
        }
    }

    /// The random input of a measurable elementwise node, checked not to be broadcast
    /// (broadcasting repeats one draw in several places, which has no density).
    func singleRandomInput(_ node: Apply, _ output: Variable) throws -> Int? {
        guard node.op is Elemwise else { return nil }
        let random = randomInputs(node)
        guard random.count == 1 else {
            if random.count > 1 {
                throw SPPLError(.notImplemented, "cannot derive the density of \(describe(output)): \(node.op) combines \(random.count) random inputs")
            }
            return nil
        }
        let x = node.inputs[random[0]]
        for (a, b) in zip(x.type.shape, output.type.shape) where a == 1 && b != 1 {
            throw SPPLError.value("cannot derive the density of \(describe(output)): \(node.op) broadcasts the random input \(describe(x)) of type \(x.type) to \(output.type), repeating its draws")
        }
        return random[0]
    }

    static let elemwiseLogp: MeasurableRule = { d, node, output, value in
        guard let r = try d.singleRandomInput(node, output) else { return nil }
        let x = node.inputs[r]
        if let op = (node.op as? Elemwise)?.scalarOp, op == .pow, r == 0 {
            return try d.powerLogp(node, output, value)
        }
        guard let map = try invertibleMap(node, random: r, value: value) else { return nil }
        let base = try d.logp(x, at: map.inverse)
        guard base.ndimSupp == 0 else {
            throw SPPLError(.notImplemented, "cannot derive the density of \(d.describe(output)): \(node.op) of the multivariate \(d.describe(x))")
        }
        // Discrete variables have no Jacobian: a shift or scaling relabels their mass.
        var logp = x.dtype == .float64 ? try base.logp + map.logJacobian : base.logp
        if let domain = map.domain { logp = try bounded(logp, domain) }
        return DerivedLogProb(logp: logp, ndimSupp: 0)
    }

    static let elemwiseLogcdf: MeasurableRule = { d, node, output, value in
        guard let r = try d.singleRandomInput(node, output),
              let map = try invertibleMap(node, random: r, value: value), let increasing = map.increasing else { return nil }
        let base = try d.logcdf(node.inputs[r], at: map.inverse).logp
        // A decreasing map turns P(X <= g(y)) into P(X >= g(y)) = 1 - F(g(y)) for continuous X.
        var logcdf = try ifElse(increasing, base, log1mexp(base))
        if let domain = map.domain { logcdf = try bounded(logcdf, domain) }
        return DerivedLogProb(logp: logcdf, ndimSupp: 0)
    }

    static let elemwiseIcdf: MeasurableRule = { d, node, output, q in
        guard let r = try d.singleRandomInput(node, output),
              let map = try invertibleMap(node, random: r, value: q), let increasing = map.increasing,
              let forward = map.forward else { return nil }
        let x = node.inputs[r]
        let up = try forward(d.icdf(x, at: q).logp), down = try forward(d.icdf(x, at: 1.0 - q).logp)
        return DerivedLogProb(logp: try ifElse(increasing, up, down), ndimSupp: 0)
    }

    /// x ** c for a non-random exponent c: the root y^(1/c) is the inverse on y >= 0.
    /// For an even integer c both roots ±y^(1/c) map to y, so their densities add; an
    /// odd integer c is invertible on the whole line.
    func powerLogp(_ node: Apply, _ output: Variable, _ y: Variable) throws -> DerivedLogProb {
        let x = node.inputs[0], c = node.inputs[1]
        let cFloat = try asFloat(c)
        let invC = try reciprocal(cFloat)
        let absY = try abs(y)
        let root = try pow(absY, invC)
        // log|d root/dy| = -log|c| + (1/c - 1) log|y|.
        let logJacobian = try log(abs(invC)) + (invC - 1.0) * log(absY)
        let positive = try logp(x, at: root).logp
        let negative = try logp(x, at: neg(root)).logp
        let isInteger = try eq(floor(cFloat), cFloat)
        let isEven = try elemwise(.and, isInteger, eq(mod(cFloat, constant(2.0)), constant(0.0)))
        let isOdd = try elemwise(.and, isInteger, elemwise(.invert, isEven))
        let signedRoot = try sign(y) * root
        let odd = try logp(x, at: signedRoot).logp + logJacobian
        let even = try elemwise(.logaddexp, positive, negative) + logJacobian
        let real = try bounded(positive + logJacobian, y >= constant(0.0))
        return DerivedLogProb(logp: try ifElse(isOdd, odd, ifElse(isEven, bounded(even, y >= constant(0.0)), real)), ndimSupp: 0)
    }
}
