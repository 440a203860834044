// RandomVariableOp.swift — the op drawing from a distribution: inputs (rng, size, parameters...), outputs (next rng, draw).

import DenseArrays
import RandomCore
import TensorGraph
import TensorOps

/// PyTensor's RandomVariable. Inputs are the generator state, the size (an int64
/// vector; empty means "from the parameters", as Aesara printed `size=None`) and the
/// parameters in PyTensor's order; outputs are the advanced generator and the draw.
/// The draw is a function of its inputs only, so a compiled function returns the same
/// draw until its generator is updated (`Function` updates, or PyMC's `compile_pymc`).
public struct RandomVariableOp: Op, Hashable {
    public let spec: RandomVariableSpec

    public init(_ spec: RandomVariableSpec) { self.spec = spec }

    public static func == (a: RandomVariableOp, b: RandomVariableOp) -> Bool { a.spec.name == b.spec.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(spec.name) }

    /// Aesara's spelling: `normal_rv{0, (0, 0), floatX, False}`.
    public var description: String {
        let ranks = spec.ndimsParams.map(String.init)
        let tuple = ranks.count == 1 ? "(\(ranks[0]),)" : "(" + ranks.joined(separator: ", ") + ")"
        let dtype = spec.dtype == .float64 ? "floatX" : "\(spec.dtype)"
        return "\(spec.name)_rv{\(spec.ndimSupp), \(tuple), \(dtype), False}"
    }

