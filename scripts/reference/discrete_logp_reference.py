# Generates Tests/LogProbTests/DiscreteLogpReference.swift: log-mass, log-CDF and quantiles of the discrete
# distributions. Every value comes from mpmath at 60 digits (closed forms; CDFs as sums of masses over the tail
# on the value's side of the mode) and is compared here against scipy.stats (logpmf, logcdf, ppf) wherever SciPy
# has the distribution: the script stops if the two disagree by more than 1e-9 relative, except on rows where
# SciPy is known to differ, which it lists on stderr (its gammaln form of the binomial coefficient at huge n,
# CDFs that underflow before their logarithm, hypergeom.cdf between integers, geom.ppf at p = 1). Run:
#   python3 scripts/reference/discrete_logp_reference.py > Tests/LogProbTests/DiscreteLogpReference.swift
import sys
import warnings
import math
import mpmath as mp
import numpy as np
from scipy import stats
from swift_table import table, header

mp.mp.dps = 60
warnings.simplefilter("ignore", RuntimeWarning)  # SciPy's log(0) on the way to its -inf rows
NINF = -mp.inf


def log(v):
    return NINF if v == 0 else mp.log(v)


def is_whole(x):
    return float(x) == math.floor(float(x))


def agree(want, got, what, loose=False):
    """SciPy's value `got` against the mpmath one."""
    got = float(got)
    if want == NINF or (want != 0 and mp.isinf(want)):
        ok = got == float(want)
    else:
        w = float(want)
        ok = math.isfinite(got) and abs(got - w) <= 1e-9 * max(1.0, abs(w))
    if not ok and got == -math.inf and want < CDF_FLOOR:
        loose = True  # SciPy's CDF underflowed before its logarithm was taken
    if not ok:
        msg = f"{what}: mpmath {mp.nstr(want, 17)} vs scipy {got!r}"
        if loose:
            print("// scipy differs (expected): " + msg, file=sys.stderr)
        else:
            raise SystemExit("disagreement: " + msg)


def log_choose(n, k):
    n, k = mp.mpf(n), mp.mpf(k)
    return mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1)


def xlogy(x, y):
    x, y = mp.mpf(x), mp.mpf(y)
    return mp.mpf(0) if x == 0 else (NINF if y == 0 else x * mp.log(y))


# Binomial(n, p)

def binom_logpmf(x, n, p):
    if not is_whole(x) or x < 0 or x > n:
        return NINF
    return log_choose(n, x) + xlogy(x, p) + xlogy(n - x, 1 - mp.mpf(p))


def binom_logcdf(x, n, p):
    return tail_logcdf(lambda k: binom_logpmf(k, n, p), x, 0, n, math.floor(n * p))


# Log-CDFs below this come from an incomplete gamma or beta function that underflows a double (as SciPy's
# do); the tables leave those rows out.
CDF_FLOOR = mp.log(mp.mpf("1e-300"))


def representable(logcdf):
    return logcdf == NINF or logcdf > CDF_FLOOR


def tail_logcdf(logpmf, x, lower, upper, mode):
    """log F(x) of a unimodal mass function by summing the tail on x's side of the mode: the masses
    x, x - 1, ... down to `lower` when x < mode, else log(1 - Σ_{k > x}) with the upper tail summed up to
    `upper` (None: unbounded). Terms fall monotonically away from the mode, so the sum stops once they are
    below 1e-60 of it."""
    x = math.floor(x)
    if x < lower:
        return NINF
    if upper is not None and x >= upper:
        return mp.mpf(0)
    total, k = mp.mpf(0), x if x < mode else x + 1
    step = -1 if x < mode else 1
    while (k >= lower) if step < 0 else (upper is None or k <= upper):
        term = mp.exp(logpmf(k))
        total += term
        if term < total * mp.mpf("1e-60") or (term == 0 and k != mode):
            break
        k += step
    return log(total) if step < 0 else mp.log1p(-total)


def count_points(n):
    pts = {-1.0, 0.0, 1.0, 2.5, float(n) - 1, float(n), float(n) + 1, float(math.floor(n / 3)), float(math.floor(n / 2))}
    return sorted(x for x in pts if x >= -1)


binom_params = [(10, 0.3), (0, 0.7), (1, 0.5), (20, 0.0), (20, 1.0), (1000, 1e-4), (1e6, 0.37), (1e9, 2e-9),
                (3e12, 1e-12)]
