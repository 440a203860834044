"""pm.sample time and a hash of every draw, for comparing two builds of the sampler.

Runs swiftppl's pm.sample (4 chains x 1000 tune + 1000 draws, no InferenceData) on models of
benchmarks/sampling.py, several times per seed, and prints per model the median time of a
pm.sample call over all runs (wall and CPU time: on a shared machine the CPU time of the
process, summed over its threads, moves less with the load than the wall time) and, per seed, a SHA-256 of the draws and the sample statistics.
Two builds that draw the same trajectories print the same hashes.

    python benchmarks/nuts_overhead.py [--models eight_schools,hierarchical_linear] [--seeds 1,2,3] [--runs 5]
"""

import argparse
import hashlib
import os
import warnings
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

import sampling  # noqa: E402  (benchmarks/sampling.py: data and models)


def run(pm, model, seed):
    """Wall and CPU seconds of one pm.sample call and the SHA-256 of its draws and statistics."""
    start, cpu = time.perf_counter(), time.process_time()
    result = pm.sample(draws=1000, tune=1000, chains=4, random_seed=seed, progressbar=False, model=model,
                       compute_convergence_checks=False, return_inferencedata=False,
                       discard_tuned_samples=False)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    digest = hashlib.sha256()
    for group in ("warmup_posterior", "posterior", "warmup_sample_stats", "sample_stats"):
        for name in sorted(result[group]):
            digest.update(name.encode())
            digest.update(np.ascontiguousarray(result[group][name]).tobytes())
    return seconds, cpu, digest.hexdigest()[:16]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="eight_schools,hierarchical_linear")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--runs", type=int, default=3, help="runs per seed")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # divergence warnings: the same in both builds
    import swiftppl as pm
    import swiftppl.tensor as pt

    print(f"swiftppl from {os.path.dirname(pm.__file__)}")
    seeds = [int(s) for s in args.seeds.split(",")]
    for name in args.models.split(","):
        model = sampling.build_pymc_model(pm, pt, name, sampling.data(name), deterministic=False)
        run(pm, model, seeds[0])  # warm-up: first-call costs (imports, page faults) out of the timings
        times, cpus, hashes = [], [], {}
        for _ in range(args.runs):
            for seed in seeds:
                seconds, cpu, digest = run(pm, model, seed)
                times.append(seconds)
                cpus.append(cpu)
                if hashes.setdefault(seed, digest) != digest:
                    raise SystemExit(f"{name}: seed {seed} drew different values in two runs")
        shown = " ".join(f"{t:.3f}" for t in sorted(times))
        print(f"{name}: median {statistics.median(times):.4f} s wall, {statistics.median(cpus):.4f} s CPU "
              f"over {len(times)} runs [wall {shown}]")
        for seed, digest in hashes.items():
            print(f"  seed {seed}: {digest}")


if __name__ == "__main__":
    main()
