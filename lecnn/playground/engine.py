"""The playground's headless engine: data, network, step counter and histories.

``Engine`` holds everything the panel shows and nothing about widgets, so a test,
a benchmark or a notebook cell can drive it directly:

>>> from lecnn.playground import Engine
>>> engine = Engine(dataset="xor", hidden_widths=(8, 8), seed=0)
>>> engine.architecture()
'2-8-8-2, ReLU, 114 パラメータ'
>>> engine.step(40)
40

Training is the lecture's SGD, W_k ← W_k − η ∂E/∂W_k, one ``Network.step`` per
minibatch, visiting the training samples in a fresh random order every epoch; or, as the
settings choose, momentum or Adam (``lecnn.optim``), with an L1 or L2 term λ added to E.
Every ``record_every`` steps the engine records the training and test loss E and
the norm ‖∂E/∂W_k‖ (Frobenius) of every layer's gradient on the training set (its
first ``monitor_size`` samples: all of a 2-D set).
"""

import dataclasses

import numpy as np

from lecnn.activations import LABELS
from lecnn.divergence import (
    DivergenceError,
    exploded,
    explosion_error,
    other_causes,
    worsened,
)
from lecnn.losses import LOSSES_FROM_LOGITS
from lecnn.metrics import accuracy
from lecnn.network import Network, gradient_norms
from lecnn.playground import backprop, features
from lecnn.playground.blas import single_thread_blas
from lecnn.playground.settings import (
    DATA_FIELDS,
    NETWORK_FIELDS,
    OPTIMIZERS,
    PLANE_DATASETS,
    REGULARIZATIONS,
    Settings,
    make_data,
    make_optimizer,
    tune,
)
from lecnn.training import History
from lecnn.validation import (
    as_inputs,
    as_targets,
    check_int,
    type_error,
    value_error,
)


