// Function.swift — compiling graphs into callable functions: givens, updates, missing-input checks, a slot-based schedule, output copies.

import DenseArrays
import TensorGraph
import TensorOps

/// A compiled function from input values to output values (PyTensor's `function`).
///
/// Compilation clones the graph with `givens` substituted, copies outputs that
/// would alias an input or constant (DeepCopyOp), orders the nodes once and gives
/// every variable a slot; a call runs the nodes over the slots, freeing each
/// intermediate after its last use, then applies `updates` to shared variables.
public final class Function: @unchecked Sendable {
    /// The input variables, in call order.
    public let inputs: [Variable]
    /// The compiled graph's outputs (after givens and copies).
    public let outputs: [Variable]
    /// Nodes in execution order.
    public let schedule: [Apply]

    private struct Step {
        let op: any Op
        let node: Apply
        let inputSlots: [Int]
        let outputSlots: [Int]
        /// Slots whose last reader is this step (freed after it).
        let frees: [Int]
    }

    private let steps: [Step]
    private let slotCount: Int
    private let inputSlots: [Int]
    private let rootSlots: [(Int, Variable)]
    private let outputSlots: [Int]
    private let updateTargets: [(SharedValue, String, Int)]

    /// Compiles `outputs` as functions of `inputs`.
    /// - Parameters:
    ///   - givens: variables to replace before compiling (`{x: 2 * y}`).
    ///   - updates: (shared variable, new value expression) pairs applied after each call.
    ///   - allowUnusedInputs: when false, an input the outputs do not depend on is an error
    ///     (PyTensor's `on_unused_input="raise"`).
    public init(inputs: [Variable], outputs: [Variable], givens: [Variable: Variable] = [:],
                updates: [(Variable, Variable)] = [], allowUnusedInputs: Bool = true) throws {
        var seen = Set<Variable>()
        for (i, v) in inputs.enumerated() {
            guard seen.insert(v).inserted else {
                throw SPPLError.value("variable \(v) is used twice as an input (position \(i))")
            }
            if v.isConstant {
                throw SPPLError.type("input \(i) (\(v)) is a constant; constants cannot be function inputs")
            }
            if v.sharedValue != nil {
                throw SPPLError.type("input \(i) (\(v)) is a shared variable; its value is used implicitly, pass it through givens to override it")
            }
        }
        for (old, new) in givens where !old.type.isCompatible(with: new.type) {
            throw SPPLError.type("givens: \(old) of type \(old.type) cannot be replaced by \(new) of type \(new.type)")
        }
        var updateShared: [SharedValue] = []
        for (target, expression) in updates {
            guard let storage = target.sharedValue else {
                throw SPPLError.type("updates: \(target) is not a shared variable")
            }
            guard target.type.isCompatible(with: expression.type) else {
                throw SPPLError.type("updates: the update of \(target) (type \(target.type)) has type \(expression.type)")
            }
            updateShared.append(storage)
        }

        // Substitute givens in outputs and update expressions together so they share the clone.
        let roots = outputs + updates.map(\.1)
        var cloned = try givens.isEmpty ? roots : cloneReplace(roots, replace: givens)

        // Outputs that are roots (inputs, constants, shared values) are copied, so that a
        // caller never receives (and then mutates) memory the graph holds.
        for i in 0..<outputs.count where cloned[i].owner == nil {
            let copy = try apply(DeepCopyOp(), [cloned[i]])
            copy.name = cloned[i].name
            cloned[i] = copy
        }
        let finalOutputs = Array(cloned[..<outputs.count])
        let updateExpressions = Array(cloned[outputs.count...])
        let inputSet = Set(inputs)
        let order = toposort(cloned, inputs: inputSet)

        // Slots: inputs first, then roots the graph reads, then node outputs.
        var slot: [Variable: Int] = [:]
        for v in inputs { slot[v] = slot.count }
        var rootSlots: [(Int, Variable)] = []
        func need(_ v: Variable, usedBy node: Apply?) throws -> Int {
            if let s = slot[v] { return s }
            guard v.owner == nil else {
                throw SPPLError.runtime("internal error: \(v) is used before it is computed")
            }
            if case .input = v.kind {
                let position = inputs.count
                let user = node.map { " used to compute \($0)" } ?? ""
                throw SPPLError(.missingInput, "Input \(v) of the graph\(user) was not provided and not given a value. Pass it in the inputs (the function has \(position) input(s): \(inputs.map(\.description).joined(separator: ", "))).")
            }
            let s = slot.count
            slot[v] = s
            rootSlots.append((s, v))
            return s
        }
        var stepsDraft: [(Apply, [Int], [Int])] = []
        for node in order {
            let ins = try node.inputs.map { try need($0, usedBy: node) }
            var outs: [Int] = []
            for output in node.outputs {
                let s = slot.count
                slot[output] = s
                outs.append(s)
            }
            stepsDraft.append((node, ins, outs))
        }
        let outSlots = try cloned.map { try need($0, usedBy: nil) }
        if !allowUnusedInputs {
            let used = Set(stepsDraft.flatMap(\.1) + outSlots)
            for (i, v) in inputs.enumerated() where !used.contains(slot[v]!) {
                throw SPPLError.value("function was asked to create a function computing outputs given certain inputs, but input \(i) (\(v)) is not part of the computational graph needed to compute the outputs. To make this error a warning or ignore it, pass on_unused_input='warn' or 'ignore'.")
            }
        }

        // Free each intermediate after its last reader; outputs and roots stay.
        let kept = Set(outSlots).union(0..<(inputs.count + rootSlots.count))
        var lastUse: [Int: Int] = [:]
        for (k, draft) in stepsDraft.enumerated() {
            for s in draft.1 { lastUse[s] = k }
        }
        var steps: [Step] = []
        for (k, draft) in stepsDraft.enumerated() {
            let frees = Set(draft.1).filter { lastUse[$0] == k && !kept.contains($0) }.sorted()
            steps.append(Step(op: draft.0.op, node: draft.0, inputSlots: draft.1, outputSlots: draft.2, frees: frees))
        }

        self.inputs = inputs
        self.outputs = finalOutputs
        schedule = order
        self.steps = steps
        slotCount = slot.count
        inputSlots = inputs.map { slot[$0]! }
        self.rootSlots = rootSlots
        outputSlots = Array(outSlots[..<outputs.count])
        updateTargets = zip(zip(updateShared, updates.map { $0.0.description }), outSlots[outputs.count...]).map { ($0.0, $0.1, $1) }
        _ = updateExpressions
    }

