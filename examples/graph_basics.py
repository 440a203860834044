"""The tensor graph, step by step: the reference notebook's graph section with
`aesara` -> `swiftppl` and `at` -> `pt`, then what the compiler makes of it.

Run: `make example` (or `python examples/graph_basics.py` with swiftppl installed).
"""

import numpy as np

import swiftppl
import swiftppl.tensor as pt


def section(title):
    print(f"\n== {title} " + "=" * max(0, 70 - len(title)))


section("A graph: log(x + y)")
x = pt.scalar(name="x")
y = pt.vector(name="y")
print(f"x type: {x.type}   name: {x.name}")
print(f"y type: {y.type}   name: {y.name}")
z = x + y
z.name = "x + y"
w = pt.log(z)
w.name = "log(x + y)"
swiftppl.dprint(w)

section("Compile and call it")
f = swiftppl.function(inputs=[x, y], outputs=w)
print("f(x=0, y=[1, e])          =", f(x=0, y=[1, np.e]))
print("w.eval({x: 0, y: [1, e]}) =", w.eval({x: 0, y: [1, np.e]}))
print("w.eval({z: [1, e]})       =", w.eval({z: [1, np.e]}), "  (set the intermediate x + y directly)")

section("What a graph is made of")
print("z.owner        =", z.owner)
print("z.owner.op     =", z.owner.op)
print("z.owner.inputs =", z.owner.inputs)
print("graph inputs   =", list(swiftppl.graph.graph_inputs(graphs=[w])))

section("Rewriting: b * (a / b) compiles to a copy of a")
a = pt.scalar(name="a")
b = pt.scalar(name="b")
c = a / b
c.name = "a / b"
d = b * c
d.name = "b * c"
swiftppl.dprint(d)
g = swiftppl.function(inputs=[a, b], outputs=d)
print("compiled:")
swiftppl.dprint(g)

section("clone_replace: log(exp(x + y)) compiles to x + y")
new_w = swiftppl.clone_replace(output=[w], replace={z: pt.exp(z)})[0]
new_w.name = "log(exp(x + y))"
swiftppl.dprint(new_w)
print("compiled:")
swiftppl.dprint(swiftppl.function(inputs=[x, y], outputs=new_w))
print("value at x=0, y=[1, e]:", new_w.eval({x: 0, y: [1, np.e]}))

section("Stabilization: log(1 - exp(t)) becomes log1mexp(t)")
t = pt.scalar("t")
stable = swiftppl.function([t], pt.log(1 - pt.exp(t)))
swiftppl.dprint(stable)
print("log(1 - exp(-1e-20)) =", stable(-1e-20), "  (log(1e-20) =", np.log(1e-20), ")")

section("Gradients are graphs too")
mu, sigma = pt.scalar("mu"), pt.scalar("sigma")
data = pt.constant(np.array([1.2, 0.4, 2.2, 1.7]))
loglik = (-0.5 * ((data - mu) / sigma) ** 2 - pt.log(sigma)).sum()
dmu, dsigma = swiftppl.grad(loglik, [mu, sigma])
h = swiftppl.function([mu, sigma], [loglik, dmu, dsigma])
value, gmu, gsigma = h(1.0, 0.5)
print(f"log-likelihood {value:.6f}, d/dmu {gmu:.6f}, d/dsigma {gsigma:.6f}")

section("A loop: GARCH(1,1) volatility with scan")
r = pt.vector("r")
omega, alpha, beta = pt.scalar("omega"), pt.scalar("alpha"), pt.scalar("beta")
sigma2, _ = swiftppl.scan(lambda r_t, s_prev, o, a_, b_: o + a_ * r_t ** 2 + b_ * s_prev,
                          sequences=[r], outputs_info=[pt.constant(0.1)], non_sequences=[omega, alpha, beta])
returns = np.array([0.05, -0.12, 0.03, 0.20, -0.07])
vol = swiftppl.function([r, omega, alpha, beta], [sigma2, swiftppl.grad(sigma2.sum(), alpha)])
path, d_alpha = vol(returns, 0.01, 0.1, 0.85)
print("sigma2 path:", np.round(path, 6))
print(f"d sum(sigma2) / d alpha = {d_alpha:.6f}")
