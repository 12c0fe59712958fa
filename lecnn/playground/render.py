"""Pictures for the playground, made straight from NumPy arrays (no matplotlib).

A frame must be drawn in a few milliseconds, so the decision boundary and the
unit heatmaps are RGB arrays built with NumPy and encoded as PNG by ``encode_png``
(Pillow). Image rows run from top to bottom, so row 0 is the largest x_2.
"""

import io
from functools import lru_cache

import numpy as np
from PIL import Image

from lecnn.activations import REGISTRY
from lecnn.validation import value_error

CLASS_COLORS = np.array(
    [
        (31, 119, 180),
        (255, 127, 14),
        (44, 160, 44),
        (214, 39, 40),
        (148, 103, 189),
        (140, 86, 75),
        (227, 119, 194),
        (127, 127, 127),
        (188, 189, 34),
        (23, 190, 207),
    ],
    dtype=np.float64,
)
"""Class c is drawn in colour c (matplotlib's tab10, as in ``lecnn.plotting``), RGB 0..255."""

WHITE = np.array([255.0, 255.0, 255.0])
DARK = np.array([40.0, 40.0, 40.0])
NEGATIVE = np.array([33.0, 102.0, 172.0])  # unit heatmaps: f_k(u) below its centre
POSITIVE = np.array([230.0, 97.0, 1.0])  # ... and above it


def encode_png(rgb):
    """PNG bytes of an RGB image (Pillow, at its fastest compression: a frame is redrawn
    many times a second).

    Parameters
    ----------
    rgb : ndarray of uint8, shape (h, w, 3)

    Returns
    -------
    bytes
    """
    rgb = np.asarray(rgb)
    if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
        raise value_error("rgb_image", dtype=rgb.dtype, shape=rgb.shape)
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, format="PNG", compress_level=1)
    return out.getvalue()


def to_uint8(image):
    """Round a float RGB image in [0, 255] to uint8."""
    return np.clip(image + 0.5, 0, 255).astype(np.uint8)


def upscale(image, factor):
    """Repeat every pixel ``factor`` times in both directions: (h, w, ...) -> (h·f, w·f, ...)."""
    return np.repeat(np.repeat(image, factor, axis=0), factor, axis=1)


# ---------------------------------------------------------------------------
# Decision boundary of a 2-D classifier
# ---------------------------------------------------------------------------


def square_limits(X):
    """A square region, centred on 0, holding every point with a margin.

    Parameters
    ----------
    X : ndarray, shape (n, 2)

    Returns
    -------
    float
        h: the region is [-h, h] x [-h, h].
    """
    return float(max(1.2, 1.1 * np.max(np.abs(X))))


def grid_points(half, resolution):
    """The centres of a resolution x resolution grid of pixels over [-h, h]².

    Returns
    -------
    ndarray, shape (resolution², 2)
        Row i·resolution + j is the pixel in image row i (top: largest x_2), column j.
    """
    step = 2 * half / resolution
    centres = -half + step * (np.arange(resolution) + 0.5)
    x1, x2 = np.meshgrid(centres, centres[::-1])
    return np.column_stack([x1.ravel(), x2.ravel()])


LEVELS = 32
"""Shades per class between white (a tie) and the class colour (certain)."""


@lru_cache(maxsize=4)
def _palette(m):
    """uint8 colours, row c·LEVELS + level: class c mixed with white by that level."""
    level = np.arange(LEVELS) / (LEVELS - 1)
    mix = 0.15 + 0.55 * level[None, :, None]  # never fully saturated, never pure white
    classes = CLASS_COLORS[np.arange(m) % len(CLASS_COLORS)][:, None, :]
    return to_uint8((1 - mix) * WHITE + mix * classes).reshape(m * LEVELS, 3)


def class_palette(m):
    """uint8 colours, shape (m, LEVELS, 3): class c from a tie (level 0) to certain (last)."""
    return _palette(m).reshape(m, LEVELS, 3)


