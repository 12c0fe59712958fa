"""What the panel shows, computed from an engine: charts as SVG text, pictures as PNG bytes.

``Views`` knows nothing about widgets; ``Panel`` puts its results into them. It
keeps one cache, the data points drawn once per data set (``Engine.version``).
"""

import numpy as np

from lecnn.playground import backprop, diagram, render
from lecnn.playground.svg import (
    MIN_STEPS,
    Series,
    curve_chart,
    layer_colors,
    line_chart,
    probability_scale,
)
from lecnn.playground.symbols import subscript

RESOLUTION = 50  # grid cells per axis on which the network is evaluated
PIXELS = 260  # side of the decision-boundary picture
UNIT_STRIDE = 2  # unit heatmaps use every 2nd grid point: 25 x 25 per unit
CURVE_POINTS = 100  # inputs at which the regression curve is drawn (every 4th: the diagram)
CHART_WIDTH = 270  # the charts under the picture, in the panel's right column
CHART_HEIGHT = 100
N_DIGITS = 16  # test digits shown with their predictions
TRAIN_COLOR, TEST_COLOR = "#1f77b4", "#ff7f0e"


class Views:
    """The panel's pictures and charts for the current state of an engine.

    Attributes
    ----------
    show_held_out : bool
        Draw the held-out points (検証データ) on the decision view.
    discrete : bool
        Colour the decision view by the predicted class only, not by how sure it is.
    """

    def __init__(self):
        self._points = None  # (data version, show_held_out, grid points, (pixels, colours))
        self.show_held_out = True
        self.discrete = False

    # ------------------------------------------------------------------ charts

    def loss_chart(self, engine):
        """Training and test loss E against the step count.

        Returns
        -------
        str
            An ``<svg>`` element.
        """
        h = engine.history
        steps = np.array(h.steps, dtype=float)
        return line_chart(
            [
                Series("訓練", steps, np.array(h.train_loss), TRAIN_COLOR),
                Series("検証", steps, np.array(h.test_loss), TEST_COLOR),
            ],
            title="誤差 E (訓練・検証)",
            x_label="ステップ",
            y_label="E",
            marker=_divergence(engine),
            width=CHART_WIDTH,
            height=CHART_HEIGHT,
            min_x=MIN_STEPS,
        )

    def grad_norm_chart(self, engine):
        """‖∂E/∂W_k‖ of every layer k = 0..r against the step count, log scale.

        Returns
        -------
        str
            An ``<svg>`` element with r + 1 lines.
        """
        h = engine.history
        norms = h.grad_norm_array()
        steps = np.array(h.steps, dtype=float)
        colors = layer_colors(norms.shape[1])
        series = [
            Series(f"W{subscript(k)}", steps, norms[:, k], colors[k]) for k in range(norms.shape[1])
        ]
        return line_chart(
            series,
            log_y=True,
            title="勾配のノルム ‖∂E/∂Wₖ‖ (対数目盛)",
            x_label="ステップ",
            y_label="‖∂E/∂Wₖ‖",
            marker=_divergence(engine),
            width=CHART_WIDTH,
            height=CHART_HEIGHT,
            min_x=MIN_STEPS,
        )

    # ---------------------------------------------------------------- pictures

    def main_picture(self, engine):
        """The decision boundary (2-D data) or test digits with their predictions.

        Returns
        -------
        png : bytes
        caption : str
            HTML.
        forward : lecnn.ForwardPass
            The pass it was drawn from (on the grid, or on the digits shown), for
            the diagram.
        """
        if engine.is_2d:
            return self._plane(engine)
        if engine.is_regression:
            return self._curve(engine)
        return self._digits(engine)

    def _plane(self, engine):
        e = engine
        key = (e.version, self.show_held_out)
        if self._points is None or self._points[:2] != key:
            P_test = e.points_test if self.show_held_out else None
            half = render.square_limits(np.vstack([e.points_train, e.points_test]))
            overlay, mask = render.points_overlay(
                e.points_train, e.labels_train, P_test, e.labels_test, half, PIXELS
            )
            where = np.flatnonzero(mask)  # pixels the points cover, and their colours
            points = (where, overlay.reshape(-1, 3)[where])
            self._points = (*key, render.grid_points(half, RESOLUTION), points)
        *_, grid, (where, colors) = self._points
        fp = e.forward_pass(e.expand(grid))
        image = render.boundary_image(fp.y, RESOLUTION, PIXELS, discrete=self.discrete)
        image.reshape(-1, 3)[where] = colors
        m = fp.y.shape[1]
        palette = render.class_palette(m)
        held_out = " ○ 検証" if self.show_held_out else ""
        fill = "予測したクラス" if self.discrete else "予測したクラス (濃いほど確か)"
        caption = probability_scale(
            [_css(palette[c, 0]) for c in range(m)],
            [_css(palette[c, -1]) for c in range(m)],
            width=PIXELS,
        ) + (f"<br><small>塗り: {fill}、線: 決定境界、● 訓練{held_out}</small>")
        return render.encode_png(image), caption, fp

    def _curve(self, engine):
        """Regression: the data (x, y) and the fitted curve f(x) as an SVG chart.

        Returns (None, svg, forward): there is no PNG; the pass runs on ``CURVE_POINTS``
        inputs evenly spread over the data's range.
        """
        e = engine
        X = np.vstack([e.X_train, e.X_test])
        x = np.linspace(X.min(), X.max(), CURVE_POINTS)[:, None]
        fp = e.forward_pass(x)
        chart = curve_chart(
            (e.X_train[:, 0], e.labels_train[:, 0], TRAIN_COLOR),
            (e.X_test[:, 0], e.labels_test[:, 0], TEST_COLOR),
            (x[:, 0], fp.y[:, 0]),
            width=PIXELS,
            height=PIXELS,
        )
        caption = (
            "<br><small>● 訓練データ、○ 検証データ、黒い線: ネットワークの出力 "
            "y = f<sub>r</sub>(W<sub>r</sub> z<sub>r</sub>) (恒等写像、誤差は二乗誤差)</small>"
        )
        return None, chart + caption, fp

    def _digits(self, engine):
        X, labels = engine.X_test[:N_DIGITS], engine.labels_test[:N_DIGITS]
        fp = engine.forward_pass(X)
        predicted = np.argmax(fp.y, axis=1)
        wrong = int(np.sum(predicted != labels))
        caption = (
            f"<small>検証データの先頭 {len(X)} 枚と予測: "
            + " ".join(str(int(p)) for p in predicted)
            + f" (緑枠: 正解、赤枠: 誤り {wrong} 枚)</small>"
        )
        return render.encode_png(render.digit_strip(X, labels, predicted)), caption, fp

    # ----------------------------------------------------------------- diagram

    def diagram(self, engine, forward):
        """The network diagram: every drawn unit a heat map of its output, edges by weight.

        Parameters
        ----------
        engine : Engine
        forward : lecnn.ForwardPass
            From ``main_picture``: on the grid over the plane (2-D data), or on the
            ``N_DIGITS`` test digits shown (laid out 4 x 4).

        Returns
        -------
        str
            HTML.
        """
        if engine.is_2d:
            note = "各ユニットの絵: 入力平面の各点でのそのユニットの値 (決定境界の図と同じ範囲)"
        elif engine.is_regression:
            note = "各ユニットの絵: 横軸の x に沿ったそのユニットの値"
        else:
            side = int(np.ceil(np.sqrt(len(forward.z[0]))))
            note = (
                f"各ユニットの絵: 検証データの先頭 {len(forward.z[0])} 枚 ({side} × {side}、"
                "左上から右へ) でのそのユニットの値"
            )
        return diagram.network_html(*self.diagram_inputs(engine, forward), pictures_note=note)

    def diagram_inputs(self, engine, forward):
        """(sizes, weights, maps, colour scales, input names): what ``diagram.network_html`` and
        ``still.draw_diagram`` take."""
        net = engine.net
        n = len(forward.z[0])
        values = [z[:, 1:] for z in forward.z] + [forward.y]
        if engine.is_regression:  # the input line: vertical bands over x, 25 x 25 pixels
            maps = [np.repeat(v[None, ::4], len(v[::4]), axis=0) for v in values]
            activations = ["input", *net.hidden, "identity"]
            return net.sizes, net.weights, maps, activations, engine.input_names
        side = RESOLUTION if engine.is_2d else int(round(np.sqrt(n)))
        if side * side != n:  # fewer digits than a square: pad with the last
            side = int(np.ceil(np.sqrt(n)))
        maps = [_square(v, side) for v in values]
        if engine.is_2d:  # every 2nd grid point: 25 x 25 pixels per unit
            maps = [a[::UNIT_STRIDE, ::UNIT_STRIDE] for a in maps]
        activations = ["input", *net.hidden, "softmax"]
        return net.sizes, net.weights, maps, activations, engine.input_names

    def backprop_view(self, engine, index, stage_index):
        """The 「逆伝播を見る」 diagram and its caption for one training sample and stage.

        Parameters
        ----------
        engine : Engine
        index : int
            The training sample.
        stage_index : int
            Position in ``backprop.stages(r)``.

        Returns
        -------
        html : str
        caption : str
            What this stage computes, and the sample's loss (HTML).
        """
        trace = engine.trace(index)
        steps = backprop.stages(engine.net.r)
        stage = steps[stage_index % len(steps)]
        html = diagram.backprop_html(trace, stage, engine.net.weights, engine.input_names)
        target = engine.labels_train[index]
        x = ", ".join(f"{v:.2f}" for v in trace.x[:4]) + (", …" if len(trace.x) > 4 else "")
        caption = (
            f"<b>{stage_index % len(steps) + 1} / {len(steps)}: "
            f"{backprop.stage_text(stage, engine.net.r)}</b><br>"
            f"<small>訓練データ {index} 番: x = ({x}), "
            + (
                f"正解 y = {float(target[0]):.2f}, "
                if engine.is_regression
                else f"正解クラス {int(target)} (正解 y はその成分だけ 1), "
            )
            + f"この 1 サンプルの誤差 E = {trace.loss:.3f}</small>"
        )
        return html, caption


def _css(rgb):
    return "#{:02x}{:02x}{:02x}".format(*(int(c) for c in rgb))


def _divergence(engine):
    """(step, label) of the point where training diverged, or None."""
    if not engine.diverged:
        return None
    return engine.steps, f"発散 (ステップ {engine.steps})"


def _square(values, side):
    """(n, q) values as a side x side x q grid (padded with the last row if n < side²)."""
    n, q = values.shape
    if n < side * side:
        values = np.vstack([values, np.repeat(values[-1:], side * side - n, axis=0)])
    return values[: side * side].reshape(side, side, q)
