"""Training that blows up or gets worse: ``DivergenceError``, the rules ``exploded`` and ``worsened``.

A step, ``train`` and the playground raise it with the cause they found (E not finite, a δ_k
not finite, an update too large to apply, a weight not finite, or E far above its value at the
start); the message names the cause, the learning rate η in use and a smaller one to try, or,
when ``train`` or the playground sees a likelier cause (``other_causes``: a weight decay strong
enough to blow up by itself, inputs or targets far from standardised), that cause and what to
do about it. It follows lecnn's one format of messages (``lecnn.validation.messages.bilingual``);
its two parts are also ``japanese`` and ``english``.
"""

import math
import statistics

import numpy as np

from lecnn.validation.messages import bilingual, message, parts

_CAUSES = {
    "loss": ("the loss E became {value}", "誤差 E が {value} になりました"),
    "delta": (
        "an error signal δ_k became NaN or infinite",
        "誤差信号 δ_k が NaN か無限大になりました",
    ),
    "update": (
        "the update η ∂E/∂W_k overflowed (its norm reached √(largest float))",
        "重みの更新量 η ∂E/∂W_k がオーバーフローしました",
    ),
    "weight": ("a weight became NaN or infinite", "重みが NaN か無限大になりました"),
    "exploded": (
        "the mean loss E grew to {value:.3g} (training counts as diverged when E exceeds "
        "{factor:g} × E_ref, or {sustained:g} × E_ref in {records} records in a row, where "
        "E_ref = max(E at the start = {start:.3g}, {floor:g}))",
        "平均誤差 E が {value:.3g} になりました。学習開始時の E ({start:.3g}) と {floor:g} の"
        "大きいほうを E_ref として、E が {factor:g} × E_ref を超えるか、{records} 回続けて "
        "{sustained:g} × E_ref を超えると発散とみなします",
    ),
}


class DivergenceError(ValueError):
    """Training blew up: η is probably too large, unless ``suspects`` name a likelier cause.
    The message is in Japanese, then English.

    Parameters
    ----------
    cause : {"loss", "delta", "update", "weight", "exploded"}
        What was found: E not finite, a δ_k not finite, an update too large to apply, a
        weight not finite, or E far above its value at the start (see ``lecnn.training``).
    eta : float
        The learning rate η in use.
    value : float, optional
        The offending E.
    epoch, step : int, optional
        Where training stopped (``train``): the epoch and the SGD step, counted from 1.
    history : History, optional
        What ``train`` recorded of the epochs completed before the error.
    restored : bool
        Whether the weights were put back to those ``train`` started from.
    suspects : dict, optional
        Likely causes besides η, as ``other_causes`` gives them: the message advises on these
        instead of blaming η.
    **details
        Numbers the cause's wording uses (``start``, ``factor``, ``sustained``, ``records``,
        ``floor`` for "exploded").

    Attributes
    ----------
    cause, eta, value, epoch, step, history, restored, suspects, details
    japanese, english : str
        The two parts of the message.
    """

    def __init__(
        self,
        cause,
        eta,
        value=float("nan"),
        epoch=None,
        step=None,
        history=None,
        restored=False,
        suspects=None,
        **details,
    ):
        self.cause, self.eta, self.value = cause, eta, value
        self.epoch, self.step, self.history = epoch, step, history
        self.restored, self.details = restored, details
        self.suspects = dict(suspects or {})
        super().__init__(self._message())

    def __reduce__(self):
        return (_rebuild_divergence, (self.__dict__,))

    def _message(self):
        return bilingual(self.japanese, self.english)

    @property
    def english(self):
        """The message in English."""
        return self._parts()[1]

    @property
    def japanese(self):
        """The message in Japanese."""
        return self._parts()[0]

    def _parts(self):
        english, japanese = (
            text.format(value=self.value, **self.details) for text in _CAUSES[self.cause]
        )
        advice = [
            parts(
                f"diverged_{name}",
                eta=self.eta,
                smaller=self.eta / 10,
                product=self.eta * fields.get("number", 0.0),
                **fields,
            )
            for name, fields in (self.suspects or {"eta": {}}).items()
        ]
        where_en = where_ja = ""
        if self.epoch is not None:
            where_en = f"training diverged in epoch {self.epoch} (step {self.step}): "
            where_ja = f"エポック {self.epoch} (ステップ {self.step}) で学習が発散しました: "
        elif self.step is not None:
            where_en = f"training diverged by step {self.step}: "
            where_ja = f"ステップ {self.step} までに学習が発散しました: "
        restored_en = (
            " The weights were restored to those train() started from." if self.restored else ""
        )
        restored_ja = "重みは train() を呼ぶ前の値に戻しました。" if self.restored else ""
        return (
            f"{where_ja}{japanese}。{''.join(ja for ja, _ in advice)}{restored_ja}",
            f"{where_en}{english} with learning rate eta={self.eta:g}: "
            f"{'; '.join(en for _, en in advice)}.{restored_en}",
        )


HUGE_DATA = 1e6
"""Inputs or targets larger than this in magnitude are a likely cause of a blow-up (standardised
data are near 1, and the steps grow with them)."""


