// MeasurableMixtureTests.swift — mixtures by indexing and by switch, with the index conditioned on or summed out, against hand-written log-sum-exps.

import Foundation
import SwiftPPL
import XCTest
import _TestSupport

final class MeasurableMixtureTests: MeasurableTestCase {
    let weights = [0.2, 0.5, 0.3]
    let locs = [-5.0, 0.0, 5.0], scales = [1.0, 1.0, 2.0]

    func components(size: Int) throws -> Variable {
        try stack((0..<3).map { try normal(locs[$0], scales[$0], size: [size]) })
    }

    func categorical(size: [Int]? = nil) throws -> Variable {
        try randomVariable("categorical", [constant(NDArray(weights))], size: size, rng: rng).draw
    }

    /// log Σ_k w_k N(x; μ_k, σ_k) written out.
    func mixtureLogpdf(_ x: Double) -> Double {
        Foundation.log((0..<3).map { weights[$0] * Foundation.exp(normalLogpdf(x, locs[$0], scales[$0])) }.reduce(0, +))
    }

    func testIndexWithNoValueIsSummedOut() throws {
        // components[idx, arange(4)]: each element an independent three-component mixture.
        let idx = try categorical(size: [4])
        let mix = try components(size: 4)[.array(idx), .array(arange(4))]
        let at = [-4.5, 0.3, 6.0, 2.5]
        let lp = try logp(mix, vectorValue(at))
        assertClose(try values(lp), at.map(mixtureLogpdf))
        XCTAssertEqual(lp.ndim, 1)
        // A scalar index picks a whole component: one density for the vector.
        let whole = try components(size: 4)[.scalar(categorical())]
        let joint = try logp(whole, vectorValue(at))
        XCTAssertEqual(joint.ndim, 0)
        let perComponent = (0..<3).map { k in Foundation.log(weights[k]) + at.map { normalLogpdf($0, locs[k], scales[k]) }.reduce(0, +) }
        let top = perComponent.max()!
        let expectedJoint = top + Foundation.log(perComponent.map { Foundation.exp($0 - top) }.reduce(0, +))
        assertClose(try values(joint), [expectedJoint])
        // So does a scalar index with arange: the index is shared by every element.
        let spread = try components(size: 4)[.scalar(categorical()), .array(arange(4))]
        assertClose(try values(logp(spread, vectorValue(at))), [expectedJoint])
        // The log-CDF of the elementwise mixture: log Σ_k w_k Φ_k.
        let cdf = try logcdf(mix, vectorValue(at))
        let expected = at.map { x in Foundation.log((0..<3).map { weights[$0] * Foundation.exp(normalLogcdf(x, locs[$0], scales[$0])) }.reduce(0, +)) }
        assertClose(try values(cdf), expected)
    }

    func testStackedScalarsPickedByAScalarIndex() throws {
        // stack([N(-5, 1), N(0, 1), N(5, 2)])[idx]: the three-component mixture of scalars.
        let scalars = try stack((0..<3).map { try normal(locs[$0], scales[$0]) })
        for at in [-4.2, 0.7, 5.5] {
            assertClose(try values(logp(scalars[.scalar(categorical())], constant(at))), [mixtureLogpdf(at)])
        }
        // A non-random index reads one component.
        assertClose(try values(logp(scalars[.scalar(constant(2))], constant(4.0))), [normalLogpdf(4, 5, 2)])
        // A Bernoulli index: P(1) = 0.25 picks the second.
        let pair = try stack([normal(0, 1), normal(5, 1)])[.scalar(rv("bernoulli", [0.25]))]
        let expected = Foundation.log(0.75 * Foundation.exp(normalLogpdf(1, 0, 1)) + 0.25 * Foundation.exp(normalLogpdf(1, 5, 1)))
        assertClose(try values(logp(pair, constant(1.0))), [expected])
    }

    func testIndexWithAValueConditions() throws {
        let idx = try categorical(size: [4])
        let mix = try components(size: 4)[.array(idx), .array(arange(4))]
        let idxValue = vector("idx_value", dtype: .int64), mixValue = vector("mix_value")
        let terms = try conditionalLogp([(idx, idxValue), (mix, mixValue)])
        let chosen: [Int64] = [2, 0, 1, 1]
        let at = [4.0, -5.5, 0.2, -0.4]
        let givens: [Variable: NDArray] = [idxValue: NDArray(chosen), mixValue: NDArray(at)]
        assertClose(try values(terms[0], givens), chosen.map { Foundation.log(weights[Int($0)]) })
        assertClose(try values(terms[1], givens), at.indices.map { normalLogpdf(at[$0], locs[Int(chosen[$0])], scales[Int(chosen[$0])]) })
    }

