"""Small line charts as SVG text, cheap enough to rebuild every frame.

``line_chart`` turns a few series into one ``<svg>`` element (linear or
logarithmic y axis, ticks, a legend); the panel puts it in an HTML widget.
"""

import math
from dataclasses import dataclass
from html import escape

import numpy as np

MAX_POINTS = 240
MIN_STEPS = 100  # a step axis runs from 0 to at least this, so a short history is not stretched
"""At most this many points per drawn line (longer series are thinned evenly)."""


@dataclass
class Series:
    """One line: ``x`` and ``y`` of equal length, drawn in ``color`` (CSS) and named ``label``."""

    label: str
    x: np.ndarray
    y: np.ndarray
    color: str


def nice_ticks(low, high, count=5):
    """Round tick values within [low, high], about ``count`` steps of 1, 2 or 5 times 10^k.

    Returns
    -------
    list of float
    """
    if not high > low:
        return [low]
    raw = (high - low) / count
    power = 10.0 ** math.floor(math.log10(raw))
    step = min((power * k for k in (1, 2, 5, 10)), key=lambda t: abs(math.log(t / raw)))
    first = math.ceil(low / step - 1e-9) * step
    ticks, t = [], first
    while t <= high + 1e-9 * step:
        ticks.append(round(t, 12))
        t += step
    return ticks


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def tick_labels(ticks, log=False):
    """Tick texts in one style per axis.

    A logarithmic axis (ticks are exponents) reads 10⁻², 10⁻¹, 10⁰, ...; a linear
    axis writes every tick with the same number of decimals, enough for its step
    (0, 0.5, 1.0 → "0.0", "0.5", "1.0"; 0, 200, 400 → "0", "200", "400").

    Parameters
    ----------
    ticks : list of float
    log : bool

    Returns
    -------
    list of str
    """
    if log:
        return [f"10{str(int(t)).translate(SUPERSCRIPTS)}" for t in ticks]
    if len(ticks) < 2:
        return [f"{t:g}" for t in ticks]
    step = min(abs(b - a) for a, b in zip(ticks, ticks[1:], strict=False))
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
    return [f"{t:.{decimals}f}" for t in ticks]


def _thin(x, y):
    """Drop non-finite points and keep at most MAX_POINTS, evenly spread."""
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if len(x) > MAX_POINTS:
        idx = np.unique(np.linspace(0, len(x) - 1, MAX_POINTS).round().astype(int))
        x, y = x[idx], y[idx]
    return x, y


