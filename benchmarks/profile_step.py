"""Where one training step of lecnn spends its time, phase by phase.

A mirror of ``FastStep.step`` (``net.fast_step``) with a clock between its phases (the forward products, the
activations, δ_r and E, the backward products, ∇f_k ⊙, the finiteness checks, the gradient
products, the scaling by 1/n and η, and W_k -= ...), run over the batches of one epoch. At the
end the mirror's weights are compared with those of ``Network.step`` on a twin network, so the
mirror cannot drift from the real step without this script saying so.

Usage: ``python benchmarks/profile_step.py [--case "batch 128"] [--threads 1] [--steps 300]``
(case names as in ``run.py``; the first whose name contains the text).
"""

import argparse
import math
import time

import numpy as np
from threadpoolctl import threadpool_limits

import lecnn
from lecnn import activations as act
from lecnn.validation import as_inputs, as_targets

try:
    from run import CASES, make_data, peak_gflops
except ImportError:  # imported as benchmarks.profile_step
    from benchmarks.run import CASES, make_data, peak_gflops

PHASES = [
    "gather the batch X[idx]",
    "z_0 ← (1, x)",
    "u_k = W_k z_k (matmul)",
    "z_{k+1} = f_k(u_k)",
    "δ_r = f_r(u_r) − y, E",
    "W̃ᵀδ (matmul)",
    "∇f_k and ⊙",
    "finiteness checks",
    "δ_k z_kᵀ (matmul / dot)",
    "÷ n (× 1/n for n = 2^j)",
    "× η",
    "W_k −= …",
]


def profiled_step(net, X, T, idx, eta, clock):
    """``net.fast_step.step(X[idx], T[idx], eta)``, phase by phase; clock(phase) ends a phase."""
    W, r = net.weights, net.r
    x, t = X[idx], T[idx]
    clock(0)
    buf = net.fast_step.buffers_for(x.shape)
    z, a, u, delta = buf.z, buf.a, buf.u, buf.delta
    a[0][...] = x
    clock(1)
    for k in range(r + 1):
        np.matmul(z[k], W[k].T, out=u[k])
        clock(2)
        if k < r:
            act.ACTIVATIONS[net.hidden[k]](u[k], out=a[k + 1])
            clock(3)
    loss_sum, _ = net.fast_step.output_error(u[r], t, delta[r], buf.rows)
    ok = math.isfinite(loss_sum)
    clock(4)
    for k in range(r - 1, -1, -1):
        np.matmul(delta[k + 1], W[k + 1][:, 1:], out=buf.back[k])
        clock(5)
        grad_f = act.DERIVATIVES_FROM_OUTPUT[net.hidden[k]](a[k + 1])
        np.multiply(buf.back[k], grad_f, out=delta[k])
        clock(6)
        ok = ok and math.isfinite(delta[k].sum())
        clock(7)
    assert ok, "the profiled run diverged; lower eta"
    n = x.shape[0] if x.ndim == 2 else None
    for k in range(r + 1):
        g = buf.grad[k]
        if n is None:
            np.dot(delta[k][:, None], z[k][None, :], out=g)
            clock(8)
        else:
            np.matmul(delta[k].T, z[k], out=g)
            clock(8)
            g /= n
            clock(9)
        g *= eta
        clock(10)
        W[k] -= g
        clock(11)


def profile(case, threads, steps, repeats=3):
    """Seconds per step in each phase (the repeat with the least total), and the step count."""
    n = min(case.n, steps * case.batch_size)
    X, labels = make_data(case, n)
    net = lecnn.Network(case.sizes, seed=0, dtype=case.dtype)
    twin = net.copy()
    Xc, _ = as_inputs(X, net.d, net.dtype)
    T = as_targets(labels, net.output, net.m, len(Xc), False, net.dtype)
    order = np.random.default_rng(0).permutation(n)
    if case.batch_size == 1:
        plan = order.tolist()
    else:
        plan = [order[i : i + case.batch_size] for i in range(0, n, case.batch_size)]
    best = None
    with threadpool_limits(limits=threads):
        for repeat in range(repeats + 1):  # the first pass warms up, and is checked
            totals = [0.0] * len(PHASES)
            last = [time.perf_counter()]

            def clock(phase, totals=totals, last=last):
                now = time.perf_counter()
                totals[phase] += now - last[0]
                last[0] = now

            for idx in plan:
                last[0] = time.perf_counter()
                profiled_step(net, Xc, T, idx, case.eta, clock)
            if repeat == 0:
                for idx in plan:
                    twin.step(Xc[idx], T[idx], case.eta)
                for W_mirror, W_real in zip(net.weights, twin.weights, strict=True):
                    np.testing.assert_array_equal(W_mirror, W_real)
            elif best is None or sum(totals) < sum(best):
                best = totals
        peak = peak_gflops(case.dtype, np.random.default_rng(0))
    return [s / len(plan) for s in best], len(plan), peak


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="batch 128, 784-256³-10, f32")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args(argv)
    case = next(c for c in CASES if args.case in c.name)
    per_step, count, peak = profile(case, args.threads, args.steps)
    total = sum(per_step)
    flops = 6 * lecnn.n_params(case.sizes) * case.batch_size
    print(f"{case.name}, {args.threads} thread(s), {count} steps: {total * 1e6:.0f} µs per step")
    print(f"(6 × weights × batch = {flops / 1e6:.1f} MFLOP: {flops / total / 1e9:.1f} GFLOP/s;")
    print(
        f" at numpy's matmul peak of {peak:.0f} GFLOP/s it would take {flops / peak / 1e3:.0f} µs)"
    )
    print()
    print("| phase | µs per step | share |")
    print("|---|---|---|")
    for name, seconds in zip(PHASES, per_step, strict=True):
        if seconds:
            print(f"| {name} | {seconds * 1e6:.1f} | {seconds / total:.1%} |")


if __name__ == "__main__":
    main()
