// Tensor+Shape.swift — shape functions: shape, reshape, flatten, transpose, dimshuffle, expand_dims, squeeze, concatenate, stack.

import DenseArrays
import TensorGraph

/// The shape of `x` as an int64 vector.
public func shape(_ x: Variable) throws -> Variable {
    try apply(Shape(), [x])
}

/// `x` with a new shape given as an int64 vector of static length (one entry may be -1).
public func reshape(_ x: Variable, _ newShape: Variable) throws -> Variable {
    guard newShape.ndim == 1, let n = newShape.type.shape[0] else {
        throw SPPLError.value("reshape needs a shape vector of known length, got \(newShape) of type \(newShape.type)")
    }
    return try apply(Reshape(ndim: n), [x, cast(newShape, to: .int64)])
}

/// `x` with a new shape given entry by entry (integer scalars; one may be -1).
public func reshape(_ x: Variable, _ newShape: [Variable]) throws -> Variable {
    try reshape(x, shapeVector(newShape))
}

public func reshape(_ x: Variable, _ newShape: [Int]) throws -> Variable {
    try reshape(x, newShape.map(constant))
}

/// `x` with its trailing axes merged so that `ndim` axes remain (PyTensor's flatten).
public func flatten(_ x: Variable, ndim: Int = 1) throws -> Variable {
    guard ndim >= 1, ndim <= Swift.max(x.ndim, 1) else {
        throw SPPLError.value("flatten: ndim \(ndim) must be between 1 and \(Swift.max(x.ndim, 1)) for \(x) of type \(x.type)")
    }
    let entries = try shapeEntries(x)
    return try reshape(x, Array(entries.prefix(ndim - 1)) + [constant(-1)])
}

/// Permutes the axes (reverses them when `axes` is nil).
public func transpose(_ x: Variable, axes: [Int]? = nil) throws -> Variable {
    let order = try axes.map { try normalizeAxesKeepingOrder($0, for: x) } ?? Array((0..<x.ndim).reversed())
    guard order.count == x.ndim, Set(order).count == x.ndim else {
        throw SPPLError.value("axes \(axes ?? []) don't match the \(x.ndim) dimensions of \(x)")
    }
    return try dimshuffle(x, order.map { Optional($0) })
}

/// Axes in range, negatives wrapped, order preserved.
func normalizeAxesKeepingOrder(_ axes: [Int], for x: Variable) throws -> [Int] {
    try axes.map { a in
        let n = a < 0 ? a + x.ndim : a
        guard n >= 0, n < x.ndim else { throw SPPLError.value("axis \(a) is out of bounds for \(x) of dimension \(x.ndim)") }
        return n
    }
}

/// PyTensor's dimshuffle: each entry an input axis or nil ("x") for a new axis.
public func dimshuffle(_ x: Variable, _ order: [Int?]) throws -> Variable {
    try apply(DimShuffle(inputNdim: x.ndim, order: order), [x])
}

/// `x` with a new length-1 axis at each position of `axes` (in the result's numbering).
public func expandDims(_ x: Variable, axes: [Int]) throws -> Variable {
    let outNdim = x.ndim + axes.count
    let positions = try axes.map { a -> Int in
        let n = a < 0 ? a + outNdim : a
        guard n >= 0, n < outNdim else {
            throw SPPLError.value("axis \(a) is out of bounds for the result of dimension \(outNdim)")
        }
        return n
    }
    guard Set(positions).count == positions.count else { throw SPPLError.value("repeated axis in expand_dims: \(axes)") }
    var order: [Int?] = []
    var next = 0
    for i in 0..<outNdim {
        if positions.contains(i) {
            order.append(nil)
        } else {
            order.append(next)
            next += 1
        }
    }
    return try dimshuffle(x, order)
}

/// `x` without the given length-1 axes (nil: every axis statically known to be 1).
/// An axis given explicitly whose length is not known statically must be 1 at run time,
/// as numpy.squeeze requires.
public func squeeze(_ x: Variable, axes: [Int]? = nil) throws -> Variable {
    let targets = try axes.map { try normalizeAxes($0, for: x) } ?? (0..<x.ndim).filter { x.type.shape[$0] == 1 }
    for axis in targets {
        if let n = x.type.shape[axis], n != 1 {
            throw SPPLError.value("cannot select an axis to squeeze out which has size not equal to one: axis \(axis) of \(x) (type \(x.type))")
        }
    }
    let unknown = targets.filter { x.type.shape[$0] == nil }
    let checked = unknown.isEmpty ? x : try apply(SpecifyBroadcastable(axes: unknown), [x])
    return try squeezeAxes(checked, targets)
}

/// Joins tensors of equal rank along an existing axis.
public func concatenate(_ tensors: [Variable], axis: Int = 0) throws -> Variable {
    guard let first = tensors.first else { throw SPPLError.value("need at least one array to concatenate") }
    guard first.ndim > 0 else { throw SPPLError.value("zero-dimensional arrays cannot be concatenated") }
    let n = axis < 0 ? axis + first.ndim : axis
    guard n >= 0, n < first.ndim else {
        throw SPPLError.value("axis \(axis) is out of bounds for array of dimension \(first.ndim)")
    }
    return try apply(Join(axis: n), tensors)
}

/// Joins tensors of equal shape along a new axis.
public func stack(_ tensors: [Variable], axis: Int = 0) throws -> Variable {
    guard let first = tensors.first else { throw SPPLError.value("need at least one array to stack") }
    for t in tensors where t.ndim != first.ndim {
        throw SPPLError.value("all input arrays must have the same shape: \(first) has type \(first.type), \(t) has type \(t.type)")
    }
    let n = axis < 0 ? axis + first.ndim + 1 : axis
    guard n >= 0, n <= first.ndim else {
        throw SPPLError.value("axis \(axis) is out of bounds for array of dimension \(first.ndim + 1)")
    }
    return try apply(Join(axis: n), tensors.map { try expandDims($0, axes: [n]) })
}
