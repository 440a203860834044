// LBFGS.swift — limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, Algorithms 7.4, 3.5 and 3.6), for MAP estimates.


/// Why an L-BFGS run stopped.
public enum LBFGSStop: String, Sendable {
    /// max |∇f| fell below `gradientTolerance`.
    case gradient = "gradient norm below tolerance"
    /// The relative decrease of f fell below `functionTolerance` (SciPy's factr·ε criterion).
    case function = "relative reduction of the objective below tolerance"
    case maxIterations = "maximum number of iterations reached"
    case maxEvaluations = "maximum number of function evaluations reached"
    /// No step along the search direction decreased f enough (often: at the optimum to
    /// rounding, or a discontinuous objective).
    case lineSearch = "line search could not find a step satisfying the Wolfe conditions"
}

public struct LBFGSOptions: Sendable {
    /// Pairs (s, y) kept for the inverse-Hessian approximation (SciPy's default 10).
    public var memory = 10
    public var maxIterations = 15000
    public var maxEvaluations = 15000
    /// Stop when max_i |∂f/∂x_i| ≤ this (SciPy's pgtol default).
    public var gradientTolerance = 1e-5
    /// Stop when (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ this (SciPy's factr = 1e7 times ε).
    public var functionTolerance = 1e7 * Double.ulpOfOne
    /// Wolfe constants: sufficient decrease c1 and curvature c2 (quasi-Newton values).
    public var c1 = 1e-4
    public var c2 = 0.9
    public init() {}
}

public struct LBFGSResult: Sendable {
    public var x: [Double]
    public var value: Double
    public var gradient: [Double]
    public var iterations: Int
    public var evaluations: Int
    public var stop: LBFGSStop
    /// True when a convergence criterion (gradient or function) stopped the run.
    public var converged: Bool { stop == .gradient || stop == .function }
}

public enum OptimizationError: Error, Sendable, CustomStringConvertible {
    case invalidArgument(String)
    /// The objective is not finite at the starting point.
    case nonFiniteStart(value: Double)

    public var description: String {
        switch self {
        case .invalidArgument(let message): return message
        case .nonFiniteStart(let value): return "the objective is not finite at the starting point (\(value))"
        }
    }
}

