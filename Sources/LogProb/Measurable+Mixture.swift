// Measurable+Mixture.swift — switch between random branches, and mixtures: components selected by a conditioned index (their densities chosen) or by an index with no value (summed out, weighted by its probabilities, in log space).

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbDeriver {
    /// y = switch(cond, a, b) with random branches a and b (not broadcast: a broadcast
    /// branch repeats its draws). With a non-random (or valued) cond, each element has
    /// the chosen branch's probability (PyMC's switch mixture). A random cond with no
    /// value is summed out: the two-component mixture
    /// log(P(cond) p_a(y) + P(not cond) p_b(y)), P(not cond) = P(cond = 0).
    static let switchRule: MeasurableRule = { d, kind, node, output, value in
        guard let op = (node.op as? Elemwise)?.scalarOp, op == .switch else { return nil }
        let cond = node.inputs[0], a = node.inputs[1], b = node.inputs[2]
        for branch in [a, b] where !d.isRandom(branch) {
            throw d.notMeasurable(kind, output, "the switch branch \(d.describe(branch)) is not random (both branches must be)")
        }
        for branch in [a, b] { try d.checkNotBroadcast(branch, in: node, output) }
        guard d.isRandom(cond) else {
            let la = try d.derive(kind, a, value), lb = try d.derive(kind, b, value)
            guard la.ndimSupp == 0, lb.ndimSupp == 0 else {
                throw d.notMeasurable(kind, output, "a switch between multivariate variables is not implemented")
            }
            return DerivedLogProb(logp: try ifElse(cond, la.logp, lb.logp), ndimSupp: 0)
        }
        guard kind != .icdf else { throw d.notMeasurable(kind, output, "the quantile of a mixture has no closed form") }
        try d.checkIndependent(cond, of: [a, b], kind, output)
        // Axes along which one element of cond selects several of y: a trailing block,
        // which becomes the support of the summed-out density.
        let shared = (0..<output.ndim).filter { cond.type.shape[$0] == 1 && output.type.shape[$0] != 1 }
        guard shared == Array((output.ndim - shared.count)..<output.ndim) else {
            throw d.notMeasurable(kind, output, "the random condition \(d.describe(cond)) is shared along leading axes of the result; it can be summed out only when it varies along the leading axes")
        }
        let source = stripLeadingPadding(cond)
        guard source.dtype != .float64 else {
            throw d.notMeasurable(kind, output, "the random condition \(d.describe(cond)) must be discrete (integer or boolean) to be summed out")
        }
        var logFalse = try d.logp(source, at: source.dtype == .bool ? constant(false) : constant(0)).logp
        let drop = Swift.min(shared.count, logFalse.ndim)
        if drop > 0 { logFalse = try squeeze(logFalse, axes: Array((logFalse.ndim - drop)..<logFalse.ndim)) }
        // P(cond) = 1 - P(cond = 0), formed in log space.
        let logTrue = try log1mexp(logFalse)
        let la = try d.derive(kind, a, value), lb = try d.derive(kind, b, value)
        let result = try d.mixture([(logTrue, la), (logFalse, lb)], shared: shared.count, kind, output)
        try d.marginalize(source, by: output)
        return result
    }

    /// `x` without the DimShuffles that only add leading axes (rank padding).
    static func stripLeadingPadding(_ x: Variable) -> Variable {
        var current = x
        while let node = current.owner, let op = node.op as? DimShuffle {
            let inner = node.inputs[0]
            let pad = op.order.count - inner.ndim
            guard pad >= 0, op.order.prefix(pad).allSatisfy({ $0 == nil }),
                  Array(op.order.dropFirst(pad)) == (0..<inner.ndim).map({ Optional($0) }) else { break }
            current = inner
        }
        return current
    }

    /// log Σ_k exp(w_k + l_k), each component's term l_k summed over the `shared`
    /// trailing axes one draw of the index selects together (log-CDFs: elementwise only).
    func mixture(_ terms: [(weight: Variable, component: DerivedLogProb)], shared: Int, _ kind: ProbabilityKind,
                 _ output: Variable) throws -> DerivedLogProb {
        if kind == .logcdf, shared > 0 {
            throw notMeasurable(kind, output, "the CDF of a mixture whose index selects several elements at once is not elementwise")
        }
        var total: Variable?
        for (weight, component) in terms {
            guard component.ndimSupp <= shared else {
                throw notMeasurable(kind, output, "the mixture components' support is not selected whole by the index")
            }
            let term = try weight + sumLast(component.logp, shared - component.ndimSupp)
            // logaddexp(-inf, -inf) = -inf: a value no component can produce stays impossible.
            total = try total.map { try elemwise(.logaddexp, $0, term) } ?? term
        }
        guard let total else { throw notMeasurable(kind, output, "a mixture needs at least one component") }
        return DerivedLogProb(logp: total, ndimSupp: kind == .logp ? shared : 0)
    }

    /// y = s[..., i, ...] where the index i is random: a mixture of the elements of s
    /// along i's axis (stacked or concatenated components, or one random vector). With
    /// no value for i, it is summed out (AePPL's marginalized mixture; PyMC 5 cannot):
    /// log Σ_j P(i = j) p(y | i = j), where p(y | i = j) is the density of the selection
    /// with j in place of i. One element of i selects a result element (with other
    /// index arrays that tell positions apart, as in components[i, arange(n)]) or a
    /// trailing block of them (a scalar i picks a whole component), which is then the
    /// support of the density.
    func mixtureProbability(_ kind: ProbabilityKind, _ s: Variable, _ args: [IndexArg], _ randomArgs: [Int],
                            _ output: Variable, _ value: Variable) throws -> DerivedLogProb {
        guard kind != .icdf else { throw notMeasurable(kind, output, "the quantile of a mixture has no closed form") }
        guard randomArgs.count == 1 else {
            throw notMeasurable(kind, output, "it indexes \(describe(s)) with \(randomArgs.count) random indices")
        }
        let p = randomArgs[0]
        let i: Variable
        switch args[p] {
        case .scalar(let v): i = v
        case .array(let v) where v.dtype == .int64: i = v
        default: throw notMeasurable(kind, output, "only an integer index can select mixture components")
        }
        let axis = args[..<p].reduce(0) { $0 + $1.axesConsumedForLayout }
        guard let count = s.type.shape[axis] else {
            throw notMeasurable(kind, output, "summing out the index \(describe(i)) needs the number of components (axis \(axis) of \(describe(s))) known statically")
        }
        try checkIndependent(i, of: [s], kind, output)
        let layout = SelectionLayout(args)
        let others = layout.advanced.filter { $0 != p }.compactMap { k -> Variable? in
            if case .array(let a) = args[k], a.dtype != .bool { return a }
            return nil
        }
        let (shared, sharedInIndex) = try mixtureLayout(layout, i, others, output)
        let check = try distinctSelection(s, args, excluding: p, output)
        let known = i.type.shape.compactMap { $0 }
        var terms: [(weight: Variable, component: DerivedLogProb)] = []
        for j in 0..<count {
            var fixed = args
            if case .array = args[p], known.count == i.ndim {
                fixed[p] = .array(constant(try NDArray([Int64](repeating: Int64(j), count: known.reduce(1, *)), shape: known)))
            } else {
                fixed[p] = .scalar(constant(j))
            }
            let component = try derive(kind, selection(s, fixed), value)
            // P(i = j), laid out like i; its trailing axes that select together are length 1.
            var weight = try logp(i, at: constant(j)).logp
            let drop = Swift.min(sharedInIndex, weight.ndim)
            if drop > 0 { weight = try squeeze(weight, axes: Array((weight.ndim - drop)..<weight.ndim)) }
            terms.append((weight, component))
        }
        var result = try mixture(terms, shared: shared, kind, output)
        try marginalize(i, by: output)
        if !check.arrays.isEmpty {
            let op = DistinctSelectionCheck(extents: check.extents, message: "indexing \(describe(s)) for \(describe(output))")
            result = DerivedLogProb(logp: try apply(op, [result.logp] + check.arrays), ndimSupp: result.ndimSupp)
        }
        return result
    }

    /// Which result axes one element of the mixture index i selects together: the
    /// axes it does not index (slices and beyond) and the advanced-index axes along which
    /// i is broadcast. They must be the trailing axes (the support of the summed-out
    /// density); returns their count and how many of them are trailing axes of i.
    /// Unless the arrays name a single position, other index arrays must tell all their
    /// positions apart (else two equal index values would pick one draw twice).
    func mixtureLayout(_ layout: SelectionLayout, _ i: Variable, _ others: [Variable],
                       _ output: Variable) throws -> (shared: Int, sharedInIndex: Int) {
        let ndim = output.ndim
        guard layout.hasArrays else { return (ndim, 0) }
        let rank = layout.subspaceRank, start = layout.insertAt
        let subspace = Array(output.type.shape[start..<(start + rank)])
        let padded = [Int?](repeating: 1, count: rank - i.ndim) + i.type.shape
        let broadcast = (0..<rank).map { padded[$0] == 1 && subspace[$0] != 1 }
        let sharedAxes = Array(0..<start) + (0..<rank).filter { broadcast[$0] }.map { start + $0 } + Array((start + rank)..<ndim)
        guard sharedAxes == Array((ndim - sharedAxes.count)..<ndim) else {
            throw notMeasurable(.logp, output, "the random index \(describe(i)) must vary along the leading axes of the result to be summed out (the axes it selects together become the density's support)")
        }
        let sharedInIndex = broadcast.reversed().prefix { $0 }.count
        if !subspace.allSatisfy({ $0 == 1 }) {
            let picksTwice = "equal values of the index \(describe(i)) would pick the same draw twice; index the stacked components as components[\(i.name ?? "idx"), arange(n)]"
            guard !others.isEmpty else { throw notMeasurable(.logp, output, picksTwice) }
            let shapes = others.map { [Int?](repeating: 1, count: rank - $0.ndim) + $0.type.shape }
            let together = try broadcastStaticShapes(shapes, what: "advanced indexing")
            if zip(together, subspace).contains(where: { $0 == 1 && $1 != 1 }) {
                throw notMeasurable(.logp, output, picksTwice)
            }
        }
        return (sharedAxes.count, sharedInIndex)
    }
}
