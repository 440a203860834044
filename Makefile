# The two commands of the README: `make example` (the main job) and `make test`.
PYTHON ?= python3

.PHONY: setup example test test-swift test-python develop

setup:
	./scripts/setup-env.sh

example: setup
	cd examples && $(PYTHON) graph_basics.py

test: setup test-swift test-python

test-swift:
	swift test

test-python:
	cd tests && $(PYTHON) -m pytest -q

# An editable install for working on the Python side.
develop:
	SWIFTPPL_INSTALL_MODE="-e ." ./scripts/setup-env.sh
