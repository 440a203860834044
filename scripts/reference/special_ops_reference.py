# Generates Tests/DenseArraysTests/SpecialOpsReference.swift: reference values of the special-function
# scalar ops (erfcx, erfinv, erfcinv, log_ndtr, ndtri, i0, i1, i0e, i1e, xlogx, polygamma, betaln,
# xlogy0) across their domains, at the edges and outside them. Run:
#   python3 scripts/reference/special_ops_reference.py > Tests/DenseArraysTests/SpecialOpsReference.swift
#
# Finite values come from mpmath at 60 digits (the erf/normal inverses through the root finders of
# error_function_reference.py); NaN, infinities and the values at poles are SciPy's (the semantics the
# ops follow), except where OVERRIDES says otherwise and why. Every row is also evaluated with SciPy;
# the rows where SciPy's finite value is more than 1e-13 off mpmath's are listed in the output.
import contextlib
import io
import math
import warnings

import mpmath as mp
import numpy as np
import scipy
import scipy.special as sc
from swift_table import num

with contextlib.redirect_stdout(io.StringIO()):  # the module prints its own table when imported
    import error_function_reference as efr

mp.mp.dps = 60
warnings.simplefilter("ignore")
rng = np.random.default_rng(2025)
SPECIAL = [np.nan, np.inf, -np.inf, 0.0, -0.0]
SQRT2 = mp.sqrt(2)


def finite(*xs):
    return all(math.isfinite(x) for x in xs)


def is_integer(x):
    return math.isfinite(x) and x == math.floor(x)


# name -> mpmath value (an mpf, or None where SciPy's value is the reference).
EXACT = {
    "erfcx": lambda x: efr.erfcx(x) if finite(x) else None,
    "erfinv": lambda p: efr.erf_inverse(p) if finite(p) and abs(p) < 1 else None,
    "erfcinv": lambda q: efr.erfc_inverse(q) if finite(q) and 0 < q < 2 else None,
    "log_ndtr": lambda x: efr.log_ncdf(x) if finite(x) else None,
    "ndtri": lambda p: -SQRT2 * efr.erfc_inverse(2 * mp.mpf(p)) if finite(p) and 0 < p < 1 else None,
    "i0": lambda x: mp.besseli(0, x) if finite(x) else None,
    "i1": lambda x: mp.besseli(1, x) if finite(x) else None,
    "i0e": lambda x: mp.besseli(0, x) * mp.exp(-abs(mp.mpf(x))) if finite(x) else None,
    "i1e": lambda x: mp.besseli(1, x) * mp.exp(-abs(mp.mpf(x))) if finite(x) else None,
    "xlogx": lambda x: x * mp.log(x) if finite(x) and x > 0 else None,
    "polygamma": lambda n, x: (mp.polygamma(int(n), x)
                               if is_integer(n) and n >= 0 and finite(x) and not (is_integer(x) and x <= 0) else None),
    "betaln": lambda a, b: (mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(mp.mpf(a) + b)
                            if finite(a, b) and a > 0 and b > 0 else None),
    "xlogy0": lambda x, y: x * mp.log(y) if finite(x, y) and x != 0 and y > 0 else None,
}
SCIPY = {
    "erfcx": sc.erfcx, "erfinv": sc.erfinv, "erfcinv": sc.erfcinv, "log_ndtr": sc.log_ndtr, "ndtri": sc.ndtri,
    "i0": sc.i0, "i1": sc.i1, "i0e": sc.i0e, "i1e": sc.i1e, "xlogx": lambda x: sc.xlogy(x, x),
    "polygamma": sc.polygamma, "betaln": sc.betaln, "xlogy0": sc.xlogy,
}
# (name, arguments) -> (value, why) where the op deliberately differs from SciPy. The arguments are
# compared by repr, so that -0.0 is not 0.0.
OVERRIDES = {
    ("i0", (np.inf,)): (np.inf, "the limit; SciPy gives NaN"),
    ("i0", (-np.inf,)): (np.inf, "the limit; SciPy gives NaN"),
    ("i1", (np.inf,)): (np.inf, "the limit; SciPy gives NaN"),
    ("i1", (-np.inf,)): (-np.inf, "the limit; SciPy gives NaN"),
    ("polygamma", (2.0, -0.0)): (np.inf, "the limit from below, as ψ(-0) = +inf; SciPy ignores the sign of zero"),
    ("polygamma", (2.0, -np.inf)): (np.nan, "no limit (poles all along); SciPy gives -inf"),
}
differences = []


