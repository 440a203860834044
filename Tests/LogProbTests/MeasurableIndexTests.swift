// MeasurableIndexTests.swift — indexing random tensors with non-random indices and conditioned mixtures, against closed forms written out here.

import Foundation
import SwiftPPL
import XCTest
import _TestSupport

final class MeasurableIndexTests: MeasurableTestCase {
    let mus = [-2.0, -1.0, 0.5, 1.0, 3.0]

    func testNonRandomIndexReadsTheSelectedParameters() throws {
        let x = try normal(mus, 1.5)
        // An integer, a slice, a constant array.
        assertClose(try values(logp(x[.scalar(constant(3))], constant(0.2))), [normalLogpdf(0.2, 1, 1.5)])
        let sliced = try x[.slice(constant(1), constant(4), nil)]
        assertClose(try values(logp(sliced, vectorValue([0, 1, 2]))), [normalLogpdf(0, -1, 1.5), normalLogpdf(1, 0.5, 1.5), normalLogpdf(2, 1, 1.5)])
        let picked = try x[.array(constant(NDArray([Int64(4), 0, -2])))]
        assertClose(try values(logp(picked, vectorValue([1, 2, 3]))), [normalLogpdf(1, 3, 1.5), normalLogpdf(2, -2, 1.5), normalLogpdf(3, 1, 1.5)])
        // Scalar parameters broadcast by size.
        let sized = try normal(2, 0.5, size: [4, 3])
        let corner = try sized[.scalar(constant(-1)), .array(constant(NDArray([Int64(0), 2])))]
        assertClose(try values(logp(corner, vectorValue([2.5, 1.0]))), [normalLogpdf(2.5, 2, 0.5), normalLogpdf(1, 2, 0.5)])
    }

    func testIndexingLiftsThroughElementwiseOpsAndNewAxes() throws {
        // exp(x)[1] is log-normal with x[1]'s parameters.
        let x = try normal(mus, 1.5)
        let lp = try values(logp(exp(x)[.scalar(constant(1))], constant(2.0)))
        assertClose(lp, [normalLogpdf(Foundation.log(2), -1, 1.5) - Foundation.log(2)])
        // (2 x + c)[i] with a broadcast constant.
        let shifted = try 2.0 * x + vectorValue([0, 1, 2, 3, 4])
        let s = try values(logp(shifted[.array(constant(NDArray([Int64(2), 4])))], vectorValue([0, 1])))
        assertClose(s, [normalLogpdf(0, 2 * 0.5 + 2, 3), normalLogpdf(1, 2 * 3 + 4, 3)])
        // A new axis, then indexing through it.
        let expanded = try x[.newAxis, .slice(nil, nil, nil)]
        let e = try values(logp(expanded[.scalar(constant(0)), .array(constant(NDArray([Int64(0), 3])))], vectorValue([0, 0])))
        assertClose(e, [normalLogpdf(0, -2, 1.5), normalLogpdf(0, 1, 1.5)])
    }

    func testRepeatedPicksAreRefused() throws {
        let x = try normal(mus, 1)
        x.name = "x"
        assertThrows(.value, ["'x'", "selected twice"]) {
            _ = try self.values(logp(x[.array(constant(NDArray([Int64(1), 3, -4])))], self.vectorValue([0, 0, 0])))
        }
        // A data index is checked when the graph runs.
        let idx = vector("idx", dtype: .int64)
        let lp = try logp(x[.array(idx)], vectorValue([0, 0]))
        assertClose(try values(lp, [idx: NDArray([Int64(0), 2])]), [normalLogpdf(0, -2, 1), normalLogpdf(0, 0.5, 1)])
        assertThrows(.value, ["selected twice"]) { _ = try self.values(lp, [idx: NDArray([Int64(2), 2])]) }
    }

    func testSelectingFromRepeatedDrawsIsRefused() throws {
        // x + c repeats the one draw of x; two of its elements are one draw twice.
        let x = try normal(0, 1)
        x.name = "x"
        let repeated = try x + vectorValue([0, 1, 2])
        assertThrows(.value, ["'x'", "repeating its draws"]) {
            _ = try logp(repeated[.array(constant(NDArray([Int64(0), 1])))], self.vectorValue([0, 0]))
        }
    }

