# Generates Tests/SpecialFunctionsTests/IncompleteBetaReference.swift: log I_x(a, b), log(1 - I_x(a, b)), the
# condition number x(1-x)·(density)/(smaller tail)... (see `row`), Student-t distribution functions and inverse
# pairs, from mpmath at 40 digits.
#   * Each tail directly as a lower integral: I_x(a, b) = mp.betainc(a, b, 0, x) and
#     1 - I_x(a, b) = mp.betainc(b, a, 0, y) with y = 1 - x formed exactly (at 1200 bits), so that
#     neither is a difference 1 - (the other).
#   * Where mp.betainc's hypergeometric series do not converge (large parameters): Gauss-Legendre
#     quadrature (mp.quad) of the density over pieces a quarter of the local scale long, walking from
#     x into the smaller tail until the integrand is 1e-60 of its value at the start; checked against
#     mp.betainc where both work (agreement ~1e-39).
#   * Rows whose reference takes longer than 60 s are dropped (a handful of extreme corners).
# Run: python3 scripts/reference/incomplete_beta_reference.py > Tests/SpecialFunctionsTests/IncompleteBetaReference.swift
import random
import signal
import mpmath as mp
from swift_table import table, header

mp.mp.dps = 40
M = mp.mpf
TINY = M(10) ** -60


def exact_complement(x):
    with mp.workprec(1200):
        return 1 - M(x)


def quad_tails(a, b, x):
    A, B, X = M(a), M(b), M(x)
    lb = mp.log(mp.beta(A, B))
    f = lambda t: mp.exp((A - 1) * mp.log(t) + (B - 1) * mp.log1p(-t) - lb)
    n = A + B
    sd = mp.sqrt(A * B / (n * n * (n + 1)))

    def step(t):
        g = abs((A - 1) / t - (B - 1) / (1 - t))
        return min(sd, 1 / g if g > 0 else sd, t / 2, (1 - t) / 2) / 4
    below_mean = X * B <= (1 - X) * A
    start = f(X)
    pts = [X]
    t = X
    while True:
        t = t - step(t) if below_mean else t + step(t)
        edge = t <= X * M(10) ** -3 if below_mean else 1 - t <= (1 - X) * M(10) ** -3
        if edge:
            break
        pts.append(t)
        if f(t) < start * TINY:
            break
    if below_mean:
        pts = pts[::-1]
        v = mp.quad(f, pts, method='gauss-legendre') if len(pts) > 1 else M(0)
        if not f(pts[0]) < start * TINY:
            v += mp.quad(f, [0, pts[0]])
        return v, 1 - v
    v = mp.quad(f, pts, method='gauss-legendre') if len(pts) > 1 else M(0)
    if not f(pts[-1]) < start * TINY:
        v += mp.quad(f, [pts[-1], 1])
    return 1 - v, v


def tails(a, b, x):
    """(P, Q) = (I_x(a, b), 1 - I_x(a, b))."""
    try:
        P = mp.betainc(M(a), M(b), 0, M(x), regularized=True)
        Q = mp.betainc(M(b), M(a), 0, exact_complement(x), regularized=True)
        assert abs(P + Q - 1) < M(10) ** -30
        return P, Q
    except (mp.libmp.libhyper.NoConvergence, AssertionError, ValueError):
        return quad_tails(a, b, x)


def log_density(a, b, x):
    A, B, X = M(a), M(b), M(x)
    return (A - 1) * mp.log(X) + (B - 1) * mp.log(exact_complement(x)) - mp.log(mp.beta(A, B))


class Slow(Exception):
    pass


def _alarm(*_):
    raise Slow()


signal.signal(signal.SIGALRM, _alarm)


def row(a, b, x):
    """(a, b, x, log P, log Q, cond), cond = x·(1-x)·f(x)/min(P, Q): the sensitivity of the smaller tail to a
    relative change of x or of 1 - x. None when the reference is too slow."""
    signal.alarm(60)
    try:
        P, Q = tails(a, b, x)
    except Slow:
        return None
    finally:
        signal.alarm(0)
    lp = mp.log(P) if P <= Q else mp.log1p(-Q)
    lq = mp.log(Q) if Q <= P else mp.log1p(-P)
    cond = mp.exp(log_density(a, b, x) + mp.log(M(x)) + mp.log(exact_complement(x)) - min(lp, lq))
    # x f(x) / tail measures the sensitivity to x; for the parameters a ψ'-type factors are of the same
    # order, so the table uses max(1, x f / tail, (1 - x) f / tail) via the product bound above.
    cond = max(cond / M(x), cond / exact_complement(x)) if cond > 0 else cond
    return (a, b, x, lp, lq, cond)


def rows(points):
    out = []
    for a, b, x in points:
        if not 0 < x < 1:
            continue
        r = row(a, b, x)
        if r is not None:
            out.append(r)
    return out


random.seed(57)
X_GRID = [1e-300, 1e-10, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-10]
small = [(a, b, x) for a in [1e-10, 1e-5, 0.01, 0.5, 0.9] for b in [1e-10, 0.3, 1.0] for x in X_GRID]
small += [(a, b, x) for a, b in [(1e-10, 2.5), (1e-5, 14.0), (0.2, 15.5), (0.01, 40.0), (0.5, 3.0), (2.5, 1e-10)]
          for x in [1e-6, 0.04, 0.3, 0.8]]
