// ExecutionPlan.swift — a compiled function planned for fixed input layouts: buffers allocated once, views resolved to pointers, a flat list of raw-pointer kernels.

import DenseArrays
import TensorGraph

/// The dtype, shape and strides of an array (what a plan is specialized on).
struct ArrayLayout: Equatable {
    let dtype: DType
    let shape: [Int]
    let strides: [Int]

    init(_ array: NDArray) {
        dtype = array.dtype
        shape = array.shape
        strides = array.strides
    }

    static func matches(_ layout: ArrayLayout, _ array: NDArray) -> Bool {
        layout.dtype == array.dtype && layout.shape == array.shape && layout.strides == array.strides
    }
}

/// A call of a `Function` planned for one set of input layouts (and shared-variable
/// layouts). Making it runs every op's `plannedKernel` once; running it sets the
/// input and output pointers in the slot table and calls the kernels in order: no
/// shape inference, no allocation besides fresh result arrays, no reference counting.
final class ExecutionPlan {
    private let inputLayouts: [ArrayLayout]
    private let inputSlots: [Int]
    private let shared: [(slot: Int, value: SharedValue, layout: ArrayLayout)]
    /// Constants the table points into, kept alive with the plan.
    private let constants: [NDArray]
    /// The kernels, each boxed in a class instance the plan keeps (`boxes`) and called
    /// through an unretained reference: calling a closure read from a buffer retains and
    /// releases its context around the call (two atomic operations per kernel, ~5 % of
    /// an eight-schools evaluation in perf profiles), while a guaranteed reference to a
    /// box's constant closure does not.
    private let kernels: UnsafeMutablePointer<Unmanaged<KernelBox>>
    private let boxes: [KernelBox]
    private let kernelCount: Int
    private let table: UnsafeMutablePointer<UnsafeMutableRawPointer>
    private let slotCount: Int
    private let arena: UnsafeMutableRawPointer
    /// Where each function output lives, and whether it is a kernel's own contiguous
    /// buffer that a call can point at fresh (or caller-given) memory.
    private let outputs: [PlannedValue]
    private let ownsSlot: [Bool]
    private let copies: [CopyKernel]
    /// Bytes of each output.
    private let byteCounts: [Int]
    private let updates: [(SharedValue, String, PlannedValue, CopyKernel)]

