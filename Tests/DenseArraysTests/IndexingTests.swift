// IndexingTests.swift — NumPy indexing on NDArray: basic (views), advanced (gathers) with
// NumPy's placement rule for the broadcast index dimensions, boolean masks, the matching
// scatters (set, and accumulate with repeated indices) and IndexError cases. Expected
// values are written out from x[i, j, k] = 12i + 4j + k.

import DenseArrays
import XCTest

final class IndexingTests: XCTestCase {
    let x = iota([2, 3, 4])

    func idx(_ values: [Int64]) -> IndexEntry { .array(ints(values, [values.count])) }
    let all = IndexEntry.slice(start: nil, stop: nil, step: nil)

    func testBasicIndexingGivesViews() throws {
        let v = try x.indexed([.integer(1), .slice(start: nil, stop: nil, step: -2)])  // x[1, ::-2]
        XCTAssertTrue(v.storage === x.storage)
        assertArray(v, [2, 4], [20, 21, 22, 23, 12, 13, 14, 15])
        assertArray(try x.indexed([.integer(-1), .integer(-1), .integer(-1)]), [], [23])
        assertArray(try x.indexed([all, .integer(1)]), [2, 4], [4, 5, 6, 7, 16, 17, 18, 19])
        assertArray(try x.indexed([all, all, .slice(start: 1, stop: 3, step: nil)]), [2, 3, 2],
                    [1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22])
        assertArray(try x.indexed([]), [2, 3, 4], (0..<24).map(Double.init))
    }

    func testAdvancedIndexing() throws {
        // x[[1, 0, 1]] -> shape (3, 3, 4).
        let rows = try x.indexed([idx([1, 0, -1])])
        XCTAssertFalse(rows.storage === x.storage)
        XCTAssertEqual(rows.shape, [3, 3, 4])
        XCTAssertEqual(Array(rows.doubles[12..<16]), [0, 1, 2, 3])
        // x[:, [2, 0]] -> (2, 2, 4).
        assertArray(try x.indexed([all, idx([2, 0])]), [2, 2, 4],
                    [8, 9, 10, 11, 0, 1, 2, 3, 20, 21, 22, 23, 12, 13, 14, 15])
        // Pairs: x[[0, 1], [2, 0], [3, 1]] = [x[0,2,3], x[1,0,1]].
        assertArray(try x.indexed([idx([0, 1]), idx([2, 0]), idx([3, 1])]), [2], [11, 13])
        // Index arrays broadcast: x[[[0], [1]], 0, [1, 2]] -> (2, 2).
        let column = IndexEntry.array(ints([0, 1], [2, 1]))
        assertArray(try x.indexed([column, .integer(0), idx([1, 2])]), [2, 2], [1, 2, 13, 14])
    }

    func testNonAdjacentAdvancedIndicesGoFirst() throws {
        // Adjacent: x[:, [0, 1], [1, 2]] keeps the index dimension in place -> (2, 2).
        assertArray(try x.indexed([all, idx([0, 1]), idx([1, 2])]), [2, 2], [1, 6, 13, 18])
        // Separated by a slice: x[[0, 1], :, [2, 3]] -> index dimension first, (2, 3).
        assertArray(try x.indexed([idx([0, 1]), all, idx([2, 3])]), [2, 3], [2, 6, 10, 15, 19, 23])
        // An integer counts as an advanced index next to an array: x[0, :, [1, 2]] -> (2, 3),
        // while x[:, 0, [1, 2]] (adjacent) -> (2, 2).
        assertArray(try x.indexed([.integer(0), all, idx([1, 2])]), [2, 3], [1, 5, 9, 2, 6, 10])
        assertArray(try x.indexed([all, .integer(0), idx([1, 2])]), [2, 2], [1, 2, 13, 14])
        // With a trailing basic axis kept: x[[1, 0], :, [0, 3]][:, 1] = [x[1,1,0], x[0,1,3]].
        let r = try x.indexed([idx([1, 0]), .slice(start: 1, stop: 2, step: nil), idx([0, 3])])
        assertArray(r, [2, 1], [16, 7])
    }

    func testBoolMasks() throws {
        let m = try elementwise(.gt, iota([3, 4]), doubles([8.5], []))  // 9, 10, 11 are true
        assertArray(try iota([3, 4]).indexed([.array(m)]), [3], [9, 10, 11])
        // A mask over the first axis selects whole rows.
        assertArray(try iota([3, 2]).indexed([.array(bools([true, false, true], [3]))]), [2, 2], [0, 1, 4, 5])
        // A mask over axis 1 after a slice.
        assertArray(try iota([2, 3]).indexed([all, .array(bools([false, true, true], [3]))]), [2, 2], [1, 2, 4, 5])
        assertThrows(.index, ["boolean index", "axis 0", "3", "2"]) {
            _ = try iota([3, 2]).indexed([.array(bools([true, false], [2]))])
        }
        assertThrows(.index, ["0-d boolean"]) { _ = try iota([3]).indexed([.array(bools([true], []))]) }
    }

