// Measurable+Shape.swift — probabilities through shape operations of random inputs: new and permuted axes, concatenation and stacking (densities, CDFs, quantiles), cumulative sums (densities).

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbDeriver {
    /// y = dimshuffle(x): x's value is y with the new axes dropped and the axes put back;
    /// the log-density (log-CDF, quantile) is x's, laid out like y.
    static let dimShuffleRule: MeasurableRule = { d, kind, node, output, value in
        guard let op = node.op as? DimShuffle, d.isRandom(node.inputs[0]) else { return nil }
        let x = node.inputs[0]
        let newAxes = op.order.indices.filter { op.order[$0] == nil }
        let kept = try squeeze(value, axes: newAxes)
        // Axis j of `kept` holds x's axis op.order (without nils)[j]; put x's axes in order.
        let named = op.order.compactMap { $0 }
        let back = (0..<x.ndim).map { axis in named.firstIndex(of: axis)! }
        let xValue = back == Array(0..<x.ndim) ? kept : try transpose(kept, axes: back)
        let base = try d.derive(kind, x, xValue)
        guard base.ndimSupp == 0 else {
            throw d.notMeasurable(kind, output, "\(op) of the multivariate \(d.describe(x))")
        }
        return DerivedLogProb(logp: try dimshuffle(base.logp, op.order), ndimSupp: 0)
    }

    /// y = concatenate(x1, x2, ...): the value splits along the joined axis into pieces,
    /// each piece is its input's value, and the log-densities (log-CDFs, quantiles)
    /// join the same way.
    static let joinRule: MeasurableRule = { d, kind, node, output, value in
        guard let op = node.op as? Join else { return nil }
        let random = d.randomInputs(node)
        guard !random.isEmpty else { return nil }
        guard random.count == node.inputs.count else {
            throw d.notMeasurable(kind, output, "it joins random and non-random pieces")
        }
        var start: Variable = constant(0)
        var pieces: [DerivedLogProb] = []
        for x in node.inputs {
            let length = try x.type.shape[op.axis].map { constant($0) } ?? index(shape(x), [.scalar(constant(op.axis))])
            let stop = try start + length
            let args = [IndexArg](repeating: .all, count: op.axis) + [.slice(start, stop, nil)]
            pieces.append(try d.derive(kind, x, index(value, args)))
            start = stop
        }
        let ndimSupp = pieces[0].ndimSupp
        guard pieces.allSatisfy({ $0.ndimSupp == ndimSupp }), op.axis < output.ndim - ndimSupp else {
            throw d.notMeasurable(kind, output, "it joins along a support dimension of a multivariate variable")
        }
        return DerivedLogProb(logp: try concatenate(pieces.map(\.logp), axis: op.axis), ndimSupp: ndimSupp)
    }

    /// y = cumsum(x, axis): x's value is the differences of y along the axis (the first
    /// element kept); the map has unit Jacobian. Densities only: the CDF of a sum is no
    /// function of the summands' CDFs.
    static let cumsumRule: MeasurableRule = { d, kind, node, output, value in
        guard let op = node.op as? CumOp, op.op == .sum, d.isRandom(node.inputs[0]) else { return nil }
        guard kind == .logp else { return nil }
        let x = node.inputs[0]
        guard let axis = op.axis ?? (x.ndim == 1 ? 0 : nil) else {
            throw SPPLError(.notImplemented, "cannot derive the density of \(d.describe(output)): cumsum without an axis flattens \(d.describe(x))")
        }
        let lead = [IndexArg](repeating: .all, count: axis)
        let first = try index(value, lead + [.slice(nil, constant(1), nil)])
        let later = try index(value, lead + [.slice(constant(1), nil, nil)])
        let earlier = try index(value, lead + [.slice(nil, constant(-1), nil)])
        let differences = try concatenate([first, later - earlier], axis: axis)
        let base = try d.logp(x, at: differences)
        guard base.ndimSupp == 0 else {
            throw SPPLError(.notImplemented, "cannot derive the density of \(d.describe(output)): cumsum of the multivariate \(d.describe(x))")
        }
        return base
    }
}

extension LogProbDeriver {
    /// y = specify_shape(x): x's probability, with the value held to the same shape.
    static let specifyShapeRule: MeasurableRule = { d, kind, node, output, value in
        guard let op = node.op as? SpecifyShape, d.isRandom(node.inputs[0]) else { return nil }
        let checked = value.ndim == op.shape.count ? try specifyShape(value, op.shape) : value
        return try d.derive(kind, node.inputs[0], checked)
    }

    /// y = reshape(x, shape) of a scalar-distributed x of known static shape: the value
    /// reshaped back to x's layout, the elementwise result reshaped like y.
    static let reshapeRule: MeasurableRule = { d, kind, node, output, value in
        guard node.op is Reshape, d.isRandom(node.inputs[0]) else { return nil }
        let x = node.inputs[0]
        let known = x.type.shape.compactMap { $0 }
        guard known.count == x.ndim else {
            throw d.notMeasurable(kind, output, "reshaping \(d.describe(x)) needs its shape known statically")
        }
        let base = try d.derive(kind, x, reshape(value, known))
        guard base.ndimSupp == 0 else {
            throw d.notMeasurable(kind, output, "reshaping the multivariate \(d.describe(x)) is not implemented")
        }
        return DerivedLogProb(logp: try reshape(base.logp, node.inputs[1]), ndimSupp: 0)
    }
}
