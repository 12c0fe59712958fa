"""lecnn against an equivalent PyTorch CPU loop on the same training work (``make bench``).

Every case trains the same network (same sizes, initial weights, data, batch size, dtype,
learning rate and thread count) with

- ``lecnn.train`` for one epoch (what a student calls);
- ``lecnn.train`` again on a twin network whose update steps and reading of batches (X[idx])
  are clocked, which splits the epoch into the steps, reading the batches (the pseudocode's
  step 1, which PyTorch's loop does too) and ``train``'s own bookkeeping (shuffling, checking
  the input, history, callbacks), measured within one epoch and so little disturbed by noise;
- PyTorch: ``nn.Sequential`` of ``Linear`` + ``ReLU``, ``CrossEntropyLoss`` and
  ``torch.optim.SGD`` (``torch.optim.Adam`` in the Adam cases, against ``lecnn.optim.Adam``),
  in the usual hand-written loop (``zero_grad``, forward, ``backward``,
  ``step``, ``loss.item()``), over a ``torch.randperm`` order;
- numpy's matrix multiply of two 2048 × 2048 matrices in the case's dtype (the peak).

The four run in turn, round after round, the order rotating each round, so that load from
other processes on a shared machine falls on all of them alike; medians over the rounds are
reported, with the range of the per-round ratios to show the noise. lecnn's GFLOP/s count
6 × (number of weights) floating-point operations per sample (2 forward, 2 for δ, 2 for the
gradient). The last case times ``pytest --nbval`` over ``notebooks/`` as ``make test`` runs it.

PyTorch is optional (``pip install -e '.[torch]'``); without it lecnn's figures are printed alone.

Usage: ``python benchmarks/run.py [--threads 1 2] [--rounds 5] [--quick] [--json out.json]``
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

import lecnn

ROOT = Path(__file__).resolve().parent.parent
MNIST_SHAPE = (784, 256, 256, 256, 10)
PEAK_N = 2048


@dataclass
class Case:
    """One training workload, run by every contender."""

    name: str
    sizes: tuple
    dtype: type
    batch_size: int
    data: str  # "digits" or "mnist" (MNIST-shaped synthetic)
    n: int  # samples per timed epoch
    eta: float = 0.01
    quick_n: int = 0  # samples per epoch with --quick
    optimizer: str = "sgd"  # or "adam": lecnn.optim.Adam against torch.optim.Adam

    def samples(self, quick):
        return min(self.n, self.quick_n) if quick and self.quick_n else self.n


CASES = [
    Case("batch 1, 64-64-64-10, f64, digits", (64, 64, 64, 10), np.float64, 1, "digits", 1797),
    Case("batch 1, 784-256³-10, f32", MNIST_SHAPE, np.float32, 1, "mnist", 3000, quick_n=1000),
    Case("batch 32, 784-256³-10, f32", MNIST_SHAPE, np.float32, 32, "mnist", 60000, quick_n=10000),
    Case("batch 32, 784-256³-10, f64", MNIST_SHAPE, np.float64, 32, "mnist", 60000, quick_n=10000),
    Case(
        "batch 128, 784-256³-10, f32", MNIST_SHAPE, np.float32, 128, "mnist", 60000, quick_n=20000
    ),
    Case(
        "batch 128, 784-256³-10, f64", MNIST_SHAPE, np.float64, 128, "mnist", 60000, quick_n=20000
    ),
    Case(
        "Adam, batch 1, 64-64-64-10, f64, digits",
        (64, 64, 64, 10),
        np.float64,
        1,
        "digits",
        1797,
        eta=0.001,
        optimizer="adam",
    ),
    Case(
        "Adam, batch 128, 784-256³-10, f32",
        MNIST_SHAPE,
        np.float32,
        128,
        "mnist",
        60000,
        eta=0.001,
        quick_n=20000,
        optimizer="adam",
    ),
]


def lecnn_optimizer(case):
    """The case's lecnn optimiser (None: plain SGD, ``train``'s default)."""
    return lecnn.optim.Adam(eta=case.eta) if case.optimizer == "adam" else None


@dataclass
class Result:
    """Seconds per epoch of each contender, one entry per round."""

    case: Case
    threads: int
    n: int
    seconds: dict = field(default_factory=dict)  # contender -> [seconds per round]
    peak_gflops: list = field(default_factory=list)
    bookkeeping: list = field(default_factory=list)  # train's share outside steps and reading
    reading: list = field(default_factory=list)  # the share spent reading batches, X[idx]
    final_loss: dict = field(default_factory=dict)
    same_start: str = ""


# ------------------------------------------------------------------------------------ data


def make_data(case, n):
    """Inputs (n, d) in the case's dtype and integer labels (n,)."""
    if case.data == "digits":
        X, labels = lecnn.data.load_digits()
        reps = -(-n // len(X))
        return np.tile(X, (reps, 1))[:n].astype(case.dtype), np.tile(labels, reps)[:n]
    # MNIST-shaped: 784 pixels in [0, 1], about 80 % of them background (0) as in MNIST,
    # labels from a fixed random linear map so that there is something to learn
    rng = np.random.default_rng(0)
    X = rng.random((n, case.sizes[0]), dtype=np.float32)
    X[X < 0.8] = 0
    X = X.astype(case.dtype)
    labels = np.argmax(X @ rng.normal(size=(case.sizes[0], case.sizes[-1])), axis=1)
    return X, labels.astype(np.int64)


def peak_gflops(dtype, rng, size=PEAK_N, repeats=3):
    """Best of ``repeats`` numpy matrix multiplications of two size × size matrices, in GFLOP/s."""
    A = rng.random((size, size)).astype(dtype)
    B = rng.random((size, size)).astype(dtype)
    C = np.empty((size, size), dtype)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        np.matmul(A, B, out=C)
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best / 1e9


# ----------------------------------------------------------------------------- contenders


class ClockedRows(np.ndarray):
    """An input array whose X[idx] (reading a batch's rows) adds its time to ``self.clock``."""

    def __getitem__(self, idx):
        start = time.perf_counter()
        rows = np.ndarray.__getitem__(self, idx).view(np.ndarray)
        self.clock[0] += time.perf_counter() - start
        return rows


def lecnn_contenders(case, X, labels):
    """One epoch of ``lecnn.train``; and one on a twin network with the update step and the
    reading of batches clocked, which returns the shares of the epoch spent reading batches
    (X[idx]) and in train's bookkeeping (everything else outside the steps)."""
    net = lecnn.Network(case.sizes, hidden="relu", output="softmax", seed=0, dtype=case.dtype)
    twin = net.copy()  # the timed net's weights see as many epochs as PyTorch's
    seeds = iter(range(1, 10**6))
    in_steps, reading = [0.0], [0.0]
    X_clocked = X.view(ClockedRows)
    X_clocked.clock = reading

    def timed_step(x, t, eta, optimizer=None, step=twin.fast_step.step):
        start = time.perf_counter()
        try:
            return step(x, t, eta, optimizer)
        finally:
            in_steps[0] += time.perf_counter() - start

    twin.fast_step.step = timed_step  # train() calls net.fast_step.step: this one also clocks it

    optimizers = {id(net): lecnn_optimizer(case), id(twin): lecnn_optimizer(case)}

    def train_epoch(network=net, X=X):
        optimizer = optimizers[id(network)]  # its state carries over from epoch to epoch
        history = lecnn.train(
            network,
            X,
            labels,
            eta=None if optimizer else case.eta,
            epochs=1,
            batch_size=case.batch_size,
            seed=next(seeds),
            optimizer=optimizer,
        )
        return history.train_loss[-1]

    def bookkeeping_epoch():
        in_steps[0] = reading[0] = 0.0
        start = time.perf_counter()
        train_epoch(twin, X_clocked)
        total = time.perf_counter() - start
        outside = 1 - in_steps[0] / total  # the clock calls themselves count as outside
        return outside - reading[0] / total, reading[0] / total

    return net, train_epoch, bookkeeping_epoch


def torch_contender(case, X, labels, net):
    """One epoch of the usual PyTorch loop, starting from ``net``'s initial weights."""
    import torch
    from torch import nn

    tdtype = {np.dtype(np.float32): torch.float32, np.dtype(np.float64): torch.float64}
    layers = []
    for k in range(len(case.sizes) - 1):
        layers.append(nn.Linear(case.sizes[k], case.sizes[k + 1]))
        if k < len(case.sizes) - 2:
            layers.append(nn.ReLU())
    model = nn.Sequential(*layers).to(tdtype[np.dtype(case.dtype)])
    with torch.no_grad():  # the same W_k: W̃_k is Linear's weight, column 0 its bias
        for linear, W in zip(model[::2], net.weights, strict=True):
            linear.weight.copy_(torch.from_numpy(W[:, 1:]))
            linear.bias.copy_(torch.from_numpy(W[:, 0]))
        probe = torch.from_numpy(X[:16])
        gap = np.max(np.abs(torch.softmax(model(probe), dim=1).numpy() - net.forward(X[:16])))
    loss_fn = nn.CrossEntropyLoss()
    rule = torch.optim.Adam if case.optimizer == "adam" else torch.optim.SGD
    optimizer = rule(model.parameters(), lr=case.eta)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(labels)
    generator = torch.Generator().manual_seed(0)
    n, b = len(X), case.batch_size

    def epoch():
        order = torch.randperm(n, generator=generator)
        total = 0.0
        for i in range(0, n, b):
            idx = order[i : i + b]
            optimizer.zero_grad()
            loss = loss_fn(model(Xt[idx]), yt[idx])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        return total / n

    return epoch, gap


# ------------------------------------------------------------------------------- running


def run_case(case, threads, rounds, quick, use_torch):
    n = case.samples(quick)
    X, labels = make_data(case, n)
    result = Result(case, threads, n)
    net, train_epoch, bookkeeping_epoch = lecnn_contenders(case, X, labels)
    contenders = {"lecnn": train_epoch, "lecnn bookkeeping": bookkeeping_epoch}
    if use_torch:
        contenders["torch"], gap = torch_contender(case, X, labels, net)
        result.same_start = f"{gap:.1e}"
    rng = np.random.default_rng(0)
    contenders["numpy matmul"] = lambda: peak_gflops(case.dtype, rng)
    names = list(contenders)
    for name in names:  # warm-up: buffers, caches, thread pools, lazy imports
        contenders[name]()
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            start = time.perf_counter()
            value = contenders[name]()
            elapsed = time.perf_counter() - start
            if name == "numpy matmul":
                result.peak_gflops.append(value)
            elif name == "lecnn bookkeeping":
                result.bookkeeping.append(value[0])
                result.reading.append(value[1])
            else:
                result.seconds.setdefault(name, []).append(elapsed)
                result.final_loss[name] = value
    return result


def time_notebooks():
    """Wall time of ``pytest --nbval`` over notebooks/ as ``make test`` runs it, and per notebook."""
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not notebooks:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "nbval.xml"
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--nbval",
            "notebooks",
            "--nbval-current-env",
            "--nbval-cell-timeout=300",
            "-n",
            "2",
            "--dist",
            "loadfile",
            f"--junitxml={report}",
        ]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - start
        per_notebook = {}
        if report.exists():
            for case in ET.parse(report).getroot().iter("testcase"):
                name = case.get("file") or case.get("classname", "?")
                name = Path(name.replace(".ipynb.", ".ipynb/").split("::")[0]).name
                per_notebook[name] = per_notebook.get(name, 0.0) + float(case.get("time", 0))
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    return {
        "wall": wall,
        "count": len(notebooks),
        "per_notebook": per_notebook,
        "returncode": done.returncode,
        "summary": last,
    }


