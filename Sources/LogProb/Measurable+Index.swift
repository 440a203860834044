// Measurable+Index.swift — indexing random tensors with non-random indices: the selection is lifted through elementwise ops, DimShuffles and joins into the random variables' parameters (PyMC's subtensor lift).

import DenseArrays
import RandomVariables
import TensorGraph
import TensorOps

/// Where advanced indexing puts its broadcast index arrays in the result (NumPy's rule:
/// in place of adjacent arrays, else in front).
struct SelectionLayout {
    /// Positions (in the argument list) of the advanced entries: arrays, and scalars
    /// when there is an array.
    let advanced: [Int]
    /// Rank of the arrays' broadcast shape.
    let subspaceRank: Int
    /// The result axis where that shape starts.
    let insertAt: Int

    var hasArrays: Bool { !advanced.isEmpty }

    init(_ args: [IndexArg]) {
        let hasArrays = args.contains { if case .array = $0 { return true } else { return false } }
        var advanced: [Int] = [], rank = 0
        if hasArrays {
            for (i, arg) in args.enumerated() {
                switch arg {
                case .array(let v): advanced.append(i); rank = Swift.max(rank, v.dtype == .bool ? 1 : v.ndim)
                case .scalar: advanced.append(i)
                default: break
                }
            }
        }
        let adjacent = zip(advanced, advanced.dropFirst()).allSatisfy { $1 == $0 + 1 }
        self.advanced = advanced
        subspaceRank = rank
        insertAt = adjacent ? (advanced.first ?? 0) : 0
    }

    /// The result axis holding the indexed tensor's axis `axis`, which the arguments
    /// leave whole (a full slice there, or beyond the arguments).
    func resultAxis(ofUntouched axis: Int, _ args: [IndexArg]) -> Int {
        var consumed = 0, basicBefore = 0
        for arg in args {
            if consumed >= axis { break }
            if case .slice = arg { basicBefore += 1 }
            consumed += arg.axesConsumedForLayout
        }
        basicBefore += Swift.max(0, axis - consumed)
        return basicBefore + (hasArrays && insertAt <= basicBefore ? subspaceRank : 0)
    }

    /// `a` (an index array or a condition shaped like one) placed in a result of rank
    /// `ndim`: its axes where the broadcast index arrays go, length-1 axes elsewhere.
    func placed(_ a: Variable, ndim: Int) throws -> Variable {
        guard hasArrays else { return a }
        let lead = [Int?](repeating: nil, count: insertAt + subspaceRank - a.ndim)
        let trail = [Int?](repeating: nil, count: ndim - insertAt - subspaceRank)
        return try dimshuffle(a, lead + (0..<a.ndim).map { Optional($0) } + trail)
    }
}

extension IndexArg {
    /// Axes consumed, counting a boolean mask's dimensions.
    var axesConsumedForLayout: Int {
        switch self {
        case .scalar, .slice: return 1
        case .newAxis, .ellipsis: return 0
        case .array(let v): return v.dtype == .bool ? Swift.max(v.ndim, 1) : 1
        }
    }

    /// The variables of the entry.
    var variables: [Variable] {
        switch self {
        case .scalar(let v), .array(let v): return [v]
        case .slice(let a, let b, let c): return [a, b, c].compactMap { $0 }
        case .newAxis, .ellipsis: return []
        }
    }
}

extension LogProbDeriver {
    /// The index entries of a Subtensor or AdvancedSubtensor node, as `index` takes them.
    static func indexArgs(_ node: Apply) -> [IndexArg]? {
        guard let specs = (node.op as? Subtensor)?.specs ?? (node.op as? AdvancedSubtensor)?.specs else { return nil }
        var args: [IndexArg] = []
        var i = 1
        func next(_ present: Bool) -> Variable? {
            guard present else { return nil }
            defer { i += 1 }
            return node.inputs[i]
        }
        for spec in specs {
            switch spec {
            case .scalar: args.append(.scalar(node.inputs[i])); i += 1
            case .array: args.append(.array(node.inputs[i])); i += 1
            case .slice(let a, let b, let c):
                let start = next(a), stop = next(b), step = next(c)
                args.append(.slice(start, stop, step))
            }
        }
        return args
    }

