// LBFGSTests.swift — L-BFGS on functions with known minimizers: quadratics, Rosenbrock, a barrier with a restricted domain.

import Foundation
import Optimization
import XCTest

final class LBFGSTests: XCTestCase {
    /// f(x) = ½ Σ d_i (x_i − c_i)² with d from 1e-3 to 1e3: minimizer c, exactly.
    func testIllConditionedQuadratic() throws {
        let n = 30
        let d = (0..<n).map { pow(10, -3 + 6 * Double($0) / Double(n - 1)) }
        let c = (0..<n).map { sin(Double($0)) }
        var options = LBFGSOptions()
        options.gradientTolerance = 1e-10
        options.functionTolerance = 0
        let r = try minimizeLBFGS(start: Array(repeating: 0, count: n), options: options) { x, g in
            var f = 0.0
            for i in 0..<n {
                g[i] = d[i] * (x[i] - c[i])
                f += 0.5 * d[i] * (x[i] - c[i]) * (x[i] - c[i])
            }
            return f
        }
        XCTAssertEqual(r.stop, .gradient)
        for i in 0..<n { XCTAssertEqual(r.x[i], c[i], accuracy: 1e-10 / d[i] * 10) }
        // SciPy's L-BFGS-B (m = 10, pgtol 1e-10) needs 5986 iterations on this problem.
        XCTAssertLessThan(r.iterations, 7000)
    }

    /// The extended Rosenbrock function: minimum 0 at (1, ..., 1).
    func testRosenbrock() throws {
        for n in [2, 10] {
            var options = LBFGSOptions()
            options.gradientTolerance = 1e-9
            options.functionTolerance = 0
            let start = (0..<n).map { $0 % 2 == 0 ? -1.2 : 1.0 }
            let r = try minimizeLBFGS(start: start, options: options) { x, g in
                var f = 0.0
                for i in 0..<n { g[i] = 0 }
                for i in stride(from: 0, to: n - 1, by: 2) {
                    let t1 = 1 - x[i], t2 = x[i + 1] - x[i] * x[i]
                    f += t1 * t1 + 100 * t2 * t2
                    g[i] += -2 * t1 - 400 * x[i] * t2
                    g[i + 1] += 200 * t2
                }
                return f
            }
            XCTAssertTrue(r.converged, "\(r.stop)")
            for v in r.x { XCTAssertEqual(v, 1, accuracy: 1e-6) }
            XCTAssertLessThan(r.value, 1e-12)
        }
    }

    /// f(x) = x − log x is +inf (NaN from log) for x ≤ 0: the line search backs off; minimum at 1.
    func testRestrictedDomain() throws {
        let r = try minimizeLBFGS(start: [30]) { x, g in
            g[0] = 1 - 1 / x[0]
            return x[0] - log(x[0])
        }
        XCTAssertTrue(r.converged)
        XCTAssertEqual(r.x[0], 1, accuracy: 1e-4)
    }

    func testErrors() throws {
        XCTAssertThrowsError(try minimizeLBFGS(start: []) { _, _ in 0 })
        XCTAssertThrowsError(try minimizeLBFGS(start: [-1]) { x, g in g[0] = 0; return log(x[0]) }) {
            XCTAssertTrue("\($0)".contains("not finite at the starting point"), "\($0)")
        }
        var bad = LBFGSOptions()
        bad.c1 = 0.95
        XCTAssertThrowsError(try minimizeLBFGS(start: [0], options: bad) { x, g in g[0] = x[0]; return 0.5 * x[0] * x[0] })
        // The objective's own errors propagate.
        struct Boom: Error {}
        XCTAssertThrowsError(try minimizeLBFGS(start: [0]) { _, _ in throw Boom() })
        // Evaluation budget.
        var few = LBFGSOptions()
        few.maxEvaluations = 3
        let r = try minimizeLBFGS(start: [-1.2, 1], options: few) { x, g in
            let t1 = 1 - x[0], t2 = x[1] - x[0] * x[0]
            g[0] = -2 * t1 - 400 * x[0] * t2
            g[1] = 200 * t2
            return t1 * t1 + 100 * t2 * t2
        }
        XCTAssertEqual(r.stop, .maxEvaluations)
        XCTAssertFalse(r.converged)
    }
}
