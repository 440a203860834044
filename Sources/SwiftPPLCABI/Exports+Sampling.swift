// Exports+Sampling.swift — NUTS from C: chains started on background threads over a compiled log-density function; progress, cancellation, results as arrays.

import Compile
import Dispatch
import DenseArrays
import ModelCore
import Optimization
import Sampling
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Throws SPPLError.memory when a run's draws (chains x iterations x `perIteration` doubles)
/// exceed this machine's physical memory. The chains reserve their traces up front, and a
/// Swift allocation that fails aborts the process. (A malloc probe would not do: the optimizer
/// may drop an unused malloc/free pair and assume it succeeded.)
func checkTraceMemory(_ options: NUTSOptions, perIteration: Int) throws {
    let iterations = options.tune + options.draws
    let (perChain, o1) = iterations.multipliedReportingOverflow(by: perIteration)
    let (values, o2) = perChain.multipliedReportingOverflow(by: options.chains)
    let (bytes, o3) = values.multipliedReportingOverflow(by: MemoryLayout<Double>.stride)
    let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
    // An unknown size (-1) leaves only the overflow check.
    let memory = pages > 0 && pageSize > 0 ? Double(pages) * Double(pageSize) : .infinity
    guard !(o1 || o2 || o3), Double(bytes) <= memory else {
        let need = Double(iterations) * Double(perIteration) * Double(options.chains) * 8e-9
        throw SPPLError(.memory, "the draws do not fit in memory: \(options.chains) chains x \(iterations) iterations x "
                            + "\(perIteration) values take \(need.rounded()) GB, the machine has "
                            + "\((memory * 1e-9).rounded()) GB; draw fewer iterations or chains")
    }
}

/// NUTS options from parallel (name, value) arrays; unknown names and non-integral counts are errors.
func nutsOptions(_ names: [String], _ values: [Double], seed: UInt64) throws -> NUTSOptions {
    var options = NUTSOptions()
    options.seed = seed
    func integer(_ name: String, _ value: Double, _ range: ClosedRange<Int>) throws -> Int {
        guard value.isFinite, value.rounded() == value, value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
            throw SPPLError.value("\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got \(value)")
        }
        return Int(value)
    }
    for (name, value) in zip(names, values) {
        switch name {
        case "draws": options.draws = try integer(name, value, 0...100_000_000)
        case "tune": options.tune = try integer(name, value, 0...100_000_000)
        case "chains": options.chains = try integer(name, value, 1...100_000)
        case "cores": options.cores = try integer(name, value, 1...4096)
        case "target_accept": options.targetAccept = value
        case "max_treedepth": options.maxTreeDepth = try integer(name, value, 1...30)
        case "max_energy_error": options.maxEnergyError = value
        case "initial_step_size": options.initialStepSize = value
        case "jitter": options.jitter = value
        case "adaptation":
            let code = try integer(name, value, 0...3)
            options.adaptation = [MassMatrixAdaptation.gradientDiagonal, .windowedDiagonal, .none, .lowRank][code]
        case "mass_matrix_gamma": options.lowRank.gamma = value
        case "mass_matrix_eigval_cutoff": options.lowRank.eigenvalueCutoff = value
        case "mass_matrix_max_rank": options.lowRank.maxRank = try integer(name, value, 1...100_000_000)
        default:
            throw SPPLError.value("unknown NUTS option '\(name)' (known: draws, tune, chains, cores, target_accept, max_treedepth, max_energy_error, initial_step_size, jitter, adaptation, mass_matrix_gamma, mass_matrix_eigval_cutoff, mass_matrix_max_rank)")
        }
    }
    return options
}

@_cdecl("sppl_nuts_start")
public func sppl_nuts_start(
    _ function: UInt64, _ optionNames: UnsafePointer<UnsafePointer<CChar>?>?, _ optionValues: UnsafePointer<Double>?,
    _ nOptions: Int64, _ seed: UInt64, _ initialPoints: UnsafePointer<Double>?, _ nPoints: Int64, _ dimension: Int64,
    _ out: UnsafeMutablePointer<UInt64>?, _ err: ErrorOut
) -> Int32 {
    guarded(err) {
        let out = try required(out, "sampler")
        let f = try HandleTable.shared.get(function, Function.self, role: "sppl_nuts_start")
        let compiled = try CompiledLogDensityFunction(function: f)
        let namePointers = try readArray(optionNames, nOptions, "option_names", limit: 64)
        let names = try namePointers.enumerated().map { i, p -> String in
            guard let p else { throw SPPLError.value("argument 'option_names': entry \(i) is NULL") }
            return String(cString: p)
        }
        let values = try readArray(optionValues, nOptions, "option_values", limit: 64)
        let options = try nutsOptions(names, values, seed: seed)
        do {
            try options.validate(dimension: compiled.layout.dimension)
        } catch let error as SamplingError {
            throw SPPLError.value(error.description)
        }
        let points = try readInitialPoints(initialPoints, nPoints, dimension, expected: compiled.layout.dimension,
                                           names: compiled.layout.names, chains: options.chains)
        try checkTraceMemory(options, perIteration: compiled.layout.dimension)
        let run = SamplerRun(chains: options.chains, dimension: compiled.layout.dimension) { control in
            try sampleNUTS(options: options, initialPoints: points, control: control) { _ in try compiled.makeDensity() }
        }
        out.pointee = HandleTable.shared.insert(run)
    }
}

