// FactorizationTests.swift — cholesky, solve (general, symmetric, positive definite),
// solveTriangular, det, slogdet and inverse against hand-computed matrices, their batched
// forms, and the LinAlgError cases.

import DenseArrays
import XCTest

final class FactorizationTests: XCTestCase {
    func testCholeskyOfHandComputedMatrices() throws {
        let a = doubles([4, 2, 2, 5], [2, 2])
        assertArray(try a.cholesky(), [2, 2], [2, 0, 1, 2])
        assertArray(try a.cholesky(lower: false), [2, 2], [2, 1, 0, 2])
        // The textbook 3x3 example: L = [[2, 0, 0], [6, 1, 0], [-8, 5, 3]].
        let b = ints([4, 12, -16, 12, 37, -43, -16, -43, 98], [3, 3])
        let l = try b.cholesky()
        XCTAssertEqual(l.dtype, .float64)
        assertArray(l, [3, 3], [2, 0, 0, 6, 1, 0, -8, 5, 3], tolerance: 1e-13)
        // Only one triangle is read, as in NumPy: the lower one for L, the upper one for U.
        assertArray(try doubles([4, 99, 2, 5], [2, 2]).cholesky(), [2, 2], [2, 0, 1, 2])
        assertArray(try doubles([4, 2, -99, 5], [2, 2]).cholesky(lower: false), [2, 2], [2, 1, 0, 2])
        // A transposed (column-major) input.
        assertArray(try doubles([4, 2, 2, 5], [2, 2]).transposed.cholesky(), [2, 2], [2, 0, 1, 2])
    }

    func testCholeskyReconstructsTheMatrix() throws {
        // A = M Mᵀ + 5 I is symmetric positive definite.
        let n = 5
        var m = [Double](repeating: 0, count: n * n)
        for i in 0..<(n * n) { m[i] = Double((i * 7) % 11) / 3 - 1.5 }
        var mt = m
        for i in 0..<n { for j in 0..<n { mt[i * n + j] = m[j * n + i] } }
        var a = naiveProduct(m, mt, m: n, k: n, n: n)
        for i in 0..<n { a[i * n + i] += 5 }
        let l = try doubles(a, [n, n]).cholesky()
        let lv = l.doubles
        for i in 0..<n { for j in (i + 1)..<n { XCTAssertEqual(lv[i * n + j], 0, "upper triangle of L") } }
        var lt = lv
        for i in 0..<n { for j in 0..<n { lt[i * n + j] = lv[j * n + i] } }
        assertClose(naiveProduct(lv, lt, m: n, k: n, n: n), a, tolerance: 1e-13)
    }

    func testCholeskyFailure() throws {
        let notPD = doubles([1, 2, 2, 1], [2, 2])
        assertThrows(.linAlg, ["positive definite"]) { _ = try notPD.cholesky() }
        assertArray(try notPD.cholesky(nanOnFailure: true), [2, 2], [.nan, .nan, .nan, .nan])
        // Batched: each matrix on its own.
        let stack = doubles([4, 2, 2, 5, 1, 2, 2, 1], [2, 2, 2])
        assertArray(try stack.cholesky(nanOnFailure: true), [2, 2, 2], [2, 0, 1, 2, .nan, .nan, .nan, .nan])
        assertThrows(.linAlg) { _ = try stack.cholesky() }
        assertThrows(.value, ["square", "(2, 3)"]) { _ = try iota([2, 3]).cholesky() }
        assertArray(try NDArray.zeros(.float64, [0, 0]).cholesky(), [0, 0], [])
    }

