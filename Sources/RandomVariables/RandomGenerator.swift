// RandomGenerator.swift — a random generator as a graph value: the (seed, stream, position) of a Philox stream in three int64 words.

import DenseArrays
import RandomCore
import TensorGraph

extension RandomStream {
    /// The stream a generator-state value describes.
    public init(state: NDArray) throws {
        guard state.dtype == .int64, state.shape == [3] else {
            throw SPPLError.type("a random generator state is an int64 array of shape (3,), got \(state.dtype) of shape \(formatShape(state.shape))")
        }
        self.init(seed: UInt64(bitPattern: state.int64(flat: 0)), stream: UInt64(bitPattern: state.int64(flat: 1)),
                  position: UInt64(bitPattern: state.int64(flat: 2)))
    }

    /// This stream as a generator-state value (words reinterpreted as int64).
    public var state: NDArray {
        NDArray([Int64(bitPattern: seed), Int64(bitPattern: streamID), Int64(bitPattern: position)])
    }
}

/// A shared random generator (what `shared(np.random.default_rng(seed))` is in PyTensor):
/// the state of stream `stream` under `seed`, at its start.
public func sharedRandomGenerator(seed: UInt64, stream: UInt64 = 0, name: String? = nil) throws -> Variable {
    try Variable(shared: RandomStream(seed: seed, stream: stream).state, type: .randomGenerator, name: name)
}

/// Requires `rng` to be a random generator.
func checkGenerator(_ rng: Variable, for what: String) throws {
    guard rng.type.isRandomGenerator else {
        throw SPPLError.type("\(what): rng must be a random generator (a shared variable made from a generator), got \(rng.type)")
    }
}
