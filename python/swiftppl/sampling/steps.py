"""PyMC's step methods (NUTS, Metropolis, DEMetropolisZ, Slice, BinaryGibbsMetropolis,
CategoricalGibbsMetropolis, CompoundStep), their automatic assignment to a model's free variables,
and compound chains run in Swift over the model's joint log density (continuous and discrete value
variables together).

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

from .proposals import MultivariateNormalProposal, PoissonProposal, proposal_from_user

# Method codes of sppl_steps_start.
_NUTS, _METROPOLIS, _SLICE, _BINARY, _CATEGORICAL, _DEMZ = range(6)


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
        """The block values of `group` (see sppl_steps_start): one double per coordinate, or none."""
        return np.zeros(sum(_size(v) for v in group))

    def stat_names(self):
        return ()

    def stat_dtypes(self):
        """{statistic: dtype} for the statistics that are not float64."""
        return {}

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


def _tune_interval(who, tune_interval):
    """tune_interval as a positive int; ValueError naming the step otherwise."""
    if isinstance(tune_interval, bool) or not isinstance(tune_interval, numbers.Integral) or tune_interval < 1:
        raise ValueError(f"{who}: tune_interval must be a positive integer, got {tune_interval!r}")
    return int(tune_interval)


def _number(who, name, value, per_element=False):
    """A float from a number (or, `per_element`, the mean of PyMC's per-element array); ValueError
    naming the argument otherwise."""
    try:
        array = np.asarray(value, dtype=float)
        if array.size != 1 and not per_element:
            raise ValueError
        return float(np.mean(array))
    except (TypeError, ValueError):
        raise ValueError(f"{who}: {name} must be a number, got {value!r}") from None


def _scaling(who, scaling):
    """The initial scaling as a positive finite float (the mean of a per-element array)."""
    scaling = _number(who, "scaling", scaling, per_element=True)
    if not (np.isfinite(scaling) and scaling > 0):
        raise ValueError(f"{who}: scaling must be positive and finite, got {scaling}")
    return scaling


class _ProposalStep(_Step):
    """A step whose jumps come from a proposal distribution with scale S (Metropolis, DEMetropolisZ)."""

    def _set_proposal(self, proposal_dist, S):
        """Checks the proposal and S, and splits S per variable (a covariance stays whole)."""
        sizes = [_size(v) for v in self.vars]
        self.proposal, S = proposal_from_user(self.name, proposal_dist, S, sum(sizes))
        if self.proposal is MultivariateNormalProposal:
            if len(self.groups) > 1:
                raise ValueError(f"{self.name}: a covariance S over several variables moves them together; "
                                 "give blocked=True")
            self.S = {self.vars[0].name: S}
        else:
            # One step per variable unless blocked: each takes its own part of S.
            self.S = {v.name: part for v, part in zip(self.vars, np.split(S, np.cumsum(sizes)[:-1]))}

    def coordinate_values(self, group):
        if self.proposal is MultivariateNormalProposal:
            return self.S[group[0].name].ravel()
        return np.concatenate([self.S[v.name] for v in group])


class Metropolis(_ProposalStep):
    """Metropolis-Hastings with PyMC's proposals: jumps from ``proposal_dist(S)`` times ``scaling``
    (rounded on discrete variables), the scaling tuned from the acceptance rate every
    ``tune_interval`` warm-up steps (``tune=False`` keeps it). Without ``blocked=True`` each variable
    is its own step, and a multivariate variable is updated one element at a time; a
    MultivariateNormalProposal (the default for a 2-d S) moves its block at once.

        pm.Metropolis([x], proposal_dist=pm.LaplaceProposal, S=0.5, tune_interval=50)
        pm.Metropolis([k], proposal_dist=pm.PoissonProposal)      # integer jumps, Hastings-corrected
        pm.Metropolis([x], S=np.array([[1.0, 0.9], [0.9, 1.0]]))  # multivariate normal jumps
    """

    name, code, default_blocked = "Metropolis", _METROPOLIS, False

    def __init__(self, vars=None, *, S=None, proposal_dist=None, scaling=1.0, tune=True, tune_interval=100,
                 model=None, mode=None, blocked=False, **kwargs):
        _check_keywords("Metropolis", kwargs)
        super().__init__(vars, model, blocked, _model(model).value_vars)
        self._set_proposal(proposal_dist, S)
        if self.proposal is PoissonProposal:
            continuous = [v.name for v in self.vars if not _discrete(v)]
            if continuous:
                raise ValueError(f"Metropolis: PoissonProposal makes integer jumps; {continuous} are continuous")
        if not isinstance(tune, (bool, np.bool_)):
            raise ValueError(f"Metropolis: tune must be True or False, got {tune!r}")
        self.scaling, self.tune = _scaling("Metropolis", scaling), bool(tune)
        self.tune_interval = _tune_interval("Metropolis", tune_interval)

    def options(self):
        return {"proposal": self.proposal.code, "scaling": self.scaling, "tune": float(self.tune),
                "tune_interval": self.tune_interval}

    def group_options(self, group):
        # PyMC updates element by element unless the block is one scalar, or holds a discrete
        # multivariate variable (elemwise_update); a covariance proposal moves the block at once.
        scalar = len(group) == 1 and group[0].type.ndim == 0
        multivariate_discrete = any(_discrete(v) and getattr(self.model._as_rv(v).owner.op, "ndim_supp", 0) > 0
                                    for v in group)
        joint = scalar or multivariate_discrete or self.proposal is MultivariateNormalProposal
        return {"elementwise": float(not joint)}

    def stat_names(self):
        return ("accept", "accepted", "scaling")


class DEMetropolisZ(_ProposalStep):
    """Differential-evolution Metropolis on the chain's own history (ter Braak & Vrugt 2008):
    jumps lamb·(z1 - z2) + scaling·ε for two distinct past states z1, z2 and ε from
    ``proposal_dist(S)``; ``lamb`` defaults to 2.38/sqrt(2d) for a block of d elements. During
    warm-up ``tune='scaling'`` (default) or ``'lambda'`` is tuned every ``tune_interval`` steps, and
    at its end the oldest ``tune_drop_fraction`` of the history is dropped. Continuous variables
    only, one block unless ``blocked=False``.

        step = pm.DEMetropolisZ(tune="lambda", tune_drop_fraction=0.5)
    """

    name, code, default_blocked = "DEMetropolisZ", _DEMZ, True

    def __init__(self, vars=None, *, S=None, proposal_dist=None, lamb=None, scaling=0.001, tune="scaling",
                 tune_interval=100, tune_drop_fraction=0.9, model=None, mode=None, blocked=True, **kwargs):
        _check_keywords("DEMetropolisZ", kwargs)
        super().__init__(vars, model, blocked, _model(model).cont_vars)
        discrete = [v.name for v in self.vars if _discrete(v)]
        if discrete:
            raise ValueError(f"DEMetropolisZ cannot sample discrete variables: {discrete}")
        if proposal_dist is PoissonProposal:
            raise ValueError("DEMetropolisZ: PoissonProposal makes integer jumps; the variables are continuous")
        self._set_proposal(proposal_dist, S)
        if not (isinstance(tune, str) or tune is None) or tune not in {None, "scaling", "lambda"}:
            raise ValueError('The parameter "tune" must be one of {None, scaling, lambda}')
        if lamb is not None:
            lamb = _number("DEMetropolisZ", "lamb", lamb)
            if not (np.isfinite(lamb) and lamb >= 0):
                raise ValueError(f"DEMetropolisZ: lamb must be non-negative and finite, got {lamb}")
        fraction = _number("DEMetropolisZ", "tune_drop_fraction", tune_drop_fraction)
        if not 0 <= fraction <= 1:
            raise ValueError(f"DEMetropolisZ: tune_drop_fraction must be in [0, 1], got {tune_drop_fraction!r}")
        self.lamb, self.tune, self.tune_drop_fraction = lamb, tune, fraction
        self.scaling = _scaling("DEMetropolisZ", scaling)
        self.tune_interval = _tune_interval("DEMetropolisZ", tune_interval)

    def options(self):
        out = {"proposal": self.proposal.code, "scaling": self.scaling,
               "tune": {None: 0, "scaling": 1, "lambda": 2}[self.tune], "tune_interval": self.tune_interval,
               "tune_drop_fraction": self.tune_drop_fraction}
        if self.lamb is not None:
            out["lamb"] = self.lamb
        return out

    def stat_names(self):
        return ("accept", "accepted", "scaling", "lambda")

    def stat_dtypes(self):
        return {"accepted": np.bool_}


class DEMetropolis:
    """PyMC's population DEMetropolis (all chains in lockstep) is not implemented."""

    def __init__(self, vars=None, *, S=None, proposal_dist=None, lamb=None, scaling=0.001, tune=None,
                 tune_interval=100, model=None, mode=None, blocked=True, **kwargs):
        _check_keywords("DEMetropolis", kwargs)
        raise NotImplementedError("DEMetropolis (a population sampler moving all chains in lockstep) is not "
                                  "implemented in swiftppl; use pm.DEMetropolisZ, which draws its differential-"
                                  "evolution jumps from each chain's own history")


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
    codes, sizes, coords, values, counts, names, opt_values, opt_blocks, meta = [], [], [], [], [], [], [], [], []
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
            counts.append(len(vals))
            opts = dict(m.options())
            if hasattr(m, "group_options"):
                opts.update(m.group_options(group))
            for k, val in opts.items():
                names.append(k)
                opt_values.append(float(val))
                opt_blocks.append(b)
            meta.append((m, group))
    arrays = (np.asarray(codes, dtype=np.int32), np.asarray(sizes, dtype=np.int64),
              np.concatenate(coords).astype(np.int64), np.concatenate(values).astype(float),
              np.asarray(counts, dtype=np.int64))
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
    step counts are integers, DEMetropolisZ's ``accepted`` is boolean."""
    names = {}
    for stats, (m, _) in zip(per_block, meta):
        dtypes = m.stat_dtypes()
        for name, values in stats.items():
            names.setdefault(name, []).append(values.astype(dtypes.get(name, values.dtype)))
    out = {}
    for name, parts in names.items():
        value = parts[0] if len(parts) == 1 else np.stack(parts, axis=-1)
        out[name] = value.astype(np.int64) if name in ("nstep_out", "nstep_in") else value
    return out
