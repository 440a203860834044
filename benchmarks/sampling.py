"""Sampling benchmark, side by side in one run (issue 6): swiftppl's pm.sample against PyMC, nutpie and NumPyro.

Models (same data, same priors, same parameterization in every library):
* eight schools, non-centered (HalfCauchy(5) scale);
* logistic regression, N = 5000, D = 50 (simulated);
* hierarchical linear model, 200 groups x 20 observations, non-centered intercepts;
* Poisson GLMM, 50 groups x 20 observations, non-centered random intercepts.

Every (library, model) pair runs in a fresh subprocess, so imports and compilation
count in the wall time (measured from the child's first line to InferenceData in
memory). 4 chains x 1000 tune + 1000 draws, fixed seeds, float64 everywhere.
Reported: wall time, sampling time, minimum bulk ESS (ArviZ) over the free
variables, ESS per second of sampling, ESS per gradient evaluation (the sum of
the post-warm-up leapfrog steps: n_steps, or NumPyro's num_steps), divergences,
and ratios against swiftppl written so that > 1 means swiftppl is better.
Also: `import swiftppl` time and swiftppl's eight schools from a built model to
draws in memory (no InferenceData).

Run: `make bench-sampling` (installs PyMC, nutpie, NumPyro and swiftppl into
.bench-venv), or `python benchmarks/sampling.py` with whatever is installed; a
library that is missing or fails is reported as such and the others go on.
Each (library, model) pair runs with --seeds sampler seeds (default 3) and the tables show
medians over the seeds: one run's minimum bulk ESS moves by about 20% with the seed on these
models. Then each library runs eight schools once more with empty compile caches (a fresh
PyTensor compiledir and numba cache), as on the first run after installing (skip with
--no-empty-caches); swiftppl compiles nothing at run time and has no cache.

Options: --models a,b  --libraries a,b  --seeds K  --no-empty-caches  --out path.
"""

import time

_T0 = time.perf_counter()  # a child's wall clock starts before any import but `time`

import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = ("eight_schools", "logistic_regression", "hierarchical_linear", "poisson_glmm")
# swiftppl-lowrank: swiftppl with the low-rank-plus-diagonal mass matrix (an option; the
# default is the diagonal one), shown next to the defaults of every library.
LIBRARIES = ("swiftppl", "swiftppl-lowrank", "pymc", "nutpie", "numpyro")
CHAINS, TUNE, DRAWS = 4, 1000, 1000
DATA_SEED, SAMPLER_SEED = 20261121, 1234
CHILD_TIMEOUT = 900

# Free variables of each model (the same names in every library); ESS is the minimum over these.
FREE_VARS = {
    "eight_schools": ["mu", "tau", "theta_tilde"],
    "logistic_regression": ["alpha", "beta"],
    "hierarchical_linear": ["mu_a", "sigma_a", "z_a", "b", "sigma"],
    "poisson_glmm": ["b0", "b1", "sigma_u", "z_u"],
}


# ---------------------------------------------------------------- data (NumPy, fixed seed)

def data(model):
    """The observed data of a benchmark model as a dict of NumPy arrays (deterministic)."""
    import numpy as np

    rng = np.random.default_rng([DATA_SEED, MODELS.index(model)])
    if model == "eight_schools":
        return {"y": np.array([28.0, 8, -3, 7, -1, 1, 18, 12]), "sigma": np.array([15.0, 10, 16, 11, 9, 11, 10, 18])}
    if model == "logistic_regression":
        n, d = 5000, 50
        X = rng.normal(size=(n, d))
        beta = rng.normal(0.0, 0.5, size=d)
        eta = 0.3 + X @ beta
        y = (rng.uniform(size=n) < 1.0 / (1.0 + np.exp(-eta))).astype(np.int64)
        return {"X": X, "y": y}
    if model == "hierarchical_linear":
        groups, per = 200, 20
        g = np.repeat(np.arange(groups), per)
        a = 1.0 + 0.8 * rng.normal(size=groups)
        x = rng.normal(size=groups * per)
        y = a[g] + 0.5 * x + rng.normal(0.0, 1.2, size=groups * per)
        return {"g": g, "x": x, "y": y}
    if model == "poisson_glmm":
        groups, per = 50, 20
        g = np.repeat(np.arange(groups), per)
        u = 0.6 * rng.normal(size=groups)
        x = rng.normal(size=groups * per)
        y = rng.poisson(np.exp(0.5 + 0.3 * x + u[g])).astype(np.int64)
        return {"g": g, "x": x, "y": y}
    raise ValueError(f"unknown model {model!r}")