    /// Nil when some op has no planned form for these layouts.
    init?(_ function: Function, inputs values: [NDArray], samples: [NDArray?]) {
        var planned: [Int: PlannedValue] = [:]
        var slot = 0
        var fixed: [(Int, UnsafeMutableRawPointer)] = []
        var constants: [NDArray] = []
        var shared: [(Int, SharedValue, ArrayLayout)] = []
        func place(_ array: NDArray, _ functionSlot: Int) -> Int {
            defer { slot += 1 }
            planned[functionSlot] = PlannedValue(slot: slot, dtype: array.dtype, shape: array.shape, strides: array.strides, offset: 0)
            return slot
        }
        var inputSlots: [Int] = []
        for (k, s) in function.inputSlots.enumerated() { inputSlots.append(place(values[k], s)) }
        for (s, root) in function.rootSlots {
            guard let sample = samples[s] else { return nil }
            let p = place(sample, s)
            if let storage = root.sharedValue {
                shared.append((p, storage, ArrayLayout(sample)))
            } else {
                constants.append(sample)
                fixed.append((p, sample.storage.base + sample.offset * sample.dtype.itemSize))
            }
        }
        // Kernel outputs get contiguous buffers in one arena.
        var arenaSlots: [(Int, Int)] = []  // (slot, byte offset)
        var arenaBytes = 0
        var kernels: [PlannedKernel] = []
        var kernelSlots = Set<Int>()
        for step in function.steps {
            guard let op = step.op as? PlannableOp else { return nil }
            let ins = step.inputSlots.compactMap { planned[$0] }
            let outs = step.outputSlots.compactMap { samples[$0] }
            guard ins.count == step.inputSlots.count, outs.count == step.outputSlots.count else { return nil }
            if op.isLayoutView(step.node), outs.count == 1, let input = samples[step.inputSlots[0]],
               outs[0].storage === input.storage {
                let view = outs[0]
                planned[step.outputSlots[0]] = PlannedValue(slot: ins[0].slot, dtype: view.dtype, shape: view.shape, strides: view.strides,
                                                            offset: ins[0].offset + (view.offset - input.offset))
                continue
            }
            var outValues: [PlannedValue] = []
            for (j, sample) in outs.enumerated() {
                let value = PlannedValue(slot: slot, dtype: sample.dtype, shape: sample.shape,
                                         strides: contiguousStrides(sample.shape), offset: 0)
                planned[step.outputSlots[j]] = value
                outValues.append(value)
                arenaSlots.append((slot, arenaBytes))
                kernelSlots.insert(slot)
                arenaBytes += (sample.count * sample.dtype.itemSize + 63) / 64 * 64
                slot += 1
            }
            guard let kernel = try? op.plannedKernel(step.node, inputs: ins, outputs: outValues) else { return nil }
            kernels.append(kernel)
        }
        let outputs = function.outputSlots.compactMap { planned[$0] }
        guard outputs.count == function.outputSlots.count else { return nil }
        var ownsSlot: [Bool] = []
        for (i, value) in outputs.enumerated() {
            let alone = outputs.enumerated().allSatisfy { $0.offset == i || $0.element.slot != value.slot }
            ownsSlot.append(kernelSlots.contains(value.slot) && value.offset == 0 && alone
                            && value.strides == contiguousStrides(value.shape))
        }
        var updates: [(SharedValue, String, PlannedValue, CopyKernel)] = []
        for (storage, name, s) in function.updateTargets {
            guard let value = planned[s] else { return nil }
            updates.append((storage, name, value, CopyKernel(dtype: value.dtype, shape: value.shape, sourceShape: value.shape, sourceStrides: value.strides)))
        }

        inputLayouts = values.map(ArrayLayout.init)
        self.inputSlots = inputSlots
        self.shared = shared
        self.constants = constants
        boxes = kernels.map(KernelBox.init)
        self.kernels = .allocate(capacity: Swift.max(kernels.count, 1))
        self.kernels.initialize(from: boxes.map { Unmanaged.passUnretained($0) }, count: kernels.count)
        kernelCount = kernels.count
        slotCount = slot
        table = .allocate(capacity: Swift.max(slot, 1))
        arena = .allocate(byteCount: Swift.max(arenaBytes, 1), alignment: 64)
        for (s, pointer) in fixed { table[s] = pointer }
        for (s, offset) in arenaSlots { table[s] = arena + offset }
        self.outputs = outputs
        self.ownsSlot = ownsSlot
        copies = outputs.map { CopyKernel(dtype: $0.dtype, shape: $0.shape, sourceShape: $0.shape, sourceStrides: $0.strides) }
        byteCounts = outputs.map { $0.shape.reduce($0.dtype.itemSize, *) }
        self.updates = updates
    }

    deinit {
        kernels.deallocate()
        table.deallocate()
        arena.deallocate()
    }

    /// Whether the inputs and shared values have the layouts this plan was made for.
    func matches(_ values: [NDArray]) -> Bool {
        guard values.count == inputLayouts.count else { return false }
        // Index loops over borrowed buffers: iterating with zip copies every layout and
        // array (retaining their shape and stride arrays) on each call.
        // Fields are compared in place (copying a layout or an array out of its buffer
        // retains its parts).
        let fits = inputLayouts.withUnsafeBufferPointer { layouts in
            values.withUnsafeBufferPointer { arrays in
                (0..<arrays.count).allSatisfy { i in
                    layouts[i].dtype == arrays[i].dtype && layouts[i].shape == arrays[i].shape
                        && layouts[i].strides == arrays[i].strides
                }
            }
        }
        guard fits else { return false }
        for entry in shared where !ArrayLayout.matches(entry.layout, entry.value.value) { return false }
        return true
    }

