"""Training: the lecture's pseudocode (疑似コード), epoch by epoch.

Within an epoch, as on the slide:

1. ランダムにデータを読み込む — visit the samples in a random order;
2. 順伝播 — z_1 ← f_0(W_0 x), z_{k+1} ← f_k(W_k z_k);
3. 逆伝播 — δ_r ← f_r(W_r z_r) − y, δ_k ← W̃_{k+1}ᵀ δ_{k+1} ⊙ ∇f_k(W_k z_k);
4. 重みの更新 — W_k ← W_k − η δ_k z_kᵀ.

Steps 2–4 are ``Network.step``. With ``batch_size > 1`` each step takes the
mean gradient of a minibatch of samples instead of one sample.

With ``optimizer=`` (``lecnn.optim``) step 4 follows that optimiser's rule instead.

``train`` also takes a ``lecnn.layers.Sequential``, a stack of layers that may hold
``Dropout`` or ``BatchNorm``: the same steps, validation, history and optimisers, on
the layers' own ``forward`` and ``backward`` instead of the fast path of a ``Network``.

When is training said to diverge (発散)? A step refuses an update that would
leave a weight NaN or infinite (``Network.step``), and ``lecnn.divergence.exploded`` holds the rule
for a loss that blows up while still finite; ``train`` and the playground's
``Engine`` both apply it. A run that ends well above where it started without
blowing up is ``lecnn.divergence.worsened``: ``train`` then warns (``TrainingWorsenedWarning``).
"""

import contextlib
import inspect
import math
import sys
import time
import warnings
from dataclasses import dataclass, field

import numpy as np