mixed = []
for small_p in [1e-10, 1e-3, 0.5, 3.0, 30.0]:
    for large_p in [1e3, 1e6, 1e10]:
        m = small_p / (small_p + large_p)
        for x in [m * 1e-3, m * 0.3, m, m * 3, m * 30, 0.5]:
            if 0 < x < 1:
                mixed.append((small_p, large_p, x))
                mixed.append((large_p, small_p, exact_complement(x) if False else 1 - x))
moderate = [(10 ** random.uniform(0, 2), 10 ** random.uniform(0, 2), random.random()) for _ in range(40)]
moderate += [(a, b, a / (a + b) * r) for a, b in [(2.0, 3.0), (10.0, 10.0), (50.0, 7.0), (1.5, 80.0)]
             for r in [0.2, 0.9, 1.0, 1.1]]
large = []
for a, b in [(1e3, 1e3), (1e3, 5e4), (1e5, 1e5), (1e6, 3e6), (1e8, 1e8), (1e10, 1e10), (2e9, 7e9)]:
    n = a + b
    m = a / n
    sd = (a * b / (n * n * (n + 1))) ** 0.5
    for k in [-30, -5, -1, -0.1, 0, 0.1, 1, 5, 30]:
        x = m + k * sd
        if 0 < x < 1:
            large.append((a, b, x))

# Student t: F(t; ν) = I_{ν/(ν+t²)}(ν/2, 1/2)/2 for t < 0 (and 1 - that for t > 0), by mp.betainc at 60 digits
# with x = ν/(ν+t²) formed exactly; mp.quad of the density over the heavy tail was not accurate enough.
def student_t_cdf(t, nu):
    with mp.workdps(60):
        t, nu = M(t), M(nu)
        x = nu / (nu + t * t)
        tail = mp.betainc(nu / 2, M(1) / 2, 0, x, regularized=True) / 2
        return tail if t <= 0 else 1 - tail


student = [(t, nu, student_t_cdf(t, nu)) for nu in [3.0, 30.0, 1e6] for t in [-1e5, -50.0, -3.0, -0.5, 0.5, 2.0]]

inverse_seeds = ([(a, b, x) for a, b in [(0.01, 0.5), (0.5, 0.5), (1.0, 3.0), (2.5, 8.0), (30.0, 0.2), (1e-3, 1e3)]
                  for x in [1e-200, 1e-8, 0.1, 0.5, 0.9, 1 - 1e-8]]
                 + [(a, b, a / (a + b) * r) for a, b in [(100.0, 300.0), (1e4, 1e4), (1e6, 50.0), (5.0, 1e6)]
                    for r in [0.5, 0.9, 1.0, 1.05, 1.5]])


def inverse_rows(a, b, x0):
    """[(which, a, b, target, root)]: for the doubles p ≈ I_x0(a, b) and q ≈ 1 - I_x0(a, b) in (0, 1), the exact
    roots of I_x(a, b) = p and 1 - I_x(a, b) = q, by Newton's method in t = log(x/(1-x))."""
    out = []
    P, Q = tails(a, b, x0)
    for which, target in enumerate([float(P), float(Q)]):
        if not 0 < target < 1:
            continue
        lt = mp.log(M(target))
        t = mp.log(M(x0)) - mp.log(exact_complement(x0))
        for _ in range(80):
            x = 1 / (1 + mp.exp(-t))
            tail = tails(a, b, x)[which]
            g = mp.log(tail) - lt
            slope = mp.exp(log_density(a, b, x) + mp.log(x) + mp.log(1 - x) - mp.log(tail)) * (1 if which == 0 else -1)
            step = g / slope
            t -= step
            if abs(step) < M(10) ** -35:
                break
        x = 1 / (1 + mp.exp(-t))
        assert abs(mp.log(tails(a, b, x)[which]) - lt) < M(10) ** -28, (a, b, x0, which)
        out.append((which, a, b, target, x))
    return out


if __name__ == "__main__":
    print(header("IncompleteBetaReference.swift", "incomplete_beta_reference.py",
                 "reference values of the regularized incomplete beta function I_x(a, b).", digits="40"))
    print("// Columns: a, b, x, log I_x(a, b), log(1 - I_x(a, b)), and cond = max(x, 1 - x) · f(x) / min(I, 1 - I)")
    print("// (f the beta density), the factor by which relative changes of x or 1 - x are amplified in the")
    print("// smaller tail.")
    print()
    print("enum IncompleteBetaReference {")
    labels = ["a", "b", "x", "logP", "logQ", "cond"]
    print(table("smallParameters", labels, rows(small), "a or b <= 1 (and a few just above)."))
    print(table("mixedParameters", labels, rows(mixed), "One parameter small or moderate, the other 1e3...1e10."))
    print(table("moderateParameters", labels, rows(moderate), "1 <= a, b <= 100."))
    print(table("largeParameters", labels, rows(large), "Both large, around the mean (k standard deviations)."))
    print(table("studentT", ["t", "nu", "want"], student, "Student-t distribution function F(t; ν) (quadrature of the density)."))
    inverse = [r for a, b, x in inverse_seeds if 0 < x < 1 for r in inverse_rows(a, b, x)]
    print(table("inverseP", ["a", "b", "p", "x"], [r[1:] for r in inverse if r[0] == 0],
                "I_x(a, b) = p (p a double, x the exact root)."))
    print(table("inverseQ", ["a", "b", "q", "x"], [r[1:] for r in inverse if r[0] == 1],
                "1 - I_x(a, b) = q (q a double, x the exact root)."))
    print("}")
