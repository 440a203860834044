# Generates Tests/SpecialFunctionsTests/ElementaryReference.swift: log1pmx, log Γ(1+x), logSubExp, log B,
# log Γ(b+a) - log Γ(b), polygamma, log I₀, log I₁ and I₁/I₀, from mpmath at 60 digits (more where
# huge arguments make log Γ values cancel). Run:
#   python3 scripts/reference/elementary_reference.py > Tests/SpecialFunctionsTests/ElementaryReference.swift
import random
import mpmath as mp
from swift_table import table, header

mp.mp.dps = 60
random.seed(99)
M = mp.mpf


def log1pmx(x):
    return mp.log1p(M(x)) - M(x)


def lgamma1p(x):
    return mp.loggamma(1 + M(x))  # 1 + x is exact in mpmath


def log_sub_exp(a, b):
    return M(a) + mp.log(-mp.expm1(M(b) - M(a)))


def log_beta(a, b):
    # log Γ(a) + log Γ(b) - log Γ(a + b) cancels ~log10(a + b) digits; carry that many more.
    with mp.workdps(60 + int(max(0, mp.log10(a + b)))):
        return +(mp.loggamma(M(a)) + mp.loggamma(M(b)) - mp.loggamma(M(a) + M(b)))


def lgamma_diff(b, a):
    with mp.workdps(60 + int(max(0, mp.log10(a + b)))):
        return +(mp.loggamma(M(b) + M(a)) - mp.loggamma(M(b)))


def log_i(nu, x):
    return mp.log(mp.besseli(nu, M(x)))


def ratio(x):
    return mp.besseli(1, M(x)) / mp.besseli(0, M(x))


log1pmx_points = ([-0.9999999999999999, -0.99, -0.9, -0.6, -0.5000000000000001, -0.5, -0.4999999999999999, -0.3,
                   -0.1, -1e-3, -1e-8, -1e-15, -1e-300, 0.0, 1e-300, 1e-15, 1e-8, 1e-3, 0.1, 0.5, 0.9,
                   0.9999999999999999, 1.0, 1.0000000000000002, 1.5, 3.0, 10.0, 1e5, 1e20, 1e300]
                  + [random.uniform(-1, 2) for _ in range(20)])
lgamma1p_points = ([-0.99, -0.9, -0.75, -0.5000000000000001, -0.5, -0.4999999999999999, -0.3, -0.1, -1e-3, -1e-8,
                    -1e-15, -1e-300, 1e-300, 1e-15, 1e-8, 1e-3, 0.1, 0.3, 0.4999999999999999, 0.5, 0.5000000000000001,
                    0.7, 0.9, 0.999, 0.999999999, 0.9999999999999999, 1.0000000000000002, 1.000000001, 1.001, 1.1,
                    1.4999999999999998, 1.5, 1.5000000000000002, 2.0, 3.7, 10.0, 170.0, 1e10, 1e100]
                   + [random.uniform(-0.999, 2) for _ in range(20)])
log_sub_exp_points = [(0.0, -1e-20), (0.0, -1e-10), (0.0, -0.5), (0.0, -0.6931471805599453), (0.0, -1.0),
                      (0.0, -40.0), (0.0, -800.0), (800.0, 799.0), (-800.0, -801.0), (1e-300, 0.0), (5.0, 3.0),
                      (-1e5, -1e5 - 1e-3), (700.0, 1e-20)]
log_beta_points = ([(1.0, 1.0), (0.5, 0.5), (2.0, 3.0), (1e-10, 1e-10), (1e-10, 1.0), (1e-10, 1e10), (1e-300, 0.5),
                    (0.1, 5.5), (3.5, 9.99), (9.99, 10.0), (10.0, 10.0), (12.5, 7.25), (1e5, 1e5), (1e10, 1e10),
                    (1e10, 1e-5), (0.5, 1e15), (3.0, 1e12), (30.0, 1e12), (1e6, 1e12), (1e300, 2.5), (1e200, 1e200),
                    (1e-8, 1e8)]
                   + [(10 ** random.uniform(-10, 10), 10 ** random.uniform(-10, 10)) for _ in range(30)])
lgamma_diff_points = ([(10.0, 1e-10), (1e10, 1e-5), (0.5, 1e-12), (3.0, 1e-7), (1.4616321449683622, 1e-8),
                       (1e-10, 0.5), (100.0, 0.25), (1e5, 1e5), (2.0, 1e6), (1e300, 3.0)]
                      + [(10 ** random.uniform(-10, 10), 10 ** random.uniform(-12, 10)) for _ in range(25)])
polygamma_points = []
for n in [2, 3, 4]:
    xs = ([1e-300, 1e-10, 1e-3, 0.1, 0.5, 1.0, 1.5, 2.0, 3.3, 9.9, 10.0, 14.7, 20.0, 31.0, 100.0, 1e4, 1e8, 1e15,
           1e100, -0.5, -1.5, -0.999, -1e-8, -2.25, -10.75, -100.3, -12345.6789]
          + [random.uniform(0, 40) for _ in range(12)] + [random.uniform(-30, 0) for _ in range(8)])
    polygamma_points += [(n, x) for x in xs]
polygamma_points += [(1, x) for x in [0.25, 7.0, -3.5]] + [(8, x) for x in [0.3, 5.0, 40.0, -2.5]] + \
    [(15, x) for x in [1.0, 25.0]]
bessel_points = ([0.0, 1e-300, 1e-20, 1e-8, 1e-3, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 29.9, 30.0,
                  30.000000000000004, 31.0, 50.0, 100.0, 700.0, 710.0, 1e3, 1e5, 1e10, 1e100, 1e300]
                 + [random.uniform(0, 60) for _ in range(20)])

print(header("ElementaryReference.swift", "elementary_reference.py",
             "reference values of log1pmx, log Γ(1+x), logSubExp, log B, polygamma and the Bessel I₀, I₁ logs."))
print()
print("enum ElementaryReference {")
print(table("log1pmx", ["x", "want"], [(x, log1pmx(x)) for x in log1pmx_points], "log(1 + x) - x."))
print(table("logGamma1p", ["x", "want"], [(x, lgamma1p(x)) for x in lgamma1p_points], "log Γ(1 + x) (mp.loggamma)."))
print(table("logSubExp", ["a", "b", "want"], [(a, b, log_sub_exp(a, b)) for a, b in log_sub_exp_points],
            "log(e^a - e^b)."))
print(table("logBeta", ["a", "b", "want"], [(a, b, log_beta(a, b)) for a, b in log_beta_points],
            "log B(a, b) = log Γ(a) + log Γ(b) - log Γ(a + b), with extra digits for the cancellation."))
print(table("logPochhammer", ["x", "a", "want"], [(b, a, lgamma_diff(b, a)) for b, a in lgamma_diff_points],
            "log Γ(x + a) - log Γ(x), with extra digits for the cancellation."))
print(table("polygamma", ["n", "x", "want"], [(float(n), x, mp.polygamma(n, M(x))) for n, x in polygamma_points],
            "ψ⁽ⁿ⁾(x) (mp.polygamma)."))
print(table("logBesselI0", ["x", "want"], [(x, log_i(0, x)) for x in bessel_points], "log I₀(x) (mp.besseli)."))
print(table("logBesselI1", ["x", "want"], [(x, log_i(1, x)) for x in bessel_points if x > 0],
            "log I₁(x) (mp.besseli)."))
print(table("besselI1OverI0", ["x", "want"], [(x, ratio(x)) for x in bessel_points], "I₁(x)/I₀(x) (mp.besseli)."))
print("}")
