// PlannedExecutionTests.swift — repeated calls run a plan for the input layouts; results must match the first (op by op) call.

import SwiftPPL
import XCTest

final class PlannedExecutionTests: XCTestCase {
    /// Calls `f` three times and checks that every call gives the first call's numbers
    /// in fresh memory.
    @discardableResult
    func repeated(_ f: Function, _ inputs: [NDArray], file: StaticString = #filePath, line: UInt = #line) throws -> [NDArray] {
        let first = try f(inputs)
        for _ in 0..<2 {
            let again = try f(inputs)
            XCTAssertEqual(again.count, first.count, file: file, line: line)
            for (a, b) in zip(first, again) {
                XCTAssertEqual(a.shape, b.shape, file: file, line: line)
                XCTAssertEqual(a.doubles, b.doubles, file: file, line: line)
                XCTAssertFalse(a.storage === b.storage, "two calls returned the same memory", file: file, line: line)
            }
        }
        return first
    }

    func testElementwiseReductionsDotAndViews() throws {
        let x = vector("x"), m = matrix("m"), s = scalar("s")
        let outs = [
            try sum(exp(x) * s),
            try dot(m, x) + s,
            try transpose(m),          // an output that is a view of an input: copied
            try m[.scalar(constant(1))] * 2.0,
            try max(m, axis: [0]),
        ]
        let f = try function(inputs: [x, m, s], outputs: outs)
        let r = try repeated(f, [NDArray([0.5, -1.0, 2.0]), try NDArray([1.0, 2, 3, 4, 5, 6], shape: [2, 3]), NDArray(scalar: 3.0)])
        let expected: [Double] = [0.5 - 2.0 + 6.0 + 3.0, 2.0 - 5.0 + 12.0 + 3.0]
        XCTAssertEqual(r[1].doubles, expected)
        XCTAssertEqual(r[2].doubles, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(r[3].doubles, [8, 10, 12])
        XCTAssertEqual(r[4].doubles, [4, 5, 6])
    }

    func testNewLayoutsMakeANewPlan() throws {
        let x = vector("x")
        let f = try function(inputs: [x], outputs: [try x * x])
        XCTAssertEqual(try f([NDArray([1.0, 2.0])])[0].doubles, [1, 4])
        XCTAssertEqual(try f([NDArray([1.0, 2.0])])[0].doubles, [1, 4])
        XCTAssertEqual(try f([NDArray([3.0, 4.0, 5.0])])[0].doubles, [9, 16, 25])
        XCTAssertEqual(try f([NDArray([3.0, 4.0, 5.0])])[0].doubles, [9, 16, 25])
        // A strided input has another layout.
        let strided = try NDArray([1.0, 9, 2, 9, 3, 9], shape: [6]).sliced(axis: 0, start: 0, count: 3, step: 2)
        XCTAssertEqual(try f([strided])[0].doubles, [1, 4, 9])
        XCTAssertEqual(try f([strided])[0].doubles, [1, 4, 9])
    }

    func testCallIntoCallerArrays() throws {
        let x = vector("x"), s = scalar("s")
        let f = try function(inputs: [x, s], outputs: [try sum(sqr(x)) * s, try x * s])
        let inputs = [NDArray([1.0, 2.0, 3.0]), NDArray(scalar: 2.0)]
        let results = [try NDArray.zeros(.float64, []), try NDArray.zeros(.float64, [3])]
        for _ in 0..<3 {
            try f(inputs, into: results)
            XCTAssertEqual(results[0].doubles, [28])
            XCTAssertEqual(results[1].doubles, [2, 4, 6])
        }
        XCTAssertThrowsError(try f(inputs, into: [try NDArray.zeros(.float64, [2]), results[1]]))
    }

    func testUpdatesAndSharedValuesAcrossCalls() throws {
        let counter = shared(NDArray(scalar: 0.0), name: "counter")
        let step = scalar("step")
        let f = try function(inputs: [step], outputs: [try counter * 1.0], updates: [(counter, try counter + step)])
        var seen: [Double] = []
        for _ in 0..<4 { seen.append(try f([NDArray(scalar: 2.0)])[0].doubles[0]) }
        XCTAssertEqual(seen, [0, 2, 4, 6])
        XCTAssertEqual(counter.sharedValue!.value.doubles, [8])
        // Replacing the shared value (same layout) is seen by the plan.
        try counter.sharedValue!.set(NDArray(scalar: 100.0), name: "counter")
        XCTAssertEqual(try f([NDArray(scalar: 1.0)])[0].doubles, [100])
    }

    func testResultsHandedOutAreNeverOverwritten() throws {
        let x = vector("x")
        let f = try function(inputs: [x], outputs: [try exp(x)])
        let a = try f([NDArray([0.0])])[0]
        let b = try f([NDArray([1.0])])[0]
        let c = try f([NDArray([2.0])])[0]
        XCTAssertEqual(a.doubles, [1])
        XCTAssertEqual(b.doubles[0], 2.718281828459045, accuracy: 1e-15)
        XCTAssertEqual(c.doubles[0], 7.38905609893065, accuracy: 1e-14)
    }

    /// The gradient of a[g] is a scatter-add with repeated, unsorted targets and the density
    /// a sum over thousands of terms: planned calls must give the first call's bits (chains
    /// may run either), and both the closed form.
    func testGatherScatterAndLongSumsGiveTheFirstCallsBits() throws {
        let groups = 23, n = 2000
        let g = (0..<n).map { Int64(($0 * 17 + $0 / 5) % groups) }
        let data = (0..<n).map { Double.sin(Double($0)) }
        let a = vector("a")
        let fitted = try a[.array(constant(try NDArray(g, shape: [n])))]
        let logp = try sum(sqr(fitted - constant(try NDArray(data, shape: [n]))) * -0.5)
        let f = try function(inputs: [a], outputs: [logp] + (try grad(logp, wrt: [a])))
        let point = NDArray((0..<groups).map { 0.1 * Double($0) - 1 })
        let r = try repeated(f, [point])
        // d logp / d a_k = Σ_{i: g_i = k} (d_i - a_k).
        for k in 0..<groups {
            let terms = (0..<n).filter { g[$0] == Int64(k) }.map { data[$0] - point.doubles[k] }
            XCTAssertEqual(r[1].doubles[k], terms.reduce(0, +), accuracy: 1e-11)
        }
        let want = (0..<n).map { -0.5 * Double.pow(point.doubles[Int(g[$0])] - data[$0], 2) }.reduce(0, +)
        XCTAssertEqual(r[0].doubles[0], want, accuracy: 1e-10)
    }
}
