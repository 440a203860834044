// ProgramDescriptionTests.swift — printing fused programs: expression trees, and listings where sharing would make the tree explode.

import DenseArrays
import XCTest

final class ProgramDescriptionTests: XCTestCase {
    func testTreesPrintAsExpressions() {
        let program = ElementwiseProgram(inputCount: 2, instructions: [.init(.add, [0, 1]), .init(.log, [2])],
                                         output: 3, outputType: .float64)
        XCTAssertEqual(program.description, "log((i0 + i1))")
    }

    func testSharedRegistersDoNotExpandExponentially() {
        // r(k+1) = r(k) + r(k): as a tree, 2^60 leaves.
        var instructions: [ElementwiseProgram.Instruction] = [.init(.add, [0, 0])]
        for k in 1..<60 { instructions.append(.init(.add, [k, k])) }
        let program = ElementwiseProgram(inputCount: 1, instructions: instructions, output: 60, outputType: .float64)
        let text = program.description
        XCTAssertTrue(text.hasPrefix("[r1 = add(i0, i0); r2 = add(r1, r1)"), text)
        XCTAssertTrue(text.hasSuffix("] -> r60"), text)
    }
}
