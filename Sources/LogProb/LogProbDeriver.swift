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

/// A rule deriving a measurable operation's density (or log-CDF, or quantile) from
/// its random inputs' (AePPL's measurable rewrites). Returns nil when the node is not
/// its kind, or when it has no such probability.
public typealias MeasurableRule = (_ deriver: LogProbDeriver, _ kind: ProbabilityKind, _ node: Apply, _ output: Variable,
                                   _ value: Variable) throws -> DerivedLogProb?

/// Which probability a rule is asked for.
public enum ProbabilityKind: String, Sendable {
    case logp, logcdf, icdf

    /// How messages name it.
    var what: String {
        switch self {
        case .logp: return "density"
        case .logcdf: return "log-CDF"
        case .icdf: return "quantile"
        }
    }
}

/// Derives densities of variables conditioned on the values of `valued` ones.
/// A variable is *random* when it depends on a draw not conditioned by a value;
/// measurable operations are those with exactly one random input.
public final class LogProbDeriver {
    /// Valued variables (random variables or measurable expressions of them) and their values.
    public let valued: [Variable: Variable]
    private var randomCache: [Variable: Bool] = [:]
    /// Random variables summed out of a mixture (an index or switch condition with no
    /// value), with the variable whose density marginalized them.
    public private(set) var marginalized: [Variable: Variable] = [:]
    /// Indexing nodes this deriver built while lifting a selection towards its random
    /// variables; their selection was checked where the user's indexing was.
    var liftedSelections: Set<Variable> = []

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
        // A valued variable counts as non-random for the graphs that use it, but its own
        // density is asked for here: it is random when its inputs are.
        guard let node = x.owner, valued[x] == nil ? isRandom(x) : node.inputs.contains(where: isRandom) else {
            throw SPPLError.value("cannot derive the \(kind.rawValue) of \(describe(x)): it does not depend on any random variable")
        }
        for rule in LogProbDeriver.measurableRules {
            if let result = try rule(self, kind, node, x, value) { return result }
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

    /// How errors name a variable: its name, else (through DimShuffles, which only lay
    /// a variable out) its op.
    func describe(_ x: Variable) -> String {
        if let name = x.name { return "'\(name)'" }
        if let node = x.owner, node.op is DimShuffle { return describe(node.inputs[0]) }
        if let node = x.owner { return "the output of \(node.op)" }
        return "\(x)"
    }

    /// The error for an operation on random inputs that has no derivable probability.
    func notMeasurable(_ kind: ProbabilityKind, _ x: Variable, _ reason: String) -> SPPLError {
        SPPLError(.notImplemented, "cannot derive the \(kind.what) of \(describe(x)): \(reason)")
    }

    /// The random variables without values that `outputs` depend on (stopping at valued ones).
    func randomSources(_ outputs: [Variable]) -> Set<Variable> {
        Set(ancestors(outputs, blockers: Set(valued.keys)).filter { randomVariableNode($0) != nil && isRandom($0) })
    }

    /// Throws unless the selector of a mixture (an index or switch condition) and the
    /// components it selects among are independent: no random variable feeds both.
    func checkIndependent(_ selector: Variable, of components: [Variable], _ kind: ProbabilityKind, _ output: Variable) throws {
        let shared = randomSources([selector]).intersection(randomSources(components))
        guard let common = shared.first else { return }
        throw notMeasurable(kind, output, "the selector \(describe(selector)) and the values it selects among both depend on \(describe(common)), so it is no mixture of independent components")
    }

    /// Throws when a variable summed out of a mixture also appears in one of the
    /// derived `terms` (a density depending on it, or its own components): summing it
    /// out separately would treat dependent terms as independent.
    func checkMarginalized(_ terms: [(of: Variable, logp: Variable)]) throws {
        guard !marginalized.isEmpty else { return }
        for (of, term) in terms {
            let used = Set(ancestors([term]))
            for (variable, mixture) in marginalized where used.contains(variable) {
                throw SPPLError(.notImplemented, "\(describe(variable)) is summed out of the mixture \(describe(mixture)), but the density of \(describe(of)) depends on it too; give \(describe(variable)) a value to condition on it instead")
            }
        }
    }

    /// Records that `variable` (a random variable with no value) is summed out of the
    /// density of `by`; one variable can be summed out only once, since the mixture
    /// terms it selects share it.
    func marginalize(_ variable: Variable, by: Variable) throws {
        if let previous = marginalized[variable], previous !== by {
            throw SPPLError(.notImplemented, "cannot marginalize \(describe(variable)) twice: it selects the components of both \(describe(previous)) and \(describe(by)), which are then dependent; give it a value")
        }
        marginalized[variable] = by
    }
}

/// `v` as float64 (values of continuous variables given as integers).
func asFloat(_ v: Variable) throws -> Variable {
    v.dtype == .float64 ? v : try cast(v, to: .float64)
}
