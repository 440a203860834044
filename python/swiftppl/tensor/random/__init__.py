"""swiftppl.tensor.random: random variables (``pt.random.normal(0, 1, size=3, rng=rng)``) and generators.

Draws are functions of an explicit generator: ``rng = swiftppl.shared(np.random.default_rng(1))``.
A compiled function returns the same draws until the generator is updated, as in
PyTensor; ``swiftppl.compile_pymc`` (or a RandomStream) updates generators on every call.
"""

from .basic import *  # noqa: F401,F403
from .basic import __all__ as _basic_all, make_random_variable
from .op import RandomVariable
from .utils import RandomStream
from .var import RandomGeneratorSharedVariable, RandomGeneratorState, RandomGeneratorType, RandomGeneratorVariable

__all__ = list(_basic_all) + [
    "RandomGeneratorSharedVariable", "RandomGeneratorState", "RandomGeneratorType", "RandomGeneratorVariable",
    "RandomStream", "RandomVariable", "make_random_variable",
]
