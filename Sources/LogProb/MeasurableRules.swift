// MeasurableRules.swift — the measurable-operation rules the deriver tries, in order, for densities, CDFs and quantiles.

extension LogProbDeriver {
    static let logpRules: [MeasurableRule] = [elemwiseLogp, dimShuffleLogp, joinLogp, cumsumLogp]
    static let logcdfRules: [MeasurableRule] = [elemwiseLogcdf]
    static let icdfRules: [MeasurableRule] = [elemwiseIcdf]
}
