// NDArray+Views.swift — views that share storage (transpose, broadcast, dimshuffle, slices) and the copies (contiguous, cast) that fall back when a view cannot be made.

extension NDArray {
    /// Axes permuted: result axis i is input axis `axes[i]`.
    public func transposed(_ axes: [Int]) throws -> NDArray {
        guard axes.count == ndim, Set(axes) == Set(0..<ndim) else {
            throw SPPLError.value("axes \(axes) are not a permutation of the \(ndim) axes of an array of shape \(formatShape(shape))")
        }
        return NDArray(unchecked: storage, dtype: dtype, shape: axes.map { shape[$0] },
                       strides: axes.map { strides[$0] }, offset: offset)
    }

    /// The matrix transpose (reverses all axes).
    public var transposed: NDArray {
        NDArray(unchecked: storage, dtype: dtype, shape: shape.reversed(), strides: strides.reversed(), offset: offset)
    }

    /// PyTensor's DimShuffle as a view: `order[i]` is the input axis placed at
    /// position i, or nil for a new axis of length 1. Input axes not named must
    /// have length 1 and are dropped.
    public func dimShuffled(_ order: [Int?]) throws -> NDArray {
        var newShape: [Int] = [], newStrides: [Int] = []
        for entry in order {
            if let axis = entry {
                guard axis >= 0, axis < ndim else { throw SPPLError.value("dimshuffle axis \(axis) out of range for shape \(formatShape(shape))") }
                newShape.append(shape[axis]); newStrides.append(strides[axis])
            } else {
                newShape.append(1); newStrides.append(0)
            }
        }
        for axis in 0..<ndim where !order.contains(axis) && shape[axis] != 1 {
            throw SPPLError.value("cannot drop axis \(axis) of length \(shape[axis]) from an array of shape \(formatShape(shape))")
        }
        return NDArray(unchecked: storage, dtype: dtype, shape: newShape, strides: newStrides, offset: offset)
    }

    /// Broadcast to `target` (NumPy rules) as a view with zero strides on broadcast axes.
    public func broadcast(to target: [Int]) throws -> NDArray {
        if target == shape { return self }
        guard target.count >= ndim else {
            throw SPPLError.value("cannot broadcast an array of shape \(formatShape(shape)) to \(formatShape(target))")
        }
        let lead = target.count - ndim
        var newStrides = [Int](repeating: 0, count: target.count)
        for axis in 0..<ndim {
            let n = shape[axis], t = target[lead + axis]
            if n == t {
                newStrides[lead + axis] = n == 1 ? 0 : strides[axis]
            } else if n == 1 {
                newStrides[lead + axis] = 0
            } else {
                throw SPPLError.value("cannot broadcast an array of shape \(formatShape(shape)) to \(formatShape(target))")
            }
        }
        return NDArray(unchecked: storage, dtype: dtype, shape: target, strides: newStrides, offset: offset)
    }

    /// Elements `start, start+step, ...` (fewer than `count` of them) along `axis`, as a view.
    /// The caller has normalized the slice (NumPy's `slice.indices`).
    public func sliced(axis: Int, start: Int, count: Int, step: Int) -> NDArray {
        var newShape = shape, newStrides = strides
        newShape[axis] = count
        // With fewer than two elements the stride is never stepped over; keeping the
        // old one avoids stride * step, which can be huge (x[::2**62]).
        newStrides[axis] = count > 1 ? strides[axis] &* step : strides[axis]
        let newOffset = count > 0 ? offset &+ start &* strides[axis] : offset
        return NDArray(unchecked: storage, dtype: dtype, shape: newShape, strides: newStrides, offset: newOffset)
    }

    /// The sub-array at `index` along `axis` (that axis removed), as a view. `index` is in range.
    public func selecting(axis: Int, index: Int) -> NDArray {
        var newShape = shape, newStrides = strides
        newShape.remove(at: axis)
        newStrides.remove(at: axis)
        return NDArray(unchecked: storage, dtype: dtype, shape: newShape, strides: newStrides,
                       offset: offset &+ index &* strides[axis])
    }

