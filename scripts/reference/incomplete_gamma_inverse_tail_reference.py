# Generates Tests/SpecialFunctionsTests/IncompleteGammaInverseTailReference.swift: roots of P(a, x) = p for small
# shapes and p, where the quantile lies far below 1e-100 (regression rows: the bisection of the solver once
# formed lo·hi, which underflows there, and returned 0). Same method as incomplete_gamma_reference.py
# (`inverse_rows`: Newton's method in log x on mpmath's P at 40 digits, from the seed x₀, with p = P(a, x₀)
# rounded to a double).
# Run: python3 scripts/reference/incomplete_gamma_inverse_tail_reference.py > Tests/SpecialFunctionsTests/IncompleteGammaInverseTailReference.swift
import mpmath as mp
from incomplete_gamma_reference import inverse_rows, PQ
from swift_table import table, header

# (a, seed x₀).
SEEDS = [(0.0387, 4.9e-251), (0.020892961308540396, 2.98e-246), (0.041686938347033549, 2.2e-162),
         (0.025118864315095794, 5.9e-269), (0.038904514499428067, 5.4e-174), (0.01, 1e-300), (0.3, 1e-150),
         (0.005, 1e-120)]

# Given probabilities (a, p), the first the case reported by the special-ops engineer: the root by mp.findroot on log P(a, e^s) - log p from the small-x asymptote
# s = (log p + log Γ(a + 1))/a.
GIVEN = [(0.0387, 2.1e-10), (0.02, 1e-6)]


def root(a, p):
    A, lp = mp.mpf(a), mp.log(mp.mpf(p))
    s = mp.findroot(lambda s: mp.log(PQ(a, mp.exp(s))[0]) - lp, (lp + mp.loggamma(A + 1)) / A)
    assert abs(mp.log(PQ(a, mp.exp(s))[0]) - lp) < mp.mpf(10) ** -30
    return (a, p, mp.exp(s))


if __name__ == "__main__":
    print(header("IncompleteGammaInverseTailReference.swift", "incomplete_gamma_inverse_tail_reference.py",
                 "gamma quantiles far below 1e-100 (small shapes and probabilities).", digits="40"))
    print()
    print("enum IncompleteGammaInverseTailReference {")
    rows = [root(a, p) for a, p in GIVEN] + [r[1:] for a, x in SEEDS for r in inverse_rows(a, x) if r[0] == 0]
    print(table("inverseP", ["a", "p", "x"], rows, "P(a, x) = p (p a double, x the exact root)."))
    print("}")