def line_chart(
    series,
    width=300,
    height=190,
    log_y=False,
    x_label="",
    y_label="",
    title="",
    marker=None,
    min_x=1.0,
):
    """An SVG line chart, the legend above the plot (never over the lines).

    Parameters
    ----------
    series : list of Series
    width, height : int
        Size in pixels (the plot shrinks when the legend needs more rows).
    log_y : bool
        Logarithmic y axis (non-positive values are left out).
    x_label, y_label, title : str
    marker : tuple (x, text), optional
        A red vertical line at x with a label (e.g. where training diverged).
    min_x : float
        The x axis runs from 0 to at least this.

    Returns
    -------
    str
        One ``<svg>`` element.
    """
    left, right, bottom = 46, 10, 30
    legend, rows = _legend(series, left + 2, 30, width - left - right)
    top = 24 + 13 * rows
    lines = []
    for s in series:
        x, y = np.asarray(s.x, dtype=float), np.asarray(s.y, dtype=float)
        if log_y:
            with np.errstate(divide="ignore", invalid="ignore"):
                y = np.where(y > 0, np.log10(np.where(y > 0, y, 1)), np.nan)
        lines.append((s, *_thin(x, y)))
    xs = np.concatenate([x for _, x, _ in lines]) if lines else np.empty(0)
    ys = np.concatenate([y for _, _, y in lines]) if lines else np.empty(0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="10" '
        f'role="img" aria-label="{escape(title)}">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2:.0f}" y="13" text-anchor="middle" font-size="11">'
        f"{escape(title)}</text>",
    ]
    parts.append(legend)
    if marker is not None:
        xs = np.append(xs, float(marker[0]))
    if len(xs) == 0 or len(ys) == 0:
        parts.append(
            f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" '
            'fill="#888">まだデータがありません</text></svg>'
        )
        return "".join(parts)
    x0, x1 = 0.0, max(float(xs.max()), min_x)
    room = max(2, (height - top - bottom) // 22)  # tick labels at least 22 px apart
    if log_y:
        y0, y1 = math.floor(ys.min()), math.ceil(ys.max())
        y1 = max(y1, y0 + 1)
        y_ticks = list(range(y0, y1 + 1, max(1, math.ceil((y1 - y0) / min(6, room)))))
    else:
        y0, y1 = min(0.0, float(ys.min())), float(ys.max())
        y1 = y1 if y1 > y0 else y0 + 1
        y_ticks = nice_ticks(y0, y1, min(4, room))
    y_text = tick_labels(y_ticks, log=log_y)
    plot_w, plot_h = width - left - right, height - top - bottom

    def px(x):
        return left + (x - x0) / (x1 - x0) * plot_w

    def py(y):
        return top + (1 - (y - y0) / (y1 - y0)) * plot_h

    parts += _frame((left, top, plot_w, plot_h), px, py, y_ticks, y_text, nice_ticks(x0, x1, 4))
    for s, x, y in lines:
        if len(x):
            points = " ".join(map("{:.1f},{:.1f}".format, px(x).tolist(), py(y).tolist()))
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{s.color}" stroke-width="1.5"/>'
            )
            # the latest point as a dot: visible even when it is the only one (step 0)
            parts.append(
                f'<circle cx="{px(x[-1]):.1f}" cy="{py(y[-1]):.1f}" r="2.5" fill="{s.color}"/>'
            )
    if marker is not None:
        mx = px(float(marker[0]))
        anchor = "end" if mx > left + plot_w / 2 else "start"
        shift = -3 if anchor == "end" else 3
        parts.append(
            f'<g class="lecnn-marker"><line x1="{mx:.1f}" x2="{mx:.1f}" y1="{top}" '
            f'y2="{top + plot_h}" stroke="#c00" stroke-width="1.5" stroke-dasharray="4 2"/>'
            f'<text x="{mx + shift:.1f}" y="{top + 12}" text-anchor="{anchor}" fill="#c00" '
            f'font-weight="bold">{escape(marker[1])}</text></g>'
        )
    parts.append(
        f'<text x="{left + plot_w / 2:.0f}" y="{height - 4}" text-anchor="middle">'
        f"{escape(x_label)}</text>"
        f'<text x="11" y="{top + plot_h / 2:.0f}" text-anchor="middle" '
        f'transform="rotate(-90 11 {top + plot_h / 2:.0f})">{escape(y_label)}</text></svg>'
    )
    return "".join(parts)


def _legend(series, x, y, room):
    """The series' names in their colours, in rows above the plot; (svg, number of rows)."""
    out, cx, cy, rows = [], x, y, 1 if series else 0
    for s in series:
        w = 18 + sum(6 if ord(ch) < 128 else 10.5 for ch in s.label)  # CJK is wider
        if cx + w > x + room - 4 and cx > x:
            cx, cy, rows = x, cy + 13, rows + 1
        out.append(
            f'<line x1="{cx:.0f}" x2="{cx + 10:.0f}" y1="{cy - 3}" y2="{cy - 3}" '
            f'stroke="{s.color}" stroke-width="2"/><text x="{cx + 12:.0f}" y="{cy}" '
            f'fill="{s.color}">{escape(s.label)}</text>'
        )
        cx += w
    return "".join(out), rows


LAYER_PALETTE = (
    "#1f4e9c",  # dark blue: W_0, next to the input
    "#1b9ed1",
    "#0f9b8e",
    "#3fa535",
    "#8f8f00",
    "#d99a00",
    "#e8590c",
    "#c2185b",
    "#a50021",  # dark red: W_r, next to the output
)
"""Distinct hues from blue to red, each dark enough to read on white (one per layer at depth 8)."""


def layer_colors(k):
    """``k`` CSS colours running from blue (W_0, next to the input) to red (W_r).

    Up to ``len(LAYER_PALETTE)`` layers get hues of the palette spread evenly, so that
    neighbouring layers stay apart even at depth 8; more layers interpolate it.
    """
    n = len(LAYER_PALETTE)
    if k <= n:
        return [LAYER_PALETTE[int(i)] for i in np.round(np.linspace(0, n - 1, k)).astype(int)]
    rgb = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in LAYER_PALETTE], float)
    t = np.linspace(0, n - 1, k)
    out = []
    for x in t:
        i = min(int(x), n - 2)
        c = rgb[i] + (x - i) * (rgb[i + 1] - rgb[i])
        out.append("#{:02x}{:02x}{:02x}".format(*np.round(c).astype(int)))
    return out