/// Minimizes f from `start`. `objective(x, gradient)` returns f(x) and writes ∇f(x); it may
/// return +inf or NaN (or throw) for points outside the domain, which the line search
/// treats as "too far" and backs off from.
public func minimizeLBFGS(start: [Double], options: LBFGSOptions = LBFGSOptions(),
                          objective: ([Double], inout [Double]) throws -> Double) throws -> LBFGSResult {
    let n = start.count
    guard n > 0 else { throw OptimizationError.invalidArgument("nothing to optimize: the start has no coordinates") }
    guard options.memory >= 1, options.maxIterations >= 0, options.maxEvaluations >= 1,
          options.gradientTolerance >= 0, options.functionTolerance >= 0,
          options.c1 > 0, options.c1 < options.c2, options.c2 < 1 else {
        throw OptimizationError.invalidArgument("invalid L-BFGS options: need memory ≥ 1, tolerances ≥ 0 and 0 < c1 < c2 < 1")
    }
    // A box, so the evaluation closure handed to the line search can count without
    // overlapping accesses to a captured variable.
    final class Count { var value = 0 }
    let count = Count()
    func evaluate(_ x: [Double], _ g: inout [Double]) throws -> Double {
        count.value += 1
        let v = try objective(x, &g)
        return v.isNaN || g.contains(where: { !$0.isFinite }) ? .infinity : v
    }
    var evaluations: Int { count.value }

    var x = start
    var g = Array(repeating: 0.0, count: n)
    var f = try evaluate(x, &g)
    guard f.isFinite else { throw OptimizationError.nonFiniteStart(value: f) }

    var sHistory: [[Double]] = [], yHistory: [[Double]] = [], rhoHistory: [Double] = []
    var iteration = 0
    func result(_ stop: LBFGSStop) -> LBFGSResult {
        LBFGSResult(x: x, value: f, gradient: g, iterations: iteration, evaluations: evaluations, stop: stop)
    }

    while true {
        if maxAbs(g) <= options.gradientTolerance { return result(.gradient) }
        if iteration >= options.maxIterations { return result(.maxIterations) }
        if evaluations >= options.maxEvaluations { return result(.maxEvaluations) }

        // Two-loop recursion: d = −H g with H from the stored pairs, scaled by γ = sᵀy / yᵀy.
        var q = g
        var alphas = Array(repeating: 0.0, count: sHistory.count)
        for i in stride(from: sHistory.count - 1, through: 0, by: -1) {
            alphas[i] = rhoHistory[i] * dot(sHistory[i], q)
            for j in 0..<n { q[j] -= alphas[i] * yHistory[i][j] }
        }
        let gamma = sHistory.isEmpty ? 1 / max(norm(g), 1e-300) : dot(sHistory.last!, yHistory.last!) / dot(yHistory.last!, yHistory.last!)
        for j in 0..<n { q[j] *= gamma }
        for i in 0..<sHistory.count {
            let beta = rhoHistory[i] * dot(yHistory[i], q)
            for j in 0..<n { q[j] += sHistory[i][j] * (alphas[i] - beta) }
        }
        var direction = q.map { -$0 }
        var slope = dot(g, direction)
        if !(slope < 0) {
            // Not a descent direction (rounding in H): restart from steepest descent.
            sHistory.removeAll(); yHistory.removeAll(); rhoHistory.removeAll()
            direction = g.map { -$0 / max(norm(g), 1e-300) }
            slope = dot(g, direction)
        }

        guard let step = try wolfeLineSearch(x: x, f: f, slope: slope, direction: direction, options: options,
                                             remaining: options.maxEvaluations - evaluations, evaluate: evaluate) else {
            return result(evaluations >= options.maxEvaluations ? .maxEvaluations : .lineSearch)
        }
        iteration += 1
        let s = zip(step.x, x).map { $0 - $1 }
        let y = zip(step.gradient, g).map { $0 - $1 }
        let fOld = f
        x = step.x
        f = step.value
        g = step.gradient
        let sy = dot(s, y)
        // Keep the pair only when the curvature condition holds, so H stays positive definite.
        if sy > 1e-10 * dot(y, y).squareRoot() * dot(s, s).squareRoot() {
            sHistory.append(s); yHistory.append(y); rhoHistory.append(1 / sy)
            if sHistory.count > options.memory {
                sHistory.removeFirst(); yHistory.removeFirst(); rhoHistory.removeFirst()
            }
        }
        if (fOld - f) / max(abs(fOld), abs(f), 1) <= options.functionTolerance { return result(.function) }
    }
}

/// Evaluations a line search may still spend (a box: the probe closure and zoom share it).
private final class Budget {
    var left: Int
    init(_ left: Int) { self.left = left }
}

private struct LineSearchPoint {
    var alpha: Double
    var value: Double
    var slope: Double
    var x: [Double]
    var gradient: [Double]
}

