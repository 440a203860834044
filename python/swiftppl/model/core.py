"""pm.Model: a context that names random variables, gives each a value variable (transformed where its support is bounded), and builds the model's log density from them."""

import threading

import numpy as np

from ..graph.basic import Variable
from .densities import LogDensityMixin, PointFunc  # noqa: F401  (PointFunc is exported from here)

_UNSET = object()


class _ModelStack(threading.local):
    def __init__(self):
        self.stack = []


_context = _ModelStack()


def modelcontext(model=None):
    """`model`, or the innermost model of the enclosing ``with`` blocks."""
    if model is not None:
        if not isinstance(model, Model):
            raise TypeError(f"model must be a swiftppl Model, got {type(model).__name__}")
        return model
    if not _context.stack:
        raise TypeError(
            "No model on context stack, which is needed to instantiate distributions. Add variable inside "
            "a 'with model:' block, or use the '.dist' syntax for a standalone distribution.")
    return _context.stack[-1]


class _TreeList(list):
    """A model's list whose appends also reach its parent's (PyMC's treelist): a nested
    model lists its own variables, every enclosing model lists them too."""

    def __init__(self, parent=None):
        super().__init__()
        self.parent = parent

    def append(self, item):
        super().append(item)
        if self.parent is not None:
            self.parent.append(item)


class _TreeDict(dict):
    """A model's mapping whose new entries also reach its parent's (PyMC's treedict)."""

    def __init__(self, parent=None):
        super().__init__()
        self.parent = parent

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        if self.parent is not None:
            self.parent[key] = value


_TREE_LISTS = ("free_RVs", "observed_RVs", "deterministics", "potentials")
_TREE_DICTS = ("named_vars", "rvs_to_values", "rvs_to_transforms", "rvs_to_initial_values", "named_vars_to_dims")


