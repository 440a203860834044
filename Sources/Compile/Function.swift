// Function.swift — compiling graphs into callable functions: givens, updates, missing-input checks, a slot-based schedule, output copies.

import DenseArrays
import Rewrites
import Synchronization
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

    struct Step {
        let op: any Op
        let node: Apply
        let inputSlots: [Int]
        let outputSlots: [Int]
        /// Slots whose last reader is this step (freed after it).
        let frees: [Int]
    }

    let steps: [Step]
    let slotCount: Int
    let inputSlots: [Int]
    let rootSlots: [(Int, Variable)]
    let outputSlots: [Int]
    let updateTargets: [(SharedValue, String, Int)]

    /// Compiles `outputs` as functions of `inputs`.
    /// - Parameters:
    ///   - givens: variables to replace before compiling (`{x: 2 * y}`).
    ///   - updates: (shared variable, new value expression) pairs applied after each call.
    ///   - allowUnusedInputs: when false, an input the outputs do not depend on is an error
    ///     (PyTensor's `on_unused_input="raise"`).
    ///   - rewrite: run the rewrite pipeline (canonicalize, stabilize, specialize, fuse);
    ///     false compiles the graph as written (PyTensor's FAST_COMPILE).
    public init(inputs: [Variable], outputs: [Variable], givens: [Variable: Variable] = [:],
                updates: [(Variable, Variable)] = [], allowUnusedInputs: Bool = true, rewrite: Bool = true) throws {
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
        let inputSet = Set(inputs)
        // Inputs the graph as written depends on (rewriting may make some unneeded, as
        // b * (a / b) -> a does, which is not the caller's mistake).
        let usedInputs = Set(ancestors(cloned, blockers: inputSet)).intersection(inputSet)
        if rewrite {
            cloned = try optimize(cloned, inputs: inputSet)
        }

        // Outputs that are roots (inputs, constants, shared values) are copied, so that a
        // caller never receives (and then mutates) memory the graph holds.
        for i in 0..<outputs.count where cloned[i].owner == nil {
            let copy = try apply(DeepCopyOp(), [cloned[i]])
            copy.name = cloned[i].name
            cloned[i] = copy
        }
        let finalOutputs = Array(cloned[..<outputs.count])
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
            for (i, v) in inputs.enumerated() where !usedInputs.contains(v) {
                throw SPPLError.value("function was asked to create a function computing outputs given certain inputs, but input \(i) (\(v)) is not part of the computational graph needed to compute the outputs. To make this error a warning or ignore it, pass on_unused_input='warn' or 'ignore'.")
            }
        }

        // Free each intermediate after its last reader; outputs, inputs and roots stay (the
        // call compares results against the roots' storage to decide what to copy). Root
        // slots are numbered as the nodes first read them, interleaved with node outputs,
        // so they are not simply the first slots.
        let kept = Set(outSlots).union(inputs.map { slot[$0]! }).union(rootSlots.map(\.0))
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
    }

    /// Runs the function on `values` (one per input, in order). Safe to call from
    /// several threads at once: each call takes its own working memory.
    ///
    /// The first call with given input layouts runs op by op and, when every op can,
    /// plans the call: buffers fixed, views resolved to pointers, a list of raw-pointer
    /// kernels. Later calls with the same layouts run the plan.
    public func callAsFunction(_ values: [NDArray]) throws -> [NDArray] {
        try call(values, into: nil)
    }

    /// Runs the function writing its results into `outputs` (C-contiguous arrays of the
    /// results' dtypes and shapes, owned by the caller), so that a call allocates
    /// nothing. Used by samplers that evaluate a log-density millions of times.
    public func callAsFunction(_ values: [NDArray], into outputs: [NDArray]) throws {
        guard outputs.count == self.outputs.count else {
            throw SPPLError.value("function has \(self.outputs.count) output(s), \(outputs.count) arrays were given")
        }
        _ = try call(values, into: outputs)
    }

    private func call(_ values: [NDArray], into provided: [NDArray]?) throws -> [NDArray] {
        guard values.count == inputs.count else {
            throw SPPLError.type("function takes \(inputs.count) input(s) (\(inputs.map(\.description).joined(separator: ", "))), got \(values.count)")
        }
        let context = takeContext()
        defer { returnContext(context) }
        do {
            if let plan = context.plan(matching: values) {
                return try plan.run(values, into: provided)
            }
            let results = try run(values, context, keepAll: context.mayPlan(values))
            if context.mayPlan(values) {
                context.addPlan(ExecutionPlan(self, inputs: values, samples: context.slots), for: values)
            }
            context.clear()
            if let provided {
                for (result, target) in zip(results, provided) { try copyResult(result, into: target) }
            }
            return results
        } catch {
            context.clear()
            throw error
        }
    }

    private func copyResult(_ result: NDArray, into target: NDArray) throws {
        guard target.dtype == result.dtype, target.shape == result.shape, !target.storage.isBorrowed else {
            throw SPPLError.value("output array of dtype \(target.dtype) and shape \(formatShape(target.shape)) does not fit a result of dtype \(result.dtype) and shape \(formatShape(result.shape))")
        }
        try target.assign(from: result)
    }

    /// Runs op by op. With `keepAll`, every slot keeps its value (for planning).
    private func run(_ values: [NDArray], _ context: ExecutionContext, keepAll: Bool = false) throws -> [NDArray] {
        for (i, value) in values.enumerated() {
            try inputs[i].type.check(value, for: "input \(i) (\(inputs[i]))")
            context.slots[inputSlots[i]] = value
        }
        for (s, root) in rootSlots {
            if let value = root.constantValue {
                context.slots[s] = value
            } else if let shared = root.sharedValue {
                context.slots[s] = shared.value
            }
        }
        var args: [NDArray] = []
        swap(&args, &context.args)
        defer { swap(&args, &context.args) }
        for (k, step) in steps.enumerated() {
            args.removeAll(keepingCapacity: true)
            for s in step.inputSlots { args.append(context.slots[s]!) }
            do {
                try step.op.perform(args, node: step.node, outputs: &context.outputs[k])
            } catch let error as SPPLError {
                throw SPPLError(error.kind, error.message + "\nApply node that caused the error: \(step.node)\nInputs shapes: [" + args.map { formatShape($0.shape) }.joined(separator: ", ") + "]")
            }
            for (j, s) in step.outputSlots.enumerated() {
                guard let result = context.outputs[k][j] else {
                    throw SPPLError.runtime("internal error: \(step.op) did not produce output \(j)")
                }
                let expected = step.node.outputTypes[j]
                guard result.dtype == expected.dtype, result.ndim == expected.ndim else {
                    throw SPPLError.runtime("internal error: \(step.op) produced \(result.dtype) of shape \(formatShape(result.shape)) for an output of type \(expected)")
                }
                context.slots[s] = result
            }
            if !keepAll {
                for s in step.frees { context.slots[s] = nil }
            }
        }
        args.removeAll(keepingCapacity: true)
        // Results must own their memory: copy views of inputs, constants, shared values
        // or of another result. What is handed out is marked escaped, so that the next
        // call writes elsewhere.
        var results: [NDArray] = []
        results.reserveCapacity(outputSlots.count)
        for s in outputSlots {
            var value = context.slots[s]!
            let owner = value.storage
            let aliased = owner.isBorrowed
                || values.contains { $0.storage === owner }
                || rootSlots.contains { context.slots[$0.0]?.storage === owner }
                || results.contains { $0.storage === owner }
            if aliased { value = try value.copy() }
            value.storage.escaped = true
            results.append(value)
        }
        // New shared values must own their memory too: an update that is an input (or a
        // view of one), a root or a returned result would otherwise let the caller change
        // the shared variable by writing into its own array.
        var newValues: [NDArray] = []
        for (shared, name, s) in updateTargets {
            var value = context.slots[s]!
            let owner = value.storage
            let aliased = owner.isBorrowed || owner.escaped
                || values.contains { $0.storage === owner }
                || rootSlots.contains { context.slots[$0.0]?.storage === owner }
            if aliased { value = try value.copy() }
            value.storage.escaped = true
            // Check every update before applying any, so a bad one leaves all unchanged.
            try shared.type.check(value, for: "shared variable \(name)")
            newValues.append(value)
        }
        for ((shared, name, _), value) in zip(updateTargets, newValues) {
            try shared.set(value, name: name)
        }
        if !keepAll { context.clear() }
        return results
    }

    /// Working memory for one call at a time: every slot's value, each step's outputs
    /// from the previous call (which the step may write into again), and the plans
    /// made for the input layouts seen.
    final class ExecutionContext {
        var slots: [NDArray?]
        var outputs: [[NDArray?]]
        var args: [NDArray] = []
        private var plans: [ExecutionPlan] = []
        /// Input layouts found not to be plannable (an op without a planned form).
        private var unplannable: [[ArrayLayout]] = []
        static let planLimit = 4

        init(slotCount: Int, outputCounts: [Int]) {
            slots = [NDArray?](repeating: nil, count: slotCount)
            outputs = outputCounts.map { [NDArray?](repeating: nil, count: $0) }
        }

        /// Drops this call's values (the reusable outputs stay).
        func clear() {
            for i in slots.indices { slots[i] = nil }
            args.removeAll(keepingCapacity: true)
        }

        var planCount: Int { plans.count }

        func plan(matching values: [NDArray]) -> ExecutionPlan? {
            plans.first { $0.matches(values) }
        }

        func mayPlan(_ values: [NDArray]) -> Bool {
            plans.count < Self.planLimit && !unplannable.contains { $0.elementsEqual(values, by: ArrayLayout.matches) }
        }

        func addPlan(_ plan: ExecutionPlan?, for values: [NDArray]) {
            if let plan { plans.append(plan) } else { unplannable.append(values.map(ArrayLayout.init)) }
        }
    }

    private let contexts = Mutex<[ExecutionContext]>([])

    /// How many input layouts have a plan (in idle contexts): 0 means every call so far
    /// ran op by op, e.g. because some op has no planned form.
    public var planCount: Int { contexts.withLock { $0.map(\.planCount).reduce(0, +) } }


    private func takeContext() -> ExecutionContext {
        if let context = contexts.withLock({ $0.popLast() }) { return context }
        return ExecutionContext(slotCount: slotCount, outputCounts: steps.map(\.outputSlots.count))
    }

    private func returnContext(_ context: ExecutionContext) {
        contexts.withLock { $0.append(context) }
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
                     updates: [(Variable, Variable)] = [], rewrite: Bool = true) throws -> Function {
    try Function(inputs: inputs, outputs: outputs, givens: givens, updates: updates, rewrite: rewrite)
}
