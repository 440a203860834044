// Tensor+Index.swift — NumPy indexing on tensors: newaxis and ellipsis expansion, basic vs advanced choice, set/inc_subtensor.

import DenseArrays
import TensorGraph

/// One position of an index expression, as a user writes it.
public enum IndexArg {
    case scalar(Variable)
    case slice(Variable?, Variable?, Variable?)
    case newAxis
    case ellipsis
    /// An integer or boolean tensor (advanced indexing).
    case array(Variable)

    /// The whole axis, `:`.
    public static var all: IndexArg { .slice(nil, nil, nil) }

    /// How many axes of the indexed tensor this consumes.
    var axesConsumed: Int {
        switch self {
        case .scalar, .slice: return 1
        case .newAxis, .ellipsis: return 0
        case .array(let v): return v.dtype == .bool ? Swift.max(v.ndim, 1) : 1
        }
    }
}

/// `x[args]` with NumPy semantics: integers and slices give a view (Subtensor), any
/// integer or boolean array gives advanced indexing (AdvancedSubtensor).
public func index(_ x: Variable, _ args: [IndexArg]) throws -> Variable {
    let (base, specs, inputs) = try prepareIndex(x, args)
    if specs.isEmpty {
        // Only new axes and full slices: the DimShuffle adding the axes is the result.
        if base !== x { return base }
        // `x[:]` (or `x[...]`) is still an indexing result, as in PyTensor, so that
        // set_subtensor(x[:], y) finds the tensor it indexes.
        return try apply(Subtensor(x.ndim > 0 ? [.slice(start: false, stop: false, step: false)] : []), [x])
    }
    if specs.contains(.array) {
        return try apply(AdvancedSubtensor(specs), [base] + inputs)
    }
    return try apply(Subtensor(specs), [base] + inputs)
}

/// Expands `...`, turns each newaxis into a length-1 axis of a DimShuffled `x`, and
/// converts the arguments into specs and index inputs.
func prepareIndex(_ x: Variable, _ args: [IndexArg]) throws -> (Variable, [IndexSpec], [Variable]) {
    let ellipses = args.filter { if case .ellipsis = $0 { return true } else { return false } }.count
    guard ellipses <= 1 else { throw SPPLError.index("an index can only have a single ellipsis ('...')") }
    let consumed = args.reduce(0) { $0 + $1.axesConsumed }
    guard consumed <= x.ndim else {
        throw SPPLError.index("too many indices for \(x): it is \(x.ndim)-dimensional (type \(x.type)), but \(consumed) were indexed")
    }
    var expanded: [IndexArg] = []
    for arg in args {
        if case .ellipsis = arg {
            expanded += [IndexArg](repeating: .all, count: x.ndim - consumed)
        } else {
            expanded.append(arg)
        }
    }
    // New axes: insert length-1 axes into x where they appear, index them with ':'.
    var order: [Int?] = []
    var nextAxis = 0
    var entries: [IndexArg] = []
    for arg in expanded {
        if case .newAxis = arg {
            order.append(nil)
            entries.append(.all)
        } else {
            for _ in 0..<arg.axesConsumed {
                order.append(nextAxis)
                nextAxis += 1
            }
            entries.append(arg)
        }
    }
    var base = x
    if order.contains(where: { $0 == nil }) {
        order += (nextAxis..<x.ndim).map { Optional($0) }
        base = try dimshuffle(x, order)
    }
    // Trailing full slices change nothing; drop them so specs stay short.
    while let last = entries.last, case .slice(nil, nil, nil) = last { entries.removeLast() }
    var specs: [IndexSpec] = []
    var inputs: [Variable] = []
    for entry in entries {
        switch entry {
        case .scalar(let v):
            specs.append(.scalar)
            inputs.append(v)
        case .slice(let a, let b, let c):
            specs.append(.slice(start: a != nil, stop: b != nil, step: c != nil))
            inputs += [a, b, c].compactMap { $0 }
        case .array(let v):
            specs.append(.array)
            inputs.append(v)
        case .newAxis, .ellipsis:
            break
        }
    }
    return (base, specs, inputs)
}

/// For `indexed = x[...]` (from `index`), the tensor `x` with that region replaced by `y`.
public func setSubtensor(_ indexed: Variable, _ y: Variable) throws -> Variable {
    try incOrSet(indexed, y, setInstead: true)
}

/// For `indexed = x[...]`, the tensor `x` with `y` added to that region (repeated
/// advanced indices add repeatedly).
public func incSubtensor(_ indexed: Variable, _ y: Variable) throws -> Variable {
    try incOrSet(indexed, y, setInstead: false)
}

private func incOrSet(_ indexed: Variable, _ y: Variable, setInstead: Bool) throws -> Variable {
    guard let node = indexed.owner else {
        throw SPPLError.type("set_subtensor/inc_subtensor expects the result of indexing (x[...]), got \(indexed), which is not computed by an indexing op")
    }
    let specs: [IndexSpec]
    if let op = node.op as? Subtensor {
        specs = op.specs
    } else if let op = node.op as? AdvancedSubtensor {
        specs = op.specs
    } else {
        throw SPPLError.type("set_subtensor/inc_subtensor expects the result of indexing (x[...]), got the output of \(node.op)")
    }
    let x = node.inputs[0]
    let value = y.dtype == x.dtype ? y : try cast(y, to: x.dtype)
    return try apply(IncSubtensor(specs, setInstead: setInstead), [x, value] + node.inputs.dropFirst())
}

extension Variable {
    /// `try x[.scalar(i), .all]`.
    public subscript(_ args: IndexArg...) -> Variable {
        get throws { try TensorOps.index(self, args) }
    }
}
