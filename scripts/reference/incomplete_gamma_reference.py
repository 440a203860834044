# Generates Tests/SpecialFunctionsTests/IncompleteGammaReference.swift: log P(a, x), log Q(a, x), the condition
# number x·(density)/(tail), ∂P/∂a and inverse pairs, from mpmath at 40 digits.
#   * a < 50: mp.gammainc (P and Q each computed directly, never as 1 - the other).
#   * a >= 50 (where mpmath's hypergeometric series stop converging): Gauss-Legendre quadrature
#     (mp.quad) of t^(a-1) e^-t / Γ(a) over pieces a quarter of the local scale long, walking from x
#     into the smaller tail until the integrand is 1e-60 of its largest value; checked in __main__
#     of the tuning script against exact sums e^-x Σ_{k<a} x^k/k! for integer a (agreement ~1e-38).
#   * ∂P/∂a: mp.diff of mp.gammainc (a < 50) or quadrature of (log t - ψ(a)) t^(a-1) e^-t / Γ(a).
#   * inverse: for p = P(a, x₀) rounded to a double, the root x of P(a, x) = p by mp.findroot.
# Run: python3 scripts/reference/incomplete_gamma_reference.py > Tests/SpecialFunctionsTests/IncompleteGammaReference.swift
import random
import mpmath as mp
from swift_table import table, header

mp.mp.dps = 40
M = mp.mpf
TINY = M(10) ** -60


def _step_fn(A):
    m = A - 1
    sd = mp.sqrt(A)

    def step(t):
        if t < m:
            s = min(sd, t / (m - t))
        elif t > m:
            s = min(sd, t / (t - m))
        else:
            s = sd
        return s / 4
    return step, m


def quad_tail(A, X, g=None):
    """(smaller tail, True if it is P) of ∫ g(t) t^(a-1) e^-t / Γ(a) dt by walking quadrature."""
    lg = mp.loggamma(A)
    f = lambda t: mp.exp((A - 1) * mp.log(t) - t - lg)
    h = (lambda t: g(t) * f(t)) if g else f
    step, m = _step_fn(A)
    if X >= m:
        peak = f(max(X, m))
        pts = [X]
        t = X
        while True:
            t = t + step(t)
            pts.append(t)
            if t > m and f(t) < peak * TINY:
                break
        return mp.quad(h, pts, method='gauss-legendre'), False
    peak = f(X)
    pts = [X]
    t = X
    while True:
        t = t - step(t)
        if t <= X * M(10) ** -3:
            break
        pts.append(t)
        if f(t) < peak * TINY:
            break
    pts = pts[::-1]
    v = mp.quad(h, pts, method='gauss-legendre') if len(pts) > 1 else M(0)
    if not f(pts[0]) < peak * TINY:
        v += mp.quad(h, [0, pts[0]])
    return v, True


def PQ(a, x):
    A, X = M(a), M(x)
    if a < 50:
        return mp.gammainc(A, 0, X, regularized=True), mp.gammainc(A, X, mp.inf, regularized=True)
    v, lower = quad_tail(A, X)
    return (v, 1 - v) if lower else (1 - v, v)


def dP_da(a, x):
    A, X = M(a), M(x)
    if a < 50:
        return mp.diff(lambda s: mp.gammainc(s, 0, X, regularized=True), A)
    psi = mp.digamma(A)
    v, lower = quad_tail(A, X, lambda t: mp.log(t) - psi)
    return v if lower else -v  # ∂P/∂a = -∂Q/∂a, and ∫₀^∞ (log t - ψ) f = 0


def log_density(a, x):
    A, X = M(a), M(x)
    return (A - 1) * mp.log(X) - X - mp.loggamma(A)


def row(a, x):
    P, Q = PQ(a, x)
    # The larger tail's logarithm from the smaller tail (log1p(-small)): 1 - P at 40 digits would
    # leave too few digits of Q when Q < 1e-30.
    lp = mp.log(P) if P < Q else mp.log1p(-Q)
    lq = mp.log(Q) if Q <= P else mp.log1p(-P)
    small = min(lp, lq)
    cond = mp.exp(log_density(a, x) + mp.log(x) - small)  # x f(x) / (smaller tail)
    return (a, x, lp, lq, cond)


random.seed(31)
small_a = []
for a in [1e-10, 1e-5, 0.01, 0.1, 0.5, 0.9, 0.999]:
    for x in [1e-300, 1e-20, 1e-5, 0.01, 0.3, 1.0, 1.0999999999999999, 1.1, 2.0, 5.0, 30.0, 700.0, 1e4]:
        small_a.append((a, x))
small_a += [(10 ** random.uniform(-10, 0), 10 ** random.uniform(-5, 2)) for _ in range(20)]
moderate = []
for a in [1.0, 1.5, 2.5, 5.0, 9.99, 10.0, 12.5, 19.9]:
    for r in [1e-200, 1e-3, 0.1, 0.5, 0.9, 0.99, 1.0, 1.01, 1.1, 2.0, 5.0, 20.0, 100.0]:
        moderate.append((a, a * r))
