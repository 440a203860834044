// main.swift — the notebook's second model written in Swift: value variables, element-wise log densities with the Jacobian, and NUTS (swift run -c release SwiftModelExample).

import SwiftPPL

let model = Model(seed: 2024)
let mu = try model.normal("mu", mu: 0.0, sigma: 2.0)
let sigma = try model.halfNormal("sigma", sigma: 3.0)
try model.normal("x", mu: mu, sigma: sigma)

print("value variables:", model.valueVariables.map { $0.name ?? "?" })

// The element-wise log density at mu = 0, sigma_log__ = -10, x = 0 (the notebook's point):
// N(0 | 0, 2), HalfNormal(e^-10 | 3) plus the log-Jacobian -10, N(0 | 0, e^-10).
let terms = try model.logpTerms()
let f = try Function(inputs: model.valueVariables, outputs: terms)
let point = [NDArray(scalar: 0.0), NDArray(scalar: -10.0), NDArray(scalar: 0.0)]
print("logp terms:", try f(point).map { $0.doubles[0] })

var options = NUTSOptions()
options.seed = 1
let traces = try model.sample(options)
let draws = try traces.map { try model.constrainedDraws($0) }
for name in ["mu", "sigma", "x"] {
    let values = draws.flatMap { $0[name]!.map { $0.doubles[0] } }
    let mean = values.reduce(0, +) / Double(values.count)
    print("posterior mean of \(name): \(mean)")
}
let divergences = traces.reduce(0) { $0 + $1.diverging[$1.tune...].filter { $0 }.count }
print("divergences after tuning: \(divergences) of \(traces.count * options.draws) draws")
