// Linalg.swift — matrix ops: Dot, MatMul, Cholesky, Solve, SolveTriangular, Det, SlogDet, MatrixInverse.

import DenseArrays
import TensorGraph

/// Throws when two known extents differ.
private func checkExtent(_ a: Int?, _ b: Int?, _ message: @autoclosure () -> String) throws {
    if let a, let b, a != b { throw SPPLError.value(message()) }
}

/// numpy.dot: inner, matrix-vector and matrix-matrix products; for higher ranks the
/// sum over a's last axis and b's second-to-last.
public struct Dot: Op, Hashable {
    public init() {}
    public var description: String { "dot" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 2 else { throw SPPLError.type("dot takes two inputs") }
        let a = inputs[0].type, b = inputs[1].type
        guard a.ndim >= 1, b.ndim >= 1 else {
            throw SPPLError.value("dot of a 0-d tensor (\(inputs[0]): \(a), \(inputs[1]): \(b)); use multiplication")
        }
        let bk = b.ndim == 1 ? 0 : b.ndim - 2
        try checkExtent(a.shape[a.ndim - 1], b.shape[bk],
                        "shapes \(TensorType.formatStatic(a.shape)) and \(TensorType.formatStatic(b.shape)) not aligned: \(a.shape[a.ndim - 1]!) (dim \(a.ndim - 1)) != \(b.shape[bk]!) (dim \(bk))")
        var shape = Array(a.shape.dropLast())
        if b.ndim >= 2 {
            var rest = b.shape
            rest.remove(at: b.ndim - 2)
            shape += rest
        }
        return [TensorType(DType.promote(a.dtype, b.dtype), shape: shape)]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        [try NDArray.dot(inputs[0], inputs[1])]
    }

    public func perform(_ inputs: [NDArray], node: Apply, outputs: inout [NDArray?]) throws {
        outputs[0] = try NDArray.dot(inputs[0], inputs[1], reusing: outputs[0])
    }
}

/// numpy.matmul: matrix products over the last two axes, batch axes broadcast.
public struct MatMul: Op, Hashable {
    public init() {}
    public var description: String { "Matmul" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 2 else { throw SPPLError.type("matmul takes two inputs") }
        let a = inputs[0].type, b = inputs[1].type
        guard a.ndim >= 1, b.ndim >= 1 else {
            throw SPPLError.value("matmul: input operand does not have enough dimensions (\(a), \(b))")
        }
        let x = a.ndim == 1 ? [1] + a.shape : a.shape
        let y = b.ndim == 1 ? b.shape + [1] : b.shape
        try checkExtent(x[x.count - 1], y[y.count - 2],
                        "matmul: shapes \(TensorType.formatStatic(a.shape)) and \(TensorType.formatStatic(b.shape)) do not match in the contracted dimension")
        let bx = Array(x.dropLast(2)), by = Array(y.dropLast(2))
        let rank = Swift.max(bx.count, by.count)
        let batch = try broadcastBatch([[Int?](repeating: 1, count: rank - bx.count) + bx,
                                        [Int?](repeating: 1, count: rank - by.count) + by], what: "matmul", inputs)
        var shape = batch
        if a.ndim > 1 { shape.append(x[x.count - 2]) }
        if b.ndim > 1 { shape.append(y[y.count - 1]) }
        return [TensorType(DType.promote(a.dtype, b.dtype), shape: shape)]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        [try NDArray.matmul(inputs[0], inputs[1])]
    }
}

/// Static broadcast of two operands' batch shapes, or an error naming both operands and
/// their full static shapes (not just the batch parts).
private func broadcastBatch(_ batches: [[Int?]], what: String, _ operands: [Variable]) throws -> [Int?] {
    do {
        return try broadcastStaticShapes(batches, what: what)
    } catch {
        let listed = operands.map { "\($0) of shape \(TensorType.formatStatic($0.type.shape))" }.joined(separator: " and ")
        throw SPPLError.value("\(what): the batch dimensions of \(listed) cannot be broadcast together")
    }
}

/// Checks a (stack of) square matrix type and returns its batch shape.
private func squareBatch(_ v: Variable, _ what: String) throws -> [Int?] {
    let t = v.type
    guard t.ndim >= 2 else {
        throw SPPLError.value("\(what) expects a matrix (or a stack of them), got \(v) of type \(t)")
    }
    try checkExtent(t.shape[t.ndim - 1], t.shape[t.ndim - 2],
                    "\(what) expects square matrices, got \(v) of shape \(TensorType.formatStatic(t.shape))")
    return Array(t.shape.dropLast(2))
}

