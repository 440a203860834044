# Generates Tests/SpecialFunctionsTests/VectorMathReference.swift: exp, expm1, log, log1p (and
# sigmoid, softplus, log1mexp) at random arguments over each function's whole domain plus
# hand-picked hard spots, from mpmath at 60 digits. Each row is (x, hi, frac): hi is the exact
# value correctly rounded to double, frac = (exact - hi) / ulp in [-1/2, 1/2], the ulp being
# the spacing of doubles at the exact value (2^-1074 below the normal range), so a test can
# measure errors in fractions of an ulp, subnormal results included.
# Run: python3 scripts/reference/vector_math_reference.py > Tests/SpecialFunctionsTests/VectorMathReference.swift
# (needs mpmath; seeded, so the output is reproducible).
import math
import random
import struct

import mpmath as mp

mp.mp.dps = 60
random.seed(31415)


def from_bits(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def to_bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def round_double(v):
    """v correctly rounded to a double (to nearest), with subnormals and overflow."""
    if v == 0:
        return 0.0
    a = abs(v)
    if a >= mp.mpf(2) ** 1024 * (1 - mp.mpf(2) ** -54):
        return math.copysign(math.inf, v)
    if a < mp.mpf(2) ** -1022:
        return float(mp.ldexp(mp.nint(mp.ldexp(v, 1074)), -1074))
    e = int(mp.floor(mp.log(a, 2)))
    # Guard against log2 rounding at exact powers of two.
    if mp.ldexp(1, e) > a:
        e -= 1
    elif mp.ldexp(1, e + 1) <= a:
        e += 1
    r = mp.ldexp(mp.nint(mp.ldexp(v, 52 - e)), e - 52)
    if abs(r) >= mp.mpf(2) ** 1024:
        return math.copysign(math.inf, v)
    return float(r)


def ulp_of(v):
    """Spacing of doubles at the exact value v (as VectorMathTests.swift computes it from hi)."""
    a = abs(v)
    if a < mp.mpf(2) ** -1022:
        return mp.mpf(2) ** -1074
    e = int(mp.floor(mp.log(a, 2)))
    if mp.ldexp(1, e) > a:
        e -= 1
    elif mp.ldexp(1, e + 1) <= a:
        e += 1
    return mp.ldexp(1, e - 52)


def lu(lo, hi):
    return math.exp(random.uniform(math.log(lo), math.log(hi)))


def pm(x):
    return random.choice([-1.0, 1.0]) * x


def bits_between(lo, hi):
    return from_bits(random.randrange(to_bits(lo), to_bits(hi)))


def around(x, ulps=3):
    """x and its neighbours up to `ulps` doubles away."""
    out, b = [], to_bits(x)
    for d in range(-ulps, ulps + 1):
        out.append(from_bits(b + d) if x > 0 else -from_bits(to_bits(-x) + d))
    return out


LN2 = math.log(2)
SQRT2_CUT = float.fromhex("0x1.6a09ep0")  # where the log reduction switches exponent

exp_points = (
    [random.uniform(-1, 1) for _ in range(250)]
    + [random.uniform(-746, 710) for _ in range(300)]
    + [random.uniform(709, 709.79) for _ in range(80)]
    + [random.uniform(-745.2, -708.4) for _ in range(200)]
    + [pm(lu(1e-300, 1e-3)) for _ in range(80)]
    # Half-way points of the reduction, where k changes: |r| reaches ln2/2.
    + [(j + 0.5) * LN2 * (1 + random.uniform(-1e-15, 1e-15)) for j in random.sample(range(-1070, 1020), 80)]
    + around(709.782712893384) + around(-745.1332191019411) + around(-708.3964185322641)
    + [1.0, -1.0, 0.5, 2.0, 10.0, -10.0, 100.0, -100.0, 700.0, -700.0, 5e-324, -5e-324, 1e-20, -1e-20]
)
expm1_points = (
    [random.uniform(-1, 1) for _ in range(250)]
    + [random.uniform(-0.35, 0.35) for _ in range(150)]
    + [pm(lu(1e-300, 1e-2)) for _ in range(120)]
    + [random.uniform(-40, 50) for _ in range(200)]
    + [random.uniform(0.33, 0.5) for _ in range(100)]  # k = 1, r near -ln2/2: the worst case
    + [random.uniform(705, 709.78) for _ in range(60)]
    + [random.uniform(38, 45) for _ in range(60)]  # the 2^60 split
    + [(j + 0.5) * LN2 * (1 + random.uniform(-1e-15, 1e-15)) for j in range(-56, 64)]
    + around(709.782712893384) + around(-37.42994775023705) + around(-36.7368005696771)
    + [1.0, -1.0, 1e-10, -1e-10, 1e-300, -1e-300, 5e-324, -5e-324, 0.5, -0.5, 40.0, -40.0, -45.0, -700.0]
)
log_points = (
    [random.uniform(0.5, 2) for _ in range(250)]
    + [1 + random.uniform(-1e-3, 1e-3) for _ in range(100)]
    + [1 + pm(lu(1e-16, 1e-6)) for _ in range(60)]
    + [bits_between(2.2250738585072014e-308, 1.7976931348623157e308) for _ in range(300)]
    + [bits_between(5e-324, 2.2250738585072014e-308) for _ in range(120)]
    + [lu(1e-10, 1e10) for _ in range(100)]
    + [math.ldexp(SQRT2_CUT, e) * (1 + random.uniform(-1e-15, 1e-15)) for e in random.sample(range(-1070, 1020), 60)]
    + [x for e in (-1074, -1073, -1030, -1022, -1021, -1, 0, 1, 2, 100, 1023) for x in around(math.ldexp(1, e), 1) if x > 0]
    + [1.7976931348623157e308, 2.2250738585072014e-308, 2.225073858507201e-308, 5e-324, math.e, 10.0, 0.1]
)
log1p_points = (
    [random.uniform(-0.5, 1) for _ in range(250)]
    + [random.uniform(-1, -0.5) for _ in range(120)]
    + [pm(lu(1e-300, 1e-3)) for _ in range(150)]
    + [pm(lu(1e-20, 1e-12)) for _ in range(80)]
    + [lu(1, 1e300) for _ in range(120)]
    + [bits_between(5e-324, 1.7976931348623157e308) for _ in range(200)]
    + [-1 + math.ldexp(1, -random.randrange(1, 53)) for _ in range(40)]
    + [SQRT2_CUT * (1 + random.uniform(-1e-15, 1e-15)) - 1 for _ in range(30)]
    + [SQRT2_CUT / 2 * (1 + random.uniform(-1e-15, 1e-15)) - 1 for _ in range(30)]
    + around(2 ** -53) + around(-(2 ** -53)) + around(2 ** -52) + around(-(2 ** -54))
    + [1.0, 2.0, -0.5, 0.5, 1e-300, -1e-300, 5e-324, -5e-324, 1.7976931348623157e308, 9007199254740992.0]
)
sigmoid_points = [random.uniform(-40, 40) for _ in range(250)] + [random.uniform(-745, -30) for _ in range(80)] \
    + [pm(lu(1e-300, 1)) for _ in range(40)] + [-37.0, -18.0, 0.0, 18.0, 36.0, 37.0, -744.0, 700.0]
softplus_points = [random.uniform(-40, 40) for _ in range(250)] + [random.uniform(-745, -30) for _ in range(80)] \
    + [random.uniform(16, 36) for _ in range(60)] + around(-37.0, 2) + around(18.0, 2) + around(33.3, 2) \
    + [pm(lu(1e-300, 1)) for _ in range(40)]
log1mexp_points = [-random.uniform(1e-3, 3) for _ in range(250)] + [-lu(1e-300, 1e-2) for _ in range(80)] \
    + [random.uniform(-745, -3) for _ in range(80)] + around(-LN2, 3) + [-5e-324, -1e-300, -40.0, -745.0]

def swift(x):
    return repr(x) if math.isfinite(x) else ("-.infinity" if x < 0 else ".infinity")


FUNCTIONS = [
    ("exp", mp.exp, exp_points),
    ("expm1", mp.expm1, expm1_points),
    ("log", mp.log, log_points),
    ("log1p", mp.log1p, log1p_points),
    ("sigmoid", lambda x: 1 / (1 + mp.exp(-x)), sigmoid_points),
    ("softplus", lambda x: mp.log1p(mp.exp(x)), softplus_points),
    # log(-expm1(x)) loses the digits of 1 - e^x when e^x is below 10^-60; log1p(-e^x) keeps them.
    ("log1mexp", lambda x: mp.log(-mp.expm1(x)) if x > -1 else mp.log1p(-mp.exp(x)), log1mexp_points),
]

print("""// VectorMathReference.swift — reference values of exp, expm1, log, log1p, sigmoid, softplus and
// log1mexp computed with mpmath 1.3 at 60 digits by scripts/reference/vector_math_reference.py:
// random arguments over each function's whole domain plus hard spots (reduction boundaries,
// overflow and underflow thresholds, subnormals, powers of two). Not produced by this library.
// Each row is x, hi, frac: hi is the exact value correctly rounded, frac = (exact - hi) / ulp in
// [-1/2, 1/2] with ulp the spacing of doubles at the exact value (2^-1074 for subnormals), so
// that errors can be measured in fractions of an ulp.

enum VectorMathReference {""")
for name, f, points in FUNCTIONS:
    print(f"    static let {name}: [Double] = [")
    seen = set()
    for x in points:
        if x in seen or math.isnan(x) or math.isinf(x):
            continue
        seen.add(x)
        v = f(mp.mpf(x))
        hi = round_double(v)
        frac = 0.0 if math.isinf(hi) else float((v - mp.mpf(hi)) / ulp_of(v))
        print(f"        {x!r}, {swift(hi)}, {frac!r},")
    print("    ]")
print("}")
