// Tensor+Special.swift — elementwise special functions (SciPy's and PyTensor's names): erfcx, erf inverses, log Φ and Φ⁻¹, Bessel I₀/I₁, polygamma, betaln, x log y.

import DenseArrays
import TensorGraph

/// The scaled complementary error function e^(x²) erfc(x), finite far into the right tail.
public func erfcx(_ x: Variable) throws -> Variable { try elemwise(.erfcx, x) }

/// The inverse error function (NaN outside [-1, 1], ±inf at ±1).
public func erfinv(_ x: Variable) throws -> Variable { try elemwise(.erfinv, x) }

/// The inverse complementary error function (NaN outside [0, 2]).
public func erfcinv(_ x: Variable) throws -> Variable { try elemwise(.erfcinv, x) }

/// log Φ(x), the log of the standard normal distribution function, accurate in both tails.
///
///     let z = vector("z")
///     let lower = try logNdtr(z)          // log P(Z <= z), finite at z = -1e5
public func logNdtr(_ x: Variable) throws -> Variable { try elemwise(.logNdtr, x) }

/// Φ⁻¹(p), the standard normal quantile (NaN outside [0, 1]).
public func ndtri(_ p: Variable) throws -> Variable { try elemwise(.ndtri, p) }

/// The modified Bessel function of the first kind I₀.
public func i0(_ x: Variable) throws -> Variable { try elemwise(.i0, x) }

/// The modified Bessel function of the first kind I₁.
public func i1(_ x: Variable) throws -> Variable { try elemwise(.i1, x) }

/// e^(-|x|) I₀(x), which does not overflow (SciPy's i0e).
public func i0e(_ x: Variable) throws -> Variable { try elemwise(.i0e, x) }

/// e^(-|x|) I₁(x), which does not overflow (SciPy's i1e).
public func i1e(_ x: Variable) throws -> Variable { try elemwise(.i1e, x) }

/// x log x, 0 at x = 0.
public func xlogx(_ x: Variable) throws -> Variable { try elemwise(.xlogx, x) }

/// x log y, 0 where x = 0 (unless y is NaN).
public func xlogy0(_ x: Variable, _ y: Variable) throws -> Variable { try elemwise(.xlogy0, x, y) }

/// ψ⁽ⁿ⁾(x), the n-th derivative of digamma; n a non-negative integer (NaN otherwise).
///
///     let x = vector("x")
///     let t = try polygamma(constant(1.0), x)   // trigamma
public func polygamma(_ n: Variable, _ x: Variable) throws -> Variable { try elemwise(.polygamma, n, x) }

/// log|B(a, b)|, accurate for large and very unequal a, b > 0.
public func betaln(_ a: Variable, _ b: Variable) throws -> Variable { try elemwise(.betaln, a, b) }
