// PointerKernels.swift — kernels for fixed layouts over raw pointers (reductions, copies, vector/matrix products), for planned execution.

import CLapack

/// A reduction of a float64 array of fixed layout into a contiguous output, iteration made once.
public struct ReductionKernel: @unchecked Sendable {
    let op: ReduceOp
    let outputCount: Int
    let contiguousCount: Int?
    let loop: StridedLoop

    /// - Parameters: the input's shape and element strides, the axes reduced (sorted).
    public init(_ op: ReduceOp, shape: [Int], strides: [Int], axes: [Int]) throws {
        guard [.sum, .prod, .max, .min].contains(op) else {
            throw SPPLError.value("reduction kernel: \(op.rawValue) is not a float64 reduction")
        }
        if (op == .max || op == .min) && axes.contains(where: { shape[$0] == 0 }) {
            throw SPPLError.value("zero-size array to reduction operation \(op == .max ? "maximum" : "minimum") which has no identity")
        }
        self.op = op
        let kept = shape.indices.filter { !axes.contains($0) }
        let outShape = kept.map { shape[$0] }
        outputCount = outShape.reduce(1, *)
        let outStrides = contiguousStrides(outShape)
        var expanded = [Int](repeating: 0, count: shape.count)
        for (k, axis) in kept.enumerated() { expanded[axis] = outStrides[k] }
        let isContiguous = NDArray.layoutIsCContiguous(shape: shape, strides: strides)
        contiguousCount = axes.count == shape.count && isContiguous ? shape.reduce(1, *) : nil
        loop = StridedLoop(shape: shape, strides: [expanded, strides])
    }

    public func run(_ input: UnsafePointer<Double>, _ output: UnsafeMutablePointer<Double>) {
        if op == .sum {
            if let n = contiguousCount {
                output[0] = pairwiseSum(input, n)
                return
            }
            output.update(repeating: 0, count: outputCount)
            loop.forEachRow { start, n, step in addRow(output + start[0], step[0], input + start[1], step[1], n) }
            return
        }
        let initial: Double
        switch op {
        case .sum: initial = 0
        case .prod: initial = 1
        case .max: initial = -.infinity
        default: initial = .infinity
        }
        output.update(repeating: initial, count: outputCount)
        let op = self.op
        loop.forEachRow { start, n, step in
            let o = output + start[0], x = input + start[1], so = step[0], sx = step[1]
            for i in 0..<n {
                let v = x[i &* sx]
                let j = i &* so
                switch op {
                case .sum: o[j] += v
                case .prod: o[j] *= v
                case .max: if v > o[j] || v.isNaN { o[j] = v }
                default: if v < o[j] || v.isNaN { o[j] = v }
                }
            }
        }
    }
}

/// `all` / `any` of a bool array (one byte per element, 0 or 1) over some axes, with
/// fixed layouts (parameter checks reduce their conditions this way).
public struct LogicalReductionKernel: @unchecked Sendable {
    let isAll: Bool
    let outputCount: Int
    let loop: StridedLoop

    /// - Parameters: the input's shape and element strides, the axes reduced (sorted).
    public init(_ op: ReduceOp, shape: [Int], strides: [Int], axes: [Int]) throws {
        guard op == .all || op == .any else {
            throw SPPLError.value("logical reduction kernel: \(op.rawValue) is not all or any")
        }
        isAll = op == .all
        let kept = shape.indices.filter { !axes.contains($0) }
        let outShape = kept.map { shape[$0] }
        outputCount = outShape.reduce(1, *)
        let outStrides = contiguousStrides(outShape)
        var expanded = [Int](repeating: 0, count: shape.count)
        for (k, axis) in kept.enumerated() { expanded[axis] = outStrides[k] }
        loop = StridedLoop(shape: shape, strides: [expanded, strides])
    }

    public func run(_ input: UnsafePointer<UInt8>, _ output: UnsafeMutablePointer<UInt8>) {
        let isAll = self.isAll
        output.update(repeating: isAll ? 1 : 0, count: outputCount)
        loop.forEachRow { start, n, step in
            let o = output + start[0], x = input + start[1], so = step[0], sx = step[1]
            for i in 0..<n {
                let v = x[i &* sx] != 0
                let j = i &* so
                if isAll { if !v { o[j] = 0 } } else if v { o[j] = 1 }
            }
        }
    }
}

