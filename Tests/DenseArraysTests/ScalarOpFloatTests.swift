// ScalarOpFloatTests.swift — every scalar op on float64 inputs, against closed forms and
// NumPy's results (NumPy 2.4: floor_divide, remainder, power, maximum, minimum, clip).

import DenseArrays
import XCTest

final class ScalarOpFloatTests: XCTestCase {
    let e = 2.718281828459045
    let ln2 = 0.6931471805599453
    let pi = Double.pi

    func unary(_ op: ScalarOp, _ x: [Double]) throws -> [Double] {
        try elementwise(op, doubles(x, [x.count])).doubles
    }

    func binary(_ op: ScalarOp, _ x: [Double], _ y: [Double]) throws -> [Double] {
        try elementwise(op, doubles(x, [x.count]), doubles(y, [y.count])).doubles
    }

    func testArithmeticUnaryOps() throws {
        assertClose(try unary(.neg, [2, -0.5, .infinity]), [-2, 0.5, -.infinity])
        assertClose(try unary(.abs, [-2, 3, -.infinity]), [2, 3, .infinity])
        assertClose(try unary(.sign, [-3, 0, 2.5, .nan, -.infinity]), [-1, 0, 1, .nan, -1])
        assertClose(try unary(.sqr, [3, -1.5]), [9, 2.25])
        assertClose(try unary(.sqrt, [9, 2, -1, .infinity]), [3, 1.4142135623730951, .nan, .infinity])
        assertClose(try unary(.reciprocal, [4, -0.5, 0]), [0.25, -2, .infinity])
        assertClose(try unary(.identity, [1.5, .nan]), [1.5, .nan])
    }

    func testExponentialsAndLogarithms() throws {
        assertClose(try unary(.exp, [0, 1, -.infinity, 800]), [1, e, 0, .infinity])
        assertClose(try unary(.exp2, [10, -1]), [1024, 0.5])
        assertClose(try unary(.expm1, [1e-20, 0, 1]), [1e-20, 0, e - 1])
        assertClose(try unary(.log, [1, e, 0, -1]), [0, 1, -.infinity, .nan])
        assertClose(try unary(.log2, [1024, 0.125]), [10, -3])
        assertClose(try unary(.log10, [1000, 1e-300]), [3, -300])
        assertClose(try unary(.log1p, [1e-20, e - 1, -1, -2]), [1e-20, 1, -.infinity, .nan])
    }

    func testTrigonometricAndHyperbolic() throws {
        assertClose(try unary(.sin, [pi / 6, 0]), [0.5, 0])
        assertClose(try unary(.cos, [pi / 3, 0]), [0.5, 1])
        assertClose(try unary(.tan, [pi / 4]), [1])
        assertClose(try unary(.arcsin, [1, 0.5, 2]), [pi / 2, pi / 6, .nan])
        assertClose(try unary(.arccos, [1, 0.5]), [0, pi / 3])
        assertClose(try unary(.arctan, [1, .infinity]), [pi / 4, pi / 2])
        assertClose(try unary(.sinh, [ln2]), [0.75])  // (2 - 1/2) / 2
        assertClose(try unary(.cosh, [ln2]), [1.25])  // (2 + 1/2) / 2
        assertClose(try unary(.tanh, [ln2, 800]), [0.6, 1])
        assertClose(try unary(.arcsinh, [0.75]), [ln2])
        assertClose(try unary(.arccosh, [1.25, 0.5]), [ln2, .nan])
        assertClose(try unary(.arctanh, [0.6, 1]), [ln2, .infinity])
        assertClose(try binary(.arctan2, [1, 1, -1, 0], [1, -1, -1, -1]), [pi / 4, 3 * pi / 4, -3 * pi / 4, pi])
    }

    func testSpecialFunctionOps() throws {
        assertClose(try unary(.sigmoid, [0, -800, 800]), [0.5, 0, 1])
        assertClose(try unary(.softplus, [0, -800, 800]), [ln2, 0, 800])
        assertClose(try unary(.log1mexp, [-ln2, 0, 1]), [-ln2, -.infinity, .nan])
        assertClose(try unary(.gammaln, [5, 0.5]), [3.1780538303479458, 0.5723649429247001])  // ln 24, ln √π
        assertClose(try unary(.digamma, [1, -1]), [-0.5772156649015329, .nan])
        assertClose(try unary(.erf, [0, .infinity, -.infinity]), [0, 1, -1])
        assertClose(try unary(.erfc, [0, .infinity]), [1, 0])
        assertClose(try binary(.logaddexp, [0, 800, -.infinity], [0, 800, -.infinity]), [ln2, 800 + ln2, -.infinity])
    }

    func testRounding() throws {
        assertClose(try unary(.floor, [-1.5, 1.5, -0.0]), [-2, 1, 0])
        assertClose(try unary(.ceil, [-1.5, 1.5]), [-1, 2])
        assertClose(try unary(.trunc, [-1.7, 1.7]), [-1, 1])
        // NumPy rounds half to even.
        assertClose(try unary(.round, [0.5, 1.5, 2.5, -0.5, -1.5, 2.4999999999999996]), [0, 2, 2, 0, -2, 2])
    }

    func testPredicatesReturnBool() throws {
        let x = doubles([1, .nan, .infinity, -.infinity], [4])
        let nan = try elementwise(.isnan, x)
        XCTAssertEqual(nan.dtype, .bool)
        XCTAssertEqual(nan.elements(as: UInt8.self), [0, 1, 0, 0])
        XCTAssertEqual(try elementwise(.isinf, x).elements(as: UInt8.self), [0, 0, 1, 1])
    }

