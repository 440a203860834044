// PairwiseSum.swift — the float64 sum of a run of values, blocked and pairwise (as NumPy sums), shared by every summing kernel.

/// Values summed per leaf block: eight running sums over at most this many values, then
/// the halves of longer runs are summed recursively and added.
let pairwiseBlock = 128

/// Sum of `p[0..<n]`.
///
/// A single running total is one long chain of dependent additions (each waits the
/// adder's full latency, ~4 cycles) and its rounding error grows like n ε. Eight
/// independent running sums per block of 128 let the additions overlap (and vectorize);
/// splitting longer runs in halves makes the error grow like log(n) ε, as NumPy's
/// pairwise summation does. Runs shorter than 8 are added in order, so a sum of a few
/// values is exactly the left-to-right one.
public func pairwiseSum(_ p: UnsafePointer<Double>, _ n: Int) -> Double {
    pairwiseSum(ContiguousValues(p), n)
}

/// Sum of `p[0..<n]` for any way of reading the values (contiguous, or through offsets).
@inline(__always)
func pairwiseSum<R: ValueReader>(_ p: R, _ n: Int) -> Double {
    if n < 8 {
        // From the first value, not from 0.0, so that one value sums to itself (-0.0 included).
        guard n > 0 else { return 0 }
        var total = p[0]
        for i in 1..<n { total += p[i] }
        return total
    }
    if n <= pairwiseBlock {
        return blockSum(p, n)
    }
    // Split on a multiple of 8 so that the blocks below stay whole.
    let half = (n / 2) & ~7
    return pairwiseSplit(p, half) + pairwiseSplit(p.advanced(by: half), n - half)
}

/// Eight running sums over 8 <= n <= 128 values, combined pairwise; the last n mod 8
/// values are added at the end.
@inline(__always)
private func blockSum<R: ValueReader>(_ p: R, _ n: Int) -> Double {
    var r0 = p[0], r1 = p[1], r2 = p[2], r3 = p[3]
    var r4 = p[4], r5 = p[5], r6 = p[6], r7 = p[7]
    let whole = n & ~7
    var i = 8
    while i < whole {
        r0 += p[i]; r1 += p[i + 1]; r2 += p[i + 2]; r3 += p[i + 3]
        r4 += p[i + 4]; r5 += p[i + 5]; r6 += p[i + 6]; r7 += p[i + 7]
        i += 8
    }
    var total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
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

/// How a sum reads its values: `p[i]` for i in 0..<n, and the same reader moved by k values.
protocol ValueReader {
    subscript(_ i: Int) -> Double { get }
    func advanced(by k: Int) -> Self
}

struct ContiguousValues: ValueReader {
    let base: UnsafePointer<Double>
    init(_ base: UnsafePointer<Double>) { self.base = base }
    @inline(__always) subscript(_ i: Int) -> Double { base[i] }
    @inline(__always) func advanced(by k: Int) -> ContiguousValues { ContiguousValues(base + k) }
}

/// values[offsets[i]]: a scatter's values grouped by target.
struct IndexedValues: ValueReader {
    let values: UnsafePointer<Double>
    let offsets: UnsafePointer<Int>
    @inline(__always) subscript(_ i: Int) -> Double { values[offsets[i]] }
    @inline(__always) func advanced(by k: Int) -> IndexedValues { IndexedValues(values: values, offsets: offsets + k) }
}

/// The recursive step of `pairwiseSum`, out of line (the recursion cannot be inlined).
@inline(never)
func pairwiseSplit<R: ValueReader>(_ p: R, _ n: Int) -> Double {
    pairwiseSum(p, n)
}