binom_logp, binom_cdf = [], []
for n, p in binom_params:
    pts = count_points(n) + ([0.0, 1.0, 2.0, 5.0, 12.0] if n >= 1e9 else [])
    for x in sorted(set(pts)):
        want = binom_logpmf(x, n, p)
        agree(want, stats.binom.logpmf(x, n, p), f"binom.logpmf({x}, {n}, {p})", loose=n >= 1e6)
        binom_logp.append((x, n, p, want))
        if n <= 1e6:
            want = binom_logcdf(x, n, p)
            if not representable(want):
                continue
            agree(want, stats.binom.logcdf(x, n, p), f"binom.logcdf({x}, {n}, {p})")
            binom_cdf.append((x, n, p, want))


# BetaBinomial(n, a, b)

def betabinom_logpmf(x, n, a, b):
    if not is_whole(x) or x < 0 or x > n:
        return NINF
    a, b = mp.mpf(a), mp.mpf(b)
    return log_choose(n, x) + mp.log(mp.beta(x + a, n - x + b)) - mp.log(mp.beta(a, b))


def betabinom_logcdf(x, n, a, b):
    x = math.floor(x)
    if x < 0:
        return NINF
    if x >= n:
        return mp.mpf(0)
    return mp.log(mp.fsum(mp.exp(betabinom_logpmf(k, n, a, b)) for k in range(0, x + 1)))  # not unimodal for a, b < 1


betabinom_params = [(10, 2.0, 3.0), (1, 0.5, 0.5), (0, 1.0, 1.0), (50, 0.01, 100.0), (1000, 1e3, 1e-2),
                    (200, 2.5, 4.0)]
betabinom_logp, betabinom_cdf = [], []
for n, a, b in betabinom_params:
    for x in count_points(n):
        want = betabinom_logpmf(x, n, a, b)
        agree(want, stats.betabinom.logpmf(x, n, a, b), f"betabinom.logpmf({x}, {n}, {a}, {b})")
        betabinom_logp.append((x, n, a, b, want))
        want = betabinom_logcdf(x, n, a, b)
        agree(want, stats.betabinom.logcdf(x, n, a, b), f"betabinom.logcdf({x}, {n}, {a}, {b})")
        betabinom_cdf.append((x, n, a, b, want))


# Poisson(mu)

def poisson_logpmf(x, mu):
    if not is_whole(x) or x < 0:
        return NINF
    return xlogy(x, mu) - mp.mpf(mu) - mp.loggamma(x + 1)


def poisson_logcdf(x, mu):
    return tail_logcdf(lambda k: poisson_logpmf(k, mu), x, 0, None, math.floor(mu))


poisson_logp, poisson_cdf = [], []
for mu in [0.0, 1e-10, 0.5, 3.0, 1e3, 1e6]:
    pts = sorted({-1.0, 0.0, 1.0, 2.5, 4.0, 20.0, math.floor(mu), math.floor(mu) + 7, math.floor(mu / 2), 2 * mu + 50})
    for x in pts:
        want = poisson_logpmf(x, mu)
        agree(want, stats.poisson.logpmf(x, mu), f"poisson.logpmf({x}, {mu})")
        poisson_logp.append((x, mu, want))
        want = poisson_logcdf(x, mu)
        if not representable(want):
            continue
        agree(want, stats.poisson.logcdf(x, mu), f"poisson.logcdf({x}, {mu})")
        poisson_cdf.append((x, mu, want))


# NegativeBinomial(n, p): failures before the n-th success

def nbinom_logpmf(x, n, p):
    if not is_whole(x) or x < 0:
        return NINF
    n = mp.mpf(n)
    coeff = mp.loggamma(x + n) - mp.loggamma(x + 1) - mp.loggamma(n)
    return coeff + xlogy(n, p) + xlogy(x, 1 - mp.mpf(p))


def nbinom_logcdf(x, n, p):
    if p == 1:
        return mp.mpf(0) if x >= 0 else NINF
    return tail_logcdf(lambda k: nbinom_logpmf(k, n, p), x, 0, None, math.floor(n * (1 - p) / p))


nbinom_logp, nbinom_cdf = [], []
for n, p in [(5.0, 0.3), (0.5, 0.9), (1e-3, 0.5), (3.0, 1.0), (2.5, 1e-3), (1e12, 1 - 1e-12), (1e15, 0.999)]:
    for x in [-1.0, 0.0, 1.0, 2.5, 3.0, 10.0, 100.0, 2000.0]:
        want = nbinom_logpmf(x, n, p)
        agree(want, stats.nbinom.logpmf(x, n, p), f"nbinom.logpmf({x}, {n}, {p})", loose=n >= 1e10)
        nbinom_logp.append((x, n, p, want))
        if n < 1e10:
            want = nbinom_logcdf(x, n, p)
            if not representable(want):
                continue
            agree(want, stats.nbinom.logcdf(x, n, p), f"nbinom.logcdf({x}, {n}, {p})")
            nbinom_cdf.append((x, n, p, want))