# ---------------------------------------------------------------- models (PyMC API: PyMC and swiftppl)

def build_pymc_model(pm, pt, model, d, deterministic=True):
    """The benchmark model with PyMC's API; `pm`/`pt` are pymc/pytensor.tensor or swiftppl/swiftppl.tensor.

    deterministic=False leaves out eight schools' Deterministic theta (same density, nothing recorded per draw).
    """
    with pm.Model() as m:
        if model == "eight_schools":
            mu = pm.Normal("mu", 0.0, 5.0)
            tau = pm.HalfCauchy("tau", 5.0)
            theta_tilde = pm.Normal("theta_tilde", 0.0, 1.0, shape=8)
            theta = mu + tau * theta_tilde
            if deterministic:
                theta = pm.Deterministic("theta", theta)
            pm.Normal("y", theta, d["sigma"], observed=d["y"])
        elif model == "logistic_regression":
            alpha = pm.Normal("alpha", 0.0, 2.5)
            beta = pm.Normal("beta", 0.0, 1.0, shape=d["X"].shape[1])
            pm.Bernoulli("y", logit_p=alpha + pt.dot(d["X"], beta), observed=d["y"])
        elif model == "hierarchical_linear":
            mu_a = pm.Normal("mu_a", 0.0, 5.0)
            sigma_a = pm.HalfNormal("sigma_a", 2.5)
            z_a = pm.Normal("z_a", 0.0, 1.0, shape=200)
            b = pm.Normal("b", 0.0, 2.5)
            sigma = pm.HalfNormal("sigma", 2.5)
            a = mu_a + sigma_a * z_a
            pm.Normal("y", a[d["g"]] + b * d["x"], sigma, observed=d["y"])
        elif model == "poisson_glmm":
            b0 = pm.Normal("b0", 0.0, 2.0)
            b1 = pm.Normal("b1", 0.0, 1.0)
            sigma_u = pm.HalfNormal("sigma_u", 1.0)
            z_u = pm.Normal("z_u", 0.0, 1.0, shape=50)
            eta = b0 + b1 * d["x"] + sigma_u * z_u[d["g"]]
            pm.Poisson("y", pt.exp(eta), observed=d["y"])
        else:
            raise ValueError(f"unknown model {model!r}")
    return m


# ---------------------------------------------------------------- models (NumPyro)

def numpyro_model(model):
    """The same models for NumPyro (same priors and parameterization)."""
    import jax.numpy as jnp
    import numpyro
    import numpyro.distributions as dist

    def eight_schools(y, sigma):
        mu = numpyro.sample("mu", dist.Normal(0.0, 5.0))
        tau = numpyro.sample("tau", dist.HalfCauchy(5.0))
        theta_tilde = numpyro.sample("theta_tilde", dist.Normal(0.0, 1.0).expand([8]))
        theta = numpyro.deterministic("theta", mu + tau * theta_tilde)
        numpyro.sample("y", dist.Normal(theta, sigma), obs=y)

    def logistic_regression(X, y):
        alpha = numpyro.sample("alpha", dist.Normal(0.0, 2.5))
        beta = numpyro.sample("beta", dist.Normal(0.0, 1.0).expand([X.shape[1]]))
        numpyro.sample("y", dist.Bernoulli(logits=alpha + jnp.dot(X, beta)), obs=y)

    def hierarchical_linear(g, x, y):
        mu_a = numpyro.sample("mu_a", dist.Normal(0.0, 5.0))
        sigma_a = numpyro.sample("sigma_a", dist.HalfNormal(2.5))
        z_a = numpyro.sample("z_a", dist.Normal(0.0, 1.0).expand([200]))
        b = numpyro.sample("b", dist.Normal(0.0, 2.5))
        sigma = numpyro.sample("sigma", dist.HalfNormal(2.5))
        a = mu_a + sigma_a * z_a
        numpyro.sample("y", dist.Normal(a[g] + b * x, sigma), obs=y)

    def poisson_glmm(g, x, y):
        b0 = numpyro.sample("b0", dist.Normal(0.0, 2.0))
        b1 = numpyro.sample("b1", dist.Normal(0.0, 1.0))
        sigma_u = numpyro.sample("sigma_u", dist.HalfNormal(1.0))
        z_u = numpyro.sample("z_u", dist.Normal(0.0, 1.0).expand([50]))
        eta = b0 + b1 * x + sigma_u * z_u[g]
        numpyro.sample("y", dist.Poisson(jnp.exp(eta)), obs=y)

    return locals()[model]


