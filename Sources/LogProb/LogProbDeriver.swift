// LogProbDeriver.swift — derives the log-probability of a graph built from random variables: the dispatch, the random/valued bookkeeping and the error when no rule applies.

import DenseArrays
import RandomVariables
import TensorGraph
import TensorOps

/// A derived log-probability: elementwise over the batch, with `ndimSupp` trailing
/// value dimensions consumed by each term (0 for scalar distributions).
public struct DerivedLogProb {
    public let logp: Variable
    public let ndimSupp: Int
}

/// A rule deriving a measurable operation's density from its random input's
/// (AePPL's measurable rewrites). Returns nil when the node is not its kind.
public typealias MeasurableRule = (_ deriver: LogProbDeriver, _ node: Apply, _ output: Variable, _ value: Variable) throws -> DerivedLogProb?

/// Which probability a rule is asked for.
public enum ProbabilityKind: String, Sendable {
    case logp, logcdf, icdf
}

/// Derives densities of variables conditioned on the values of `valued` ones.
/// A variable is *random* when it depends on a draw not conditioned by a value;
/// measurable operations are those with exactly one random input.
public final class LogProbDeriver {
    /// Valued variables (random variables or measurable expressions of them) and their values.
    public let valued: [Variable: Variable]
    private var randomCache: [Variable: Bool] = [:]

    public init(valued: [Variable: Variable]) {
        self.valued = valued
    }

    /// Whether `v` depends on a draw that no value conditions.
    public func isRandom(_ v: Variable) -> Bool {
        if valued[v] != nil || v.type.isRandomGenerator { return false }
        if let known = randomCache[v] { return known }
        // Iterative post-order walk (graphs can be deep: a long chain of updates).
        var stack: [(Variable, Bool)] = [(v, false)]
        while let (x, expanded) = stack.popLast() {
            if randomCache[x] != nil { continue }
            if valued[x] != nil || x.type.isRandomGenerator { randomCache[x] = false; continue }
            guard let node = x.owner else { randomCache[x] = false; continue }
            if node.op is RandomVariableOp { randomCache[x] = x.index == 1; continue }
            if expanded {
                randomCache[x] = node.inputs.contains { randomCache[$0] ?? false }
            } else {
                stack.append((x, true))
                for input in node.inputs where randomCache[input] == nil { stack.append((input, false)) }
            }
        }
        return randomCache[v] ?? false
    }

    /// The inputs of `node` that are random.
    public func randomInputs(_ node: Apply) -> [Int] {
        node.inputs.indices.filter { isRandom(node.inputs[$0]) }
    }

    /// The log-density (or mass) of `x` at `value`.
    public func logp(_ x: Variable, at value: Variable) throws -> DerivedLogProb {
        try derive(.logp, x, value)
    }

    /// The log-CDF of `x` at `value` (scalar distributions and monotone maps of them).
    public func logcdf(_ x: Variable, at value: Variable) throws -> DerivedLogProb {
        try derive(.logcdf, x, value)
    }

    /// The quantile of `x` at probability `q`.
    public func icdf(_ x: Variable, at q: Variable) throws -> DerivedLogProb {
        try derive(.icdf, x, q)
    }

    func derive(_ kind: ProbabilityKind, _ x: Variable, _ value: Variable) throws -> DerivedLogProb {
        if let (op, node) = randomVariableNode(x) {
            return try distribution(kind, op, node, value)
        }
        guard let node = x.owner, isRandom(x) else {
            throw SPPLError.value("cannot derive the \(kind.rawValue) of \(describe(x)): it does not depend on any random variable")
        }
        for rule in LogProbDeriver.rules(for: kind) {
            if let result = try rule(self, node, x, value) { return result }
        }
        let sources = randomInputs(node).map { describe(node.inputs[$0]) }.joined(separator: ", ")
        throw SPPLError(.notImplemented, "cannot derive the \(kind.rawValue) of \(describe(x)): \(node.op) applied to \(sources) is not a measurable operation swiftppl knows")
    }

    private func distribution(_ kind: ProbabilityKind, _ op: RandomVariableOp, _ node: Apply, _ value: Variable) throws -> DerivedLogProb {
        let name = op.spec.name
        guard let entry = LogProbCatalog.entry(named: name) else {
            throw SPPLError(.notImplemented, "no log-probability is defined for the \(name) distribution")
        }
        let params = Array(node.inputs[2...])
        let builder: LogProbBuilder?
        switch kind {
        case .logp: builder = entry.logp
        case .logcdf: builder = entry.logcdf
        case .icdf: builder = entry.icdf
        }
        guard let builder else {
            throw SPPLError(.notImplemented, "the \(name) distribution has no \(kind.rawValue)")
        }
        let typedValue = try kind == .icdf || op.spec.dtype == .float64 || value.dtype == .float64
            ? asFloat(value) : value
        return DerivedLogProb(logp: try builder(typedValue, params), ndimSupp: kind == .logp ? op.spec.ndimSupp : 0)
    }

    /// How errors name a variable: its name, else its op.
    func describe(_ x: Variable) -> String {
        if let name = x.name { return "'\(name)'" }
        if let node = x.owner { return "the output of \(node.op)" }
        return "\(x)"
    }

    /// The rules tried, in order, for each kind of probability.
    static func rules(for kind: ProbabilityKind) -> [MeasurableRule] {
        switch kind {
        case .logp: return logpRules
        case .logcdf: return logcdfRules
        case .icdf: return icdfRules
        }
    }
}

/// `v` as float64 (values of continuous variables given as integers).
func asFloat(_ v: Variable) throws -> Variable {
    v.dtype == .float64 ? v : try cast(v, to: .float64)
}
