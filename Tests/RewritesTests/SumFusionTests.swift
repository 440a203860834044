// SumFusionTests.swift — a sum over every axis of an elementwise result it alone reads runs in the elementwise pass (CompositeSum).

import SwiftPPL
import XCTest

final class SumFusionTests: XCTestCase {
    func testSumOfAChainBecomesOneCompositeSum() throws {
        let m = matrix("m"), v = vector("v")
        let total = try sum(sqr(m - v) * constant(-0.5))
        let fused = try fuseElementwise([total])[0]
        guard let op = fused.owner?.op as? CompositeSum else {
            return XCTFail("expected a CompositeSum:\n\(dprint([fused]))")
        }
        XCTAssertEqual(op.program.instructions.count, 3)
        // Broadcast operand, rows longer than a chunk: against the closed form, and every
        // call (op by op first, then planned) gives the same bits.
        let rows = 3, cols = 1500
        let mv = (0..<(rows * cols)).map { Double(($0 * 37) % 101) * 0.01 }
        let vv = (0..<cols).map { 0.3 * Double($0 % 7) }
        let f = try function(inputs: [m, v], outputs: [total])
        XCTAssertTrue(f.schedule.contains { $0.op is CompositeSum } && !f.schedule.contains { $0.op is Reduce }, f.dprint())
        let args = [try NDArray(mv, shape: [rows, cols]), NDArray(vv)]
        let first = try f(args)[0].doubles[0]
        for _ in 0..<2 { XCTAssertEqual(try f(args)[0].doubles[0], first) }
        var want = 0.0
        for i in 0..<(rows * cols) { want += -0.5 * (mv[i] - vv[i % cols]) * (mv[i] - vv[i % cols]) }
        XCTAssertEqual(first, want, accuracy: 1e-10 * Swift.abs(want))
    }

    func testSumsThatMustStayApart() throws {
        let x = vector("x"), m = matrix("m")
        // The elementwise result is also an output: it is written anyway.
        let e = try exp(x)
        let both = try fuseElementwise([try sum(e), e])
        XCTAssertFalse(both[0].owner?.op is CompositeSum)
        // A sum over some axes only.
        XCTAssertFalse(try fuseElementwise([try sum(exp(m), axis: [0])])[0].owner?.op is CompositeSum)
        // A sum of a plain input: nothing to fuse.
        XCTAssertFalse(try fuseElementwise([try sum(x)])[0].owner?.op is CompositeSum)
    }

    func testScalarAndBroadcastOnlyProgramsSumEveryElement() throws {
        let a = scalar("a"), z = tensor("z", shape: [4])
        let f = try function(inputs: [a, z], outputs: [try sum(exp(a) + z)])
        XCTAssertEqual(try f([NDArray(scalar: 0.0), NDArray([1.0, 2.0, 3.0, 4.0])])[0].doubles[0], 14.0)
        // z a stride-0 view (NumPy's broadcast_to): every operand is one value along the
        // row, and that value counts once per element.
        let one = NDArray([1.0])
        let repeated = try NDArray(storage: one.storage, dtype: .float64, shape: [4], strides: [0], offset: 0)
        for _ in 0..<3 { XCTAssertEqual(try f([NDArray(scalar: 0.0), repeated])[0].doubles[0], 8.0) }
    }
}