class Engine:
    """Data, network and training state of the playground, without any widget.

    Parameters
    ----------
    settings : Settings, optional
        Start from these; keyword arguments override single fields.
    record_every : int
        Record losses and gradient norms whenever the step count is a multiple of this.
    monitor_size : int
        The records use the first ``monitor_size`` samples of the training and of the
        test set (all of a 2-D set's 400; a subset of the digits, to keep frames fast).
    **changes
        Fields of ``Settings``, e.g. ``dataset="xor", hidden_widths=(4, 4)``.

    Attributes
    ----------
    settings : Settings
    net : lecnn.Network
        sizes = [d, q_1, ..., q_r, m], softmax output with m classes.
    X_train, X_test : ndarray, shape (n, d)
        The network's inputs: the training set and the held-out set (the panel calls it
        検証データ: a student tunes the settings on it).
    labels_train, labels_test : ndarray of int, shape (n,)
    points_train, points_test : ndarray, shape (n, 2), or None
        The points of the plane of a 2-D set (its pictures draw them), else None.
    optimizer : lecnn.optim.Optimizer or None
        The update rule of the settings with its running state (``make_optimizer``), made
        afresh with the network; None for the lecture's plain SGD.
    steps : int
        Update steps taken since the network was built or reset.
    history : lecnn.History
        One entry every ``record_every`` steps (and at step 0): ``steps``, the losses
        and accuracies on the first ``monitor_size`` samples, ``grad_norms``.
    diverged : str or None
        Why training stopped (a step's E or update was not finite, or E exploded: see
        ``step``), in Japanese, then English, or None.
    version : int
        Grows by one whenever the data change (the panel redraws its points then).
    """

    def __init__(self, settings=None, record_every=20, monitor_size=500, **changes):
        self.record_every = check_int("record_every", record_every, 1)
        self.monitor_size = check_int("monitor_size", monitor_size, 1)
        base = settings if settings is not None else Settings()
        if not isinstance(base, Settings):
            raise type_error("settings_type", kind=type(base).__name__)
        self.settings = dataclasses.replace(base, **self._known(changes)).checked()
        self.version = 0
        self.single_thread_blas = single_thread_blas
        """``with engine.single_thread_blas():`` runs BLAS on one thread (see ``blas``)."""
        self._new_data()

    # ------------------------------------------------------------ configuration

    @staticmethod
    def _known(changes):
        names = {f.name for f in dataclasses.fields(Settings)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise type_error("settings_unknown", unknown=unknown, names=sorted(names))
        return changes

    def configure(self, **changes):
        """Change settings; rebuild what depends on them.

        New data (dataset, noise, train_fraction, n_samples, seed) or a new
        architecture (hidden_widths, activation) rebuild the network and start the
        step count again; η, the batch size and λ apply from the next step on; a
        new update rule (optimizer, or μ of momentum) starts without running state.

        All or nothing: if the settings are bad, or what they need cannot be built (data or
        a network that does not fit in memory), the error is raised and the engine stays as
        it was (settings, data, network, step count, histories).

        Parameters
        ----------
        **changes
            Fields of ``Settings``.

        Returns
        -------
        str
            "data", "network" or "none": what was rebuilt.
        """
        new = dataclasses.replace(self.settings, **self._known(changes)).checked()
        before = dict(vars(self))
        try:
            return self._rebuild(new)
        except BaseException:  # also Ctrl+C halfway: never new settings on an old network
            self.__dict__ = before
            raise

    def _rebuild(self, new):
        """Take the checked settings ``new`` and rebuild what their change needs (``configure``).

        Makes new data, network, optimiser and histories and binds the attributes to them,
        never changing the old ones in place (but for ``tune``, last, which cannot fail), so
        ``configure`` restores the engine by restoring its attributes.
        """
        old, self.settings = self.settings, new
        if any(getattr(old, f) != getattr(new, f) for f in DATA_FIELDS):
            self._new_data()
            return "data"
        if any(getattr(old, f) != getattr(new, f) for f in NETWORK_FIELDS):
            self.reset()
            return "network"
        self._follow_rule(old)
        return "none"

    def _follow_rule(self, old):
        """The update rule after a change of η, the optimiser, μ or the regularisation."""
        s = self.settings
        new_rule = s.optimizer != old.optimizer or (
            s.optimizer == "momentum" and s.momentum != old.momentum
        )
        if new_rule or self.optimizer is None:
            self.optimizer = make_optimizer(s)  # a fresh state: M, S, V start at 0 again
        elif s.optimizer == "sgd" and REGULARIZATIONS[s.regularization][1] is None:
            self.optimizer = None  # back to the lecture's step
        else:
            tune(self.optimizer, s)  # η and λ change; the running state goes on

    def _new_data(self):
        P_train, P_test, self.labels_train, self.labels_test = make_data(self.settings)
        self.points_train, self.points_test = (P_train, P_test) if self.is_2d else (None, None)
        self.X_train, self.X_test = self.expand(P_train), self.expand(P_test)
        self.version += 1
        self.reset()

    def reset(self):
        """Fresh initial weights (from the seed), step count 0, histories cleared."""
        s = self.settings
        if self.is_regression:
            m, output = 1, "identity"
        else:
            m, output = int(max(self.labels_train.max(), self.labels_test.max())) + 1, "softmax"
        sizes = [self.X_train.shape[1], *s.hidden_widths, m]
        self.net = Network(sizes, hidden=s.activation, output=output, seed=s.seed)
        self.optimizer = make_optimizer(s)  # its state belongs to this network's W_k
        self._order = np.random.default_rng(s.seed)
        self._queue = np.empty(0, dtype=np.intp)
        self.steps = 0
        self.diverged = None
        self.history = History()
        self._record()

    @property
    def sizes(self):
        """[d, q_1, ..., q_r, m]."""
        return list(self.net.sizes)

    @property
    def is_2d(self):
        """Whether the data are points of the plane (the inputs are ``settings.features``)."""
        return self.settings.dataset in PLANE_DATASETS

    @property
    def is_regression(self):
        """Whether the task is regression (the sine: identity output, squared error)."""
        return self.settings.dataset == "sine"

    @property
    def input_names(self):
        """Names of the inputs x_1, ..., x_d as the diagram labels them.

        The labels of the inputs on (as their toggles show them, x₁, x₂, x₁², ...) for 2-D
        data; x₁, ..., x_d otherwise.
        """
        if self.is_2d:
            return features.input_labels(self.settings.features)
        return features.plain_labels(self.net.sizes[0])

    def expand(self, X):
        """The network's inputs x at points of the plane (n, 2) (``features.expand``)."""
        return features.expand(X, self.settings.features) if self.is_2d else X

    def architecture(self):
        """Short text of the network, e.g. '2-8-8-2, ReLU, 114 パラメータ'."""
        layers = "-".join(str(q) for q in self.net.sizes)
        f = LABELS[self.settings.activation] if self.net.r else "中間層なし"
        return f"{layers}, {f}, {self.net.n_params} パラメータ"

    # ------------------------------------------------------------------ training

    def _next_batch(self):
        b = self.settings.batch_size
        if len(self._queue) < b:  # a new epoch: the samples in a fresh random order
            fresh = self._order.permutation(len(self.X_train))
            self._queue = np.concatenate([self._queue, fresh])
        idx, self._queue = self._queue[:b], self._queue[b:]
        return idx

    def step(self, n=1):
        """Take ``n`` steps W_k ← W_k − η ∂E/∂W_k (or the chosen rule's), one minibatch each.

        Stops early if a step finds E or its update non-finite (the weights then
        stay as they were before that step), or if a record's E has exploded by
        ``lecnn.divergence.exploded``, the rule ``train`` applies (with E_ref =
        max(E at step 0, 1): E > 1000 × E_ref, or three records in a row above
        10 × E_ref); ``diverged`` then says why. Does nothing while ``diverged`` is
        set (``reset`` clears it).

        Parameters
        ----------
        n : int
            Number of steps, >= 0.

        Returns
        -------
        int
            Steps actually taken.
        """
        n = check_int("n", n, 0)
        done = 0
        with self.single_thread_blas():
            while done < n and self.diverged is None:
                idx = self._next_batch()
                try:
                    self._update(self.X_train[idx], self.labels_train[idx])
                except DivergenceError as err:
                    found = (err.cause, err.eta, err.value)  # the same, with likelier causes
                    error = DivergenceError(*found, suspects=self._suspects(), **err.details)
                    self.diverged = str(error)
                    break
                done += 1
                self.steps += 1
                if self.steps % self.record_every == 0:
                    self._record()
        return done

    def _update(self, x, y):
        """One update on the minibatch (x, y): the lecture's, or the optimiser's rule."""
        if self.optimizer is None:
            self.net.step(x, y, self.settings.eta)  # W_k ← W_k − η ∂E/∂W_k
            return
        net = self.net  # Network.step's checks, then its buffered step with the rule
        x, _ = as_inputs(x, net.d, net.dtype)
        t = as_targets(y, net.output, net.m, len(x), False, net.dtype)
        with np.errstate(over="ignore", invalid="ignore"):  # divergence raises
            net.fast_step.step(x, t, self.settings.eta, self.optimizer)

    # ---------------------------------------------------------------- measuring

    def _record(self):
        h, k = self.history, self.monitor_size
        X, labels = self.X_train[:k], self.labels_train[:k]
        with self.single_thread_blas(), np.errstate(all="ignore"):
            bp = self.net.backward(X, labels)
            test_loss, test_accuracy = self.net.evaluate(self.X_test[:k], self.labels_test[:k])
            if self.is_regression:  # no classes: no accuracy
                train_accuracy = test_accuracy = float("nan")
            else:
                train_accuracy = accuracy(labels, np.argmax(bp.forward.y, axis=1))
        h.steps.append(self.steps)
        h.train_loss.append(bp.loss)
        h.test_loss.append(test_loss)
        h.train_accuracy.append(train_accuracy)
        h.test_accuracy.append(test_accuracy)
        h.grad_norms.append(np.array([np.linalg.norm(g) for g in bp.grads]))
        if self.diverged is None and exploded(h.train_loss, h.train_loss[0]):
            error = explosion_error(
                h.train_loss,
                h.train_loss[0],
                self.settings.eta,
                step=self.steps,
                suspects=self._suspects(),
            )
            self.diverged = str(error)

    def _suspects(self):
        """Likely causes of a blow-up besides η (``lecnn.divergence.other_causes``)."""
        return other_causes(self.settings.eta, self.optimizer, self.X_train, self.labels_train)

    @property
    def worsened(self):
        """Whether training has made the error worse without blowing up (the panel says so).

        The rule is ``lecnn.divergence.worsened``'s (what ``train`` warns of): the median of the
        training E of the last few records is well above E at step 0; runs that blow up are
        ``diverged`` instead.
        """
        losses = self.history.train_loss
        if self.diverged or len(losses) < 2:
            return False
        return worsened(losses[1:], losses[0])

    def sample_losses(self):
        """E of every training sample for the current weights.

        Returns
        -------
        ndarray, shape (n_train,)
        """
        net = self.net
        with self.single_thread_blas(), np.errstate(all="ignore"):
            fp = net.forward_pass(self.X_train)
            u = fp.z[-1] @ net.weights[-1].T  # u_r = W_r z_r
            targets = self.labels_train
            if not self.is_regression:
                targets = np.eye(net.sizes[-1])[targets]  # one-hot
            return LOSSES_FROM_LOGITS[net.output](u, targets)

    def worst_sample(self):
        """The training sample with the largest E now (「誤差の大きいサンプル」).

        Returns
        -------
        int
        """
        return int(np.argmax(np.nan_to_num(self.sample_losses(), nan=np.inf)))

    def gradient_norms(self):
        """‖∂E/∂W_k‖, k = 0..r, on the whole training set for the current weights.

        Returns
        -------
        ndarray, shape (r + 1,)
        """
        with self.single_thread_blas(), np.errstate(all="ignore"):
            return gradient_norms(self.net, self.X_train, self.labels_train)

    def gradient_ratio(self):
        """‖∂E/∂W_0‖ / ‖∂E/∂W_r‖ on the training set: how much weaker the input side learns.

        Returns
        -------
        float
        """
        norms = self.gradient_norms()
        return float(norms[0] / norms[-1])

    @property
    def train_loss(self):
        """E averaged over the training set, for the current weights."""
        with self.single_thread_blas(), np.errstate(all="ignore"):
            return self.net.loss(self.X_train, self.labels_train)

    @property
    def test_loss(self):
        """E averaged over the test set, for the current weights."""
        with self.single_thread_blas(), np.errstate(all="ignore"):
            return self.net.loss(self.X_test, self.labels_test)

    @property
    def test_accuracy(self):
        """Fraction of the test set classified correctly."""
        with self.single_thread_blas(), np.errstate(all="ignore"):
            return self.net.evaluate(self.X_test, self.labels_test)[1]

    def forward_pass(self, X):
        """``net.forward_pass(X)`` with overflow warnings silenced (for drawing).

        Parameters
        ----------
        X : ndarray, shape (n, d)

        Returns
        -------
        lecnn.ForwardPass
        """
        with self.single_thread_blas(), np.errstate(all="ignore"):
            return self.net.forward_pass(X)

    def trace(self, index=0):
        """Backpropagation for one training sample, layer by layer (see ``backprop.trace``).

        Parameters
        ----------
        index : int
            Which training sample, 0 <= index < len(X_train).

        Returns
        -------
        lecnn.playground.backprop.Trace
        """
        index = check_int("index", index, 0)
        if index >= len(self.X_train):
            raise value_error("trace_index", n=len(self.X_train), index=index)
        return backprop.trace(self.net, self.X_train[index], self.labels_train[index])

    def summary(self):
        """A deterministic text: data, architecture, steps, losses (rounded).

        Returns
        -------
        str
        """
        s = self.settings
        n_train, n_test = len(self.X_train), len(self.X_test)
        lines = [
            f"データ: {s.dataset} (ノイズ {s.noise:g}, 訓練 {n_train} 点, 検証 {n_test} 点)",
            f"ネットワーク: {self.architecture()}",
            f"η = {s.eta:g}, バッチサイズ {s.batch_size}, シード {s.seed}{self._rule_text()}",
            f"ステップ {self.steps}: {self._losses_text()}",
        ]
        if self.diverged:
            lines.append("発散しました (η が大きすぎます)")
        return "\n".join(lines)

    def _rule_text(self):
        """The optimiser and regularisation for ``summary``: '' for the lecture's SGD."""
        s, parts = self.settings, []
        if s.optimizer == "momentum":
            parts.append(f"モーメンタム μ = {s.momentum:g}")
        elif s.optimizer != "sgd":
            parts.append(OPTIMIZERS[s.optimizer][0])
        if s.regularization != "none":
            parts.append(f"{s.regularization.upper()} 正則化 λ = {s.regularization_rate:g}")
        return "".join(", " + p for p in parts)

    def _losses_text(self):
        text = f"訓練誤差 E = {self.train_loss:.3f}, 検証誤差 E = {self.test_loss:.3f}"
        if self.is_regression:
            return text
        return text + f", 検証正解率 {self.test_accuracy:.1%}"
