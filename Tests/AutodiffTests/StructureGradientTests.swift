// StructureGradientTests.swift — finite-difference checks of reductions, cumulative ops, shape ops and indexing.

import SwiftPPL
import _TestSupport
import XCTest

final class StructureGradientTests: XCTestCase {
    func testReductions() throws {
        var rng = TestRandom(seed: 11)
        let x = tensor("x", shape: [nil, nil, nil])
        let value = rng.array([2, 3, 4], 0.5, 2)
        try checkGradient([x], [value]) { try sum($0[0], axis: [1]) }
        try checkGradient([x], [value]) { try sum($0[0], axis: [0, 2], keepdims: true) }
        try checkGradient([x], [value]) { try prod($0[0], axis: [2]) }
        try checkGradient([x], [value]) { try max($0[0], axis: [1]) }
        try checkGradient([x], [value]) { try min($0[0]) }
        try checkGradient([x], [value]) { try mean($0[0], axis: [0]) }
        try checkGradient([x], [value]) { try variance($0[0], axis: [2], ddof: 1) }
        try checkGradient([x], [value]) { try std($0[0], axis: [1]) }
        try checkGradient([x], [rng.array([2, 3, 4], -30, 30)]) { try logsumexp($0[0], axis: [1]) }
    }

    func testCumulative() throws {
        var rng = TestRandom(seed: 12)
        let x = matrix("x")
        let value = rng.array([3, 4], 0.5, 2)
        try checkGradient([x], [value]) { try cumsum($0[0], axis: 1) }
        try checkGradient([x], [value]) { try cumsum($0[0]) }
        try checkGradient([x], [value]) { try cumprod($0[0], axis: 0) }
        try checkGradient([x], [value]) { try cumprod($0[0]) }
    }

    func testShapeOps() throws {
        var rng = TestRandom(seed: 13)
        let x = matrix("x"), y = matrix("y")
        let a = rng.array([3, 4]), b = rng.array([2, 4])
        try checkGradient([x], [a]) { try transpose($0[0]) }
        try checkGradient([x], [a]) { try dimshuffle($0[0], [1, nil, 0]) }
        try checkGradient([x], [a]) { try reshape($0[0], [2, -1]) }
        try checkGradient([x], [a]) { try flatten($0[0]) }
        try checkGradient([x], [a]) { try expandDims($0[0], axes: [0]) * 2.0 }
        try checkGradient([x, y], [a, b]) { try concatenate([$0[0], $0[1]], axis: 0) }
        try checkGradient([x, y], [b, b]) { try stack([$0[0], $0[1]], axis: 1) }
        let s = scalar("s")
        try checkGradient([s], [NDArray(scalar: 1.5)]) { try full([constant(2), constant(3)], value: $0[0]) }
        let column = tensor("c", shape: [3, 1])
        try checkGradient([column], [rng.array([3, 1])]) { try squeeze($0[0], axes: [1]) * constant(rng.array([3])) }
        try checkGradient([x], [rng.array([3, 3])]) { try fillDiagonal($0[0], constant(0.0)) }
        try checkGradient([x, s], [rng.array([3, 3]), NDArray(scalar: 0.4)]) { try fillDiagonal($0[0], $0[1]) }
    }

    func testIndexing() throws {
        var rng = TestRandom(seed: 14)
        let x = matrix("x")
        let a = rng.array([4, 5])
        try checkGradient([x], [a]) { try $0[0][.scalar(constant(1)), .all] }
        try checkGradient([x], [a]) { try $0[0][.slice(constant(1), nil, nil), .slice(nil, nil, constant(-2))] }
        // Repeated integer indices: their gradients add up.
        let rows = constant(NDArray([Int64(0), 2, 2, 3]))
        try checkGradient([x], [a]) { try $0[0][.array(rows)] }
        try checkGradient([x], [a]) { try $0[0][.array(rows), .array(constant(NDArray([Int64(1), 1, 4, 0])))] }
        let mask = try NDArray(bools: [true, false, true, true, false], shape: [5])
        try checkGradient([x], [a]) { try $0[0][.all, .array(constant(mask))] }
    }

    func testSetAndIncSubtensor() throws {
        var rng = TestRandom(seed: 15)
        let x = matrix("x"), y = vector("y")
        let a = rng.array([4, 5]), b = rng.array([5])
        try checkGradient([x, y], [a, b]) { v in try setSubtensor(v[0][.scalar(constant(2))], v[1]) }
        try checkGradient([x, y], [a, b]) { v in try incSubtensor(v[0][.scalar(constant(2))], v[1]) }
        let rows = constant(NDArray([Int64(0), 2, 2]))
        let z = matrix("z")
        try checkGradient([x, z], [a, rng.array([3, 5])]) { v in try incSubtensor(v[0][.array(rows)], v[1]) }
        try checkGradient([x, y], [a, b]) { v in try setSubtensor(v[0][.array(constant(NDArray([Int64(1), 3])))], v[1]) }
    }
}
