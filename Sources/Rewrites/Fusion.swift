// Fusion.swift — elementwise fusion: chains of elementwise nodes become one Composite node, one loop, no intermediate arrays.

import DenseArrays
import TensorGraph
import TensorOps

/// Replaces groups of elementwise nodes by Composite nodes. A node joins the group of
/// its consumer when the consumer is its only client, it is not an output, and it
/// has the consumer's static shape (so fusing never repeats work a smaller
/// intermediate would have done once). A float64 sum over all axes whose input is such
/// a group's result, read by nothing else, takes the group in: `CompositeSum`.
///
/// One-element nodes (a scalar's exp, a check's comparison) join every group that reads
/// them, also through the DimShuffles that give a scalar the group's rank, and are
/// computed again in each: a program computes a one-element value once per chunk,
/// which costs less than a kernel of its own and the write and read of its result.
public func fuseElementwise(_ outputs: [Variable], inputs: Set<Variable> = []) throws -> [Variable] {
    let order = toposort(outputs, inputs: inputs)
    let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { (ObjectIdentifier($0.element), $0.offset) })
    // Clients of each variable inside the graph; outputs count as an outside client.
    var clients: [Variable: Int] = [:]
    for node in order { for input in node.inputs { clients[input, default: 0] += 1 } }
    for output in outputs { clients[output, default: 0] += 1 }

    func fusable(_ node: Apply) -> Bool {
        guard let op = node.op as? Elemwise else { return false }
        return ElementwiseProgram.supports(op.scalarOp, inputTypes: node.inputs.map(\.dtype))
    }

    // Sums over every axis of an elementwise result that only they read.
    var summed: [ObjectIdentifier: Apply] = [:]  // producer -> its sum node
    for node in order {
        guard let reduce = node.op as? Reduce, reduce.op == .sum, node.output(0).dtype == .float64,
              reduce.resolvedAxes(node.inputs[0].ndim).count == node.inputs[0].ndim,
              let producer = node.inputs[0].owner, !inputs.contains(node.inputs[0]), fusable(producer),
              producer.output(0).dtype == .float64, clients[node.inputs[0]] == 1 else { continue }
        summed[ObjectIdentifier(producer)] = node
    }

    // One-element nodes computed again in every group that reads them: a few cheap
    // instructions (with the one-element nodes they read), so that copies stay small
    // however many groups read them (a scalar gradient graph shares most of its nodes).
    var smallCones: [ObjectIdentifier: Bool] = [:]
    func duplicable(_ node: Apply) -> Bool {
        if let known = smallCones[ObjectIdentifier(node)] { return known }
        var seen: Set<ObjectIdentifier> = []
        var pending = [node]
        var small = true
        while small, let current = pending.popLast() {
            guard seen.insert(ObjectIdentifier(current)).inserted else { continue }
            guard seen.count <= duplicationLimit, let op = current.op as? Elemwise, isCheap(op.scalarOp),
                  isOneElement(current.output(0)) else { small = false; break }
            for read in current.inputs {
                let input = scalarBehindDimShuffle(read, inputs: inputs)
                if let producer = input.owner, !inputs.contains(input), fusable(producer) { pending.append(producer) }
            }
        }
        smallCones[ObjectIdentifier(node)] = small
        return small
    }

    // Groups, found from the outputs backwards: root node -> member nodes.
    var absorbedBy: [ObjectIdentifier: Apply] = [:]
    var groups: [ObjectIdentifier: [Apply]] = [:]
    for node in order.reversed() where fusable(node) && absorbedBy[ObjectIdentifier(node)] == nil {
        var members = [node]
        var memberIDs: Set<ObjectIdentifier> = [ObjectIdentifier(node)]
        var copied: Set<ObjectIdentifier> = []  // members computed again here, not absorbed
        var frontier = [node]
        let shape = node.output(0).type.shape
        while let current = frontier.popLast() {
            for read in current.inputs {
                let input = scalarBehindDimShuffle(read, inputs: inputs)
                guard let producer = input.owner, !inputs.contains(input), fusable(producer),
                      absorbedBy[ObjectIdentifier(producer)] == nil, !memberIDs.contains(ObjectIdentifier(producer))
                else { continue }
                // A node read only by a member that other groups compute too is read by
                // those copies as well: it is duplicated with them, never absorbed.
                let alone = clients[input] == 1 && input === read && input.type.shape == shape
                    && !copied.contains(ObjectIdentifier(current))
                guard alone || duplicable(producer) else { continue }
                memberIDs.insert(ObjectIdentifier(producer))
                members.append(producer)
                frontier.append(producer)
                // A one-element node read elsewhere too stays for its other readers.
                if alone {
                    absorbedBy[ObjectIdentifier(producer)] = node
                } else {
                    copied.insert(ObjectIdentifier(producer))
                }
            }
        }
        if members.count > 1 { groups[ObjectIdentifier(node)] = members }
    }
    if groups.isEmpty && summed.isEmpty { return outputs }

    // Rebuild: members vanish, each root becomes a Composite of the group's external inputs.
    var memo: [Variable: Variable] = [:]
    func mapped(_ v: Variable) -> Variable { memo[v] ?? v }
    var sumOf: [ObjectIdentifier: Variable] = [:]  // sum node -> its fused replacement
    for node in order {
        if absorbedBy[ObjectIdentifier(node)] != nil { continue }
        if let fused = sumOf[ObjectIdentifier(node)] {
            fused.name = node.output(0).name
            memo[node.output(0)] = fused
            continue
        }
        if let sumNode = summed[ObjectIdentifier(node)] {
            // The group (or the lone node) becomes the sum's program; nothing else reads it.
            let members = groups[ObjectIdentifier(node)] ?? [node]
            let sorted = members.sorted { position[ObjectIdentifier($0)]! < position[ObjectIdentifier($1)]! }
            let (program, externalInputs) = try groupProgram(root: node, ordered: sorted, inputs: inputs)
            let rank = node.output(0).ndim
            sumOf[ObjectIdentifier(sumNode)] = try apply(CompositeSum(program), try raised(externalInputs.map(mapped), to: rank))
            continue
        }
        guard let members = groups[ObjectIdentifier(node)] else {
            try rebuildOnReplacements(node, &memo)
            continue
        }
        let sorted = members.sorted { position[ObjectIdentifier($0)]! < position[ObjectIdentifier($1)]! }
        let composite = try compose(root: node, ordered: sorted, inputs: inputs, mapped: mapped)
        composite.name = node.output(0).name
        memo[node.output(0)] = composite
    }
    return outputs.map(mapped)
}

