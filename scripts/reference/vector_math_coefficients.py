# Minimax polynomial coefficients for Sources/SpecialFunctions/VectorMath.swift, by the Remez
# exchange algorithm in mpmath (80 digits), then rounded to double and re-checked.
# Run: python3 scripts/reference/vector_math_coefficients.py
#
# exp:  e^r = 1 + r + r^2/2 + r^3 Q(r) on |r| <= ln2/2 (plus a margin for the rounding of
#       k = round(x / ln 2)); Q approximates (e^r - 1 - r - r^2/2) / r^3 with minimal
#       relative error. The r^2/2 term is fixed, so the largest coefficient is exact.
# log:  log(1 + f) = 2 atanh(s), s = f / (2 + f), |s| <= (sqrt2 - 1)/(sqrt2 + 1);
#       2 atanh(s) = 2s + s z T(z) with z = s^2; T approximates (2 atanh(s) - 2s) / (s z)
#       = 2/3 + 2z/5 + 2z^2/7 + ... with minimal relative error on [0, z_max].
import mpmath as mp

mp.mp.dps = 80


def remez(h, a, b, degree, iterations=40, grid=4000):
    """Coefficients c[0..degree] of the polynomial P minimising max |P(x)/h(x) - 1| on [a, b]."""
    n = degree
    # Start from the Chebyshev extrema: close to optimal for smooth h.
    ref = [(a + b) / 2 - (b - a) / 2 * mp.cos(mp.pi * i / (n + 1)) for i in range(n + 2)]
    for _ in range(iterations):
        # Solve P(x_i) + (-1)^i E h(x_i) = h(x_i) for c and E (relative-error equioscillation).
        A = mp.matrix(n + 2, n + 2)
        rhs = mp.matrix(n + 2, 1)
        for i, x in enumerate(ref):
            for j in range(n + 1):
                A[i, j] = x ** j
            A[i, n + 1] = (-1) ** i * h(x)
            rhs[i] = h(x)
        sol = mp.lu_solve(A, rhs)
        c = [sol[j] for j in range(n + 1)]
        E = abs(sol[n + 1])
        err = lambda x: mp.polyval(c[::-1], x) / h(x) - 1
        # New reference: the extrema of the error between consecutive sign changes.
        xs = [a + (b - a) * i / grid for i in range(grid + 1)]
        es = [err(x) for x in xs]
        groups, current = [], [0]
        for i in range(1, len(xs)):
            if mp.sign(es[i]) == mp.sign(es[current[0]]) or es[i] == 0:
                current.append(i)
            else:
                groups.append(current)
                current = [i]
        groups.append(current)
        extrema = []
        for g in groups:
            i = max(g, key=lambda i: abs(es[i]))
            lo, hi = xs[max(i - 1, 0)], xs[min(i + 1, grid)]
            # Golden-section refinement of |err| on the bracketing cell.
            for _ in range(60):
                m1, m2 = lo + (hi - lo) * 0.382, lo + (hi - lo) * 0.618
                if abs(err(m1)) > abs(err(m2)):
                    hi = m2
                else:
                    lo = m1
            extrema.append((lo + hi) / 2)
        # Keep n + 2 alternating extrema with the largest errors.
        while len(extrema) > n + 2:
            if abs(err(extrema[0])) < abs(err(extrema[-1])):
                extrema.pop(0)
            else:
                extrema.pop()
        if len(extrema) < n + 2:
            break
        ref = extrema
        worst = max(abs(err(x)) for x in ref)
        if worst - E < E * mp.mpf("1e-12"):
            break
    return c, E


def report(name, h, a, b, c, E, scale_note):
    doubles = [float(x) for x in c]
    xs = [a + (b - a) * i / 20000 for i in range(20001)]
    rounded = max(abs(mp.polyval([mp.mpf(d) for d in doubles[::-1]], x) / h(x) - 1) for x in xs)
    print(f"// {name}: degree {len(c) - 1}, minimax relative error {mp.nstr(E, 5)} "
          f"(2^{mp.nstr(mp.log(E, 2), 4)}); with double coefficients {mp.nstr(rounded, 5)} "
          f"(2^{mp.nstr(mp.log(rounded, 2), 4)}); {scale_note}")
    for j, d in enumerate(doubles):
        print(f"//   c{j} = {d!r}  ({d.hex()})")


# exp: |r| <= ln2/2 (1 + 2^-40): k = round(x * (1/ln2)) may be one off the true nearest
# integer only when x / ln2 is within ~1e-13 of a half-integer.
a = mp.log(2) / 2 * (1 + mp.mpf(2) ** -40)
hexp = lambda r: (mp.exp(r) - 1 - r - r * r / 2) / r ** 3 if abs(r) > mp.mpf("1e-20") else mp.mpf(1) / 6 + r / 24
for degree in (8, 9, 10):
    c, E = remez(hexp, -a, a, degree)
    report("exp Q(r)", hexp, -a, a, c, E, f"its weight in e^r is |r^3 Q| <= {mp.nstr(a ** 3 / 6 * 1.1, 3)}")

# log: m in [0x3fe6a09e00000000, 0x3ff6a09e00000000) as doubles; s = (m-1)/(m+1).
mlo = mp.mpf(float.fromhex("0x1.6a09ep-1"))
mhi = mp.mpf(float.fromhex("0x1.6a09ep+0"))
smax = max(abs((mlo - 1) / (mlo + 1)), abs((mhi - 1) / (mhi + 1))) * (1 + mp.mpf(2) ** -30)
zmax = smax ** 2
def hlog(z):
    if z < mp.mpf("1e-30"):
        return mp.mpf(2) / 3 + 2 * z / 5
    s = mp.sqrt(z)
    return (2 * mp.atanh(s) - 2 * s) / (s * z)
for degree in (4, 5, 6):
    c, E = remez(hlog, mp.mpf(0), zmax, degree)
    report("log T(z)", hlog, mp.mpf(0), zmax, c, E, f"its weight in log(m) is s z T <= {mp.nstr(smax * zmax * 0.67, 3)}")