def reference(name, args):
    shown = f"{name}({', '.join(repr(a) for a in args)})"
    override = next((v for (n, a), v in OVERRIDES.items() if n == name and list(map(repr, a)) == list(map(repr, args))), None)
    if override is not None:
        value, why = override
        differences.append(f"{shown}: {value}, {why}")
        return value
    scipy_value = float(SCIPY[name](*args))
    exact = EXACT[name](*args)
    if exact is None:
        return scipy_value
    value = float(exact)
    if not (value == scipy_value or abs(scipy_value - value) <= 1e-13 * abs(value)):
        differences.append(f"{shown}: {value!r} (SciPy {scipy_value!r})")
    return value


def literal(v):
    v = float(v)
    return num(v) if math.isfinite(v) else num(mp.mpf(v))


def table(name, labels, name_in_scipy, rows, doc):
    kind = "(" + ", ".join(f"{l}: Double" for l in labels) + ")"
    out = [f"    /// {doc}", f"    static let {name}: [{kind}] = ["]
    for args in rows:
        args = tuple(float(a) for a in args)
        out.append("        (" + ", ".join(literal(v) for v in args + (reference(name_in_scipy, args),)) + "),")
    out.append("    ]")
    return "\n".join(out)


def log_uniform(low, high, n):
    return list(np.exp(rng.uniform(np.log(low), np.log(high), n)))


def symmetric(xs):
    return xs + [-x for x in xs]


def unary(name, xs, doc, swift_name=None):
    return table(swift_name or name, ["x", "want"], name, [(x,) for x in xs], doc)


sections = [
    unary("erfcx", SPECIAL + [-26.6, -27.0, -26.0, 26.0, 1e5, 1e300, 1.7e308, -1.4e154, -1e300]
          + list(rng.uniform(-26, 30, 12)) + log_uniform(1e-300, 1e200, 8), "erfcx(x)."),
    unary("erfinv", SPECIAL + [1.0, -1.0, 1.5, -1.5, 1e-300, 1 - 2 ** -53, -(1 - 2 ** -53), 0.5, -0.5]
          + list(rng.uniform(-1, 1, 12)) + symmetric(log_uniform(1e-20, 1e-2, 4)), "erf⁻¹(p)."),
    unary("erfcinv", SPECIAL + [1.0, 2.0, -0.1, 2.1, 5e-324, 1e-300, 2 - 2 ** -52, 1 - 2 ** -53]
          + list(rng.uniform(0, 2, 12)) + log_uniform(1e-300, 1e-2, 8), "erfc⁻¹(q)."),
    unary("log_ndtr", SPECIAL + [-1e5, -1e3, -38.5, 8.0, 20.0, 38.0, 40.0]
          + list(rng.uniform(-40, 10, 12)) + symmetric(log_uniform(1e-20, 1, 4)), "log Φ(x).", "logNdtr"),
    unary("ndtri", SPECIAL + [1.0, -0.1, 1.1, 0.5, 5e-324, 1e-300, 1 - 2 ** -53, 2 ** -53]
          + list(rng.uniform(0, 1, 12)) + log_uniform(1e-300, 1e-2, 8), "Φ⁻¹(p)."),
]
bessel_x = (SPECIAL + [30.0, -30.0, 30.000000000000004, 700.0, -700.0, 713.0, -713.0, 714.0, -714.0, 1e-300]
            + list(rng.uniform(-40, 40, 10)) + symmetric(log_uniform(1e-8, 700, 5)))