# ---------------------------------------------------------------- one run (child process)

def run_library(library, model, seed=SAMPLER_SEED):
    """Samples `model` with `library` (sampler seed `seed`).

    Returns (idata, sampling seconds, how that time was measured, grad evals, phases), where
    phases are the seconds since the child's start at which the library was imported, the model
    built (compiled, for nutpie) and the sampling call returned.
    """
    import numpy as np

    d = data(model)
    phases = {}
    if library in ("swiftppl", "swiftppl-lowrank", "pymc"):
        options = {"nuts_sampler_kwargs": {"adaptation": "low_rank"}} if library == "swiftppl-lowrank" else {}
        if library.startswith("swiftppl"):
            import swiftppl as pm
            import swiftppl.tensor as pt
        else:
            import pymc as pm
            import pytensor.tensor as pt
        phases["imported"] = time.perf_counter() - _T0
        m = build_pymc_model(pm, pt, model, d)
        phases["built"] = time.perf_counter() - _T0
        start = time.perf_counter()
        idata = pm.sample(draws=DRAWS, tune=TUNE, chains=CHAINS, random_seed=seed, progressbar=False,
                          model=m, compute_convergence_checks=False, **options)
        called = time.perf_counter() - start
        phases["sampled"] = time.perf_counter() - _T0
        reported = idata.posterior.attrs.get("sampling_time")
        seconds, how = (float(reported), "reported by the library") if reported else (called, "pm.sample call")
        return idata, seconds, how, int(np.sum(idata.sample_stats["n_steps"].values)), phases
    if library == "nutpie":
        import nutpie
        import pymc as pm
        import pytensor.tensor as pt

        phases["imported"] = time.perf_counter() - _T0
        compiled = nutpie.compile_pymc_model(build_pymc_model(pm, pt, model, d))
        phases["built"] = time.perf_counter() - _T0
        start = time.perf_counter()
        idata = nutpie.sample(compiled, draws=DRAWS, tune=TUNE, chains=CHAINS, seed=seed,
                              progress_bar=False, save_warmup=False)
        seconds = time.perf_counter() - start
        phases["sampled"] = time.perf_counter() - _T0
        steps = int(np.sum(idata.sample_stats["n_steps"].values))
        return idata, seconds, "nutpie.sample call (after compile_pymc_model)", steps, phases
    if library == "numpyro":
        # One XLA host device per chain, so the chains run in parallel as the others' do.
        os.environ["XLA_FLAGS"] = f"--xla_force_host_platform_device_count={CHAINS}"
        import jax

        jax.config.update("jax_enable_x64", True)
        import arviz as az
        from numpyro.infer import MCMC, NUTS

        phases["imported"] = time.perf_counter() - _T0
        mcmc = MCMC(NUTS(numpyro_model(model)), num_warmup=TUNE, num_samples=DRAWS, num_chains=CHAINS,
                    chain_method="parallel", progress_bar=False)
        phases["built"] = time.perf_counter() - _T0
        start = time.perf_counter()
        mcmc.run(jax.random.PRNGKey(seed), extra_fields=("num_steps",), **d)
        jax.block_until_ready(mcmc.get_samples())
        seconds = time.perf_counter() - start
        phases["sampled"] = time.perf_counter() - _T0
        steps = int(np.sum(np.asarray(mcmc.get_extra_fields()["num_steps"])))
        idata = az.from_numpyro(mcmc)
        return idata, seconds, "mcmc.run call (includes JIT compilation)", steps, phases
    raise ValueError(f"unknown library {library!r}")


