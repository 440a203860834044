// ReductionTests.swift — sum/prod/max/min/all/any over axis sets, argmax/argmin and
// cumulative sums and products, on contiguous, transposed and empty arrays.
// Expected values are hand-computed from x[i, j, k] = 12i + 4j + k.

import DenseArrays
import XCTest

final class ReductionTests: XCTestCase {
    let x = iota([2, 3, 4])

    func testSumOverAxisSets() throws {
        assertArray(try x.reduced(.sum, axes: []), [2, 3, 4], (0..<24).map(Double.init))
        // Σ_i (12i + 4j + k) = 12 + 8j + 2k
        var want: [Double] = []
        for j in 0..<3 { for k in 0..<4 { want.append(Double(12 + 8 * j + 2 * k)) } }
        assertArray(try x.reduced(.sum, axes: [0]), [3, 4], want)
        // Σ_i Σ_k = 32j + 60
        assertArray(try x.reduced(.sum, axes: [0, 2]), [3], [60, 92, 124])
        assertArray(try x.reduced(.sum, axes: [2, 0]), [3], [60, 92, 124])
        assertArray(try x.reduced(.sum, axes: [0, 1, 2]), [], [276])
        // Over the transposed view the same sums land on other axes.
        assertArray(try x.transposed.reduced(.sum, axes: [1, 2]), [4], [60, 66, 72, 78])  // Σ_ij = 6k + 60
    }

    func testProdMaxMin() throws {
        let small = doubles([1, 2, 3, 4, 5, 6], [2, 3])
        assertArray(try small.reduced(.prod, axes: [1]), [2], [6, 120])
        assertArray(try small.reduced(.prod, axes: [0]), [3], [4, 10, 18])
        assertArray(try x.reduced(.max, axes: [1]), [2, 4], [8, 9, 10, 11, 20, 21, 22, 23])
        assertArray(try x.reduced(.min, axes: [0, 2]), [3], [0, 4, 8])
        let i = ints([3, -7, 5, 2], [2, 2])
        XCTAssertEqual(try i.reduced(.max, axes: [1]).elements(as: Int64.self), [3, 5])
        XCTAssertEqual(try i.reduced(.min, axes: [0]).elements(as: Int64.self), [3, -7])
        XCTAssertEqual(try i.reduced(.prod, axes: [0, 1]).elements(as: Int64.self), [-210])
        XCTAssertEqual(try i.reduced(.sum, axes: [0]).dtype, .int64)
    }

    func testMaxAndMinPropagateNaN() throws {
        let a = doubles([1, .nan, 3, 4, 5, .nan], [2, 3])
        assertArray(try a.reduced(.max, axes: [1]), [2], [.nan, .nan])
        assertArray(try a.reduced(.min, axes: [0]), [3], [1, .nan, .nan])
        assertArray(try doubles([-.infinity, .nan], [2]).reduced(.max, axes: [0]), [], [.nan])
    }

    func testAllAnyAndBoolSums() throws {
        let f = doubles([0, 1, 2, 0, 0, 0], [2, 3])
        XCTAssertEqual(try f.reduced(.all, axes: [0]).elements(as: UInt8.self), [0, 0, 0])
        XCTAssertEqual(try f.reduced(.any, axes: [1]).elements(as: UInt8.self), [1, 0])
        XCTAssertEqual(try f.reduced(.all, axes: [0]).dtype, .bool)
        XCTAssertEqual(try doubles([.nan], [1]).reduced(.all, axes: [0]).elements(as: UInt8.self), [1])
        let b = bools([true, false, true, true, true, true], [2, 3])
        let s = try b.reduced(.sum, axes: [1])
        XCTAssertEqual(s.dtype, .int64)
        XCTAssertEqual(s.elements(as: Int64.self), [2, 3])
        XCTAssertEqual(try b.reduced(.max, axes: [0]).elements(as: UInt8.self), [1, 1, 1])
        XCTAssertEqual(try b.reduced(.min, axes: [0]).elements(as: UInt8.self), [1, 0, 1])
    }

