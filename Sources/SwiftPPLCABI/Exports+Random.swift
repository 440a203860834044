// Exports+Random.swift — the C ABI of random variables and log-probabilities: op properties as JSON, and the named builders for draws, generators and densities.

import DenseArrays
import LogProb
import RandomVariables
import TensorGraph
import TensorOps
import Transforms

@_cdecl("sppl_op_properties")
public func sppl_op_properties(_ handle: UInt64, _ text: TextOut, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let out = try required(text, "text")
        let op = try HandleTable.shared.get(handle, OpBox.self, role: "sppl_op_properties").op
        var fields: [(String, JSONValue)] = [("type", .string(String(describing: type(of: op))))]
        if let rv = op as? RandomVariableOp {
            fields += specFields(rv.spec)
        } else if let e = op as? Elemwise {
            fields.append(("scalar_op", .string(e.scalarOp.name)))
        }
        out.pointee = cString(jsonObject(fields))
    }
}

@_cdecl("sppl_random_variable_catalog")
public func sppl_random_variable_catalog(_ text: TextOut, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let out = try required(text, "text")
        out.pointee = cString("[" + RandomVariableCatalog.all.map { jsonObject(specFields($0)) }.joined(separator: ",\n") + "]")
    }
}

/// A random variable's properties, PyTensor's attribute names.
func specFields(_ spec: RandomVariableSpec) -> [(String, JSONValue)] {
    [("name", .string(spec.name)), ("ndim_supp", .int(spec.ndimSupp)), ("ndims_params", .ints(spec.ndimsParams)),
     ("parameters", .strings(spec.parameters)), ("dtype", .string("\(spec.dtype)"))]
}

/// The few JSON values op properties need.
enum JSONValue {
    case string(String), int(Int), ints([Int]), strings([String])

    var text: String {
        switch self {
        case .string(let s): return jsonString(s)
        case .int(let n): return String(n)
        case .ints(let ns): return "[" + ns.map(String.init).joined(separator: ", ") + "]"
        case .strings(let ss): return "[" + ss.map(jsonString).joined(separator: ", ") + "]"
        }
    }
}

func jsonObject(_ fields: [(String, JSONValue)]) -> String {
    "{" + fields.map { "\(jsonString($0.0)): \($0.1.text)" }.joined(separator: ", ") + "}"
}

/// A JSON string literal: quotes, backslashes and control characters escaped.
func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where u.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16)
        default: out.unicodeScalars.append(u)
        }
    }
    return out + "\""
}

/// Builders for random variables and log-probabilities:
/// - `rv_<name>`: inputs (rng, size, params...), outputs (next rng, draw);
/// - `random_generator`: params (seed as two 32-bit halves, stream as two halves), a new shared generator;
/// - `logp`, `logcdf`, `icdf`: inputs (variable, value);
/// - `conditional_logp`: inputs (variable, value) pairs, one term per pair.
func randomBuilders() -> [String: Builder] {
    var table: [String: Builder] = [:]
    for spec in RandomVariableCatalog.all {
        table["rv_" + spec.name] = { inputs, _ in
            guard inputs.count >= 2 else {
                throw SPPLError.type("\(spec.name): expected rng, size and parameters, got \(inputs.count) inputs")
            }
            let (next, draw) = try randomVariable(spec, Array(inputs[2...]), size: inputs[1], rng: inputs[0])
            return [next, draw]
        }
    }
    table["random_generator"] = { inputs, p in
        try expect(inputs, 0, "random_generator")
        var halves: [UInt64] = []
        for _ in 0..<4 { halves.append(UInt64(UInt32(truncatingIfNeeded: try p.int("seed and stream halves")))) }
        return [try sharedRandomGenerator(seed: halves[0] << 32 | halves[1], stream: halves[2] << 32 | halves[3])]
    }
    table["transform"] = transformBuilder()
    table["logp"] = two(logp, "logp")
    table["logcdf"] = two(logcdf, "logcdf")
    table["icdf"] = two(icdf, "icdf")
    table["conditional_logp"] = { inputs, _ in
        guard inputs.count % 2 == 0, !inputs.isEmpty else {
            throw SPPLError.type("conditional_logp takes (variable, value) pairs, got \(inputs.count) inputs")
        }
        let pairs = stride(from: 0, to: inputs.count, by: 2).map { (inputs[$0], inputs[$0 + 1]) }
        return try conditionalLogp(pairs)
    }
    return table
}

/// Transform kinds of the `transform` builder, in code order.
private let transformKinds = ["log", "logodds", "interval", "circular", "simplex", "stickbreaking", "sumto1", "ordered",
                              "zerosum", "cholesky_cov_packed"]

/// The `transform` builder: inputs (value, then the interval bounds in order); params
/// (direction: 0 forward, 1 backward, 2 log|det J|; transform count; per transform its
/// kind code, then for interval a presence mask (1 lower, 2 upper), for zerosum an axis
/// list, for cholesky_cov_packed n). Several transforms chain in order.
func transformBuilder() -> Builder {
    { inputs, p in
        guard let value = inputs.first else { throw SPPLError.type("transform needs a value") }
        var bounds = inputs.dropFirst()
        func bound() throws -> Variable {
            guard let b = bounds.popFirst() else { throw SPPLError.type("transform: fewer bound inputs than the interval masks need") }
            return b
        }
        let direction = try p.int("direction")
        let count = try p.int("transform count")
        guard (1...16).contains(count) else { throw SPPLError.value("transform: between 1 and 16 transforms, got \(count)") }
        var transforms: [ValueTransform] = []
        for _ in 0..<count {
            let code = try p.int("transform kind")
            guard transformKinds.indices.contains(code) else { throw SPPLError.value("transform: unknown kind \(code)") }
            switch transformKinds[code] {
            case "log": transforms.append(LogTransform())
            case "logodds": transforms.append(LogOddsTransform())
            case "interval":
                let mask = try p.int("interval mask")
                guard (1...3).contains(mask) else { throw SPPLError.value("transform: interval mask \(mask) must be 1, 2 or 3") }
                let lower = mask & 1 != 0 ? try bound() : nil
                let upper = mask & 2 != 0 ? try bound() : nil
                transforms.append(try IntervalTransform(lower: lower, upper: upper))
            case "circular": transforms.append(CircularTransform())
            case "simplex": transforms.append(SimplexTransform())
            case "stickbreaking": transforms.append(StickBreakingTransform())
            case "sumto1": transforms.append(SumTo1Transform())
            case "ordered": transforms.append(OrderedTransform())
            case "zerosum": transforms.append(try ZeroSumTransform(axes: try p.list("axes")))
            default: transforms.append(try CholeskyCovPackedTransform(n: try p.int("n")))
            }
        }
        guard bounds.isEmpty else { throw SPPLError.type("transform: \(bounds.count) bound input(s) left over") }
        let t: ValueTransform = count == 1 ? transforms[0] : try ChainedTransform(transforms)
        switch direction {
        case 0: return [try t.forward(value)]
        case 1: return [try t.backward(value)]
        case 2: return [try t.logJacobianDeterminant(value)]
        default: throw SPPLError.value("transform: direction must be 0 (forward), 1 (backward) or 2 (log_jac_det), got \(direction)")
        }
    }
}
