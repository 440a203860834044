// TestSupport.swift — helpers for the Compile tests.

import SwiftPPL
import XCTest

/// Asserts that `body` throws an `SPPLError` of `kind` whose message contains every fragment.
func assertThrows(_ kind: SPPLError.Kind, _ fragments: [String] = [], file: StaticString = #filePath,
                  line: UInt = #line, _ body: () throws -> Void) {
    do {
        try body()
        XCTFail("expected an error of kind \(kind)", file: file, line: line)
    } catch let error as SPPLError {
        XCTAssertEqual(error.kind, kind, "message: \(error.message)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(error.message.contains(fragment), "'\(error.message)' does not mention '\(fragment)'",
                          file: file, line: line)
        }
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}

func vec(_ values: [Double]) -> NDArray { NDArray(values) }
func mat(_ values: [Double], _ rows: Int, _ cols: Int) -> NDArray { try! NDArray(values, shape: [rows, cols]) }