    func testFloorDivisionAndModuloFollowNumPy() throws {
        // NumPy 2.4: a // b and a % b for float64.
        let a: [Double] = [7, -7, 7, -7, 0, 5, -5, 0, 7.5, -7.5, 4, -5, 5, -5]
        let b: [Double] = [2, 2, -2, -2, 3, 0, 0, 0, 2, 2, -2, .infinity, -.infinity, 3]
        assertClose(try binary(.floorDiv, a, b), [3, -4, -4, 3, 0, .infinity, -.infinity, .nan, 3, -4, -2, -1, -1, -2])
        let mod = try binary(.mod, a, b)
        assertClose(mod, [1, 1, -1, -1, 0, .nan, .nan, .nan, 1.5, 0.5, -0.0, .infinity, -.infinity, 1])
        // A zero remainder takes the sign of the divisor: 4 % -2 is -0.0.
        XCTAssertEqual(mod[10].sign, .minus)
        // The identity a == b * (a // b) + a % b.
        let fd = try binary(.floorDiv, [5.3, -5.3, 1e10], [0.7, 0.7, 3.3])
        let fm = try binary(.mod, [5.3, -5.3, 1e10], [0.7, 0.7, 3.3])
        for (i, (x, y)) in zip([5.3, -5.3, 1e10], [0.7, 0.7, 3.3]).enumerated() {
            XCTAssertEqual(y * fd[i] + fm[i], x, accuracy: 1e-15 * Swift.abs(x) * 10)
            XCTAssertEqual(fd[i], fd[i].rounded(.down))
        }
    }

    func testPowerWithNegativeBases() throws {
        // NumPy: the C library's pow, NaN for a negative base with a non-integer exponent.
        assertClose(try binary(.pow, [-8, -2, -2, -.infinity, -.infinity, -1, 0, 2, 0],
                                     [1.0 / 3, 3, -3, 3, 2, .infinity, -1, 0.5, 0]),
                    [.nan, -8, -0.125, -.infinity, .infinity, 1, .infinity, 1.4142135623730951, 1])
    }

    func testMaximumMinimumPropagateNaN() throws {
        let x: [Double] = [.nan, 1, 1, 2, -.infinity]
        let y: [Double] = [1, .nan, 2, 1, 0]
        assertClose(try binary(.maximum, x, y), [.nan, .nan, 2, 2, 0])
        assertClose(try binary(.minimum, x, y), [.nan, .nan, 1, 1, -.infinity])
    }

    func testClipPropagatesNaNFromValueAndBounds() throws {
        // NumPy: clip(x, lo, hi) = minimum(maximum(x, lo), hi), so NaN anywhere gives NaN.
        let x = doubles([-5, 0.5, 5, .nan, 1, 1], [6])
        let lo = doubles([0, 0, 0, 0, .nan, 0], [6])
        let hi = doubles([1, 1, 1, 1, 2, .nan], [6])
        assertClose(try elementwise(.clip, x, lo, hi).doubles, [0, 0.5, 1, .nan, .nan, .nan])
    }

    func testComparisonsWithNaN() throws {
        let x: [Double] = [1, 2, .nan, .nan]
        let y: [Double] = [2, 2, 1, .nan]
        func cmp(_ op: ScalarOp) throws -> [UInt8] {
            let r = try elementwise(op, doubles(x, [4]), doubles(y, [4]))
            XCTAssertEqual(r.dtype, .bool)
            return r.elements(as: UInt8.self)
        }
        XCTAssertEqual(try cmp(.eq), [0, 1, 0, 0])
        XCTAssertEqual(try cmp(.neq), [1, 0, 1, 1])
        XCTAssertEqual(try cmp(.lt), [1, 0, 0, 0])
        XCTAssertEqual(try cmp(.le), [1, 1, 0, 0])
        XCTAssertEqual(try cmp(.gt), [0, 0, 0, 0])
        XCTAssertEqual(try cmp(.ge), [0, 1, 0, 0])
    }

    func testSwitchSelectsByTruthOfTheCondition() throws {
        let cond = doubles([0, 2, -0.0, .nan], [4])  // NaN is truthy, -0.0 is not
        let out = try elementwise(.switch, cond, doubles([1, 1, 1, 1], [4]), doubles([9], []))
        assertArray(out, [4], [9, 1, 9, 1], dtype: .float64)
    }

    func testArithmeticBinaryOps() throws {
        assertClose(try binary(.add, [1, .infinity], [2, -.infinity]), [3, .nan])
        assertClose(try binary(.sub, [1, 0], [3, 0]), [-2, 0])
        assertClose(try binary(.mul, [1.5, 0], [-2, .infinity]), [-3, .nan])
        assertClose(try binary(.trueDiv, [1, 1, -1, 0], [4, 0, 0, 0]), [0.25, .infinity, -.infinity, .nan])
    }

    func testLogicalOpsRejectFloats() {
        for op in [ScalarOp.and, .or, .xor, .invert] {
            let inputs = [DType](repeating: .float64, count: op.arity)
            assertThrows(.type, [op.name]) { _ = try op.outputDType(inputs) }
        }
    }

    func testEveryNamedOpIsReachableByName() {
        for op in ScalarOp.allNamed {
            XCTAssertEqual(ScalarOp(name: op.name), op)
        }
        XCTAssertNil(ScalarOp(name: "no_such_op"))
        XCTAssertEqual(ScalarOp(name: "psi"), .digamma)
        XCTAssertEqual(ScalarOp(name: "int_div"), .floorDiv)
    }
}
