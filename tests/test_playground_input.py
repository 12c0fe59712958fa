"""The playground refuses what it cannot build, in Japanese, and stays as it was."""

import re

import pytest

import lecnn.playground.settings
import lecnn.playground.table
import lecnn.validation
from lecnn.playground import Engine, Panel, Settings, playground
from lecnn.playground.settings import MAX_DEPTH, MAX_SAMPLES, MAX_WIDTH
from lecnn.playground.state import from_query, from_state, to_state
from lecnn.playground.table import parse_widths
from lecnn.validation import memory

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _bilingual(text, english):
    """The message is Japanese, then ' / ', then English containing ``english``."""
    japanese, separator, rest = text.partition(" / ")
    assert separator and JAPANESE.search(japanese), text
    assert re.search(english, rest), text


def _refused(call, english):
    with pytest.raises(ValueError) as info:
        call()
    _bilingual(str(info.value), english)


def _state(engine):
    """What a failed configure must leave alone: settings, counters and the very objects."""
    e = engine
    objects = (e.net, e.optimizer, e.X_train, e.X_test, e.labels_train, e.history, e._order)
    return e.settings, e.steps, e.version, len(e.history.steps), tuple(map(id, objects))


def _memory(monkeypatch, budget):
    """A machine with ``budget`` bytes to spare: 10 kB fit no new data set or network of the
    playground; 2 MiB fit a picture of the panel's 2-8-8-2 network, not 8 layers of 128."""
    monkeypatch.setattr(memory, "memory_budget", lambda: budget)


WIDEST = (MAX_WIDTH,) * MAX_DEPTH


# ---------------------------------------------------------------- configure is atomic


@pytest.mark.parametrize(
    "changes",
    [
        {"hidden_widths": WIDEST},  # a new network
        {"n_samples": MAX_SAMPLES},  # new data
        {"dataset": "digits", "hidden_widths": (64, 64)},  # new data and a new network
    ],
)
def test_a_configure_that_cannot_build_leaves_the_engine_as_it_was(monkeypatch, changes):
    e = Engine(seed=0, optimizer="adam")
    e.step(20)
    before = _state(e)
    _memory(monkeypatch, 10_000)
    _refused(lambda: e.configure(**changes), "would need about")
    assert _state(e) == before
    monkeypatch.undo()
    # the engine goes on with the old settings, and a later change builds from them
    assert e.step(5) == 5 and "ステップ 25" in e.summary()
    assert e.configure(dataset="digits") == "data"
    assert e.sizes == [64, 8, 8, 10] and e.step(5) == 5
    assert 0 <= e.test_accuracy <= 1 and len(e.trace(0).z) == 3


def test_a_panel_shows_a_change_it_cannot_build_and_keeps_its_controls(monkeypatch):
    panel = Panel(seed=0)
    panel.step()
    before = _state(panel.engine)
    _memory(monkeypatch, 2 * 2**20)
    panel.widths.value = ", ".join(map(str, WIDEST))
    assert "メモリ" in panel.status.value and _state(panel.engine) == before
    assert (panel.depth.value, panel.width.value) == (2, 8)  # the sliders show the network in use


# ------------------------------------------------------------------------- n_samples


def test_n_samples_is_capped_everywhere_the_settings_come_in():
    english = rf"n_samples must be an integer in 4\.\.{MAX_SAMPLES}; got 10000000"
    _refused(lambda: Engine(n_samples=10**7), english)
    _refused(lambda: playground(n_samples=10**7), english)
    _refused(lambda: Engine().configure(n_samples=10**7), english)
    _refused(lambda: from_state('{"n_samples": 10000000}'), english)
    _refused(lambda: from_query("state=%7B%22n_samples%22%3A10000000%7D"), english)
    assert MAX_SAMPLES >= 1797  # as many as the digits have
    assert len(Engine(n_samples=MAX_SAMPLES).X_train) == MAX_SAMPLES // 2
    assert from_state(to_state(Settings(n_samples=MAX_SAMPLES))).n_samples == MAX_SAMPLES


# ------------------------------------------------------------------- the settings box