def probability_scale(pale, full, width=260):
    """Colour scales of the decision-boundary picture: per class, pale (a tie) to full (certain).

    Parameters
    ----------
    pale, full : list of str
        CSS colours of each class at predicted probability 1/m and 1.
    width : int

    Returns
    -------
    str
        One ``<svg>`` element.
    """
    m = len(pale)
    left = 58
    bar = (width - left) / max(m, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="30" '
        'font-family="sans-serif" font-size="10" class="lecnn-colour-scale">',
        '<text x="0" y="12">予測の確率</text>',
    ]
    for c in range(m):
        x = left + c * bar
        parts.append(
            f'<defs><linearGradient id="lecnn-p{c}-{m}"><stop offset="0" stop-color="{pale[c]}"/>'
            f'<stop offset="1" stop-color="{full[c]}"/></linearGradient></defs>'
            f'<rect x="{x:.1f}" y="3" width="{bar - 6:.1f}" height="11" '
            f'fill="url(#lecnn-p{c}-{m})" stroke="#888"><title>クラス {c}</title></rect>'
        )
    if m <= 4:
        for c in range(m):
            x = left + c * bar
            parts.append(
                f'<text x="{x:.1f}" y="26">1/{m}</text>'
                f'<text x="{x + bar - 6:.1f}" y="26" text-anchor="end">1</text>'
            )
    else:
        parts.append(f'<text x="{left}" y="26">各クラス: 1/{m} (薄い) → 1 (濃い)</text>')
    parts.append("</svg>")
    return "".join(parts)


def curve_chart(train, test, curve, width=260, height=260):
    """Regression data and the fitted curve, as one SVG chart.

    Parameters
    ----------
    train, test : tuple (x, y, color)
        The points: training ones filled, test ones hollow.
    curve : tuple (x, y)
        The network's output along the inputs, drawn as a dark line.
    width, height : int

    Returns
    -------
    str
        One ``<svg>`` element.
    """
    left, right, top, bottom = 40, 8, 8, 28
    xs = np.concatenate([train[0], test[0], curve[0]])
    ys = np.concatenate([train[1], test[1], curve[1]])
    ys = ys[np.isfinite(ys)]
    x0, x1 = float(xs.min()), float(xs.max())
    y0, y1 = (float(ys.min()), float(ys.max())) if len(ys) else (-1.0, 1.0)
    y0, y1 = min(y0, -1.2), max(y1, 1.2)
    plot_w, plot_h = width - left - right, height - top - bottom

    def px(x):
        return left + (x - x0) / (x1 - x0) * plot_w

    def py(y):
        return top + (1 - (np.clip(y, y0, y1) - y0) / (y1 - y0)) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="10" class="lecnn-curve">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    y_ticks = nice_ticks(y0, y1, 4)
    parts += _frame(
        (left, top, plot_w, plot_h), px, py, y_ticks, tick_labels(y_ticks), nice_ticks(x0, x1, 4)
    )
    for (x, y, color), hollow in ((train, False), (test, True)):
        fill = "white" if hollow else color
        parts += [
            f'<circle cx="{px(a):.1f}" cy="{py(b):.1f}" r="2.6" fill="{fill}" stroke="{color}"/>'
            for a, b in zip(x, y, strict=True)
        ]
    keep = np.isfinite(curve[1])
    points = " ".join(
        f"{px(a):.1f},{py(b):.1f}" for a, b in zip(curve[0][keep], curve[1][keep], strict=True)
    )
    parts.append(f'<polyline points="{points}" fill="none" stroke="#222" stroke-width="2"/>')
    parts.append(
        f'<text x="{left + plot_w / 2:.0f}" y="{height - 4}" text-anchor="middle">x</text>'
        f'<text x="10" y="{top + plot_h / 2:.0f}" text-anchor="middle">y</text></svg>'
    )
    return "".join(parts)


def _frame(box, px, py, y_ticks, y_text, x_ticks):
    """A chart's grid lines with their values on the left, the x values below, and its border.

    Parameters
    ----------
    box : tuple
        (left, top, width, height) of the plot area, pixels.
    px, py : callable
        Data coordinates -> pixels.
    y_ticks, y_text : list
        Where the grid lines are, and their labels.
    x_ticks : list

    Returns
    -------
    list of str
        SVG elements.
    """
    left, top, plot_w, plot_h = box
    parts = [
        f'<line x1="{left}" x2="{left + plot_w}" y1="{py(t):.1f}" y2="{py(t):.1f}" '
        f'stroke="#e4e4e4"/><text x="{left - 4}" y="{py(t) + 3:.1f}" '
        f'text-anchor="end">{text}</text>'
        for t, text in zip(y_ticks, y_text, strict=True)
    ]
    parts += [
        f'<text x="{px(t):.1f}" y="{top + plot_h + 12}" text-anchor="middle">{text}</text>'
        for t, text in zip(x_ticks, tick_labels(x_ticks), strict=True)
    ]
    parts.append(
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>'
    )
    return parts
