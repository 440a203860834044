// Exports+Graph.swift — C entry points for variables, nodes, ops, traversal, cloning and dprint.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Compile
import DenseArrays
import TensorGraph
import TensorOps

public typealias TextOut = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

func variable(_ handle: UInt64, _ role: String) throws -> Variable {
    try HandleTable.shared.get(handle, Variable.self, role: role)
}

func variables(_ handles: UnsafePointer<UInt64>?, _ count: Int64, _ role: String) throws -> [Variable] {
    try readArray(handles, count, role).enumerated().map { try variable($0.element, "\(role)[\($0.offset)]") }
}

@_cdecl("sppl_variable_new")
public func sppl_variable_new(_ dtypeCode: Int32, _ ndim: Int32, _ shape: UnsafePointer<Int64>?,
                              _ name: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<UInt64>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let result = try required(out, "out")
        let type = try dtype(dtypeCode)
        guard ndim >= 0, Int64(ndim) <= maxDims else { throw SPPLError.value("ndim \(ndim) is outside 0...\(maxDims)") }
        let dims = try readArray(shape, Int64(ndim), "shape").map { d -> Int? in
            guard d >= -1 else { throw SPPLError.value("static shape entries must be >= 0, or -1 for unknown; got \(d)") }
            return d == -1 ? nil : Int(d)
        }
        result.pointee = HandleTable.shared.insert(Variable(TensorType(type, shape: dims), name: optionalString(name)))
    }
}

@_cdecl("sppl_constant_new")
public func sppl_constant_new(_ array: UInt64, _ name: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<UInt64>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let result = try required(out, "out")
        let value = try HandleTable.shared.get(array, ArrayBox.self, role: "sppl_constant_new").array
        result.pointee = HandleTable.shared.insert(Variable(constant: value, name: optionalString(name)))
    }
}

@_cdecl("sppl_shared_new")
public func sppl_shared_new(_ array: UInt64, _ name: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<UInt64>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let result = try required(out, "out")
        let value = try HandleTable.shared.get(array, ArrayBox.self, role: "sppl_shared_new").array
        result.pointee = HandleTable.shared.insert(Variable(shared: value, name: optionalString(name)))
    }
}

@_cdecl("sppl_shared_get")
public func sppl_shared_get(_ handle: UInt64, _ out: UnsafeMutablePointer<UInt64>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let result = try required(out, "out")
        let v = try variable(handle, "sppl_shared_get")
        guard let storage = v.sharedValue else { throw SPPLError.type("\(v) is not a shared variable") }
        result.pointee = HandleTable.shared.insert(ArrayBox(storage.value))
    }
}

@_cdecl("sppl_shared_set")
public func sppl_shared_set(_ handle: UInt64, _ array: UInt64, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let v = try variable(handle, "sppl_shared_set")
        guard let storage = v.sharedValue else { throw SPPLError.type("\(v) is not a shared variable") }
        let value = try HandleTable.shared.get(array, ArrayBox.self, role: "sppl_shared_set").array
        try storage.set(value, name: v.description)
    }
}

@_cdecl("sppl_constant_value")
public func sppl_constant_value(_ handle: UInt64, _ out: UnsafeMutablePointer<UInt64>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let result = try required(out, "out")
        let v = try variable(handle, "sppl_constant_value")
        guard let value = v.constantValue else { throw SPPLError.type("\(v) is not a constant") }
        result.pointee = HandleTable.shared.insert(ArrayBox(value))
    }
}

