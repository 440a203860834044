// MeasurableRules.swift — the measurable-operation rules the deriver tries, in order, for densities, CDFs and quantiles.

extension LogProbDeriver {
    /// Each rule answers for its own kind of node and returns nil for others (or for
    /// a probability it has no formula for). Censoring, rounding and switch come before
    /// the invertible maps, which claim every other elementwise node they know.
    static let measurableRules: [MeasurableRule] = [
        censoringRule, roundingRule, switchRule, elemwiseRule,
        dimShuffleRule, joinRule, cumsumRule, indexRule, specifyShapeRule, reshapeRule,
    ]
}
