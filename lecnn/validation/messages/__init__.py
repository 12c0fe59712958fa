"""The messages of lecnn's argument checks: one table, Japanese first, then English.

Students meet these errors while working through the notebooks and the panel, so each
message says in Japanese what was wrong and what was expected, then the same in English
(for the instructor, for a search engine, and for code written against the English
wording): ``"<日本語> / <English>"``. Every check in ``lecnn.validation`` and every
other error a student can meet takes its text from ``MESSAGES`` through ``message``
(or ``value_error``/``type_error``), so the wording and the format live here only.

>>> message("int_min", name="epochs", minimum=0, value=-1)
'エポック数 epochs は 0 以上にしてください (渡された値: -1) / epochs must be at least 0; got -1'

The table is merged from one module per area (``scalars``, ``network``, ``arrays``, ``files``,
``playground``, ``figures``); a key two of them define stops the import.
"""

import math
import reprlib

from lecnn.validation.messages import arrays, figures, files, network, playground, scalars

SEPARATOR = " / "
"""Between the Japanese and the English part of every message."""

ECHOED = ("value", "text", "entry", "label", "got")
"""The fields that repeat what the caller passed: shown short (``Echo``), so that a list of
a million numbers or a pasted essay gives a message of a line or two, not megabytes."""

LONGEST = 80
"""At most this many characters of an echoed value (then "...")."""

NAMES = {
    "the learning rate eta": "学習率 η (eta)",
    "eta": "学習率 η (eta)",
    "epochs": "エポック数 epochs",
    "batch_size": "バッチサイズ batch_size",
    "callback_every": "callback_every",
    "n": "サンプル数 n",
    "n_samples": "サンプル数 n_samples",
    "noise": "ノイズの大きさ noise",
    "seed": "シード seed",
    "m": "クラス数 m",
    "classes": "クラス数 classes",
    "centers": "塊の数 centers",
    "factor": "内側の円の半径 factor",
    "eps": "ε (eps)",  # a finite difference's step, or the small number an optimiser adds
    "tol": "許容誤差 tol",
    "atol": "許容誤差 atol",
    "x": "入力 x",
    "X": "入力 X",
    "y": "正解 y",
    "labels": "正解のクラス labels",
    "predicted": "予測したクラス predicted",
    "u": "活性化関数の入力 u",
    "u_r": "出力層の入力 u_r",
    "grad": "上から来た勾配 grad",
    "delta": "δ_k (delta)",
    "W": "重み W",
    "p": "落とす確率 p",
    # optimisers' penalties (lecnn/optim.py) and the playground's rule (lecnn/playground)
    "momentum": "モーメンタム μ (momentum)",
    "weight_decay": "L2 正則化の強さ λ (weight_decay)",
    "l1": "L1 正則化の強さ λ₁ (l1)",
    "regularization_rate": "正則化の強さ λ (regularization_rate)",
}
"""Argument names as the Japanese part of a message calls them (others: the name itself)."""


def japanese_name(name):
    """How the Japanese part of a message names the argument ``name`` (W_k: 重み W_k)."""
    if name.startswith("W_"):
        return f"重み {name}"
    return NAMES.get(name, name)


def merged(*tables):
    """One mapping from the per-area tables, refusing a key that two of them define."""
    table = {}
    for part in tables:
        twice = sorted(table.keys() & part.keys())
        if twice:
            raise ValueError(f"message keys defined twice: {twice}")
        table |= part
    return table


MESSAGES = merged(
    scalars.MESSAGES,
    network.MESSAGES,
    arrays.MESSAGES,
    files.MESSAGES,
    playground.MESSAGES,
    figures.MESSAGES,
)
"""key -> (Japanese template, English template); fields in braces, ``name_ja`` filled in."""


def bilingual(japanese, english):
    """The one format of a message: the Japanese text, then the English one."""
    return f"{japanese}{SEPARATOR}{english}"


def magnitude(value):
    """A huge integer in floating-point notation, 4 significant digits, e.g. "1.000e+400"
    (Python refuses to print one of over 4,300 digits in full; none would help a reader)."""
    exponent = math.log10(abs(int(value)))
    power = math.floor(exponent)
    mantissa = f"{10 ** (exponent - power):.3f}"
    if mantissa == "10.000":  # 9.9996e+30 rounds up
        mantissa, power = "1.000", power + 1
    return f"{'-' * (value < 0)}{mantissa}e+{power}"


class ShortRepr(reprlib.Repr):
    """``reprlib``'s short repr, with an integer beyond 10²⁰ by its ``magnitude``, also
    inside a list."""

    def __init__(self):
        super().__init__()  # keyword arguments only from Python 3.12 on
        self.maxstring = self.maxother = LONGEST
        self.maxlist = self.maxtuple = self.maxset = 8
        self.maxdict = 4

    def repr_int(self, value, level):
        return magnitude(value) if abs(value) > 10**20 else super().repr_int(value, level)


class Echo:
    """A value the caller passed, as a message shows it: ``str`` and ``repr`` cut to about
    ``LONGEST`` characters (``ShortRepr``); a format spec such as ``:g`` applies as it is."""

    REPR = ShortRepr()

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return self.REPR.repr(self.value)

    def __str__(self):
        value = self.value
        if isinstance(value, (int, list, tuple, dict, set, frozenset)):
            return repr(self)  # their str is their repr (a NumPy integer is never beyond 10²⁰)
        text = str(value)  # a string without quotes, NumPy's values as NumPy prints them
        return text if len(text) <= LONGEST else text[:LONGEST] + "..."

    def __format__(self, spec):
        try:
            return format(self.value, spec) if spec else str(self)
        except (OverflowError, ValueError):  # :g of an integer beyond float
            return str(self)


def parts(key, /, **fields):
    """The Japanese and the English text of the message ``key`` with ``fields`` filled in.

    A field ``name`` also fills ``name_ja`` (see ``japanese_name``); the fields of ``ECHOED``
    are shown short (``Echo``).
    """
    fields |= {k: Echo(fields[k]) for k in ECHOED if k in fields}
    if "name" in fields:
        fields.setdefault("name_ja", japanese_name(fields["name"]))
    japanese, english = MESSAGES[key]
    return japanese.format(**fields), english.format(**fields)


def message(key, /, **fields):
    """The message ``key`` of ``MESSAGES`` with ``fields`` filled in, Japanese then English
    (``parts`` joined by ``bilingual``)."""
    return bilingual(*parts(key, **fields))


def value_error(key, /, **fields):
    """``ValueError(message(key, **fields))``, to raise."""
    return ValueError(message(key, **fields))


def type_error(key, /, **fields):
    """``TypeError(message(key, **fields))``, to raise."""
    return TypeError(message(key, **fields))
