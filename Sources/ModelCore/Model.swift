// Model.swift — the Swift-native model: named random variables with value variables and transforms, the joint log density, initial points, forward draws and NUTS.

import Autodiff
import Compile
import DenseArrays
import LogProb
import RandomVariables
import Sampling
import TensorGraph
import TensorOps
import Transforms

/// What a model parameter may be given as: a graph, a constant array or a number.
public protocol ModelParameter {
    func asVariable() throws -> Variable
}

extension Variable: ModelParameter {
    public func asVariable() throws -> Variable { self }
}

extension Double: ModelParameter {
    public func asVariable() throws -> Variable { constant(self) }
}

extension Int: ModelParameter {
    public func asVariable() throws -> Variable { constant(Double(self)) }
}

extension NDArray: ModelParameter {
    public func asVariable() throws -> Variable { constant(self) }
}

extension Array: ModelParameter where Element == Double {
    public func asVariable() throws -> Variable { constant(NDArray(self)) }
}

/// A probabilistic model built in Swift (the same engine as `pm.Model`).
///
///     let model = Model(seed: 1)
///     let mu = try model.normal("mu", mu: 0, sigma: 2)
///     let sigma = try model.halfNormal("sigma", sigma: 3)
///     _ = try model.normal("y", mu: mu, sigma: sigma, observed: NDArray([0.3, -1.2, 2.5]))
///     let traces = try model.sample(NUTSOptions())
///
/// Each free variable gets a value variable, on the real line when its support is
/// bounded (`sigma_log__`); `logp()` is the joint log density of the value variables
/// with the transforms' log-Jacobians.
public final class Model {
    public private(set) var freeVariables: [Variable] = []
    public private(set) var observedVariables: [Variable] = []
    public private(set) var deterministics: [Variable] = []
    public private(set) var potentials: [Variable] = []
    /// Random variable → its value variable (free) or its data (observed).
    public private(set) var values: [Variable: Variable] = [:]
    public private(set) var transforms: [Variable: any ValueTransform] = [:]
    /// Random variable → the point the sampler starts from (PyMC's support point).
    private var supportPoints: [Variable: Variable] = [:]
    private var named: [String: Variable] = [:]
    private let seed: UInt64
    private var streams: UInt64 = 0

    public init(seed: UInt64 = 0) { self.seed = seed }

    public subscript(name: String) -> Variable? { named[name] }

    /// The value variables of the free variables, in order.
    public var valueVariables: [Variable] { freeVariables.compactMap { values[$0] } }

    // MARK: Registration

    /// Adds a random variable built with `randomVariable(...)`: observed when `observed` is
    /// given, else free with a value variable (transformed by `transform`).
    @discardableResult
    public func add(_ name: String, _ rv: Variable, observed: NDArray? = nil, transform: (any ValueTransform)? = nil,
                    supportPoint: Variable? = nil) throws -> Variable {
        guard randomVariableNode(rv) != nil else {
            throw SPPLError.type("\(name): expected the draw of a random variable, got \(rv)")
        }
        try claim(name, rv)
        if let observed {
            let shape = rv.type.shape
            guard shape.count == observed.ndim, zip(shape, observed.shape).allSatisfy({ $0 == nil || $0 == $1 }) else {
                throw SPPLError.value("\(name): observed data of shape \(formatShape(observed.shape)) does not match the variable's type \(rv.type)")
            }
            observedVariables.append(rv)
            values[rv] = constant(try observed.cast(to: rv.dtype))
            return rv
        }
        guard rv.type.shape.allSatisfy({ $0 != nil }) else {
            throw SPPLError.value("\(name): a free variable needs a static shape, got \(rv.type)")
        }
        freeVariables.append(rv)
        let value: Variable
        if let transform {
            let image = try transform.forward(rv)
            value = Variable(image.type, name: "\(name)_\(transform.name)__")
            transforms[rv] = transform
        } else {
            value = Variable(rv.type, name: name)
        }
        named[value.name ?? name] = named[value.name ?? name] ?? value
        values[rv] = value
        if let supportPoint { supportPoints[rv] = supportPoint }
        return rv
    }

    /// A named function of other variables, kept with the draws.
    @discardableResult
    public func deterministic(_ name: String, _ variable: Variable) throws -> Variable {
        try claim(name, variable)
        deterministics.append(variable)
        return variable
    }

    /// An extra term of the log density.
    @discardableResult
    public func potential(_ name: String, _ term: Variable) throws -> Variable {
        try claim(name, term)
        potentials.append(term)
        return term
    }

    /// Names `variable` and records it, refusing a name already taken.
    private func claim(_ name: String, _ variable: Variable) throws {
        guard !name.isEmpty else { throw SPPLError.value("a model variable needs a non-empty name") }
        guard named[name] == nil else { throw SPPLError.value("Variable name \(name) already exists.") }
        variable.name = name
        named[name] = variable
    }

    /// A fresh generator for the next random variable: stream k of the model's seed.
    public func nextGenerator() throws -> Variable {
        streams += 1
        return try sharedRandomGenerator(seed: seed, stream: streams)
    }

    // MARK: Log density

