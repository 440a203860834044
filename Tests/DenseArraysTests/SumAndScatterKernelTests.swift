// SumAndScatterKernelTests.swift — pairwise sums and grouped scatter-adds against an exact (double-double) reference, the orders they promise, and gathers by runs.

import DenseArrays
import XCTest

/// Σ values in double-double arithmetic (Knuth's TwoSum per addition): the exact sum
/// rounded once, to ~1e-32 relative, an independent reference for any summation order.
private func exactSum(_ values: [Double]) -> Double {
    var hi = 0.0, lo = 0.0
    for v in values {
        let s = hi + v
        let bv = s - hi
        let err = (hi - (s - bv)) + (v - bv)
        hi = s
        lo += err
    }
    return hi + lo
}

/// Deterministic values of mixed signs and magnitudes (a linear congruential stream).
private func mixedValues(_ n: Int, seed: UInt64) -> [Double] {
    var state = seed
    return (0..<n).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let u = Double(state >> 11) / Double(1 << 53)
        return (u - 0.3) * Double(1 << Int(state % 7)) * 0.1
    }
}

final class SumAndScatterKernelTests: XCTestCase {
    func testPairwiseSumIsWithinLogNRoundingsOfTheExactSum() {
        for n in [0, 1, 2, 7, 8, 9, 31, 32, 33, 100, 255, 256, 257, 1000, 4000, 100_003] {
            let values = mixedValues(n, seed: UInt64(n) + 1)
            let got = values.withUnsafeBufferPointer { pairwiseSum($0.baseAddress ?? UnsafePointer(bitPattern: 8)!, n) }
            let want = exactSum(values)
            // Pairwise summation's error bound: about log2(n) roundings of Σ|x| (plus the blocks' 16).
            let magnitude = values.reduce(0) { $0 + Swift.abs($1) }
            let bound = (Double.log2(Double(Swift.max(n, 2))) + 16) * Double.ulpOfOne * magnitude
            XCTAssertLessThanOrEqual(Swift.abs(got - want), bound, "n = \(n)")
        }
    }

    func testShortSumsAreLeftToRightAndOneValueIsItself() {
        let few = [0.1, 0.2, 0.3, 1e16, -1e16, 0.5, 0.7] + (0..<24).map { Double($0) * 0.01 }
        let got = few.withUnsafeBufferPointer { pairwiseSum($0.baseAddress!, few.count) }
        var sequential = few[0]
        for v in few.dropFirst() { sequential += v }
        XCTAssertEqual(got, sequential)
        let negativeZero = [-0.0]
        let one = negativeZero.withUnsafeBufferPointer { pairwiseSum($0.baseAddress!, 1) }
        XCTAssertEqual(one.sign, .minus)
    }

    func testSumsOfContiguousRowsAreAccurate() throws {
        // 3 rows of 5000: each row sums pairwise, reduced along the last axis.
        let values = mixedValues(15_000, seed: 42)
        let x = try NDArray(values, shape: [3, 5000])
        let sums = try x.reduced(.sum, axes: [1]).doubles
        for r in 0..<3 {
            let row = Array(values[(r * 5000)..<((r + 1) * 5000)])
            let magnitude = row.reduce(0) { $0 + Swift.abs($1) }
            XCTAssertEqual(sums[r], exactSum(row), accuracy: 32 * Double.ulpOfOne * magnitude)
        }
        // The whole array, contiguous and through a transposed view (strided rows).
        let total = exactSum(values), magnitude = values.reduce(0) { $0 + Swift.abs($1) }
        XCTAssertEqual(try x.reduced(.sum, axes: [0, 1]).doubles[0], total, accuracy: 32 * Double.ulpOfOne * magnitude)
        XCTAssertEqual(try x.transposed.reduced(.sum, axes: [0, 1]).doubles[0], total, accuracy: 1e-9 * magnitude)
    }

    func testScatterAddsEveryValueOfATargetWhateverTheOrder() throws {
        // Unsorted targets with many repeats, values read through a permutation.
        let n = 3000, bins = 37
        let targets = (0..<n).map { Int64(($0 * 7919) % bins) }
        let sources = (0..<n).map { Int64((n - 1 - $0)) }
        let values = mixedValues(n, seed: 9)
        let kernel = ScatterKernel(targets: try NDArray(targets, shape: [n]), sources: try NDArray(sources, shape: [n]),
                                   accumulate: true)
        var out = [Double](repeating: 1.0, count: bins)
        values.withUnsafeBufferPointer { v in out.withUnsafeMutableBufferPointer { kernel.run(v.baseAddress!, into: $0.baseAddress!) } }
        for b in 0..<bins {
            let mine = (0..<n).filter { targets[$0] == Int64(b) }.map { values[Int(sources[$0])] }
            let magnitude = mine.reduce(1) { $0 + Swift.abs($1) }
            XCTAssertEqual(out[b], exactSum([1.0] + mine), accuracy: 32 * Double.ulpOfOne * magnitude, "bin \(b)")
        }
    }

    func testScatterWritesKeepTheLastValuePerTarget() throws {
        let targets: [Int64] = [2, 0, 2, 1, 0, 2]
        let values: [Double] = [10, 11, 12, 13, 14, 15]
        let kernel = ScatterKernel(targets: try NDArray(targets, shape: [6]), sources: try NDArray((0..<6).map(Int64.init), shape: [6]),
                                   accumulate: false)
        var out: [Double] = [-1, -1, -1, -1]
        values.withUnsafeBufferPointer { v in out.withUnsafeMutableBufferPointer { kernel.run(v.baseAddress!, into: $0.baseAddress!) } }
        XCTAssertEqual(out, [14, 13, 15, -1])
    }

    func testGathersByRunsAndByOffsetsCopyTheSameValues() throws {
        let source: [Double] = (0..<10).map { Double($0) * 1.5 - 3 }
        // Runs of 5 (filled run by run), then scattered offsets (gathered one by one).
        let inRuns: [Int64] = (0..<40).map { Int64(($0 / 5) % 10) }
        let scattered: [Int64] = (0..<40).map { Int64(($0 * 7) % 10) }
        for offsets in [inRuns, scattered] {
            let kernel = GatherKernel(offsets: try NDArray(offsets, shape: [offsets.count]), itemSize: 8)
            var out = [Double](repeating: .nan, count: offsets.count)
            source.withUnsafeBytes { s in out.withUnsafeMutableBytes { kernel.run(s.baseAddress!, $0.baseAddress!) } }
            XCTAssertEqual(out, offsets.map { source[Int($0)] })
        }
    }
}