    /// y = s[args] for a random s. With non-random indices the selected elements'
    /// probabilities are s's, read at the selected positions (PyMC lifts the indexing
    /// into the random variable's parameters; so does this rule, through elementwise
    /// ops, DimShuffles and joins). A random index selects among components: see
    /// `mixtureProbability`.
    static let indexRule: MeasurableRule = { d, kind, node, output, value in
        guard let args = indexArgs(node) else { return nil }
        let s = node.inputs[0]
        guard d.isRandom(s) else {
            throw d.notMeasurable(kind, output, "indexing the non-random \(d.describe(s)) with a random index is not measurable")
        }
        let randomArgs = args.indices.filter { args[$0].variables.contains(where: d.isRandom) }
        if !randomArgs.isEmpty {
            return try d.mixtureProbability(kind, s, args, randomArgs, output, value)
        }
        var check: (arrays: [Variable], extents: [Int?])?
        if !d.liftedSelections.contains(output) {
            check = try d.distinctSelection(s, args, excluding: nil, output)
        }
        let (lifted, inRange) = try d.liftSelection(kind, s, args, output)
        var result = try d.derive(kind, lifted, value)
        if let inRange, kind != .icdf { result = DerivedLogProb(logp: try bounded(result.logp, inRange), ndimSupp: result.ndimSupp) }
        if let check, !check.arrays.isEmpty {
            let op = DistinctSelectionCheck(extents: check.extents, message: "indexing \(d.describe(s)) for \(d.describe(output))")
            result = DerivedLogProb(logp: try apply(op, [result.logp] + check.arrays), ndimSupp: result.ndimSupp)
        }
        return result
    }

    /// Checks that the integer index arrays of `args` (less the one at `excluding`)
    /// select no position of `s` twice: now when they are constants, else returns them
    /// for a check when the graph runs.
    func distinctSelection(_ s: Variable, _ args: [IndexArg], excluding: Int?,
                           _ output: Variable) throws -> (arrays: [Variable], extents: [Int?]) {
        var arrays: [Variable] = [], extents: [Int?] = []
        var axis = 0
        let layout = SelectionLayout(args)
        for (i, arg) in args.enumerated() {
            defer { axis += arg.axesConsumedForLayout }
            guard i != excluding, case .array(let a) = arg else { continue }
            if a.dtype == .bool {
                // A mask picks each position once; mixed with other arrays it is not supported here.
                if layout.advanced.count > 1 {
                    throw notMeasurable(.logp, output, "a boolean mask combined with other indices on the random \(describe(s)) is not supported")
                }
                continue
            }
            arrays.append(try cast(a, to: .int64))
            extents.append(s.type.shape[axis])
        }
        let values = arrays.compactMap(\.constantValue)
        if values.count == arrays.count {
            try checkDistinctPositions(values, extents: extents, message: "indexing \(describe(s)) for \(describe(output))")
            return ([], [])
        }
        return (arrays, extents)
    }

    /// A graph distributed as s[args] whose indexing sits one level closer to the
    /// random variables (terminal at a random variable, whose parameters are indexed),
    /// and for joins the condition that the index lies within the joined axis.
    func liftSelection(_ kind: ProbabilityKind, _ s: Variable, _ args: [IndexArg],
                       _ output: Variable) throws -> (Variable, Variable?) {
        if let (op, rvNode) = randomVariableNode(s) {
            return (try liftIntoRandomVariable(kind, op, rvNode, s, args, output), nil)
        }
        guard let node = s.owner else { throw notMeasurable(kind, output, "\(describe(s)) is not measurable") }
        if node.op is Elemwise {
            // A broadcast random input repeats its draws, whichever elements are selected.
            for input in node.inputs where isRandom(input) { try checkNotBroadcast(input, in: node, s) }
            let inputs = try node.inputs.map { input -> Variable in
                let adjusted = try broadcastAdjusted(args, from: input.type.shape, to: s.type.shape, output)
                return try selection(input, adjusted)
            }
            return (try apply(node.op, inputs), nil)
        }
        if let op = node.op as? DimShuffle {
            return (try selection(pushDimShuffle(kind, op, node, output), args), nil)
        }
        if let op = node.op as? Join {
            return try joinSelection(kind, op, node, args, output)
        }
        throw notMeasurable(kind, output, "indexing \(describe(s)), the output of \(node.op), is not measurable")
    }

