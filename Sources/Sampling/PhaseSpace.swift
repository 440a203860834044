// PhaseSpace.swift — points of phase space, the store that hands them out by index, and the leapfrog integrator over a Euclidean metric.

import RandomCore

/// A vector of doubles in storage the sampler owns (the metric's vectors): fixed raw
/// storage, free of copy-on-write checks.
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
    var array: [Double] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

/// A point of phase space: position q, momentum p, velocity v = M⁻¹ p (what Stan calls
/// dτ/dp, the "sharp" momentum of the U-turn criterion), the gradient of the log density
/// at q, the log density, the kinetic energy ½ pᵀM⁻¹p and the leapfrog index.
///
/// A view of one slot of a `PointStore` (which owns the memory): copying the view copies
/// a pointer, and its setters write through it. Slot layout: logp, kinetic, index, one
/// spare word, then q, p, v and the gradient, `dimension` values each.
struct PhasePoint {
    let base: UnsafeMutablePointer<Double>
    let dimension: Int
    static let header = 4

    /// Doubles per point.
    static func size(dimension n: Int) -> Int { header + 4 * n }

    var q: UnsafeMutablePointer<Double> { base + Self.header }
    var p: UnsafeMutablePointer<Double> { base + (Self.header + dimension) }
    var v: UnsafeMutablePointer<Double> { base + (Self.header + 2 * dimension) }
    var gradient: UnsafeMutablePointer<Double> { base + (Self.header + 3 * dimension) }

    var logp: Double {
        get { base[0] }
        nonmutating set { base[0] = newValue }
    }
    var kinetic: Double {
        get { base[1] }
        nonmutating set { base[1] = newValue }
    }
    /// Leapfrog steps from the trajectory's initial point (negative: backwards in time).
    var index: Int {
        get { UnsafeRawPointer(base + 2).load(as: Int.self) }
        nonmutating set { UnsafeMutableRawPointer(base + 2).storeBytes(of: newValue, as: Int.self) }
    }

    /// The Hamiltonian H = -log π(q) + ½ pᵀM⁻¹p; +inf where the density failed.
    var energy: Double { -logp + kinetic }

    func copy(from other: PhasePoint) { base.update(from: other.base, count: Self.size(dimension: dimension)) }
}

/// The phase points of one chain in one block of memory, handed out by slot index with
/// reference counts. A trajectory passes points between its roles (end, subtree boundary,
/// proposal, sample) by index instead of copying them, and a leapfrog step writes a new
/// slot from an old one. Pages are touched only when a slot is first used, so a capacity
/// sized for the deepest tree costs memory only for the trees actually built.
final class PointStore {
    let dimension: Int
    let capacity: Int
    private let stride: Int
    private let memory: UnsafeMutablePointer<Double>
    private let references: UnsafeMutablePointer<Int>
    private let freeSlots: UnsafeMutablePointer<Int>
    /// [free slots on the stack, slots ever handed out]: raw cells, so that the hot path has
    /// no exclusivity checks on class properties.
    private let counts: UnsafeMutablePointer<Int>

