// CategoricalAliasTable.swift — Walker's alias method (Vose's construction) for many categorical draws from one probability vector.

/// A table that draws index i with probability w[i] / Σw in O(1): pick a column
/// uniformly, then keep it or take its alias by a biased coin (Walker 1977; the
/// numerically careful construction of Vose 1991). Building costs O(k).
public struct CategoricalAliasTable: Sendable {
    /// Probability of keeping column i.
    public let keep: [Double]
    /// The index taken when column i is not kept.
    public let alias: [Int]

    /// nil for an empty vector, a negative or NaN weight, or a zero or infinite total.
    public init?(weights: [Double]) {
        let k = weights.count
        if k == 0 { return nil }
        var total = 0.0
        for w in weights {
            if !(w >= 0) { return nil }
            total += w
        }
        if !(total > 0 && total.isFinite) { return nil }
        // Scaled so that the average column holds exactly 1.
        var scaled = weights.map { $0 * Double(k) / total }
        var keep = [Double](repeating: 1, count: k)
        var alias = Array(0 ..< k)
        var small: [Int] = []
        var large: [Int] = []
        for (i, x) in scaled.enumerated() {
            if x < 1 { small.append(i) } else { large.append(i) }
        }
        // Pair each under-full column with an over-full one, which gives away the
        // difference and may itself become under-full.
        while let s = small.popLast(), let l = large.last {
            keep[s] = scaled[s]
            alias[s] = l
            scaled[l] = (scaled[l] + scaled[s]) - 1
            if scaled[l] < 1 {
                large.removeLast()
                small.append(l)
            }
        }
        // What is left holds 1 up to rounding: keep it always (Vose).
        for i in large { keep[i] = 1 }
        for i in small { keep[i] = 1 }
        self.keep = keep
        self.alias = alias
    }

    /// One draw: a uniform column and a coin against its keep probability.
    @inlinable
    public func draw(_ stream: inout RandomStream) -> Int64 {
        let column = Int(stream.nextUInt64(below: UInt64(keep.count)))
        return stream.uniform() < keep[column] ? Int64(column) : Int64(alias[column])
    }
}
