// RandomStream+Inversion.swift — continuous variates that are closed-form transforms of uniforms and exponentials.

import RealModule

// Out-of-domain parameters (negative scales, non-positive shapes, NaN) give NaN.
extension RandomStream {
    /// A uniform variate in [low, high) (PyTensor's `uniform(low, high)`). The uniform
    /// draw lies in (0, 1); rounding of low + (high - low) u can still reach high when
    /// the interval is far from 0, as in NumPy.
    @inlinable
    public mutating func uniform(low: Double, high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// A standard exponential variate, -log U (exact inversion; U < 1 keeps it > 0 and
    /// U >= 2^-53 bounds it by 36.7, beyond which the true tail holds 1e-16 of the mass).
    @inlinable
    public mutating func standardExponential() -> Double {
        -Double.log(uniform())
    }

    /// An exponential variate with the given scale (PyTensor's `exponential(scale)`;
    /// PyMC's rate `lam` is 1 / scale).
    @inlinable
    public mutating func exponential(scale: Double) -> Double {
        if !(scale >= 0) { return .nan }
        return scale * standardExponential()
    }

    /// A Cauchy variate: loc + scale tan(π (U - 1/2)) (inversion; U - 1/2 is exact).
    public mutating func cauchy(loc: Double, scale: Double) -> Double {
        if !(scale >= 0) { return .nan }
        return loc + scale * Double.tan(Double.pi * (uniform() - 0.5))
    }

    /// A half-Cauchy variate: loc + scale tan(π U / 2) (PyTensor's `halfcauchy(loc, scale)`).
    public mutating func halfCauchy(loc: Double, scale: Double) -> Double {
        if !(scale >= 0) { return .nan }
        return loc + scale * Double.tan(0.5 * Double.pi * uniform())
    }

    /// A half-normal variate: loc + scale |Z| (PyTensor's `halfnormal(loc, scale)`).
    public mutating func halfNormal(loc: Double, scale: Double) -> Double {
        if !(scale >= 0) { return .nan }
        return loc + scale * Swift.abs(standardNormal())
    }

    /// A lognormal variate exp(mean + sigma Z) (PyTensor's `lognormal(mean, sigma)`).
    public mutating func lognormal(mean: Double, sigma: Double) -> Double {
        if !(sigma >= 0) { return .nan }
        return Double.exp(mean + sigma * standardNormal())
    }

    /// A Laplace variate by inversion: each half of U maps to one exponential tail.
    public mutating func laplace(loc: Double, scale: Double) -> Double {
        if !(scale >= 0) { return .nan }
        let u = uniform()
        if u < 0.5 { return loc + scale * Double.log(2 * u) }
        // 1 - u is exact for u >= 1/2 (Sterbenz), so the right tail keeps its digits.
        return loc - scale * Double.log(2 * (1 - u))
    }

    /// A logistic variate: loc + scale log(U / (1 - U)).
    public mutating func logistic(loc: Double, scale: Double) -> Double {
        if !(scale >= 0) { return .nan }
        let u = uniform()
        return loc + scale * (Double.log(u) - Double.log(onePlus: -u))
    }

    /// A Gumbel (maximum) variate: loc - scale log(-log U).
    public mutating func gumbel(loc: Double, scale: Double) -> Double {
        if !(scale >= 0) { return .nan }
        return loc - scale * Double.log(standardExponential())
    }

    /// A Weibull variate scale E^(1/shape) (PyTensor's `weibull(shape)` has scale 1;
    /// PyMC's `Weibull(alpha, beta)` is shape alpha, scale beta). Taken through
    /// exp(log(E) / shape) so small shapes overflow only where the truth does.
    public mutating func weibull(shape: Double, scale: Double = 1) -> Double {
        if !(shape > 0 && scale >= 0) { return .nan }
        return scale * Double.exp(Double.log(standardExponential()) / shape)
    }

    /// A Pareto variate scale U^(-1/b) = scale e^(E/b) (PyTensor's `pareto(b, scale)`,
    /// SciPy's `pareto(b, scale=scale)`; NumPy's `pareto` is this minus 1).
    public mutating func pareto(b: Double, scale: Double) -> Double {
        if !(b > 0 && scale > 0) { return .nan }
        return scale * Double.exp(standardExponential() / b)
    }

    /// A triangular variate on [left, right] with the given mode, by inversion
    /// (PyTensor's `triangular(left, mode, right)`).
    public mutating func triangular(left: Double, mode: Double, right: Double) -> Double {
        let width = right - left
        if !(left <= mode && mode <= right) { return .nan }
        if width == 0 { return left }
        let u = uniform()
        let leftWidth = mode - left
        // F(mode) = (mode - left) / (right - left) splits the two quadratic pieces.
        if u * width < leftWidth {
            return left + (u * width * leftWidth).squareRoot()
        }
        return right - ((1 - u) * width * (right - mode)).squareRoot()
    }

    /// A Kumaraswamy(a, b) variate (1 - U^(1/b))^(1/a), as exp(log(-expm1(log(U)/b)) / a)
    /// so that U^(1/b) near 1 (large b) and the powers near 0 or 1 keep their digits.
    public mutating func kumaraswamy(a: Double, b: Double) -> Double {
        if !(a > 0 && b > 0) { return .nan }
        let logOneMinus = Double.log(-Double.expMinusOne(Double.log(uniform()) / b))
        return Double.exp(logOneMinus / a)
    }

    /// An asymmetric Laplace variate in PyMC's parameterization (`AsymmetricLaplace(b,
    /// kappa, mu)`): density b / (kappa + 1/kappa) exp(-(x - mu) b kappa^sign(x - mu)).
    /// Exact mixture: with probability kappa²/(1 + kappa²) the left tail mu - (kappa/b) E,
    /// otherwise the right tail mu + E / (b kappa).
    public mutating func asymmetricLaplace(b: Double, kappa: Double, mu: Double) -> Double {
        if !(b > 0 && kappa > 0) { return .nan }
        // kappa² / (1 + kappa²) written so that neither huge nor tiny kappa overflows.
        let leftProbability = 1 / (1 + 1 / (kappa * kappa))
        let side = uniform()
        let e = standardExponential()
        if side < leftProbability { return mu - (kappa / b) * e }
        return mu + e / (b * kappa)
    }

    /// A Moyal variate mu + sigma (-log Z²) for a standard normal Z (SciPy's `moyal`,
    /// PyMC's `Moyal(mu, sigma)`): Z² is χ²₁ and the Moyal law is that of -log χ²₁.
    public mutating func moyal(mu: Double, sigma: Double) -> Double {
        if !(sigma >= 0) { return .nan }
        var z = 0.0
        // Z = 0 (probability about 2^-61) would give +inf; draw again.
        repeat { z = standardNormal() } while z == 0
        return mu - sigma * 2 * Double.log(Swift.abs(z))
    }
}
