// ShapeOps.swift — ops about shapes and layout: Shape, Reshape, Join (concatenate), Alloc, ARange, Eye, FillDiagonal, DeepCopyOp.

import DenseArrays
import TensorGraph

/// The value of a scalar integer constant, if `v` is one.
func staticInt(_ v: Variable) -> Int? {
    guard let value = v.constantValue, value.ndim == 0, value.dtype != .float64 else { return nil }
    // Read the integer itself: through Double, values beyond 2^53 round and Int64.max
    // rounds up to 2^63, whose conversion back to Int traps.
    return Int(value.int64(flat: 0))
}

/// The values of a constant integer vector, if `v` is one.
func staticInts(_ v: Variable) -> [Int]? {
    guard let value = v.constantValue, value.ndim == 1, value.dtype == .int64 else { return nil }
    return value.elements(as: Int64.self).map { Int($0) }
}

/// The product of `extents` (0 when one is 0), or nil when it overflows Int:
/// no array of such a shape can exist.
func checkedProduct(_ extents: [Int]) -> Int? {
    if extents.contains(0) { return 0 }
    var product = 1
    for n in extents {
        let (p, overflow) = product.multipliedReportingOverflow(by: n)
        if overflow { return nil }
        product = p
    }
    return product
}

/// Reads a runtime scalar as an integer, rejecting floats.
func scalarInt(_ a: NDArray, _ what: String) throws -> Int {
    guard a.ndim == 0 else { throw SPPLError.value("\(what) must be a scalar, got shape \(formatShape(a.shape))") }
    guard a.dtype != .float64 else { throw SPPLError.type("\(what) must be an integer, got float64") }
    return Int(a.int64(flat: 0))
}

/// The shape of its input as an int64 vector.
public struct Shape: Op, Hashable {
    public init() {}
    public var description: String { "Shape" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 1 else { throw SPPLError.type("Shape takes one input") }
        return [TensorType(.int64, shape: [inputs[0].ndim])]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        [NDArray(inputs[0].shape.map { Int64($0) })]
    }
}

/// Same elements, new shape (C order); one extent may be -1 and is inferred.
public struct Reshape: Op, Hashable {
    public let ndim: Int
    public init(ndim: Int) { self.ndim = ndim }
    public var description: String { "Reshape{\(ndim)}" }
    public var outputsMayAlias: Bool { true }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 2 else { throw SPPLError.type("Reshape takes an array and a shape") }
        let shapeType = inputs[1].type
        guard shapeType.ndim == 1, shapeType.dtype == .int64, shapeType.shape[0] == nil || shapeType.shape[0] == ndim else {
            throw SPPLError.type("Reshape{\(ndim)} needs an int64 shape vector of length \(ndim), got \(shapeType)")
        }
        guard let target = staticInts(inputs[1]) else {
            return [TensorType(inputs[0].dtype, ndim: ndim)]
        }
        let type = inputs[0].type
        if target.filter({ $0 == -1 }).count > 1 || target.contains(where: { $0 < -1 }) {
            throw SPPLError.value("invalid shape \(formatShape(target)) for reshape: at most one -1 and no other negative extent")
        }
        var resolved: [Int?] = target.map { $0 == -1 ? nil : $0 }
        let known = type.shape.compactMap { $0 }
        if known.count == type.ndim {
            guard let size = checkedProduct(known) else {
                throw SPPLError.value("cannot reshape \(inputs[0]): its static shape \(TensorType.formatStatic(type.shape)) has more elements than an array can hold")
            }
            guard let rest = checkedProduct(target.filter { $0 != -1 }) else {
                throw SPPLError.value("cannot reshape \(inputs[0]) of shape \(TensorType.formatStatic(type.shape)) into shape \(formatShape(target))")
            }
            if let hole = target.firstIndex(of: -1) {
                guard rest > 0, size % rest == 0 else {
                    throw SPPLError.value("cannot reshape \(inputs[0]) of shape \(TensorType.formatStatic(type.shape)) into shape \(formatShape(target))")
                }
                resolved[hole] = size / rest
            } else if rest != size {
                throw SPPLError.value("cannot reshape \(inputs[0]) of shape \(TensorType.formatStatic(type.shape)) into shape \(formatShape(target))")
            }
        }
        return [TensorType(type.dtype, shape: resolved)]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let x = inputs[0]
        let raw = inputs[1].elements(as: Int64.self).map { Int($0) }
        guard raw.count == ndim else { throw SPPLError.value("Reshape{\(ndim)} got a shape of length \(raw.count)") }
        var target = raw
        let holes = raw.indices.filter { raw[$0] == -1 }
        guard holes.count <= 1, !raw.contains(where: { $0 < -1 }) else {
            throw SPPLError.value("cannot reshape array of size \(x.count) into shape \(formatShape(raw))")
        }
        if let hole = holes.first {
            let rest = checkedProduct(raw.filter { $0 != -1 }) ?? 0
            guard rest > 0, x.count % rest == 0 else {
                throw SPPLError.value("cannot reshape array of size \(x.count) into shape \(formatShape(raw))")
            }
            target[hole] = x.count / rest
        }
        return [try x.reshaped(target)]
    }
}

