// ElementwiseProgram+Loop.swift — the chunked loop that runs a program over its operands, with any number of results written or summed in the one pass.

/// Where one result of a loop goes: a register written to an array of the loop's shape
/// (C-contiguous), summed over every element into a float64 scalar, or reduced with
/// `all` into a bool scalar (a parameter check's condition over every observation).
public struct LoopSink: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case write(DType)
        case sum
        case all
    }

    public let register: Int
    public let kind: Kind

    public init(register: Int, kind: Kind) {
        self.register = register
        self.kind = kind
    }
}

extension ElementwiseProgram {
    /// Runs the program once over `iteration`'s shape and hands every sink its register:
    /// `outs[k]` is sink k's array (written in C order, `iteration`'s output strides must
    /// be the contiguous ones) or its float64 scalar (set to the sum). Several results of
    /// one pass over the same operands (a log density's terms and its gradient's) cost
    /// one load of the operands and no intermediate arrays.
    public func executeLoop(_ bases: UnsafePointer<UnsafeMutableRawPointer>, types: [DType], sinks: [LoopSink],
                            outs: UnsafePointer<UnsafeMutableRawPointer>, _ iteration: ElementwiseIteration) {
        for (k, sink) in sinks.enumerated() {
            if sink.kind == .sum { outs[k].assumingMemoryBound(to: Double.self).pointee = 0 }
            if sink.kind == .all { outs[k].assumingMemoryBound(to: UInt8.self).pointee = 1 }
        }
        if iteration.count == 0 { return }
        sinks.withUnsafeBufferPointer { executeRows(bases, types, iteration, code, $0, outs) }
    }

