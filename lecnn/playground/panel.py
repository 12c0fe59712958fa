"""The playground's widget view: controls, live pictures, and Play/Pause without blocking.

``Panel`` is an ``ipywidgets.VBox`` around an ``Engine``. Play runs training as an
asyncio task on the kernel's event loop: each frame takes ``steps_per_frame`` SGD
steps, redraws, then awaits a short sleep, so the kernel keeps answering widget
messages (a slider moved, Pause pressed) between frames. Nothing is printed: errors
and divergence show in the status line.
"""

import asyncio
import time
from html import escape

import ipywidgets as widgets
import numpy as np

from lecnn.activations import HIDDEN_ACTIVATIONS, LABELS
from lecnn.playground.engine import DATASETS, Engine, Settings
from lecnn.playground.views import PIXELS, Views
from lecnn.validation import check_int, check_real

DATASET_LABELS = {
    "spirals": "渦巻き (spirals)",
    "circles": "同心円 (circles)",
    "xor": "XOR",
    "blobs": "ガウス分布の塊 (blobs)",
    "digits": "手書き数字 (digits)",
}
ACTIVATION_LABELS = {name: LABELS[name] for name in HIDDEN_ACTIVATIONS}
BATCH_SIZES = (1, 2, 5, 10, 20, 50, 100)
MAX_DEPTH = 8
MAX_WIDTH = 128


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
        If an entry is not a whole number in 1..MAX_WIDTH or there are more than MAX_DEPTH.
    """
    entries = text.replace(",", " ").split()
    if not entries:
        return None
    if len(entries) > MAX_DEPTH:
        raise ValueError(f"at most {MAX_DEPTH} hidden layers; got {len(entries)} widths")
    widths = []
    for entry in entries:
        if not entry.isdigit() or not 1 <= int(entry) <= MAX_WIDTH:
            raise ValueError(f"each width must be a whole number 1..{MAX_WIDTH}; got {entry!r}")
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
        super().__init__(children=self._layout())
        self.add_class("lecnn-playground")
        self.redraw()

    # ------------------------------------------------------------------ widgets

    def _controls(self):
        s = self.engine.settings
        style = {"description_width": "88px"}
        wide = widgets.Layout(width="300px")
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
        self.eta = widgets.FloatLogSlider(
            value=s.eta,
            base=10,
            min=-4,
            max=1,
            step=0.1,
            readout_format=".2g",
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
        self.depth.add_class("lecnn-depth")
        self.width.add_class("lecnn-width")
        controls = list(self._controls_list())
        for control in controls:
            control.observe(self._on_control, names="value")
        return controls

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
            return widgets.Layout(width="auto", flex="0 0 auto", margin="2px")

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
            layout=widgets.Layout(flex_flow="row wrap"),
        )

    def _views(self):
        self.architecture = widgets.HTML()
        self.architecture.add_class("lecnn-architecture")
        self.status = widgets.HTML()
        self.status.add_class("lecnn-status")
        self.boundary = widgets.Image(format="png")
        self.boundary.add_class("lecnn-boundary")
        self.boundary_caption = widgets.HTML(layout=widgets.Layout(max_width=f"{PIXELS + 20}px"))
        self.loss_plot = widgets.HTML()
        self.loss_plot.add_class("lecnn-loss-plot")
        self.grad_norms = widgets.HTML()
        self.grad_norms.add_class("lecnn-grad-norms")
        self._unit_titles = [widgets.HTML(), widgets.HTML()]
        self._unit_images = [widgets.Image(format="png"), widgets.Image(format="png")]
        self.units = widgets.VBox(
            [
                self._unit_titles[0],
                self._unit_images[0],
                self._unit_titles[1],
                self._unit_images[1],
            ],
            layout=widgets.Layout(align_items="flex-start"),  # pictures at their own size
        )
        self.units.add_class("lecnn-units")

    def _layout(self):
        controls = self._controls()
        buttons = self._buttons()
        self._views()
        left = widgets.VBox([buttons, *controls], layout=widgets.Layout(width="330px"))
        middle = widgets.VBox(
            [widgets.HTML("<b>決定境界</b>"), self.boundary, self.boundary_caption],
            layout=widgets.Layout(margin="0 12px", align_items="flex-start"),
        )
        right = widgets.VBox([self.loss_plot, self.grad_norms])
        header = widgets.HBox(
            [self.architecture, self.status], layout=widgets.Layout(justify_content="space-between")
        )
        units = widgets.VBox([widgets.HTML("<b>中間層のユニットの出力</b>"), self.units])
        return [header, widgets.HBox([left, middle, right]), units]

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
        self.boundary.value, self.boundary_caption.value = png, caption
        self._show_units(self.views.unit_pictures(e, forward))
        self.frames += 1
        self._last_draw = time.perf_counter()

    def _show_state(self):
        e, h = self.engine, self.engine.history
        state = "実行中" if self.playing else "停止中"
        parts = [f"ステップ {e.steps}"]
        if h.steps:
            parts += [
                f"訓練誤差 {h.train_loss[-1]:.3f}",
                f"テスト誤差 {h.test_loss[-1]:.3f}",
                f"テスト正解率 {h.test_accuracy[-1]:.1%}",
            ]
        parts.append(state)
        text = " · ".join(parts)
        if e.diverged:
            text += " · <b style='color:#c00'>発散しました: η を小さくしてリセットしてください</b>"
        if self._note:
            text += f" · <span style='color:#c00'>{escape(self._note)}</span>"
        self.status.value = text
        self.play_button.disabled = self.playing
        self.pause_button.disabled = not self.playing

    def _show_units(self, pictures):
        """Fill the two unit views (hide what is not needed)."""
        titles, images = self._unit_titles, self._unit_images
        if not pictures:
            titles[0].value = "中間層がありません (r = 0): 入力から直接ソフトマックス"
            titles[0].layout.display = None
            for w in (titles[1], *images):
                w.layout.display = "none"
            return
        for i in range(2):
            show = i < len(pictures)
            titles[i].layout.display = images[i].layout.display = None if show else "none"
            if show:
                titles[i].value, images[i].value = pictures[i].title, pictures[i].png

    # -------------------------------------------------------------------- text

    def summary(self):
        """The engine's deterministic summary (see ``Engine.summary``)."""
        return self.engine.summary()

    def __repr__(self):
        e = self.engine
        return f"Playground({e.settings.dataset}: {e.architecture()}; ステップ {e.steps})"
