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
    // Axes of unknown length are checked to be 1 when the function runs.
    let unknown = targets.filter { x.type.shape[$0] == nil }
    let checked = unknown.isEmpty ? x : try specifyBroadcastable(x, axes: unknown)
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

/// `x` summed down to the shape of `like` (the adjoint of broadcasting `like` to x's
/// shape). Leading axes and axes where `like` is statically 1 are summed statically.
/// Elementwise ops only broadcast along such axes; ops that broadcast by NumPy's
/// run-time rule (matmul's batch axes) pass `runtimeBroadcast` to also sum where
/// `like`'s extent is unknown, decided when the function runs.
public func sumToShape(_ x: Variable, like: Variable, runtimeBroadcast: Bool = false) throws -> Variable {
    var result = x
    let lead = x.ndim - like.ndim
    if lead > 0 { result = try sum(result, axis: Array(0..<lead)) }
    let staticAxes = (0..<like.ndim).filter { like.type.shape[$0] == 1 && result.type.shape[$0] != 1 }
    if !staticAxes.isEmpty { result = try sum(result, axis: staticAxes, keepdims: true) }
    guard runtimeBroadcast else { return result }
    // An axis is settled when like's extent is known and is not 1 (no broadcasting
    // can have happened) or matches, or when the result is already of extent 1.
    let undecided = (0..<like.ndim).contains { axis in
        let a = like.type.shape[axis], b = result.type.shape[axis]
        if b == 1 { return false }
        if let a, a == b || a != 1 { return false }
        return true
    }
    if undecided { result = try apply(SumToShape(ndim: like.ndim), [result, shape(like)]) }
    return result
}

/// `x` with its static shape refined to `shape` (nil entries keep x's); checked when
/// the function runs (PyTensor's specify_shape).
public func specifyShape(_ x: Variable, _ shape: [Int?]) throws -> Variable {
    try apply(SpecifyShape(shape: shape), [x])
}

/// `x` with the given axes marked broadcastable (static extent 1), checked at run time.
public func specifyBroadcastable(_ x: Variable, axes: [Int]) throws -> Variable {
    let normalized = try normalizeAxes(axes, for: x)
    return try specifyShape(x, (0..<x.ndim).map { normalized.contains($0) ? 1 : x.type.shape[$0] })
}

/// The lower triangle of the last two axes (entries above diagonal k set to zero).
public func tril(_ x: Variable, k: Int = 0) throws -> Variable {
    try triangle(x, k: k, lower: true)
}

/// The upper triangle of the last two axes (entries below diagonal k set to zero).
public func triu(_ x: Variable, k: Int = 0) throws -> Variable {
    try triangle(x, k: k, lower: false)
}

private func triangle(_ x: Variable, k: Int, lower: Bool) throws -> Variable {
    guard x.ndim >= 2 else { throw SPPLError.value("tril/triu need at least 2 dimensions, got \(x) of type \(x.type)") }
    let entries = try shapeEntries(x)
    let rows = try arange(constant(0), entries[x.ndim - 2], constant(1))
    let cols = try arange(constant(0), entries[x.ndim - 1], constant(1))
    // Keep (i, j) where j - i <= k (lower) or j - i >= k (upper).
    let offset = try dimshuffle(cols, [nil, 0]) - dimshuffle(rows, [0, nil])
    let mask = lower ? try offset <= constant(k) : try offset >= constant(k)
    return try ifElse(mask, x, zerosLike(x))
}

/// The main diagonals of the last two axes (numpy.diagonal for square or rectangular matrices).
public func diagonal(_ x: Variable) throws -> Variable {
    guard x.ndim >= 2 else { throw SPPLError.value("diagonal needs at least 2 dimensions, got \(x) of type \(x.type)") }
    let entries = try shapeEntries(x)
    let n = try minimum(entries[x.ndim - 2], entries[x.ndim - 1])
    let i = try arange(constant(0), n, constant(1))
    let lead = [IndexArg](repeating: .all, count: x.ndim - 2)
    return try index(x, lead + [.array(i), .array(i)])
}

/// `x` with its last two axes swapped (the matrix transpose of a stack of matrices).
public func matrixTranspose(_ x: Variable) throws -> Variable {
    guard x.ndim >= 2 else { return x }
    var order = (0..<x.ndim).map { Optional($0) }
    order.swapAt(x.ndim - 1, x.ndim - 2)
    return try dimshuffle(x, order)
}

/// `x` reversed along `axis`.
public func flip(_ x: Variable, axis: Int) throws -> Variable {
    let a = try normalizeAxes([axis], for: x)[0]
    var args = [IndexArg](repeating: .all, count: a)
    args.append(.slice(nil, nil, constant(-1)))
    return try index(x, args)
}
