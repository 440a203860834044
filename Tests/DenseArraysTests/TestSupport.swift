// TestSupport.swift — small helpers for the DenseArrays tests: building arrays, applying
// scalar ops with broadcasting, and checking thrown errors.

import DenseArrays
import XCTest
@_exported import _TestSupport

/// A float64 array of `shape` holding `values` in C order.
func doubles(_ values: [Double], _ shape: [Int]) -> NDArray {
    try! NDArray(values, shape: shape)
}

/// An int64 array of `shape` holding `values` in C order.
func ints(_ values: [Int64], _ shape: [Int]) -> NDArray {
    try! NDArray(values, shape: shape)
}

/// A bool array of `shape`.
func bools(_ values: [Bool], _ shape: [Int]) -> NDArray {
    try! NDArray(bools: values, shape: shape)
}

/// 0, 1, 2, ... as a float64 array of `shape`.
func iota(_ shape: [Int]) -> NDArray {
    let n = shape.reduce(1, *)
    return doubles((0..<n).map(Double.init), shape)
}

/// Applies `op` with NumPy broadcasting into a new array of the op's result type.
func elementwise(_ op: ScalarOp, _ inputs: NDArray...) throws -> NDArray {
    let shape = try broadcastShapes(inputs.map(\.shape))
    let out = try NDArray.empty(try op.outputDType(inputs.map(\.dtype)), shape)
    try op.apply(try inputs.map { try $0.broadcast(to: shape) }, into: out)
    return out
}


/// `op` over columns of float64 arguments through ScalarOp.apply (`direct`) and through a
/// one-instruction fused program (`fused`).
func bothKernelPaths(_ op: ScalarOp, _ columns: [[Double]]) throws -> (direct: [Double], fused: [Double]) {
    let n = columns[0].count
    let arrays = columns.map { doubles($0, [n]) }
    let direct = try NDArray.empty(.float64, [n])
    try op.apply(arrays, into: direct)
    let program = ElementwiseProgram(inputCount: columns.count, instructions: [.init(op, Array(0..<columns.count))],
                                     output: columns.count, outputType: .float64)
    let fused = try NDArray.empty(.float64, [n])
    try program.run(arrays, into: fused)
    return (direct.doubles, fused.doubles)
}

/// Elementwise closeness with NaNs matching NaNs and infinities matching exactly.
func assertClose(_ got: [Double], _ want: [Double], tolerance: Double = 1e-14,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard got.count == want.count else {
        XCTFail("got \(got.count) values \(got), want \(want.count) \(want)", file: file, line: line)
        return
    }
    for (i, (g, w)) in zip(got, want).enumerated() {
        if w.isNaN {
            XCTAssertTrue(g.isNaN, "[\(i)]: got \(g), want nan", file: file, line: line)
        } else if w.isInfinite || w == 0 {
            XCTAssertEqual(g, w, "[\(i)]", file: file, line: line)
        } else {
            XCTAssertLessThanOrEqual(Swift.abs(g - w), tolerance * Swift.max(1, Swift.abs(w)),
                                     "[\(i)]: got \(g), want \(w)", file: file, line: line)
        }
    }
}

/// Asserts equal shapes and values (NaN equals NaN) for an array against C-order values.
func assertArray(_ array: NDArray, _ shape: [Int], _ values: [Double], dtype: DType? = nil,
                 tolerance: Double = 1e-14, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(array.shape, shape, "shape", file: file, line: line)
    if let dtype { XCTAssertEqual(array.dtype, dtype, "dtype", file: file, line: line) }
    assertClose(array.doubles, values, tolerance: tolerance, file: file, line: line)
}
