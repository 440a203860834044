// LoopFusionTests.swift — results and sums over one shape computed in one FusedLoop pass; one-value operands taken out of sums.

import Foundation
import SwiftPPL
import XCTest

final class LoopFusionTests: XCTestCase {
    func testResultsAndSumsOverOneShapeShareOnePass() throws {
        let x = tensor("x", shape: [1300]), y = tensor("y", shape: [1300]), s = scalar("s")
        let r = try (x - s) * constant(0.5)
        let outputs = [try sum(sqr(r) * y), try r * y, try sum(exp(r))]
        let f = try function(inputs: [x, y, s], outputs: outputs)
        let loops = f.schedule.filter { $0.op is FusedLoop }
        XCTAssertEqual(loops.count, 1, f.dprint())
        XCTAssertFalse(f.schedule.contains { $0.op is Composite || $0.op is CompositeSum || $0.op is Reduce }, f.dprint())
        let xs = (0..<1300).map { Double($0 % 29) * 0.1 - 1 }, ys = (0..<1300).map { 1 + Double($0 % 7) * 0.01 }
        var sum0 = 0.0, sum2 = 0.0
        for i in 0..<1300 {
            let ri = (xs[i] - 0.25) * 0.5
            sum0 += ri * ri * ys[i]
            sum2 += Foundation.exp(ri)
        }
        let first = try f([NDArray(xs), NDArray(ys), NDArray(scalar: 0.25)])
        XCTAssertEqual(first[0].doubles[0], sum0, accuracy: 1e-12 * sum0)
        XCTAssertEqual(first[2].doubles[0], sum2, accuracy: 1e-12 * sum2)
        for i in [0, 511, 512, 1299] { XCTAssertEqual(first[1].doubles[i], (xs[i] - 0.25) * 0.5 * ys[i]) }
        // The planned calls give the op-by-op call's bits.
        for _ in 0..<2 {
            let again = try f([NDArray(xs), NDArray(ys), NDArray(scalar: 0.25)])
            for (a, b) in zip(first, again) { XCTAssertEqual(a.doubles, b.doubles) }
        }
    }

    func testMatrixLoopsWithABroadcastRow() throws {
        // Rank 2, rows longer than a chunk, a row vector broadcast down the rows.
        let m = tensor("m", shape: [3, 700]), v = tensor("v", shape: [700])
        let d = try m - v
        let f = try function(inputs: [m, v], outputs: [try sum(exp(d)), try d * constant(2.0), try reduce(.all, m > v)])
        XCTAssertEqual(f.schedule.filter { $0.op is FusedLoop }.count, 1, f.dprint())
        let ms = (0..<2100).map { Double($0 % 37) * 0.05 }, vs = (0..<700).map { Double($0 % 11) * 0.01 - 0.2 }
        for _ in 0..<2 {
            let out = try f([try NDArray(ms, shape: [3, 700]), NDArray(vs)])
            var want = 0.0
            for i in 0..<2100 { want += Foundation.exp(ms[i] - vs[i % 700]) }
            XCTAssertEqual(out[0].doubles[0], want, accuracy: 1e-12 * want)
            XCTAssertEqual(out[1].shape, [3, 700])
            for i in [0, 699, 700, 1500, 2099] { XCTAssertEqual(out[1].doubles[i], (ms[i] - vs[i % 700]) * 2) }
            XCTAssertEqual(out[2].elements(as: UInt8.self), [ms.indices.allSatisfy { ms[$0] > vs[$0 % 700] } ? 1 : 0])
        }
    }

    func testAResultReadThroughAnOutsideNodeStaysOutOfTheLoop() throws {
        // x / sum(x * x) needs the sum before its pass: two passes, not one loop waiting on itself.
        let x = tensor("x", shape: [100])
        let total = try sum(sqr(x))
        let f = try function(inputs: [x], outputs: [try exp(x) / total, try sum(exp(x))])
        let xs = (0..<100).map { Double($0) * 0.01 }
        let out = try f([NDArray(xs)])
        let t = xs.reduce(0) { $0 + $1 * $1 }
        XCTAssertEqual(out[0].doubles[7], Foundation.exp(0.07) / t, accuracy: 1e-15)
        XCTAssertEqual(out[1].doubles[0], xs.reduce(0) { $0 + Foundation.exp($1) }, accuracy: 1e-12)
        let again = try f([NDArray(xs)])
        XCTAssertEqual(again[0].doubles, out[0].doubles)
    }