    func testBernoulliSwitchIsATwoComponentMixture() throws {
        let cond = try rv("bernoulli", [0.3], size: [3])
        let y = try ifElse(cond, normal(0, 1, size: [3]), normal(4, 1, size: [3]))
        let at = [0.5, 2.0, 4.2]
        let expected = at.map { Foundation.log(0.3 * Foundation.exp(normalLogpdf($0, 0, 1)) + 0.7 * Foundation.exp(normalLogpdf($0, 4, 1))) }
        assertClose(try values(logp(y, vectorValue(at))), expected)
        // With a value for the condition, the chosen branch's density.
        let condValue = vector("cond_value", dtype: .int64)
        let terms = try conditionalLogp([(cond, condValue), (y, vectorValue(at))])
        assertClose(try values(terms[1], [condValue: NDArray([Int64(1), 0, 0])]),
                    [normalLogpdf(0.5, 0, 1), normalLogpdf(2, 4, 1), normalLogpdf(4.2, 4, 1)])
        // A scalar condition shared by a vector: one joint density.
        let shared = try ifElse(rv("bernoulli", [0.3]), normal(0, 1, size: [3]), normal(4, 1, size: [3]))
        let a = at.map { normalLogpdf($0, 0, 1) }.reduce(0, +), b = at.map { normalLogpdf($0, 4, 1) }.reduce(0, +)
        assertClose(try values(logp(shared, vectorValue(at))), [Foundation.log(0.3 * Foundation.exp(a) + 0.7 * Foundation.exp(b))])
    }

    func testSummedOutMixtureIsDifferentiable() throws {
        let v = vector("v", length: 4)
        try checkGradient([v], [NDArray([-4.5, 0.3, 6.0, 2.5])]) { inputs in
            let mix = try self.components(size: 4)[.array(self.categorical(size: [4])), .array(arange(4))]
            return try logp(mix, inputs[0])
        }
    }

    func testMixturesThatCannotBeSummedOut() throws {
        let idx = try categorical(size: [4])
        idx.name = "idx"
        // idx picks whole rows: equal values would pick one draw twice.
        assertThrows(.notImplemented, ["'idx'", "same draw twice"]) {
            _ = try logp(self.components(size: 4)[.array(idx)], constant(try NDArray([Double](repeating: 0, count: 16), shape: [4, 4])))
        }
        // idx also sets the mean of another scored variable.
        let mix = try components(size: 4)[.array(idx), .array(arange(4))]
        mix.name = "mix"
        let other = try randomVariable("normal", [cast(idx, to: .float64), constant(1.0)], rng: rng).draw
        other.name = "other"
        assertThrows(.notImplemented, ["'idx' is summed out of the mixture 'mix'", "'other'"]) {
            _ = try conditionalLogp([(mix, self.vectorValue([0, 0, 0, 0])), (other, self.vectorValue([0, 0, 0, 0]))])
        }
        // Components that depend on their own index.
        let selfish = try stack([cast(idx, to: .float64) + normal(0, 1, size: [4]), normal(3, 1, size: [4])])[.array(idx), .array(arange(4))]
        assertThrows(.notImplemented, ["selector 'idx'", "both depend on 'idx'"]) { _ = try logp(selfish, self.vectorValue([0, 0, 0, 0])) }
        // A switch on a variable's own sign is no mixture.
        let x = try normal(0, 1, size: [3])
        x.name = "x"
        assertThrows(.notImplemented, ["both depend on 'x'"]) {
            _ = try logp(ifElse(x > constant(0.0), x, 2.0 * x), self.vectorValue([0, 0, 0]))
        }
        // Two random indices.
        let second = try categorical(size: [4])
        assertThrows(.notImplemented, ["2 random indices"]) {
            _ = try logp(self.components(size: 4)[.array(idx), .array(second)], self.vectorValue([0, 0, 0, 0]))
        }
    }
}
