// Philox.swift — the Philox4x32-10 block function (Salmon, Moraes, Dror & Shaw, SC 2011).

/// Philox4x32-10: a keyed bijection of 128-bit counters, the counter-based generator
/// of Random123 ("Parallel random numbers: as easy as 1, 2, 3", Salmon et al. 2011).
///
/// A block is four 32-bit counter words and a two-word (64-bit) key. Each of the ten
/// rounds multiplies two words by fixed odd constants, keeps both halves of the
/// 64-bit products and mixes them with the other words and the round key; the key
/// is bumped by the Weyl constants before every round after the first. Distinct
/// counters under one key always give distinct outputs (each round is invertible),
/// and the output passes BigCrush for every key (the paper's Table 2).
public enum Philox4x32 {
    /// Round multipliers (the paper's M0 and M1, chosen for avalanche).
    @usableFromInline static let m0: UInt64 = 0xD251_1F53
    @usableFromInline static let m1: UInt64 = 0xCD9E_8D57
    /// Key increments per round: the golden ratio and sqrt(3) - 1 in 32-bit fixed point.
    @usableFromInline static let w0: UInt32 = 0x9E37_79B9
    @usableFromInline static let w1: UInt32 = 0xBB67_AE85

    /// One Philox S-box round: (c0, c1, c2, c3) -> (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)
    /// where hi/lo are the halves of M0 * c0 and M1 * c2.
    @inlinable @inline(__always)
    static func round(_ c: inout (UInt32, UInt32, UInt32, UInt32), _ k0: UInt32, _ k1: UInt32) {
        // A 32 x 32 -> 64-bit product never overflows UInt64, so &* only skips the check.
        let p0 = m0 &* UInt64(c.0)
        let p1 = m1 &* UInt64(c.2)
        c = (UInt32(truncatingIfNeeded: p1 >> 32) ^ c.1 ^ k0, UInt32(truncatingIfNeeded: p1),
             UInt32(truncatingIfNeeded: p0 >> 32) ^ c.3 ^ k1, UInt32(truncatingIfNeeded: p0))
    }

    /// The ten-round block function: the Random123 `philox4x32_R(10, ctr, key)`.
    @inlinable
    public static func block(counter: (UInt32, UInt32, UInt32, UInt32),
                             key: (UInt32, UInt32)) -> (UInt32, UInt32, UInt32, UInt32) {
        var c = counter
        var k0 = key.0, k1 = key.1
        round(&c, k0, k1)
        // Rounds 2...10 each use the key bumped once more (wrapping 32-bit addition).
        for _ in 1 ..< 10 {
            k0 &+= w0
            k1 &+= w1
            round(&c, k0, k1)
        }
        return c
    }
}
