"""The playground panel shows a picture in JupyterLab when no cell has been run.

Notebook 08 and the app are committed with their widgets' state in the notebook metadata; opened
without running any cell, the panel's cell must show the panel drawn from that state (a visible
picture of nonzero size) and never "Error displaying widget: model not found". A notebook that a
student runs, steps and saves must show its own trained panel when reopened: ``make lab``
(tools/jupyterlab/overrides.json) makes JupyterLab save the widget state with the notebook.
Screenshots: ``build/screenshots/playground-still-*.png``.
"""

import json
import shutil
import urllib.request
from functools import partial

import pytest

from lecnn.playground import still

from .lab import LabNotebook, reported, wait_until
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


def test_jupyterlab_saves_widget_state(lab):
    """The settings that make lab installs are the ones this JupyterLab runs with."""
    url = (
        f"{lab.base}/lab/api/settings/@jupyter-widgets/jupyterlab-manager:plugin?token={lab.token}"
    )
    with urllib.request.urlopen(url, timeout=30) as response:
        setting = json.load(response)
    # overrides.json changes the default of the setting's schema (a user setting may still change it)
    default = setting["schema"]["properties"]["saveState"]["default"]
    assert setting["settings"].get("saveState", default) is True, (
        "JupyterLab does not save widget state: install tools/jupyterlab/overrides.json "
        "(make lab or make test-browser does)"
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


def test_a_students_saved_panel_shows_when_reopened(lab, page, screenshots):
    rel = _copy_app(lab, "saved_by_student.ipynb")
    where = f"JupyterLab {rel}"
    shot = screenshots / "playground-still-reopened.png"
    nb = LabNotebook(page, lab.base, lab.token, rel)
    with reported(
        where, shot, nb.screenshot, after=partial(shutdown_kernels, lab.base, lab.token)
    ) as problems:
        nb.open(OPEN_TIMEOUT)
        nb.run_all(OPEN_TIMEOUT)
        pg = Playground(page, where)
        pg.wait_ready(OPEN_TIMEOUT)
        for _ in range(3):
            pg.click("lecnn-step")
        wait_until(lambda: step_count(pg.text("lecnn-status")) == 60, 60, "60 steps")
        page.locator(".jp-Notebook .jp-Cell").first.click()  # focus leaves the panel's buttons
        nb.save()
        wait_until(
            lambda: "ステップ 60" in _saved_widget_state(lab, rel),
            60,
            "the saved notebook to hold the panel's widget state",
            interval=1.0,
        )
        shutdown_kernels(lab.base, lab.token)
        nb.open(OPEN_TIMEOUT)  # a fresh page state and kernel: only the saved state has the panel
        seen, found = _panel_cell(nb, f"{where}, reopened", need_panel=True)
        problems += found
        if step_count(seen.get("status", "")) != 60:
            problems.append(
                f"{where}, reopened: the panel does not show the saved state "
                f"(status {seen.get('status')!r})"
            )
