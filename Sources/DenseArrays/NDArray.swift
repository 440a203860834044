// NDArray.swift — a strided, typed view of array storage (NumPy's ndarray model), and its constructors.

/// A dense n-dimensional array: a typed, strided view into `ArrayStorage`.
///
/// Strides are counted in elements and may be zero (a broadcast dimension) or
/// negative (a reversed view). Transposes, broadcasts and basic slices are
/// views sharing storage; nothing here copies unless the method says so.
public struct NDArray: @unchecked Sendable {
    public let dtype: DType
    public let shape: [Int]
    public let strides: [Int]
    public let offset: Int
    public let storage: ArrayStorage

    /// Creates a view without checks; callers guarantee every addressed element lies in `storage`.
    @inlinable
    public init(unchecked storage: ArrayStorage, dtype: DType, shape: [Int], strides: [Int], offset: Int) {
        self.storage = storage
        self.dtype = dtype
        self.shape = shape
        self.strides = strides
        self.offset = offset
    }

    /// Creates a view after checking that every element it addresses lies inside `storage`.
    public init(storage: ArrayStorage, dtype: DType, shape: [Int], strides: [Int], offset: Int) throws {
        guard shape.count == strides.count else {
            throw SPPLError.value("shape \(formatShape(shape)) and strides \(formatShape(strides)) differ in length")
        }
        let count = try checkedElementCount(shape)
        if count > 0 {
            let (low, high) = try extent(shape: shape, strides: strides)
            let (first, o1) = offset.addingReportingOverflow(low)
            let (last, o2) = offset.addingReportingOverflow(high)
            let (lastByte, o3) = (last &+ 1).multipliedReportingOverflow(by: dtype.itemSize)
            guard !o1, !o2, !o3, first >= 0, lastByte <= storage.byteCount else {
                throw SPPLError.value("array view of shape \(formatShape(shape)) with strides \(formatShape(strides)) lies outside its \(storage.byteCount)-byte buffer")
            }
        }
        self.init(unchecked: storage, dtype: dtype, shape: shape, strides: strides, offset: offset)
    }

    /// A new C-contiguous array with uninitialized contents.
    public static func empty(_ dtype: DType, _ shape: [Int]) throws -> NDArray {
        let count = try checkedElementCount(shape)
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        guard !overflow else { throw SPPLError(.memory, "array of shape \(formatShape(shape)) is too large") }
        let storage = try ArrayStorage(byteCount: bytes)
        return NDArray(unchecked: storage, dtype: dtype, shape: shape, strides: contiguousStrides(shape), offset: 0)
    }

    /// `previous` when it can be written again as a C-contiguous array of `dtype` and
    /// `shape` (memory this library allocated that no caller holds), else a new array.
    /// Executors pass each step's output from the last call, so that steady-state
    /// calls allocate nothing.
    public static func reusing(_ previous: NDArray?, _ dtype: DType, _ shape: [Int]) throws -> NDArray {
        if let previous, previous.dtype == dtype, previous.offset == 0, !previous.storage.escaped,
           !previous.storage.isBorrowed, previous.shape == shape, previous.isCContiguous {
            return previous
        }
        return try empty(dtype, shape)
    }

    /// A new C-contiguous array of zeros (false for bool).
    public static func zeros(_ dtype: DType, _ shape: [Int]) throws -> NDArray {
        let array = try empty(dtype, shape)
        array.storage.base.initializeMemory(as: UInt8.self, repeating: 0, count: array.storage.byteCount)
        return array
    }

    /// A new array of `shape` filled with `values` in C order.
    public init<T: ArrayElement>(_ values: [T], shape: [Int]) throws {
        let count = try checkedElementCount(shape)
        guard count == values.count else {
            throw SPPLError.value("\(values.count) values do not fill shape \(formatShape(shape))")
        }
        let array = try NDArray.empty(T.dtype, shape)
        let p = array.pointer(T.self)
        for i in 0..<count { p[i] = values[i] }
        self = array
    }

    /// A new one-dimensional array.
    public init<T: ArrayElement>(_ values: [T]) {
        // A 1-d array of an in-memory Swift array can only fail to allocate.
        self = try! NDArray(values, shape: [values.count])  // swiftlint:disable:this force_try
    }

