# The two commands of the README: `make example` (the main job) and `make test`.
PYTHON ?= python3

.PHONY: setup example test test-swift test-python develop bench bench-sampling

setup:
	./scripts/setup-env.sh

example: setup
	cd examples && $(PYTHON) talk_flow.py

test: setup test-swift test-python

test-swift:
	swift test

test-python:
	cd tests && $(PYTHON) -m pytest -q

# An editable install for working on the Python side.
develop:
	SWIFTPPL_INSTALL_MODE="-e ." ./scripts/setup-env.sh

# Side-by-side benchmarks (PyTensor and friends in their own virtualenv; never runtime dependencies).
BENCH_VENV ?= .bench-venv
bench:
	test -x $(BENCH_VENV)/bin/python || python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q pytensor numpy scipy wheel "setuptools>=64"
	$(BENCH_VENV)/bin/pip install -q --no-build-isolation .
	$(BENCH_VENV)/bin/python benchmarks/executor.py

# Sampling side by side (issue 6): PyMC, nutpie and NumPyro (JAX on CPU) in the same virtualenv, never runtime dependencies.
bench-sampling:
	test -x $(BENCH_VENV)/bin/python || python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q pymc nutpie numpyro "jax[cpu]" arviz numpy scipy wheel "setuptools>=64"
	$(BENCH_VENV)/bin/pip install -q --no-build-isolation .
	$(BENCH_VENV)/bin/python benchmarks/sampling.py
