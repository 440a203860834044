// TensorType.swift — the static type of a tensor variable: dtype plus a shape whose extents may be unknown.

import DenseArrays

/// A tensor's static type: its dtype and, per axis, the length when known.
/// An axis of known length 1 is broadcastable.
public struct TensorType: Hashable, Sendable, CustomStringConvertible {
    public let dtype: DType
    public let shape: [Int?]
    /// True for a random generator's state (PyTensor's RandomGeneratorType): an int64
    /// array of three words (seed, stream, position) that only random variables read.
    public let isRandomGenerator: Bool

    public init(_ dtype: DType, shape: [Int?]) {
        self.dtype = dtype
        self.shape = shape
        isRandomGenerator = false
    }

    private init(randomGeneratorWords: Int) {
        dtype = .int64
        shape = [randomGeneratorWords]
        isRandomGenerator = true
    }

    /// The type of a random generator's state: (seed, stream, position) as int64 words.
    public static let randomGenerator = TensorType(randomGeneratorWords: 3)

    /// A type of `ndim` axes of unknown length.
    public init(_ dtype: DType, ndim: Int) {
        self.init(dtype, shape: [Int?](repeating: nil, count: ndim))
    }

    public var ndim: Int { shape.count }
    public var broadcastable: [Bool] { shape.map { $0 == 1 } }

    /// `TensorType(float64, (None, 3))`, PyTensor's spelling.
    public var description: String {
        if isRandomGenerator { return "RandomGeneratorType" }
        let parts = shape.map { $0.map(String.init) ?? "None" }
        let tuple = parts.count == 1 ? "(\(parts[0]),)" : "(" + parts.joined(separator: ", ") + ")"
        return "TensorType(\(dtype), \(tuple))"
    }

    /// Whether `array` is a value of this type (same dtype and rank, known extents matching).
    public func accepts(_ array: NDArray) -> Bool {
        array.dtype == dtype && array.ndim == ndim
            && zip(shape, array.shape).allSatisfy { $0.0 == nil || $0.0 == $0.1 }
    }

    /// Throws a message naming `what` when `array` is not a value of this type.
    public func check(_ array: NDArray, for what: @autoclosure () -> String) throws {
        if accepts(array) { return }
        let what = what()
        guard array.ndim == ndim else {
            throw SPPLError.type("\(what): wrong number of dimensions: expected \(ndim), got \(array.ndim) with shape \(formatShape(array.shape))")
        }
        guard array.dtype == dtype else {
            throw SPPLError.type("\(what) expects dtype \(dtype), got \(array.dtype)")
        }
        for (axis, (s, n)) in zip(shape, array.shape).enumerated() {
            if let s, s != n {
                throw SPPLError.value("\(what) has static shape \(TensorType.formatStatic(shape)) but got an array of shape \(formatShape(array.shape)) (axis \(axis))")
            }
        }
    }

    /// Whether a variable of `other` may stand in for one of this type (same dtype and rank,
    /// and no known extent contradicting another).
    public func isCompatible(with other: TensorType) -> Bool {
        isRandomGenerator == other.isRandomGenerator && dtype == other.dtype && ndim == other.ndim
            && zip(shape, other.shape).allSatisfy { $0.0 == nil || $0.1 == nil || $0.0 == $0.1 }
    }

    /// Static shape spelled like a Python tuple with None for unknown extents.
    public static func formatStatic(_ shape: [Int?]) -> String {
        let parts = shape.map { $0.map(String.init) ?? "None" }
        return parts.count == 1 ? "(\(parts[0]),)" : "(" + parts.joined(separator: ", ") + ")"
    }
}
