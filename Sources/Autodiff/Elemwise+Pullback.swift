// Elemwise+Pullback.swift — derivatives of every scalar op, one exhaustive switch: a new scalar op without a derivative does not compile.

import DenseArrays
import TensorGraph
import TensorOps

extension Elemwise: DifferentiableOp {
    public func pullback(_ node: Apply, _ outputGradients: [Variable?]) throws -> [Variable?] {
        guard let g = outputGradients[0] else { return node.inputs.map { _ in nil } }
        let x = node.inputs
        let out = node.output(0)
        let raw = try vectorJacobian(scalarOp, x, out, g)
        // Each input receives the gradient summed over the axes it was broadcast along.
        return try zip(x, raw).map { input, gi in
            guard let gi, input.dtype == .float64 else { return nil }
            return try sumToShape(gi, like: input)
        }
    }
}

private func c(_ value: Double) -> Variable { constant(value) }

/// Gradients of the inputs `x` of `op` given its output `out` and the output's gradient
/// `g`, before summing over broadcast axes.
func vectorJacobian(_ op: ScalarOp, _ x: [Variable], _ out: Variable, _ g: Variable) throws -> [Variable?] {
    switch op {
    // Unary.
    case .neg: return [try -g]
    case .abs: return [try g * sign(x[0])]
    case .sign, .floor, .ceil, .trunc, .round:
        // Piecewise constant: zero almost everywhere (PyTensor's convention).
        return [try zerosLike(x[0], dtype: .float64)]
    case .sqr: return [try g * (x[0] * 2.0)]
    case .sqrt: return [try g * 0.5 / out]
    case .reciprocal: return [try -(g * sqr(out))]
    case .exp: return [try g * out]
    case .exp2: return [try g * out * 0.6931471805599453]
    case .expm1: return [try g * (out + 1.0)]
    case .log: return [try g / x[0]]
    case .log2: return [try g / (x[0] * 0.6931471805599453)]
    case .log10: return [try g / (x[0] * 2.302585092994046)]
    case .log1p: return [try g / (x[0] + 1.0)]
    case .sin: return [try g * cos(x[0])]
    case .cos: return [try -(g * sin(x[0]))]
    case .tan: return [try g * (sqr(out) + 1.0)]
    case .arcsin: return [try g / sqrt(1.0 - sqr(x[0]))]
    case .arccos: return [try -(g / sqrt(1.0 - sqr(x[0])))]
    case .arctan: return [try g / (sqr(x[0]) + 1.0)]
    case .sinh: return [try g * elemwise(.cosh, x[0])]
    case .cosh: return [try g * elemwise(.sinh, x[0])]
    case .tanh: return [try g * (1.0 - sqr(out))]
    case .arcsinh: return [try g / sqrt(sqr(x[0]) + 1.0)]
    case .arccosh: return [try g / sqrt(sqr(x[0]) - 1.0)]
    case .arctanh: return [try g / (1.0 - sqr(x[0]))]
    case .sigmoid: return [try g * out * (1.0 - out)]
    case .softplus: return [try g * sigmoid(x[0])]
    // d/dx log(1 - e^x) = -e^x / (1 - e^x) = -1 / expm1(-x), which stays accurate near 0.
    case .log1mexp: return [try -(g / expm1(-x[0]))]
    case .gammaln: return [try g * digamma(x[0])]
    case .digamma: return [try g * elemwise(.trigamma, x[0])]
    case .trigamma: return [try g * polygamma(c(2), x[0])]
    // d/dx erf(x) = 2/sqrt(pi) e^(-x^2).
    case .erf: return [try g * (exp(-sqr(x[0])) * 1.1283791670955126)]
    case .erfc: return [try -(g * (exp(-sqr(x[0])) * 1.1283791670955126))]
    // d/dx erfcx(x) = 2x erfcx(x) - 2/√π; the two terms approach each other as x grows (relative
    // error about x² ulps), but stay finite where erfc(x) alone underflows.
    case .erfcx:
        let slope = try 2.0 * x[0] * out
        return [try g * (slope - 1.1283791670955126)]
    // Inverse functions: d/dp erf⁻¹(p) = 1 / erf'(erf⁻¹(p)) = (√π/2) e^(erf⁻¹(p)²), likewise erfc⁻¹ with a minus.
    case .erfinv: return [try g * (exp(sqr(out)) * 0.886226925452758)]
    case .erfcinv: return [try -(g * (exp(sqr(out)) * 0.886226925452758))]
    // d/dx log Φ(x) = φ(x)/Φ(x) = √(2/π) / erfcx(-x/√2): Φ(x) = erfcx(-x/√2) e^(-x²/2) / 2, and the
    // Gaussian factors cancel exactly, so the left tail (where φ and Φ both underflow) stays finite
    // (≈ -x) and the right tail goes smoothly to 0.
    case .logNdtr:
        let scaled = try erfcx(x[0] * -0.7071067811865476)
        return [try g * (0.7978845608028654 / scaled)]
    // d/dp Φ⁻¹(p) = 1/φ(Φ⁻¹(p)) = √(2π) e^(Φ⁻¹(p)²/2).
    case .ndtri: return [try g * (exp(sqr(out) * 0.5) * 2.5066282746310002)]
    case .i0: return [try g * i1(x[0])]
    // I₁'(x) = I₀(x) - I₁(x)/x, with the limit 1/2 at 0 (the division by a safe 1 there keeps
    // NaN out of the unused branch, and so out of second derivatives).
    case .i1:
        let atZero = try eq(x[0], c(0)), safe = try ifElse(atZero, c(1), x[0])
        let derivative = try i0(x[0]) - out / safe
        return [try g * ifElse(atZero, c(0.5), derivative)]
    // d/dx e^(-|x|) I₀(x) = e^(-|x|) (I₁(x) - sign(x) I₀(x)).
    case .i0e: return [try g * (i1e(x[0]) - sign(x[0]) * out)]
    // d/dx e^(-|x|) I₁(x) = e^(-|x|) (I₀(x) - I₁(x)/x - sign(x) I₁(x)), 1/2 at 0.
    case .i1e:
        let atZero = try eq(x[0], c(0)), safe = try ifElse(atZero, c(1), x[0])
        let derivative = try i0e(x[0]) - out * (sign(x[0]) + 1.0 / safe)
        return [try g * ifElse(atZero, c(0.5), derivative)]
    case .xlogx: return [try g * (log(x[0]) + 1.0)]
    case .identity: return [g]
    case .cast: return [x[0].dtype == .float64 ? g : nil]
    case .invert, .isnan, .isinf: return [nil]
    // Binary.
    case .add: return [g, g]
    case .sub: return [g, try -g]
    case .mul: return [try g * x[1], try g * x[0]]
    case .trueDiv: return [try g / x[1], try -(g * out / x[1])]
    case .floorDiv: return [try zerosLike(out), try zerosLike(out)]
    // a mod b = a - b floor(a / b): d/da = 1, d/db = -floor(a / b).
    case .mod: return [g, try -(g * floor(x[0] / x[1]))]
    // d/da a^b = b a^(b-1); d/db a^b = a^b log a (taken as 0 where a^b is 0, e.g. 0^b).
    case .pow:
        let da = try g * x[1] * pow(x[0], x[1] - 1.0)
        let db = try g * ifElse(eq(out, c(0)), c(0), out * log(x[0]))
        return [da, db]
    // The gradient goes to the selected argument (to the first one on ties).
    case .maximum, .minimum:
        let pickFirst = try elemwise(op == .maximum ? .ge : .le, x[0], x[1])
        return [try ifElse(pickFirst, g, c(0)), try ifElse(pickFirst, c(0), g)]
    // atan2(y, x): d/dy = x / (x² + y²), d/dx = -y / (x² + y²).
    case .arctan2:
        let r2 = try sqr(x[0]) + sqr(x[1])
        return [try g * x[1] / r2, try -(g * x[0] / r2)]
    // log(e^a + e^b): d/da = e^(a - out).
    case .logaddexp: return [try g * exp(x[0] - out), try g * exp(x[1] - out)]
    // The order is an integer: zero gradient almost everywhere, as for floor (PyTensor raises).
    case .polygamma:
        let next = try x[0] + 1.0
        return [try zerosLike(x[0], dtype: .float64), try g * polygamma(next, x[1])]
    // ∂/∂a log B(a, b) = ψ(a) - ψ(a + b).
    case .betaln:
        let psiSum = try digamma(x[0] + x[1])
        return [try g * (digamma(x[0]) - psiSum), try g * (digamma(x[1]) - psiSum)]
    // ∂/∂x x log y = log y; ∂/∂y = x / y, which is 0 where x = 0 (y replaced by 1 there, so that
    // x = y = 0 gives 0, not NaN).
    case .xlogy0:
        let safeY = try ifElse(eq(x[0], c(0)), c(1), x[1])
        return [try g * log(x[1]), try g * x[0] / safeY]
    case .eq, .neq, .lt, .le, .gt, .ge, .and, .or, .xor: return [nil, nil]
    // Ternary.
    case .switch: return [nil, try ifElse(x[0], g, c(0)), try ifElse(x[0], c(0), g)]
    case .clip:
        let below = try x[0] < x[1], above = try x[0] > x[2]
        let inside = try elemwise(.and, elemwise(.invert, below), elemwise(.invert, above))
        return [try ifElse(inside, g, c(0)), try ifElse(below, g, c(0)), try ifElse(above, g, c(0))]
    }
}
