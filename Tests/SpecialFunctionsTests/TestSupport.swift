// TestSupport.swift — error measures and the table check shared by the special-function tests.

import XCTest

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

/// Compares a function with a reference table: asserts that every row's relative error (absolute
/// where the reference is 0) is at most `tolerance`, prints the worst error and where it occurs,
/// and returns it. `evaluate` gives the computed value, the reference and a label for messages.
@discardableResult
func checkTable<Row>(_ name: String, _ rows: [Row], tolerance: Double,
                     file: StaticString = #filePath, line: UInt = #line,
                     _ evaluate: (Row) -> (got: Double, want: Double, label: String)) -> Double {
    var worst = 0.0
    var worstLabel = ""
    for row in rows {
        let (got, want, label) = evaluate(row)
        let e = relativeError(got, want)
        if !(e <= worst) { worst = e; worstLabel = label }
        XCTAssertLessThanOrEqual(e, tolerance, "\(name)(\(label)) = \(got), want \(want)", file: file, line: line)
    }
    print("\(name): worst relative error \(worst) at \(worstLabel) over \(rows.count) reference points")
    return worst
}
