"""The panel's settings as a short JSON string, to hand out an exact starting point.

>>> from lecnn.playground.state import to_state, from_state
>>> from lecnn.playground import Settings
>>> text = to_state(Settings(dataset="xor", hidden_widths=(4, 4)))
>>> from_state(text) == Settings(dataset="xor", hidden_widths=(4, 4)).checked()
True

The string can be pasted into ``Panel.from_state(text)`` or, URL-encoded, into the
app's address as ``?state=...`` (Voilà hands the query string to the kernel in the
``QUERY_STRING`` environment variable; ``from_query`` reads it).

A state string obeys the limits of every setting (``Settings.checked``: at most
``settings.MAX_DEPTH`` hidden layers of ``1..settings.MAX_WIDTH`` units, as the sliders, and
``settings.MAX_SAMPLES`` points) and those the panel's controls enforce besides (η within the
slider's ``table.ETAS``, μ at most the largest of ``table.MOMENTA``, λ at most the largest of
``table.RATES``; noise up to the data sets' ``lecnn.data.toy.NOISE_MAX``),
so a pasted string cannot ask for a network the panel could not show; a string longer than
``MAX_LENGTH`` (deep nesting, numbers of thousands of digits) is refused before parsing.
"""

import dataclasses
import json
from urllib.parse import parse_qs, quote

from lecnn.data.toy import NOISE_MAX
from lecnn.playground.settings import Settings
from lecnn.playground.table import ETAS, MOMENTA, RATES
from lecnn.validation import check_real, message, type_error, value_error
from lecnn.validation.messages import SEPARATOR

MAX_LENGTH = 2000
"""Longest state string accepted (``to_state`` writes under 300 characters)."""

RULE_FIELDS = ("optimizer", "momentum", "regularization", "regularization_rate")
"""Fields ``to_state`` writes only when they differ from their defaults: the string (and the
app's address) of the lecture's plain SGD stays short and as it was before they existed."""


def to_state(settings):
    """The fields of ``settings`` as compact JSON (widths as a list).

    Every field but those of ``RULE_FIELDS`` that keep their defaults (``from_state`` fills
    them in again).

    Parameters
    ----------
    settings : Settings

    Returns
    -------
    str
    """
    fields = dataclasses.asdict(settings.checked())
    fields["hidden_widths"] = list(fields["hidden_widths"])
    defaults = Settings()
    for name in RULE_FIELDS:
        if fields[name] == getattr(defaults, name):
            del fields[name]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def from_state(text):
    """The settings a state string describes (fields it leaves out keep their defaults).

    A string from before the optimiser and regularisation existed has none of their fields,
    so it trains as it did then: SGD without regularisation.

    Parameters
    ----------
    text : str
        JSON object, as ``to_state`` writes it.

    Returns
    -------
    Settings
        Checked.

    Raises
    ------
    ValueError
        If the text is too long, not a JSON object, names an unknown setting, has a bad
        value or one beyond the limits of the panel's controls (the message is in Japanese,
        then English: a student pastes the string).
    """
    if not isinstance(text, str):
        raise type_error("state_type", kind=type(text).__name__)
    if len(text) > MAX_LENGTH:
        raise value_error("state_long", length=len(text), maximum=MAX_LENGTH)
    try:
        fields = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise value_error("state_nested") from None
    except ValueError as err:  # JSONDecodeError, NaN/Infinity, Python's limit on digits
        japanese, _, english = str(err).partition(SEPARATOR)
        raise value_error("state_json", error=japanese, error_en=english or japanese) from None
    if not isinstance(fields, dict):
        raise value_error("state_object")
    names = {f.name for f in dataclasses.fields(Settings)}
    unknown = sorted(set(fields) - names)
    if unknown:
        raise value_error("state_unknown", unknown=unknown, names=sorted(names))
    if isinstance(fields.get("hidden_widths"), list):
        fields["hidden_widths"] = tuple(fields["hidden_widths"])
    try:
        settings = Settings(**fields).checked()
        _check_limits(settings)
    except (TypeError, ValueError) as err:
        japanese, _, english = str(err).partition(SEPARATOR)
        raise ValueError(
            message("state_value", error=japanese, error_en=english or japanese)
        ) from None
    return settings


def _refuse_constant(name):
    """JSON's NaN, Infinity and -Infinity are no setting's value."""
    raise value_error("state_constant", name=name)


def _check_limits(settings):
    """Refuse (ValueError) checked settings beyond what the panel's sliders can set."""
    low, high = min(ETAS), max(ETAS)
    if not low <= settings.eta <= high:
        raise value_error("state_eta", value=settings.eta, low=low, high=high)
    check_real("noise", settings.noise, 0, high=NOISE_MAX)  # what the data sets accept
    check_real("momentum", settings.momentum, 0, high=max(MOMENTA))
    check_real("regularization_rate", settings.regularization_rate, 0, high=max(RATES))


def to_query(settings):
    """``state=...`` (URL-encoded) for the app's address."""
    return "state=" + quote(to_state(settings), safe="")


def from_query(query_string):
    """The settings in a query string's ``state`` parameter, or None if it has none.

    Parameters
    ----------
    query_string : str
        e.g. ``os.environ.get("QUERY_STRING", "")`` in a Voilà kernel.

    Returns
    -------
    Settings or None

    Raises
    ------
    ValueError
        As ``from_state``.
    """
    values = parse_qs(query_string or "").get("state")
    if not values:
        return None
    return from_state(values[-1])
