// Op+Planning.swift — how each op runs in a planned call: views become pointer aliases, computing ops hand over a pointer-level kernel.

import DenseArrays
import TensorGraph

/// Broadcasts an input's layout to the output's rank (leading axes of stride 0).
private func aligned(_ v: PlannedValue, rank: Int) -> (shape: [Int], strides: [Int]) {
    let lead = rank - v.shape.count
    return ([Int](repeating: 1, count: lead) + v.shape, [Int](repeating: 0, count: lead) + v.strides)
}

/// A kernel running an elementwise program over planned layouts.
private func programKernel(_ program: ElementwiseProgram, _ inputs: [PlannedValue], _ output: PlannedValue) -> PlannedKernel {
    let rank = output.shape.count
    let iteration = ElementwiseIteration(shape: output.shape, outputStrides: output.strides,
                                         inputs: inputs.map { aligned($0, rank: rank) })
    let types = inputs.map(\.dtype)
    let count = inputs.count
    // Slots and byte offsets as plain integers: reading whole PlannedValues (which hold
    // arrays) on every call would retain and release their arrays.
    let slots = inputs.map(\.slot), offsets = inputs.map { $0.offset * $0.dtype.itemSize }
    let outSlot = output.slot, outOffset = output.offset * output.dtype.itemSize
    return { table in
        withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: Swift.max(count, 1)) { bases in
            for k in 0..<count { bases[k] = table[slots[k]] + offsets[k] }
            program.execute(UnsafePointer(bases.baseAddress!), types: types, out: table[outSlot] + outOffset, iteration)
        }
    }
}

extension Elemwise: PlannableOp {
    public func plannedKernel(_ node: Apply, inputs: [PlannedValue], outputs: [PlannedValue]) throws -> PlannedKernel? {
        let types = inputs.map(\.dtype)
        guard ElementwiseProgram.supports(scalarOp, inputTypes: types),
              outputs[0].dtype == .float64 || outputs[0].dtype == .bool else { return nil }
        let program = ElementwiseProgram(inputCount: inputs.count,
                                         instructions: [.init(scalarOp, Array(0..<inputs.count))],
                                         output: inputs.count, outputType: outputs[0].dtype)
        return programKernel(program, inputs, outputs[0])
    }
}

extension Composite: PlannableOp {
    public func plannedKernel(_ node: Apply, inputs: [PlannedValue], outputs: [PlannedValue]) throws -> PlannedKernel? {
        programKernel(program, inputs, outputs[0])
    }
}

extension CompositeSum: PlannableOp {
    /// The program run over the inputs' broadcast shape, summing instead of writing.
    public func plannedKernel(_ node: Apply, inputs: [PlannedValue], outputs: [PlannedValue]) throws -> PlannedKernel? {
        guard let rank = inputs.first?.shape.count else { return nil }
        let shape = try broadcastShapes(inputs.map(\.shape))
        let iteration = ElementwiseIteration(shape: shape, outputStrides: [Int](repeating: 0, count: rank),
                                             inputs: inputs.map { aligned($0, rank: rank) })
        let types = inputs.map(\.dtype), count = inputs.count
        let slots = inputs.map(\.slot), offsets = inputs.map { $0.offset * $0.dtype.itemSize }
        let out = outputs[0]
        let program = self.program
        return { table in
            withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: Swift.max(count, 1)) { bases in
                for k in 0..<count { bases[k] = table[slots[k]] + offsets[k] }
                let total = program.executeSum(UnsafePointer(bases.baseAddress!), types: types, iteration)
                out.pointer(table).assumingMemoryBound(to: Double.self).pointee = total
            }
        }
    }
}

extension Reduce: PlannableOp {
    public func plannedKernel(_ node: Apply, inputs: [PlannedValue], outputs: [PlannedValue]) throws -> PlannedKernel? {
        let x = inputs[0], out = outputs[0]
        if x.dtype == .bool, op == .all || op == .any {
            let kernel = try LogicalReductionKernel(op, shape: x.shape, strides: x.strides, axes: resolvedAxes(x.shape.count))
            return { table in
                kernel.run(x.pointer(table).assumingMemoryBound(to: UInt8.self), out.pointer(table).assumingMemoryBound(to: UInt8.self))
            }
        }
        guard x.dtype == .float64, [.sum, .prod, .max, .min].contains(op) else { return nil }
        let kernel = try ReductionKernel(op, shape: x.shape, strides: x.strides, axes: resolvedAxes(x.shape.count))
        return { table in
            kernel.run(x.pointer(table).assumingMemoryBound(to: Double.self), out.pointer(table).assumingMemoryBound(to: Double.self))
        }
    }
}

extension Dot: PlannableOp {
    public func plannedKernel(_ node: Apply, inputs: [PlannedValue], outputs: [PlannedValue]) throws -> PlannedKernel? {
        let a = inputs[0], b = inputs[1], out = outputs[0]
        guard a.dtype == .float64, b.dtype == .float64,
              let kernel = DotKernel(aShape: a.shape, aStrides: a.strides, bShape: b.shape, bStrides: b.strides)
        else { return nil }
        return { table in
            kernel.run(a.pointer(table).assumingMemoryBound(to: Double.self), b.pointer(table).assumingMemoryBound(to: Double.self),
                       out.pointer(table).assumingMemoryBound(to: Double.self))
        }
    }
}

