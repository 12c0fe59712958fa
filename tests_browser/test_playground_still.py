"""The playground panel shows a picture in JupyterLab when no cell has been run.

Notebook 08 and the app are committed with their widgets' state in the notebook metadata (nbconvert
stores it); opened without running any cell, the panel's cell must show the panel drawn from that
state (a visible picture of nonzero size) or, untrusted, the still picture, and never "Error
displaying widget: model not found". JupyterLab as ``make lab`` sets it up
(tools/jupyterlab/overrides.json) never writes widget state: its widget manager marks a notebook
modified whenever it registers a widget model (also while restoring the stored state on open), and
then saves only the models of a live kernel, so autosave would wipe the stored state. What a
student trained and saved reopens as the still picture, which follows the panel
(test_playground_saved.py). Screenshots: ``build/screenshots/playground-still-*.png``.
"""

import json
import shutil
import time
import urllib.request
from functools import partial

import pytest

from lecnn.playground import still

from .lab import LabNotebook, reported, saved_notebook, wait_until
from .playground import Playground, step_count
from .servers import ROOT, shutdown_kernels

OPEN_TIMEOUT = 120

# What the panel's cell shows: the panel drawn from saved widget state (its pictures; the decision
# boundary is an <img>), or the still picture after the widget output; and what the page says
# about widgets.
_PANEL_CELL_JS = r"""() => {
  const shown = e => { const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
  const size = e => { const r = e.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; };
  const loaded = e => e.tagName !== 'IMG' || (e.complete && e.naturalWidth > 0);
  const text = [...document.querySelectorAll('.jp-OutputArea')].map(e => e.innerText).join('\n');
  const problems = text.match(/(Error displaying widget|Loading widget)[^\n]*/g) || [];
  const cell = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')]
    .find(c => c.querySelector('.lecnn-playground, .jp-RenderedImage img[width="STILL_WIDTH"]'));
  if (!cell) return {cell: false, panel: false, problems, pictures: [], stills: []};
  const panel = cell.querySelector('.lecnn-playground');
  const pictures = panel ? [...panel.querySelectorAll('img, canvas')]
    .filter(e => shown(e) && loaded(e)).map(size) : [];
  const stills = [...cell.querySelectorAll('.jp-RenderedImage img[width="STILL_WIDTH"]')];
  return {cell: true, panel: !!panel && shown(panel), problems, pictures,
          stills: stills.map(e => shown(e) && loaded(e) ? size(e) : null),
          status: panel ? (panel.querySelector('.lecnn-status') || {}).innerText || '' : '',
          notice: panel ? getComputedStyle(panel, '::after').content : '',
          marks: panel ? [...panel.querySelectorAll('.jupyter-widgets-disconnected')]
            .filter(e => !['none', 'normal', ''].includes(getComputedStyle(e, '::before').content))
            .length : 0};
}""".replace("STILL_WIDTH", str(still.WIDTH))


def _panel_cell(nb, where, need_panel, timeout=60):
    """Wait until the panel's cell shows a picture; return (what it shows, problems).

    A trusted notebook renders the widget view, from the saved widget state, and the panel's
    style hides the still picture; an untrusted one (JupyterLab renders widget views only in
    trusted notebooks) shows the widget's text line and the still picture.
    """
    seen = {}

    def ready():
        seen.update(nb.page.evaluate(_PANEL_CELL_JS))
        if need_panel:
            return seen["panel"] and seen["pictures"]
        return (seen["panel"] and seen["pictures"]) or any(seen["stills"])

    try:
        wait_until(ready, timeout, "a picture in the panel's cell", interval=0.5)
    except AssertionError:
        pass
    problems = [f"{where}: the page shows {p!r}" for p in seen.get("problems", [])]
    stills = seen.get("stills", [])
    if not seen.get("cell"):
        problems.append(f"{where}: no cell shows the panel or its still picture")
    elif len(stills) != 1:
        problems.append(f"{where}: {len(stills)} still pictures in the panel's cell, expected 1")
    elif seen["panel"]:
        if not seen["pictures"]:
            problems.append(f"{where}: the panel shows no picture of nonzero size")
        if any(stills):
            problems.append(f"{where}: the still picture shows beside the rendered panel")
        if seen["marks"]:
            problems.append(f"{where}: {seen['marks']} broken-link marks beside the controls")
        if need_panel and "カーネル" not in seen["notice"]:
            problems.append(f"{where}: the panel without a kernel does not say so")
    elif need_panel:
        problems.append(f"{where}: the panel is not drawn from the saved widget state")
    elif not all(s and s[0] > 300 and s[1] > 200 for s in stills):
        problems.append(f"{where}: the still picture is not shown (sizes {stills})")
    return seen, problems


def _saved_widget_state(lab, rel):
    """The widget state saved in the notebook on disk, as JSON text ("" if none)."""
    url = f"{lab.base}/api/contents/{rel}?content=1&token={lab.token}"
    with urllib.request.urlopen(url, timeout=30) as response:
        metadata = json.load(response)["content"]["metadata"]
    return json.dumps(metadata["widgets"], ensure_ascii=False) if "widgets" in metadata else ""


