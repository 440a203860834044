// Tensor+Scan.swift — building loops: placeholders for one step, the step function's graph, free variables made non-sequences.

import DenseArrays
import TensorGraph
import TensorOps

/// A recurrent output of a loop: its initial value and the past values each step
/// reads (taps, negative offsets; [-1] is the previous value).
public struct ScanState {
    public let initial: Variable
    public let taps: [Int]

    public init(_ initial: Variable, taps: [Int] = [-1]) {
        self.initial = initial
        self.taps = taps.sorted()
    }
}

/// A loop (PyTensor's scan): `step` is called once, on placeholders for one step — the
/// sequences' rows, each state's taps, the non-sequences — and returns the new value
/// of each state followed by any other per-step outputs. The result is each of those
/// stacked over the steps. `nSteps` defaults to the shortest sequence's length.
///
///     // Cumulative product: h[t] = h[t-1] * x[t]
///     let x = vector("x")
///     let h = try scan(sequences: [x], states: [ScanState(constant(1.0))]) { seq, state, _ in
///         [try state[0][0] * seq[0]]
///     }[0]
public func scan(sequences: [Variable] = [], states: [ScanState] = [], nonSequences: [Variable] = [],
                 nSteps: Variable? = nil,
                 step: (_ rows: [Variable], _ taps: [[Variable]], _ nonSequences: [Variable]) throws -> [Variable]) throws -> [Variable] {
    for s in sequences where s.ndim == 0 {
        throw SPPLError.value("scan: sequence \(s) is 0-dimensional; sequences are iterated over their first axis")
    }
    let rows = sequences.map { Variable(TensorType($0.dtype, shape: Array($0.type.shape.dropFirst())), name: $0.name.map { "\($0)[t]" }) }
    var innerStates: [[Variable]] = []
    for (k, state) in states.enumerated() {
        let single = state.taps == [-1]
        guard single || state.initial.ndim >= 1 else {
            throw SPPLError.value("scan: recurrent output \(k) with taps \(state.taps) needs an initial value with a leading axis of past values")
        }
        let type = single ? state.initial.type : TensorType(state.initial.dtype, shape: Array(state.initial.type.shape.dropFirst()))
        innerStates.append(state.taps.map { Variable(type, name: "state\(k)[t\($0)]") })
    }
    let innerNonSequences = nonSequences.map { Variable($0.type, name: $0.name) }
    let outputs = try step(rows, innerStates, innerNonSequences)
    return try scanFromInner(nSteps: nSteps, sequences: sequences, initials: states.map(\.initial), nonSequences: nonSequences,
                             innerSequences: rows, innerStates: innerStates, innerNonSequences: innerNonSequences,
                             innerOutputs: outputs, taps: states.map(\.taps))
}

/// A loop from an already built step graph (what the Python `scan` uses). Variables of
/// the enclosing graph that the step reads without declaring them (closures) become
/// extra non-sequences, computed once outside the loop.
public func scanFromInner(nSteps: Variable?, sequences: [Variable], initials: [Variable], nonSequences: [Variable],
                          innerSequences: [Variable], innerStates: [[Variable]], innerNonSequences: [Variable],
                          innerOutputs: [Variable], taps: [[Int]]) throws -> [Variable] {
    guard sequences.count == innerSequences.count, initials.count == innerStates.count, initials.count == taps.count,
          nonSequences.count == innerNonSequences.count else {
        throw SPPLError.value("scan: the numbers of outer and inner sequences, states and non-sequences differ")
    }
    guard !sequences.isEmpty || nSteps != nil else {
        throw SPPLError.value("scan: n_steps must be given when there are no sequences")
    }
    let declared = innerSequences + innerStates.flatMap { $0 } + innerNonSequences
    let declaredSet = Set(declared)
    // Variables that depend on a declared inner input are computed per step; anything
    // else the step reads (except constants and shared values) is a free variable.
    var dependent = declaredSet
    var free: [Variable] = []
    var freeSet = Set<Variable>()
    for node in toposort(innerOutputs, inputs: declaredSet) {
        if node.inputs.contains(where: dependent.contains) {
            for o in node.outputs { dependent.insert(o) }
        }
    }
    func addFree(_ v: Variable) {
        guard !dependent.contains(v), !v.isConstant, v.sharedValue == nil, freeSet.insert(v).inserted else { return }
        free.append(v)
    }
    for node in toposort(innerOutputs, inputs: declaredSet) where node.outputs.contains(where: dependent.contains) {
        for input in node.inputs { addFree(input) }
    }
    for o in innerOutputs { addFree(o) }

    let body = try ScanBody(sequences: innerSequences, states: innerStates, nonSequences: innerNonSequences + free,
                            outputs: innerOutputs, taps: taps)
    let steps = try nSteps.map { try cast($0, to: .int64) } ?? constant(-1)
    let node = try Apply(Scan(body), [steps] + sequences + initials + nonSequences + free)
    return node.outputs
}