from lecnn.divergence import (
    DivergenceError,
    TrainingWorsenedWarning,
    exploded,
    explosion_error,
    other_causes,
    worsened,
    worsened_message,
)
from lecnn.layers.batchnorm import BatchNorm
from lecnn.layers.stack import Sequential
from lecnn.losses import count_correct
from lecnn.network import Network
from lecnn.optim import Optimizer
from lecnn.validation import (
    as_inputs,
    as_targets,
    check_batch_memory,
    check_bool,
    check_eta,
    check_int,
    check_seed,
    type_error,
    value_error,
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
    eta=None,
    epochs=10,
    batch_size=1,
    seed=0,
    X_test=None,
    Y_test=None,
    callback=None,
    callback_every=100,
    progress=False,
    optimizer=None,
):
    """Train ``net`` in place by stochastic gradient descent and return the history.

    Parameters
    ----------
    net : lecnn.Network or lecnn.layers.Sequential
        A Sequential is trained through its layers' ``forward`` and ``backward`` (slower),
        with its ``Dropout`` and ``BatchNorm`` layers in training mode during the steps and
        in evaluation mode for E at the start and the test figures; ``train`` leaves their
        modes as it found them.
    X : array_like, shape (n, d)
        Training inputs, one sample per row.
    Y : array_like, shape (n, m), or (n,) integer labels for a softmax output
    eta : float, optional
        Learning rate η of plain SGD, W_k ← W_k − η ∂E/∂W_k (default 0.01). Not with
        ``optimizer``, which has its own η.
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
    optimizer : lecnn.optim.Optimizer, optional
        The update rule (``lecnn.optim.SGD``, ``AdaGrad``, ``RMSProp``, ``Adam``); its state
        carries over from one call of ``train`` to the next.

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
        weights are then restored to what they were before ``train`` was called (an
        optimiser's state is cleared); the error names η, suggests a smaller one, and
        carries the record of the epochs completed so far as its ``history`` (the
        exploded epoch included). Where a likelier cause is in sight (``other_causes``: a weight
        decay that blows up by itself, inputs or targets beyond 10⁶ in magnitude), the error
        names it and what to do instead of blaming η.

    Warns
    -----
    TrainingWorsenedWarning
        When the run ends ``worsened``: the median of the last 3 epochs' mean E above
        2 × E_start (a run of fewer than 3 epochs is not judged). The weights are kept; η is
        the usual cause.
    """
    if optimizer is None:
        eta = check_eta(0.01 if eta is None else eta)
    elif eta is not None:
        raise value_error("eta_and_optimizer", eta=eta)
    elif not isinstance(optimizer, Optimizer):
        raise type_error("train_optimizer", kind=type(optimizer).__name__)
    else:
        eta = optimizer.eta
    if not isinstance(net, (Network, Sequential)):
        raise type_error("train_network", kind=type(net).__name__)
    check_int("epochs", epochs, minimum=0)
    check_int("batch_size", batch_size, minimum=1)
    check_int("callback_every", callback_every, minimum=1)
    _check_callback(callback)
    progress = check_bool("progress", progress)
    X, single = as_inputs(X, net.d, net.dtype)
    if single:
        raise value_error("train_single", d=net.d, shape=X.shape)
    T = as_targets(Y, net.output, net.m, X.shape[0], False, net.dtype)
    _check_batches(net, X.shape[0], batch_size)
    if isinstance(net, Network):  # a step's minibatch must fit (its weights alone did)
        check_batch_memory(net.sizes, min(batch_size, X.shape[0]), net.dtype)
    test = None
    if X_test is not None or Y_test is not None:
        if X_test is None or Y_test is None:
            raise value_error("test_pair")
        Xt, single_t = as_inputs(X_test, net.d, net.dtype)
        if isinstance(net, Network) and not single_t:  # one forward pass over it per epoch
            check_batch_memory(net.sizes, len(Xt), net.dtype)
        test = (
            Xt,
            as_targets(Y_test, net.output, net.m, len(np.atleast_2d(Xt)), single_t, net.dtype),
        )

    run = _Run(
        net=net,
        step=_step_function(net, eta, optimizer),
        batch_size=batch_size,
        rng=np.random.default_rng(check_seed(seed)),
        history=History(),
        callback=callback,
        every=callback_every,
        epochs=epochs if progress else 0,
    )
    history = run.history
    saved = [W.copy() for W in net.weights]  # restored if training diverges
    restore_averages = _running_averages(net)
    modes = net.mode(training=True) if isinstance(net, Sequential) else contextlib.nullcontext()
    n = X.shape[0]
    start_loss = math.nan
    try:
        with modes, np.errstate(over="ignore", invalid="ignore"):  # divergence raises instead
            if epochs:
                start_loss = _start_loss(net, X[:START_SAMPLES], T[:START_SAMPLES])
            for epoch in range(1, epochs + 1):
                start = time.perf_counter()
                loss_sum, correct = _epoch(run, X, T, epoch)
                _record(run, epoch, loss_sum / n, correct, n, test, start, eta)
                if exploded(history.train_loss, start_loss):
                    raise explosion_error(
                        history.train_loss, start_loss, eta, epoch=epoch, step=run.steps
                    )
    except DivergenceError as err:
        net.weights = saved
        restore_averages()
        if optimizer is not None:
            optimizer.reset()
        raise DivergenceError(
            err.cause,
            eta,
            err.value,
            epoch=err.epoch or len(history.epoch) + 1,
            step=err.step or run.steps + 1,
            history=history,
            restored=True,
            suspects=other_causes(eta, optimizer, X, T),
            **err.details,
        ) from None
    finally:
        if progress:
            sys.stderr.write("\n")
    if worsened(history.train_loss, start_loss):
        warnings.warn(
            worsened_message(history.train_loss, start_loss, eta),
            TrainingWorsenedWarning,
            stacklevel=2,
        )
    return history


def _check_batches(net, n, batch_size):
    """A BatchNorm layer needs every minibatch of two samples or more (a variance per unit)."""
    if not isinstance(net, Sequential) or not any(isinstance(la, BatchNorm) for la in net.layers):
        return
    smallest = min(batch_size, n % batch_size or batch_size, n)
    if smallest < 2:
        raise value_error("batchnorm_batch", n=n, batch_size=batch_size, size=smallest)


def _start_loss(net, X, T):
    """The mean E of the weights before training (a Sequential's in evaluation mode)."""
    return net.evaluate(X, T)[0] if isinstance(net, Sequential) else net.loss(X, T)


def _running_averages(net):
    """Return what puts BatchNorm's running averages back as they are now (with the weights)."""
    stack = net.layers if isinstance(net, Sequential) else ()
    layers = [layer for layer in stack if isinstance(layer, BatchNorm)]
    saved = [(layer.running_mean.copy(), layer.running_var.copy()) for layer in layers]

    def restore():
        for layer, (mean, var) in zip(layers, saved, strict=True):
            layer.running_mean[...], layer.running_var[...] = mean, var

    return restore


def _step_function(net, eta, optimizer):
    """steps 2.-4. 順伝播, 逆伝播, 重みの更新 on checked arrays (``Network.step`` without its checks)."""
    if isinstance(net, Sequential):
        return _layer_step(net, eta, optimizer)
    fast_step = net.fast_step.step
    if optimizer is None:
        return lambda x, t: fast_step(x, t, eta)
    return lambda x, t: fast_step(x, t, eta, optimizer)


