// FusionTests.swift — elementwise chains become one Composite; shared and smaller intermediates stay separate.

import SwiftPPL
import Foundation
import XCTest

final class FusionTests: XCTestCase {
    func testChainFusesIntoOneComposite() throws {
        let x = vector("x"), y = vector("y")
        let expression = try log(exp(x) * y + constant(1.5))
        let fused = try fuseElementwise([expression])[0]
        guard let composite = fused.owner?.op as? Composite else {
            return XCTFail("expected a Composite:\n\(dprint([fused]))")
        }
        XCTAssertEqual(composite.program.instructions.count, 4)
        XCTAssertEqual(fused.owner!.inputs.count, 3)
        // Same numbers as the unfused graph.
        let values: [Variable: NDArray] = [x: NDArray([0.1, -0.2, 0.3]), y: NDArray([1.0, 2.0, 0.5])]
        let a = try evaluate([fused], givens: values)[0].doubles
        let expected = [0.1, -0.2, 0.3].enumerated().map { i, v in
            [1.0, 2.0, 0.5][i] * exp(v) + 1.5
        }.map { log($0) }
        for (u, v) in zip(a, expected) { XCTAssertEqual(u, v, accuracy: 1e-14) }
    }

    func testSharedIntermediateIsComputedOnce() throws {
        let x = vector("x")
        let e = try exp(x)
        let outputs = try fuseElementwise([try e + constant(1.0), try e * constant(2.0)])
        // exp(x) has two clients: it stays a node of its own that both read.
        XCTAssertTrue(outputs[0].owner!.inputs.contains { $0 === e })
        XCTAssertTrue(outputs[1].owner!.inputs.contains { $0 === e })
    }

    func testScalarsJoinEveryGroupThatReadsThem() throws {
        let x = vector("x"), s = scalar("s")
        let l = try log(s)
        // log(s) feeds a vector product (through the DimShuffle giving it rank 1) and is
        // an output itself: the product's program computes it (once per chunk, as a
        // scalar register), and it stays a node of its own for the output.
        let outputs = try fuseElementwise([try x * l, try exp(x) + l, l])
        for out in outputs[..<2] {
            guard let op = out.owner?.op as? Composite else { return XCTFail("expected a Composite:\n\(dprint(outputs))") }
            XCTAssertTrue(op.program.instructions.contains { $0.op == .log }, "\(op)")
        }
        XCTAssertTrue(outputs[2] === l)
        let f = try function(inputs: [x, s], outputs: [try x * l, try exp(x) + l])
        XCTAssertEqual(f.schedule.filter { $0.op is Composite }.count, 2, f.dprint())
        XCTAssertFalse(f.schedule.contains { $0.op is Elemwise }, f.dprint())
        let values = (0..<1300).map { Double($0 % 17) * 0.25 - 2 }
        for _ in 0..<2 {  // op by op, then planned
            let r = try f([NDArray(values), NDArray(scalar: 3.0)])
            for (i, v) in values.enumerated() {
                XCTAssertEqual(r[0].doubles[i], v * Foundation.log(3.0), accuracy: 1e-15 * (1 + Swift.abs(v)))
                XCTAssertEqual(r[1].doubles[i], Foundation.exp(v) + Foundation.log(3.0), accuracy: 1e-15 * (1 + Foundation.exp(v)))
            }
        }
    }

    func testNodesReadOnlyByCopiedScalarsAreCopiedToo() throws {
        // sqr(k) is read by two groups, so both compute it; k = exp(t) * 0.2, read only by
        // sqr(k), must then be computed in both too, not absorbed by the first and left a
        // kernel of its own for the second.
        let t = scalar("t")
        let e = try exp(t)
        let s = try sqr(e * constant(0.2))
        let f = try function(inputs: [t], outputs: [try sum(log1p(s)), try s * e + reciprocal(s + constant(1.0))])
        XCTAssertEqual(f.schedule.count, 2, f.dprint())
        XCTAssertFalse(f.schedule.contains { $0.op is Elemwise }, f.dprint())
        let out = try f([NDArray(scalar: 0.5)])
        let k = 0.2 * Foundation.exp(0.5)
        XCTAssertEqual(out[0].doubles[0], Foundation.log1p(k * k), accuracy: 1e-15)
        XCTAssertEqual(out[1].doubles[0], k * k * Foundation.exp(0.5) + 1 / (k * k + 1), accuracy: 1e-15)
    }

    func testBroadcastAndComparisonsInsideComposite() throws {
        let m = matrix("m"), v = vector("v")
        let expression = try ifElse(m > v, log(m), constant(-Double.infinity))
        let f = try function(inputs: [m, v], outputs: [expression])
        XCTAssertTrue(f.schedule.contains { $0.op is Composite }, f.dprint())
        let out = try f([try NDArray([1.0, 2.0, 3.0, 4.0], shape: [2, 2]), NDArray([1.5, 1.0])])[0].doubles
        XCTAssertEqual(out[0], -.infinity)
        XCTAssertEqual(out[1], log(2.0), accuracy: 1e-15)
        XCTAssertEqual(out[2], log(3.0), accuracy: 1e-15)
        XCTAssertEqual(out[3], log(4.0), accuracy: 1e-15)
    }
}

private func exp(_ x: Double) -> Double { Double.exponential(x) }
private func log(_ x: Double) -> Double { Double.logarithm(x) }

private extension Double {
    static func exponential(_ x: Double) -> Double {
        // e^x by argument reduction and a Taylor series (test-local, no Foundation).
        let k = (x / 0.6931471805599453).rounded()
        let r = x - k * 0.6931471805599453
        var term = 1.0, sum = 1.0
        for n in 1..<30 { term *= r / Double(n); sum += term }
        return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
    }
    static func logarithm(_ x: Double) -> Double {
        // Newton on e^y = x.
        var y = Double(x.exponent) * 0.6931471805599453
        for _ in 0..<60 { y -= 1 - x / exponential(y) }
        return y
    }
}
