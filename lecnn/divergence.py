"""Training that blows up: ``DivergenceError``, with its message in Japanese, then English.

A step, ``train`` and the playground raise it with the cause they found (E not finite, a δ_k
not finite, an update too large to apply, a weight not finite, or E far above its value at the
start); the message names the cause, the learning rate η in use and a smaller one to try. It
follows lecnn's one format of messages (``lecnn.validation.messages.bilingual``); its two
parts are also ``japanese`` and ``english``.
"""

from lecnn.validation.messages import bilingual

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
    """Training blew up: η is probably too large. The message is in Japanese, then English.

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
    **details
        Numbers the cause's wording uses (``start``, ``factor``, ``sustained``, ``records``,
        ``floor`` for "exploded").

    Attributes
    ----------
    cause, eta, value, epoch, step, history, restored, details
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
        **details,
    ):
        self.cause, self.eta, self.value = cause, eta, value
        self.epoch, self.step, self.history = epoch, step, history
        self.restored, self.details = restored, details
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
        eta, smaller = f"{self.eta:g}", f"{self.eta / 10:g}"
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
            f"{where_ja}{japanese}。学習率 η = {eta} が大きすぎるようです。η = {smaller} などの"
            f"小さい値で試してください。{restored_ja}",
            f"{where_en}{english} with learning rate eta={eta}: eta is probably too large; "
            f"try a smaller one, e.g. eta={smaller}.{restored_en}",
        )


def _rebuild_divergence(state):
    error = DivergenceError.__new__(DivergenceError)
    error.__dict__.update(state)
    ValueError.__init__(error, error._message())
    return error
