# Generates Tests/LogProbTests/MultivariateLogpReference.swift: log-densities of the multivariate
# distributions from scipy.stats (multivariate_normal, multivariate_t, dirichlet, multinomial,
# dirichlet_multinomial, wishart, lognorm) and, for LKJ, from the closed-form normalizing constant
# of Lewandowski, Kurowicka & Joe (2009) written below and checked here by numerical integration.
# Run: python3 scripts/reference/multivariate_logp_reference.py > Tests/LogProbTests/MultivariateLogpReference.swift
# (seeded, so the output is reproducible). tests/test_logprob_multivariate.py imports the LKJ
# references from here.
import math

import numpy as np
import scipy
from scipy import integrate, stats
from scipy.special import betaln

rng = np.random.default_rng(20240611)


def spd(k, batch=()):
    """Random symmetric positive-definite matrices with condition numbers of order 10."""
    a = rng.normal(size=batch + (k, k))
    return a @ np.swapaxes(a, -1, -2) + k * np.eye(k)


# ---------------------------------------------------------------- LKJ normalizing constant
def lkj_log_constant(n, eta):
    """log of the integral of det(C)^(eta-1) over n x n correlation matrices, LKJ (2009)
    section 3.2: c_n = 2^(sum_k (2 eta - 2 + n - k)(n - k)) prod_k B(eta + (n-k-1)/2, same)^(n-k)
    for k = 1 .. n-1 (a different closed form from the sum of log-gammas the library uses)."""
    total = 0.0
    for k in range(1, n):
        b = eta + (n - k - 1) / 2
        total += (2 * eta - 2 + n - k) * (n - k) * math.log(2) + (n - k) * betaln(b, b)
    return total


def check_lkj_constant():
    """The constant against direct integration: n = 2 by quad; n = 3 by nested quad over the
    elliptope, where for fixed r12, r13 the determinant is (a - t)(a + t) in t = r23 - r12 r13
    with a = sqrt((1 - r12^2)(1 - r13^2)), integrated with quad's algebraic end-point weight."""
    worst = 0.0
    for eta in [0.7, 1.0, 2.5]:
        v, _ = integrate.quad(lambda r: 1.0, -1, 1, weight="alg", wvar=(eta - 1, eta - 1))
        worst = max(worst, abs(math.log(v) - lkj_log_constant(2, eta)))

        def inner(r13, r12):
            a = math.sqrt((1 - r12 ** 2) * (1 - r13 ** 2))
            return integrate.quad(lambda t: 1.0, -a, a, weight="alg", wvar=(eta - 1, eta - 1))[0]

        def middle(r12):
            return integrate.quad(inner, -1, 1, args=(r12,), epsabs=1e-13, epsrel=1e-12, limit=200)[0]

        v, _ = integrate.quad(middle, -1, 1, epsabs=1e-13, epsrel=1e-12, limit=200)
        worst = max(worst, abs(math.log(v) - lkj_log_constant(3, eta)))
    assert worst < 1e-7, worst
    return worst


def lkj_logpdf(c, eta):
    n = c.shape[-1]
    return (eta - 1) * np.linalg.slogdet(c)[1] - lkj_log_constant(n, eta)


def random_correlation(n):
    a = rng.normal(size=(n, n + 2))
    s = a @ a.T
    d = 1 / np.sqrt(np.diag(s))
    return s * d[:, None] * d[None, :]


# ---------------------------------------------------------------- LKJ Cholesky covariance
def packed_to_lower(v, n, dtype=float):
    low = np.zeros((n, n), dtype=dtype)
    low[np.tril_indices(n)] = v
    return low


def sd_corr_coordinates(v, n):
    """(sigma_1..n, strictly lower entries of the correlation matrix) of a packed lower factor:
    the coordinates in which the density factorizes into p(sigma) and the LKJ density of C."""
    low = packed_to_lower(v, n, dtype=v.dtype)
    cov = low @ low.T
    sd = np.sqrt(np.sum(low * low, axis=1))
    corr = cov / sd[:, None] / sd[None, :]
    return np.concatenate([sd, corr[np.tril_indices(n, -1)]])


