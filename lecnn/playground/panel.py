"""The playground's widget view: what its controls do, live pictures, and Play/Pause without blocking.

``Panel`` is an ``ipywidgets.VBox`` around an ``Engine``; its widgets come from a
``controls.Controls`` (made from the table ``table.CONTROLS``), and the panel wires
them to what they do. Play runs training as an asyncio task on the kernel's event
loop: each frame takes ``steps_per_frame`` SGD steps, redraws, then awaits a short
sleep, so the kernel keeps answering widget messages (a slider moved, Pause pressed)
between frames. Nothing is printed: errors and divergence show in the status line.
"""

import asyncio
import dataclasses
import time
import uuid
from html import escape

import ipywidgets as widgets
import numpy as np
from IPython.display import display, update_display

from lecnn.divergence import WORSENED_FACTOR
from lecnn.playground import state as state_module
from lecnn.playground import still
from lecnn.playground.backprop_view import BackpropView
from lecnn.playground.controls import Controls
from lecnn.playground.diagram_edit import Editor
from lecnn.playground.engine import Engine
from lecnn.playground.table import parse_widths
from lecnn.playground.views import Views
from lecnn.validation import check_int, check_real, message, type_error

STILL_DELAY = 1.5
"""Seconds without a change (a setting, Step, Reset, Pause) before the still picture is redrawn."""


