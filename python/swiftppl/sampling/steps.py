"""PyMC's step methods (NUTS, Metropolis, Slice, BinaryGibbsMetropolis, CategoricalGibbsMetropolis,
CompoundStep), their automatic assignment to a model's free variables, and compound chains run in
Swift over the model's joint log density (continuous and discrete value variables together).

A step object only records which value variables it moves and its settings; ``pm.sample`` turns
the steps into blocks of flat coordinates and runs every iteration's blocks in order on Swift
threads (chain ``c``, block ``b`` draws from the stream ``(random_seed, c, "step-b")``, so the
draws do not depend on ``cores``).

    with pm.Model():
        k = pm.Poisson("k", 3)
        x = pm.Normal("x", k, 1)
        idata = pm.sample(step=[pm.Metropolis([k], tune_interval=50)])   # NUTS for x
"""

import numbers

import numpy as np

# Method codes of sppl_steps_start.
_NUTS, _METROPOLIS, _SLICE, _BINARY, _CATEGORICAL = range(5)


def _model(model):
    from ..model.core import modelcontext

    return modelcontext(model)


def _value_vars(model, vars, default):
    """Value variables for `vars` (random variables, value variables or their names); PyMC's
    get_value_vars_from_user_vars with its error for variables that are not in the model."""
    if vars is None:
        return list(default)
    if not isinstance(vars, (list, tuple)):
        vars = [vars]
    out, missing = [], []
    for var in vars:
        try:
            rv = model[var] if isinstance(var, str) else model._as_rv(var)
            rv = model._as_rv(rv)
        except (KeyError, ValueError):
            missing.append(getattr(var, "name", None) or str(var))
            continue
        if rv not in model.free_RVs:
            missing.append(rv.name)
            continue
        value = model.rvs_to_values[rv]
        if all(value is not v for v in out):
            out.append(value)
    if missing:
        raise ValueError(f"The following variables are not free random variables in the model: {missing}")
    return out


def _size(var):
    return int(np.prod(var.type.shape, dtype=np.int64))


def _distribution(model, value):
    """The catalog name of the random variable behind a value variable ('bernoulli', 'poisson', ...)."""
    rv = model._as_rv(value)
    op = getattr(rv.owner, "op", None) if rv.owner is not None else None
    return getattr(op, "name", None)


def _categories(model, value):
    """Number of categories of a Categorical variable: the static length of its p, or p's length
    evaluated at the model's initial point (PyMC's rule)."""
    rv = model._as_rv(value)
    p = rv.owner.inputs[-1]
    k = p.type.shape[-1] if p.type.ndim else None
    if k is None:
        from ..compile import function
        from ..graph.basic import clone_replace

        length = clone_replace(p.shape[-1], model._rv_values())
        fn = function(model.value_vars, length, on_unused_input="ignore")
        start = model.initial_point()
        k = int(fn(*[start[v.name] for v in model.value_vars]))
    return int(k)


def _discrete(value):
    return not value.dtype.startswith("float")


def _check_keywords(kind, kwargs):
    if kwargs:
        raise TypeError(f"{kind}() got unexpected keyword argument(s): {', '.join(sorted(kwargs))}")


class _Step:
    """A step method over some value variables of a model (one block of coordinates per group)."""

    name = "step"
    code = None
    default_blocked = True

    def __init__(self, vars, model, blocked, default):
        self.model = _model(model)
        self.vars = _value_vars(self.model, vars, default)
        if not self.vars:
            raise ValueError(f"{type(self).__name__} was given no variables to sample")
        blocked = self.default_blocked if blocked is None else bool(blocked)
        self.groups = [self.vars] if blocked or len(self.vars) == 1 else [[v] for v in self.vars]

    @property
    def methods(self):
        return [self]

    def options(self):
        """{name: value} of this method's block options."""
        return {}

    def coordinate_values(self, group):
        """One double per coordinate of `group` (see sppl_steps_start)."""
        return np.zeros(sum(_size(v) for v in group))

    def stat_names(self):
        return ()

    def __repr__(self):
        return f"{type(self).__name__}: [{', '.join(v.name for v in self.vars)}]"


class NUTS(_Step):
    """The No-U-Turn Sampler over continuous variables (``pm.NUTS(vars, target_accept=..., max_treedepth=...)``).

    Its settings apply to every NUTS block of the run (they override ``pm.sample``'s)."""

    name, code = "NUTS", _NUTS

    def __init__(self, vars=None, *, target_accept=None, max_treedepth=None, model=None, **kwargs):
        _check_keywords("NUTS", kwargs)
        super().__init__(vars, model, True, _model(model).cont_vars)
        discrete = [v.name for v in self.vars if _discrete(v)]
        if discrete:
            raise ValueError(f"NUTS cannot sample discrete variables: {discrete}; use Metropolis or a Gibbs step")
        self.settings = {}
        if target_accept is not None:
            self.settings["target_accept"] = float(target_accept)
        if max_treedepth is not None:
            self.settings["max_treedepth"] = max_treedepth


