"""Cost of one log-density + gradient evaluation on the sampling benchmark's models, side by side.

For each model of benchmarks/sampling.py this builds swiftppl's compiled
``[logp, *grads]`` function exactly as ``pm.sample`` does (``function(value_vars,
[logp] + grad(logp, value_vars))``) and reports microseconds per evaluation:

* ``swiftppl``: evaluated in Swift over a batch of points (``function_map``: one
  planned call per point into preallocated outputs, the call NUTS chains make), no
  Python per evaluation;
* ``swiftppl py``: the same function called from a Python loop (includes the
  interpreter's and the extension's per-call cost);
* ``nutpie``: nutpie's numba-compiled C callback (what its Rust sampler calls), called
  from a numba loop through its function pointer, so no Python per evaluation;
* ``pytensor C py`` / ``jax py``: PyMC's ``logp_dlogp_function`` (C backend, with
  ``trust_input``) and ``jax.jit(value_and_grad)`` of the same density, called from Python.

The alternatives need PyMC/nutpie/JAX, which are never swiftppl dependencies: they run in
a child process of ``--bench-python`` (default: .bench-venv/bin/python next to the
repository, if present). Every figure is the median over repeats of the mean time of a
batch of evaluations at points drawn around the model's initial point (same points for
every library). Times are CPU time of the process (see `timed`). All values agree between libraries (checked: logp and gradient at the
first point to 1e-8 relative), so the same function is timed everywhere.

Run: ``python benchmarks/gradient_cost.py [--models a,b] [--repeats 7] [--out path.json]``.
"""

import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import sampling as bench  # noqa: E402  (the models and their data)

POINTS = 64
POINT_SEED = 7


def points_for(model, flat_start):
    """POINTS flat positions around the initial point (unit normal jitter, fixed seed)."""
    import numpy as np

    rng = np.random.default_rng([POINT_SEED, bench.MODELS.index(model)])
    return flat_start[None, :] + 0.5 * rng.normal(size=(POINTS, flat_start.size))


