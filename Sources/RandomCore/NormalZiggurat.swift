// NormalZiggurat.swift — exact standard normal variates by Marsaglia & Tsang's 256-layer ziggurat.

import RealModule

/// The layers of the ziggurat for f(x) = exp(-x²/2) on x >= 0 (Marsaglia & Tsang,
/// "The ziggurat method for generating random variables", JSS 2000).
///
/// 256 regions of equal area v cover the half-density: the base region is the
/// rectangle [0, r] x [0, f(r)] plus the tail beyond r; region i (1...255) is the
/// rectangle [0, x[i]] x [f(x[i]), f(x[i+1])]. Region 0 is given the virtual width
/// x[0] = v / f(r) so that one formula draws a point in any region.
@usableFromInline struct NormalZiggurat: Sendable {
    /// Right edge of the base rectangle (Marsaglia & Tsang's value for 256 regions).
    static let r = 3.6541528853610088
    /// x[0] = v / f(r), x[1] = r, ..., x[255], x[256] = 0 (decreasing).
    let x: [Double]
    /// f[i] = exp(-x[i]²/2); f[256] = 1.
    let f: [Double]
    /// The common area of the regions.
    let v: Double
    /// Area of the top region computed from the recurrence, minus v: how well r closes
    /// the construction (checked by the tests; about 1e-12 relative).
    let closure: Double

    init() {
        let r = NormalZiggurat.r
        let fr = Double.exp(-0.5 * r * r)
        // v = r f(r) + ∫_r^∞ exp(-t²/2) dt, the tail integral being sqrt(π/2) erfc(r/√2).
        let v = r * fr + (Double.pi / 2).squareRoot() * Double.erfc(r / 2.0.squareRoot())
        var x = [Double](repeating: 0, count: 257)
        var f = [Double](repeating: 0, count: 257)
        x[0] = v / fr
        f[0] = fr  // region 0's rectangle has height f(r) like region 1's base
        x[1] = r
        f[1] = fr
        for i in 1 ..< 255 {
            // Region i has area v: x[i] (f(x[i+1]) - f(x[i])) = v.
            f[i + 1] = f[i] + v / x[i]
            x[i + 1] = (-2 * Double.log(f[i + 1])).squareRoot()
        }
        x[256] = 0
        f[256] = 1
        self.x = x
        self.f = f
        self.v = v
        self.closure = x[255] * (1 - f[255]) - v
    }

    @usableFromInline static let shared = NormalZiggurat()
}

extension RandomStream {
    /// A standard normal variate (exact: the ziggurat is a rejection method whose
    /// accepted points are uniform under the density).
    ///
    /// One 64-bit word gives the region (low 8 bits), the sign (bit 8) and the
    /// horizontal coordinate (top 53 bits), so the three are independent. About 98.8%
    /// of draws end at the first comparison; the rest need an exp (wedges) or, for
    /// |z| > r, Marsaglia's exponential tail method.
    public mutating func standardNormal() -> Double {
        let z = NormalZiggurat.shared
        return z.x.withUnsafeBufferPointer { x in
            z.f.withUnsafeBufferPointer { f in
                while true {
                    let bits = nextUInt64()
                    let i = Int(bits & 0xFF)
                    let negative = bits & 0x100 != 0
                    let h = Double(bits >> 11) * 0x1p-53 * x[i]
                    // Inside the part of the region that lies wholly under the curve.
                    if h < x[i + 1] { return negative ? -h : h }
                    if i == 0 {
                        let t = normalTail(beyond: NormalZiggurat.r)
                        return negative ? -t : t
                    }
                    // Wedge: a uniform height in the region's band against the curve.
                    let y = f[i] + uniformIncludingZero() * (f[i + 1] - f[i])
                    if y < Double.exp(-0.5 * h * h) { return negative ? -h : h }
                }
            }
        }
    }

    /// A standard normal conditioned on z > a, for a > 0 large enough (Marsaglia 1964):
    /// propose a + E/a and accept with probability exp(-(E/a)²/2), i.e. 2E' > (E/a)².
    @usableFromInline mutating func normalTail(beyond a: Double) -> Double {
        while true {
            let x = -Double.log(uniform()) / a
            let y = -Double.log(uniform())
            if 2 * y > x * x { return a + x }
        }
    }

    /// A normal variate with mean `loc` and standard deviation `scale` (NaN for a
    /// negative or NaN scale).
    @inlinable
    public mutating func normal(loc: Double, scale: Double) -> Double {
        if !(scale >= 0) { return .nan }
        return loc + scale * standardNormal()
    }
}
