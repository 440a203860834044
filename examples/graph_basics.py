import numpy as np
import swiftppl as aesara
import swiftppl.tensor as at
x = at.scalar(name="x")
y = at.vector(name="y")
print(f"x type: {x.type}\nx name = {x.name}\n---\ny type: {y.type}\ny name = {y.name}")
z = x + y
z.name = "x + y"
w = at.log(z)
w.name = "log(x + y)"
aesara.dprint(w)
f = aesara.function(inputs=[x, y], outputs=w)
print(repr(f(x=0, y=[1, np.e])))
print(repr(w.eval({x: 0, y: [1, np.e]})))
print(repr(w.eval({z: [1, np.e]})))
print(f"z type: {z.type}\nz name = {z.name}\nz owner = {z.owner}\nz owner inputs = {z.owner.inputs}\nz owner op = {z.owner.op}\nz owner output = {z.owner.outputs}")
stack = [w]
while stack:
    print("---")
    var = stack.pop(0)
    print(f"Checking variable {var} of type {var.type}")
    if var.owner is not None:
        print(f" > Op is {var.owner.op}")
        for i, input in enumerate(var.owner.inputs):
            print(f" > Input {i} is {input}")
            stack.append(input)
    else:
        print(f" > {var} is a root variable")
print(list(aesara.graph.graph_inputs(graphs=[w])))
parent_of_w = w.owner.inputs[0]
new_parent_of_w = at.exp(parent_of_w)
new_parent_of_w.name = "exp(x + y)"
aesara.dprint(w)
new_w = aesara.clone_replace(output=[w], replace={parent_of_w: new_parent_of_w})[0]
new_w.name = "log(exp(x + y))"
aesara.dprint(new_w)
print(repr(new_w.eval({x: 0, y: [1, np.e]})))
a = at.scalar(name="a"); b = at.scalar(name="b")
c = a / b; c.name = "a / b"
aesara.dprint(c)
d = b * c; d.name = "b * c"
aesara.dprint(d)
g = aesara.function(inputs=[a, b], outputs=d)
aesara.dprint(g)
f = aesara.function(inputs=[x, y], outputs=new_w)
aesara.dprint(f)
print(aesara.tensor.TensorType)
print(aesara._core.live_handles())