    /// Runs the function on `values` (one per input, in order).
    public func callAsFunction(_ values: [NDArray]) throws -> [NDArray] {
        guard values.count == inputs.count else {
            throw SPPLError.type("function takes \(inputs.count) input(s) (\(inputs.map(\.description).joined(separator: ", "))), got \(values.count)")
        }
        var slots = [NDArray?](repeating: nil, count: slotCount)
        for (i, value) in values.enumerated() {
            try inputs[i].type.check(value, for: "input \(i) (\(inputs[i]))")
            slots[inputSlots[i]] = value
        }
        for (s, root) in rootSlots {
            if let value = root.constantValue {
                slots[s] = value
            } else if let shared = root.sharedValue {
                slots[s] = shared.value
            }
        }
        for step in steps {
            let args = step.inputSlots.map { slots[$0]! }
            let results: [NDArray]
            do {
                results = try step.op.perform(args)
            } catch let error as SPPLError {
                throw SPPLError(error.kind, error.message + "\nApply node that caused the error: \(step.node)\nInputs shapes: [" + args.map { formatShape($0.shape) }.joined(separator: ", ") + "]")
            }
            guard results.count == step.outputSlots.count else {
                throw SPPLError.runtime("internal error: \(step.op) returned \(results.count) outputs, expected \(step.outputSlots.count)")
            }
            for (k, result) in results.enumerated() {
                let expected = step.node.outputTypes[k]
                guard result.dtype == expected.dtype, result.ndim == expected.ndim else {
                    throw SPPLError.runtime("internal error: \(step.op) produced \(result.dtype) of shape \(formatShape(result.shape)) for an output of type \(expected)")
                }
                slots[step.outputSlots[k]] = result
            }
            for s in step.frees { slots[s] = nil }
        }
        // Results must own their memory: copy views of inputs, constants, shared values
        // or of another result.
        var results: [NDArray] = []
        var owners: [ObjectIdentifier] = (values + rootSlots.compactMap { slots[$0.0] }).map { ObjectIdentifier($0.storage) }
        for s in outputSlots {
            var value = slots[s]!
            let owner = ObjectIdentifier(value.storage)
            if value.storage.isBorrowed || owners.contains(owner) {
                value = try value.copy()
            }
            owners.append(ObjectIdentifier(value.storage))
            results.append(value)
        }
        // A shared variable must not share memory with a returned output (the caller may
        // write into it) or with another shared variable.
        for (shared, name, s) in updateTargets {
            var value = slots[s]!
            if value.storage.isBorrowed || owners.contains(ObjectIdentifier(value.storage)) { value = try value.copy() }
            owners.append(ObjectIdentifier(value.storage))
            try shared.set(value, name: name)
        }
        return results
    }

    /// The compiled graph in dprint form, each node suffixed with its position in the schedule.
    public func dprint() -> String {
        TensorGraph.dprint(outputs, order: schedule)
    }
}

/// Evaluates `outputs` with the given variables (inputs or intermediates) set to values.
public func evaluate(_ outputs: [Variable], givens: [Variable: NDArray] = [:]) throws -> [NDArray] {
    let keys = Array(givens.keys)
    let f = try Function(inputs: keys, outputs: outputs)
    return try f(keys.map { givens[$0]! })
}

/// Compiles `outputs` as a function of `inputs` (PyTensor's `function`).
///
///     let x = scalar("x"), y = vector("y")
///     let f = try function(inputs: [x, y], outputs: [try log(x + y)])
///     let out = try f([NDArray(scalar: 0.0), NDArray([1.0, 2.0])])
public func function(inputs: [Variable], outputs: [Variable], givens: [Variable: Variable] = [:],
                     updates: [(Variable, Variable)] = []) throws -> Function {
    try Function(inputs: inputs, outputs: outputs, givens: givens, updates: updates)
}
