"""The playground panel's widgets: its controls, buttons and pictures, their CSS classes and layout.

``Controls`` makes the widgets of a ``Panel`` (see ``lecnn.playground`` for the
CSS-class contract the browser tests rely on), wires them to the panel's handlers
and shows the engine's settings on them without reacting. Labels are Japanese:
students read them.
"""

import ipywidgets as widgets

from lecnn.activations import HIDDEN_ACTIVATIONS, LABELS
from lecnn.playground import features, still
from lecnn.playground.engine import DATASETS
from lecnn.playground.views import PIXELS

ACTIVATION_LABELS = {name: LABELS[name] for name in HIDDEN_ACTIVATIONS}
BATCH_SIZES = (1, 2, 5, 10, 20, 50, 100)
ETAS = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
"""The learning rates the η slider offers (a setting not in the list is added to it)."""
MAX_DEPTH = 8
MAX_WIDTH = 128
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
        raise ValueError(f"中間層は {MAX_DEPTH} 個までです ({len(entries)} 個の幅が入力されました)")
    widths = []
    for entry in entries:
        if not entry.isdigit() or not 1 <= int(entry) <= MAX_WIDTH:
            raise ValueError(
                f"幅は 1〜{MAX_WIDTH} の整数をカンマで区切って入力してください "
                f"(例: 16, 8, 4)。{entry!r} は使えません"
            )
        widths.append(int(entry))
    return tuple(widths)