def other_causes(eta, optimizer, X, Y):
    """What besides a too large η may have made training blow up: {cause: its message's fields}.

    "decay": the weight decay λ, when η·λ is above ``optimizer.decay_limit`` (there the decay
    term alone makes the weights swing wider every step); "inputs", "targets": the largest
    |x| or |y|, when above ``HUGE_DATA``.

    >>> from lecnn.optim import SGD
    >>> other_causes(0.1, SGD(0.1, weight_decay=100.0), [[1.0]], [[3e7]])
    {'decay': {'number': 100.0, 'limit': 2.0}, 'targets': {'number': 30000000.0}}
    """
    causes = {}
    decay = getattr(optimizer, "weight_decay", 0.0)
    if decay and eta * decay > optimizer.decay_limit:
        causes["decay"] = {"number": decay, "limit": optimizer.decay_limit}
    for name, A in (("inputs", X), ("targets", Y)):
        A = np.asarray(A)
        largest = float(max(A.max(initial=0.0), -A.min(initial=0.0)))  # no copy of |A|
        if largest > HUGE_DATA:
            causes[name] = {"number": largest}
    return causes


def _rebuild_divergence(state):
    error = DivergenceError.__new__(DivergenceError)
    error.__dict__.update(state)
    ValueError.__init__(error, error._message())
    return error


EXPLOSION_FACTOR = 1000.0
"""A mean loss this many times its reference means training has diverged at once."""

SUSTAINED_FACTOR = 10.0
"""A mean loss this many times its reference ``SUSTAINED_RECORDS`` times in a row also does."""

SUSTAINED_RECORDS = 3
"""How many records in a row must stay above ``SUSTAINED_FACTOR`` times the reference."""

EXPLOSION_FLOOR = 1.0
"""The smallest reference: E at the start, if larger, is the reference instead."""


def exploded(losses, start):
    """Whether the mean losses recorded so far show training blowing up.

    With the reference E_ref = max(E_start, 1), i.e. the larger of E at the start and 1,
    training has diverged when the latest E is not finite, or exceeds 1000 × E_ref, or
    the last 3 records all exceed 10 × E_ref. Legitimate training lowers E; a single
    epoch may spike (a wide ReLU net fitting a triangle wave jumps from 0.6 to 16 for
    one epoch, then goes on to 0.2), but it does not stay ten times above its start,
    and an exploding η gives E of 1e40 and more within an epoch. The floor of 1 keeps
    a net that starts near E = 0 (a regression onto small targets) from counting a
    small rise as a blow-up. The same rule serves float32 and float64, ``train`` (one
    record per epoch) and the playground (one record every few steps).

    Parameters
    ----------
    losses : sequence of float
        The mean E of each record so far (an epoch's, or a playground record's).
    start : float
        The mean E of the initial weights.

    Returns
    -------
    bool

    Examples
    --------
    >>> exploded([2.0, 1e4], start=0.7), exploded([0.7, 62.0], start=0.7)
    (True, False)
    >>> exploded([62.0, 40.0, 11.0], start=0.7), exploded([16.0, 1.9, 0.3], start=0.6)
    (True, False)
    """
    if not losses:
        return False
    reference = max(start, EXPLOSION_FLOOR) if math.isfinite(start) else EXPLOSION_FLOOR
    last = losses[-1]
    if not math.isfinite(last) or last > EXPLOSION_FACTOR * reference:
        return True
    recent = losses[-SUSTAINED_RECORDS:]
    return len(recent) == SUSTAINED_RECORDS and min(recent) > SUSTAINED_FACTOR * reference


def explosion_error(losses, start, eta, **context):
    """The DivergenceError of losses that ``exploded``, saying the rule with its numbers."""
    return DivergenceError(
        "exploded",
        eta,
        losses[-1],
        start=start,
        factor=EXPLOSION_FACTOR,
        sustained=SUSTAINED_FACTOR,
        records=SUSTAINED_RECORDS,
        floor=EXPLOSION_FLOOR,
        **context,
    )


WORSENED_FACTOR = 2.0
"""A run whose recent mean losses stay above this many times E at the start made things worse."""

WORSENED_RECORDS = 3
"""How many of the last records ``worsened`` takes the median of (and the fewest it judges)."""


class TrainingWorsenedWarning(UserWarning):
    """Training ended with the error well above where it started (see ``worsened``)."""


def worsened(losses, start):
    """Whether the mean losses recorded so far stay well above E at the start.

    The rule: the median of the last 3 records exceeds 2 × E_start; a run of fewer than 3
    records is not judged. Training that works lowers E, and noise in a single record does
    not move a median of three (nor can a run of one or two short epochs on a handful of
    samples, as in the exercises' checks, trip it); a run that stays at twice its starting
    error or more has made the network worse than its random initial weights, and a
    learning rate η that is too large is the usual cause. ``exploded`` catches the runs that blow up; this one catches those that
    stay high without blowing up (spirals at η = 10: E from 1.07 to 8.08, ending at 6.47).

    Parameters
    ----------
    losses : sequence of float
        The mean E of each record so far.
    start : float
        The mean E of the initial weights.

    Returns
    -------
    bool

    Examples
    --------
    >>> worsened([8.08, 7.2, 6.47], start=1.07), worsened([0.9, 0.7, 0.5], start=1.07)
    (True, False)
    >>> worsened([5.0, 0.3, 0.2], start=1.0), worsened([9.0, 9.0], start=1.0)  # too few
    (False, False)
    """
    if len(losses) < WORSENED_RECORDS or not math.isfinite(start) or start <= 0:
        return False
    return statistics.median(losses[-WORSENED_RECORDS:]) > WORSENED_FACTOR * start


def worsened_message(losses, start, eta):
    """What ``train`` warns, Japanese first and English after, with the rule's numbers."""
    recent = statistics.median(losses[-WORSENED_RECORDS:])
    return message(
        "worsened",
        records=WORSENED_RECORDS,
        recent=recent,
        start=start,
        factor=WORSENED_FACTOR,
        eta=eta,
        smaller=eta / 10,
    )