    public var isFoldable: Bool { false }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let what = "\(spec.name)_rv"
        guard inputs.count == 2 + spec.parameters.count else {
            throw SPPLError.type("\(what) takes rng, size and \(spec.parameters.count) parameter(s) (\(spec.parameters.joined(separator: ", "))), got \(inputs.count) inputs")
        }
        try checkGenerator(inputs[0], for: what)
        let size = inputs[1]
        guard size.ndim == 1, size.dtype == .int64 else {
            throw SPPLError.type("\(what): size must be an int64 vector, got \(size.type)")
        }
        let params = Array(inputs[2...])
        var batchShapes: [[Int?]] = [], coreShapes: [[Int?]] = []
        for (k, p) in params.enumerated() {
            let core = spec.ndimsParams[k]
            guard !p.type.isRandomGenerator else { throw SPPLError.type("\(what): parameter \(spec.parameters[k]) is a random generator") }
            guard p.ndim >= core else {
                throw SPPLError.value("\(what): parameter \(spec.parameters[k]) needs at least \(core) dimension(s), got \(p.type)")
            }
            batchShapes.append(Array(p.type.shape.dropLast(core)))
            coreShapes.append(Array(p.type.shape.suffix(core)))
        }
        let fromParams = try broadcastStaticShapes(rightAligned(batchShapes), what: "\(what) parameters")
        var batch: [Int?]
        if let value = size.constantValue {
            let extents = (0..<value.count).map { Int(value.int64(flat: $0)) }
            if let bad = extents.first(where: { $0 < 0 }) { throw SPPLError.value("\(what): negative size \(bad)") }
            if extents.isEmpty {
                batch = fromParams
            } else {
                batch = extents
                try checkParametersFit(fromParams, size: extents, what: what)
            }
        } else {
            guard let n = size.type.shape[0] else {
                throw SPPLError.value("\(what): size must have a known length (the number of dimensions of the draw)")
            }
            batch = [Int?](repeating: nil, count: n)
        }
        return [.randomGenerator, TensorType(spec.dtype, shape: batch + spec.staticSupportShape(coreShapes))]
    }

    /// Static check that the parameters' batch shapes broadcast to `size`.
    private func checkParametersFit(_ fromParams: [Int?], size: [Int], what: String) throws {
        guard fromParams.count <= size.count else {
            throw SPPLError.value("\(what): size \(formatShape(size)) has fewer dimensions than the parameters' batch shape \(TensorType.formatStatic(fromParams))")
        }
        for (p, s) in zip(fromParams.reversed(), size.reversed()) where p != nil && p != 1 && p != s {
            throw SPPLError.value("\(what): parameters of batch shape \(TensorType.formatStatic(fromParams)) do not broadcast to size \(formatShape(size))")
        }
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        let what = "\(spec.name)_rv"
        var stream = try RandomStream(state: inputs[0])
        let size = (0..<inputs[1].count).map { Int(inputs[1].int64(flat: $0)) }
        if let bad = size.first(where: { $0 < 0 }) { throw SPPLError.value("\(what): negative size \(bad)") }
        let params = try inputs[2...].map { try $0.cast(to: .float64) }
        let batchShapes = params.enumerated().map { Array($1.shape.dropLast(spec.ndimsParams[$0])) }
        let coreShapes = params.enumerated().map { Array($1.shape.suffix(spec.ndimsParams[$0])) }
        let fromParams = try broadcastShapes(batchShapes)
        let batch: [Int]
        if size.isEmpty {
            batch = fromParams
        } else {
            guard (try? broadcastShapes([fromParams, size])) == size else {
                throw SPPLError.value("\(what): parameters of batch shape \(formatShape(fromParams)) do not broadcast to size \(formatShape(size))")
            }
            batch = size
        }
        let support = try spec.supportShape(coreShapes, params)
        // Every parameter broadcast to the full batch, contiguous: draw i reads its
        // parameters at i * (core size).
        let full = try params.enumerated().map { try $1.broadcast(to: batch + coreShapes[$0]).contiguous() }
        let count = try checkedElementCount(batch)
        let out = try NDArray.empty(spec.dtype, batch + support)
        let drawSize = support.reduce(1, *)
        let coreSizes = coreShapes.map { $0.reduce(1, *) }
        let pointers = full.map { UnsafePointer($0.pointer(Double.self)) }
        // At least one slot, so the buffer has an address even with no parameters.
        var scalars = [Double](repeating: 0, count: max(params.count, 1))
        for i in 0..<count {
            switch spec.draw {
            case .real(let draw):
                for k in pointers.indices { scalars[k] = pointers[k][i] }
                try checkRules(scalars, draw: i)
                out.pointer(Double.self)[i] = scalars.withUnsafeBufferPointer { draw(&stream, $0.baseAddress!) }
            case .integer(let draw):
                for k in pointers.indices { scalars[k] = pointers[k][i] }
                try checkRules(scalars, draw: i)
                out.pointer(Int64.self)[i] = scalars.withUnsafeBufferPointer { draw(&stream, $0.baseAddress!) }
            case .realBlock(let draw):
                let buffers = pointers.indices.map { UnsafeBufferPointer(start: pointers[$0] + i * coreSizes[$0], count: coreSizes[$0]) }
                try draw(&stream, buffers, UnsafeMutableBufferPointer(start: out.pointer(Double.self) + i * drawSize, count: drawSize))
            case .integerBlock(let draw):
                let buffers = pointers.indices.map { UnsafeBufferPointer(start: pointers[$0] + i * coreSizes[$0], count: coreSizes[$0]) }
                try draw(&stream, buffers, UnsafeMutableBufferPointer(start: out.pointer(Int64.self) + i * drawSize, count: drawSize))
            case .unavailable(let reason):
                throw SPPLError(.notImplemented, "\(what): \(reason)")
            }
        }
        if count == 0, case .unavailable(let reason) = spec.draw { throw SPPLError(.notImplemented, "\(what): \(reason)") }
        return withExtendedLifetime(full) { [stream.state, out] }
    }

    private func checkRules(_ scalars: [Double], draw i: Int) throws {
        for rule in spec.rules where !scalars.withUnsafeBufferPointer({ rule.holds($0.baseAddress!) }) {
            let values = zip(spec.parameters, scalars).map { "\($0)=\($1)" }.joined(separator: ", ")
            throw SPPLError.value("\(spec.name)_rv: parameters must satisfy \(rule.text), got \(values) (draw \(i))")
        }
    }
}

/// Pads static shapes on the left with 1 to a common rank (NumPy's alignment).
func rightAligned(_ shapes: [[Int?]]) -> [[Int?]] {
    let ndim = shapes.map(\.count).max() ?? 0
    return shapes.map { [Int?](repeating: 1, count: ndim - $0.count) + $0 }
}
