"""The playground's layout at classroom window sizes, its network diagram and 「逆伝播を見る」.

JupyterLab at 1280 x 800 with the file browser open, and the Voila app at 1024 x 768: no control,
readout or chart may be cut off or run past the right edge, the four buttons stay on one row, the
η readout shows the value the engine uses. Then a unit of the diagram is clicked (it must grow),
and 「逆伝播を見る」 is stepped from the forward pass into the backward pass. The app opened with
``?state=...`` must start from those settings.

Screenshots (also on failure): ``build/screenshots/playground-layout-lab-1280x800.png``,
``playground-layout-voila-1024x768.png``, ``playground-unit-zoom-*.png``,
``playground-backprop-*.png``.
"""

import json
import statistics
import time
from functools import partial

import pytest
from playwright.sync_api import Error as PlaywrightError

from .lab import LabNotebook, LabTimeout, full_screenshot, reported, wait_until
from .playground import ROOT_ATTRIBUTE, Playground, exercise_diagram_edit
from .servers import ROOT, shutdown_kernels

READY_TIMEOUT = 120

NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": "import lecnn.playground as pg\n\n"
            'pg.playground(dataset="spirals", hidden_widths=(8, 8), eta=0.03, seed=0)',
        }
    ],
    "metadata": {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        }
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}

# Everything in the panel that would be cut off: a control or readout whose text overflows its
# box, anything whose right edge lies past the panel's room (the output area or the window),
# the four buttons not on one row.
_LAYOUT_JS = """([attribute]) => {
  const root = document.querySelector('[' + attribute + ']');
  if (!root) return ['no panel'];
  const problems = [];
  const area = root.closest('.jp-OutputArea-output');
  const right = Math.min(area ? area.getBoundingClientRect().right : Infinity,
                         document.documentElement.clientWidth);
  const name = e => (e.className && e.className.baseVal === undefined ? e.className : e.tagName)
      .toString().split(' ').filter(c => c.startsWith('lecnn-') || c.startsWith('widget-')
      || c.startsWith('jupyter-')).join('.') || e.tagName;
  const selector = ['.widget-readout', '.jupyter-button', '.widget-label', '.widget-inline-hbox',
                    'select', 'input', '.lecnn-diagram', '.lecnn-loss-plot svg',
                    '.lecnn-grad-norms svg', '.lecnn-boundary', '.lecnn-status',
                    '.lecnn-architecture'].join(',');
  for (const e of root.querySelectorAll(selector)) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const text = (e.innerText || e.value || '').trim().slice(0, 40);
    // the settings field is one line: its long text scrolls, as in any text field
    if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'
        && !e.closest('.lecnn-state'))
      problems.push(`cut off (${e.scrollWidth} px of text in ${e.clientWidth} px): ${name(e)} "${text}"`);
    if (r.right > right + 1)
      problems.push(`past the right edge (${Math.round(r.right)} > ${Math.round(right)}): ${name(e)} "${text}"`);
  }
  const tops = ['lecnn-play', 'lecnn-pause', 'lecnn-step', 'lecnn-reset']
      .map(c => root.querySelector('.' + c).getBoundingClientRect().top);
  if (Math.max(...tops) - Math.min(...tops) > 2) problems.push('the buttons wrap onto two rows');
  return problems;
}"""

_READOUTS_JS = """([attribute]) => [...document.querySelectorAll(
    '[' + attribute + '] .widget-inline-hbox')].map(b => {
  const label = b.querySelector('.widget-label');
  const readout = b.querySelector('.widget-readout');
  return label && readout ? [label.innerText.trim(), readout.innerText.trim()] : null;
}).filter(x => x)"""


def layout_problems(pg, where, eta="0.03"):
    """What is cut off in the panel, and whether the η readout says ``eta``."""
    problems = [f"{where}: {p}" for p in pg.page.evaluate(_LAYOUT_JS, [ROOT_ATTRIBUTE])]
    readouts = dict(pg.page.evaluate(_READOUTS_JS, [ROOT_ATTRIBUTE]))
    shown = next((v for k, v in readouts.items() if "η" in k), None)
    if shown != eta:
        problems.append(f"{where}: the η readout shows {shown!r}, the engine uses {eta}")
    return problems