def probability_colors(p, discrete=False):
    """Colour a pixel by the predicted class, paler where the network is unsure.

    Parameters
    ----------
    p : ndarray, shape (k, m)
        Softmax outputs f_r(W_r z_r) at k pixels, m >= 2.
    discrete : bool
        Every pixel in its class's full shade (「出力を離散化」), however sure.

    Returns
    -------
    colors : ndarray of uint8, shape (k, 3)
        The colour of the argmax class, mixed with white by how far its
        probability is from 1/m (palest where the classes tie).
    best : ndarray of int, shape (k,)
        The argmax class.
    """
    m = p.shape[1]
    best = np.argmax(p, axis=1)
    if discrete:
        return _palette(m)[best * LEVELS + LEVELS - 1], best
    top = np.take_along_axis(p, best[:, None], axis=1)[:, 0]
    level = np.clip((top - 1 / m) * ((LEVELS - 1) / (1 - 1 / m)), 0, LEVELS - 1)
    level = np.nan_to_num(level, nan=0.0)  # a diverged network's NaN: palest
    index = best * LEVELS + level.astype(np.intp)
    return _palette(m)[index], best


@lru_cache(maxsize=8)
def _interpolation(resolution, size):
    """Matrix A (size x resolution) of linear interpolation from grid cells to pixels.

    Pixel j's centre lies at grid coordinate (j + 1/2)·resolution/size − 1/2.
    """
    g = np.clip((np.arange(size) + 0.5) * resolution / size - 0.5, 0, resolution - 1)
    i0 = (
        np.minimum(np.floor(g).astype(int), resolution - 2)
        if resolution > 1
        else np.zeros(size, dtype=int)
    )
    w = g - i0
    A = np.zeros((size, resolution))
    A[np.arange(size), i0] = 1 - w
    if resolution > 1:
        A[np.arange(size), i0 + 1] += w
    return A


def smooth_upscale(values, size):
    """Bilinear interpolation of a square grid of values to size x size pixels.

    Parameters
    ----------
    values : ndarray, shape (resolution, resolution, c)
    size : int

    Returns
    -------
    ndarray, shape (size, size, c)
    """
    A = _interpolation(values.shape[0], size)
    r, _, c = values.shape
    rows = (A @ values.reshape(r, r * c)).reshape(size, r, c)  # along x_2 (image rows)
    both = rows.transpose(0, 2, 1).reshape(size * c, r) @ A.T  # then along x_1
    return both.reshape(size, c, size).transpose(0, 2, 1)


def boundary_image(p, resolution, size, discrete=False, line=2.0):
    """The plane coloured by the network's output, with the decision boundary as a dark line.

    The outputs are interpolated bilinearly from the grid, so the colours and the boundary
    are smooth although the network ran only on the grid. The colours are made at half
    the size and doubled (their shading changes slowly); the boundary is drawn at full
    size where the two largest interpolated probabilities are equal: a pixel is darkened
    by its distance to it (their difference over its change per pixel), which draws a line
    about ``line`` pixels wide with soft edges, in any direction, without stairs.

    Parameters
    ----------
    p : ndarray, shape (resolution², m)
        Softmax outputs at ``grid_points(..., resolution)``.
    resolution : int
    size : int
        Side of the image in pixels (even).
    discrete : bool
        Colour by the predicted class only (see ``probability_colors``).
    line : float
        Width of the boundary line, pixels.

    Returns
    -------
    ndarray of uint8, shape (size, size, 3)
    """
    m, half = p.shape[1], size // 2
    grid = p.reshape(resolution, resolution, m)
    coarse = smooth_upscale(grid, half).reshape(half * half, m)
    colors, _ = probability_colors(coarse, discrete)
    image = upscale(colors.reshape(half, half, 3), 2)
    if m == 2:  # the signed difference of the two probabilities: its zero is the boundary
        d = grid[..., 1] - grid[..., 0]
        # its change per grid cell (the steeper side, as bilinear interpolation draws it), per pixel
        per_pixel = np.hypot(_steepest(d, 0), _steepest(d, 1))[..., None] * (resolution / size)
        margin = np.abs(smooth_upscale(d[..., None], size)[..., 0])
        slope = smooth_upscale(per_pixel, size)[..., 0]
    else:
        fine = smooth_upscale(grid, size)
        two = np.partition(fine, m - 2, axis=2)[..., m - 2 :]
        margin = two[..., 1] - two[..., 0]
        slope = np.hypot(_steepest(margin, 0), _steepest(margin, 1))
    margin = np.nan_to_num(margin, nan=1.0)
    near = margin < slope * (line / 2 + 0.5)  # the pixels the line touches
    distance = margin[near] / slope[near]
    alpha = np.clip(line / 2 + 0.5 - distance, 0.0, 1.0)[:, None]
    image[near] = to_uint8((1 - alpha) * image[near] + alpha * DARK)
    return image