/// Concatenation along an existing axis (numpy.concatenate), PyTensor's Join.
public struct Join: Op, Hashable {
    public let axis: Int
    public init(axis: Int) { self.axis = axis }
    public var description: String { "Join{axis=\(axis)}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard let first = inputs.first else { throw SPPLError.value("need at least one array to concatenate") }
        let ndim = first.ndim
        guard ndim > 0 else { throw SPPLError.value("zero-dimensional arrays cannot be concatenated") }
        guard axis >= 0, axis < ndim else { throw SPPLError.value("axis \(axis) is out of bounds for arrays of dimension \(ndim)") }
        for v in inputs where v.ndim != ndim {
            throw SPPLError.value("all the input arrays must have same number of dimensions, but \(first) has \(ndim) dimension(s) and \(v) has \(v.ndim)")
        }
        var shape: [Int?] = []
        for d in 0..<ndim {
            let extents = inputs.map { $0.type.shape[d] }
            if d == axis {
                var total: Int? = 0
                for extent in extents {
                    guard let n = extent, let sum = total else { total = nil; break }
                    let (next, overflow) = sum.addingReportingOverflow(n)
                    guard !overflow else {
                        throw SPPLError.value("concatenating \(inputs.map(\.description).joined(separator: ", ")) along axis \(axis) gives a length that overflows")
                    }
                    total = next
                }
                shape.append(total)
            } else {
                let known = Set(extents.compactMap { $0 })
                if known.count > 1 {
                    throw SPPLError.value("all the input array dimensions except for the concatenation axis must match exactly, but along dimension \(d) the inputs have extents \(known.sorted())")
                }
                shape.append(known.first)
            }
        }
        let dtype = inputs.map(\.dtype).reduce(DType.bool, DType.promote)
        return [TensorType(dtype, shape: shape)]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let first = inputs[0]
        for (i, x) in inputs.enumerated() {
            guard x.ndim == first.ndim, (0..<x.ndim).allSatisfy({ $0 == axis || x.shape[$0] == first.shape[$0] }) else {
                throw SPPLError.value("concatenate: input \(i) of shape \(formatShape(x.shape)) does not match input 0 of shape \(formatShape(first.shape)) outside axis \(axis)")
            }
        }
        var shape = first.shape
        var length = 0
        for x in inputs {
            let (sum, overflow) = length.addingReportingOverflow(x.shape[axis])
            guard !overflow else {
                throw SPPLError.value("concatenate: the inputs' total length along axis \(axis) overflows (shapes \(inputs.map { formatShape($0.shape) }.joined(separator: ", ")))")
            }
            length = sum
        }
        shape[axis] = length
        let dtype = inputs.map(\.dtype).reduce(DType.bool, DType.promote)
        let out = try NDArray.empty(dtype, shape)
        var start = 0
        for x in inputs {
            let n = x.shape[axis]
            try out.sliced(axis: axis, start: start, count: n, step: 1).assign(from: x)
            start += n
        }
        return [out]
    }
}

