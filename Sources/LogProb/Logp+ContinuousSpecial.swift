// Logp+ContinuousSpecial.swift — the special functions the continuous distributions use, as graph builders.
//
// Each is one special op, named here by what it computes.

import DenseArrays
import TensorGraph
import TensorOps

/// log Φ(z), the standard normal log-CDF.
func logPhi(_ z: Variable) throws -> Variable {
    try logNdtr(z)
}

/// Φ⁻¹(q), the standard normal quantile.
func phiInverse(_ q: Variable) throws -> Variable {
    try ndtri(q)
}

/// erfcx(x) = e^(x²) erfc(x).
func scaledErfc(_ x: Variable) throws -> Variable {
    try erfcx(x)
}

/// erf⁻¹(x).
func inverseErf(_ x: Variable) throws -> Variable {
    try erfinv(x)
}

/// erfc⁻¹(x).
func inverseErfc(_ x: Variable) throws -> Variable {
    try erfcinv(x)
}

/// log(e^(-|x|) I₀(x)).
func logScaledBesselI0(_ x: Variable) throws -> Variable {
    try log(i0e(x))
}

/// log B(a, b).
func logBetaFunction(_ a: Variable, _ b: Variable) throws -> Variable {
    try betaln(a, b)
}

/// P(a, x), the regularized lower incomplete gamma function.
func regularizedGammaP(_ a: Variable, _ x: Variable) throws -> Variable {
    try gammainc(a, x)
}

/// Q(a, x) = 1 - P(a, x).
func regularizedGammaQ(_ a: Variable, _ x: Variable) throws -> Variable {
    try gammaincc(a, x)
}

/// x with P(a, x) = p.
func inverseGammaP(_ a: Variable, _ p: Variable) throws -> Variable {
    try gammaincinv(a, p)
}

/// x with Q(a, x) = q.
func inverseGammaQ(_ a: Variable, _ q: Variable) throws -> Variable {
    try gammainccinv(a, q)
}

/// I_x(a, b), the regularized incomplete beta function.
func regularizedBeta(_ a: Variable, _ b: Variable, _ x: Variable) throws -> Variable {
    try betainc(a, b, x)
}

/// x with I_x(a, b) = p.
func inverseRegularizedBeta(_ a: Variable, _ b: Variable, _ p: Variable) throws -> Variable {
    try betaincinv(a, b, p)
}

/// log I_x(a, b), finite also where I_x underflows: there (its leading factor below e^-600)
/// from the series I_x(a, b) = x^a (1-x)^b / (a B(a, b)) · Σ_k t_k, t_0 = 1,
/// t_k = t_(k-1) x (a+b+k-1)/(a+k) (the hypergeometric series 2F1(a+b, 1; a+1; x)), summed in
/// the graph while its term ratio is below 0.4: the ratio is below x max(1, (a+b)/(a+1)), so
/// after 40 terms the remainder is below 0.4⁴⁰/0.6 < 2e-16 of the sum (which is >= 1).
func logRegularizedBeta(_ a: Variable, _ b: Variable, _ x: Variable) throws -> Variable {
    let logLeading = try a * log(x) + b * log1p(neg(x)) - log(a) - logBetaFunction(a, b)
    let ratioBound = try maximum(lit(1), (a + b) / (a + 1.0))
    let inRange = try allOf(logLeading < lit(-600), x * ratioBound < lit(0.4))
    let useSeries = try allOf(inRange, x > lit(0))
    // Where a branch is not taken its argument is one at which it is finite (see `guarded`).
    let seriesX = try ifElse(useSeries, x, 0.1 / ratioBound)
    let direct = try log(regularizedBeta(a, b, ifElse(useSeries, lit(0.5), x)))
    return try ifElse(useSeries, betaLogSeries(a, b, seriesX), direct)
}

/// The series of `logRegularizedBeta`, 40 terms, with only the leading factor in logarithms.
func betaLogSeries(_ a: Variable, _ b: Variable, _ x: Variable) throws -> Variable {
    var term = lit(1)
    var sum = lit(1)
    for k in stride(from: 1.0, through: 40.0, by: 1.0) {
        let growth = try (a + b + (k - 1)) / (a + k)
        term = try term * x * growth
        sum = try sum + term
    }
    let logLeading = try a * log(x) + b * log1p(neg(x)) - log(a) - logBetaFunction(a, b)
    return try logLeading + log(sum)
}
