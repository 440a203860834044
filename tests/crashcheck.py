"""Runs code in a fresh interpreter so that a crash (a Swift trap, a segfault) fails
one test, naming the signal, instead of killing pytest."""

import os
import signal
import subprocess
import sys
import textwrap

TESTS = os.path.dirname(os.path.abspath(__file__))


def describe_exit(returncode):
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"crashed with {name}"
    return f"exited with status {returncode}"


def run_isolated(code, *, timeout=60, args=(), env=None, preexec_fn=None):
    """Runs `code` (dedented) with `python -c`; returns the CompletedProcess.
    The tests directory is on sys.path, so helper modules import."""
    environment = dict(os.environ)
    environment["PYTHONPATH"] = TESTS + os.pathsep + environment.get("PYTHONPATH", "")
    environment["PYTHONFAULTHANDLER"] = "1"
    if env:
        environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True, text=True, timeout=timeout, env=environment, preexec_fn=preexec_fn,
    )


def assert_survives(code, **kwargs):
    """Runs `code` in a subprocess and fails, with its output, unless it exits with 0."""
    result = run_isolated(code, **kwargs)
    if result.returncode != 0:
        raise AssertionError(
            f"subprocess {describe_exit(result.returncode)}\n"
            f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
        )
    return result