def log_jacobian(v, n):
    """log |det d(coordinates)/d(packed L)| by complex-step differentiation (exact to rounding)."""
    m = v.size
    jac = np.zeros((m, m))
    h = 1e-30
    for j in range(m):
        step = v.astype(complex)
        step[j] += 1j * h
        jac[:, j] = sd_corr_coordinates(step, n).imag / h
    return np.linalg.slogdet(jac)[1]


def lkj_cholesky_cov_logpdf(v, n, eta, mu_sd, sigma_sd):
    coords = sd_corr_coordinates(v.astype(complex), n).real
    sd = coords[:n]
    low = packed_to_lower(v, n)
    corr = (low @ low.T) / sd[:, None] / sd[None, :]
    logp_sd = stats.lognorm(s=sigma_sd, scale=math.exp(mu_sd)).logpdf(sd).sum()
    return logp_sd + lkj_logpdf(corr, eta) + log_jacobian(v, n)


# ---------------------------------------------------------------- cases
cases = []  # (dist, [param arrays], value array, logp array, note)


def add(dist, params, value, logp, note):
    cases.append((dist, [np.asarray(p, dtype=float) for p in params], np.asarray(value, dtype=float),
                  np.asarray(logp, dtype=float), note))


def per_batch(shape, f):
    out = np.empty(shape)
    for idx in np.ndindex(*shape):
        out[idx] = f(idx)
    return out


# Multivariate normal (three parameterizations) and Student-t (three parameterizations).
def gaussian_cases():
    mu = rng.normal(size=3)
    cov = spd(3)
    x = rng.normal(size=(5, 3)) * 2
    ref = stats.multivariate_normal(mu, cov).logpdf(x)
    for dist, m in [("multivariate_normal", cov), ("precision_multivariate_normal", np.linalg.inv(cov)),
                    ("cholesky_multivariate_normal", np.linalg.cholesky(cov))]:
        add(dist, [mu, m], x, ref, "k = 3, five values")
    # Batched parameters: mean (2, 3), matrices (2, 3, 3), values (4, 1, 3) -> (4, 2).
    mus, covs = rng.normal(size=(2, 3)), spd(3, (2,))
    xs = rng.normal(size=(4, 1, 3))
    ref = per_batch((4, 2), lambda i: stats.multivariate_normal(mus[i[1]], covs[i[1]]).logpdf(xs[i[0], 0]))
    for dist, m in [("multivariate_normal", covs), ("precision_multivariate_normal", np.linalg.inv(covs)),
                    ("cholesky_multivariate_normal", np.linalg.cholesky(covs))]:
        add(dist, [mus, m], xs, ref, "batched mean and matrix broadcast against values")
    # A single vector, k = 1, and a far-out value.
    add("multivariate_normal", [[0.5], [[4.0]]], [3.0], stats.norm(0.5, 2).logpdf(3.0), "k = 1")
    c2 = np.array([[1.0, 0.999], [0.999, 1.0]])
    add("multivariate_normal", [[0.0, 0.0], c2], [1.0, -1.0],
        stats.multivariate_normal([0, 0], c2).logpdf([1.0, -1.0]), "nearly singular covariance")
    # Student-t.
    for nu in [0.5, 3.0, 1e3]:
        mu, scale = rng.normal(size=4), spd(4)
        x = rng.normal(size=(3, 4)) * 3
        ref = stats.multivariate_t(loc=mu, shape=scale, df=nu).logpdf(x)
        for dist, m in [("multivariate_studentt", scale), ("precision_multivariate_studentt", np.linalg.inv(scale)),
                        ("cholesky_multivariate_studentt", np.linalg.cholesky(scale))]:
            add(dist, [nu, mu, m], x, ref, f"nu = {nu}")
    nus, mu, scales = np.array([1.5, 7.0]), rng.normal(size=2), spd(2, (2,))
    x = rng.normal(size=(3, 1, 2))
    ref = per_batch((3, 2), lambda i: stats.multivariate_t(loc=mu, shape=scales[i[1]], df=nus[i[1]]).logpdf(x[i[0], 0]))
    add("multivariate_studentt", [nus, mu, scales], x, ref, "batched nu and scale")