    func run(_ values: [NDArray], into provided: [NDArray]?) throws -> [NDArray] {
        values.withUnsafeBufferPointer { buffer in
            for k in buffer.indices {
                table[inputSlots[k]] = buffer[k].storage.base + buffer[k].offset * buffer[k].dtype.itemSize
            }
        }
        var sharedValues: [NDArray] = []
        for entry in shared {
            let value = entry.value.value
            sharedValues.append(value)
            table[entry.slot] = value.storage.base + value.offset * value.dtype.itemSize
        }
        // Results a kernel writes whole are written straight into their final arrays.
        var results: [NDArray?] = []
        if let provided {
            guard provided.count == outputs.count else {
                throw SPPLError.value("function has \(outputs.count) output(s), \(provided.count) arrays were given")
            }
            // In place, by index: copying arrays and planned values out of their buffers
            // retains their parts (a sampler's every call comes here).
            try provided.withUnsafeBufferPointer { targets in
                try outputs.withUnsafeBufferPointer { planned in
                    for i in 0..<targets.count {
                        guard targets[i].dtype == planned[i].dtype, targets[i].shape == planned[i].shape,
                              targets[i].isCContiguous, !targets[i].storage.isBorrowed else {
                            let target = targets[i], value = planned[i]
                            throw SPPLError.value("output array \(i) of dtype \(target.dtype) and shape \(formatShape(target.shape)) does not fit a result of dtype \(value.dtype) and shape \(formatShape(value.shape))")
                        }
                        if ownsSlot[i] {
                            table[planned[i].slot] = targets[i].storage.base + targets[i].offset * targets[i].dtype.itemSize
                        }
                    }
                }
            }
        } else {
            results.reserveCapacity(outputs.count)
            for (i, value) in outputs.enumerated() {
                if ownsSlot[i] {
                    // The plan's shape and strides arrays are shared, not rebuilt: a result
                    // costs one allocation.
                    let storage = try ArrayStorage(byteCount: byteCounts[i])
                    storage.escaped = true
                    table[value.slot] = storage.base
                    results.append(NDArray(unchecked: storage, dtype: value.dtype, shape: value.shape,
                                           strides: value.strides, offset: 0))
                } else {
                    results.append(nil)
                }
            }
        }
        let constantTable = UnsafePointer(table)
        for k in 0..<kernelCount { try kernels[k]._withUnsafeGuaranteedRef { try $0.body(constantTable) } }
        // Results that live elsewhere (views) are copied out.
        var final: [NDArray] = []
        if let provided {
            for i in 0..<outputs.count where !ownsSlot[i] {
                let target = provided[i]
                copies[i].run(outputs[i].pointer(table), target.storage.base + target.offset * target.dtype.itemSize)
            }
        } else {
            for (i, value) in outputs.enumerated() {
                if let result = results[i] {
                    final.append(result)
                } else {
                    let fresh = try NDArray.empty(value.dtype, value.shape)
                    fresh.storage.escaped = true
                    copies[i].run(value.pointer(table), fresh.storage.base)
                    final.append(fresh)
                }
            }
        }
        for (storage, name, value, copy) in updates {
            let fresh = try NDArray.empty(value.dtype, value.shape)
            fresh.storage.escaped = true
            copy.run(value.pointer(table), fresh.storage.base)
            try storage.set(fresh, name: name)
        }
        withExtendedLifetime((values, sharedValues)) {}
        return final
    }
}

/// A planned kernel in a class instance, so that a plan can call it through an unretained
/// reference (see `ExecutionPlan.kernels`).
final class KernelBox {
    let body: PlannedKernel

    init(_ body: @escaping PlannedKernel) { self.body = body }
}
