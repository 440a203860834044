// MAP.swift — maximum a posteriori estimates: L-BFGS on minus a compiled log density.

import Optimization
import Sampling

extension CompiledLogDensityFunction {
    /// Maximizes the log density from a flat `start` with L-BFGS. Points where the density
    /// fails recoverably (a parameter check, a non-positive-definite matrix) count as +inf
    /// for the minimizer, so the line search backs off from them.
    public func findMAP(start: [Double], options: LBFGSOptions = LBFGSOptions()) throws -> LBFGSResult {
        guard start.count == layout.dimension else {
            throw OptimizationError.invalidArgument("the start has \(start.count) values, the log density has dimension \(layout.dimension)")
        }
        var density = try makeDensity()
        var result = try minimizeLBFGS(start: start, options: options) { x, g in
            let logp: Double
            do {
                logp = try x.withUnsafeBufferPointer { p in
                    try g.withUnsafeMutableBufferPointer { try density.logDensity(at: p, gradient: $0) }
                }
            } catch LogDensityError.recoverable {
                return .infinity
            }
            for i in g.indices { g[i] = -g[i] }
            return -logp
        }
        result.value = -result.value
        result.gradient = result.gradient.map { -$0 }
        return result
    }
}
