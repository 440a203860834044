// Fusion.swift — elementwise fusion: chains of elementwise nodes become one Composite node, one loop, no intermediate arrays.

import DenseArrays
import TensorGraph
import TensorOps

/// Replaces groups of elementwise nodes by Composite nodes. A node joins the group of
/// its consumer when the consumer is its only client, it is not an output, and it
/// has the consumer's static shape (so fusing never repeats work a smaller
/// intermediate would have done once). A float64 sum over all axes whose input is such
/// a group's result, read by nothing else, takes the group in: `CompositeSum`.
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

    // Groups, found from the outputs backwards: root node -> member nodes.
    var absorbedBy: [ObjectIdentifier: Apply] = [:]
    var groups: [ObjectIdentifier: [Apply]] = [:]
    for node in order.reversed() where fusable(node) && absorbedBy[ObjectIdentifier(node)] == nil {
        var members = [node]
        var frontier = [node]
        let shape = node.output(0).type.shape
        while let current = frontier.popLast() {
            for input in current.inputs {
                guard let producer = input.owner, !inputs.contains(input), fusable(producer),
                      absorbedBy[ObjectIdentifier(producer)] == nil, !members.contains(where: { $0 === producer }),
                      clients[input] == 1, input.type.shape == shape else { continue }
                members.append(producer)
                frontier.append(producer)
                absorbedBy[ObjectIdentifier(producer)] = node
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
            let (program, externalInputs) = try groupProgram(root: node, ordered: sorted)
            sumOf[ObjectIdentifier(sumNode)] = try apply(CompositeSum(program), externalInputs.map(mapped))
            continue
        }
        guard let members = groups[ObjectIdentifier(node)] else {
            let newInputs = node.inputs.map(mapped)
            if zip(newInputs, node.inputs).allSatisfy({ $0 === $1 }) { continue }
            let clone = try Apply(node.op, newInputs)
            for (old, new) in zip(node.outputs, clone.outputs) {
                new.name = old.name
                memo[old] = new
            }
            continue
        }
        let sorted = members.sorted { position[ObjectIdentifier($0)]! < position[ObjectIdentifier($1)]! }
        let composite = try compose(root: node, ordered: sorted, mapped: mapped)
        composite.name = node.output(0).name
        memo[node.output(0)] = composite
    }
    return outputs.map(mapped)
}

/// Builds the program of a group (`ordered` topologically, root last) and applies it.
private func compose(root: Apply, ordered: [Apply], mapped: (Variable) -> Variable) throws -> Variable {
    let (program, externalInputs) = try groupProgram(root: root, ordered: ordered)
    return try apply(Composite(program), externalInputs.map(mapped))
}

/// The program of a group (`ordered` topologically, root last) and its external inputs.
private func groupProgram(root: Apply, ordered: [Apply]) throws -> (ElementwiseProgram, [Variable]) {
    let memberSet = Set(ordered.map(ObjectIdentifier.init))
    var externalInputs: [Variable] = []
    var registerOf: [Variable: Int] = [:]
    for node in ordered {
        for input in node.inputs where registerOf[input] == nil && !(input.owner.map { memberSet.contains(ObjectIdentifier($0)) } ?? false) {
            registerOf[input] = externalInputs.count
            externalInputs.append(input)
        }
    }
    var instructions: [ElementwiseProgram.Instruction] = []
    for node in ordered {
        guard let op = (node.op as? Elemwise)?.scalarOp else {
            throw SPPLError.runtime("internal error: fusion group member \(node.op) is not elementwise")
        }
        instructions.append(.init(op, node.inputs.map { registerOf[$0]! }))
        registerOf[node.output(0)] = externalInputs.count + instructions.count - 1
    }
    let program = ElementwiseProgram(inputCount: externalInputs.count, instructions: instructions,
                                     output: registerOf[root.output(0)]!, outputType: root.output(0).dtype)
    return (program, externalInputs)
}
