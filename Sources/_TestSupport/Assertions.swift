// Assertions.swift — test support (not API): error assertions shared by the test targets.

import SwiftPPL
import XCTest

/// Asserts that `body` throws an `SPPLError` of `kind` whose message contains every fragment.
public func assertThrows(_ kind: SPPLError.Kind, _ fragments: [String] = [], file: StaticString = #filePath,
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
