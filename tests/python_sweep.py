"""Calls every public function of swiftppl and swiftppl.tensor with awkward arguments.

`python python_sweep.py SEED` prints a JSON list of problems: an exception of a type
other than the ones a user should get (TypeError, ValueError, IndexError,
RuntimeError, LinAlgError, NotImplementedError, MemoryError), an exception
without a message, or an unknown keyword argument that was accepted. Each call is
announced on stderr first, so a crash names its call. Run by test_python_errors.py.
"""

import collections
import inspect
import io
import json
import random
import sys

import numpy as np

import swiftppl
import swiftppl.tensor as pt
import swiftppl.tensor.linalg as la
from swiftppl import _core

ALLOWED = (TypeError, ValueError, IndexError, RuntimeError, np.linalg.LinAlgError, NotImplementedError, MemoryError)
# Modules and helpers that are importable but are not functions to call.
SKIP = {"basic", "math", "type", "variable", "index_params", "build", "build1", "linalg", "floatX"}


def pool():
    released = pt.vector("released")
    _core.release(released._h)
    return {
        "fv": pt.vector("fv"), "fv3": pt.vector("fv3", shape=(3,)), "iv": pt.lvector("iv"), "bv": pt.bvector("bv"),
        "fs": pt.scalar("fs"), "is": pt.lscalar("is"), "fm": pt.matrix("fm"), "fm23": pt.matrix("fm23", shape=(2, 3)),
        "const": pt.constant(np.arange(3.0)), "shared": swiftppl.shared(np.ones(2), "sh"), "released": released,
        "str": "abc", "none": None, "nan": np.nan, "inf": np.inf, "neg": -1, "neg2": -2, "zero": 0,
        "big": 2**63 - 1, "huge": 2**70, "minus_huge": -2**70, "cplx": np.array([1j]), "obj": np.array([object()]),
        "f32": np.ones(3, np.float32), "u64": np.array([2**64 - 1], np.uint64), "list": [1.0, 2.0],
        "ragged": [[1.0], [1.0, 2.0]], "nested_vars": [pt.scalar("a"), [pt.scalar("b")]], "tuple_neg": (-1, 3),
        "float": 2.5, "bool": True, "arr5": np.arange(5.0), "nanarr": np.array([np.nan, 1.0]), "dict": {},
        "slice": slice(None), "tensor3": np.zeros((2, 3, 4)), "dtype_bad": "complex128", "empty": np.zeros((0, 3)),
        "dims40": np.zeros((1,) * 40),
    }


def public_functions():
    names = [("pt." + n, getattr(pt, n)) for n in pt.__all__ if n not in SKIP]
    names += [("linalg." + n, getattr(la, n)) for n in dir(la) if not n.startswith("_") and n not in SKIP]
    names += [("swiftppl." + n, getattr(swiftppl, n)) for n in swiftppl.__all__]
    return [(n, f) for n, f in names
            if callable(f) and not inspect.ismodule(f) and not (isinstance(f, type) and issubclass(f, BaseException))]


def positional_count(fn):
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return 2
    return len([p for p in sig.parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)])


def main(seed):
    rng = random.Random(seed)
    values = pool()
    keys = sorted(values)
    problems = collections.Counter()
    sys.stdout = io.StringIO()  # dprint and friends print
    for name, fn in public_functions():
        npos = positional_count(fn)
        combos = [()]
        for n in range(1, min(npos, 3) + 1):
            combos += [tuple(rng.choice(keys) for _ in range(n)) for _ in range(40)]
        for combo in combos:
            sys.stderr.write(f"{name}{combo}\n")
            sys.stderr.flush()
            try:
                result = fn(*[values[k] for k in combo])
                if isinstance(result, swiftppl.graph.Variable):
                    str(result)
                    roots = swiftppl.graph_inputs([result])
                    if all(isinstance(v, (pt.TensorConstant, pt.TensorSharedVariable)) for v in roots):
                        result.eval()
            except ALLOWED as e:
                if not str(e):
                    problems[f"{name}: {type(e).__name__} without a message"] += 1
            except Exception as e:  # noqa: BLE001 -- anything else is what we look for
                problems[f"{name}{combo}: {type(e).__name__}: {str(e)[:200]}"] += 1
        sys.stderr.write(f"{name} with an unknown keyword\n")
        try:
            fn(*[values["fv"]] * min(npos, 1), definitely_not_a_keyword=1)
        except TypeError:
            pass
        except Exception as e:  # noqa: BLE001
            problems[f"{name}(..., definitely_not_a_keyword=1): {type(e).__name__}: {e}"] += 1
        else:
            problems[f"{name}(..., definitely_not_a_keyword=1) was accepted"] += 1
    sys.stdout = sys.__stdout__
    print(json.dumps(sorted(problems)))


if __name__ == "__main__":
    main(int(sys.argv[1]))
