"""Graph structure: variables, apply nodes, ops, traversal and cloning (PyTensor's pytensor.graph.basic)."""

import weakref

from .. import _core
from .._handles import Handle, wrap_apply, wrap_op, wrap_variable


# Variable -> the text ``name ~ Dist(params)`` of a model variable (set by the model layer).
MODEL_REPRS = weakref.WeakKeyDictionary()


class Variable(Handle):
    """A symbolic value in a graph. Concrete variables are TensorVariable,
    TensorConstant and TensorSharedVariable (see swiftppl.tensor)."""

    __slots__ = ("_type",)

    @property
    def type(self):
        return self._type

    @property
    def name(self):
        return _core.variable_name(self._h)

    @name.setter
    def name(self, value):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"a variable's name must be a str or None, not {type(value).__name__}")
        _core.variable_set_name(self._h, value)

    @property
    def owner(self):
        """The Apply node computing this variable, or None for a root variable."""
        apply_h, _ = _core.variable_owner(self._h)
        return None if apply_h is None else wrap_apply(apply_h)

    @property
    def index(self):
        """Which output of its owner this variable is."""
        return _core.variable_owner(self._h)[1]

    def __str__(self):
        return _core.describe(self._h)

    def __repr__(self):
        # Model variables show their distribution (PyMC's ``mu ~ N(0, 2)``).
        return MODEL_REPRS.get(self) or _core.describe(self._h)

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other


class Apply(Handle):
    """A node: an op applied to input variables, producing output variables."""

    __slots__ = ()

    def _info(self):
        return _core.apply_info(self._h)

    @property
    def op(self):
        nin, nout, op_h = self._info()
        return wrap_op(op_h)

    @property
    def inputs(self):
        nin, nout, op_h = self._info()
        _core.release(op_h)
        return [wrap_variable(_core.apply_input(self._h, i)) for i in range(nin)]

    @property
    def outputs(self):
        nin, nout, op_h = self._info()
        _core.release(op_h)
        return [wrap_variable(_core.apply_output(self._h, i)) for i in range(nout)]

    @property
    def nin(self):
        return len(self.inputs)

    @property
    def nout(self):
        return len(self.outputs)

    @property
    def out(self):
        """The single output of a one-output node."""
        outputs = self.outputs
        if len(outputs) != 1:
            raise ValueError(f"{self} has {len(outputs)} outputs; use .outputs")
        return outputs[0]

    def __str__(self):
        return _core.describe(self._h)

    __repr__ = __str__


class Op(Handle):
    """An operation. Equal ops (same kind and properties) compute the same thing."""

    __slots__ = ()

    def __str__(self):
        return _core.describe(self._h)

    __repr__ = __str__

    def __eq__(self, other):
        return isinstance(other, Op) and _core.op_equal(self._h, other._h)

    def __hash__(self):
        return hash(str(self))

    def make_node(self, *inputs):
        outputs = self(*inputs, return_list=True)
        return outputs[0].owner

    def __call__(self, *inputs, return_list=False):
        """Applies this op to new inputs, as PyTensor's ``op(x, y)``."""
        from ..tensor.basic import as_tensor_variable

        tensors = [as_tensor_variable(x) for x in inputs]
        outputs = [wrap_variable(h) for h in _core.apply_op(self._h, [t._h for t in tensors])]
        if return_list or len(outputs) != 1:
            return outputs
        return outputs[0]


def _as_list(graphs, what="graphs"):
    if isinstance(graphs, Variable):
        return [graphs]
    try:
        items = list(graphs)
    except TypeError:
        raise TypeError(f"{what} must be a variable or a list of variables, got {graphs!r}") from None
    for item in items:
        if not isinstance(item, Variable):
            raise TypeError(f"{what} must be variables, got {item!r}")
    return items


def graph_inputs(graphs, blockers=None):
    """The root variables (inputs, constants, shared) the graphs depend on."""
    outs = _as_list(graphs)
    stops = _as_list(blockers or [], "blockers")
    return [wrap_variable(h) for h in _core.graph_query("inputs", [v._h for v in outs], [v._h for v in stops])]


def ancestors(graphs, blockers=None):
    """Every variable the graphs depend on, the graphs included."""
    outs = _as_list(graphs)
    stops = _as_list(blockers or [], "blockers")
    return [wrap_variable(h) for h in _core.graph_query("ancestors", [v._h for v in outs], [v._h for v in stops])]


def io_toposort(inputs, outputs):
    """The Apply nodes computing `outputs` from `inputs`, in dependency order."""
    outputs, inputs = _as_list(outputs, "outputs"), _as_list(inputs, "inputs")
    return [wrap_apply(h) for h in _core.graph_query("toposort", [v._h for v in outputs], [v._h for v in inputs])]


# PyTensor's rebuild_collect_shared options, accepted by clone_replace for compatibility.
_REBUILD_OPTIONS = {"rebuild_strict", "copy_inputs_over", "no_default_updates", "clone_inner_graphs", "strict"}


def clone_replace(output, replace=None, **rebuild_kwds):
    """A copy of the graph(s) `output` with each key of `replace` swapped for its
    value; the original graph is unchanged. Returns a list when given a list."""
    from ..tensor.basic import as_tensor_variable

    unknown = sorted(set(rebuild_kwds) - _REBUILD_OPTIONS)
    if unknown:
        raise TypeError(f"clone_replace() got unexpected keyword argument(s) {', '.join(map(repr, unknown))}")

    single = isinstance(output, Variable)
    outs = _as_list(output, "output")
    pairs = replace.items() if isinstance(replace, dict) else (replace or [])
    olds, news = [], []
    for old, new in pairs:
        if not isinstance(old, Variable):
            raise TypeError(f"clone_replace: the keys of replace must be variables, got {old!r}")
        olds.append(old)
        news.append(as_tensor_variable(new))
    result = [
        wrap_variable(h)
        for h in _core.clone_replace([v._h for v in outs], [v._h for v in olds], [v._h for v in news])
    ]
    return result[0] if single else result
