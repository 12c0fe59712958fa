"""The playground's controls as one table: what each sets, its widget, label, CSS class and limits.

``CONTROLS`` is the table of the controls that set the engine's ``Settings``: for each,
its name (the ``Settings`` field, or depth/width/widths, which make ``hidden_widths``),
the widget class, its Japanese label (students read it), its CSS class (see
``lecnn.playground`` for the contract the browser tests rely on), its limits and how it
shows a settings value. ``VIEW_TOGGLES``, ``BUTTONS`` and ``VIEWS`` name the other
widgets; ``lecnn.playground.controls`` makes and lays out the widgets from these tables,
``lecnn.playground.state`` obeys the same limits. The depth and width sliders' limits are
``settings.MAX_DEPTH`` and ``settings.MAX_WIDTH``, which every ``Settings`` obeys.
"""

from dataclasses import dataclass, field

import ipywidgets as widgets

from lecnn.activations import HIDDEN_ACTIVATIONS, LABELS
from lecnn.playground.settings import (
    DATASETS,
    MAX_DEPTH,
    MAX_WIDTH,
    OPTIMIZERS,
    REGULARIZATIONS,
)
from lecnn.validation import check_width_limits, value_error

ACTIVATION_LABELS = {name: LABELS[name] for name in HIDDEN_ACTIVATIONS}
BATCH_SIZES = (1, 2, 5, 10, 20, 50, 100)
ETAS = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
"""The learning rates the η slider offers (a setting not in the list is added to it)."""
MOMENTA = (0.5, 0.8, 0.9, 0.95, 0.99)
"""The μ the momentum slider offers (likewise)."""
RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
"""The λ the regularisation slider offers (TensorFlow Playground's, and two smaller ones)."""


def _options(values, current, label=str):
    """A selection slider's options: ``values`` and the current value, in order."""
    return [(label(v), v) for v in sorted(set(values) | {current})]


def _uniform_widths(s):
    return "" if len(set(s.hidden_widths)) <= 1 else ", ".join(map(str, s.hidden_widths))


@dataclass(frozen=True)
class Control:
    """One control of the settings: a row of ``CONTROLS``.

    Attributes
    ----------
    name : str
        The ``Settings`` field it sets (depth, width and widths together set
        ``hidden_widths``); also the panel's attribute holding the widget.
    widget : type
        The ipywidgets class.
    label : str
        Japanese, shown beside it.
    css : str
        Its CSS class.
    limits : dict
        min, max, step (sliders and number boxes).
    options : callable, optional
        settings -> the options of a selection widget.
    shown : callable, optional
        settings -> the value it shows (default: the field's value); None leaves it as it is.
    extra : dict
        Further keyword arguments of the widget (tooltip, readout format, ...).
    enabled : callable, optional
        settings -> whether the widget can be used (μ only for momentum, λ only with a
        regularisation); default always.
    """

    name: str
    widget: type
    label: str
    css: str
    limits: dict = field(default_factory=dict)
    options: object = None
    shown: object = None
    extra: dict = field(default_factory=dict)
    enabled: object = None

    def value(self, settings):
        """The value the widget shows for ``settings`` (None: keep its own)."""
        if self.shown is not None:
            return self.shown(settings)
        return getattr(settings, self.name)