def simplex_cases():
    for alpha in [np.array([0.3, 1.0, 2.5, 7.0]), np.array([1.0, 1.0]), np.array([50.0, 0.05, 3.0])]:
        x = rng.dirichlet(alpha + 0.5, size=3)
        x = x / x.sum(axis=-1, keepdims=True)
        add("dirichlet", [alpha], x, [stats.dirichlet(alpha).logpdf(v) for v in x], f"alpha = {alpha.tolist()}")
    alphas = rng.uniform(0.5, 4, size=(2, 3))
    x = rng.dirichlet([2, 2, 2], size=(4, 2))
    add("dirichlet", [alphas], x, per_batch((4, 2), lambda i: stats.dirichlet(alphas[i[1]]).logpdf(x[i])),
        "batched alpha")
    # Multinomial, including a zero-probability category with a zero count.
    for n, p in [(10, [0.2, 0.3, 0.5]), (1, [0.1, 0.9]), (1000, [0.001, 0.0, 0.999]), (0, [0.5, 0.5])]:
        p = np.array(p)
        x = rng.multinomial(n, p, size=3)
        add("multinomial", [n, p], x, stats.multinomial(n, p).logpmf(x), f"n = {n}, p = {p.tolist()}")
    ns, ps = np.array([5.0, 40.0]), rng.dirichlet([1, 1, 1, 1], size=2)
    x = np.stack([rng.multinomial(int(ns[j]), ps[j], size=3) for j in range(2)], axis=1)
    add("multinomial", [ns, ps], x, per_batch((3, 2), lambda i: stats.multinomial(int(ns[i[1]]), ps[i[1]]).logpmf(x[i])),
        "batched n and p")
    for n, a in [(10, [0.5, 1.0, 3.0]), (100, [20.0, 0.1]), (0, [1.0, 2.0])]:
        a = np.array(a)
        x = rng.multinomial(n, rng.dirichlet(a), size=3)
        add("dirichlet_multinomial", [n, a], x, stats.dirichlet_multinomial(a, n).logpmf(x), f"n = {n}, a = {a.tolist()}")
    ns, a = np.array([3.0, 12.0]), rng.uniform(0.5, 3, size=(2, 3))
    x = np.stack([rng.multinomial(int(ns[j]), [0.3, 0.3, 0.4], size=2) for j in range(2)], axis=1)
    add("dirichlet_multinomial", [ns, a], x,
        per_batch((2, 2), lambda i: stats.dirichlet_multinomial(a[i[1]], int(ns[i[1]])).logpmf(x[i])), "batched n and a")


def matrix_cases():
    for p, nu in [(3, 4.5), (3, 10.0), (1, 2.0), (4, 3.2)]:
        v = spd(p) / p
        xs = stats.wishart(df=nu, scale=v).rvs(size=3, random_state=rng).reshape(3, p, p)
        xs = (xs + np.swapaxes(xs, -1, -2)) / 2
        add("wishart", [nu, v], xs, [stats.wishart(df=nu, scale=v).logpdf(x) for x in xs], f"p = {p}, nu = {nu}")
    for n, eta in [(2, 1.0), (2, 0.4), (3, 2.0), (4, 1.0), (5, 7.5), (4, 1000.0)]:
        cs = np.stack([random_correlation(n) for _ in range(3)])
        iu = np.triu_indices(n, 1)
        add("lkjcorr", [n, eta], cs[:, iu[0], iu[1]], [lkj_logpdf(c, eta) for c in cs], f"n = {n}, eta = {eta}")
    etas = np.array([0.5, 3.0])
    cs = np.stack([random_correlation(3) for _ in range(2)])
    iu = np.triu_indices(3, 1)
    add("lkjcorr", [3, etas], cs[:, iu[0], iu[1]], [lkj_logpdf(cs[j], etas[j]) for j in range(2)], "batched eta")
    # LKJ Cholesky covariance with log-normal standard deviations (mu_sd, sigma_sd appended
    # to the parameters: the test draws sd as exp(normal(mu_sd, sigma_sd, size n))).
    for n, eta, mu_sd, sigma_sd in [(2, 1.0, 0.0, 1.0), (3, 2.0, 0.3, 0.5), (4, 0.8, -0.5, 1.5)]:
        rows = []
        for _ in range(3):
            sd = np.exp(rng.normal(mu_sd, sigma_sd, size=n))
            low = np.linalg.cholesky(random_correlation(n)) * sd[:, None]
            rows.append(low[np.tril_indices(n)])
        rows = np.array(rows)
        add("lkjcholeskycov", [n, eta, mu_sd, sigma_sd], rows,
            [lkj_cholesky_cov_logpdf(r, n, eta, mu_sd, sigma_sd) for r in rows], f"n = {n}, eta = {eta}")


