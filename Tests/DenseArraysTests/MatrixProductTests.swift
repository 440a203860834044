// MatrixProductTests.swift — dot and matmul: hand-computed products, operands in every
// layout BLAS is handed (row-major, its transpose, copies for other strides), integer and
// bool matrices, batching and shape errors. Bigger products are checked against a triple loop.

import DenseArrays
import XCTest

/// C = A B for row-major A (m x k) and B (k x n), by the textbook triple loop.
func naiveProduct(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m { for j in 0..<n { for p in 0..<k { c[i * n + j] += a[i * k + p] * b[p * n + j] } } }
    return c
}

final class MatrixProductTests: XCTestCase {
    func testDotOfVectorsAndMatrices() throws {
        assertArray(try NDArray.dot(doubles([1, 2, 3], [3]), doubles([4, 5, 6], [3])), [], [32])
        let a = doubles([1, 2, 3, 4], [2, 2])
        assertArray(try NDArray.dot(a, doubles([5, 6], [2])), [2], [17, 39])
        assertArray(try NDArray.dot(doubles([1, 2], [2]), a), [2], [7, 10])
        let x = doubles([1, 2, 3, 4, 5, 6], [2, 3]), y = doubles([7, 8, 9, 10, 11, 12], [3, 2])
        assertArray(try NDArray.dot(x, y), [2, 2], [58, 64, 139, 154])
    }

    func testDotOfHigherRanksContractsLastWithSecondToLast() throws {
        // dot(a, b)[i, j, l, n] = Σ_p a[i, j, p] b[l, p, n] for a (2, 2, 3), b (4, 3, 5).
        let a = iota([2, 2, 3]), b = iota([4, 3, 5])
        let out = try NDArray.dot(a, b)
        XCTAssertEqual(out.shape, [2, 2, 4, 5])
        var want: [Double] = []
        for i in 0..<2 { for j in 0..<2 { for l in 0..<4 { for n in 0..<5 {
            var s = 0.0
            for p in 0..<3 {
                let ap: Int = 6 * i + 3 * j + p, bp: Int = 15 * l + 5 * p + n
                s += Double(ap) * Double(bp)
            }
            want.append(s)
        } } } }
        assertArray(out, [2, 2, 4, 5], want)
    }

    func testIntegerAndBoolProductsAreExact() throws {
        let a = ints([1 << 40, 3, -2, 5], [2, 2]), b = ints([2, 0, 7, 1], [2, 2])
        let p = try NDArray.dot(a, b)
        XCTAssertEqual(p.dtype, .int64)
        XCTAssertEqual(p.elements(as: Int64.self), [(1 << 41) + 21, 3, 31, 5])
        let m = try NDArray.matmul(a, b)
        XCTAssertEqual(m.elements(as: Int64.self), [(1 << 41) + 21, 3, 31, 5])
        let t = try NDArray.matmul(a.transposed, b)  // aᵀ = [[2^40, -2], [3, 5]]
        XCTAssertEqual(t.elements(as: Int64.self), [(1 << 41) - 14, -2, 41, 5])
        let bt = bools([true, false, false, false], [2, 2]), bu = bools([false, true, true, false], [2, 2])
        let q = try NDArray.matmul(bt, bu)
        XCTAssertEqual(q.dtype, .bool)
        XCTAssertEqual(q.elements(as: UInt8.self), [0, 1, 0, 0])
        let mixed = try NDArray.dot(ints([1, 2], [2]), doubles([0.5, 0.25], [2]))
        XCTAssertEqual(mixed.dtype, .float64)
        assertArray(mixed, [], [1])
    }