    /// A new 0-d array holding `value`.
    public init<T: ArrayElement>(scalar value: T) {
        self = try! NDArray([value], shape: [])  // one element always fits
    }

    /// A new bool array from Swift `Bool`s.
    public init(bools: [Bool], shape: [Int]) throws {
        try self.init(bools.map { UInt8($0 ? 1 : 0) }, shape: shape)
    }

    @inlinable public var ndim: Int { shape.count }
    @inlinable public var count: Int { shape.reduce(1, &*) }

    /// Pointer to the element at index (0, ..., 0).
    @inlinable public func pointer<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        storage.base.assumingMemoryBound(to: T.self) + offset
    }

    /// True when elements are laid out in C order without gaps.
    public var isCContiguous: Bool {
        var expected = 1
        for axis in stride(from: ndim - 1, through: 0, by: -1) where shape[axis] != 1 {
            if strides[axis] != expected { return false }
            expected &*= shape[axis]
        }
        return true
    }

    /// Element offset (relative to `offset`) of the C-order flat index `flat`.
    @inlinable func elementOffset(flat: Int) -> Int {
        var rest = flat
        var result = 0
        for axis in stride(from: ndim - 1, through: 0, by: -1) {
            let n = shape[axis]
            result &+= (rest % n) &* strides[axis]
            rest /= n
        }
        return result
    }

    /// The element at C-order flat index `flat`, converted to Double.
    public func double(flat: Int) -> Double {
        let at = elementOffset(flat: flat)
        switch dtype {
        case .float64: return pointer(Double.self)[at]
        case .int64: return Double(pointer(Int64.self)[at])
        case .bool: return pointer(UInt8.self)[at] != 0 ? 1 : 0
        }
    }

    /// The element at C-order flat index `flat` as an Int64: exact for int64 and bool
    /// arrays (no rounding through Double); float64 values convert as a float -> int cast.
    public func int64(flat: Int) -> Int64 {
        let at = elementOffset(flat: flat)
        switch dtype {
        case .float64: return Int64(fromDouble: pointer(Double.self)[at])
        case .int64: return pointer(Int64.self)[at]
        case .bool: return pointer(UInt8.self)[at] != 0 ? 1 : 0
        }
    }

    /// All elements in C order, converted to `T`.
    public func elements<T: ArrayElement>(as _: T.Type = T.self) -> [T] {
        let source = (try? self.cast(to: T.dtype).contiguous()) ?? self
        let p = source.pointer(T.self)
        return (0..<source.count).map { p[$0] }
    }

    /// All elements in C order as Doubles.
    public var doubles: [Double] { elements(as: Double.self) }
}

/// Number of elements of `shape`, rejecting negative extents and overflow.
public func checkedElementCount(_ shape: [Int]) throws -> Int {
    var count = 1
    for n in shape {
        guard n >= 0 else { throw SPPLError.value("negative dimension in shape \(formatShape(shape))") }
        let (product, overflow) = count.multipliedReportingOverflow(by: n)
        guard !overflow else { throw SPPLError(.memory, "shape \(formatShape(shape)) has too many elements") }
        count = product
    }
    return count
}

/// C-order element strides for `shape`.
public func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 0, count: shape.count)
    var step = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[axis] = step
        step &*= Swift.max(shape[axis], 1)
    }
    return strides
}

/// Lowest and highest element offsets a non-empty view of `shape`/`strides` reaches.
func extent(shape: [Int], strides: [Int]) throws -> (low: Int, high: Int) {
    var low = 0, high = 0
    for (n, s) in zip(shape, strides) {
        let (reach, o1) = (n - 1).multipliedReportingOverflow(by: s)
        let (sum, o2) = reach < 0 ? low.addingReportingOverflow(reach) : high.addingReportingOverflow(reach)
        guard !o1, !o2 else { throw SPPLError.value("strides \(formatShape(strides)) overflow for shape \(formatShape(shape))") }
        if reach < 0 { low = sum } else { high = sum }
    }
    return (low, high)
}