def _steepest(values, axis):
    """|change| per pixel along ``axis`` (0 or 1): the larger of the steps to either neighbour.

    (A central difference would halve it at the kink of |p_1 − p_2| on the boundary.)
    """
    values = np.moveaxis(values, axis, 0)
    step = np.abs(np.diff(values, axis=0))
    out = np.empty_like(values)
    out[0], out[-1] = step[0], step[-1]
    np.maximum(step[:-1], step[1:], out=out[1:-1])
    return np.moveaxis(out, 0, axis)


@lru_cache(maxsize=8)
def _disc(radius):
    """Offsets (dy, dx) of a disc and of its rim, for stamping points."""
    r = int(np.ceil(radius))
    dy, dx = np.mgrid[-r : r + 1, -r : r + 1]
    d2 = dy * dy + dx * dx
    inside = d2 <= radius * radius
    rim = inside & (d2 > (radius - 1.1) ** 2)
    return (dy[inside], dx[inside]), (dy[rim], dx[rim])


def _stamp(overlay, mask, rows, cols, offsets, colors):
    dy, dx = offsets
    size = overlay.shape[0]
    y = (rows[:, None] + dy[None, :]).ravel()
    x = (cols[:, None] + dx[None, :]).ravel()
    c = np.repeat(to_uint8(colors), len(dy), axis=0)
    keep = (y >= 0) & (y < size) & (x >= 0) & (x < size)
    overlay[y[keep], x[keep]] = c[keep]
    mask[y[keep], x[keep]] = True


def points_overlay(X_train, labels_train, X_test, labels_test, half, size, radius=4.2):
    """The data points drawn once, to be laid over every frame.

    Training points are discs of their class colour with a white rim, so they stand out
    from the region of their own (paler) colour; held-out points (検証データ) are white
    discs with a rim of their class colour. ``X_test`` may be None (not shown).

    Parameters
    ----------
    X_train, X_test : ndarray, shape (n, 2)
    labels_train, labels_test : ndarray of int, shape (n,)
    half : float
        The image shows [-half, half]².
    size : int
        Image width and height in pixels.

    Returns
    -------
    overlay : ndarray of uint8, shape (size, size, 3)
    mask : ndarray of bool, shape (size, size)
        Where the overlay covers the picture.
    """
    overlay = np.zeros((size, size, 3), dtype=np.uint8)
    mask = np.zeros((size, size), dtype=bool)
    disc, rim = _disc(radius)
    sets = [(X_test, labels_test, True), (X_train, labels_train, False)]  # training on top
    for X, labels, test in sets:
        if X is None:
            continue
        cols = np.round((X[:, 0] + half) / (2 * half) * size - 0.5).astype(int)
        rows = np.round((half - X[:, 1]) / (2 * half) * size - 0.5).astype(int)
        colors = CLASS_COLORS[labels % len(CLASS_COLORS)]
        white = np.tile(WHITE, (len(X), 1))
        fill, edge = (white, colors) if test else (colors, white)
        _stamp(overlay, mask, rows, cols, disc, fill)
        _stamp(overlay, mask, rows, cols, rim, edge)
    return overlay, mask