class Metropolis(_Step):
    """Random-walk Metropolis with a normal proposal S·scaling (rounded on discrete variables) and
    PyMC's scaling tuning every ``tune_interval`` warm-up steps. Without ``blocked=True`` each
    variable is its own step, and a multivariate variable is updated one element at a time."""

    name, code, default_blocked = "Metropolis", _METROPOLIS, False

    def __init__(self, vars=None, *, S=None, proposal_dist=None, scaling=1.0, tune=True, tune_interval=100,
                 model=None, blocked=False, **kwargs):
        _check_keywords("Metropolis", kwargs)
        super().__init__(vars, model, blocked, _model(model).value_vars)
        if proposal_dist is not None and getattr(proposal_dist, "__name__", "") != "NormalProposal":
            raise ValueError("Metropolis supports the normal proposal only (proposal_dist=None or NormalProposal)")
        size = sum(_size(v) for v in self.vars)
        S = np.ones(size) if S is None else np.asarray(S, dtype=float)
        if S.ndim == 0:
            S = np.full(size, float(S))
        if S.shape != (size,):
            raise ValueError(f"Metropolis: S must hold one proposal sd per element ({size}), got shape {S.shape}")
        if not (np.all(np.isfinite(S)) and np.all(S > 0)):
            raise ValueError("Metropolis: S must be positive and finite")
        scaling = float(np.mean(scaling))
        if not (np.isfinite(scaling) and scaling > 0):
            raise ValueError(f"Metropolis: scaling must be positive and finite, got {scaling}")
        if isinstance(tune_interval, bool) or not isinstance(tune_interval, numbers.Integral) or tune_interval < 1:
            raise ValueError(f"Metropolis: tune_interval must be a positive integer, got {tune_interval!r}")
        self.S = {v.name: part for v, part in zip(self.vars, np.split(S, np.cumsum([_size(v) for v in self.vars])[:-1]))}
        self.scaling, self.tune, self.tune_interval = scaling, bool(tune), int(tune_interval)

    def options(self):
        return {"scaling": self.scaling, "tune": float(self.tune), "tune_interval": self.tune_interval}

    def group_options(self, group):
        # PyMC updates element by element unless the block is one scalar, or holds a discrete
        # multivariate variable (elemwise_update).
        scalar = len(group) == 1 and group[0].type.ndim == 0
        multivariate_discrete = any(_discrete(v) and getattr(self.model._as_rv(v).owner.op, "ndim_supp", 0) > 0
                                    for v in group)
        return {"elementwise": float(not (scalar or multivariate_discrete))}

    def coordinate_values(self, group):
        return np.concatenate([self.S[v.name] for v in group])

    def stat_names(self):
        return ("accept", "accepted", "scaling")


class Slice(_Step):
    """Univariate slice sampling with stepping out and width tuning (``pm.Slice(vars, w=1.0)``);
    continuous variables only, one step per variable unless ``blocked=True``."""

    name, code, default_blocked = "Slice", _SLICE, False

    def __init__(self, vars=None, *, w=1.0, tune=True, model=None, iter_limit=np.inf, blocked=False, **kwargs):
        _check_keywords("Slice", kwargs)
        super().__init__(vars, model, blocked, _model(model).cont_vars)
        discrete = [v.name for v in self.vars if _discrete(v)]
        if discrete:
            raise ValueError(f"Slice cannot sample discrete variables: {discrete}")
        self.w = np.asarray(w, dtype=float)
        if not (np.all(np.isfinite(self.w)) and np.all(self.w > 0)):
            raise ValueError("Slice: w must be positive and finite")
        if not (iter_limit == np.inf or (isinstance(iter_limit, numbers.Integral) and iter_limit >= 1)):
            raise ValueError(f"Slice: iter_limit must be a positive integer or inf, got {iter_limit!r}")
        self.tune, self.iter_limit = bool(tune), iter_limit

    def options(self):
        return {"tune": float(self.tune), "iter_limit": float(self.iter_limit)}

    def coordinate_values(self, group):
        n = sum(_size(v) for v in group)
        # PyMC repeats w over the coordinates (np.resize).
        return np.resize(self.w.ravel(), n)

    def stat_names(self):
        return ("nstep_out", "nstep_in")