def _running_loop():
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


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
    controls : Controls
        Every widget; the ones below are also the panel's attributes.
    dataset, noise, train_fraction, depth, width, widths, activation, eta, batch_size, seed
        The controls (ipywidgets, ``table.CONTROLS``); setting ``.value`` acts as moving them.
    show_held_out, discrete : ipywidgets.ToggleButton
        「検証データを表示」 and 「出力を離散化」 (the decision view).
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
    editor : diagram_edit.Editor
        The diagram's + / − buttons and the weight chosen by clicking an edge.
    """

    clock = staticmethod(time.perf_counter)
    """Seconds, for throttling redraws (a test may stop it)."""

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
        self._still_pending = None  # a scheduled redraw of the still picture
        self.steps_per_frame = check_int("steps_per_frame", steps_per_frame, 1)
        self.frame_interval = check_real("frame_interval", frame_interval, 0.0)
        self.max_steps = check_int("max_steps", max_steps, 1)
        self.redraw_interval = check_real("redraw_interval", redraw_interval, 0.0)
        if engine is not None and not isinstance(engine, Engine):
            raise type_error("engine_type", kind=type(engine).__name__)
        self.engine = engine if engine is not None else Engine(**settings)
        if engine is not None and settings:
            self.engine.configure(**settings)
        self.views = Views()
        self.frames = 0
        self._last_draw = -np.inf
        self._note = ""
        self._state_of = None
        self._still_id = None  # display id of the still picture, once the panel has been shown
        self.controls = Controls(self.engine.settings, self.steps_per_frame)
        super().__init__(children=self.controls.root)
        # the widgets as attributes: panel.depth.value = 3 acts as moving the slider
        for name, widget in self.controls.named_widgets():
            setattr(self, name, widget)
        self._wire()
        self._backprop = BackpropView(self)
        self.editor = Editor(self)
        self.add_class("lecnn-playground")
        self.redraw()

    def _wire(self):
        """Connect every widget to what it does."""
        c = self.controls
        for widget in c.settings.values():
            widget.observe(self._on_control, names="value")
        for toggle in c.feature_toggles.values():
            toggle.observe(self._on_features, names="value")
        for toggle in c.view_toggles.values():
            toggle.observe(self._on_view, names="value")
        for button, action in (
            (self.play_button, self.play),
            (self.pause_button, self.pause),
            (self.step_button, self.step),
            (self.reset_button, self.reset),
        ):
            button.on_click(lambda _button, action=action: action())
        self.state_text.observe(self._on_state_text, names="value")

    def _set(self, widget, value):
        self.controls.set_quietly(widget, value)

    @property
    def _syncing(self):
        return self.controls.syncing

    # ----------------------------------------------------------------- controls

    def _on_control(self, change):
        if self._syncing:
            return
        owner = change["owner"]
        if owner in (self.depth, self.width):
            self._set(self.widths, "")  # the sliders make every layer alike again
            self.configure(hidden_widths=(self.width.value,) * self.depth.value)
        elif owner is self.widths:
            try:
                widths = parse_widths(self.widths.value)
            except ValueError as err:
                self._note = f"入力を確認してください: {err}"
                self.request_redraw()
                return
            if widths is None:
                widths = (self.width.value,) * self.depth.value
            self.configure(hidden_widths=widths)
        else:
            name = next(n for n, w in self.controls.settings.items() if w is owner)
            self.configure(**{name: owner.value})

    def configure(self, **changes):
        """Change settings as the controls do: the engine rebuilds, the controls show them.

        Bad values are refused in the status line (in Japanese); the settings stay.

        Parameters
        ----------
        **changes
            Fields of ``Settings``, e.g. ``hidden_widths=(8, 4)``.
        """
        try:
            self.engine.configure(**changes)
            self._note = ""
        except (TypeError, ValueError) as err:
            self._note = f"入力を確認してください: {err}"
        self.controls.show(self.engine.settings)
        self.request_redraw()

    def _on_features(self, change):
        if self._syncing:
            return
        chosen = [n for n, t in self.controls.feature_toggles.items() if t.value]
        try:
            self.engine.configure(features=tuple(chosen))
            self.controls.show(self.engine.settings)
            self._note = ""
        except (TypeError, ValueError) as err:
            self._note = f"入力を確認してください: {err}"
            self._set(change["owner"], change["old"])  # the toggles show the inputs in use
        self.request_redraw()

    def _on_view(self, change):
        """「検証データを表示」 or 「出力を離散化」: redraw the decision view."""
        for name, toggle in self.controls.view_toggles.items():
            setattr(self.views, name, toggle.value)
        self.request_redraw()

    def _on_state_text(self, change):
        """A pasted state string: move every control to it (the engine follows).

        A string that cannot be read, or whose settings cannot be built (a network that does
        not fit in memory), is refused in the status line (in Japanese); the settings stay.
        """
        if self._syncing:
            return
        try:
            settings = state_module.from_state(change["new"])
            self.engine.configure(**dataclasses.asdict(settings))
        except (TypeError, ValueError) as err:
            self._note = str(err)
            self._show_state()
            return
        self.controls.show(self.engine.settings)
        self._note = ""
        self.request_redraw()

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
            raise RuntimeError(message("play_loop"))
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
        self._schedule_still()

    def close(self):
        """Stop Play, then close the widgets (ipywidgets' ``close``)."""
        self._token = None
        for pending in (self._pending, self._still_pending):
            if pending is not None:
                pending.cancel()
        self._pending = self._still_pending = None
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

    def request_redraw(self):
        """Redraw now, or soon if the last redraw was less than ``redraw_interval`` ago."""
        if self.playing:
            self._show_state()  # the next frame redraws everything
            return
        wait = self.redraw_interval - (self.clock() - self._last_draw)
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
        self._backprop.step(delta)

    def backprop_worst_sample(self):
        """「誤差の大きいサンプル」: follow the training sample with the largest E now.

        Turns the view on if it was off.
        """
        self._backprop.worst_sample()

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
            heading = "検証データの予測"
        self.boundary_heading.value = f"<b>{heading}</b>"
        self.backprop_sample.max = len(e.X_train) - 1
        if self.backprop_mode:
            self._backprop.show()
        else:
            self.diagram.value = self.editor.decorate(self.views.diagram(e, forward))
            self._backprop.idle()
        self.frames += 1
        self._last_draw = self.clock()
        if not self.playing:
            self._schedule_still()

    def _show_state(self):
        e, h = self.engine, self.engine.history
        state = "実行中" if self.playing else "停止中"
        epoch = e.steps * e.settings.batch_size / len(e.X_train)
        parts = [f"ステップ {e.steps}", f"エポック {epoch:.1f}"]
        if h.steps and not e.diverged:
            parts += [f"訓練誤差 {h.train_loss[-1]:.3f}", f"検証誤差 {h.test_loss[-1]:.3f}"]
            if not e.is_regression:
                parts.append(f"検証正解率 {h.test_accuracy[-1]:.1%}")
        parts.append(state)
        text = " · ".join(parts)
        if e.diverged:
            text += (
                f" · <b style='color:#c00'>ステップ {e.steps} で発散しました (誤差が無限大または NaN): "
                "η を小さくしてリセットしてください</b>"
            )
        elif e.worsened:
            text += (
                f" · <b class='lecnn-worsened' style='color:#c60'>誤差が学習を始めたとき "
                f"({h.train_loss[0]:.3f}) の {WORSENED_FACTOR:g} 倍を超えたままです: "
                "学習率 η が大きすぎるのかもしれません (η を小さくしてリセットしてください)</b>"
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

        Front ends without a kernel or widget state (GitHub, a static HTML export, a
        notebook saved by JupyterLab, which keeps no widget state) show the picture;
        where the widget renders, the panel's style hides the picture
        (``still.HIDE_STYLE``). The picture follows the panel: shown with a display id,
        it is redrawn ``STILL_DELAY`` seconds after the last change while Play is off, so
        a saved notebook shows the student's own run.

        Returns
        -------
        list of (dict, dict)
            (data, metadata) of each display_data output.
        """
        still_data = still.still_output(self.engine, self.views, f"静止画: {self!r}")
        return [(self._repr_mimebundle_(), {}), still_data]

    def _ipython_display_(self):
        (widget, _), (data, metadata) = self.display_outputs()
        if self._still_id is None:
            self._still_id = f"lecnn-still-{uuid.uuid4().hex}"
        display(widget, raw=True)
        display(data, raw=True, metadata=metadata, display_id=self._still_id)

    def _schedule_still(self):
        """Redraw the still picture soon (after ``STILL_DELAY`` s without another change)."""
        if self._still_id is None:  # not shown yet: showing it draws the picture
            return
        if self._still_pending is not None:
            self._still_pending.cancel()
            self._still_pending = None
        loop = _running_loop()
        if loop is None:
            self.update_still()
        else:
            self._still_pending = loop.call_later(STILL_DELAY, self.update_still)

    def update_still(self):
        """Redraw the still picture that follows the shown panel (nothing while Play is on).

        Returns
        -------
        bool
            Whether the picture was redrawn.
        """
        self._still_pending = None
        if self._still_id is None or self.playing:
            return False
        data, metadata = still.still_output(self.engine, self.views, f"静止画: {self!r}")
        update_display(data, raw=True, metadata=metadata, display_id=self._still_id)
        return True

    def __repr__(self):
        e = self.engine
        return f"Playground({e.settings.dataset}: {e.architecture()}; ステップ {e.steps})"