scaled_x = SPECIAL + [30.0, -30.0, 1e-300, 1e300, -1e300] + list(rng.uniform(-40, 40, 10)) + symmetric(log_uniform(1e-8, 1e8, 6))
sections += [
    unary("i0", bessel_x, "I₀(x)."),
    unary("i1", bessel_x, "I₁(x)."),
    unary("i0e", scaled_x, "e^(-|x|) I₀(x)."),
    unary("i1e", scaled_x, "e^(-|x|) I₁(x)."),
    unary("xlogx", SPECIAL + [-1.0, 1.0, 5e-324, 1e-300, 1e300, np.e] + log_uniform(1e-200, 1e200, 8), "x log x."),
]

poly_rows = []
for n in [0, 1, 2, 3, 4, 7, 10, 20, 50]:
    xs = list(rng.uniform(-10, 0, 2)) + list(rng.uniform(0, 5, 2)) + log_uniform(5, 1e6, 2) + [1e-8]
    poly_rows += [(n, x) for x in xs]
poly_rows += [(2, 0.0), (3, 0.0), (2, -0.0), (1, np.inf), (2, np.inf), (0, np.nan), (2, -np.inf), (np.nan, 1.0),
              (1.5, 2.0), (-1.0, 2.0), (100.0, 50.0), (150.0, 100.0), (3, -2.5), (4, -7.25),
              # Next to the poles, from either side (trigamma's reflection once lost these digits).
              (1, -1 - 1e-10), (1, -1 + 1e-10), (1, -2.0000000000000004), (1, -1e-300), (1, -0.9999999999999999),
              (2, -1 - 1e-10), (3, -3 + 1e-9), (0, -2.0000000000000004)]
sections.append(table("polygamma", ["n", "x", "want"], "polygamma", poly_rows,
                      "ψ⁽ⁿ⁾(x) (NaN for negative or non-integer n)."))

beta_rows = [tuple(log_uniform(1e-10, 1e10, 2)) for _ in range(16)]
beta_rows += [(1.0, 1.0), (0.5, 0.5), (1e-300, 1.0), (1e300, 1e300), (5.0, 1e15), (np.nan, 1.0), (1.0, np.inf),
              (0.0, 1.0), (-0.5, 1.0), (-1.5, 0.7), (-2.5, 2.5), (-1.0, 0.5), (-2.3, -4.6), (12.5, -3.25)]
sections.append(table("betaln", ["a", "b", "want"], "betaln", beta_rows, "log|B(a, b)|."))

xlogy_rows = [(0.0, np.nan), (0.0, 0.0), (0.0, -1.0), (0.0, np.inf), (-0.0, 2.0), (1.0, -1.0), (np.nan, 0.0),
              (np.inf, 0.0), (2.0, 0.0), (-3.0, 0.0), (1.0, np.inf), (2.5, 1e-300), (1e-300, 1e300), (-4.0, 3.0),
              (7.0, 1.0)]
xlogy_rows += list(zip(rng.uniform(-5, 5, 10), log_uniform(1e-100, 1e100, 10)))
sections.append(table("xlogy0", ["x", "y", "want"], "xlogy0", xlogy_rows, "x log y, 0 at x = 0 unless y is NaN."))

print(f"""// SpecialOpsReference.swift — reference values of the special-function scalar ops.
// Generated by scripts/reference/special_ops_reference.py: finite values from mpmath {mp.__version__} at 60
// digits, non-finite ones SciPy {scipy.__version__}'s. Not produced by this library.
// Where these values differ from SciPy's (by more than 1e-13 relative, or by choice):""")
for line in differences:
    print(f"//   {line}")
print("\nenum SpecialOpsReference {")
print("\n\n".join(sections))
print("}")
