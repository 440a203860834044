// PrintingTests.swift — how variables, constants and graphs print (PyTensor's spelling):
// TensorConstant{...} text, dprint ids, repeated nodes, multi-output nodes.

import SwiftPPL
import XCTest

final class PrintingTests: XCTestCase {
    func testConstantText() throws {
        XCTAssertEqual(constant(1.5).description, "TensorConstant{1.5}")
        XCTAssertEqual(constant(2.0).description, "TensorConstant{2.0}")
        XCTAssertEqual(constant(3).description, "TensorConstant{3}")
        XCTAssertEqual(constant(true).description, "TensorConstant{True}")
        XCTAssertEqual(constant(-.infinity).description, "TensorConstant{-inf}")
        XCTAssertEqual(constant(.nan).description, "TensorConstant{nan}")
        XCTAssertEqual(formatConstant(try NDArray([0.0, 0.0], shape: [2])), "(2,) of 0.0")
        XCTAssertEqual(formatConstant(try NDArray([1.0, 2.5], shape: [2])), "[1.  2.5]")
        XCTAssertEqual(formatConstant(try NDArray([Int64(1), 20, 3], shape: [3])), "[ 1 20  3]")
        XCTAssertEqual(formatConstant(try NDArray([Int64(1), 2, 3, 4], shape: [2, 2])), "[[1 2] [3 4]]")
        XCTAssertEqual(formatConstant(try NDArray(bools: [true, false], shape: [2])), "[ True False]")
        // Long arrays are shortened to their ends.
        XCTAssertEqual(formatConstant(try NDArray((0..<10).map { Int64($0) }, shape: [10])), "[0 1 2 3 4..5 6 7 8 9]")
        XCTAssertEqual(formatConstant(try NDArray.zeros(.float64, [0])), "[]")
    }

    func testExtremeIntegerConstantsPrintExactly() throws {
        // Printing went through Double: Int64.max rounded to 2^63 and trapped.
        XCTAssertEqual(constant(Int.max).description, "TensorConstant{9223372036854775807}")
        XCTAssertEqual(constant(Int.min).description, "TensorConstant{-9223372036854775808}")
        // 2^53 and 2^53 + 1 are different values, not "(2,) of 9007199254740992".
        let close = try NDArray([Int64(1) << 53, (Int64(1) << 53) + 1], shape: [2])
        XCTAssertEqual(formatConstant(close), "[900719925..254740993]")
    }

    func testDprintOfSharedSubgraphAndMultipleOutputs() throws {
        let a = matrix("a")
        let s = try slogdet(a)
        let y = try s.sign * s.logAbsDet
        y.name = "y"
        let z = try exp(y) + y
        XCTAssertEqual(dprint([z]), """
        Elemwise{add,no_inplace} [id A]
         |Elemwise{exp,no_inplace} [id B]
         | |Elemwise{mul,no_inplace} [id C] 'y'
         |   |SLogDet.0 [id D]
         |   | |a [id E]
         |   |SLogDet.1 [id D]
         |Elemwise{mul,no_inplace} [id C] 'y'

        """)
        XCTAssertEqual(s.logAbsDet.description, "SLogDet.1")
        XCTAssertEqual(vector().description, "<TensorType(float64, (None,))>")
    }

    func testIdLabelsContinuePastZ() {
        // 26 leaves plus the node: ids run A..Z then BA.
        let terms = (0..<26).map { _ in scalar() }
        let total = try! stack(terms)
        let text = dprint([total])
        XCTAssertTrue(text.contains("[id Z]"))
        XCTAssertTrue(text.contains("[id BA]"))
    }
}