def test_a_bad_state_pasted_into_the_settings_box_is_shown_not_raised(monkeypatch):
    panel = Panel(seed=0)
    panel.step()
    before = _state(panel.engine)
    panel.state_text.value = '{"n_samples": 100000000}'
    assert "サンプル数 n_samples" in panel.status.value and _state(panel.engine) == before
    # a string the parser accepts, but whose network does not fit
    _memory(monkeypatch, 2 * 2**20)
    panel.state_text.value = to_state(Settings(hidden_widths=WIDEST))
    assert "メモリ" in panel.status.value and _state(panel.engine) == before
    assert panel.depth.value == 2 and panel.width.value == 8
    monkeypatch.undo()
    panel.state_text.value = to_state(Settings(hidden_widths=(4,), seed=0))
    assert panel.engine.sizes == [2, 4, 2] and "メモリ" not in panel.status.value


# ------------------------------------------------------------------------ widths box


@pytest.mark.parametrize(
    "text, widths",
    [
        ("16，8", (16, 8)),  # full-width comma
        ("16、8、4", (16, 8, 4)),  # 読点
        ("１６, ８", (16, 8)),  # full-width digits
        ("16\u30008", (16, 8)),  # full-width space
    ],
)
def test_widths_typed_on_a_japanese_keyboard_are_read(text, widths):
    assert parse_widths(text) == widths


@pytest.mark.parametrize("text", ["²", "16, ²", "8, ½", "16, 8a", "9" * 5000, "1e2"])
def test_widths_that_are_no_whole_numbers_get_the_japanese_message(text):
    with pytest.raises(ValueError) as info:
        parse_widths(text)
    message = str(info.value)
    assert message.startswith(f"幅は 1〜{MAX_WIDTH} の整数"), message
    assert "invalid literal" not in message and "Exceeds the limit" not in message


def test_the_panels_widths_box_reads_a_full_width_comma_and_refuses_a_superscript():
    panel = Panel(seed=0)
    panel.widths.value = "16，8"
    assert panel.engine.sizes == [2, 16, 8, 2]
    panel.widths.value = "²"
    assert panel.engine.sizes == [2, 16, 8, 2]
    assert (
        "幅は 1〜128 の整数" in panel.status.value and "invalid literal" not in panel.status.value
    )


# ------------------------------------------------------------ widths and depth limits


def test_the_engine_has_the_panels_limits_of_width_and_depth():
    panel = Panel()
    assert (panel.depth.max, panel.width.max) == (MAX_DEPTH, MAX_WIDTH)
    assert Engine(hidden_widths=WIDEST).sizes[1:-1] == list(WIDEST)
    wide = rf"hidden widths must be in 1\.\.{MAX_WIDTH}; got hidden_widths\[0\] = 200"
    deep = rf"at most {MAX_DEPTH} hidden layers; got {MAX_DEPTH + 1}"
    for call in (Engine, playground, Engine().configure, Settings.checked):
        _refused(lambda call=call: _call(call, hidden_widths=(200,)), wide)
        _refused(lambda call=call: _call(call, hidden_widths=(8,) * (MAX_DEPTH + 1)), deep)


def _call(call, **settings):
    if call is Settings.checked:
        return Settings(**settings).checked()
    return call(**settings)


def test_the_widths_box_and_the_settings_go_through_one_check_of_the_limits(monkeypatch):
    seen = []
    real = lecnn.validation.check_width_limits

    def spy(widths, *limits, **typed):
        seen.append(widths)
        return real(widths, *limits, **typed)

    for module in (lecnn.playground.table, lecnn.playground.settings):
        monkeypatch.setattr(module, "check_width_limits", spy)
    parse_widths("16, 8")
    Settings(hidden_widths=(4,)).checked()
    assert seen == [(16, 8), (4,)]


@pytest.mark.parametrize(("typed", "entry"), [("16、０", "'０'"), ("16 200", "'200'")])
def test_the_widths_box_quotes_the_entry_out_of_range_as_typed(typed, entry):
    with pytest.raises(ValueError) as info:
        parse_widths(typed)  # a 読点 and a full-width 0; a width above MAX_WIDTH
    message = str(info.value)
    _bilingual(message, r"enter the widths as integers 1\.\.128")
    assert message.count(entry) == 2  # in the Japanese and in the English part
    assert "hidden_widths[" not in message  # the box's words, not the code's
