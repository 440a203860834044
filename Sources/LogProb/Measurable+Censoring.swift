// Measurable+Censoring.swift — censoring (clip, and maximum/minimum with a non-random bound) and discretization (floor, ceil, round, trunc) of random variables.

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbDeriver {
    /// Whether `a` and `b` are the same variable, or the same variable padded to a rank
    /// by identical DimShuffles (what `clip(x, x, upper)` gives for a lower-rank x).
    static func sameSource(_ a: Variable, _ b: Variable) -> Bool {
        if a === b { return true }
        guard let na = a.owner, let nb = b.owner, let da = na.op as? DimShuffle, let db = nb.op as? DimShuffle else { return false }
        return da == db && na.inputs[0] === nb.inputs[0]
    }

    /// y = clip(x, lower, upper), maximum(x, lower) or minimum(x, upper) with bounds that
    /// are not random: x censored. Values beyond a bound are impossible; at a bound the
    /// mass of the tail beyond it collects (PyMC's censoring): P(X <= lower) at lower and
    /// P(X >= upper) at upper (1 - F(upper), plus P(X = upper) for discrete x). A bound
    /// that is the constant -inf or +inf (or x itself, as in clip(x, x, upper)) is absent.
    static let censoringRule: MeasurableRule = { d, kind, node, output, value in
        guard let op = (node.op as? Elemwise)?.scalarOp, [.clip, .maximum, .minimum].contains(op) else { return nil }
        let inputs = node.inputs
        let x: Variable
        var lower: Variable?, upper: Variable?
        switch op {
        case .clip:
            x = inputs[0]
            lower = sameSource(inputs[1], x) ? nil : inputs[1]
            upper = sameSource(inputs[2], x) ? nil : inputs[2]
        default:
            let random = d.randomInputs(node)
            guard random.count == 1 else {
                if random.isEmpty { return nil }
                throw d.notMeasurable(kind, output, "\(op) of two random inputs is not measurable")
            }
            x = inputs[random[0]]
            let bound = inputs[1 - random[0]]
            if op == .maximum { lower = bound } else { upper = bound }
        }
        guard d.isRandom(x) else { return nil }
        for bound in [lower, upper].compactMap({ $0 }) where d.isRandom(bound) {
            throw d.notMeasurable(kind, output, "its censoring bound \(d.describe(bound)) is random")
        }
        try d.checkNotBroadcast(x, in: node, output)
        if let l = lower, constantEverywhere(l, equals: -Double.infinity) { lower = nil }
        if let u = upper, constantEverywhere(u, equals: Double.infinity) { upper = nil }
        let result: Variable
        switch kind {
        case .logp: result = try d.censoredLogp(x, lower, upper, output, value)
        case .logcdf: result = try d.censoredLogcdf(x, lower, upper, value)
        case .icdf:
            // The quantile of a non-decreasing map is the map of the quantile.
            var q = try d.icdf(x, at: value).logp
            if let lower { q = try maximum(q, lower) }
            if let upper { q = try minimum(q, upper) }
            result = q
        }
        guard let lower, let upper else { return DerivedLogProb(logp: result, ndimSupp: 0) }
        let checked = try checkParameters(result, [lower <= upper], message: "lower_bound <= upper_bound")
        return DerivedLogProb(logp: checked, ndimSupp: 0)
    }

    func censoredLogp(_ x: Variable, _ lower: Variable?, _ upper: Variable?, _ output: Variable, _ v: Variable) throws -> Variable {
        let base = try logp(x, at: v)
        guard base.ndimSupp == 0 else {
            throw notMeasurable(.logp, output, "censoring the multivariate \(describe(x)) is not implemented")
        }
        var result = base.logp
        guard lower != nil || upper != nil else { return result }
        let cdf = try logcdf(x, at: v).logp
        if let upper {
            // log P(X >= upper) = log(1 - F(upper)) (+ P(X = upper) for discrete x).
            var tail = try log1mexp(cdf)
            if x.dtype != .float64 { tail = try elemwise(.logaddexp, tail, base.logp) }
            result = try ifElse(eq(v, upper), tail, ifElse(v > upper, negativeInfinity, result))
        }
        if let lower {
            result = try ifElse(eq(v, lower), cdf, ifElse(v < lower, negativeInfinity, result))
        }
        return result
    }

    /// P(Y <= v): 0 below the lower bound, F(v) between the bounds, 1 from the upper bound on.
    func censoredLogcdf(_ x: Variable, _ lower: Variable?, _ upper: Variable?, _ v: Variable) throws -> Variable {
        var result = try logcdf(x, at: v).logp
        if let upper { result = try ifElse(v >= upper, constant(0.0), result) }
        if let lower { result = try ifElse(v < lower, negativeInfinity, result) }
        return result
    }

    /// y = floor(x), ceil(x), round(x) (half to even) or trunc(x) of a continuous x: the
    /// mass of the interval of x rounding to the integer y, log(F(upper) - F(lower))
    /// formed from the two log-CDFs in log space; -inf at values that are not whole
    /// numbers. On an integer x these are the identity.
    static let roundingRule: MeasurableRule = { d, kind, node, output, value in
        guard let op = (node.op as? Elemwise)?.scalarOp, [.floor, .ceil, .round, .trunc].contains(op),
              try d.singleRandomInput(node, output) != nil else { return nil }
        let x = node.inputs[0]
        if x.dtype != .float64 { return try d.derive(kind, x, value) }
        let v = try asFloat(value)
        switch kind {
        case .logp:
            let (lower, upper) = try roundingInterval(op, v)
            let mass = try logMassBetween(d.logcdf(x, at: upper).logp, d.logcdf(x, at: lower).logp)
            return DerivedLogProb(logp: try bounded(mass, isIntegral(v)), ndimSupp: 0)
        case .logcdf:
            // P(round(X) <= v) = P(round(X) <= k), k = floor(v): X below the top of k's interval.
            let k = try floor(v)
            let top: Variable
            switch op {
            case .floor: top = try k + 1.0
            case .ceil: top = k
            case .round: top = try k + 0.5
            default: top = try ifElse(k >= constant(0.0), k + 1.0, k)
            }
            return DerivedLogProb(logp: try d.logcdf(x, at: top).logp, ndimSupp: 0)
        case .icdf:
            return nil
        }
    }

    /// The interval (lower, upper] of x values that `op` maps to the whole number v.
    static func roundingInterval(_ op: ScalarOp, _ v: Variable) throws -> (Variable, Variable) {
        switch op {
        case .floor: return (v, try v + 1.0)
        case .ceil: return (try v - 1.0, v)
        case .round: return (try v - 0.5, try v + 0.5)
        default:
            // trunc: [k, k + 1) for k > 0, (k - 1, k] for k < 0, (-1, 1) for k = 0.
            let zero = constant(0.0)
            return (try ifElse(v > zero, v, v - 1.0), try ifElse(v < zero, v, v + 1.0))
        }
    }
}
