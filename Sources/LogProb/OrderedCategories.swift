// OrderedCategories.swift — the category probabilities of ordered logistic and ordered probit models (PyMC's OrderedLogistic/OrderedProbit compute_p), built in log space.

import DenseArrays
import TensorGraph
import TensorOps

/// log P(Y = k), k = 0 ... K - 1, of PyMC's OrderedLogistic(eta, cutpoints): Y counts the
/// cutpoints below η + L with L standard logistic, so P(Y <= k) = σ(c_k - η).
///
/// `cutpoints` has K - 1 entries along its last axis (sorted; unsorted ones raise
/// "cutpoints are sorted"); `eta` broadcasts against the others' batch shape. The
/// result has the cutpoints' batch shape with K entries along the last axis.
///
///     let eta = vector("eta")
///     let logP = try orderedLogisticLogProbabilities(eta: eta, cutpoints: constant(NDArray([-1.0, 1.0])))
///     // logP has shape (n, 3): log P(Y = 0), log P(Y = 1), log P(Y = 2) for each eta
public func orderedLogisticLogProbabilities(eta: Variable, cutpoints: Variable) throws -> Variable {
    let (lower, upper) = try categoryEdges(cutpoints - withCategoryAxis(eta))
    // P(Y = k) = σ(u) - σ(l) with l = c_{k-1} - η < u = c_k - η (c_{-1} = -inf, c_{K-1} = +inf).
    // σ(u) - σ(l) = σ(u) σ(-l) (1 - e^(l - u)), so
    //   log P = -softplus(-u) - softplus(l) + log1mexp(l - u),
    // every term accurate in both tails; PyMC's difference of sigmoids gives 0 (log -inf)
    // once both are within 1e-16 of 1.
    let logUpper = try neg(softplus(neg(upper)))
    let logLower = try neg(softplus(lower))
    let logP = try logUpper + logLower + log1mexp(lower - upper)
    return try checkCutpoints(logP, cutpoints)
}

/// P(Y = k) of PyMC's OrderedLogistic: exp of `orderedLogisticLogProbabilities`.
public func orderedLogisticProbabilities(eta: Variable, cutpoints: Variable) throws -> Variable {
    try exp(orderedLogisticLogProbabilities(eta: eta, cutpoints: cutpoints))
}

/// log P(Y = k) of PyMC's OrderedProbit(eta, cutpoints, sigma): Y counts the cutpoints
/// below η + σ Z with Z standard normal, so P(Y <= k) = Φ((c_k - η) / σ). Shapes as in
/// `orderedLogisticLogProbabilities`; sigma > 0.
///
///     let logP = try orderedProbitLogProbabilities(eta: scalar("eta"), cutpoints: vector("c"), sigma: constant(1.0))
public func orderedProbitLogProbabilities(eta: Variable, cutpoints: Variable, sigma: Variable) throws -> Variable {
    let scaled = try (cutpoints - withCategoryAxis(eta)) / withCategoryAxis(sigma)
    let (lower, upper) = try categoryEdges(scaled)
    let logP = try logNormalMass(lower, upper)
    let checked = try checkCutpoints(logP, cutpoints)
    return try checkParameters(checked, [sigma > constant(0.0)], message: "sigma > 0")
}

/// P(Y = k) of PyMC's OrderedProbit: exp of `orderedProbitLogProbabilities`.
public func orderedProbitProbabilities(eta: Variable, cutpoints: Variable, sigma: Variable) throws -> Variable {
    try exp(orderedProbitLogProbabilities(eta: eta, cutpoints: cutpoints, sigma: sigma))
}

/// log(Φ(b) - Φ(a)) for a <= b, from log Φ only. Where a + b <= 0 both points are
/// nearer the lower tail: log Φ(b) + log1mexp(log Φ(a) - log Φ(b)). Otherwise by symmetry
/// Φ(b) - Φ(a) = Φ(-a) - Φ(-b), the same formula on the mirrored points. Either way the
/// subtracted probability is the smaller one and no tail probability underflows (PyMC's
/// erfcx form covers the same three regions). a = -inf or b = +inf reduce to one log Φ.
func logNormalMass(_ a: Variable, _ b: Variable) throws -> Variable {
    let lowerTail = try logNdtr(b) + log1mexp(logNdtr(a) - logNdtr(b))
    let upperTail = try logNdtr(neg(a)) + log1mexp(logNdtr(neg(b)) - logNdtr(neg(a)))
    return try ifElse(a + b > constant(0.0), upperTail, lowerTail)
}

/// The edges (l_k, u_k) of each category on the latent scale: the points t (K - 1 along
/// the last axis) with -inf prepended for l and +inf appended for u.
func categoryEdges(_ t: Variable) throws -> (lower: Variable, upper: Variable) {
    let axis = t.ndim - 1
    // A (..., 1) column of zeros, of length 1 even when t has no cutpoints.
    let column = try sum(zerosLike(t), axis: [axis], keepdims: true)
    let below = try column - Double.infinity, above = try column + Double.infinity
    let lower = try concatenate([below, t], axis: axis)
    let upper = try concatenate([t, above], axis: axis)
    return (lower, upper)
}

/// `expr`, raising unless the cutpoints are sorted along their last axis (equal ones
/// are allowed: the category between them has probability 0). PyMC raises the same
/// through its categorical check, as the probabilities come out negative.
func checkCutpoints(_ expr: Variable, _ cutpoints: Variable) throws -> Variable {
    let axis = cutpoints.ndim - 1
    guard axis >= 0 else { throw SPPLError.value("cutpoints must have at least one dimension, got \(cutpoints.type)") }
    let later = try index(cutpoints, [.ellipsis, .slice(constant(1), nil, nil)])
    let earlier = try index(cutpoints, [.ellipsis, .slice(nil, constant(-1), nil)])
    return try checkParameters(expr, [later >= earlier], message: "cutpoints are sorted")
}
