// NDArray+Reduce.swift — reductions over axes (sum, prod, max, min, all, any, logsumexp), argmax/argmin, cumulative sums and products.

import RealModule
import SpecialFunctions

/// A reduction's combining function.
public enum ReduceOp: String, Hashable, Sendable, CaseIterable {
    case sum, prod, max, min, all, any

    /// Result type: sums and products of bools and ints are int64, all/any are bool.
    public func outputDType(_ input: DType) -> DType {
        switch self {
        case .sum, .prod: return input == .bool ? .int64 : input
        case .max, .min: return input
        case .all, .any: return .bool
        }
    }
}

extension NDArray {
    /// Reduces over `axes` (distinct, in range), removing them from the shape.
    public func reduced(_ op: ReduceOp, axes: [Int], reusing previous: NDArray? = nil) throws -> NDArray {
        // A sum of all elements of a contiguous float64 array: one loop, no iteration state.
        if op == .sum, dtype == .float64, axes.count == ndim, isCContiguous {
            let out = try NDArray.reusing(previous, .float64, [])
            out.pointer(Double.self)[0] = pairwiseSum(pointer(Double.self), count)
            return out
        }
        let reduceSet = Set(axes)
        guard reduceSet.count == axes.count, axes.allSatisfy({ $0 >= 0 && $0 < ndim }) else {
            throw SPPLError.value("invalid reduction axes \(axes) for an array of shape \(formatShape(shape))")
        }
        let outShape = shape.indices.filter { !reduceSet.contains($0) }.map { shape[$0] }
        let outType = op.outputDType(dtype)
        let out = try NDArray.reusing(previous, outType, outShape)
        // As in NumPy, only a reduction over an empty set of elements fails: max over
        // axis 1 of a (0, 3) array is an empty (0,) array, over axis 0 an error.
        if (op == .max || op == .min) && axes.contains(where: { shape[$0] == 0 }) {
            let name = op == .max ? "maximum" : "minimum"
            throw SPPLError.value("zero-size array to reduction operation \(name) which has no identity (shape \(formatShape(shape)))")
        }
        // Output strides seen from the input's index space: zero along reduced axes.
        var outStrides = [Int](repeating: 0, count: ndim)
        var k = 0
        for axis in 0..<ndim where !reduceSet.contains(axis) {
            outStrides[axis] = out.strides[k]
            k += 1
        }
        // Converting (bool sums, all/any of numbers) makes a C-contiguous copy: the loop
        // must walk the copy with its own strides, not this array's.
        let source = try cast(to: computeType(op))
        let loop = StridedLoop(shape: shape, strides: [outStrides, source.strides])
        switch (op, source.dtype) {
        case (.sum, .float64):
            let po = out.pointer(Double.self), pa = source.pointer(Double.self)
            po.update(repeating: 0, count: out.count)
            loop.forEachRow { start, n, step in addRow(po + start[0], step[0], pa + start[1], step[1], n) }
        case (.sum, .int64): accumulate(source, into: out, loop, initial: Int64(0)) { $0 &+ $1 }
        case (.prod, .float64): accumulate(source, into: out, loop, initial: 1.0) { $0 * $1 }
        case (.prod, .int64): accumulate(source, into: out, loop, initial: Int64(1)) { $0 &* $1 }
        // NaN propagates through max and min, as in NumPy.
        case (.max, .float64): accumulate(source, into: out, loop, initial: -Double.infinity) { ($1 > $0 || $1.isNaN) ? $1 : $0 }
        case (.min, .float64): accumulate(source, into: out, loop, initial: Double.infinity) { ($1 < $0 || $1.isNaN) ? $1 : $0 }
        case (.max, .int64): accumulate(source, into: out, loop, initial: Int64.min) { Swift.max($0, $1) }
        case (.min, .int64): accumulate(source, into: out, loop, initial: Int64.max) { Swift.min($0, $1) }
        case (.max, .bool), (.any, .bool): accumulate(source, into: out, loop, initial: UInt8(0)) { ($0 | $1) != 0 ? 1 : 0 }
        case (.min, .bool), (.all, .bool): accumulate(source, into: out, loop, initial: UInt8(1)) { ($0 != 0 && $1 != 0) ? 1 : 0 }
        default:
            throw SPPLError.type("reduction \(op.rawValue) is not defined for \(dtype)")
        }
        return out
    }

