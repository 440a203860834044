// FiniteDifference.swift — test support (not API): checks a gradient graph against central finite differences along random directions.

import SwiftPPL
import XCTest

/// A deterministic generator (SplitMix64) so failures reproduce.
public struct TestRandom {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    /// Uniform in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }
    public mutating func array(_ shape: [Int], _ low: Double = -1, _ high: Double = 1) -> NDArray {
        let n = shape.reduce(1, *)
        return try! NDArray((0..<n).map { _ in uniform(low, high) }, shape: shape)
    }
}

/// Builds `cost = sum(f(inputs) * projection)` for a random projection, differentiates it,
/// and compares the gradient with central differences of the compiled cost along a
/// random direction per input. Returns the largest relative discrepancy.
@discardableResult
public func checkGradient(
    _ inputs: [Variable], _ values: [NDArray], seed: UInt64 = 1, tolerance: Double = 1e-6,
    file: StaticString = #filePath, line: UInt = #line, _ f: ([Variable]) throws -> Variable
) throws -> Double {
    var rng = TestRandom(seed: seed)
    let out = try f(inputs)
    let outValue = try evaluate([out], givens: Dictionary(uniqueKeysWithValues: zip(inputs, values)))[0]
    let projection = constant(rng.array(outValue.shape))
    let cost = out.ndim == 0 ? try out * projection : try sum(out * projection)
    let grads = try grad(cost, wrt: inputs)
    let costFunction = try function(inputs: inputs, outputs: [cost])
    let gradFunction = try function(inputs: inputs, outputs: grads)
    let analytic = try gradFunction(values)
    var worst = 0.0
    for k in inputs.indices {
        let direction = rng.array(values[k].shape)
        let d = direction.doubles
        let predicted = zip(analytic[k].doubles, d).reduce(0) { $0 + $1.0 * $1.1 }
        let h = 1e-6
        func shifted(_ sign: Double) throws -> Double {
            var moved = values
            moved[k] = try NDArray(zip(values[k].doubles, d).map { $0 + sign * h * $1 }, shape: values[k].shape)
            return try costFunction(moved)[0].doubles[0]
        }
        let numeric = (try shifted(1) - shifted(-1)) / (2 * h)
        let error = abs(predicted - numeric) / max(1, abs(numeric))
        worst = max(worst, error)
        XCTAssertLessThan(error, tolerance, "input \(k): analytic \(predicted) vs finite difference \(numeric)", file: file, line: line)
    }
    return worst
}