/// Kind codes: 0 input, 1 constant, 2 shared, 3 node output.
@_cdecl("sppl_variable_type")
public func sppl_variable_type(_ handle: UInt64, _ dtypeOut: UnsafeMutablePointer<Int32>?, _ ndimOut: UnsafeMutablePointer<Int32>?,
                               _ shapeOut: UnsafeMutablePointer<Int64>?, _ kindOut: UnsafeMutablePointer<Int32>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let v = try variable(handle, "sppl_variable_type")
        try required(dtypeOut, "dtype").pointee = v.dtype.rawValue
        guard Int64(v.ndim) <= maxDims else { throw SPPLError.value("\(v) has more than \(maxDims) dimensions") }
        try required(ndimOut, "ndim").pointee = Int32(v.ndim)
        let shape = try required(shapeOut, "shape")
        for (axis, n) in v.type.shape.enumerated() { shape[axis] = n.map { Int64($0) } ?? -1 }
        let kind: Int32
        switch v.kind {
        case .input: kind = 0
        case .constant: kind = 1
        case .shared: kind = 2
        case .output: kind = 3
        }
        try required(kindOut, "kind").pointee = kind | (v.type.isRandomGenerator ? 4 : 0)
    }
}

@_cdecl("sppl_variable_name")
public func sppl_variable_name(_ handle: UInt64, _ name: TextOut, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let out = try required(name, "name")
        out.pointee = try variable(handle, "sppl_variable_name").name.flatMap(cString)
    }
}

@_cdecl("sppl_variable_set_name")
public func sppl_variable_set_name(_ handle: UInt64, _ name: UnsafePointer<CChar>?, _ err: ErrorOut) -> Int32 {
    guarded(err) { try variable(handle, "sppl_variable_set_name").name = optionalString(name) }
}

@_cdecl("sppl_variable_owner")
public func sppl_variable_owner(_ handle: UInt64, _ apply: UnsafeMutablePointer<UInt64>?, _ index: UnsafeMutablePointer<Int64>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let node = try required(apply, "apply"), position = try required(index, "index")
        let v = try variable(handle, "sppl_variable_owner")
        node.pointee = v.owner.map { HandleTable.shared.insert($0) } ?? 0
        position.pointee = Int64(v.index)
    }
}

@_cdecl("sppl_apply_info")
public func sppl_apply_info(_ handle: UInt64, _ nInputs: UnsafeMutablePointer<Int64>?, _ nOutputs: UnsafeMutablePointer<Int64>?,
                            _ op: UnsafeMutablePointer<UInt64>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let node = try HandleTable.shared.get(handle, Apply.self, role: "sppl_apply_info")
        try required(nInputs, "n_inputs").pointee = Int64(node.inputs.count)
        try required(nOutputs, "n_outputs").pointee = Int64(node.nout)
        try required(op, "op").pointee = HandleTable.shared.insert(OpBox(node.op))
    }
}

@_cdecl("sppl_apply_input")
public func sppl_apply_input(_ handle: UInt64, _ i: Int64, _ out: UnsafeMutablePointer<UInt64>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let result = try required(out, "out")
        let node = try HandleTable.shared.get(handle, Apply.self, role: "sppl_apply_input")
        guard i >= 0, i < node.inputs.count else { throw SPPLError.index("input index \(i) out of range for a node with \(node.inputs.count) inputs") }
        result.pointee = HandleTable.shared.insert(node.inputs[Int(i)])
    }
}

@_cdecl("sppl_apply_output")
public func sppl_apply_output(_ handle: UInt64, _ i: Int64, _ out: UnsafeMutablePointer<UInt64>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let result = try required(out, "out")
        let node = try HandleTable.shared.get(handle, Apply.self, role: "sppl_apply_output")
        guard i >= 0, i < node.nout else { throw SPPLError.index("output index \(i) out of range for a node with \(node.nout) outputs") }
        result.pointee = HandleTable.shared.insert(node.output(Int(i)))
    }
}