class Controls:
    """The widgets of ``Panel`` (a mixin): made by ``_layout``, kept in step by ``_sync_controls``.

    The handlers they call (``_on_control``, ``play``, ...) are the panel's.
    """

    # ------------------------------------------------------------------ widgets

    def _controls(self):
        s = self.engine.settings
        style = {"description_width": "82px"}
        wide = widgets.Layout(width="284px")
        self.dataset = widgets.Dropdown(
            options=[(label, name) for name, label in DATASETS.items()],
            value=s.dataset,
            description="データ",
            style=style,
            layout=wide,
        )
        self.noise = widgets.FloatSlider(
            value=s.noise, min=0, max=0.5, step=0.01, description="ノイズ", style=style, layout=wide
        )
        self.train_fraction = widgets.FloatSlider(
            value=s.train_fraction,
            min=0.1,
            max=0.9,
            step=0.05,
            readout_format=".0%",
            description="訓練データ",
            style=style,
            layout=wide,
            tooltip="訓練に使う割合 (残りはテスト)",
        )
        widths = s.hidden_widths
        uniform = len(set(widths)) <= 1
        self.depth = widgets.IntSlider(
            value=len(widths),
            min=0,
            max=MAX_DEPTH,
            description="深さ r",
            style=style,
            layout=wide,
            tooltip="中間層の数",
        )
        self.width = widgets.IntSlider(
            value=widths[0] if widths else 8,
            min=1,
            max=MAX_WIDTH,
            description="幅 q",
            style=style,
            layout=wide,
            tooltip="各中間層のユニット数",
        )
        self.widths = widgets.Text(
            value="" if uniform else ", ".join(str(q) for q in widths),
            placeholder="例: 16, 8, 4 (空欄なら上の r, q)",
            description="層ごとの幅",
            continuous_update=False,
            style=style,
            layout=wide,
        )
        self.activation = widgets.Dropdown(
            options=[(label, name) for name, label in ACTIVATION_LABELS.items()],
            value=s.activation,
            description="活性化関数",
            style=style,
            layout=wide,
        )
        etas = tuple(sorted(set(ETAS) | {s.eta}))
        self.eta = widgets.SelectionSlider(
            options=[(f"{eta:g}", eta) for eta in etas],
            value=s.eta,
            description="学習率 η",
            style=style,
            layout=wide,
        )
        sizes = tuple(sorted(set(BATCH_SIZES) | {s.batch_size}))
        self.batch_size = widgets.SelectionSlider(
            options=sizes, value=s.batch_size, description="バッチサイズ", style=style, layout=wide
        )
        self.seed = widgets.BoundedIntText(
            value=s.seed, min=0, max=99_999, description="シード", style=style, layout=wide
        )
        self.features = widgets.HBox(
            [
                widgets.ToggleButton(
                    value=name in s.features,
                    description=label,
                    tooltip=f"入力に {label} を加える (2 次元のデータのみ)",
                    layout=widgets.Layout(width="auto", margin="1px", padding="0 4px"),
                )
                for name, (label, _) in features.FEATURES.items()
            ],
            layout=widgets.Layout(flex_flow="row wrap", width="284px"),
        )
        self.features.add_class("lecnn-features")
        for toggle in self.features.children:
            toggle.observe(self._on_features, names="value")
        self.depth.add_class("lecnn-depth")
        self.width.add_class("lecnn-width")
        controls = list(self._controls_list())
        for control in controls:
            control.observe(self._on_control, names="value")
        heading = widgets.HTML("<small>入力に加える特徴 (2 次元のデータ)</small>")
        return [*controls, heading, self.features]

    def _controls_list(self):
        return (
            self.dataset,
            self.noise,
            self.train_fraction,
            self.depth,
            self.width,
            self.widths,
            self.activation,
            self.eta,
            self.batch_size,
            self.seed,
        )

    def _buttons(self):
        def small():
            return widgets.Layout(width="auto", flex="1 1 auto", margin="2px", padding="0 4px")

        self.play_button = widgets.Button(
            description="▶ 再生", button_style="success", tooltip="Play", layout=small()
        )
        self.pause_button = widgets.Button(
            description="一時停止", tooltip="Pause", disabled=True, layout=small()
        )
        self.step_button = widgets.Button(
            description=f"+{self.steps_per_frame} ステップ", tooltip="Step", layout=small()
        )
        self.reset_button = widgets.Button(description="リセット", tooltip="Reset", layout=small())
        for button, css, action in (
            (self.play_button, "lecnn-play", self.play),
            (self.pause_button, "lecnn-pause", self.pause),
            (self.step_button, "lecnn-step", self.step),
            (self.reset_button, "lecnn-reset", self.reset),
        ):
            button.add_class(css)
            button.on_click(lambda _button, action=action: action())
        return widgets.HBox(
            [self.play_button, self.pause_button, self.step_button, self.reset_button],
            layout=widgets.Layout(flex_flow="row nowrap", width="284px"),
        )

    def _backprop_controls(self):
        """The 「逆伝播を見る」 toggle, its step buttons and the sample number."""
        self.backprop_toggle = widgets.ToggleButton(
            value=False,
            description="逆伝播を見る",
            tooltip="1 つの訓練サンプルで順伝播と δ の逆伝播を 1 段ずつ表示します",
            layout=widgets.Layout(width="auto", margin="2px"),
        )
        self.backprop_prev = widgets.Button(
            description="◀ 前へ", layout=widgets.Layout(width="auto", margin="2px")
        )
        self.backprop_next = widgets.Button(
            description="次へ ▶",
            button_style="info",
            layout=widgets.Layout(width="auto", margin="2px"),
        )
        self.backprop_sample = widgets.BoundedIntText(
            value=0,
            min=0,
            max=len(self.engine.X_train) - 1,
            description="サンプル",
            style={"description_width": "60px"},
            layout=widgets.Layout(width="150px"),
        )
        self.backprop_caption = widgets.HTML()
        for widget, css in (
            (self.backprop_toggle, "lecnn-backprop"),
            (self.backprop_prev, "lecnn-bp-prev"),
            (self.backprop_next, "lecnn-bp-next"),
            (self.backprop_sample, "lecnn-bp-sample"),
            (self.backprop_caption, "lecnn-bp-caption"),
        ):
            widget.add_class(css)
        self.backprop_toggle.observe(self._on_backprop_toggle, names="value")
        self.backprop_sample.observe(self._on_backprop_sample, names="value")
        self.backprop_prev.on_click(lambda _b: self.backprop_step(-1))
        self.backprop_next.on_click(lambda _b: self.backprop_step(1))
        row = widgets.HBox(
            [self.backprop_toggle, self.backprop_prev, self.backprop_next, self.backprop_sample],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        return row

    def _views(self):
        self.architecture = widgets.HTML()
        self.architecture.add_class("lecnn-architecture")
        self.status = widgets.HTML(layout=widgets.Layout(max_width="760px"))
        self.status.add_class("lecnn-status")
        self.boundary_heading = widgets.HTML()
        self.boundary = widgets.Image(format="png")
        self.boundary.add_class("lecnn-boundary")
        self.boundary_caption = widgets.HTML(layout=widgets.Layout(max_width=f"{PIXELS + 4}px"))
        self.loss_plot = widgets.HTML()
        self.loss_plot.add_class("lecnn-loss-plot")
        self.grad_norms = widgets.HTML()
        self.grad_norms.add_class("lecnn-grad-norms")
        self.diagram = widgets.HTML()
        self.diagram.add_class("lecnn-diagram")
        self.state_text = widgets.Textarea(
            description="設定",
            rows=3,
            continuous_update=False,
            tooltip="この文字列を pg.Panel.from_state(...) やアプリの URL (?state=...) に使えます",
            style={"description_width": "40px"},
            layout=widgets.Layout(width="100%", max_width="760px"),
        )
        self.state_text.add_class("lecnn-state")
        self.state_text.observe(self._on_state_text, names="value")
        self.units = widgets.VBox(
            [self.diagram], layout=widgets.Layout(align_items="flex-start", overflow="visible")
        )
        self.units.add_class("lecnn-units")

    def _layout(self):
        controls = self._controls()
        buttons = self._buttons()
        self._views()
        bp_row = self._backprop_controls()
        left = widgets.VBox(
            [buttons, *controls], layout=widgets.Layout(width="286px", flex="0 0 286px")
        )
        middle = widgets.VBox(
            [self.boundary_heading, self.boundary, self.boundary_caption],
            layout=widgets.Layout(margin="0 6px", align_items="flex-start", flex="0 0 auto"),
        )
        right = widgets.VBox(
            [self.loss_plot, self.grad_norms], layout=widgets.Layout(flex="0 0 auto")
        )
        header = widgets.HBox(
            [self.architecture, self.status],
            layout=widgets.Layout(flex_flow="row wrap", justify_content="space-between"),
        )
        main = widgets.HBox([left, middle, right], layout=widgets.Layout(flex_flow="row wrap"))
        network = widgets.VBox(
            [
                widgets.HTML(STYLE + "<b>ネットワーク図</b>"),
                bp_row,
                self.backprop_caption,
                self.units,
                self.state_text,
            ],
            layout=widgets.Layout(align_items="flex-start"),
        )
        return [header, main, network]

    # ---------------------------------------------------------- settings shown

    def _sync_controls(self):
        """Show the engine's settings on the controls, without reacting to them."""
        s = self.engine.settings
        for name in ("dataset", "noise", "train_fraction", "activation", "seed"):
            self._set(getattr(self, name), getattr(s, name))
        for control, value, options in (
            (self.eta, s.eta, ETAS),
            (self.batch_size, s.batch_size, BATCH_SIZES),
        ):
            values = tuple(sorted(set(options) | {value}))
            self._set_options(control, values, value)
        for name, toggle in zip(features.FEATURES, self.features.children, strict=True):
            self._set(toggle, name in s.features)
        widths = s.hidden_widths
        self._set(self.depth, len(widths))
        if widths:
            self._set(self.width, widths[0])
        self._set(self.widths, "" if len(set(widths)) <= 1 else ", ".join(map(str, widths)))

    def _set_options(self, control, values, value):
        self._syncing = True
        try:
            labels = [(f"{v:g}", v) for v in values] if control is self.eta else values
            if tuple(control.options) != tuple(labels):
                control.options = labels
            control.value = value
        finally:
            self._syncing = False

    def _set(self, control, value):
        """Set a control's value without reacting to it."""
        self._syncing = True
        try:
            control.value = value
        finally:
            self._syncing = False
