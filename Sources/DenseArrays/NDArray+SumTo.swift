// NDArray+SumTo.swift — summing an array down to a shape it was broadcast from (the adjoint of broadcasting).

extension NDArray {
    /// Sums this array over the axes NumPy broadcasting would have expanded `target` along,
    /// giving an array of shape `target`. Returns `self` when the shapes already agree.
    public func summed(toShape target: [Int]) throws -> NDArray {
        if shape == target { return self }
        let lead = ndim - target.count
        guard lead >= 0 else {
            throw SPPLError.value("cannot sum an array of shape \(formatShape(shape)) to the larger rank shape \(formatShape(target))")
        }
        var axes = Array(0..<lead)
        for (k, n) in target.enumerated() {
            let m = shape[lead + k]
            if n == m { continue }
            guard n == 1 else {
                throw SPPLError.value("cannot sum an array of shape \(formatShape(shape)) to shape \(formatShape(target))")
            }
            axes.append(lead + k)
        }
        return try reduced(.sum, axes: axes).reshaped(target)
    }
}
