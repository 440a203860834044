// Logp+ContinuousBounded.swift — continuous distributions on an interval or the circle: beta, Kumaraswamy, logit-normal, uniform, triangular, truncated normal, von Mises.

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbCatalog {
    /// beta(alpha, beta).
    static let beta = DistributionLogProb("beta", logp: { value, p in
        let (a, b) = (p[0], p[1])
        // (α-1) log x + (β-1) log(1-x) - log B(α, β), each power term 0 when its exponent is
        // (PyMC's switch), so that x = 0 or 1 with α = 1 or β = 1 is not 0 · (-inf).
        let logp = try powerTerm(a - 1.0, log(value)) + powerTerm(b - 1.0, log1p(neg(value))) - logBetaFunction(a, b)
        let outside = try anyOf(value < lit(0), value > lit(1))
        return try checkParameters(negInfWhere(outside, logp), [a > lit(0), b > lit(0)], message: "alpha > 0, beta > 0")
    }, logcdf: { value, p in
        let (a, b) = (p[0], p[1])
        // I_x(α, β) up to the mean (in logarithms, finite where I underflows); above it
        // 1 - I_{1-x}(β, α) through log1p, which keeps the upper tail's distance from 1.
        let mean = try a / (a + b)
        let upper = try value > mean
        let inside = try allOf(value > lit(0), value < lit(1))
        let x = try ifElse(inside, value, lit(0.5))
        // Each side at the mean where it is not taken, where it is finite (see `guarded`).
        let direct = try logRegularizedBeta(a, b, ifElse(upper, mean, x))
        let complement = try log1p(neg(regularizedBeta(b, a, 1.0 - ifElse(upper, x, mean))))
        let logcdf = try ifElse(inside, ifElse(upper, complement, direct), ifElse(value <= lit(0), lit(-.infinity), lit(0)))
        return try checkParameters(logcdf, [a > lit(0), b > lit(0)], message: "alpha > 0, beta > 0")
    }, icdf: { q, p in
        let (a, b) = (p[0], p[1])
        // Above ½, 1 - I⁻¹(β, α, 1 - q) (1 - q exact) keeps the digits of a q near 1.
        let lower = try q < lit(0.5)
        let fromLower = try inverseRegularizedBeta(a, b, guarded(lower, q, 0.25))
        let fromUpper = try 1.0 - inverseRegularizedBeta(b, a, 1.0 - ifElse(lower, lit(0.75), q))
        let x = try ifElse(lower, fromLower, fromUpper)
        return try checkParameters(checkedQuantile(x, q), [a > lit(0), b > lit(0)], message: "alpha > 0, beta > 0")
    })

    /// kumaraswamy(a, b).
    static let kumaraswamy = DistributionLogProb("kumaraswamy", logp: { value, p in
        let (a, b) = (p[0], p[1])
        // log a + log b + (a-1) log x + (b-1) log(1 - x^a), with log(1 - x^a) as
        // log1mexp(a log x): accurate where x^a is near 1 (PyMC's log(1 - x^a) is not).
        let logX = try log(value)
        let logp = try log(a) + log(b) + powerTerm(a - 1.0, logX) + powerTerm(b - 1.0, log1mexp(a * logX))
        let outside = try anyOf(value < lit(0), value > lit(1))
        return try checkParameters(negInfWhere(outside, logp), [a > lit(0), b > lit(0)], message: "a > 0, b > 0")
    }, logcdf: { value, p in
        let (a, b) = (p[0], p[1])
        // F = 1 - (1 - x^a)^b: log1mexp(b log1mexp(a log x)), both steps in logarithms.
        let inside = try allOf(value > lit(0), value < lit(1))
        let x = try ifElse(inside, value, lit(0.5))
        let logcdf = try log1mexp(b * log1mexp(a * log(x)))
        let result = try ifElse(inside, logcdf, ifElse(value <= lit(0), lit(-.infinity), lit(0)))
        return try checkParameters(result, [a > lit(0), b > lit(0)], message: "a > 0, b > 0")
    }, icdf: { q, p in
        let (a, b) = (p[0], p[1])
        // (1 - (1 - q)^(1/b))^(1/a) = exp(log1mexp(log1p(-q)/b)/a).
        let x = try exp(log1mexp(log1p(neg(q)) / b) / a)
        return try checkParameters(checkedQuantile(x, q), [a > lit(0), b > lit(0)], message: "a > 0, b > 0")
    })

    /// logit_normal(mu, sigma): the logistic of a normal variable.
    static let logitNormal = DistributionLogProb("logit_normal", logp: { value, p in
        let (mu, sigma) = (p[0], p[1])
        // The normal density of logit x = log x - log(1 - x), times the Jacobian 1/(x(1 - x)).
        let inside = try allOf(value > lit(0), value < lit(1))
        let x = try ifElse(inside, value, lit(0.5))
        let (logX, log1mX) = (try log(x), try log1p(neg(x)))
        let z = try (logX - log1mX - mu) / sigma
        let logp = try -0.5 * sqr(z) - log(sigma) - logSqrt2Pi - logX - log1mX
        return try checkParameters(ifElse(inside, logp, lit(-.infinity)), [sigma > lit(0)], message: "tau > 0")
    }, logcdf: { value, p in
        let (mu, sigma) = (p[0], p[1])
        let inside = try allOf(value > lit(0), value < lit(1))
        let x = try ifElse(inside, value, lit(0.5))
        let z = try (log(x) - log1p(neg(x)) - mu) / sigma
        let result = try ifElse(inside, logPhi(z), ifElse(value <= lit(0), lit(-.infinity), lit(0)))
        return try checkParameters(result, [sigma > lit(0)], message: "tau > 0")
    }, icdf: { q, p in
        let x = try sigmoid(p[0] + p[1] * phiInverse(q))
        return try checkParameters(checkedQuantile(x, q), [p[1] > lit(0)], message: "tau > 0")
    })

    /// uniform(lower, upper).
    static let uniform = DistributionLogProb("uniform", logp: { value, p in
        let (lower, upper) = (p[0], p[1])
        let inside = try allOf(value >= lower, value <= upper)
        let logp = try ifElse(inside, neg(log(upper - lower)), lit(-.infinity))
        return try checkParameters(logp, [lower <= upper], message: "lower <= upper")
    }, logcdf: { value, p in
        let (lower, upper) = (p[0], p[1])
        let inside = try allOf(value >= lower, value < upper)
        let x = try ifElse(inside, value, upper)
        let logcdf = try ifElse(inside, log(x - lower) - log(upper - lower), ifElse(value < lower, lit(-.infinity), lit(0)))
        return try checkParameters(logcdf, [lower <= upper], message: "lower <= upper")
    }, icdf: { q, p in
        let x = try p[0] + (p[1] - p[0]) * q
        return try checkParameters(checkedQuantile(x, q), [p[0] < p[1]], message: "lower < upper")
    })

    /// triangular(lower, c, upper): mode c.
    static let triangular = DistributionLogProb("triangular", logp: { value, p in
        let t = try Triangle(p[0], p[1], p[2])
        // 2/(u - l) times (x - l)/(c - l) left of the mode and (u - x)/(u - c) right of it
        // (PyMC's two branches, which give 0/0 at the mode when c = u, have the peak 2/(u - l)).
        let logp = try log2Value - log(t.width) + ifElse(value < t.mode, t.logRising(value), t.logFalling(value))
        let outside = try anyOf(value < t.lower, value > t.upper)
        return try t.checked(negInfWhere(outside, logp))
    }, logcdf: { value, p in
        let t = try Triangle(p[0], p[1], p[2])
        let inner = try ifElse(value <= t.mode, t.logCDFRising(value), t.logCDFFalling(value))
        let logcdf = try ifElse(value <= t.lower, lit(-.infinity), ifElse(value < t.upper, inner, lit(0)))
        return try t.checked(logcdf)
    }, icdf: { q, p in
        let t = try Triangle(p[0], p[1], p[2])
        // F at the mode is (c - l)/(u - l); below it x = l + √((u-l)(c-l) q), above it
        // u - √((u-l)(u-c)(1 - q)).
        let rising = try q * t.width < t.mode - t.lower
        let x0 = try t.lower + sqrt(t.width * t.left * guarded(rising, q, 0.5))
        let x1 = try t.upper - sqrt(t.width * t.right * (1.0 - ifElse(rising, lit(0.5), q)))
        return try t.checked(checkedQuantile(ifElse(rising, x0, x1), q))
    })

    /// truncated_normal(mu, sigma, lower, upper); either bound may be infinite.
    static let truncatedNormal = DistributionLogProb("truncated_normal", logp: { value, p in
        let (mu, sigma, lower, upper) = (p[0], p[1], p[2], p[3])
        let bounds = try StandardizedBounds(mu, sigma, lower, upper)
        let z = try (value - mu) / sigma
        let normal = try -0.5 * sqr(z) - log(sigma) - logSqrt2Pi
        let logZ = try normalIntervalLogMass(bounds.lower, bounds.upper)
        let logp = try negInfWhere(anyOf(value < lower, value > upper), normal - logZ)
        let checked = try checkParameters(logp, [sigma > lit(0)], message: "sigma > 0")
        return try checkParameters(checked, [lower <= upper], message: "lower_bound <= upper_bound")
    }, logcdf: { value, p in
        let (mu, sigma, lower, upper) = (p[0], p[1], p[2], p[3])
        let bounds = try StandardizedBounds(mu, sigma, lower, upper)
        // F = mass(a, z)/Z. Where F > ½ it is 1 - mass(z, b)/Z through log1mexp, which keeps
        // the distance from 1 near the upper bound.
        let inside = try allOf(value > lower, value < upper)
        let z = try (ifElse(inside, value, mu) - mu) / sigma
        let point = BoundedStandardNormal(z, finite: inside)
        let logZ = try normalIntervalLogMass(bounds.lower, bounds.upper)
        let below = try normalIntervalLogMass(bounds.lower, point) - logZ
        let above = try normalIntervalLogMass(point, bounds.upper) - logZ
        let lowerHalf = try below < lit(-log2Value)
        let fromAbove = try log1mexp(ifElse(lowerHalf, lit(-1), above))
        let logcdf = try ifElse(inside, ifElse(lowerHalf, below, fromAbove), ifElse(value <= lower, lit(-.infinity), lit(0)))
        let checked = try checkParameters(logcdf, [sigma > lit(0)], message: "sigma > 0")
        return try checkParameters(checked, [lower <= upper], message: "lower_bound <= upper_bound")
    })

    /// vonmises(mu, kappa), on [-π, π].
    static let vonMises = DistributionLogProb("vonmises", logp: { value, p in
        let (mu, kappa) = (p[0], p[1])
        // κ cos(x - μ) - log(2π I₀(κ)) = -2κ sin²((x - μ)/2) - log 2π - log(e^(-κ) I₀(κ)): the
        // scaled Bessel function does not overflow for large κ, and 1 - cos is taken as 2 sin²
        // so that near the mean the tiny difference keeps its digits.
        let halfAngle = try sin(0.5 * (value - mu))
        let logp = try -2.0 * kappa * sqr(halfAngle) - (logSqrt2Pi * 2.0) - logScaledBesselI0(kappa)
        let outside = try anyOf(value < lit(-Double.pi), value > lit(Double.pi))
        return try checkParameters(negInfWhere(outside, logp), [kappa > lit(0)], message: "kappa > 0")
    })
}

