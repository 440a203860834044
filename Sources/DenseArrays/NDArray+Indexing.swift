// NDArray+Indexing.swift — NumPy indexing: basic (slices, integers) as views, advanced (integer and boolean arrays) as gathers, and the matching scatters for set/inc.

/// One position of an index expression, resolved to concrete values.
/// `newaxis` and `...` are expanded by the caller.
public enum IndexEntry {
    case slice(start: Int?, stop: Int?, step: Int?)
    case integer(Int)
    /// An int64 array (advanced indexing) or a bool mask covering `mask.ndim` axes.
    case array(NDArray)
}

/// Python's `slice.indices`: the first index, element count and step of a slice over n elements.
public func normalizeSlice(start: Int?, stop: Int?, step: Int?, count n: Int) throws -> (start: Int, count: Int, step: Int) {
    let step = step ?? 1
    guard step != 0 else { throw SPPLError.value("slice step cannot be zero") }
    func clamp(_ v: Int, _ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(v, low), high) }
    if step > 0 {
        var lo = start ?? 0, hi = stop ?? n
        if lo < 0 { lo += n }
        if hi < 0 { hi += n }
        lo = clamp(lo, 0, n)
        hi = clamp(hi, 0, n)
        // ceil((hi - lo) / step), written so that a step near Int.max cannot overflow.
        let count = hi > lo ? (hi - lo - 1) / step + 1 : 0
        return (lo, count, step)
    }
    var lo = start ?? (n - 1), hi = stop ?? -1
    if let s = start, s < 0 { lo = s + n }
    if let s = stop, s < 0 { hi = s + n }
    lo = clamp(lo, -1, n - 1)
    if stop != nil { hi = clamp(hi, -1, n - 1) }
    // ceil((lo - hi) / -step) without negating step, which traps for Int.min:
    // (lo - hi - 1) / step rounds toward zero, to -floor((lo - hi - 1) / -step).
    let count = lo > hi ? 1 - (lo - hi - 1) / step : 0
    return (lo, count, step)
}

/// Wraps a negative index and checks it against the axis length (NumPy's IndexError text).
@inline(__always)
public func normalizeIndex(_ i: Int, axis: Int, size: Int) throws -> Int {
    let j = i < 0 ? i &+ size : i
    guard j >= 0, j < size else {
        throw SPPLError.index("index \(i) is out of bounds for axis \(axis) with size \(size)")
    }
    return j
}

/// The resolved form of an index expression over one array.
struct IndexPlan {
    /// The array after slices and (in basic mode) integer selections; advanced axes remain.
    var view: NDArray
    /// Axes of `view` indexed by arrays, with their normalized, broadcast, contiguous int64 indices.
    var advancedAxes: [Int] = []
    var indexArrays: [NDArray] = []
    var broadcastShape: [Int] = []
    /// Where the broadcast dimensions land in the result: after this many non-advanced axes.
    var insertAt = 0

    var isAdvanced: Bool { !advancedAxes.isEmpty }