/// A copy (with NumPy broadcasting) of fixed layouts into a contiguous output.
public struct CopyKernel: @unchecked Sendable {
    let itemSize: Int
    let count: Int
    let contiguous: Bool
    let loop: StridedLoop

    public init(dtype: DType, shape: [Int], sourceShape: [Int], sourceStrides: [Int]) {
        itemSize = dtype.itemSize
        count = shape.reduce(1, *)
        let lead = shape.count - sourceShape.count
        var strides = [Int](repeating: 0, count: shape.count)
        for (k, n) in sourceShape.enumerated() where !(n == 1 && shape[lead + k] != 1) { strides[lead + k] = sourceStrides[k] }
        contiguous = sourceShape == shape && NDArray.layoutIsCContiguous(shape: shape, strides: sourceStrides)
        loop = StridedLoop(shape: shape, strides: [contiguousStrides(shape), strides])
    }

    public func run(_ source: UnsafeRawPointer, _ destination: UnsafeMutableRawPointer) {
        if contiguous {
            destination.copyMemory(from: source, byteCount: count * itemSize)
            return
        }
        switch itemSize {
        case 8:
            let s = source.assumingMemoryBound(to: UInt64.self), d = destination.assumingMemoryBound(to: UInt64.self)
            loop.forEachRow { start, n, step in
                for i in 0..<n { d[start[0] &+ i &* step[0]] = s[start[1] &+ i &* step[1]] }
            }
        default:
            let s = source.assumingMemoryBound(to: UInt8.self), d = destination.assumingMemoryBound(to: UInt8.self)
            loop.forEachRow { start, n, step in
                for i in 0..<n { d[start[0] &+ i &* step[0]] = s[start[1] &+ i &* step[1]] }
            }
        }
    }
}

/// A float64 dot product of fixed layouts (vector·vector, matrix·vector, vector·matrix,
/// matrix·matrix) through BLAS, with the operand layouts BLAS accepts chosen once.
public struct DotKernel: @unchecked Sendable {
    enum Form {
        case inner(n: Int32, incA: Int32, incB: Int32)
        case gemv(trans: Int32, rows: Int32, cols: Int32, ld: Int32, inc: Int32, outCount: Int, matrixIsA: Bool)
        case gemm(transA: Int32, transB: Int32, m: Int32, n: Int32, k: Int32, lda: Int32, ldb: Int32)
        case empty(Int)
    }
    let form: Form

    /// Nil when a layout needs a copy first (negative or zero strides): the executor then
    /// takes the general path.
    public init?(aShape: [Int], aStrides: [Int], bShape: [Int], bStrides: [Int]) {
        configureBLAS()
        // BLAS takes 32-bit sizes, leading dimensions and increments: anything larger
        // goes the general way (which copies).
        let limit = Int(Int32.max)
        func matrix(_ shape: [Int], _ strides: [Int]) -> (Int32, Int)? {
            if strides[1] == 1 && strides[0] >= Swift.max(shape[1], 1) && strides[0] <= limit {
                return (Int32(SPPL_CblasNoTrans), strides[0])
            }
            if strides[0] == 1 && strides[1] >= Swift.max(shape[0], 1) && strides[1] <= limit {
                return (Int32(SPPL_CblasTrans), strides[1])
            }
            return nil
        }
        let sizes = aShape + bShape
        guard sizes.allSatisfy({ $0 <= limit }), (aStrides + bStrides).allSatisfy({ $0 <= limit }) else { return nil }
        if sizes.contains(0) {
            form = .empty((aShape.count == 2 ? aShape[0] : 1) * (bShape.count == 2 ? bShape[1] : 1))
            return
        }
        switch (aShape.count, bShape.count) {
        case (1, 1):
            guard aStrides[0] > 0, bStrides[0] > 0 else { return nil }
            form = .inner(n: Int32(aShape[0]), incA: Int32(aStrides[0]), incB: Int32(bStrides[0]))
        case (2, 1), (1, 2):
            let matrixIsA = aShape.count == 2
            // v·M is Mᵀ·v: view M transposed.
            let shape = matrixIsA ? aShape : [bShape[1], bShape[0]]
            let strides = matrixIsA ? aStrides : [bStrides[1], bStrides[0]]
            let vectorStride = matrixIsA ? bStrides[0] : aStrides[0]
            guard vectorStride > 0, let (trans, ld) = matrix(shape, strides) else { return nil }
            let stored = trans == Int32(SPPL_CblasNoTrans) ? (shape[0], shape[1]) : (shape[1], shape[0])
            form = .gemv(trans: trans, rows: Int32(stored.0), cols: Int32(stored.1), ld: Int32(ld),
                         inc: Int32(vectorStride), outCount: shape[0], matrixIsA: matrixIsA)
        case (2, 2):
            guard let (ta, lda) = matrix(aShape, aStrides), let (tb, ldb) = matrix(bShape, bStrides) else { return nil }
            form = .gemm(transA: ta, transB: tb, m: Int32(aShape[0]), n: Int32(bShape[1]), k: Int32(aShape[1]),
                         lda: Int32(lda), ldb: Int32(ldb))
        default:
            return nil
        }
    }

