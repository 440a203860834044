// LogDensity.swift — the one protocol the samplers see: a dimension, and the log density with its gradient at a point.

/// Why a log density could not be evaluated at a point.
public enum LogDensityError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The point is bad (a NaN, an infinite log density, a parameter outside its domain):
    /// a sampler treats the step that reached it as a divergence and carries on.
    case recoverable(String)
    /// Evaluation cannot work at all (a shape mismatch, an internal failure): sampling stops
    /// and reports this message.
    case fatal(String)

    public var description: String {
        switch self {
        case .recoverable(let message): return "recoverable log-density error: \(message)"
        case .fatal(let message): return message
        }
    }
}

/// An unnormalized log density on R^dimension with its gradient.
///
/// A sampler evaluates it millions of times, so the interface passes raw buffers: the
/// position is read-only and `gradient` (length `dimension`) is written in place. Each
/// chain gets its own instance (compiled functions keep scratch buffers), so an
/// implementation may mutate itself and need not be thread-safe.
///
/// Returning a non-finite value, or a non-finite gradient, counts as a recoverable error.
public protocol LogDensity {
    var dimension: Int { get }
    mutating func logDensity(at position: UnsafeBufferPointer<Double>,
                             gradient: UnsafeMutableBufferPointer<Double>) throws -> Double
}

/// A log density given by a closure (tests, quick experiments, densities written in Swift).
public struct ClosureLogDensity: LogDensity {
    public let dimension: Int
    private let body: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws -> Double

    public init(dimension: Int,
                _ body: @escaping (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws -> Double) {
        self.dimension = dimension
        self.body = body
    }

    public mutating func logDensity(at position: UnsafeBufferPointer<Double>,
                                    gradient: UnsafeMutableBufferPointer<Double>) throws -> Double {
        try body(position, gradient)
    }
}

/// A chain's density behind one indirect call per evaluation. The sampler's own code is then
/// concrete: compiled once in this module and fully optimized, instead of running as
/// unspecialized generic code (field offsets and metadata looked up at run time on every
/// leapfrog step) for density types defined in other modules, such as ModelCore's.
struct ErasedLogDensity {
    let dimension: Int
    private let body: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws -> Double

    init<Density: LogDensity>(_ density: Density) {
        // Held through a pointer: a captured `var` (or a class's stored property) would be
        // checked for exclusive access at run time on every call.
        let storage = DensityStorage(density)
        dimension = density.dimension
        body = { try storage.pointer.pointee.logDensity(at: $0, gradient: $1) }
    }

    @inline(__always)
    func logDensity(at position: UnsafeBufferPointer<Double>,
                    gradient: UnsafeMutableBufferPointer<Double>) throws -> Double {
        try body(position, gradient)
    }
}

/// Owns one density value at a fixed address.
private final class DensityStorage<Density: LogDensity> {
    let pointer: UnsafeMutablePointer<Density>

    init(_ density: Density) {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: density)
    }

    deinit {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }
}
