// TestSupport.swift — helpers for the TensorOps tests: error checks and evaluation.

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

/// The static shape of `v`.
func staticShape(_ v: Variable) -> [Int?] { v.type.shape }

/// Evaluates one variable with the given input values.
func value(_ v: Variable, _ givens: [Variable: NDArray] = [:]) throws -> NDArray {
    try evaluate([v], givens: givens)[0]
}

/// A float64 array of `shape` with values 0, 1, 2, ... in C order.
func iota(_ shape: [Int]) -> NDArray {
    let n = shape.reduce(1, *)
    return try! NDArray((0..<n).map(Double.init), shape: shape)
}

/// An int64 constant vector.
func intConstant(_ values: [Int64]) -> Variable { constant(NDArray(values)) }