def _layer_step(net, eta, optimizer):
    """steps 2.-4. through a Sequential's layers; returns (Σ E, number correct) as the fast step."""

    def step(x, t):
        u_r = x
        for layer in net.layers:  # 順伝播, in training mode
            u_r = layer.forward(u_r)
            if not np.all(np.isfinite(u_r)):  # an overflow is divergence, not bad input
                raise DivergenceError("loss", eta, math.inf)
        loss = net.loss_layer.forward(u_r, t)
        if not math.isfinite(loss):
            raise DivergenceError("loss", eta, loss)
        grads = net.backward()  # 逆伝播
        n = 1 if x.ndim == 1 else x.shape[0]
        correct = (
            count_correct(net.output, u_r, net.loss_layer.y) if net.output != "identity" else None
        )
        if optimizer is not None:
            optimizer.update(net, grads)  # checks its own update before applying it
            return loss * n, correct
        steps = [eta * g for g in grads]
        if not all(np.all(np.isfinite(s)) for s in steps):
            raise DivergenceError("update", eta)
        for W, s in zip(net.weights, steps, strict=True):
            W -= s  # 重みの更新
        return loss * n, correct

    return step


def _check_callback(callback):
    """Refuse, before any step, a callback that cannot be called as callback(net, info):
    found at its first call, it would leave the weights partly trained."""
    if callback is None:
        return
    if not callable(callback):
        raise type_error("callback_callable", value=callback)
    try:
        inspect.signature(callback).bind(None, None)
    except TypeError:
        raise type_error("callback_callable", value=callback) from None
    except ValueError:  # no signature to read (some built-ins): its first call will tell
        pass


@dataclass
class _Run:
    """What every epoch of one ``train`` call shares, and the steps taken so far (kept up to
    date also when a step raises: the error message counts on it)."""

    net: object
    step: object
    batch_size: int
    rng: np.random.Generator
    history: History
    callback: object
    every: int
    epochs: int  # for the progress bar; 0 shows none
    steps: int = 0


def _epoch(run, X, T, epoch):
    """One pass over the data; returns (Σ E, number correct) taken from the steps themselves."""
    plan = _plan(X.shape[0], run.batch_size, run.rng)  # 1. ランダムにデータを読み込む
    step, callback, every = run.step, run.callback, run.every
    loss_sum, correct, steps = 0.0, 0, run.steps
    every_bar = max(1, len(plan) // 50)
    try:
        for i, idx in enumerate(plan):
            batch_loss, batch_correct = step(X[idx], T[idx])  # 2.-4.
            loss_sum += batch_loss
            correct += batch_correct or 0
            steps += 1
            if callback is not None and steps % every == 0:
                run.steps = steps
                mean_loss = batch_loss / (1 if run.batch_size == 1 else len(idx))
                callback(run.net, StepInfo(steps, epoch, mean_loss, run.history))
            if run.epochs and (i % every_bar == 0 or i + 1 == len(plan)):
                seen = min(X.shape[0], (i + 1) * run.batch_size)
                _print_progress(epoch, run.epochs, (i + 1) / len(plan), loss_sum / seen)
    finally:
        run.steps = steps
    return loss_sum, correct


def _plan(n, batch_size, rng):
    """What ``batches`` gives, but for batch_size 1 the sample indices as plain ints.

    X[i] with an int i is then one sample, a vector as on the slide, at the cost of a
    view rather than a copy.
    """
    if batch_size == 1:
        return rng.permutation(n).tolist()  # the order batches(n, 1, rng) would give
    return batches(n, batch_size, rng)


def _record(run, epoch, train_loss, correct, n, test, start, eta):
    net, history = run.net, run.history
    if not np.isfinite(train_loss) or not all(np.all(np.isfinite(W)) for W in net.weights):
        raise DivergenceError("weight", eta)
    history.epoch.append(epoch)
    history.steps.append(run.steps)
    history.train_loss.append(float(train_loss))
    history.train_accuracy.append(None if net.output == "identity" else correct / n)
    if test is not None:
        test_loss, test_accuracy = net.evaluate(*test)
        history.test_loss.append(test_loss)
        history.test_accuracy.append(test_accuracy)
    history.seconds.append(time.perf_counter() - start)


def _print_progress(epoch, epochs, fraction, mean_loss):
    width = 30
    filled = int(round(width * fraction))
    bar = "#" * filled + "-" * (width - filled)
    sys.stderr.write(f"\repoch {epoch}/{epochs} [{bar}] {fraction:4.0%}  E = {mean_loss:.4f}")
    sys.stderr.flush()
