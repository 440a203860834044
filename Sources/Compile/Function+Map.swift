// Function+Map.swift — a compiled function applied to every row of its inputs (a leading axis), writing into stacked outputs.

import DenseArrays
import TensorGraph

extension Function {
    /// Calls the function once per row: input i holds one value per row along its first
    /// axis (all inputs with the same number of rows); output j stacks the results,
    /// shape [rows] + result shape. Results must keep their shape from row to row.
    ///
    /// Rows after the first run the way a sampler's calls do: each row is copied into one
    /// set of input arrays and the function writes into one set of output arrays, whose
    /// values are copied into the stacked results, so a row allocates nothing (and timing
    /// a map measures what a sampler's evaluation costs).
    public func mapRows(_ inputs: [NDArray]) throws -> [NDArray] {
        guard inputs.count == self.inputs.count else {
            throw SPPLError.type("function takes \(self.inputs.count) input(s), got \(inputs.count)")
        }
        guard let rows = inputs.first?.shape.first, rows >= 1 else {
            throw SPPLError.value("mapping needs inputs with at least one row along a leading axis")
        }
        for (i, a) in inputs.enumerated() where a.ndim == 0 || a.shape[0] != rows {
            throw SPPLError.value("input \(i): expected \(rows) rows along the first axis, got shape \(formatShape(a.shape))")
        }
        func row(_ a: NDArray, _ r: Int) throws -> NDArray {
            try NDArray(storage: a.storage, dtype: a.dtype, shape: Array(a.shape.dropFirst()),
                        strides: Array(a.strides.dropFirst()), offset: a.offset + r * a.strides[0])
        }
        let first = try self(try inputs.map { try row($0, 0) })
        let stacked = try first.map { try NDArray.empty($0.dtype, [rows] + $0.shape) }
        for (target, value) in zip(stacked, first) { try row(target, 0).assign(from: value) }
        if rows == 1 { return stacked }
        let rowInputs = try inputs.map { try NDArray.empty($0.dtype, Array($0.shape.dropFirst())) }
        let rowOutputs = try first.map { try NDArray.empty($0.dtype, $0.shape) }
        // Inputs whose rows are contiguous are copied as bytes; others element by element.
        let contiguous = inputs.map { $0.isCContiguous }
        for r in 1..<rows {
            for (k, a) in inputs.enumerated() {
                let target = rowInputs[k]
                if contiguous[k] {
                    let bytes = target.count * a.dtype.itemSize
                    let source = a.storage.base + (a.offset + r * a.strides[0]) * a.dtype.itemSize
                    target.storage.base.copyMemory(from: source, byteCount: bytes)
                } else {
                    try target.assign(from: try row(a, r))
                }
            }
            try self(rowInputs, into: rowOutputs)
            for (target, value) in zip(stacked, rowOutputs) {
                let bytes = value.count * value.dtype.itemSize
                (target.storage.base + r * bytes).copyMemory(from: value.storage.base, byteCount: bytes)
            }
        }
        return stacked
    }
}
