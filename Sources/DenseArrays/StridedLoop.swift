// StridedLoop.swift — visits several same-shaped strided operands row by row, after merging dimensions that are contiguous for all of them.

/// An iteration plan over `operandCount` operands sharing one shape.
///
/// Dimensions of extent 1 are dropped and neighbouring dimensions that are
/// laid out back to back in every operand are merged, so a C-contiguous
/// elementwise operation becomes a single row and a broadcast one a few long
/// rows. The innermost dimension is the row; the driver walks the outer ones
/// like an odometer.
@usableFromInline
struct StridedLoop {
    /// Extents, outermost first; the last one is the row length. Never empty.
    @usableFromInline var extents: [Int]
    /// `strides[k]` are operand k's element strides for `extents`.
    @usableFromInline var strides: [[Int]]
    @usableFromInline var isEmpty: Bool

    @usableFromInline
    init(shape: [Int], strides operandStrides: [[Int]]) {
        isEmpty = shape.contains(0)
        var extents: [Int] = []
        var strides = [[Int]](repeating: [], count: operandStrides.count)
        for axis in 0..<shape.count where shape[axis] != 1 {
            if let last = extents.indices.last {
                // Merge into the previous dimension when every operand steps over
                // this whole dimension exactly as one step of the previous one.
                var mergeable = true
                for k in 0..<operandStrides.count
                where strides[k][last] != operandStrides[k][axis] &* shape[axis] {
                    mergeable = false
                    break
                }
                if mergeable {
                    extents[last] &*= shape[axis]
                    for k in 0..<operandStrides.count { strides[k][last] = operandStrides[k][axis] }
                    continue
                }
            }
            extents.append(shape[axis])
            for k in 0..<operandStrides.count { strides[k].append(operandStrides[k][axis]) }
        }
        if extents.isEmpty {
            extents = [1]
            for k in 0..<strides.count { strides[k] = [0] }
        }
        self.extents = extents
        self.strides = strides
    }

    @usableFromInline var rowLength: Int { extents[extents.count - 1] }

    /// Calls `body(rowStarts, rowLength, rowStrides)` once per row; `rowStarts[k]` is
    /// operand k's element offset of the row's first element, `rowStrides[k]` its step.
    @inlinable @inline(__always)
    func forEachRow(_ body: (UnsafePointer<Int>, Int, UnsafePointer<Int>) -> Void) {
        if isEmpty { return }
        let operands = strides.count
        let outer = extents.count - 1
        let n = rowLength
        withUnsafeTemporaryAllocation(of: Int.self, capacity: operands * 2 + outer + 1) { scratch in
            let starts = scratch.baseAddress!
            let rowStrides = starts + operands
            let counters = rowStrides + operands
            for k in 0..<operands {
                starts[k] = 0
                rowStrides[k] = strides[k][outer]
            }
            for d in 0..<outer { counters[d] = 0 }
            while true {
                body(UnsafePointer(starts), n, UnsafePointer(rowStrides))
                // Advance the odometer over the outer dimensions.
                var d = outer - 1
                while d >= 0 {
                    counters[d] &+= 1
                    for k in 0..<operands { starts[k] &+= strides[k][d] }
                    if counters[d] < extents[d] { break }
                    for k in 0..<operands { starts[k] &-= strides[k][d] &* extents[d] }
                    counters[d] = 0
                    d -= 1
                }
                if d < 0 { return }
            }
        }
    }
}
