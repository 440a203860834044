// Exports+Steps.swift — sampling runs behind handles (NUTS and compound step methods), and compound chains from C: blocks of Metropolis, DEMetropolisZ, Slice, Gibbs and NUTS over a joint log density.

import Compile
import Dispatch
import DenseArrays
import ModelCore
import Sampling
import Synchronization

/// What the progress, cancel and wait calls need of any run, whatever its traces.
class SamplerRunBase: @unchecked Sendable {
    let control: SamplingControl
    let chains: Int
    let dimension: Int

    init(chains: Int, dimension: Int) {
        self.chains = chains
        self.dimension = dimension
        control = SamplingControl(chains: chains)
    }

    var isFinished: Bool { false }
    func waitForChains() throws {}
}

/// Chains running on library threads while the caller polls progress (holding no lock the
/// chains need) and may cancel. The run stays alive until its chains finish, even if the
/// caller releases the handle.
final class SamplerRun<Trace>: SamplerRunBase, @unchecked Sendable {
    private let outcome = Mutex<Result<[Trace], any Error>?>(nil)
    private let finished = DispatchGroup()

    init(chains: Int, dimension: Int, body: @escaping @Sendable (SamplingControl) throws -> [Trace]) {
        super.init(chains: chains, dimension: dimension)
        finished.enter()
        let control = self.control
        DispatchQueue.global().async { [self] in
            let result = Result { try body(control) }
            self.outcome.withLock { $0 = result }
            self.finished.leave()
        }
    }

    override var isFinished: Bool { outcome.withLock { $0 != nil } }
    override func waitForChains() throws { _ = try wait() }

    /// Blocks until every chain has stopped; rethrows a sampling failure.
    func wait() throws -> [Trace] {
        finished.wait()
        guard let result = outcome.withLock({ $0 }) else {
            throw SPPLError.runtime("sampling ended without a result")
        }
        do {
            return try result.get()
        } catch let error as SamplingError {
            switch error {
            case .invalidOption: throw SPPLError.value(error.description)
            case .initialPointFailed, .densityFailed: throw SPPLError.runtime(error.description)
            }
        }
    }
}

/// One starting point for all chains, or one per chain: n_points x dimension finite doubles.
func readInitialPoints(_ pointer: UnsafePointer<Double>?, _ nPoints: Int64, _ dimension: Int64, expected: Int,
                       names: [String], chains: Int) throws -> [[Double]] {
    guard dimension == Int64(expected) else {
        throw SPPLError.value("initial points have \(dimension) values each, the log density has dimension \(expected) (\(names.joined(separator: ", ")))")
    }
    guard nPoints == 1 || nPoints == Int64(chains) else {
        throw SPPLError.value("give one initial point or one per chain (\(chains)), got \(nPoints)")
    }
    let (total, overflow) = nPoints.multipliedReportingOverflow(by: dimension)
    guard !overflow else { throw SPPLError.value("argument 'initial_points': \(nPoints) x \(dimension) values is too many") }
    let flat = try readArray(pointer, total, "initial_points", limit: 1 << 30)
    guard flat.allSatisfy(\.isFinite) else { throw SPPLError.value("initial points must be finite") }
    let d = Int(dimension)
    return (0..<Int(nPoints)).map { Array(flat[($0 * d)..<(($0 + 1) * d)]) }
}

/// Reads n C strings.
private func readNames(_ pointers: UnsafePointer<UnsafePointer<CChar>?>?, _ n: Int64, _ what: String) throws -> [String] {
    try readArray(pointers, n, what, limit: 4096).enumerated().map { i, p in
        guard let p else { throw SPPLError.value("argument '\(what)': entry \(i) is NULL") }
        return String(cString: p)
    }
}

