// OpIdentityTests.swift — ops are values: equal properties mean equal ops (isEqual and
// AnyOp, usable as dictionary keys), different properties or types mean different ops.

import SwiftPPL
import XCTest

final class OpIdentityTests: XCTestCase {
    func testEqualOpsAreEqualAndHashAlike() throws {
        let pairs: [(any Op, any Op)] = [
            (Elemwise(.add), Elemwise(.add)),
            (Elemwise(.cast(.int64)), Elemwise(.cast(.int64))),
            (try DimShuffle(inputNdim: 2, order: [1, nil, 0]), try DimShuffle(inputNdim: 2, order: [1, nil, 0])),
            (Reduce(.sum, axes: [2, 0]), Reduce(.sum, axes: [0, 2])),  // axes are stored sorted
            (Subtensor([.scalar, .slice(start: true, stop: false, step: false)]),
             Subtensor([.scalar, .slice(start: true, stop: false, step: false)])),
            (Cholesky(lower: true), Cholesky()),
            (Solve(structure: .symmetric, lower: true, bIsVector: false), Solve(structure: .symmetric, lower: true, bIsVector: false)),
            (Reshape(ndim: 2), Reshape(ndim: 2)),
        ]
        for (a, b) in pairs {
            XCTAssertTrue(a.isEqual(to: b), "\(a) == \(b)")
            XCTAssertEqual(AnyOp(a), AnyOp(b))
            XCTAssertEqual(AnyOp(a).hashValue, AnyOp(b).hashValue, "\(a)")
        }
    }

    func testDifferentOpsDiffer() throws {
        let ops: [any Op] = [
            Elemwise(.add), Elemwise(.sub), Elemwise(.cast(.int64)), Elemwise(.cast(.bool)),
            try DimShuffle(inputNdim: 2, order: [1, 0]), try DimShuffle(inputNdim: 2, order: [0, 1]),
            Reduce(.sum, axes: nil), Reduce(.sum, axes: [0]), Reduce(.prod, axes: [0]),
            Subtensor([.scalar]), AdvancedSubtensor([.scalar]), Subtensor([.slice(start: true, stop: false, step: false)]),
            IncSubtensor([.scalar], setInstead: true), IncSubtensor([.scalar], setInstead: false),
            Cholesky(lower: true), Cholesky(lower: false), Cholesky(lower: true, nanOnFailure: true),
            Solve(bIsVector: true), Solve(bIsVector: false), Solve(structure: .positiveDefinite, bIsVector: true),
            SolveTriangular(lower: true, bIsVector: true), SolveTriangular(lower: true, transpose: true, bIsVector: true),
            Dot(), MatMul(), Det(), SlogDet(), MatrixInverse(), Shape(), Alloc(), DeepCopyOp(),
            Reshape(ndim: 1), Reshape(ndim: 2), Join(axis: 0), Join(axis: 1),
            ArgExtreme(maximum: true, axis: nil), ArgExtreme(maximum: false, axis: nil), ArgExtreme(maximum: true, axis: 0),
            try CumOp(.sum, axis: nil), try CumOp(.prod, axis: nil), ARange(dtype: .int64), ARange(dtype: .float64),
            Eye(dtype: .float64), FillDiagonal(),
        ]
        for (i, a) in ops.enumerated() {
            for (j, b) in ops.enumerated() where i != j {
                XCTAssertFalse(a.isEqual(to: b), "\(a) vs \(b)")
                XCTAssertNotEqual(AnyOp(a), AnyOp(b), "\(a) vs \(b)")
            }
        }
        // As dictionary keys: each op once.
        var counts: [AnyOp: Int] = [:]
        for op in ops + ops { counts[AnyOp(op), default: 0] += 1 }
        XCTAssertEqual(counts.count, ops.count)
        XCTAssertTrue(counts.values.allSatisfy { $0 == 2 })
    }

    func testEqualNodesFromSeparateBuilds() throws {
        let x = vector("x")
        let a = try exp(x), b = try exp(x)
        XCTAssertFalse(a === b, "each call builds its own node")
        XCTAssertTrue(a.owner!.op.isEqual(to: b.owner!.op))
        XCTAssertEqual(a.owner!.inputs, b.owner!.inputs)
        XCTAssertNotEqual(a.owner!, b.owner!, "nodes are compared by identity")
    }
}
