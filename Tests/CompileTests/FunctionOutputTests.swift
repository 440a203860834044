// FunctionOutputTests.swift — what a compiled function returns: several outputs, outputs that
// are inputs, constants or shared values (DeepCopyOp), outputs that are views, and that
// results never share memory with the graph or with each other.

import SwiftPPL
import XCTest

final class FunctionOutputTests: XCTestCase {
    func testSeveralOutputs() throws {
        let x = vector("x"), y = vector("y")
        let f = try Function(inputs: [x, y], outputs: [try x + y, try x * y, try sum(x)])
        let out = try f([vec([1, 2]), vec([3, 4])])
        XCTAssertEqual(out.count, 3)
        XCTAssertEqual(out[0].doubles, [4, 6])
        XCTAssertEqual(out[1].doubles, [3, 8])
        XCTAssertEqual(out[2].shape, [])
        XCTAssertEqual(out[2].doubles, [3])
        // The function can be called again with other values (and shapes).
        let again = try f([vec([10]), vec([1])])
        XCTAssertEqual(again.map(\.doubles), [[11], [10], [10]])
    }

    func testRootOutputsGetDeepCopyAndAreCopies() throws {
        let x = vector("x")
        let c = constant(vec([1, 2, 3]), name: "c")
        let s = shared(vec([5, 6]), name: "s")
        let f = try Function(inputs: [x], outputs: [x, c, s, try exp(x)])
        for i in 0..<3 {
            XCTAssertTrue(f.outputs[i].owner?.op is DeepCopyOp, "output \(i) is \(f.outputs[i])")
            XCTAssertEqual(f.outputs[i].name, ["x", "c", "s"][i])
        }
        XCTAssertFalse(f.outputs[3].owner?.op is DeepCopyOp)
        let input = vec([0, 1])
        let out = try f([input])
        XCTAssertEqual(out[0].doubles, [0, 1])
        XCTAssertEqual(out[1].doubles, [1, 2, 3])
        XCTAssertEqual(out[2].doubles, [5, 6])
        XCTAssertFalse(out[0].storage === input.storage)
        XCTAssertFalse(out[1].storage === c.constantValue!.storage)
        XCTAssertFalse(out[2].storage === s.sharedValue!.value.storage)
    }

    /// A view op (DimShuffle, Subtensor, Reshape) of a constant, shared value or input is
    /// not a root, so it gets no DeepCopyOp: the result must still be copied at call time.
    func testViewsOfRootsAreCopied() throws {
        let x = vector("x")
        let c = constant(mat([1, 2, 3, 4], 2, 2), name: "c")
        let s = shared(vec([5, 6]), name: "s")
        // Other outputs first, so that the roots are read late in the schedule.
        let f = try Function(inputs: [x], outputs: [try exp(x), try log(x), try sin(x), try transpose(c),
                                                     try s[.scalar(constant(0))], try x[.scalar(constant(1))]])
        let input = vec([1, 2])
        let out = try f([input])
        XCTAssertEqual(out[3].doubles, [1, 3, 2, 4])
        XCTAssertEqual(out[4].doubles, [5])
        XCTAssertEqual(out[5].doubles, [2])
        XCTAssertFalse(out[3].storage === c.constantValue!.storage, "a transpose of a constant aliases it")
        XCTAssertFalse(out[4].storage === s.sharedValue!.value.storage, "a view of a shared value aliases it")
        XCTAssertFalse(out[5].storage === input.storage, "a view of an input aliases it")
        // Writing into a result must not change the graph or the next call's results.
        try out[3].indexAssign([.integer(0)], values: NDArray(scalar: 100.0), accumulate: false)
        try out[4].indexAssign([], values: NDArray(scalar: 100.0), accumulate: false)
        XCTAssertEqual(c.constantValue!.doubles, [1, 2, 3, 4])
        XCTAssertEqual(s.sharedValue!.value.doubles, [5, 6])
        XCTAssertEqual(try f([input])[3].doubles, [1, 3, 2, 4])
    }

    func testResultsDoNotAliasEachOther() throws {
        let x = vector("x")
        let y = try exp(x)
        let f = try Function(inputs: [x], outputs: [y, y, try y[.scalar(constant(0))], try dimshuffle(y, [nil, 0])])
        let out = try f([vec([0, 0])])
        let storages = out.map { ObjectIdentifier($0.storage) }
        XCTAssertEqual(Set(storages).count, 4, "every result owns its memory")
        XCTAssertEqual(out.map(\.doubles), [[1, 1], [1, 1], [1], [1, 1]])
    }

    func testConstantOnlyFunction() throws {
        let f = try Function(inputs: [], outputs: [try constant(2.0) * constant(3.0)])
        XCTAssertEqual(try f([]).first?.doubles, [6])
        assertThrows(.type, ["takes 0 input(s)", "got 1"]) { _ = try f([vec([1])]) }
    }
}
