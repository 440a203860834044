// TernaryProgramTests.swift — switch and clip in fused programs with broadcast operands (each loop form) against the elementwise definition.

import DenseArrays
import Foundation
import XCTest

final class TernaryProgramTests: XCTestCase {
    /// switch(c, x, y) and clip(x, lo, hi) over 700 values (two chunks), with each
    /// combination of the second and third operands broadcast (shape [1]) or not.
    func testBroadcastOperandsInEveryPosition() throws {
        let n = 700
        let condition = (0..<n).map { Double($0 % 3 == 0 ? 1 : 0) }
        let x = (0..<n).map { Double($0) * 0.01 - 3 }
        let y = (0..<n).map { 2 - Double($0) * 0.003 }
        for op in [ScalarOp.switch, .clip] {
            let first = op == .switch ? condition : x
            for (secondBroadcast, thirdBroadcast) in [(false, false), (false, true), (true, false), (true, true)] {
                let second = secondBroadcast ? [-0.5] : (op == .switch ? x : x.map { $0 - 1 })
                let third = thirdBroadcast ? [0.75] : (op == .switch ? y : x.map { $0 + 1 })
                let arrays = [try NDArray(first, shape: [n]), try NDArray(second, shape: [second.count]),
                              try NDArray(third, shape: [third.count])]
                let program = ElementwiseProgram(inputCount: 3, instructions: [.init(op, [0, 1, 2])], output: 3, outputType: .float64)
                let out = try NDArray.empty(.float64, [n])
                try program.run(arrays, into: out)
                let got = out.doubles
                for i in 0..<n {
                    let b = second[secondBroadcast ? 0 : i], c = third[thirdBroadcast ? 0 : i]
                    let want = op == .switch ? (first[i] != 0 ? b : c) : Swift.min(Swift.max(first[i], b), c)
                    XCTAssertEqual(got[i], want, "\(op) \(secondBroadcast) \(thirdBroadcast) at \(i)")
                }
            }
        }
    }
}

final class SummedProductTests: XCTestCase {
    /// sum(x * y) and sum(sqr(x)) are summed as the products are formed; the bits are those
    /// of storing each chunk's products and summing them pairwise, chunk sums in order.
    func testProductsSummedUnstoredKeepTheStoredBits() throws {
        let n = 1300
        let x = (0..<n).map { Foundation.sin(Double($0)) * 3 }, y = (0..<n).map { Foundation.cos(Double($0) * 0.7) }
        let arrays = [try NDArray(x, shape: [n]), try NDArray(y, shape: [n])]
        let product = ElementwiseProgram(inputCount: 2, instructions: [.init(.mul, [0, 1])], output: 2, outputType: .float64)
        let square = ElementwiseProgram(inputCount: 2, instructions: [.init(.sqr, [0])], output: 2, outputType: .float64)
        func chunked(_ values: [Double]) -> Double {
            var total = 0.0
            values.withUnsafeBufferPointer { p in
                for start in stride(from: 0, to: n, by: 512) {
                    total += pairwiseSum(p.baseAddress! + start, Swift.min(512, n - start))
                }
            }
            return total
        }
        XCTAssertEqual(try product.sum(arrays, shape: [n]), chunked(zip(x, y).map { $0 * $1 }))
        XCTAssertEqual(try square.sum(arrays, shape: [n]), chunked(x.map { $0 * $0 }))
        // A product read by another instruction is stored as before: sum(x * y + x * y).
        let reused = ElementwiseProgram(inputCount: 2, instructions: [.init(.mul, [0, 1]), .init(.add, [2, 2])],
                                        output: 3, outputType: .float64)
        XCTAssertEqual(try reused.sum(arrays, shape: [n]), chunked(zip(x, y).map { $0 * $1 + $0 * $1 }))
        // A product with a broadcast factor is formed and stored: sum(x * c).
        let scaled = [arrays[0], try NDArray([-0.5], shape: [1])]
        XCTAssertEqual(try product.sum(scaled, shape: [n]), chunked(x.map { $0 * -0.5 }))
    }
}