/// A new array of the given shape filled with a value broadcast into it (zeros, ones, full).
public struct Alloc: Op, Hashable {
    public init() {}
    public var description: String { "Alloc" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard let value = inputs.first else { throw SPPLError.type("Alloc needs a value") }
        let dims = inputs.dropFirst()
        for d in dims where d.ndim != 0 || d.dtype == .float64 {
            throw SPPLError.type("Alloc: shape entries must be integer scalars, got \(d) of type \(d.type)")
        }
        guard value.ndim <= dims.count else {
            throw SPPLError.value("Alloc: value \(value) has more dimensions (\(value.ndim)) than the shape (\(dims.count))")
        }
        let shape = dims.map(staticInt)
        if shape.contains(where: { ($0 ?? 0) < 0 }) {
            throw SPPLError.value("Alloc: negative dimensions are not allowed (shape \(TensorType.formatStatic(shape)))")
        }
        return [TensorType(value.dtype, shape: shape)]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let shape = try inputs.dropFirst().map { try scalarInt($0, "Alloc shape entry") }
        let out = try NDArray.empty(inputs[0].dtype, shape)
        try out.assign(from: inputs[0])
        return [out]
    }
}

/// Evenly spaced values in [start, stop) (numpy.arange).
public struct ARange: Op, Hashable {
    public let dtype: DType
    public init(dtype: DType) { self.dtype = dtype }
    public var description: String { "ARange{dtype='\(dtype)'}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 3, inputs.allSatisfy({ $0.ndim == 0 }) else {
            throw SPPLError.type("ARange takes scalar start, stop and step")
        }
        var length: Int? = nil
        if let a = inputs[0].constantValue, let b = inputs[1].constantValue, let s = inputs[2].constantValue {
            length = try ARange.length(a.double(flat: 0), b.double(flat: 0), s.double(flat: 0))
        }
        return [TensorType(dtype, shape: [length])]
    }

    static func length(_ start: Double, _ stop: Double, _ step: Double) throws -> Int {
        guard step != 0 else { throw SPPLError.value("arange: step cannot be zero") }
        guard start.isFinite, stop.isFinite, step.isFinite else { throw SPPLError.value("arange: start, stop and step must be finite") }
        // (stop - start) may overflow to ±inf; a length at or below 0 (however far) is empty.
        let n = ((stop - start) / step).rounded(.up)
        guard n > 0 else { return 0 }
        guard n < 1e15 else { throw SPPLError(.memory, "arange: \(n) elements is too many") }
        return Int(n)
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let start = inputs[0].double(flat: 0), stop = inputs[1].double(flat: 0), step = inputs[2].double(flat: 0)
        let n = try ARange.length(start, stop, step)
        let values = try NDArray.empty(.float64, [n])
        let p = values.pointer(Double.self)
        for i in 0..<n { p[i] = start + Double(i) * step }
        return [try values.cast(to: dtype)]
    }
}

/// An n x m matrix with ones on diagonal k (numpy.eye).
public struct Eye: Op, Hashable {
    public let dtype: DType
    public init(dtype: DType) { self.dtype = dtype }
    public var description: String { "Eye{dtype='\(dtype)'}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 3, inputs.allSatisfy({ $0.ndim == 0 && $0.dtype != .float64 }) else {
            throw SPPLError.type("Eye takes integer scalars n, m and k")
        }
        let shape = [staticInt(inputs[0]), staticInt(inputs[1])]
        if shape.contains(where: { ($0 ?? 0) < 0 }) {
            throw SPPLError.value("eye: negative dimensions are not allowed (shape \(TensorType.formatStatic(shape)))")
        }
        return [TensorType(dtype, shape: shape)]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let n = try scalarInt(inputs[0], "eye n"), m = try scalarInt(inputs[1], "eye m"), k = try scalarInt(inputs[2], "eye k")
        let out = try NDArray.zeros(.float64, [n, m])
        let p = out.pointer(Double.self)
        // Row i has its one in column i + k. Only rows max(0, -k) ..< min(n, m - k) have
        // one; with -n < k < m and n, m > 0 (n * m elements exist) nothing below overflows.
        if n > 0 && m > 0 && k < m && k > -n {
            for i in Swift.max(0, -k)..<Swift.min(n, m - k) { p[i * m + i + k] = 1 }
        }
        return [try out.cast(to: dtype)]
    }
}

