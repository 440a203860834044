"""Builds swiftppl's Swift core (release mode) and the CPython extension over its C ABI.

`pip install .` (or `pip install -e .`) runs `swift build` for the SwiftPPLC
product, compiles python/swiftppl/_core.c against this interpreter and its
NumPy headers, and places libSwiftPPLC.so next to the extension, which finds it
through an $ORIGIN rpath: no LD_LIBRARY_PATH needed. The Swift runtime is linked
statically into the library, so the installed package does not depend on where
the toolchain lives.

SWIFTPPL_TARGET_CPU=native (or another LLVM CPU name, e.g. haswell) compiles for that
CPU instead of baseline x86-64 (SSE2): the elementwise kernels (exp, log, ... in
SpecialFunctions/Vector*.swift) then run on AVX2 or AVX-512 vectors, 2-6 times faster.
Results are bit-for-bit the same, since the Swift code uses no fused multiply-add; the
library then runs only on CPUs with that instruction set.
"""

import os
import shutil
import subprocess
import sys

import numpy
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = os.path.dirname(os.path.abspath(__file__))
SCRATCH = os.path.join(ROOT, ".build-python")
LIBRARY = "libSwiftPPLC.so"


def swift_build():
    """Builds the C ABI library in release mode; returns the directory holding it."""
    swift = shutil.which("swift")
    if swift is None:
        sys.exit("swiftppl: the Swift toolchain (swift) must be on PATH to build from source")
    command = [
        swift, "build", "-c", "release", "--product", "SwiftPPLC",
        "--scratch-path", SCRATCH, "-Xswiftc", "-static-stdlib",
    ]
    # A source build runs where it is built: let the compiler use this CPU's vector
    # instructions (AVX2/AVX-512 where present), as -march=native does for C.
    # SWIFTPPL_TARGET_CPU names another CPU (e.g. x86-64-v3); SWIFTPPL_PORTABLE=1
    # builds a library that runs on any CPU of the architecture.
    cpu = os.environ.get("SWIFTPPL_TARGET_CPU", "native")
    if not os.environ.get("SWIFTPPL_PORTABLE"):
        command += ["-Xswiftc", "-target-cpu", "-Xswiftc", cpu]
    jobs = os.environ.get("SWIFTPPL_BUILD_JOBS")
    if jobs:
        command += ["-j", jobs]
    print("swiftppl: " + " ".join(command), flush=True)
    subprocess.check_call(command, cwd=ROOT)
    out = subprocess.check_output(command + ["--show-bin-path"], cwd=ROOT, text=True).strip()
    return out


class BuildWithSwift(build_ext):
    def run(self):
        bin_dir = swift_build()
        for ext in self.extensions:
            ext.library_dirs.append(bin_dir)
        super().run()
        # Place the Swift library beside each built extension module.
        for ext in self.extensions:
            target_dir = os.path.dirname(self.get_ext_fullpath(ext.name))
            os.makedirs(target_dir, exist_ok=True)
            shutil.copy2(os.path.join(bin_dir, LIBRARY), os.path.join(target_dir, LIBRARY))


core = Extension(
    "swiftppl._core",
    sources=["python/swiftppl/_core.c"],
    include_dirs=[numpy.get_include(), "Sources/CSwiftPPL/include"],
    libraries=["SwiftPPLC"],
    extra_compile_args=["-O2", "-std=c11", "-Wall", "-Werror=implicit-function-declaration"],
    extra_link_args=["-Wl,-rpath,$ORIGIN"],
    define_macros=[("NPY_TARGET_VERSION", "NPY_1_25_API_VERSION")],
)

setup(ext_modules=[core], cmdclass={"build_ext": BuildWithSwift})