    private func computeType(_ op: ReduceOp) -> DType {
        switch op {
        case .sum, .prod: return dtype == .bool ? .int64 : dtype
        case .max, .min: return dtype
        case .all, .any: return .bool
        }
    }

    /// out[j] = f(...f(f(initial, x0), x1)...) over the elements mapped to j.
    @inline(__always)
    private func accumulate<T>(_ source: NDArray, into out: NDArray, _ loop: StridedLoop, initial: T, _ f: (T, T) -> T) {
        let po = out.pointer(T.self), pa = source.pointer(T.self)
        for i in 0..<out.count { po[i] = initial }
        loop.forEachRow { start, n, step in
            let o = po + start[0], x = pa + start[1], sx = step[1]
            if step[0] == 0 {
                // The whole row reduces into one output element: keep it in a register.
                var acc = o[0]
                if sx == 1 {
                    for i in 0..<n { acc = f(acc, x[i]) }
                } else {
                    for i in 0..<n { acc = f(acc, x[i &* sx]) }
                }
                o[0] = acc
            } else {
                let so = step[0]
                for i in 0..<n { o[i &* so] = f(o[i &* so], x[i &* sx]) }
            }
        }
    }

    /// Index of the first maximum (or minimum) along `axis`, or over the flattened array when nil.
    /// NaN counts as the extreme value, as in NumPy.
    public func argExtreme(maximum: Bool, axis: Int?) throws -> NDArray {
        let source = try cast(to: dtype == .bool ? .int64 : dtype)
        guard let axis else {
            return try source.reshaped([count]).argExtreme(maximum: maximum, axis: 0)
        }
        guard axis >= 0, axis < ndim else {
            throw SPPLError.value("axis \(axis) is out of bounds for an array of shape \(formatShape(shape))")
        }
        guard shape[axis] > 0 else {
            throw SPPLError.value("attempt to get arg\(maximum ? "max" : "min") of an empty sequence (shape \(formatShape(shape)))")
        }
        var outShape = shape
        outShape.remove(at: axis)
        let out = try NDArray.empty(.int64, outShape)
        let po = out.pointer(Int64.self)
        // `source` may be a contiguous copy (bools convert to int64): walk its strides.
        let n = shape[axis], stride = source.strides[axis]
        func better(_ x: Double, _ best: Double) -> Bool {
            if best.isNaN { return false }
            if x.isNaN { return true }
            return maximum ? x > best : x < best
        }
        try source.forEachLine(axis: axis, others: [out.strides]) { start in
            var bestIndex = 0
            var best = source.double(offset: start[0])
            for i in 1..<n where better(source.double(offset: start[0] &+ i &* stride), best) {
                best = source.double(offset: start[0] &+ i &* stride)
                bestIndex = i
            }
            po[start[1]] = Int64(bestIndex)
        }
        return out
    }

    /// Element at storage offset `at` relative to `offset`, as Double.
    @inline(__always) func double(offset at: Int) -> Double {
        switch dtype {
        case .float64: return pointer(Double.self)[at]
        case .int64: return Double(pointer(Int64.self)[at])
        case .bool: return pointer(UInt8.self)[at] != 0 ? 1 : 0
        }
    }

