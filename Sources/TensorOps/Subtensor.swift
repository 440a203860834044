// Subtensor.swift — indexing ops: basic (Subtensor, a view), advanced (AdvancedSubtensor, a gather) and their set/increment counterparts.

import DenseArrays
import TensorGraph

/// The static structure of one index position; the values are op inputs.
public enum IndexSpec: Hashable, Sendable {
    /// An integer scalar (one input).
    case scalar
    /// A slice; each present part is one integer scalar input, in start, stop, step order.
    case slice(start: Bool, stop: Bool, step: Bool)
    /// An integer or boolean array (one input): advanced indexing.
    case array

    var inputCount: Int {
        switch self {
        case .scalar, .array: return 1
        case .slice(let a, let b, let c): return (a ? 1 : 0) + (b ? 1 : 0) + (c ? 1 : 0)
        }
    }

    var text: String {
        switch self {
        case .scalar: return "int64"
        case .array: return "array"
        case .slice(let a, let b, let c):
            let parts = [a ? "int64" : "", b ? "int64" : ""] + (c ? ["int64"] : [])
            return parts.joined(separator: ":")
        }
    }
}

/// Checks index inputs against the specs (integer scalars, int/bool arrays) and
/// how many axes of `x` they consume.
func checkIndexInputs(_ specs: [IndexSpec], _ x: Variable, _ indices: ArraySlice<Variable>, op: String) throws {
    guard indices.count == specs.reduce(0, { $0 + $1.inputCount }) else {
        throw SPPLError.type("\(op): expected \(specs.reduce(0) { $0 + $1.inputCount }) index inputs, got \(indices.count)")
    }
    var i = indices.startIndex
    var axes = 0
    for spec in specs {
        switch spec {
        case .array:
            let v = indices[i]
            guard v.dtype != .float64 else {
                throw SPPLError.index("arrays used as indices must be of integer or boolean type, got \(v) of type \(v.type)")
            }
            axes += v.dtype == .bool ? Swift.max(v.ndim, 1) : 1
        default:
            for v in indices[i..<(i + spec.inputCount)] where v.ndim != 0 || v.dtype == .float64 {
                throw SPPLError.index("only integer scalars, slices, None, Ellipsis and integer or boolean arrays are valid indices; got \(v) of type \(v.type)")
            }
            axes += 1
        }
        i += spec.inputCount
    }
    guard axes <= x.ndim else {
        throw SPPLError.index("too many indices for \(x): it is \(x.ndim)-dimensional (type \(x.type)), but \(axes) were indexed")
    }
}

/// Turns index input values into runtime index entries.
func resolveIndex(_ specs: [IndexSpec], _ values: ArraySlice<NDArray>) throws -> [IndexEntry] {
    var entries: [IndexEntry] = []
    var i = values.startIndex
    func next() throws -> Int {
        defer { i += 1 }
        return try scalarInt(values[i], "index")
    }
    for spec in specs {
        switch spec {
        case .scalar: entries.append(.integer(try next()))
        case .array:
            entries.append(.array(values[i]))
            i += 1
        case .slice(let a, let b, let c):
            let start = a ? try next() : nil
            let stop = b ? try next() : nil
            let step = c ? try next() : nil
            entries.append(.slice(start: start, stop: stop, step: step))
        }
    }
    return entries
}

/// Static result shape of basic indexing: scalars drop their axis, constant slices over
/// known extents have known length; out-of-range constant indices fail here.
func basicIndexedShape(_ specs: [IndexSpec], _ x: Variable, _ indices: ArraySlice<Variable>) throws -> [Int?] {
    var shape: [Int?] = []
    var i = indices.startIndex
    var axis = 0
    for spec in specs {
        let extent = x.type.shape[axis]
        switch spec {
        case .scalar:
            if let n = extent, let k = staticInt(indices[i]) {
                _ = try normalizeIndex(k, axis: axis, size: n)
            }
            i += 1
        case .slice(let a, let b, let c):
            var parts: [Int?] = []
            var allKnown = true
            for present in [a, b, c] {
                if present {
                    let k = staticInt(indices[i])
                    if k == nil { allKnown = false }
                    parts.append(k)
                    i += 1
                } else {
                    parts.append(nil)
                }
            }
            if let n = extent, allKnown {
                shape.append(try normalizeSlice(start: parts[0], stop: parts[1], step: parts[2], count: n).count)
            } else {
                if c, parts[2] == 0 { throw SPPLError.value("slice step cannot be zero") }
                shape.append(nil)
            }
        case .array:
            throw SPPLError.index("array index in a basic Subtensor")
        }
        axis += 1
    }
    return shape + x.type.shape[axis...]
}

