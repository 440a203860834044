// MeasurableTestCase.swift — what the measurable-operation tests share: a generator, random variables by name, evaluation and closed-form densities.

import Foundation
import SwiftPPL
import XCTest

class MeasurableTestCase: XCTestCase {
    let rng = try! sharedRandomGenerator(seed: 1)

    func values(_ v: Variable, _ givens: [Variable: NDArray] = [:]) throws -> [Double] {
        try evaluate([v], givens: givens)[0].doubles
    }

    func rv(_ name: String, _ params: [Double], size: [Int]? = nil) throws -> Variable {
        try randomVariable(name, params.map { constant($0) }, size: size, rng: rng).draw
    }

    func normal(_ mu: Double, _ sigma: Double, size: [Int]? = nil) throws -> Variable {
        try rv("normal", [mu, sigma], size: size)
    }

    func normal(_ mu: [Double], _ sigma: Double) throws -> Variable {
        try randomVariable("normal", [constant(NDArray(mu)), constant(sigma)], rng: rng).draw
    }

    /// log N(x; mu, sigma) written out.
    func normalLogpdf(_ x: Double, _ mu: Double, _ sigma: Double) -> Double {
        -0.5 * pow((x - mu) / sigma, 2) - Foundation.log(sigma) - 0.5 * Foundation.log(2 * Double.pi)
    }

    /// log Φ((x - mu) / sigma) from the complementary error function (accurate in the lower tail).
    func normalLogcdf(_ x: Double, _ mu: Double, _ sigma: Double) -> Double {
        Foundation.log(0.5 * Foundation.erfc(-(x - mu) / (sigma * 2.0.squareRoot())))
    }

    /// log(1 - Φ((x - mu) / sigma)).
    func normalLogsf(_ x: Double, _ mu: Double, _ sigma: Double) -> Double {
        Foundation.log(0.5 * Foundation.erfc((x - mu) / (sigma * 2.0.squareRoot())))
    }

    func assertClose(_ a: [Double], _ b: [Double], _ tol: Double = 1e-12, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (u, v) in zip(a, b) {
            if v.isInfinite || u.isInfinite {
                XCTAssertEqual(u, v, file: file, line: line)
            } else {
                XCTAssertEqual(u, v, accuracy: tol * max(1, Swift.abs(v)), file: file, line: line)
            }
        }
    }

    func vectorValue(_ xs: [Double]) -> Variable { constant(NDArray(xs)) }
}
