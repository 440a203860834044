// RandomStream+Binomial.swift — exact binomial variates: inversion for small means, BTPE (Kachitvichyanukul & Schmeiser 1988) otherwise.

import RealModule

extension RandomStream {
    /// A binomial variate: successes in n trials of probability p (PyTensor's
    /// `binomial(n, p)`); exact for every n up to Int64.max as long as
    /// n min(p, 1 - p) stays below 2^53 (9e15), where the variate is still an exact
    /// integer in binary64 (beyond, values near the mean fall on the Double grid).
    /// `invalidInteger` unless n >= 0 and 0 <= p <= 1.
    ///
    /// The algorithm works with r = min(p, 1 - p) and reflects: inversion by sequential
    /// search when n r < 30 (expected cost about n r steps), BTPE otherwise.
    public mutating func binomial(n: Int64, p: Double) -> Int64 {
        if n < 0 || !(p >= 0 && p <= 1) { return RandomStream.invalidInteger }
        if n == 0 || p == 0 { return 0 }
        if p == 1 { return n }
        // 1 - p is exact for p >= 1/2 (Sterbenz).
        let r = p <= 0.5 ? p : 1 - p
        let y = Double(n) * r < 30 ? binomialInversion(n: n, r: r) : binomialBTPE(n: n, r: r)
        return p <= 0.5 ? y : n - y
    }

    /// Sequential search from 0 with the recurrence P(x) = P(x - 1) ((n + 1) s / x - s),
    /// s = r / (1 - r), for n r < 30 and r <= 1/2.
    @usableFromInline mutating func binomialInversion(n: Int64, r: Double) -> Int64 {
        let nd = Double(n)
        let s = r / (1 - r)
        let a = (nd + 1) * s
        // P(0) = (1 - r)^n through log1p: n r < 30 keeps it above e^-42.
        let p0 = Double.exp(nd * Double.log(onePlus: -r))
        // 30 standard deviations above a mean below 30: unreachable except when
        // rounding leaves U above the summed mass; then draw again.
        let mean = nd * r
        let limit = Swift.min(nd, (mean + 30 * (mean + 1).squareRoot() + 30).rounded(.up))
        while true {
            var u = uniform()
            var p = p0
            var x = 0.0
            while u > p && x < limit {
                u -= p
                x += 1
                p *= a / x - s
            }
            if u <= p { return Int64(x) }
        }
    }

    /// BTPE, "Binomial, Triangle, Parallelogram, Exponential" (Kachitvichyanukul &
    /// Schmeiser, "Binomial random variate generation", CACM 31, 1988), for n r >= 30,
    /// r <= 1/2. The hat is a triangle over the centre, parallelograms beside it and
    /// exponential tails; acceptance is decided by the explicit ratio f(y)/f(m) near the
    /// mode m, otherwise by a squeeze on its logarithm and, in the narrow band the
    /// squeeze leaves, by the exact log ratio (here from `logFactorialRatio`, accurate at
    /// n = 1e9, in place of the paper's inline Stirling sums).
    @usableFromInline mutating func binomialBTPE(n: Int64, r: Double) -> Int64 {
        let nd = Double(n)
        let q = 1 - r
        let nrq = nd * r * q
        let fm = nd * r + r
        let m = fm.rounded(.down)  // the mode
        // Triangle half-width, centre and the parallelograms' outer edges.
        let p1 = (2.195 * nrq.squareRoot() - 4.6 * q).rounded(.down) + 0.5
        let xm = m + 0.5
        let xl = xm - p1
        let xr = xm + p1
        let c = 0.134 + 20.5 / (15.3 + m)
        // Exponential tail rates λ_L, λ_R.
        var al = (fm - xl) / (fm - xl * r)
        let lambdaL = al * (1 + 0.5 * al)
        al = (xr - fm) / (xr * q)
        let lambdaR = al * (1 + 0.5 * al)
        // Cumulative areas of the four hat pieces.
        let p2 = p1 * (1 + 2 * c)
        let p3 = p2 + c / lambdaL
        let p4 = p3 + c / lambdaR
        let logOdds = Double.log(r / q)
        while true {
            let u = uniform() * p4
            var v = uniform()
            var y: Double
            if u <= p1 {
                // Triangle: wholly under the distribution, accept at once.
                return Int64((xm - p1 * v + u).rounded(.down))
            } else if u <= p2 {
                // Parallelograms.
                let x = xl + (u - p1) / c
                v = v * c + 1 - Swift.abs(m - x + 0.5) / p1
                if v > 1 { continue }
                y = x.rounded(.down)
            } else if u <= p3 {
                // Left exponential tail.
                y = (xl + Double.log(v) / lambdaL).rounded(.down)
                if y < 0 { continue }
                v = v * (u - p2) * lambdaL
            } else {
                // Right exponential tail.
                y = (xr - Double.log(v) / lambdaR).rounded(.down)
                if y > nd { continue }
                v = v * (u - p3) * lambdaR
            }
            let k = Swift.abs(y - m)
            if k <= 20 || k >= nrq / 2 - 1 {
                // f(y)/f(m) as a product of the recurrence ratios ((n + 1)s / i - s).
                let s = r / q
                let a = s * (nd + 1)
                var f = 1.0
                if m < y {
                    var i = m + 1
                    while i <= y { f *= a / i - s; i += 1 }
                } else if m > y {
                    var i = y + 1
                    while i <= m { f /= a / i - s; i += 1 }
                }
                if v <= f { return Int64(y) }
                continue
            }
            // Squeeze: log f(y)/f(m) lies within ρ of -k²/(2nrq).
            let rho = (k / nrq) * ((k * (k / 3 + 0.625) + 1.0 / 6) / nrq + 0.5)
            let t = -k * k / (2 * nrq)
            let logV = Double.log(v)
            if logV < t - rho { return Int64(y) }
            if logV > t + rho { continue }
            // Exact: log f(y)/f(m) = log(m!/y!) + log((n-m)!/(n-y)!) + (y - m) log(r/q).
            // n - m and n - y are rounded when n > 2^53; their difference y - m is not.
            let logRatio = logFactorialRatio(m, y, difference: m - y)
                + logFactorialRatio(nd - m, nd - y, difference: y - m) + (y - m) * logOdds
            if logV <= logRatio { return Int64(y) }
        }
    }
}
