"""Training: the lecture's pseudocode (疑似コード), epoch by epoch.

Within an epoch, as on the slide:

1. ランダムにデータを読み込む — visit the samples in a random order;
2. 順伝播 — z_1 ← f_0(W_0 x), z_{k+1} ← f_k(W_k z_k);
3. 逆伝播 — δ_r ← f_r(W_r z_r) − y, δ_k ← W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(W_k z_k);
4. 重みの更新 — W_k ← W_k − η δ_k z_kᵀ.

Steps 2–4 are ``Network.step``. With ``batch_size > 1`` each step takes the
mean gradient of a minibatch of samples instead of one sample.

When is training said to diverge (発散)? A step refuses an update that would
leave a weight NaN or infinite (``Network.step``), and ``exploded`` holds the rule
for a loss that blows up while still finite; ``train`` and the playground's
``Engine`` both apply it.
"""

import math
import sys
import time
from dataclasses import dataclass, field

import numpy as np

from lecnn.divergence import DivergenceError
from lecnn.validation import check_eta, check_int, check_seed, value_error

EXPLOSION_FACTOR = 1000.0
"""A mean loss this many times its reference means training has diverged at once."""

SUSTAINED_FACTOR = 10.0
"""A mean loss this many times its reference ``SUSTAINED_RECORDS`` times in a row also does."""

SUSTAINED_RECORDS = 3
"""How many records in a row must stay above ``SUSTAINED_FACTOR`` times the reference."""

EXPLOSION_FLOOR = 1.0
"""The smallest reference: E at the start, if larger, is the reference instead."""


def exploded(losses, start):
    """Whether the mean losses recorded so far show training blowing up.

    With the reference E_ref = max(E_start, 1), i.e. the larger of E at the start and 1,
    training has diverged when the latest E is not finite, or exceeds 1000 × E_ref, or
    the last 3 records all exceed 10 × E_ref. Legitimate training lowers E; a single
    epoch may spike (a wide ReLU net fitting a triangle wave jumps from 0.6 to 16 for
    one epoch, then goes on to 0.2), but it does not stay ten times above its start,
    and an exploding η gives E of 1e40 and more within an epoch. The floor of 1 keeps
    a net that starts near E = 0 (a regression onto small targets) from counting a
    small rise as a blow-up. The same rule serves float32 and float64, ``train`` (one
    record per epoch) and the playground (one record every few steps).

    Parameters
    ----------
    losses : sequence of float
        The mean E of each record so far (an epoch's, or a playground record's).
    start : float
        The mean E of the initial weights.

    Returns
    -------
    bool

    Examples
    --------
    >>> exploded([2.0, 1e4], start=0.7), exploded([0.7, 62.0], start=0.7)
    (True, False)
    >>> exploded([62.0, 40.0, 11.0], start=0.7), exploded([16.0, 1.9, 0.3], start=0.6)
    (True, False)
    """
    if not losses:
        return False
    reference = max(start, EXPLOSION_FLOOR) if math.isfinite(start) else EXPLOSION_FLOOR
    last = losses[-1]
    if not math.isfinite(last) or last > EXPLOSION_FACTOR * reference:
        return True
    recent = losses[-SUSTAINED_RECORDS:]
    return len(recent) == SUSTAINED_RECORDS and min(recent) > SUSTAINED_FACTOR * reference


def explosion_error(losses, start, eta, **context):
    """The DivergenceError of losses that ``exploded``, saying the rule with its numbers."""
    return DivergenceError(
        "exploded",
        eta,
        losses[-1],
        start=start,
        factor=EXPLOSION_FACTOR,
        sustained=SUSTAINED_FACTOR,
        records=SUSTAINED_RECORDS,
        floor=EXPLOSION_FLOOR,
        **context,
    )


START_SAMPLES = 1000
"""``train`` measures E at the start on at most this many of the first training samples."""


