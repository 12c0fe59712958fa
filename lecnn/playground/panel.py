"""The playground's widget view: controls, live pictures, and Play/Pause without blocking.

``Panel`` is an ``ipywidgets.VBox`` around an ``Engine``. Play runs training as an
asyncio task on the kernel's event loop: each frame takes ``steps_per_frame`` SGD
steps, redraws, then awaits a short sleep, so the kernel keeps answering widget
messages (a slider moved, Pause pressed) between frames. Nothing is printed: errors
and divergence show in the status line.
"""

import asyncio
import dataclasses
import time
from html import escape

import ipywidgets as widgets
import numpy as np
from IPython.display import display

from lecnn.activations import HIDDEN_ACTIVATIONS, LABELS
from lecnn.playground import backprop, features, still
from lecnn.playground import state as state_module
from lecnn.playground.engine import DATASETS, Engine, Settings
from lecnn.playground.views import PIXELS, Views
from lecnn.validation import check_int, check_real

DATASET_LABELS = {
    "spirals": "渦巻き (spirals)",
    "circles": "同心円 (circles)",
    "xor": "XOR",
    "blobs": "ガウス分布の塊 (blobs)",
    "digits": "手書き数字 (digits)",
    "sine": "sin の回帰 (sine)",
}
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


def _running_loop():
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


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