def _order(order, size, kind):
    if isinstance(order, str) and order == "random":
        return None
    order = list(order)
    if sorted(order) != list(range(size)):
        raise ValueError(f"{kind}: argument 'order' has to be a permutation of range({size}) or 'random'")
    return order


class BinaryGibbsMetropolis(_Step):
    """Metropolis-within-Gibbs flips of binary variables, one element at a time in random (or the
    given) order, each proposed with probability ``transit_p``."""

    name, code = "BinaryGibbsMetropolis", _BINARY

    def __init__(self, vars, *, order="random", transit_p=0.8, model=None, blocked=True, **kwargs):
        _check_keywords("BinaryGibbsMetropolis", kwargs)
        super().__init__(vars, model, True, [])
        bad = [v.name for v in self.vars if not _binary(self.model, v)]
        if bad:
            raise ValueError(f"All variables must be binary for BinaryGibbsMetropolis: {bad} are not Bernoulli "
                             "or two-category Categorical variables")
        if not 0 <= transit_p <= 1:
            raise ValueError(f"BinaryGibbsMetropolis: transit_p must be in [0, 1], got {transit_p}")
        self.transit_p = float(transit_p)
        self.order = _order(order, sum(_size(v) for v in self.vars), "BinaryGibbsMetropolis")

    def options(self):
        return {"transit_p": self.transit_p, "shuffle": float(self.order is None)}


class CategoricalGibbsMetropolis(_Step):
    """Metropolis-within-Gibbs for Categorical (and Bernoulli) variables: a new category proposed
    uniformly among the others (``proposal='uniform'``) or in proportion to the conditional
    probabilities (``'proportional'``, Liu's Metropolized Gibbs)."""

    name, code = "CategoricalGibbsMetropolis", _CATEGORICAL

    def __init__(self, vars, *, proposal="uniform", order="random", model=None, blocked=True, **kwargs):
        _check_keywords("CategoricalGibbsMetropolis", kwargs)
        super().__init__(vars, model, True, [])
        self.k = {}
        for v in self.vars:
            kind = _distribution(self.model, v)
            if kind == "categorical":
                self.k[v.name] = _categories(self.model, v)
            elif kind == "bernoulli":
                self.k[v.name] = 2
            else:
                raise ValueError(f"All variables must be categorical or binary for CategoricalGibbsMetropolis: "
                                 f"{v.name} is {kind}")
        if proposal not in ("uniform", "proportional"):
            raise ValueError("Argument 'proposal' should either be 'uniform' or 'proportional'")
        self.proposal = proposal
        self.order = _order(order, sum(_size(v) for v in self.vars), "CategoricalGibbsMetropolis")

    def options(self):
        return {"proportional": float(self.proposal == "proportional"), "shuffle": float(self.order is None)}

    def coordinate_values(self, group):
        return np.concatenate([np.full(_size(v), float(self.k[v.name])) for v in group])


def _binary(model, value):
    kind = _distribution(model, value)
    return kind == "bernoulli" or (kind == "categorical" and _categories(model, value) == 2)


class CompoundStep:
    """Several step methods run in order each iteration (``pm.CompoundStep([step1, step2])``)."""

    def __init__(self, methods):
        flat = []
        for m in methods if isinstance(methods, (list, tuple)) else [methods]:
            if isinstance(m, CompoundStep):
                flat.extend(m.methods)
            elif isinstance(m, _Step):
                flat.append(m)
            else:
                raise TypeError(f"CompoundStep takes step methods, got {type(m).__name__}")
        self.methods = flat

    @property
    def vars(self):
        return [v for m in self.methods for v in m.vars]

    def __repr__(self):
        return "CompoundStep\n" + "\n".join(f">{m!r}" for m in self.methods)


def assign_step_methods(model, step=None):
    """The user's steps plus PyMC's automatic choice for every free variable they leave out: NUTS for
    the continuous ones (one block), BinaryGibbsMetropolis for Bernoulli (and two-category
    Categorical), CategoricalGibbsMetropolis for Categorical, Metropolis for other discrete ones."""
    methods = [] if step is None else CompoundStep(step).methods
    for m in methods:
        if m.model is not model:
            raise ValueError(f"{m!r} was built for another model")
    taken, seen = set(), []
    for m in methods:
        for v in m.vars:
            if v.name in taken:
                raise ValueError(f"variable {v.name} is given to more than one step method")
            taken.add(v.name)
            seen.append(v)
    rest = [v for v in model.value_vars if v.name not in taken]
    continuous = [v for v in rest if not _discrete(v)]
    binary = [v for v in rest if _discrete(v) and _binary(model, v)]
    categorical = [v for v in rest if _discrete(v) and v not in binary and _distribution(model, v) == "categorical"]
    other = [v for v in rest if _discrete(v) and v not in binary and v not in categorical]
    if continuous:
        methods.append(NUTS(continuous, model=model))
    if binary:
        methods.append(BinaryGibbsMetropolis(binary, model=model))
    if categorical:
        methods.append(CategoricalGibbsMetropolis(categorical, model=model))
    if other:
        methods.append(Metropolis(other, model=model))
    return methods


