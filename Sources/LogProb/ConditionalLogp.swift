// ConditionalLogp.swift — the public entry points: logp/logcdf/icdf of one variable, conditional_logp of several, joint_logprob.

import DenseArrays
import TensorGraph
import TensorOps

/// The log-density (or mass) of `rv` at `value`, elementwise over its batch (PyMC's
/// `pm.logp(rv, value)`). `rv` may be a random variable or a graph of one (`exp(x)`,
/// `cumsum(x)`, ...); other random variables it depends on stay random.
public func logp(_ rv: Variable, _ value: Variable) throws -> Variable {
    try derived(.logp, rv, value)
}

/// The log-CDF of `rv` at `value` (PyMC's `pm.logcdf`).
public func logcdf(_ rv: Variable, _ value: Variable) throws -> Variable {
    try derived(.logcdf, rv, value)
}

/// The quantile of `rv` at probability `q` (PyMC's `pm.icdf`).
public func icdf(_ rv: Variable, _ q: Variable) throws -> Variable {
    try derived(.icdf, rv, q)
}

private func derived(_ kind: ProbabilityKind, _ rv: Variable, _ value: Variable) throws -> Variable {
    let deriver = LogProbDeriver(valued: [:])
    let result = try deriver.derive(kind, rv, value).logp
    try deriver.checkMarginalized([(rv, result)])
    return result
}

/// One log-probability graph per (variable, value) pair, each conditioned on the values
/// of the others: valued variables in any graph are replaced by their values (PyMC's
/// `conditional_logp`, AePPL's `factorized_joint_logprob`). Results are elementwise
/// over each variable's batch, in the order of `pairs`.
public func conditionalLogp(_ pairs: [(Variable, Variable)]) throws -> [Variable] {
    var valued: [Variable: Variable] = [:]
    for (rv, value) in pairs {
        if valued[rv] != nil {
            throw SPPLError.value("conditional_logp: \(rv.name.map { "'\($0)'" } ?? "a variable") is given two values")
        }
        if rv.type.isRandomGenerator || value.type.isRandomGenerator {
            throw SPPLError.type("conditional_logp: random generators have no density")
        }
        valued[rv] = value
    }
    let deriver = LogProbDeriver(valued: valued)
    var terms: [Variable] = []
    for (rv, value) in pairs {
        guard rv.owner != nil else {
            throw SPPLError.value("conditional_logp: \(deriver.describe(rv)) is not a random variable or a function of one")
        }
        terms.append(try deriver.logp(rv, at: value).logp)
    }
    try deriver.checkMarginalized(Array(zip(pairs.map(\.0), terms)))
    return try cloneReplace(terms, replace: valued)
}

/// The sum of all terms of `conditionalLogp` (AePPL's `joint_logprob`).
public func jointLogp(_ pairs: [(Variable, Variable)]) throws -> Variable {
    let terms = try conditionalLogp(pairs).map { try sum($0) }
    guard var total = terms.first else { throw SPPLError.value("joint_logprob needs at least one variable") }
    for t in terms.dropFirst() { total = try total + t }
    return total
}