def zero_sum_values(gen, count, shape):
    """`count` normal arrays of `shape` with the mean along each axis subtracted."""
    x = gen.normal(size=(count,) + shape)
    for a in range(len(shape)):
        x = x - x.mean(axis=-1 - a, keepdims=True)
    return x


def zero_sum_law(shape, sigma):
    """The zero-sum normal as SciPy's singular normal on the flattened support: covariance
    sigma^2 times the Kronecker product of the centring matrices I - J/k of each axis."""
    cov = np.ones((1, 1))
    for k in shape:
        cov = np.kron(cov, np.eye(k) - np.ones((k, k)) / k)
    return stats.multivariate_normal(np.zeros(cov.shape[0]), sigma ** 2 * cov, allow_singular=True)


def zero_sum_cases():
    for shape, sigma in [((5,), 1.3), ((2,), 0.2), ((3, 4), 2.0)]:
        axes = len(shape)
        x = zero_sum_values(rng, 3, shape)
        ref = zero_sum_law(shape, sigma)
        add("zerosumnormal" if axes == 1 else f"zerosumnormal_{axes}d", [np.full((1,) * axes, sigma), list(shape)],
            x, ref.logpdf(x.reshape(3, -1)), f"support {shape}, sigma = {sigma}")
    sigmas = np.array([[0.5], [3.0]])
    x = rng.normal(size=(2, 4))
    x = x - x.mean(axis=-1, keepdims=True)
    cov = np.eye(4) - np.ones((4, 4)) / 4
    ref = [stats.multivariate_normal(np.zeros(4), s * s * cov, allow_singular=True).logpdf(x[j]) for j, s in
           enumerate(sigmas[:, 0])]
    add("zerosumnormal", [sigmas, [4]], x, ref, "batched sigma")


def main():
    gaussian_cases()
    simplex_cases()
    matrix_cases()
    zero_sum_cases()
    lkj_error = check_lkj_constant()
    print_swift(lkj_error)


def literal(a):
    return "[" + ", ".join(repr(float(v)) for v in np.ravel(a)) + "]"


def array(a):
    return f"RefArray({literal(a)}, {list(np.shape(a))})"


SWIFT_HEADER = """// MultivariateLogpReference.swift — reference log-densities of the multivariate distributions.
// Generated by scripts/reference/multivariate_logp_reference.py with SciPy {scipy} and
// NumPy {numpy} (scipy.stats multivariate_normal, multivariate_t, dirichlet, multinomial,
// dirichlet_multinomial, wishart, lognorm; LKJ from the closed-form constant of LKJ (2009), which
// the script checks against numerical integration (n = 2, 3) to {lkj:.1e}; LKJ Cholesky covariance
// with a complex-step Jacobian). Not produced by this library.

/// A flat array and its shape.
struct RefArray {{
    let values: [Double]
    let shape: [Int]
    init(_ values: [Double], _ shape: [Int]) {{
        self.values = values
        self.shape = shape
    }}
}}

/// One distribution at a table of values: parameters in the random variable's order
/// (for lkjcholeskycov: n, eta, then the log-normal sd distribution's mu and sigma).
struct MultivariateReferenceCase {{
    let distribution: String
    let parameters: [RefArray]
    let value: RefArray
    let logp: RefArray
    let note: String
}}

enum MultivariateLogpReference {{
    static let cases: [MultivariateReferenceCase] = ["""


def print_swift(lkj_error):
    print(SWIFT_HEADER.format(scipy=scipy.__version__, numpy=np.__version__, lkj=lkj_error))
    for dist, params, value, logp, note in cases:
        ps = ", ".join(array(p) for p in params)
        print(f"        MultivariateReferenceCase(distribution: \"{dist}\", parameters: [{ps}],")
        print(f"                                  value: {array(value)},")
        print(f"                                  logp: {array(logp)}, note: \"{note}\"),")
    print("    ]\n}")


if __name__ == "__main__":
    main()
