// SpecialOpTests.swift — the special-function scalar ops (erfcx ... xlogy0) through both kernel paths, against mpmath's values with SciPy's semantics at the edges (SpecialOpsReference.swift).

import DenseArrays
import XCTest

final class SpecialOpTests: XCTestCase {
    /// `op` over columns of arguments through ScalarOp.apply and through a one-instruction fused
    /// program; the two must give the same bits.
    func bothPaths(_ op: ScalarOp, _ columns: [[Double]], file: StaticString = #filePath, line: UInt = #line) throws -> [Double] {
        let (direct, fused) = try bothKernelPaths(op, columns)
        for (i, (a, b)) in zip(direct, fused).enumerated() where !(a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)) {
            XCTFail("\(op.name)\(columns.map { $0[i] }): NDArray loop \(a), fused program \(b)", file: file, line: line)
        }
        return direct
    }

    /// Relative error within `rtol`; NaN, infinities and zeros exactly where the reference has them.
    func assertMatches(_ op: ScalarOp, _ arguments: [[Double]], _ got: [Double], _ want: [Double], rtol: Double,
                       file: StaticString = #filePath, line: UInt = #line) {
        for i in want.indices {
            let g = got[i], w = want[i]
            let ok = w.isNaN ? g.isNaN : (w.isInfinite || w == 0 ? g == w : Swift.abs(g - w) <= rtol * Swift.abs(w))
            if !ok {
                XCTFail("\(op.name)\(arguments.map { $0[i] }): got \(g), reference \(w)", file: file, line: line)
            }
        }
    }

    func checkUnary(_ op: ScalarOp, _ rows: [(x: Double, want: Double)], rtol: Double,
                    file: StaticString = #filePath, line: UInt = #line) throws {
        let xs = rows.map(\.x)
        let got = try bothPaths(op, [xs], file: file, line: line)
        assertMatches(op, [xs], got, rows.map(\.want), rtol: rtol, file: file, line: line)
    }

    func checkBinary(_ op: ScalarOp, _ rows: [(Double, Double, Double)], rtol: Double,
                     file: StaticString = #filePath, line: UInt = #line) throws {
        let columns = [rows.map(\.0), rows.map(\.1)]
        let got = try bothPaths(op, columns, file: file, line: line)
        assertMatches(op, columns, got, rows.map(\.2), rtol: rtol, file: file, line: line)
    }

    func testErrorFunctionFamily() throws {
        try checkUnary(.erfcx, SpecialOpsReference.erfcx, rtol: 2e-15)
        try checkUnary(.erfinv, SpecialOpsReference.erfinv, rtol: 2e-15)
        try checkUnary(.erfcinv, SpecialOpsReference.erfcinv, rtol: 2e-15)
        try checkUnary(.logNdtr, SpecialOpsReference.logNdtr, rtol: 2e-15)
        try checkUnary(.ndtri, SpecialOpsReference.ndtri, rtol: 2e-15)
    }

    func testBessel() throws {
        try checkUnary(.i0, SpecialOpsReference.i0, rtol: 5e-15)
        try checkUnary(.i1, SpecialOpsReference.i1, rtol: 5e-15)
        try checkUnary(.i0e, SpecialOpsReference.i0e, rtol: 5e-15)
        try checkUnary(.i1e, SpecialOpsReference.i1e, rtol: 5e-15)
    }

    func testBesselSymmetry() throws {
        let xs = [0.3, 2.0, 29.9, 30.1, 100.0, 712.0]
        let negative = xs.map { -$0 }
        XCTAssertEqual(try bothPaths(.i0, [negative]), try bothPaths(.i0, [xs]))
        XCTAssertEqual(try bothPaths(.i1, [negative]), try bothPaths(.i1, [xs]).map { -$0 })
        XCTAssertEqual(try bothPaths(.i1e, [negative]), try bothPaths(.i1e, [xs]).map { -$0 })
        // The sign of zero follows x for the odd functions.
        XCTAssertEqual(try bothPaths(.i1, [[-0.0]])[0].sign, .minus)
        XCTAssertEqual(try bothPaths(.i1e, [[-0.0]])[0].sign, .minus)
    }

    func testXLogs() throws {
        try checkUnary(.xlogx, SpecialOpsReference.xlogx, rtol: 2e-15)
        try checkBinary(.xlogy0, SpecialOpsReference.xlogy0.map { ($0.x, $0.y, $0.want) }, rtol: 2e-15)
    }

    func testPolygamma() throws {
        try checkBinary(.polygamma, SpecialOpsReference.polygamma.map { ($0.n, $0.x, $0.want) }, rtol: 2e-14)
        // Orders past 170 (n! overflows; SciPy gives inf or NaN) and non-finite orders are NaN.
        let got = try bothPaths(.polygamma, [[171, 1e20, .infinity, -.infinity, 2.5], [50, 2, 2, 2, 2]])
        XCTAssertTrue(got.allSatisfy(\.isNaN), "\(got)")
    }

    func testBetaln() throws {
        try checkBinary(.betaln, SpecialOpsReference.betaln.map { ($0.a, $0.b, $0.want) }, rtol: 2e-15)
        // Symmetric in its arguments.
        let a = [0.5, 3.0, 1e-8, 40.0, 1e12], b = [2.0, 0.25, 7.0, 1e5, 3.0]
        XCTAssertEqual(try bothPaths(.betaln, [a, b]), try bothPaths(.betaln, [b, a]))
    }

    /// Integer and bool inputs compute in float64 (an int64 polygamma order is the common case).
    func testIntegerAndBoolInputs() throws {
        let rows = SpecialOpsReference.polygamma.filter { $0.n <= 10 && $0.n == $0.n.rounded() && $0.x.isFinite && $0.x > 0 }
        let n = ints(rows.map { Int64($0.n) }, [rows.count]), x = doubles(rows.map(\.x), [rows.count])
        let out = try elementwise(.polygamma, n, x)
        XCTAssertEqual(out.dtype, .float64)
        assertMatches(.polygamma, [rows.map(\.n), rows.map(\.x)], out.doubles, rows.map(\.want), rtol: 2e-14)
        let flags = try elementwise(.erfcx, bools([true, false], [2]))
        XCTAssertEqual(flags.dtype, .float64)
        XCTAssertEqual(flags.doubles, try bothPaths(.erfcx, [[1, 0]]))
    }

    /// Binary special functions in a fused program with one operand broadcast (the scalar-register
    /// loops), against the same op applied elementwise.
    func testFusedBroadcastOperands() throws {
        let n = 700
        for op in [ScalarOp.polygamma, .betaln, .xlogy0] {
            // Small integers (polygamma's orders, and x = 0 for xlogy0) and fractions.
            let xs = (0..<n).map { Double($0 % 9) + ($0 % 2 == 0 ? 0 : 0.37) }
            let program = ElementwiseProgram(inputCount: 2, instructions: [.init(op, [0, 1])], output: 2, outputType: .float64)
            let fixed = op == .polygamma ? 2.0 : 1.5
            for scalarFirst in [true, false] {
                let scalar = doubles([fixed], [1]), vector = doubles(xs, [n])
                let inputs = scalarFirst ? [scalar, vector] : [vector, scalar]
                let fused = try NDArray.empty(.float64, [n])
                try program.run(inputs, into: fused)
                let columns = scalarFirst ? [Array(repeating: fixed, count: n), xs] : [xs, Array(repeating: fixed, count: n)]
                let want = try bothPaths(op, columns)
                XCTAssertEqual(fused.doubles.map(\.bitPattern), want.map(\.bitPattern), "\(op.name), scalar first: \(scalarFirst)")
            }
        }
    }
}
