// RandomStreamTests.swift — Philox4x32-10 known answers, stream derivation, reproducibility, jumps, uniform doubles and bounded integers.

@testable import RandomCore
import XCTest

final class RandomStreamTests: XCTestCase {
    /// The three Philox4x32-10 lines of `kat_vectors` in the Random123 distribution
    /// (D. E. Shaw Research, Random123 1.09/1.14, examples/kat_vectors), columns
    /// counter[4] key[2] -> output[4], all 32-bit words in hex:
    ///   philox4x32 10 00000000 00000000 00000000 00000000 00000000 00000000  6627e8d5 e169c58d bc57ac4c 9b00dbd8
    ///   philox4x32 10 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff  408f276d 41c83b0e a20bc7c6 6d5451fd
    ///   philox4x32 10 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0  d16cfe09 94fdcceb 5001e420 24126ea1
    func testPhiloxKnownAnswers() {
        typealias Row = (counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32), out: [UInt32])
        let rows: [Row] = [
            ((0, 0, 0, 0), (0, 0), [0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8]),
            ((0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF), (0xFFFF_FFFF, 0xFFFF_FFFF),
             [0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD]),
            ((0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344), (0xA409_3822, 0x299F_31D0),
             [0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1]),
        ]
        for row in rows {
            let c = Philox4x32.block(counter: row.counter, key: row.key)
            XCTAssertEqual([c.0, c.1, c.2, c.3], row.out)
        }
    }

    /// The stream's words are the KAT blocks under the documented counter layout.
    func testStreamWordsAreBlocksInDocumentedLayout() {
        // seed = key (low word first), stream id = counter words 2|3, block index = words 0|1.
        // (Word positions reach block indices below 2^63 only, so this one is asked directly.)
        let s = RandomStream(seed: 0x299F_31D0_A409_3822, stream: 0x0370_7344_1319_8A2E)
        let block = s.block(0x85A3_08D3_243F_6A88)
        XCTAssertEqual(block.0, 0x94FD_CCEB_D16C_FE09)
        XCTAssertEqual(block.1, 0x2412_6EA1_5001_E420)
        let ones = RandomStream(seed: .max, stream: .max).block(.max)
        XCTAssertEqual(ones.0, 0x41C8_3B0E_408F_276D)
        XCTAssertEqual(ones.1, 0x6D54_51FD_A20B_C7C6)
        var zero = RandomStream(seed: 0, stream: 0)
        XCTAssertEqual(zero.nextUInt64(), 0xE169_C58D_6627_E8D5)
        XCTAssertEqual(zero.nextUInt64(), 0x9B00_DBD8_BC57_AC4C)
        XCTAssertEqual(zero.position, 2)
    }

    func testSameTripleReproducesBitForBit() {
        var a = RandomStream(seed: 42, chain: 3, purpose: 7)
        var b = RandomStream(seed: 42, chain: 3, purpose: 7)
        for _ in 0 ..< 10_000 { XCTAssertEqual(a.nextUInt64(), b.nextUInt64()) }
        // Derived variates too, including rejection samplers that consume a variable
        // number of words.
        for _ in 0 ..< 2_000 {
            XCTAssertEqual(a.standardGamma(shape: 0.3).bitPattern, b.standardGamma(shape: 0.3).bitPattern)
            XCTAssertEqual(a.binomial(n: 1_000_000, p: 0.3), b.binomial(n: 1_000_000, p: 0.3))
            XCTAssertEqual(a.standardNormal().bitPattern, b.standardNormal().bitPattern)
        }
        XCTAssertEqual(a, b)
    }

    func testDifferentChainOrPurposeOrSeedDiffer() {
        let base = RandomStream(seed: 42, chain: 3, purpose: 7)
        let others = [RandomStream(seed: 42, chain: 4, purpose: 7), RandomStream(seed: 42, chain: 3, purpose: 8),
                      RandomStream(seed: 43, chain: 3, purpose: 7), RandomStream(seed: 42, chain: 7, purpose: 3)]
        var words = Set<UInt64>()
        var b = base
        for _ in 0 ..< 10_000 { words.insert(b.nextUInt64()) }
        XCTAssertEqual(words.count, 10_000)
        for var o in others {
            XCTAssertNotEqual(o.streamID == base.streamID && o.seed == base.seed, true)
            // No word in common with the base stream (a chance collision has probability 1e-11).
            var shared = 0
            for _ in 0 ..< 10_000 where words.contains(o.nextUInt64()) { shared += 1 }
            XCTAssertEqual(shared, 0)
        }
        // Different streams are also uncorrelated as uniforms: the sample correlation of
        // 1e5 pairs has standard error 0.003.
        var x = RandomStream(seed: 1, chain: 0, purpose: 0)
        var y = RandomStream(seed: 1, chain: 1, purpose: 0)
        var sxy = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0
        let n = 100_000.0
        for _ in 0 ..< Int(n) {
            let u = x.uniform(), v = y.uniform()
            sx += u; sy += v; sxy += u * v; sxx += u * u; syy += v * v
        }
        let r = (sxy / n - sx * sy / (n * n)) / ((sxx / n - sx * sx / (n * n)) * (syy / n - sy * sy / (n * n))).squareRoot()
        XCTAssertLessThan(Swift.abs(r), 6 / n.squareRoot())
    }

    func testPurposeIDsOfDistinctNamesDiffer() {
        let names = ["init", "jitter", "momentum", "uniform-turn", "tree-direction", "prior-predictive",
                     "posterior-predictive", "tuning", "chain-order"]
        XCTAssertEqual(Set(names.map(RandomStream.purposeID)).count, names.count)
        XCTAssertEqual(RandomStream.purposeID("momentum"), RandomStream.purposeID("momentum"))
    }

    func testJumpsMatchSequentialDraws() {
        var reference = RandomStream(seed: 9, chain: 1, purpose: 2)
        let words = (0 ..< 64).map { _ in reference.nextUInt64() }
        for skip in 0 ..< 40 {
            var s = RandomStream(seed: 9, chain: 1, purpose: 2)
            // Consume a few words first so that both even and odd starting points occur.
            for _ in 0 ..< skip % 3 { _ = s.nextUInt64() }
            s.advance(by: UInt64(skip))
            XCTAssertEqual(s.position, UInt64(skip + skip % 3))
            XCTAssertEqual(s.nextUInt64(), words[skip + skip % 3])
            XCTAssertEqual(s.nextUInt64(), words[skip + skip % 3 + 1])
        }
        var s = RandomStream(seed: 9, chain: 1, purpose: 2)
        s.jump(to: 37)
        XCTAssertEqual(s.nextUInt64(), words[37])
        s.jump(to: 4)
        XCTAssertEqual(s.nextUInt64(), words[4])
        let t = RandomStream(seed: 9, chain: 1, purpose: 2).advanced(by: 11)
        XCTAssertEqual(t, RandomStream(seed: 9, stream: 1 << 32 | 2, position: 11))
        // Far jumps are counter arithmetic, not iteration.
        var far = RandomStream(seed: 9, stream: 5)
        far.advance(by: 1 << 62 + 1)
        var direct = RandomStream(seed: 9, stream: 5, position: 1 << 62 + 1)
        XCTAssertEqual(far.nextUInt64(), direct.nextUInt64())
    }

    func testCopiesReplayAndFillMatchesSingleDraws() {
        var s = RandomStream(seed: 5, chain: 0, purpose: 1)
        _ = s.nextUInt64()
        var copy = s
        let single = (0 ..< 100).map { _ in s.gamma(shape: 0.7, scale: 2) }
        var filled = [Double](repeating: 0, count: 100)
        filled.withUnsafeMutableBufferPointer { copy.fill($0) { $0.gamma(shape: 0.7, scale: 2) } }
        XCTAssertEqual(single, filled)
        XCTAssertEqual(s, copy)
    }

    func testUniformIsOpenUnitIntervalOn53BitGrid() {
        var s = testStream("uniform-grid")
        var lo = 1.0, hi = 0.0
        for _ in 0 ..< 200_000 {
            let u = s.uniform()
            lo = Swift.min(lo, u)
            hi = Swift.max(hi, u)
            // Every value is a multiple of 2^-53.
            XCTAssertEqual((u * 0x1p53).rounded(), u * 0x1p53)
        }
        XCTAssertGreaterThan(lo, 0)
        XCTAssertLessThan(hi, 1)
        // The extreme grid points are representable and strictly inside (0, 1).
        XCTAssertLessThan(Double((1 << 53) - 1) * 0x1p-53, 1.0)
        XCTAssertGreaterThan(1 * 0x1p-53, 0.0)
        let samples = (0 ..< sampleCount).map { _ in s.uniform() }
        assertKS("uniform()", samples) { Swift.min(Swift.max($0, 0), 1) }
    }

    func testBoundedIntegersAreUniform() {
        var s = testStream("bounded")
        for bound: UInt64 in [1, 3, 7, 10, 1000] {
            let samples = (0 ..< sampleCount).map { _ in Int64(s.nextUInt64(below: bound)) }
            assertChiSquare("nextUInt64(below: \(bound))", samples, lo: 0, hi: Int64(bound) - 1) { _ in 1 / Double(bound) }
        }
        // A bound just above 2^63 rejects nearly half the products: still in range.
        let big: UInt64 = 1 << 63 + 12345
        for _ in 0 ..< 1000 { XCTAssertLessThan(s.nextUInt64(below: big), big) }
        XCTAssertEqual(s.nextUInt64(below: 0), 0)
    }
}
