"""ESS per gradient evaluation, swiftppl against nutpie, over many seeds (issue 6).

One seed's min-bulk-ESS per gradient varies by roughly 10 %, so a single run cannot
tell a 5 % difference between samplers. This runs the models of benchmarks/sampling.py
(same data, priors and parameterization) with one library over several seeds, 4 chains
x 1000 tune + 1000 draws each, and records per seed: the smallest bulk ESS (ArviZ) over
the free variables, the post-warm-up leapfrog steps summed over chains (n_steps), their
ratio, the mean post-warm-up step size and tree depth, and the divergences.

Each library runs in the interpreter that has it:

    PYTHONPATH=python python benchmarks/ess_per_gradient.py --library swiftppl --out s.json
    /work/.bench-venv/bin/python benchmarks/ess_per_gradient.py --library nutpie --out n.json
    python benchmarks/ess_per_gradient.py --report s.json n.json [more.json ...]

--report prints, per model, the mean and standard error (over seeds) of ESS/gradient,
step size and depth for each file, and the ratio of each file's mean ESS/gradient to the
first file's with the standard error of that ratio (delta method, seeds independent).
Options: --models a,b  --seeds N  --first-seed S (seeds S..S+N-1, default 1)  --label text.
Several files with the same label (e.g. more seeds of the same sampler) are pooled.
"""

import argparse
import json
import math
import os
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import sampling  # noqa: E402  (the benchmark's models, data and free-variable names)

DEFAULT_MODELS = ("eight_schools", "hierarchical_linear", "poisson_glmm")


def sample(library, model, d, seed):
    """InferenceData of one run: 4 chains x 1000 tune + 1000 draws with `library`'s defaults."""
    if library == "swiftppl":
        import swiftppl as pm
        import swiftppl.tensor as pt

        m = sampling.build_pymc_model(pm, pt, model, d)
        return pm.sample(draws=sampling.DRAWS, tune=sampling.TUNE, chains=sampling.CHAINS, random_seed=seed,
                         progressbar=False, model=m, compute_convergence_checks=False)
    if library == "nutpie":
        import nutpie

        compiled = sample.compiled.get(model)
        if compiled is None:
            import pymc as pm
            import pytensor.tensor as pt

            compiled = nutpie.compile_pymc_model(sampling.build_pymc_model(pm, pt, model, d))
            sample.compiled[model] = compiled
        return nutpie.sample(compiled, draws=sampling.DRAWS, tune=sampling.TUNE, chains=sampling.CHAINS, seed=seed,
                             progress_bar=False, save_warmup=False)
    raise ValueError(f"unknown library {library!r} (swiftppl or nutpie)")


sample.compiled = {}


def stat(idata, *names):
    """The first of `names` present in sample_stats, as a NumPy array."""
    for name in names:
        if name in idata.sample_stats:
            return idata.sample_stats[name].values
    raise KeyError(f"none of {names} in sample_stats ({list(idata.sample_stats.data_vars)})")


def measure(library, model, seed):
    import arviz as az
    import numpy as np

    d = sampling.data(model)
    t0 = time.perf_counter()
    idata = sample(library, model, d, seed)
    seconds = time.perf_counter() - t0
    names = sampling.FREE_VARS[model]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ess = az.ess(idata, var_names=names, method="bulk")
    min_ess = min(float(np.min(ess[n].values)) for n in names)
    steps = int(np.sum(stat(idata, "n_steps")))
    return {"seed": seed, "min_bulk_ess": min_ess, "gradients": steps, "ess_per_gradient": min_ess / steps,
            "step_size": float(np.mean(stat(idata, "step_size"))),
            "tree_depth": float(np.mean(stat(idata, "tree_depth", "depth"))),
            "divergences": int(np.sum(stat(idata, "diverging"))), "seconds": seconds}


def mean_se(values):
    n = len(values)
    m = sum(values) / n
    var = sum((v - m) ** 2 for v in values) / (n - 1) if n > 1 else float("nan")
    return m, math.sqrt(var / n)


def report(paths):
    runs = []
    for p in paths:
        with open(p) as f:
            run = json.load(f)
        same = next((r for r in runs if r["label"] == run["label"]), None)
        if same is None:
            runs.append(run)
            continue
        for model, rows in run["models"].items():
            seen = {r["seed"] for r in same["models"].setdefault(model, [])}
            same["models"][model].extend(r for r in rows if r["seed"] not in seen)
    models = list(dict.fromkeys(m for run in runs for m in run["models"]))
    for model in models:
        print(f"\n{model}")
        print(f"  {'run':34} {'seeds':>5} {'ESS/grad':>10} {'± se':>8} {'ratio':>7} {'± se':>6}"
              f" {'step':>8} {'depth':>6} {'± se':>6} {'div/seed':>8}")
        base = None
        for run in runs:
            rows = run["models"].get(model)
            if not rows:
                continue
            m, se = mean_se([r["ess_per_gradient"] for r in rows])
            step, _ = mean_se([r["step_size"] for r in rows])
            depth, depth_se = mean_se([r["tree_depth"] for r in rows])
            div = sum(r["divergences"] for r in rows) / len(rows)
            if base is None:
                base = (m, se)
            # ratio m/m0 and its delta-method standard error (independent seeds).
            ratio = m / base[0]
            ratio_se = ratio * math.sqrt((se / m) ** 2 + (base[1] / base[0]) ** 2) if run is not runs[0] else 0.0
            print(f"  {run['label'][:34]:34} {len(rows):5d} {m:10.5f} {se:8.5f} {ratio:7.3f} {ratio_se:6.3f}"
                  f" {step:8.4f} {depth:6.3f} {depth_se:6.3f} {div:8.2f}")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", choices=("swiftppl", "nutpie"))
    parser.add_argument("--models", default=",".join(DEFAULT_MODELS))
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--label", default=None)
    parser.add_argument("--out", default=None)
    parser.add_argument("--report", nargs="+", default=None)
    args = parser.parse_args(argv)
    if args.report:
        report(args.report)
        return
    if args.library is None or args.out is None:
        parser.error("--library and --out are required unless --report is given")
    models = [m for m in args.models.split(",") if m]
    for m in models:
        if m not in sampling.MODELS:
            parser.error(f"unknown model {m!r}; known: {', '.join(sampling.MODELS)}")
    result = {"library": args.library, "label": args.label or args.library, "first_seed": args.first_seed,
              "seeds": args.seeds, "models": {}}
    for model in models:
        rows = []
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            rows.append(measure(args.library, model, seed))
            r = rows[-1]
            print(f"{args.library} {model} seed {seed}: ESS/grad {r['ess_per_gradient']:.5f} "
                  f"(ESS {r['min_bulk_ess']:.0f}, {r['gradients']} grads), step {r['step_size']:.4f}, "
                  f"depth {r['tree_depth']:.2f}, {r['seconds']:.1f} s", flush=True)
        result["models"][model] = rows
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
