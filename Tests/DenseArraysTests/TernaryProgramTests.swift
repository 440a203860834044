// TernaryProgramTests.swift — switch and clip in fused programs with broadcast operands (each loop form) against the elementwise definition.

import DenseArrays
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