def _trust(lab, rel):
    """Trust a notebook in the server's root, as JupyterLab's "Trust Notebook" does.

    The server signs a notebook saved with every code cell marked trusted.
    """
    url = f"{lab.base}/api/contents/{rel}?token={lab.token}"
    with urllib.request.urlopen(url, timeout=30) as response:
        model = json.load(response)
    for cell in model["content"]["cells"]:
        if cell["cell_type"] == "code":
            cell["metadata"]["trusted"] = True
    body = json.dumps({"type": "notebook", "format": "json", "content": model["content"]})
    request = urllib.request.Request(url, data=body.encode(), method="PUT")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


def _copy_app(lab, name="playground.ipynb"):
    """The app notebook, copied into the server's root as app/NAME; its path there."""
    (lab.root / "app").mkdir(exist_ok=True)
    shutil.copy(ROOT / "app" / "playground.ipynb", lab.root / "app" / name)
    return f"app/{name}"


def test_jupyterlab_does_not_save_widget_state(lab):
    """The settings that make lab installs are the ones this JupyterLab runs with."""
    url = (
        f"{lab.base}/lab/api/settings/@jupyter-widgets/jupyterlab-manager:plugin?token={lab.token}"
    )
    with urllib.request.urlopen(url, timeout=30) as response:
        setting = json.load(response)
    # overrides.json changes the default of the setting's schema (a user setting may still change it)
    default = setting["schema"]["properties"]["saveState"]["default"]
    assert setting["settings"].get("saveState", default) is False, (
        "JupyterLab saves widget state: opening a notebook would mark it modified and autosave "
        "would wipe its stored widget state (see tools/jupyterlab/overrides.json)"
    )


@pytest.mark.parametrize("trusted", [False, True], ids=["untrusted", "trusted"])
@pytest.mark.parametrize("which", ["notebook-08", "app"])
def test_stored_panel_shows_without_running_a_cell(which, trusted, lab, page, screenshots):
    """A fresh clone's notebook is untrusted: the still picture; trusted: the saved panel."""
    name = f"{which}-{'trusted' if trusted else 'untrusted'}"
    if which == "notebook-08":
        rel = f"notebooks/08_playground_{name}.ipynb"
        # the repository's file: the server's copy may have been run and saved (signed) by
        # another test, and a signed notebook is trusted
        shutil.copy(ROOT / "notebooks" / "08_playground.ipynb", lab.root / rel)
    else:
        rel = _copy_app(lab, f"playground_{name}.ipynb")
    if trusted:
        _trust(lab, rel)
    where = f"JupyterLab {rel}, no cell run"
    shot = screenshots / f"playground-still-{name}.png"
    nb = LabNotebook(page, lab.base, lab.token, rel)
    with reported(
        where, shot, nb.screenshot, after=partial(shutdown_kernels, lab.base, lab.token)
    ) as problems:
        nb.open(OPEN_TIMEOUT)
        _, found = _panel_cell(nb, where, need_panel=trusted)
        problems += found
        prompts = nb.prompts()
        if any("*" in p for p in prompts):
            problems.append(f"{where}: a cell ran ({prompts})")


AUTOSAVE_SECONDS = 3
_DOCMANAGER = "@jupyterlab/docmanager-extension:plugin"


def _put_setting(lab, plugin, values):
    """Set a JupyterLab user setting through the settings API (as the Settings Editor does)."""
    url = f"{lab.base}/lab/api/settings/{plugin}?token={lab.token}"
    body = json.dumps({"raw": json.dumps(values)}).encode()
    request = urllib.request.Request(url, data=body, method="PUT")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


@pytest.fixture
def quick_autosave(lab):
    """Autosave every AUTOSAVE_SECONDS seconds for one test (JupyterLab's default is 120 s)."""
    _put_setting(lab, _DOCMANAGER, {"autosave": True, "autosaveInterval": AUTOSAVE_SECONDS})
    try:
        yield AUTOSAVE_SECONDS
    finally:
        _put_setting(lab, _DOCMANAGER, {})


_DIRTY_JS = """() => !!document.querySelector('.lm-TabBar-tab.jp-mod-dirty')"""


def _copy_08(lab, name):
    rel = f"notebooks/{name}"
    shutil.copy(ROOT / "notebooks" / "08_playground.ipynb", lab.root / rel)
    return rel


