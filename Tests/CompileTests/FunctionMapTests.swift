// FunctionMapTests.swift — Function.mapRows: one call per row of the inputs' leading axis, results stacked.

import Foundation
import SwiftPPL
import XCTest

final class FunctionMapTests: XCTestCase {
    func testRowsAreMappedAndStacked() throws {
        let x = vector("x", length: 2), s = scalar("s")
        let f = try function(inputs: [x, s], outputs: [try sum(x) * s, try exp(x)])
        let xs = try NDArray([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape: [3, 2])
        let ss = NDArray([10.0, 20.0, 30.0])
        let out = try f.mapRows([xs, ss])
        XCTAssertEqual(out[0].shape, [3])
        XCTAssertEqual(out[0].doubles, [30, 140, 330])
        XCTAssertEqual(out[1].shape, [3, 2])
        for (a, b) in zip(out[1].doubles, [1.0, 2, 3, 4, 5, 6].map { Foundation.exp($0) }) { XCTAssertEqual(a, b, accuracy: 1e-12) }
        // A strided view as input: every other row.
        let every = try NDArray(storage: xs.storage, dtype: .float64, shape: [2, 2], strides: [4, 1], offset: 0)
        XCTAssertEqual(try f.mapRows([every, NDArray([1.0, 1.0])])[0].doubles, [3, 11])
        XCTAssertThrowsError(try f.mapRows([xs, NDArray([1.0, 2.0])])) { XCTAssertTrue("\($0)".contains("expected 3 rows"), "\($0)") }
        XCTAssertThrowsError(try f.mapRows([xs])) { XCTAssertTrue("\($0)".contains("takes 2 input"), "\($0)") }
        XCTAssertThrowsError(try f.mapRows([NDArray(scalar: 1.0), ss])) { XCTAssertTrue("\($0)".contains("leading axis"), "\($0)") }
    }
}