    /// Calls `body` once per one-dimensional line along `axis`, with the line's start
    /// offset in `self` first and then in each array whose strides (without `axis`) are in `others`.
    func forEachLine(axis: Int, others: [[Int]], _ body: (UnsafePointer<Int>) -> Void) throws {
        var lineShape = shape, myStrides = strides
        lineShape.remove(at: axis)
        myStrides.remove(at: axis)
        let loop = StridedLoop(shape: lineShape, strides: [myStrides] + others)
        let operands = 1 + others.count
        withUnsafeTemporaryAllocation(of: Int.self, capacity: operands) { starts in
            loop.forEachRow { rowStart, n, step in
                for i in 0..<n {
                    for k in 0..<operands { starts[k] = rowStart[k] &+ i &* step[k] }
                    body(UnsafePointer(starts.baseAddress!))
                }
            }
        }
    }

    /// Running sum or product along `axis` (NumPy's cumsum/cumprod). Bools and ints accumulate in int64.
    public func cumulative(_ op: ReduceOp, axis: Int) throws -> NDArray {
        guard op == .sum || op == .prod else {
            throw SPPLError.value("cumulative \(op.rawValue) is not supported; use sum or prod")
        }
        guard axis >= 0, axis < ndim else {
            throw SPPLError.value("axis \(axis) is out of bounds for an array of shape \(formatShape(shape))")
        }
        let source = try cast(to: dtype == .bool ? .int64 : dtype)
        let out = try NDArray.empty(source.dtype, shape)
        var outLineStrides = out.strides
        outLineStrides.remove(at: axis)
        let n = shape[axis], si = source.strides[axis], so = out.strides[axis]
        if n == 0 { return out }
        switch (op, source.dtype) {
        case (.sum, .float64): try scan(source, out, axis, outLineStrides, n, si, so) { (a: Double, b: Double) in a + b }
        case (.prod, .float64): try scan(source, out, axis, outLineStrides, n, si, so) { (a: Double, b: Double) in a * b }
        case (.sum, _): try scan(source, out, axis, outLineStrides, n, si, so) { (a: Int64, b: Int64) in a &+ b }
        default: try scan(source, out, axis, outLineStrides, n, si, so) { (a: Int64, b: Int64) in a &* b }
        }
        return out
    }

    @inline(__always)
    private func scan<T>(_ source: NDArray, _ out: NDArray, _ axis: Int, _ outLineStrides: [Int],
                         _ n: Int, _ si: Int, _ so: Int, _ f: (T, T) -> T) throws {
        let pa = source.pointer(T.self), po = out.pointer(T.self)
        try source.forEachLine(axis: axis, others: [outLineStrides]) { start in
            let x = pa + start[0], o = po + start[1]
            var acc = x[0]
            o[0] = acc
            for i in 1..<n {
                acc = f(acc, x[i &* si])
                o[i &* so] = acc
            }
        }
    }
}

extension NDArray {
    /// log(sum(exp(x))) over `axes`, computed as m + log(sum(exp(x - m))) with m the
    /// maximum, so that large values do not overflow; where m is infinite (all -inf,
    /// or a +inf) the shift is 0 and the result is m itself.
    public func logSumExp(axes: [Int]) throws -> NDArray {
        let x = try cast(to: .float64)
        let m = try x.reduced(.max, axes: axes)
        // m with the reduced axes back as length 1, to broadcast against x.
        var kept = x.shape
        for axis in axes { kept[axis] = 1 }
        let shift = try NDArray.empty(.float64, m.shape)
        let pm = m.pointer(Double.self), ps = shift.pointer(Double.self)
        for i in 0..<m.count { ps[i] = pm[i].isInfinite ? 0 : pm[i] }
        let shifted = try NDArray.empty(.float64, x.shape)
        try ScalarOp.sub.apply([x, try shift.reshaped(kept).broadcast(to: x.shape)], into: shifted)
        try ScalarOp.exp.apply([shifted], into: shifted)
        let total = try shifted.reduced(.sum, axes: axes)
        let pt = total.pointer(Double.self)
        for i in 0..<total.count {
            pt[i] = pm[i].isInfinite && !pm[i].isNaN && pm[i] > 0 ? pm[i] : ps[i] + vlog(pt[i])
        }
        return total
    }
}
