// Patterns.swift — matching helpers for rewrites: elementwise ops, scalar constants seen through broadcasts, shape safety.

import DenseArrays
import TensorGraph
import TensorOps

/// The scalar op and inputs of an elementwise node computing `v`.
func elemwise(of v: Variable) -> (ScalarOp, [Variable])? {
    guard let node = v.owner, let op = node.op as? Elemwise else { return nil }
    return (op.scalarOp, node.inputs)
}

/// `v`'s inputs when it is computed by the elementwise `op`.
func match(_ v: Variable, _ op: ScalarOp) -> [Variable]? {
    guard let (found, inputs) = elemwise(of: v), found == op else { return nil }
    return inputs
}

/// The single value of a constant whose elements are all equal, seen through the
/// DimShuffles and Allocs that broadcast it.
func uniformConstant(_ v: Variable) -> Double? {
    if let value = v.constantValue {
        guard value.count > 0 else { return nil }
        let first = value.double(flat: 0)
        for i in 1..<value.count where value.double(flat: i) != first { return nil }
        return first
    }
    guard let node = v.owner else { return nil }
    if node.op is DimShuffle { return uniformConstant(node.inputs[0]) }
    if node.op is Alloc { return uniformConstant(node.inputs[0]) }
    return nil
}

func isConstant(_ v: Variable, _ value: Double) -> Bool { uniformConstant(v) == value }

/// Whether `v` holds at most one value that broadcasts: a constant (or broadcast of one)
/// whose static extents are all 1, or rank 0.
func isBroadcastScalar(_ v: Variable) -> Bool {
    v.type.shape.allSatisfy { $0 == 1 }
}

/// Whether replacing `original` (an elementwise result) by `replacement` keeps its
/// shape. Elementwise ops broadcast only along axes their inputs' types mark
/// broadcastable, so extents agree wherever neither side is statically 1: the only
/// danger is a replacement that is statically 1 where the original is not.
func sameShape(_ replacement: Variable, as original: Variable, dropped: [Variable] = []) -> Bool {
    guard replacement.ndim == original.ndim else { return false }
    return zip(replacement.type.shape, original.type.shape).allSatisfy { r, o in r != 1 || o == 1 }
}

/// `v` converted to `dtype` when it is not already (rewrites must keep output types).
func keepType(_ v: Variable, like original: Variable) throws -> Variable? {
    guard v.ndim == original.ndim else { return nil }
    return v.dtype == original.dtype ? v : try cast(v, to: original.dtype)
}