/// A triangular distribution's pieces. `left` = c - l and `right` = u - c are replaced by 1
/// where they are 0: a branch with a zero width is never taken, and its 1/0 would make the
/// gradient NaN.
struct Triangle {
    let lower, mode, upper, width, left, right: Variable

    init(_ lower: Variable, _ mode: Variable, _ upper: Variable) throws {
        (self.lower, self.mode, self.upper) = (lower, mode, upper)
        width = try upper - lower
        let (l, r) = (try mode - lower, try upper - mode)
        left = try ifElse(l > lit(0), l, lit(1))
        right = try ifElse(r > lit(0), r, lit(1))
    }

    func checked(_ x: Variable) throws -> Variable {
        try checkParameters(x, [lower <= mode, mode <= upper], message: "lower <= c <= upper")
    }

    /// log((x - l)/(c - l)) for x <= c.
    func logRising(_ x: Variable) throws -> Variable {
        try Triangle.logFraction(shortfall: mode - x, of: left, remainder: x - lower)
    }

    /// log((u - x)/(u - c)) for x >= c.
    func logFalling(_ x: Variable) throws -> Variable {
        try Triangle.logFraction(shortfall: x - mode, of: right, remainder: upper - x)
    }

    /// log(r/w) where r = w - d is the `remainder` of the width w after the `shortfall` d: near
    /// the mode (d < w/2) as log1p(-d/w), where r/w is near 1 and its logarithm would lose the
    /// digits of d; elsewhere as log r - log w.
    static func logFraction(shortfall d: Variable, of w: Variable, remainder r: Variable) throws -> Variable {
        let nearMode = try d < 0.5 * w
        let near = try log1p(neg(guarded(nearMode, d / w, 0)))
        let far = try log(ifElse(nearMode, w, r)) - log(w)
        return try ifElse(nearMode, near, far)
    }