    func testIndexAssign() throws {
        let a = try NDArray.zeros(.float64, [3, 4])
        // a[1] = [1, 2, 3, 4]; a[:, 0] = 7 (broadcast scalar)
        try a.indexAssign([.integer(1)], values: doubles([1, 2, 3, 4], [4]), accumulate: false)
        try a.indexAssign([all, .integer(0)], values: doubles([7], []), accumulate: false)
        assertArray(a, [3, 4], [7, 0, 0, 0, 7, 2, 3, 4, 7, 0, 0, 0])
        // a[[0, 2], 1:3] += [[1, 2], [3, 4]]
        try a.indexAssign([idx([0, 2]), .slice(start: 1, stop: 3, step: nil)], values: doubles([1, 2, 3, 4], [2, 2]), accumulate: true)
        assertArray(a, [3, 4], [7, 1, 2, 0, 7, 2, 3, 4, 7, 3, 4, 0])
        // Mask assignment: a[a > 5] = -1
        let mask = try elementwise(.gt, a, doubles([5], []))
        try a.indexAssign([.array(mask)], values: doubles([-1], []), accumulate: false)
        assertArray(a, [3, 4], [-1, 1, 2, 0, -1, 2, 3, 4, -1, 3, 4, 0])
        // Values are converted to the array's dtype.
        let i = try NDArray.zeros(.int64, [3])
        try i.indexAssign([idx([0, 2])], values: doubles([1.9, -2.9], [2]), accumulate: false)
        XCTAssertEqual(i.elements(as: Int64.self), [1, 0, -2])
    }

    func testAccumulateAddsRepeatedIndicesEachTime() throws {
        // numpy.add.at semantics: a[[0, 0, 2, 0]] += [1, 2, 3, 4] adds 7 to a[0].
        let a = try NDArray.zeros(.float64, [3])
        try a.indexAssign([idx([0, 0, 2, 0])], values: doubles([1, 2, 3, 4], [4]), accumulate: true)
        assertArray(a, [3], [7, 0, 3])
        // Plain assignment with repeats: the last value wins.
        try a.indexAssign([idx([1, 1])], values: doubles([5, 6], [2]), accumulate: false)
        assertArray(a, [3], [7, 6, 3])
        // Rows accumulate too.
        let m = try NDArray.zeros(.int64, [2, 2])
        try m.indexAssign([idx([1, 1, 1])], values: ints([1, 10], [2]), accumulate: true)
        XCTAssertEqual(m.elements(as: Int64.self), [0, 0, 3, 30])
        // Bool accumulation is a logical or.
        let b = bools([false, false], [2])
        try b.indexAssign([idx([1, 1])], values: bools([true, true], [2]), accumulate: true)
        XCTAssertEqual(b.elements(as: UInt8.self), [0, 1])
    }

    func testIndexErrors() {
        assertThrows(.index, ["index 5", "axis 0", "size 2"]) { _ = try self.x.indexed([.integer(5)]) }
        assertThrows(.index, ["index -4", "axis 1", "size 3"]) { _ = try self.x.indexed([self.all, .integer(-4)]) }
        assertThrows(.index, ["index 3", "size 3"]) { _ = try self.x.indexed([self.all, self.idx([0, 3])]) }
        assertThrows(.index, ["index -3", "size 2"]) { _ = try self.x.indexed([self.idx([-3])]) }
        assertThrows(.index, ["too many indices", "3-dimensional", "4"]) {
            _ = try self.x.indexed([.integer(0), .integer(0), .integer(0), .integer(0)])
        }
        assertThrows(.index, ["integer or boolean", "float64"]) { _ = try self.x.indexed([.array(iota([2]))]) }
        assertThrows(.value, ["step cannot be zero"]) { _ = try self.x.indexed([.slice(start: nil, stop: nil, step: 0)]) }
        assertThrows(.value, ["shape mismatch", "(3,)", "(2, 4)"]) {
            try self.x.indexAssign([.integer(0), .slice(start: 0, stop: 2, step: nil)], values: iota([3]), accumulate: false)
        }
        assertThrows(.index, ["index 9"]) {
            try self.x.indexAssign([self.idx([9])], values: iota([4]), accumulate: true)
        }
    }

    func testBorrowedMemoryIsNeverWritten() throws {
        var backing: [Double] = [1, 2, 3]
        try backing.withUnsafeMutableBytes { bytes in
            let storage = ArrayStorage(borrowing: bytes.baseAddress!, byteCount: bytes.count, onRelease: nil)
            let a = try NDArray(storage: storage, dtype: .float64, shape: [3], strides: [1], offset: 0)
            assertThrows(.runtime, ["borrowed"]) {
                try a.indexAssign([.integer(0)], values: doubles([9], []), accumulate: false)
            }
        }
        XCTAssertEqual(backing, [1, 2, 3])
    }
}
