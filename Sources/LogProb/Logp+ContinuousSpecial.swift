// Logp+ContinuousSpecial.swift — the special functions the continuous distributions use, as graph builders.
//
// TEMPORARY: until branch special-ops lands, these are built from the ops that exist
// (log Φ from erfc, erfcx from exp and erfc, log B from gammaln) and lose accuracy in the
// tails; the rest throw. Each becomes one call of its special op.

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
    throw SPPLError(.notImplemented, "gammainc is not available yet")
}

/// Q(a, x) = 1 - P(a, x).
func regularizedGammaQ(_ a: Variable, _ x: Variable) throws -> Variable {
    throw SPPLError(.notImplemented, "gammaincc is not available yet")
}

/// x with P(a, x) = p.
func inverseGammaP(_ a: Variable, _ p: Variable) throws -> Variable {
    throw SPPLError(.notImplemented, "gammaincinv is not available yet")
}

/// x with Q(a, x) = q.
func inverseGammaQ(_ a: Variable, _ q: Variable) throws -> Variable {
    throw SPPLError(.notImplemented, "gammainccinv is not available yet")
}

/// I_x(a, b), the regularized incomplete beta function.
func regularizedBeta(_ a: Variable, _ b: Variable, _ x: Variable) throws -> Variable {
    throw SPPLError(.notImplemented, "betainc is not available yet")
}

/// x with I_x(a, b) = p.
func inverseRegularizedBeta(_ a: Variable, _ b: Variable, _ p: Variable) throws -> Variable {
    throw SPPLError(.notImplemented, "betaincinv is not available yet")
}
