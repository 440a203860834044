// GivensAndUpdatesTests.swift — givens (substitutions made at compile time) and updates of
// shared variables (applied after each call, all from the values before the call).

import SwiftPPL
import XCTest

final class GivensAndUpdatesTests: XCTestCase {
    func testGivensReplaceAVariableByAnExpression() throws {
        let x = scalar("x"), y = scalar("y")
        let z = try x * 2.0
        let f = try Function(inputs: [y], outputs: [z], givens: [x: try y + 1.0])
        XCTAssertEqual(try f([NDArray(scalar: 3.0)])[0].doubles, [8])
        // The original graph still depends on x.
        XCTAssertEqual(graphInputs([z]).first, x)
    }

    func testGivensCanOverrideASharedVariable() throws {
        let s = shared(NDArray([1.0, 2]), name: "s")
        let x = vector("x")
        let f = try Function(inputs: [x], outputs: [try s * 10.0], givens: [s: x])
        XCTAssertEqual(try f([NDArray([3.0])])[0].doubles, [30])
        XCTAssertEqual(s.sharedValue!.value.doubles, [1, 2], "the shared value itself is untouched")
    }

    func testGivensTypeMustMatch() {
        let x = scalar("x"), i = scalar("i", dtype: .int64), v = vector("v")
        let z = try! x + 1.0
        assertThrows(.type, ["givens", "x", "int64"]) { _ = try Function(inputs: [i], outputs: [z], givens: [x: i]) }
        assertThrows(.type, ["givens"]) { _ = try Function(inputs: [v], outputs: [z], givens: [x: v]) }
        let known = tensor("k", shape: [3])
        assertThrows(.type, ["givens"]) {
            _ = try Function(inputs: [], outputs: [try known * 2.0], givens: [known: constant(NDArray([1.0, 2]))])
        }
    }

    func testCounterIncrementedPerCall() throws {
        let count = shared(NDArray(scalar: Int64(0)), name: "count")
        let f = try Function(inputs: [], outputs: [count], updates: [(count, try count + constant(1))])
        // Outputs see the value before the call's update.
        XCTAssertEqual(try f([])[0].elements(as: Int64.self), [0])
        XCTAssertEqual(try f([])[0].elements(as: Int64.self), [1])
        XCTAssertEqual(try f([])[0].elements(as: Int64.self), [2])
        XCTAssertEqual(count.sharedValue!.value.elements(as: Int64.self), [3])
    }

    func testUpdatesUseValuesFromBeforeTheCall() throws {
        // Swapping two shared variables needs simultaneous updates.
        let a = shared(NDArray([1.0]), name: "a"), b = shared(NDArray([2.0]), name: "b")
        let x = vector("x")
        let f = try Function(inputs: [x], outputs: [try a + b], updates: [(a, b), (b, try a + x)])
        XCTAssertEqual(try f([NDArray([10.0])])[0].doubles, [3])
        XCTAssertEqual(a.sharedValue!.value.doubles, [2])
        XCTAssertEqual(b.sharedValue!.value.doubles, [11])
        XCTAssertEqual(try f([NDArray([10.0])])[0].doubles, [13])
        XCTAssertEqual(a.sharedValue!.value.doubles, [11])
        XCTAssertEqual(b.sharedValue!.value.doubles, [12])
    }

    func testSharedValueIsNotAliasedByTheCaller() throws {
        // An update that is just an input: the shared value must not become the caller's array.
        let s = shared(NDArray([0.0, 0]), name: "s")
        let x = vector("x")
        let f = try Function(inputs: [x], outputs: [try sum(x)], updates: [(s, x)])
        let input = NDArray([1.0, 2])
        _ = try f([input])
        XCTAssertEqual(s.sharedValue!.value.doubles, [1, 2])
        try input.indexAssign([.integer(0)], values: NDArray(scalar: 99.0), accumulate: false)
        XCTAssertEqual(s.sharedValue!.value.doubles, [1, 2], "writing into the caller's array changed the shared value")
        // Nor does it share memory with a returned result or a constant.
        let c = constant(NDArray([4.0, 5]))
        let g = try Function(inputs: [x], outputs: [try exp(x)], updates: [(s, c)])
        _ = try g([input])
        XCTAssertFalse(s.sharedValue!.value.storage === c.constantValue!.storage)
        let y = try x * 2.0
        let h = try Function(inputs: [x], outputs: [y], updates: [(s, y)])
        let result = try h([NDArray([1.0, 1])])[0]
        XCTAssertFalse(s.sharedValue!.value.storage === result.storage)
    }

    func testAFailingUpdateLeavesEverySharedValueUnchanged() throws {
        let a = shared(NDArray([1.0]), name: "a")
        let b = Variable(shared: NDArray([1.0]), name: "b", staticShape: [1])
        let x = vector("x")
        let f = try Function(inputs: [x], outputs: [], updates: [(a, x), (b, x)])
        assertThrows(.value, ["shared variable b"]) { _ = try f([NDArray([7.0, 8])]) }
        XCTAssertEqual(a.sharedValue!.value.doubles, [1], "a was updated although b's update failed")
    }

    func testUpdateErrors() throws {
        let s = shared(NDArray([1.0]), name: "s"), x = vector("x")
        assertThrows(.type, ["updates", "x", "not a shared variable"]) {
            _ = try Function(inputs: [x], outputs: [x], updates: [(x, x)])
        }
        assertThrows(.type, ["updates", "s", "int64"]) {
            _ = try Function(inputs: [], outputs: [s], updates: [(s, try cast(s, to: .int64))])
        }
        assertThrows(.type, ["updates", "s"]) {
            _ = try Function(inputs: [], outputs: [s], updates: [(s, try sum(s))])
        }
        // A value of the wrong shape at run time is rejected by the shared variable's type.
        let t = Variable(shared: NDArray([1.0]), name: "t", staticShape: [1])
        let g = try Function(inputs: [x], outputs: [x], updates: [(t, x)])
        assertThrows(.value, ["shared variable t", "(2,)"]) { _ = try g([NDArray([1.0, 2])]) }
    }
}
