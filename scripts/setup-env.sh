#!/usr/bin/env bash
# setup-env.sh — installs what swiftppl needs on a fresh Debian machine with the
# Swift toolchain: OpenBLAS and Python headers (apt, when missing), NumPy/SciPy/
# pytest (pip), then builds and installs swiftppl itself (Swift release build +
# CPython extension). Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}

missing=()
dpkg -s libopenblas-dev >/dev/null 2>&1 || missing+=(libopenblas-dev)
if ! "$PYTHON" -c 'import os, sysconfig, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
    missing+=(python3-dev)
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup-env: installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v swift >/dev/null || { echo "setup-env: the Swift toolchain (swift) must be on PATH" >&2; exit 1; }

"$PYTHON" -m pip install -q --disable-pip-version-check "numpy>=1.25" scipy pytest graphviz wheel "setuptools>=64"
# Builds against this interpreter and its NumPy headers (hence no build isolation).
# SWIFTPPL_INSTALL_MODE is "." (a regular install) or "-e ." (editable): split on purpose.
# shellcheck disable=SC2086
"$PYTHON" -m pip install -q --disable-pip-version-check --no-build-isolation ${SWIFTPPL_INSTALL_MODE:-.}
