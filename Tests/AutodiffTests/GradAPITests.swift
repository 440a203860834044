// GradAPITests.swift — grad/jacobian/hessian entry points: closed forms and errors.

import SwiftPPL
import _TestSupport
import XCTest

final class GradAPITests: XCTestCase {
    func testGradOfQuadraticIsLinear() throws {
        let x = vector("x")
        let g = try grad(sum(sqr(x)), wrt: [x])[0]
        let out = try evaluate([g], givens: [x: NDArray([1.0, -2.0, 3.5])])[0]
        XCTAssertEqual(out.doubles, [2.0, -4.0, 7.0])
    }

    func testJacobianAndHessianClosedForms() throws {
        let x = vector("x", length: 3)
        let jac = try jacobian(exp(x), wrt: [x])[0]
        let hess = try hessian(sum(x * x * x), wrt: [x])[0]
        let value = NDArray([0.5, -1.0, 2.0])
        let (j, h) = try { () throws -> (NDArray, NDArray) in
            let r = try evaluate([jac, hess], givens: [x: value])
            return (r[0], r[1])
        }()
        XCTAssertEqual(j.shape, [3, 3])
        XCTAssertEqual(h.shape, [3, 3])
        for i in 0..<3 {
            for k in 0..<3 {
                let xi = value.doubles[i]
                XCTAssertEqual(j.doubles[i * 3 + k], i == k ? Foundation_exp(xi) : 0, accuracy: 1e-12)
                XCTAssertEqual(h.doubles[i * 3 + k], i == k ? 6 * xi : 0, accuracy: 1e-12)
            }
        }
    }

    func testErrors() throws {
        let x = vector("x"), y = scalar("y"), n = scalar("n", dtype: .int64)
        XCTAssertThrowsError(try grad(x, wrt: [x]))  // not a scalar
        XCTAssertThrowsError(try grad(sum(x), wrt: [y])) { error in
            XCTAssertTrue((error as! SPPLError).message.contains("does not depend on y"))
        }
        XCTAssertThrowsError(try grad(sum(x), wrt: [n]))
        let zero = try grad(sum(x), wrt: [y], disconnected: .ignore)[0]
        XCTAssertEqual(try evaluate([zero], givens: [y: NDArray(scalar: 3.0)])[0].doubles, [0.0])
    }

    func testGradientThroughIntegerIndexIgnoresTheIndex() throws {
        let x = vector("x"), i = scalar("i", dtype: .int64)
        let g = try grad(x[.scalar(i)] * 3.0, wrt: [x])[0]
        let out = try evaluate([g], givens: [x: NDArray([1.0, 2.0, 3.0]), i: NDArray(scalar: Int64(1))])[0]
        XCTAssertEqual(out.doubles, [0.0, 3.0, 0.0])
    }
}

/// e^x without Foundation.
func Foundation_exp(_ x: Double) -> Double {
    var term = 1.0, total = 1.0
    for k in 1..<60 {
        term *= x / Double(k)
        total += term
    }
    return total
}