moderate += [(random.uniform(1, 20), random.uniform(0, 60)) for _ in range(20)]
large = []
for a in [20.0, 25.0, 50.0, 100.0, 1e3, 1e4, 1e5]:
    s = a ** 0.5
    xs = [a * 0.001, a * 0.5, a * 0.69, a * 0.7, a * 0.71, a - 10 * s, a - 3 * s, a - s, a, a + s, a + 3 * s,
          a + 10 * s, a * 1.29, a * 1.3, a * 1.31, a * 2, a * 10]
    large += [(a, x) for x in xs if x > 0]
huge = []
for a in [1e6, 1e8, 1e10]:
    s = a ** 0.5
    huge += [(a, x) for x in [a * 0.5, a - 30 * s, a - 5 * s, a - s, a - 0.1 * s, a, a + 0.1 * s, a + s, a + 5 * s,
                              a + 30 * s, a * 1.5, a * 3]]
derivative_points = ([(a, x) for a in [1e-3, 0.3, 0.9] for x in [1e-5, 0.5, 1.05, 1.2, 5.0, 40.0]]
                     + [(a, x) for a in [1.0, 3.5, 12.0] for x in [a * 0.1, a * 0.8, a, a * 1.3, a * 4]]
                     + [(a, x) for a in [25.0, 100.0, 1e4] for x in [a * 0.5, a * 0.8, a * 0.95, a, a * 1.05,
                                                                       a * 1.2, a * 1.5, a * 3]])
inverse_seeds = ([(a, x) for a in [1e-3, 0.1, 0.5] for x in [1e-30, 1e-3, 0.2, 1.0, 3.0, 30.0]]
                 + [(a, x) for a in [1.0, 2.5, 7.0, 19.0] for x in [a * 1e-3, a * 0.3, a * 0.9, a, a * 1.2, a * 3,
                                                                    a * 10]]
                 + [(a, x) for a in [30.0, 200.0, 1e4, 1e6] for x in [a * 0.5, a * 0.8, a * 0.99, a, a * 1.01,
                                                                      a * 1.2, a * 1.6]])


def inverse_rows(a, x0):
    """[(which, a, target, root)]: for the doubles p ≈ P(a, x₀) and q ≈ Q(a, x₀) (those strictly between
    0 and 1), the exact roots of P(a, x) = p and Q(a, x) = q, by Newton's method in s = log x (the
    tails are monotone in s) from s = log x₀."""
    rows = []
    for which, target in enumerate(float(v) for v in PQ(a, x0)):
        if not 0 < target < 1:
            continue
        lt = mp.log(M(target))
        s = mp.log(M(x0))
        for _ in range(60):
            x = mp.exp(s)
            tail = PQ(a, x)[which]
            g = mp.log(tail) - lt
            slope = mp.exp(log_density(a, x) + s - mp.log(tail)) * (1 if which == 0 else -1)
            step = g / slope
            s -= step
            if abs(step) < M(10) ** -35:
                break
        root = mp.exp(s)
        assert abs(mp.log(PQ(a, root)[which]) - lt) < M(10) ** -30, (a, x0, which)
        rows.append((which, a, target, root))
    return rows


if __name__ == "__main__":
    print(header("IncompleteGammaReference.swift", "incomplete_gamma_reference.py",
                 "reference values of the regularized incomplete gamma functions P(a, x), Q(a, x).", digits="40"))
    print("// Columns: a, x, log P, log Q, and cond = x·f(x)/min(P, Q) (f the gamma(a) density), the factor by")
    print("// which a relative change of x (or a rounding inside the computation) is amplified in the smaller tail.")
    print()
    print("enum IncompleteGammaReference {")
    labels = ["a", "x", "logP", "logQ", "cond"]
    print(table("smallShape", labels, [row(a, x) for a, x in small_a], "a < 1."))
    print(table("moderateShape", labels, [row(a, x) for a, x in moderate], "1 <= a < 20."))
    print(table("largeShape", labels, [row(a, x) for a, x in large], "20 <= a <= 1e5, around and away from x = a."))
    print(table("hugeShape", labels, [row(a, x) for a, x in huge], "a = 1e6, 1e8, 1e10."))
    print(table("derivativeA", ["a", "x", "want"], [(a, x, dP_da(a, x)) for a, x in derivative_points],
                "∂P(a, x)/∂a."))
    inverse = [r for a, x in inverse_seeds for r in inverse_rows(a, x)]
    print(table("inverseP", ["a", "p", "x"], [r[1:] for r in inverse if r[0] == 0],
                "P(a, x) = p (p a double, x the exact root)."))
    print(table("inverseQ", ["a", "q", "x"], [r[1:] for r in inverse if r[0] == 1],
                "Q(a, x) = q (q a double, x the exact root)."))
    print("}")
