// TransformTests.swift — each value transform: round trips, and log|det J| against the Jacobian of `backward` computed by autodiff.

import SwiftPPL
import XCTest
import _TestSupport

final class TransformTests: XCTestCase {
    /// Values of `v` at `values`.
    func value(_ v: Variable, _ givens: [Variable: NDArray]) throws -> [Double] {
        try evaluate([v], givens: givens)[0].doubles
    }

    func assertClose(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-10, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (u, v) in zip(a, b) { XCTAssertEqual(u, v, accuracy: tolerance * max(1, abs(v)), file: file, line: line) }
    }

    /// Elementwise transforms: backward(forward(x)) = x, and log|det J| = log|d backward/dy| per element.
    func checkElementwise(_ t: ValueTransform, support: [Double], file: StaticString = #filePath, line: UInt = #line) throws {
        let x = vector("x", length: support.count), y = vector("y", length: support.count)
        let xs = NDArray(support)
        assertClose(try value(t.backward(t.forward(x)), [x: xs]), support, file: file, line: line)
        let ys = try NDArray(value(t.forward(x), [x: xs]))
        let slope = try grad(sum(t.backward(y)), wrt: [y])[0]
        let expected = try value(slope, [y: ys]).map { log(abs($0)) }
        assertClose(try value(t.logJacobianDeterminant(y), [y: ys]), expected, 1e-9, file: file, line: line)
    }

    func testLogLogOddsIntervalCircular() throws {
        try checkElementwise(LogTransform(), support: [1e-3, 0.5, 2.0, 40.0])
        try checkElementwise(LogOddsTransform(), support: [1e-4, 0.3, 0.5, 0.999])
        let a = constant(-2.0), b = constant(3.0)
        try checkElementwise(try IntervalTransform(lower: a, upper: b), support: [-1.99, -0.5, 1.0, 2.9])
        try checkElementwise(try IntervalTransform(lower: a, upper: nil), support: [-1.99, 0.0, 50.0])
        try checkElementwise(try IntervalTransform(lower: nil, upper: b), support: [-40.0, 0.0, 2.99])
        let t = CircularTransform()
        let x = vector("x", length: 3)
        assertClose(try value(t.forward(x), [x: NDArray([0.5, 4.0, -4.0])]), [0.5, 4.0 - 2 * .pi, -4.0 + 2 * .pi])
        XCTAssertEqual(try value(t.logJacobianDeterminant(x), [x: NDArray([0.5, 4.0, -4.0])]), [0, 0, 0])
        XCTAssertThrowsError(try IntervalTransform(lower: nil, upper: nil))
    }

    /// Vector transforms: round trip, and log|det J| from the Jacobian of the map from y
    /// to the free coordinates of x (`free` selects them).
    func checkVector(_ t: ValueTransform, point: [Double], free: (Variable) throws -> Variable,
                     file: StaticString = #filePath, line: UInt = #line) throws {
        let x = vector("x", length: point.count)
        assertClose(try value(t.backward(t.forward(x)), [x: NDArray(point)]), point, 1e-10, file: file, line: line)
        let ys = try NDArray(value(t.forward(x), [x: NDArray(point)]))
        let y = vector("y", length: ys.count)
        let jac = try jacobian(free(t.backward(y)), wrt: [y])[0]
        let expected = try value(slogdet(jac).logAbsDet, [y: ys])
        assertClose(try value(t.logJacobianDeterminant(y), [y: ys]), expected, 1e-9, file: file, line: line)
    }

    func dropLast(_ v: Variable) throws -> Variable { try v[.slice(nil, constant(-1), nil)] }

    func testSimplexStickBreakingSumTo1() throws {
        let point = [0.1, 0.25, 0.05, 0.6]
        try checkVector(SimplexTransform(), point: point, free: dropLast)
        try checkVector(StickBreakingTransform(), point: point, free: dropLast)
        try checkVector(SumTo1Transform(), point: [0.3, -0.2, 0.9], free: dropLast)
        // Stick-breaking maps 0 to the uniform point.
        let y = vector("y", length: 3)
        assertClose(try value(StickBreakingTransform().backward(y), [y: NDArray([0.0, 0.0, 0.0])]), [0.25, 0.25, 0.25, 0.25], 1e-14)
    }

    func testOrderedAndPackedCholesky() throws {
        try checkVector(OrderedTransform(), point: [-1.5, 0.2, 0.21, 3.0], free: { $0 })
        // A 3 x 3 Cholesky factor packed row by row: L00, L10, L11, L20, L21, L22.
        try checkVector(try CholeskyCovPackedTransform(n: 3), point: [1.2, -0.3, 0.8, 0.5, 0.1, 2.0], free: { $0 })
    }

    func testZeroSumIsAnIsometryOntoTheSubspace() throws {
        let t = try ZeroSumTransform()
        let x = vector("x", length: 4)
        let point = [0.5, -1.0, 2.0, -1.5]  // sums to zero
        assertClose(try value(t.backward(t.forward(x)), [x: NDArray(point)]), point, 1e-12)
        let y = vector("y", length: 3)
        let back = try t.backward(y)
        XCTAssertEqual(try value(sum(back), [y: NDArray([0.3, -0.7, 1.1])])[0], 0, accuracy: 1e-14)
        // Columns of the Jacobian are orthonormal: log sqrt(det(JᵀJ)) = 0 = log|det J|.
        let jac = try jacobian(back, wrt: [y])[0]
        let gram = try matmul(matrixTranspose(jac), jac)
        let logVolume = try 0.5 * slogdet(gram).logAbsDet
        XCTAssertEqual(try value(logVolume, [y: NDArray([0.3, -0.7, 1.1])])[0], 0, accuracy: 1e-12)
        XCTAssertEqual(try value(t.logJacobianDeterminant(y), [y: NDArray([0.3, -0.7, 1.1])]), [0])
    }

    func testChainedTransform() throws {
        // x in (e^-1, e^5): log maps it into (-1, 5), which the interval maps to the real line.
        let t = try ChainedTransform([LogTransform(), try IntervalTransform(lower: constant(-1.0), upper: constant(5.0))])
        XCTAssertEqual(t.name, "log_interval")
        try checkElementwise(t, support: [0.5, 1.0, 20.0, 140.0])
    }
}
