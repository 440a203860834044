// Exports+Random.swift — the C ABI of random variables and log-probabilities: op properties as JSON, and the named builders for draws, generators and densities.

import DenseArrays
import LogProb
import RandomVariables
import TensorGraph
import TensorOps

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
