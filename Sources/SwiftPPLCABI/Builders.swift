// Builders.swift — the named graph-building functions behind sppl_build: each reads its integer parameters and calls the Swift tensor API.

import Autodiff
import DenseArrays
import Loops
import TensorGraph
import TensorOps

/// Integer parameters of a build call, read in order with checks.
struct Params {
    let values: [Int64]
    let function: String
    private var position = 0

    init(_ values: [Int64], function: String) {
        self.values = values
        self.function = function
    }

    mutating func int(_ name: String) throws -> Int {
        guard position < values.count else {
            throw SPPLError.value("\(function): missing parameter '\(name)' (got \(values.count) parameters)")
        }
        defer { position += 1 }
        return Int(values[position])
    }

    mutating func flag(_ name: String) throws -> Bool { try int(name) != 0 }

    /// An optional list: a presence flag, a count, then the entries.
    mutating func optionalList(_ name: String) throws -> [Int]? {
        guard try flag("has \(name)") else { return nil }
        return try list(name)
    }

    /// A count followed by that many entries.
    mutating func list(_ name: String) throws -> [Int] {
        let n = try int("\(name) count")
        guard n >= 0, n <= values.count - position else {
            throw SPPLError.value("\(function): parameter list '\(name)' of length \(n) does not fit the \(values.count) parameters")
        }
        return try (0..<n).map { _ in try int(name) }
    }

    /// A dtype code, or nil for -1.
    mutating func optionalDType(_ name: String) throws -> DType? {
        let code = try int(name)
        if code == -1 { return nil }
        guard let code32 = Int32(exactly: code) else {
            throw SPPLError.type("unknown dtype code \(code) (0 bool, 1 int64, 2 float64)")
        }
        return try dtype(code32)
    }

    func finish() throws {
        guard position == values.count else {
            throw SPPLError.value("\(function): \(values.count - position) unexpected extra parameter(s)")
        }
    }
}

typealias Builder = ([Variable], inout Params) throws -> [Variable]

/// Rejects a result rank above SPPL_MAX_NDIM before building (some shape functions
/// take time quadratic in it).
func checkRank(_ ndim: Int, _ name: String) throws {
    guard Int64(ndim) <= maxDims else {
        throw SPPLError.value("\(name) would give \(ndim) dimensions; at most \(maxDims) are supported")
    }
}

/// Requires exactly `n` inputs.
func expect(_ inputs: [Variable], _ n: Int, _ name: String) throws {
    guard inputs.count == n else { throw SPPLError.type("\(name) takes \(n) input(s), got \(inputs.count)") }
}

func one(_ f: @escaping (Variable) throws -> Variable, _ name: String) -> Builder {
    { inputs, _ in try expect(inputs, 1, name); return [try f(inputs[0])] }
}

func two(_ f: @escaping (Variable, Variable) throws -> Variable, _ name: String) -> Builder {
    { inputs, _ in try expect(inputs, 2, name); return [try f(inputs[0], inputs[1])] }
}

/// Reductions: params (keepdims, has_axis, [count, axes...]).
func reduction(_ op: ReduceOp) -> Builder {
    { inputs, p in
        try expect(inputs, 1, op.rawValue)
        let keepdims = try p.flag("keepdims")
        let axes = try p.optionalList("axis")
        return [try reduce(op, inputs[0], axis: axes, keepdims: keepdims)]
    }
}