# ------------------------------------------------------------------------------ reporting


def machine_info(use_torch):
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    blas = [
        f"{p.get('internal_api')} {p.get('version')} ({p.get('architecture', '?')})"
        for p in threadpool_info()
        if p.get("user_api") == "blas"
    ]
    info = {
        "date": datetime.date.today().isoformat(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numpy BLAS": ", ".join(blas) or "?",
        "lecnn": lecnn.__version__,
    }
    if use_torch:
        import torch

        config = torch.__config__.show()
        blas_info = [
            w.split("=")[1].rstrip(",") for w in config.split() if w.startswith("BLAS_INFO")
        ]
        info["torch"] = f"{torch.__version__} (BLAS {blas_info[0] if blas_info else '?'})"
    return info


def _median(values):
    return statistics.median(values) if values else float("nan")


def summarize(result):
    """Medians and ratios of one case, as a dict of plain numbers."""
    case, n = result.case, result.n
    weights = lecnn.n_params(case.sizes)
    s = {name: _median(v) for name, v in result.seconds.items()}
    out = {
        "case": case.name,
        "threads": result.threads,
        "samples": n,
        "lecnn": n / s["lecnn"],
        "gflops": 6 * weights * n / s["lecnn"] / 1e9,
        "peak": _median(result.peak_gflops),
        "bookkeeping": _median(result.bookkeeping),
        "loss": result.final_loss,
        "seconds": result.seconds,
        "peaks": result.peak_gflops,
        "bookkeeping_rounds": result.bookkeeping,
        "reading": _median(result.reading),
    }
    out["of_peak"] = out["gflops"] / out["peak"]
    # the least disturbed rounds: each contender's fastest epoch, against the highest peak
    out["best_of_peak"] = 6 * weights * n / min(result.seconds["lecnn"]) / 1e9 / max(out["peaks"])
    if "torch" in s:
        pairs = zip(result.seconds["lecnn"], result.seconds["torch"], strict=True)
        ratios = [theirs / ours for ours, theirs in pairs]
        out["torch"] = n / s["torch"]
        out["ratio"] = statistics.median(ratios)
        out["ratio_range"] = (min(ratios), max(ratios))
        out["best_ratio"] = min(result.seconds["torch"]) / min(result.seconds["lecnn"])
        out["torch_gflops"] = 6 * weights * n / s["torch"] / 1e9
        out["same_start"] = result.same_start
    return out


def print_table(rows, notebooks, info, use_torch, file=sys.stdout):
    def say(line=""):
        print(line, file=file)

    say("Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()))
    if not use_torch:
        say("PyTorch is not installed (pip install -e '.[torch]'): lecnn's figures alone.")
    say()
    head = "| case | threads | lecnn samples/s |"
    rule = "|---|---|---|"
    if use_torch:
        head += " PyTorch samples/s | ratio (range) | ratio of best rounds |"
        rule += "---|---|---|"
    head += " lecnn GFLOP/s | numpy peak GFLOP/s | % of peak (best rounds) |"
    head += " reading batches X[idx] | train() bookkeeping |"
    rule += "---|---|---|---|---|"
    say(head)
    say(rule)
    for row in rows:
        line = f"| {row['case']} | {row['threads']} | {row['lecnn']:,.0f} |"
        if use_torch:
            low, high = row["ratio_range"]
            line += f" {row['torch']:,.0f} | {row['ratio']:.2f}× ({low:.2f}–{high:.2f}) |"
            line += f" {row['best_ratio']:.2f}× |"
        line += (
            f" {row['gflops']:.1f} | {row['peak']:.0f} |"
            f" {row['of_peak']:.0%} ({row['best_of_peak']:.0%}) |"
            f" {row['reading']:.1%} | {row['bookkeeping']:+.1%} |"
        )
        say(line)
    say()
    if use_torch:
        say("Mean training loss of the last timed epoch (same start, same data; orders differ):")
        for row in rows:
            losses = ", ".join(f"{k} {v:.4f}" for k, v in row["loss"].items())
            say(
                f"  {row['case']} ({row['threads']} threads): {losses}; "
                f"initial outputs agree to {row['same_start']}"
            )
        say()
    if notebooks == "skipped":
        say("Notebooks: not timed (--no-notebooks).")
    elif notebooks is None:
        say("Notebooks: none in notebooks/ yet.")
    else:
        say(
            f"Notebooks: pytest --nbval over {notebooks['count']} notebooks took "
            f"{notebooks['wall']:.0f} s wall time ({notebooks['summary']})"
        )
        for name, seconds in sorted(notebooks["per_notebook"].items()):
            say(f"  {name}: {seconds:.1f} s of cells")
    say()
    say_targets(rows, notebooks, use_torch, say)


def say_targets(rows, notebooks, use_torch, say):
    """The issue's targets, each with the figure measured in this run (median; best rounds)."""
    for threads in sorted({r["threads"] for r in rows}):
        at = [r for r in rows if r["threads"] == threads]

        def find(prefix, at=at):
            return next((r for r in at if r["case"].startswith(prefix)), None)

        checks = []  # (text, median, best rounds, goal, kind)
        digits, mnist1, b128, adam1 = (
            find("batch 1, 64"),
            find("batch 1, 784"),
            find("batch 128, 784-256³-10, f32"),
            find("Adam, batch 1, 64"),
        )
        if use_torch:
            for row, goal, text in (
                (digits, 4, "batch 1, 64-64-64-10: ≥ 4× PyTorch"),
                (mnist1, 2, "batch 1, 784-256³-10: ≥ 2× PyTorch"),
                (b128, 1.5, "batch 128, f32: ≥ 1.5× PyTorch"),
                (adam1, 1, "Adam, batch 1, 64-64-64-10: ahead of torch.optim.Adam"),
            ):
                if row:
                    checks.append((text, row["ratio"], row["best_ratio"], goal, "×"))
        if b128:
            checks.append(
                (
                    "batch 128, f32: ≥ 75 % of numpy's peak",
                    b128["of_peak"],
                    b128["best_of_peak"],
                    0.75,
                    "%",
                )
            )
        worst = max(at, key=lambda r: r["bookkeeping"])
        text = f"train() bookkeeping < 5 % of an epoch (worst: {worst['case']})"
        checks.append((text, worst["bookkeeping"], min(worst["bookkeeping_rounds"]), 0.05, "<%"))
        say(f"Targets at {threads} thread(s) (median; best rounds):")
        for text, value, best, goal, kind in checks:
            if kind == "×":
                ok, shown = value >= goal, f"{value:.2f}× ({best:.2f}×)"
            elif kind == "%":
                ok, shown = value >= goal, f"{value:.0%} ({best:.0%})"
            else:
                ok, shown = value < goal, f"{value:+.1%} ({best:+.1%})"
            say(f"  [{'met' if ok else 'MISSED'}] {text}: {shown}")
    if isinstance(notebooks, dict):
        ok = notebooks["wall"] < 180
        say(f"  [{'met' if ok else 'MISSED'}] notebook series < 3 min: {notebooks['wall']:.0f} s")


# ----------------------------------------------------------------------------------- main


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[os.cpu_count() or 1])
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds per case")
    parser.add_argument("--quick", action="store_true", help="fewer samples per epoch")
    parser.add_argument("--cases", default="", help="run only cases whose name contains this")
    parser.add_argument("--no-torch", action="store_true", help="lecnn alone, even with torch")
    parser.add_argument("--no-notebooks", action="store_true", help="skip the nbval timing")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)

    use_torch = False
    if not args.no_torch:
        try:
            import torch  # noqa: F401

            use_torch = True
        except ImportError:
            print("PyTorch is not installed (pip install -e '.[torch]'): lecnn's figures alone.")
    info = machine_info(use_torch)
    rows = []
    for threads in args.threads:
        with threadpool_limits(limits=threads):
            if use_torch:
                import torch

                torch.set_num_threads(threads)
            for case in CASES:
                if args.cases not in case.name:
                    continue
                print(f"[{threads} threads] {case.name} ...", file=sys.stderr, flush=True)
                result = run_case(case, threads, args.rounds, args.quick, use_torch)
                rows.append(summarize(result))
    notebooks = "skipped" if args.no_notebooks else time_notebooks()
    print_table(rows, notebooks, info, use_torch)
    if args.json:
        args.json.write_text(
            json.dumps({"machine": info, "rows": rows, "notebooks": notebooks}, indent=1)
        )


if __name__ == "__main__":
    main()