    /// Reductions that convert their input (bool sums, all/any of numbers) must read the
    /// converted copy with its own strides, not the strides of a non-contiguous input.
    func testConvertingReductionsOfNonContiguousInputs() throws {
        // m = [[T, F, F], [T, T, T]]; its transpose t = [[T, T], [F, T], [F, T]].
        let t = bools([true, false, false, true, true, true], [2, 3]).transposed
        XCTAssertEqual(try t.reduced(.sum, axes: [0]).elements(as: Int64.self), [1, 3])
        XCTAssertEqual(try t.reduced(.sum, axes: [1]).elements(as: Int64.self), [2, 1, 1])
        XCTAssertEqual(try t.reduced(.prod, axes: [1]).elements(as: Int64.self), [1, 0, 0])
        // Float input, transposed: f = [[0, 1, 2], [3, 4, 5]], fᵀ = [[0, 3], [1, 4], [2, 5]].
        let ft = iota([2, 3]).transposed
        XCTAssertEqual(try ft.reduced(.all, axes: [1]).elements(as: UInt8.self), [0, 1, 1])
        XCTAssertEqual(try ft.reduced(.any, axes: [0]).elements(as: UInt8.self), [1, 1])
        // Reversed int view: all over rows of [[0, 1], [2, 3]][::-1] = [[2, 3], [0, 1]].
        let r = ints([0, 1, 2, 3], [2, 2]).sliced(axis: 0, start: 1, count: 2, step: -1)
        XCTAssertEqual(try r.reduced(.all, axes: [1]).elements(as: UInt8.self), [1, 0])
    }

    func testEmptyReductions() throws {
        let e = try NDArray.zeros(.float64, [0, 3])
        assertArray(try e.reduced(.sum, axes: [0]), [3], [0, 0, 0])
        assertArray(try e.reduced(.prod, axes: [0]), [3], [1, 1, 1])
        XCTAssertEqual(try e.reduced(.all, axes: [0]).elements(as: UInt8.self), [1, 1, 1])
        XCTAssertEqual(try e.reduced(.any, axes: [0]).elements(as: UInt8.self), [0, 0, 0])
        assertArray(try e.reduced(.sum, axes: [1]), [0], [])
        assertThrows(.value, ["zero-size", "maximum", "(0, 3)"]) { _ = try e.reduced(.max, axes: [0]) }
        assertThrows(.value, ["minimum"]) { _ = try e.reduced(.min, axes: [0, 1]) }
        // NumPy raises only when a reduced axis is empty: reducing the length-3 axis of a
        // (0, 3) array gives an empty result, as does reducing axis 0 of a (3, 0) array.
        assertArray(try e.reduced(.max, axes: [1]), [0], [])
        assertArray(try NDArray.zeros(.int64, [3, 0]).reduced(.min, axes: [0]), [0], [])
    }

    func testInvalidAxes() {
        assertThrows(.value, ["[0, 0]", "(2, 3, 4)"]) { _ = try self.x.reduced(.sum, axes: [0, 0]) }
        assertThrows(.value, ["[3]"]) { _ = try self.x.reduced(.sum, axes: [3]) }
        assertThrows(.value) { _ = try self.x.reduced(.sum, axes: [-1]) }
    }

