// Logp+DiscreteSupport.swift — graph helpers shared by the discrete distributions: whole-number tests, masses outside the support, picking a category, CDFs summed from masses.

import DenseArrays
import TensorGraph
import TensorOps

/// True where `x` is a whole number. Integer values always are; float values are
/// compared with their floor (NaN and ±inf are not whole).
func isWhole(_ x: Variable) throws -> Variable {
    if x.dtype != .float64 { return try eq(x, x) }
    let finite = try elemwise(.invert, isinf(x))
    return try elemwise(.and, eq(floor(x), x), finite)
}

/// `a && b` elementwise, for building support conditions.
func both(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.and, a, b) }

/// `a || b` elementwise.
func either(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.or, a, b) }

/// `low <= x <= high` and `x` whole: the support of the bounded counts.
func wholeBetween(_ x: Variable, _ low: Variable, _ high: Variable) throws -> Variable {
    let inRange = try both(x >= low, x <= high)
    return try both(inRange, isWhole(x))
}

/// x * log1p(y), 0 where x == 0 (PyMC's logpow(1 - p, m) written with log1p, which keeps
/// log(1 - p) accurate for tiny p; 0 · log 0 = 0 covers p = 1 with m = 0). The logarithm
/// reads a y made safe where x == 0, so neither the value nor the gradient picks up NaN.
func xlog1py0(_ x: Variable, _ y: Variable) throws -> Variable {
    let zero = try eq(x, constant(0.0))
    let safeY = try ifElse(zero, constant(0.0), y)
    return try ifElse(zero, constant(0.0), x * log1p(safeY))
}

/// `x` with a trailing length-1 axis, to broadcast against a category axis.
func withCategoryAxis(_ x: Variable) throws -> Variable {
    try expandDims(x, axes: [x.ndim])
}

/// True at category `value` along the last axis of a tensor with `count` categories:
/// `arange(count) == value[..., None]`. Selecting with it costs O(k) per element but
/// needs no gather and broadcasts like any elementwise op.
func categoryMask(_ value: Variable, count: Variable) throws -> Variable {
    let categories = try arange(constant(0), count, constant(1))
    return try eq(categories, withCategoryAxis(value))
}

/// `values[..., value]` along the last axis (entries elsewhere are never read, so -inf
/// or NaN there does not leak in); `value` outside 0 ..< k gives 0, which callers mask.
func pickCategory(_ values: Variable, at value: Variable) throws -> Variable {
    let count = try lastExtent(values)
    let mask = try categoryMask(value, count: count)
    let picked = try ifElse(mask, values, constant(0.0))
    return try sum(picked, axis: [picked.ndim - 1])
}

/// The length of the last axis of `x`, as an int64 scalar.
func lastExtent(_ x: Variable) throws -> Variable {
    if let k = x.type.shape.last, let known = k { return constant(known) }
    return try index(shape(x), [.scalar(constant(x.ndim - 1))])
}

/// The longest row of masses `summedLogCDF` builds (8e7 bytes per element at most).
let summedLogCDFLimit = 10_000_000.0

/// log Σ_{k = 0}^{x} exp(logMass(k)) for each element of x (PyMC's BetaBinomial and
/// HyperGeometric logcdf, which it only allows for scalar values): one row of masses
/// 0 ... m along a new last axis, m the largest `min(x, cap)` present, entries above
/// each element's own x masked out. `cap` bounds the row length (the top of the
/// support); values at or above their cap are handled by the caller (log CDF 0).
/// `logMass` receives the row (float64, shape (m + 1,)) and returns masses
/// broadcasting against x with a trailing row axis. Rows longer than
/// `summedLogCDFLimit` raise instead of allocating without bound.
func summedLogCDF(_ x: Variable, cap: Variable, what: String,
                  _ logMass: (Variable) throws -> Variable) throws -> Variable {
    // NaN (and x < 0) reads as 0 here so the row length stays a valid integer.
    let capped = try ifElse(x >= constant(0.0), minimum(x, cap), constant(0.0))
    let top = try maximum(max(capped), constant(0.0))
    let limited = try checkParameters(top, [top < constant(summedLogCDFLimit)],
                                      message: "\(what) logcdf sums the masses one by one and needs values below \(Int(summedLogCDFLimit))")
    let stop = try cast(limited, to: .int64) + constant(1)
    let ks = try arange(constant(0), stop, constant(1), dtype: .float64)
    let masses = try logMass(ks)
    let kept = try ifElse(ks <= withCategoryAxis(x), masses, constant(-Double.infinity))
    return try logsumexp(kept, axis: [kept.ndim - 1])
}
