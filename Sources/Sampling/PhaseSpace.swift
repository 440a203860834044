// PhaseSpace.swift — points of phase space and the leapfrog integrator over a Euclidean metric.

import RandomCore

/// A vector of doubles in storage the sampler owns. Trajectories copy points thousands
/// of times per draw; fixed buffers copied with memcpy keep that free of allocation and
/// of copy-on-write checks.
final class Buffer {
    let count: Int
    let base: UnsafeMutablePointer<Double>

    init(count: Int, value: Double = 0) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: max(count, 1))
    }

    deinit { base.deallocate() }

    @inline(__always) subscript(i: Int) -> Double {
        get { base[i] }
        set { base[i] = newValue }
    }

    func copy(from other: Buffer) { base.update(from: other.base, count: count) }
    func fill(_ value: Double) { base.update(repeating: value, count: count) }
    var array: [Double] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// self = a + b.
    func assignSum(_ a: Buffer, _ b: Buffer) {
        for i in 0..<count { base[i] = a.base[i] + b.base[i] }
    }

    /// self += other.
    func add(_ other: Buffer) {
        for i in 0..<count { base[i] += other.base[i] }
    }

    /// Four partial sums let the compiler vectorize (one running sum serializes on the adds).
    func dot(_ other: Buffer) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= count {
            s0 += base[i] * other.base[i]
            s1 += base[i + 1] * other.base[i + 1]
            s2 += base[i + 2] * other.base[i + 2]
            s3 += base[i + 3] * other.base[i + 3]
            i += 4
        }
        while i < count {
            s0 += base[i] * other.base[i]
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }
}

/// A point of phase space: position q, momentum p, velocity v = M⁻¹ p (what Stan calls
/// dτ/dp, the "sharp" momentum of the U-turn criterion), the gradient of the log density
/// at q, the log density, and the kinetic energy ½ pᵀM⁻¹p.
final class PhasePoint {
    let q: Buffer, p: Buffer, v: Buffer, gradient: Buffer
    var logp = -Double.infinity
    var kinetic = 0.0
    /// Leapfrog steps from the trajectory's initial point (negative: backwards in time).
    var index = 0

    init(dimension: Int) {
        q = Buffer(count: dimension)
        p = Buffer(count: dimension)
        v = Buffer(count: dimension)
        gradient = Buffer(count: dimension)
    }

    /// The Hamiltonian H = -log π(q) + ½ pᵀM⁻¹p; +inf where the density failed.
    var energy: Double { -logp + kinetic }

    func copy(from other: PhasePoint) {
        q.copy(from: other.q)
        p.copy(from: other.p)
        v.copy(from: other.v)
        gradient.copy(from: other.gradient)
        logp = other.logp
        kinetic = other.kinetic
        index = other.index
    }
}

/// Hamiltonian dynamics with a Euclidean metric: the log density, the inverse mass matrix
/// (the adapted posterior covariance scale: diagonal, or diagonal plus low rank) and the
/// step size.
struct Integrator {
    let density: ErasedLogDensity
    let dimension: Int
    let metric: EuclideanMetric
    var stepSize: Double
    /// Log-density evaluations so far (each leapfrog step costs one).
    var evaluations = 0

    init(density: ErasedLogDensity, stepSize: Double) {
        self.density = density
        dimension = density.dimension
        metric = EuclideanMetric(dimension: dimension)
        self.stepSize = stepSize
    }

    /// D, the diagonal of M⁻¹ while the metric has no low-rank part (what diagonal estimators write).
    var inverseMass: Buffer { metric.diagonal }

    /// Evaluates log π and its gradient at `z.q`. Returns false for a recoverable failure
    /// (thrown, or a non-finite value or gradient), leaving z.logp = -inf; rethrows fatal ones.
    mutating func evaluate(_ z: PhasePoint) throws -> Bool {
        evaluations += 1
        let n = dimension
        let value: Double
        do {
            value = try density.logDensity(at: UnsafeBufferPointer(start: z.q.base, count: n),
                                           gradient: UnsafeMutableBufferPointer(start: z.gradient.base, count: n))
        } catch LogDensityError.recoverable {
            z.logp = -.infinity
            return false
        }
        var finite = value.isFinite
        for i in 0..<n where !z.gradient[i].isFinite { finite = false }
        z.logp = finite ? value : -.infinity
        return finite
    }

    /// v = M⁻¹p and the kinetic energy ½ p·v.
    func updateVelocity(_ z: PhasePoint) {
        z.kinetic = 0.5 * metric.applyInverse(z.p, into: z.v)
    }

    /// A fresh momentum p ~ N(0, M).
    func resampleMomentum(_ z: PhasePoint, _ rng: inout RandomStream) {
        metric.drawMomentum(into: z.p, &rng)
        updateVelocity(z)
    }

    /// One leapfrog step of signed size `direction * stepSize` (half kick, drift, half
    /// kick). Returns false when the new position could not be evaluated.
    mutating func leapfrog(_ z: PhasePoint, direction: Int) throws -> Bool {
        let h = Double(direction) * stepSize
        let n = dimension
        for i in 0..<n { z.p[i] += 0.5 * h * z.gradient[i] }
        if metric.rank == 0 {
            // The diagonal drift fused into one loop (v is recomputed after the second kick).
            let m = metric.diagonal
            for i in 0..<n { z.q[i] += h * m[i] * z.p[i] }
        } else {
            _ = metric.applyInverse(z.p, into: z.v)
            for i in 0..<n { z.q[i] += h * z.v[i] }
        }
        z.index += direction
        guard try evaluate(z) else {
            z.kinetic = .infinity
            return false
        }
        for i in 0..<n { z.p[i] += 0.5 * h * z.gradient[i] }
        updateVelocity(z)
        return true
    }
}