def test_opening_08_never_modifies_it(lab, page, screenshots, quick_autosave):
    """Opened and left past several autosaves, 08 stays byte for byte as it came from git."""
    rel = _copy_08(lab, "08_playground_opened.ipynb")
    path = lab.root / rel
    before = path.read_bytes()
    where = f"JupyterLab {rel}, opened and left alone"
    shot = screenshots / "playground-opened-unchanged.png"
    nb = LabNotebook(page, lab.base, lab.token, rel)
    with reported(
        where, shot, nb.screenshot, after=partial(shutdown_kernels, lab.base, lab.token)
    ) as problems:
        nb.open(OPEN_TIMEOUT)
        _panel_cell(nb, where, need_panel=False)  # the stored widget state has been read
        page.wait_for_timeout(4 * quick_autosave * 1000)
        problems += _panel_cell(nb, where, need_panel=False, timeout=5)[1]
        if page.evaluate(_DIRTY_JS):
            problems.append(f"{where}: the notebook is marked modified although nobody edited it")
        if path.read_bytes() != before:
            problems.append(f"{where}: the file on disk changed although nobody edited it")
        # the check can fail: an edit is written by the same autosave within a few seconds
        page.locator(".jp-Notebook .jp-Cell").nth(1).click()
        page.keyboard.press("Escape")
        page.keyboard.press("b")  # a new empty cell below: the notebook is modified
        try:
            wait_until(
                lambda: path.read_bytes() != before,
                6 * quick_autosave,
                "autosave to write an edited notebook",
                interval=0.5,
            )
        except AssertionError:
            problems.append(f"{where}: autosave is not running, so the test proves nothing")


def _still_png_on_disk(path):
    """(text, png) of the still picture stored in the notebook's panel cell, or (None, None)."""
    nb = saved_notebook(path)
    if nb is None:
        return None, None
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("lecnn") == still.MARK:
                return "".join(output["data"]["text/plain"]), output["data"]["image/png"]
    return None, None


_STILL_SRC_JS = f"""() => [...document.querySelectorAll('.jp-RenderedImage img[width="{still.WIDTH}"]')]
    .map(e => e.src)"""


def test_a_students_trained_and_saved_08_reopens_with_their_own_run(lab, page, screenshots):
    """Run 08's panel cell, train with Step, save; reopened, the cell shows that run's picture."""
    rel = _copy_08(lab, "08_playground_student.ipynb")
    path = lab.root / rel
    stored = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("widgets")
    text_0, png_0 = _still_png_on_disk(path)
    assert "ステップ 400" in text_0, "08 should show its panel after 400 steps"
    where = f"JupyterLab {rel}"
    shot = screenshots / "playground-still-reopened.png"
    nb = LabNotebook(page, lab.base, lab.token, rel)
    with reported(
        where, shot, nb.screenshot, after=partial(shutdown_kernels, lab.base, lab.token)
    ) as problems:
        nb.open(OPEN_TIMEOUT)
        page.locator(".jp-Notebook .jp-Cell").first.click()
        for _ in range(4):  # the title, the imports, the panel's prose, the panel's cell
            page.keyboard.press("Shift+Enter")
        pg = Playground(page, where)
        pg.wait_ready(OPEN_TIMEOUT)
        # this kernel's own picture of step 400 (its bytes may differ from the stored one's)
        live_0 = wait_until(
            lambda: page.evaluate(_STILL_SRC_JS), 30, "the panel's still picture", interval=0.5
        )[0]
        for _ in range(3):
            pg.click("lecnn-step")
        wait_until(lambda: step_count(pg.text("lecnn-status")) == 460, 60, "460 steps")
        # the still picture is redrawn 1.5 s after the last change: wait until it has changed
        # and then stayed the same for 2 s (a save that still comes too early is repeated)
        shown = []

        def still_settled():
            shown.append(page.evaluate(_STILL_SRC_JS)[:1])
            recent = shown[-5:]
            return (
                len(recent) == 5 and recent[0] != [live_0] and all(s == recent[0] for s in recent)
            )

        wait_until(still_settled, 30, "the still picture to follow the panel", interval=0.5)
        page.locator(".jp-Notebook .jp-Cell").first.click()  # focus leaves the panel's buttons
        saved = {"at": time.monotonic()}
        nb.save()

        def saved_run():
            saved["text"], saved["png"] = _still_png_on_disk(path)
            if saved["text"] and "ステップ 460" in saved["text"]:
                return True
            if time.monotonic() - saved["at"] > 5:  # saved too early: save once more
                saved["at"] = time.monotonic()
                nb.save()
            return False

        wait_until(saved_run, 60, "the saved still picture to show step 460", interval=1.0)
        if saved["png"] == png_0:
            problems.append(f"{where}: the saved still picture is the repository's")
        on_disk = wait_until(lambda: saved_notebook(path), 10, "the saved notebook to be whole")
        if on_disk["metadata"].get("widgets") != stored:
            problems.append(f"{where}: saving changed the stored widget state")
        shutdown_kernels(lab.base, lab.token)
        nb.open(OPEN_TIMEOUT)  # a fresh page and kernel: no widget of the student's run exists
        seen, found = _panel_cell(nb, f"{where}, reopened", need_panel=False)
        # the panel's model is gone with its kernel: JupyterLab says so above the still picture
        # ("Loading widget..." until the new kernel is ready, then "... model not found")
        problems += [p for p in found if "model not found" not in p and "Loading widget" not in p]
        sources = page.evaluate(_STILL_SRC_JS)
        if not any(saved["png"] in src for src in sources):
            problems.append(f"{where}, reopened: the still picture shown is not the saved run's")