def _blocks(model, methods):
    """Flat coordinates per block and the C arrays of sppl_steps_start, plus per-block metadata."""
    offsets, offset = {}, 0
    for v in model.value_vars:
        offsets[v.name] = offset
        offset += _size(v)
    codes, sizes, coords, values, names, opt_values, opt_blocks, meta = [], [], [], [], [], [], [], []
    for m in methods:
        for group in m.groups:
            b = len(codes)
            idx = np.concatenate([np.arange(offsets[v.name], offsets[v.name] + _size(v)) for v in group])
            vals = m.coordinate_values(group)
            order = getattr(m, "order", None)
            if order is not None:
                idx, vals = idx[order], vals[order]
            codes.append(m.code)
            sizes.append(len(idx))
            coords.append(idx)
            values.append(vals)
            opts = dict(m.options())
            if hasattr(m, "group_options"):
                opts.update(m.group_options(group))
            for k, val in opts.items():
                names.append(k)
                opt_values.append(float(val))
                opt_blocks.append(b)
            meta.append((m, group))
    arrays = (np.asarray(codes, dtype=np.int32), np.asarray(sizes, dtype=np.int64),
              np.concatenate(coords).astype(np.int64), np.concatenate(values).astype(float))
    return arrays, (names, opt_values, opt_blocks), meta


def sample_steps(model, methods, initial_point, *, draws, tune, chains, cores, random_seed, progressbar,
                 run_options):
    """Runs compound chains; returns (positions (chains, n, dimension), tune, per-block results, meta).

    ``run_options`` are sppl_nuts_start's names (target_accept, jitter, ...)."""
    from .. import _core
    from ..compile import function
    from ..gradient import grad
    from .nuts import _Sampler, _run_to_end, _seed, interrupted_warning

    logp = model.logp()
    cont = [v for v in model.value_vars if not _discrete(v)]
    has_nuts = any(m.code == _NUTS for m in methods)
    outputs = [logp] + (list(grad(logp, cont)) if has_nuts and cont else [])
    joint = function(model.value_vars, outputs, on_unused_input="ignore")
    arrays, (names, opt_values, opt_blocks), meta = _blocks(model, methods)
    for m in methods:
        run_options.update(getattr(m, "settings", {}))
    run = dict(run_options, draws=draws, tune=tune, chains=chains, cores=cores)
    names = list(run) + names
    opt_values = [float(v) for v in run.values()] + opt_values
    opt_blocks = [-1] * len(run) + opt_blocks
    points = np.ascontiguousarray(np.atleast_2d(np.asarray(initial_point, dtype=float)))
    sampler = _Sampler._start(_core.steps_start, joint._h, *arrays, names, opt_values,
                              np.asarray(opt_blocks, dtype=np.int64), _seed(random_seed), points)
    interrupted = _run_to_end(sampler, chains, tune + draws, progressbar, nuts=has_nuts)
    positions = _core.steps_result(sampler._h, -1, "position")
    n_tune = int(_core.steps_result(sampler._h, -1, "tune"))
    if interrupted:
        interrupted_warning(positions.shape[1], tune + draws, n_tune)
    per_block = []
    for b, (m, _) in enumerate(meta):
        if m.code == _NUTS:
            from .mcmc import _STATS

            per_block.append({name: _core.steps_result(sampler._h, b, key) for name, key in _STATS.items()})
        else:
            per_block.append({name: _core.steps_result(sampler._h, b, name) for name in m.stat_names()})
    return positions, n_tune, per_block, meta


def stacked_stats(per_block, meta):
    """PyMC's sample_stats layout for compound steps: a statistic recorded by one block keeps its
    name; one recorded by several blocks is stacked on a last axis (``<name>_dim_0``). Slice's
    step counts are integers."""
    names = {}
    for stats in per_block:
        for name, values in stats.items():
            names.setdefault(name, []).append(values)
    out = {}
    for name, parts in names.items():
        value = parts[0] if len(parts) == 1 else np.stack(parts, axis=-1)
        out[name] = value.astype(np.int64) if name in ("nstep_out", "nstep_in") else value
    return out
