// Scan.swift — loops in graphs (PyTensor's scan): an inner graph applied step by step over sequences, with recurrent states.

import Autodiff
import Compile
import DenseArrays
import Rewrites
import Synchronization
import TensorGraph
import TensorOps

/// The body of a loop: an inner graph from one step's inputs to that step's outputs,
/// compiled once and called every step.
///
/// Inner inputs, in order: one slice of each sequence, the taps of each recurrent
/// output (oldest first, e.g. h[t-2], h[t-1]), the non-sequences. Inner outputs: the
/// new value of each recurrent output, then the outputs that are not fed back.
public final class ScanBody: @unchecked Sendable {
    public let sequences: [Variable]
    public let states: [[Variable]]
    public let nonSequences: [Variable]
    public let outputs: [Variable]
    /// Per recurrent output, its taps (negative offsets, ascending, e.g. [-2, -1]).
    public let taps: [[Int]]

    public var recurrentCount: Int { taps.count }
    var innerInputs: [Variable] { sequences + states.flatMap { $0 } + nonSequences }

    /// The compiled step function and its vector-Jacobian product, made on first use.
    private let compiled = Mutex<(step: Function?, pullback: Function?)>((nil, nil))

    public init(sequences: [Variable], states: [[Variable]], nonSequences: [Variable], outputs: [Variable], taps: [[Int]]) throws {
        guard states.count == taps.count, zip(states, taps).allSatisfy({ $0.count == $1.count }) else {
            throw SPPLError.value("scan: every recurrent output needs one inner input per tap")
        }
        guard outputs.count >= taps.count else {
            throw SPPLError.value("scan: the step function returned \(outputs.count) output(s) for \(taps.count) recurrent output(s)")
        }
        for t in taps {
            guard !t.isEmpty, t.allSatisfy({ $0 < 0 }), t == t.sorted(), Set(t).count == t.count else {
                throw SPPLError.value("scan: taps of a recurrent output must be distinct negative offsets, got \(t)")
            }
        }
        // A new state must have the type of the state it replaces.
        for (k, stateInputs) in states.enumerated() {
            let new = outputs[k], old = stateInputs[0]
            guard new.dtype == old.dtype, new.ndim == old.ndim else {
                throw SPPLError.type("scan: recurrent output \(k) has type \(new.type) but its previous value has type \(old.type); they must match")
            }
        }
        self.sequences = sequences
        self.states = states
        self.nonSequences = nonSequences
        self.outputs = outputs
        self.taps = taps
    }

    /// The compiled step function.
    func function() throws -> Function {
        if let f = compiled.withLock({ $0.step }) { return f }
        let f = try Function(inputs: innerInputs, outputs: outputs)
        compiled.withLock { $0.step = f }
        return f
    }

    /// The compiled vector-Jacobian product of a step: inputs are the step's inner inputs
    /// and one gradient per inner output; outputs are the gradients of every float inner
    /// input (zeros where not connected).
    func pullbackFunction() throws -> Function {
        if let f = compiled.withLock({ $0.pullback }) { return f }
        do {
            let seeds = outputs.map { Variable(TensorType(.float64, shape: $0.type.shape), name: "\($0)_grad") }
            var total: Variable?
            for (o, g) in zip(outputs, seeds) where o.dtype == .float64 {
                let term = try sum(o * g)
                total = try total.map { try $0 + term } ?? term
            }
            let wrt = innerInputs.filter { $0.dtype == .float64 }
            let grads = try total.map { try grad($0, wrt: wrt, disconnected: .ignore) } ?? wrt.map { try zerosLike($0) }
            let f = try Function(inputs: innerInputs + seeds, outputs: grads)
            compiled.withLock { $0.pullback = f }
            return f
        }
    }
}


/// A loop over `nSteps` steps (PyTensor's Scan). Outer inputs: the number of steps (an
/// int64 scalar; negative means the length of the shortest sequence), the sequences,
/// the initial value of each recurrent output, the non-sequences. Outer outputs: each
/// inner output stacked along a new leading axis, one row per step. A recurrent
/// output's initial value has the output's shape when its only tap is -1, else a
/// leading axis of length max|tap| holding the oldest values first.
public struct Scan: Op, Hashable {
    public let body: ScanBody

    public init(_ body: ScanBody) { self.body = body }

