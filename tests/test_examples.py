"""The scripts under examples/ run and print what the notebook and the talk show."""

import os
import subprocess
import sys

import pytest

EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples")


def run(script):
    result = subprocess.run([sys.executable, os.path.join(EXAMPLES, script)], capture_output=True, text=True,
                            timeout=600, cwd=EXAMPLES)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_graph_basics():
    out = run("graph_basics.py")
    assert out.strip()


def test_notebook_model_section():
    out = run("notebook_model.py")
    assert "basic_RVs: [z ~ N(<constant>, <constant>)]" in out
    assert "rvs_to_values: {mu ~ N(0, 2): mu, sigma ~ N**+(0, 3): sigma_log__, x ~ N(mu, sigma): x}" in out
    assert "value_vars: [mu, sigma_log__, x]" in out
    assert "logp at [0, 0]: [-0.91893853 -1.61208571]" in out
    assert "initial point: {'z': array([0., 0.])}" in out
    assert "element-wise logp: [ -1.61208571 -11.32440364   9.08106147]" in out
    assert "compile_logp: [array(-1.61208571), array(-11.32440364), array(9.08106147)]" in out


def test_talk_flow():
    out = run("talk_flow.py")
    lines = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    assert "(1, 500, 3)" in lines["prior"]
    map_point = eval(lines["find_MAP"].strip())  # noqa: S307 - our own output
    scipy_point = eval(lines["scipy.optimize"].strip().replace("np.float64", ""))  # noqa: S307
    for name in ("mu", "log_sigma"):
        assert map_point[name] == pytest.approx(scipy_point[name], abs=1e-4)
    assert "Elemwise{clip" in out
    censored_mu = float(out.split("posterior mu mean:")[2].split("(true")[0])
    assert censored_mu == pytest.approx(-1.5, abs=0.6)

