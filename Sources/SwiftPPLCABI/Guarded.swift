// Guarded.swift — the one error-handling wrapper every exported function runs its body in, and pointer-argument checks.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import DenseArrays
import TensorGraph

public typealias ErrorOut = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

/// Runs `body`; on a thrown error stores a malloc'ed message in `*err` (when err is
/// not NULL) and returns the error kind's status code. Success returns 0.
@inline(__always)
func guarded(_ err: ErrorOut, _ body: () throws -> Void) -> Int32 {
    do {
        try body()
        return 0
    } catch let error as SPPLError {
        report(err, error.message)
        return error.kind.rawValue
    } catch {
        report(err, "\(error)")
        return SPPLError.Kind.runtime.rawValue
    }
}

func report(_ err: ErrorOut, _ message: String) {
    guard let err else { return }
    err.pointee = strdup(message)
}

/// A malloc'ed copy of `text`, for strings handed to the caller.
func cString(_ text: String) -> UnsafeMutablePointer<CChar>? { strdup(text) }

/// `pointer`, or a ValueError naming the argument when it is NULL.
@inline(__always)
func required<T>(_ pointer: UnsafeMutablePointer<T>?, _ name: String) throws -> UnsafeMutablePointer<T> {
    guard let pointer else { throw SPPLError.value("argument '\(name)' is NULL") }
    return pointer
}

@inline(__always)
func required<T>(_ pointer: UnsafePointer<T>?, _ name: String) throws -> UnsafePointer<T> {
    guard let pointer else { throw SPPLError.value("argument '\(name)' is NULL") }
    return pointer
}

/// Reads `count` elements from a C array argument, validating the pair.
func readArray<T>(_ pointer: UnsafePointer<T>?, _ count: Int64, _ name: String, limit: Int64 = 1 << 24) throws -> [T] {
    guard count >= 0 else { throw SPPLError.value("argument '\(name)': negative length \(count)") }
    guard count <= limit else { throw SPPLError.value("argument '\(name)': length \(count) exceeds \(limit)") }
    if count == 0 { return [] }
    let p = try required(pointer, name)
    return Array(UnsafeBufferPointer(start: p, count: Int(count)))
}

/// A Swift string from an optional C string argument.
func optionalString(_ pointer: UnsafePointer<CChar>?) -> String? {
    pointer.map { String(cString: $0) }
}

func dtype(_ code: Int32) throws -> DType {
    guard let t = DType(rawValue: code) else {
        throw SPPLError.type("unknown dtype code \(code) (0 bool, 1 int64, 2 float64)")
    }
    return t
}

let maxDims: Int64 = 32

/// Rejects variables of more than SPPL_MAX_NDIM axes: the C side describes types and
/// arrays in buffers of that many entries.
func checkRanks(_ variables: [Variable], _ what: String) throws {
    for v in variables where Int64(v.ndim) > maxDims {
        throw SPPLError.value("\(what) would give a variable of \(v.ndim) dimensions (type \(v.type)); at most \(maxDims) are supported")
    }
}