class Model(LogDensityMixin):
    """A probabilistic model (PyMC's ``pm.Model``).

    Used as a context manager, distributions created inside it register as its
    variables. A model created inside another is nested: its variables are named
    ``"<name>::x"`` and belong to every enclosing model too (their logp, value
    variables, free_RVs, ...), while coords, dims and the random streams are shared.

    >>> with pm.Model(coords={"city": ["a", "b"]}) as outer:
    ...     mu = pm.Normal("mu", 0, 1)
    ...     with pm.Model(name="inner") as inner:
    ...         x = pm.Normal("x", mu, 1, dims="city")   # outer["inner::x"], inner["x"]
    """

    def __init__(self, name="", coords=None, check_bounds=True, model=_UNSET):
        if not isinstance(name, str):
            raise TypeError(f"a model's name must be a string, got {type(name).__name__}")
        if name.endswith(":"):
            raise ValueError(f"a model's name must not end with ':', got {name!r}")
        if coords is not None and not isinstance(coords, dict):
            raise TypeError(f"coords must be a dict {{dim name: values}}, got {type(coords).__name__}")
        parent = _context.stack[-1] if (model is _UNSET and _context.stack) else (None if model is _UNSET else model)
        if parent is not None and not isinstance(parent, Model):
            raise TypeError(f"model must be a swiftppl Model, got {type(parent).__name__}")
        self.parent = parent
        self.name = name
        self.root = parent.root if parent is not None else self
        self.check_bounds = check_bounds
        for attr in _TREE_LISTS:
            setattr(self, attr, _TreeList(getattr(parent, attr) if parent is not None else None))
        for attr in _TREE_DICTS:
            setattr(self, attr, _TreeDict(getattr(parent, attr) if parent is not None else None))
        if parent is None:
            self._coords = {}
            self._dim_lengths = {}
            self._rng_seed = 0
        for dim, values in (coords or {}).items():
            self.add_coord(dim, values)

    # Coords, dims and the random streams' seed counter live on the root model.
    def __getattr__(self, item):
        root = self.__dict__.get("root")
        if root is not None and root is not self and item in ("_coords", "_dim_lengths"):
            return getattr(root, item)
        named = self.__dict__.get("named_vars")
        if named is not None and not item.startswith("_"):
            # PyMC's model.<variable name> attribute access.
            for key in (item, self.name_for(item)):
                if key in named:
                    return named[key]
        raise AttributeError(f"'Model' object has no attribute {item!r}")

    def __enter__(self):
        _context.stack.append(self)
        return self

    def __exit__(self, *exc):
        _context.stack.pop()
        return False

    def __getitem__(self, key):
        """The variable named `key`, with or without this model's prefix."""
        if key in self.named_vars:
            return self.named_vars[key]
        full = self.name_for(key)
        if full in self.named_vars:
            return self.named_vars[full]
        raise KeyError(key)

    def __contains__(self, key):
        return key in self.named_vars or self.name_for(key) in self.named_vars

    @property
    def prefix(self):
        """The names' prefix: this model's name after its parents' (``"outer::inner"``)."""
        parent = self.parent.prefix if self.parent is not None else ""
        if parent and self.name:
            return f"{parent}::{self.name}"
        return self.name or parent

    @property
    def isroot(self):
        return self.parent is None

    def name_for(self, name):
        """`name` with this model's prefix (kept when it has it already)."""
        prefix = self.prefix
        if not prefix or name.startswith(prefix + "::"):
            return name
        return f"{prefix}::{name}"

    def name_of(self, name):
        """`name` without this model's prefix."""
        prefix = self.prefix
        return name[len(prefix) + 2:] if prefix and name.startswith(prefix + "::") else name

    # ---- coords and dims -----------------------------------------------------

    @property
    def coords(self):
        return dict(self._coords)

    @property
    def dim_lengths(self):
        return dict(self._dim_lengths)

    def add_coord(self, name, values=None, length=None):
        if not isinstance(name, str):
            raise TypeError(f"a coordinate's name must be a string, got {name!r}")
        if values is None and length is None:
            raise ValueError(f"coordinate {name!r}: give its values or its length")
        if values is not None:
            array = np.asarray(values) if not isinstance(values, tuple) else None
            if array is not None and array.ndim != 1:
                raise ValueError(f"coordinate {name!r}: values must be one-dimensional, got shape {array.shape}")
            values = tuple(array.tolist()) if array is not None else values
            if length is not None and length != len(values):
                raise ValueError(f"coordinate {name!r} has {len(values)} values but length {length}")
            length = len(values)
        if name in self._coords and self._coords[name] != values:
            raise ValueError(f"duplicate and incompatible coordinate: {name!r}")
        self._coords[name] = values
        self._dim_lengths[name] = int(length)

    def add_coords(self, coords):
        for name, values in coords.items():
            self.add_coord(name, values)

    def shape_from_dims(self, dims):
        dims = (dims,) if isinstance(dims, str) else tuple(dims)
        missing = [d for d in dims if d not in self._dim_lengths]
        if missing:
            raise ValueError(f"dims {missing} are not coordinates of the model; add them with coords={{...}}")
        return tuple(self._dim_lengths[d] for d in dims), dims

    # ---- registration --------------------------------------------------------

    def next_rng(self):
        """A fresh generator for the next random variable (its seed is reset by draws and samplers)."""
        from ..tensor.random.var import shared_generator

        self.root._rng_seed += 1
        return shared_generator(np.random.default_rng(self.root._rng_seed))

    def _check_name(self, name):
        if not isinstance(name, str) or not name:
            raise TypeError(f"a model variable needs a non-empty string name, got {name!r}")
        full = self.name_for(name)
        # Every name reaches the root model: checking there finds clashes across nesting levels.
        if full in self.root.named_vars:
            raise ValueError(f"Variable name {full} already exists.")
        return full

    def register_rv(self, rv, name, observed=None, dims=None, transform=None, initval=None):
        """Adds a random variable: observed ones become likelihood terms, free ones get a
        value variable (named ``<name>_<transform>__`` when transformed)."""
        from ..tensor.basic import as_tensor_variable, tensor

        full = self._check_name(name)
        rv.name = full
        self.named_vars[full] = rv
        try:
            from ..graph.basic import MODEL_REPRS

            MODEL_REPRS[rv] = f"{full} ~ {_describe_rv(rv)}"
        except Exception:  # a graph the describer does not know: the plain name is shown
            pass
        if dims is not None:
            self.named_vars_to_dims[full] = (dims,) if isinstance(dims, str) else tuple(dims)
        if observed is not None:
            data = _observed_array(observed, rv, full)
            self.observed_RVs.append(rv)
            self.rvs_to_values[rv] = as_tensor_variable(data)
            self.rvs_to_transforms[rv] = None
            return rv
        self.free_RVs.append(rv)
        if transform is not None:
            probe = transform.forward(rv)
            value = tensor(f"{full}_{transform.name}__", dtype=probe.dtype, shape=probe.type.shape)
        else:
            value = tensor(full, dtype=rv.dtype, shape=rv.type.shape)
        self.rvs_to_values[rv] = value
        self.rvs_to_transforms[rv] = transform
        self.named_vars[value.name] = value if transform is not None else self.named_vars[full]
        if initval is not None:
            self.rvs_to_initial_values[rv] = initval
        return rv

    def add_named_variable(self, var, dims=None):
        """Registers a Deterministic, Potential or other named graph; `dims` name its axes."""
        full = self._check_name(var.name)
        if dims is not None:
            dims = (dims,) if isinstance(dims, str) else tuple(dims)
            unknown = [d for d in dims if d is not None and d not in self._dim_lengths]
            if unknown:
                raise ValueError(f"{full}: dimension {unknown[0]!r} is not specified in `coords`")
            if var.ndim != len(dims):
                raise ValueError(f"{full} has {var.ndim} dims but {len(dims)} dim labels were provided")
        var.name = full
        self.named_vars[full] = var
        if dims is not None:
            self.named_vars_to_dims[full] = dims
        return var

    # ---- introspection -------------------------------------------------------

    @property
    def basic_RVs(self):
        return self.free_RVs + self.observed_RVs

    @property
    def value_vars(self):
        return [self.rvs_to_values[rv] for rv in self.free_RVs]

    @property
    def unobserved_value_vars(self):
        return self.value_vars + self.deterministics

    @property
    def cont_vars(self):
        return [v for v in self.value_vars if v.dtype.startswith("float")]

    @property
    def disc_vars(self):
        return [v for v in self.value_vars if not v.dtype.startswith("float")]

    continuous_value_vars = cont_vars
    discrete_value_vars = disc_vars

    @property
    def unobserved_RVs(self):
        return self.free_RVs + self.deterministics

    @property
    def values_to_rvs(self):
        return {value: rv for rv, value in self.rvs_to_values.items()}

    @property
    def data_vars(self):
        """The pm.Data variables of this model (and of the models nested in it)."""
        return [v for v in self.root.__dict__.get("data_vars", []) if self.named_vars.get(v.name) is v]

    # ---- log densities -------------------------------------------------------

    def point_logps(self, point=None, round_vals=2):
        """{variable name: summed log density at `point`} (the initial point by default)."""
        point = self.initial_point() if point is None else point
        return {n: np.round(np.asarray(v), round_vals) for n, v in _summed_logps(self, point)}

    def initial_point(self, random_seed=None, overrides=None):
        """{value variable name: value}: each free variable's initval or support point
        (its mean or mode, PyMC's ``support_point``), mapped through its transform. An initval
        of ``"prior"`` draws the variable from its prior (seeded by `random_seed`). `overrides`
        ({free variable: value on its own scale}, as pm.sample's ``initvals``) take the place of
        those variables' initvals; the others' support points then follow from them."""
        from ..distributions.distribution import support_point
        from ..graph.basic import clone_replace
        from ..pytensorf import draw

        point = {}
        replacements = {}
        seeds = np.random.default_rng(random_seed)
        # Over the whole (root) model: a nested model's starting values may depend on its parents'.
        root = self.root
        overrides = overrides or {}
        for rv in root.free_RVs:
            init = overrides[rv] if rv in overrides else root.rvs_to_initial_values.get(rv)
            named = init if isinstance(init, str) else None
            if init is None or named in ("support_point", "moment"):
                expr = support_point(rv)
            elif named == "prior":
                expr = rv
            elif named is not None:
                raise ValueError(f"unknown initval {init!r} for {rv.name}: give values, 'support_point' or 'prior'")
            else:
                from ..tensor.basic import as_tensor_variable

                expr = as_tensor_variable(np.asarray(init, dtype=rv.dtype) if not isinstance(init, Variable) else init)
            # Support points and prior draws may depend on other variables: use their initial values.
            if replacements:
                expr = clone_replace(expr, replacements)
            if named == "prior":
                value = np.asarray(draw(expr, random_seed=int(seeds.integers(2 ** 31))), dtype=rv.dtype)
            else:
                value = np.asarray(expr.eval(), dtype=rv.dtype)
            shape = _static_shape(rv, value)
            try:
                value = np.broadcast_to(value, shape).copy()
            except ValueError:
                raise ValueError(f"initial value of {rv.name}: shape {value.shape} does not fit the "
                                 f"variable's shape {shape}") from None
            replacements[rv] = _constant(value)
            transform = root.rvs_to_transforms.get(rv)
            if transform is not None:
                # The transform's bounds may depend on other variables (Uniform(lower=mu, ...)):
                # at their initial values, never at fresh draws of them.
                forward = clone_replace(transform.forward(_constant(value)), replacements)
                value = np.asarray(forward.eval())
            point[root.rvs_to_values[rv].name] = value
        return {v.name: point[v.name] for v in self.value_vars}

    def set_initval(self, rv, initval):
        """Sets the initial value of the free variable `rv` (values, ``"support_point"`` or ``"prior"``)."""
        if rv not in self.free_RVs:
            raise ValueError(f"{rv} is not a free random variable of this model")
        self.rvs_to_initial_values[rv] = initval

    def set_data(self, name, values, coords=None):
        """Replaces the values of the pm.Data variable `name` (``pm.set_data`` for one variable)."""
        from .data import set_data

        set_data({name: values}, model=self, coords=coords)

    def to_graphviz(self, **kwargs):
        from .graph import model_to_graphviz

        return model_to_graphviz(self, **kwargs)

    @classmethod
    def get_context(cls, error_if_none=True, allow_block_model_access=False):
        """The innermost model of the enclosing ``with`` blocks (None when there is none and not `error_if_none`)."""
        if not _context.stack and not error_if_none:
            return None
        return modelcontext(None)

    def eval_rv_shapes(self):
        """{name: shape} of every free variable and of its value variable."""
        shapes = {}
        for rv in self.free_RVs:
            transform = self.rvs_to_transforms.get(rv)
            # A value variable's shape is its random variable's, mapped through the transform.
            value_graph = transform.forward(rv) if transform is not None else rv
            for var, graph in ((rv, rv), (self.rvs_to_values[rv], value_graph)):
                static = tuple(var.type.shape)
                shapes[var.name] = static if None not in static else tuple(int(n) for n in graph.shape.eval())
        return shapes

    def debug(self, point=None, fn="logp", verbose=False):
        """Prints which variables' log densities are not finite at `point`."""
        point = self.initial_point() if point is None else point
        bad = _non_finite(self, point)
        if not bad:
            print(f"point={point}\n\nNo problems found")
        for name, value in bad:
            print(f"The variable {name} has the following parameters / logp: {value}")
        return bad

    def check_start_vals(self, start):
        """Raises naming every variable whose log density is -inf or NaN at `start`."""
        bad = _non_finite(self, start)
        if bad:
            details = "\n".join(f"{name}: {value}" for name, value in bad)
            values = {k: np.asarray(v).tolist() for k, v in start.items()}
            raise SamplingError(
                f"Initial evaluation of model at starting point failed!\nStarting values:\n{values}\n\n"
                f"Logp initial evaluation results:\n{details}\nYou can call `model.debug()` for more details.")

    def __str__(self):
        lines = []
        for rv in self.basic_RVs:
            lines.append(f"{rv.name} ~ {_describe_rv(rv)}")
        return "\n".join(lines)

    def _repr_latex_(self):
        return "$$\\begin{array}{rcl}" + "\\\\".join(
            f"\\text{{{rv.name}}} &\\sim & {_describe_rv(rv)}" for rv in self.basic_RVs) + "\\end{array}$$"


