// ArrayStorage.swift — a block of element memory, either owned (allocated here) or borrowed (e.g. a NumPy array's).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory behind one or more `NDArray` views.
///
/// Owned storage is allocated 64-byte aligned when large (a cache line; lets BLAS and
/// the vectorized loops use aligned loads), 16-byte aligned when small, and freed on deinit. Borrowed storage
/// points into memory someone else owns — a NumPy array the caller passed —
/// and calls `onRelease` when the last view goes away, so the owner can drop
/// its reference. Nothing is copied either way.
public final class ArrayStorage: @unchecked Sendable {
    public let base: UnsafeMutableRawPointer
    public let byteCount: Int
    /// True when the memory belongs to someone else; such memory is never written.
    public let isBorrowed: Bool
    /// Set once an array on this storage has been handed to a caller (a function's
    /// result, a shared variable's value): from then on the executor never writes
    /// into it again. Read and written by one thread at a time (a call's context).
    public var escaped = false
    private let onRelease: (() -> Void)?

    /// Allocates `byteCount` bytes (at least one) of uninitialized memory.
    public init(byteCount: Int) throws {
        guard byteCount >= 0 else { throw SPPLError.value("negative allocation size \(byteCount)") }
        var raw: UnsafeMutableRawPointer? = nil
        // Both report failure instead of trapping the way Swift's allocator would. Small
        // buffers take malloc's 16-byte alignment (enough for any element, and cheaper);
        // large ones start on a cache line for the vector loops and BLAS.
        if byteCount < 4096 {
            raw = malloc(Swift.max(byteCount, 1))
        } else if posix_memalign(&raw, 64, byteCount) != 0 {
            raw = nil
        }
        guard let pointer = raw else {
            throw SPPLError(.memory, "could not allocate \(byteCount) bytes")
        }
        base = pointer
        self.byteCount = byteCount
        isBorrowed = false
        onRelease = nil
    }

    /// Wraps memory owned elsewhere. `onRelease` runs once, when the storage is destroyed.
    public init(borrowing base: UnsafeMutableRawPointer, byteCount: Int, onRelease: (() -> Void)?) {
        self.base = base
        self.byteCount = byteCount
        isBorrowed = true
        self.onRelease = onRelease
    }

    deinit {
        if isBorrowed {
            onRelease?()
        } else {
            free(base)
        }
    }
}