    public static func == (a: Scan, b: Scan) -> Bool { a.body === b.body }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(body)) }
    public var description: String { "Scan{steps, \(body.sequences.count) seq, \(body.recurrentCount) rec, \(body.outputs.count) out}" }
    public var isFoldable: Bool { false }

    var windows: [Int] { body.taps.map { -($0.first ?? -1) } }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let b = body
        guard inputs.count == 1 + b.sequences.count + b.recurrentCount + b.nonSequences.count else {
            throw SPPLError.type("\(description) takes \(1 + b.sequences.count + b.recurrentCount + b.nonSequences.count) inputs, got \(inputs.count)")
        }
        let steps = inputs[0]
        guard steps.ndim == 0, steps.dtype == .int64 else {
            throw SPPLError.type("scan: n_steps must be an int64 scalar, got \(steps.type)")
        }
        var k = 1
        for inner in b.sequences {
            let outer = inputs[k]
            guard outer.ndim == inner.ndim + 1, outer.dtype == inner.dtype,
                  TensorType(outer.dtype, shape: Array(outer.type.shape.dropFirst())).isCompatible(with: inner.type) else {
                throw SPPLError.type("scan: sequence \(outer) of type \(outer.type) does not match its step type \(inner.type) plus a leading axis")
            }
            k += 1
        }
        for (j, states) in b.states.enumerated() {
            let outer = inputs[k], inner = states[0]
            let expected = b.taps[j] == [-1] ? inner.ndim : inner.ndim + 1
            guard outer.ndim == expected, outer.dtype == inner.dtype else {
                throw SPPLError.type("scan: the initial value \(outer) of recurrent output \(j) has type \(outer.type); taps \(b.taps[j]) need a \(inner.dtype) tensor of \(expected) dimensions")
            }
            k += 1
        }
        for inner in b.nonSequences {
            let outer = inputs[k]
            guard outer.ndim == inner.ndim, outer.dtype == inner.dtype else {
                throw SPPLError.type("scan: non-sequence \(outer) of type \(outer.type) does not match \(inner.type)")
            }
            k += 1
        }
        let n: Int? = steps.constantValue.map { Int($0.int64(flat: 0)) }.flatMap { $0 >= 0 ? $0 : nil }
        return b.outputs.map { TensorType($0.dtype, shape: [n] + $0.type.shape) }
    }

    /// The split outer inputs: steps, sequences, initial values, non-sequences.
    func parts(_ inputs: [NDArray]) throws -> (Int, ArraySlice<NDArray>, ArraySlice<NDArray>, ArraySlice<NDArray>) {
        let b = body
        let s = b.sequences.count, r = b.recurrentCount
        let sequences = inputs[1..<(1 + s)]
        let initials = inputs[(1 + s)..<(1 + s + r)]
        let nonSequences = inputs[(1 + s + r)...]
        var n = Int(inputs[0].int64(flat: 0))
        if n < 0 {
            guard let shortest = sequences.map({ $0.shape[0] }).min() else {
                throw SPPLError.value("scan: n_steps must be given when there are no sequences")
            }
            n = shortest
        }
        for (i, seq) in sequences.enumerated() where seq.shape[0] < n {
            throw SPPLError.value("scan: sequence \(i) has \(seq.shape[0]) entries, fewer than the \(n) steps")
        }
        for (j, initial) in initials.enumerated() where b.taps[j] != [-1] && initial.shape[0] != windows[j] {
            throw SPPLError.value("scan: the initial value of recurrent output \(j) needs \(windows[j]) rows for taps \(b.taps[j]), got shape \(formatShape(initial.shape))")
        }
        return (n, sequences, initials, nonSequences)
    }

    /// The inner inputs at step t: sequence rows, state taps (from the initial values or
    /// earlier rows of the outputs), non-sequences.
    func stepInputs(_ t: Int, _ sequences: ArraySlice<NDArray>, _ initials: ArraySlice<NDArray>,
                    _ nonSequences: ArraySlice<NDArray>, _ outputs: [NDArray]) -> [NDArray] {
        var values = sequences.map { $0.selecting(axis: 0, index: t) }
        for (j, taps) in body.taps.enumerated() {
            let initial = initials[initials.startIndex + j]
            for tap in taps {
                let row = t + tap
                if row >= 0 {
                    values.append(outputs[j].selecting(axis: 0, index: row))
                } else {
                    values.append(taps == [-1] ? initial : initial.selecting(axis: 0, index: windows[j] + row))
                }
            }
        }
        values += nonSequences
        return values
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let (n, sequences, initials, nonSequences) = try parts(inputs)
        let f = try body.function()
        if n == 0 {
            return try body.outputs.map { o in try NDArray.zeros(o.dtype, [0] + o.type.shape.map { $0 ?? 0 }) }
        }
        var outputs: [NDArray] = []
        for t in 0..<n {
            let values = stepInputs(t, sequences, initials, nonSequences, outputs)
            if t == 0 {
                let first = try f(values)
                outputs = try first.map { try NDArray.empty($0.dtype, [n] + $0.shape) }
                for (out, value) in zip(outputs, first) { try out.selecting(axis: 0, index: 0).assign(from: value) }
            } else {
                do {
                    try f(values, into: outputs.map { $0.selecting(axis: 0, index: t) })
                } catch let error as SPPLError {
                    throw SPPLError(error.kind, "scan step \(t): \(error.message)")
                }
            }
        }
        return outputs
    }
}