/// One block's settings from its (name, value) options and per-coordinate values.
private func stepMethod(_ code: Int32, options: [(String, Double)], values: [Double], block b: Int) throws -> StepMethod {
    func flag(_ name: String, _ v: Double) throws -> Bool {
        guard v == 0 || v == 1 else { throw SPPLError.value("block \(b): \(name) must be 0 or 1, got \(v)") }
        return v == 1
    }
    func integer(_ name: String, _ v: Double) throws -> Int {
        guard v.isFinite, v.rounded() == v, v >= 1, v <= 1e9 else {
            throw SPPLError.value("block \(b): \(name) must be an integer in 1...1000000000, got \(v)")
        }
        return Int(v)
    }
    func unknown(_ name: String, _ known: String) -> SPPLError {
        SPPLError.value("block \(b): unknown option '\(name)' (known: \(known))")
    }
    switch code {
    case 0:
        if let (name, _) = options.first { throw unknown(name, "none; NUTS settings are run options") }
        return .nuts
    case 1:
        var m = MetropolisSettings()
        m.proposalScale = values.isEmpty ? nil : values
        for (name, v) in options {
            switch name {
            case "proposal": m.proposal = try proposalCode(v, block: b)
            case "scaling": m.scaling = v
            case "tune": m.tune = try flag(name, v)
            case "tune_interval": m.tuneInterval = try integer(name, v)
            case "elementwise": m.elementwise = try flag(name, v)
            default: throw unknown(name, "proposal, scaling, tune, tune_interval, elementwise")
            }
        }
        return .metropolis(m)
    case 2:
        var s = SliceSettings()
        s.width = values.isEmpty ? nil : values
        for (name, v) in options {
            switch name {
            case "tune": s.tune = try flag(name, v)
            case "iter_limit": s.iterationLimit = v == .infinity ? Int.max : try integer(name, v)
            default: throw unknown(name, "tune, iter_limit")
            }
        }
        return .slice(s)
    case 3:
        var g = BinaryGibbsSettings()
        for (name, v) in options {
            switch name {
            case "transit_p": g.transitionProbability = v
            case "shuffle": g.shuffle = try flag(name, v)
            default: throw unknown(name, "transit_p, shuffle")
            }
        }
        return .binaryGibbs(g)
    case 4:
        let categories = try values.map { v -> Int in
            guard v.isFinite, v.rounded() == v, v >= 2, v <= Double(1 << 24) else {
                throw SPPLError.value("block \(b): a categorical coordinate needs a whole number of categories in 2...16777216, got \(v)")
            }
            return Int(v)
        }
        var g = CategoricalGibbsSettings(categories: categories)
        for (name, v) in options {
            switch name {
            case "proportional": g.proportional = try flag(name, v)
            case "shuffle": g.shuffle = try flag(name, v)
            default: throw unknown(name, "proportional, shuffle")
            }
        }
        return .categoricalGibbs(g)
    case 5:
        var z = DEMetropolisZSettings()
        z.proposalScale = values.isEmpty ? nil : values
        for (name, v) in options {
            switch name {
            case "proposal": z.proposal = try proposalCode(v, block: b)
            case "scaling": z.scaling = v
            case "lamb": z.lambda = v
            case "tune":
                guard let target = DEMetropolisZTuning(rawValue: Int(exactly: v) ?? -1) else {
                    throw SPPLError.value("block \(b): tune must be 0 (none), 1 (scaling) or 2 (lambda), got \(v)")
                }
                z.tune = target
            case "tune_interval": z.tuneInterval = try integer(name, v)
            case "tune_drop_fraction": z.tuneDropFraction = v
            default: throw unknown(name, "proposal, scaling, lamb, tune, tune_interval, tune_drop_fraction")
            }
        }
        return .deMetropolisZ(z)
    default:
        throw SPPLError.value("block \(b): unknown step method code \(code) (0 NUTS, 1 Metropolis, 2 Slice, 3 BinaryGibbsMetropolis, 4 CategoricalGibbsMetropolis, 5 DEMetropolisZ)")
    }
}

/// A proposal distribution from its ABI code.
private func proposalCode(_ v: Double, block b: Int) throws -> ProposalDistribution {
    guard let code = Int(exactly: v), let proposal = ProposalDistribution(rawValue: code) else {
        let known = ProposalDistribution.allCases.map { "\($0.rawValue) \($0.name)" }.joined(separator: ", ")
        throw SPPLError.value("block \(b): unknown proposal code \(v) (\(known))")
    }
    return proposal
}