    /// `x[args]`, recorded as a lifted selection (checked where the user indexed).
    func selection(_ x: Variable, _ args: [IndexArg]) throws -> Variable {
        let y = try index(x, args)
        if y !== x { liftedSelections.insert(y) }
        return y
    }

    /// The arguments indexing `input` where `args` index a broadcast result: on axes
    /// where the input has length 1 and the result does not, every position reads the
    /// input's one element (a scalar becomes 0, a slice takes the whole axis, an
    /// integer array becomes zeros of its shape).
    func broadcastAdjusted(_ args: [IndexArg], from inShape: [Int?], to outShape: [Int?], _ output: Variable) throws -> [IndexArg] {
        var adjusted: [IndexArg] = []
        var axis = 0
        let layout = SelectionLayout(args)
        for arg in args {
            let width = arg.axesConsumedForLayout
            defer { axis += width }
            let broadcast = (axis..<(axis + width)).map { inShape[$0] == 1 && outShape[$0] != 1 }
            guard broadcast.contains(true) else { adjusted.append(arg); continue }
            switch arg {
            case .scalar: adjusted.append(.scalar(constant(0)))
            case .slice: adjusted.append(.all)
            case .array(let a) where a.dtype != .bool:
                adjusted.append(.array(try zerosIndex(a, output)))
            case .array where broadcast.allSatisfy({ $0 }) && layout.advanced.count == 1:
                // A mask alone over broadcast axes: the input's element, once per pick.
                adjusted += [IndexArg](repeating: .scalar(constant(0)), count: width - 1) + [.all]
            default:
                throw notMeasurable(.logp, output, "a boolean mask over broadcast axes of a random input is not supported")
            }
        }
        return adjusted
    }

    /// Zeros shaped like the integer index array `a`, without reading a random `a`.
    func zerosIndex(_ a: Variable, _ output: Variable) throws -> Variable {
        if !isRandom(a) { return try cast(a, to: .int64) * constant(0) }
        let known = a.type.shape.compactMap { $0 }
        guard known.count == a.ndim else {
            throw notMeasurable(.logp, output, "the random index \(describe(a)) needs a known shape here")
        }
        return constant(try NDArray.zeros(.int64, known))
    }

    /// rv[args]: a random variable of the same distribution whose parameters are the
    /// original ones, broadcast to the batch shape and indexed alike.
    func liftIntoRandomVariable(_ kind: ProbabilityKind, _ op: RandomVariableOp, _ rvNode: Apply, _ s: Variable,
                                _ args: [IndexArg], _ output: Variable) throws -> Variable {
        let spec = op.spec
        let batchNdim = s.ndim - spec.ndimSupp
        guard args.reduce(0, { $0 + $1.axesConsumedForLayout }) <= batchNdim else {
            throw notMeasurable(kind, output, "indexing the support dimensions of the multivariate \(describe(s)) is not measurable")
        }
        let size = rvNode.inputs[1]
        let sized = size.type.shape[0] != 0
        let batchShape = Array(s.type.shape.prefix(batchNdim))
        var params: [Variable] = []
        for (k, p) in rvNode.inputs.dropFirst(2).enumerated() {
            let core = spec.ndimsParams[k]
            var padded = try leftPadded(p, to: batchNdim + core)
            let pBatch = Array(padded.type.shape.prefix(batchNdim))
            // An extent the parameter might broadcast at run time (unknown statically while
            // `size` sets the batch) is made explicit, so indexing reads the right element.
            if sized, zip(pBatch, batchShape).contains(where: { $0 == nil && $1 != 1 }) {
                let dims = try (0..<batchNdim).map { try index(size, [.scalar(constant($0))]) }
                let coreDims = try shapeEntries(padded).suffix(core)
                padded = try full(dims + coreDims, value: padded)
            }
            let adjusted = try broadcastAdjusted(args, from: Array(padded.type.shape.prefix(batchNdim)), to: batchShape, output)
            params.append(adjusted.isEmpty ? padded : try index(padded, adjusted))
        }
        return try randomVariable(spec, params, rng: rvNode.inputs[0]).draw
    }

