"""swiftppl.tensor: PyTensor's tensor API (``import swiftppl.tensor as pt``).

>>> import swiftppl.tensor as pt
>>> x = pt.scalar("x"); y = pt.vector("y")
>>> w = pt.log(x + y)
>>> w.eval({x: 0, y: [1.0, 2.718281828459045]})
array([0., 1.])
"""

from . import linalg, random
from . import basic as math
from .basic import *  # noqa: F401,F403
from .basic import (  # noqa: F401  (names star-import hides or that shadow builtins)
    abs, all, any, as_tensor, as_tensor_variable, max, min, pow, round, sum,
)
from .type import TensorType
from .variable import TensorConstant, TensorSharedVariable, TensorVariable

__all__ = [name for name in dir() if not name.startswith("_")]
