# Generates Tests/SpecialFunctionsTests/IncompleteBetaDerivativeReference.swift: the parameter derivatives of
# log I_x(a, b) and log(1 - I_x(a, b)), from mpmath at 40 digits.
#   * Each tail as a lower integral (incomplete_beta_reference.tails: mp.betainc, else quadrature of the
#     density), differentiated numerically by mp.diff (which raises the working precision for the step),
#     tail by tail, so the smaller tail's derivative is not a difference 1 - (the other).
#   * Rows whose reference takes longer than 90 s are dropped.
# Run: python3 scripts/reference/incomplete_beta_derivative_reference.py > Tests/SpecialFunctionsTests/IncompleteBetaDerivativeReference.swift
import signal
import mpmath as mp
from incomplete_beta_reference import tails, Slow
from swift_table import table, header

mp.mp.dps = 40
M = mp.mpf


def row(a, b, x):
    """(a, b, x, ∂ log I/∂a, ∂ log I/∂b, ∂ log(1-I)/∂a, ∂ log(1-I)/∂b), or None when too slow."""
    signal.alarm(90)
    try:
        A, B = M(a), M(b)
        P, Q = tails(a, b, x)
        out = [a, b, x]
        for which, T in [(0, P), (1, Q)]:
            da = mp.diff(lambda s: tails(s, B, x)[which], A)
            db = mp.diff(lambda s: tails(A, s, x)[which], B)
            out += [da / T, db / T]
        return tuple(out)
    except Slow:
        return None
    finally:
        signal.alarm(0)


def rows(points):
    return [r for r in (row(a, b, x) for a, b, x in points if 0 < x < 1) if r is not None]


small = [(a, b, x) for a in [1e-8, 1e-3, 0.3, 0.9] for b in [1e-3, 0.5, 1.0, 2.5]
         for x in [1e-20, 0.01, 0.3, 0.5, 0.8, 0.999]]
moderate = [(a, b, a / (a + b) * r) for a in [1.5, 4.0, 20.0, 70.0] for b in [1.2, 6.0, 45.0]
            for r in [0.05, 0.5, 1.0, 1.3]]
mixed = [(a, b, a / (a + b) * r) for a, b in [(0.01, 1e4), (0.5, 1e3), (3.0, 1e5), (1e4, 0.01), (1e3, 0.5), (1e5, 3.0)]
         for r in [0.01, 0.5, 1.0, 2.0]]
large = []
for a, b in [(1e3, 1e3), (1e4, 3e4)]:
    n = a + b
    m = a / n
    sd = (a * b / (n * n * (n + 1))) ** 0.5
    large += [(a, b, m + k * sd) for k in [-10, -2, 0, 0.5, 3]]

# One or both parameters 1e5...1e10 near the mean, where the continued fraction takes O(√n) steps.
huge = [(0.88, 6.7e9, 1.1e-10), (1e-5, 1e8, 1e-12), (1e5, 1e5, 0.5), (5e7, 0.3, 0.99999999), (2.0, 1e7, 3e-7)]

if __name__ == "__main__":
    print(header("IncompleteBetaDerivativeReference.swift", "incomplete_beta_derivative_reference.py",
                 "parameter derivatives of log I_x(a, b) and log(1 - I_x(a, b)).", digits="40"))
    print()
    print("enum IncompleteBetaDerivativeReference {")
    labels = ["a", "b", "x", "logIA", "logIB", "logQA", "logQB"]
    print(table("small", labels, rows(small), "a <= 1 (b small or moderate)."))
    print(table("moderate", labels, rows(moderate), "1 < a, b < 100, around the mean."))
    print(table("mixed", labels, rows(mixed), "One parameter small, the other 1e3...1e5."))
    print(table("large", labels, rows(large), "Both large, around the mean."))
    print(table("huge", labels, rows(huge), "A parameter 1e5...1e10 near the mean."))
    print("}")
