// Function+Map.swift — a compiled function applied to every row of its inputs (a leading axis), writing into stacked outputs.

import DenseArrays
import TensorGraph

extension Function {
    /// Calls the function once per row: input i holds one value per row along its first
    /// axis (all inputs with the same number of rows); output j stacks the results,
    /// shape [rows] + result shape. Rows after the first are computed straight into the
    /// stacked outputs, so a call allocates only those. Results must keep their shape
    /// from row to row.
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
        for r in 1..<rows {
            let targets = try stacked.map { try row($0, r) }
            try self(try inputs.map { try row($0, r) }, into: targets)
        }
        return stacked
    }
}
