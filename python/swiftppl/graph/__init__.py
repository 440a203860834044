"""Graph objects and traversal (PyTensor's pytensor.graph)."""

from .basic import Apply, Op, Variable, ancestors, clone_replace, graph_inputs, io_toposort

__all__ = ["Apply", "Op", "Variable", "ancestors", "clone_replace", "graph_inputs", "io_toposort"]
