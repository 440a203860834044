# Generates Tests/SpecialFunctionsTests/ErrorFunctionReference.swift: erfcx, erf⁻¹, erfc⁻¹, Φ, log Φ,
# Φ⁻¹ (from p and from log p), from mpmath at 60 digits. Roots (the inverses) by mp.findroot at 60
# digits, each checked by substituting it back. Run:
#   python3 scripts/reference/error_function_reference.py > Tests/SpecialFunctionsTests/ErrorFunctionReference.swift
import random
import mpmath as mp
from swift_table import table, header

mp.mp.dps = 60
random.seed(2024)


def erfcx(x):
    x = mp.mpf(x)
    if x > 1e4:
        # mp.erfc fails for huge x; the asymptotic series 1/(x√π) Σ (-1)^k (2k-1)!!/(2x²)^k with
        # 12 terms is exact to < 1e-90 relative here.
        t = 1 / (2 * x * x)
        return mp.fsum((-1) ** k * mp.fac2(2 * k - 1) * t ** k for k in range(12)) / (x * mp.sqrt(mp.pi))
    return mp.exp(x * x) * mp.erfc(x)


def root(f, x0, check):
    r = mp.findroot(f, mp.mpf(x0), tol=mp.mpf(10) ** -55, maxsteps=200)
    assert check(r), r
    return r


def erfc_inverse(q):
    q = mp.mpf(q)
    if q == 1:
        return mp.mpf(0)
    if q > 1:
        return -erfc_inverse(2 - q)
    if q >= 0.5:
        return mp.erfinv(1 - q)
    lq = mp.log(q)
    x0 = mp.sqrt(-lq - mp.log(mp.sqrt(-mp.pi * lq)))
    return root(lambda t: mp.log(mp.erfc(t)) - lq, x0, lambda r: abs(mp.erfc(r) / q - 1) < mp.mpf(10) ** -40)


def erf_inverse(p):
    p = mp.mpf(p)
    if abs(p) > 0.5:
        return mp.sign(p) * erfc_inverse(1 - abs(p))
    return mp.erfinv(p)


def log_ncdf(x):
    x = mp.mpf(x)
    if x > 0:
        return mp.log1p(-mp.ncdf(-x))
    if x < -1e4:
        # Φ(x) = erfcx(-x/√2) e^(-x²/2) / 2 exactly, with erfcx from its asymptotic series.
        return mp.log(erfcx(-x / mp.sqrt(2)) / 2) - x * x / 2
    return mp.log(mp.ncdf(x))


def quantile_from_log(lp):
    if abs(lp) > 1e30:
        # The residual log Φ(x)/logP - 1 resolves the root only with ~log10|logP| more digits.
        with mp.workdps(60 + int(mp.log10(abs(lp)))):
            return +quantile_from_log_(lp)
    return quantile_from_log_(lp)


def quantile_from_log_(lp):
    lp = mp.mpf(lp)
    if lp > -mp.log(2):
        q = -mp.expm1(lp)
        return -quantile_from_log_(mp.log(q))
    x0 = -mp.sqrt(-2 * lp) if lp < -2 else mp.mpf(-0.5)
    return root(lambda t: log_ncdf(t) / lp - 1, x0, lambda r: abs(log_ncdf(r) / lp - 1) < mp.mpf(10) ** -40)


erfcx_points = ([-26.6, -26.5, -26, -20, -10, -5, -2, -1, -0.5, -0.1, -1e-5, -1e-20, 0.0, 1e-300, 1e-20, 1e-8,
                 0.1, 0.4, 0.5, 0.75, 1.0, 2.0, 3.0, 5.0, 8.0, 10.0, 15.0, 20.0, 25.0, 25.9, 25.999999999999996,
                 26.0, 26.5, 27.0, 30.0, 50.0, 100.0, 1e3, 1e5, 1e8, 1e15, 1e100, 1e300, 1.7976931348623157e308]
                + [random.uniform(-26, 30) for _ in range(30)] + [10 ** random.uniform(1.5, 300) for _ in range(10)])
erf_points = ([1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.01, 0.1, 0.25, 0.4, 0.49, 0.5, 0.5000000000000001, 0.51,
               0.6, 0.75, 0.9, 0.99, 0.999999, 1 - 1e-10, 1 - 2.0 ** -52, 1 - 2.0 ** -53]
              + [random.uniform(0, 1) for _ in range(20)])