    public func run(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        switch form {
        case .empty(let n):
            out.update(repeating: 0, count: n)
        case let .inner(n, incA, incB):
            out[0] = cblas_ddot(n, a, incA, b, incB)
        case let .gemv(trans, rows, cols, ld, inc, _, matrixIsA):
            let (m, v) = matrixIsA ? (a, b) : (b, a)
            cblas_dgemv(Int32(SPPL_CblasRowMajor), trans, rows, cols, 1, m, ld, v, inc, 0, out, 1)
        case let .gemm(ta, tb, m, n, k, lda, ldb):
            cblas_dgemm(Int32(SPPL_CblasRowMajor), ta, tb, m, n, k, 1, a, lda, b, ldb, 0, out, n)
        }
    }
}

extension NDArray {
    /// Whether `strides` lay out `shape` in C order without gaps.
    public static func layoutIsCContiguous(shape: [Int], strides: [Int]) -> Bool {
        var expected = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] != 1 {
            if strides[axis] != expected { return false }
            expected &*= shape[axis]
        }
        return true
    }
}

/// Element offsets (relative to the first element) of every element of an array of
/// `shape` laid out with `strides`, as an int64 array of that shape. Indexing it with an
/// index expression gives, in order, the offsets of the elements that expression
/// selects: gathers and scatters with constant indices are planned this way.
public func offsetMap(shape: [Int], strides: [Int]) throws -> NDArray {
    let map = try NDArray.empty(.int64, shape)
    let p = map.pointer(Int64.self)
    let n = map.count
    var index = [Int](repeating: 0, count: shape.count)
    var offset = 0
    for flat in 0..<n {
        p[flat] = Int64(offset)
        // Odometer over the multi-index, keeping the strided offset in step.
        var axis = shape.count - 1
        while axis >= 0 {
            index[axis] += 1
            offset += strides[axis]
            if index[axis] < shape[axis] { break }
            offset -= strides[axis] * shape[axis]
            index[axis] = 0
            axis -= 1
        }
    }
    return map
}

/// A gather (`out[i] = x[offsets[i]]`) or scatter (`out[targets[i]] (+)= y[sources[i]]`)
/// with offsets fixed at plan time.
public struct GatherKernel: @unchecked Sendable {
    let offsets: [Int]
    let itemSize: Int
    /// When the offsets come in runs of one repeated value (`a[group]` with the rows of a
    /// group together), each run's source offset and where it ends in the output: the
    /// gather is then one load and a fill per run. Nil when runs average under 4.
    let runs: (sources: [Int], ends: [Int])?

