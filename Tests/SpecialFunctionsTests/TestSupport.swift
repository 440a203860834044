// TestSupport.swift — error measures shared by the special-function tests.

/// |got - want| / |want| (absolute error when want is 0).
func relativeError(_ got: Double, _ want: Double) -> Double {
    if got == want { return 0 }
    if want == 0 { return Swift.abs(got) }
    return Swift.abs(got - want) / Swift.abs(want)
}

/// The largest relative error over a table, and the argument where it occurs.
func worstError(_ table: [(x: Double, psi: Double)], _ f: (Double) -> Double) -> (error: Double, at: Double) {
    var worst = (error: 0.0, at: Double.nan)
    for row in table {
        let e = relativeError(f(row.x), row.psi)
        if !(e <= worst.error) { worst = (e, row.x) }
    }
    return worst
}
