// ScheduleTests.swift — the compiled schedule: dprint with schedule positions, evaluate with
// intermediate variables, cloneReplace leaving originals unchanged, and freeing of
// intermediates when one value feeds many nodes.

import Foundation
import SwiftPPL
import XCTest

final class ScheduleTests: XCTestCase {
    func testDprintShowsScheduleIndices() throws {
        let x = vector("x")
        let y = try exp(x)
        y.name = "y"
        let z = try y + log(y)
        let f = try Function(inputs: [x], outputs: [z, x], rewrite: false)
        XCTAssertEqual(f.schedule.count, 4)
        XCTAssertEqual(f.dprint(), """
        Elemwise{add,no_inplace} [id A] 2
         |Elemwise{exp,no_inplace} [id B] 'y' 0
         | |x [id C]
         |Elemwise{log,no_inplace} [id D] 1
           |Elemwise{exp,no_inplace} [id B] 'y' 0
        DeepCopyOp [id E] 'x' 3
         |x [id C]

        """)
        // Every node comes after the nodes it reads.
        for (k, node) in f.schedule.enumerated() {
            for input in node.inputs {
                if let owner = input.owner {
                    XCTAssertLessThan(f.schedule.firstIndex(of: owner)!, k)
                }
            }
        }
    }

    func testEvaluateWithAnIntermediateVariable() throws {
        let x = vector("x"), mu = scalar("mu")
        let centered = try x - mu
        let loss = try sum(sqr(centered))
        // Setting the intermediate directly: neither x nor mu is needed.
        XCTAssertEqual(try evaluate([loss], givens: [centered: NDArray([1.0, -2])])[0].doubles, [5])
        // Both routes agree.
        let direct = try evaluate([loss, centered], givens: [x: NDArray([3.0, 0]), mu: NDArray(scalar: 2.0)])
        XCTAssertEqual(direct[0].doubles, [5])
        XCTAssertEqual(direct[1].doubles, [1, -2])
        // An intermediate given a value is returned as a copy of that value.
        let given = NDArray([7.0])
        let echoed = try evaluate([centered], givens: [centered: given])[0]
        XCTAssertEqual(echoed.doubles, [7])
        XCTAssertFalse(echoed.storage === given.storage)
        assertThrows(.missingInput, ["Input mu"]) { _ = try evaluate([loss], givens: [x: NDArray([1.0])]) }
    }

    func testCloneReplaceLeavesTheOriginalUnchanged() throws {
        let x = vector("x"), y = vector("y")
        let s = try x * 2.0
        s.name = "s"
        let out = try sum(s + 1.0)
        let before = dprint([out])
        let replaced = try cloneReplace([out], replace: [x: y])[0]
        XCTAssertEqual(dprint([out]), before)
        XCTAssertEqual(graphInputs([out]).filter { $0.constantValue == nil }, [x])
        XCTAssertEqual(graphInputs([replaced]).filter { $0.constantValue == nil }, [y])
        XCTAssertEqual(try evaluate([out], givens: [x: NDArray([1.0, 2])])[0].doubles, [8])
        XCTAssertEqual(try evaluate([replaced], givens: [y: NDArray([10.0])])[0].doubles, [21])
        // Names carry over; the cloned nodes are new objects.
        let clonedS = ancestors([replaced]).first { $0.name == "s" }
        XCTAssertNotNil(clonedS)
        XCTAssertFalse(clonedS! === s)
        // Replacements must keep the rank; ops re-check their input types.
        assertThrows(.type, ["ranks differ"]) { _ = try cloneReplace([out], replace: [x: matrix()]) }
        assertThrows(.value, ["(3,)", "(4,)"]) {
            let a = vector("a", length: 3), b = vector("b", length: 3)
            _ = try cloneReplace([try a + b], replace: [a: vector(length: 4)])
        }
    }

    func testFreeingIntermediatesWithOneValueFeedingManyNodes() throws {
        let x = vector("x")
        let y = try exp(x)                     // read by every node below, last of all by `late`
        let a = try y + 1.0
        let b = try a * y
        let c = try sqr(b) - y
        let late = try c / y + y * y
        let f = try Function(inputs: [x], outputs: [late, try sum(y), a])
        for input in [[0.0, 1.0], [-1.0, 0.5, 2.0]] {
            let out = try f([NDArray(input)])
            var want: [Double] = []
            for v in input {
                let ey = Foundation.exp(v), av = ey + 1, bv = av * ey, cv = bv * bv - ey
                want.append(cv / ey + ey * ey)
            }
            for (got, w) in zip(out[0].doubles, want) { XCTAssertEqual(got, w, accuracy: 1e-12 * Swift.abs(w)) }
            XCTAssertEqual(out[1].doubles[0], input.map { Foundation.exp($0) }.reduce(0, +), accuracy: 1e-12)
            XCTAssertEqual(out[2].doubles, input.map { Foundation.exp($0) + 1 })
        }
    }
}