/// A step α along `direction` satisfying the strong Wolfe conditions
/// f(x+αd) ≤ f + c1 α f'(0) and |f'(α)| ≤ c2 |f'(0)| (Nocedal & Wright Alg. 3.5, with
/// Alg. 3.6's zoom using safeguarded cubic interpolation). Nil when none was found.
private func wolfeLineSearch(x: [Double], f: Double, slope: Double, direction: [Double], options: LBFGSOptions,
                             remaining: Int, evaluate: ([Double], inout [Double]) throws -> Double) throws -> (x: [Double], value: Double, gradient: [Double])? {
    let budget = Budget(min(remaining, 60))
    func probe(_ alpha: Double) throws -> LineSearchPoint {
        let xa = zip(x, direction).map { $0 + alpha * $1 }
        var ga = Array(repeating: 0.0, count: x.count)
        let fa = try evaluate(xa, &ga)
        budget.left -= 1
        return LineSearchPoint(alpha: alpha, value: fa, slope: fa.isFinite ? dot(ga, direction) : .nan, x: xa, gradient: ga)
    }
    let start = LineSearchPoint(alpha: 0, value: f, slope: slope, x: x, gradient: [])
    var previous = start
    var alpha = 1.0
    var first = true
    while budget.left > 0 {
        let current = try probe(alpha)
        if !current.value.isFinite {
            // Outside the domain: shrink towards the last good point.
            alpha = previous.alpha + 0.1 * (alpha - previous.alpha)
            if alpha - previous.alpha < 1e-20 { return nil }
            continue
        }
        if current.value > f + options.c1 * alpha * slope || (!first && current.value >= previous.value) {
            return try zoom(low: previous, high: current, f: f, slope: slope, options: options, budget: budget, probe: probe)
        }
        if abs(current.slope) <= -options.c2 * slope { return (current.x, current.value, current.gradient) }
        if current.slope >= 0 {
            return try zoom(low: current, high: previous, f: f, slope: slope, options: options, budget: budget, probe: probe)
        }
        previous = current
        first = false
        alpha *= 2
    }
    return nil
}

private func zoom(low lowStart: LineSearchPoint, high highStart: LineSearchPoint, f: Double, slope: Double,
                  options: LBFGSOptions, budget: Budget,
                  probe: (Double) throws -> LineSearchPoint) throws -> (x: [Double], value: Double, gradient: [Double])? {
    var low = lowStart, high = highStart
    while budget.left > 0 {
        let width = high.alpha - low.alpha
        if abs(width) < 1e-16 * max(abs(low.alpha), 1) { break }
        // Minimizer of the cubic through (low, high) values and slopes, kept inside the
        // middle 80 % of the bracket; bisection when the cubic has no usable minimum.
        var alpha = cubicMinimizer(low, high) ?? (low.alpha + 0.5 * width)
        let lo = min(low.alpha, high.alpha), hi = max(low.alpha, high.alpha)
        let margin = 0.1 * (hi - lo)
        if !(alpha > lo + margin && alpha < hi - margin) { alpha = low.alpha + 0.5 * width }
        let current = try probe(alpha)
        if !current.value.isFinite || current.value > f + options.c1 * alpha * slope || current.value >= low.value {
            high = current
        } else {
            if abs(current.slope) <= -options.c2 * slope { return (current.x, current.value, current.gradient) }
            if current.slope * (high.alpha - low.alpha) >= 0 { high = low }
            low = current
        }
    }
    // Accept the best point found if it decreases f sufficiently (Armijo) even without curvature.
    if low.alpha > 0 && low.value <= f + options.c1 * low.alpha * slope && !low.gradient.isEmpty {
        return (low.x, low.value, low.gradient)
    }
    return nil
}

private func cubicMinimizer(_ a: LineSearchPoint, _ b: LineSearchPoint) -> Double? {
    guard a.slope.isFinite, b.slope.isFinite, b.value.isFinite else { return nil }
    let d1 = a.slope + b.slope - 3 * (a.value - b.value) / (a.alpha - b.alpha)
    let disc = d1 * d1 - a.slope * b.slope
    guard disc >= 0 else { return nil }
    let d2 = (b.alpha > a.alpha ? 1.0 : -1.0) * disc.squareRoot()
    let denominator = b.slope - a.slope + 2 * d2
    guard denominator != 0 else { return nil }
    let t = b.alpha - (b.alpha - a.alpha) * (b.slope + d2 - d1) / denominator
    return t.isFinite ? t : nil
}

@inline(__always) private func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
}

@inline(__always) private func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

@inline(__always) private func maxAbs(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }
