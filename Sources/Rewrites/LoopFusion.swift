// LoopFusion.swift — loop fusion: elementwise results and sums over one shape become a single FusedLoop pass when none depends on another through an outside node.

import DenseArrays
import TensorGraph
import TensorOps

/// Merges, for each static loop shape, the Composite, elementwise, CompositeSum and full
/// sum (and `all`) nodes over that shape into one `FusedLoop`, run after `fuseElementwise`. A log
/// density's likelihood and the gradient terms its pullback forms over the same
/// observations then take one pass: the data are loaded once, and values the terms
/// share (the standardized residual) stay in registers instead of being written and
/// read back by each kernel. A node joins its shape's loop unless one of its inputs
/// depends on the loop through a node outside it (the merged loop would then wait on
/// its own result); results read outside the loop (or returned) are written, sums are
/// sums, the rest exists only in registers.
public func fuseLoops(_ outputs: [Variable], inputs: Set<Variable> = []) throws -> [Variable] {
    let order = toposort(outputs, inputs: inputs)
    // Shapes that two or more nodes loop over (the only ones worth a group): counted first,
    // so that the dependency sets below stay small in graphs of many shapes.
    var candidates: [[Int]: Int] = [:]
    let everyProducer = Dictionary(uniqueKeysWithValues: order.map { (ObjectIdentifier($0), 0) })
    for node in order {
        if let shape = loopShape(node, groupOf: everyProducer) { candidates[shape, default: 0] += 1 }
    }
    var loopOf: [[Int]: Int] = [:]              // loop shape -> group
    var members: [[Apply]] = []
    var groupOf: [ObjectIdentifier: Int] = [:]  // member node -> group
    var reach: [Variable: Set<Int>] = [:]       // groups a value depends on
    for node in order {
        var depends = Set<Int>()
        for input in node.inputs where !inputs.contains(input) { depends.formUnion(reach[input] ?? []) }
        if let shape = loopShape(node, groupOf: groupOf), candidates[shape, default: 0] > 1 {
            let g = loopOf[shape] ?? members.count
            let joins = !depends.contains(g) || node.inputs.allSatisfy { input in
                isMember(input, of: g, groupOf) || !(reach[input] ?? []).contains(g)
            }
            if joins {
                if g == members.count { members.append([]); loopOf[shape] = g }
                members[g].append(node)
                groupOf[ObjectIdentifier(node)] = g
                depends.insert(g)
            }
        }
        for output in node.outputs { reach[output] = depends }
    }
    let built = Set(members.indices.filter { members[$0].count > 1 })
    if built.isEmpty { return outputs }
    for node in order where !built.contains(groupOf[ObjectIdentifier(node)] ?? -1) {
        groupOf[ObjectIdentifier(node)] = nil
    }
    return try rebuild(outputs, inputs: inputs, order: order, members: members, groupOf: groupOf)
}

/// The static shape a node loops over when it can join a loop: an elementwise node's
/// output shape, a CompositeSum's inputs' shape, a full float64 sum's (or bool `all`'s)
/// input's shape when that input is a member of that shape's loop. Nil otherwise (unknown extents, or a
/// single element: nothing to share).
private func loopShape(_ node: Apply, groupOf: [ObjectIdentifier: Int]) -> [Int]? {
    var shape: [Int?]
    switch node.op {
    case let op as Elemwise:
        guard ElementwiseProgram.supports(op.scalarOp, inputTypes: node.inputs.map(\.dtype)),
              [.float64, .bool].contains(node.output(0).dtype) else { return nil }
        shape = node.output(0).type.shape
    case is Composite:
        shape = node.output(0).type.shape
    case is CompositeSum:
        guard let s = try? broadcastStaticShapes(node.inputs.map(\.type.shape), what: "") else { return nil }
        shape = s
    case let op as Reduce:
        let x = node.inputs[0]
        let summed = op.op == .sum && node.output(0).dtype == .float64 && x.dtype == .float64
        let checked = op.op == .all && x.dtype == .bool
        guard summed || checked, op.resolvedAxes(x.ndim).count == x.ndim, let producer = x.owner,
              groupOf[ObjectIdentifier(producer)] != nil, !(producer.op is CompositeSum) else { return nil }
        shape = x.type.shape
    default:
        return nil
    }
    let known = shape.compactMap { $0 }
    guard known.count == shape.count, known.reduce(1, *) > 1 else { return nil }
    return known
}

private func isMember(_ v: Variable, of g: Int, _ groupOf: [ObjectIdentifier: Int]) -> Bool {
    v.owner.map { groupOf[ObjectIdentifier($0)] == g } ?? false
}

