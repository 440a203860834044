#!/usr/bin/env python3
"""check_random_core.py — tests RandomCore's samplers against SciPy where the CDF needs
special functions the Swift side does not have (incomplete gamma and beta, Bessel
functions, Owen's T) or where the discrete reference pmf needs Loader's saddle-point
accuracy (n, lambda up to 1e15).

Usage:
    python3 scripts/validation/check_random_core.py            # export with `swift test`, then check
    python3 scripts/validation/check_random_core.py --samples DIR   # check an existing export

The export is `swift test --filter RandomCoreTests.SciPyExportTests` with
RANDOMCORE_SAMPLE_DIR set: 10^5 float64 draws per case plus manifest.json. Continuous
cases get a Kolmogorov-Smirnov test (tie-aware, see ks_test), discrete ones a chi-square
test on bins of expected count >= 20 and on ~40 equal-mass bins. A case fails when its p-value
is below 1e-6; the exit status is 1 if any case fails.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy import special, stats

P_FAIL = 1e-6


def log_gamma_cdf(a):
    """CDF of log G, G ~ Gamma(a, 1): P(a, e^t); below e^t = 1e-300 the series
    P(a, x) = x^a / Gamma(a + 1) (1 + O(x)) is exact in double precision."""
    def cdf(t):
        t = np.asarray(t, dtype=float)
        out = np.empty_like(t)
        small = t < -690
        out[small] = np.exp(a * t[small] - special.gammaln(a + 1))
        out[~small] = special.gammainc(a, np.exp(t[~small]))
        return out
    return cdf


def logit_beta_cdf(a, b):
    """CDF of d = log(X / (1 - X)), X ~ Beta(a, b): I_x(a, b) at x = expit(d), through the
    complement I_{1-x}(b, a) for d > 0 and the leading term x^a / (a B(a, b)) where x
    underflows."""
    def cdf(d):
        d = np.asarray(d, dtype=float)
        out = np.empty_like(d)
        lo = d <= 0
        tiny = d < -700
        huge = d > 700
        mid_lo = lo & ~tiny
        mid_hi = ~lo & ~huge
        out[tiny] = np.exp(a * d[tiny] - np.log(a) - special.betaln(a, b))
        out[mid_lo] = special.betainc(a, b, special.expit(d[mid_lo]))
        out[mid_hi] = 1 - special.betainc(b, a, special.expit(-d[mid_hi]))
        out[huge] = 1 - np.exp(-b * d[huge] - np.log(b) - special.betaln(a, b))
        return out
    return cdf


def log_beta_cdf(a, b):
    """CDF of log X, X ~ Beta(a, b): I_{e^t}(a, b), through 1 - I_{-expm1(t)}(b, a) near t = 0."""
    def cdf(t):
        t = np.asarray(t, dtype=float)
        out = np.empty_like(t)
        tiny = t < -700
        near_one = t > -0.69
        mid = ~tiny & ~near_one
        out[tiny] = np.exp(a * t[tiny] - np.log(a) - special.betaln(a, b))
        out[mid] = special.betainc(a, b, np.exp(t[mid]))
        out[near_one] = 1 - special.betainc(b, a, -np.expm1(t[near_one]))
        return out
    return cdf


def continuous_reference(dist, p, space):
    """(cdf, transform of the samples) for a continuous case."""
    ident = lambda x: x
    if dist == "gamma" and space == "log":
        return log_gamma_cdf(p[0]), ident
    if dist == "gamma":
        return stats.gamma(p[0], scale=p[1]).cdf, ident
    if dist == "beta" and space == "logit":
        return logit_beta_cdf(p[0], p[1]), ident
    if dist == "beta":
        return stats.beta(p[0], p[1]).cdf, ident
    if dist == "chi2":
        return stats.chi2(p[0]).cdf, ident
    if dist == "t":
        return stats.t(p[0], loc=p[1], scale=p[2]).cdf, ident
    if dist == "halft":
        # |T| sigma: 2 F_t(x / sigma) - 1, written with the survival function for accuracy.
        return (lambda x: 1 - 2 * stats.t(p[0]).sf(np.asarray(x) / p[1])), ident
    if dist == "invgamma":
        return stats.invgamma(p[0], scale=p[1]).cdf, ident
    if dist == "vonmises":
        mu, kappa = p
        # Samples are wrapped to [-pi, pi]; SciPy's law with loc = mu lives on [mu - pi, mu + pi].
        unwrap = lambda x: mu + np.remainder(x - mu + np.pi, 2 * np.pi) - np.pi
        return stats.vonmises(kappa, loc=mu).cdf, unwrap
    if dist == "rice":
        return stats.rice(p[0], scale=p[1]).cdf, ident
    if dist == "skewnorm":
        return stats.skewnorm(p[2], loc=p[0], scale=p[1]).cdf, ident
    if dist == "exgaussian":
        mu, sigma, nu = p
        return stats.exponnorm(nu / sigma, loc=mu, scale=sigma).cdf, ident
    if dist == "wald":
        mean, lam = p
        return stats.invgauss(mean / lam, scale=lam).cdf, ident
    if dist == "truncnorm":
        mu, sigma, lo, hi = p
        return stats.truncnorm((lo - mu) / sigma, (hi - mu) / sigma, loc=mu, scale=sigma).cdf, ident
    if dist == "logbeta":
        return log_beta_cdf(p[0], p[1]), ident
    if dist == "lkj":
        return stats.beta(p[0], p[0], loc=-1, scale=2).cdf, ident
    raise ValueError(f"unknown continuous law {dist}")


class TabulatedLaw:
    """A discrete law on lo ... hi given by pmf ratios r(k) = P(k + 1) / P(k): log P(k) -
    log P(lo) is a cumulative sum of log r, normalized over the window. Used where
    SciPy's hypergeom and betabinom CDFs sum pmfs over the whole support (hours at
    N = 2e12) and log-gamma pmfs would lose 8 digits. The rounding of 10^7 log-ratios
    accumulates to about 1e-12 relative."""

    def __init__(self, lo, hi, log_ratio):
        ks = np.arange(lo, hi, dtype=float)
        logp = np.concatenate([[0.0], np.cumsum(log_ratio(ks))])
        pmf = np.exp(logp - logp.max())
        self.lo, self.hi = lo, hi
        self.cum = np.cumsum(pmf) / pmf.sum()

    def cdf(self, x):
        x = np.asarray(x, dtype=float)
        idx = np.clip((x - self.lo).astype(np.int64), 0, len(self.cum) - 1)
        return np.where(x < self.lo, 0.0, np.where(x >= self.hi, 1.0, self.cum[idx]))

    def ppf(self, q):
        return self.lo + np.searchsorted(self.cum, q).astype(float)


def window(mean, sd, lo, hi, width=12):
    return int(max(lo, np.floor(mean - width * sd))), int(min(hi, np.ceil(mean + width * sd)))


def discrete_reference(dist, p):
    """An object with cdf and ppf for a discrete case, or None for a continuous one."""
    if dist == "binom":
        return stats.binom(int(p[0]), p[1])
    if dist == "poisson":
        return stats.poisson(p[0])
    if dist == "nbinom":
        return stats.nbinom(p[0], p[1])
    if dist == "hypergeom":
        good, bad, sample = p
        total = good + bad
        mean = sample * good / total
        sd = np.sqrt(sample * good / total * bad / total * (total - sample) / (total - 1))
        lo, hi = window(mean, sd, max(0.0, sample - bad), min(sample, good))
        # P(k + 1) / P(k) = (good - k)(sample - k) / ((k + 1)(bad - sample + k + 1)).
        return TabulatedLaw(lo, hi, lambda k: np.log((good - k) / (k + 1) * ((sample - k) / (bad - sample + k + 1))))
    if dist == "betabinom":
        n, a, b = p
        law = stats.betabinom(int(n), a, b)
        lo, hi = window(law.mean(), law.std(), 0, n, width=40)
        # P(k + 1) / P(k) = (n - k)(k + a) / ((k + 1)(n - k - 1 + b)).
        return TabulatedLaw(lo, hi, lambda k: np.log((n - k) / (k + 1) * ((k + a) / (n - k - 1 + b))))
    return None


def chi_square(samples, law, min_expected):
    """Chi-square statistic, degrees of freedom and p-value on bins of >= min_expected
    expected samples. Edges are the law's quantiles at multiples of min_expected / n
    (or, where SciPy's ppf fails, normal-approximation quantiles:
    any edges give a valid test since the expected counts come from the exact CDF);
    bins that still hold too little mass are merged with their right neighbour."""
    n = len(samples)
    nb = max(2, int(n / min_expected))
    q = np.arange(1, nb) / nb
    with np.errstate(all="ignore"):
        edges = law.ppf(q)
        # A quantile satisfies F(edge) >= q; SciPy's ppf returns NaN for Poisson(1e15)
        # and 0 for Binomial(4.6e18, 1e-17).
        valid = np.all(np.isfinite(edges)) and np.all(law.cdf(edges) >= q - 1e-9)
    if not valid:
        edges = np.round(law.mean() + law.std() * stats.norm.ppf(q))
    edges = np.unique(edges)
    cdf = law.cdf(edges)
    expected = n * np.diff(np.concatenate([[0.0], cdf, [1.0]]))
    # Bin j holds edges[j-1] < x <= edges[j]; the last bin everything above.
    observed = np.bincount(np.searchsorted(edges, samples, side="left"), minlength=len(edges) + 1).astype(float)
    merged_e, merged_o, acc_e, acc_o = [], [], 0.0, 0.0
    for e, o in zip(expected, observed):
        acc_e += e
        acc_o += o
        if acc_e >= min_expected:
            merged_e.append(acc_e)
            merged_o.append(acc_o)
            acc_e = acc_o = 0.0
    if merged_e:
        merged_e[-1] += acc_e
        merged_o[-1] += acc_o
    if len(merged_e) < 2:
        return 0.0, 0, 1.0
    e, o = np.asarray(merged_e), np.asarray(merged_o)
    stat = float(((o - e) ** 2 / e).sum())
    df = len(e) - 1
    return stat, df, float(stats.chi2.sf(stat, df))


def ks_test(samples, cdf):
    """Kolmogorov-Smirnov statistic and exact-distribution p-value (scipy.stats.kstwo).

    Samples are doubles, so a law with mass within an ulp of 1 (Beta(0.01, 0.01) puts a
    third there) or below the smallest subnormal piles it on one value. At a value v
    repeated from sorted index i to j the empirical CDF steps from i/n to (j + 1)/n; it
    is compared with F(v) above the step and F(nextafter(v, -inf)) below it, which for
    untied samples is the usual statistic."""
    x = np.sort(samples)
    n = len(x)
    values, first = np.unique(x, return_index=True)
    last = np.append(first[1:], n) - 1
    f = np.asarray(cdf(values), dtype=float)
    below = f.copy()
    tied = last > first
    if tied.any():
        below[tied] = cdf(np.nextafter(values[tied], -np.inf))
    d = max(float((below - first / n).max()), float(((last + 1) / n - f).max()))
    return d, float(stats.kstwo.sf(d, n))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", help="directory of an existing export (skips `swift test`)")
    args = parser.parse_args()

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    tmp = None
    directory = args.samples
    if directory is None:
        tmp = tempfile.TemporaryDirectory(prefix="randomcore-samples-")
        directory = tmp.name
        env = dict(os.environ, RANDOMCORE_SAMPLE_DIR=directory)
        subprocess.run(["swift", "test", "--filter", "RandomCoreTests.SciPyExportTests"],
                       cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)

    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)

    failures = 0
    for case in manifest:
        dist, space = case["dist"], case["space"]
        params = [float(v) for v in case["params"]]
        samples = np.fromfile(os.path.join(directory, case["file"]), dtype="<f8")
        label = f"{dist}{tuple(params)}" + ("" if space == "linear" else f" [{space}]")
        if np.isnan(samples).any():
            print(f"FAIL {label}: {int(np.isnan(samples).sum())} NaN samples")
            failures += 1
            continue
        law = discrete_reference(dist, params)
        if law is not None:
            results = [chi_square(samples, law, m) for m in (20, len(samples) / 40)]
            # Two tests per case: report the smaller p-value against the threshold.
            p = min(r[2] for r in results)
            text = "  ".join(f"chi2={s:.1f} df={d} p={q:.3g}" for s, d, q in results)
        else:
            cdf, transform = continuous_reference(dist, params, space)
            d, p = ks_test(transform(samples), cdf)
            text = f"D={d:.5f} sqrt(n)D={d * np.sqrt(len(samples)):.3f} p={p:.3g}"
        ok = p >= P_FAIL
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {label:<48} n={len(samples)} {text}")
    print(f"{len(manifest) - failures}/{len(manifest)} passed (failure threshold p < {P_FAIL:g})")
    if tmp is not None:
        tmp.cleanup()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
