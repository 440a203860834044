// TestSupport.swift — helpers for the TensorOps tests: error checks and evaluation.

import SwiftPPL
import XCTest
@_exported import _TestSupport


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
