"""How long one frame of the playground takes: SGD steps plus a full redraw.

A frame is what Play does between two yields to the kernel: ``steps_per_frame``
(20) SGD steps and a redraw of every view (decision boundary, network diagram
with every unit's heat map, loss and gradient-norm charts, status). The panel is
driven headless, exactly as Play drives it, without a browser; widget messages
go nowhere, so the time is the kernel's side of a frame. The goal: a median at
or under 50 ms for 2-D data with widths up to 32 and depth up to 4. A step of
「逆伝播を見る」 (one press of 次へ) should answer within 100 ms.

Run:  .venv/bin/python benchmarks/playground_frame.py [--frames N] [--optimizer adam]
      [--regularization l2] [--rate 0.01]

The update rule (``Settings.optimizer``, ``regularization``, ``regularization_rate``) is
the lecture's SGD unless chosen: momentum and Adam keep running means of every W_k, a
regularisation adds its term to every gradient.

Prints, per data set and architecture, the median and the 90th percentile of N
single frames, and the medians of their steps and redraw parts; then the median
and 90th percentile of a backprop-view step. Timings on a shared machine are
noisy: compare rows of one run. The CPU columns (the process's CPU time per frame)
are what a frame costs when the machine is shared; the load average is printed.
"""

import argparse
import os
import time

import numpy as np

from lecnn.playground import Panel

CASES = [
    ("spirals", 0, 8),
    ("spirals", 2, 8),
    ("spirals", 2, 32),
    ("spirals", 4, 32),
    ("circles", 4, 32),
    ("spirals", 8, 8),
    ("spirals", 8, 32),
    ("spirals", 3, 128),
    ("digits", 2, 32),
    ("digits", 8, 128),
]
BACKPROP_CASES = [("spirals", 4, 32), ("spirals", 8, 128), ("digits", 8, 128)]


def measure(dataset, depth, width, frames, **rule):
    """Per-frame (total, steps, redraw, CPU) times in ms, shape (frames, 4).

    CPU is the process's CPU time for the frame: on a machine shared with other work
    the wall time includes waiting for a core, the CPU time does not.
    """
    panel = Panel(dataset=dataset, hidden_widths=(width,) * depth, seed=0, eta=0.03, **rule)
    panel.step()  # warm up the buffers and caches
    times = []
    for _ in range(frames):
        c0, t0 = time.process_time(), time.perf_counter()
        with panel.engine.single_thread_blas():  # as Panel.step does for a whole frame
            panel.engine.step(panel.steps_per_frame)
            t1 = time.perf_counter()
            panel.redraw()
        t2, c2 = time.perf_counter(), time.process_time()
        times.append((t2 - t0, t1 - t0, t2 - t1, c2 - c0))
    return 1e3 * np.array(times), panel


def measure_backprop(dataset, depth, width, presses):
    """Times in ms of ``presses`` presses of 次へ in the 「逆伝播を見る」 view."""
    panel = Panel(dataset=dataset, hidden_widths=(width,) * depth, seed=0, eta=0.03)
    panel.backprop_toggle.value = True
    times = []
    for i in range(presses):
        if panel.backprop_next.disabled:
            panel.backprop_toggle.value = False
            panel.backprop_toggle.value = True
            panel.backprop_sample.value = i % 50
        t0 = time.perf_counter()
        panel.backprop_next.click()
        times.append(time.perf_counter() - t0)
    return 1e3 * np.array(times), panel


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--optimizer", default="sgd", help="sgd, momentum or adam")
    parser.add_argument("--regularization", default="none", help="none, l1 or l2")
    parser.add_argument("--rate", type=float, default=0.001, help="λ of the regularisation")
    args = parser.parse_args()
    rule = dict(
        optimizer=args.optimizer,
        regularization=args.regularization,
        regularization_rate=args.rate,
    )
    print(
        f"one frame = 20 steps (batch 10, {args.optimizer}, regularisation {args.regularization}"
        f", λ = {args.rate:g}) + redraw with the diagram; {args.frames} frames"
    )
    print(
        f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (cores: {os.cpu_count()})"
    )
    print(
        f"{'data':8} {'network':30} {'median ms':>10} {'p90 ms':>8} "
        f"{'steps ms':>9} {'redraw ms':>10} {'CPU ms':>7} {'CPU p90':>8}"
    )
    for dataset, depth, width in CASES:
        t, panel = measure(dataset, depth, width, args.frames, **rule)
        sizes = "-".join(str(q) for q in panel.engine.sizes)
        print(
            f"{dataset:8} {sizes:30} {np.median(t[:, 0]):10.1f} "
            f"{np.percentile(t[:, 0], 90):8.1f} {np.median(t[:, 1]):9.1f} "
            f"{np.median(t[:, 2]):10.1f} {np.median(t[:, 3]):7.1f} "
            f"{np.percentile(t[:, 3], 90):8.1f}"
        )
    print("\n「逆伝播を見る」: one press of 次へ")
    print(f"{'data':8} {'network':30} {'median ms':>10} {'p90 ms':>8}")
    for dataset, depth, width in BACKPROP_CASES:
        t, panel = measure_backprop(dataset, depth, width, args.frames)
        sizes = "-".join(str(q) for q in panel.engine.sizes)
        print(f"{dataset:8} {sizes:30} {np.median(t):10.1f} {np.percentile(t, 90):8.1f}")


if __name__ == "__main__":
    main()
