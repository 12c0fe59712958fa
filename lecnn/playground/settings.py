"""The playground's settings (what its controls set) and the data they make.

``Settings`` is checked field by field (``checked``); ``make_data`` makes the training and
validation sets of a setting, ``make_optimizer`` the update rule it trains with. Every name
is also ``lecnn.playground.engine.<name>``.
"""

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from lecnn import data, optim
from lecnn.playground import features
from lecnn.validation import (
    check_eta,
    check_fraction,
    check_hidden_name,
    check_hidden_widths,
    check_int,
    check_real,
    check_seed,
    check_width_limits,
    value_error,
)

DATASETS = {
    "spirals": "渦巻き (spirals)",
    "circles": "同心円 (circles)",
    "xor": "XOR",
    "blobs": "ガウス分布の塊 (blobs)",
    "digits": "手書き数字 (digits)",
    "sine": "sin の回帰 (sine)",
}
"""The data sets and the panel's name of each: four toy 2-D sets from ``lecnn.data.make_dataset``,
the 8x8 digits, and the 1-D sine for regression (identity output, squared error)."""

PLANE_DATASETS = tuple(data.DATASETS)
"""The data sets whose inputs are points of the plane (their inputs are ``features``)."""

DATA_FIELDS = ("dataset", "noise", "train_fraction", "n_samples", "seed", "features")
"""Settings whose change makes new data (and so a new network)."""

NETWORK_FIELDS = ("hidden_widths", "activation")
"""Settings whose change makes a new network on the same data."""

OPTIMIZERS = {
    "sgd": ("SGD", lambda s: optim.SGD(s.eta)),
    "momentum": ("モーメンタム (μ)", lambda s: optim.SGD(s.eta, momentum=s.momentum)),
    "adam": ("Adam β₁=0.9, β₂=0.999", lambda s: optim.Adam(s.eta)),
}
"""Name -> (the panel's name, settings -> the ``lecnn.optim`` optimiser without a penalty).
The names use ``lecnn.optim``'s symbols; Adam keeps PyTorch's β₁, β₂, which rarely need
changing."""

REGULARIZATIONS = {
    "none": ("なし", None),
    "l1": ("L1: E + λ‖W̃‖₁", "l1"),
    "l2": ("L2: E + (λ/2)‖W̃‖²", "weight_decay"),
}
"""Name -> (the panel's name, the ``lecnn.optim`` argument that takes λ): the term added to
E for every W_k, without the intercepts."""

MAX_MOMENTUM = 0.999
"""Largest μ a setting may have (μ = 1 would never forget a gradient)."""

MAX_DEPTH = 8
"""Most hidden layers a setting may have (the depth slider's range is 0..MAX_DEPTH)."""

MAX_WIDTH = 128
"""Most units of a hidden layer (the width slider's range is 1..MAX_WIDTH)."""

MAX_SAMPLES = 2000
"""Most points of a 2-D set or of the sine: about as many as the digits have (1797), five times
the default 400; the panel stays as quick as with 400 (10⁷ points took minutes and 11 GB)."""


