// Planning.swift — the contract between ops and the planned executor: values located by slot and layout, kernels over raw pointers.

import DenseArrays

/// Where a value lives in a planned call: a slot, whose base pointer the executor sets
/// (inputs each call, intermediates once), and the value's layout relative to it.
public struct PlannedValue: Sendable, Equatable {
    public let slot: Int
    public let dtype: DType
    public let shape: [Int]
    /// Element strides.
    public let strides: [Int]
    /// Elements from the slot's base pointer to the value's first element.
    public let offset: Int

    public init(slot: Int, dtype: DType, shape: [Int], strides: [Int], offset: Int) {
        self.slot = slot
        self.dtype = dtype
        self.shape = shape
        self.strides = strides
        self.offset = offset
    }

    /// The value's first element, given the table of slot base pointers.
    @inlinable
    public func pointer(_ table: UnsafePointer<UnsafeMutableRawPointer>) -> UnsafeMutableRawPointer {
        table[slot] + offset * dtype.itemSize
    }
}

/// A planned kernel: computes one node, reading inputs and writing outputs through the
/// table of slot base pointers. Layouts are fixed when the kernel is made, so a call
/// does no shape work, no allocation and no reference counting.
public typealias PlannedKernel = (UnsafePointer<UnsafeMutableRawPointer>) throws -> Void

/// An op that can run in a planned call, where every layout is known in advance.
public protocol PlannableOp: Op {
    /// True when the node's output is a view of input 0 whose layout depends only on the
    /// input layouts and constant inputs (a DimShuffle): the planner then points the
    /// output at the input's memory instead of running anything.
    func isLayoutView(_ node: Apply) -> Bool

    /// A kernel computing the node from inputs at `inputs` into outputs at `outputs`
    /// (C-contiguous), or nil when these layouts or dtypes are not supported.
    func plannedKernel(_ node: Apply, inputs: [PlannedValue], outputs: [PlannedValue]) throws -> PlannedKernel?
}

extension PlannableOp {
    public func isLayoutView(_ node: Apply) -> Bool { false }
    public func plannedKernel(_ node: Apply, inputs: [PlannedValue], outputs: [PlannedValue]) throws -> PlannedKernel? { nil }
}
