// PairwiseSum.swift — the float64 sum of a run of values, blocked and pairwise (as NumPy sums), shared by every summing kernel.

/// Values summed per leaf block: 32 running sums over at most this many values, then
/// the halves of longer runs are summed recursively and added.
let pairwiseBlock = 256

/// Sum of `p[0..<n]`.
///
/// A single running total is one long chain of dependent additions (each waits the
/// adder's full latency, ~4 cycles) and its rounding error grows like n ε. Thirty-two
/// independent running sums per block of 256 (four 8-wide vectors) keep the adders
/// busy; splitting longer runs in halves makes the error grow like log(n) ε, as NumPy's
/// pairwise summation does. Runs shorter than 32 are added in order, so a sum of a few
/// values is exactly the left-to-right one.
public func pairwiseSum(_ p: UnsafePointer<Double>, _ n: Int) -> Double {
    pairwiseSum(ContiguousValues(p), n)
}

/// Sum of `p[0..<n]` for any way of reading the values (contiguous, or through offsets).
@inline(__always)
func pairwiseSum<R: ValueReader>(_ p: R, _ n: Int) -> Double {
    if n < 32 {
        // From the first value, not from 0.0, so that one value sums to itself (-0.0 included).
        guard n > 0 else { return 0 }
        var total = p[0]
        for i in 1..<n { total += p[i] }
        return total
    }
    if n <= pairwiseBlock {
        return blockSum(p, n)
    }
    // Split on a multiple of 32 so that the blocks below stay whole.
    let half = (n / 2) & ~31
    return pairwiseSplit(p, half) + pairwiseSplit(p.advanced(by: half), n - half)
}

/// Thirty-two running sums (lane j of vector k sums values 32i + 8k + j) over
/// 32 <= n <= 256 values, combined pairwise; the last n mod 32 values are added at the end.
@inline(__always)
private func blockSum<R: ValueReader>(_ p: R, _ n: Int) -> Double {
    var a0 = p.load8(0), a1 = p.load8(8), a2 = p.load8(16), a3 = p.load8(24)
    let whole = n & ~31
    var i = 32
    while i < whole {
        a0 += p.load8(i)
        a1 += p.load8(i + 8)
        a2 += p.load8(i + 16)
        a3 += p.load8(i + 24)
        i += 32
    }
    let v = (a0 + a1) + (a2 + a3)
    let low = (v[0] + v[1]) + (v[2] + v[3])
    let high = (v[4] + v[5]) + (v[6] + v[7])
    var total = low + high
    while i < n {
        total += p[i]
        i += 1
    }
    return total
}

/// Adds row `x` (n values, step sx) into `o` (step so): into the one value o[0] when
/// so == 0 (a whole row summed: pairwise when contiguous), elementwise otherwise. Every
/// float64 sum, planned or not, goes through here, so both give the same bits.
@inline(__always)
func addRow(_ o: UnsafeMutablePointer<Double>, _ so: Int, _ x: UnsafePointer<Double>, _ sx: Int, _ n: Int) {
    if so != 0 {
        for i in 0..<n { o[i &* so] += x[i &* sx] }
    } else if sx == 1 {
        o[0] += pairwiseSum(x, n)
    } else {
        var acc = o[0]
        for i in 0..<n { acc += x[i &* sx] }
        o[0] = acc
    }
}

/// How a sum reads its values: `p[i]` for i in 0..<n, eight at a time, and the same
/// reader moved by k values.
protocol ValueReader {
    subscript(_ i: Int) -> Double { get }
    func load8(_ i: Int) -> SIMD8<Double>
    func advanced(by k: Int) -> Self
}

struct ContiguousValues: ValueReader {
    let base: UnsafePointer<Double>
    init(_ base: UnsafePointer<Double>) { self.base = base }
    @inline(__always) subscript(_ i: Int) -> Double { base[i] }
    @inline(__always) func load8(_ i: Int) -> SIMD8<Double> {
        UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<Double>.self)
    }
    @inline(__always) func advanced(by k: Int) -> ContiguousValues { ContiguousValues(base + k) }
}

/// a[i] * b[i]: a sum of products read without storing them (each product rounded as a
/// separate multiplication rounds it, so the sum has the bits of multiplying, then summing).
struct ProductValues: ValueReader {
    let a: UnsafePointer<Double>
    let b: UnsafePointer<Double>
    @inline(__always) subscript(_ i: Int) -> Double { a[i] * b[i] }
    @inline(__always) func load8(_ i: Int) -> SIMD8<Double> {
        UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Double>.self) * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Double>.self)
    }
    @inline(__always) func advanced(by k: Int) -> ProductValues { ProductValues(a: a + k, b: b + k) }
}

/// Sum of `a[i] * b[i]` for i in 0..<n, pairwise as `pairwiseSum` (the same bits as
/// summing the stored products).
public func pairwiseSumOfProducts(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
    pairwiseSum(ProductValues(a: a, b: b), n)
}

/// values[offsets[i]]: a scatter's values grouped by target.
struct IndexedValues: ValueReader {
    let values: UnsafePointer<Double>
    let offsets: UnsafePointer<Int>
    @inline(__always) subscript(_ i: Int) -> Double { values[offsets[i]] }
    @inline(__always) func load8(_ i: Int) -> SIMD8<Double> {
        let o = offsets + i
        return SIMD8(values[o[0]], values[o[1]], values[o[2]], values[o[3]],
                     values[o[4]], values[o[5]], values[o[6]], values[o[7]])
    }
    @inline(__always) func advanced(by k: Int) -> IndexedValues { IndexedValues(values: values, offsets: offsets + k) }
}

/// The recursive step of `pairwiseSum`, out of line (the recursion cannot be inlined).
@inline(never)
func pairwiseSplit<R: ValueReader>(_ p: R, _ n: Int) -> Double {
    pairwiseSum(p, n)
}
