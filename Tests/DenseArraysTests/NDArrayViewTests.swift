// NDArrayViewTests.swift — construction, views that share storage (transpose, dimshuffle,
// broadcast, slices, selection, reshape) and the copies that replace them when needed.

import DenseArrays
import XCTest

final class NDArrayViewTests: XCTestCase {
    func testConstructionAndContiguity() throws {
        let a = iota([2, 3])
        XCTAssertEqual(a.dtype, .float64)
        XCTAssertEqual(a.strides, [3, 1])
        XCTAssertEqual(a.count, 6)
        XCTAssertTrue(a.isCContiguous)
        XCTAssertEqual(NDArray(scalar: Int64(7)).shape, [])
        XCTAssertEqual(NDArray(scalar: Int64(7)).elements(as: Int64.self), [7])
        XCTAssertEqual(bools([true, false], [2]).elements(as: UInt8.self), [1, 0])
        XCTAssertEqual(try NDArray.zeros(.int64, [2, 2]).elements(as: Int64.self), [0, 0, 0, 0])
        XCTAssertEqual(try NDArray.empty(.float64, [0, 3]).count, 0)
        assertThrows(.value, ["5 values", "(2, 3)"]) { _ = try NDArray([1.0, 2, 3, 4, 5], shape: [2, 3]) }
        assertThrows(.value, ["negative dimension", "(2, -1)"]) { _ = try NDArray.empty(.float64, [2, -1]) }
        assertThrows(.memory) { _ = try NDArray.empty(.float64, [Int.max / 2, 4]) }
    }

    func testTransposeSharesStorage() throws {
        let a = iota([2, 3])
        let t = a.transposed
        XCTAssertTrue(t.storage === a.storage)
        XCTAssertEqual(t.shape, [3, 2])
        XCTAssertEqual(t.strides, [1, 3])
        XCTAssertFalse(t.isCContiguous)
        XCTAssertEqual(t.doubles, [0, 3, 1, 4, 2, 5])
        let b = iota([2, 3, 4])
        let p = try b.transposed([2, 0, 1])
        XCTAssertEqual(p.shape, [4, 2, 3])
        // p[i, j, k] = b[j, k, i] = 12j + 4k + i
        XCTAssertEqual(p.double(flat: 1 * 6 + 1 * 3 + 2), 12 + 8 + 1)
        assertThrows(.value, ["not a permutation", "(2, 3, 4)"]) { _ = try b.transposed([0, 0, 1]) }
        assertThrows(.value) { _ = try b.transposed([0, 1]) }
    }

    func testDimShuffleInsertsAndDropsUnitAxes() throws {
        let a = iota([3, 1])
        let d = try a.dimShuffled([nil, 0, nil])
        XCTAssertEqual(d.shape, [1, 3, 1])
        XCTAssertTrue(d.storage === a.storage)
        XCTAssertEqual(d.doubles, [0, 1, 2])
        let swapped = try iota([2, 3]).dimShuffled([1, 0])
        XCTAssertEqual(swapped.doubles, [0, 3, 1, 4, 2, 5])
        assertThrows(.value, ["cannot drop axis 0", "(3, 1)"]) { _ = try a.dimShuffled([1]) }
        assertThrows(.value, ["out of range"]) { _ = try a.dimShuffled([2]) }
    }

    func testBroadcastUsesZeroStrides() throws {
        let row = doubles([1, 2, 3], [3])
        let b = try row.broadcast(to: [2, 3])
        XCTAssertEqual(b.strides, [0, 1])
        XCTAssertEqual(b.doubles, [1, 2, 3, 1, 2, 3])
        let col = doubles([1, 2], [2, 1])
        let c = try col.broadcast(to: [4, 2, 3])
        XCTAssertEqual(c.strides, [0, 1, 0])
        XCTAssertEqual(c.doubles, [1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2])
        assertThrows(.value, ["(3,)", "(2, 4)"]) { _ = try row.broadcast(to: [2, 4]) }
        assertThrows(.value, ["(2, 3)", "(3,)"]) { _ = try b.broadcast(to: [3]) }
        XCTAssertEqual(try broadcastShapes([[2, 1], [3], []]), [2, 3])
        XCTAssertEqual(try broadcastShapes([[0, 1], [1, 5]]), [0, 5])
        assertThrows(.value, ["(2, 3)", "(4,)"]) { _ = try broadcastShapes([[2, 3], [4]]) }
    }