    func testSolveGeneral() throws {
        let a = doubles([3, 1, 1, 2], [2, 2])
        assertArray(try NDArray.solve(a, doubles([9, 8], [2])), [2], [2, 3])
        // Two right-hand sides: columns [9, 8] and [1, 2] give [2, 3] and [0, 1].
        assertArray(try NDArray.solve(a, doubles([9, 1, 8, 2], [2, 2])), [2, 2], [2, 0, 3, 1])
        // A transposed (non-contiguous) a: aᵀ = [[3, 1], [1, 2]] here too, use a non-symmetric one.
        let ns = doubles([1, 2, 3, 4], [2, 2])  // nsᵀ = [[1, 3], [2, 4]]; nsᵀ x = [7, 10] -> x = [1, 2]
        assertArray(try NDArray.solve(ns.transposed, doubles([7, 10], [2])), [2], [1, 2], tolerance: 1e-14)
        // Batched a (2, 2, 2) with one b broadcast to both.
        let stack = doubles([3, 1, 1, 2, 2, 0, 0, 4], [2, 2, 2])
        assertArray(try NDArray.solve(stack, doubles([9, 8], [2])), [2, 2], [2, 3, 4.5, 2])
        // b as a batch of vectors with bIsVector: b (2, 2) is two vectors.
        assertArray(try NDArray.solve(a, doubles([9, 8, 4, 3], [2, 2]), bIsVector: true), [2, 2], [2, 3, 1, 1])
        assertThrows(.linAlg, ["Singular"]) { _ = try NDArray.solve(doubles([1, 2, 2, 4], [2, 2]), doubles([1, 1], [2])) }
        assertThrows(.value, ["(2, 2)", "(3,)"]) { _ = try NDArray.solve(a, doubles([1, 2, 3], [3])) }
        assertThrows(.value, ["square", "(2, 3)"]) { _ = try NDArray.solve(iota([2, 3]), doubles([1, 2], [2])) }
        assertThrows(.value, ["(2, 2, 2)", "(3, 2)"]) { _ = try NDArray.solve(stack, iota([3, 2]), bIsVector: true) }
        assertThrows(.value, ["(2, 2, 2)", "(3, 2, 1)"]) { _ = try NDArray.solveTriangular(stack, iota([3, 2, 1]), lower: true) }
    }

    func testSolveSymmetricAndPositiveDefiniteReadOneTriangle() throws {
        // A = [[4, 2], [2, 3]], b = [8, 7]: x = [1.25, 1.5]. The unread triangle holds 99.
        let lowerHeld = doubles([4, 99, 2, 3], [2, 2])
        let upperHeld = doubles([4, 2, 99, 3], [2, 2])
        let b = doubles([8, 7], [2])
        for structure in [MatrixStructure.symmetric, .positiveDefinite] {
            assertArray(try NDArray.solve(lowerHeld, b, structure: structure, lower: true), [2], [1.25, 1.5])
            assertArray(try NDArray.solve(upperHeld, b, structure: structure, lower: false), [2], [1.25, 1.5])
        }
        // Symmetric indefinite: [[0, 1], [1, 0]] x = [2, 3] -> x = [3, 2].
        assertArray(try NDArray.solve(doubles([0, 1, 1, 0], [2, 2]), doubles([2, 3], [2]), structure: .symmetric), [2], [3, 2])
        assertThrows(.linAlg, ["positive definite"]) {
            _ = try NDArray.solve(doubles([0, 1, 1, 0], [2, 2]), doubles([2, 3], [2]), structure: .positiveDefinite)
        }
        assertThrows(.linAlg) {
            _ = try NDArray.solve(doubles([1, 1, 1, 1], [2, 2]), doubles([2, 3], [2]), structure: .symmetric)
        }
    }

