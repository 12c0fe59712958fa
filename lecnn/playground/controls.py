"""The playground panel's widgets: made from one table, laid out, and kept showing the settings.

``CONTROLS`` is the table of the controls that set the engine's ``Settings``: for each,
its name (the ``Settings`` field, or depth/width/widths, which make ``hidden_widths``),
the widget class, its Japanese label (students read it), its CSS class (see
``lecnn.playground`` for the contract the browser tests rely on), its limits and how it
shows a settings value. ``Controls`` makes every widget of the panel from it and from
the smaller tables below, lays them out, and shows an engine's settings on them
(``show``) without the panel reacting: it knows nothing of what the widgets do, which
``Panel`` wires up.
"""

from dataclasses import dataclass, field

import ipywidgets as widgets

from lecnn.activations import HIDDEN_ACTIVATIONS, LABELS
from lecnn.playground import features, still
from lecnn.playground.diagram_edit import DiagramView
from lecnn.playground.settings import DATASETS, OPTIMIZERS, PLANE_DATASETS, REGULARIZATIONS
from lecnn.playground.views import CHART_WIDTH, PIXELS
from lecnn.validation import value_error

ACTIVATION_LABELS = {name: LABELS[name] for name in HIDDEN_ACTIVATIONS}
BATCH_SIZES = (1, 2, 5, 10, 20, 50, 100)
ETAS = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
"""The learning rates the η slider offers (a setting not in the list is added to it)."""
MOMENTA = (0.5, 0.8, 0.9, 0.95, 0.99)
"""The μ the momentum slider offers (likewise)."""
RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
"""The λ the regularisation slider offers (TensorFlow Playground's, and two smaller ones)."""
MAX_DEPTH = 8
MAX_WIDTH = 128
COLUMN = 284  # width of the controls' column, pixels
STYLE = still.HIDE_STYLE + (
    "<style>"
    ".lecnn-playground .jupyter-widgets-disconnected::before,"
    ".lecnn-playground.jupyter-widgets-disconnected::before{content:none;display:none}"
    ".lecnn-playground.jupyter-widgets-disconnected::after{order:-1;display:block;color:#c00;"
    'content:"保存されたときの表示です (カーネルにつながっていないので操作できません)。'
    'セルを実行すると操作できるパネルになります。"}'
    "</style>"
)
"""The panel's CSS: the still picture hidden where the panel renders; a panel drawn from saved
widget state (no kernel) says so once, instead of a broken-link mark beside every control."""


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
    ("play_button", "▶ 再生", "lecnn-play", "Play"),
    ("pause_button", "一時停止", "lecnn-pause", "Pause"),
    ("step_button", "+{steps} ステップ", "lecnn-step", "Step"),
    ("reset_button", "リセット", "lecnn-reset", "Reset"),
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


def parse_widths(text):
    """Hidden widths typed as text, e.g. '16, 8, 4' -> (16, 8, 4); '' -> None.

    Raises
    ------
    ValueError
        If an entry is not a whole number in 1..MAX_WIDTH or there are more than MAX_DEPTH
        (the message is in Japanese: the panel shows it to the student).
    """
    entries = text.replace(",", " ").split()
    if not entries:
        return None
    if len(entries) > MAX_DEPTH:
        raise value_error("widths_depth", maximum=MAX_DEPTH, count=len(entries))
    widths = []
    for entry in entries:
        if not entry.isdigit() or not 1 <= int(entry) <= MAX_WIDTH:
            raise value_error("widths_entry", maximum=MAX_WIDTH, entry=entry)
        widths.append(int(entry))
    return tuple(widths)


def _layout(width=None, **kw):
    return widgets.Layout(width=width, **kw)