    /// Slots 0..<reserved start taken, with one reference each.
    init(dimension n: Int, capacity: Int, reserved: Int) {
        dimension = n
        self.capacity = max(capacity, reserved)
        // Slots start on 64-byte boundaries (a multiple of 8 doubles).
        stride = (PhasePoint.size(dimension: n) + 7) / 8 * 8
        let bytes = capacity * stride * MemoryLayout<Double>.stride
        memory = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64).bindMemory(to: Double.self, capacity: capacity * stride)
        references = .allocate(capacity: capacity)
        references.initialize(repeating: 0, count: capacity)
        freeSlots = .allocate(capacity: capacity)
        freeSlots.initialize(repeating: 0, count: capacity)
        counts = .allocate(capacity: 2)
        counts.initialize(repeating: 0, count: 2)
        memory.initialize(repeating: 0, count: reserved * stride)
        references.initialize(repeating: 1, count: reserved)
        counts[1] = reserved
    }

    deinit {
        UnsafeMutableRawPointer(memory).deallocate()
        references.deallocate(); freeSlots.deallocate(); counts.deallocate()
    }

    @inline(__always) func point(_ slot: Int) -> PhasePoint {
        PhasePoint(base: memory + slot * stride, dimension: dimension)
    }

    /// A free slot holding one reference.
    @inline(__always) func take() throws -> Int {
        let free = counts[0]
        if free > 0 {
            counts[0] = free - 1
            let slot = freeSlots[free - 1]
            references[slot] = 1
            return slot
        }
        let slot = counts[1]
        guard slot < capacity else {
            throw LogDensityError.fatal("internal error: NUTS used more than \(capacity) phase points in one trajectory")
        }
        counts[1] = slot + 1
        (memory + slot * stride).initialize(repeating: 0, count: stride)
        references[slot] = 1
        return slot
    }

    @inline(__always) func retain(_ slot: Int, _ count: Int = 1) { references[slot] += count }

    @inline(__always) func release(_ slot: Int) {
        let left = references[slot] - 1
        references[slot] = left
        if left == 0 {
            freeSlots[counts[0]] = slot
            counts[0] += 1
        }
    }

    /// Frees every slot but the reserved ones and `kept` (each left with one reference): the
    /// state between transitions, whatever a transition stopped by an error left behind. A
    /// finished transition leaves exactly this state (checked slot by slot in debug builds),
    /// which the counts show at once.
    func reset(reserved: Int, keeping kept: Int) {
        if counts[0] + reserved + 1 == counts[1] && kept >= reserved && references[kept] == 1 {
            assert(holdsOnly(reserved: reserved, kept: kept))
            return
        }
        counts[0] = 0
        for slot in 0..<counts[1] {
            let keep = slot < reserved || slot == kept
            references[slot] = keep ? 1 : 0
            if !keep {
                freeSlots[counts[0]] = slot
                counts[0] += 1
            }
        }
    }

    /// Whether exactly the reserved slots and `kept` are taken, once each.
    private func holdsOnly(reserved: Int, kept: Int) -> Bool {
        (0..<counts[1]).allSatisfy { slot in references[slot] == (slot < reserved || slot == kept ? 1 : 0) }
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
            value = try density.logDensity(at: UnsafeBufferPointer(start: z.q, count: n),
                                           gradient: UnsafeMutableBufferPointer(start: z.gradient, count: n))
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

    /// One leapfrog step of signed size `direction * stepSize` from `a`, written into `b`
    /// (half kick, drift, half kick; `a` is left as it was). Returns false when the new
    /// position could not be evaluated (b.logp = -inf, b.kinetic = +inf).
    @inline(__always)
    mutating func leapfrog(from a: PhasePoint, to b: PhasePoint, direction: Int) throws -> Bool {
        let h = Double(direction) * stepSize
        // 0.5 * h * g[i] groups as (0.5 * h) * g[i]: hoisting the product changes no bit.
        let half = 0.5 * h
        let n = dimension
        let aq = a.q, ap = a.p, ag = a.gradient
        let bq = b.q, bp = b.p, bv = b.v, bg = b.gradient
        let diagonal = metric.rank == 0
        let m = metric.diagonal.base
        if diagonal {
            // First kick and the diagonal drift in one pass (v is recomputed after the second kick).
            for i in 0..<n {
                let pi = ap[i] + half * ag[i]
                bp[i] = pi
                bq[i] = aq[i] + h * m[i] * pi
            }
        } else {
            for i in 0..<n { bp[i] = ap[i] + half * ag[i] }
            _ = metric.applyInverse(bp, into: bv)
            for i in 0..<n { bq[i] = aq[i] + h * bv[i] }
        }
        b.index = a.index + direction
        evaluations += 1
        let value: Double
        do {
            value = try density.logDensity(at: UnsafeBufferPointer(start: bq, count: n),
                                           gradient: UnsafeMutableBufferPointer(start: bg, count: n))
        } catch LogDensityError.recoverable {
            b.logp = -.infinity
            b.kinetic = .infinity
            return false
        }
        // Second kick, velocity, kinetic energy and the gradient's finiteness in one pass. A
        // failed point's p and v are never read (its subtree is discarded), so kicking with a
        // non-finite gradient before the check is harmless. The kinetic energy sums p·v in
        // index order with one accumulator, exactly as EuclideanMetric.applyInverse does.
        var nonFinite = 0
        if diagonal {
            var k = 0.0
            for i in 0..<n {
                let gi = bg[i]
                nonFinite |= gi.isFinite ? 0 : 1
                let pi = bp[i] + half * gi
                bp[i] = pi
                let vi = m[i] * pi
                bv[i] = vi
                k += pi * vi
            }
            b.kinetic = 0.5 * k
        } else {
            for i in 0..<n {
                let gi = bg[i]
                nonFinite |= gi.isFinite ? 0 : 1
                bp[i] += half * gi
            }
            b.kinetic = 0.5 * metric.applyInverse(bp, into: bv)
        }
        guard value.isFinite && nonFinite == 0 else {
            b.logp = -.infinity
            b.kinetic = .infinity
            return false
        }
        b.logp = value
        return true
    }
}