/// Index specs: per entry a code (0 scalar, 1 slice then a start/stop/step presence
/// bitmask 1/2/4, 2 newaxis, 3 ellipsis, 4 array); inputs are x then the index values.
func indexArgs(_ inputs: [Variable], _ p: inout Params) throws -> (Variable, [IndexArg]) {
    guard let x = inputs.first else { throw SPPLError.type("index needs the indexed tensor") }
    var rest = inputs.dropFirst()
    func take() throws -> Variable {
        guard let v = rest.popFirst() else { throw SPPLError.value("index: fewer index inputs than the specification needs") }
        return v
    }
    var args: [IndexArg] = []
    let count = try p.int("entry count")
    guard count >= 0 else { throw SPPLError.value("index: negative entry count \(count)") }
    for _ in 0..<count {
        switch try p.int("entry kind") {
        case 0: args.append(.scalar(try take()))
        case 1:
            let mask = try p.int("slice mask")
            guard (0...7).contains(mask) else {
                throw SPPLError.value("index: slice mask \(mask) is not a sum of 1 (start), 2 (stop) and 4 (step)")
            }
            let a = mask & 1 != 0 ? try take() : nil
            let b = mask & 2 != 0 ? try take() : nil
            let c = mask & 4 != 0 ? try take() : nil
            args.append(.slice(a, b, c))
        case 2: args.append(.newAxis)
        case 3: args.append(.ellipsis)
        case 4: args.append(.array(try take()))
        case let k: throw SPPLError.value("index: unknown entry kind \(k)")
        }
    }
    guard rest.isEmpty else { throw SPPLError.value("index: \(rest.count) index input(s) left over") }
    return (x, args)
}

