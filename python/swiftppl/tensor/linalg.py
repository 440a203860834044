"""Linear algebra (PyTensor's pytensor.tensor.linalg / slinalg / nlinalg), through LAPACK."""

from .._handles import build, build1
from .basic import as_tensor_variable, dot, matmul  # noqa: F401  (re-exported)

_STRUCTURES = {"gen": 0, "general": 0, "sym": 1, "symmetric": 1, "pos": 2, "positive definite": 2}


def cholesky(x, lower=True, on_error="raise", check_finite=False):
    """Cholesky factor L (A = L Lᵀ) of a symmetric positive-definite matrix.
    on_error="nan" returns NaNs instead of raising LinAlgError."""
    if on_error not in ("raise", "nan"):
        raise ValueError(f"on_error must be 'raise' or 'nan', got {on_error!r}")
    return build1("cholesky", [as_tensor_variable(x)], [int(bool(lower)), int(on_error == "nan")])


def solve(a, b, assume_a="gen", lower=False, check_finite=True, b_ndim=None):
    """Solution x of a x = b. assume_a: 'gen' (LU), 'sym' or 'pos' (Cholesky)."""
    if assume_a not in _STRUCTURES:
        raise ValueError(f"assume_a must be 'gen', 'sym' or 'pos', got {assume_a!r}")
    if b_ndim not in (None, 1, 2):
        raise ValueError(f"b_ndim must be 1, 2 or None, got {b_ndim!r}")
    return build1(
        "solve",
        [as_tensor_variable(a), as_tensor_variable(b)],
        [_STRUCTURES[assume_a], int(bool(lower)), b_ndim or 0],
    )


def solve_triangular(a, b, trans=0, lower=False, unit_diagonal=False, check_finite=True, b_ndim=None):
    """Solution x of a x = b (trans=1 or 'T': aᵀ x = b) for triangular a."""
    transpose = {0: 0, "N": 0, 1: 1, "T": 1}.get(trans)
    if transpose is None:
        raise ValueError(f"trans must be 0, 1, 'N' or 'T', got {trans!r}")
    if b_ndim not in (None, 1, 2):
        raise ValueError(f"b_ndim must be 1, 2 or None, got {b_ndim!r}")
    return build1(
        "solve_triangular",
        [as_tensor_variable(a), as_tensor_variable(b)],
        [int(bool(lower)), transpose, int(bool(unit_diagonal)), b_ndim or 0],
    )


def det(x):
    """Determinant."""
    return build1("det", [as_tensor_variable(x)])


def slogdet(x):
    """(sign, log|det|) of x."""
    sign, logabsdet = build("slogdet", [as_tensor_variable(x)])
    return sign, logabsdet


def inv(x):
    """Matrix inverse; a singular matrix raises LinAlgError."""
    return build1("inv", [as_tensor_variable(x)])


matrix_inverse = inv