def exercise_diagram(pg, where, shots):
    """Click a unit of the diagram: it must grow. Returns problems."""
    problems = []
    units = pg.page.locator(f"[{ROOT_ATTRIBUTE}] .lecnn-diagram .lecnn-unit")
    count = units.count()
    if count < 2 + 8 + 8 + 2:
        return [f"{where}: the diagram shows {count} unit pictures, expected 20 (2-8-8-2)"]
    unit = units.nth(4)
    unit.scroll_into_view_if_needed()
    before = unit.bounding_box()
    unit.click()
    grown = {}

    def has_grown():  # the zoom is a short CSS transition: wait until it has run
        grown["box"] = unit.bounding_box()
        return before and grown["box"] and grown["box"]["width"] >= 3 * before["width"]

    try:
        wait_until(has_grown, 5, "the clicked unit to grow")
    except LabTimeout:
        problems.append(f"{where}: a clicked unit did not grow ({before} -> {grown['box']})")
    pg.page.screenshot(path=str(shots / f"playground-unit-zoom-{where.split()[0]}.png"))
    pg.page.mouse.click(5, 5)  # focus elsewhere: the unit shrinks back
    return problems


def exercise_backprop(pg, where, shots, timeout=30.0):
    """Step 「逆伝播を見る」 from the forward pass into the backward pass. Returns problems."""
    problems = []
    caption = lambda: pg.text("lecnn-bp-caption")  # noqa: E731
    pg.click("lecnn-backprop")
    try:
        wait_until(lambda: "順伝播" in caption(), timeout, "the forward stage")
    except LabTimeout:
        return [f"{where}: 逆伝播を見る did not show the forward pass: {caption()!r}"]
    times, seen = [], [caption()]
    for _ in range(8):  # 2-8-8-2: 4 forward stages, then δ_2, δ_1, δ_0
        # the last stage: 次へ is disabled by a message of its own, just after the caption's
        if "δ₀" in caption() or not pg.element("lecnn-bp-next").is_enabled():
            break
        before = caption()
        start = time.monotonic()
        try:
            pg.click("lecnn-bp-next")
            wait_until(lambda b=before: caption() != b, timeout, "the next stage", interval=0.02)
        except (LabTimeout, PlaywrightError):
            break
        times.append(time.monotonic() - start)
        seen.append(caption())
    backward = [c for c in seen if "逆伝播" in c]
    if not backward or "δ₀" not in seen[-1]:
        problems.append(f"{where}: the stages did not reach δ₀: {seen}")
    cells = pg.page.locator(f"[{ROOT_ATTRIBUTE}] .lecnn-diagram .lecnn-bp-unit").count()
    if cells < 20:
        problems.append(f"{where}: the backprop diagram shows {cells} units, expected 20")
    if times and statistics.median(times) > 2.0:
        problems.append(f"{where}: a stage took {statistics.median(times):.2f} s (median)")
    full_screenshot(pg.page, shots / f"playground-backprop-{where.split()[0]}.png")
    if times:
        print(f"{where}: 次へ answered in median {1e3 * statistics.median(times):.0f} ms (browser)")
    return problems


def test_playground_layout_in_jupyterlab_1280x800(lab, page, screenshots):
    where = "JupyterLab 1280x800, file browser open"
    shot = screenshots / "playground-layout-lab-1280x800.png"
    (lab.root / "notebooks" / "playground_layout.ipynb").write_text(json.dumps(NOTEBOOK))
    page.set_viewport_size({"width": 1280, "height": 800})
    nb = LabNotebook(page, lab.base, lab.token, "notebooks/playground_layout.ipynb")
    with reported(
        where,
        shot,
        lambda path: path.exists() or page.screenshot(path=str(path)),
        after=partial(shutdown_kernels, lab.base, lab.token),
    ) as problems:
        nb.open()
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab").first.click()  # the file browser
        wait_until(
            lambda: page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").count(),
            15,
            "the file browser to open",
        )
        nb.run_all(READY_TIMEOUT)
        pg = Playground(page, where)
        pg.wait_ready(READY_TIMEOUT)
        page.wait_for_timeout(1000)
        problems += layout_problems(pg, where)
        page.screenshot(path=str(shot))
        problems += exercise_diagram(pg, where, screenshots)
        problems += exercise_diagram_edit(pg, screenshots)
        problems += exercise_backprop(pg, where, screenshots)