let builders: [String: Builder] = {
    var table: [String: Builder] = [:]
    // Every named scalar op is an elementwise function.
    for op in ScalarOp.allNamed {
        table[op.name] = { inputs, _ in [try elemwise(op, inputs)] }
    }
    table["cast"] = { inputs, p in
        try expect(inputs, 1, "cast")
        guard let t = try p.optionalDType("dtype") else { throw SPPLError.type("cast needs a dtype") }
        return [try cast(inputs[0], to: t)]
    }
    for op in ReduceOp.allCases { table[op.rawValue] = reduction(op) }
    table["mean"] = { inputs, p in
        try expect(inputs, 1, "mean")
        let keepdims = try p.flag("keepdims")
        return [try mean(inputs[0], axis: try p.optionalList("axis"), keepdims: keepdims)]
    }
    for (name, isStd) in [("var", false), ("std", true)] {
        table[name] = { inputs, p in
            try expect(inputs, 1, name)
            let keepdims = try p.flag("keepdims"), ddof = try p.int("ddof")
            let axes = try p.optionalList("axis")
            return [isStd ? try std(inputs[0], axis: axes, ddof: ddof, keepdims: keepdims)
                          : try variance(inputs[0], axis: axes, ddof: ddof, keepdims: keepdims)]
        }
    }
    table["logsumexp"] = { inputs, p in
        try expect(inputs, 1, "logsumexp")
        let keepdims = try p.flag("keepdims")
        return [try logsumexp(inputs[0], axis: try p.optionalList("axis"), keepdims: keepdims)]
    }
    for (name, isMax) in [("argmax", true), ("argmin", false)] {
        table[name] = { inputs, p in
            try expect(inputs, 1, name)
            let keepdims = try p.flag("keepdims")
            let axis = try p.optionalList("axis")
            guard (axis?.count ?? 1) == 1 else { throw SPPLError.value("\(name) takes a single axis") }
            return [isMax ? try argmax(inputs[0], axis: axis?[0], keepdims: keepdims)
                          : try argmin(inputs[0], axis: axis?[0], keepdims: keepdims)]
        }
    }
    for (name, isSum) in [("cumsum", true), ("cumprod", false)] {
        table[name] = { inputs, p in
            try expect(inputs, 1, name)
            let axis = try p.optionalList("axis")
            guard (axis?.count ?? 1) == 1 else { throw SPPLError.value("\(name) takes a single axis") }
            return [isSum ? try cumsum(inputs[0], axis: axis?[0]) : try cumprod(inputs[0], axis: axis?[0])]
        }
    }
    table["shape"] = one(shape, "shape")
    table["reshape"] = { inputs, _ in
        guard let x = inputs.first else { throw SPPLError.type("reshape needs a tensor") }
        let dims = Array(inputs.dropFirst())
        if dims.count == 1 && dims[0].ndim == 1 { return [try reshape(x, dims[0])] }
        return [try reshape(x, dims)]
    }
    table["flatten"] = { inputs, p in
        try expect(inputs, 1, "flatten")
        return [try flatten(inputs[0], ndim: try p.int("ndim"))]
    }
    table["transpose"] = { inputs, p in
        try expect(inputs, 1, "transpose")
        return [try transpose(inputs[0], axes: try p.optionalList("axes"))]
    }
    table["dimshuffle"] = { inputs, p in
        try expect(inputs, 1, "dimshuffle")
        let order = try p.list("order").map { $0 == -1 ? nil : Optional($0) }
        try checkRank(order.count, "dimshuffle")
        return [try dimshuffle(inputs[0], order)]
    }
    table["expand_dims"] = { inputs, p in
        try expect(inputs, 1, "expand_dims")
        let axes = try p.list("axis")
        try checkRank(inputs[0].ndim + axes.count, "expand_dims")
        return [try expandDims(inputs[0], axes: axes)]
    }
    table["squeeze"] = { inputs, p in
        try expect(inputs, 1, "squeeze")
        return [try squeeze(inputs[0], axes: try p.optionalList("axis"))]
    }
    table["concatenate"] = { inputs, p in [try concatenate(inputs, axis: try p.int("axis"))] }
    table["stack"] = { inputs, p in [try stack(inputs, axis: try p.int("axis"))] }
    table["index"] = { inputs, p in
        let (x, args) = try indexArgs(inputs, &p)
        return [try index(x, args)]
    }
    table["specify_shape"] = { inputs, p in
        try expect(inputs, 1, "specify_shape")
        let extents = try p.list("shape").map { $0 < 0 ? nil : Optional($0) }
        return [try specifyShape(inputs[0], extents)]
    }
    table["set_subtensor"] = two(setSubtensor, "set_subtensor")
    table["inc_subtensor"] = two(incSubtensor, "inc_subtensor")
    table["alloc"] = { inputs, _ in
        guard let value = inputs.first else { throw SPPLError.type("alloc needs a value") }
        return [try full(Array(inputs.dropFirst()), value: value)]
    }
    for (name, isOnes) in [("zeros_like", false), ("ones_like", true)] {
        table[name] = { inputs, p in
            try expect(inputs, 1, name)
            let t = try p.optionalDType("dtype")
            return [isOnes ? try onesLike(inputs[0], dtype: t) : try zerosLike(inputs[0], dtype: t)]
        }
    }
    table["arange"] = { inputs, p in
        try expect(inputs, 3, "arange")
        return [try arange(inputs[0], inputs[1], inputs[2], dtype: try p.optionalDType("dtype"))]
    }
    table["eye"] = { inputs, p in
        try expect(inputs, 3, "eye")
        return [try eye(inputs[0], inputs[1], k: inputs[2], dtype: try p.optionalDType("dtype") ?? .float64)]
    }
    table["fill_diagonal"] = two(fillDiagonal, "fill_diagonal")
    table["dot"] = two(dot, "dot")
    table["matmul"] = two(matmul, "matmul")
    table["outer"] = two(outer, "outer")
    table["cholesky"] = { inputs, p in
        try expect(inputs, 1, "cholesky")
        let lower = try p.flag("lower"), nan = try p.flag("nan_on_failure")
        return [try cholesky(inputs[0], lower: lower, nanOnFailure: nan)]
    }
    table["solve"] = { inputs, p in
        try expect(inputs, 2, "solve")
        let structure: MatrixStructure
        switch try p.int("assume_a") {
        case 0: structure = .general
        case 1: structure = .symmetric
        case 2: structure = .positiveDefinite
        case let k: throw SPPLError.value("solve: unknown matrix structure code \(k)")
        }
        let lower = try p.flag("lower"), bNdim = try p.int("b_ndim")
        return [try solve(inputs[0], inputs[1], assumeA: structure, lower: lower, bNdim: bNdim == 0 ? nil : bNdim)]
    }
    table["solve_triangular"] = { inputs, p in
        try expect(inputs, 2, "solve_triangular")
        let lower = try p.flag("lower"), trans = try p.flag("trans"), unit = try p.flag("unit_diagonal")
        let bNdim = try p.int("b_ndim")
        return [try solveTriangular(inputs[0], inputs[1], lower: lower, transpose: trans, unitDiagonal: unit,
                                    bNdim: bNdim == 0 ? nil : bNdim)]
    }
    table["det"] = one(det, "det")
    table["inv"] = one(inv, "inv")
    table["slogdet"] = { inputs, _ in
        try expect(inputs, 1, "slogdet")
        let (s, l) = try slogdet(inputs[0])
        return [s, l]
    }
    // Differentiation: inputs (cost or expression, wrt...), params (ignore_disconnected).
    // Loops: inputs (n_steps, sequences, initial values, non-sequences, then the step
    // graph's inner sequences, state taps, non-sequences and outputs); params
    // (n_seq, n_recurrent, n_non_seq, n_outputs, then per recurrent output its tap count
    // and taps).
    table["scan"] = { inputs, p in
        let nSeq = try p.int("sequence count"), nRec = try p.int("recurrent count")
        let nNon = try p.int("non-sequence count"), nOut = try p.int("output count")
        // Bounded before any arithmetic on them: the input count below must not overflow.
        let limit = 1 << 20
        guard nSeq >= 0, nRec >= 0, nNon >= 0, nOut >= nRec, max(nSeq, nRec, nNon, nOut) <= limit else {
            throw SPPLError.value("scan: invalid counts (sequences \(nSeq), recurrent \(nRec), non-sequences \(nNon), outputs \(nOut)); each must be in 0...\(limit)")
        }
        var taps: [[Int]] = []
        for _ in 0..<nRec { taps.append(try p.list("taps")) }
        let innerStateCount = taps.reduce(0) { $0 + $1.count }
        let needed = 1 + 2 * nSeq + nRec + 2 * nNon + innerStateCount + nOut
        guard inputs.count == needed else {
            throw SPPLError.type("scan: expected \(needed) inputs for these counts, got \(inputs.count)")
        }
        var rest = inputs[...]
        func take(_ n: Int) -> [Variable] {
            defer { rest = rest.dropFirst(n) }
            return Array(rest.prefix(n))
        }
        let steps = take(1)[0]
        let sequences = take(nSeq), initials = take(nRec), nonSequences = take(nNon)
        let innerSequences = take(nSeq)
        let innerStates = taps.map { take($0.count) }
        let innerNonSequences = take(nNon), innerOutputs = take(nOut)
        // A negative constant means "as many steps as the shortest sequence".
        let stepsUnset = steps.constantValue.map { $0.ndim == 0 && $0.dtype == .int64 && $0.int64(flat: 0) < 0 } ?? false
        let nSteps: Variable? = stepsUnset ? nil : steps
        return try scanFromInner(nSteps: nSteps, sequences: sequences, initials: initials, nonSequences: nonSequences,
                                 innerSequences: innerSequences, innerStates: innerStates, innerNonSequences: innerNonSequences,
                                 innerOutputs: innerOutputs, taps: taps)
    }
    table["grad"] = { inputs, p in
        guard let cost = inputs.first else { throw SPPLError.type("grad needs a cost") }
        let mode: DisconnectedInputs = try p.flag("ignore disconnected") ? .ignore : .raise
        return try grad(cost, wrt: Array(inputs.dropFirst()), disconnected: mode)
    }
    table["jacobian"] = { inputs, p in
        guard let expression = inputs.first else { throw SPPLError.type("jacobian needs an expression") }
        let mode: DisconnectedInputs = try p.flag("ignore disconnected") ? .ignore : .raise
        return try jacobian(expression, wrt: Array(inputs.dropFirst()), disconnected: mode)
    }
    table["hessian"] = { inputs, p in
        guard let cost = inputs.first else { throw SPPLError.type("hessian needs a cost") }
        let mode: DisconnectedInputs = try p.flag("ignore disconnected") ? .ignore : .raise
        return try hessian(cost, wrt: Array(inputs.dropFirst()), disconnected: mode)
    }
    table.merge(randomBuilders()) { existing, _ in existing }
    return table
}()
