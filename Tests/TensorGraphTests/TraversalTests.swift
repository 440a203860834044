// TraversalTests.swift — ancestors, graphInputs, toposort (with blockers and shared
// subgraphs), node outputs and names, and graphs too deep for recursion.

import SwiftPPL
import XCTest

final class TraversalTests: XCTestCase {
    func testAncestorsAndGraphInputs() throws {
        let x = vector("x"), y = vector("y")
        let a = try exp(x)
        let b = try a * y
        let c = try a + b
        XCTAssertEqual(Set(graphInputs([c])), [x, y])
        XCTAssertEqual(ancestors([c]).count, 5)  // c, a, b, x, y: each once
        XCTAssertEqual(ancestors([c])[0], c)
        // A blocker stops the walk and counts as an input.
        XCTAssertEqual(Set(graphInputs([c], blockers: [a])), [a, y])
        XCTAssertFalse(ancestors([c], blockers: [a]).contains(x))
    }

    func testToposortOrdersEachNodeAfterItsInputs() throws {
        let x = vector("x")
        let a = try exp(x), b = try log(x)
        let c = try a * b
        let d = try c + a
        let order = toposort([d, b])
        XCTAssertEqual(order.count, 4)
        XCTAssertEqual(Set(order.map { ObjectIdentifier($0) }).count, 4, "each node once")
        for (k, node) in order.enumerated() {
            for input in node.inputs {
                if let owner = input.owner { XCTAssertLessThan(order.firstIndex(of: owner)!, k) }
            }
        }
        // Nodes below the given inputs are left out.
        XCTAssertEqual(toposort([d], inputs: [c]).map { $0.op.description }, ["Elemwise{exp,no_inplace}", "Elemwise{add,no_inplace}"])
    }

    func testOutputsOfAMultiOutputNode() throws {
        let node = try Apply(SlogDet(), [matrix("m")])
        XCTAssertEqual(node.nout, 2)
        let first = node.output(0)
        XCTAssertTrue(node.output(0) === first, "an output is created once while held")
        first.name = "sign"
        XCTAssertEqual(node.outputs[0].name, "sign")
        XCTAssertEqual(node.output(1).index, 1)
        XCTAssertTrue(node.output(1).owner === node)
    }

    func testDeepGraphsDoNotExhaustTheStack() throws {
        // A chain much deeper than any recursion could follow.
        let depth = 20_000
        let x = scalar("x")
        var y = x
        for _ in 0..<depth { y = try y + 1.0 }
        XCTAssertEqual(toposort([y]).count, depth)  // 0-d operands need no DimShuffle
        XCTAssertEqual(graphInputs([y]).count, depth + 1)
        let f = try Function(inputs: [x], outputs: [y])
        XCTAssertEqual(try f([NDArray(scalar: 0.5)])[0].doubles, [Double(depth) + 0.5])
        let z = scalar("z")
        let cloned = try cloneReplace([y], replace: [x: z])[0]
        XCTAssertEqual(try evaluate([cloned], givens: [z: NDArray(scalar: 1.0)])[0].doubles, [Double(depth) + 1])
        // dprint's output grows with the square of the depth (each level indents), so a
        // shallower chain: still far deeper than a recursive printer could go in a thread.
        var w = x
        for _ in 0..<2_000 { w = try w * 1.0 }
        XCTAssertEqual(dprint([w]).split(separator: "\n").count, 2 * 2_000 + 1)
        // Leaving the scope releases both chains: freed iteratively, not by recursive deinit.
    }
}
