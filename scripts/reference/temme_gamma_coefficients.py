# Coefficients of Temme's uniform asymptotic expansion of the incomplete gamma ratios (SpecialFunctions/
# IncompleteGamma+Temme.swift), computed exactly in rational arithmetic and printed as the nearest doubles.
#
#   Q(a, x) = erfc(η √(a/2)) / 2 + e^(-aη²/2) / √(2πa) Σ_k C_k(η) a^-k,   λ = x/a,
#   η²/2 = λ - 1 - log λ (η with the sign of λ - 1),
#   C_0(η) = 1/(λ - 1) - 1/η,  C_k(η) = C_{k-1}'(η)/η + (-1)^k g_k / (λ - 1)   (DLMF 8.12.9-10),
#
# with g_k the coefficients of Stirling's series Γ(z) ~ √(2π/z) (z/e)^z Σ g_k z^-k. λ - 1 is first
# found as a power series in η by reverting η²/2 = μ - log(1 + μ); every C_k is then a power series in
# η (the poles at η = 0 cancel, which the script asserts). Prints row k with 24 - 2k coefficients
# (enough for |η| <= 0.5, where the series' terms fall by at least 0.5/(2√π) per degree).
# Run: python3 scripts/reference/temme_gamma_coefficients.py
from fractions import Fraction as F
import math


def bernoulli(n):
    b = [F(0)] * (n + 1)
    b[0] = F(1)
    for m in range(1, n + 1):
        b[m] = -sum(math.comb(m + 1, k) * b[k] for k in range(m)) / F(m + 1)
    return b


def mul(a, b, n):
    c = [F(0)] * n
    for i, x in enumerate(a[:n]):
        if x:
            for j, y in enumerate(b[:n - i]):
                c[i + j] += x * y
    return c


def reciprocal(a, n):
    b = [F(0)] * n
    b[0] = 1 / a[0]
    for m in range(1, n):
        b[m] = -sum(a[k] * b[m - k] for k in range(1, min(m, len(a) - 1) + 1)) / a[0]
    return b


def stirling_g(count):
    """g_0...g_{count-1}: exp of Σ_k B_2k / (2k(2k-1)) t^(2k-1)."""
    b = bernoulli(2 * count + 2)
    m = [F(0)] * count
    for k in range(1, count):
        if 2 * k - 1 < count:
            m[2 * k - 1] = b[2 * k] / (2 * k * (2 * k - 1))
    g = [F(0)] * count
    g[0] = F(1)
    for n in range(1, count):  # g' = m' g
        g[n] = sum(k * m[k] * g[n - k] for k in range(1, n + 1)) / n
    return g


def mu_of_eta(n):
    """μ = λ - 1 as a power series in η, from η²/2 = Σ_{k>=2} (-1)^k μ^k / k."""
    mu = [F(0)] * (n + 2)
    mu[1] = F(1)
    for m in range(2, n + 2):
        size = m + 2
        s = [F(0)] * size
        p = (mu[:size] + [F(0)] * size)[:size]
        power = p
        for k in range(2, size + 1):
            power = mul(power, p, size)  # μ^k
            for i in range(size):
                s[i] += F((-1) ** k, k) * power[i]
        # The coefficient of η^(m+1) depends on mu[m] through 2 · μ₁ μ_m / 2; it must vanish.
        mu[m] = -s[m + 1]
    return mu[:n + 1]


def coefficients(k_max, degree):
    n = degree + k_max + 3
    mu = mu_of_eta(n + 1)
    over = reciprocal(mu[1:], n)  # η / μ
    c0 = [over[i + 1] for i in range(n - 1)]  # (η/μ - 1) / η = 1/μ - 1/η
    g = stirling_g(k_max + 2)
    rows = [c0]
    for k in range(1, k_max + 1):
        prev = rows[-1]
        d = [(i + 1) * prev[i + 1] for i in range(len(prev) - 1)]
        s = (-1) ** k * g[k]
        assert d[0] + s == 0, "the 1/η terms must cancel"
        rows.append([d[i + 1] + s * c0[i] for i in range(len(d) - 1)])
    return rows, mu, g


if __name__ == "__main__":
    rows, mu, g = coefficients(9, 24)
    assert [str(v) for v in mu[:9]] == ['0', '1', '1/3', '1/36', '-1/270', '1/4320', '1/17010', '-139/5443200',
                                         '1/204120'], "DLMF 8.12.14"
    print("    // C_k(η) = Σ_n d[k][n] ηⁿ, k = 0...9")
    for k, row in enumerate(rows):
        values = [float(v) for v in row[:24 - 2 * k]]
        print("        [" + ", ".join(repr(v) for v in values) + "],")