/// Rebuilds `node` on its inputs' replacements in `memo` (nothing when none was
/// replaced) and records its outputs' replacements, named as they were.
func rebuildOnReplacements(_ node: Apply, _ memo: inout [Variable: Variable]) throws {
    let newInputs = node.inputs.map { memo[$0] ?? $0 }
    if zip(newInputs, node.inputs).allSatisfy({ $0 === $1 }) { return }
    let clone = try Apply(node.op, newInputs)
    for (old, new) in zip(node.outputs, clone.outputs) {
        new.name = old.name
        memo[old] = new
    }
}

/// Builds the program of a group (`ordered` topologically, root last) and applies it.
private func compose(root: Apply, ordered: [Apply], inputs: Set<Variable>, mapped: (Variable) -> Variable) throws -> Variable {
    let (program, externalInputs) = try groupProgram(root: root, ordered: ordered, inputs: inputs)
    return try apply(Composite(program), try raised(externalInputs.map(mapped), to: root.output(0).ndim))
}

/// `v` when it is not a DimShuffle of a rank-0 value (only adding axes of length 1),
/// and that value when it is: a program broadcasts the scalar itself.
private func scalarBehindDimShuffle(_ v: Variable, inputs: Set<Variable>) -> Variable {
    guard !inputs.contains(v), let node = v.owner, node.op is DimShuffle, node.inputs[0].ndim == 0 else { return v }
    return node.inputs[0]
}

/// How many one-element nodes a group may compute again rather than read.
private let duplicationLimit = 4

/// Scalar ops cheap enough to compute again in every group that reads their result.
private func isCheap(_ op: ScalarOp) -> Bool {
    switch op {
    case .add, .sub, .mul, .trueDiv, .neg, .abs, .sqr, .sqrt, .reciprocal, .exp, .expm1, .log, .log1p,
         .eq, .neq, .lt, .le, .gt, .ge, .and, .or, .xor, .invert, .isnan, .isinf, .switch, .identity,
         .maximum, .minimum, .cast:
        return true
    default:
        return false
    }
}

/// Whether `v` holds exactly one element by its static type.
private func isOneElement(_ v: Variable) -> Bool { v.type.shape.allSatisfy { $0 == 1 } }

/// A group's external inputs at the group's rank (composites take inputs of equal rank):
/// the scalars read through DimShuffles get them back.
private func raised(_ values: [Variable], to rank: Int) throws -> [Variable] {
    try values.map { v in
        v.ndim == rank ? v : try dimshuffle(v, [Int?](repeating: nil, count: rank - v.ndim) + (0..<v.ndim).map { $0 })
    }
}

/// The program of a group (`ordered` topologically, root last) and its external inputs.
private func groupProgram(root: Apply, ordered: [Apply], inputs: Set<Variable>) throws -> (ElementwiseProgram, [Variable]) {
    let memberSet = Set(ordered.map(ObjectIdentifier.init))
    func isMember(_ v: Variable) -> Bool { v.owner.map { memberSet.contains(ObjectIdentifier($0)) } ?? false }
    // A member reading a member's scalar through a DimShuffle reads its register.
    func source(_ v: Variable) -> Variable {
        let scalar = scalarBehindDimShuffle(v, inputs: inputs)
        return isMember(scalar) ? scalar : v
    }
    var externalInputs: [Variable] = []
    var registerOf: [Variable: Int] = [:]
    for node in ordered {
        for input in node.inputs.map(source) where registerOf[input] == nil && !isMember(input) {
            registerOf[input] = externalInputs.count
            externalInputs.append(input)
        }
    }
    var instructions: [ElementwiseProgram.Instruction] = []
    for node in ordered {
        guard let op = (node.op as? Elemwise)?.scalarOp else {
            throw SPPLError.runtime("internal error: fusion group member \(node.op) is not elementwise")
        }
        instructions.append(.init(op, node.inputs.map { registerOf[source($0)]! }))
        registerOf[node.output(0)] = externalInputs.count + instructions.count - 1
    }
    let program = ElementwiseProgram(inputCount: externalInputs.count, instructions: instructions,
                                     output: registerOf[root.output(0)]!, outputType: root.output(0).dtype)
    return (program, externalInputs)
}
