"""The playground app's update rule in Chromium: choose Adam and L2, the address follows, a
reload restores them.

In the Voila app (``make app``) at 1280 x 800: the 最適化法 and 正則化 dropdowns are set to Adam
and L2 and the λ slider is dragged; μ must then be greyed out and λ not; the page's address must
carry the rule (``?state=...`` read back with ``state.from_state``); a frame of training must
run; none of the four controls may be cut off. Reloading the page (the same address) must show
the same choices and λ. Screenshots (also on failure): ``build/screenshots/playground-optim.png``
and ``playground-optim-reloaded.png``.
"""

from .lab import LabTimeout, reported, wait_until
from .playground import ROOT_ATTRIBUTE, Playground

READY_TIMEOUT = 120
ADAM = "Adam β₁=0.9, β₂=0.999"
L2 = "L2: E + (λ/2)‖W̃‖²"
RULE = ("lecnn-optimizer", "lecnn-momentum", "lecnn-regularization", "lecnn-regularization-rate")

# Per control of the rule: its label, the text of its chosen option or its readout, whether it is
# disabled, and whether the label's text or the chosen option's is cut off.
_RULE_JS = """([attribute, classes]) => classes.map(c => {
  const box = document.querySelector('[' + attribute + '] .' + c);
  if (!box) return [c, null];
  const label = box.querySelector('.widget-label');
  const select = box.querySelector('select');
  const readout = box.querySelector('.widget-readout');
  const shown = (select ? select.options[select.selectedIndex].text : readout.innerText)
      .replace(/\u00a0/g, ' ').trim();
  const disabled = select ? select.disabled : !!box.querySelector('[disabled]');
  let cut = label.scrollWidth > label.clientWidth + 1;
  if (select) {  // the chosen option's text must fit beside the arrow (about 24 px)
    const context = document.createElement('canvas').getContext('2d');
    context.font = getComputedStyle(select).font;
    cut = cut || context.measureText(shown).width > select.clientWidth - 24;
  }
  return [c, {label: label.innerText.trim(), shown, disabled, cut}];
})"""


def _rule(page):
    return dict(page.evaluate(_RULE_JS, [ROOT_ATTRIBUTE, list(RULE)]))


def test_adam_and_l2_in_the_app_go_into_the_address_and_survive_a_reload(
    voila_app, page, screenshots
):
    where = "Voila app, 最適化法 and 正則化"
    shot = screenshots / "playground-optim.png"
    page.set_viewport_size({"width": 1280, "height": 800})
    with reported(where, shot, lambda path: page.screenshot(path=str(path))) as problems:
        page.goto(voila_app, timeout=READY_TIMEOUT * 1000)
        pg = Playground(page, where)
        pg.wait_ready(READY_TIMEOUT)
        start = _rule(page)
        if start["lecnn-optimizer"]["shown"] != "SGD" or start["lecnn-regularization"]["shown"] != (
            "なし"
        ):
            problems.append(f"{where}: the app does not start with SGD and なし: {start}")
        if not start["lecnn-regularization-rate"]["disabled"]:
            problems.append(f"{where}: λ is not greyed out while 正則化 is なし")

        pg.element("lecnn-optimizer").locator("select").select_option(label=ADAM)
        pg.element("lecnn-regularization").locator("select").select_option(label=L2)
        wait_until(
            lambda: not _rule(page)["lecnn-regularization-rate"]["disabled"],
            20,
            "the λ slider to be enabled with L2",
        )
        pg.drag_slider("lecnn-regularization-rate")
        shown = {}

        def carried():
            # the readout once the drag has settled (values stream while it moves) and the
            # address: the same λ, with Adam and L2
            s = pg.state_in_address()
            shown["rate"] = pg.slider_value("lecnn-regularization-rate")
            shown["address"] = s and (s.optimizer, s.regularization, f"{s.regularization_rate:g}")
            return shown["address"] == ("adam", "l2", shown["rate"]) and shown["rate"] != "0.001"

        try:
            wait_until(carried, 20, "the address to carry Adam, L2 and the λ shown")
        except LabTimeout:
            problems.append(
                f"{where}: the address carries {shown.get('address')}, not Adam, L2 and the "
                f"λ shown ({shown.get('rate')})"
            )
        rate = shown["rate"]
        chosen = _rule(page)
        expected = {
            "lecnn-optimizer": ("最適化法", ADAM, False),
            "lecnn-momentum": ("係数 μ", "0.9", True),
            "lecnn-regularization": ("正則化", L2, False),
            "lecnn-regularization-rate": ("係数 λ", rate, False),
        }
        for css, (label, shown, disabled) in expected.items():
            found = chosen[css]
            if (found["label"], found["shown"], found["disabled"]) != (label, shown, disabled):
                problems.append(
                    f"{where}: .{css} shows {found}, expected label {label!r}, {shown!r}, "
                    f"disabled={disabled}"
                )
            if found["cut"]:
                problems.append(f"{where}: the text of .{css} is cut off: {found}")
        status = pg.text("lecnn-status")
        pg.click("lecnn-step")
        try:
            wait_until(lambda: pg.text("lecnn-status") != status, 30, "a frame of training")
        except LabTimeout:
            problems.append(f"{where}: Step with Adam and L2 did not train: {status!r}")
        page.screenshot(path=str(shot))

        url = page.url
        page.reload(timeout=READY_TIMEOUT * 1000)
        pg = Playground(page, where + ", reloaded")
        pg.wait_ready(READY_TIMEOUT)
        page.screenshot(path=str(screenshots / "playground-optim-reloaded.png"))
        if page.url != url:
            problems.append(f"{where}: the reloaded page has another address: {page.url}")
        again = {css: (f["label"], f["shown"], f["disabled"]) for css, f in _rule(page).items()}
        if again != expected:
            problems.append(f"{where}: after a reload the controls show {again}, not {expected}")
        if '"optimizer":"adam"' not in pg.element("lecnn-state").locator("input").input_value():
            problems.append(f"{where}: after a reload the 設定 field does not name Adam")
