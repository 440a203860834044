"""Executor benchmarks, side by side in one run (issue 3).

* call overhead of a small compiled function (the eight-schools non-centered
  log-density and its gradient: 10 parameters, ~30 ops before rewriting) from
  Swift and from Python, against PyTensor's compiled function called from Python;
* a fused elementwise expression over 1e6 doubles against NumPy;
* logistic-regression log-density + gradient (N = 5000, D = 50) against a
  hand-written Swift loop calling BLAS directly (the practical limit).

Run: `make bench` (creates .bench-venv with PyTensor, installs swiftppl there),
or `python benchmarks/executor.py` with swiftppl installed (PyTensor optional).
Every figure is the best of several repeats; ratios are swiftppl / alternative.
"""

import json
import os
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def best_time(fn, inner, repeats=7):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        best = min(best, (time.perf_counter() - start) / inner)
    return best


def swift_results():
    """Builds and runs the Swift benchmark executable; returns {name: seconds}."""
    # Built as the Python package is: release, for this CPU (see setup.py).
    command = ["swift", "build", "-c", "release", "--product", "ExecutorBenchmark", "--scratch-path", ".build-bench"]
    if not os.environ.get("SWIFTPPL_PORTABLE"):
        command += ["-Xswiftc", "-target-cpu", "-Xswiftc", "native"]
    subprocess.check_call(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    bin_dir = subprocess.check_output(command + ["--show-bin-path"], cwd=ROOT, text=True).strip()
    out = subprocess.check_output([os.path.join(bin_dir, "ExecutorBenchmark")], cwd=ROOT, text=True)
    return {r["benchmark"]: r["seconds"] for r in map(json.loads, out.splitlines()) if "benchmark" in r}


Y = np.array([28.0, 8, -3, 7, -1, 1, 18, 12])
SIGMA = np.array([15.0, 10, 16, 11, 9, 11, 10, 18])


def eight_schools(pt, grad):
    """The non-centered eight-schools log-density (HalfCauchy(5) scale on the log scale) and its gradient."""
    mu = pt.scalar("mu")
    log_tau = pt.scalar("log_tau")
    theta_t = pt.tensor("theta_t", shape=(8,))

    def normal_logp(x, m, s):
        return -0.5 * ((x - m) / s) ** 2 - pt.log(s) - 0.9189385332046727

    tau = pt.exp(log_tau)
    tau_logp = np.log(2 / (np.pi * 5)) - pt.log1p((tau / 5) ** 2) + log_tau
    theta = mu + tau * theta_t
    logp = (normal_logp(mu, 0.0, 5.0) + tau_logp + normal_logp(theta_t, 0.0, 1.0).sum()
            + normal_logp(pt.constant(Y), theta, pt.constant(SIGMA)).sum())
    return [mu, log_tau, theta_t], [logp, *grad(logp, [mu, log_tau, theta_t])]


def eight_schools_reference(mu, log_tau, theta_t):
    """The same log-density from scipy.stats, as an independent reference."""
    from scipy import stats

    mu, log_tau = float(mu), float(log_tau)
    tau = np.exp(log_tau)
    return float(stats.norm.logpdf(mu, 0, 5) + stats.halfcauchy.logpdf(tau, scale=5) + log_tau
                 + stats.norm.logpdf(theta_t).sum() + stats.norm.logpdf(Y, mu + tau * theta_t, SIGMA).sum())


def logistic(pt, grad, X, y):
    beta = pt.tensor("beta", shape=(X.shape[1],))
    eta = pt.dot(pt.constant(X), beta)
    logp = (pt.constant(y) * eta - pt.softplus(eta)).sum() + (-0.5 * beta ** 2).sum()
    return [beta], [logp, grad(logp, beta)]


def main():
    import swiftppl
    import swiftppl.tensor as spt

    try:
        import pytensor
        import pytensor.tensor as ptt
    except ImportError:
        pytensor = None

    rows = []
    swift = swift_results()

    # 1. Small function call overhead.
    values = [np.array(1.0), np.array(0.5), np.random.default_rng(1).normal(size=8)]
    ins, outs = eight_schools(spt, swiftppl.grad)
    f = swiftppl.function(ins, outs)
    f(*values)
    t_py = best_time(lambda: f(*values), 20000)
    reference = eight_schools_reference(*values)
    rows.append(("eight schools logp+grad, swiftppl from Swift", swift["eight_schools_logp_grad_swift"], None))
    rows.append(("eight schools logp+grad, swiftppl from Swift (into caller arrays)", swift["eight_schools_logp_grad_swift_into"], None))
    rows.append(("eight schools logp+grad, swiftppl from Python", t_py, None))
    rows.append(("  log-density relative error vs SciPy, swiftppl", abs(float(f(*values)[0]) / reference - 1), "error"))
    if pytensor is not None:
        ins_p, outs_p = eight_schools(ptt, pytensor.grad)
        g = pytensor.function(ins_p, outs_p)
        g(*values)
        t_pt = best_time(lambda: g(*values), 20000)
        g.trust_input = True
        t_pt_trusted = best_time(lambda: g(*values), 20000)
        rows.append(("eight schools logp+grad, PyTensor from Python", t_pt, None))
        rows.append(("eight schools logp+grad, PyTensor from Python (trust_input)", t_pt_trusted, None))
        rows.append(("  ratio swiftppl-from-Python / PyTensor", t_py / t_pt, "ratio"))
        rows.append(("  ratio swiftppl-from-Swift / PyTensor", swift["eight_schools_logp_grad_swift"] / t_pt, "ratio"))
        rows.append(("  log-density relative error vs SciPy, PyTensor", abs(float(g(*values)[0]) / reference - 1), "error"))
        grads_agree = all(np.allclose(a, b, rtol=1e-12) for a, b in zip(f(*values)[1:], g(*values)[1:]))
        rows.append(("  gradients agree with PyTensor's to 1e-12", float(grads_agree), "flag"))

    # 2. Fused elementwise expression over 1e6 doubles.
    x = np.random.default_rng(2).normal(size=1_000_000)
    xs, mus, ss = spt.vector("x"), spt.scalar("mu"), spt.scalar("s")
    h = swiftppl.function([xs, mus, ss], -0.5 * ((xs - mus) / ss) ** 2 - spt.log(ss) - 0.9189385332046727)
    h(x, 0.3, 1.7)
    t_fused = best_time(lambda: h(x, 0.3, 1.7), 20)
    t_numpy = best_time(lambda: -0.5 * ((x - 0.3) / 1.7) ** 2 - np.log(1.7) - 0.9189385332046727, 20)
    np.testing.assert_allclose(h(x, 0.3, 1.7), -0.5 * ((x - 0.3) / 1.7) ** 2 - np.log(1.7) - 0.9189385332046727, rtol=1e-13)
    rows.append(("normal logpdf over 1e6 doubles, swiftppl (fused) from Python", t_fused, None))
    rows.append(("normal logpdf over 1e6 doubles, swiftppl from Swift", swift["fused_elementwise_1e6_swift"], None))
    rows.append(("normal logpdf over 1e6 doubles, NumPy", t_numpy, None))
    rows.append(("  ratio swiftppl / NumPy", t_fused / t_numpy, "ratio"))
    k = swiftppl.function([xs], spt.exp(-xs ** 2) * 0.5 + spt.sin(xs))
    k(x)
    t_tr = best_time(lambda: k(x), 10)
    t_tr_np = best_time(lambda: np.exp(-x ** 2) * 0.5 + np.sin(x), 10)
    rows.append(("exp(-x^2)/2 + sin(x) over 1e6 doubles, swiftppl", t_tr, None))
    rows.append(("exp(-x^2)/2 + sin(x) over 1e6 doubles, NumPy", t_tr_np, None))
    rows.append(("  ratio swiftppl / NumPy", t_tr / t_tr_np, "ratio"))

    # 3. Logistic regression, N = 5000, D = 50.
    rng = np.random.default_rng(3)
    X = rng.normal(size=(5000, 50))
    yv = (rng.random(5000) < 0.5).astype(float)
    beta = rng.normal(size=50) * 0.1
    ins_l, outs_l = logistic(spt, swiftppl.grad, X, yv)
    fl = swiftppl.function(ins_l, outs_l)
    fl(beta)
    t_log_py = best_time(lambda: fl(beta), 200)
    rows.append(("logistic logp+grad, swiftppl from Swift", swift["logistic_logp_grad_swiftppl"], None))
    rows.append(("logistic logp+grad, swiftppl from Python", t_log_py, None))
    rows.append(("logistic logp+grad, hand-written Swift + BLAS", swift["logistic_logp_grad_handwritten"], None))
    rows.append(("  ratio swiftppl (Swift) / hand-written", swift["logistic_logp_grad_swiftppl"] / swift["logistic_logp_grad_handwritten"], "ratio"))
    if pytensor is not None:
        ins_lp, outs_lp = logistic(ptt, pytensor.grad, X, yv)
        gl = pytensor.function(ins_lp, outs_lp)
        gl(beta)
        t_log_pt = best_time(lambda: gl(beta), 200)
        rows.append(("logistic logp+grad, PyTensor from Python", t_log_pt, None))
        rows.append(("  ratio swiftppl-from-Python / PyTensor", t_log_py / t_log_pt, "ratio"))

    print(f"{'benchmark':<72} {'value':>12}")
    for name, value, kind in rows:
        if kind == "ratio":
            print(f"{name:<72} {value:>11.2f}x")
        elif kind == "flag":
            print(f"{name:<72} {'yes' if value else 'NO':>12}")
        elif kind == "error":
            print(f"{name:<72} {value:>12.1e}")
        else:
            print(f"{name:<72} {value * 1e6:>9.2f} us")
    return rows


if __name__ == "__main__":
    main()