    func testArgExtreme() throws {
        let a = doubles([1, 5, 5, 7, .nan, 2], [2, 3])
        XCTAssertEqual(try a.argExtreme(maximum: true, axis: 1).elements(as: Int64.self), [1, 1])  // first 5; NaN wins
        XCTAssertEqual(try a.argExtreme(maximum: false, axis: 1).elements(as: Int64.self), [0, 1])
        XCTAssertEqual(try a.argExtreme(maximum: true, axis: 0).elements(as: Int64.self), [1, 1, 0])
        XCTAssertEqual(try a.argExtreme(maximum: true, axis: nil).elements(as: Int64.self), [4])
        XCTAssertEqual(try a.argExtreme(maximum: true, axis: nil).shape, [])
        let i = ints([3, 9, 9, -1], [4])
        XCTAssertEqual(try i.argExtreme(maximum: true, axis: 0).elements(as: Int64.self), [1])
        XCTAssertEqual(try i.argExtreme(maximum: false, axis: nil).elements(as: Int64.self), [3])
        // Transposed float view: x[:, :, 0]ᵀ.
        let v = x.selecting(axis: 2, index: 0).transposed  // v[j, i] = 12i + 4j, shape (3, 2)
        XCTAssertEqual(try v.argExtreme(maximum: true, axis: 1).elements(as: Int64.self), [1, 1, 1])
        XCTAssertEqual(try v.argExtreme(maximum: false, axis: 0).elements(as: Int64.self), [0, 0])
        assertThrows(.value, ["argmax", "empty", "(0, 2)"]) {
            _ = try NDArray.zeros(.float64, [0, 2]).argExtreme(maximum: true, axis: 0)
        }
        assertThrows(.value, ["argmin"]) { _ = try NDArray.zeros(.float64, [0]).argExtreme(maximum: false, axis: nil) }
        assertThrows(.value, ["axis 2", "(2, 3)"]) { _ = try a.argExtreme(maximum: true, axis: 2) }
    }

    func testArgExtremeOfNonContiguousBools() throws {
        // m = [[F, F, T], [T, F, T]]; t = mᵀ = [[F, T], [F, F], [T, T]].
        let t = bools([false, false, true, true, false, true], [2, 3]).transposed
        XCTAssertEqual(try t.argExtreme(maximum: true, axis: 0).elements(as: Int64.self), [2, 0])
        XCTAssertEqual(try t.argExtreme(maximum: true, axis: 1).elements(as: Int64.self), [1, 0, 0])
        XCTAssertEqual(try t.argExtreme(maximum: false, axis: 1).elements(as: Int64.self), [0, 0, 0])
        XCTAssertEqual(try t.argExtreme(maximum: true, axis: nil).elements(as: Int64.self), [1])
    }

    func testCumulative() throws {
        let a = iota([2, 3])
        assertArray(try a.cumulative(.sum, axis: 0), [2, 3], [0, 1, 2, 3, 5, 7])
        assertArray(try a.cumulative(.sum, axis: 1), [2, 3], [0, 1, 3, 3, 7, 12])
        assertArray(try doubles([1, 2, 3, 4], [4]).cumulative(.prod, axis: 0), [4], [1, 2, 6, 24])
        // Transposed input: aᵀ = [[0, 3], [1, 4], [2, 5]].
        assertArray(try a.transposed.cumulative(.sum, axis: 0), [3, 2], [0, 3, 1, 7, 3, 12])
        assertArray(try a.transposed.cumulative(.prod, axis: 1), [3, 2], [0, 0, 1, 4, 2, 10])
        let b = try bools([true, true, false, true], [4]).cumulative(.sum, axis: 0)
        XCTAssertEqual(b.dtype, .int64)
        XCTAssertEqual(b.elements(as: Int64.self), [1, 2, 2, 3])
        XCTAssertEqual(try bools([true, false, true, true], [2, 2]).transposed.cumulative(.sum, axis: 1)
            .elements(as: Int64.self), [1, 2, 0, 1])
        XCTAssertEqual(try ints([2, 3, 4], [3]).cumulative(.prod, axis: 0).elements(as: Int64.self), [2, 6, 24])
        XCTAssertEqual(try NDArray.zeros(.float64, [0, 2]).cumulative(.sum, axis: 0).shape, [0, 2])
        XCTAssertEqual(try NDArray.zeros(.float64, [2, 0]).cumulative(.sum, axis: 0).shape, [2, 0])
        assertThrows(.value, ["max"]) { _ = try a.cumulative(.max, axis: 0) }
        assertThrows(.value, ["axis 2", "(2, 3)"]) { _ = try a.cumulative(.sum, axis: 2) }
    }
}