def test_playground_layout_as_voila_app_1024x768(voila_app, page, screenshots):
    where = "Voila 1024x768"
    shot = screenshots / "playground-layout-voila-1024x768.png"
    page.set_viewport_size({"width": 1024, "height": 768})
    with reported(
        where, shot, lambda path: path.exists() or page.screenshot(path=str(path))
    ) as problems:
        page.goto(voila_app, timeout=READY_TIMEOUT * 1000)
        pg = Playground(page, where)
        pg.wait_ready(READY_TIMEOUT)
        page.wait_for_timeout(1000)
        problems += layout_problems(pg, where)
        page.screenshot(path=str(shot))
        full_screenshot(page, screenshots / "playground-layout-voila-1024x768-full.png")
        problems += exercise_diagram(pg, where, screenshots)
        problems += exercise_diagram_edit(pg, screenshots)
        problems += exercise_backprop(pg, where, screenshots)
        problems += exercise_state_url(page, voila_app, screenshots)


@pytest.mark.parametrize("front", ["lab", "app"])
def test_playground_at_150_percent_zoom(front, browser, request, screenshots):
    """A 1280 x 800 screen at 150 % zoom: 853 x 533 CSS pixels, 1.5 device pixels each.

    Nothing may be cut off or run past the right edge (the checks of 1280 x 800), and the
    diagram's buttons and weight box still work.
    """
    where = f"{'JupyterLab' if front == 'lab' else 'Voila'} 150% (853x533 at 1.5)"
    shot = screenshots / f"playground-zoom150-{front}.png"
    context = browser.new_context(
        viewport={"width": 853, "height": 533}, device_scale_factor=1.5, locale="ja-JP"
    )
    page = context.new_page()
    page.set_default_timeout(30000)
    after = context.close
    if front == "lab":
        lab = request.getfixturevalue("lab")
        name = "notebooks/playground_zoom.ipynb"
        (lab.root / name).write_text(json.dumps(NOTEBOOK))

        def after():
            shutdown_kernels(lab.base, lab.token)
            context.close()

    with reported(
        where, shot, lambda path: page.screenshot(path=str(path)), after=after
    ) as problems:
        if front == "lab":
            nb = LabNotebook(page, lab.base, lab.token, name)
            nb.open()
            nb.run_all(READY_TIMEOUT)
        else:
            page.goto(request.getfixturevalue("voila_app"), timeout=READY_TIMEOUT * 1000)
        pg = Playground(page, where)
        pg.wait_ready(READY_TIMEOUT)
        page.wait_for_timeout(1000)
        problems += layout_problems(pg, where)
        page.screenshot(path=str(shot))
        full_screenshot(page, screenshots / f"playground-zoom150-{front}-full.png")
        problems += exercise_diagram_edit(pg, screenshots)


def exercise_state_url(page, url, shots):
    """Open the app with ?state=...: the panel must start from those settings."""
    from lecnn.playground import Settings
    from lecnn.playground.state import to_query

    where = "Voila ?state="
    settings = Settings(dataset="xor", hidden_widths=(4, 4, 4), activation="tanh", eta=0.1)
    page.goto(f"{url}?{to_query(settings)}", timeout=READY_TIMEOUT * 1000)
    pg = Playground(page, where)
    pg.wait_ready(READY_TIMEOUT)
    arch = pg.text("lecnn-architecture")
    page.screenshot(path=str(shots / "playground-voila-state-url.png"))
    problems = []
    if not arch.startswith("2-4-4-4-2, tanh"):
        problems.append(f"{where}: the app did not start from the URL's settings: {arch!r}")
    readouts = dict(page.evaluate(_READOUTS_JS, [ROOT_ATTRIBUTE]))
    if next((v for k, v in readouts.items() if "η" in k), None) != "0.1":
        problems.append(f"{where}: the η readout is not 0.1: {readouts}")
    return problems


