"""How long one frame of the playground takes: SGD steps plus a full redraw.

A frame is what Play does between two yields to the kernel: ``steps_per_frame``
(20) SGD steps and a redraw of every view (decision boundary, unit heatmaps, loss
and gradient-norm charts, status). The panel is driven headless, exactly as Play
drives it, without a browser; widget messages go nowhere, so the time is the
kernel's side of a frame. The goal: under 100 ms for 2-D data and widths up to 32.

Run:  .venv/bin/python benchmarks/playground_frame.py [--frames N] [--repeats R]

Prints, per data set and architecture, the median over R repeats of the mean
time of N frames, split into the steps and the redraw. Timings on a shared
machine are noisy: compare rows of one run.
"""

import argparse
import time

import numpy as np

from lecnn.playground import Panel

CASES = [
    ("spirals", 0, 8),
    ("spirals", 2, 8),
    ("spirals", 2, 32),
    ("spirals", 4, 32),
    ("spirals", 8, 8),
    ("spirals", 8, 32),
    ("circles", 8, 32),
    ("spirals", 3, 128),
    ("digits", 2, 32),
    ("digits", 8, 128),
]


def measure(dataset, depth, width, frames, repeats):
    """Median over ``repeats`` of the mean (frame, steps, redraw) time in ms."""
    panel = Panel(dataset=dataset, hidden_widths=(width,) * depth, seed=0, eta=0.03)
    panel.step()  # warm up the buffers and caches
    results = []
    for _ in range(repeats):
        steps = draws = 0.0
        for _ in range(frames):
            t0 = time.perf_counter()
            with panel.engine.single_thread_blas():  # as Panel.step does for a whole frame
                panel.engine.step(panel.steps_per_frame)
                t1 = time.perf_counter()
                panel.redraw()
            t2 = time.perf_counter()
            steps += t1 - t0
            draws += t2 - t1
        results.append(((steps + draws) / frames, steps / frames, draws / frames))
    return 1e3 * np.median(np.array(results), axis=0), panel


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--frames", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(
        f"one frame = 20 SGD steps (batch 10) + redraw; median of {args.repeats} x "
        f"{args.frames} frames"
    )
    print(f"{'data':8} {'network':38} {'frame ms':>9} {'steps ms':>9} {'redraw ms':>10}")
    for dataset, depth, width in CASES:
        (frame, steps, draw), panel = measure(dataset, depth, width, args.frames, args.repeats)
        sizes = "-".join(str(q) for q in panel.engine.sizes)
        print(f"{dataset:8} {sizes:38} {frame:9.1f} {steps:9.1f} {draw:10.1f}")


if __name__ == "__main__":
    main()
