"""NUTS from Python: chains run on Swift threads while Python shows progress and turns Ctrl-C into a cancel."""

import numbers
import os
import sys
import time
import warnings

import numpy as np

from .. import _core
from .._handles import Handle
from ..compile.function import Function

ADAPTATIONS = {"grad_diag": 0, "diag": 1, "none": 2, "low_rank": 3}

# The arrays a run returns: per-iteration statistics are (chains, iterations).
NUTS_RESULTS = (
    "position", "logp", "energy", "energy_error", "acceptance_rate", "step_size", "step_size_bar",
    "tree_depth", "n_steps", "index_in_trajectory", "diverging", "reached_max_treedepth",
    "inverse_mass", "final_step_size", "gradient_evaluations", "counts",
)


class _Sampler(Handle):
    """A running (or finished) set of chains; releasing it never stops them early."""

    __slots__ = ()

    @classmethod
    def _start(cls, start, *args):
        """A run started by ``start`` (``_core.nuts_start`` or ``_core.steps_start``) with ``args``."""
        obj = object.__new__(cls)
        obj._h = start(*args)
        return obj


def _seed(random_seed):
    """A 64-bit seed from None (fresh entropy), an int, or a NumPy Generator / SeedSequence."""
    if random_seed is None:
        return int(np.random.SeedSequence().generate_state(1, dtype=np.uint64)[0])
    if isinstance(random_seed, np.random.Generator):
        return int(random_seed.integers(0, 2**63))
    if isinstance(random_seed, np.random.SeedSequence):
        return int(random_seed.generate_state(1, dtype=np.uint64)[0])
    if isinstance(random_seed, numbers.Integral) and not isinstance(random_seed, bool):
        if not 0 <= int(random_seed) < 2**64:
            raise ValueError(f"random_seed must be in [0, 2**64), got {random_seed}")
        return int(random_seed)
    raise TypeError(f"random_seed must be None, an int or a numpy Generator, got {type(random_seed).__name__}")