    func testMatmulOperandLayouts() throws {
        let big = iota([4, 6])
        func values(_ v: NDArray) -> [Double] { v.doubles }
        let rhs = doubles([1, -1, 2, 0.5, 3, -2, 1, 1, 0, 2, -1, 4], [3, 4])
        // (1) Transposed operand: column-major memory, passed to BLAS as Trans.
        let t = iota([3, 2]).transposed  // (2, 3), strides (1, 2)
        XCTAssertEqual(t.strides, [1, 2])
        assertArray(try NDArray.matmul(t, rhs), [2, 4], naiveProduct(values(t), rhs.doubles, m: 2, k: 3, n: 4))
        // (2) Row stride larger than the row length: a (4, 3) window of a (4, 6) array.
        let window = big.sliced(axis: 1, start: 2, count: 3, step: 1)
        XCTAssertEqual(window.strides, [6, 1])
        assertArray(try NDArray.matmul(window, rhs), [4, 4], naiveProduct(values(window), rhs.doubles, m: 4, k: 3, n: 4))
        // (3) Every other column (stride 2): neither layout applies, so BLAS gets a copy.
        let everyOther = big.sliced(axis: 1, start: 0, count: 3, step: 2)
        assertArray(try NDArray.matmul(everyOther, rhs), [4, 4], naiveProduct(values(everyOther), rhs.doubles, m: 4, k: 3, n: 4))
        // (4) Reversed rows (negative stride) on the right.
        let reversed = rhs.sliced(axis: 0, start: 2, count: 3, step: -1)
        assertArray(try NDArray.matmul(window, reversed), [4, 4], naiveProduct(values(window), values(reversed), m: 4, k: 3, n: 4))
        // (5) Both operands transposed: Yᵀ Xᵀ = (X Y)ᵀ, both handed to BLAS as Trans.
        let x = iota([3, 4]), y = doubles(rhs.doubles, [4, 3])
        let xy = naiveProduct(x.doubles, y.doubles, m: 3, k: 4, n: 3)
        var xyT: [Double] = []
        for j in 0..<3 { for i in 0..<3 { xyT.append(xy[i * 3 + j]) } }
        XCTAssertEqual(y.transposed.strides, [1, 3])
        XCTAssertEqual(x.transposed.strides, [1, 4])
        assertArray(try NDArray.matmul(y.transposed, x.transposed), [3, 3], xyT)
    }

    func testMatmulBatchesAndVectors() throws {
        // a (2, 1, 2, 3) with b (3, 3, 2): batch (2, 3), result (2, 3, 2, 2).
        let a = iota([2, 1, 2, 3]), b = iota([3, 3, 2])
        let out = try NDArray.matmul(a, b)
        XCTAssertEqual(out.shape, [2, 3, 2, 2])
        var want: [Double] = []
        let av = a.doubles, bv = b.doubles
        for i in 0..<2 { for j in 0..<3 {
            want += naiveProduct(Array(av[(6 * i)..<(6 * i + 6)]), Array(bv[(6 * j)..<(6 * j + 6)]), m: 2, k: 3, n: 2)
        } }
        assertArray(out, [2, 3, 2, 2], want)
        let m = doubles([1, 2, 3, 4], [2, 2])
        assertArray(try NDArray.matmul(doubles([1, 2], [2]), m), [2], [7, 10])
        assertArray(try NDArray.matmul(m, doubles([1, 2], [2])), [2], [5, 11])
        assertArray(try NDArray.matmul(doubles([1, 2], [2]), doubles([3, 4], [2])), [], [11])
        // A vector against a stack of matrices.
        assertArray(try NDArray.matmul(doubles([1, 1], [2]), iota([3, 2, 2])), [3, 2], [2, 4, 10, 12, 18, 20])
        assertArray(try NDArray.matmul(try NDArray.zeros(.float64, [2, 0]), try NDArray.zeros(.float64, [0, 3])),
                    [2, 3], [0, 0, 0, 0, 0, 0])
    }

    func testShapeErrorsNameBothShapes() {
        assertThrows(.value, ["(2, 3)", "(2, 3)", "not aligned"]) { _ = try NDArray.dot(iota([2, 3]), iota([2, 3])) }
        assertThrows(.value, ["(3,)", "(4,)"]) { _ = try NDArray.dot(iota([3]), iota([4])) }
        assertThrows(.value, ["0-d"]) { _ = try NDArray.dot(doubles([1], []), iota([3])) }
        assertThrows(.value, ["(2, 3)", "(2, 3)"]) { _ = try NDArray.matmul(iota([2, 3]), iota([2, 3])) }
        assertThrows(.value, ["()", "(3,)"]) { _ = try NDArray.matmul(doubles([1], []), iota([3])) }
        assertThrows(.value, ["(2, 2, 2)", "(3, 2, 2)"]) { _ = try NDArray.matmul(iota([2, 2, 2]), iota([3, 2, 2])) }
    }
}