/// Output type of a solve: broadcast batch of a and b, then b's core shape.
private func solveType(_ inputs: [Variable], bIsVector: Bool, what: String) throws -> TensorType {
    guard inputs.count == 2 else { throw SPPLError.type("\(what) takes a and b") }
    let a = inputs[0], b = inputs[1]
    let aBatch = try squareBatch(a, what)
    let core = bIsVector ? 1 : 2
    guard b.ndim >= core else {
        throw SPPLError.value("\(what): b must have at least \(core) dimension(s), got \(b) of type \(b.type)")
    }
    let n = a.type.shape[a.ndim - 1]
    try checkExtent(n, b.type.shape[b.ndim - core],
                    "\(what): a of shape \(TensorType.formatStatic(a.type.shape)) and b of shape \(TensorType.formatStatic(b.type.shape)) are incompatible")
    let bBatch = Array(b.type.shape.dropLast(core))
    let rank = Swift.max(aBatch.count, bBatch.count)
    let batch = try broadcastBatch([[Int?](repeating: 1, count: rank - aBatch.count) + aBatch,
                                    [Int?](repeating: 1, count: rank - bBatch.count) + bBatch], what: what, inputs)
    return TensorType(.float64, shape: batch + Array(b.type.shape.suffix(core)))
}

/// Cholesky factor of symmetric positive-definite matrices.
public struct Cholesky: Op, Hashable {
    public let lower: Bool
    /// When true a failed factorization gives NaNs instead of raising (what samplers want).
    public let nanOnFailure: Bool

    public init(lower: Bool = true, nanOnFailure: Bool = false) {
        self.lower = lower
        self.nanOnFailure = nanOnFailure
    }

    public var description: String { "Cholesky{lower=\(lower ? "True" : "False"), on_error='\(nanOnFailure ? "nan" : "raise")'}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 1 else { throw SPPLError.type("cholesky takes one input") }
        _ = try squareBatch(inputs[0], "cholesky")
        return [TensorType(.float64, shape: inputs[0].type.shape)]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        [try inputs[0].cholesky(lower: lower, nanOnFailure: nanOnFailure)]
    }
}

/// Solution of a X = b for square a (scipy.linalg.solve's assume_a and lower).
public struct Solve: Op, Hashable {
    public let structure: MatrixStructure
    public let lower: Bool
    public let bIsVector: Bool

    public init(structure: MatrixStructure = .general, lower: Bool = false, bIsVector: Bool) {
        self.structure = structure
        self.lower = lower
        self.bIsVector = bIsVector
    }

    public var description: String {
        "Solve{assume_a='\(structure.rawValue)', lower=\(lower ? "True" : "False"), b_ndim=\(bIsVector ? 1 : 2)}"
    }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        [try solveType(inputs, bIsVector: bIsVector, what: "solve")]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        [try NDArray.solve(inputs[0], inputs[1], structure: structure, lower: lower, bIsVector: bIsVector)]
    }
}

/// Solution of a X = b (or aᵀ X = b) for triangular a.
public struct SolveTriangular: Op, Hashable {
    public let lower: Bool
    public let transpose: Bool
    public let unitDiagonal: Bool
    public let bIsVector: Bool

    public init(lower: Bool, transpose: Bool = false, unitDiagonal: Bool = false, bIsVector: Bool) {
        self.lower = lower
        self.transpose = transpose
        self.unitDiagonal = unitDiagonal
        self.bIsVector = bIsVector
    }

    public var description: String {
        "SolveTriangular{trans=\(transpose ? 1 : 0), unit_diagonal=\(unitDiagonal ? "True" : "False"), lower=\(lower ? "True" : "False"), b_ndim=\(bIsVector ? 1 : 2)}"
    }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        [try solveType(inputs, bIsVector: bIsVector, what: "solve_triangular")]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        [try NDArray.solveTriangular(inputs[0], inputs[1], lower: lower, transpose: transpose,
                                     unitDiagonal: unitDiagonal, bIsVector: bIsVector)]
    }
}

/// Determinant.
public struct Det: Op, Hashable {
    public init() {}
    public var description: String { "Det" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 1 else { throw SPPLError.type("det takes one input") }
        return [TensorType(.float64, shape: try squareBatch(inputs[0], "det"))]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] { [try inputs[0].det()] }
}

/// Sign and log absolute value of the determinant (two outputs).
public struct SlogDet: Op, Hashable {
    public init() {}
    public var description: String { "SLogDet" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 1 else { throw SPPLError.type("slogdet takes one input") }
        let batch = try squareBatch(inputs[0], "slogdet")
        return [TensorType(.float64, shape: batch), TensorType(.float64, shape: batch)]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let (sign, logAbs) = try inputs[0].slogdet()
        return [sign, logAbs]
    }
}

/// Matrix inverse.
public struct MatrixInverse: Op, Hashable {
    public init() {}
    public var description: String { "MatrixInverse" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 1 else { throw SPPLError.type("inv takes one input") }
        _ = try squareBatch(inputs[0], "inv")
        return [TensorType(.float64, shape: inputs[0].type.shape)]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] { [try inputs[0].inverse()] }
}
