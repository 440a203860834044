// Tensor+Create.swift — creating variables: symbolic inputs, constants, shared values, and filled arrays (zeros, ones, arange, eye).

import DenseArrays
import TensorGraph

/// A symbolic input of the given dtype and static shape (nil: unknown extent).
public func tensor(_ name: String? = nil, dtype: DType = .float64, shape: [Int?]) -> Variable {
    Variable(TensorType(dtype, shape: shape), name: name)
}

/// A 0-d symbolic input.
public func scalar(_ name: String? = nil, dtype: DType = .float64) -> Variable {
    tensor(name, dtype: dtype, shape: [])
}

/// A 1-d symbolic input of unknown (or given) length.
public func vector(_ name: String? = nil, dtype: DType = .float64, length: Int? = nil) -> Variable {
    tensor(name, dtype: dtype, shape: [length])
}

/// A 2-d symbolic input.
public func matrix(_ name: String? = nil, dtype: DType = .float64, shape: (Int?, Int?) = (nil, nil)) -> Variable {
    tensor(name, dtype: dtype, shape: [shape.0, shape.1])
}

/// A constant holding `value` (shared, not copied).
public func constant(_ value: NDArray, name: String? = nil) -> Variable {
    Variable(constant: value, name: name)
}

public func constant(_ value: Double) -> Variable { Variable(constant: NDArray(scalar: value)) }
public func constant(_ value: Int) -> Variable { Variable(constant: NDArray(scalar: Int64(value))) }
public func constant(_ value: Bool) -> Variable { Variable(constant: NDArray(scalar: UInt8(value ? 1 : 0))) }

/// A shared variable: a value living outside the graph that functions read and may update.
public func shared(_ value: NDArray, name: String? = nil) -> Variable {
    Variable(shared: value, name: name)
}

/// A vector of integer scalars (a symbolic shape): a constant when every entry is one.
public func shapeVector(_ dims: [Variable]) throws -> Variable {
    for d in dims where d.ndim != 0 || d.dtype == .float64 {
        throw SPPLError.type("shape entries must be integer scalars, got \(d) of type \(d.type)")
    }
    let known = dims.compactMap(staticInt)
    if known.count == dims.count {
        return constant(NDArray(known.map { Int64($0) }))
    }
    if dims.isEmpty { return constant(NDArray([Int64]())) }
    return try stack(dims.map { try cast($0, to: .int64) }, axis: 0)
}

/// A new tensor of `shape` filled with `value` broadcast into it.
public func full(_ shape: [Variable], value: Variable) throws -> Variable {
    try apply(Alloc(), [value] + shape)
}

public func full(_ shape: [Int], value: Double) throws -> Variable {
    try full(shape.map(constant), value: constant(value))
}

public func zeros(_ shape: [Variable], dtype: DType = .float64) throws -> Variable {
    try full(shape, value: cast(constant(0), to: dtype))
}

public func zeros(_ shape: [Int], dtype: DType = .float64) throws -> Variable {
    try zeros(shape.map(constant), dtype: dtype)
}

public func ones(_ shape: [Variable], dtype: DType = .float64) throws -> Variable {
    try full(shape, value: cast(constant(1), to: dtype))
}

public func ones(_ shape: [Int], dtype: DType = .float64) throws -> Variable {
    try ones(shape.map(constant), dtype: dtype)
}

/// Symbolic shape entries of `x`: constants where the static shape knows them.
public func shapeEntries(_ x: Variable) throws -> [Variable] {
    let s = try shape(x)
    return try (0..<x.ndim).map { axis in
        if let n = x.type.shape[axis] { return constant(n) }
        return try index(s, [.scalar(constant(axis))])
    }
}

public func zerosLike(_ x: Variable, dtype: DType? = nil) throws -> Variable {
    try zeros(shapeEntries(x), dtype: dtype ?? x.dtype)
}

public func onesLike(_ x: Variable, dtype: DType? = nil) throws -> Variable {
    try ones(shapeEntries(x), dtype: dtype ?? x.dtype)
}

/// Values start, start + step, ... below stop (numpy.arange). The dtype defaults to
/// the promoted type of the arguments.
public func arange(_ start: Variable, _ stop: Variable, _ step: Variable, dtype: DType? = nil) throws -> Variable {
    let type = dtype ?? [start, stop, step].map(\.dtype).reduce(.int64, DType.promote)
    return try apply(ARange(dtype: type), [start, stop, step])
}

public func arange(_ stop: Int) throws -> Variable {
    try arange(constant(0), constant(stop), constant(1))
}

/// An n x m matrix with ones on diagonal k.
public func eye(_ n: Variable, _ m: Variable? = nil, k: Variable? = nil, dtype: DType = .float64) throws -> Variable {
    try apply(Eye(dtype: dtype), [n, m ?? n, k ?? constant(0)])
}

public func eye(_ n: Int, _ m: Int? = nil, k: Int = 0, dtype: DType = .float64) throws -> Variable {
    try eye(constant(n), constant(m ?? n), k: constant(k), dtype: dtype)
}

/// A copy of `a` with its main diagonal set to `value`.
public func fillDiagonal(_ a: Variable, _ value: Variable) throws -> Variable {
    try apply(FillDiagonal(), [a, value])
}
