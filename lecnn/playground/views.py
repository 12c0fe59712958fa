"""What the panel shows, computed from an engine: charts as SVG text, pictures as PNG bytes.

``Views`` knows nothing about widgets; ``Panel`` puts its results into them. It
keeps one cache, the data points drawn once per data set (``Engine.version``).
"""

from dataclasses import dataclass

import numpy as np

from lecnn.playground import render
from lecnn.playground.svg import Series, layer_colors, line_chart

RESOLUTION = 50  # grid cells per axis on which the network is evaluated
PIXELS = 300  # side of the decision-boundary picture
UNIT_STRIDE = 2  # unit heatmaps use every 2nd grid point: 25 x 25 per unit
N_DIGITS = 16  # test digits shown with their predictions
TRAIN_COLOR, TEST_COLOR = "#1f77b4", "#ff7f0e"


@dataclass
class UnitPicture:
    """One hidden layer's heatmap: ``title`` (HTML) and ``png`` (bytes)."""

    title: str
    png: bytes


def _subscript(k):
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


class Views:
    """The panel's pictures and charts for the current state of an engine."""

    def __init__(self):
        self._points = None  # (data version, grid points, overlay, mask)

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
                Series("テスト", steps, np.array(h.test_loss), TEST_COLOR),
            ],
            title="誤差 E (訓練・テスト)",
            x_label="ステップ",
            y_label="E",
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
            Series(f"W{_subscript(k)}", steps, norms[:, k], colors[k])
            for k in range(norms.shape[1])
        ]
        return line_chart(
            series,
            log_y=True,
            title="勾配のノルム ‖∂E/∂W_k‖ (対数目盛)",
            x_label="ステップ",
            y_label="‖∂E/∂W_k‖",
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
            ``unit_pictures``.
        """
        if engine.is_2d:
            return self._plane(engine)
        return self._digits(engine)

    def _plane(self, engine):
        e = engine
        if self._points is None or self._points[0] != e.version:
            half = render.square_limits(np.vstack([e.X_train, e.X_test]))
            overlay, mask = render.points_overlay(
                e.X_train, e.labels_train, e.X_test, e.labels_test, half, PIXELS
            )
            self._points = (e.version, render.grid_points(half, RESOLUTION), overlay, mask)
        _, grid, overlay, mask = self._points
        fp = e.forward_pass(grid)
        image = render.boundary_image(fp.y, RESOLUTION, PIXELS)
        image[mask] = overlay[mask]
        caption = (
            "<small>塗り: 予測したクラス (濃いほど確か)、濃い線: 決定境界、"
            "● 訓練データ、○ テストデータ</small>"
        )
        return render.encode_png(image), caption, fp

    def _digits(self, engine):
        X, labels = engine.X_test[:N_DIGITS], engine.labels_test[:N_DIGITS]
        fp = engine.forward_pass(X)
        predicted = np.argmax(fp.y, axis=1)
        wrong = int(np.sum(predicted != labels))
        caption = (
            f"<small>テストデータの先頭 {len(X)} 枚と予測: "
            + " ".join(str(int(p)) for p in predicted)
            + f" (緑枠: 正解、赤枠: 誤り {wrong} 枚)</small>"
        )
        return render.encode_png(render.digit_strip(X, labels, predicted)), caption, fp

    def unit_pictures(self, engine, forward):
        """Heatmaps of the first and the last hidden layer (one picture if r = 1, none if r = 0).

        Parameters
        ----------
        engine : Engine
        forward : lecnn.ForwardPass
            From ``main_picture``: z[k] of shape (n, q_k + 1) on its n inputs.

        Returns
        -------
        list of UnitPicture
        """
        r, activation = engine.net.r, engine.settings.activation
        layers = [] if r == 0 else [1] if r == 1 else [1, r]
        where = "各ユニットの出力 (平面上)" if engine.is_2d else "行: テスト数字、列: ユニット"
        pictures = []
        for k in layers:
            name = "ただ一つ" if r == 1 else "最初" if k == 1 else "最後"
            title = (
                f"<small>{name}の中間層 z<sub>{k}</sub> ({engine.net.sizes[k]} ユニット): {where}、"
                "青 &lt; 0 &lt; 橙 (シグモイドは 0.5 が中央)</small>"
            )
            z = forward.z[k][:, 1:]  # without the intercept's 1
            if engine.is_2d:
                keep = np.zeros((RESOLUTION, RESOLUTION), dtype=bool)
                keep[::UNIT_STRIDE, ::UNIT_STRIDE] = True
                side = len(range(0, RESOLUTION, UNIT_STRIDE))
                tile = 2 * side if z.shape[1] <= 16 else side
                image = render.unit_heatmaps(z[keep.ravel()], side, activation, tile)
            else:
                image = render.unit_matrix(z, activation)
            pictures.append(UnitPicture(title, render.encode_png(image)))
        return pictures
