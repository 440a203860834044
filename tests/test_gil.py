"""A long compiled-function call releases the GIL: other Python threads keep running."""

import threading
import time

import numpy as np

import swiftppl
import swiftppl.tensor as pt


def test_a_long_call_lets_other_threads_run():
    x = pt.vector("x")
    y = x
    for _ in range(12):
        y = pt.sin(y) * 1.0001 + pt.cos(y)
    f = swiftppl.function([x], y.sum())
    # Calibrate: about half a second of work on this machine.
    data = np.random.default_rng(0).random(250_000)
    while True:
        t0 = time.perf_counter()
        f(data)
        if time.perf_counter() - t0 > 0.3 or data.size >= 16_000_000:
            break
        data = np.concatenate([data, data])

    counter = [0]
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            counter[0] += 1

    thread = threading.Thread(target=spin)
    thread.start()
    try:
        time.sleep(0.05)  # let it get going
        start_count = counter[0]
        t0 = time.perf_counter()
        result = f(data)
        elapsed = time.perf_counter() - t0
        during = counter[0] - start_count
    finally:
        stop.set()
        thread.join()
    assert np.isfinite(result)
    assert elapsed > 0.1, f"the call took only {elapsed:.3f} s; make the work larger"
    # Holding the GIL for the whole call would leave the other thread a few
    # iterations at most; released, it runs for the whole call (millions).
    assert during > 20_000, f"the other thread ran {during} iterations during a {elapsed:.2f} s call"


def test_concurrent_calls_give_the_same_results():
    x = pt.vector("x")
    f = swiftppl.function([x], (pt.exp(-x) * pt.sin(x)).sum())
    data = [np.random.default_rng(k).random(200_000) for k in range(4)]
    expected = [f(d) for d in data]
    results = [None] * 4

    def run(k):
        for _ in range(5):
            results[k] = f(data[k])

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected
