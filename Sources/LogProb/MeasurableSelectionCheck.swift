// MeasurableSelectionCheck.swift — the check that an indexing picks no element of a random tensor twice (two picks of one draw have no joint density).

import Autodiff
import DenseArrays
import TensorGraph
import TensorOps

/// Passes its first input through when the integer index arrays that follow (broadcast
/// together, as advanced indexing does) name no position twice, and otherwise throws a
/// ValueError. `extents` are the indexed axes' lengths where known, to compare negative
/// indices with the positions they count back from.
public struct DistinctSelectionCheck: DifferentiableOp, Hashable {
    public let extents: [Int?]
    public let message: String

    public init(extents: [Int?], message: String) {
        self.extents = extents
        self.message = message
    }

    public var description: String { "DistinctSelection{\(message)}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard let first = inputs.first, inputs.count == extents.count + 1 else {
            throw SPPLError.type("\(description) takes the checked value and \(extents.count) index array(s)")
        }
        for a in inputs.dropFirst() where a.dtype != .int64 {
            throw SPPLError.type("\(description): index arrays must be int64, got \(a.type)")
        }
        return [first.type]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        try checkDistinctPositions(Array(inputs.dropFirst()), extents: extents, message: message)
        return [inputs[0]]
    }

    public var outputsMayAlias: Bool { true }

    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        [outputGradients[0]] + node.inputs.dropFirst().map { _ in nil }
    }
}

/// Throws `message` (naming the position) when the broadcast index arrays repeat a
/// position; negative indices count back from the axis extent where it is known.
func checkDistinctPositions(_ arrays: [NDArray], extents: [Int?], message: String) throws {
    guard !arrays.isEmpty else { return }
    let shape = try broadcastShapes(arrays.map(\.shape))
    let columns = try arrays.map { try $0.cast(to: .int64).broadcast(to: shape).elements(as: Int64.self) }
    let count = columns[0].count
    var seen = Set<[Int64]>(minimumCapacity: count)
    for i in 0..<count {
        let position = columns.indices.map { k -> Int64 in
            let v = columns[k][i]
            if v < 0, let n = extents[k] { return v &+ Int64(n) }
            return v
        }
        if !seen.insert(position).inserted {
            let shown = position.map(String.init).joined(separator: ", ")
            throw SPPLError.value("\(message): position (\(shown)) is selected twice, and two picks of one draw have no joint density")
        }
    }
}
