// ElementwiseLayoutTests.swift — elementwise kernels over every memory layout the strided
// loop must handle: transposed, broadcast (zero strides), reversed (negative strides),
// offset views, non-contiguous outputs, empty and 0-d arrays. Expected values are computed
// here from index formulas, element by element.

import DenseArrays
import XCTest

final class ElementwiseLayoutTests: XCTestCase {
    func testTransposedPlusBroadcastRow() throws {
        // a[i, j] = 4i + j over (3, 4); its transpose t[j, i] = 4i + j, shape (4, 3).
        let t = iota([3, 4]).transposed
        let row = doubles([100, 200, 300], [3])
        let out = try elementwise(.add, t, row)
        var want: [Double] = []
        for j in 0..<4 { for i in 0..<3 { want.append(Double(4 * i + j) + [100, 200, 300][i]) } }
        assertArray(out, [4, 3], want)
        XCTAssertTrue(out.isCContiguous)
    }

    func testColumnTimesRowBroadcastsBothWays() throws {
        let col = doubles([1, 2, 3], [3, 1])
        let row = doubles([10, 20], [2])
        let out = try elementwise(.mul, col, row)
        assertArray(out, [3, 2], [10, 20, 20, 40, 30, 60])
        // Same with the scalar-like operand on the left: exercises both one-sided fast paths.
        let out2 = try elementwise(.sub, row, col)
        assertArray(out2, [3, 2], [9, 19, 8, 18, 7, 17])
    }

    func testReversedAndOffsetOperands() throws {
        let a = iota([3, 4])
        // Rows reversed and every other column from column 1: a[::-1, 1::2], shape (3, 2).
        let v = a.sliced(axis: 0, start: 2, count: 3, step: -1).sliced(axis: 1, start: 1, count: 2, step: 2)
        XCTAssertEqual(v.doubles, [9, 11, 5, 7, 1, 3])
        let b = a.sliced(axis: 1, start: 3, count: 2, step: -2)  // a[:, 3::-2] = columns 3, 1
        XCTAssertEqual(b.doubles, [3, 1, 7, 5, 11, 9])
        let out = try elementwise(.sub, v, b)
        assertArray(out, [3, 2], [6, 10, -2, 2, -10, -6])
    }

    func testWritingIntoANonContiguousOutput() throws {
        let storage = try NDArray.zeros(.float64, [2, 3])
        let out = storage.transposed  // (3, 2), strides (1, 3)
        let x = iota([3, 2])
        try ScalarOp.sqr.apply([x], into: out)
        // out[i, j] = storage[j, i] = (2i + j)^2
        assertArray(storage, [2, 3], [0, 4, 16, 1, 9, 25])
    }

    func testHigherRankMixedLayoutsMatchIndexFormula() throws {
        // x[i, j, k, l] = 60i + 20j + 5k + l over (2, 3, 4, 5), permuted to (l, j, i, k) order.
        let x = try iota([2, 3, 4, 5]).transposed([3, 1, 0, 2])  // shape (5, 3, 2, 4)
        let y = doubles([1, -1, 2, -2], [4])  // broadcast along the last axis
        let z = try NDArray.zeros(.float64, [5, 1, 2, 1]).broadcast(to: [5, 3, 2, 4])  // zero strides
        let out = try elementwise(.clip, try elementwise(.mul, x, y), z, doubles([150], []))
        var want: [Double] = []
        for l in 0..<5 { for j in 0..<3 { for i in 0..<2 { for k in 0..<4 {
            let value = Double(60 * i + 20 * j + 5 * k + l) * [1, -1, 2, -2][k]
            want.append(Swift.min(Swift.max(value, 0), 150))
        } } } }
        assertArray(out, [5, 3, 2, 4], want)
    }

    func testEmptyAndZeroDimensional() throws {
        let empty = try elementwise(.add, try NDArray.zeros(.float64, [0, 3]), doubles([1, 2, 3], [3]))
        XCTAssertEqual(empty.shape, [0, 3])
        XCTAssertEqual(empty.count, 0)
        let scalar = try elementwise(.mul, doubles([3], []), doubles([4], []))
        assertArray(scalar, [], [12])
        let scalarTimesVector = try elementwise(.mul, doubles([3], []), iota([2, 2]))
        assertArray(scalarTimesVector, [2, 2], [0, 3, 6, 9])
    }

    func testApplyChecksShapesAndOutputType() throws {
        // Inputs may broadcast to the output; anything else is an error naming both shapes.
        assertThrows(.value, ["(2,)", "(2, 3)"]) {
            try ScalarOp.add.apply([iota([2]), iota([2, 3])], into: try NDArray.empty(.float64, [2, 3]))
        }
        assertThrows(.type, ["float64"]) {
            try ScalarOp.add.apply([iota([3]), iota([3])], into: try NDArray.empty(.int64, [3]))
        }
        assertThrows(.type, ["takes 2"]) {
            try ScalarOp.add.apply([iota([3])], into: try NDArray.empty(.float64, [3]))
        }
        assertThrows(.value, ["(2,)", "(3,)"]) { _ = try elementwise(.add, iota([2]), iota([3])) }
    }
}
