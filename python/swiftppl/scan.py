"""Loops in graphs (PyTensor's scan).

>>> import swiftppl, swiftppl.tensor as pt
>>> x = pt.vector("x")
>>> cumprod, updates = swiftppl.scan(lambda xt, prev: prev * xt, sequences=[x], outputs_info=[pt.constant(1.0)])
>>> cumprod.eval({x: [2.0, 3.0, 4.0]})
array([ 2.,  6., 24.])
"""

from ._handles import build
from .graph.basic import Variable
from .tensor.basic import as_tensor_variable, constant, tensor


def _listify(x):
    if x is None:
        return []
    if isinstance(x, (list, tuple)):
        return list(x)
    return [x]


def scan(fn, sequences=None, outputs_info=None, non_sequences=None, n_steps=None, truncate_gradient=-1,
         go_backwards=False, mode=None, name=None, profile=False, allow_gc=None, strict=False, return_list=False):
    """Applies `fn` step by step (PyTensor's scan).

    `fn` receives, in order: one row of each sequence, the past values of each
    recurrent output (for outputs_info entries that are not None; a dict
    ``{"initial": x0, "taps": [-2, -1]}`` asks for several), then the
    non-sequences. It returns the step's outputs (one per outputs_info entry), and
    optionally an updates dict (which must be empty). Returns ``(outputs, updates)``:
    each output stacked over the steps, one row per step. Differentiable.
    """
    if not callable(fn):
        raise TypeError(f"scan: fn must be callable, got {type(fn).__name__}")
    if truncate_gradient != -1:
        raise NotImplementedError("truncate_gradient is not supported")
    seqs = []
    for s in _listify(sequences):
        if isinstance(s, dict):
            if "input" not in s:
                raise ValueError("scan: a sequence given as a dict needs an 'input' entry")
            if s.get("taps", [0]) != [0]:
                raise NotImplementedError("sequence taps other than [0] are not supported")
            s = s["input"]
        seqs.append(as_tensor_variable(s))
    for s in seqs:
        if s.ndim == 0:
            raise ValueError(f"sequence {s} is 0-dimensional; sequences are iterated over their first axis")
    if go_backwards:
        seqs = [s[::-1] for s in seqs]
    non_seqs = [as_tensor_variable(v) for v in _listify(non_sequences)]

    infos = _listify(outputs_info)
    recurrent = []  # (position in outputs_info, initial, taps)
    for i, info in enumerate(infos):
        if info is None:
            continue
        if isinstance(info, dict):
            if "initial" not in info or info["initial"] is None:
                continue
            taps = sorted(int(t) for t in info.get("taps", [-1]))
            recurrent.append((i, as_tensor_variable(info["initial"]), taps))
        else:
            recurrent.append((i, as_tensor_variable(info), [-1]))

    # Placeholders for one step.
    inner_seqs = [tensor(None, dtype=s.dtype, shape=s.type.shape[1:]) for s in seqs]
    inner_states = []
    for _, initial, taps in recurrent:
        shape = initial.type.shape if taps == [-1] else initial.type.shape[1:]
        inner_states.append([tensor(None, dtype=initial.dtype, shape=shape) for _ in taps])
    inner_non_seqs = [tensor(v.name, dtype=v.dtype, shape=v.type.shape) for v in non_seqs]
    args = inner_seqs + [v for group in inner_states for v in group] + inner_non_seqs

    result = fn(*args)
    updates = {}
    if isinstance(result, tuple) and result and isinstance(result[-1], dict):
        updates = result[-1]
        result = result[0] if len(result) == 2 else result[:-1]
    elif isinstance(result, dict):
        updates, result = result, []
    if updates:
        raise NotImplementedError("updates returned by the step function are not supported")
    outputs = [as_tensor_variable(o) for o in _listify(result)]
    if infos and len(outputs) != len(infos):
        raise ValueError(f"the step function returned {len(outputs)} output(s) but outputs_info has {len(infos)} entries")
    positions = [i for i, _, _ in recurrent]
    others = [i for i in range(len(outputs)) if i not in positions]
    ordered = [outputs[i] for i in positions] + [outputs[i] for i in others]

    steps = constant(-1) if n_steps is None else as_tensor_variable(n_steps)
    params = [len(seqs), len(recurrent), len(non_seqs), len(ordered)]
    for _, _, taps in recurrent:
        params += [len(taps), *taps]
    inputs = ([steps] + seqs + [initial for _, initial, _ in recurrent] + non_seqs
              + inner_seqs + [v for group in inner_states for v in group] + inner_non_seqs + ordered)
    stacked = build("scan", inputs, params)
    # Back to the order of outputs_info.
    result = [None] * len(ordered)
    for k, i in enumerate(positions + others):
        result[i] = stacked[k]
        if name:
            result[i].name = f"{name}[{i}]" if len(ordered) > 1 else name
    if len(result) == 1 and not return_list:
        return result[0], {}
    return result, {}
