// RandomStream.swift — a copyable Philox stream addressed by (seed, stream id, position).

/// A stream of random 64-bit words from Philox4x32-10, as a plain value.
///
/// Addressing. The Philox key is the 64-bit `seed` (low word first). The 128-bit
/// counter is (block low, block high, stream low, stream high): its upper half is the
/// 64-bit `streamID`, its lower half the index of the 128-bit block within the stream.
/// Each block yields two words (counter words 0|1 and 2|3, low word first), so word
/// number `position` of a stream is half of block `position / 2`. Because Philox is a
/// bijection of the counter for a fixed key, streams with different ids never share a
/// block: up to 2^64 streams per seed, 2^64 words (2^63 blocks) per stream.
///
/// Determinism. A draw depends only on (seed, streamID, position), never on which
/// thread asks or when. Copying a stream copies its position, so a copy replays the
/// same words; `advance(by:)` skips words by counter arithmetic in O(1).
/// (Transcendental functions come from the platform's libm, so bit-for-bit equality of
/// derived variates is guaranteed on one platform, not across different libms.)
public struct RandomStream: Sendable, Hashable {
    /// The Philox key.
    public let seed: UInt64
    /// The upper 64 bits of every counter in this stream.
    public let streamID: UInt64
    /// Number of 64-bit words drawn so far (the address of the next word).
    @usableFromInline var _position: UInt64
    /// When `_position` is odd: the second word of block `_position / 2`, kept so each
    /// block is computed once. Derived from the other fields, so not part of equality.
    @usableFromInline var spare: UInt64

    /// The stream with the given key and stream id, at word `position`.
    public init(seed: UInt64, stream: UInt64, position: UInt64 = 0) {
        self.seed = seed
        self.streamID = stream
        self._position = 0
        self.spare = 0
        jump(to: position)
    }

    /// The stream of one (chain, purpose) pair under `seed`: stream id = chain << 32 | purpose.
    /// The map is one-to-one, so different pairs get disjoint counter ranges and hence
    /// independent words; the same triple always gives the same words.
    public init(seed: UInt64, chain: UInt32, purpose: UInt32) {
        self.init(seed: seed, stream: UInt64(chain) << 32 | UInt64(purpose))
    }

    /// A stable 32-bit id for a purpose name (FNV-1a over the UTF-8 bytes, folded to 32
    /// bits). Different names collide with probability about 2^-32 per pair; callers
    /// that fix a set of names should check it once (the tests do for the built-in ones).
    public static func purposeID(_ name: String) -> UInt32 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a 64-bit offset basis
        for byte in name.utf8 {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3  // FNV-1a 64-bit prime
        }
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }

    /// Number of 64-bit words drawn so far.
    public var position: UInt64 { _position }

    public static func == (a: RandomStream, b: RandomStream) -> Bool {
        a.seed == b.seed && a.streamID == b.streamID && a._position == b._position
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(seed)
        hasher.combine(streamID)
        hasher.combine(_position)
    }

    /// The two words of block `index` of this stream.
    @inlinable @inline(__always)
    func block(_ index: UInt64) -> (UInt64, UInt64) {
        let c = Philox4x32.block(
            counter: (UInt32(truncatingIfNeeded: index), UInt32(truncatingIfNeeded: index >> 32),
                      UInt32(truncatingIfNeeded: streamID), UInt32(truncatingIfNeeded: streamID >> 32)),
            key: (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32)))
        return (UInt64(c.0) | UInt64(c.1) << 32, UInt64(c.2) | UInt64(c.3) << 32)
    }

    /// The next 64 uniformly distributed bits.
    @inlinable
    public mutating func nextUInt64() -> UInt64 {
        if _position & 1 == 1 {
            _position &+= 1
            return spare
        }
        let (first, second) = block(_position >> 1)
        spare = second
        _position &+= 1
        return first
    }

    /// Moves to word `position` of the stream (forward or back).
    public mutating func jump(to position: UInt64) {
        _position = position
        // Keep the invariant: at an odd position the spare is that block's second word.
        if position & 1 == 1 { spare = block(position >> 1).1 }
    }

    /// Skips `count` words (wrapping after 2^64 words = 2^63 blocks, which no computation reaches).
    public mutating func advance(by count: UInt64) {
        jump(to: _position &+ count)
    }

    /// This stream moved `count` words ahead; `self` is unchanged.
    public func advanced(by count: UInt64) -> RandomStream {
        var copy = self
        copy.advance(by: count)
        return copy
    }

    /// A uniform double in the open interval (0, 1) with 53-bit resolution.
    ///
    /// The top 53 bits of a word give k in [0, 2^53); the result is k * 2^-53, exact
    /// in binary64, so it lies on the grid {1, ..., 2^53 - 1} * 2^-53: never 0 and
    /// never 1 (the largest value is 1 - 2^-53 < 1). k = 0 (probability 2^-53) draws
    /// another word instead, which keeps the grid values equally likely and makes
    /// log(u), 1/u and log(1 - u) always finite. (Adding half a grid step instead would
    /// round 1 - 2^-54 up to 1.)
    @inlinable
    public mutating func uniform() -> Double {
        while true {
            let k = nextUInt64() >> 11
            if k != 0 { return Double(k) * 0x1p-53 }
        }
    }

    /// A uniform double in [0, 1) on the 2^-53 grid (0 included); for algorithms that
    /// allow 0, such as the ziggurat's horizontal coordinate.
    @inlinable
    mutating func uniformIncludingZero() -> Double {
        Double(nextUInt64() >> 11) * 0x1p-53
    }

    /// A uniform integer in [0, bound) for bound > 0, without modulo bias (Lemire 2019,
    /// "Fast random integer generation in an interval": multiply and reject the few
    /// low products that would make some results more likely). Returns 0 for bound 0.
    @inlinable
    public mutating func nextUInt64(below bound: UInt64) -> UInt64 {
        if bound == 0 { return 0 }
        var m = nextUInt64().multipliedFullWidth(by: bound)
        if m.low < bound {
            // 2^64 mod bound: the number of low products to reject.
            let threshold = (0 &- bound) % bound
            while m.low < threshold {
                m = nextUInt64().multipliedFullWidth(by: bound)
            }
        }
        return m.high
    }

    /// Fills `out` with draws of `draw`, in order (element i is the i-th draw).
    @inlinable
    public mutating func fill<T>(_ out: UnsafeMutableBufferPointer<T>, _ draw: (inout RandomStream) -> T) {
        for i in out.indices { out[i] = draw(&self) }
    }

    /// `count` draws of `draw`, in order.
    @inlinable
    public mutating func draws<T>(_ count: Int, _ draw: (inout RandomStream) -> T) -> [T] {
        var result: [T] = []
        result.reserveCapacity(Swift.max(count, 0))
        for _ in 0 ..< Swift.max(count, 0) { result.append(draw(&self)) }
        return result
    }
}