# Where the decision view, the charts and the diagram are on the page, and what stays off-screen.
_ONE_SCREEN_JS = """([attribute]) => {
  const root = document.querySelector('[' + attribute + ']');
  const out = {};
  for (const c of ['lecnn-boundary', 'lecnn-loss-plot', 'lecnn-grad-norms', 'lecnn-diagram']) {
    const r = root.querySelector('.' + c).getBoundingClientRect();
    out[c] = [Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)];
  }
  out.scrollY = window.scrollY || document.scrollingElement.scrollTop;
  return out;
}"""


def test_the_app_at_1280x800_shares_its_address_and_fits_one_screen(voila_app, page, screenshots):
    """TensorFlow Playground's habits: one screen, an address that follows, view toggles."""
    where = "Voila 1280x800"
    shot = screenshots / "playground-app-1280x800.png"
    page.set_viewport_size({"width": 1280, "height": 800})
    with reported(where, shot, lambda path: page.screenshot(path=str(path))) as problems:
        page.goto(voila_app, timeout=READY_TIMEOUT * 1000)
        pg = Playground(page, where)
        pg.wait_ready(READY_TIMEOUT)
        page.wait_for_timeout(1500)
        title = json.loads((ROOT / "app" / "playground.ipynb").read_text(encoding="utf-8"))[
            "metadata"
        ]["title"]
        if page.title() != title:
            problems.append(f"{where}: the page title is {page.title()!r}, not {title!r}")
        boxes = page.evaluate(_ONE_SCREEN_JS, [ROOT_ATTRIBUTE])
        boxes.pop("scrollY")
        for css, (left, top, right, bottom) in boxes.items():
            if right > 1280 or bottom > 800 or left < 0 or top < 0:
                problems.append(f"{where}: .{css} is not on the first screen ({boxes[css]})")
        page.screenshot(path=str(shot))

        state_in_address = pg.state_in_address
        try:
            wait_until(state_in_address, 20, "the address to carry ?state=")
        except LabTimeout:
            problems.append(f"{where}: the address has no ?state= ({page.url})")
        pg.drag_slider("lecnn-depth")
        try:
            wait_until(
                lambda: (
                    (s := state_in_address())
                    and len(s.hidden_widths) == int(pg.slider_value("lecnn-depth"))
                ),
                20,
                "the address to follow the depth slider",
            )
        except LabTimeout:
            problems.append(f"{where}: the address did not follow the depth ({page.url})")
        # the settings field applies on Enter
        target = '{"dataset":"xor","hidden_widths":[4,4,4],"activation":"tanh","eta":0.1}'
        field = pg.element("lecnn-state").locator("input")
        field.fill(target)
        field.press("Enter")
        try:
            wait_until(
                lambda: pg.text("lecnn-architecture").startswith("2-4-4-4-2, tanh"),
                20,
                "Enter in the settings field to apply it",
            )
        except LabTimeout:
            problems.append(
                f"{where}: Enter in 設定 did not apply it: {pg.text('lecnn-architecture')!r}"
            )
        # the decision view's toggles change the picture
        for css in ("lecnn-discretize", "lecnn-show-validation"):
            before, _ = pg.content("lecnn-boundary")
            pg.click(css)
            try:
                wait_until(
                    lambda b=before: pg.content("lecnn-boundary")[0] != b,
                    20,
                    f"the picture to change after .{css}",
                )
            except LabTimeout:
                problems.append(f"{where}: .{css} did not change the decision view")
        page.screenshot(path=str(screenshots / "playground-app-toggles.png"))
        # the input toggles say where they do nothing
        pg.element("lecnn-dataset").locator("select").select_option(label="手書き数字 (digits)")
        try:
            wait_until(
                lambda: pg.element("lecnn-features").locator("button:disabled").count() == 7,
                30,
                "the input toggles to be disabled for the digits",
            )
        except LabTimeout:
            problems.append(f"{where}: the input toggles stay active for the digits")
        words = page.locator(f"[{ROOT_ATTRIBUTE}]").inner_text()
        if "このデータでは使えません" not in words:
            problems.append(f"{where}: the disabled input toggles do not say why")
        page.screenshot(path=str(screenshots / "playground-app-digits.png"))