# Geometric(p): trials up to the first success, 1, 2, ...

def geom_logpmf(x, p):
    if not is_whole(x) or x < 1:
        return NINF
    return mp.log(p) + xlogy(x - 1, 1 - mp.mpf(p))


def geom_logcdf(x, p):
    x = math.floor(x)
    if x < 1:
        return NINF
    if p == 1:
        return mp.mpf(0)
    return log(-mp.expm1(x * mp.log1p(-mp.mpf(p))))


def geom_ppf(q, p):
    """The smallest x >= 1 with F(x) >= q; 0 at q = 0 (SciPy's convention), inf at q = 1 unless p = 1."""
    if q == 0:
        return mp.mpf(0)
    if p == 1:
        return mp.mpf(1)
    if q == 1:
        return mp.inf
    x = max(1, int(mp.ceil(mp.log1p(-mp.mpf(q)) / mp.log1p(-mp.mpf(p)))))
    while x > 1 and -mp.expm1((x - 1) * mp.log1p(-mp.mpf(p))) >= q:
        x -= 1
    while -mp.expm1(x * mp.log1p(-mp.mpf(p))) < q:
        x += 1
    return mp.mpf(x)


geom_logp, geom_cdf, geom_icdf = [], [], []
for p in [1.0, 0.5, 1e-3, 1e-12]:
    for x in [-1.0, 0.0, 1.0, 2.0, 2.5, 10.0, 1e6]:
        want = geom_logpmf(x, p)
        agree(want, stats.geom.logpmf(x, p), f"geom.logpmf({x}, {p})")
        geom_logp.append((x, p, want))
        want = geom_logcdf(x, p)
        agree(want, stats.geom.logcdf(x, p), f"geom.logcdf({x}, {p})")
        geom_cdf.append((x, p, want))
    for q in [0.0, 1e-9, 0.25, 0.5, 0.75, 0.99, 1.0]:
        want = geom_ppf(q, p)
        # SciPy's ppf at p = 1 computes ceil(log1p(-q) / -inf) = 0 for 0 < q < 1, below the support {1}.
        agree(want, stats.geom.ppf(q, p), f"geom.ppf({q}, {p})", loose=p == 1)
        geom_icdf.append((q, p, want))


# HyperGeometric(good, bad, nsample)

def hypergeom_logpmf(x, good, bad, n):
    lower, upper = max(0, n - bad), min(good, n)
    if not is_whole(x) or x < lower or x > upper:
        return NINF
    return log_choose(good, x) + log_choose(bad, n - x) - log_choose(good + bad, n)


def hypergeom_logcdf(x, good, bad, n):
    x = math.floor(x)
    lower, upper = max(0, n - bad), min(good, n)
    if x < lower:
        return NINF
    if x >= upper:
        return mp.mpf(0)
    return tail_logcdf(lambda k: hypergeom_logpmf(k, good, bad, n), x, lower, upper, math.floor(n * good / (good + bad)))


hypergeom_logp, hypergeom_cdf = [], []
for good, bad, n in [(5, 7, 4), (10, 0, 3), (0, 10, 3), (100, 200, 150), (6, 3, 8), (1000000, 2000000, 1000)]:
    lower, upper = max(0, n - bad), min(good, n)
    for x in sorted({-1.0, 0.0, 1.0, 2.5, lower - 1.0, float(lower), float(upper) - 1, float(upper),
                     upper + 1.0, math.floor((lower + upper) / 2)}):
        want = hypergeom_logpmf(x, good, bad, n)
        agree(want, stats.hypergeom.logpmf(x, good + bad, good, n), f"hypergeom.logpmf({x}, {good}, {bad}, {n})")
        hypergeom_logp.append((x, good, bad, n, want))
        want = hypergeom_logcdf(x, good, bad, n)
        # SciPy's hypergeom.cdf is NaN between integers (and its logcdf wrong there): whole x only.
        agree(want, stats.hypergeom.logcdf(x, good + bad, good, n), f"hypergeom.logcdf({x}, {good}, {bad}, {n})",
              loose=not is_whole(x))
        hypergeom_cdf.append((x, good, bad, n, want))


