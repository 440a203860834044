// Tensor+Special.swift — elementwise special functions (SciPy's and PyTensor's names): erfcx, erf inverses, log Φ and Φ⁻¹, Bessel I₀/I₁, polygamma, betaln, x log y, incomplete gamma and beta.

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

/// P(a, x), the regularized lower incomplete gamma function (the gamma(a, 1) distribution function).
///
///     let a = scalar("a"), x = vector("x")
///     let cdf = try gammainc(a, x)
public func gammainc(_ a: Variable, _ x: Variable) throws -> Variable { try elemwise(.gammainc, a, x) }

/// Q(a, x) = 1 - P(a, x), the regularized upper incomplete gamma function, accurate where P ≈ 1.
public func gammaincc(_ a: Variable, _ x: Variable) throws -> Variable { try elemwise(.gammaincc, a, x) }

/// The x with P(a, x) = p (the gamma(a, 1) quantile).
public func gammaincinv(_ a: Variable, _ p: Variable) throws -> Variable { try elemwise(.gammaincinv, a, p) }

/// The x with Q(a, x) = q (accurate for q far below the resolution of 1 - q).
public func gammainccinv(_ a: Variable, _ q: Variable) throws -> Variable { try elemwise(.gammainccinv, a, q) }

/// ∂P(a, x)/∂a (= -∂Q(a, x)/∂a), the shape-derivative of `gammainc` (PyTensor's gammainc_grad).
public func gammaincGrad(_ a: Variable, _ x: Variable) throws -> Variable { try elemwise(.gammaincGrad, a, x) }

/// I_x(a, b), the regularized incomplete beta function (the beta(a, b) distribution function).
///
///     let a = scalar("a"), b = scalar("b"), x = vector("x")
///     let cdf = try betainc(a, b, x)
public func betainc(_ a: Variable, _ b: Variable, _ x: Variable) throws -> Variable { try elemwise(.betainc, a, b, x) }

/// The x with I_x(a, b) = p (the beta(a, b) quantile).
public func betaincinv(_ a: Variable, _ b: Variable, _ p: Variable) throws -> Variable { try elemwise(.betaincinv, a, b, p) }

/// ∂I_x(a, b)/∂a, the first shape-derivative of `betainc` (one half of PyTensor's betainc_der).
public func betaincGradA(_ a: Variable, _ b: Variable, _ x: Variable) throws -> Variable { try elemwise(.betaincGradA, a, b, x) }

/// ∂I_x(a, b)/∂b, the second shape-derivative of `betainc`.
public func betaincGradB(_ a: Variable, _ b: Variable, _ x: Variable) throws -> Variable { try elemwise(.betaincGradB, a, b, x) }