    public init(offsets: NDArray, itemSize: Int) {
        let offsets = offsets.elements(as: Int64.self).map { Int($0) }
        self.offsets = offsets
        self.itemSize = itemSize
        var sources: [Int] = [], ends: [Int] = []
        for (i, o) in offsets.enumerated() where sources.last != o || i == 0 {
            if i > 0 { ends.append(i) }
            sources.append(o)
        }
        if !offsets.isEmpty { ends.append(offsets.count) }
        runs = itemSize == 8 && sources.count * 4 <= offsets.count ? (sources, ends) : nil
    }

    public func run(_ source: UnsafeRawPointer, _ destination: UnsafeMutableRawPointer) {
        if let runs {
            let s = source.assumingMemoryBound(to: UInt64.self), d = destination.assumingMemoryBound(to: UInt64.self)
            var start = 0
            for (o, end) in zip(runs.sources, runs.ends) {
                (d + start).update(repeating: s[o], count: end - start)
                start = end
            }
            return
        }
        // A plain indexed loop over raw pointers (no bounds checks), which the loop
        // vectorizer turns into vector gathers.
        offsets.withUnsafeBufferPointer { buffer in
            guard let o = buffer.baseAddress else { return }
            let n = buffer.count
            if itemSize == 8 {
                let s = source.assumingMemoryBound(to: UInt64.self), d = destination.assumingMemoryBound(to: UInt64.self)
                for i in 0..<n { d[i] = s[o[i]] }
            } else {
                let s = source.assumingMemoryBound(to: UInt8.self), d = destination.assumingMemoryBound(to: UInt8.self)
                for i in 0..<n { d[i] = s[o[i]] }
            }
        }
    }
}

/// Adds (or writes) float64 values at fixed positions: `out[targets[i]] += y[sources[i]]`
/// (or `=`), for every i. Planned and unplanned increments both run this kernel, so they
/// give the same bits.
///
/// The pairs are grouped by target once (a stable sort, so each target keeps its
/// values' order). A target hit by many values (a gradient of `a[group]`) then gets one
/// pairwise sum of its values added to it, instead of a chain of read-add-write steps on
/// the same memory word, each waiting for the last (store-to-load forwarding, ~5 cycles
/// per value). Writes keep the last value per target, as in order.
public struct ScatterKernel: @unchecked Sendable {
    /// Distinct targets in increasing order, and where each one's values end in `sources`.
    let runTargets: [Int]
    let runEnds: [Int]
    /// Value offsets grouped by target.
    let sources: [Int]
    /// Whether `sources` is 0, 1, 2, ... (values read straight, no indirection).
    let sourcesInOrder: Bool
    let accumulate: Bool

    public init(targets: NDArray, sources: NDArray, accumulate: Bool) {
        let t = targets.elements(as: Int64.self).map { Int($0) }
        let s = sources.elements(as: Int64.self).map { Int($0) }
        var order = Array(t.indices)
        if zip(t, t.dropFirst()).contains(where: { $0 > $1 }) {
            order.sort { t[$0] < t[$1] || (t[$0] == t[$1] && $0 < $1) }
        }
        var runTargets: [Int] = [], runEnds: [Int] = []
        for (k, i) in order.enumerated() {
            if runTargets.last != t[i] {
                if !runTargets.isEmpty { runEnds.append(k) }
                runTargets.append(t[i])
            }
        }
        if !runTargets.isEmpty { runEnds.append(order.count) }
        self.runTargets = runTargets
        self.runEnds = runEnds
        self.sources = order.map { s[$0] }
        sourcesInOrder = self.sources.enumerated().allSatisfy { $0.offset == $0.element }
        self.accumulate = accumulate
    }

    public func run(_ values: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        sources.withUnsafeBufferPointer { buffer in
            guard let order = buffer.baseAddress else { return }
            var start = 0
            for (t, end) in zip(runTargets, runEnds) {
                if !accumulate {
                    out[t] = values[order[end - 1]]
                } else if sourcesInOrder {
                    out[t] += pairwiseSum(values + start, end - start)
                } else {
                    out[t] += pairwiseSum(IndexedValues(values: values, offsets: order + start), end - start)
                }
                start = end
            }
        }
    }
}