    /// The chunked loop over every row of `iteration`.
    func executeRows(_ bases: UnsafePointer<UnsafeMutableRawPointer>, _ types: [DType], _ iteration: ElementwiseIteration,
                     _ code: Code, _ sinks: UnsafeBufferPointer<LoopSink>, _ outs: UnsafePointer<UnsafeMutableRawPointer>) {
        let n = iteration.count
        // A multiple of 8 values, so that with a 64-byte aligned scratch every register
        // starts on a cache line: 64-byte vector loads and stores then never straddle two.
        // (Shorter chunks for long programs, to keep their registers in L1, measured
        // slower: 256 and 80 values against 512 on the hierarchical model's fused loop.)
        let chunk = Swift.min(512, (n + 7) & ~7)
        let registerCount = inputCount + instructions.count
        // Registers live on the stack for small arrays (a few KB), on the heap otherwise.
        // Seven spare values let the start move up to a 64-byte boundary (asking for that
        // alignment instead would put every allocation on the heap).
        withUnsafeTemporaryAllocation(of: Double.self, capacity: registerCount * chunk + 7) { scratch in
            withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Double>.self, capacity: registerCount) { table in
                let registers = table.baseAddress!
                let start = scratch.baseAddress!
                let base = start + (8 - (Int(bitPattern: start) / 8) % 8) % 8
                for r in 0..<registerCount { registers[r] = base + r * chunk }
                if let steps = iteration.vectorSteps {
                    // One row: strides straight from the plan, no iteration state.
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: inputCount + 1) { zeros in
                        zeros.initialize(repeating: 0)
                        steps.withUnsafeBufferPointer { step in
                            runRow(bases, types, registers, base, chunk, UnsafePointer(zeros.baseAddress!), n, step.baseAddress!,
                                   code, sinks, outs)
                        }
                    }
                    return
                }
                iteration.loop!.forEachRow { start, length, step in
                    runRow(bases, types, registers, base, chunk, start, length, step, code, sinks, outs)
                }
            }
        }
    }

    /// Runs the program over one row of `length` elements in chunks: `start[0]`,
    /// `step[0]` locate the row in the outputs, `start[k + 1]`, `step[k + 1]` in input k.
    ///
    /// An operand that does not change along the row (a broadcast input, or a result
    /// computed only from such) is a scalar register: computed once per chunk and read
    /// as a constant by the loops, never copied out to chunk length.
    private func runRow(_ bases: UnsafePointer<UnsafeMutableRawPointer>, _ types: [DType],
                        _ registers: UnsafeMutablePointer<UnsafeMutablePointer<Double>>,
                        _ scratch: UnsafeMutablePointer<Double>, _ chunk: Int,
                        _ start: UnsafePointer<Int>, _ length: Int, _ step: UnsafePointer<Int>, _ code: Code,
                        _ sinks: UnsafeBufferPointer<LoopSink>, _ outs: UnsafePointer<UnsafeMutableRawPointer>) {
        let registerCount = inputCount + instructions.count
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: 2 * registerCount) { flagBuffer in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: registerCount) { directBuffer in
                let scalar = flagBuffer.baseAddress!
                // Products only a sum reads (sum(r * x), sum(sqr(z))): summed as they are
                // formed, never stored (see `markProductsOnlySummed`).
                let summedProduct = scalar + registerCount
                markProductsOnlySummed(summedProduct, code, sinks)
                // The float64 array sink (if any) each instruction's register can be computed
                // straight into, when the outputs are contiguous along the row.
                let direct = directBuffer.baseAddress!
                direct.initialize(repeating: -1, count: registerCount)
                for (k, sink) in sinks.enumerated() where sink.kind == .write(.float64) && direct[sink.register] < 0 {
                    direct[sink.register] = k
                }
                var done = 0
                while done < length {
                    let m = Swift.min(chunk, length - done)
                    loadInputs(bases, types, registers, scalar, scratch, chunk, start, step, done, m)
                    let so = step[0]
                    let outStart = start[0] &+ done &* so
                    for j in 0..<code.count {
                        let r = inputCount + j
                        let args = code.args + 3 * j
                        let allScalar = scalar[args[0]] && scalar[args[1]] && scalar[args[2]]
                        scalar[r] = allScalar
                        // Left for the sum when both factors vary along the chunk.
                        if summedProduct[r] && !scalar[args[0]] && !scalar[args[1]] { continue }
                        // The result register is an output itself when that is contiguous float64.
                        let target = direct[r]
                        let dest = (target >= 0 && so == 1 && !allScalar)
                            ? outs[target].assumingMemoryBound(to: Double.self) + outStart : scratch + r * chunk
                        registers[r] = dest
                        applyChunk(code.ops[j], args, registers, scalar, dest, allScalar ? 1 : m)
                    }
                    for (k, sink) in sinks.enumerated() {
                        let r = sink.register
                        // A product left for its sum above (both factors along the chunk).
                        if r >= inputCount && summedProduct[r] {
                            let args = code.args + 3 * (r - inputCount)
                            if !scalar[args[0]] && !scalar[args[1]] {
                                let total = outs[k].assumingMemoryBound(to: Double.self)
                                total.pointee += pairwiseSumOfProducts(registers[args[0]], registers[args[1]], m)
                                continue
                            }
                        }
                        store(registers[r], scalar[r], sink.kind, outs[k], outStart, so, m)
                    }
                    done += m
                }
            }
        }
    }

    /// Marks the registers of products (`mul`, `sqr`) whose only reader is one `.sum` sink:
    /// such a product is summed as it is formed (`pairwiseSumOfProducts`, the bits of
    /// storing then summing), saving a store and a load per element.
    private func markProductsOnlySummed(_ flags: UnsafeMutablePointer<Bool>, _ code: Code,
                                        _ sinks: UnsafeBufferPointer<LoopSink>) {
        let registerCount = inputCount + code.count
        flags.initialize(repeating: false, count: registerCount)
        for j in 0..<code.count where code.ops[j] == .mul || code.ops[j] == .sqr {
            flags[inputCount + j] = true
        }
        // Read by an instruction: stored.
        for j in 0..<code.count {
            for a in 0..<3 { flags[code.args[3 * j + a]] = false }
        }
        // Read by any sink but exactly one sum: stored.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: registerCount) { counts in
            counts.initialize(repeating: 0)
            for sink in sinks {
                counts[sink.register] += sink.kind == .sum ? 1 : 2
            }
            for r in 0..<registerCount where counts[r] != 1 { flags[r] = false }
        }
    }

    /// Points the input registers at a chunk of m values from element `done` of the row:
    /// at contiguous float64 inputs themselves, at the one element of broadcast ones;
    /// the rest are gathered (converting) into their scratch registers.
    @inline(__always)
    private func loadInputs(_ bases: UnsafePointer<UnsafeMutableRawPointer>, _ types: [DType],
                            _ registers: UnsafeMutablePointer<UnsafeMutablePointer<Double>>, _ scalar: UnsafeMutablePointer<Bool>,
                            _ scratch: UnsafeMutablePointer<Double>, _ chunk: Int,
                            _ start: UnsafePointer<Int>, _ step: UnsafePointer<Int>, _ done: Int, _ m: Int) {
        for k in 0..<inputCount {
            let s = step[k + 1]
            let offset = start[k + 1] &+ done &* s
            let home = scratch + k * chunk
            let count = s == 0 ? 1 : m
            scalar[k] = s == 0
            switch types[k] {
            case .float64:
                let p = bases[k].assumingMemoryBound(to: Double.self) + offset
                if s == 0 || s == 1 {
                    registers[k] = p
                } else {
                    registers[k] = home
                    for i in 0..<count { home[i] = p[i &* s] }
                }
            case .int64:
                registers[k] = home
                let p = bases[k].assumingMemoryBound(to: Int64.self) + offset
                for i in 0..<count { home[i] = Double(p[i &* s]) }
            case .bool:
                registers[k] = home
                let p = bases[k].assumingMemoryBound(to: UInt8.self) + offset
                if s == 1 {
                    // Contiguous flags (a constant mask): a plain loop the vectorizer widens.
                    for i in 0..<count { home[i] = p[i] != 0 ? 1 : 0 }
                } else {
                    for i in 0..<count { home[i] = p[i &* s] != 0 ? 1 : 0 }
                }
            }
        }
    }

    /// Hands a chunk of m results (one value repeated when `isScalar`) to a sink.
    @inline(__always)
    private func store(_ result: UnsafeMutablePointer<Double>, _ isScalar: Bool, _ kind: LoopSink.Kind,
                       _ out: UnsafeMutableRawPointer, _ outStart: Int, _ so: Int, _ m: Int) {
        switch kind {
        case .sum:
            // A chunk's values summed pairwise, chunk sums added in order; a value
            // repeated over the chunk (all operands broadcast) counts m times.
            let total = out.assumingMemoryBound(to: Double.self)
            total.pointee += isScalar ? result[0] * Double(m) : pairwiseSum(result, m)
        case .all:
            // Eight values compared at a time (written as a scalar loop, the compare-and-count
            // stayed one value per iteration: a tenth of the Poisson model's evaluation).
            let flag = out.assumingMemoryBound(to: UInt8.self)
            let n = isScalar ? 1 : m
            var zero = false
            var i = 0
            while i + 8 <= n {
                let values = UnsafeRawPointer(result + i).loadUnaligned(as: SIMD8<Double>.self)
                zero = zero || any(values .== 0)
                i += 8
            }
            while i < n {
                zero = zero || result[i] == 0
                i += 1
            }
            if zero { flag.pointee = 0 }
        case .write(.float64):
            let o = out.assumingMemoryBound(to: Double.self) + outStart
            if isScalar {
                let v = result[0]
                for i in 0..<m { o[i &* so] = v }
            } else if !(so == 1 && result == o) {
                for i in 0..<m { o[i &* so] = result[i] }
            }
        case .write(.bool):
            let o = out.assumingMemoryBound(to: UInt8.self) + outStart
            for i in 0..<m { o[i &* so] = result[isScalar ? 0 : i] != 0 ? 1 : 0 }
        case .write(.int64):
            break
        }
    }
}