class SamplingError(RuntimeError):
    """A model cannot be sampled from its starting point (PyMC's SamplingError)."""


def _summed_logps(model, point):
    """(name, summed log density at `point`) for every variable and potential."""
    names = [rv.name for rv in model.basic_RVs] + [p.name for p in model.potentials]
    values = model.compile_fn([_sum(t) for t in model.logp_terms()])(point)
    return list(zip(names, values))


def _non_finite(model, point):
    try:
        logps = _summed_logps(model, point)
    except ValueError as e:  # a parameter check
        return [("(parameter check)", str(e))]
    return [(n, float(v)) for n, v in logps if not np.isfinite(v)]


def _sum(term):
    from ..tensor.basic import sum as tensor_sum

    return tensor_sum(term)


def _constant(value):
    from ..tensor.basic import constant

    return constant(np.asarray(value))


def _static_shape(rv, value):
    shape = rv.type.shape
    if all(s is not None for s in shape):
        return tuple(shape)
    return value.shape


def _observed_array(observed, rv, name):
    """Observed data as an array of the variable's dtype and shape (pandas objects and masked arrays accepted)."""
    if hasattr(observed, "to_numpy"):
        observed = observed.to_numpy()
    if isinstance(observed, Variable):
        return observed
    data = np.asarray(observed)
    if np.ma.isMaskedArray(observed) or (data.dtype.kind == "f" and np.isnan(data).any()):
        raise NotImplementedError(f"{name}: missing values (NaN or masked) are imputed for the basic distributions, Censored, Truncated, zero-inflated and hurdle ones only, not yet for Mixture or CustomDist")
    if rv.dtype.startswith("int") and data.dtype.kind == "f":
        if not np.all(np.mod(data, 1) == 0):
            raise TypeError(f"{name}: observed data of a discrete variable must be integers")
    data = data.astype(rv.dtype)
    shape = rv.type.shape
    if all(s is not None for s in shape):
        try:
            np.broadcast_to(data, shape)
        except ValueError:
            raise ValueError(f"{name}: observed data of shape {data.shape} does not match the variable's shape {tuple(shape)}") from None
        if data.shape != tuple(shape):
            data = np.broadcast_to(data, shape).copy()
    return data


def _describe_rv(rv):
    from ..distributions.distribution import describe

    return describe(rv)


def Deterministic(name, var, model=None, dims=None):
    """A named function of other variables, kept in traces (pm.Deterministic)."""
    model = modelcontext(model)
    var.name = name
    model.add_named_variable(var, dims=dims)
    model.deterministics.append(var)
    return var


def Potential(name, var, model=None, dims=None):
    """An extra term added to the model's log density (pm.Potential)."""
    model = modelcontext(model)
    var.name = name
    model.add_named_variable(var, dims=dims)
    model.potentials.append(var)
    return var