class Panel(widgets.VBox):
    """The interactive playground (see ``lecnn.playground`` for the CSS-class contract).

    Parameters
    ----------
    engine : Engine, optional
        Drive this engine; by default a new one from ``settings``.
    steps_per_frame : int
        SGD steps per frame of Play, and per press of Step.
    frame_interval : float
        Seconds from the start of one frame of Play to the next (at least).
    max_steps : int
        Play stops by itself at this step count, so a forgotten panel does not run forever.
    redraw_interval : float
        While a slider is dragged (and Play is off), redraw at most this often (seconds).
    **settings
        Fields of ``Settings`` for the new engine, e.g. ``dataset="xor"``.

    Attributes
    ----------
    engine : Engine
    dataset, noise, train_fraction, depth, width, widths, activation, eta, batch_size, seed
        The controls (ipywidgets); setting ``.value`` acts as moving them.
    play_button, pause_button, step_button, reset_button : ipywidgets.Button
    architecture, status : ipywidgets.HTML
    boundary : ipywidgets.Image
        The decision boundary (2-D data) or test digits with predictions.
    loss_plot, grad_norms : ipywidgets.HTML
        SVG charts.
    units : ipywidgets.VBox
        Heatmaps of the first and last hidden layers' units.
    views : Views
        Makes the charts and pictures from the engine's state.
    frames : int
        Frames drawn so far.
    """

    def __init__(
        self,
        engine=None,
        steps_per_frame=20,
        frame_interval=0.05,
        max_steps=200_000,
        redraw_interval=0.1,
        **settings,
    ):
        self._token = None  # the running Play task's token; None when paused
        self._task = None
        self._pending = None  # a scheduled (throttled) redraw
        self.steps_per_frame = check_int("steps_per_frame", steps_per_frame, 1)
        self.frame_interval = check_real("frame_interval", frame_interval, 0.0)
        self.max_steps = check_int("max_steps", max_steps, 1)
        self.redraw_interval = check_real("redraw_interval", redraw_interval, 0.0)
        if engine is not None and not isinstance(engine, Engine):
            raise TypeError(
                f"engine must be a lecnn.playground.Engine; got {type(engine).__name__}"
            )
        self.engine = engine if engine is not None else Engine(**settings)
        if engine is not None and settings:
            self.engine.configure(**settings)
        self.views = Views()
        self.frames = 0
        self._last_draw = -np.inf
        self._syncing = False
        self._note = ""
        self._bp_stage = 0
        self._state_of = None
        super().__init__(children=self._layout())
        self.add_class("lecnn-playground")
        self.redraw()

    # ------------------------------------------------------------------ widgets

    def _controls(self):
        s = self.engine.settings
        style = {"description_width": "82px"}
        wide = widgets.Layout(width="284px")
        self.dataset = widgets.Dropdown(
            options=[(DATASET_LABELS[d], d) for d in DATASETS],
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

    def _on_features(self, change):
        if self._syncing:
            return
        chosen = [
            n for n, t in zip(features.FEATURES, self.features.children, strict=True) if t.value
        ]
        try:
            self.engine.configure(features=tuple(chosen))
            self._note = ""
        except (TypeError, ValueError) as err:
            self._note = f"入力を確認してください: {err}"
        self._request_redraw()

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

    # ----------------------------------------------------------------- controls

    def _on_control(self, change):
        if self._syncing:
            return
        owner = change["owner"]
        try:
            if owner in (self.depth, self.width):
                self._set(self.widths, "")  # the sliders make every layer alike again
                self.engine.configure(hidden_widths=(self.width.value,) * self.depth.value)
            elif owner is self.widths:
                self._apply_widths()
            else:
                name = next(
                    k for k in Settings.__dataclass_fields__ if getattr(self, k, None) is owner
                )
                self.engine.configure(**{name: owner.value})
            self._note = ""
        except (TypeError, ValueError) as err:
            self._note = f"入力を確認してください: {err}"
        self._request_redraw()

    def _on_state_text(self, change):
        """A pasted state string: move every control to it (the engine follows)."""
        if self._syncing:
            return
        try:
            settings = state_module.from_state(change["new"])
        except (TypeError, ValueError) as err:
            self._note = str(err)
            self._show_state()
            return
        self.engine.configure(**dataclasses.asdict(settings))
        self._sync_controls()
        self._note = ""
        self._request_redraw()

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

    def _apply_widths(self):
        widths = parse_widths(self.widths.value)
        if widths is None:
            widths = (self.width.value,) * self.depth.value
        else:
            self._set(self.depth, len(widths))
        self.engine.configure(hidden_widths=widths)

    def _set(self, control, value):
        """Set a control's value without reacting to it."""
        self._syncing = True
        try:
            control.value = value
        finally:
            self._syncing = False

    # ------------------------------------------------------------------ actions

    @property
    def playing(self):
        """Whether Play is on."""
        return self._token is not None

    def play(self):
        """Start training in frames on the running event loop (the Jupyter kernel's).

        Raises
        ------
        RuntimeError
            If no asyncio event loop is running (outside Jupyter use ``step``).
        """
        if self.playing:
            return
        loop = _running_loop()
        if loop is None:
            raise RuntimeError(
                "Play needs a running asyncio event loop, as in a Jupyter kernel; "
                "outside Jupyter call panel.step() or panel.engine.step(n) instead"
            )
        self._token = token = object()
        self._note = ""
        if self.backprop_toggle.value:
            self._set(self.backprop_toggle, False)
        self._task = loop.create_task(self._run(token))
        self._show_state()

    def pause(self):
        """Stop Play after the frame in progress (no further step is taken)."""
        self._token = None
        self._show_state()

    def close(self):
        """Stop Play, then close the widgets (ipywidgets' ``close``)."""
        self._token = None
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        super().close()

    def step(self):
        """One frame: ``steps_per_frame`` SGD steps, then a redraw."""
        self._frame()

    def reset(self):
        """Fresh initial weights from the seed; step count and curves start again."""
        self.engine.reset()
        self._note = ""
        self.redraw()

    async def _run(self, token):
        try:
            while self._token is token:
                start = time.perf_counter()
                self._frame()
                if self.engine.diverged or self.engine.steps >= self.max_steps:
                    if self.engine.steps >= self.max_steps:
                        self._note = f"{self.max_steps} ステップに達したので停止しました"
                    self.pause()
                    break
                spent = time.perf_counter() - start
                await asyncio.sleep(max(0.005, self.frame_interval - spent))
        except Exception as err:  # show it instead of losing it in the event loop
            self._token = None
            self._note = f"エラーで停止しました: {type(err).__name__}: {err}"
            self._show_state()

    def _frame(self):
        with self.engine.single_thread_blas():
            self.engine.step(self.steps_per_frame)
            self.redraw()

    def _request_redraw(self):
        """Redraw now, or soon if the last redraw was less than ``redraw_interval`` ago."""
        if self.playing:
            self._show_state()  # the next frame redraws everything
            return
        wait = self.redraw_interval - (time.perf_counter() - self._last_draw)
        loop = _running_loop()
        if wait <= 0 or loop is None:
            self.redraw()
        elif self._pending is None:
            self._pending = loop.call_later(wait, self._deferred_redraw)

    def _deferred_redraw(self):
        self._pending = None
        self.redraw()

    # ----------------------------------------------------------- 逆伝播を見る

    @property
    def backprop_mode(self):
        """Whether the diagram shows one sample's forward and backward pass."""
        return self.backprop_toggle.value

    def backprop_step(self, delta=1):
        """Show the next (``delta`` = 1) or previous (-1) stage of the 「逆伝播を見る」 view.

        Turns the view on if it was off (at its first stage).
        """
        n = len(backprop.stages(self.engine.net.r))
        if not self.backprop_mode:
            self.backprop_toggle.value = True  # its observer draws stage 0
            return
        self._bp_stage = min(max(self._bp_stage + delta, 0), n - 1)
        self._show_backprop()

    def _on_backprop_toggle(self, change):
        if self._syncing:
            return
        if change["new"]:
            self.pause()
            self._bp_stage = 0
            self._show_backprop()
        else:
            self._request_redraw()

    def _on_backprop_sample(self, change):
        if self.backprop_mode:
            self._show_backprop()

    def _show_backprop(self):
        e = self.engine
        with e.single_thread_blas(), np.errstate(all="ignore"):
            index = min(self.backprop_sample.value, len(e.X_train) - 1)
            html, caption = self.views.backprop_view(e, index, self._bp_stage)
        self.diagram.value, self.backprop_caption.value = html, caption
        n = len(backprop.stages(e.net.r))
        self.backprop_prev.disabled = self._bp_stage == 0
        self.backprop_next.disabled = self._bp_stage == n - 1

    # ------------------------------------------------------------------ drawing

    def redraw(self):
        """Update every view from the engine's state."""
        with self.engine.single_thread_blas(), np.errstate(all="ignore"):
            self._redraw()

    def _redraw(self):
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        e = self.engine
        self.architecture.value = f"<b>{escape(e.architecture())}</b>"
        self._show_state()
        self.loss_plot.value = self.views.loss_chart(e)
        self.grad_norms.value = self.views.grad_norm_chart(e)
        png, caption, forward = self.views.main_picture(e)
        if png is None:  # regression: the curve is an SVG in the caption
            self.boundary.layout.display = "none"
        else:
            self.boundary.layout.display = None
            self.boundary.value = png
        self.boundary_caption.value = caption
        if self._state_of is not e.settings:  # the settings changed: a new string
            self._state_of = e.settings
            self._set(self.state_text, self.state())
        if e.is_2d:
            heading = "決定境界"
        elif e.is_regression:
            heading = "データと回帰曲線"
        else:
            heading = "テストデータの予測"
        self.boundary_heading.value = f"<b>{heading}</b>"
        self.backprop_sample.max = len(e.X_train) - 1
        if self.backprop_mode:
            self._show_backprop()
        else:
            self.diagram.value = self.views.diagram(e, forward)
            self.backprop_caption.value = (
                "<small>「逆伝播を見る」を押すと、訓練データ 1 つについて順伝播の z<sub>k</sub> と"
                "逆伝播の δ<sub>k</sub> を 1 段ずつ表示します。</small>"
            )
            self.backprop_prev.disabled = self.backprop_next.disabled = False
        self.frames += 1
        self._last_draw = time.perf_counter()

    def _show_state(self):
        e, h = self.engine, self.engine.history
        state = "実行中" if self.playing else "停止中"
        epoch = e.steps * e.settings.batch_size / len(e.X_train)
        parts = [f"ステップ {e.steps}", f"エポック {epoch:.1f}"]
        if h.steps and not e.diverged:
            parts += [f"訓練誤差 {h.train_loss[-1]:.3f}", f"テスト誤差 {h.test_loss[-1]:.3f}"]
            if not e.is_regression:
                parts.append(f"テスト正解率 {h.test_accuracy[-1]:.1%}")
        parts.append(state)
        text = " · ".join(parts)
        if e.diverged:
            text += (
                f" · <b style='color:#c00'>ステップ {e.steps} で発散しました (誤差が無限大または NaN): "
                "η を小さくしてリセットしてください</b>"
            )
        if self._note:
            text += f" · <span style='color:#c00'>{escape(self._note)}</span>"
        self.status.value = text
        self.play_button.disabled = self.playing
        self.pause_button.disabled = not self.playing

    # -------------------------------------------------------------------- text

    def summary(self):
        """The engine's deterministic summary (see ``Engine.summary``)."""
        return self.engine.summary()

    def state(self):
        """The current settings as a short JSON string (see ``lecnn.playground.state``)."""
        return state_module.to_state(self.engine.settings)

    @classmethod
    def from_state(cls, text, **options):
        """A panel with the settings of a state string (from ``state()`` or the state box).

        Parameters
        ----------
        text : str
        **options
            Options of ``Panel`` (steps_per_frame, ...).

        Returns
        -------
        Panel
        """
        return cls(engine=Engine(settings=state_module.from_state(text)), **options)

    def display_outputs(self):
        """What showing the panel outputs: the live widget, then a still picture of its view.

        Front ends without a kernel or saved widget state (GitHub, a static HTML
        export, a notebook saved without widget state) show the picture; where the
        widget renders, the panel's style hides the picture (``still.HIDE_STYLE``).

        Returns
        -------
        list of (dict, dict)
            (data, metadata) of each display_data output.
        """
        still_data = still.still_output(self.engine, self.views, f"止まった絵: {self!r}")
        return [(self._repr_mimebundle_(), {}), still_data]

    def _ipython_display_(self):
        for data, metadata in self.display_outputs():
            display(data, raw=True, metadata=metadata)

    def __repr__(self):
        e = self.engine
        return f"Playground({e.settings.dataset}: {e.architecture()}; ステップ {e.steps})"
