// NotebookGraphTests.swift — the reference notebook's graph steps, from Swift.

import SwiftPPL
import XCTest

final class NotebookGraphTests: XCTestCase {
    func testLogOfSumGraphPrintsAndEvaluates() throws {
        let x = scalar("x")
        let y = vector("y")
        XCTAssertEqual(x.type.description, "TensorType(float64, ())")
        XCTAssertEqual(y.type.description, "TensorType(float64, (None,))")
        let z = try x + y
        z.name = "x + y"
        let w = try log(z)
        w.name = "log(x + y)"
        XCTAssertEqual(dprint([w]), """
        Elemwise{log,no_inplace} [id A] 'log(x + y)'
         |Elemwise{add,no_inplace} [id B] 'x + y'
           |InplaceDimShuffle{x} [id C]
           | |x [id D]
           |y [id E]

        """)
        XCTAssertEqual(z.owner?.description, "Elemwise{add,no_inplace}(InplaceDimShuffle{x}.0, y)")
        XCTAssertEqual(z.owner!.inputs[0].type.description, "TensorType(float64, (1,))")

        let f = try Function(inputs: [x, y], outputs: [w])
        let out = try f([NDArray(scalar: 0.0), NDArray([1.0, 2.718281828459045])])
        XCTAssertEqual(out[0].doubles[0], 0, accuracy: 1e-15)
        XCTAssertEqual(out[0].doubles[1], 1, accuracy: 1e-15)

        // Setting the intermediate z directly.
        let viaZ = try evaluate([w], givens: [z: NDArray([1.0, 2.718281828459045])])
        XCTAssertEqual(viaZ[0].doubles, out[0].doubles)
        XCTAssertEqual(graphInputs([w]), [x, y])
    }

    func testCloneReplaceLeavesOriginalUnchanged() throws {
        let x = scalar("x"), y = vector("y")
        let z = try x + y
        z.name = "x + y"
        let w = try log(z)
        let before = dprint([w])
        let e = try exp(z)
        let newW = try cloneReplace([w], replace: [z: e])[0]
        XCTAssertEqual(dprint([w]), before)
        XCTAssertTrue(newW.owner!.inputs[0].owner!.op.isEqual(to: Elemwise(.exp)))
        let value = try evaluate([newW], givens: [x: NDArray(scalar: 0.0), y: NDArray([1.0, 2.718281828459045])])
        XCTAssertEqual(value[0].doubles[0], 1, accuracy: 1e-15)
        XCTAssertEqual(value[0].doubles[1], 2.718281828459045, accuracy: 1e-14)
    }

    func testMissingInputNamesTheVariable() throws {
        let x = scalar("x"), y = scalar("y")
        XCTAssertThrowsError(try Function(inputs: [x], outputs: [try x + y])) { error in
            let e = error as! SPPLError
            XCTAssertEqual(e.kind, .missingInput)
            XCTAssertTrue(e.message.contains("Input y"), e.message)
        }
    }
}