extension DeepCopyOp: PlannableOp {
    public func plannedKernel(_ node: Apply, inputs: [PlannedValue], outputs: [PlannedValue]) throws -> PlannedKernel? {
        let x = inputs[0], out = outputs[0]
        let kernel = CopyKernel(dtype: x.dtype, shape: out.shape, sourceShape: x.shape, sourceStrides: x.strides)
        return { table in kernel.run(x.pointer(table), out.pointer(table)) }
    }
}

extension Alloc: PlannableOp {
    /// Planned only when the shape is made of constants (a value-given shape could change between calls).
    public func plannedKernel(_ node: Apply, inputs: [PlannedValue], outputs: [PlannedValue]) throws -> PlannedKernel? {
        guard node.inputs.dropFirst().allSatisfy(\.isConstant), inputs[0].dtype == outputs[0].dtype else { return nil }
        let x = inputs[0], out = outputs[0]
        let kernel = CopyKernel(dtype: x.dtype, shape: out.shape, sourceShape: x.shape, sourceStrides: x.strides)
        return { table in kernel.run(x.pointer(table), out.pointer(table)) }
    }
}

extension DimShuffle: PlannableOp {
    public func isLayoutView(_ node: Apply) -> Bool { true }
}

extension SpecifyShape: PlannableOp {
    public func isLayoutView(_ node: Apply) -> Bool { true }
}

extension Reshape: PlannableOp {
    /// A view when the target shape is a constant (and the executor finds the result shares memory).
    public func isLayoutView(_ node: Apply) -> Bool { node.inputs[1].isConstant }
}

extension Subtensor: PlannableOp {
    /// A view when every index is a constant.
    public func isLayoutView(_ node: Apply) -> Bool { node.inputs.dropFirst().allSatisfy(\.isConstant) }
}

/// The constant index values of an indexing node, or nil when an index is computed.
private func constantIndex(_ node: Apply, from first: Int) -> [NDArray]? {
    let values = node.inputs[first...].compactMap(\.constantValue)
    return values.count == node.inputs.count - first ? values : nil
}

extension AdvancedSubtensor: PlannableOp {
    /// With constant indices, the offsets of the selected elements are found once (by
    /// indexing a map of x's offsets) and each call is a plain gather.
    public func plannedKernel(_ node: Apply, inputs: [PlannedValue], outputs: [PlannedValue]) throws -> PlannedKernel? {
        guard let indexValues = constantIndex(node, from: 1) else { return nil }
        let x = inputs[0], out = outputs[0]
        let map = try offsetMap(shape: x.shape, strides: x.strides)
        let selected = try map.indexed(resolveIndex(specs, indexValues[...]))
        guard selected.shape == out.shape else { return nil }
        let gather = GatherKernel(offsets: try selected.contiguous(), itemSize: x.dtype.itemSize)
        return { table in gather.run(x.pointer(table), out.pointer(table)) }
    }
}

extension IncSubtensor: PlannableOp {
    /// With constant indices and float64 values: copy x, then add (or write) y at
    /// positions found once, with the kernel the unplanned call uses.
    public func plannedKernel(_ node: Apply, inputs: [PlannedValue], outputs: [PlannedValue]) throws -> PlannedKernel? {
        guard let indexValues = constantIndex(node, from: 2) else { return nil }
        let x = inputs[0], y = inputs[1], out = outputs[0]
        guard x.dtype == .float64, y.dtype == .float64 else { return nil }
        let copy = CopyKernel(dtype: x.dtype, shape: out.shape, sourceShape: x.shape, sourceStrides: x.strides)
        let scatter = try scatterKernel(into: out.shape, out.strides, from: y.shape, y.strides, at: indexValues[...])
        return { table in
            let destination = out.pointer(table)
            copy.run(x.pointer(table), destination)
            scatter.run(y.pointer(table).assumingMemoryBound(to: Double.self), into: destination.assumingMemoryBound(to: Double.self))
        }
    }

    /// The scatter of values laid out as (`valueShape`, `valueStrides`) into the region
    /// `indices` select of an array laid out as (`shape`, `strides`): the positions of
    /// the region's elements (found by indexing a map of the array's offsets) and, in
    /// the same order, those of the values broadcast to the region.
    func scatterKernel(into shape: [Int], _ strides: [Int], from valueShape: [Int], _ valueStrides: [Int],
                       at indices: ArraySlice<NDArray>) throws -> ScatterKernel {
        let targets = try offsetMap(shape: shape, strides: strides).indexed(resolveIndex(specs, indices))
        let sources: NDArray
        do {
            sources = try offsetMap(shape: valueShape, strides: valueStrides).broadcast(to: targets.shape)
        } catch {
            throw SPPLError.value("shape mismatch: value array of shape \(formatShape(valueShape)) could not be broadcast to indexing result of shape \(formatShape(targets.shape))")
        }
        return ScatterKernel(targets: try targets.contiguous(), sources: try sources.copy(), accumulate: !setInstead)
    }
}
