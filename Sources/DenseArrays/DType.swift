// DType.swift — the element types a tensor holds and NumPy-style promotion between them.

/// Element type of an array or tensor. Raw values are the codes used by the C ABI.
public enum DType: Int32, CaseIterable, Sendable, CustomStringConvertible {
    case bool = 0
    case int64 = 1
    case float64 = 2

    /// Bytes per element (bools are one byte holding 0 or 1, as in NumPy).
    @inlinable public var itemSize: Int { self == .bool ? 1 : 8 }

    public var description: String {
        switch self {
        case .bool: return "bool"
        case .int64: return "int64"
        case .float64: return "float64"
        }
    }

    public init?(name: String) {
        switch name {
        case "bool": self = .bool
        case "int64": self = .int64
        case "float64": self = .float64
        default: return nil
        }
    }

    public var isFloat: Bool { self == .float64 }
    public var isInteger: Bool { self == .int64 }

    /// The smallest type both operands convert to without loss of kind
    /// (bool < int64 < float64), as NumPy does for arrays of these types.
    @inlinable public static func promote(_ a: DType, _ b: DType) -> DType {
        a.rawValue >= b.rawValue ? a : b
    }

    /// Whether a value of `self` converts to `target` without losing information.
    public func canCastSafely(to target: DType) -> Bool { rawValue <= target.rawValue }
}

/// Swift types used as array elements; `Bool` arrays store `UInt8` 0/1.
public protocol ArrayElement: Sendable {
    static var dtype: DType { get }
    init(fromDouble value: Double)
    var doubleValue: Double { get }
}

extension Double: ArrayElement {
    public static var dtype: DType { .float64 }
    @inlinable public init(fromDouble value: Double) { self = value }
    @inlinable public var doubleValue: Double { self }
}

extension Int64: ArrayElement {
    public static var dtype: DType { .int64 }
    /// Truncates toward zero like NumPy's float -> int cast; out-of-range and NaN map to Int64.min
    /// (what NumPy gives on x86) instead of trapping.
    @inlinable public init(fromDouble value: Double) {
        if value.isNaN || value >= 9.223372036854775807e18 || value < -9.223372036854775808e18 {
            self = Int64.min
        } else {
            self = Int64(value)
        }
    }
    @inlinable public var doubleValue: Double { Double(self) }
}

extension UInt8: ArrayElement {
    public static var dtype: DType { .bool }
    @inlinable public init(fromDouble value: Double) { self = value != 0 ? 1 : 0 }
    @inlinable public var doubleValue: Double { self != 0 ? 1 : 0 }
}