CONTROLS = (
    Control(
        "dataset",
        widgets.Dropdown,
        "データ",
        "lecnn-dataset",
        options=lambda s: [(label, name) for name, label in DATASETS.items()],
    ),
    Control("noise", widgets.FloatSlider, "ノイズ", "lecnn-noise", dict(min=0, max=0.5, step=0.01)),
    Control(
        "train_fraction",
        widgets.FloatSlider,
        "訓練データ",
        "lecnn-train-fraction",
        dict(min=0.1, max=0.9, step=0.05),
        extra=dict(readout_format=".0%", tooltip="訓練に使う割合 (残りは検証データ)"),
    ),
    Control(
        "depth",
        widgets.IntSlider,
        "深さ r",
        "lecnn-depth",
        dict(min=0, max=MAX_DEPTH),
        shown=lambda s: len(s.hidden_widths),
        extra=dict(tooltip="中間層の数"),
    ),
    Control(
        "width",
        widgets.IntSlider,
        "幅 q",
        "lecnn-width",
        dict(min=1, max=MAX_WIDTH),
        shown=lambda s: s.hidden_widths[0] if s.hidden_widths else None,
        extra=dict(tooltip="各中間層のユニット数"),
    ),
    Control(
        "widths",
        widgets.Text,
        "層ごとの幅",
        "lecnn-widths",
        shown=_uniform_widths,
        extra=dict(placeholder="例: 16, 8, 4 (空欄なら上の r, q)", continuous_update=False),
    ),
    Control(
        "activation",
        widgets.Dropdown,
        "活性化関数",
        "lecnn-activation",
        options=lambda s: [(label, name) for name, label in ACTIVATION_LABELS.items()],
    ),
    Control(
        "eta",
        widgets.SelectionSlider,
        "学習率 η",
        "lecnn-eta",
        options=lambda s: _options(ETAS, s.eta, label=lambda v: f"{v:g}"),
    ),
    Control(
        "batch_size",
        widgets.SelectionSlider,
        "バッチサイズ",
        "lecnn-batch-size",
        options=lambda s: _options(BATCH_SIZES, s.batch_size),
    ),
    Control(
        "optimizer",
        widgets.Dropdown,
        "最適化法",
        "lecnn-optimizer",
        options=lambda s: [(label, name) for name, (label, _) in OPTIMIZERS.items()],
        extra=dict(
            tooltip="重みの更新則 (G = ∂E/∂W)。SGD: W ← W − ηG。モーメンタム: V ← μV + G, "
            "W ← W − ηV。Adam: G と G² の移動平均 (係数 β₁, β₂) で重みごとに歩幅を決めます"
        ),
    ),
    Control(
        "momentum",
        widgets.SelectionSlider,
        "係数 μ",
        "lecnn-momentum",
        options=lambda s: _options(MOMENTA, s.momentum, label=lambda v: f"{v:g}"),
        extra=dict(
            tooltip="モーメンタムの係数 μ: V ← μV + G (最適化法がモーメンタムのときに使います)"
        ),
        enabled=lambda s: s.optimizer == "momentum",
    ),
    Control(
        "regularization",
        widgets.Dropdown,
        "正則化",
        "lecnn-regularization",
        options=lambda s: [(label, name) for name, (label, _) in REGULARIZATIONS.items()],
        extra=dict(tooltip="誤差 E に足す重みの罰則 (W̃: 切片の列を除いた W_k)"),
    ),
    Control(
        "regularization_rate",
        widgets.SelectionSlider,
        "係数 λ",
        "lecnn-regularization-rate",
        options=lambda s: _options(RATES, s.regularization_rate, label=lambda v: f"{v:g}"),
        extra=dict(
            tooltip="正則化の係数 λ: 誤差 E に足す罰則の重み (正則化がなしのときは使いません)"
        ),
        enabled=lambda s: s.regularization != "none",
    ),
    Control("seed", widgets.BoundedIntText, "シード", "lecnn-seed", dict(min=0, max=99_999)),
)
"""The controls of the settings, top to bottom."""

VIEW_TOGGLES = (
    ("show_held_out", "検証データを表示", "lecnn-show-validation", True),
    ("discrete", "出力を離散化", "lecnn-discretize", False),
)
"""Toggles of the decision view: (name, label, CSS class, initial value)."""

BUTTONS = (
    ("play_button", "▶ 再生", "lecnn-play", "学習を続けて進めます (一時停止で止まります)"),
    ("pause_button", "一時停止", "lecnn-pause", "学習を止めます (再生で続きから進みます)"),
    ("step_button", "+{steps} ステップ", "lecnn-step", "学習を {steps} ステップだけ進めます"),
    (
        "reset_button",
        "リセット",
        "lecnn-reset",
        "重みを初期値 (シードで決まる) に戻し、ステップ数を 0 にして記録を消します",
    ),
)
"""The buttons: (attribute, label, CSS class, tooltip)."""


VIEWS = (
    "architecture",
    "status",
    "boundary_heading",
    "boundary",
    "boundary_caption",
    "loss_plot",
    "grad_norms",
    "diagram",
    "units",
    "state_text",
    "features",
    "features_heading",
    "backprop_toggle",
    "backprop_prev",
    "backprop_next",
    "backprop_sample",
    "backprop_worst",
    "backprop_caption",
    "weight_label",
    "weight_text",
)
"""The other widgets a panel exposes by name."""


COMMAS = ",，、"
"""What may separate widths typed in the box besides spaces: a comma, the full-width comma and
the 読点 of a Japanese keyboard."""


def parse_widths(text):
    """Hidden widths typed as text, e.g. '16, 8, 4' or '１６、８' -> (16, 8, 4); '' -> None.

    Widths are separated by ``COMMAS`` or spaces (full-width ones too) and written in decimal
    digits, half- or full-width; '²' or '½' is a number to Python's ``isdigit`` but not a width.
    Their limits are every ``Settings``'s (``lecnn.validation.check_width_limits``).

    Raises
    ------
    ValueError
        If an entry is not a whole number in 1..MAX_WIDTH or there are more than MAX_DEPTH
        (the message is in Japanese: the panel shows it to the student).
    """
    entries = text.translate(str.maketrans(COMMAS, " " * len(COMMAS))).split()
    if not entries:
        return None
    widths = tuple(_width(entry) for entry in entries)
    return check_width_limits(widths, MAX_DEPTH, MAX_WIDTH, typed=entries)


def _width(entry):
    """One typed width: decimal digits, which ``int`` reads half- or full-width."""
    short = len(entry) < 10  # int() of 5,000 digits would raise Python's own error
    if not (entry.isdecimal() and short):
        raise value_error("widths_entry", maximum=MAX_WIDTH, entry=entry)
    return int(entry)
