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
