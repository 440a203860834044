"""Compilation: function() and shared variables."""

from .function import Function, In, function, shared

__all__ = ["Function", "In", "function", "shared"]