/// The sum of non-negative C counts, at most 2^30.
private func total(_ counts: [Int64], _ what: String) throws -> Int64 {
    var total: Int64 = 0
    for c in counts {
        guard c >= 0 else { throw SPPLError.value("argument '\(what)': negative size \(c)") }
        total += c
        guard total <= 1 << 30 else { throw SPPLError.value("argument '\(what)': too many values") }
    }
    return total
}

/// The blocks described by the parallel C arrays of sppl_steps_start.
private func readBlocks(
    nBlocks: Int64, methods: UnsafePointer<Int32>?, sizes: UnsafePointer<Int64>?, coordinates: UnsafePointer<Int64>?,
    values: UnsafePointer<Double>?, valueCounts: UnsafePointer<Int64>?, options: [(String, Double)], optionBlocks: [Int64]
) throws -> [StepBlock] {
    let codes = try readArray(methods, nBlocks, "methods", limit: 1 << 20)
    let counts = try readArray(sizes, nBlocks, "block_sizes", limit: 1 << 20)
    let valueSizes = try readArray(valueCounts, nBlocks, "value_counts", limit: 1 << 20)
    let coords = try readArray(coordinates, try total(counts, "block_sizes"), "coordinates", limit: 1 << 30)
    let blockValues = try readArray(values, try total(valueSizes, "value_counts"), "block_values", limit: 1 << 30)
    var blocks: [StepBlock] = [], offset = 0, valueOffset = 0
    for b in 0..<Int(nBlocks) {
        let range = offset..<(offset + Int(counts[b]))
        offset = range.upperBound
        let valueRange = valueOffset..<(valueOffset + Int(valueSizes[b]))
        valueOffset = valueRange.upperBound
        let own = zip(options, optionBlocks).filter { $0.1 == Int64(b) }.map(\.0)
        let method = try stepMethod(codes[b], options: own, values: Array(blockValues[valueRange]), block: b)
        let indices = try coords[range].map { c -> Int in
            guard c >= 0, c < 1 << 40 else { throw SPPLError.value("block \(b): coordinate \(c) is negative or too large") }
            return Int(c)
        }
        blocks.append(StepBlock(method, coordinates: indices))
    }
    return blocks
}

@_cdecl("sppl_steps_start")
public func sppl_steps_start(
    _ function: UInt64, _ nBlocks: Int64, _ methods: UnsafePointer<Int32>?, _ blockSizes: UnsafePointer<Int64>?,
    _ coordinates: UnsafePointer<Int64>?, _ blockValues: UnsafePointer<Double>?, _ valueCounts: UnsafePointer<Int64>?,
    _ optionNames: UnsafePointer<UnsafePointer<CChar>?>?, _ optionValues: UnsafePointer<Double>?,
    _ optionBlocks: UnsafePointer<Int64>?, _ nOptions: Int64, _ seed: UInt64,
    _ initialPoints: UnsafePointer<Double>?, _ nPoints: Int64, _ dimension: Int64,
    _ out: UnsafeMutablePointer<UInt64>?, _ err: ErrorOut
) -> Int32 {
    guarded(err) {
        let out = try required(out, "sampler")
        let f = try HandleTable.shared.get(function, Function.self, role: "sppl_steps_start")
        let compiled = try CompiledJointLogDensityFunction(function: f)
        let layout = compiled.layout
        let names = try readNames(optionNames, nOptions, "option_names")
        let values = try readArray(optionValues, nOptions, "option_values", limit: 4096)
        let owners = try readArray(optionBlocks, nOptions, "option_blocks", limit: 4096)
        let runWide = zip(zip(names, values), owners).filter { $0.1 < 0 }.map(\.0)
        let options = try nutsOptions(runWide.map(\.0), runWide.map(\.1), seed: seed)
        let blocks = try readBlocks(nBlocks: nBlocks, methods: methods, sizes: blockSizes, coordinates: coordinates,
                                    values: blockValues, valueCounts: valueCounts, options: Array(zip(names, values)), optionBlocks: owners)
        if let bad = owners.first(where: { $0 >= nBlocks }) {
            throw SPPLError.value("an option belongs to block \(bad), there are \(nBlocks) blocks")
        }
        if !compiled.hasGradient, blocks.contains(where: { if case .nuts = $0.method { return true } else { return false } }) {
            throw SPPLError.value("a NUTS block needs the log density's gradient: compile [logp, *grads of the float64 inputs]")
        }
        do {
            try options.validate(dimension: layout.dimension)
            try validateBlocks(blocks, dimension: layout.dimension, discrete: layout.discrete)
        } catch let error as SamplingError {
            throw SPPLError.value(error.description)
        }
        let points = try readInitialPoints(initialPoints, nPoints, dimension, expected: layout.dimension,
                                           names: layout.names, chains: options.chains)
        // A DEMetropolisZ block keeps its own history of its coordinates besides the trace.
        let histories = blocks.reduce(0) { total, block in
            if case .deMetropolisZ = block.method { return total + block.coordinates.count }
            return total
        }
        try checkTraceMemory(options, perIteration: layout.dimension + histories)
        let discrete = layout.discrete
        let settings = options
        let run = SamplerRun(chains: options.chains, dimension: layout.dimension) { control in
            try sampleCompound(options: settings, blocks: blocks, discrete: discrete, initialPoints: points,
                               control: control) { _ in try compiled.makeDensity() }
        }
        out.pointee = HandleTable.shared.insert(run)
    }
}

