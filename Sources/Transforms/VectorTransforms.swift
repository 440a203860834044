// VectorTransforms.swift — transforms acting on the last axis: simplex, stick-breaking, sum-to-1, ordered, zero-sum, packed Cholesky factors.

import DenseArrays
import TensorGraph
import TensorOps

/// The last axis, as an index list of `.all`s then `arg`.
private func lastAxis(_ x: Variable, _ arg: IndexArg) -> [IndexArg] {
    [IndexArg](repeating: .all, count: x.ndim - 1) + [arg]
}

/// Length of the last axis as a float64 scalar.
private func lastLength(_ x: Variable) throws -> Variable {
    try cast(shapeEntries(x)[x.ndim - 1], to: .float64)
}

/// Simplex points (x_i > 0, Σ x_i = 1) in n dimensions, PyMC 5's default for Dirichlet:
/// y = log x_{:-1} - mean(log x) (n - 1 reals); backward appends -Σ y and takes the
/// softmax (shifted by the max so it cannot overflow).
public struct SimplexTransform: ValueTransform {
    public init() {}
    public var name: String { "simplex" }
    public var supportDimensions: Int { 1 }

    public func forward(_ x: Variable) throws -> Variable {
        let logX = try log(x)
        let shift = try sum(logX, axis: [-1], keepdims: true) / lastLength(x)
        return try index(logX, lastAxis(x, .slice(nil, constant(-1), nil))) - shift
    }

    public func backward(_ y: Variable) throws -> Variable {
        let full = try concatenate([y, neg(sum(y, axis: [-1], keepdims: true))], axis: -1)
        let shifted = try exp(full - max(full, axis: [-1], keepdims: true))
        return try shifted / sum(shifted, axis: [-1], keepdims: true)
    }

    /// With s = Σ y and N = n: log|det J| = log N + N s - N logsumexp([y + s, 0]).
    public func logJacobianDeterminant(_ y: Variable) throws -> Variable {
        let n = try lastLength(y) + 1.0
        let s = try sum(y, axis: [-1], keepdims: true)
        let expanded = try concatenate([y + s, zerosLike(s)], axis: -1)
        let value = try log(n) + n * s - n * logsumexp(expanded, axis: [-1], keepdims: true)
        return try sum(value, axis: [-1])
    }
}

/// Simplex points by stick-breaking (PyMC 3's StickBreaking): each of the first n - 1
/// coordinates takes the fraction sigmoid(y_k - log(n - 1 - k)) of what is left, the
/// offset making y = 0 the uniform point.
public struct StickBreakingTransform: ValueTransform {
    public init() {}
    public var name: String { "stickbreaking" }
    public var supportDimensions: Int { 1 }

    /// log(K - k) for k = 0..<K - 1 (K = n - 1 free coordinates), as a vector.
    private func offsets(_ length: Variable) throws -> Variable {
        let k = try arange(constant(0.0), length, constant(1.0))
        return try log(length - k)
    }

    public func forward(_ x: Variable) throws -> Variable {
        let k = try lastLength(x) - 1.0
        let head = try index(x, lastAxis(x, .slice(nil, constant(-1), nil)))
        // Remaining stick before each coordinate: 1 - cumulative sum of the previous ones.
        let left = try 1.0 - cumsum(head, axis: -1) + head
        let fraction = try head / left
        return try log(fraction) - log1p(-fraction) + offsets(k)
    }

    public func backward(_ y: Variable) throws -> Variable {
        let k = try lastLength(y)
        let z = try sigmoid(y - offsets(k))
        // Stick left before coordinate j: Π_{i<j} (1 - z_i), by a cumulative sum of logs.
        let logRest = try cumsum(log1p(-z), axis: -1)
        let leftBefore = try exp(logRest - log1p(-z))
        let head = try z * leftBefore
        let last = try exp(index(logRest, lastAxis(logRest, .slice(constant(-1), nil, nil))))
        return try concatenate([head, last], axis: -1)
    }

    /// log|det J| = Σ_k [log z_k + log(1 - z_k) + log(stick left before k)].
    public func logJacobianDeterminant(_ y: Variable) throws -> Variable {
        let k = try lastLength(y)
        let t = try y - offsets(k)
        let logZ = try neg(softplus(neg(t))), log1mZ = try neg(softplus(t))
        let logLeft = try cumsum(log1mZ, axis: -1) - log1mZ
        return try sum(logZ + log1mZ + logLeft, axis: [-1])
    }
}

/// Points summing to 1 along the last axis, with no positivity: y = x_{:-1},
/// x = [y, 1 - Σ y]; the map is linear with unit Jacobian.
public struct SumTo1Transform: ValueTransform {
    public init() {}
    public var name: String { "sumto1" }
    public var supportDimensions: Int { 1 }

    public func forward(_ x: Variable) throws -> Variable {
        try index(x, lastAxis(x, .slice(nil, constant(-1), nil)))
    }

    public func backward(_ y: Variable) throws -> Variable {
        try concatenate([y, 1.0 - sum(y, axis: [-1], keepdims: true)], axis: -1)
    }

    public func logJacobianDeterminant(_ y: Variable) throws -> Variable {
        try sum(zerosLike(y), axis: [-1])
    }
}