    init(_ array: NDArray, _ rawEntries: [IndexEntry]) throws {
        // Expand bool masks into one integer array per axis they cover (NumPy's nonzero()).
        var entries: [IndexEntry] = []
        var axis = 0
        var anyArray = false
        for entry in rawEntries {
            if case .array(let a) = entry, a.dtype == .bool {
                guard axis + a.ndim <= array.ndim else {
                    throw SPPLError.index("too many indices for array: array is \(array.ndim)-dimensional, but the boolean index needs \(axis + a.ndim) dimensions")
                }
                for d in 0..<a.ndim where a.shape[d] != array.shape[axis + d] {
                    throw SPPLError.index("boolean index did not match indexed array along axis \(axis + d); size of axis is \(array.shape[axis + d]) but size of corresponding boolean axis is \(a.shape[d])")
                }
                if a.ndim == 0 {
                    throw SPPLError.index("0-d boolean indices are not supported")
                }
                for coordinate in try a.nonzero() { entries.append(.array(coordinate)) }
                axis += a.ndim
                anyArray = true
            } else {
                if case .array(let a) = entry {
                    guard a.dtype == .int64 else {
                        throw SPPLError.index("arrays used as indices must be of integer or boolean type, not \(a.dtype)")
                    }
                    anyArray = true
                }
                entries.append(entry)
                axis += 1
            }
        }
        guard entries.count <= array.ndim else {
            throw SPPLError.index("too many indices for array: array is \(array.ndim)-dimensional, but \(entries.count) were indexed")
        }
        // Basic pass: slices become views; integers select (basic mode) or become 0-d index arrays.
        var view = array
        var viewAxis = 0
        var rawArrays: [NDArray] = []
        for (inputAxis, entry) in entries.enumerated() {
            switch entry {
            case .slice(let start, let stop, let step):
                let n = view.shape[viewAxis]
                let s = try normalizeSlice(start: start, stop: stop, step: step, count: n)
                view = view.sliced(axis: viewAxis, start: s.start, count: s.count, step: s.step)
                viewAxis += 1
            case .integer(let i):
                let j = try normalizeIndex(i, axis: inputAxis, size: view.shape[viewAxis])
                if anyArray {
                    advancedAxes.append(viewAxis)
                    rawArrays.append(NDArray(scalar: Int64(j)))
                    viewAxis += 1
                } else {
                    view = view.selecting(axis: viewAxis, index: j)
                }
            case .array(let a):
                advancedAxes.append(viewAxis)
                rawArrays.append(a)
                viewAxis += 1
            }
        }
        self.view = view
        guard !advancedAxes.isEmpty else { return }
        broadcastShape = try broadcastShapes(rawArrays.map(\.shape))
        for (k, raw) in rawArrays.enumerated() {
            let axisOfView = advancedAxes[k]
            let size = view.shape[axisOfView]
            let idx = try raw.broadcast(to: broadcastShape).copy()
            let p = idx.pointer(Int64.self)
            for i in 0..<idx.count {
                p[i] = Int64(try normalizeIndex(Int(p[i]), axis: axisOfView, size: size))
            }
            indexArrays.append(idx)
        }
        // NumPy: advanced indices next to each other keep their place; separated ones go first.
        let adjacent = zip(advancedAxes, advancedAxes.dropFirst()).allSatisfy { $1 == $0 + 1 }
        insertAt = adjacent ? advancedAxes[0] : 0
    }

    /// Axes of `view` not indexed by arrays.
    var basicAxes: [Int] { (0..<view.ndim).filter { !advancedAxes.contains($0) } }

    /// Shape of the indexing result.
    var resultShape: [Int] {
        guard isAdvanced else { return view.shape }
        let rest = basicAxes.map { view.shape[$0] }
        return Array(rest[..<insertAt]) + broadcastShape + Array(rest[insertAt...])
    }

    /// Permutation taking the result's axes to (broadcast axes..., basic axes...).
    var broadcastFirstOrder: [Int] {
        let b = broadcastShape.count
        let rest = basicAxes.count
        return Array(insertAt..<(insertAt + b)) + Array(0..<insertAt) + Array((insertAt + b)..<(b + rest))
    }

    /// Calls `body(flat, sourceView)` for every position of the broadcast index shape,
    /// where `sourceView` is the indexed sub-array of `view` (basic axes only).
    func forEachPosition(_ body: (Int, NDArray) throws -> Void) throws {
        let basic = basicAxes
        let restShape = basic.map { view.shape[$0] }
        let restStrides = basic.map { view.strides[$0] }
        let count = broadcastShape.reduce(1, *)
        let pointers = indexArrays.map { $0.pointer(Int64.self) }
        for flat in 0..<count {
            var off = view.offset
            for (k, axis) in advancedAxes.enumerated() { off &+= Int(pointers[k][flat]) &* view.strides[axis] }
            try body(flat, NDArray(unchecked: view.storage, dtype: view.dtype, shape: restShape, strides: restStrides, offset: off))
        }
    }
}

