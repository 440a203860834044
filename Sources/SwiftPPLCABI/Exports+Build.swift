// Exports+Build.swift — C entry points that build graph nodes by name and compile and call functions.

import Compile
import CSwiftPPL
import DenseArrays
import TensorGraph

@_cdecl("sppl_build")
public func sppl_build(_ function: UnsafePointer<CChar>?, _ inputs: UnsafePointer<UInt64>?, _ nInputs: Int64,
                       _ params: UnsafePointer<Int64>?, _ nParams: Int64,
                       _ outputs: UnsafeMutablePointer<UInt64>?, _ maxOutputs: Int64, _ nOutputs: UnsafeMutablePointer<Int64>?,
                       _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let name = String(cString: try required(function, "function"))
        guard let builder = builders[name] else {
            throw SPPLError.value("unknown graph function '\(name)'")
        }
        let args = try variables(inputs, nInputs, "inputs")
        var p = Params(try readArray(params, nParams, "params"), function: name)
        let results = try builder(args, &p)
        try p.finish()
        try checkRanks(results, name)
        let out = try required(outputs, "outputs"), count = try required(nOutputs, "n_outputs")
        guard Int64(results.count) <= maxOutputs else {
            throw SPPLError.value("\(name) has \(results.count) outputs but room was given for \(maxOutputs)")
        }
        for (i, v) in results.enumerated() { out[i] = HandleTable.shared.insert(v) }
        count.pointee = Int64(results.count)
    }
}

@_cdecl("sppl_function_new")
public func sppl_function_new(_ inputs: UnsafePointer<UInt64>?, _ nInputs: Int64,
                              _ outputs: UnsafePointer<UInt64>?, _ nOutputs: Int64,
                              _ givensOld: UnsafePointer<UInt64>?, _ givensNew: UnsafePointer<UInt64>?, _ nGivens: Int64,
                              _ updateVars: UnsafePointer<UInt64>?, _ updateExprs: UnsafePointer<UInt64>?, _ nUpdates: Int64,
                              _ options: Int32, _ out: UnsafeMutablePointer<UInt64>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let result = try required(out, "out")
        let ins = try variables(inputs, nInputs, "inputs")
        let outs = try variables(outputs, nOutputs, "outputs")
        let olds = try variables(givensOld, nGivens, "givens keys"), news = try variables(givensNew, nGivens, "givens values")
        var givens: [Variable: Variable] = [:]
        for (o, n) in zip(olds, news) { givens[o] = n }
        let targets = try variables(updateVars, nUpdates, "update variables")
        let expressions = try variables(updateExprs, nUpdates, "update expressions")
        guard options & ~3 == 0 else { throw SPPLError.value("unknown function options \(options)") }
        let f = try Function(inputs: ins, outputs: outs, givens: givens, updates: Array(zip(targets, expressions)),
                             allowUnusedInputs: options & 1 != 0, rewrite: options & 2 == 0)
        result.pointee = HandleTable.shared.insert(f)
    }
}

@_cdecl("sppl_function_info")
public func sppl_function_info(_ handle: UInt64, _ nInputs: UnsafeMutablePointer<Int64>?, _ nOutputs: UnsafeMutablePointer<Int64>?,
                               _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let f = try HandleTable.shared.get(handle, Function.self, role: "sppl_function_info")
        try required(nInputs, "n_inputs").pointee = Int64(f.inputs.count)
        try required(nOutputs, "n_outputs").pointee = Int64(f.outputs.count)
    }
}

/// `which` 0: input variable i; 1: output variable i.
@_cdecl("sppl_function_variable")
public func sppl_function_variable(_ handle: UInt64, _ which: Int32, _ i: Int64, _ out: UnsafeMutablePointer<UInt64>?,
                                   _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let result = try required(out, "out")
        let f = try HandleTable.shared.get(handle, Function.self, role: "sppl_function_variable")
        let list: [Variable]
        switch which {
        case 0: list = f.inputs
        case 1: list = f.outputs
        default: throw SPPLError.value("which must be 0 (inputs) or 1 (outputs), got \(which)")
        }
        guard i >= 0, i < list.count else { throw SPPLError.index("index \(i) out of range for \(list.count) variables") }
        result.pointee = HandleTable.shared.insert(list[Int(i)])
    }
}

@_cdecl("sppl_function_call")
public func sppl_function_call(_ handle: UInt64, _ inputs: UnsafePointer<sppl_buffer>?, _ nInputs: Int64,
                               _ outputs: UnsafeMutablePointer<UInt64>?, _ nOutputs: Int64, _ err: ErrorOut) -> Int32 {
    runWithBorrowedInputs(handle, inputs, nInputs, outputs, nOutputs, err, role: "sppl_function_call") { f, values in
        try f(values)
    }
}

@_cdecl("sppl_function_map")
public func sppl_function_map(_ handle: UInt64, _ inputs: UnsafePointer<sppl_buffer>?, _ nInputs: Int64,
                              _ outputs: UnsafeMutablePointer<UInt64>?, _ nOutputs: Int64, _ err: ErrorOut) -> Int32 {
    runWithBorrowedInputs(handle, inputs, nInputs, outputs, nOutputs, err, role: "sppl_function_map") { f, values in
        try f.mapRows(values)
    }
}

/// The shared body of the calls: checks the counts, borrows the input buffers for the
/// duration of the call, runs `body`, and hands each result back as a new array handle.
private func runWithBorrowedInputs(_ handle: UInt64, _ inputs: UnsafePointer<sppl_buffer>?, _ nInputs: Int64,
                                   _ outputs: UnsafeMutablePointer<UInt64>?, _ nOutputs: Int64, _ err: ErrorOut,
                                   role: String, _ body: (Function, [NDArray]) throws -> [NDArray]) -> Int32 {
    guarded(err) {
        let f = try HandleTable.shared.get(handle, Function.self, role: role)
        guard nInputs == f.inputs.count else {
            throw SPPLError.type("function takes \(f.inputs.count) input(s), got \(nInputs)")
        }
        guard nOutputs == f.outputs.count else {
            throw SPPLError.value("function has \(f.outputs.count) output(s), room was given for \(nOutputs)")
        }
        let out = try required(outputs, "outputs")
        var values: [NDArray] = []
        if nInputs > 0 {
            let buffers = try required(inputs, "inputs")
            for i in 0..<Int(nInputs) {
                let b = buffers[i]
                // Borrowed for the duration of the call only: nothing to release.
                values.append(try borrowedArray(b.data, b.dtype, b.ndim, b.shape, b.byte_strides, onRelease: nil))
            }
        }
        let results = try body(f, values)
        for (i, r) in results.enumerated() { out[i] = HandleTable.shared.insert(ArrayBox(r)) }
    }
}

@_cdecl("sppl_function_dprint")
public func sppl_function_dprint(_ handle: UInt64, _ text: TextOut, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let out = try required(text, "text")
        out.pointee = cString(try HandleTable.shared.get(handle, Function.self, role: "sppl_function_dprint").dprint())
    }
}
