// LinalgGradientTests.swift — finite-difference checks of dot, matmul and the factorization-based ops.

import SwiftPPL
import _TestSupport
import XCTest

final class LinalgGradientTests: XCTestCase {
    func testDotAllRanks() throws {
        var rng = TestRandom(seed: 21)
        let m = matrix("m"), n = matrix("n"), u = vector("u"), v = vector("v")
        try checkGradient([u, v], [rng.array([4]), rng.array([4])]) { try dot($0[0], $0[1]) }
        try checkGradient([m, v], [rng.array([3, 4]), rng.array([4])]) { try dot($0[0], $0[1]) }
        try checkGradient([u, m], [rng.array([3]), rng.array([3, 4])]) { try dot($0[0], $0[1]) }
        try checkGradient([m, n], [rng.array([3, 4]), rng.array([4, 2])]) { try dot($0[0], $0[1]) }
    }

    func testMatmulBatchedAndVectors() throws {
        var rng = TestRandom(seed: 22)
        let a = tensor("a", shape: [nil, nil, nil]), b = matrix("b"), v = vector("v")
        try checkGradient([a, b], [rng.array([2, 3, 4]), rng.array([4, 5])]) { try matmul($0[0], $0[1]) }
        try checkGradient([a, v], [rng.array([2, 3, 4]), rng.array([4])]) { try matmul($0[0], $0[1]) }
        try checkGradient([v, b], [rng.array([4]), rng.array([4, 5])]) { try matmul($0[0], $0[1]) }
        let w = vector("w")
        try checkGradient([v, w], [rng.array([4]), rng.array([4])]) { try matmul($0[0], $0[1]) }
    }

    /// A well-conditioned symmetric positive-definite matrix built from a free one.
    func spd(_ m: Variable) throws -> Variable {
        try matmul(m, matrixTranspose(m)) + eye(4) * 4.0
    }

    func testCholesky() throws {
        var rng = TestRandom(seed: 23)
        let m = matrix("m")
        try checkGradient([m], [rng.array([4, 4])]) { try cholesky(self.spd($0[0])) }
        try checkGradient([m], [rng.array([4, 4])]) { try cholesky(self.spd($0[0]), lower: false) }
    }

    func testSolves() throws {
        var rng = TestRandom(seed: 24)
        let a = matrix("a"), b = matrix("b"), v = vector("v")
        let general = try NDArray(rng.array([4, 4]).doubles.enumerated().map { $0.offset % 5 == 0 ? $0.element + 4 : $0.element }, shape: [4, 4])
        try checkGradient([a, v], [general, rng.array([4])]) { try solve($0[0], $0[1]) }
        try checkGradient([a, b], [general, rng.array([4, 2])]) { try solve($0[0], $0[1]) }
        // Symmetric solvers read one triangle of their (free) argument.
        for structure in [MatrixStructure.symmetric, .positiveDefinite] {
            for lower in [true, false] {
                let spdValue = try evaluate([try spd(constant(rng.array([4, 4])))])[0]
                try checkGradient([a, b], [spdValue, rng.array([4, 3])]) {
                    try solve($0[0], $0[1], assumeA: structure, lower: lower)
                }
            }
        }
        for lower in [true, false] {
            for transpose in [false, true] {
                for unit in [false, true] {
                    try checkGradient([a, v], [general, rng.array([4])]) {
                        try solveTriangular($0[0], $0[1], lower: lower, transpose: transpose, unitDiagonal: unit)
                    }
                    try checkGradient([a, b], [general, rng.array([4, 2])]) {
                        try solveTriangular($0[0], $0[1], lower: lower, transpose: transpose, unitDiagonal: unit)
                    }
                }
            }
        }
    }

    func testDeterminantsAndInverse() throws {
        var rng = TestRandom(seed: 25)
        let a = matrix("a")
        let value = try NDArray(rng.array([3, 3]).doubles.enumerated().map { $0.offset % 4 == 0 ? $0.element + 3 : $0.element }, shape: [3, 3])
        try checkGradient([a], [value]) { try det($0[0]) }
        try checkGradient([a], [value]) { try slogdet($0[0]).logAbsDet }
        try checkGradient([a], [value]) { try inv($0[0]) }
        let stack = tensor("s", shape: [nil, nil, nil])
        try checkGradient([stack], [rng.array([2, 3, 3], 1, 2)]) { try slogdet($0[0]).logAbsDet }
    }
}
