// Model+Distributions.swift — typed constructors for the common distributions on the Swift Model (PyMC's parameter names, default transforms and support points).

import DenseArrays
import RandomVariables
import TensorGraph
import TensorOps
import Transforms

extension Model {
    /// Builds a random variable of catalog `op` with `params`, registers it, and returns it.
    private func variable(_ name: String, _ op: String, _ params: [any ModelParameter], shape: [Int]?,
                          observed: NDArray?, transform: (any ValueTransform)?,
                          support: ([Variable]) throws -> Variable) throws -> Variable {
        let inputs = try params.map { try $0.asVariable() }
        // The shape of observed data fixes the variable's shape when none is given.
        let size = shape ?? observed.map(\.shape)
        let rv = try randomVariable(op, inputs, size: size, rng: nextGenerator()).draw
        return try add(name, rv, observed: observed, transform: transform, supportPoint: try support(inputs))
    }

    @discardableResult
    public func normal(_ name: String, mu: any ModelParameter = 0.0, sigma: any ModelParameter = 1.0,
                       shape: [Int]? = nil, observed: NDArray? = nil) throws -> Variable {
        try variable(name, "normal", [mu, sigma], shape: shape, observed: observed, transform: nil) { $0[0] }
    }

    @discardableResult
    public func halfNormal(_ name: String, sigma: any ModelParameter = 1.0, shape: [Int]? = nil,
                           observed: NDArray? = nil) throws -> Variable {
        try variable(name, "halfnormal", [0.0, sigma], shape: shape, observed: observed,
                     transform: LogTransform()) { $0[1] }
    }

    @discardableResult
    public func halfCauchy(_ name: String, beta: any ModelParameter, shape: [Int]? = nil,
                           observed: NDArray? = nil) throws -> Variable {
        try variable(name, "halfcauchy", [0.0, beta], shape: shape, observed: observed,
                     transform: LogTransform()) { $0[1] }
    }

    @discardableResult
    public func studentT(_ name: String, nu: any ModelParameter, mu: any ModelParameter = 0.0,
                         sigma: any ModelParameter = 1.0, shape: [Int]? = nil, observed: NDArray? = nil) throws -> Variable {
        try variable(name, "t", [nu, mu, sigma], shape: shape, observed: observed, transform: nil) { $0[1] }
    }

    /// Exponential with rate `lam` (PyMC's parameter); the op takes the scale 1/lam.
    @discardableResult
    public func exponential(_ name: String, lam: any ModelParameter, shape: [Int]? = nil,
                            observed: NDArray? = nil) throws -> Variable {
        let scale = try 1.0 / lam.asVariable()
        return try variable(name, "exponential", [scale], shape: shape, observed: observed,
                            transform: LogTransform()) { $0[0] }
    }

    /// Gamma with shape `alpha` and rate `beta` (PyMC's parameters).
    @discardableResult
    public func gamma(_ name: String, alpha: any ModelParameter, beta: any ModelParameter, shape: [Int]? = nil,
                      observed: NDArray? = nil) throws -> Variable {
        let scale = try 1.0 / beta.asVariable()
        return try variable(name, "gamma", [alpha, scale], shape: shape, observed: observed,
                            transform: LogTransform()) { try $0[0] * $0[1] }
    }

    @discardableResult
    public func beta(_ name: String, alpha: any ModelParameter, beta: any ModelParameter, shape: [Int]? = nil,
                     observed: NDArray? = nil) throws -> Variable {
        try variable(name, "beta", [alpha, beta], shape: shape, observed: observed,
                     transform: LogOddsTransform()) { try $0[0] / ($0[0] + $0[1]) }
    }

    @discardableResult
    public func uniform(_ name: String, lower: any ModelParameter = 0.0, upper: any ModelParameter = 1.0,
                        shape: [Int]? = nil, observed: NDArray? = nil) throws -> Variable {
        let (lo, hi) = (try lower.asVariable(), try upper.asVariable())
        return try variable(name, "uniform", [lo, hi], shape: shape, observed: observed,
                            transform: try IntervalTransform(lower: lo, upper: hi)) { try 0.5 * ($0[0] + $0[1]) }
    }

    @discardableResult
    public func logNormal(_ name: String, mu: any ModelParameter = 0.0, sigma: any ModelParameter = 1.0,
                          shape: [Int]? = nil, observed: NDArray? = nil) throws -> Variable {
        try variable(name, "lognormal", [mu, sigma], shape: shape, observed: observed,
                     transform: LogTransform()) { try exp($0[0] + 0.5 * sqr($0[1])) }
    }

    @discardableResult
    public func poisson(_ name: String, mu: any ModelParameter, shape: [Int]? = nil,
                        observed: NDArray? = nil) throws -> Variable {
        try variable(name, "poisson", [mu], shape: shape, observed: observed, transform: nil) { try floor($0[0]) }
    }

    @discardableResult
    public func bernoulli(_ name: String, p: any ModelParameter, shape: [Int]? = nil,
                          observed: NDArray? = nil) throws -> Variable {
        try variable(name, "bernoulli", [p], shape: shape, observed: observed, transform: nil) { try floor($0[0] + 0.5) }
    }

    @discardableResult
    public func binomial(_ name: String, n: any ModelParameter, p: any ModelParameter, shape: [Int]? = nil,
                         observed: NDArray? = nil) throws -> Variable {
        try variable(name, "binomial", [n, p], shape: shape, observed: observed, transform: nil) { try floor($0[0] * $0[1]) }
    }

    @discardableResult
    public func dirichlet(_ name: String, a: any ModelParameter, shape: [Int]? = nil,
                          observed: NDArray? = nil) throws -> Variable {
        try variable(name, "dirichlet", [a], shape: shape.map { Array($0.dropLast()) }, observed: observed,
                     transform: SimplexTransform()) { try $0[0] / sum($0[0], axis: [-1], keepdims: true) }
    }

    @discardableResult
    public func mvNormal(_ name: String, mu: any ModelParameter, cov: any ModelParameter, shape: [Int]? = nil,
                         observed: NDArray? = nil) throws -> Variable {
        try variable(name, "multivariate_normal", [mu, cov], shape: shape.map { Array($0.dropLast()) },
                     observed: observed, transform: nil) { $0[0] }
    }
}
