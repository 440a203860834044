// Variable.swift — graph variables: inputs, constants, shared values and node outputs.

import DenseArrays
import Synchronization

/// A shared variable's value: mutable state outside the graph that compiled
/// functions read and may update (PyTensor's shared variables).
///
/// Functions run without the GIL, so one thread may store a function's update while
/// others read or set the value: every access takes the lock (an unguarded NDArray
/// copy racing with its replacement could retain storage already freed).
public final class SharedValue: Sendable {
    private let current: Mutex<NDArray>
    public let type: TensorType

    init(_ value: NDArray, type: TensorType) {
        current = Mutex(value)
        self.type = type
    }

    /// The current value.
    public var value: NDArray { current.withLock { $0 } }

    /// Replaces the value after checking it against the variable's type.
    public func set(_ newValue: NDArray, name: String) throws {
        try type.check(newValue, for: "shared variable \(name)")
        let previous = current.withLock { value in
            let previous = value
            value = newValue
            return previous
        }
        // Dropped here, after the lock: releasing a caller's (NumPy) memory may have to
        // wait for the GIL, which a thread waiting for this lock could be holding.
        withExtendedLifetime(previous) {}
    }
}

/// A symbolic tensor: a typed value in a graph, either a root (input, constant,
/// shared) or output `index` of the node `owner`. Identity is object identity.
public final class Variable: Hashable, CustomStringConvertible {
    public enum Kind {
        case input
        case constant(NDArray)
        case shared(SharedValue)
        case output
    }

    public let type: TensorType
    public let kind: Kind
    /// The node computing this variable (strong: a node lives as long as any of its outputs).
    /// Only cleared while the graph is being torn down (see `deinit`).
    public private(set) var owner: Apply?
    /// Which output of `owner` this is.
    public let index: Int
    private var rootName: String?

    /// A free input of the given type (what `pt.vector("x")` creates).
    public init(_ type: TensorType, name: String? = nil) {
        self.type = type
        kind = .input
        owner = nil
        index = 0
        rootName = name
    }

    /// A constant wrapping `value` (no copy).
    public init(constant value: NDArray, name: String? = nil) {
        type = TensorType(value.dtype, shape: value.shape.map { $0 })
        kind = .constant(value)
        owner = nil
        index = 0
        rootName = name
    }

    /// A shared variable holding `value`; its static shape is unknown except for rank.
    public convenience init(shared value: NDArray, name: String? = nil, staticShape: [Int?]? = nil) {
        let type = TensorType(value.dtype, shape: staticShape ?? [Int?](repeating: nil, count: value.ndim))
        self.init(uncheckedShared: value, type: type, name: name)
    }

    /// A shared variable of an explicit type (a random generator's state, say).
    public convenience init(shared value: NDArray, type: TensorType, name: String? = nil) throws {
        try type.check(value, for: "shared variable \(name ?? "")")
        self.init(uncheckedShared: value, type: type, name: name)
    }

    private init(uncheckedShared value: NDArray, type: TensorType, name: String?) {
        self.type = type
        kind = .shared(SharedValue(value, type: type))
        owner = nil
        index = 0
        rootName = name
    }

    init(owner: Apply, index: Int) {
        type = owner.outputTypes[index]
        kind = .output
        self.owner = owner
        self.index = index
        rootName = nil
    }

    /// The user-facing name; outputs store theirs on the node so that it survives
    /// even if this particular Swift object is recreated.
    public var name: String? {
        get { owner.map { $0.outputNames[index] } ?? rootName }
        set {
            if let owner { owner.outputNames[index] = newValue } else { rootName = newValue }
        }
    }

    public var ndim: Int { type.ndim }
    public var dtype: DType { type.dtype }

    /// The value of a constant, nil otherwise.
    public var constantValue: NDArray? {
        if case .constant(let value) = kind { return value }
        return nil
    }

    /// The storage of a shared variable, nil otherwise.
    public var sharedValue: SharedValue? {
        if case .shared(let value) = kind { return value }
        return nil
    }

    public var isConstant: Bool { constantValue != nil }

    /// How PyTensor prints a variable: its name, else the op and output index, else the type.
    public var description: String {
        if let name { return name }
        if let owner { return "\(owner.op).\(index)" }
        if let value = constantValue { return "TensorConstant{\(formatConstant(value))}" }
        if type.isRandomGenerator, sharedValue != nil { return "RNG<Philox4x32-10>" }
        return "<\(type)>"
    }

    public static func == (a: Variable, b: Variable) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    /// Frees the graph below this variable iteratively. Left to ARC, releasing the last
    /// reference to a long chain (y = y + 1 in a loop, 10⁴-10⁵ deep) releases the owner,
    /// which releases its inputs, which release their owners, ... one stack frame group
    /// per level, and overflows the stack. Instead, every node and variable this deinit
    /// is the last holder of is detached from what it references and queued, so each
    /// object is destroyed with nothing left beneath it.
    deinit {
        guard owner != nil else { return }
        // No local binding of the owner: the queue must hold its only reference.
        var pending = [owner!]
        owner = nil
        while var node = pending.popLast() {
            // Only a node nobody else holds (its outputs hold it strongly) is freed now.
            guard isKnownUniquelyReferenced(&node) else { continue }
            var inputs = node.detachInputs()
            while var input = inputs.popLast() {
                if isKnownUniquelyReferenced(&input), let owner = input.owner {
                    input.owner = nil
                    pending.append(owner)
                }
            }
        }
    }
}
