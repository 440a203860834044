// MeasurableSupport.swift — small graph helpers the measurable rules share: constants, integrality, log-space differences.

import DenseArrays
import TensorGraph
import TensorOps

/// The value of a one-element constant, if `v` is one.
func constantScalar(_ v: Variable) -> Double? {
    guard let c = v.constantValue, c.count == 1 else { return nil }
    return c.double(flat: 0)
}

/// Whether `v` is a constant whose elements are all true (nonzero), all false, or neither (nil).
func constantTruth(_ v: Variable) -> Bool? {
    guard let c = v.constantValue, c.count > 0 else { return nil }
    let flags = (0..<c.count).map { c.double(flat: $0) != 0 }
    if flags.allSatisfy({ $0 }) { return true }
    if flags.allSatisfy({ !$0 }) { return false }
    return nil
}

/// Whether every element of a constant is `target` (e.g. an infinite censoring bound).
func constantEverywhere(_ v: Variable, equals target: Double) -> Bool {
    guard let c = v.constantValue, c.count > 0 else { return false }
    return (0..<c.count).allSatisfy { c.double(flat: $0) == target }
}

let negativeInfinity = constant(-Double.infinity)

/// True where `z` is a whole number (integer dtypes always are).
func isIntegral(_ z: Variable) throws -> Variable {
    z.dtype == .float64 ? try eq(floor(z), z) : constant(true)
}

/// log(e^a - e^b) for log-CDFs a >= b (the mass between them), as a + log1mexp(b - a): the difference is formed in log
/// space, so two log-CDFs whose CDFs are close (a narrow interval, or both in the lower
/// tail) keep their relative precision. b - a is clamped to <= 0 (a log-CDF computed a
/// hair above its neighbour gives -inf, not NaN), and a = -inf gives -inf (where b - a
/// would be NaN).
func logMassBetween(_ a: Variable, _ b: Variable) throws -> Variable {
    let gap = try minimum(b - a, constant(0.0))
    let result = try a + log1mexp(gap)
    return try ifElse(eq(a, negativeInfinity), negativeInfinity, result)
}

/// `logp` summed over its last `axes` axes (a multivariate density's support).
func sumLast(_ x: Variable, _ axes: Int) throws -> Variable {
    guard axes > 0 else { return x }
    return try sum(x, axis: Array((x.ndim - axes)..<x.ndim))
}