/// Static result shape of advanced indexing, following NumPy's placement rule.
func advancedIndexedShape(_ specs: [IndexSpec], _ x: Variable, _ indices: ArraySlice<Variable>) throws -> [Int?] {
    var basic: [Int?] = []
    var arrayShapes: [[Int?]] = []
    var advancedPositions: [Int] = []
    var i = indices.startIndex
    var axis = 0
    for spec in specs {
        switch spec {
        case .array:
            let v = indices[i]
            if v.dtype == .bool {
                for d in 0..<v.ndim {
                    if let n = x.type.shape[axis + d], let m = v.type.shape[d], n != m {
                        throw SPPLError.index("boolean index did not match indexed array along axis \(axis + d); size of axis is \(n) but size of corresponding boolean axis is \(m)")
                    }
                }
                for _ in 0..<Swift.max(v.ndim, 1) {
                    advancedPositions.append(basic.count + advancedPositions.count)
                    arrayShapes.append([nil])
                }
                axis += Swift.max(v.ndim, 1)
            } else {
                advancedPositions.append(basic.count + advancedPositions.count)
                arrayShapes.append(v.type.shape)
                axis += 1
            }
            i += 1
        case .scalar:
            advancedPositions.append(basic.count + advancedPositions.count)
            arrayShapes.append([])
            i += 1
            axis += 1
        case .slice(let a, let b, let c):
            let n = (a ? 1 : 0) + (b ? 1 : 0) + (c ? 1 : 0)
            let sub = try basicIndexedShape([spec], x.dimShuffledForStaticShape(from: axis), indices[i..<(i + n)])
            basic.append(sub[0])
            i += n
            axis += 1
        }
    }
    basic += x.type.shape[axis...]
    let rank = arrayShapes.map(\.count).max() ?? 0
    let padded = arrayShapes.map { [Int?](repeating: 1, count: rank - $0.count) + $0 }
    let broadcast = try broadcastStaticShapes(padded, what: "advanced indexing")
    let adjacent = zip(advancedPositions, advancedPositions.dropFirst()).allSatisfy { $1 == $0 + 1 }
    let insertAt = adjacent ? (advancedPositions.first ?? 0) : 0
    return Array(basic[..<insertAt]) + broadcast + Array(basic[insertAt...])
}

extension Variable {
    /// A stand-in of this variable's type starting at `axis`, for static shape helpers.
    fileprivate func dimShuffledForStaticShape(from axis: Int) -> Variable {
        Variable(TensorType(dtype, shape: Array(type.shape[axis...])))
    }
}

/// Basic indexing (integers and slices) as a view: `x[1, 2:5]`.
public struct Subtensor: Op, Hashable {
    public let specs: [IndexSpec]
    public init(_ specs: [IndexSpec]) { self.specs = specs }
    public var description: String { "Subtensor{" + specs.map(\.text).joined(separator: ", ") + "}" }
    public var outputsMayAlias: Bool { true }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard let x = inputs.first else { throw SPPLError.type("Subtensor needs an input") }
        guard !specs.contains(.array) else { throw SPPLError.type("Subtensor takes no array indices; use AdvancedSubtensor") }
        try checkIndexInputs(specs, x, inputs.dropFirst(), op: description)
        return [TensorType(x.dtype, shape: try basicIndexedShape(specs, x, inputs.dropFirst()))]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        [try inputs[0].indexed(resolveIndex(specs, inputs.dropFirst()))]
    }
}

/// Indexing with integer or boolean arrays (NumPy advanced indexing), mixed with slices and integers.
public struct AdvancedSubtensor: Op, Hashable {
    public let specs: [IndexSpec]
    public init(_ specs: [IndexSpec]) { self.specs = specs }
    public var description: String { "AdvancedSubtensor{" + specs.map(\.text).joined(separator: ", ") + "}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard let x = inputs.first else { throw SPPLError.type("AdvancedSubtensor needs an input") }
        try checkIndexInputs(specs, x, inputs.dropFirst(), op: description)
        return [TensorType(x.dtype, shape: try advancedIndexedShape(specs, x, inputs.dropFirst()))]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        [try inputs[0].indexed(resolveIndex(specs, inputs.dropFirst()))]
    }
}

/// `x` with `x[index]` replaced by (set) or incremented by (inc) `y`; inputs are (x, y, indices...).
/// Increments with repeated advanced indices accumulate (numpy.add.at), as in PyTensor.
public struct IncSubtensor: Op, Hashable {
    public let specs: [IndexSpec]
    public let setInstead: Bool

    public init(_ specs: [IndexSpec], setInstead: Bool) {
        self.specs = specs
        self.setInstead = setInstead
    }

    public var isAdvanced: Bool { specs.contains(.array) }

    public var description: String {
        (isAdvanced ? "AdvancedIncSubtensor{" : "IncSubtensor{") + (setInstead ? "Set;" : "Inc;")
            + specs.map(\.text).joined(separator: ", ") + "}"
    }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count >= 2 else { throw SPPLError.type("\(description) needs x, y and the indices") }
        let x = inputs[0], y = inputs[1]
        try checkIndexInputs(specs, x, inputs.dropFirst(2), op: description)
        let target = isAdvanced
            ? try advancedIndexedShape(specs, x, inputs.dropFirst(2))
            : try basicIndexedShape(specs, x, inputs.dropFirst(2))
        guard y.ndim <= target.count else {
            throw SPPLError.value("\(description): value \(y) of type \(y.type) has more dimensions than the indexed region \(TensorType.formatStatic(target))")
        }
        return [x.type]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let out = try inputs[0].copy()
        let y = inputs[1]
        if out.dtype == .float64, y.dtype == .float64 {
            // The planned call's kernel (Op+Planning.swift), so that both add in the same order.
            let scatter = try scatterKernel(into: out.shape, out.strides, from: y.shape, y.strides, at: inputs.dropFirst(2))
            scatter.run(y.pointer(Double.self), into: out.pointer(Double.self))
            return [out]
        }
        try out.indexAssign(resolveIndex(specs, inputs.dropFirst(2)), values: y, accumulate: !setInstead)
        return [out]
    }
}