def _count(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def sample_nuts(logp_dlogp, initial_points, *, draws=1000, tune=1000, chains=4, cores=None, random_seed=None,
                target_accept=0.8, max_treedepth=10, adaptation="grad_diag", jitter=0.0, initial_step_size=0.1,
                max_energy_error=1000.0, progressbar=True, mass_matrix_gamma=None, mass_matrix_eigval_cutoff=None,
                mass_matrix_max_rank=None):
    """Runs NUTS chains over a compiled log density and returns a dict of NumPy arrays.

    ``logp_dlogp`` is a compiled ``swiftppl.function`` whose inputs are the value
    variables (float64, static shapes) and whose outputs are ``[logp, *grads]`` (the
    gradient for each input, in order). ``initial_points`` is one flat point of the
    concatenated inputs, or one per chain. Chain ``c`` depends only on
    ``(random_seed, c)``, never on ``cores``.

    ``adaptation`` is ``"grad_diag"`` (default: nutpie's gradient-based diagonal),
    ``"diag"`` (Stan's windowed variance), ``"low_rank"`` (nutpie's low-rank modified mass
    matrix for strongly correlated posteriors; tuned by ``mass_matrix_gamma`` (1e-5),
    ``mass_matrix_eigval_cutoff`` (2) and ``mass_matrix_max_rank`` (no cap)) or ``"none"``::

        r = sample_nuts(f, x0, adaptation="low_rank", mass_matrix_max_rank=10)
        # from a model: pm.sample(nuts_sampler_kwargs={"adaptation": "low_rank"})

    Ctrl-C stops the chains and returns what they drew (cut to the shortest chain) with
    a warning. The result's ``tune`` entry says how many leading iterations are warm-up.
    """
    if not isinstance(logp_dlogp, Function):
        raise TypeError(f"logp_dlogp must be a compiled swiftppl function, got {type(logp_dlogp).__name__}")
    chains = _count("chains", chains, 1)
    options = {
        "draws": _count("draws", draws, 0),
        "tune": _count("tune", tune, 0),
        "chains": chains,
        "cores": _count("cores", min(chains, os.cpu_count() or 1) if cores is None else cores, 1),
        "target_accept": float(target_accept),
        "max_treedepth": _count("max_treedepth", max_treedepth, 1),
        "max_energy_error": float(max_energy_error),
        "initial_step_size": float(initial_step_size),
        "jitter": float(jitter),
    }
    if adaptation not in ADAPTATIONS:
        raise ValueError(f"unknown adaptation {adaptation!r}; use one of {', '.join(ADAPTATIONS)}")
    options["adaptation"] = ADAPTATIONS[adaptation]
    low_rank = {"mass_matrix_gamma": mass_matrix_gamma, "mass_matrix_eigval_cutoff": mass_matrix_eigval_cutoff,
                "mass_matrix_max_rank": mass_matrix_max_rank}
    for name, value in low_rank.items():
        if value is None:
            continue
        if adaptation != "low_rank":
            raise ValueError(f"{name} applies to adaptation='low_rank' only (adaptation is {adaptation!r})")
        options[name] = _count(name, value, 1) if name == "mass_matrix_max_rank" else float(value)
    points = np.asarray(initial_points, dtype=np.float64)
    if points.ndim == 1:
        points = points[None, :]
    if points.ndim != 2:
        raise ValueError(f"initial_points must be one point (1-d) or one per chain (2-d), got shape {points.shape}")
    sampler = _Sampler._start(_core.nuts_start, logp_dlogp._h, list(options), list(options.values()),
                              _seed(random_seed), np.ascontiguousarray(points))
    total = options["tune"] + options["draws"]
    interrupted = _run_to_end(sampler, chains, total, progressbar)
    results = {name: _core.nuts_result(sampler._h, name) for name in NUTS_RESULTS}
    results["tune"] = int(_core.nuts_result(sampler._h, "tune"))
    if interrupted:
        interrupted_warning(results["logp"].shape[1], total, results["tune"])
    return results


def _run_to_end(sampler, chains, total, progressbar, nuts=True):
    """Watches a started run (NUTS or compound; `nuts`: whether a NUTS step takes part, so
    that divergences and step sizes mean something) until its chains stop; Ctrl-C cancels
    them and keeps what they drew. Returns True when interrupted."""
    interrupted = False
    try:
        _watch(sampler, chains, total, progressbar, nuts)
    except KeyboardInterrupt:
        interrupted = True
        _core.nuts_cancel(sampler._h)
    _core.nuts_wait(sampler._h)
    return interrupted


def interrupted_warning(done, total, tune):
    """The warning after Ctrl-C: how many iterations each chain returns and how many are warm-up."""
    warnings.warn(f"Sampling was interrupted; returning {done} of {total} iterations per chain "
                  f"(the first {min(tune, done)} are warm-up).", RuntimeWarning, stacklevel=3)


def _watch(sampler, chains, total, progressbar, nuts=True):
    """Polls the chains until they finish, showing per-chain progress (iterations, divergences,
    step size) on one terminal line, or in a Jupyter output cell that is updated in place."""
    display = _ProgressDisplay(chains, total, nuts) if progressbar else None
    while True:
        done, divergences, step_sizes, finished = _core.nuts_progress(sampler._h)
        if display is not None:
            display.update(done, divergences, step_sizes)
        if finished:
            break
        # Short naps keep the wait cheap and Ctrl-C responsive; the display needs no faster refresh.
        time.sleep(0.05 if display is not None else 0.002)
    if display is not None:
        display.close()


class _ProgressDisplay:
    """Per-chain progress on stderr, or in a notebook cell when running under a Jupyter kernel."""

    def __init__(self, chains, total, nuts=True):
        self.chains, self.total, self.nuts = chains, total, nuts
        self.last = ""
        self.handle = None
        try:
            from IPython import get_ipython

            shell = get_ipython()
            if shell is not None and "IPKernelApp" in getattr(shell, "config", {}):
                from IPython.display import display

                self.handle = display({"text/plain": self._text([0] * chains, [0] * chains, [0.0] * chains)},
                                      raw=True, display_id=True)
        except ImportError:
            self.handle = None
        self.stream = None if self.handle is not None else sys.stderr

    def _text(self, done, divergences, step_sizes, separator="\n"):
        finished = sum(done)
        bar = "#" * int(30 * finished / max(self.chains * self.total, 1))
        head = f"Sampling {self.chains} chain{'s' if self.chains > 1 else ''}: [{bar:<30}] {finished}/{self.chains * self.total}"
        if self.nuts:
            rows = [f"chain {c}: {done[c]}/{self.total}, {divergences[c]} divergences, step size {step_sizes[c]:.3g}"
                    for c in range(self.chains)]
        else:  # Metropolis/Slice/Gibbs only: no step size, no divergences
            rows = [f"chain {c}: {done[c]}/{self.total}" for c in range(self.chains)]
        return separator.join([head] + rows)

    def update(self, done, divergences, step_sizes):
        if self.handle is not None:
            text = self._text(done, divergences, step_sizes)
            if text != self.last:
                self.handle.update({"text/plain": text}, raw=True)
                self.last = text
            return
        if self.stream is None:
            return
        line = "\r" + self._text(done, divergences, step_sizes, separator=" | ")
        if line != self.last:
            self.stream.write(line)
            self.stream.flush()
            self.last = line

    def close(self):
        if self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()