# ---------------------------------------------------------------------------
# Unit heatmaps
# ---------------------------------------------------------------------------


UNIT_LEVELS = 32
"""Shades on each side of the centre in the unit heatmaps."""


@lru_cache(maxsize=1)
def _unit_palette():
    """uint8 colours for t = -1 ... 1 in 2·UNIT_LEVELS + 1 steps: blue, white, orange."""
    t = np.linspace(-1, 1, 2 * UNIT_LEVELS + 1)[:, None]
    return to_uint8(WHITE + np.where(t < 0, -t * (NEGATIVE - WHITE), t * (POSITIVE - WHITE)))


def unit_colors(values, activation):
    """Diverging colours for hidden-unit outputs f_k(u): blue below the centre, orange above.

    A bounded f (``value_range`` in ``lecnn.activations.REGISTRY``: the sigmoid, tanh) maps
    the centre of its range to white and its ends to the full colours; an unbounded one
    (ReLU, identity) is scaled by the largest |value| in the layer, so a dead ReLU unit
    stays white.

    Parameters
    ----------
    values : ndarray, any shape
    activation : str

    Returns
    -------
    ndarray of uint8, shape values.shape + (3,)
    """
    values = np.asarray(values, dtype=np.float64)
    entry = REGISTRY[activation]
    if entry.bounded:  # the centre of its range to white, the ends to the full colours
        low, high = entry.value_range
        t = (values - (low + high) / 2) / ((high - low) / 2)
    else:
        top = float(np.max(np.abs(values), initial=0.0))
        t = values * (1 / top) if 0 < top < np.inf else np.zeros_like(values)
    index = np.clip((t + 1) * UNIT_LEVELS + 0.5, 0, 2 * UNIT_LEVELS)
    index = np.where(np.isnan(index), UNIT_LEVELS, index).astype(np.intp)  # NaN: the centre
    return _unit_palette()[index]


def mosaic(tiles, columns, gap=1, background=255):
    """Lay equally sized images out in a grid.

    Parameters
    ----------
    tiles : ndarray, shape (k, h, w, 3)
    columns : int

    Returns
    -------
    ndarray of tiles' dtype, shape (rows·(h + gap) − gap, columns'·(w + gap) − gap, 3)
        columns' = min(columns, k); rows = ceil(k / columns').
    """
    k, h, w, _ = tiles.shape
    columns = max(1, min(columns, k))
    rows = -(-k // columns)
    out = np.full((rows * (h + gap) - gap, columns * (w + gap) - gap, 3), background, tiles.dtype)
    for i in range(k):
        r, c = divmod(i, columns)
        out[r * (h + gap) : r * (h + gap) + h, c * (w + gap) : c * (w + gap) + w] = tiles[i]
    return out


# ---------------------------------------------------------------------------
# Digits
# ---------------------------------------------------------------------------

RIGHT = np.array([44.0, 160.0, 44.0])
WRONG = np.array([214.0, 39.0, 40.0])


def digit_strip(images, labels, predicted, factor=4, columns=8):
    """Test digits in a grid, each framed green when predicted right and red when wrong.

    Parameters
    ----------
    images : ndarray, shape (k, 64)
        8x8 images row by row, values about in [0, 1].
    labels, predicted : ndarray of int, shape (k,)

    Returns
    -------
    ndarray of uint8, shape (rows·(8·factor + 6) − 2, columns·(8·factor + 6) − 2, 3)
    """
    k = len(images)
    grey = 255 * (1 - np.clip(images.reshape(k, 8, 8), 0, 1))  # ink dark on white
    pictures = upscale(np.repeat(grey[..., None], 3, axis=3).transpose(1, 2, 0, 3), factor)
    pictures = pictures.transpose(2, 0, 1, 3)
    side = 8 * factor + 4
    framed = np.empty((k, side, side, 3))
    framed[:] = np.where((labels == predicted)[:, None, None, None], RIGHT, WRONG)
    framed[:, 2:-2, 2:-2] = pictures
    return mosaic(to_uint8(framed), columns=columns, gap=2)
