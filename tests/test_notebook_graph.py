"""The reference notebook's graph section (aesara -> swiftppl, at -> pt), step by step."""

import io

import numpy as np
import pytest

import swiftppl
import swiftppl.tensor as pt


@pytest.fixture
def graph():
    x = pt.scalar(name="x")
    y = pt.vector(name="y")
    z = x + y
    z.name = "x + y"
    w = pt.log(z)
    w.name = "log(x + y)"
    return x, y, z, w


LOG_GRAPH = """\
Elemwise{log,no_inplace} [id A] 'log(x + y)'
 |Elemwise{add,no_inplace} [id B] 'x + y'
   |InplaceDimShuffle{x} [id C]
   | |x [id D]
   |y [id E]
"""


def test_types_and_names(graph):
    x, y, z, w = graph
    assert str(x.type) == "TensorType(float64, ())"
    assert x.name == "x"
    assert str(y.type) == "TensorType(float64, (None,))"
    assert y.name == "y"


def test_dprint_matches_notebook(graph, capsys):
    x, y, z, w = graph
    out = swiftppl.dprint(w)
    assert capsys.readouterr().out == LOG_GRAPH
    assert out is not None  # returns the stream it printed to
    buffer = io.StringIO()
    swiftppl.dprint(w, file=buffer)
    assert buffer.getvalue() == LOG_GRAPH
    assert swiftppl.dprint(w, file="str") == LOG_GRAPH


def test_function_eval_and_intermediate(graph):
    x, y, z, w = graph
    f = swiftppl.function(inputs=[x, y], outputs=w)
    np.testing.assert_allclose(f(x=0, y=[1, np.e]), [0.0, 1.0], atol=1e-15)
    np.testing.assert_allclose(f(0, [1, np.e]), [0.0, 1.0], atol=1e-15)
    np.testing.assert_allclose(w.eval({x: 0, y: [1, np.e]}), [0.0, 1.0], atol=1e-15)
    np.testing.assert_allclose(w.eval({z: [1, np.e]}), [0.0, 1.0], atol=1e-15)


def test_owner_inputs_op_outputs(graph):
    x, y, z, w = graph
    assert str(z.owner) == "Elemwise{add,no_inplace}(InplaceDimShuffle{x}.0, y)"
    assert [str(v) for v in z.owner.inputs] == ["InplaceDimShuffle{x}.0", "y"]
    assert str(z.owner.op) == "Elemwise{add,no_inplace}"
    assert z.owner.outputs == [z]
    assert z.owner.outputs[0] is z
    assert z.owner.inputs[1] is y
    assert str(z.owner.inputs[0].type) == "TensorType(float64, (1,))"
    assert z.owner.inputs[0].owner.inputs[0] is x
    assert x.owner is None


def test_traversal_like_notebook(graph):
    x, y, z, w = graph
    seen = []
    stack = [w]
    while stack:
        var = stack.pop(0)
        seen.append((str(var), str(var.type), None if var.owner is None else str(var.owner.op)))
        if var.owner is not None:
            stack.extend(var.owner.inputs)
    assert seen == [
        ("log(x + y)", "TensorType(float64, (None,))", "Elemwise{log,no_inplace}"),
        ("x + y", "TensorType(float64, (None,))", "Elemwise{add,no_inplace}"),
        ("InplaceDimShuffle{x}.0", "TensorType(float64, (1,))", "InplaceDimShuffle{x}"),
        ("y", "TensorType(float64, (None,))", None),
        ("x", "TensorType(float64, ())", None),
    ]


def test_graph_inputs(graph):
    x, y, z, w = graph
    assert list(swiftppl.graph.graph_inputs(graphs=[w])) == [x, y]


def test_clone_replace(graph):
    x, y, z, w = graph
    parent_of_w = w.owner.inputs[0]
    assert parent_of_w is z
    new_parent_of_w = pt.exp(parent_of_w)
    new_parent_of_w.name = "exp(x + y)"
    assert swiftppl.dprint(w, file="str") == LOG_GRAPH  # unchanged
    new_w = swiftppl.clone_replace(output=[w], replace={parent_of_w: new_parent_of_w})[0]
    new_w.name = "log(exp(x + y))"
    assert swiftppl.dprint(new_w, file="str") == """\
Elemwise{log,no_inplace} [id A] 'log(exp(x + y))'
 |Elemwise{exp,no_inplace} [id B] 'exp(x + y)'
   |Elemwise{add,no_inplace} [id C] 'x + y'
     |InplaceDimShuffle{x} [id D]
     | |x [id E]
     |y [id F]
"""
    np.testing.assert_allclose(new_w.eval({x: 0, y: [1, np.e]}), [1.0, np.e], rtol=1e-15)
    assert swiftppl.dprint(w, file="str") == LOG_GRAPH


def test_compiled_function_dprint_numbers_nodes(graph):
    x, y, z, w = graph
    # The compiled graph fuses log and add into one loop; each node shows its position
    # in the schedule.
    f = swiftppl.function([x, y], w)
    assert swiftppl.dprint(f, file="str") == """\
Composite{log((i0 + i1))} [id A] 'log(x + y)' 1
 |InplaceDimShuffle{x} [id B] 0
 | |x [id C]
 |y [id D]
"""
    unoptimized = swiftppl.function([x, y], w, mode="FAST_COMPILE")
    assert swiftppl.dprint(unoptimized, file="str") == """\
Elemwise{log,no_inplace} [id A] 'log(x + y)' 2
 |Elemwise{add,no_inplace} [id B] 'x + y' 1
   |InplaceDimShuffle{x} [id C] 0
   | |x [id D]
   |y [id E]
"""


def test_notebook_rewrites_b_times_a_over_b():
    a = pt.scalar(name="a")
    b = pt.scalar(name="b")
    c = a / b
    c.name = "a / b"
    d = b * c
    d.name = "b * c"
    g = swiftppl.function(inputs=[a, b], outputs=d)
    assert swiftppl.dprint(g, file="str") == """\
DeepCopyOp [id A] 'a' 0
 |a [id B]
"""
    assert g(3.0, 7.0) == 3.0


def test_notebook_rewrites_log_exp(graph):
    x, y, z, w = graph
    new_w = swiftppl.clone_replace(output=[w], replace={z: pt.exp(z)})[0]
    new_w.name = "log(exp(x + y))"
    f = swiftppl.function(inputs=[x, y], outputs=new_w)
    assert swiftppl.dprint(f, file="str") == """\
Elemwise{add,no_inplace} [id A] 'x + y' 1
 |InplaceDimShuffle{x} [id B] 0
 | |x [id C]
 |y [id D]
"""
    np.testing.assert_allclose(f(x=0, y=[1, np.e]), [1.0, np.e], rtol=1e-15)


def test_shared_node_printed_once():
    a = pt.scalar(name="a")
    b = pt.scalar(name="b")
    c = a / b
    c.name = "a / b"
    d = b * c
    d.name = "b * c"
    assert swiftppl.dprint(d, file="str") == """\
Elemwise{mul,no_inplace} [id A] 'b * c'
 |b [id B]
 |Elemwise{true_div,no_inplace} [id C] 'a / b'
   |a [id D]
   |b [id B]
"""