@dataclass
class History:
    """The record of a training run: one entry per epoch (``train``) or every few steps
    (the playground's ``Engine``).

    In ``train``, ``train_loss`` and ``train_accuracy`` are taken from the steps already
    computed during the epoch (each batch measured just before its update, as Keras
    reports them), so they cost no extra pass over the data; the test figures come
    from one forward pass over the test set after each epoch. Accuracies are None
    for an identity (regression) output. A list that a run does not record stays
    empty (the playground records by step: no ``epoch``, no ``seconds``; ``train``
    records no ``grad_norms``).

    Attributes
    ----------
    epoch : list of int
        The epoch each entry closes (1, 2, ...).
    steps : list of int
        SGD steps taken when the entry was recorded.
    train_loss, test_loss : list of float
        Mean E over the training / test data.
    train_accuracy, test_accuracy : list of float or None
    seconds : list of float
        Duration of each epoch.
    grad_norms : list of ndarray, each of shape (r + 1,)
        ‖∂E/∂W_k‖, k = 0..r (see ``lecnn.gradient_norms``).
    """

    epoch: list = field(default_factory=list)
    train_loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    seconds: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    grad_norms: list = field(default_factory=list)

    @property
    def steps_taken(self):
        """SGD steps taken up to the last entry (0 before any)."""
        return self.steps[-1] if self.steps else 0

    def grad_norm_array(self):
        """The gradient norms as one array, shape (number of entries, r + 1)."""
        return np.array(self.grad_norms).reshape(len(self.grad_norms), -1)

    def __repr__(self):
        if not self.train_loss:
            return "History(no epochs)"
        count = f"epochs={len(self.epoch)}" if self.epoch else f"steps={self.steps_taken}"
        parts = [count, f"train_loss={self.train_loss[-1]:.4f}"]
        if self.train_accuracy[-1] is not None:
            parts.append(f"train_accuracy={self.train_accuracy[-1]:.4f}")
        if self.test_loss:
            parts.append(f"test_loss={self.test_loss[-1]:.4f}")
            if self.test_accuracy[-1] is not None:
                parts.append(f"test_accuracy={self.test_accuracy[-1]:.4f}")
        return "History(" + ", ".join(parts) + ")"


@dataclass
class StepInfo:
    """What a callback receives every ``callback_every`` steps."""

    step: int
    epoch: int
    loss: float
    history: History


def batches(n, batch_size, rng):
    """Index arrays of one epoch: a random permutation of 0..n-1 cut into batches.

    Parameters
    ----------
    n : int
    batch_size : int
    rng : numpy.random.Generator

    Returns
    -------
    list of ndarray of int; every batch has ``batch_size`` indices but the last
    """
    order = rng.permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def train(
    net,
    X,
    Y,
    eta=0.01,
    epochs=10,
    batch_size=1,
    seed=0,
    X_test=None,
    Y_test=None,
    callback=None,
    callback_every=100,
    progress=False,
):
    """Train ``net`` in place by stochastic gradient descent and return the history.

    Parameters
    ----------
    net : lecnn.Network
    X : array_like, shape (n, d)
        Training inputs, one sample per row.
    Y : array_like, shape (n, m), or (n,) integer labels for a softmax output
    eta : float
        Learning rate η.
    epochs : int
    batch_size : int
        1 (default) is the lecture's per-sample update; larger takes minibatches.
    seed : int or None
        Seed of the order in which samples are visited.
    X_test, Y_test : array_like, optional
        Held-out data evaluated after every epoch.
    callback : callable, optional
        Called as ``callback(net, info)`` with a ``StepInfo`` every ``callback_every`` steps
        (for live plots).
    callback_every : int
    progress : bool
        Print a one-line progress bar to stderr.

    Returns
    -------
    History

    Raises
    ------
    DivergenceError
        When a step finds E or its update non-finite (see ``Network.step``), or when the
        epochs' mean E have ``exploded``: with E_ref = max(E_start, 1), E_start the mean
        E of the initial weights on the first (at most 1000) training samples, an epoch's
        E above 1000 × E_ref, or three epochs in a row above 10 × E_ref. The
        weights are then restored to what they were before ``train`` was called; the
        error names η, suggests a smaller one, and carries the record of the epochs
        completed so far as its ``history`` (the exploded epoch included).
    """
    eta = check_eta(eta)
    check_int("epochs", epochs, minimum=0)
    check_int("batch_size", batch_size, minimum=1)
    check_int("callback_every", callback_every, minimum=1)
    X, single = net._inputs(X)
    if single:
        raise value_error("train_single", d=net.d, shape=X.shape)
    T = net._targets(Y, X, single=False)
    test = None
    if X_test is not None or Y_test is not None:
        if X_test is None or Y_test is None:
            raise value_error("test_pair")
        Xt, _ = net._inputs(X_test)
        test = (Xt, net._targets(Y_test, Xt, single=Xt.ndim == 1))

    rng = np.random.default_rng(check_seed(seed))
    history = History()
    saved = [W.copy() for W in net.weights]  # restored if training diverges
    n = X.shape[0]
    counter = _Counter()
    try:
        with np.errstate(over="ignore", invalid="ignore"):  # divergence raises instead
            start_loss = _start_loss(net, X, T) if epochs else math.nan
            for epoch in range(1, epochs + 1):
                start = time.perf_counter()
                loss_sum, correct = _epoch(
                    net,
                    X,
                    T,
                    eta,
                    batch_size,
                    rng,
                    epoch,
                    history,
                    counter,
                    callback,
                    callback_every,
                    progress and (epoch, epochs),
                )
                _record(
                    history, net, epoch, counter.steps, loss_sum / n, correct, n, test, start, eta
                )
                if exploded(history.train_loss, start_loss):
                    raise explosion_error(
                        history.train_loss, start_loss, eta, epoch=epoch, step=counter.steps
                    )
    except DivergenceError as err:
        net.weights = saved
        raise DivergenceError(
            err.cause,
            eta,
            err.value,
            epoch=err.epoch or len(history.epoch) + 1,
            step=err.step or counter.steps + 1,
            history=history,
            restored=True,
            **err.details,
        ) from None
    finally:
        if progress:
            sys.stderr.write("\n")
    return history