    func testSlicesAndNegativeStrides() throws {
        let a = iota([10])
        // a[8:1:-3] = [8, 5, 2]
        let s = try normalizeSlice(start: 8, stop: 1, step: -3, count: 10)
        XCTAssertEqual(s.start, 8)
        XCTAssertEqual(s.count, 3)
        let v = a.sliced(axis: 0, start: s.start, count: s.count, step: s.step)
        XCTAssertTrue(v.storage === a.storage)
        XCTAssertEqual(v.strides, [-3])
        XCTAssertEqual(v.doubles, [8, 5, 2])
        // Python's slice.indices for the usual corner cases over 5 elements.
        let cases: [((Int?, Int?, Int?), [Int])] = [
            ((nil, nil, -1), [4, 3, 2, 1, 0]),
            ((-2, nil, nil), [3, 4]),
            ((nil, -7, -1), [4, 3, 2, 1, 0]),
            ((10, 2, -1), [4, 3]),
            ((1, 100, 2), [1, 3]),
            ((3, 1, nil), []),
            ((-100, 100, 3), [0, 3]),
            ((nil, nil, -2), [4, 2, 0]),
            ((0, nil, -1), [0]),
        ]
        let five = iota([5])
        for ((start, stop, step), want) in cases {
            let n = try normalizeSlice(start: start, stop: stop, step: step, count: 5)
            let got = five.sliced(axis: 0, start: n.start, count: n.count, step: n.step).doubles
            XCTAssertEqual(got, want.map(Double.init), "[\(String(describing: start)):\(String(describing: stop)):\(String(describing: step))]")
        }
        assertThrows(.value, ["step cannot be zero"]) { _ = try normalizeSlice(start: nil, stop: nil, step: 0, count: 3) }
        // Extreme steps and bounds are valid Python slices: one element, no overflow.
        let huge = try normalizeSlice(start: nil, stop: nil, step: Int.max, count: 5)
        XCTAssertEqual([huge.start, huge.count], [0, 1])
        let hugeBack = try normalizeSlice(start: nil, stop: nil, step: Int.min, count: 5)
        XCTAssertEqual([hugeBack.start, hugeBack.count], [4, 1])
        let wide = try normalizeSlice(start: Int.min, stop: Int.max, step: 2, count: 5)
        XCTAssertEqual([wide.start, wide.count], [0, 3])
        let wideBack = try normalizeSlice(start: Int.max, stop: Int.min, step: -2, count: 5)
        XCTAssertEqual([wideBack.start, wideBack.count], [4, 3])
        XCTAssertEqual(five.sliced(axis: 0, start: hugeBack.start, count: hugeBack.count, step: hugeBack.step).doubles, [4])
        // A reversed 2-d view: rows in reverse order.
        let m = iota([3, 2])
        let r = m.sliced(axis: 0, start: 2, count: 3, step: -1)
        XCTAssertEqual(r.doubles, [4, 5, 2, 3, 0, 1])
        let copy = try r.copy()
        XCTAssertTrue(copy.isCContiguous)
        XCTAssertFalse(copy.storage === m.storage)
        XCTAssertEqual(copy.doubles, [4, 5, 2, 3, 0, 1])
    }