    /// Free variables at their (back-transformed) value variables, observed ones at their data.
    /// Free variables go in creation order (parents first) and each back-transform gets the
    /// values of the variables its bounds depend on (uniform(lower: mu, ...)): no expression
    /// holds a random variable, which evaluation would otherwise draw afresh at every call.
    func valueExpressions() throws -> [Variable: Variable] {
        var result: [Variable: Variable] = [:]
        for rv in freeVariables + observedVariables {
            guard let value = values[rv] else { continue }
            guard let transform = transforms[rv] else {
                result[rv] = value
                continue
            }
            let back = try transform.backward(value)
            result[rv] = result.isEmpty ? back : try cloneReplace([back], replace: result)[0]
        }
        return result
    }

    /// One elementwise log-density term per free and observed variable, then the potentials.
    public func logpTerms(jacobian: Bool = true) throws -> [Variable] {
        let expressions = try valueExpressions()
        let rvs = freeVariables + observedVariables
        let terms = try conditionalLogp(rvs.map { ($0, expressions[$0]!) })
        var result: [Variable] = []
        for (rv, term) in zip(rvs, terms) {
            if jacobian, let transform = transforms[rv], let value = values[rv] {
                let logJacobian = try transform.logJacobianDeterminant(value)
                result.append(try term + cloneReplace([logJacobian], replace: expressions)[0])
            } else {
                result.append(term)
            }
        }
        let replacements = Dictionary(uniqueKeysWithValues: freeVariables.map { ($0, expressions[$0]!) })
        result += try cloneReplace(potentials, replace: replacements)
        return result
    }

    /// The joint log density of the value variables (a scalar).
    public func logp(jacobian: Bool = true) throws -> Variable {
        var total: Variable? = nil
        for term in try logpTerms(jacobian: jacobian) {
            let s = try sum(term)
            total = try total.map { try $0 + s } ?? s
        }
        return total ?? constant(0.0)
    }

    /// The log density compiled with its gradient, for samplers and optimizers.
    public func compileLogDensity() throws -> CompiledLogDensityFunction {
        try CompiledLogDensityFunction(logp: try logp(), values: valueVariables)
    }

    // MARK: Points

    /// {value variable name: value}: each free variable's support point mapped by its transform.
    public func initialPoint() throws -> [String: NDArray] {
        var point: [String: NDArray] = [:]
        var known: [Variable: Variable] = [:]
        for rv in freeVariables {
            guard let start = supportPoints[rv] else {
                throw SPPLError.value("\(rv.name ?? "a variable") has no support point; add it with supportPoint:")
            }
            let resolved = try cloneReplace([start + zerosLike(rv)], replace: known)[0]
            let natural = try evaluate([resolved])[0]
            known[rv] = constant(natural)
            // The transform's bounds at the initial values of the variables they depend on.
            let transformed = try transforms[rv].map {
                try evaluate(cloneReplace([try $0.forward(constant(natural))], replace: known))[0]
            } ?? natural
            point[values[rv]!.name!] = transformed
        }
        return point
    }

    /// The initial point as one flat vector in `valueVariables` order.
    public func flatInitialPoint() throws -> [Double] {
        let point = try initialPoint()
        return valueVariables.flatMap { point[$0.name!]!.doubles }
    }

    // MARK: Forward sampling and NUTS

    /// `count` joint forward draws of `variables` (each call of the compiled function advances
    /// every generator in the graph).
    public func draw(_ variables: [Variable], count: Int) throws -> [[NDArray]] {
        guard count >= 1 else { throw SPPLError.value("count must be >= 1, got \(count)") }
        var updates: [(Variable, Variable)] = []
        for v in ancestors(variables) {
            if let (_, node) = randomVariableNode(v), let rng = node.inputs.first, rng.sharedValue != nil {
                updates.append((rng, node.outputs[0]))
            }
        }
        let f = try Function(inputs: [], outputs: variables, updates: updates)
        return try (0..<count).map { _ in try f([]) }
    }

    /// Samples the free variables with NUTS; draws are on the value variables' (unconstrained) scale.
    public func sample(_ options: NUTSOptions) throws -> [ChainTrace] {
        let compiled = try compileLogDensity()
        return try sampleNUTS(options: options, initialPoints: [try flatInitialPoint()]) { _ in try compiled.makeDensity() }
    }

    /// The free variables and deterministics on their own scale at each draw of `trace`
    /// (warm-up excluded): name → one array per draw.
    public func constrainedDraws(_ trace: ChainTrace) throws -> [String: [NDArray]] {
        let expressions = try valueExpressions()
        let replacements = Dictionary(uniqueKeysWithValues: freeVariables.map { ($0, expressions[$0]!) })
        let outputs = try freeVariables.map { expressions[$0]! } + cloneReplace(deterministics, replace: replacements)
        let names = (freeVariables + deterministics).map { $0.name ?? "?" }
        let f = try Function(inputs: valueVariables, outputs: outputs)
        let layout = try FlatLayout(valueVariables)
        var result: [String: [NDArray]] = Dictionary(uniqueKeysWithValues: names.map { ($0, []) })
        for k in min(trace.tune, trace.count)..<trace.count {
            let flat = Array(trace.positions[(k * trace.dimension)..<((k + 1) * trace.dimension)])
            for (name, value) in zip(names, try f(try layout.split(flat))) { result[name]!.append(value) }
        }
        return result
    }
}
