"""PyMC's graph utilities for random graphs (pymc.pytensorf): compile_pymc, collect_default_updates, reseed_rngs, and pm.draw."""

import warnings

import numpy as np

from .compile.function import function
from .graph.basic import ancestors, io_toposort
from .tensor.random.op import RandomVariable
from .tensor.random.var import RandomGeneratorSharedVariable, RandomGeneratorState


def collect_default_updates(outputs, inputs=None, must_be_shared=True):
    """{shared generator: its next state} for the random variables in the graph of
    `outputs`. A generator used by a chain of random variables (one's next state is
    the next one's generator) is updated to the end of the chain."""
    outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
    nodes = io_toposort([], outputs)
    # next state of each generator variable, following chains: rng -> node -> next rng -> node ...
    successor = {}
    for node in nodes:
        if isinstance(node.op, RandomVariable):
            rng = node.inputs[0]
            if rng in successor:
                warnings.warn(
                    f"the generator {rng} feeds several random variables ({node.op} and another): they draw the "
                    "same numbers. Give each its own generator, or chain them through the next state",
                    UserWarning,
                )
                continue
            successor[rng] = node.outputs[0]
    updates = {}
    for rng in successor:
        if not isinstance(rng, RandomGeneratorSharedVariable):
            if must_be_shared and rng.owner is None:
                raise ValueError(f"generator {rng} is not a shared variable; it cannot be updated")
            continue
        state = successor[rng]
        while state in successor:
            state = successor[state]
        updates[rng] = state
    return updates


def find_rng_nodes(variables):
    """The shared generators among the ancestors of `variables`."""
    return [v for v in ancestors(list(variables)) if isinstance(v, RandomGeneratorSharedVariable)]


def reseed_rngs(rngs, seed):
    """Gives each generator an independent stream derived from `seed` (the same seed
    always gives the same streams, in order)."""
    if seed is None:
        seed = np.random.SeedSequence().entropy
    base = int(np.random.SeedSequence(seed).generate_state(1, np.uint64)[0])
    for i, rng in enumerate(rngs):
        rng.set_value(RandomGeneratorState(base, i + 1))


def compile_pymc(inputs, outputs, random_seed=None, mode=None, **kwargs):
    """A function that advances every generator in its graph on each call, so repeated
    calls give new draws (PyMC's compile_pymc). `random_seed` reseeds the generators."""
    single = not isinstance(outputs, (list, tuple))
    out_list = [outputs] if single else list(outputs)
    updates = dict(kwargs.pop("updates", None) or {})
    for rng, state in collect_default_updates(out_list).items():
        updates.setdefault(rng, state)
    if random_seed is not None:
        reseed_rngs(find_rng_nodes(out_list), random_seed)
    return function(inputs, outputs, mode=mode, updates=updates, **kwargs)


compile = compile_pymc


def draw(vars, draws=1, random_seed=None, **kwargs):
    """`draws` forward draws of `vars` (pm.draw): one array per variable, with a leading
    axis of length `draws` unless draws == 1."""
    single = not isinstance(vars, (list, tuple))
    var_list = [vars] if single else list(vars)
    fn = compile_pymc([], var_list, random_seed=random_seed, **kwargs)
    if draws == 1:
        values = fn()
        return values[0] if single else values
    if not isinstance(draws, int) or draws < 1:
        raise ValueError(f"draws must be a positive integer, got {draws!r}")
    samples = [fn() for _ in range(draws)]
    stacked = [np.stack([s[i] for s in samples]) for i in range(len(var_list))]
    return stacked[0] if single else stacked
