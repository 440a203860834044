// ScanGrad.swift — the gradient of a loop: the step's vector-Jacobian product run backwards over the steps.

import Autodiff
import Compile
import DenseArrays
import TensorGraph
import TensorOps

/// Gradients of a Scan's inputs. Inputs: the Scan's inputs, its outputs, then one
/// gradient per output. Outputs: a float64 gradient for each sequence, initial value
/// and non-sequence (zeros for those that are not float).
///
/// Backwards from the last step: the gradient reaching a recurrent output's row t is
/// complete once every later step that reads it is done, so each step's
/// vector-Jacobian product (seeded with those gradients and the non-recurrent
/// outputs' own) adds into the rows its taps read, into its sequence rows and into
/// the non-sequences' totals.
public struct ScanGrad: Op, Hashable {
    public let scan: Scan

    public init(_ scan: Scan) { self.scan = scan }
    public var description: String { "ScanGrad{\(scan.description)}" }
    public var isFoldable: Bool { false }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let b = scan.body
        let count = 1 + b.sequences.count + b.recurrentCount + b.nonSequences.count
        guard inputs.count == count + 2 * b.outputs.count else {
            throw SPPLError.type("\(description) takes \(count + 2 * b.outputs.count) inputs, got \(inputs.count)")
        }
        return inputs[1..<count].map { TensorType(.float64, shape: $0.type.shape) }
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let b = scan.body
        let count = 1 + b.sequences.count + b.recurrentCount + b.nonSequences.count
        let forward = Array(inputs[..<count])
        let outputs = Array(inputs[count..<(count + b.outputs.count)])
        let seeds = Array(inputs[(count + b.outputs.count)...])
        let (n, sequences, initials, nonSequences) = try scan.parts(forward)
        let pullback = try b.pullbackFunction()
        let windows = scan.windows

        // Gradient of every row of each recurrent output, the initial rows first.
        let stateGrads = try b.taps.indices.map { j -> NDArray in
            let rowShape = Array(outputs[j].shape.dropFirst())
            let g = try NDArray.zeros(.float64, [windows[j] + n] + rowShape)
            try g.sliced(axis: 0, start: windows[j], count: n, step: 1).assign(from: seeds[j])
            return g
        }
        let sequenceGrads = try sequences.map { try NDArray.zeros(.float64, $0.shape) }
        let nonSequenceGrads = try nonSequences.map { try NDArray.zeros(.float64, $0.shape) }
        let floatInner = b.innerInputs.map { $0.dtype == .float64 }

        for t in stride(from: n - 1, through: 0, by: -1) {
            let values = scan.stepInputs(t, sequences, initials, nonSequences, outputs)
            var stepSeeds: [NDArray] = []
            for (j, o) in b.outputs.enumerated() {
                if j < b.recurrentCount {
                    stepSeeds.append(stateGrads[j].selecting(axis: 0, index: windows[j] + t))
                } else {
                    stepSeeds.append(try seeds[j].selecting(axis: 0, index: t).cast(to: .float64))
                }
                _ = o
            }
            let grads = try pullback(values + stepSeeds)
            // grads follows the float inner inputs; walk the inner inputs in order.
            var next = grads.makeIterator()
            var position = 0
            for s in sequenceGrads.indices {
                if floatInner[position], let g = next.next() {
                    try sequenceGrads[s].selecting(axis: 0, index: t).assign(from: g)
                }
                position += 1
            }
            for (j, taps) in b.taps.enumerated() {
                for tap in taps {
                    if floatInner[position], let g = next.next() {
                        let row = stateGrads[j].selecting(axis: 0, index: windows[j] + t + tap)
                        try ScalarOp.add.apply([row, g], into: row)
                    }
                    position += 1
                }
            }
            for i in nonSequenceGrads.indices {
                if floatInner[position], let g = next.next() {
                    try ScalarOp.add.apply([nonSequenceGrads[i], g], into: nonSequenceGrads[i])
                }
                position += 1
            }
        }
        let initialGrads = try b.taps.indices.map { j -> NDArray in
            let head = stateGrads[j].sliced(axis: 0, start: 0, count: windows[j], step: 1)
            return b.taps[j] == [-1] ? head.selecting(axis: 0, index: 0) : try head.copy()
        }
        return sequenceGrads + initialGrads + nonSequenceGrads
    }
}

extension Scan: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        let seeds = try zip(node.outputs, outputGradients).map { output, g in try g ?? zerosLike(output, dtype: .float64) }
        let gradNode = try Apply(ScanGrad(self), node.inputs + node.outputs + seeds)
        let grads = gradNode.outputs
        return [nil] + zip(node.inputs.dropFirst(), grads).map { input, g in input.dtype == .float64 ? g : nil }
    }
}