/// A result of a compound run, every chain cut to the shortest (after a cancel).
private func stepsResult(_ traces: [CompoundTrace], block: Int, _ name: String) throws -> NDArray {
    let n = traces.map(\.count).min() ?? 0
    let chains = traces.count
    let dimension = traces.first?.dimension ?? 0
    if block < 0 {
        switch name {
        case "position": return try NDArray(traces.flatMap { $0.positions.prefix(n * dimension) }, shape: [chains, n, dimension])
        case "logp": return try NDArray(traces.flatMap { $0.logp.prefix(n) }, shape: [chains, n])
        case "counts": return try NDArray(traces.map { Int64($0.count) }, shape: [chains])
        case "evaluations": return try NDArray(traces.map { Int64($0.evaluations) }, shape: [chains])
        case "tune": return NDArray(scalar: Int64(traces.first?.tune ?? 0))
        default: throw SPPLError.value("unknown run result '\(name)' (position, logp, counts, evaluations, tune)")
        }
    }
    guard let first = traces.first, block < first.stats.count else {
        throw SPPLError.value("block \(block) does not exist (the run has \(traces.first?.stats.count ?? 0) blocks)")
    }
    if first.nuts[block] != nil {
        let nuts = traces.compactMap { $0.nuts[block] }
        return try nutsResult(nuts, name, dimension: nuts.first?.dimension ?? 0)
    }
    guard let index = first.statNames[block].firstIndex(of: name) else {
        let known = first.statNames[block].joined(separator: ", ")
        throw SPPLError.value("block \(block) records no statistic '\(name)' (it records: \(known.isEmpty ? "none" : known))")
    }
    return try NDArray(traces.flatMap { $0.stats[block][index].prefix(n) }, shape: [chains, n])
}

@_cdecl("sppl_steps_result")
public func sppl_steps_result(_ sampler: UInt64, _ block: Int64, _ name: UnsafePointer<CChar>?,
                              _ out: UnsafeMutablePointer<UInt64>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let run = try HandleTable.shared.get(sampler, SamplerRun<CompoundTrace>.self, role: "sppl_steps_result")
        let what = String(cString: try required(name, "name"))
        let out = try required(out, "array")
        guard run.isFinished else {
            throw SPPLError.runtime("the sampler is still running; call sppl_nuts_wait first")
        }
        let traces = try run.wait()
        guard block >= -1, block < 1 << 30 else { throw SPPLError.value("block must be -1 (the run) or a block index, got \(block)") }
        out.pointee = HandleTable.shared.insert(ArrayBox(try stepsResult(traces, block: Int(block), what)))
    }
}