extension NDArray {
    /// Indices of the true (nonzero) elements, one int64 array per axis (NumPy's `nonzero`).
    public func nonzero() throws -> [NDArray] {
        let flags = try cast(to: .bool).contiguous()
        let p = flags.pointer(UInt8.self)
        var hits: [Int] = []
        for i in 0..<flags.count where p[i] != 0 { hits.append(i) }
        var result: [NDArray] = []
        let dimStrides = contiguousStrides(shape)
        for axis in 0..<ndim {
            let coords = try NDArray.empty(.int64, [hits.count])
            let c = coords.pointer(Int64.self)
            for (k, flat) in hits.enumerated() { c[k] = Int64((flat / dimStrides[axis]) % shape[axis]) }
            result.append(coords)
        }
        return result
    }

    /// `self[entries]` with NumPy semantics: a view for basic indexing, a new array for advanced.
    public func indexed(_ entries: [IndexEntry]) throws -> NDArray {
        let plan = try IndexPlan(self, entries)
        guard plan.isAdvanced else { return plan.view }
        let out = try NDArray.empty(dtype, plan.resultShape)
        let outFirst = try out.transposed(plan.broadcastFirstOrder)
        let batch = plan.broadcastShape
        if plan.basicAxes.isEmpty {
            // Pure gather of scalars: the result is exactly the broadcast index shape, in C order.
            try plan.forEachPosition { flat, source in
                out.copyElement(from: source, to: flat)
            }
            return out
        }
        let batchStrides = contiguousStrides(batch)
        try plan.forEachPosition { flat, source in
            let index = batch.indices.map { (flat / batchStrides[$0]) % batch[$0] }
            try outFirst.batchItem(index).assign(from: source)
        }
        return out
    }

    /// Writes `values` into `self[entries]` (a view of this array's own storage),
    /// adding instead when `accumulate`; repeated advanced indices add repeatedly.
    public func indexAssign(_ entries: [IndexEntry], values: NDArray, accumulate: Bool) throws {
        guard !storage.isBorrowed else {
            throw SPPLError.runtime("cannot write into borrowed (caller-owned) memory")
        }
        let plan = try IndexPlan(self, entries)
        let target = plan.resultShape
        let broadcastValues: NDArray
        do {
            broadcastValues = try values.broadcast(to: target)
        } catch {
            throw SPPLError.value("shape mismatch: value array of shape \(formatShape(values.shape)) could not be broadcast to indexing result of shape \(formatShape(target))")
        }
        guard plan.isAdvanced else {
            try plan.view.write(broadcastValues, accumulate: accumulate)
            return
        }
        let valuesFirst = try broadcastValues.transposed(plan.broadcastFirstOrder)
        let batch = plan.broadcastShape
        let batchStrides = contiguousStrides(batch)
        try plan.forEachPosition { flat, destination in
            let index = batch.indices.map { (flat / batchStrides[$0]) % batch[$0] }
            try destination.write(valuesFirst.batchItem(index), accumulate: accumulate)
        }
    }

    /// Assigns (or adds) `source`, of this view's shape, into this view.
    func write(_ source: NDArray, accumulate: Bool) throws {
        if accumulate {
            // Adding into a bool array is a logical or (NumPy's True + True == True).
            let op: ScalarOp = dtype == .bool ? .or : .add
            try op.apply([self, source.cast(to: dtype)], into: self)
        } else {
            try assign(from: source)
        }
    }

    /// Copies the 0-d `source` into flat element `index` of this contiguous array.
    @inline(__always) func copyElement(from source: NDArray, to index: Int) {
        switch dtype {
        case .float64: pointer(Double.self)[index] = source.pointer(Double.self)[0]
        case .int64: pointer(Int64.self)[index] = source.pointer(Int64.self)[0]
        case .bool: pointer(UInt8.self)[index] = source.pointer(UInt8.self)[0]
        }
    }
}