def child(library, model, out_path, seed=SAMPLER_SEED):
    idata, seconds, how, grads, phases = run_library(library, model, seed)
    wall = time.perf_counter() - _T0
    phases["inference_data"] = wall
    import warnings

    import arviz as az
    import numpy as np

    names = FREE_VARS[model]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ess = az.ess(idata, var_names=names, method="bulk")
        rhat = az.rhat(idata, var_names=names)
    min_ess = min(float(np.min(ess[n].values)) for n in names)
    max_rhat = max(float(np.max(rhat[n].values)) for n in names)
    diverging = int(np.sum(idata.sample_stats["diverging"].values))
    means = {n: float(np.mean(idata.posterior[n].values)) for n in names if idata.posterior[n].ndim == 2}
    result = {"library": library, "model": model, "wall_s": wall, "sampling_s": seconds, "sampling_time_from": how,
              "min_bulk_ess": min_ess, "max_rhat": max_rhat, "divergences": diverging, "grad_evals": grads,
              "ess_per_s": min_ess / seconds, "ess_per_grad": min_ess / grads if grads else None,
              "scalar_posterior_means": means, "draws": int(idata.posterior.sizes["draw"]),
              "chains": int(idata.posterior.sizes["chain"]), "phases_s_since_start": phases, "seed": seed}
    with open(out_path, "w") as f:
        json.dump(result, f)


def swiftppl_core(out_path):
    """`import swiftppl` time and eight schools from a built model to draws in memory (no InferenceData)."""
    import swiftppl as pm
    import swiftppl.tensor as pt

    imported = time.perf_counter() - _T0
    report = {"import_plus_interpreter_s": imported}
    for key, deterministic in (("eight_schools_to_draws_s", True), ("without_theta_to_draws_s", False)):
        m = build_pymc_model(pm, pt, "eight_schools", data("eight_schools"), deterministic=deterministic)
        runs = []
        for i in range(5):
            start = time.perf_counter()
            pm.sample(draws=DRAWS, tune=TUNE, chains=CHAINS, random_seed=SAMPLER_SEED + i, progressbar=False,
                      model=m, return_inferencedata=False, compute_convergence_checks=False)
            runs.append(time.perf_counter() - start)
        report[key] = runs
    with open(out_path, "w") as f:
        json.dump(report, f)


# ---------------------------------------------------------------- parent: orchestration and report

