// Measurable+Power.swift — densities, CDFs and quantiles through maps with two roots or none: powers (sqr, sqrt, x ** c) and abs.

import DenseArrays
import TensorGraph
import TensorOps

extension LogProbDeriver {
    /// y = |x|: both roots ±y map to y, so their densities (or masses) add; y = 0 has
    /// the single root 0 for a discrete x (its mass is not counted twice).
    func absProbability(_ kind: ProbabilityKind, _ x: Variable, _ output: Variable, _ y: Variable) throws -> DerivedLogProb? {
        let discrete = x.dtype != .float64
        let nonNegative = try y >= constant(0.0)
        switch kind {
        case .logp:
            let positive = try logp(x, at: y), negative = try logp(x, at: neg(y))
            guard positive.ndimSupp == 0 else {
                throw notMeasurable(kind, output, "abs of the multivariate \(describe(x)) is not implemented")
            }
            var both = try elemwise(.logaddexp, positive.logp, negative.logp)
            var inSupport = nonNegative
            if discrete {
                both = try ifElse(eq(y, constant(0)), positive.logp, both)
                inSupport = try elemwise(.and, inSupport, isIntegral(y))
            }
            return DerivedLogProb(logp: try bounded(both, inSupport), ndimSupp: 0)
        case .logcdf:
            // P(|X| <= y) = P(-y <= X <= y): F(y) - F(-y) for continuous X; for discrete X
            // with k = floor(y), F(k) - F(-k - 1).
            let upper = discrete && y.dtype == .float64 ? try floor(y) : y
            let lower = discrete ? try neg(upper) - constant(1) : try neg(y)
            let cdf = try logMassBetween(logcdf(x, at: upper).logp, logcdf(x, at: lower).logp)
            return DerivedLogProb(logp: try bounded(cdf, nonNegative), ndimSupp: 0)
        case .icdf:
            return nil
        }
    }

    /// y = x ** c for a non-random exponent c.
    func powerProbability(_ kind: ProbabilityKind, _ x: Variable, _ c: Variable, _ output: Variable, _ y: Variable) throws -> DerivedLogProb? {
        if isRandom(c) {
            throw notMeasurable(kind, output, "x ** c with a random exponent is not measurable")
        }
        guard let exponent = constantScalar(c) else {
            // A symbolic exponent: the density only, its cases chosen when the graph runs.
            guard kind == .logp else { return nil }
            if x.dtype != .float64 {
                throw notMeasurable(kind, output, "a power of the discrete \(describe(x)) needs a constant whole exponent")
            }
            return try continuousPowerLogp(x, c, y)
        }
        guard exponent != 0 else {
            throw notMeasurable(kind, output, "\(describe(x)) ** 0 is the constant 1")
        }
        let whole = exponent == exponent.rounded()
        let even = whole && exponent.truncatingRemainder(dividingBy: 2) == 0
        let oddPositive = whole && !even && exponent > 0
        if x.dtype != .float64 {
            guard whole && exponent > 0 else {
                throw notMeasurable(kind, output, "a power of the discrete \(describe(x)) needs a constant whole exponent > 0")
            }
        }
        switch kind {
        case .logp:
            return x.dtype == .float64 ? try continuousPowerLogp(x, c, y) : try discretePowerLogp(x, c, y, even: even)
        case .logcdf:
            guard x.dtype == .float64, exponent > 0 else { return nil }
            let root = try pow(abs(y), reciprocal(asFloat(c)))
            let cdf: Variable
            if oddPositive {
                // An increasing bijection of the line: F(sign(y) |y|^(1/c)).
                cdf = try logcdf(x, at: sign(y) * root).logp
            } else if even {
                // P(x^c <= y) = P(-y^(1/c) <= X <= y^(1/c)).
                cdf = try bounded(logMassBetween(logcdf(x, at: root).logp, logcdf(x, at: neg(root)).logp), y >= constant(0.0))
            } else {
                // A fractional power is defined for x >= 0 only, where it increases.
                cdf = try bounded(logcdf(x, at: root).logp, y >= constant(0.0))
            }
            return DerivedLogProb(logp: cdf, ndimSupp: 0)
        case .icdf:
            // Increasing maps only: odd positive powers, and fractional ones on x >= 0.
            guard exponent > 0, !even else { return nil }
            return DerivedLogProb(logp: try pow(icdf(x, at: y).logp, c), ndimSupp: 0)
        }
    }

    /// The density of x ** c for continuous x. The root y^(1/c) inverts it on y >= 0;
    /// an even whole c also has the root -y^(1/c), whose density adds; an odd whole c is
    /// a bijection of the line. log|d root/dy| = -log|c| + (1/c - 1) log|y|.
    func continuousPowerLogp(_ x: Variable, _ c: Variable, _ y: Variable) throws -> DerivedLogProb {
        let cFloat = try asFloat(c)
        let invC = try reciprocal(cFloat)
        let absY = try abs(y)
        let root = try pow(absY, invC)
        let logJacobian = try log(abs(invC)) + (invC - 1.0) * log(absY)
        let positive = try logp(x, at: root).logp
        let negative = try logp(x, at: neg(root)).logp
        let isInteger = try eq(floor(cFloat), cFloat)
        let isEven = try elemwise(.and, isInteger, eq(mod(cFloat, constant(2.0)), constant(0.0)))
        let isOdd = try elemwise(.and, isInteger, elemwise(.invert, isEven))
        let signedRoot = try sign(y) * root
        let odd = try logp(x, at: signedRoot).logp + logJacobian
        let even = try elemwise(.logaddexp, positive, negative) + logJacobian
        let nonNegative = try y >= constant(0.0)
        let real = try bounded(positive + logJacobian, nonNegative)
        return DerivedLogProb(logp: try ifElse(isOdd, odd, ifElse(isEven, bounded(even, nonNegative), real)), ndimSupp: 0)
    }

    /// The mass of x ** c for discrete x and a whole c > 0: the root is rounded to the
    /// nearest integer and kept only when raising it back gives y exactly (integers
    /// below 2^53 are exact in float64), so non-powers have mass 0. An even c adds the
    /// mass of -root (once at 0).
    func discretePowerLogp(_ x: Variable, _ c: Variable, _ y: Variable, even: Bool) throws -> DerivedLogProb {
        let absY = try abs(y)
        let root = try elemwise(.round, pow(absY, reciprocal(asFloat(c))))
        let exact = try eq(pow(root, asFloat(c)), absY)
        if even {
            let positive = try logp(x, at: root).logp, negative = try logp(x, at: neg(root)).logp
            let both = try ifElse(eq(root, constant(0.0)), positive, elemwise(.logaddexp, positive, negative))
            let inSupport = try elemwise(.and, exact, y >= constant(0))
            return DerivedLogProb(logp: try bounded(both, inSupport), ndimSupp: 0)
        }
        let signed = try logp(x, at: sign(y) * root).logp
        return DerivedLogProb(logp: try bounded(signed, exact), ndimSupp: 0)
    }
}