@_cdecl("sppl_nuts_info")
public func sppl_nuts_info(_ sampler: UInt64, _ chains: UnsafeMutablePointer<Int64>?, _ dimension: UnsafeMutablePointer<Int64>?,
                           _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let run = try HandleTable.shared.get(sampler, SamplerRunBase.self, role: "sppl_nuts_info")
        try required(chains, "chains").pointee = Int64(run.chains)
        try required(dimension, "dimension").pointee = Int64(run.dimension)
    }
}

@_cdecl("sppl_nuts_progress")
public func sppl_nuts_progress(
    _ sampler: UInt64, _ done: UnsafeMutablePointer<Int64>?, _ divergences: UnsafeMutablePointer<Int64>?,
    _ stepSize: UnsafeMutablePointer<Double>?, _ nChains: Int64, _ finished: UnsafeMutablePointer<Int32>?, _ err: ErrorOut
) -> Int32 {
    guarded(err) {
        let run = try HandleTable.shared.get(sampler, SamplerRunBase.self, role: "sppl_nuts_progress")
        guard nChains == Int64(run.chains) else {
            throw SPPLError.value("the sampler runs \(run.chains) chains; the progress buffers have \(nChains) entries")
        }
        let (doneOut, divergencesOut) = (try required(done, "done"), try required(divergences, "divergences"))
        let stepSizeOut = try required(stepSize, "step_size")
        let finishedOut = try required(finished, "finished")
        let progress = run.control.progress()
        for c in 0..<run.chains {
            doneOut[c] = Int64(progress.done[c])
            divergencesOut[c] = Int64(progress.divergences[c])
            stepSizeOut[c] = progress.stepSize[c]
        }
        finishedOut.pointee = run.isFinished ? 1 : 0
    }
}

@_cdecl("sppl_nuts_cancel")
public func sppl_nuts_cancel(_ sampler: UInt64, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        try HandleTable.shared.get(sampler, SamplerRunBase.self, role: "sppl_nuts_cancel").control.cancel()
    }
}

@_cdecl("sppl_nuts_wait")
public func sppl_nuts_wait(_ sampler: UInt64, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        try HandleTable.shared.get(sampler, SamplerRunBase.self, role: "sppl_nuts_wait").waitForChains()
    }
}

/// One result array of a finished run, every chain cut to the shortest (after a cancel).
func nutsResult(_ traces: [ChainTrace], _ name: String, dimension: Int) throws -> NDArray {
    let n = traces.map(\.count).min() ?? 0
    let chains = traces.count
    func perDraw(_ values: (ChainTrace) -> [Double]) throws -> NDArray {
        try NDArray(traces.flatMap { values($0).prefix(n) }, shape: [chains, n])
    }
    func perDrawInt(_ values: (ChainTrace) -> [Int]) throws -> NDArray {
        try NDArray(traces.flatMap { values($0).prefix(n).map(Int64.init) }, shape: [chains, n])
    }
    func perDrawBool(_ values: (ChainTrace) -> [Bool]) throws -> NDArray {
        try NDArray(bools: traces.flatMap { values($0).prefix(n) }, shape: [chains, n])
    }
    switch name {
    case "position": return try NDArray(traces.flatMap { $0.positions.prefix(n * dimension) }, shape: [chains, n, dimension])
    case "logp": return try perDraw(\.logp)
    case "energy": return try perDraw(\.energy)
    case "energy_error": return try perDraw(\.energyError)
    case "acceptance_rate": return try perDraw(\.acceptanceRate)
    case "step_size": return try perDraw(\.stepSize)
    case "step_size_bar": return try perDraw(\.stepSizeBar)
    case "tree_depth": return try perDrawInt(\.treeDepth)
    case "n_steps": return try perDrawInt(\.leapfrogSteps)
    case "index_in_trajectory": return try perDrawInt(\.indexInTrajectory)
    case "diverging": return try perDrawBool(\.diverging)
    case "reached_max_treedepth": return try perDrawBool(\.reachedMaxTreeDepth)
    case "inverse_mass": return try NDArray(traces.flatMap(\.inverseMass), shape: [chains, dimension])
    case "final_step_size": return try NDArray(traces.map(\.finalStepSize), shape: [chains])
    case "gradient_evaluations": return try NDArray(traces.map { Int64($0.gradientEvaluations) }, shape: [chains])
    case "counts": return try NDArray(traces.map { Int64($0.count) }, shape: [chains])
    case "tune": return NDArray(scalar: Int64(traces.first?.tune ?? 0))
    default:
        throw SPPLError.value("unknown NUTS result '\(name)' (position, logp, energy, energy_error, acceptance_rate, step_size, step_size_bar, tree_depth, n_steps, index_in_trajectory, diverging, reached_max_treedepth, inverse_mass, final_step_size, gradient_evaluations, counts, tune)")
    }
}

