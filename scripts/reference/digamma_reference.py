# Generates Tests/SpecialFunctionsTests/DigammaReference.swift: digamma at many points, from mpmath (60 digits).
# Run: python3 scripts/reference/digamma_reference.py > Tests/SpecialFunctionsTests/DigammaReference.swift
# (needs mpmath; the random points are seeded, so the output is reproducible).
import mpmath as mp, random, math
mp.mp.dps = 60
pos = float(mp.findroot(mp.digamma, 1.46)); neg = float(mp.findroot(mp.digamma, -0.504))
random.seed(12345)
def near(r):
    pts = [r, math.nextafter(r, 2), math.nextafter(r, -2)]
    for d in [1e-15, 1e-14, 1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-3, 1e-2, 3e-2, 0.1, 0.2, 0.29, 0.31, 0.4]:
        pts += [r + d, r - d]
    pts += [r + random.uniform(-0.3, 0.3) for _ in range(20)]
    return pts
positive = [10.0 ** random.uniform(-8, 300) for _ in range(30)] + [random.uniform(0, 12) for _ in range(40)] + [1e-300, 1e-308, 9.999999999999998, 10.0, 1.0, 2.0, 0.5, 3.0, 1e-3, 4.9]
negative = [random.uniform(-30, 0) for _ in range(50)] + [-0.5, -1.5, -2.5, -1e-6, -1e-12, -0.999999, -1.000001, -9.5, -123.25, -1e6 - 0.5, -2.0**52 + 0.5]
negative = [x for x in negative if x != round(x) and abs(x - neg) > 0.3]
def rows(name, xs, doc):
    out = [f"    /// {doc}", f"    static let {name}: [(x: Double, psi: Double)] = ["]
    for x in xs:
        out.append(f"        ({x!r}, {mp.nstr(mp.digamma(mp.mpf(x)), 20)}),")
    out.append("    ]")
    return "\n".join(out)
print("""// DigammaReference.swift — reference values of the digamma function, computed with
// mpmath 1.3 (mp.digamma at 60 significant digits, printed to 20) by
// scripts/reference/digamma_reference.py. Not produced by this library.

enum DigammaReference {""")
print(rows("nearPositiveRoot", near(pos), "Points within 0.4 of the positive root 1.4616321449683623."))
print(rows("nearNegativeRoot", near(neg), "Points within 0.4 of the root -0.5040830082644554 in (-1, 0)."))
print(rows("positive", positive, "Positive arguments from 5e-324 to 1e300."))
print(rows("negative", negative, "Negative non-integers, away from the root in (-1, 0)."))
print("}")
