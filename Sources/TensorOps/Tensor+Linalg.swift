// Tensor+Linalg.swift — linear algebra functions: dot, matmul, outer, cholesky, solve, solve_triangular, det, slogdet, inv.

import DenseArrays
import TensorGraph

/// numpy.dot: with a 0-d operand it is elementwise multiplication (as in NumPy and PyTensor).
public func dot(_ a: Variable, _ b: Variable) throws -> Variable {
    if a.ndim == 0 || b.ndim == 0 { return try mul(a, b) }
    return try apply(Dot(), [a, b])
}
public func matmul(_ a: Variable, _ b: Variable) throws -> Variable { try apply(MatMul(), [a, b]) }

/// Outer product of two vectors (inputs are flattened, as numpy.outer does).
public func outer(_ a: Variable, _ b: Variable) throws -> Variable {
    let x = a.ndim == 1 ? a : try flatten(a)
    let y = b.ndim == 1 ? b : try flatten(b)
    return try mul(dimshuffle(x, [0, nil]), dimshuffle(y, [nil, 0]))
}

public func cholesky(_ a: Variable, lower: Bool = true, nanOnFailure: Bool = false) throws -> Variable {
    try apply(Cholesky(lower: lower, nanOnFailure: nanOnFailure), [a])
}

/// Solves a x = b. `bNdim` (1 or 2) says whether b's core is a vector or a matrix;
/// by default a 1-d b is a vector and anything else a matrix.
public func solve(_ a: Variable, _ b: Variable, assumeA: MatrixStructure = .general, lower: Bool = false,
                  bNdim: Int? = nil) throws -> Variable {
    let vector = try bIsVector(b, bNdim)
    return try apply(Solve(structure: assumeA, lower: lower, bIsVector: vector), [a, b])
}

public func solveTriangular(_ a: Variable, _ b: Variable, lower: Bool = false, transpose: Bool = false,
                            unitDiagonal: Bool = false, bNdim: Int? = nil) throws -> Variable {
    let vector = try bIsVector(b, bNdim)
    return try apply(SolveTriangular(lower: lower, transpose: transpose, unitDiagonal: unitDiagonal, bIsVector: vector), [a, b])
}

private func bIsVector(_ b: Variable, _ bNdim: Int?) throws -> Bool {
    guard let bNdim else { return b.ndim == 1 }
    guard bNdim == 1 || bNdim == 2 else { throw SPPLError.value("b_ndim must be 1 or 2, got \(bNdim)") }
    return bNdim == 1
}

public func det(_ a: Variable) throws -> Variable { try apply(Det(), [a]) }

/// (sign, log|det|) of a.
public func slogdet(_ a: Variable) throws -> (sign: Variable, logAbsDet: Variable) {
    let node = try Apply(SlogDet(), [a])
    return (node.output(0), node.output(1))
}

public func inv(_ a: Variable) throws -> Variable { try apply(MatrixInverse(), [a]) }
