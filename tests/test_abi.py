"""The C ABI never traps: every function of swiftppl.h, called through ctypes with bad
arguments, returns its documented status and a message, and the process survives.

The calls themselves live in abi_cases.py; each batch runs in its own interpreter so
that a crash fails that batch's test, naming the signal and the call that caused it.
"""

import json
import os
import re
import subprocess
import sys

import pytest

import abi_support
from crashcheck import TESTS, describe_exit

ROOT = os.path.dirname(TESTS)
BATCHES = ["handles", "arrays", "variables", "nodes", "graphs", "functions", "calls", "build_arguments", "steps",
           "build_functions", "sampling", "fuzz_0", "fuzz_1", "fuzz_2", "fuzz_3"]


@pytest.mark.parametrize("batch", BATCHES)
def test_bad_arguments_batch(batch):
    env = dict(os.environ, PYTHONPATH=TESTS + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, os.path.join(TESTS, "abi_cases.py"), batch],
                            capture_output=True, text=True, timeout=120, env=env)
    if result.returncode != 0:
        calls = result.stderr.strip().splitlines()
        last = calls[-1] if calls else "(nothing)"
        pytest.fail(f"batch {batch} {describe_exit(result.returncode)}; last call: {last}\n"
                    f"stderr tail:\n{result.stderr[-3000:]}")
    problems = json.loads(result.stdout.strip().splitlines()[-1])
    assert problems == [], "\n".join(problems)


def test_batches_are_all_run():
    import abi_cases

    assert sorted(BATCHES) == sorted(abi_cases.BATCHES)


def exported_functions():
    output = subprocess.run(["nm", "-D", "--defined-only", abi_support.library_path()],
                            capture_output=True, text=True, check=True).stdout
    return sorted({line.split()[-1] for line in output.splitlines() if line.split()[-1].startswith("sppl_")})


def test_header_declares_exactly_the_exported_functions():
    declared = abi_support.header_functions()
    assert len(declared) > 30
    exported = exported_functions()
    assert [f for f in exported if f not in declared] == [], "exported but not declared in swiftppl.h"
    assert [f for f in declared if f not in exported] == [], "declared in swiftppl.h but not exported"
    for name in declared:  # and each resolves at run time
        getattr(abi_support.lib, name)


def test_every_declared_function_is_bound_and_exercised():
    declared = abi_support.header_functions()
    assert sorted(abi_support.SIGNATURES) == declared
    cases = open(os.path.join(TESTS, "abi_cases.py")).read()
    assert [name for name in declared if f'"{name}"' not in cases and f"lib.{name}" not in cases] == []


def builder_names_in_sources():
    """The names sppl_build accepts, read from the Swift sources."""
    builders = open(os.path.join(ROOT, "Sources", "SwiftPPLCABI", "Builders.swift")).read()
    builders += open(os.path.join(ROOT, "Sources", "SwiftPPLCABI", "Exports+Random.swift")).read()
    names = set(re.findall(r'table\["(\w+)"\]', builders))
    # One builder per random variable of the catalog (read from the Swift catalog files).
    catalogs = "".join(open(os.path.join(ROOT, "Sources", "RandomVariables", f)).read()
                       for f in os.listdir(os.path.join(ROOT, "Sources", "RandomVariables")) if f.startswith("Catalog"))
    names |= {"rv_" + n for n in re.findall(r'\.(?:real|integer|block|scalar)\("(\w+)"', catalogs)}
    names |= set(re.findall(r'\("(\w+)", (?:true|false)\)', builders))
    reduce_ops = open(os.path.join(ROOT, "Sources", "DenseArrays", "NDArray+Reduce.swift")).read()
    names |= set(re.search(r"enum ReduceOp[^{]*\{\s*case ([\w, ]+)", reduce_ops).group(1).replace(" ", "").split(","))
    scalar = open(os.path.join(ROOT, "Sources", "DenseArrays", "ScalarOp.swift")).read()
    listed = re.search(r"allNamed: \[ScalarOp\] = \[(.*?)\]", scalar, re.S).group(1)
    cases = re.findall(r"\.(\w+)", listed)
    spelled = dict(re.findall(r"case \.(\w+): return \"(\w+)\"", scalar))
    names |= {spelled[c] for c in cases}
    return sorted(names)


def test_every_graph_function_is_covered():
    import abi_cases

    sources = builder_names_in_sources()
    assert len(sources) > 100
    covered = abi_cases.builder_names()
    assert [n for n in sources if n not in covered] == []
    assert [n for n in covered if n not in sources] == []
