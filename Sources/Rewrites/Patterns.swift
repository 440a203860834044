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

/// Whether replacing `original` by `replacement` keeps the result's shape: same dtype,
/// same rank, and every axis either equal statically or made safe because each
/// operand that is dropped broadcasts there (extent 1).
func sameShape(_ replacement: Variable, as original: Variable, dropped: [Variable] = []) -> Bool {
    guard replacement.ndim == original.ndim else { return false }
    for axis in 0..<original.ndim {
        let r = replacement.type.shape[axis], o = original.type.shape[axis]
        if let r, let o, r == o { continue }
        // Unknown extents: safe only if nothing dropped could have widened this axis.
        let lead = original.ndim
        let droppedWiden = dropped.contains { d in
            let k = axis - (lead - d.ndim)
            guard k >= 0 else { return false }
            return d.type.shape[k] != 1
        }
        if r == nil && o == nil && !droppedWiden { continue }
        return false
    }
    return true
}

/// `v` converted to `dtype` when it is not already (rewrites must keep output types).
func keepType(_ v: Variable, like original: Variable) throws -> Variable? {
    guard v.ndim == original.ndim else { return nil }
    return v.dtype == original.dtype ? v : try cast(v, to: original.dtype)
}