def timed(batch_call, evaluations, repeats):
    """Median over `repeats` of the seconds per evaluation of `batch_call()` (which makes `evaluations`).

    Measured as the process's CPU time (all its threads), not wall time: on a shared machine
    the process waits for a core now and then, which wall time would count; on an idle
    machine the two agree.
    """
    batch_call()  # warm up (plans, caches)
    runs = []
    for _ in range(repeats):
        start = time.process_time()
        batch_call()
        runs.append((time.process_time() - start) / evaluations)
    runs.sort()
    return runs[len(runs) // 2]


def split(flat, shapes):
    """Arrays of the given shapes, in order, from a flat vector."""
    import numpy as np

    out, offset = [], 0
    for shape in shapes:
        n = int(np.prod(shape, dtype=np.int64))
        out.append(flat[offset:offset + n].reshape(shape))
        offset += n
    return out


# ---------------------------------------------------------------- swiftppl (this process)

def swiftppl_figures(model, repeats, loops):
    import numpy as np

    import swiftppl as pm
    import swiftppl.tensor as pt
    from swiftppl import _core
    from swiftppl.compile import function
    from swiftppl.gradient import grad

    m = bench.build_pymc_model(pm, pt, model, bench.data(model))
    value_vars = m.value_vars
    logp = m.logp()
    fn = function(value_vars, [logp] + list(grad(logp, value_vars)))   # as pm.sample compiles it
    start = m.initial_point()
    names = [v.name for v in value_vars]
    shapes = [tuple(int(d) for d in v.type.shape) for v in value_vars]
    flat = np.concatenate([np.ravel(start[n]).astype(float) for n in names])
    points = points_for(model, flat)
    columns = [np.ascontiguousarray(np.stack([split(p, shapes)[i] for p in points])) for i in range(len(names))]
    batch = [np.ascontiguousarray(np.concatenate([c] * loops)) for c in columns]
    in_swift = timed(lambda: _core.function_map(fn._h, batch), POINTS * loops, repeats)
    args = [split(p, shapes) for p in points]

    def python_loop():
        for a in args:
            fn(*a)

    from_python = timed(python_loop, POINTS, repeats)
    first = fn(*args[0])
    gradient = np.concatenate([np.ravel(g) for g in first[1:]])
    return {"names": names, "shapes": shapes, "points": points.tolist(), "logp": float(first[0]),
            "gradient": gradient.tolist(), "swiftppl_us": in_swift * 1e6, "swiftppl_python_us": from_python * 1e6,
            "dimension": int(flat.size)}


# ---------------------------------------------------------------- alternatives (child process)

NUMBA_LOOP = '''
import numba
from numba.core import cgutils, types
from numba.extending import intrinsic


@intrinsic
def _as_double_pointer(typingctx, address):
    """An integer address as a double* (the cfunc takes raw pointers)."""
    sig = types.CPointer(types.double)(address)

    def codegen(context, builder, signature, args):
        return builder.inttoptr(args[0], context.get_value_type(types.CPointer(types.double)))

    return sig, codegen


@intrinsic
def _as_void_pointer(typingctx, address):
    sig = types.voidptr(address)

    def codegen(context, builder, signature, args):
        return builder.inttoptr(args[0], cgutils.voidptr_t)

    return sig, codegen


def make_loop(cfunc):
    @numba.njit
    def loop(dim, xs, grad, logp, user_data, rounds):
        status = 0
        for _ in range(rounds):
            for i in range(xs.shape[0]):
                status |= cfunc(dim, _as_double_pointer(xs[i].ctypes.data), _as_double_pointer(grad.ctypes.data),
                                _as_double_pointer(logp.ctypes.data), _as_void_pointer(user_data))
        return status
    return loop
'''


def alternatives_child(spec_path, out_path):
    """Runs in the PyMC environment: nutpie's numba callback, PyTensor's C function and JAX."""
    import numpy as np

    with open(spec_path) as f:
        spec = json.load(f)
    model, repeats, loops = spec["model"], spec["repeats"], spec["loops"]
    import pymc as pm
    import pytensor.tensor as pt

    m = bench.build_pymc_model(pm, pt, model, bench.data(model))
    names, shapes = spec["names"], [tuple(s) for s in spec["shapes"]]
    points = np.asarray(spec["points"], dtype=np.float64)
    result = {}
    value_of = {v.name: v for v in m.value_vars}
    order = [value_of[n] for n in names]

    def check(label, logp, gradient):
        ok = np.isclose(logp, spec["logp"], rtol=1e-8) and np.allclose(gradient, spec["gradient"], rtol=1e-8, atol=1e-8)
        result[label + "_agrees"] = bool(ok)

    try:
        import nutpie

        compiled = nutpie.compile_pymc_model(m, backend="numba")
        # nutpie orders the flat vector by its own variable order: map ours into it.
        nut_names = [n for n in compiled._shapes]
        perm = []
        offsets, offset = {}, 0
        for n in nut_names:
            size = int(np.prod(compiled._shapes[n], dtype=np.int64))
            offsets[n] = (offset, size)
            offset += size
        for n in names:
            start, size = offsets[n]
            perm.extend(range(start, start + size))
        perm = np.asarray(perm)
        xs = np.empty_like(points)
        xs[:, perm] = points
        namespace = {}
        exec(NUMBA_LOOP, namespace)
        loop = namespace["make_loop"](compiled.compiled_logp_func)
        grad = np.zeros(points.shape[1])
        logp = np.zeros(())
        user_data = compiled.user_data.ctypes.data
        dim = np.uint64(points.shape[1])
        status = loop(dim, xs[:1], grad, logp, user_data, 1)
        check("nutpie", float(logp), grad[perm])
        result["nutpie_status"] = int(status)
        xs_many = np.ascontiguousarray(xs)
        result["nutpie_us"] = timed(lambda: loop(dim, xs_many, grad, logp, user_data, loops),
                                    len(xs) * loops, repeats) * 1e6
    except Exception as error:  # noqa: BLE001 - reported, the others go on
        result["nutpie_error"] = f"{type(error).__name__}: {error}"

    try:
        import pytensor

        logp_graph = m.logp()
        grads = pytensor.gradient.grad(logp_graph, order)
        inner = pytensor.function(order, [logp_graph] + list(grads), mode="FAST_RUN", trust_input=True)
        args = [[np.asarray(a) for a in split(p, shapes)] for p in points]
        first = inner(*args[0])
        check("pytensor_c", float(first[0]), np.concatenate([np.ravel(g) for g in first[1:]]))

        def loop_c():
            for a in args:
                inner(*a)

        result["pytensor_c_python_us"] = timed(loop_c, len(args), repeats) * 1e6
    except Exception as error:  # noqa: BLE001
        result["pytensor_c_error"] = f"{type(error).__name__}: {error}"

    try:
        import jax

        jax.config.update("jax_enable_x64", True)
        from pymc.sampling.jax import get_jaxified_logp

        logp_fn = get_jaxified_logp(m)
        value_and_grad = jax.jit(jax.value_and_grad(lambda *xs: logp_fn(xs), argnums=tuple(range(len(names)))))
        jax_order = [v.name for v in m.value_vars]
        position = [jax_order.index(n) for n in names]
        args = []
        for p in points:
            parts = split(p, shapes)
            ordered = [None] * len(parts)
            for k, q in enumerate(position):
                ordered[q] = jax.numpy.asarray(parts[k])
            args.append(ordered)
        value, grads = value_and_grad(*args[0])
        check("jax", float(value), np.concatenate([np.ravel(np.asarray(grads[q])) for q in position]))

        def loop_jax():
            for a in args:
                out = value_and_grad(*a)
            jax.block_until_ready(out)

        result["jax_python_us"] = timed(loop_jax, len(args), repeats) * 1e6
    except Exception as error:  # noqa: BLE001
        result["jax_error"] = f"{type(error).__name__}: {error}"
    with open(out_path, "w") as f:
        json.dump(result, f)


def alternatives(python, spec):
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        spec_path, out_path = os.path.join(tmp, "spec.json"), os.path.join(tmp, "out.json")
        with open(spec_path, "w") as f:
            json.dump(spec, f)
        proc = subprocess.run([python, os.path.abspath(__file__), "--alternatives", spec_path, out_path],
                              capture_output=True, text=True, timeout=1800)
        if proc.returncode != 0:
            lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
            return {"error": lines[-1] if lines else f"exit status {proc.returncode}"}
        with open(out_path) as f:
            return json.load(f)


# ---------------------------------------------------------------- report

def main(argv):
    def option(name, default):
        return argv[argv.index(name) + 1] if name in argv else default

    models = option("--models", ",".join(bench.MODELS)).split(",")
    repeats = int(option("--repeats", "7"))
    default_python = os.path.join(os.path.dirname(HERE), ".bench-venv", "bin", "python")
    python = option("--bench-python", default_python if os.path.exists(default_python) else None)
    out = option("--out", None)
    for name in models:
        if name not in bench.MODELS:
            sys.exit(f"unknown model {name!r}; choose from {', '.join(bench.MODELS)}")
    import swiftppl

    print(f"swiftppl from {os.path.dirname(swiftppl.__file__)}; alternatives: {python or 'not run (no --bench-python)'}")
    print(f"µs per logp+gradient evaluation, median of {repeats} repeats; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs at the start.")
    head = ("model", "dim", "swiftppl", "nutpie", "ratio", "swiftppl py", "pytensor C py", "jax py")
    print("".join(f"{h:<22}" if i == 0 else f"{h:>14}" for i, h in enumerate(head)))
    rows = []
    for model in models:
        # Enough evaluations per batch that a batch takes ~10 ms or more on the larger models.
        loops = {"eight_schools": 200, "logistic_regression": 2, "hierarchical_linear": 10, "poisson_glmm": 20}[model]
        mine = swiftppl_figures(model, repeats, loops)
        spec = dict(mine, model=model, repeats=repeats, loops=loops)
        other = alternatives(python, spec) if python else {}
        row = {"model": model, "dimension": mine["dimension"], "swiftppl_us": mine["swiftppl_us"],
               "swiftppl_python_us": mine["swiftppl_python_us"], **other}
        rows.append(row)
        nut = other.get("nutpie_us")

        def cell(x):
            return f"{x:14.2f}" if isinstance(x, float) else f"{'-':>14}"

        ratio = f"{mine['swiftppl_us'] / nut:13.2f}x" if nut else f"{'-':>14}"
        print(f"{model:<22}{mine['dimension']:>14}{cell(mine['swiftppl_us'])}{cell(nut)}{ratio}"
              f"{cell(mine['swiftppl_python_us'])}{cell(other.get('pytensor_c_python_us'))}{cell(other.get('jax_python_us'))}",
              flush=True)
        for key, value in other.items():
            if key.endswith("_error") or (key.endswith("_agrees") and not value):
                print(f"  {key}: {value}")
    print("ratio: swiftppl / nutpie (below 1: swiftppl is faster). 'py' columns include a Python call per evaluation.")
    if out:
        with open(out, "w") as f:
            json.dump({"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "repeats": repeats,
                       "load_average": os.getloadavg(), "rows": rows}, f, indent=1)


if __name__ == "__main__":
    if "--alternatives" in sys.argv:
        i = sys.argv.index("--alternatives")
        alternatives_child(sys.argv[i + 1], sys.argv[i + 2])
    else:
        main(sys.argv[1:])
