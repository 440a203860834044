// ScalarOpIntBoolTests.swift — scalar ops on int64 and bool inputs and the dtype rules
// (NumPy 2.4's results for integer floor division, remainder and wrap-around).

import DenseArrays
import XCTest

final class ScalarOpIntBoolTests: XCTestCase {
    func int(_ op: ScalarOp, _ x: [Int64], _ y: [Int64]? = nil) throws -> NDArray {
        if let y { return try elementwise(op, ints(x, [x.count]), ints(y, [y.count])) }
        return try elementwise(op, ints(x, [x.count]))
    }

    func values(_ a: NDArray) -> [Int64] { a.elements(as: Int64.self) }
    func flags(_ a: NDArray) -> [UInt8] { a.elements(as: UInt8.self) }

    func testIntegerUnaryOps() throws {
        XCTAssertEqual(values(try int(.neg, [3, -4, .min])), [-3, 4, .min])  // wraps like NumPy
        XCTAssertEqual(values(try int(.abs, [-3, 4, .min])), [3, 4, .min])
        XCTAssertEqual(values(try int(.sign, [-7, 0, 9])), [-1, 0, 1])
        XCTAssertEqual(values(try int(.sqr, [-3, 3_037_000_500])), [9, -9_223_372_036_709_301_616])
        XCTAssertEqual(values(try int(.round, [5])), [5])
        XCTAssertEqual(values(try int(.identity, [5])), [5])
        XCTAssertEqual(values(try int(.invert, [5, -1, 0])), [-6, 0, -1])
        // Real functions of integers compute in float64.
        let s = try int(.sqrt, [4, 2])
        XCTAssertEqual(s.dtype, .float64)
        assertClose(s.doubles, [2, 1.4142135623730951])
        XCTAssertEqual(try int(.exp, [0]).dtype, .float64)
        XCTAssertEqual(try int(.isnan, [1]).dtype, .bool)
    }

    func testIntegerFloorDivisionAndModuloFollowNumPy() throws {
        let a: [Int64] = [7, -7, 7, -7, 0, 5, -5, .min, .min, 1]
        let b: [Int64] = [2, 2, -2, -2, 3, 0, 0, -1, 1, .min]
        XCTAssertEqual(values(try int(.floorDiv, a, b)), [3, -4, -4, 3, 0, 0, 0, .min, .min, -1])
        XCTAssertEqual(values(try int(.mod, a, b)), [1, 1, -1, -1, 0, 0, 0, 0, 0, -9_223_372_036_854_775_807])
    }

    func testIntegerPower() throws {
        XCTAssertEqual(values(try int(.pow, [2, -3, 0, 7, 2, 1, -1, -1, 2, 3], [10, 3, 0, 1, 64, -5, -3, -4, -1, 40])),
                       // 2^64 wraps to 0; 3^40 wraps modulo 2^64 as in NumPy; negative exponents
                       // give the truncated result (NumPy raises instead).
                       [1024, -27, 1, 7, 0, 1, -1, 1, 0, -6_289_078_614_652_622_815])
    }

    func testIntegerArithmeticAndBitwise() throws {
        XCTAssertEqual(values(try int(.add, [.max, 1], [1, 2])), [.min, 3])
        XCTAssertEqual(values(try int(.sub, [.min, 5], [1, 7])), [.max, -2])
        XCTAssertEqual(values(try int(.mul, [1 << 62, -3], [4, 5])), [0, -15])
        XCTAssertEqual(values(try int(.maximum, [1, -5], [2, -6])), [2, -5])
        XCTAssertEqual(values(try int(.minimum, [1, -5], [2, -6])), [1, -6])
        XCTAssertEqual(values(try int(.and, [12, -1], [10, 7])), [8, 7])
        XCTAssertEqual(values(try int(.or, [12, 0], [10, 0])), [14, 0])
        XCTAssertEqual(values(try int(.xor, [12, -1], [10, 0])), [6, -1])
        let div = try int(.trueDiv, [1, 7], [4, 0])
        XCTAssertEqual(div.dtype, .float64)
        assertClose(div.doubles, [0.25, .infinity])
        XCTAssertEqual(flags(try int(.lt, [1, 2, 3], [2, 2, 2])), [1, 0, 0])
        XCTAssertEqual(flags(try int(.ge, [1, 2, 3], [2, 2, 2])), [0, 1, 1])
        XCTAssertEqual(flags(try int(.eq, [.max, 2], [.max, 3])), [1, 0])
        XCTAssertEqual(flags(try int(.neq, [.max, 2], [.max, 3])), [0, 1])
        XCTAssertEqual(flags(try int(.le, [1, 3], [1, 2])), [1, 0])
        XCTAssertEqual(flags(try int(.gt, [1, 3], [1, 2])), [0, 1])
        let c = try elementwise(.clip, ints([-5, 3, 9], [3]), ints([0], []), ints([5], []))
        XCTAssertEqual(c.dtype, .int64)
        XCTAssertEqual(values(c), [0, 3, 5])
        let s = try elementwise(.switch, bools([true, false], [2]), ints([1, 2], [2]), ints([-1], []))
        XCTAssertEqual(values(s), [1, -1])
        // arctan2 and logaddexp of ints are real functions.
        assertClose(try int(.arctan2, [1], [1]).doubles, [Double.pi / 4])
    }

