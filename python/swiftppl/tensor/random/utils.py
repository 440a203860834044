"""RandomStream (PyTensor's pytensor.tensor.random.utils.RandomStream): random variables whose generators update themselves."""

import numpy as np

from . import basic
from .var import RandomGeneratorState, shared_generator


class RandomStream:
    """Makes random variables with fresh generators derived from one seed; each
    generator's default update is the variable's next state, so compiled functions
    draw new values on every call.

    >>> srng = RandomStream(seed=234)
    >>> f = swiftppl.function([], srng.normal(0, 1, size=3))
    >>> f(), f()          # different draws
    """

    def __init__(self, seed=None, namespace=None, rng_ctor=None):
        self.default_instance_seed = seed
        self.state_updates = []
        self._seed_sequence = np.random.SeedSequence(seed)
        self._stream = 0

    def _next_state(self):
        state = int(self._seed_sequence.generate_state(1, np.uint64)[0])
        # One seed per RandomStream, a new stream id per generator: streams of one seed never overlap.
        self._stream += 1
        return RandomGeneratorState(state, self._stream)

    def seed(self, seed=None):
        """Re-seeds every generator made so far, in order of creation."""
        self._seed_sequence = np.random.SeedSequence(seed)
        self._stream = 0
        for rng, _ in self.state_updates:
            rng.set_value(self._next_state())

    def gen(self, op_name, *params, size=None, name=None, **kwargs):
        rng = shared_generator(self._next_state())
        fn = getattr(basic, op_name)
        draw = fn(*params, size=size, rng=rng, name=name, **kwargs)
        next_rng = draw.owner.outputs[0]
        rng.default_update = next_rng
        self.state_updates.append((rng, next_rng))
        return draw

    def __getattr__(self, op_name):
        if op_name.startswith("_") or not hasattr(basic, op_name):
            raise AttributeError(f"RandomStream has no distribution {op_name!r}")
        return lambda *params, **kwargs: self.gen(op_name, *params, **kwargs)
