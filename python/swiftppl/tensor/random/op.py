"""The RandomVariable op as Python sees it (PyTensor's RandomVariable attributes)."""

from ...graph.basic import Op


class RandomVariable(Op):
    """A distribution's random variable op: ``rv.owner.op``. Its node's inputs are
    (rng, size, *params) and its outputs (next rng, draw), as in PyTensor."""

    __slots__ = ("name", "ndim_supp", "ndims_params", "dtype", "parameters")

    @property
    def signature(self):
        """PyTensor's gufunc-style signature, e.g. ``(),()->()`` or ``(n),(n,n)->(n)``."""
        letters = "nmpqr"
        params = ",".join("(" + ",".join(letters[:k]) + ")" for k in self.ndims_params)
        return f"{params}->(" + ",".join(letters[:self.ndim_supp]) + ")"

    def rng_param(self, node):
        return node.inputs[0]

    def size_param(self, node):
        return node.inputs[1]

    def dist_params(self, node):
        return node.inputs[2:]
