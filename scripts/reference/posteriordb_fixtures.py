"""Fixtures for tests/test_posteriordb.py from the posteriordb reference posteriors (Stan's draws).

Writes tests/data/posteriordb/<posterior>.json: the model's data and, per reported
parameter (names as posteriordb gives them, 1-based: ``theta[3]``), the reference
posterior mean and mean of squares with their Monte Carlo standard errors, plus
posteriordb's licence next to them. The tests read only these files, so they run
on a clone without shared/posteriordb.

The means and MCSEs come from posteriordb's mean/ and mean_squared/ files. Where an
MCSE is missing there (absent, null or not finite), it is computed from the
reference draws by batch means: each of the 10 chains is one batch, and the
standard error is the standard deviation of the 10 per-chain estimates over
sqrt(10). The thinned Stan chains are close to independent of each other, so this
is an honest (if noisy, 9 degrees of freedom) estimate that needs no ESS model.

Usage, from the repository root:
    python3 scripts/reference/posteriordb_fixtures.py [path/to/posteriordb]
The path defaults to ../shared/posteriordb beside the repository root, then
/work/shared/posteriordb.
"""
import json
import math
import pathlib
import shutil
import sys
import zipfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "posteriordb"

# posterior name -> data set name (posteriordb's "<data>-<model>" naming).
POSTERIORS = {
    "eight_schools-eight_schools_noncentered": "eight_schools",
    "diamonds-diamonds": "diamonds",
    "arK-arK": "arK",
    "kidiq-kidscore_momhsiq": "kidiq",
    "sblrc-blr": "sblrc",
    "mesquite-logmesquite_logvash": "mesquite",
    "gp_pois_regr-gp_pois_regr": "gp_pois_regr",
    "low_dim_gauss_mix-low_dim_gauss_mix": "low_dim_gauss_mix",
}


def database(argv):
    if len(argv) > 1:
        path = pathlib.Path(argv[1])
    else:
        path = ROOT.parent / "shared" / "posteriordb"
        if not path.exists():
            path = pathlib.Path("/work/shared/posteriordb")
    if not (path / "README.md").exists():
        sys.exit(f"posteriordb not found at {path}")
    return path


def load_zip(path):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        if len(names) != 1:
            sys.exit(f"{path}: expected one file in the archive, found {names}")
        return json.loads(z.read(names[0]))


def batch_means_mcse(chains, name, power):
    """MCSE of the mean of draws**power, one batch per chain (see the module docstring)."""
    per_chain = np.array([np.mean(np.asarray(chain[name], dtype=float) ** power) for chain in chains])
    return float(per_chain.std(ddof=1) / math.sqrt(len(per_chain)))


def moments(db, posterior, kind, key, power, draws):
    """{name: [value, mcse]} from mean/ or mean_squared/, MCSEs filled in from the draws where missing."""
    table = json.loads((db / kind / f"{posterior}.json").read_text())
    names, values = table["names"], table[key]
    mcses = table.get("mcse_mean") or [None] * len(names)
    if not (len(names) == len(values) == len(mcses)):
        sys.exit(f"{kind}/{posterior}.json: names, values and mcse_mean differ in length")
    out, filled = {}, []
    for name, value, mcse in zip(names, values, mcses):
        if mcse is None or not math.isfinite(float(mcse)):
            mcse = batch_means_mcse(draws, name, power)
            filled.append(name)
        out[name] = [float(value), float(mcse)]
    return out, filled


def main(argv):
    db = database(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for posterior, data_name in POSTERIORS.items():
        data = load_zip(db / "data" / f"{data_name}.json.zip")
        draws = load_zip(db / "draws" / f"{posterior}.json.zip")
        mean, filled_mean = moments(db, posterior, "mean", "mean_value", 1, draws)
        square, filled_square = moments(db, posterior, "mean_squared", "mean_squared_value", 2, draws)
        if set(mean) != set(square):
            sys.exit(f"{posterior}: mean/ and mean_squared/ name different parameters")
        info = json.loads((db / "info" / f"{posterior}.json").read_text())
        fixture = {
            "posterior": posterior,
            "data_name": data_name,
            "source": "posteriordb (BSD-3, see LICENCE.md); Stan reference draws "
                      f"{info['inference']['method_arguments']}",
            "mcse_from_draws": {"mean": filled_mean, "mean_squared": filled_square},
            "data": data,
            "reference": {name: {"mean": mean[name][0], "mcse_mean": mean[name][1],
                                 "mean_squared": square[name][0], "mcse_mean_squared": square[name][1]}
                          for name in mean},
        }
        path = OUT / f"{posterior}.json"
        # Compact separators: the diamonds design matrix alone is 125,000 numbers.
        path.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
        print(f"{path.relative_to(ROOT)}: {len(mean)} parameters, MCSEs from draws: "
              f"{len(filled_mean)} means, {len(filled_square)} mean squares")
    shutil.copyfile(db / "LICENCE.md", OUT / "LICENCE.md")


if __name__ == "__main__":
    main(sys.argv)
