// RandomVariableOpTests.swift — the RandomVariable op's plumbing: shapes from size and parameters, per-element parameters, determinism, generator updates, errors.

import RandomCore
import SwiftPPL
import XCTest
import _TestSupport

final class RandomVariableOpTests: XCTestCase {
    func draw(_ v: Variable) throws -> NDArray { try evaluate([v], givens: [:])[0] }

    func testShapesFromSizeAndParameters() throws {
        let rng = try sharedRandomGenerator(seed: 1)
        let scalar = try randomVariable("normal", [constant(0.0), constant(1.0)], rng: rng).draw
        XCTAssertEqual(scalar.type, TensorType(.float64, shape: []))
        let sized = try randomVariable("normal", [constant(0.0), constant(1.0)], size: [2, 3], rng: rng).draw
        XCTAssertEqual(sized.type.shape, [2, 3])
        XCTAssertEqual(try draw(sized).shape, [2, 3])
        let byParams = try randomVariable("normal", [constant(NDArray([0.0, 100, -100])), constant(1.0)], rng: rng).draw
        XCTAssertEqual(byParams.type.shape, [3])
        // Each draw uses its own parameters: a unit normal around 0, 100 and -100.
        let values = try draw(byParams).doubles
        for (v, m) in zip(values, [0.0, 100, -100]) { XCTAssertEqual(v, m, accuracy: 6) }
        // Parameters broadcast against size from the right.
        let both = try randomVariable("normal", [constant(NDArray([0.0, 1000])), constant(1.0)], size: [4, 2], rng: rng).draw
        let grid = try draw(both).doubles
        for i in 0..<4 { XCTAssertEqual(grid[2 * i + 1] - grid[2 * i], 1000, accuracy: 12) }
        assertThrows(.value, ["do not broadcast to size (3,)"]) {
            _ = try randomVariable("normal", [constant(NDArray([0.0, 1])), constant(1.0)], size: [3], rng: rng)
        }
    }

    func testDrawsAreAFunctionOfTheGenerator() throws {
        let rng = try sharedRandomGenerator(seed: 7)
        let (next, x) = try randomVariable("normal", [constant(0.0), constant(1.0)], size: [5], rng: rng)
        let f = try Function(inputs: [], outputs: [x])
        XCTAssertEqual(try f([])[0].doubles, try f([])[0].doubles)
        // The draws are the stream's own normals in order.
        var stream = RandomStream(seed: 7, stream: 0)
        let expected = (0..<5).map { _ in stream.normal(loc: 0, scale: 1) }
        XCTAssertEqual(try f([])[0].doubles, expected)
        // Updating the generator gives fresh draws each call, and the next state is the stream's position.
        let g = try Function(inputs: [], outputs: [x], updates: [(rng, next)])
        let first = try g([])[0].doubles, second = try g([])[0].doubles
        XCTAssertEqual(first, expected)
        XCTAssertNotEqual(first, second)
        XCTAssertEqual(try RandomStream(state: rng.sharedValue!.value), stream.advanced(by: stream.position))
    }

    func testIntegerAndBlockDraws() throws {
        let rng = try sharedRandomGenerator(seed: 3)
        let counts = try randomVariable("binomial", [constant(10), constant(0.5)], size: [1000], rng: rng).draw
        XCTAssertEqual(counts.dtype, .int64)
        let c = try draw(counts).elements(as: Int64.self)
        XCTAssertTrue(c.allSatisfy { (0...10).contains($0) })
        XCTAssertEqual(Double(c.reduce(0, +)) / 1000, 5, accuracy: 0.3)
        let p = constant(NDArray([0.2, 0.0, 0.8]))
        let k = try draw(randomVariable("categorical", [p], size: [500], rng: rng).draw).elements(as: Int64.self)
        XCTAssertFalse(k.contains(1))
        XCTAssertEqual(Double(k.filter { $0 == 2 }.count) / 500, 0.8, accuracy: 0.07)
        let cov = try NDArray([1.0, 0.9, 0.9, 1.0], shape: [2, 2])
        let mv = try randomVariable("multivariate_normal", [constant(NDArray([0.0, 0.0])), constant(cov)], size: [3000], rng: rng).draw
        XCTAssertEqual(mv.type.shape, [3000, 2])
        let xy = try draw(mv).doubles
        let corr = stride(from: 0, to: xy.count, by: 2).map { xy[$0] * xy[$0 + 1] }.reduce(0, +) / 3000
        XCTAssertEqual(corr, 0.9, accuracy: 0.06)
        let d = try draw(randomVariable("dirichlet", [constant(NDArray([1.0, 2, 3]))], size: [4], rng: rng).draw)
        XCTAssertEqual(d.shape, [4, 3])
        for i in 0..<4 { XCTAssertEqual((0..<3).map { d.double(flat: 3 * i + $0) }.reduce(0, +), 1, accuracy: 1e-12) }
    }

    func testInvalidParametersAndInputs() throws {
        let rng = try sharedRandomGenerator(seed: 1)
        assertThrows(.value, ["scale >= 0", "scale=-1.0"]) {
            _ = try self.draw(randomVariable("normal", [constant(0.0), constant(-1.0)], rng: rng).draw)
        }
        assertThrows(.value, ["sum to 1"]) {
            _ = try self.draw(randomVariable("categorical", [constant(NDArray([0.5, 0.6]))], rng: rng).draw)
        }
        assertThrows(.type, ["rng must be a random generator"]) {
            _ = try randomVariable("normal", [constant(0.0), constant(1.0)], rng: vector("r"))
        }
        assertThrows(.type, ["takes rng, size and 2 parameter(s)"]) {
            _ = try randomVariable("normal", [constant(0.0)], rng: rng)
        }
        assertThrows(.value, ["unknown random variable 'nrmal'"]) {
            _ = try randomVariable("nrmal", [constant(0.0)], rng: rng)
        }
        assertThrows(.notImplemented, ["flat"]) { _ = try self.draw(randomVariable("flat", [], rng: rng).draw) }
        assertThrows(.value, ["cov"]) {
            _ = try self.draw(randomVariable("multivariate_normal", [constant(NDArray([0.0, 0.0])), constant(NDArray([1.0, 2.0, 3.0]))], rng: rng).draw)
        }
    }

    func testNotConstantFoldedAndPrinted() throws {
        let rng = try sharedRandomGenerator(seed: 1, name: "rng")
        let x = try randomVariable("normal", [constant(0.0), constant(1.0)], rng: rng).draw
        XCTAssertEqual("\(x.owner!.op)", "normal_rv{0, (0, 0), floatX, False}")
        let f = try Function(inputs: [], outputs: [try add(x, constant(1.0))])
        XCTAssertTrue(f.dprint().contains("normal_rv"))
    }
}