# DiscreteUniform(lower, upper), upper inclusive (scipy.stats.randint(lower, upper + 1))

def dunif_logpmf(x, lo, hi):
    if not is_whole(x) or x < lo or x > hi:
        return NINF
    return -mp.log(hi - lo + 1)


def dunif_logcdf(x, lo, hi):
    x = math.floor(x)
    if x < lo:
        return NINF
    if x >= hi:
        return mp.mpf(0)
    return mp.log(mp.mpf(x - lo + 1) / (hi - lo + 1))


def dunif_ppf(q, lo, hi):
    if q == 0:
        return mp.mpf(lo - 1)
    x = lo
    count = hi - lo + 1
    # The smallest x with (x - lo + 1) / count >= q, exactly in rationals.
    x = lo + int(mp.ceil(mp.mpf(q) * count)) - 1
    return mp.mpf(max(x, lo))


dunif_logp, dunif_cdf, dunif_icdf = [], [], []
for lo, hi in [(-3, 5), (0, 0), (10, 1000000), (-7, -2)]:
    for x in sorted({lo - 1.0, float(lo), lo + 0.5, lo + 1.0, float(hi) - 1, float(hi), hi + 1.0, hi + 0.5}):
        want = dunif_logpmf(x, lo, hi)
        agree(want, stats.randint.logpmf(x, lo, hi + 1), f"randint.logpmf({x}, {lo}, {hi + 1})")
        dunif_logp.append((x, lo, hi, want))
        want = dunif_logcdf(x, lo, hi)
        agree(want, stats.randint.logcdf(x, lo, hi + 1), f"randint.logcdf({x}, {lo}, {hi + 1})")
        dunif_cdf.append((x, lo, hi, want))
    for q in [0.0, 1e-9, 0.1, 0.25, 0.5, 0.8, 0.999999, 1.0]:
        want = dunif_ppf(q, lo, hi)
        agree(want, stats.randint.ppf(q, lo, hi + 1), f"randint.ppf({q}, {lo}, {hi + 1})")
        dunif_icdf.append((q, lo, hi, want))


# DiscreteWeibull(q, beta): P(X >= x) = q^(x^beta) (not in SciPy: mpmath only)

def dweibull_logpmf(x, q, beta):
    if not is_whole(x) or x < 0:
        return NINF
    q, beta = mp.mpf(q), mp.mpf(beta)
    return log(q ** (mp.mpf(x) ** beta) - q ** ((x + 1) ** beta))


def dweibull_logcdf(x, q, beta):
    x = math.floor(x)
    if x < 0:
        return NINF
    q, beta = mp.mpf(q), mp.mpf(beta)
    return log(-mp.expm1((x + 1) ** beta * mp.log(q)))


dweibull_logp, dweibull_cdf = [], []
for q, beta in [(0.5, 1.0), (0.9, 0.3), (0.1, 3.0), (0.999, 2.0), (1e-10, 0.5), (0.95, 1.5)]:
    for x in [-1.0, 0.0, 1.0, 2.5, 3.0, 10.0, 100.0]:
        dweibull_logp.append((x, q, beta, dweibull_logpmf(x, q, beta)))
        dweibull_cdf.append((x, q, beta, dweibull_logcdf(x, q, beta)))


# Ordered logistic / probit: log P(Y = k) with P(Y <= k) = F(c_k - eta) (mpmath; not in SciPy).
# Rows have three cutpoints (four categories).

def ordered_logp(k, eta, cuts, cdf):
    # The plain difference of CDFs at 1000 digits: probabilities near 1 differ from it by e^-702 at most
    # in these rows, far above 10^-1000.
    with mp.workdps(1000):
        edges = [NINF] + [mp.mpf(c) - mp.mpf(eta) for c in cuts] + [mp.inf]
        return +log(cdf(edges[k + 1]) - cdf(edges[k]))


def sigmoid(t):
    return mp.mpf(1) if t == mp.inf else (mp.mpf(0) if t == NINF else 1 / (1 + mp.exp(-t)))


ordered_rows = [(0.3, (-1.0, 0.5, 2.0)), (40.0, (-1.0, 0.5, 2.0)), (-40.0, (-1.0, 0.5, 2.0)),
                (0.0, (-1e-3, 0.0, 1e-3)), (5.0, (1.0, 1.0, 3.0)), (-700.0, (-2.0, 0.0, 2.0))]
logistic_logp, probit_logp = [], []
for eta, cuts in ordered_rows:
    for k in range(4):
        logistic_logp.append((k, eta, *cuts, ordered_logp(k, eta, cuts, sigmoid)))
