// TranscendentalKernelTests.swift — exp, expm1, log, log1p and the logistic family through both kernel
// paths: the NDArray loops (ScalarOp.apply) and fused programs (ElementwiseProgram) must give the same
// bits, at ordinary arguments, special values and across the chunk boundary of fused programs.

import DenseArrays
import SpecialFunctions
import XCTest

final class TranscendentalKernelTests: XCTestCase {
    /// Arguments covering each function's domain and its special values, 1500 of them (more
    /// than two 512-element chunks, so the vector loop bodies and their remainders both run).
    func arguments() -> [Double] {
        var xs: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                            .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                            709.782712893384, 709.7827128933841, -745.1332191019411, -746, 1e-300, -1e-300,
                            0.6931471805599453, -0.6931471805599453, -40, -35, 18, 33.3, -37, 1e-17, -0.9999999999999999]
        var state: UInt64 = 7
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        while xs.count < 1500 {
            let u = next()
            switch xs.count % 4 {
            case 0: xs.append(-800 + 1600 * u)
            case 1: xs.append(-4 + 8 * u)
            case 2: xs.append(Double.exp(-700 + 1400 * u))  // positive, log-uniform
            default: xs.append(-1e-8 + 2e-8 * u)
            }
        }
        return xs
    }

    /// `op` over `xs` through ScalarOp.apply and through a one-instruction fused program.
    func bothPaths(_ op: ScalarOp, _ inputs: [[Double]]) throws -> (direct: [Double], fused: [Double]) {
        try bothKernelPaths(op, inputs)
    }

    func assertSameBits(_ a: [Double], _ b: [Double], _ xs: [Double], _ name: String,
                        file: StaticString = #filePath, line: UInt = #line) {
        for i in a.indices where !(a[i].bitPattern == b[i].bitPattern || (a[i].isNaN && b[i].isNaN)) {
            XCTFail("\(name)(\(xs[i])): NDArray loop \(a[i]), fused program \(b[i])", file: file, line: line)
        }
    }

    func testUnaryOpsGiveTheSameBitsOnBothPaths() throws {
        let xs = arguments()
        let functions: [(ScalarOp, (Double) -> Double)] = [
            (.exp, vexp), (.expm1, vexpm1), (.log, vlog), (.log1p, vlog1p),
            (.sigmoid, sigmoid), (.softplus, softplus), (.log1mexp, log1mexp),
        ]
        for (op, f) in functions {
            let (direct, fused) = try bothPaths(op, [xs])
            assertSameBits(direct, fused, xs, op.name)
            // And the same as the scalar function itself.
            assertSameBits(direct, xs.map(f), xs, op.name + " (scalar)")
        }
    }

    func testLogAddExpGivesTheSameBitsOnBothPaths() throws {
        let xs = arguments()
        let ys = Array(xs.reversed())
        let (direct, fused) = try bothPaths(.logaddexp, [xs, ys])
        assertSameBits(direct, fused, xs, "logaddexp")
        assertSameBits(direct, zip(xs, ys).map { logAddExp($0, $1) }, xs, "logaddexp (scalar)")
    }

    /// A fused chain through several transcendental ops, against the same chain op by op.
    func testFusedChainMatchesOpByOp() throws {
        let xs = arguments().map { Swift.abs($0) < 700 ? $0 : 1.5 }
        let n = xs.count
        // log1p(exp(x)) - log(2 expm1(|x|))
        let program = ElementwiseProgram(inputCount: 1, instructions: [
            .init(.exp, [0]), .init(.log1p, [1]), .init(.abs, [0]), .init(.expm1, [3]),
            .init(.add, [4, 4]), .init(.log, [5]), .init(.sub, [2, 6]),
        ], output: 7, outputType: .float64)
        let fused = try NDArray.empty(.float64, [n])
        try program.run([doubles(xs, [n])], into: fused)
        let want = xs.map { vlog1p(vexp($0)) - vlog(vexpm1(Swift.abs($0)) + vexpm1(Swift.abs($0))) }
        assertSameBits(fused.doubles, want, xs, "chain")
    }
}
