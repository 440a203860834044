"""pm.model_to_graphviz: the model as a plate diagram (graphviz is optional; only this function needs it)."""

from ..graph.basic import ancestors


def _parents(model, var, named):
    """The named model variables `var` depends on directly (not through another named one)."""
    found = []
    stack = [inp for inp in (var.owner.inputs if var.owner is not None else [])]
    seen = set()  # the wrappers themselves: kept alive, so no id is reused by a later wrapper
    while stack:
        v = stack.pop()
        if v in seen:
            continue
        seen.add(v)
        if v in named and v is not var:
            found.append(v)
            continue
        if v.owner is not None:
            stack.extend(v.owner.inputs)
    return found


def _plate(model, var):
    dims = model.named_vars_to_dims.get(var.name)
    shape = tuple(var.type.shape)
    if dims:
        return " x ".join(f"{d} ({model.dim_lengths.get(d, '?')})" for d in dims)
    if shape:
        return " x ".join("?" if s is None else str(s) for s in shape)
    return ""


def model_to_graphviz(model=None, *, var_names=None, formatting="plain", save=None, figsize=None, dpi=300):
    """A graphviz Digraph of the model: free variables as ellipses, observed ones filled,
    deterministics as boxes, data as rounded boxes; variables sharing a shape sit in one plate."""
    try:
        import graphviz
    except ImportError as e:
        raise ImportError("model_to_graphviz needs the optional graphviz package (pip install graphviz)") from e
    from .core import modelcontext

    model = modelcontext(model)
    data = model.root.__dict__.get("data_vars", [])
    variables = model.free_RVs + model.observed_RVs + model.deterministics + list(data)
    if var_names is not None:
        variables = [v for v in variables if v.name in var_names]
    named = set(variables)
    dot = graphviz.Digraph(model.name or "model")
    plates = {}
    for var in variables:
        plates.setdefault(_plate(model, var), []).append(var)
    for label, members in plates.items():
        target = dot if not label else graphviz.Digraph(name="cluster_" + label)
        if label:
            target.attr(label=label, labeljust="r", labelloc="b", style="rounded")
        for var in members:
            if var in model.observed_RVs:
                attrs = dict(shape="ellipse", style="filled", label=f"{var.name}\n~\n{_dist(var)}")
            elif var in model.free_RVs:
                attrs = dict(shape="ellipse", label=f"{var.name}\n~\n{_dist(var)}")
            elif var in model.deterministics:
                attrs = dict(shape="box", label=f"{var.name}\n~\nDeterministic")
            else:
                attrs = dict(shape="box", style="rounded, filled", label=f"{var.name}\n~\nData")
            target.node(var.name.replace(":", "&"), **attrs)
        if label:
            dot.subgraph(target)
    for var in variables:
        for parent in _parents(model, var, named):
            dot.edge(parent.name.replace(":", "&"), var.name.replace(":", "&"))
    if save is not None:
        dot.render(filename=save, format=save.rsplit(".", 1)[-1] if "." in save else "png", cleanup=True)
    return dot


def _dist(var):
    from ..distributions.distribution import describe

    text = describe(var)
    return text.split("(")[0]