erf_points = erf_points + [-p for p in erf_points[:8]] + [-0.75, -0.99, -(1 - 2.0 ** -53)]
erfc_points = ([5e-324, 1e-320, 2.2250738585072014e-308, 1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-10, 1e-5, 1e-3,
                0.01, 0.1, 0.25, 0.4, 0.49, 0.4999999999999999, 0.5, 0.6, 0.75, 0.9, 0.999, 1.0, 1.001, 1.1, 1.5,
                1.75, 1.9, 1.99, 1.999999, 2 - 1e-10, 2 - 2.0 ** -51, 2 - 2.0 ** -52]
               + [10 ** random.uniform(-320, 0) for _ in range(20)] + [random.uniform(0, 2) for _ in range(15)])
ncdf_points = ([-1e5, -1e3, -100, -40, -38.5, -38, -37.5, -30, -20, -10, -8, -5, -3, -2, -1, -0.5, -1e-3, -1e-20,
                0.0, 1e-20, 1e-3, 0.5, 1, 2, 3, 5, 8, 8.3, 10, 20, 30, 37, 38, 38.5, 40, 100]
               + [random.uniform(-40, 40) for _ in range(30)])
quantile_points = ([5e-324, 1e-320, 1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.02425, 0.1, 0.2, 0.25,
                    0.3, 0.4, 0.45, 0.49, 0.4999999999999999, 0.5, 0.5000000000000001, 0.51, 0.6, 0.75, 0.9, 0.99,
                    0.999, 1 - 1e-10, 1 - 2.0 ** -52, 1 - 2.0 ** -53]
                   + [random.uniform(0, 1) for _ in range(20)] + [10 ** random.uniform(-300, -1) for _ in range(10)])
logp_points = ([-1e300, -1e10, -1e5, -1e3, -745.2, -700, -100, -10, -2, -1.3862943611198906, -1.3862943611198904,
                -1, -0.6931471805599453, -0.6931471805599452, -0.5, -0.1, -1e-3, -1e-10, -1e-20, -1e-100, -1e-300,
                -5e-324]
               + [-10 ** random.uniform(-300, 6) for _ in range(25)])

print(header("ErrorFunctionReference.swift", "error_function_reference.py",
             "reference values of erfcx, the inverse error functions and the normal distribution."))
print()
print("enum ErrorFunctionReference {")
print(table("erfcx", ["x", "want"], [(x, erfcx(x)) for x in erfcx_points],
            "erfcx(x) = e^(x²) erfc(x) (mp.exp(x*x) * mp.erfc(x); beyond 1e4 its asymptotic series)."))
print(table("erfInverse", ["p", "want"], [(p, erf_inverse(p)) for p in erf_points],
            "erf⁻¹(p) (mp.erfinv for |p| <= 1/2, else the root of erfc(x) = 1 - |p|)."))
print(table("erfcInverse", ["q", "want"], [(q, erfc_inverse(q)) for q in erfc_points],
            "erfc⁻¹(q) (root of log erfc(x) = log q below 1/2, mp.erfinv(1 - q) in [1/2, 1], reflected above 1)."))
print(table("normalCDF", ["x", "want"], [(x, mp.ncdf(x)) for x in ncdf_points if mp.ncdf(x) > mp.mpf(10) ** -307],
            "Φ(x) (mp.ncdf), where it is a normal double."))
print(table("normalLogCDF", ["x", "want"], [(x, log_ncdf(x)) for x in ncdf_points],
            "log Φ(x) (log(mp.ncdf(x)), or log1p(-mp.ncdf(-x)) for x > 0)."))
print(table("normalQuantile", ["p", "want"],
            [(p, quantile_from_log(mp.log(p))) for p in quantile_points if p != 0.5] + [(0.5, 0.0)],
            "Φ⁻¹(p) (root of log Φ(x) = log p)."))
print(table("normalQuantileFromLog", ["logP", "want"], [(lp, quantile_from_log(lp)) for lp in logp_points],
            "Φ⁻¹(e^logP) (root of log Φ(x) = logP, or minus the root of log Φ(x) = log(-expm1(logP)))."))
print("}")