@_cdecl("sppl_nuts_result")
public func sppl_nuts_result(_ sampler: UInt64, _ name: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<UInt64>?,
                             _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let run = try HandleTable.shared.get(sampler, SamplerRun<ChainTrace>.self, role: "sppl_nuts_result")
        let what = String(cString: try required(name, "name"))
        let out = try required(out, "array")
        guard run.isFinished else {
            throw SPPLError.runtime("the sampler is still running; call sppl_nuts_wait first")
        }
        let traces = try run.wait()
        out.pointee = HandleTable.shared.insert(ArrayBox(try nutsResult(traces, what, dimension: run.dimension)))
    }
}

@_cdecl("sppl_find_map")
public func sppl_find_map(
    _ function: UInt64, _ start: UnsafePointer<Double>?, _ dimension: Int64,
    _ optionNames: UnsafePointer<UnsafePointer<CChar>?>?, _ optionValues: UnsafePointer<Double>?, _ nOptions: Int64,
    _ xOut: UnsafeMutablePointer<Double>?, _ infoOut: UnsafeMutablePointer<Double>?,
    _ message: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ err: ErrorOut
) -> Int32 {
    guarded(err) {
        let f = try HandleTable.shared.get(function, Function.self, role: "sppl_find_map")
        let compiled = try CompiledLogDensityFunction(function: f)
        guard dimension == Int64(compiled.layout.dimension) else {
            throw SPPLError.value("the start has \(dimension) values, the log density has dimension \(compiled.layout.dimension) (\(compiled.layout.names.joined(separator: ", ")))")
        }
        let x0 = try readArray(start, dimension, "start", limit: 1 << 30)
        guard x0.allSatisfy(\.isFinite) else { throw SPPLError.value("the start must be finite") }
        let namePointers = try readArray(optionNames, nOptions, "option_names", limit: 64)
        let values = try readArray(optionValues, nOptions, "option_values", limit: 64)
        let xOut = try required(xOut, "x")
        let infoOut = try required(infoOut, "info")
        let messageOut = try required(message, "message")
        var options = LBFGSOptions()
        for (i, (p, value)) in zip(namePointers, values).enumerated() {
            guard let p else { throw SPPLError.value("argument 'option_names': entry \(i) is NULL") }
            let name = String(cString: p)
            func count() throws -> Int {
                guard value.isFinite, value.rounded() == value, value >= 1, value <= 1e9 else {
                    throw SPPLError.value("\(name) must be an integer in 1...1000000000, got \(value)")
                }
                return Int(value)
            }
            switch name {
            case "maxeval": options.maxEvaluations = try count()
            case "maxiter": options.maxIterations = try count()
            case "memory": options.memory = try count()
            case "gtol": options.gradientTolerance = value
            case "ftol": options.functionTolerance = value
            default:
                throw SPPLError.value("unknown find_MAP option '\(name)' (known: maxeval, maxiter, memory, gtol, ftol)")
            }
        }
        guard options.gradientTolerance >= 0, options.functionTolerance >= 0 else {
            throw SPPLError.value("gtol and ftol must be >= 0")
        }
        let result: LBFGSResult
        do {
            result = try compiled.findMAP(start: x0, options: options)
        } catch let error as OptimizationError {
            throw SPPLError.value(error.description)
        } catch let error as LogDensityError {
            throw SPPLError.runtime(error.description)
        }
        for i in 0..<result.x.count { xOut[i] = result.x[i] }
        infoOut[0] = result.value
        infoOut[1] = result.gradient.reduce(0) { max($0, abs($1)) }
        infoOut[2] = Double(result.iterations)
        infoOut[3] = Double(result.evaluations)
        infoOut[4] = result.converged ? 1 : 0
        messageOut.pointee = cString(result.stop.rawValue)
    }
}