    func testJoinedComponentsSelectedByANonRandomIndex() throws {
        // stack(a, b)[idx, arange(4)]: element k from component idx[k].
        let a = try normal(-5, 1, size: [4]), b = try normal(5, 2, size: [4])
        let comps = try stack([a, b])
        let idx = vector("idx", dtype: .int64)
        let mix = try comps[.array(idx), .array(arange(4))]
        let at = [-4.0, 6.0, 1.0, -5.5]
        let lp = try logp(mix, vectorValue(at))
        let chosen: [Int64] = [0, 1, 1, 0]
        let expected = at.indices.map { chosen[$0] == 0 ? normalLogpdf(at[$0], -5, 1) : normalLogpdf(at[$0], 5, 2) }
        assertClose(try values(lp, [idx: NDArray(chosen)]), expected)
        // Out of range: impossible; negative: counted from the end.
        XCTAssertEqual(try values(lp, [idx: NDArray([Int64(0), 2, 1, 0])])[1], -Double.infinity)
        assertClose(try values(lp, [idx: NDArray([Int64(0), -1, -1, 0])]), expected)
        // A constant component index picks the component statically.
        assertClose(try values(logp(comps[.scalar(constant(1))], vectorValue(at))), at.map { normalLogpdf($0, 5, 2) })
        // Concatenated pieces, sliced along the joined axis.
        let joined = try concatenate([normal(0, 1, size: [3]), normal(10, 2, size: [4])])
        let middle = try joined[.slice(constant(2), constant(5), nil)]
        assertClose(try values(logp(middle, vectorValue([0.5, 9, 11]))), [normalLogpdf(0.5, 0, 1), normalLogpdf(9, 10, 2), normalLogpdf(11, 10, 2)])
        // Indexing along another axis keeps the join.
        let wide = try concatenate([normal(0, 1, size: [2, 2]), normal(4, 1, size: [2, 1])], axis: 1)
        assertClose(try values(logp(wide[.scalar(constant(1))], vectorValue([0.1, 0.2, 4.3]))),
                    [normalLogpdf(0.1, 0, 1), normalLogpdf(0.2, 0, 1), normalLogpdf(4.3, 4, 1)])
    }

    func testSelectionsAreDifferentiable() throws {
        // Gradients with respect to the value and to the components' parameters.
        let mu = vector("mu", length: 4), v = vector("v", length: 4)
        let idx = vector("idx", dtype: .int64, length: 4)
        try checkGradient([mu, v], [NDArray([0.1, -0.3, 0.7, 1.2]), NDArray([0.5, 2.0, -1.0, 0.3])]) { inputs in
            let a = try randomVariable("normal", [inputs[0], constant(1.0)], rng: self.rng).draw
            let b = try randomVariable("normal", [inputs[0] + 3.0, constant(2.0)], rng: self.rng).draw
            let mix = try stack([a, b])[.array(idx), .array(arange(4))]
            let lp = try logp(mix, inputs[1])
            return try cloneReplace([lp], replace: [idx: constant(NDArray([Int64(1), 0, 0, 1]))])[0]
        }
    }

    func testReshapeAndSpecifyShape() throws {
        let x = try normal(mus + [4], 1)
        let grid = try reshape(x, [2, 3])
        let at = constant(try NDArray([0.0, 1.0, 2.0, 3.0, 4.0, 5.0], shape: [2, 3]))
        assertClose(try values(logp(grid, at)), (0..<6).map { normalLogpdf(Double($0), (mus + [4])[$0], 1) })
        let pinned = try specifyShape(x, [6])
        assertClose(try values(logp(pinned, vectorValue([1, 1, 1, 1, 1, 1]))), (mus + [4]).map { normalLogpdf(1, $0, 1) })
    }

    func testUnliftableIndexingNamesTheOperation() throws {
        let walk = try cumsum(normal(0, 1, size: [4]), axis: 0)
        walk.name = "walk"
        assertThrows(.notImplemented, ["'walk'", "CumOp"]) { _ = try logp(walk[.scalar(constant(1))], constant(0.0)) }
    }
}
