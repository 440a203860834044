// Exports+Core.swift — C entry points for memory, handles and arrays (see include/swiftppl.h for ownership rules).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Compile
import DenseArrays
import TensorGraph

@_cdecl("sppl_string_free")
public func sppl_string_free(_ text: UnsafeMutablePointer<CChar>?) {
    free(text)
}

@_cdecl("sppl_handles_free")
public func sppl_handles_free(_ handles: UnsafeMutablePointer<UInt64>?) {
    free(handles)
}

@_cdecl("sppl_version")
public func sppl_version() -> UnsafePointer<CChar> {
    // A static C string literal: valid for the life of the process.
    StaticString("0.1.0").utf8Start.withMemoryRebound(to: CChar.self, capacity: 6) { $0 }
}

@_cdecl("sppl_release")
public func sppl_release(_ handle: UInt64, _ err: ErrorOut) -> Int32 {
    guarded(err) { try HandleTable.shared.remove(handle) }
}

@_cdecl("sppl_live_handles")
public func sppl_live_handles(_ count: UnsafeMutablePointer<Int64>?, _ err: ErrorOut) -> Int32 {
    guarded(err) { try required(count, "count").pointee = Int64(HandleTable.shared.count) }
}

@_cdecl("sppl_handle_identity")
public func sppl_handle_identity(_ handle: UInt64, _ identity: UnsafeMutablePointer<UInt64>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let out = try required(identity, "identity")
        let object = try HandleTable.shared.object(handle)
        out.pointee = UInt64(UInt(bitPattern: ObjectIdentifier(object).hashValue))
    }
}

@_cdecl("sppl_describe")
public func sppl_describe(_ handle: UInt64, _ text: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let out = try required(text, "text")
        let object = try HandleTable.shared.object(handle)
        let description: String
        switch object {
        case let v as Variable: description = v.description
        case let a as Apply: description = a.description
        case let o as OpBox: description = o.op.description
        case let f as Function: description = f.dprint()
        case let a as ArrayBox: description = "array of shape \(formatShape(a.array.shape)), dtype \(a.array.dtype)"
        default: description = "\(object)"
        }
        out.pointee = cString(description)
    }
}

// MARK: Arrays

@_cdecl("sppl_array_borrow")
public func sppl_array_borrow(
    _ data: UnsafeMutableRawPointer?, _ dtypeCode: Int32, _ ndim: Int32,
    _ shape: UnsafePointer<Int64>?, _ byteStrides: UnsafePointer<Int64>?,
    _ owner: UnsafeMutableRawPointer?, _ release: (@convention(c) (UnsafeMutableRawPointer?) -> Void)?,
    _ out: UnsafeMutablePointer<UInt64>?, _ err: ErrorOut
) -> Int32 {
    guarded(err) {
        let result = try required(out, "out")
        let array = try borrowedArray(data, dtypeCode, ndim, shape, byteStrides) {
            if let release { release(owner) }
        }
        result.pointee = HandleTable.shared.insert(ArrayBox(array))
    }
}