    func testExplicitStridesAreBoundsChecked() throws {
        let storage = try ArrayStorage(byteCount: 6 * 8)
        let p = storage.base.assumingMemoryBound(to: Double.self)
        for i in 0..<6 { p[i] = Double(i) }
        // Both axes reversed: offset 5, strides (-3, -1).
        let v = try NDArray(storage: storage, dtype: .float64, shape: [2, 3], strides: [-3, -1], offset: 5)
        XCTAssertEqual(v.doubles, [5, 4, 3, 2, 1, 0])
        assertThrows(.value, ["(2, 3)", "outside"]) {
            _ = try NDArray(storage: storage, dtype: .float64, shape: [2, 3], strides: [-3, -1], offset: 4)
        }
        assertThrows(.value, ["outside"]) {
            _ = try NDArray(storage: storage, dtype: .float64, shape: [2, 3], strides: [3, 1], offset: 1)
        }
        assertThrows(.value, ["differ in length"]) {
            _ = try NDArray(storage: storage, dtype: .float64, shape: [2, 3], strides: [3], offset: 0)
        }
        // An empty view is valid at any offset.
        XCTAssertEqual(try NDArray(storage: storage, dtype: .float64, shape: [0, 3], strides: [3, 1], offset: 99).count, 0)
    }

    func testSelectingRemovesTheAxis() {
        let a = iota([2, 3, 4])
        let s = a.selecting(axis: 1, index: 2)
        XCTAssertEqual(s.shape, [2, 4])
        XCTAssertTrue(s.storage === a.storage)
        XCTAssertEqual(s.doubles, [8, 9, 10, 11, 20, 21, 22, 23])
        XCTAssertEqual(a.selecting(axis: 0, index: 1).selecting(axis: 1, index: 3).doubles, [15, 19, 23])
    }

    func testReshapeIsAViewOnlyForContiguousArrays() throws {
        let a = iota([2, 3])
        let r = try a.reshaped([3, 2])
        XCTAssertTrue(r.storage === a.storage)
        XCTAssertEqual(r.doubles, [0, 1, 2, 3, 4, 5])
        // An offset view that is contiguous keeps its offset.
        let row = a.selecting(axis: 0, index: 1)
        XCTAssertEqual(try row.reshaped([3, 1]).doubles, [3, 4, 5])
        XCTAssertTrue(try row.reshaped([3, 1]).storage === a.storage)
        // A transpose is not contiguous: reshape copies, in C order of the view.
        let t = a.transposed
        let rt = try t.reshaped([6])
        XCTAssertFalse(rt.storage === a.storage)
        XCTAssertEqual(rt.doubles, [0, 3, 1, 4, 2, 5])
        assertThrows(.value, ["size 6", "(2, 3)", "(4,)"]) { _ = try a.reshaped([4]) }
        assertThrows(.value, ["(2, 3)", "()"]) { _ = try a.reshaped([]) }
        XCTAssertEqual(try doubles([4], [1, 1]).reshaped([]).doubles, [4])
    }

    func testContiguousAndCast() throws {
        let a = iota([2, 2])
        XCTAssertTrue(try a.contiguous().storage === a.storage)
        XCTAssertFalse(try a.transposed.contiguous().storage === a.storage)
        XCTAssertTrue(try a.cast(to: .float64).storage === a.storage)
        // float -> int truncates toward zero; NaN and out-of-range values become Int64.min.
        let f = doubles([1.9, -1.9, 0.5, .nan, 1e300, -.infinity], [6])
        XCTAssertEqual(try f.cast(to: .int64).elements(as: Int64.self), [1, -1, 0, .min, .min, .min])
        XCTAssertEqual(try f.cast(to: .bool).elements(as: UInt8.self), [1, 1, 1, 1, 1, 1])
        XCTAssertEqual(try doubles([0, -0.0], [2]).cast(to: .bool).elements(as: UInt8.self), [0, 0])
        XCTAssertEqual(try ints([-3, 0], [2]).cast(to: .bool).elements(as: UInt8.self), [1, 0])
        XCTAssertEqual(try bools([true, false], [2]).cast(to: .float64).doubles, [1, 0])
        // Assign broadcasts and converts into a non-contiguous destination.
        let dest = try NDArray.zeros(.float64, [2, 3])
        try dest.transposed.assign(from: ints([7, 8], [2]))
        XCTAssertEqual(dest.doubles, [7, 7, 7, 8, 8, 8])
    }
}