    /// `x` with length-1 axes added in front up to rank `ndim`.
    func leftPadded(_ x: Variable, to ndim: Int) throws -> Variable {
        guard x.ndim < ndim else { return x }
        return try dimshuffle(x, [Int?](repeating: nil, count: ndim - x.ndim) + (0..<x.ndim).map { Optional($0) })
    }

    /// dimshuffle(x) moved below x's node: into a random variable's parameters (and
    /// size), into each input of an elementwise op or a join, or composed with an inner
    /// DimShuffle.
    func pushDimShuffle(_ kind: ProbabilityKind, _ op: DimShuffle, _ node: Apply, _ output: Variable) throws -> Variable {
        let x = node.inputs[0]
        if let (rvOp, rvNode) = randomVariableNode(x) {
            let spec = rvOp.spec
            let batchNdim = x.ndim - spec.ndimSupp
            let batchOrder = Array(op.order.dropLast(spec.ndimSupp))
            guard Array(op.order.suffix(spec.ndimSupp)) == (batchNdim..<x.ndim).map({ Optional($0) }),
                  batchOrder.allSatisfy({ $0.map { $0 < batchNdim } ?? true }) else {
                throw notMeasurable(kind, output, "\(op) moves the support dimensions of the multivariate \(describe(x))")
            }
            let dropped = (0..<batchNdim).filter { !batchOrder.contains($0) }
            var params: [Variable] = []
            for (k, p) in rvNode.inputs.dropFirst(2).enumerated() {
                let core = spec.ndimsParams[k]
                var padded = try leftPadded(p, to: batchNdim + core)
                let unknown = dropped.filter { padded.type.shape[$0] != 1 }
                if !unknown.isEmpty { padded = try specifyBroadcastable(padded, axes: unknown) }
                params.append(try dimshuffle(padded, batchOrder + (batchNdim..<(batchNdim + core)).map { Optional($0) }))
            }
            var size: Variable?
            let oldSize = rvNode.inputs[1]
            if oldSize.type.shape[0] != 0 {
                size = try shapeVector(batchOrder.map { axis in
                    try axis.map { try index(oldSize, [.scalar(constant($0))]) } ?? constant(1)
                })
            }
            return try randomVariable(spec, params, size: size, rng: rvNode.inputs[0]).draw
        }
        guard let inner = x.owner else { throw notMeasurable(kind, output, "\(describe(x)) is not measurable") }
        if inner.op is Elemwise {
            return try apply(inner.op, inner.inputs.map { try dimshuffle($0, op.order) })
        }
        if let innerShuffle = inner.op as? DimShuffle {
            let composed = op.order.map { axis in axis.flatMap { innerShuffle.order[$0] } }
            return try dimshuffle(inner.inputs[0], composed)
        }
        if let join = inner.op as? Join {
            guard let axis = op.order.firstIndex(of: join.axis) else {
                throw notMeasurable(kind, output, "\(op) drops the joined axis of \(describe(x))")
            }
            return try concatenate(inner.inputs.map { try dimshuffle($0, op.order) }, axis: axis)
        }
        throw notMeasurable(kind, output, "indexing \(describe(x)), the output of \(inner.op), is not measurable")
    }

