// MeasurableElemwiseTests.swift — abs, powers and switch of random variables against closed forms written out here.

import Foundation
import SwiftPPL
import XCTest
import _TestSupport

final class MeasurableElemwiseTests: MeasurableTestCase {
    func testAbsIsTheFoldedNormal() throws {
        // |X|, X ~ N(0.7, 1.3): f(y) = φ_σ(y - μ) + φ_σ(y + μ) for y >= 0, 0 below.
        let x = try normal(0.7, 1.3)
        let v = scalar("v")
        let lp = try logp(abs(x), v)
        for y in [0.0, 0.4, 1.1, 3.5] {
            let expected = Foundation.log(exp(normalLogpdf(y, 0.7, 1.3)) + exp(normalLogpdf(-y, 0.7, 1.3)))
            assertClose(try values(lp, [v: NDArray(scalar: y)]), [expected])
        }
        XCTAssertEqual(try values(lp, [v: NDArray(scalar: -0.2)]), [-Double.infinity])
    }

    func testSquareAndSquareRoot() throws {
        // X² for X ~ N(0.5, 2): (φ(√y) + φ(-√y)) / (2√y).
        let x = try normal(0.5, 2)
        let v = scalar("v")
        let square = try logp(sqr(x), v)
        for y in [0.3, 2.0, 9.0] {
            let r = y.squareRoot()
            let expected = Foundation.log((exp(normalLogpdf(r, 0.5, 2)) + exp(normalLogpdf(-r, 0.5, 2))) / (2 * r))
            assertClose(try values(square, [v: NDArray(scalar: y)]), [expected])
        }
        XCTAssertEqual(try values(square, [v: NDArray(scalar: -1.0)]), [-Double.infinity])
        // sqrt(exp(Z)) = exp(Z / 2) is log-normal with (μ/2, σ/2).
        let root = try logp(sqrt(exp(x)), v)
        for y in [0.2, 1.0, 3.0] {
            assertClose(try values(root, [v: NDArray(scalar: y)]), [normalLogpdf(Foundation.log(y), 0.25, 1) - Foundation.log(y)])
        }
        // x ** 3 is a bijection: f(y) = φ(y^(1/3)) / (3 y^(2/3)), negative y included.
        let cube = try logp(pow(x, constant(3.0)), v)
        for y in [-8.0, 0.5, 27.0] {
            let r = y < 0 ? -Foundation.pow(-y, 1.0 / 3) : Foundation.pow(y, 1.0 / 3)
            assertClose(try values(cube, [v: NDArray(scalar: y)]), [normalLogpdf(r, 0.5, 2) - Foundation.log(3 * r * r)], 1e-11)
        }
    }

    func testSwitchWithNonRandomCondition() throws {
        // Each element has the chosen branch's density.
        let a = try normal(0, 1, size: [3]), b = try normal(5, 2, size: [3])
        let cond = constant(try NDArray(bools: [true, false, true], shape: [3]))
        let y = try ifElse(cond, a, b)
        let at = [0.3, 4.0, -1.2]
        assertClose(try values(logp(y, vectorValue(at))), [normalLogpdf(0.3, 0, 1), normalLogpdf(4, 5, 2), normalLogpdf(-1.2, 0, 1)])
        // A broadcast condition picks whole rows.
        let rows = constant(try NDArray(bools: [false, true], shape: [2, 1]))
        let m = try ifElse(rows, normal(0, 1, size: [2, 2]), normal(3, 1, size: [2, 2]))
        let mv = constant(try NDArray([1.0, 2.0, 3.0, 4.0], shape: [2, 2]))
        assertClose(try values(logp(m, mv)), [normalLogpdf(1, 3, 1), normalLogpdf(2, 3, 1), normalLogpdf(3, 0, 1), normalLogpdf(4, 0, 1)])
    }

    func testSwitchErrors() throws {
        let a = try normal(0, 1, size: [3])
        a.name = "a"
        let cond = constant(try NDArray(bools: [true, false, true], shape: [3]))
        assertThrows(.notImplemented, ["switch branch", "not random"]) {
            _ = try logp(ifElse(cond, a, constant(NDArray([0.0, 0.0, 0.0]))), self.vectorValue([0, 0, 0]))
        }
        // A scalar branch broadcast to three elements repeats one draw.
        assertThrows(.value, ["repeating its draws"]) {
            _ = try logp(ifElse(cond, a, self.normal(0, 1)), self.vectorValue([0, 0, 0]))
        }
    }
}