/// Builds an NDArray over caller memory. `onRelease` runs when Swift drops the last
/// view; on failure it is not called (the caller still owns the memory).
func borrowedArray(_ data: UnsafeMutableRawPointer?, _ dtypeCode: Int32, _ ndim: Int32,
                   _ shape: UnsafePointer<Int64>?, _ byteStrides: UnsafePointer<Int64>?,
                   onRelease: (() -> Void)?) throws -> NDArray {
    let type = try dtype(dtypeCode)
    guard ndim >= 0, Int64(ndim) <= maxDims else {
        throw SPPLError.value("ndim \(ndim) is outside 0...\(maxDims)")
    }
    let dims = try readArray(shape, Int64(ndim), "shape").map { Int($0) }
    let steps = try readArray(byteStrides, Int64(ndim), "strides").map { Int($0) }
    let count = try checkedElementCount(dims)
    let item = type.itemSize
    for s in steps where s % item != 0 {
        throw SPPLError.value("byte strides \(steps) are not multiples of the item size \(item)")
    }
    let elementStrides = steps.map { $0 / item }
    guard count > 0 else {
        let storage = try ArrayStorage(byteCount: 0)
        onRelease?()
        return try NDArray(storage: storage, dtype: type, shape: dims, strides: elementStrides, offset: 0)
    }
    guard let base = data else { throw SPPLError.value("argument 'data' is NULL") }
    // The view may run backwards (negative strides): borrow from its lowest address.
    // Everything is computed with overflow checks before the storage exists, so a
    // failure never runs onRelease (the caller keeps ownership on failure).
    let overflow = SPPLError.value("byte strides \(formatShape(steps)) overflow for shape \(formatShape(dims))")
    var low = 0, high = 0
    for (n, s) in zip(dims, elementStrides) {
        let (reach, o1) = (n - 1).multipliedReportingOverflow(by: s)
        guard !o1 else { throw overflow }
        let (sum, o2) = reach < 0 ? low.addingReportingOverflow(reach) : high.addingReportingOverflow(reach)
        guard !o2 else { throw overflow }
        if reach < 0 { low = sum } else { high = sum }
    }
    let (span, o3) = high.subtractingReportingOverflow(low)
    let (elements, o4) = span.addingReportingOverflow(1)
    let (byteCount, o5) = elements.multipliedReportingOverflow(by: item)
    let (lowBytes, o6) = low.multipliedReportingOverflow(by: item)
    guard !o3, !o4, !o5, !o6 else { throw overflow }
    let storage = ArrayStorage(borrowing: base + lowBytes, byteCount: byteCount, onRelease: onRelease)
    // Every addressed element lies in [base + lowBytes, base + lowBytes + byteCount) by construction.
    return NDArray(unchecked: storage, dtype: type, shape: dims, strides: elementStrides, offset: -low)
}

@_cdecl("sppl_array_describe")
public func sppl_array_describe(
    _ handle: UInt64, _ dtypeOut: UnsafeMutablePointer<Int32>?, _ ndimOut: UnsafeMutablePointer<Int32>?,
    _ shapeOut: UnsafeMutablePointer<Int64>?, _ stridesOut: UnsafeMutablePointer<Int64>?,
    _ dataOut: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ readonlyOut: UnsafeMutablePointer<Int32>?,
    _ err: ErrorOut
) -> Int32 {
    guarded(err) {
        let array = try HandleTable.shared.get(handle, ArrayBox.self, role: "sppl_array_describe").array
        // The caller's shape and stride buffers have room for maxDims entries.
        guard Int64(array.ndim) <= maxDims else {
            throw SPPLError.value("array of shape \(formatShape(array.shape)) has more than \(maxDims) dimensions")
        }
        let isEmpty = array.shape.contains(0)
        var byteStrides: [Int64] = []
        for axis in 0..<array.ndim {
            let (bytes, overflow) = array.strides[axis].multipliedReportingOverflow(by: array.dtype.itemSize)
            if overflow {
                // Only a stride that is never stepped over (an axis of length 1, or any axis
                // of an empty array) can be this large; any value describes it.
                guard isEmpty || array.shape[axis] == 1 else {
                    throw SPPLError.value("array of shape \(formatShape(array.shape)) has strides \(formatShape(array.strides)) too large to express in bytes")
                }
                byteStrides.append(0)
            } else {
                byteStrides.append(Int64(bytes))
            }
        }
        try required(dtypeOut, "dtype").pointee = array.dtype.rawValue
        try required(ndimOut, "ndim").pointee = Int32(array.ndim)
        let shape = try required(shapeOut, "shape"), strides = try required(stridesOut, "strides")
        for axis in 0..<array.ndim {
            shape[axis] = Int64(array.shape[axis])
            strides[axis] = byteStrides[axis]
        }
        try required(dataOut, "data").pointee = array.storage.base + array.offset * array.dtype.itemSize
        try required(readonlyOut, "readonly").pointee = array.storage.isBorrowed ? 1 : 0
    }
}
