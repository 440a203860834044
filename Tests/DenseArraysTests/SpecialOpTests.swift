// SpecialOpTests.swift — the special-function scalar ops (erfcx ... betainc_grad_b) through both kernel paths, against mpmath's values with SciPy's semantics at the edges (SpecialOpsReference.swift, IncompleteOpsReference.swift).

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

    func testIncompleteGamma() throws {
        let rows = { (table: [(a: Double, x: Double, want: Double)]) in table.map { ($0.a, $0.x, $0.want) } }
        // Up to 7e-14 in the far tails (P(1e4, 8000) = 6e-103, Q(3, 700) = 2e-299): e^(-x) x^a carries
        // about x ulps there.
        try checkBinary(.gammainc, rows(IncompleteOpsReference.gammainc), rtol: 1e-13)
        try checkBinary(.gammaincc, rows(IncompleteOpsReference.gammaincc), rtol: 1e-13)
        try checkBinary(.gammaincGrad, rows(IncompleteOpsReference.gammaincGrad), rtol: 1e-13)
        let inverse = { (table: [(a: Double, p: Double, want: Double)]) in table.map { ($0.a, $0.p, $0.want) } }
        try checkBinary(.gammaincinv, inverse(IncompleteOpsReference.gammaincinv), rtol: 1e-14)
        try checkBinary(.gammainccinv, inverse(IncompleteOpsReference.gammainccinv), rtol: 1e-14)
        // ∂P/∂a at the ends of the x range (no SciPy counterpart for its special values).
        let ends = try bothPaths(.gammaincGrad, [[2.5, 2.5, 0, -1, .nan], [0, .infinity, 1, 1, 1]])
        XCTAssertEqual(Array(ends[0..<2]), [0, 0])
        XCTAssertTrue(ends[2...].allSatisfy(\.isNaN), "\(ends)")
    }

    func testIncompleteBeta() throws {
        let columns = { (table: [(a: Double, b: Double, x: Double, want: Double)]) in
            (columns: [table.map(\.a), table.map(\.b), table.map(\.x)], want: table.map(\.want))
        }
        for (op, table, rtol) in [(ScalarOp.betainc, IncompleteOpsReference.betainc, 1e-13),
                                  (.betaincGradA, IncompleteOpsReference.betaincGradA, 1e-12),
                                  (.betaincGradB, IncompleteOpsReference.betaincGradB, 1e-12)] {
            let (arguments, want) = columns(table)
            try assertMatches(op, arguments, bothPaths(op, arguments), want, rtol: rtol)
        }
        let inverse = IncompleteOpsReference.betaincinv.map { (a: $0.a, b: $0.b, x: $0.p, want: $0.want) }
        let (arguments, want) = columns(inverse)
        try assertMatches(.betaincinv, arguments, bothPaths(.betaincinv, arguments), want, rtol: 1e-13)
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
        for op in [ScalarOp.polygamma, .betaln, .xlogy0, .gammainc, .gammaincinv] {
            // Small integers (polygamma's orders, and x = 0 for xlogy0) and fractions.
            let xs = (0..<n).map { Double($0 % 9) + ($0 % 2 == 0 ? 0 : 0.37) }
            let program = ElementwiseProgram(inputCount: 2, instructions: [.init(op, [0, 1])], output: 2, outputType: .float64)
            let fixed = op == .polygamma ? 2.0 : (op == .gammaincinv ? 0.25 : 1.5)
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

    /// A ternary special function in a fused program with two operands broadcast (read with stride
    /// 0), each position varying in turn, against the same op applied elementwise.
    func testFusedTernaryBroadcast() throws {
        let n = 500
        let fractions = (0..<n).map { (Double($0) + 0.5) / Double(n) }
        let fixed = [1.5, 3.0, 0.4]
        for op in [ScalarOp.betainc, .betaincinv] {
            let program = ElementwiseProgram(inputCount: 3, instructions: [.init(op, [0, 1, 2])], output: 3, outputType: .float64)
            for varying in 0..<3 {
                let values = varying == 2 ? fractions : fractions.map { 0.5 + 10 * $0 }
                let inputs = (0..<3).map { $0 == varying ? doubles(values, [n]) : doubles([fixed[$0]], [1]) }
                let fused = try NDArray.empty(.float64, [n])
                try program.run(inputs, into: fused)
                let columns = (0..<3).map { $0 == varying ? values : Array(repeating: fixed[$0], count: n) }
                let want = try bothPaths(op, columns)
                XCTAssertEqual(fused.doubles.map(\.bitPattern), want.map(\.bitPattern), "\(op.name), varying \(varying)")
            }
        }
    }
}