    /// Same elements with a new shape: a view when the layout allows (C-contiguous), else a copy.
    public func reshaped(_ newShape: [Int]) throws -> NDArray {
        let newCount = try checkedElementCount(newShape)
        guard newCount == count else {
            throw SPPLError.value("cannot reshape array of size \(count) and shape \(formatShape(shape)) into shape \(formatShape(newShape))")
        }
        let source = isCContiguous ? self : try copy()
        return NDArray(unchecked: source.storage, dtype: dtype, shape: newShape,
                       strides: contiguousStrides(newShape), offset: source.offset)
    }

    /// A C-contiguous array with the same elements: `self` if already contiguous, else a copy.
    public func contiguous() throws -> NDArray {
        isCContiguous ? self : try copy()
    }

    /// A new C-contiguous array owning a copy of the elements.
    public func copy() throws -> NDArray {
        let result = try NDArray.empty(dtype, shape)
        try result.assign(from: self)
        return result
    }

    /// The elements converted to `target` (a new array unless the type already matches).
    public func cast(to target: DType) throws -> NDArray {
        if target == dtype { return self }
        let result = try NDArray.empty(target, shape)
        try result.assign(from: self)
        return result
    }

    /// Writes `source` (broadcast to this shape, converted to this dtype) into this array's elements.
    public func assign(from source: NDArray) throws {
        let src = try source.broadcast(to: shape)
        let loop = StridedLoop(shape: shape, strides: [strides, src.strides])
        switch (dtype, src.dtype) {
        case (.float64, .float64): copyElements(src, loop) { (x: Double) -> Double in x }
        case (.float64, .int64): copyElements(src, loop) { (x: Int64) -> Double in Double(x) }
        case (.float64, .bool): copyElements(src, loop) { (x: UInt8) -> Double in x != 0 ? 1 : 0 }
        case (.int64, .float64): copyElements(src, loop) { (x: Double) -> Int64 in Int64(fromDouble: x) }
        case (.int64, .int64): copyElements(src, loop) { (x: Int64) -> Int64 in x }
        case (.int64, .bool): copyElements(src, loop) { (x: UInt8) -> Int64 in x != 0 ? 1 : 0 }
        case (.bool, .float64): copyElements(src, loop) { (x: Double) -> UInt8 in x != 0 ? 1 : 0 }
        case (.bool, .int64): copyElements(src, loop) { (x: Int64) -> UInt8 in x != 0 ? 1 : 0 }
        case (.bool, .bool): copyElements(src, loop) { (x: UInt8) -> UInt8 in x != 0 ? 1 : 0 }
        }
    }

    @inline(__always)
    private func copyElements<S, D>(_ src: NDArray, _ loop: StridedLoop, _ convert: (S) -> D) {
        let out = pointer(D.self), input = src.pointer(S.self)
        loop.forEachRow { starts, n, steps in
            let o = out + starts[0], a = input + starts[1]
            let so = steps[0], sa = steps[1]
            if so == 1 && sa == 1 {
                for i in 0..<n { o[i] = convert(a[i]) }
            } else {
                for i in 0..<n { o[i &* so] = convert(a[i &* sa]) }
            }
        }
    }
}

/// The NumPy broadcast of several shapes, or an error naming all of them.
public func broadcastShapes(_ shapes: [[Int]]) throws -> [Int] {
    let ndim = shapes.map(\.count).max() ?? 0
    var result = [Int](repeating: 1, count: ndim)
    for shape in shapes {
        let lead = ndim - shape.count
        for (axis, n) in shape.enumerated() {
            let current = result[lead + axis]
            if current == 1 {
                result[lead + axis] = n
            } else if n != 1 && n != current {
                let listed = shapes.map(formatShape).joined(separator: " and ")
                throw SPPLError.value("shapes \(listed) cannot be broadcast together")
            }
        }
    }
    return result
}