    func testBoolOps() throws {
        let x = bools([false, false, true, true], [4])
        let y = bools([false, true, false, true], [4])
        func both(_ op: ScalarOp) throws -> NDArray { try elementwise(op, x, y) }
        for (op, want) in [(ScalarOp.and, [0, 0, 0, 1]), (.or, [0, 1, 1, 1]), (.xor, [0, 1, 1, 0]),
                           (.maximum, [0, 1, 1, 1]), (.minimum, [0, 0, 0, 1]),
                           (.eq, [1, 0, 0, 1]), (.neq, [0, 1, 1, 0]),
                           (.lt, [0, 1, 0, 0]), (.le, [1, 1, 0, 1]), (.gt, [0, 0, 1, 0]), (.ge, [1, 0, 1, 1])] as [(ScalarOp, [UInt8])] {
            let r = try both(op)
            XCTAssertEqual(r.dtype, .bool, "\(op)")
            XCTAssertEqual(flags(r), want, "\(op)")
        }
        XCTAssertEqual(flags(try elementwise(.invert, x)), [1, 1, 0, 0])
        XCTAssertEqual(flags(try elementwise(.abs, y)), [0, 1, 0, 1])
        XCTAssertEqual(try elementwise(.identity, y).dtype, .bool)
        // Arithmetic on bools computes in int64, as NumPy's sum of bools does.
        let sum = try elementwise(.add, x, y)
        XCTAssertEqual(sum.dtype, .int64)
        XCTAssertEqual(values(sum), [0, 1, 1, 2])
        XCTAssertEqual(values(try elementwise(.mul, x, y)), [0, 0, 0, 1])
        // Real functions and predicates of bools compute in float64.
        XCTAssertEqual(try elementwise(.exp, x).dtype, .float64)
        XCTAssertEqual(flags(try elementwise(.isnan, x)), [0, 0, 0, 0])
        let clipped = try elementwise(.clip, x, bools([true], []), bools([true], []))
        XCTAssertEqual(clipped.dtype, .bool)
        XCTAssertEqual(flags(clipped), [1, 1, 1, 1])
        XCTAssertEqual(flags(try elementwise(.switch, y, x, bools([true], []))), [1, 0, 1, 1])
    }

    func testDTypeRules() throws {
        XCTAssertEqual(try ScalarOp.add.outputDType([.int64, .float64]), .float64)
        XCTAssertEqual(try ScalarOp.add.outputDType([.bool, .bool]), .int64)
        XCTAssertEqual(try ScalarOp.add.outputDType([.bool, .int64]), .int64)
        XCTAssertEqual(try ScalarOp.trueDiv.outputDType([.int64, .int64]), .float64)
        XCTAssertEqual(try ScalarOp.floorDiv.outputDType([.int64, .int64]), .int64)
        XCTAssertEqual(try ScalarOp.eq.outputDType([.int64, .float64]), .bool)
        XCTAssertEqual(try ScalarOp.maximum.outputDType([.bool, .bool]), .bool)
        XCTAssertEqual(try ScalarOp.abs.outputDType([.int64]), .int64)
        XCTAssertEqual(try ScalarOp.switch.outputDType([.float64, .int64, .int64]), .int64)
        XCTAssertEqual(try ScalarOp.switch.outputDType([.bool, .bool, .float64]), .float64)
        XCTAssertEqual(try ScalarOp.and.outputDType([.bool, .int64]), .int64)
        XCTAssertEqual(try ScalarOp.isinf.outputDType([.int64]), .bool)
        XCTAssertEqual(try ScalarOp.cast(.bool).outputDType([.float64]), .bool)
        assertThrows(.type, ["takes 2", "got 1"]) { _ = try ScalarOp.add.outputDType([.float64]) }
        // Mixed-type inputs are converted before the kernel runs.
        let mixed = try elementwise(.add, ints([1, 2], [2]), doubles([0.5], []))
        assertArray(mixed, [2], [1.5, 2.5], dtype: .float64)
        let cast = try elementwise(.cast(.int64), doubles([2.7, -2.7], [2]))
        XCTAssertEqual(values(cast), [2, -2])
    }
}