for eta, cuts in ordered_rows[:4] + [(30.0, (-1.0, 0.5, 2.0)), (5.0, (1.0, 1.0, 3.0))]:
    for sigma in [1.0, 2.5]:
        for k in range(4):
            probit_logp.append((k, eta, *cuts, sigma, ordered_logp(k, eta, cuts, lambda t: mp.ncdf(t / sigma))))


print(header("DiscreteLogpReference.swift", "discrete_logp_reference.py",
             "log-mass, log-CDF and quantiles of the discrete distributions (mpmath, checked against scipy.stats)."))
print()
print("enum DiscreteReference {")
print(table("binomialLogp", ["x", "n", "p", "want"], binom_logp, "Binomial(n, p) log-mass: log C(n, x) + x log p + (n - x) log(1 - p)."))
print(table("binomialLogcdf", ["x", "n", "p", "want"], binom_cdf, "Binomial log-CDF: log I_{1-p}(n - x, x + 1)."))
print(table("betaBinomialLogp", ["x", "n", "a", "b", "want"], betabinom_logp,
            "BetaBinomial(n, a, b) log-mass: log C(n, x) + log B(x + a, n - x + b) - log B(a, b)."))
print(table("betaBinomialLogcdf", ["x", "n", "a", "b", "want"], betabinom_cdf, "BetaBinomial log-CDF (sum of masses)."))
print(table("poissonLogp", ["x", "mu", "want"], poisson_logp, "Poisson(mu) log-mass: x log mu - mu - log x!."))
print(table("poissonLogcdf", ["x", "mu", "want"], poisson_cdf, "Poisson log-CDF: log Q(x + 1, mu)."))
print(table("negativeBinomialLogp", ["x", "n", "p", "want"], nbinom_logp,
            "NegativeBinomial(n, p) log-mass: log Γ(x + n) - log Γ(x + 1) - log Γ(n) + n log p + x log(1 - p)."))
print(table("negativeBinomialLogcdf", ["x", "n", "p", "want"], nbinom_cdf, "NegativeBinomial log-CDF: log I_p(n, x + 1)."))
print(table("geometricLogp", ["x", "p", "want"], geom_logp, "Geometric(p) log-mass: log p + (x - 1) log(1 - p)."))
print(table("geometricLogcdf", ["x", "p", "want"], geom_cdf, "Geometric log-CDF: log(1 - (1 - p)^x)."))
print(table("geometricIcdf", ["q", "p", "want"], geom_icdf, "Geometric quantile: the smallest x >= 1 with F(x) >= q (0 at q = 0)."))
print(table("hypergeometricLogp", ["x", "good", "bad", "n", "want"], hypergeom_logp,
            "HyperGeometric(good, bad, n) log-mass: log C(good, x) + log C(bad, n - x) - log C(good + bad, n)."))
print(table("hypergeometricLogcdf", ["x", "good", "bad", "n", "want"], hypergeom_cdf, "HyperGeometric log-CDF (sum of masses)."))
print(table("discreteUniformLogp", ["x", "lower", "upper", "want"], dunif_logp, "DiscreteUniform(lower, upper) log-mass."))
print(table("discreteUniformLogcdf", ["x", "lower", "upper", "want"], dunif_cdf, "DiscreteUniform log-CDF."))
print(table("discreteUniformIcdf", ["q", "lower", "upper", "want"], dunif_icdf,
            "DiscreteUniform quantile (lower - 1 at q = 0, SciPy's convention)."))
print(table("discreteWeibullLogp", ["x", "q", "beta", "want"], dweibull_logp,
            "DiscreteWeibull(q, beta) log-mass: log(q^(x^beta) - q^((x+1)^beta))."))
print(table("discreteWeibullLogcdf", ["x", "q", "beta", "want"], dweibull_cdf, "DiscreteWeibull log-CDF: log(1 - q^((x+1)^beta))."))
print(table("orderedLogisticLogp", ["k", "eta", "c0", "c1", "c2", "want"], logistic_logp,
            "OrderedLogistic(eta, c) log P(Y = k) = log(σ(c_k - eta) - σ(c_{k-1} - eta))."))
print(table("orderedProbitLogp", ["k", "eta", "c0", "c1", "c2", "sigma", "want"], probit_logp,
            "OrderedProbit(eta, c, sigma) log P(Y = k) = log(Φ((c_k - eta)/σ) - Φ((c_{k-1} - eta)/σ))."))
print("}")
