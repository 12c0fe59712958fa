"""The panel's settings as a short JSON string, to hand out an exact starting point.

>>> from lecnn.playground.state import to_state, from_state
>>> from lecnn.playground import Settings
>>> text = to_state(Settings(dataset="xor", hidden_widths=(4, 4)))
>>> from_state(text) == Settings(dataset="xor", hidden_widths=(4, 4)).checked()
True

The string can be pasted into ``Panel.from_state(text)`` or, URL-encoded, into the
app's address as ``?state=...`` (Voilà hands the query string to the kernel in the
``QUERY_STRING`` environment variable; ``from_query`` reads it).
"""

import dataclasses
import json
from urllib.parse import parse_qs, quote

from lecnn.playground.engine import Settings


def to_state(settings):
    """Every field of ``settings`` as compact JSON (widths as a list).

    Parameters
    ----------
    settings : Settings

    Returns
    -------
    str
    """
    fields = dataclasses.asdict(settings.checked())
    fields["hidden_widths"] = list(fields["hidden_widths"])
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def from_state(text):
    """The settings a state string describes (fields it leaves out keep their defaults).

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
        If the text is not a JSON object, names an unknown setting or a bad value
        (the message is in Japanese: a student pastes the string).
    """
    if not isinstance(text, str):
        raise TypeError(f"設定の文字列 (str) を渡してください。{type(text).__name__} が来ました")
    try:
        fields = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"設定の文字列が JSON として読めません: {err}") from None
    if not isinstance(fields, dict):
        raise ValueError("設定の文字列は {...} の形の JSON にしてください")
    names = {f.name for f in dataclasses.fields(Settings)}
    unknown = sorted(set(fields) - names)
    if unknown:
        raise ValueError(f"知らない設定の名前があります: {unknown} (使える名前: {sorted(names)})")
    if isinstance(fields.get("hidden_widths"), list):
        fields["hidden_widths"] = tuple(fields["hidden_widths"])
    try:
        return Settings(**fields).checked()
    except (TypeError, ValueError) as err:
        raise ValueError(f"設定の値が正しくありません: {err}") from None


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
