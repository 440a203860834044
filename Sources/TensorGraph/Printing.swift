// Printing.swift — dprint: the indented tree view of a graph with [id X] labels, and constant formatting.

import DenseArrays

/// Renders the graphs of `outputs` as PyTensor's (Aesara's) `debugprint` does:
///
///     Elemwise{log,no_inplace} [id A] 'log(x + y)'
///      |Elemwise{add,no_inplace} [id B] 'x + y'
///        |InplaceDimShuffle{x} [id C]
///        | |x [id D]
///        |y [id E]
///
/// A node already printed is shown again by its id without its inputs. When
/// `order` is given (a compiled function's schedule), each node line ends with its
/// position in it.
public func dprint(_ outputs: [Variable], order: [Apply]? = nil) -> String {
    var ids: [ObjectIdentifier: String] = [:]
    var expanded = Set<ObjectIdentifier>()
    var lines: [String] = []
    let position = order.map { nodes in
        Dictionary(uniqueKeysWithValues: nodes.enumerated().map { (ObjectIdentifier($0.element), $0.offset) })
    }

    func label(_ key: ObjectIdentifier) -> String {
        if let id = ids[key] { return id }
        let id = idString(ids.count)
        ids[key] = id
        return id
    }

    // Explicit stack of (variable, prefix, prefix for its children).
    var stack: [(Variable, String, String)] = outputs.reversed().map { ($0, "", "") }
    while let (variable, prefix, childPrefix) = stack.popLast() {
        guard let node = variable.owner else {
            lines.append("\(prefix)\(variable) [id \(label(ObjectIdentifier(variable)))]")
            continue
        }
        let key = ObjectIdentifier(node)
        var line = "\(prefix)\(node.op)"
        if node.nout > 1 { line += ".\(variable.index)" }
        line += " [id \(label(key))]"
        if let name = variable.name { line += " '\(name)'" }
        if let index = position?[key] { line += " \(index)" }
        lines.append(line)
        guard expanded.insert(key).inserted else { continue }
        let inputs = node.inputs
        for (i, input) in inputs.enumerated().reversed() {
            let last = i == inputs.count - 1
            stack.append((input, childPrefix + " |", childPrefix + (last ? "  " : " |")))
        }
    }
    return lines.joined(separator: "\n") + "\n"
}

/// Aesara's id labels: A, B, ..., Z, BA, BB, ... (base 26 with A as zero).
func idString(_ number: Int) -> String {
    if number == 0 { return "A" }
    var n = number
    var result = ""
    while n != 0 {
        result = String(UnicodeScalar(UInt8(65 + n % 26))) + result
        n /= 26
    }
    return result
}

/// A constant's value as PyTensor shows it inside `TensorConstant{...}`: the scalar,
/// `(2,) of 0` for a constant array of one repeated value, else NumPy's array text,
/// shortened to its ends when longer than 20 characters.
public func formatConstant(_ value: NDArray) -> String {
    let text: String
    if value.ndim == 0 {
        text = formatScalar(value, flat: 0, inArray: false)
    } else if value.count > 1, isUniform(value) {
        text = "\(formatShape(value.shape)) of \(formatScalar(value, flat: 0, inArray: false))"
    } else {
        text = formatArray(value)
    }
    if text.count > 20 {
        return String(text.prefix(10)) + ".." + String(text.suffix(10))
    }
    return text
}

private func isUniform(_ value: NDArray) -> Bool {
    if value.dtype != .float64 {
        // Compare integers exactly: as Doubles, values beyond 2^53 would collide.
        let first = value.int64(flat: 0)
        return (1..<value.count).allSatisfy { value.int64(flat: $0) == first }
    }
    let first = value.double(flat: 0)
    return (1..<value.count).allSatisfy { value.double(flat: $0) == first || (first.isNaN && value.double(flat: $0).isNaN) }
}

/// One element in Python's spelling: `1.0`, `-0.5`, `3`, `True`; inside arrays floats
/// drop a trailing zero (`1.`), as NumPy prints them.
func formatScalar(_ value: NDArray, flat: Int, inArray: Bool) -> String {
    switch value.dtype {
    case .bool: return value.double(flat: flat) != 0 ? "True" : "False"
    // Read the integer itself: through Double, Int64.max rounds to 2^63 and traps.
    case .int64: return String(value.int64(flat: flat))
    case .float64:
        let x = value.double(flat: flat)
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        var s = "\(x)"
        if inArray, s.hasSuffix(".0") { s.removeLast() }
        return s
    }
}

/// NumPy-like `[1. 2.]` text: elements padded so their decimal points line up.
private func formatArray(_ value: NDArray) -> String {
    // NumPy prints every empty array as []; its extents may be huge, so multiplying
    // them below could overflow.
    if value.shape.contains(0) { return "[]" }
    var items = (0..<value.count).map { formatScalar(value, flat: $0, inArray: true) }
    if value.dtype == .float64, !items.contains(where: { $0.contains("e") }) {
        let split = items.map { s -> (Substring, Substring) in
            let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
        let left = split.map(\.0.count).max() ?? 0
        let right = split.map(\.1.count).max() ?? 0
        items = split.map { l, r in
            String(repeating: " ", count: left - l.count) + l + "." + r + String(repeating: " ", count: right - r.count)
        }
    } else {
        let width = items.map(\.count).max() ?? 0
        items = items.map { String(repeating: " ", count: width - $0.count) + $0 }
    }
    // Nest brackets by axis, in C order.
    func render(_ axis: Int, _ start: Int) -> String {
        if axis == value.ndim - 1 {
            return "[" + items[start..<(start + value.shape[axis])].joined(separator: " ") + "]"
        }
        let block = value.shape[(axis + 1)...].reduce(1, *)
        return "[" + (0..<value.shape[axis]).map { render(axis + 1, start + $0 * block) }.joined(separator: " ") + "]"
    }
    return render(0, 0)
}
