// IndexSpecializeTests.swift — gathers and scatters with repeated constant indices become basic indexing, with the same values and gradients.

import Foundation
import SwiftPPL
import XCTest

final class IndexSpecializeTests: XCTestCase {
    func ops(_ f: Function) -> [String] { f.schedule.map { "\($0.op)" } }

    func testUniformGatherAndItsGradient() throws {
        let x = Variable(TensorType(.float64, shape: [2, 3]), name: "x")
        let rows = constant(try NDArray([Int64](repeating: 1, count: 5), shape: [5]))
        let cols = constant(try NDArray([Int64](repeating: -1, count: 5), shape: [5]))
        let picked = try index(x, [.array(rows), .array(cols)])
        let weights = constant(NDArray([1.0, 2.0, 3.0, 4.0, 5.0]))
        let cost = try sum(weights * exp(picked))
        let g = try grad(cost, wrt: [x])[0]
        let f = try Function(inputs: [x], outputs: [picked, cost, g])
        XCTAssertFalse(ops(f).contains { $0.hasPrefix("Advanced") }, "\(ops(f))")
        let xv = try NDArray([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], shape: [2, 3])
        let out = try f([xv])
        XCTAssertEqual(out[0].doubles, [Double](repeating: 0.6, count: 5))
        XCTAssertEqual(out[1].doubles[0], 15 * Foundation.exp(0.6), accuracy: 1e-12)
        var expected = [Double](repeating: 0, count: 6)
        expected[5] = 15 * Foundation.exp(0.6)
        for (a, b) in zip(out[2].doubles, expected) { XCTAssertEqual(a, b, accuracy: 1e-12) }
    }

    func testGatherOfRowsKeepsTheTrailingAxis() throws {
        let x = Variable(TensorType(.float64, shape: [3, 2]), name: "x")
        let rows = constant(try NDArray([Int64](repeating: 2, count: 4), shape: [2, 2]))
        let picked = try index(x, [.array(rows)])
        let g = try grad(try sum(sqr(picked)), wrt: [x])[0]
        let f = try Function(inputs: [x], outputs: [picked, g])
        XCTAssertFalse(ops(f).contains { $0.hasPrefix("Advanced") }, "\(ops(f))")
        let xv = try NDArray([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape: [3, 2])
        let out = try f([xv])
        XCTAssertEqual(out[0].shape, [2, 2, 2])
        XCTAssertEqual(out[0].doubles, [5.0, 6.0, 5.0, 6.0, 5.0, 6.0, 5.0, 6.0])
        // d/dx of the sum of squares of four copies of row 2: 8 x[2].
        XCTAssertEqual(out[1].doubles, [0, 0, 0, 0, 40, 48])
    }

    func testVaryingIndicesStayAdvanced() throws {
        let x = Variable(TensorType(.float64, shape: [3]), name: "x")
        let idx = constant(NDArray([Int64(0), 2, 2]))
        let f = try Function(inputs: [x], outputs: [try index(x, [.array(idx)])])
        XCTAssertTrue(ops(f).contains { $0.hasPrefix("AdvancedSubtensor") }, "\(ops(f))")
        XCTAssertEqual(try f([NDArray([1.0, 2.0, 3.0])])[0].doubles, [1, 3, 3])
    }
}
