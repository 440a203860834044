"""Random variables from Python: generators as shared variables, determinism, updates, sizes, errors (PyTensor's and PyMC's behaviour)."""

import numpy as np
import pytest
import scipy.stats as st

import swiftppl as pm
import swiftppl.tensor as pt
from swiftppl.tensor.random import RandomGeneratorState, RandomVariable


def test_talk_random_variable_section():
    # The talk: a normal draw from (rng, size=None, loc, scale) is a deterministic function
    # of its inputs until the generator changes.
    mu = pt.scalar("mu")
    sigma = pt.constant(1.0)
    rng = pm.shared(np.random.default_rng(123))
    x = pt.random.normal(mu, sigma, size=None, rng=rng, name="x")
    node = x.owner
    assert isinstance(node.op, RandomVariable) and node.op.name == "normal"
    assert node.inputs[0] is rng and node.inputs[2] is mu and node.outputs[1] is x
    text = pm.dprint(x, file="str")
    assert text.startswith("normal_rv{0, (0, 0), floatX, False}.1 [id A] 'x'")
    assert "RNG<Philox4x32-10>" in text and "TensorConstant{[]}" in text
    f = pm.function([mu], x)
    first = f(0.0)
    assert f(0.0) == first
    rng.set_value(np.random.default_rng(456))
    second = f(0.0)
    assert second != first and f(0.0) == second
    # compile_pymc updates the generator on every call.
    g = pm.compile_pymc([mu], x, random_seed=1)
    draws = [float(g(0.0)) for _ in range(5)]
    assert len(set(draws)) == 5
    assert [float(v) for v in [pm.compile_pymc([mu], x, random_seed=1)(0.0) for _ in range(1)]] == draws[:1]


def test_same_seed_same_draws_and_generators_are_not_advanced_by_conversion():
    gen = np.random.default_rng(7)
    before = gen.bit_generator.state
    a = pm.shared(gen)
    assert gen.bit_generator.state == before
    b = pm.shared(np.random.default_rng(7))
    x = pt.random.normal(0, 1, size=5, rng=a)
    y = pt.random.normal(0, 1, size=5, rng=b)
    np.testing.assert_array_equal(x.eval(), y.eval())
    assert a.get_value() == b.get_value()
    assert isinstance(a.get_value(), RandomGeneratorState)
    c = pm.shared(np.random.default_rng(8))
    assert not np.array_equal(pt.random.normal(0, 1, size=5, rng=c).eval(), x.eval())


def test_explicit_updates_advance_the_state():
    rng = pm.shared(np.random.default_rng(3))
    next_rng, x = pt.random.make_random_variable("normal", [0.0, 1.0], size=(4,), rng=rng, return_next_rng=True)
    f = pm.function([], x, updates={rng: next_rng})
    start = rng.get_value()
    a, b = f(), f()
    assert not np.array_equal(a, b)
    assert rng.get_value().position > start.position
    rng.set_value(start)
    np.testing.assert_array_equal(f(), a)


def test_random_stream_default_updates_and_reseeding():
    srng = pt.random.RandomStream(seed=234)
    x = srng.normal(0, 1, size=3)
    u = srng.uniform(0, 1, size=2)
    f = pm.function([], [x, u])
    first = f()
    second = f()
    assert not np.array_equal(first[0], second[0])
    srng.seed(234)
    np.testing.assert_array_equal(f()[0], first[0])
    # no_default_updates keeps the generators where they are.
    g = pm.function([], x, no_default_updates=True)
    np.testing.assert_array_equal(g(), g())


def test_draw_shapes_and_reproducibility():
    x = pt.random.normal(0, 1, size=(2, 3))
    d = pm.draw(x, draws=4, random_seed=11)
    assert d.shape == (4, 2, 3)
    np.testing.assert_array_equal(d, pm.draw(x, draws=4, random_seed=11))
    a, b = pm.draw([x, pt.random.poisson(3.0)], random_seed=1)
    assert a.shape == (2, 3) and b.dtype == np.int64


def test_sizes_and_parameter_broadcasting():
    rng = pm.shared(np.random.default_rng(1))
    assert pt.random.normal(0, 1, rng=rng).type.shape == ()
    assert pt.random.normal(0, 1, size=3, rng=rng).type.shape == (3,)
    assert pt.random.normal(np.zeros(3), 1, size=(2, 3), rng=rng).type.shape == (2, 3)
    assert pt.random.normal(np.zeros((2, 1)), np.ones(4), rng=rng).type.shape == (2, 4)
    n = pt.scalar("n", dtype="int64")
    sym = pt.random.normal(0, 1, size=(n, 2), rng=rng)
    assert sym.type.shape == (None, None)
    assert sym.eval({n: 4}).shape == (4, 2)
    means = pt.random.normal([0.0, 100.0, -100.0], 1.0, rng=rng).eval()
    np.testing.assert_allclose(means, [0, 100, -100], atol=6)
    with pytest.raises(ValueError, match="do not broadcast to size"):
        pt.random.normal(np.zeros(3), 1, size=(2,), rng=rng)


def test_keywords_defaults_and_aliases():
    rng = pm.shared(np.random.default_rng(2))
    assert pt.random.normal(rng=rng, size=2).eval().shape == (2,)
    g = pt.random.gamma(2.0, rate=4.0, size=20000, rng=rng).eval()
    assert abs(g.mean() - 0.5) < 0.02
    assert pt.random.negative_binomial is pt.random.nbinom
    with pytest.raises(TypeError, match="unexpected keyword argument 'sd'"):
        pt.random.normal(0, sd=1)
    with pytest.raises(TypeError, match="missing required parameter 'p'"):
        pt.random.bernoulli()
    with pytest.raises(TypeError, match="rng must be a random generator"):
        pt.random.normal(0, 1, rng=np.random.default_rng(1))
    with pytest.raises(TypeError, match="size must be"):
        pt.random.normal(0, 1, size="3")


def test_invalid_parameters_raise_named_errors():
    rng = pm.shared(np.random.default_rng(2))
    with pytest.raises(ValueError, match="scale >= 0"):
        pt.random.normal(0, -1, rng=rng).eval()
    with pytest.raises(ValueError, match="sum to 1"):
        pt.random.categorical([0.5, 0.6], rng=rng).eval()
    with pytest.raises(NotImplementedError, match="flat"):
        pt.random.flat(rng=rng).eval()


@pytest.mark.parametrize("name, params, dist", [
    ("normal", (1.0, 2.0), st.norm(1, 2)),
    ("gamma", (0.01, 3.0), st.gamma(0.01, scale=3.0)),
    ("beta", (0.5, 30.0), st.beta(0.5, 30.0)),
    ("t", (2.5, 0.0, 1.0), st.t(2.5)),
    ("vonmises", (0.3, 500.0), st.vonmises(500.0, loc=0.3)),
])
def test_draws_follow_scipy(name, params, dist):
    rng = pm.shared(np.random.default_rng(20261121))
    draws = getattr(pt.random, name)(*params, size=100_000, rng=rng).eval()
    assert st.kstest(draws, dist.cdf).pvalue > 1e-3


def test_chained_generators_in_compile_pymc():
    rng = pm.shared(np.random.default_rng(5))
    next_rng, a = pt.random.make_random_variable("normal", [0.0, 1.0], rng=rng, return_next_rng=True)
    b = pt.random.normal(a, 1.0, rng=next_rng)
    f = pm.compile_pymc([], [a, b])
    first, second = f(), f()
    assert first[0] != second[0] and first[1] != second[1]
    assert first[0] != first[1]