    /// join(c1, c2, ...)[args] with non-random args. Left whole, the joined axis stays
    /// joined: join(c1[args], c2[args], ...). Indexed by i, each position reads the
    /// component whose range along the axis holds i: a switch over components, each
    /// indexed at i less its offset (clamped into its range where another is chosen).
    func joinSelection(_ kind: ProbabilityKind, _ op: Join, _ node: Apply, _ args: [IndexArg],
                       _ output: Variable) throws -> (Variable, Variable?) {
        let components = node.inputs
        var axis = 0, position: Int?
        for (i, arg) in args.enumerated() {
            let width = arg.axesConsumedForLayout
            if axis <= op.axis && op.axis < axis + width { position = i; break }
            axis += width
        }
        let layout = SelectionLayout(args)
        guard let p = position, !isFullSlice(args[p]) else {
            let joinedAt = layout.resultAxis(ofUntouched: op.axis, args)
            return (try concatenate(components.map { try selection($0, args) }, axis: joinedAt), nil)
        }
        let lengths = components.map { $0.type.shape[op.axis] }
        guard lengths.allSatisfy({ $0 != nil }) else {
            throw notMeasurable(kind, output, "indexing along the joined axis needs the joined pieces' lengths known statically")
        }
        let sizes = lengths.map { $0! }
        let total = sizes.reduce(0, +)
        var entry = args[p]
        if case .slice = entry { entry = .array(try constantSliceIndices(entry, total, output)) }
        let i: Variable
        switch entry {
        case .scalar(let v): i = v
        case .array(let v) where v.dtype != .bool: i = v
        default: throw notMeasurable(kind, output, "a boolean mask along the joined axis of \(describe(node.outputs[0])) is not supported")
        }
        let normalized = try ifElse(i < constant(0), i + constant(total), i)
        // A constant index decides its components now (and is checked to be in range).
        let picked = try i.constantValue.map { values -> [Int] in
            try (0..<values.count).map { k -> Int in
                let raw = Int(values.int64(flat: k))
                let at = raw < 0 ? raw + total : raw
                guard at >= 0, at < total else {
                    throw SPPLError.index("index \(raw) is out of bounds for axis \(op.axis) with size \(total) (indexing \(describe(node.outputs[0])))")
                }
                return at
            }
        }
        let ndim = output.ndim
        var offset = 0
        var branches: [(member: Variable, branch: Variable, always: Bool)] = []
        for (k, component) in components.enumerated() {
            let n = sizes[k], low = offset
            offset += n
            let hits = picked.map { $0.filter { $0 >= low && $0 < low + n }.count }
            if hits == 0 { continue }
            let member = try elemwise(.and, normalized >= constant(low), normalized < constant(low + n))
            let local = try clip(normalized - constant(low), constant(0), constant(n - 1))
            var localArgs = args
            if case .scalar = entry { localArgs[p] = .scalar(local) } else { localArgs[p] = .array(local) }
            let always = hits != nil && hits == picked?.count
            branches.append((try layout.placed(member, ndim: ndim), try selection(component, localArgs), always))
        }
        guard var chosen = branches.last?.branch else {
            throw SPPLError.index("index out of range along the joined axis of \(describe(node.outputs[0])) (length \(total))")
        }
        if let only = branches.first(where: \.always) { return (only.branch, nil) }
        for (member, branch, _) in branches.dropLast().reversed() { chosen = try ifElse(member, branch, chosen) }
        if picked != nil { return (chosen, nil) }
        let inRange = try elemwise(.and, normalized >= constant(0), normalized < constant(total))
        return (chosen, try layout.placed(inRange, ndim: ndim))
    }

    func isFullSlice(_ arg: IndexArg) -> Bool {
        if case .slice(nil, nil, nil) = arg { return true }
        return false
    }

    /// The positions a slice with constant bounds selects from an axis of length n.
    func constantSliceIndices(_ arg: IndexArg, _ n: Int, _ output: Variable) throws -> Variable {
        guard case .slice(let a, let b, let c) = arg else { return constant(0) }
        let parts = [a, b, c].map { $0.map { $0.constantValue.map { Int($0.int64(flat: 0)) } } }
        guard parts.allSatisfy({ $0 == nil || $0! != nil }) else {
            throw notMeasurable(.logp, output, "a slice with non-constant bounds along the joined axis is not supported")
        }
        let step = (parts[2] ?? nil) ?? 1
        guard step != 0 else { throw SPPLError.value("slice step cannot be zero") }
        func clamp(_ v: Int?, _ fallback: Int, _ lowest: Int, _ highest: Int) -> Int {
            guard let v else { return fallback }
            let w = v < 0 ? v + n : v
            return Swift.min(Swift.max(w, lowest), highest)
        }
        var picks: [Int64] = []
        if step > 0 {
            var k = clamp(parts[0] ?? nil, 0, 0, n)
            let stop = clamp(parts[1] ?? nil, n, 0, n)
            while k < stop { picks.append(Int64(k)); k += step }
        } else {
            var k = clamp(parts[0] ?? nil, n - 1, -1, n - 1)
            let stop = clamp(parts[1] ?? nil, -1, -1, n - 1)
            while k > stop { picks.append(Int64(k)); k += step }
        }
        return constant(NDArray(picks))
    }
}