class Controls:
    """Every widget of a panel, made from ``CONTROLS`` and the tables above, and their layout.

    Parameters
    ----------
    settings : Settings
        Shown at first.
    steps_per_frame : int
        For the Step button's label.

    Attributes
    ----------
    settings : dict
        name -> widget of every row of ``CONTROLS``.
    feature_toggles : dict
        name -> ToggleButton of every input of ``features.FEATURES``.
    view_toggles : dict
        name -> ToggleButton of ``VIEW_TOGGLES``.
    buttons : dict
        attribute -> Button of ``BUTTONS``.
    syncing : bool
        True while ``show`` moves the widgets (handlers then do nothing).
    root : list of ipywidgets.Widget
        The panel's children.

    The other widgets are attributes: ``architecture``, ``status``, ``boundary_heading``,
    ``boundary``, ``boundary_caption``, ``loss_plot``, ``grad_norms``, ``diagram``,
    ``units``, ``state_text``, ``features``, ``features_heading``, and the 「逆伝播を見る」
    row's ``backprop_toggle``, ``backprop_prev``, ``backprop_next``, ``backprop_sample``,
    ``backprop_worst``, ``backprop_caption``, and the chosen weight's ``weight_label`` and
    ``weight_text``.
    """

    def __init__(self, settings, steps_per_frame):
        self.syncing = False
        style = {"description_width": "82px"}
        self.settings = {}
        for c in CONTROLS:
            kwargs = dict(c.limits, **c.extra)
            if c.options is not None:
                kwargs["options"] = c.options(settings)
            value = c.value(settings)
            if value is not None:
                kwargs["value"] = value
            widget = c.widget(
                description=c.label, style=style, layout=_layout(f"{COLUMN}px"), **kwargs
            )
            widget.add_class(c.css)
            self.settings[c.name] = widget
        self.feature_toggles = {
            name: widgets.ToggleButton(
                value=name in settings.features,
                description=label,
                tooltip=f"入力 {label} を使う",
                layout=_layout("auto", margin="1px", padding="0 4px"),
            )
            for name, (label, _) in features.FEATURES.items()
        }
        self.features = widgets.HBox(
            list(self.feature_toggles.values()),
            layout=_layout(f"{COLUMN}px", flex_flow="row wrap"),
        )
        self.features.add_class("lecnn-features")
        self.features_heading = widgets.HTML()
        self.view_toggles = {}
        for name, label, css, value in VIEW_TOGGLES:
            toggle = widgets.ToggleButton(
                value=value, description=label, layout=_layout("auto", margin="1px")
            )
            toggle.add_class(css)
            self.view_toggles[name] = toggle
        self.buttons = {}
        for attribute, label, css, tooltip in BUTTONS:
            button = widgets.Button(
                description=label.format(steps=steps_per_frame),
                tooltip=tooltip,
                layout=_layout("auto", flex="1 1 auto", margin="2px", padding="0 4px"),
            )
            button.add_class(css)
            self.buttons[attribute] = button
        self.buttons["play_button"].button_style = "success"
        self.buttons["pause_button"].disabled = True
        self._backprop_widgets()
        self._views()
        self.root = self._arrange()
        self.show(settings)

    # ------------------------------------------------------------------ widgets

    def _backprop_widgets(self):
        """The 「逆伝播を見る」 toggle, its step buttons, the sample number and its caption."""

        def button(label, **kw):
            return widgets.Button(description=label, layout=_layout("auto", margin="2px"), **kw)

        self.backprop_toggle = widgets.ToggleButton(
            value=False,
            description="逆伝播を見る",
            tooltip="1 つの訓練サンプルで順伝播と δ の逆伝播を 1 段ずつ表示します",
            layout=_layout("auto", margin="2px"),
        )
        self.backprop_prev = button("◀ 前へ")
        self.backprop_next = button("次へ ▶", button_style="info")
        self.backprop_worst = button(
            "誤差の大きいサンプル", tooltip="いまの重みで誤差 E が最も大きい訓練サンプルを選びます"
        )
        self.backprop_sample = widgets.BoundedIntText(
            value=0,
            min=0,
            max=1,
            description="サンプル",
            style={"description_width": "60px"},
            layout=_layout("150px"),
        )
        self.backprop_caption = widgets.HTML()
        for widget, css in (
            (self.backprop_toggle, "lecnn-backprop"),
            (self.backprop_prev, "lecnn-bp-prev"),
            (self.backprop_next, "lecnn-bp-next"),
            (self.backprop_worst, "lecnn-bp-worst"),
            (self.backprop_sample, "lecnn-bp-sample"),
            (self.backprop_caption, "lecnn-bp-caption"),
        ):
            widget.add_class(css)

    def _views(self):
        def html(css, **kw):
            widget = widgets.HTML(**kw)
            widget.add_class(css)
            return widget

        self.architecture = html("lecnn-architecture")
        self.status = html("lecnn-status")
        self.boundary_heading = widgets.HTML()
        self.boundary = widgets.Image(format="png")
        self.boundary.add_class("lecnn-boundary")
        self.boundary_caption = widgets.HTML(layout=_layout(max_width=f"{PIXELS + 4}px"))
        self.loss_plot = html("lecnn-loss-plot")
        self.grad_norms = html("lecnn-grad-norms")
        self.diagram = DiagramView()  # the live diagram: its + / − buttons and edges answer clicks
        self.diagram.add_class("lecnn-diagram")
        self.weight_label = html("lecnn-weight-label")
        self.weight_text = widgets.Text(continuous_update=False, layout=_layout("110px"))
        self.weight_text.add_class("lecnn-weight")
        self.state_text = widgets.Text(
            description="設定",
            continuous_update=False,
            tooltip="この文字列を pg.Panel.from_state(...) やアプリの URL (?state=...) に使えます"
            "。書き換えて Enter を押すと設定が変わります",
            style={"description_width": "40px"},
            layout=_layout("calc(100% - 12px)", max_width="1240px"),
        )
        self.state_text.add_class("lecnn-state")
        weight_row = widgets.HBox([self.weight_label, self.weight_text])
        self.units = widgets.VBox(
            [weight_row, self.diagram], layout=_layout(align_items="flex-start", overflow="visible")
        )
        self.units.add_class("lecnn-units")

    def _arrange(self):
        """The panel's children: header; controls | diagram | decision view and charts; settings.

        Three columns fit 1280 pixels (the diagram is at most ``geometry.MAX_WIDTH`` wide);
        narrower, the right column moves below.
        """
        buttons = widgets.HBox(
            list(self.buttons.values()),
            layout=_layout(f"{COLUMN}px", flex_flow="row nowrap"),
        )
        left = widgets.VBox(
            [
                buttons,
                *self.settings.values(),
                self.features_heading,
                self.features,
            ],
            layout=_layout(f"{COLUMN + 2}px", flex="0 0 auto"),
        )
        backprop_row = widgets.HBox(
            [
                self.backprop_toggle,
                self.backprop_prev,
                self.backprop_next,
                self.backprop_sample,
                self.backprop_worst,
            ],
            layout=_layout(flex_flow="row wrap", align_items="center"),
        )
        middle = widgets.VBox(
            [
                widgets.HTML(STYLE + "<b>ネットワーク図</b>"),
                backprop_row,
                self.backprop_caption,
                self.units,
            ],
            layout=_layout(margin="0 6px", align_items="flex-start", flex="0 1 auto"),
        )
        view_row = widgets.HBox(
            [self.boundary_heading, *self.view_toggles.values()],
            layout=_layout(flex_flow="row wrap", align_items="center"),
        )
        right = widgets.VBox(
            [
                view_row,
                self.boundary,
                self.boundary_caption,
                self.loss_plot,
                self.grad_norms,
            ],
            layout=_layout(f"{max(PIXELS, CHART_WIDTH) + 6}px", flex="0 0 auto"),
        )
        header = widgets.HBox(
            [self.architecture, self.status],
            layout=_layout(flex_flow="row wrap", justify_content="space-between"),
        )
        main = widgets.HBox([left, middle, right], layout=_layout(flex_flow="row wrap"))
        return [header, main, self.state_text]

    def named_widgets(self):
        """(name, widget) of every widget a panel exposes as an attribute (``panel.depth``)."""
        yield from self.settings.items()
        yield from self.buttons.items()
        yield from self.view_toggles.items()
        for name in VIEWS:
            yield name, getattr(self, name)

    # ---------------------------------------------------------- settings shown

    def show(self, settings):
        """Show ``settings`` on the widgets, without the panel reacting (``syncing``)."""
        self.syncing = True
        try:
            for c in CONTROLS:
                widget = self.settings[c.name]
                if c.options is not None:
                    options = c.options(settings)
                    if list(widget.options) != [tuple(o) for o in options]:
                        widget.options = options
                value = c.value(settings)
                if value is not None:
                    widget.value = value
                if c.enabled is not None:
                    widget.disabled = not c.enabled(settings)
            for name, toggle in self.feature_toggles.items():
                toggle.value = name in settings.features
        finally:
            self.syncing = False
        plane = settings.dataset in PLANE_DATASETS
        for toggle in self.feature_toggles.values():
            toggle.disabled = not plane
        self.features_heading.value = (
            "<small>入力 (押したものを使う)</small>"
            if plane
            else "<small>入力の特徴: このデータでは使えません (2 次元のデータのみ)</small>"
        )

    def set_quietly(self, widget, value):
        """Set one widget's value without the panel reacting."""
        self.syncing = True
        try:
            widget.value = value
        finally:
            self.syncing = False