    func testOneValueOperandsLeaveSums() throws {
        let x = tensor("x", shape: [50]), s = scalar("s")
        let ds = try dimshuffle(s, [nil])
        assertSameGraph(try rewritten(sum(x * ds)), try rewritten(sum(x) * s))
        assertSameGraph(try rewritten(sum(x - ds)), try rewritten(sum(x) - s * constant(50.0)))
        assertSameGraph(try rewritten(sum(-x)), try rewritten(-sum(x)))
        let c = constant(NDArray((0..<50).map { Double($0) * 0.5 }))
        let folded = try rewritten(sum(x - c))
        assertSameGraph(folded, try rewritten(sum(x) - constant(612.5)))
        // Unknown length: the shift stays inside.
        let v = vector("v")
        XCTAssertTrue(try rewritten(sum(v - dimshuffle(s, [nil]))).owner?.op is Reduce)
        let f = try function(inputs: [x, s], outputs: [try sum(sqr(x) * ds - ds * constant(2.0))])
        let xs = (0..<50).map { Double($0) * 0.1 }
        let want = xs.reduce(0) { $0 + $1 * $1 * 3 - 6 }
        XCTAssertEqual(try f([NDArray(xs), NDArray(scalar: 3.0)])[0].doubles[0], want, accuracy: 1e-12 * Swift.abs(want))
    }

    func testAllOfAConditionIsReducedInThePass() throws {
        let x = tensor("x", shape: [700])
        let f = try function(inputs: [x], outputs: [try sum(exp(x)), try reduce(.all, x > constant(0.0))])
        XCTAssertEqual(f.schedule.filter { $0.op is FusedLoop }.count, 1, f.dprint())
        XCTAssertFalse(f.schedule.contains { $0.op is Reduce }, f.dprint())
        let xs = (0..<700).map { Double($0 + 1) * 0.001 }
        for _ in 0..<2 {
            XCTAssertEqual(try f([NDArray(xs)])[1].elements(as: UInt8.self), [1])
        }
        // In the second chunk, eight values at a time, then among its last four (188 = 23 * 8 + 4).
        for bad in [650, 698] {
            var ys = xs
            ys[bad] = -1
            for _ in 0..<2 {
                let out = try f([NDArray(ys)])
                XCTAssertEqual(out[1].elements(as: UInt8.self), [0], "\(bad)")
                XCTAssertEqual(out[0].doubles[0], ys.reduce(0) { $0 + Foundation.exp($1) }, accuracy: 1e-12)
            }
        }
    }

    func testXlogyOfExpNeedsNoLogarithm() throws {
        let x = vector("x"), z = vector("z")
        let expression = try elemwise(.xlogy0, x, exp(z))
        let out = try rewritten(expression)
        XCTAssertFalse(dprint([out]).contains("xlogy0"), dprint([out]))
        let f = try function(inputs: [x, z], outputs: [expression])
        let xs = [0.0, 0.0, 0.0, 3.0, 2.0, 0.0]
        let zs = [0.7, -Double.infinity, Double.nan, -1.25, 800.0, Double.infinity]
        let got = try f([NDArray(xs), NDArray(zs)])[0].doubles
        // xlogy0's values where x is 0 (0, NaN for NaN z); x z elsewhere, finite where exp(z) overflows.
        XCTAssertEqual(got[0], 0)
        XCTAssertEqual(got[1], 0)
        XCTAssertTrue(got[2].isNaN)
        XCTAssertEqual(got[3], -3.75)
        XCTAssertEqual(got[4], 1600)
        XCTAssertEqual(got[5], 0)
    }
}
