// InputCheckTests.swift — compile-time checks on a function's inputs (missing, unused,
// repeated, constant or shared) and call-time checks on the values (count, dtype, rank,
// static shape), each naming the variable involved.

import SwiftPPL
import XCTest

final class InputCheckTests: XCTestCase {
    func testMissingInputNamesTheVariableAndItsUser() {
        let x = vector("x"), mu = scalar("mu")
        let y = try! exp(x - mu)
        assertThrows(.missingInput, ["Input mu", "x"]) { _ = try Function(inputs: [x], outputs: [y]) }
        // An unnamed input is described by its type.
        let anonymous = scalar()
        assertThrows(.missingInput, ["TensorType(float64, ())"]) { _ = try Function(inputs: [], outputs: [try anonymous * 2.0]) }
        // Needed only by an update: still missing.
        let s = shared(NDArray([1.0]), name: "s")
        assertThrows(.missingInput, ["Input mu"]) {
            _ = try Function(inputs: [x], outputs: [x], updates: [(s, try s + mu)])
        }
    }

    func testUnusedInputs() throws {
        let x = vector("x"), y = vector("y")
        let z = try x * 2.0
        assertThrows(.value, ["input 1", "y", "not part of the computational graph"]) {
            _ = try Function(inputs: [x, y], outputs: [z], allowUnusedInputs: false)
        }
        // Allowed by default; the value is still type-checked and required.
        let f = try Function(inputs: [x, y], outputs: [z])
        XCTAssertEqual(try f([NDArray([1.0]), NDArray([5.0, 6])])[0].doubles, [2])
        assertThrows(.type, ["takes 2 input(s)", "x, y", "got 1"]) { _ = try f([NDArray([1.0])]) }
        // An input used only through an update counts as used.
        let s = shared(NDArray([0.0]), name: "s")
        XCTAssertNoThrow(try Function(inputs: [x, y], outputs: [z], updates: [(s, y)], allowUnusedInputs: false))
        // An input that is itself an output is used.
        XCTAssertNoThrow(try Function(inputs: [x, y], outputs: [z, y], allowUnusedInputs: false))
    }

    func testInvalidInputLists() {
        let x = vector("x")
        assertThrows(.value, ["x", "twice"]) { _ = try Function(inputs: [x, x], outputs: [x]) }
        assertThrows(.type, ["constant"]) { _ = try Function(inputs: [constant(1.0)], outputs: [x]) }
        let s = shared(NDArray([1.0]), name: "s")
        assertThrows(.type, ["s", "shared variable", "givens"]) { _ = try Function(inputs: [s], outputs: [s]) }
    }

    func testValuesAreTypeChecked() throws {
        let v = vector("v", length: 3), m = matrix("m"), i = scalar("i", dtype: .int64)
        let f = try Function(inputs: [v, m, i], outputs: [try sum(v) + sum(m), try i * constant(2)])
        let good = try f([NDArray([1.0, 2, 3]), try NDArray([1.0, 1], shape: [1, 2]), NDArray(scalar: Int64(4))])
        XCTAssertEqual(good[0].doubles, [8])
        XCTAssertEqual(good[1].elements(as: Int64.self), [8])
        let m1 = try NDArray([1.0], shape: [1, 1]), i1 = NDArray(scalar: Int64(1))
        assertThrows(.type, ["input 0 (v)", "dtype float64", "int64"]) {
            _ = try f([NDArray([Int64(1), 2, 3]), m1, i1])
        }
        assertThrows(.type, ["input 1 (m)", "wrong number of dimensions: expected 2", "(3,)"]) {
            _ = try f([NDArray([1.0, 2, 3]), NDArray([1.0, 2, 3]), i1])
        }
        assertThrows(.value, ["input 0 (v)", "(3,)", "(4,)"]) {
            _ = try f([NDArray([1.0, 2, 3, 4]), m1, i1])
        }
        assertThrows(.type, ["input 2 (i)", "int64", "float64"]) {
            _ = try f([NDArray([1.0, 2, 3]), m1, NDArray(scalar: 1.0)])
        }
    }

    func testRuntimeErrorsNameTheNodeAndShapes() throws {
        let a = vector("a"), b = vector("b")
        let f = try Function(inputs: [a, b], outputs: [try a + b])
        assertThrows(.value, ["(2,)", "(3,)", "Apply node that caused the error", "Elemwise{add,no_inplace}"]) {
            _ = try f([NDArray([1.0, 2]), NDArray([1.0, 2, 3])])
        }
        let m = matrix("m")
        let g = try Function(inputs: [m], outputs: [try cholesky(m)])
        assertThrows(.linAlg, ["positive definite", "Cholesky", "Inputs shapes: [(2, 2)]"]) {
            _ = try g([try NDArray([1.0, 2, 2, 1], shape: [2, 2])])
        }
    }
}
