// CheckRewriteTests.swift — parameter checks: constant-true conditions dropped, reductions moved inside the check.

import SwiftPPL
import XCTest

final class CheckRewriteTests: XCTestCase {
    private func checks(_ f: Function) -> Int { f.schedule.filter { $0.op is CheckParameterValue }.count }

    func testConstantTrueConditionsAreDropped() throws {
        let x = vector("x"), s = scalar("s")
        let always = try apply(CheckParameterValue("always"), [try exp(x), constant(true)])
        let f = try function(inputs: [x], outputs: [try sum(always)])
        XCTAssertEqual(checks(f), 0, f.dprint())
        XCTAssertEqual(try f([NDArray([0.0, Double(M_LN2)])])[0].doubles[0], 3.0, accuracy: 1e-15)
        // A computed condition stays (and a constant-true one beside it goes).
        let guarded = try apply(CheckParameterValue("s > 0"), [try exp(x), constant(true), try s > constant(0.0)])
        let g = try function(inputs: [x, s], outputs: [guarded])
        XCTAssertEqual(checks(g), 1, g.dprint())
        XCTAssertEqual(g.schedule.first { $0.op is CheckParameterValue }?.inputs.count, 2)
        XCTAssertThrowsError(try g([NDArray([0.0]), NDArray(scalar: -1.0)])) { error in
            XCTAssertTrue("\(error)".contains("s > 0"), "\(error)")
        }
    }

    func testSumOfACheckedArrayFusesAndStillRaises() throws {
        let x = vector("x"), s = scalar("s")
        let logp = try apply(CheckParameterValue("sigma > 0"), [try sqr(x / s) * constant(-0.5), try s > constant(0.0)])
        let f = try function(inputs: [x, s], outputs: [try sum(logp)])
        // The sum runs inside the elementwise pass; the check guards the scalar.
        XCTAssertTrue(f.schedule.contains { $0.op is CompositeSum }, f.dprint())
        XCTAssertEqual(f.outputs[0].owner?.op is CheckParameterValue, true, f.dprint())
        let values = (0..<700).map { Double($0 % 13) - 6 }
        var want = 0.0
        for v in values { want += -0.5 * (v / 2) * (v / 2) }
        for _ in 0..<3 {  // op by op, then planned
            XCTAssertEqual(try f([NDArray(values), NDArray(scalar: 2.0)])[0].doubles[0], want, accuracy: 1e-12 * Swift.abs(want))
            XCTAssertThrowsError(try f([NDArray(values), NDArray(scalar: -2.0)])) { error in
                XCTAssertTrue("\(error)".contains("sigma > 0"), "\(error)")
            }
        }
    }
}
