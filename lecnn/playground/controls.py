"""The playground panel's widgets: made from the tables of ``table``, laid out, kept showing the settings.

``Controls`` makes every widget of the panel from ``table.CONTROLS`` (the controls that
set the engine's ``Settings``) and the smaller tables beside it, lays them out, and shows
an engine's settings on them (``show``) without the panel reacting: it knows nothing of
what the widgets do, which ``Panel`` wires up.
"""

import ipywidgets as widgets

from lecnn.playground import features, still
from lecnn.playground.diagram_edit import DiagramView
from lecnn.playground.settings import PLANE_DATASETS
from lecnn.playground.table import BUTTONS, CONTROLS, VIEW_TOGGLES, VIEWS
from lecnn.playground.views import CHART_WIDTH, PIXELS

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
                tooltip=tooltip.format(steps=steps_per_frame),
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
