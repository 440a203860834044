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
        // The addresses and sizes are found once: reading them from the arrays in every
        // row would retain and release the arrays' parts each time.
        let contiguous = inputs.map { $0.isCContiguous }
        let inputBytes = rowInputs.map { $0.count * $0.dtype.itemSize }
        let inputTargets = rowInputs.map { $0.storage.base }
        let inputSources = inputs.map { $0.storage.base + $0.offset * $0.dtype.itemSize }
        let rowStrides = inputs.map { $0.strides[0] * $0.dtype.itemSize }
        let outputBytes = rowOutputs.map { $0.count * $0.dtype.itemSize }
        let outputSources = rowOutputs.map { UnsafeRawPointer($0.storage.base) }
        let outputTargets = stacked.map { $0.storage.base }
        for r in 1..<rows {
            for k in 0..<inputs.count {
                if contiguous[k] {
                    inputTargets[k].copyMemory(from: inputSources[k] + r * rowStrides[k], byteCount: inputBytes[k])
                } else {
                    try rowInputs[k].assign(from: try row(inputs[k], r))
                }
            }
            try self(rowInputs, into: rowOutputs)
            for j in 0..<outputBytes.count {
                (outputTargets[j] + r * outputBytes[j]).copyMemory(from: outputSources[j], byteCount: outputBytes[j])
            }
        }
        withExtendedLifetime((inputs, stacked, rowInputs, rowOutputs)) {}
        return stacked
    }
}
