"""swiftppl.scan with PyTensor's semantics: values against Python loops, gradients against finite differences."""

import numpy as np
import pytest

import swiftppl
import swiftppl.tensor as pt


def numeric_grad(f, x, h=1e-6):
    x = np.asarray(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        g[i] = (f(up) - f(down)) / (2 * h)
    return g


def test_cumulative_product():
    x = pt.vector("x")
    out, updates = swiftppl.scan(lambda xt, prev: prev * xt, sequences=[x], outputs_info=[pt.constant(1.0)])
    assert updates == {}
    values = np.array([2.0, 3.0, 0.5, 4.0])
    np.testing.assert_allclose(out.eval({x: values}), np.cumprod(values), rtol=1e-15)


def garch(omega, alpha, beta, r, s0):
    def step(r_t, sigma2_prev, omega, alpha, beta):
        return omega + alpha * r_t ** 2 + beta * sigma2_prev

    sigma2, _ = swiftppl.scan(step, sequences=[r], outputs_info=[s0], non_sequences=[omega, alpha, beta])
    return sigma2


def test_garch_volatility_and_its_gradient():
    omega, alpha, beta, s0 = pt.scalar("omega"), pt.scalar("alpha"), pt.scalar("beta"), pt.scalar("s0")
    r = pt.vector("r")
    returns = np.array([0.1, -0.3, 0.2, 0.05, -0.1, 0.4])
    sigma2 = garch(omega, alpha, beta, r, s0)
    expected, prev = [], 0.5
    for rt in returns:
        prev = 0.1 + 0.2 * rt ** 2 + 0.7 * prev
        expected.append(prev)
    f = swiftppl.function([omega, alpha, beta, r, s0], sigma2)
    np.testing.assert_allclose(f(0.1, 0.2, 0.7, returns, 0.5), expected, rtol=1e-14)
    # A GARCH log-likelihood and its gradient.
    loglik = (-0.5 * (pt.log(sigma2) + r ** 2 / sigma2)).sum()
    grads = swiftppl.grad(loglik, [omega, alpha, beta])
    g = swiftppl.function([omega, alpha, beta, r, s0], grads)(0.1, 0.2, 0.7, returns, 0.5)
    ll = swiftppl.function([omega, alpha, beta, r, s0], loglik)
    theta = np.array([0.1, 0.2, 0.7])
    expected_g = numeric_grad(lambda t: ll(t[0], t[1], t[2], returns, 0.5), theta)
    np.testing.assert_allclose(np.array(g), expected_g, rtol=1e-7, atol=1e-9)


def test_several_taps_and_non_recurrent_outputs():
    a, b, e = pt.scalar("a"), pt.scalar("b"), pt.vector("e")
    start = pt.vector("start")

    def step(e_t, x_tm2, x_tm1, a, b):
        x_t = a * x_tm1 + b * x_tm2 + e_t
        return x_t, x_t ** 2

    (x, x2), _ = swiftppl.scan(step, sequences=[e], outputs_info=[dict(initial=start, taps=[-2, -1]), None],
                               non_sequences=[a, b])
    noise = np.array([0.5, -0.2, 0.1, 0.3])
    f = swiftppl.function([a, b, e, start], [x, x2])
    got_x, got_x2 = f(0.6, -0.2, noise, np.array([1.0, 2.0]))
    hist = [1.0, 2.0]
    for t in range(4):
        hist.append(0.6 * hist[-1] - 0.2 * hist[-2] + noise[t])
    np.testing.assert_allclose(got_x, hist[2:], rtol=1e-14)
    np.testing.assert_allclose(got_x2, np.array(hist[2:]) ** 2, rtol=1e-14)
    cost = x.sum() + x2.sum()
    g = swiftppl.function([a, b, e, start], swiftppl.grad(cost, [a, b, start]))(0.6, -0.2, noise, np.array([1.0, 2.0]))
    c = swiftppl.function([a, b, e, start], cost)
    expected = numeric_grad(lambda t: c(t[0], t[1], noise, t[2:]), np.array([0.6, -0.2, 1.0, 2.0]))
    np.testing.assert_allclose(np.concatenate([np.ravel(g[0]), np.ravel(g[1]), g[2]]), expected, rtol=1e-6, atol=1e-8)


def test_n_steps_go_backwards_and_closures():
    n = pt.scalar("n", dtype="int64")
    counter, _ = swiftppl.scan(lambda prev: prev + 1.0, outputs_info=[pt.constant(0.0)], n_steps=n)
    np.testing.assert_array_equal(counter.eval({n: 4}), [1, 2, 3, 4])
    x = pt.vector("x")
    scale = pt.exp(pt.scalar("log_scale"))  # read by the step without being declared
    rev, _ = swiftppl.scan(lambda xt: xt * scale, sequences=[x], go_backwards=True)
    f = swiftppl.function([x, scale.owner.inputs[0]], rev)
    np.testing.assert_allclose(f([1.0, 2.0, 3.0], 0.0), [3.0, 2.0, 1.0])


def test_errors_are_clear():
    x = pt.vector("x")
    with pytest.raises(ValueError, match="n_steps must be given"):
        swiftppl.scan(lambda prev: prev * 2, outputs_info=[pt.constant(1.0)])
    with pytest.raises(TypeError, match="recurrent output 0 has type"):
        swiftppl.scan(lambda xt, prev: xt > 0, sequences=[x], outputs_info=[pt.constant(1.0)])
    with pytest.raises(ValueError, match="returned 2 output"):
        swiftppl.scan(lambda xt, prev: [prev, prev], sequences=[x], outputs_info=[pt.constant(1.0)])
    short, _ = swiftppl.scan(lambda xt: xt, sequences=[x], n_steps=5)
    with pytest.raises(ValueError, match="fewer than the 5 steps"):
        short.eval({x: [1.0, 2.0]})
