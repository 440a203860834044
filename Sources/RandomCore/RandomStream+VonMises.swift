// RandomStream+VonMises.swift — von Mises variates by Best & Fisher's wrapped-Cauchy rejection, stable from kappa 1e-150 to 1e300.

import RealModule

extension RandomStream {
    /// A von Mises variate with mean direction `mu` and concentration `kappa`, in
    /// [-π, π] (PyTensor's `vonmises(mu, kappa)`).
    ///
    /// Best & Fisher (1979, Applied Statistics 28): propose from a wrapped Cauchy with
    /// parameter ρ and accept by comparing c = κ (r - f) with a uniform. The textbook
    /// formulas cancel catastrophically at both ends (ρ = (τ - sqrt(2τ)) / (2κ) for small
    /// κ, r - 1 and 1 - f for large κ), so every such quantity is rewritten below as a
    /// sum of positive terms; acos(f) is taken as 2 atan(sqrt((1 - f)/(1 + f))).
    public mutating func vonMises(mu: Double, kappa: Double) -> Double {
        if !(kappa >= 0) || !mu.isFinite { return .nan }
        // Below 1e-150 the density exp(κ cos θ) is constant to double precision (and
        // 1/κ would overflow r below): the uniform law is the exact answer.
        if kappa < 1e-150 {
            return wrapAngle(mu + Double.pi * (2 * uniform() - 1))
        }
        // Above 1e300 (where 2κ below would overflow) the law is N(μ, 1/κ) to within
        // relative O(1/κ) < 1e-300 in the density: the normal draw is exact in double precision.
        if kappa > 1e300 {
            return wrapAngle(mu + standardNormal() / kappa.squareRoot())
        }
        // s = sqrt(1 + 4κ²) without overflowing κ², τ = 1 + s.
        let s = Double.hypot(1, 2 * kappa)
        let tau = 1 + s
        let rootTwoTau = (2 * tau).squareRoot()
        // ρ = (τ - sqrt(2τ)) / (2κ) = 2κ / (τ + sqrt(2τ)) (multiply by the conjugate and
        // use τ(τ - 2) = 4κ²).
        let rho = 2 * kappa / (tau + rootTwoTau)
        // 1 - ρ = (τ + sqrt(2τ) - 2κ) / (τ + sqrt(2τ)) with τ - 2κ = 1 + 1/(s + 2κ).
        let oneMinusRho = (1 + 1 / (s + 2 * kappa) + rootTwoTau) / (tau + rootTwoTau)
        // r = (1 + ρ²) / (2ρ), so r - 1 = (1 - ρ)² / (2ρ) and r + 1 = (1 + ρ)² / (2ρ).
        let rMinusOne = oneMinusRho * oneMinusRho / (2 * rho)
        let rPlusOne = (1 + rho) * (1 + rho) / (2 * rho)
        while true {
            let u1 = uniform()
            // z = cos(π u1); 1 - z = 2 sin²(π u1 / 2) and 1 + z = 2 sin²(π (1 - u1) / 2)
            // keep their digits near z = ±1.
            let sinLow = Double.sin(0.5 * Double.pi * u1)
            let sinHigh = Double.sin(0.5 * Double.pi * (1 - u1))
            let oneMinusZ = 2 * sinLow * sinLow
            let onePlusZ = 2 * sinHigh * sinHigh
            // f = (1 + r z) / (r + z): 1 - f = (r - 1)(1 - z) / (r + z) and
            // 1 + f = (r + 1)(1 + z) / (r + z), with r + z = (r - 1) + (1 + z).
            let rPlusZ = rMinusOne + onePlusZ
            let oneMinusF = rMinusOne * oneMinusZ / rPlusZ
            let onePlusF = rPlusOne * onePlusZ / rPlusZ
            // c = κ (r - f) = κ ((r - 1) + (1 - f)).
            let c = kappa * (rMinusOne + oneMinusF)
            let u2 = uniform()
            // Squeeze c(2 - c) > u2 (from log x <= x - 1), then the exact test.
            if c * (2 - c) > u2 || Double.log(c / u2) + 1 - c >= 0 {
                let theta = 2 * Double.atan2(y: oneMinusF.squareRoot(), x: onePlusF.squareRoot())
                let signed = uniform() < 0.5 ? -theta : theta
                return wrapAngle(mu + signed)
            }
        }
    }
}

/// x reduced to [-π, π] (IEEE remainder by 2π, exact) when it lies outside.
@usableFromInline func wrapAngle(_ x: Double) -> Double {
    if Swift.abs(x) <= Double.pi { return x }
    return x.remainder(dividingBy: 2 * Double.pi)
}
