"""Random generator variables (PyTensor's RandomGeneratorType and RandomGeneratorSharedVariable).

A generator's state is a Philox4x32-10 stream address: (seed, stream, position).
Draws depend only on that state, so results never depend on thread scheduling.
"""

import copy
import numbers

import numpy as np

from ... import _core
from ..._handles import build1, numpy_from_handle
from ...graph.basic import Variable

_MASK64 = (1 << 64) - 1


class RandomGeneratorType:
    """The type of a random generator's state."""

    ndim = 0
    dtype = "object"
    shape = ()

    def __eq__(self, other):
        return isinstance(other, RandomGeneratorType)

    def __hash__(self):
        return hash(RandomGeneratorType)

    def __str__(self):
        return "RandomGeneratorType"

    __repr__ = __str__


class RandomGeneratorState:
    """A generator's state as returned by ``rng.get_value()``: the Philox stream address.
    ``set_value`` accepts it back, as well as NumPy generators and integer seeds."""

    __slots__ = ("seed", "stream", "position")

    def __init__(self, seed, stream=0, position=0):
        self.seed, self.stream, self.position = int(seed) & _MASK64, int(stream) & _MASK64, int(position) & _MASK64

    def __eq__(self, other):
        return isinstance(other, RandomGeneratorState) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def _key(self):
        return (self.seed, self.stream, self.position)

    def __repr__(self):
        return f"RandomGeneratorState(seed={self.seed}, stream={self.stream}, position={self.position})"

    def _array(self):
        words = [self.seed, self.stream, self.position]
        return np.array([w - (1 << 64) if w >= 1 << 63 else w for w in words], dtype=np.int64)


def generator_state(value, what="random generator"):
    """A RandomGeneratorState from what PyTensor users pass as a generator: a NumPy
    Generator or RandomState (its next 64 bits become the seed; the object itself is
    not advanced), a SeedSequence, an integer seed, or a state."""
    if isinstance(value, RandomGeneratorState):
        return value
    if isinstance(value, np.random.Generator):
        seed = int(copy.deepcopy(value).integers(0, 1 << 64, dtype=np.uint64))
        return RandomGeneratorState(seed)
    if isinstance(value, np.random.RandomState):
        seed = int(copy.deepcopy(value).randint(0, 1 << 64, dtype=np.uint64))
        return RandomGeneratorState(seed)
    if isinstance(value, np.random.SeedSequence):
        return RandomGeneratorState(int(value.generate_state(1, np.uint64)[0]))
    if isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, (bool, np.bool_)):
        if value < 0:
            raise ValueError(f"{what}: a seed must be non-negative, got {value}")
        return generator_state(np.random.default_rng(int(value)), what)
    raise TypeError(
        f"{what}: expected a numpy.random.Generator, RandomState, SeedSequence, integer seed or "
        f"RandomGeneratorState, got {type(value).__name__}"
    )


def _state_from_array(arr):
    words = [int(w) & _MASK64 for w in arr]
    return RandomGeneratorState(*words)


class RandomGeneratorVariable(Variable):
    """A symbolic generator state (the first output of a random variable)."""

    __slots__ = ()

    @property
    def type(self):
        return RandomGeneratorType()

    ndim = 0
    dtype = "object"

    def __str__(self):
        return self.name or _core.describe(self._h)

    __repr__ = __str__


class RandomGeneratorSharedVariable(RandomGeneratorVariable):
    """A shared generator: ``swiftppl.shared(np.random.default_rng(seed))``. Functions
    read it; give them an update (or use compile_pymc) to advance it between calls."""

    __slots__ = ("default_update",)

    def get_value(self, borrow=False, return_internal_type=False):
        return _state_from_array(numpy_from_handle(_core.shared_get(self._h)))

    def set_value(self, value, borrow=False):
        arr = generator_state(value, f"shared variable {self.name or ''}".strip())._array()
        h = _core.array_borrow(arr)
        try:
            _core.shared_set(self._h, h)
        finally:
            _core.release(h)

    @property
    def container(self):
        return self

    def __str__(self):
        return self.name or "RNG<Philox4x32>"

    __repr__ = __str__


def shared_generator(value, name=None):
    """A new shared generator holding `value`'s state (see generator_state)."""
    state = generator_state(value)
    halves = [state.seed >> 32, state.seed & 0xFFFFFFFF, state.stream >> 32, state.stream & 0xFFFFFFFF]
    v = build1("random_generator", [], halves)
    if state.position:
        v.set_value(state)
    if name is not None:
        v.name = name
    return v
