// Specialize+Index.swift — advanced indexing whose index arrays are constants of one repeated value becomes basic indexing plus a broadcast (and its increment a sum).

import DenseArrays
import TensorGraph
import TensorOps

/// The repeated positions and the common shape of constant int64 index arrays whose elements
/// are all equal (e.g. what lifting a scalar selection into parameters produces), or nil.
private func uniformIndices(_ indices: ArraySlice<Variable>, count: Int) -> (positions: [Int], shape: [Int])? {
    guard indices.count == count, let first = indices.first?.constantValue, first.dtype == .int64, first.count > 0 else {
        return nil
    }
    var positions: [Int] = []
    for v in indices {
        guard let c = v.constantValue, c.dtype == .int64, c.shape == first.shape, let u = uniformConstant(v),
              let p = Int(exactly: u) else { return nil }
        positions.append(p)
    }
    return (positions, first.shape)
}

/// `x[full(S, i), full(S, j)] -> alloc(x[i, j], *S, *rest)`: one gather of a repeated element
/// becomes a basic index and a broadcast copy (gathers cost a lookup per element).
let uniformAdvancedIndex = LocalRewrite("uniform_advanced_index") { node in
    guard let op = node.op as? AdvancedSubtensor, !op.specs.isEmpty, op.specs.allSatisfy({ $0 == .array }) else {
        return nil
    }
    let x = node.inputs[0]
    guard let (positions, shape) = uniformIndices(node.inputs.dropFirst(), count: op.specs.count) else { return nil }
    let rest = x.type.shape.dropFirst(positions.count)
    guard rest.allSatisfy({ $0 != nil }) else { return nil }
    let picked = try index(x, positions.map { IndexArg.scalar(constant($0)) })
    let dims = (shape + rest.map { $0! }).map { constant($0) }
    let out = try apply(Alloc(), [picked] + dims)
    guard sameShape(out, as: node.output(0)) else { return nil }
    return [out]
}

/// `inc_subtensor(x[full(S, i), ...], y) -> inc_subtensor(x[i, ...], sum of y over S)`:
/// repeated indices accumulate (numpy.add.at), so the increment is the total of y.
let uniformAdvancedIncrement = LocalRewrite("uniform_advanced_inc") { node in
    guard let op = node.op as? IncSubtensor, !op.setInstead, !op.specs.isEmpty,
          op.specs.allSatisfy({ $0 == .array }) else { return nil }
    let x = node.inputs[0], y = node.inputs[1]
    guard let (positions, shape) = uniformIndices(node.inputs.dropFirst(2), count: op.specs.count) else { return nil }
    let rest = x.type.shape.dropFirst(positions.count)
    guard rest.allSatisfy({ $0 != nil }) else { return nil }
    let full = shape + rest.map { $0! }
    // y broadcasts against the indexed region; make that explicit unless it already has its shape.
    let region = y.type.shape.map { $0 ?? -1 } == full ? y : try apply(Alloc(), [y] + full.map { constant($0) })
    let total = shape.isEmpty ? region : try sum(region, axis: Array(0..<shape.count))
    let target = try index(x, positions.map { IndexArg.scalar(constant($0)) })
    let out = try incSubtensor(target, total)
    guard sameShape(out, as: node.output(0)) else { return nil }
    return [out]
}
