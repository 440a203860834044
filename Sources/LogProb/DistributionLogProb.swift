// DistributionLogProb.swift — a distribution's log-density, log-CDF and inverse CDF as graph builders, looked up by random-variable name.

import DenseArrays
import TensorGraph

/// Builds a graph of a function of the value and the distribution's parameters (in
/// the random variable's parameter order). The result has the value's shape less the
/// support dimensions, broadcast with the parameters' batch shape.
public typealias LogProbBuilder = @Sendable (_ value: Variable, _ parameters: [Variable]) throws -> Variable

/// What swiftppl knows about a distribution's probabilities.
public struct DistributionLogProb: Sendable {
    /// The random variable's op name (`normal`, `multivariate_normal`).
    public let name: String
    public let logp: LogProbBuilder
    public let logcdf: LogProbBuilder?
    /// The quantile function of a probability (not a log-probability), as PyMC's icdf.
    public let icdf: LogProbBuilder?

    public init(_ name: String, logp: @escaping LogProbBuilder, logcdf: LogProbBuilder? = nil, icdf: LogProbBuilder? = nil) {
        self.name = name
        self.logp = logp
        self.logcdf = logcdf
        self.icdf = icdf
    }
}

/// Every distribution's probabilities, by random-variable name.
public enum LogProbCatalog {
    public static let all: [DistributionLogProb] = continuous + discrete + multivariate

    static let byName: [String: DistributionLogProb] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    public static func entry(named name: String) -> DistributionLogProb? { byName[name] }
}