    /// log F below the mode: F = (c - l)/(u - l) · ((x - l)/(c - l))².
    func logCDFRising(_ x: Variable) throws -> Variable {
        try log(left) - log(width) + 2.0 * logRising(x)
    }

    /// log F above the mode: with s = (x - c)/(u - c), F = 1 - (u - c)/(u - l) (1 - s)², which is
    /// the sum (c - l)/(u - l) + (u - c)/(u - l) s (2 - s) of two non-negative terms (no
    /// cancellation near the mode when c = l); where F is above ½ it is log1p of minus the
    /// upper tail, which keeps the distance from 1.
    func logCDFFalling(_ x: Variable) throws -> Variable {
        let s = try (x - mode) / right
        let tail = try (right / width) * sqr(1.0 - s)
        let sum = try (mode - lower) / width + (right / width) * s * (2.0 - s)
        let upperHalf = try tail < lit(0.5)
        return try ifElse(upperHalf, log1p(neg(ifElse(upperHalf, tail, lit(0)))), log(ifElse(upperHalf, lit(1), sum)))
    }
}

/// A point of the standard normal's line that may be ±inf, kept as a finite stand-in `z`
/// (0 where infinite) and the flag saying which it is: log Φ of an infinite point is taken
/// from the flag, so no gradient passes through an infinite intermediate (whose 0 · inf
/// would make every gradient NaN).
struct BoundedStandardNormal {
    let z: Variable
    let finite: Variable
    /// The infinite point's log Φ and log(1 - Φ), used where it is not finite.
    let logPhiIfInfinite: Variable
    let logSurvivalIfInfinite: Variable