    func testSolveTriangular() throws {
        // L = [[2, 0], [3, 4]] (the 77 above the diagonal is not read).
        let l = doubles([2, 77, 3, 4], [2, 2])
        assertArray(try NDArray.solveTriangular(l, doubles([4, 18], [2]), lower: true), [2], [2, 3])
        // Lᵀ x = b: [[2, 3], [0, 4]] x = [13, 8] -> x = [3.5, 2].
        assertArray(try NDArray.solveTriangular(l, doubles([13, 8], [2]), lower: true, transpose: true), [2], [3.5, 2])
        // Unit diagonal: [[1, 0], [3, 1]] x = [1, 5] -> x = [1, 2].
        assertArray(try NDArray.solveTriangular(l, doubles([1, 5], [2]), lower: true, unitDiagonal: true), [2], [1, 2])
        // Upper: U = [[2, 1], [0, 4]] (the -5 below is not read), U x = [4, 8] -> x = [1, 2].
        let u = doubles([2, 1, -5, 4], [2, 2])
        assertArray(try NDArray.solveTriangular(u, doubles([4, 8], [2]), lower: false), [2], [1, 2])
        // Matrix right-hand side and a batch of triangular matrices.
        assertArray(try NDArray.solveTriangular(l, doubles([4, 2, 18, 7], [2, 2]), lower: true), [2, 2], [2, 1, 3, 1])
        let stack = doubles([2, 0, 3, 4, 1, 0, 0, 1], [2, 2, 2])
        assertArray(try NDArray.solveTriangular(stack, doubles([4, 18], [2]), lower: true), [2, 2], [2, 3, 4, 18])
        assertThrows(.linAlg, ["zero"]) {
            _ = try NDArray.solveTriangular(doubles([0, 0, 1, 1], [2, 2]), doubles([1, 1], [2]), lower: true)
        }
        assertThrows(.value, ["(2, 2)", "(3,)"]) {
            _ = try NDArray.solveTriangular(l, doubles([1, 2, 3], [3]), lower: true)
        }
    }

    func testDeterminants() throws {
        assertArray(try doubles([1, 2, 3, 4], [2, 2]).det(), [], [-2])
        assertArray(try ints([2, -1, 0, -1, 2, -1, 0, -1, 2], [3, 3]).det(), [], [4], tolerance: 1e-14)
        assertArray(try doubles([0, 1, 1, 0], [2, 2]).det(), [], [-1])
        assertArray(try doubles([1, 2, 2, 4], [2, 2]).det(), [], [0])
        assertArray(try NDArray.zeros(.float64, [0, 0]).det(), [], [1])
        assertArray(try doubles([1, 2, 3, 4, 2, 0, 0, 3], [2, 2, 2]).det(), [2], [-2, 6])
        assertArray(try doubles([1, 2, 3, 4], [2, 2]).transposed.det(), [], [-2])
        assertThrows(.value, ["square", "(3,)"]) { _ = try iota([3]).det() }
    }

    func testSlogdet() throws {
        let (sign, logAbs) = try doubles([1, 2, 3, 4, 2, 0, 0, 3, 1, 2, 2, 4, 0, 1, 1, 0], [4, 2, 2]).slogdet()
        assertArray(sign, [4], [-1, 1, 0, -1])
        assertArray(logAbs, [4], [0.6931471805599453, 1.791759469228055, -.infinity, 0])  // ln 2, ln 6
        // A determinant far below the double range still has a finite log: det(1e-200 I₃) = 1e-600.
        let tiny = doubles([1e-200, 0, 0, 0, 1e-200, 0, 0, 0, 1e-200], [3, 3])
        let (s, l) = try tiny.slogdet()
        assertArray(s, [], [1])
        assertArray(l, [], [-1381.5510557964274])  // -600 ln 10
        assertArray(try tiny.det(), [], [0])
    }

    func testInverse() throws {
        assertArray(try doubles([1, 2, 3, 4], [2, 2]).inverse(), [2, 2], [-2, 1, 1.5, -0.5], tolerance: 1e-14)
        // inv([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]) = [[3, 2, 1], [2, 4, 2], [1, 2, 3]] / 4.
        assertArray(try ints([2, -1, 0, -1, 2, -1, 0, -1, 2], [3, 3]).inverse(), [3, 3],
                    [0.75, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.75], tolerance: 1e-14)
        // inv(Aᵀ) = inv(A)ᵀ.
        assertArray(try doubles([1, 2, 3, 4], [2, 2]).transposed.inverse(), [2, 2], [-2, 1.5, 1, -0.5], tolerance: 1e-14)
        assertArray(try doubles([2, 0, 0, 4, 1, 2, 3, 4], [2, 2, 2]).inverse(), [2, 2, 2],
                    [0.5, 0, 0, 0.25, -2, 1, 1.5, -0.5], tolerance: 1e-14)
        assertThrows(.linAlg, ["Singular"]) { _ = try doubles([1, 2, 2, 4], [2, 2]).inverse() }
        assertArray(try NDArray.zeros(.float64, [0, 0]).inverse(), [0, 0], [])
    }
}