def spawn(args, timeout=CHILD_TIMEOUT, env=None):
    """Runs this script as a child; returns (parsed JSON or None, process wall seconds, error text)."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out_path = tmp.name
    start = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, os.path.abspath(__file__)] + args + ["--child-out", out_path],
                              capture_output=True, text=True, timeout=timeout, env=env)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
            return None, elapsed, lines[-1] if lines else f"exit status {proc.returncode}"
        with open(out_path) as f:
            return json.load(f), elapsed, None
    except subprocess.TimeoutExpired:
        return None, time.perf_counter() - start, f"timed out after {timeout} s"
    finally:
        os.unlink(out_path)


def empty_cache_env(directory):
    """The environment of a child whose compile caches start empty, as on the first run after installing.

    PyTensor (PyMC's C backend, and the graph nutpie compiles with numba) keeps compiled modules under
    `base_compiledir`; numba keeps its on-disk cache under NUMBA_CACHE_DIR; JAX keeps no persistent
    cache unless asked. swiftppl compiles nothing at run time, so it has no cache to empty.
    """
    env = dict(os.environ)
    flags = [f for f in env.get("PYTENSOR_FLAGS", "").split(",") if f and not f.startswith("base_compiledir")]
    env["PYTENSOR_FLAGS"] = ",".join(flags + [f"base_compiledir={os.path.join(directory, 'pytensor')}"])
    env["NUMBA_CACHE_DIR"] = os.path.join(directory, "numba")
    env.pop("JAX_COMPILATION_CACHE_DIR", None)
    return env


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else 0.5 * (ordered[n // 2 - 1] + ordered[n // 2])


def combine(runs):
    """One row from a (library, model)'s runs over several sampler seeds: medians, worst-case checks.

    ESS/s and ESS/grad are medians of the per-seed figures (a single run's minimum bulk ESS moves by
    +-20% with the seed on these models, more than the differences being measured)."""
    row = dict(runs[0])
    for key in ("wall_s", "sampling_s", "min_bulk_ess", "ess_per_s", "grad_evals", "process_wall_s"):
        row[key] = median([r[key] for r in runs])
    grads = [r["ess_per_grad"] for r in runs if r["ess_per_grad"]]
    row["ess_per_grad"] = median(grads) if grads else None
    row["divergences"] = sum(r["divergences"] for r in runs)
    row["max_rhat"] = max(r["max_rhat"] for r in runs)
    row["phases_s_since_start"] = {k: median([r["phases_s_since_start"][k] for r in runs])
                                   for k in runs[0]["phases_s_since_start"]}
    row["seeds"] = [r["seed"] for r in runs]
    row["per_seed"] = [{k: r[k] for k in ("seed", "wall_s", "sampling_s", "min_bulk_ess", "ess_per_s",
                                          "ess_per_grad", "divergences")} for r in runs]
    return row


def import_seconds(module, repeats=5):
    """Best-of time of `import module` in fresh interpreters, and whether it pulled in ArviZ."""
    code = ("import time, sys; t = time.perf_counter(); import {m}; "
            "print(time.perf_counter() - t, 'arviz' in sys.modules)").format(m=module)
    best, arviz_loaded = float("inf"), None
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if out.returncode != 0:
            return None, None
        seconds, loaded = out.stdout.split()
        best, arviz_loaded = min(best, float(seconds)), loaded == "True"
    return best, arviz_loaded


def fmt(x, digits=3):
    if x is None:
        return "-"
    if isinstance(x, int):
        return str(x)
    if x == 0 or 0.01 <= abs(x) < 1e5:
        return f"{x:.{digits}g}" if abs(x) < 1 else f"{x:,.{max(0, digits - len(str(int(abs(x)))))}f}"
    return f"{x:.2e}"


def add_ratios(results):
    """Ratios against swiftppl, each written so that > 1 means swiftppl is better."""
    for model in MODELS:
        base = next((r for r in results if r["model"] == model and r["library"] == "swiftppl" and r.get("ok")), None)
        for r in results:
            if r["model"] != model or not r.get("ok") or base is None:
                continue
            r["vs_swiftppl"] = {
                "wall": r["wall_s"] / base["wall_s"],
                "sampling": r["sampling_s"] / base["sampling_s"],
                "ess_per_s": base["ess_per_s"] / r["ess_per_s"],
                "ess_per_grad": (base["ess_per_grad"] / r["ess_per_grad"]
                                 if base["ess_per_grad"] and r["ess_per_grad"] else None),
            }


def print_table(results):
    head = ("library", "wall s", "sample s", "min ESS", "ESS/s", "ESS/grad", "grads", "div", "rhat",
            "wall x", "sample x", "ESS/s x", "ESS/grad x")
    print("Ratios (x): alternative's time / swiftppl's, swiftppl's ESS rate / alternative's (> 1: swiftppl better).")
    for model in MODELS:
        rows = [r for r in results if r["model"] == model]
        if not rows:
            continue
        print(f"\n{model}")
        print("  " + "".join(f"{h:>11}" if i else f"{h:<17}" for i, h in enumerate(head)))
        for r in rows:
            if not r.get("ok"):
                print(f"  {r['library']:<17} not run: {r['error']}")
                continue
            v = r.get("vs_swiftppl", {})
            cells = (r["wall_s"], r["sampling_s"], r["min_bulk_ess"], r["ess_per_s"], r["ess_per_grad"],
                     r["grad_evals"], r["divergences"], r["max_rhat"], v.get("wall"), v.get("sampling"),
                     v.get("ess_per_s"), v.get("ess_per_grad"))
            print(f"  {r['library']:<17}" + "".join(f"{fmt(c):>11}" for c in cells))


def versions():
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("swiftppl", "pymc", "pytensor", "nutpie", "numpyro", "jax", "arviz", "numpy"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def main(argv):
    import platform

    def option(name, default):
        return argv[argv.index(name) + 1] if name in argv else default

    models = option("--models", ",".join(MODELS)).split(",")
    libraries = option("--libraries", ",".join(LIBRARIES)).split(",")
    out = option("--out", os.path.join(HERE, "results", "sampling.json"))
    n_seeds = int(option("--seeds", "3"))
    cold = "--no-empty-caches" not in argv
    if n_seeds < 1:
        sys.exit("--seeds must be at least 1")
    for name in models:
        if name not in MODELS:
            sys.exit(f"unknown model {name!r}; choose from {', '.join(MODELS)}")
    for name in libraries:
        if name not in LIBRARIES:
            sys.exit(f"unknown library {name!r}; choose from {', '.join(LIBRARIES)}")

    found = versions()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True)
    found["swiftppl_git_commit"] = commit.stdout.strip() or None
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs; versions: "
          + ", ".join(f"{k} {v or 'not installed'}" for k, v in found.items()))
    print(f"{CHAINS} chains x {TUNE} tune + {DRAWS} draws, data seed {DATA_SEED}, sampler seeds "
          f"{SAMPLER_SEED}..{SAMPLER_SEED + n_seeds - 1}; each run in a fresh subprocess (wall = first line of "
          "the child to InferenceData); figures are medians over the seeds.")
    load_start = os.getloadavg()
    seeds = [SAMPLER_SEED + k for k in range(n_seeds)]
    runs, errors = {}, {}
    # Seed-major order: each library's runs spread over the whole benchmark, so a stretch of load on
    # the shared machine does not land on one library's runs only.
    for seed in seeds:
        for model in models:
            for library in libraries:
                if (library, model) in errors:
                    continue
                print(f"running {library} on {model}, seed {seed} ...", flush=True)
                result, process_s, error = spawn(["--child", library, model, "--seed", str(seed)])
                if result is None:
                    errors[(library, model)] = error
                    print(f"  {library} could not run {model}: {error}", flush=True)
                    continue
                result.update(ok=True, process_wall_s=process_s)
                runs.setdefault((library, model), []).append(result)
                print(f"  wall {result['wall_s']:.2f} s, sampling {result['sampling_s']:.2f} s, "
                      f"min bulk ESS {result['min_bulk_ess']:.0f}", flush=True)
    results = []
    for model in models:
        for library in libraries:
            if (library, model) in errors:
                results.append({"library": library, "model": model, "ok": False, "error": errors[(library, model)]})
            else:
                results.append(combine(runs[(library, model)]))
    add_ratios(results)

    first_runs = {}
    if cold:
        import shutil
        import tempfile

        for library in (lib for lib in libraries if lib != "swiftppl-lowrank"):
            directory = tempfile.mkdtemp(prefix="bench-empty-cache-")
            print(f"running {library} on eight_schools with empty compile caches ...", flush=True)
            try:
                result, _, error = spawn(["--child", library, "eight_schools"], env=empty_cache_env(directory))
            finally:
                shutil.rmtree(directory, ignore_errors=True)
            first_runs[library] = result["wall_s"] if result else error

    core = {}
    if "swiftppl" in libraries:
        seconds, arviz_loaded = import_seconds("swiftppl")
        core = {"import_swiftppl_s": seconds, "import_loads_arviz": arviz_loaded,
                "import_arviz_s": import_seconds("arviz", repeats=3)[0]}
        extra, _, error = spawn(["--swiftppl-core"])
        if extra is None:
            core["eight_schools_error"] = error
        else:
            for key in ("eight_schools_to_draws_s", "without_theta_to_draws_s"):
                runs = sorted(extra[key])
                core[key] = extra[key]
                core[key[:-2] + "_median_s"] = runs[len(runs) // 2]

    totals = {}
    for library in libraries:
        rows = [r for r in results if r["library"] == library]
        if rows and all(r.get("ok") for r in rows):
            totals[library] = sum(r["wall_s"] for r in rows)

    print()
    print_table(results)
    sources = sorted({f"{r['library']}: {r['sampling_time_from']}" for r in results if r.get("ok")})
    print("\nSampling time measured as: " + "; ".join(sources) + ".")
    print("ESS/grad: minimum bulk ESS / post-warm-up leapfrog steps (gradient evaluations) summed over chains.")
    print("\nWhere the wall time goes (seconds since the child started: library imported / model built"
          " / sampling returned / InferenceData ready):")
    for r in results:
        if r.get("ok"):
            ph = r["phases_s_since_start"]
            marks = " / ".join(fmt(ph.get(k)) for k in ("imported", "built", "sampled", "inference_data"))
            print(f"  {r['model']:<20} {r['library']:<17} {marks}")
    print("\nTotal wall time over the models (import to InferenceData, summed):")
    for library, total in totals.items():
        ratio = f"  ({total / totals['swiftppl']:.1f}x swiftppl's)" if "swiftppl" in totals else ""
        print(f"  {library:<17} {total:8.2f} s{ratio}")
    if core:
        print(f"\nimport swiftppl: {fmt(core['import_swiftppl_s'])} s (best of 5; ArviZ loaded by the import: "
              f"{core['import_loads_arviz']}); import arviz alone: {fmt(core['import_arviz_s'])} s")
        if "eight_schools_to_draws_s" in core:
            for key, what in (("eight_schools_to_draws_s", "as benchmarked (Deterministic theta)"),
                              ("without_theta_to_draws_s", "without the Deterministic theta")):
                print(f"swiftppl eight schools {what}, built model to draws in memory (4 x (1000 + 1000)): "
                      + ", ".join(f"{s:.3f}" for s in core[key])
                      + f" s (median {core[key[:-2] + '_median_s']:.3f} s)")
        else:
            print(f"swiftppl eight schools to draws: failed: {core['eight_schools_error']}")
    print("\nPer-seed ESS/s (the spread behind the medians):")
    for r in results:
        if r.get("ok"):
            print(f"  {r['model']:<20} {r['library']:<17} " + ", ".join(fmt(x["ess_per_s"]) for x in r["per_seed"]))
    if first_runs:
        print("\nFirst run with empty compile caches (fresh PyTensor compiledir and numba cache; eight schools, "
              "import to InferenceData, one run each):")
        for library, wall in first_runs.items():
            print(f"  {library:<17} " + (f"{wall:8.2f} s" if isinstance(wall, float) else f"failed: {wall}"))
    load_end = os.getloadavg()
    print(f"\nLoad average (1, 5, 15 min) at the start {load_start[0]:.1f}, {load_start[1]:.1f}, {load_start[2]:.1f}; "
          f"at the end {load_end[0]:.1f}, {load_end[1]:.1f}, {load_end[2]:.1f} on {os.cpu_count()} CPUs.")
    print("The machine may be shared with other work: timings are noisy; compare ratios within one run.")

    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    report = {"settings": {"chains": CHAINS, "tune": TUNE, "draws": DRAWS, "data_seed": DATA_SEED,
                           "sampler_seeds": seeds, "cpus": os.cpu_count(),
                           "python": platform.python_version(), "versions": found,
                           "load_average_start": load_start, "load_average_end": load_end,
                           "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
              "results": results, "totals_wall_s": totals, "swiftppl": core,
              "first_run_empty_caches_wall_s": first_runs}
    with open(out, "w") as f:
        json.dump(report, f, indent=1)
    print(f"wrote {os.path.relpath(out)}")


if __name__ == "__main__":
    if "--child" in sys.argv:
        i = sys.argv.index("--child")
        seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else SAMPLER_SEED
        child(sys.argv[i + 1], sys.argv[i + 2], sys.argv[sys.argv.index("--child-out") + 1], seed)
    elif "--swiftppl-core" in sys.argv:
        swiftppl_core(sys.argv[sys.argv.index("--child-out") + 1])
    else:
        main(sys.argv[1:])
