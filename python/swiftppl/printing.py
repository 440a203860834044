"""dprint: the tree view of graphs and compiled functions."""

import sys

from . import _core
from .graph.basic import Apply, Variable


# PyTensor's debugprint options; accepted for compatibility (the tree printed is the same).
_DEBUGPRINT_OPTIONS = {
    "depth", "print_type", "prefix", "done", "print_storage", "id_type", "stop_on_name", "used_ids",
    "print_op_info", "print_destroy_map", "print_view_map", "print_fgraph_inputs", "print_shape",
}


def dprint(graph_or_function, file=None, **kwargs):
    """Prints graph(s), an Apply node or a compiled function in PyTensor's tree
    form with ``[id A]`` labels; compiled functions show their rewritten graph
    and each node's position in the schedule.

    file=None prints to stdout and returns it; file="str" returns the text.
    """
    from .compile.function import Function

    unknown = sorted(set(kwargs) - _DEBUGPRINT_OPTIONS)
    if unknown:
        raise TypeError(f"dprint() got unexpected keyword argument(s) {', '.join(map(repr, unknown))}")
    if file is not None and file != "str" and not callable(getattr(file, "write", None)):
        raise TypeError(f"file must be None, 'str' or a writable text stream, got {file!r}")
    obj = graph_or_function
    if isinstance(obj, Function):
        text = _core.function_dprint(obj._h)
    else:
        if isinstance(obj, Apply):
            graphs = obj.outputs
        elif isinstance(obj, Variable):
            graphs = [obj]
        else:
            graphs = list(obj)
            for g in graphs:
                if not isinstance(g, Variable):
                    raise TypeError(f"dprint expects variables, an Apply node or a function, got {g!r}")
        text = _core.dprint([g._h for g in graphs])
    if file == "str":
        return text
    out = sys.stdout if file is None else file
    out.write(text)
    return out


debugprint = dprint
