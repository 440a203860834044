"""The model's log density and its derivatives (a part of pm.Model): densities derived for each
variable (or written, for Truncated, hurdles and CustomDist(logp=...)), partial sums, the gradient
and Hessian over value variables, and compiled point functions."""

import numpy as np

from ..graph.basic import Variable


class LogDensityMixin:
    """pm.Model's log-density methods; the model supplies its variables and value variables."""

    def _rv_values(self):
        """{rv: value expression}: free variables at their (back-transformed) value variables,
        observed ones at their data. Every variable of the whole (root) model is included, so a
        nested model's densities are conditioned on the enclosing model's values too."""
        from ..graph.basic import clone_replace

        rv_values = {}
        root = self.root
        # Free variables in creation order (parents before children), so that a transform whose
        # bounds depend on other variables (Uniform(lower=mu, ...)) gets those variables' values
        # substituted: the values hold no random variable, which `eval` or a compiled function
        # would otherwise draw afresh at every call.
        for rv in root.free_RVs:
            value = root.rvs_to_values[rv]
            transform = root.rvs_to_transforms.get(rv)
            if transform is not None:
                value = transform.backward(value)
                value = clone_replace(value, rv_values) if rv_values else value
            rv_values[rv] = value
        for rv in root.observed_RVs:
            rv_values[rv] = root.rvs_to_values[rv]
        return rv_values

    def replace_rvs_by_values(self, graphs, **kwargs):
        """`graphs` cloned with every random variable replaced by its value (free ones by their
        back-transformed value variables, observed ones by their data), as PyMC's."""
        from ..graph.basic import clone_replace

        single = not isinstance(graphs, (list, tuple))
        cloned = clone_replace(list(_as_list(graphs)), self._rv_values())
        cloned = cloned if isinstance(cloned, list) else [cloned]
        return cloned[0] if single else cloned

    def logp_terms(self, vars=None, jacobian=True):
        """One elementwise log-density graph per requested variable (all basic RVs by default), then potentials."""
        wanted = self.basic_RVs if vars is None else [self._as_rv(v) for v in _as_list(vars)]
        return self._logp_terms_at(self._rv_values(), wanted, jacobian, potentials=vars is None)

    def constrained_logp_terms(self, vars):
        """(inputs, terms): the elementwise log densities of `vars` as graphs of one input per free
        variable taking its value in the variable's own (constrained) space, as PyMC's
        `remove_value_transforms` model gives them; observed variables stay at their data.
        Without transforms there is no Jacobian: these are the densities ArviZ's log_likelihood
        and log_prior groups hold, evaluated at posterior draws."""
        root = self.root
        inputs = {}
        for rv in root.free_RVs:
            placeholder = rv.type()
            placeholder.name = rv.name
            inputs[rv] = placeholder
        rv_values = {rv: inputs.get(rv, root.rvs_to_values[rv]) for rv in root.basic_RVs}
        wanted = [self._as_rv(v) for v in _as_list(vars)]
        return list(inputs.values()), self._logp_terms_at(rv_values, wanted, jacobian=False, potentials=False)

    def _logp_terms_at(self, rv_values, wanted, jacobian, potentials):
        """The densities of `wanted` with every random variable at `rv_values` ({rv: value graph})."""
        from ..logprob import conditional_logp

        from ..graph.basic import clone_replace

        # Variables with a user-written density (CustomDist(logp=...), Truncated) are replaced
        # by their values in the other variables' graphs before those densities are derived;
        # theirs is their own function at the values.
        custom = self.root.__dict__.get("custom_logps", {})
        others = [rv for rv in rv_values if rv not in custom]
        at_values = {rv: rv_values[rv] for rv in custom}
        cloned = clone_replace(others, at_values) if (custom and others) else others
        cloned = cloned if isinstance(cloned, list) else [cloned]
        by_rv = {}
        if others:
            derived = conditional_logp({c: rv_values[rv] for c, rv in zip(cloned, others)})
            by_rv = {rv: derived[rv_values[rv]] for rv in others}
        terms = []
        for rv in wanted:
            if rv in custom:
                logp_fn, params = custom[rv]
                values = [clone_replace(p, rv_values) if isinstance(p, Variable) else p for p in params]
                term = logp_fn(rv_values[rv], *values)
            else:
                term = by_rv[rv]
            transform = self.rvs_to_transforms.get(rv)
            if transform is not None and jacobian:
                # At the values of the variables the transform's bounds depend on (see _rv_values).
                jacobian_term = clone_replace(transform.log_jac_det(self.rvs_to_values[rv]), rv_values)
                term = term + jacobian_term
            term.name = f"{rv.name}_logprob"
            terms.append(term)
        if potentials and self.potentials:
            # Potentials are written in terms of the random variables: evaluate them at the values.
            replacements = {rv: rv_values[rv] for rv in self.free_RVs}
            for potential in self.potentials:
                term = clone_replace(potential, replacements)
                term.name = potential.name
                terms.append(term)
        return terms

    def _as_rv(self, var):
        if var in self.rvs_to_values:
            return var
        for rv, value in self.rvs_to_values.items():
            if value is var or (value == var):
                return rv
        raise ValueError(f"{var} is neither a random variable nor a value variable of this model")

    def logp(self, vars=None, jacobian=True, sum=True):
        """The model's log density: one scalar, or the elementwise terms with ``sum=False``."""
        terms = self.logp_terms(vars, jacobian)
        if not sum:
            return terms
        total = _sum_terms(terms)
        total.name = "__logp"
        return total

    # PyMC's partial log densities: free variables (with or without the Jacobian terms),
    # observed variables, potentials, and observed + potentials.
    @property
    def varlogp(self):
        return _sum_terms(self.logp_terms(self.free_RVs))

    @property
    def varlogp_nojac(self):
        return _sum_terms(self.logp_terms(self.free_RVs, jacobian=False))

    @property
    def observedlogp(self):
        return _sum_terms(self.logp_terms(self.observed_RVs))

    @property
    def potentiallogp(self):
        return _sum_terms(self.logp_terms()[len(self.basic_RVs):])

    @property
    def datalogp(self):
        return self.observedlogp + self.potentiallogp

    def dlogp(self, vars=None, jacobian=True):
        """The gradient of the summed log density with respect to the value variables of `vars`
        (random or value variables; the continuous value variables by default), flattened and
        concatenated."""
        from ..gradient import grad
        from ..tensor.basic import concatenate, flatten

        grads = grad(self.logp(jacobian=jacobian), self._wrt(vars))
        return concatenate([flatten(g) for g in grads]) if len(grads) > 1 else flatten(grads[0])

    def d2logp(self, vars=None, jacobian=True, negate_output=True):
        """The Hessian of the summed log density over the concatenated, flattened value variables
        of `vars` (as PyMC's ``hessian``: an (n, n) matrix whose blocks follow the order of `vars`).
        PyMC 5 negates it by default (``negate_output=True``: positive definite near a mode).

        >>> model.d2logp(vars=[mu, sigma])  # doctest: +SKIP
        """
        from ..gradient import grad, jacobian as jacobian_of
        from ..tensor.basic import concatenate, flatten, reshape

        wrt = self._wrt(vars)
        sizes = []
        for v in wrt:
            if any(s is None for s in v.type.shape):
                raise ValueError(f"d2logp: the shape of {v.name} is not known statically ({v.type.shape})")
            sizes.append(int(np.prod(v.type.shape, dtype=np.int64)))
        gradient = concatenate([flatten(g) for g in grad(self.logp(jacobian=jacobian), wrt)])
        blocks = jacobian_of(gradient, wrt)
        n = sum(sizes)
        hess = concatenate([reshape(b, (n, size)) for b, size in zip(blocks, sizes)], axis=1)
        return -hess if negate_output else hess

    def _wrt(self, vars):
        """Value variables to differentiate by: the continuous ones by default, else those of
        `vars` (random variables or their value variables)."""
        if vars is None:
            wrt = self.cont_vars
        else:
            values = {id(v) for v in self.rvs_to_values.values()}
            wrt = []
            for var in _as_list(vars):
                value = self.rvs_to_values.get(var) if var in self.rvs_to_values else (var if id(var) in values else None)
                if value is None or var in self.observed_RVs:
                    raise ValueError(f"Requested variable {var} not found among the model's free variables")
                wrt.append(value)
        discrete = [v.name for v in wrt if not v.dtype.startswith("float")]
        if discrete:
            raise ValueError(f"cannot differentiate by the discrete value variable(s) {', '.join(discrete)}")
        if not wrt:
            raise ValueError("the model has no continuous value variables to differentiate by")
        return wrt

    def compile_fn(self, outs, inputs=None, point_fn=True, **kwargs):
        from ..pytensorf import compile_pymc

        # All the root model's value variables: a nested model's terms may depend on its parents'.
        inputs = self.root.value_vars if inputs is None else inputs
        fn = compile_pymc(inputs, outs, on_unused_input="ignore", **kwargs)
        return PointFunc(fn, inputs) if point_fn else fn

    def compile_logp(self, vars=None, jacobian=True, sum=True):
        return self.compile_fn(self.logp(vars=vars, jacobian=jacobian, sum=sum))

    def compile_dlogp(self, vars=None, jacobian=True):
        return self.compile_fn(self.dlogp(vars=vars, jacobian=jacobian))

    def compile_d2logp(self, vars=None, jacobian=True, negate_output=True):
        return self.compile_fn(self.d2logp(vars=vars, jacobian=jacobian, negate_output=negate_output))


class PointFunc:
    """A compiled function of value variables called with a point dict {name: value}."""

    def __init__(self, f, inputs):
        self.f = f
        self.inputs = list(inputs)

    def __call__(self, point):
        missing = [v.name for v in self.inputs if v.name not in point]
        if missing:
            raise KeyError(f"the point has no value for {', '.join(missing)}")
        return self.f(*[point[v.name] for v in self.inputs])


def _sum_terms(terms):
    """The sum of every element of every term (0 when there are none)."""
    from ..tensor.basic import constant, sum as tensor_sum

    total = None
    for term in terms:
        part = tensor_sum(term)
        total = part if total is None else total + part
    return constant(0.0) if total is None else total


def _as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]
