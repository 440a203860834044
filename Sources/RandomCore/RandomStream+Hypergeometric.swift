// RandomStream+Hypergeometric.swift — exact hypergeometric variates: inversion over small supports, Stadlober's ratio of uniforms (HRUA) otherwise.

import RealModule

extension RandomStream {
    /// The number of good items among `sample` drawn without replacement from `good`
    /// good and `bad` bad ones (PyTensor's `hypergeometric(ngood, nbad, nsample)`);
    /// exact while the variate's range (the smaller of the groups and of the sample and
    /// its complement) is below 2^53; the population may be anything up to Int64.max.
    /// `invalidInteger` unless all counts are >= 0 and sample <= good + bad.
    ///
    /// Symmetries first reduce to the smaller of good/bad and the smaller of the sample
    /// and its complement; then a support of at most 10 values is searched by
    /// inversion, larger ones use HRUA.
    public mutating func hypergeometric(good: Int64, bad: Int64, sample: Int64) -> Int64 {
        if good < 0 || bad < 0 || sample < 0 { return RandomStream.invalidInteger }
        let (total, overflow) = good.addingReportingOverflow(bad)
        if overflow || sample > total { return RandomStream.invalidInteger }
        // Draw from the smaller group's view and the smaller of sample / complement.
        let small = Swift.min(good, bad)
        let large = Swift.max(good, bad)
        let drawn = Swift.min(sample, total - sample)
        var k: Int64
        if Swift.min(drawn, small) < 10 {
            k = hypergeometricInversion(small: small, large: large, drawn: drawn)
        } else {
            k = hypergeometricHRUA(small: small, large: large, drawn: drawn)
        }
        if good > bad { k = drawn - k }  // counted the bad items
        if drawn < sample { k = good - k }  // counted among the items left behind
        return k
    }

    /// Sequential search over 0 ... min(drawn, small), at most 10 values (drawn is at
    /// most half the population, so large >= drawn and the support starts at 0).
    @usableFromInline mutating func hypergeometricInversion(small: Int64, large: Int64, drawn: Int64) -> Int64 {
        let top = Swift.min(drawn, small)
        if top == 0 { return 0 }
        let s = Double(small), l = Double(large), d = Double(drawn)
        let total = s + l
        // P(0) = C(large, drawn) / C(total, drawn) = Π_{i < drawn} (large - i) / (total - i),
        // as a sum of logs since drawn can be large when small is not.
        let logP0 = logFactorialRatio(l, l - d, difference: d) - logFactorialRatio(total, total - d, difference: d)
        let p0 = Double.exp(logP0)
        while true {
            var u = uniform()
            var p = p0
            var k: Int64 = 0
            while u > p && k < top {
                u -= p
                let kd = Double(k)
                // P(k + 1) / P(k) = (small - k)(drawn - k) / ((k + 1)(large - drawn + k + 1)).
                p *= (s - kd) * (d - kd) / ((kd + 1) * (l - d + kd + 1))
                k += 1
            }
            if u <= p { return k }
            // Rounding left U above the total mass: draw again.
        }
    }

    /// Stadlober's ratio-of-uniforms method for log-concave discrete laws, HRUA
    /// ("Ratio of uniforms as a convenient method for sampling from classical discrete
    /// distributions", WSC 1989; the variant NumPy uses). A point (U, V) uniform in
    /// the unit square proposes X = a + h (V - 1/2) / U around a = mean + 1/2 with
    /// h = 2 sqrt(2/e) sqrt(var + 1/2) + 3 - 2 sqrt(3/e), enough for any log-concave
    /// law; K = floor(X) is accepted when U² <= P(K) / P(mode).
    @usableFromInline mutating func hypergeometricHRUA(small: Int64, large: Int64, drawn: Int64) -> Int64 {
        let s = Double(small), l = Double(large), d = Double(drawn)
        let total = s + l
        let p = s / total
        let q = l / total
        let mean = d * p
        let a = mean + 0.5
        let variance = (total - d) * d * p * q / (total - 1)
        let c = (variance + 0.5).squareRoot()
        let h = 1.7155277699214135 * c + 0.8989161620588988  // 2 sqrt(2/e), 3 - 2 sqrt(3/e)
        let mode = ((d + 1) * (s + 1) / (total + 2)).rounded(.down)
        // The support is 0 ... min(drawn, small).
        let bound = Swift.min(d, s) + 1
        while true {
            let u = uniform()
            let v = uniform()
            let x = a + h * (v - 0.5) / u
            if x < 0 || x >= bound { continue }
            let k = x.rounded(.down)
            // T = log P(k) - log P(mode), P(k) ∝ 1 / (k! (s - k)! (d - k)! (l - d + k)!).
            // Each pair differs by exactly ±(mode - k), passed separately because the
            // pairs themselves are rounded once the counts pass 2^53.
            let t = logFactorialRatio(mode, k, difference: mode - k) + logFactorialRatio(s - mode, s - k, difference: k - mode)
                + logFactorialRatio(d - mode, d - k, difference: k - mode)
                + logFactorialRatio(l - d + mode, l - d + k, difference: mode - k)
            // Squeezes: 2 log u <= u(4 - u) - 3 and 2 log u > u - 1/u on (0, 1).
            if u * (4 - u) - 3 <= t { return Int64(k) }
            if u * (u - t) >= 1 { continue }
            if 2 * Double.log(u) <= t { return Int64(k) }
        }
    }
}