/// Increasing vectors: y_0 = x_0, y_k = log(x_k - x_{k-1}); x = cumsum([y_0, e^{y_1}, ...]);
/// log|det J| = Σ_{k>=1} y_k.
public struct OrderedTransform: ValueTransform {
    public init() {}
    public var name: String { "ordered" }
    public var supportDimensions: Int { 1 }

    public func forward(_ x: Variable) throws -> Variable {
        let first = try index(x, lastAxis(x, .slice(nil, constant(1), nil)))
        let gaps = try index(x, lastAxis(x, .slice(constant(1), nil, nil))) - index(x, lastAxis(x, .slice(nil, constant(-1), nil)))
        return try concatenate([first, log(gaps)], axis: -1)
    }

    public func backward(_ y: Variable) throws -> Variable {
        let first = try index(y, lastAxis(y, .slice(nil, constant(1), nil)))
        let steps = try exp(index(y, lastAxis(y, .slice(constant(1), nil, nil))))
        return try cumsum(concatenate([first, steps], axis: -1), axis: -1)
    }

    public func logJacobianDeterminant(_ y: Variable) throws -> Variable {
        try sum(index(y, lastAxis(y, .slice(constant(1), nil, nil))), axis: [-1])
    }
}

/// Vectors whose entries sum to zero along `axes` (PyMC's ZeroSumTransform): the
/// orthonormal Helmert-like map that drops one coordinate per axis, with unit Jacobian.
public struct ZeroSumTransform: ValueTransform {
    public let axes: [Int]

    /// `axes` are negative, counted from the end (PyMC's zerosum_axes).
    public init(axes: [Int] = [-1]) throws {
        guard !axes.isEmpty, axes.allSatisfy({ $0 < 0 }) else {
            throw SPPLError.value("zero-sum transform axes must be negative (counted from the end), got \(axes)")
        }
        self.axes = axes
    }

    public var name: String { "zerosum" }
    public var supportDimensions: Int { axes.map { -$0 }.max() ?? 1 }

    /// Drops the last entry along `axis` and adds the norm term that makes it recoverable.
    private func extendReverse(_ x: Variable, axis: Int) throws -> Variable {
        let a = axis + x.ndim
        let n = try cast(shapeEntries(x)[a], to: .float64)
        let rootN = try sqrt(n)
        let last = try index(x, [IndexArg](repeating: .all, count: a) + [.slice(constant(-1), nil, nil)])
        let norm = try (neg(last) * rootN) / (rootN + n)
        return try index(x, [IndexArg](repeating: .all, count: a) + [.slice(nil, constant(-1), nil)]) + norm
    }

    /// Appends the entry that makes the sum zero (the inverse of `extendReverse`).
    private func extend(_ y: Variable, axis: Int) throws -> Variable {
        let a = axis + y.ndim
        let n = try cast(shapeEntries(y)[a], to: .float64) + 1.0
        let rootN = try sqrt(n)
        let total = try sum(y, axis: [a], keepdims: true)
        let norm = try total / (rootN + n)
        let fill = try norm - total / rootN
        return try concatenate([y, fill], axis: a) - norm
    }

    public func forward(_ x: Variable) throws -> Variable {
        try axes.reduce(x) { try extendReverse($0, axis: $1) }
    }

    public func backward(_ y: Variable) throws -> Variable {
        try axes.reduce(y) { try extend($0, axis: $1) }
    }

    public func logJacobianDeterminant(_ y: Variable) throws -> Variable {
        guard y.ndim >= supportDimensions else {
            throw SPPLError.value("zero-sum transform over axes \(axes) of \(y), which has only \(y.ndim) dimensions")
        }
        return try sum(zerosLike(y), axis: Array((y.ndim - supportDimensions)..<y.ndim))
    }
}

/// Cholesky factors of n x n covariance matrices packed row by row (lower triangle,
/// n(n+1)/2 entries), PyMC's CholeskyCovPacked: the diagonal entries are logged.
public struct CholeskyCovPackedTransform: ValueTransform {
    public let n: Int

    public init(n: Int) throws {
        guard n >= 1 else { throw SPPLError.value("packed Cholesky transform needs n >= 1, got \(n)") }
        self.n = n
    }

    public var name: String { "cholesky-cov-packed" }
    public var supportDimensions: Int { 1 }

    /// Positions of the diagonal in the packed vector: 0, 2, 5, 9, ... (i(i+3)/2).
    private var diagonal: Variable { constant(NDArray((0..<n).map { Int64($0 * ($0 + 3) / 2) })) }

    private func mapDiagonal(_ v: Variable, _ f: (Variable) throws -> Variable) throws -> Variable {
        let positions = lastAxis(v, .array(diagonal))
        return try setSubtensor(index(v, positions), f(index(v, positions)))
    }

    public func forward(_ x: Variable) throws -> Variable { try mapDiagonal(x, log) }
    public func backward(_ y: Variable) throws -> Variable { try mapDiagonal(y, exp) }

    public func logJacobianDeterminant(_ y: Variable) throws -> Variable {
        try sum(index(y, lastAxis(y, .array(diagonal))), axis: [-1])
    }
}