/// A copy of a matrix with its main diagonal set to a scalar (numpy.fill_diagonal, not in place).
public struct FillDiagonal: Op, Hashable {
    public init() {}
    public var description: String { "FillDiagonal" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 2 else { throw SPPLError.type("FillDiagonal takes an array and a value") }
        guard inputs[0].ndim >= 2 else {
            throw SPPLError.value("fill_diagonal needs an array of at least 2 dimensions, got \(inputs[0]) of type \(inputs[0].type)")
        }
        guard inputs[1].ndim == 0 else { throw SPPLError.value("fill_diagonal: the value must be a scalar, got \(inputs[1].type)") }
        return [inputs[0].type]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let a = inputs[0]
        if a.ndim > 2 && Set(a.shape).count > 1 {
            throw SPPLError.value("fill_diagonal: all dimensions of an array of more than 2 dimensions must be equal, got shape \(formatShape(a.shape))")
        }
        let out = try a.copy()
        let n = a.shape.min() ?? 0
        let step = out.strides.reduce(0, +)
        let value = try inputs[1].cast(to: a.dtype)
        for i in 0..<n {
            let cell = NDArray(unchecked: out.storage, dtype: out.dtype, shape: [], strides: [], offset: i * step)
            try cell.assign(from: value)
        }
        return [out]
    }
}

/// Copies its input; placed on function outputs that would otherwise alias an input or constant.
public struct DeepCopyOp: Op, Hashable {
    public init() {}
    public var description: String { "DeepCopyOp" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 1 else { throw SPPLError.type("DeepCopyOp takes one input") }
        return [inputs[0].type]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] { [try inputs[0].copy()] }
}

/// Sums its input down to a shape it was broadcast from (inputs: x, target shape vector):
/// the adjoint of NumPy broadcasting, needed where broadcasting is decided at run time.
public struct SumToShape: Op, Hashable {
    public let ndim: Int
    public init(ndim: Int) { self.ndim = ndim }
    public var description: String { "SumToShape{\(ndim)}" }
    public var outputsMayAlias: Bool { true }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 2 else { throw SPPLError.type("SumToShape takes an array and a shape") }
        let x = inputs[0], target = inputs[1]
        guard target.ndim == 1, target.dtype == .int64, target.type.shape[0] == nil || target.type.shape[0] == ndim else {
            throw SPPLError.type("SumToShape{\(ndim)} needs an int64 shape vector of length \(ndim), got \(target.type)")
        }
        guard x.ndim >= ndim else {
            throw SPPLError.value("SumToShape{\(ndim)}: \(x) of type \(x.type) has fewer dimensions than the target")
        }
        let known = staticInts(target).map { $0.map { Optional($0) } } ?? [Int?](repeating: nil, count: ndim)
        let dtype: DType = x.dtype == .bool ? .int64 : x.dtype
        return [TensorType(dtype, shape: known)]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let target = inputs[1].elements(as: Int64.self).map { Int($0) }
        let x = inputs[0].dtype == .bool ? try inputs[0].cast(to: .int64) : inputs[0]
        return [try x.summed(toShape: target)]
    }
}

/// Refines the static shape of its input and checks it at run time (PyTensor's SpecifyShape).
public struct SpecifyShape: Op, Hashable {
    public let shape: [Int?]
    public init(shape: [Int?]) { self.shape = shape }
    public var description: String { "SpecifyShape{\(TensorType.formatStatic(shape))}" }
    public var outputsMayAlias: Bool { true }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 1 else { throw SPPLError.type("SpecifyShape takes one input") }
        let x = inputs[0]
        guard x.ndim == shape.count else {
            throw SPPLError.value("specify_shape: \(x) has \(x.ndim) dimensions, the shape \(TensorType.formatStatic(shape)) has \(shape.count)")
        }
        var refined: [Int?] = []
        for (axis, (known, wanted)) in zip(x.type.shape, shape).enumerated() {
            if let known, let wanted, known != wanted {
                throw SPPLError.value("specify_shape: \(x) has static length \(known) on axis \(axis), not \(wanted)")
            }
            refined.append(wanted ?? known)
        }
        return [TensorType(x.dtype, shape: refined)]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let x = inputs[0]
        for (axis, wanted) in shape.enumerated() {
            if let wanted, x.shape[axis] != wanted {
                throw SPPLError.value("specify_shape: axis \(axis) has length \(x.shape[axis]) where length \(wanted) was specified (expected shape \(TensorType.formatStatic(shape)), got \(formatShape(x.shape)))")
            }
        }
        return [x]
    }
}
