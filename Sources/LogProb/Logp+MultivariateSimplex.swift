// Logp+MultivariateSimplex.swift — log-probabilities on the simplex and its counts: Dirichlet, multinomial, Dirichlet-multinomial.

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbCatalog {
    static let simplexFamily: [DistributionLogProb] = [dirichlet, multinomial, dirichletMultinomial]

    /// PyMC's Dirichlet logp: Σ (a_i - 1) log x_i - Σ log Γ(a_i) + log Γ(Σ a_i), with
    /// logpow's 0^0 = 1. Outside the simplex (an entry outside [0, 1], or entries not
    /// summing to 1 within 1e-8, NumPy's tolerance for probability vectors) it is -inf.
    static let dirichlet = DistributionLogProb("dirichlet", logp: { value, p in
        let a = p[0]
        try MV.requireSupportLength("dirichlet logp", value: value, valueAxes: [-1], [("alpha", a, [-1])])
        let terms = try MV.logpow(value, a - 1.0) - gammaln(a)
        let logp = try MV.sumLast(terms) + gammaln(MV.sumLast(a))
        let inRange = try MV.allLast(MV.both(value >= constant(0.0), value <= constant(1.0)))
        let sumsToOne = try abs(MV.sumLast(value) - 1.0) <= constant(1e-8)
        let result = try bounded(logp, MV.both(inRange, sumsToOne))
        return try checkParameters(result, [a > constant(0.0)], message: "a > 0")
    })

    /// Support of counts of n trials: whole numbers >= 0 summing to n.
    private static func isCountVector(_ x: Variable, _ n: Variable) throws -> Variable {
        let entries = try MV.allLast(MV.both(x >= constant(0.0), MV.isWhole(x)))
        return try MV.both(entries, eq(MV.sumLast(x), n))
    }

    /// PyMC's Multinomial logp: log n! + Σ (x_i log p_i - log x_i!). -inf off the
    /// support; raises "0 <= p <= 1, sum(p) = 1, n >= 0" for invalid parameters (the sum
    /// of p within numpy.isclose of 1).
    static let multinomial = DistributionLogProb("multinomial", logp: { value, p in
        let (n, prob) = (p[0], p[1])
        try MV.requireSupportLength("multinomial logp", value: value, valueAxes: [-1], [("p", prob, [-1])])
        let x = try MV.floatValue(value)
        let terms = try MV.logpow(prob, x) - MV.factln(x)
        let logp = try MV.factln(n) + MV.sumLast(terms)
        let result = try bounded(logp, isCountVector(x, n))
        let conditions = [try prob >= constant(0.0), try prob <= constant(1.0),
                          try MV.isClose(MV.sumLast(prob), constant(1.0)), try n >= constant(0.0)]
        return try checkParameters(result, conditions, message: "0 <= p <= 1, sum(p) = 1, n >= 0")
    })

    /// PyMC's DirichletMultinomial logp, the multinomial integrated over Dirichlet(a)
    /// probabilities: log Γ(n+1) + log Γ(Σa) - log Γ(n + Σa)
    ///   + Σ [log Γ(x_i + a_i) - log Γ(x_i + 1) - log Γ(a_i)].
    static let dirichletMultinomial = DistributionLogProb("dirichlet_multinomial", logp: { value, p in
        let (n, a) = (p[0], p[1])
        try MV.requireSupportLength("dirichlet_multinomial logp", value: value, valueAxes: [-1], [("a", a, [-1])])
        let x = try MV.floatValue(value)
        let sumA = try MV.sumLast(a)
        let norm = try gammaln(n + 1.0) + gammaln(sumA) - gammaln(n + sumA)
        let series = try gammaln(x + a) - gammaln(x + 1.0) - gammaln(a)
        let logp = try norm + MV.sumLast(series)
        let result = try bounded(logp, isCountVector(x, n))
        return try checkParameters(result, [try a > constant(0.0), try n >= constant(0.0)], message: "a > 0, n >= 0")
    })
}
