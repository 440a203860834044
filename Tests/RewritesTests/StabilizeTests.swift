// StabilizeTests.swift — stabilizing and specializing rewrites: graphs compared, and the numbers they save.

import SwiftPPL
import XCTest

final class StabilizeTests: XCTestCase {
    let x = vector("x")

    func testLogOnePlus() throws {
        assertSameGraph(try rewritten(log(constant(1.0) + x)), try log1p(x))
        assertSameGraph(try rewritten(log(x + constant(1.0))), try log1p(x))
    }

    func testLogOneMinusExpIsLog1mexp() throws {
        assertSameGraph(try rewritten(log(constant(1.0) - exp(x))), try log1mexp(x))
        assertSameGraph(try rewritten(log(neg(expm1(x)))), try log1mexp(x))
        // The point of it: log(1 - exp(-1e-20)) is log(1e-20), not log(0) = -inf.
        let s = scalar("s")
        let f = try function(inputs: [s], outputs: [try log(constant(1.0) - exp(s))])
        let value = try f([NDArray(scalar: -1e-20)])[0].doubles[0]
        XCTAssertEqual(value, -46.051701859880914, accuracy: 1e-12)
    }

    func testSoftplusFromLogOnePlusExp() throws {
        assertSameGraph(try rewritten(log(constant(1.0) + exp(x))), try softplus(x))
        let f = try function(inputs: [x], outputs: [try log(constant(1.0) + exp(x))])
        XCTAssertEqual(try f([NDArray([1000.0])])[0].doubles, [1000.0])
    }

    func testLogSigmoid() throws {
        assertSameGraph(try rewritten(log(sigmoid(x))), try neg(softplus(neg(x))))
        assertSameGraph(try rewritten(log(constant(1.0) - sigmoid(x))), try neg(softplus(x)))
        let f = try function(inputs: [x], outputs: [try log(sigmoid(x))])
        XCTAssertEqual(try f([NDArray([-800.0])])[0].doubles, [-800.0])
    }

    func testLogSumExp() throws {
        let m = matrix("m")
        assertSameGraph(try rewritten(log(sum(exp(m), axis: [1]))), try apply(LogSumExp(axes: [1]), [m]))
        let f = try function(inputs: [m], outputs: [try log(sum(exp(m), axis: [1]))])
        let out = try f([try NDArray([1000.0, 1000.0, -1000.0, -1000.0], shape: [2, 2])])[0].doubles
        XCTAssertEqual(out[0], 1000.6931471805599, accuracy: 1e-12)
        XCTAssertEqual(out[1], -999.3068528194401, accuracy: 1e-12)
    }

    func testExpm1() throws {
        assertSameGraph(try rewritten(exp(x) - constant(1.0)), try expm1(x))
    }

    func testPowerSpecialization() throws {
        assertSameGraph(try rewritten(pow(x, constant(2.0))), try sqr(x))
        assertSameGraph(try rewritten(pow(x, constant(0.5))), try sqrt(x))
        assertSameGraph(try rewritten(pow(x, constant(-1.0))), try reciprocal(x))
        assertSameGraph(try rewritten(x * x), try sqr(x))
        assertSameGraph(try rewritten(x / constant(4.0)), try rewritten(x * constant(0.25)))
    }
}
