# Measures the error in ulps of the vectorizable exp/expm1/log/log1p (and the logistic-family
# functions built on them) against mpmath at 60 digits, on many random arguments over each
# function's whole domain. Evaluates through the VectorMathBenchmark executable's `eval` mode.
#
# Run: swift build -c release --product VectorMathBenchmark
#      python3 scripts/reference/vector_math_check.py [points per region] [function ...]
# (seeded, reproducible). Prints, per function and region, the maximum error in ulps of the
# correctly rounded result (ulp = spacing of doubles at the exact value, 2^-1074 for
# subnormals), the argument where it occurs, and the mean error.
import math
import os
import random
import struct
import subprocess
import sys

import mpmath as mp

mp.mp.dps = 60
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def from_bits(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def evaluate(function, xs, binary):
    data = "".join(f"{bits(x):x}\n" for x in xs)
    out = subprocess.run([binary, "eval", function], input=data, capture_output=True, text=True, check=True).stdout
    return [from_bits(int(line, 16)) for line in out.split()]


def ulp_of(v):
    """Spacing of doubles at the exact (mpmath) value v."""
    a = abs(v)
    if a < mp.ldexp(1, -1022):
        return mp.ldexp(1, -1074)
    return mp.ldexp(1, int(mp.floor(mp.log(a, 2))) - 52)


def error_ulps(got, exact):
    if math.isinf(got) or math.isnan(got):
        # Exact value beyond the largest double: inf is the correctly rounded overflow.
        if math.isinf(got) and abs(exact) >= mp.mpf(2) ** 1024 * (1 - mp.mpf(2) ** -54) and (got > 0) == (exact > 0):
            return 0.0
        return math.inf
    return float(abs(mp.mpf(got) - exact) / ulp_of(exact))


def log_uniform(lo, hi):
    return math.exp(random.uniform(math.log(lo), math.log(hi)))


def random_double_bits(lo_bits, hi_bits):
    return from_bits(random.randrange(lo_bits, hi_bits))


# (region name, sampler, exact function) per function.
FUNCTIONS = {
    "exp": (mp.exp, [
        ("[-1, 1]", lambda: random.uniform(-1, 1)),
        ("[-50, 50]", lambda: random.uniform(-50, 50)),
        ("[-746, 710] (whole range)", lambda: random.uniform(-746, 710)),
        ("near overflow [709, 709.79]", lambda: random.uniform(709, 709.79)),
        ("subnormal results [-745.2, -708]", lambda: random.uniform(-745.2, -708)),
        ("|x| in [1e-300, 1e-3]", lambda: random.choice([-1, 1]) * log_uniform(1e-300, 1e-3)),
    ]),
    "expm1": (mp.expm1, [
        ("[-1, 1]", lambda: random.uniform(-1, 1)),
        ("[-0.36, 0.36] (k = 0)", lambda: random.uniform(-0.36, 0.36)),
        ("|x| in [1e-300, 1e-2]", lambda: random.choice([-1, 1]) * log_uniform(1e-300, 1e-2)),
        ("[-40, 50]", lambda: random.uniform(-40, 50)),
        ("[-1, 3] dense", lambda: random.uniform(-1, 3)),
        ("near overflow [705, 709.78]", lambda: random.uniform(705, 709.78)),
        ("[30, 45] (scale split at 2^60)", lambda: random.uniform(30, 45)),
    ]),
    "log": (mp.log, [
        ("[0.5, 2]", lambda: random.uniform(0.5, 2)),
        ("near 1 [1 - 1e-3, 1 + 1e-3]", lambda: 1 + random.uniform(-1e-3, 1e-3)),
        ("positive normals (uniform bits)", lambda: random_double_bits(0x0010000000000000, 0x7ff0000000000000)),
        ("subnormals", lambda: random_double_bits(1, 0x0010000000000000)),
        ("[1e-10, 1e10] log-uniform", lambda: log_uniform(1e-10, 1e10)),
    ]),
    "log1p": (mp.log1p, [
        ("[-0.5, 1]", lambda: random.uniform(-0.5, 1)),
        ("(-1, -0.5]", lambda: random.uniform(-1, -0.5)),
        ("|x| in [1e-300, 1e-3]", lambda: random.choice([-1, 1]) * log_uniform(1e-300, 1e-3)),
        ("|x| in [1e-20, 1e-12]", lambda: random.choice([-1, 1]) * log_uniform(1e-20, 1e-12)),
        ("[1, 1e300] log-uniform", lambda: log_uniform(1, 1e300)),
        ("x > 0 (uniform bits)", lambda: random_double_bits(1, 0x7ff0000000000000)),
    ]),
    "sigmoid": (lambda x: 1 / (1 + mp.exp(-x)), [
        ("[-40, 40]", lambda: random.uniform(-40, 40)),
        ("[-745, -30]", lambda: random.uniform(-745, -30)),
    ]),
    "softplus": (lambda x: mp.log1p(mp.exp(x)), [
        ("[-40, 40]", lambda: random.uniform(-40, 40)),
        ("[-745, -30]", lambda: random.uniform(-745, -30)),
        ("[16, 36]", lambda: random.uniform(16, 36)),
    ]),
    # log(-expm1(x)) loses the digits of 1 - e^x when e^x is below 10^-60; log1p(-e^x) keeps them.
    "log1mexp": (lambda x: mp.log(-mp.expm1(x)) if x > -1 else mp.log1p(-mp.exp(x)), [
        ("[-3, 0)", lambda: -random.uniform(1e-300, 3)),
        ("-|x| in [1e-300, 1e-2]", lambda: -log_uniform(1e-300, 1e-2)),
        ("[-745, -3]", lambda: random.uniform(-745, -3)),
        ("[-36, -3]", lambda: random.uniform(-36, -3)),
        ("[-40, -30] (the switch at -35)", lambda: random.uniform(-40, -30)),
        ("[-0.8, -0.6] (around -ln 2)", lambda: random.uniform(-0.8, -0.6)),
        ("[-800, -700] (subnormal results)", lambda: random.uniform(-800, -700)),
    ]),
}


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    chosen = sys.argv[2:] or list(FUNCTIONS)
    binary = os.environ.get("VECTORMATH_BIN") or os.path.join(ROOT, ".build", "release", "VectorMathBenchmark")
    random.seed(20240607)
    for name in chosen:
        exact_f, regions = FUNCTIONS[name]
        overall = (0.0, None)
        for region, sample in regions:
            xs = [sample() for _ in range(count)]
            got = evaluate(name, xs, binary)
            exact = [exact_f(mp.mpf(x)) for x in xs]
            errors = [error_ulps(g, v) for g, v in zip(got, exact)]
            worst = max(range(len(xs)), key=lambda i: errors[i])
            mean = sum(errors) / len(errors)
            line = f"{name:9s} {region:34s} max {errors[worst]:.4f} ulp at x = {xs[worst]!r}, mean {mean:.4f}"
            if name in ("sigmoid", "softplus", "log1mexp"):
                # The previous formulation over the C library, for comparison.
                old = [error_ulps(g, v) for g, v in zip(evaluate("libm-" + name, xs, binary), exact)]
                line += f"; previous (libm) max {max(old):.4f}, mean {sum(old) / len(old):.4f}"
            print(line)
            if errors[worst] > overall[0]:
                overall = (errors[worst], xs[worst])
        print(f"{name:9s} {'OVERALL':34s} max {overall[0]:.4f} ulp at x = {overall[1]!r}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
