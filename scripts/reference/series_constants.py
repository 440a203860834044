# Constants of SpecialFunctions' series, computed with mpmath 1.3 at 40 digits and printed as the
# nearest doubles (repr): run python3 scripts/reference/series_constants.py and paste the blocks.
#   logGamma1p:  (zeta(k) - 1) / k, k = 2...31, for G(x) = sum_k (-1)^k (zeta(k) - 1)/k x^k
#   bgrat:       B_2k / (2k (2k)!), k = 1...30, the Maclaurin coefficients of log(sinh(v/2)/(v/2)) in v^2
#   stirling:    B_2k / (2k (2k - 1)), k = 1...7, Stirling's series of log Gamma
import mpmath as mp

mp.mp.dps = 40


def block(name, values, per_line=3):
    print(f"// {name}")
    for i in range(0, len(values), per_line):
        print("    " + ", ".join(repr(float(v)) for v in values[i:i + per_line]) + ",")


block("(zeta(k) - 1) / k, k = 2...31", [(mp.zeta(k) - 1) / k for k in range(2, 32)])
block("B_2k / (2k (2k)!), k = 1...30", [mp.bernoulli(2 * k) / (2 * k * mp.factorial(2 * k)) for k in range(1, 31)])
block("B_2k / (2k (2k - 1)), k = 1...7", [mp.bernoulli(2 * k) / (2 * k * (2 * k - 1)) for k in range(1, 8)])
block("B_2k / (2k)!, k = 1...12 (polygamma)", [mp.bernoulli(2 * k) / mp.factorial(2 * k) for k in range(1, 13)])
