"""How long must warm-up be? pm.sample on the posteriordb models at several `tune` lengths, against Stan's references.

For each model (the builders and settings of tests/test_posteriordb.py) and each tune
length, a few seeds: post-warm-up divergences, the largest |z| of the posterior means
and mean squares against the reference (as the test computes it), the smallest bulk
ESS, the gradient evaluations spent in all (warm-up included) and the bulk ESS per
gradient. A tune length is good enough when |z| stays small, divergences do not appear
and ESS per gradient is as high as with the longest warm-up.

    python benchmarks/tune_study.py [--tunes 200,300,500,1000] [--seeds 2] [--models arK-arK,...]

Writes a markdown table to stdout.
"""

import argparse
import pathlib
import sys
import time

import arviz as az
import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests"))

import swiftppl as pm  # noqa: E402
from test_posteriordb import MODELS, draws_of, fixture, z_scores  # noqa: E402

# diamonds takes minutes per run (~270 leapfrog steps per draw): left out by default.
DEFAULT_MODELS = [name for name in MODELS if not name.startswith("diamonds")]


def run(posterior, tune, seed):
    build, _, extra = MODELS[posterior]
    fx = fixture(posterior)
    model = build(fx["data"])
    settings = {"draws": 1000, "chains": 4, "cores": 2, "progressbar": False,
                "compute_convergence_checks": False, **extra, "tune": tune}
    t0 = time.perf_counter()
    with model:
        idata = pm.sample(random_seed=seed, discard_tuned_samples=False, **settings)
    elapsed = time.perf_counter() - t0
    post = {name: idata.posterior[name].values for name in idata.posterior.data_vars}
    zs = z_scores(post, fx["reference"])
    max_z = max(max(abs(z) for z in pair) for pair in zs.values())
    ess = min(float(az.ess(draws_of(post, name), method="bulk")) for name in fx["reference"])
    gradients = int(idata.sample_stats["n_steps"].values.sum())
    if "warmup_sample_stats" in idata.groups():
        gradients += int(idata.warmup_sample_stats["n_steps"].values.sum())
    return {"divergences": int(idata.sample_stats["diverging"].values.sum()), "max_z": max_z, "ess": ess,
            "gradients": gradients, "ess_per_grad": ess / gradients, "time": elapsed,
            "step_size": float(np.mean(idata.sample_stats["step_size"].values[:, -1]))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tunes", default="200,300,500,1000")
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--models", default=",".join(DEFAULT_MODELS))
    args = parser.parse_args()
    tunes = [int(t) for t in args.tunes.split(",")]
    print("| model | tune | divergences (per seed) | max \\|z\\| | min bulk ESS | gradients (all) | ESS/gradient | s |")
    print("|---|---|---|---|---|---|---|---|")
    for posterior in args.models.split(","):
        for tune in tunes:
            rows = [run(posterior, tune, 100 + seed) for seed in range(args.seeds)]
            divergences = "/".join(str(r["divergences"]) for r in rows)
            print(f"| {posterior.split('-')[0]} | {tune} | {divergences} | {max(r['max_z'] for r in rows):.2f} | "
                  f"{min(r['ess'] for r in rows):.0f} | {np.mean([r['gradients'] for r in rows]):.0f} | "
                  f"{np.mean([r['ess_per_grad'] for r in rows]):.4f} | {np.mean([r['time'] for r in rows]):.1f} |",
                  flush=True)


if __name__ == "__main__":
    main()