@_cdecl("sppl_apply_op")
public func sppl_apply_op(_ op: UInt64, _ inputs: UnsafePointer<UInt64>?, _ nInputs: Int64,
                          _ outputs: UnsafeMutablePointer<UInt64>?, _ maxOutputs: Int64, _ nOutputs: UnsafeMutablePointer<Int64>?,
                          _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let box = try HandleTable.shared.get(op, OpBox.self, role: "sppl_apply_op")
        let node = try Apply(box.op, try variables(inputs, nInputs, "inputs"))
        try checkRanks(node.outputs, "\(box.op)")
        let out = try required(outputs, "outputs"), count = try required(nOutputs, "n_outputs")
        guard Int64(node.nout) <= maxOutputs else {
            throw SPPLError.value("\(box.op) has \(node.nout) outputs but room was given for \(maxOutputs)")
        }
        for i in 0..<node.nout { out[i] = HandleTable.shared.insert(node.output(i)) }
        count.pointee = Int64(node.nout)
    }
}

@_cdecl("sppl_op_equal")
public func sppl_op_equal(_ a: UInt64, _ b: UInt64, _ equal: UnsafeMutablePointer<Int32>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let out = try required(equal, "equal")
        let x = try HandleTable.shared.get(a, OpBox.self, role: "sppl_op_equal").op
        let y = try HandleTable.shared.get(b, OpBox.self, role: "sppl_op_equal").op
        out.pointee = x.isEqual(to: y) ? 1 : 0
    }
}

/// Hands `list` to the caller as a malloc'ed array of new handles.
func handOut(_ list: [AnyObject], _ result: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>, _ count: UnsafeMutablePointer<Int64>) throws {
    let memory = malloc(Swift.max(list.count, 1) * MemoryLayout<UInt64>.stride)
    guard let memory else { throw SPPLError(.memory, "out of memory") }
    let handles = memory.bindMemory(to: UInt64.self, capacity: Swift.max(list.count, 1))
    for (i, object) in list.enumerated() { handles[i] = HandleTable.shared.insert(object) }
    result.pointee = handles
    count.pointee = Int64(list.count)
}

@_cdecl("sppl_graph_query")
public func sppl_graph_query(_ what: UnsafePointer<CChar>?, _ outputs: UnsafePointer<UInt64>?, _ n: Int64,
                             _ blockers: UnsafePointer<UInt64>?, _ nBlockers: Int64,
                             _ result: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>?, _ count: UnsafeMutablePointer<Int64>?,
                             _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let query = String(cString: try required(what, "what"))
        let roots = try variables(outputs, n, "outputs")
        let stops = Set(try variables(blockers, nBlockers, "blockers"))
        let list: [AnyObject]
        switch query {
        case "inputs": list = graphInputs(roots, blockers: stops)
        case "ancestors": list = ancestors(roots, blockers: stops)
        case "toposort": list = toposort(roots, inputs: stops)
        default: throw SPPLError.value("unknown graph query '\(query)' (inputs, ancestors, toposort)")
        }
        try handOut(list, try required(result, "result"), try required(count, "count"))
    }
}

@_cdecl("sppl_clone_replace")
public func sppl_clone_replace(_ outputs: UnsafePointer<UInt64>?, _ n: Int64, _ old: UnsafePointer<UInt64>?,
                               _ new: UnsafePointer<UInt64>?, _ nReplace: Int64,
                               _ result: UnsafeMutablePointer<UInt64>?, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let roots = try variables(outputs, n, "outputs")
        let olds = try variables(old, nReplace, "replace keys"), news = try variables(new, nReplace, "replace values")
        let out = try required(result, "result")
        var replace: [Variable: Variable] = [:]
        for (o, v) in zip(olds, news) { replace[o] = v }
        let clones = try cloneReplace(roots, replace: replace)
        for (i, c) in clones.enumerated() { out[i] = HandleTable.shared.insert(c) }
    }
}

@_cdecl("sppl_dprint")
public func sppl_dprint(_ outputs: UnsafePointer<UInt64>?, _ n: Int64, _ text: TextOut, _ err: ErrorOut) -> Int32 {
    guarded(err) {
        let out = try required(text, "text")
        out.pointee = cString(dprint(try variables(outputs, n, "outputs")))
    }
}
