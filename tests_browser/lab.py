"""Drive one notebook in JupyterLab through Playwright, and read what each cell shows.

All waits are bounded; a timeout raises ``AssertionError`` naming the notebook and what it was
waiting for, so the test can still take its screenshot.
"""

import json
import re
import time
import urllib.parse
from contextlib import contextmanager

from playwright.sync_api import Error as PlaywrightError

# Kernel status in the status bar, e.g. "Python 3 (ipykernel) | Idle". The notebook toolbar can
# say idle while the kernel is still connecting (a Run All then does nothing), the status bar
# cannot.
_STATUS_BAR_IDLE_JS = """() => [...document.querySelectorAll('.jp-StatusBar-Item')]
    .some(e => /\\|\\s*Idle\\s*$/.test(e.textContent.trim()))"""

_PROMPTS_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell.jp-CodeCell')]
    .map(c => { const p = c.querySelector('.jp-InputPrompt'); return p ? p.textContent.trim() : ''; })"""

# Everything the test checks, per cell, in one pass over the DOM. Outputs nested inside widgets
# (an interact's Output) belong to the cell they are in.
_CELLS_JS = r"""() => {
  const ERROR_LINE = /(^|\n)\s*\w*(Error|Exception)(:|\s|$)|Traceback \(most recent call last\)/;
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  return [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map((cell, index) => {
    const outputs = [...cell.querySelectorAll('.jp-OutputArea-output')];
    const topLevel = outputs.filter(o => !o.parentElement.closest('.jp-OutputArea-output'));
    const prompt = cell.querySelector('.jp-InputPrompt');
    const imgs = [...cell.querySelectorAll('.jp-RenderedImage img')];
    const svgs = [...cell.querySelectorAll('.jp-RenderedSVG')];
    const text = outputs.map(o => o.innerText).join('\n');
    return {
      index,
      code: cell.classList.contains('jp-CodeCell'),
      prompt: prompt ? prompt.textContent.trim() : '',
      errors: outputs
        .filter(o => o.getAttribute('data-mime-type') === 'application/vnd.jupyter.stderr')
        .map(o => o.innerText)
        .filter(t => ERROR_LINE.test(t)),
      imagesShown: imgs.filter(i => i.complete && i.naturalWidth > 0 && visible(i)).length
        + svgs.filter(visible).length,
      imagesBroken: imgs.filter(i => i.complete && i.naturalWidth === 0).length,
      widgetsShown: topLevel.filter(o => !o.querySelector('.jupyter-widgets-error-widget')
          && [...o.querySelectorAll('.jupyter-widgets')].some(visible)).length,
      widgetProblems: (text.match(/(Loading widget|Error displaying widget)[^\n]*/g) || []).concat(
        [...cell.querySelectorAll('.jupyter-widgets-error-widget')].map(
          () => 'a widget view failed (ipywidgets shows "Click to show javascript error.")')),
    };
  });
}"""


def brief(err, lines=6):
    """An exception's message cut to its first lines (Playwright appends a long call log)."""
    text = str(err).strip().splitlines()
    return "\n".join(text[:lines]) + ("\n..." if len(text) > lines else "")


@contextmanager
def reported(where, shot, take, after=None):
    """Collect a browser test's problems; fail once with all of them, after the screenshot.

    A failed wait or Playwright call inside the block becomes one more problem. Whatever
    happened, ``take(shot)`` saves the screenshot and ``after()`` (e.g. stopping the kernels)
    runs; then the test fails if any problem was found.

    Parameters
    ----------
    where : str
        Names the page in the messages.
    shot : pathlib.Path
        Where the screenshot goes (named in the failure message).
    take : callable
        ``take(shot)`` saves the screenshot.
    after : callable, optional
        Runs last, e.g. to stop the kernels the test started.

    Yields
    ------
    list of str
        The problems; the block appends what it finds.
    """
    problems = []
    try:
        yield problems
    except (AssertionError, PlaywrightError) as err:
        problems.append(f"{where}: {brief(err)}")
    finally:
        try:
            take(shot)
        except Exception as err:  # the page may be gone; the problems found still count
            if problems:
                problems.append(f"{where}: no screenshot: {brief(err)}")
            else:  # a test that found nothing wrong does not fail for want of a picture
                print(f"{where}: no screenshot: {brief(err)}")
        if after is not None:
            after()
    assert not problems, "\n".join(problems + [f"screenshot: {shot}"])


def saved_notebook(path):
    """The notebook at ``path`` as a dict, or None while the server is still writing it.

    Jupyter's server saves a notebook by writing over the file in place, so a read during a
    save can find it empty or cut short.
    """
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class LabTimeout(AssertionError):
    """A bounded wait in JupyterLab ran out."""


def wait_until(predicate, timeout, what, interval=0.25):
    """Call ``predicate`` until it returns a true value; return it, or raise LabTimeout.

    Parameters
    ----------
    predicate : callable
        No arguments.
    timeout : float
        Seconds.
    what : str
        What was awaited, for the message.
    interval : float
        Seconds between calls.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise LabTimeout(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


class LabNotebook:
    """One notebook open in its own JupyterLab workspace in one page.

    Parameters
    ----------
    page : playwright.sync_api.Page
    base : str
        JupyterLab's URL, e.g. ``http://127.0.0.1:8888``.
    token : str
    rel_path : str
        The notebook's path under the server's root, e.g. ``notebooks/01_review.ipynb``.
    """

    def __init__(self, page, base, token, rel_path):
        self.page = page
        self.base = base
        self.token = token
        self.rel_path = rel_path

    def open(self, timeout=90.0):
        """Load JupyterLab with only this notebook open, and wait until its kernel is idle."""
        # A workspace of its own, reset: JupyterLab does not reopen earlier notebooks (and their
        # kernels) in this page.
        workspace = re.sub(r"\W", "-", self.rel_path) + f"-{time.monotonic_ns()}"
        path = urllib.parse.quote(self.rel_path)
        url = f"{self.base}/lab/workspaces/{workspace}/tree/{path}?reset&token={self.token}"
        self.page.goto(url, timeout=timeout * 1000)
        try:
            self.page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout * 1000)
        except Exception as err:
            raise LabTimeout(f"the notebook's cells did not appear within {timeout:.0f} s") from err
        # Fold the file browser away: the notebook gets the page's width (and the screenshot).
        current_tab = self.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        if current_tab.count():
            current_tab.first.click()
        self.wait_kernel_idle(timeout)

    def kernel_idle(self):
        """True when the status bar reads "<kernel> | Idle"."""
        return self.page.evaluate(_STATUS_BAR_IDLE_JS)

    def wait_kernel_idle(self, timeout):
        wait_until(self.kernel_idle, timeout, 'the status bar to read "<kernel> | Idle"')

    def menu_command(self, menu, command, timeout=15.0):
        """Open a top menu ("Run") and click one of its entries by command id ("runmenu:run-all")."""
        self.page.keyboard.press("Escape")
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click(
            timeout=timeout * 1000
        )
        self.page.locator(f".lm-Menu [data-command='{command}']").first.click(
            timeout=timeout * 1000
        )

    def prompts(self):
        """The input prompt of every code cell: "[3]:", "[*]:" or "[ ]:"."""
        return self.page.evaluate(_PROMPTS_JS)

    def run_all(self, timeout):
        """Clear every output, Run All, and wait until the run has ended.

        The run has ended when no cell is queued or running (no "[*]"), the kernel is idle,
        and either every code cell has an execution count or the run stopped early (at an
        error, or a dead kernel) and stayed so for two seconds.

        Parameters
        ----------
        timeout : float
            Seconds for the whole run.
        """
        # Clearing first makes "every prompt has a number" mean "ran now", not "stored".
        self.menu_command("Edit", "editmenu:clear-all")
        wait_until(
            lambda: all(p in ("", "[ ]:") for p in self.prompts()),
            15,
            "the cleared cells to lose their execution counts",
        )
        self.wait_kernel_idle(60)
        self.menu_command("Run", "runmenu:run-all")
        start = time.monotonic()
        stopped_since = None
        while True:
            prompts = self.prompts()
            busy = any("*" in p for p in prompts) or not self.kernel_idle()
            numbered = [bool(re.fullmatch(r"\[\d+\]:", p)) for p in prompts]
            if not busy and all(numbered):
                return
            if not busy and any(numbered):
                stopped_since = stopped_since or time.monotonic()
                if time.monotonic() - stopped_since > 2.0:
                    return
            else:
                stopped_since = None
            if time.monotonic() - start > timeout:
                running = [i for i, p in enumerate(prompts) if "*" in p]
                raise LabTimeout(
                    f"Run All did not finish within {timeout:.0f} s "
                    f"(code cells still queued or running: {running[:5]}...)"
                )
            time.sleep(0.3)

    def cells(self):
        """What each cell shows now: a list of dicts, one per cell in notebook order."""
        return self.page.evaluate(_CELLS_JS)

    def save(self, timeout=30.0):
        """Save the notebook (into the server's root, a copy of the repo's notebooks)."""
        self.menu_command("File", "docmanager:save", timeout=timeout)

    def screenshot(self, path):
        """A screenshot of the whole notebook (see ``full_screenshot``)."""
        full_screenshot(self.page, path)


# The element that scrolls the most (JupyterLab's notebook panel, Voila's page body), if any.
_SCROLLER = """[...document.querySelectorAll('*')]
    .filter(e => e.scrollHeight > e.clientHeight + 1
                 && /(auto|scroll)/.test(getComputedStyle(e).overflowY))
    .sort((a, b) => (b.scrollHeight - b.clientHeight) - (a.scrollHeight - a.clientHeight))[0]"""


def full_screenshot(page, path, max_height=30000):
    """A screenshot of the whole content, not only the visible part of a scrolled panel.

    JupyterLab and Voila scroll inside an element, so Playwright's ``full_page`` alone shows one
    screen: the viewport is made tall enough for the most scrolled element's full height (at
    most ``max_height`` pixels), scrolled to its top, and restored afterwards.

    Parameters
    ----------
    page : playwright.sync_api.Page
    path : str or pathlib.Path
    max_height : int
    """
    size = page.viewport_size
    extra = page.evaluate(
        f"() => {{ const e = {_SCROLLER}; return e ? e.scrollHeight - e.clientHeight : 0; }}"
    )
    height = min(size["height"] + max(0, int(extra)), max_height)
    try:
        if height > size["height"]:
            page.set_viewport_size({"width": size["width"], "height": height})
        page.evaluate(f"() => {{ const e = {_SCROLLER}; if (e) e.scrollTop = 0; }}")
        page.wait_for_timeout(500)
        page.screenshot(path=str(path), full_page=True, timeout=60000)
    finally:
        page.set_viewport_size(size)