    /// A finite point (`finite` holds wherever the result is used).
    init(_ z: Variable, finite: Variable) {
        self.z = z
        self.finite = finite
        logPhiIfInfinite = lit(0)
        logSurvivalIfInfinite = lit(0)
    }

    /// A bound `x`, standardized where finite; `isUpper` says which infinity it may be.
    init(bound x: Variable, _ mu: Variable, _ sigma: Variable, isUpper: Bool) throws {
        finite = try allOf(x > lit(-.infinity), x < lit(.infinity))
        z = try (ifElse(finite, x, mu) - mu) / sigma
        logPhiIfInfinite = lit(isUpper ? 0 : -.infinity)
        logSurvivalIfInfinite = lit(isUpper ? -.infinity : 0)
    }

    func logPhiValue() throws -> Variable {
        try ifElse(finite, logPhi(z), logPhiIfInfinite)
    }

    func logSurvivalValue() throws -> Variable {
        try ifElse(finite, logPhi(neg(z)), logSurvivalIfInfinite)
    }
}

/// The standardized bounds of a truncated normal.
struct StandardizedBounds {
    let lower: BoundedStandardNormal
    let upper: BoundedStandardNormal

    init(_ mu: Variable, _ sigma: Variable, _ lower: Variable, _ upper: Variable) throws {
        self.lower = try BoundedStandardNormal(bound: lower, mu, sigma, isUpper: false)
        self.upper = try BoundedStandardNormal(bound: upper, mu, sigma, isUpper: true)
    }
}

/// log(Φ(b) - Φ(a)) for a <= b. Where a > 0 both CDFs are near 1 and their difference
/// cancels, so it is taken as Q(a) - Q(b) from the survival functions instead (PyMC's
/// switch on lower > 0, here on the standardized bound). Each difference is a logdiffexp of
/// log Φ values; the branch not taken gets (0, -inf), whose logdiffexp is 0 with a zero
/// gradient, instead of two equal logs (log1mexp(0) = -inf with an infinite derivative).
func normalIntervalLogMass(_ a: BoundedStandardNormal, _ b: BoundedStandardNormal) throws -> Variable {
    let useSurvival = try allOf(a.finite, a.z > lit(0))
    let (zero, negInf) = (lit(0), lit(-.infinity))
    let survival = try logDiffExp(ifElse(useSurvival, a.logSurvivalValue(), zero), ifElse(useSurvival, b.logSurvivalValue(), negInf))
    let direct = try logDiffExp(ifElse(useSurvival, zero, b.logPhiValue()), ifElse(useSurvival, negInf, a.logPhiValue()))
    return try ifElse(useSurvival, survival, direct)
}