@dataclass(frozen=True)
class Settings:
    """What the panel's controls set.

    Attributes
    ----------
    dataset : str
        One of ``DATASETS``.
    noise : float
        Standard deviation of the noise: on the coordinates of a 2-D set, on the
        pixel values (in [0, 1]) of the digits.
    train_fraction : float
        Share of the samples used for training, in (0, 1); the rest is the test set.
    hidden_widths : tuple of int
        (q_1, ..., q_r), at most ``MAX_DEPTH`` layers of 1..``MAX_WIDTH`` units (the depth
        and width sliders' limits); () is a network without hidden layers (r = 0).
    activation : str
        f_0 = ... = f_{r-1}, one of "relu", "tanh", "sigmoid", "identity".
    eta : float
        Learning rate η > 0.
    batch_size : int
        Samples per SGD step (1 is the lecture's per-sample update).
    seed : int
        Seed of the data, the split, the initial weights and the order of the samples.
    n_samples : int
        Number of points of a 2-D set or of the sine, 4..``MAX_SAMPLES`` (the digits always
        have 1797).
    features : tuple of str
        The inputs of a 2-D set, names from ``features.FEATURES``: ("x1", "x2") is the
        point itself; ("x1", "x2", "x1^2") adds x₁², ("x2",) leaves x₁ out. Other data
        sets ignore it.
    optimizer : str
        The update rule, one of ``OPTIMIZERS``: "sgd" is the lecture's W_k ← W_k − η ∂E/∂W_k.
    momentum : float
        μ in [0, 1) of "momentum" (``lecnn.optim.SGD``'s V_k ← μ V_k + G_k); other rules
        ignore it.
    regularization : str
        One of ``REGULARIZATIONS``: "none", "l1" (λ ‖W̃_k‖₁ added to E) or "l2"
        ((λ/2) ‖W̃_k‖², weight decay).
    regularization_rate : float
        λ ≥ 0 of the regularisation; ignored with "none".
    """

    dataset: str = "spirals"
    noise: float = 0.1
    train_fraction: float = 0.5
    hidden_widths: tuple = (8, 8)
    activation: str = "relu"
    eta: float = 0.03
    batch_size: int = 10
    seed: int = 0
    n_samples: int = 400
    features: tuple = features.PLAIN
    optimizer: str = "sgd"
    momentum: float = 0.9
    regularization: str = "none"
    regularization_rate: float = 0.001

    def checked(self):
        """These settings with every field validated and normalised.

        Returns
        -------
        Settings

        Raises
        ------
        ValueError, TypeError
            Saying which field is wrong, what was expected and what came.
        """
        if not isinstance(self.dataset, str) or self.dataset not in DATASETS:
            raise value_error("one_of", name="dataset", known=tuple(DATASETS), value=self.dataset)
        check_hidden_name(self.activation)
        for name, known in (("optimizer", OPTIMIZERS), ("regularization", REGULARIZATIONS)):
            if not isinstance(getattr(self, name), str) or getattr(self, name) not in known:
                raise value_error(
                    "one_of", name=name, known=tuple(known), value=getattr(self, name)
                )
        return dataclasses.replace(
            self,
            noise=check_real("noise", self.noise, low=0.0),
            train_fraction=check_fraction("train_fraction", self.train_fraction),
            hidden_widths=check_width_limits(
                check_hidden_widths(self.hidden_widths), MAX_DEPTH, MAX_WIDTH
            ),
            eta=check_eta(self.eta),
            batch_size=check_int("batch_size", self.batch_size, 1),
            seed=check_seed(self.seed, allow_none=False),
            n_samples=check_int("n_samples", self.n_samples, 4, MAX_SAMPLES),
            features=features.check_features(self.features),
            momentum=check_real("momentum", self.momentum, 0.0, high=MAX_MOMENTUM),
            regularization_rate=check_real("regularization_rate", self.regularization_rate, 0.0),
        )


def make_optimizer(settings):
    """The update rule ``settings`` train with, or None for the lecture's plain SGD.

    Parameters
    ----------
    settings : Settings (checked)

    Returns
    -------
    lecnn.optim.Optimizer or None
        None for "sgd" without regularisation (``Network.step``'s W_k ← W_k − η ∂E/∂W_k);
        otherwise a fresh optimiser with η, μ and λ of the settings.
    """
    penalty = REGULARIZATIONS[settings.regularization][1]
    if settings.optimizer == "sgd" and penalty is None:
        return None
    rule = OPTIMIZERS[settings.optimizer][1](settings)
    tune(rule, settings)
    return rule


def tune(rule, settings):
    """Give the optimiser ``rule`` the η and λ of ``settings``, keeping its running state."""
    rule.eta = settings.eta
    rule.weight_decay = rule.l1 = 0.0
    penalty = REGULARIZATIONS[settings.regularization][1]
    if penalty is not None:
        setattr(rule, penalty, settings.regularization_rate)


@lru_cache(maxsize=1)
def _digits():
    X, labels = data.load_digits()
    X.flags.writeable = False
    labels.flags.writeable = False
    return X, labels


def make_data(settings):
    """The training and test sets for ``settings``.

    Parameters
    ----------
    settings : Settings (checked)

    Returns
    -------
    X_train : ndarray, shape (n_train, d)
    X_test : ndarray, shape (n_test, d)
    labels_train : ndarray of int, shape (n_train,); for the sine floats, (n_train, 1)
    labels_test : ndarray of int, shape (n_test,); for the sine floats, (n_test, 1)
        d = 2 for the toy sets (the points: ``features.expand`` makes the network's
        inputs), 64 for the digits, 1 for the sine.
    """
    s = settings
    if s.dataset == "digits":
        X, labels = _digits()
        if s.noise > 0:
            X = X + s.noise * np.random.default_rng(s.seed).standard_normal(X.shape)
    elif s.dataset == "sine":
        X, labels = data.sine(n=s.n_samples, noise=s.noise, seed=s.seed)  # targets y, (n, 1)
    else:
        X, labels = data.make_dataset(s.dataset, n=s.n_samples, noise=s.noise, seed=s.seed)
    n = len(X)
    n_test = min(max(round(n * (1 - s.train_fraction)), 1), n - 1)  # a count: no 0.3000…04
    classes = s.dataset != "sine"
    return data.train_test_split(X, labels, test_size=n_test, seed=s.seed, stratify=classes)