/// The graph with each loop's members replaced by one FusedLoop node, built in an order
/// where every unit (a loop, or a node outside loops) follows what it reads.
private func rebuild(_ outputs: [Variable], inputs: Set<Variable>, order: [Apply], members: [[Apply]],
                     groupOf: [ObjectIdentifier: Int]) throws -> [Variable] {
    let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { (ObjectIdentifier($0.element), $0.offset) })
    let groups = members.count
    // Units: loops 0..<groups, then every node by its position.
    func unit(_ v: Variable) -> Int? {
        guard !inputs.contains(v), let node = v.owner, let p = position[ObjectIdentifier(node)] else { return nil }
        return groupOf[ObjectIdentifier(node)] ?? groups + p
    }
    func dependencies(_ u: Int) -> [Int] {
        let nodes = u < groups ? members[u] : [order[u - groups]]
        return nodes.flatMap { $0.inputs.compactMap(unit) }.filter { $0 != u }
    }
    // Post-order of a depth-first walk from the outputs (iterative: graphs can be deep).
    var state = [UInt8](repeating: 0, count: groups + order.count)
    var sequence: [Int] = []
    var stack: [(Int, Bool)] = outputs.compactMap(unit).reversed().map { ($0, false) }
    while let (u, expanded) = stack.popLast() {
        if expanded {
            if state[u] != 2 { state[u] = 2; sequence.append(u) }
            continue
        }
        guard state[u] == 0 else { continue }
        state[u] = 1
        stack.append((u, true))
        for d in dependencies(u).reversed() where state[d] == 0 { stack.append((d, false)) }
    }

    var memo: [Variable: Variable] = [:]
    func mapped(_ v: Variable) -> Variable { memo[v] ?? v }
    let outputSet = Set(outputs)
    for u in sequence {
        if u >= groups {
            try rebuildOnReplacements(order[u - groups], &memo)
            continue
        }
        // Clients outside the loop, for deciding which members' results are written.
        let inside = Set(members[u].map(ObjectIdentifier.init))
        var readOutside = outputSet
        for node in order where !inside.contains(ObjectIdentifier(node)) { readOutside.formUnion(node.inputs) }
        let loop = try LoopBuilder(members[u], readOutside: readOutside)
        let node = try Apply(FusedLoop(loop.program, sinks: loop.sinks), loop.externalInputs.map(mapped))
        for (k, original) in loop.results.enumerated() {
            node.outputs[k].name = original.name
            memo[original] = node.outputs[k]
        }
    }
    return outputs.map(mapped)
}

/// The program and sinks of one loop's members (in topological order).
private struct LoopBuilder {
    let externalInputs: [Variable]
    let sinks: [LoopSink]
    /// The variable each sink stands for.
    let results: [Variable]
    let program: ElementwiseProgram

    init(_ members: [Apply], readOutside: Set<Variable>) throws {
        var externalInputs: [Variable] = []
        var instructions: [ElementwiseProgram.Instruction] = []
        var sinks: [LoopSink] = []
        var results: [Variable] = []
        let memberSet = Set(members.map(ObjectIdentifier.init))
        func isMember(_ v: Variable) -> Bool { v.owner.map { memberSet.contains(ObjectIdentifier($0)) } ?? false }
        var inputRegister: [Variable: Int] = [:]
        for node in members {
            for input in node.inputs where !isMember(input) && inputRegister[input] == nil {
                inputRegister[input] = externalInputs.count
                externalInputs.append(input)
            }
        }
        let inputCount = externalInputs.count
        var register = inputRegister
        // Appends a program's instructions reading `arguments` (registers); returns the
        // register of its result.
        func append(_ program: ElementwiseProgram, _ arguments: [Int]) -> Int {
            let base = inputCount + instructions.count - program.inputCount
            func translate(_ r: Int) -> Int { r < program.inputCount ? arguments[r] : base + r }
            for ins in program.instructions { instructions.append(.init(ins.op, ins.arguments.map(translate))) }
            return translate(program.output)
        }
        for node in members {
            let arguments = try node.inputs.map { v -> Int in
                guard let r = register[v] else { throw SPPLError.runtime("internal error: loop fusion lost \(v)") }
                return r
            }
            let out = node.output(0)
            switch node.op {
            case let op as Elemwise:
                instructions.append(.init(op.scalarOp, arguments))
                register[out] = inputCount + instructions.count - 1
            case let op as Composite:
                register[out] = append(op.program, arguments)
            case let op as CompositeSum:
                sinks.append(LoopSink(register: append(op.program, arguments), kind: .sum))
                results.append(out)
                continue
            default:  // a full sum (or `all`) of a member's result
                let all = (node.op as? Reduce)?.op == .all
                sinks.append(LoopSink(register: arguments[0], kind: all ? .all : .sum))
                results.append(out)
                continue
            }
            if readOutside.contains(out) {
                sinks.append(LoopSink(register: register[out]!, kind: .write(out.dtype)))
                results.append(out)
            }
        }
        self.externalInputs = externalInputs
        self.sinks = sinks
        self.results = results
        program = ElementwiseProgram(inputCount: inputCount, instructions: instructions,
                                     output: sinks.last?.register ?? 0, outputType: .float64)
    }
}
