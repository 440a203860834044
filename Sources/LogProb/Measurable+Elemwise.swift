// Measurable+Elemwise.swift — densities, CDFs and quantiles through invertible elementwise maps of one random input: exp, log, shifts and scalings, negation, reciprocal, log1p/expm1, sigmoid.

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

    /// The scalar ops this rule (and the power and abs rules) claim.
    static func isTransform(_ op: ScalarOp) -> Bool {
        switch op {
        case .exp, .log, .add, .sub, .neg, .mul, .trueDiv, .reciprocal, .log1p, .expm1, .sigmoid, .pow, .sqr, .sqrt, .abs:
            return true
        default:
            return false
        }
    }

    /// Maps that keep an integer variable's mass on a lattice exactly: shifts, negation
    /// and scalings (and powers and abs, handled on their own). exp, log and the like
    /// would need float results to land exactly on images of integers, so discrete
    /// inputs are refused there (as PyMC refuses them).
    static func keepsLattice(_ op: ScalarOp) -> Bool {
        switch op {
        case .add, .sub, .neg, .mul, .trueDiv: return true
        default: return false
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
        try checkNotBroadcast(node.inputs[random[0]], in: node, output)
        return random[0]
    }

    /// Throws when the random input `x` of `node` is broadcast to a larger output.
    func checkNotBroadcast(_ x: Variable, in node: Apply, _ output: Variable) throws {
        for (a, b) in zip(x.type.shape, output.type.shape) where a == 1 && b != 1 {
            throw SPPLError.value("cannot derive the density of \(describe(output)): \(node.op) broadcasts the random input \(describe(x)) of type \(x.type) to \(output.type), repeating its draws")
        }
    }

    static let elemwiseRule: MeasurableRule = { d, kind, node, output, value in
        guard let op = (node.op as? Elemwise)?.scalarOp, isTransform(op),
              let r = try d.singleRandomInput(node, output) else { return nil }
        let x = node.inputs[r]
        switch op {
        case .abs: return try d.absProbability(kind, x, output, value)
        case .sqr: return try d.powerProbability(kind, x, constant(2.0), output, value)
        case .sqrt: return try d.powerProbability(kind, x, constant(0.5), output, value)
        case .pow where r == 0: return try d.powerProbability(kind, x, node.inputs[1], output, value)
        default: break
        }
        let discrete = x.dtype != .float64
        if discrete && (!keepsLattice(op) || (op == .trueDiv && r == 1)) {
            throw d.notMeasurable(kind, output, "\(op) of the discrete \(d.describe(x)) is not measurable (shifts, scalings, negation, powers and abs are)")
        }
        guard let map = try invertibleMap(node, random: r, value: value) else { return nil }
        switch kind {
        case .logp: return try d.transformedLogp(x, map, output, value)
        case .logcdf: return try d.transformedLogcdf(x, map, output, value)
        case .icdf: return try d.transformedIcdf(x, map, output, value)
        }
    }

    /// The integer a discrete variable's value must be for the map to give y: the
    /// inverse rounded, kept only where the forward map takes it back to y exactly (the
    /// float draw 3 * 0.1 is 0.30000000000000004, whose inverse 3.0000000000000004 is
    /// still the integer 3), with the condition that it does.
    func latticePreimage(_ map: InvertibleMap, _ y: Variable) throws -> (Variable, Variable?) {
        guard map.inverse.dtype == .float64, let forward = map.forward else { return (map.inverse, nil) }
        let nearest = try elemwise(.round, map.inverse)
        return (nearest, try eq(forward(nearest), y))
    }

    /// log p_Y(y) = log p_X(g(y)) + log|g'(y)| (no Jacobian for discrete X, whose mass
    /// moves unchanged but only to images of integers). Multivariate X sums the
    /// Jacobian over its support axes, the map being elementwise.
    func transformedLogp(_ x: Variable, _ map: InvertibleMap, _ output: Variable, _ value: Variable) throws -> DerivedLogProb {
        let discrete = x.dtype != .float64
        let (preimage, onLattice) = discrete ? try latticePreimage(map, value) : (map.inverse, nil)
        let base = try logp(x, at: preimage)
        let support = base.ndimSupp
        var inSupport = map.domain
        var logp = base.logp
        if !discrete {
            let jacobian = support == 0 ? map.logJacobian : try map.logJacobian + zerosLike(value, dtype: .float64)
            logp = try logp + sumLast(jacobian, support)
        } else if let onLattice {
            inSupport = try inSupport.map { try elemwise(.and, $0, onLattice) } ?? onLattice
        }
        if var condition = inSupport {
            // The condition is a function of the value, so it has the support axes to reduce.
            if support > 0 { condition = try all(condition, axis: Array((condition.ndim - support)..<condition.ndim)) }
            logp = try bounded(logp, condition)
        }
        return DerivedLogProb(logp: logp, ndimSupp: support)
    }

    /// F_Y(y) = F_X(g(y)) for increasing maps and P(X >= g(y)) for decreasing ones:
    /// 1 - F_X(g(y)) for continuous X. For discrete X, F_X at the largest integer k with
    /// f(k) <= y, and 1 - F_X(k - 1) for the smallest k with f(k) <= y (f decreasing),
    /// k found from the rounded inverse and the forward map, exact as for the mass.
    func transformedLogcdf(_ x: Variable, _ map: InvertibleMap, _ output: Variable, _ y: Variable) throws -> DerivedLogProb? {
        guard let increasing = map.increasing else { return nil }
        let discrete = x.dtype != .float64
        let truth = constantTruth(increasing)
        var lattice: (Variable, Variable)?
        if discrete, map.inverse.dtype == .float64, let forward = map.forward {
            let nearest = try elemwise(.round, map.inverse)
            lattice = (nearest, try forward(nearest) <= y)
        }
        var up: Variable?, down: Variable?
        if truth != false {
            let at = try lattice.map { try ifElse($0.1, $0.0, $0.0 - constant(1.0)) } ?? map.inverse
            up = try logcdf(x, at: at).logp
        }
        if truth != true {
            var below = map.inverse
            if discrete {
                let smallest = try lattice.map { try ifElse($0.1, $0.0, $0.0 + constant(1.0)) } ?? map.inverse
                below = try smallest - constant(1)
            }
            down = try log1mexp(logcdf(x, at: below).logp)
        }
        var result: Variable
        if let up, let down {
            result = try ifElse(increasing, up, down)
        } else {
            result = up ?? down!
        }
        if let domain = map.domain { result = try bounded(result, domain) }
        return DerivedLogProb(logp: result, ndimSupp: 0)
    }

    /// Q_Y(q) = f(Q_X(q)) for increasing f, f(Q_X(1 - q)) for decreasing f and continuous X.
    func transformedIcdf(_ x: Variable, _ map: InvertibleMap, _ output: Variable, _ q: Variable) throws -> DerivedLogProb? {
        guard let increasing = map.increasing, let forward = map.forward else { return nil }
        let truth = constantTruth(increasing)
        if x.dtype != .float64 && truth != true {
            throw notMeasurable(.icdf, output, "the quantile of a decreasing map of the discrete \(describe(x)) is not implemented")
        }
        if truth == true { return DerivedLogProb(logp: try forward(icdf(x, at: q).logp), ndimSupp: 0) }
        let down = try forward(icdf(x, at: 1.0 - q).logp)
        if truth == false { return DerivedLogProb(logp: down, ndimSupp: 0) }
        let up = try forward(icdf(x, at: q).logp)
        return DerivedLogProb(logp: try ifElse(increasing, up, down), ndimSupp: 0)
    }
}
