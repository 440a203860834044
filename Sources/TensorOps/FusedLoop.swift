// FusedLoop.swift — several elementwise results and sums over one shape computed in a single pass (a multi-output Composite).

import DenseArrays
import TensorGraph

/// One loop over the broadcast shape of its inputs running `program`, whose sinks are
/// the outputs: an array of that shape for each `.write` sink, a float64 scalar for each
/// `.sum`, a bool scalar for each `.all`. Made by loop fusion from Composite, CompositeSum and full sums that read the
/// same observations (a log density's likelihood terms and the gradient terms its
/// pullback computes from them), so the data are read once and intermediates shared
/// by the results are never written. Inputs have equal rank, as for Composite.
public struct FusedLoop: Op, Hashable {
    public let program: ElementwiseProgram
    public let sinks: [LoopSink]

    public init(_ program: ElementwiseProgram, sinks: [LoopSink]) {
        self.program = program
        self.sinks = sinks
    }

    /// Each result's expression, e.g. `FusedLoop{sum(sqr(i0)), (i0 * i1)}`.
    public var description: String {
        let parts = sinks.map { sink -> String in
            let expression = ElementwiseProgram(inputCount: program.inputCount, instructions: program.instructions,
                                                output: sink.register, outputType: .float64).description
            switch sink.kind {
            case .sum: return "sum\(expression)"
            case .all: return "all\(expression)"
            case .write: return expression
            }
        }
        return "FusedLoop{\(parts.joined(separator: ", "))}"
    }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == program.inputCount, !sinks.isEmpty else {
            throw SPPLError.type("\(description) takes \(program.inputCount) inputs and at least one sink, got \(inputs.count)")
        }
        let ndim = inputs.first?.ndim ?? 0
        guard inputs.allSatisfy({ $0.ndim == ndim }) else {
            throw SPPLError.type("\(description) needs inputs of equal rank")
        }
        let shape = try broadcastStaticShapes(inputs.map(\.type.shape), what: "FusedLoop")
        return sinks.map { sink in
            switch sink.kind {
            case .sum: return TensorType(.float64, shape: [])
            case .all: return TensorType(.bool, shape: [])
            case .write(let dtype): return TensorType(dtype, shape: shape)
            }
        }
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let shape = try elementwiseShape(inputs, what: "FusedLoop")
        let results = try sinks.map { sink -> NDArray in
            switch sink.kind {
            case .sum: return NDArray(scalar: 0.0)
            case .all: return NDArray(scalar: UInt8(1))
            case .write(let dtype): return try NDArray.empty(dtype, shape)
            }
        }
        let aligned = try inputs.map { try $0.broadcast(to: shape) }
        let iteration = ElementwiseIteration(shape: shape, outputStrides: contiguousStrides(shape),
                                             inputs: aligned.map { ($0.shape, $0.strides) })
        let bases = aligned.map { $0.storage.base + $0.offset * $0.dtype.itemSize }
        let outs = results.map { $0.storage.base }
        bases.withUnsafeBufferPointer { b in
            outs.withUnsafeBufferPointer { o in
                program.executeLoop(b.baseAddress!, types: aligned.map(\.dtype), sinks: sinks, outs: o.baseAddress!, iteration)
            }
        }
        withExtendedLifetime(aligned) {}
        return results
    }

    public func perform(_ inputs: [NDArray], node: Apply) throws -> [NDArray] {
        try checkStaticBroadcasting(inputs, node: node)
        return try perform(inputs)
    }
}

extension FusedLoop: PlannableOp {
    /// The loop over the inputs' broadcast shape into the outputs' buffers (contiguous).
    public func plannedKernel(_ node: Apply, inputs: [PlannedValue], outputs: [PlannedValue]) throws -> PlannedKernel? {
        guard let rank = inputs.first?.shape.count, inputs.allSatisfy({ $0.shape.count == rank }) else { return nil }
        let shape = try broadcastShapes(inputs.map(\.shape))
        var strides: [(shape: [Int], strides: [Int])] = []
        for v in inputs { strides.append((v.shape, v.strides)) }
        let iteration = ElementwiseIteration(shape: shape, outputStrides: contiguousStrides(shape), inputs: strides)
        let types = inputs.map(\.dtype), count = inputs.count, outCount = outputs.count
        // Slots and byte offsets as plain integers (reading PlannedValues per call would
        // retain their arrays).
        let slots = inputs.map(\.slot), offsets = inputs.map { $0.offset * $0.dtype.itemSize }
        let outSlots = outputs.map(\.slot), outOffsets = outputs.map { $0.offset * $0.dtype.itemSize }
        let program = self.program, sinks = self.sinks
        return { table in
            withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: Swift.max(count, 1)) { bases in
                withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: outCount) { outs in
                    for k in 0..<count { bases[k] = table[slots[k]] + offsets[k] }
                    for k in 0..<outCount { outs[k] = table[outSlots[k]] + outOffsets[k] }
                    program.executeLoop(UnsafePointer(bases.baseAddress!), types: types, sinks: sinks,
                                        outs: UnsafePointer(outs.baseAddress!), iteration)
                }
            }
        }
    }
}
