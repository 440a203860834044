# Constants of SpecialFunctions/Gamma.swift's DigammaRoot: the roots of digamma near
# 1.46 and -0.504 (as hi + lo doubles) and the Taylor coefficients about x0 + m of
# psi(x + m), c_n = (-1)^(n+1) zeta(n + 1, x0 + m). Also checks the resulting
# double-precision evaluation against mpmath. Run: python3 scripts/reference/digamma_root_series.py
import random
import mpmath as mp

mp.mp.dps = 60


def constants(guess, m, terms):
    root = mp.findroot(mp.digamma, guess)
    hi = float(root)
    lo = float(root - mp.mpf(hi))
    c = [float((-1) ** (n + 1) * mp.zeta(n + 1, root + m)) for n in range(1, terms + 1)]
    return root, hi, lo, c


def evaluate(x, hi, lo, m, c):
    # The same operations, in the same order, as digammaNearRoot.
    t = (x - hi) - lo
    s = 0.0
    for cn in reversed(c):
        s = s * t + cn
    s *= t
    for j in range(m):
        s += t / ((x + j) * (hi + j))
    return s


for guess, m, terms in [(1.46, 2, 14), (-0.504, 3, 16)]:
    root, hi, lo, c = constants(guess, m, terms)
    print(f"root {mp.nstr(root, 40)}  hi {hi!r}  lo {lo!r}  shift {m}")
    print("coefficients", ", ".join(repr(v) for v in c))
    random.seed(1)
    xs = [hi + random.uniform(-0.3, 0.3) for _ in range(2000)] + [hi, hi + 1e-15, hi - 1e-15]
    worst = max(abs((mp.mpf(evaluate(x, hi, lo, m, c)) - mp.digamma(x)) / mp.digamma(x)) for x in xs)
    print("worst relative error of the double evaluation:", mp.nstr(worst, 3))
