// Tensor+Reduce.swift — reductions with axis/keepdims, mean/var/std, argmax/argmin, cumsum/cumprod.

import DenseArrays
import TensorGraph

/// Normalizes (possibly negative) axes; nil means all axes. Repeats and out-of-range
/// axes raise, naming the variable.
public func normalizeAxes(_ axes: [Int]?, for x: Variable) throws -> [Int] {
    guard let axes else { return Array(0..<x.ndim) }
    var result: [Int] = []
    for a in axes {
        let n = a < 0 ? a + x.ndim : a
        guard n >= 0, n < x.ndim else {
            throw SPPLError.value("axis \(a) is out of bounds for \(x) of dimension \(x.ndim)")
        }
        guard !result.contains(n) else { throw SPPLError.value("duplicate value in 'axis': \(axes)") }
        result.append(n)
    }
    return result.sorted()
}

func reducedAxes(_ x: Variable, _ axis: [Int]?) throws -> [Int] { try normalizeAxes(axis, for: x) }

/// Removes the given length-1 axes.
func squeezeAxes(_ x: Variable, _ axes: [Int]) throws -> Variable {
    let keep = (0..<x.ndim).filter { !axes.contains($0) }.map { Optional($0) }
    return try apply(DimShuffle(inputNdim: x.ndim, order: keep), [x])
}

/// Reinserts reduced axes as length-1 axes (keepdims).
public func keepDims(_ reduced: Variable, originalNdim: Int, axes: [Int]) throws -> Variable {
    try expandDims(reduced, axes: axes)
}

/// A reduction over `axis` (nil: all axes), keeping reduced axes as length 1 when `keepdims`.
public func reduce(_ op: ReduceOp, _ x: Variable, axis: [Int]? = nil, keepdims: Bool = false) throws -> Variable {
    let axes = try normalizeAxes(axis, for: x)
    let result = try apply(Reduce(op, axes: axis == nil ? nil : axes), [x])
    return keepdims ? try keepDims(result, originalNdim: x.ndim, axes: axes) : result
}

public func sum(_ x: Variable, axis: [Int]? = nil, keepdims: Bool = false) throws -> Variable {
    try reduce(.sum, x, axis: axis, keepdims: keepdims)
}
public func prod(_ x: Variable, axis: [Int]? = nil, keepdims: Bool = false) throws -> Variable {
    try reduce(.prod, x, axis: axis, keepdims: keepdims)
}
public func max(_ x: Variable, axis: [Int]? = nil, keepdims: Bool = false) throws -> Variable {
    try reduce(.max, x, axis: axis, keepdims: keepdims)
}
public func min(_ x: Variable, axis: [Int]? = nil, keepdims: Bool = false) throws -> Variable {
    try reduce(.min, x, axis: axis, keepdims: keepdims)
}
public func all(_ x: Variable, axis: [Int]? = nil, keepdims: Bool = false) throws -> Variable {
    try reduce(.all, x, axis: axis, keepdims: keepdims)
}
public func any(_ x: Variable, axis: [Int]? = nil, keepdims: Bool = false) throws -> Variable {
    try reduce(.any, x, axis: axis, keepdims: keepdims)
}

/// Number of elements reduced over `axes`, as a float64 scalar (constant when static).
func elementCount(_ x: Variable, _ axes: [Int]) throws -> Variable {
    let extents = axes.map { x.type.shape[$0] }
    if extents.allSatisfy({ $0 != nil }) {
        // In Double: the Int product of static extents may overflow.
        return constant(extents.reduce(1.0) { $0 * Double($1 ?? 0) })
    }
    let entries = try shapeEntries(x)
    var count = constant(1)
    for axis in axes { count = try mul(count, entries[axis]) }
    return try cast(count, to: .float64)
}

/// Arithmetic mean over `axis` (float64 for every input type). As NumPy, ints and
/// bools are summed in float64: an int64 sum could wrap around.
public func mean(_ x: Variable, axis: [Int]? = nil, keepdims: Bool = false) throws -> Variable {
    let axes = try normalizeAxes(axis, for: x)
    return try trueDiv(sum(cast(x, to: .float64), axis: axis, keepdims: keepdims), elementCount(x, axes))
}

/// Variance over `axis` with `ddof` delta degrees of freedom (NumPy's var). As NumPy
/// it divides by max(n - ddof, 0): ddof >= n gives inf (nan for constant data), never
/// a negative variance.
public func variance(_ x: Variable, axis: [Int]? = nil, ddof: Int = 0, keepdims: Bool = false) throws -> Variable {
    let axes = try normalizeAxes(axis, for: x)
    let centered = try x - mean(x, axis: axis, keepdims: true)
    let squares = try sum(sqr(centered), axis: axis, keepdims: keepdims)
    return try trueDiv(squares, maximum(elementCount(x, axes) - Double(ddof), constant(0.0)))
}

/// Standard deviation over `axis` (square root of `variance`).
public func std(_ x: Variable, axis: [Int]? = nil, ddof: Int = 0, keepdims: Bool = false) throws -> Variable {
    try sqrt(variance(x, axis: axis, ddof: ddof, keepdims: keepdims))
}

/// Index of the maximum along `axis` (nil: of the flattened tensor).
public func argmax(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) throws -> Variable {
    try argExtreme(x, maximum: true, axis: axis, keepdims: keepdims)
}

public func argmin(_ x: Variable, axis: Int? = nil, keepdims: Bool = false) throws -> Variable {
    try argExtreme(x, maximum: false, axis: axis, keepdims: keepdims)
}

private func argExtreme(_ x: Variable, maximum: Bool, axis: Int?, keepdims: Bool) throws -> Variable {
    let axes = try normalizeAxes(axis.map { [$0] }, for: x)
    let result = try apply(ArgExtreme(maximum: maximum, axis: axis == nil ? nil : axes[0]), [x])
    return keepdims ? try keepDims(result, originalNdim: x.ndim, axes: axes) : result
}

/// Running sum along `axis` (nil: over the flattened tensor).
public func cumsum(_ x: Variable, axis: Int? = nil) throws -> Variable {
    try apply(CumOp(.sum, axis: axis.map { try normalizeAxes([$0], for: x)[0] }), [x])
}

/// Running product along `axis` (nil: over the flattened tensor).
public func cumprod(_ x: Variable, axis: Int? = nil) throws -> Variable {
    try apply(CumOp(.prod, axis: axis.map { try normalizeAxes([$0], for: x)[0] }), [x])
}
