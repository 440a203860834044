// RandomStream+Compound.swift — continuous variates built from several normals, exponentials or a rejection step (Wald, ex-Gaussian, skew-normal, Rice).

import RealModule

extension RandomStream {
    /// A Wald (inverse Gaussian) variate with mean `mean` and shape `lambda`
    /// (PyTensor's `wald(mean, scale)`, `scale` being lambda), by Michael, Schucany &
    /// Haas (1976): the smaller root x of the quadratic relating x to χ²₁ = Z², kept with
    /// probability mean / (mean + x), otherwise the other root mean² / x.
    public mutating func wald(mean mu: Double, lambda: Double) -> Double {
        if !(mu > 0 && lambda > 0) { return .nan }
        let z = standardNormal()
        let w = mu * (z * z) / lambda
        // x/mu = 1 + w/2 - sqrt(w + w²/4) cancels for large w; its reciprocal form
        // 1 / (1 + w/2 + sqrt(w + w²/4)) (the roots multiply to 1) does not, and
        // sqrt(w) sqrt(1 + w/4) avoids overflowing w².
        let x = mu / (1 + 0.5 * w + w.squareRoot() * (1 + 0.25 * w).squareRoot())
        if uniform() * (mu + x) <= mu { return x }
        return mu * (mu / x)
    }

    /// An exponentially modified Gaussian: mu + sigma Z + nu E (PyMC's `ExGaussian(mu, sigma, nu)`).
    public mutating func exGaussian(mu: Double, sigma: Double, nu: Double) -> Double {
        if !(sigma >= 0 && nu >= 0) { return .nan }
        let z = standardNormal()
        return mu + sigma * z + nu * standardExponential()
    }

    /// A skew-normal variate (PyMC's `SkewNormal(mu, sigma, alpha)`) by Azzalini's
    /// representation: with δ = α / sqrt(1 + α²), U1 = δ Z0 + sqrt(1 - δ²) Z1 taken with
    /// the sign of Z0. hypot keeps δ and sqrt(1 - δ²) = 1 / sqrt(1 + α²) accurate for any α.
    public mutating func skewNormal(mu: Double, sigma: Double, alpha: Double) -> Double {
        if !(sigma >= 0) || alpha.isNaN { return .nan }
        let z0 = standardNormal()
        let z1 = standardNormal()
        let h = Double.hypot(1, alpha)
        let u = (alpha / h) * z0 + z1 / h
        return mu + sigma * (z0 >= 0 ? u : -u)
    }

    /// A Rice variate in PyMC's parameterization (`RiceRV(b, sigma)`, SciPy's
    /// `rice(b, scale=sigma)`; the noncentrality is nu = b sigma): the length of a 2-D
    /// normal vector with mean (b, 0) and unit covariance, times sigma.
    public mutating func rice(b: Double, sigma: Double) -> Double {
        if !(b >= 0 && sigma >= 0) { return .nan }
        let x = b + standardNormal()
        let y = standardNormal()
        return sigma * Double.hypot(x, y)
    }
}
