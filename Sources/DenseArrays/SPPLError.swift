// SPPLError.swift — the one error type every layer throws; its kind picks the Python exception.

/// An error with a message a user can act on. `kind` maps to a Python exception class
/// at the C ABI (`TypeError`, `ValueError`, ...).
public struct SPPLError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Int32, Sendable {
        case type = 1
        case value = 2
        case index = 3
        case runtime = 4
        case linAlg = 5
        case missingInput = 6
        case notImplemented = 7
        case memory = 8
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    public static func value(_ message: String) -> SPPLError { SPPLError(.value, message) }
    public static func type(_ message: String) -> SPPLError { SPPLError(.type, message) }
    public static func index(_ message: String) -> SPPLError { SPPLError(.index, message) }
    public static func runtime(_ message: String) -> SPPLError { SPPLError(.runtime, message) }
}

/// Formats a shape the way NumPy prints it: `(3,)`, `(2, 4)`, `()`.
public func formatShape(_ shape: [Int]) -> String {
    if shape.count == 1 { return "(\(shape[0]),)" }
    return "(" + shape.map(String.init).joined(separator: ", ") + ")"
}
