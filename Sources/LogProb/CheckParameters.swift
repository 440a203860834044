// CheckParameters.swift — PyMC's check_parameters: a pass-through op that raises a named error when a distribution's parameters are invalid.

import Autodiff
import DenseArrays
import TensorGraph
import TensorOps

/// Passes its first input through when every condition input holds everywhere, and
/// otherwise throws a ValueError carrying `message` (PyMC's CheckParameterValue, whose
/// ParameterValueError says e.g. "sigma > 0"). Invalid parameters are an error in the
/// model, not an impossible value, so they raise instead of giving -inf.
public struct CheckParameterValue: DifferentiableOp, ConditionCheckOp, Hashable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { "Check{\(message)}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard let first = inputs.first else { throw SPPLError.type("Check{\(message)} needs the checked value") }
        for c in inputs.dropFirst() where c.dtype != .bool {
            throw SPPLError.type("Check{\(message)}: conditions must be boolean, got \(c.type)")
        }
        return [first.type]
    }

    public func perform(_ inputs: [NDArray]) throws -> [NDArray] {
        for c in inputs.dropFirst() {
            let flags = c.elements(as: UInt8.self)
            if flags.contains(0) { throw SPPLError.value(message) }
        }
        return [inputs[0]]
    }

    public var outputsMayAlias: Bool { true }

    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        [outputGradients[0]] + node.inputs.dropFirst().map { _ in nil }
    }
}

/// `value` guarded by `conditions` (each reduced to one flag with `all`): evaluating it
/// raises `message` unless they all hold. Conditions that are constant true are dropped.
public func checkParameters(_ value: Variable, _ conditions: [Variable], message: String) throws -> Variable {
    var flags: [Variable] = []
    for c in conditions {
        let b = c.dtype == .bool ? c : try neq(c, constant(0))
        if let v = b.constantValue, !v.elements(as: UInt8.self).contains(0) { continue }
        flags.append(b.ndim == 0 ? b : try reduce(.all, b, axis: nil, keepdims: false))
    }
    if flags.isEmpty { return value }
    return try apply(CheckParameterValue(message), [value] + flags)
}

/// `logp` where `inSupport` holds and -inf elsewhere (values outside the support are
/// impossible, not errors).
public func bounded(_ logp: Variable, _ inSupport: Variable) throws -> Variable {
    try ifElse(inSupport, logp, constant(-Double.infinity))
}

extension CheckParameterValue: PlannableOp {
    /// Checks every condition's flags, then copies the value (a planned output has its own
    /// buffer; the values checked are usually scalars, so the copy costs nothing).
    public func plannedKernel(_ node: Apply, inputs: [PlannedValue], outputs: [PlannedValue]) throws -> PlannedKernel? {
        let x = inputs[0], out = outputs[0]
        let flags = Array(inputs.dropFirst())
        guard flags.allSatisfy({ $0.dtype == .bool }) else { return nil }
        let reductions = try flags.map {
            try LogicalReductionKernel(.all, shape: $0.shape, strides: $0.strides, axes: Array($0.shape.indices))
        }
        let copy = CopyKernel(dtype: x.dtype, shape: out.shape, sourceShape: x.shape, sourceStrides: x.strides)
        let message = self.message
        return { table in
            var holds: UInt8 = 1
            for (flag, all) in zip(flags, reductions) {
                all.run(flag.pointer(table).assumingMemoryBound(to: UInt8.self), &holds)
                if holds == 0 { throw SPPLError.value(message) }
            }
            copy.run(x.pointer(table), out.pointer(table))
        }
    }
}