@dataclass
class _Counter:
    """SGD steps taken so far in a run (kept up to date also when a step raises)."""

    steps: int = 0


def _epoch(net, X, T, eta, batch_size, rng, epoch, history, counter, callback, every, progress):
    """One pass over the data; returns (Σ E, number correct) taken from the steps themselves."""
    plan = _plan(X.shape[0], batch_size, rng)  # 1. ランダムにデータを読み込む
    step = net._sgd_step  # 2.-4. 順伝播, 逆伝播, 重みの更新 (Network.step without its checks)
    loss_sum, correct, steps = 0.0, 0, counter.steps
    every_bar = max(1, len(plan) // 50)
    try:
        for i, idx in enumerate(plan):
            batch_loss, batch_correct = step(X[idx], T[idx], eta)
            loss_sum += batch_loss
            correct += batch_correct or 0
            steps += 1
            if callback is not None and steps % every == 0:
                counter.steps = steps
                mean_loss = batch_loss / (1 if batch_size == 1 else len(idx))
                callback(net, StepInfo(steps, epoch, mean_loss, history))
            if progress and (i % every_bar == 0 or i + 1 == len(plan)):
                seen = min(X.shape[0], (i + 1) * batch_size)
                _print_progress(*progress, (i + 1) / len(plan), loss_sum / seen)
    finally:
        counter.steps = steps  # also when a step raises: the error message counts on it
    return loss_sum, correct


def _plan(n, batch_size, rng):
    """What ``batches`` gives, but for batch_size 1 the sample indices as plain ints.

    X[i] with an int i is then one sample, a vector as on the slide, at the cost of a
    view rather than a copy.
    """
    if batch_size == 1:
        return rng.permutation(n).tolist()  # the order batches(n, 1, rng) would give
    return batches(n, batch_size, rng)


def _start_loss(net, X, T):
    """Mean E of the current weights on the first ``START_SAMPLES`` samples (the reference
    of ``exploded``)."""
    X, T = X[:START_SAMPLES], T[:START_SAMPLES]
    return net._mean_loss(net._forward_pass(X).u[-1], net._one_hot(T))


def _record(history, net, epoch, steps, train_loss, correct, n, test, start, eta):
    if not np.isfinite(train_loss) or not all(np.all(np.isfinite(W)) for W in net.weights):
        raise net._diverged("weight", eta)
    history.epoch.append(epoch)
    history.steps.append(steps)
    history.train_loss.append(float(train_loss))
    history.train_accuracy.append(None if net.output == "identity" else correct / n)
    if test is not None:
        test_loss, test_accuracy = net._evaluate(*test)
        history.test_loss.append(test_loss)
        history.test_accuracy.append(test_accuracy)
    history.seconds.append(time.perf_counter() - start)


def _print_progress(epoch, epochs, fraction, mean_loss):
    width = 30
    filled = int(round(width * fraction))
    bar = "#" * filled + "-" * (width - filled)
    sys.stderr.write(f"\repoch {epoch}/{epochs} [{bar}] {fraction:4.0%}  E = {mean_loss:.4f}")
    sys.stderr.flush()
