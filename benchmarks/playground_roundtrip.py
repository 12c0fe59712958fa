"""How long the playground takes to answer in the browser: a press of 次へ in 「逆伝播を見る」.

``playground_frame.py`` times the kernel's side; this times what a student waits for: from the
click on 次へ ▶ in JupyterLab until the new stage is on the screen (the caption and the diagram
changed, and the browser painted the next frame). The same for Step (20 SGD steps and a redraw of
every view). The goal for 次へ: at or under 100 ms.

Run from the repository's root (it uses the browser tests' helpers in tests_browser/):

    .venv/bin/python -m benchmarks.playground_roundtrip [--presses N] [--widths 32,32,32,32]

Starts its own JupyterLab (headless Chromium, as the browser tests: Debian's /usr/bin/chromium),
runs the app notebook in it, and prints the median and 90th percentile of N presses with the load
average. Timings on a shared machine are noisy: the load average says how shared it was.
"""

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

# Click the button; note when the watched elements have all changed (a MutationObserver sees the
# DOM update) and when the browser has painted the frame after it. Returns both, in ms.
_PRESS_JS = r"""async ([button, watched]) => {
  const root = document.querySelector('.lecnn-playground');
  const els = watched.map(c => root.querySelector('.' + c));
  const before = els.map(e => e.innerHTML);
  let changed = null;
  const done = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (els.every((e, i) => e.innerHTML !== before[i])) {
        changed = performance.now();
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(resolve, 0));
      }
    });
    observer.observe(root, {subtree: true, childList: true, characterData: true, attributes: true});
    setTimeout(() => { observer.disconnect(); reject(new Error('no change within 20 s')); }, 20000);
  });
  const t0 = performance.now();
  root.querySelector('.' + button).click();
  await done;
  return [changed - t0, performance.now() - t0];
}"""


def measure(page, button, watched, presses, reset=None):
    """Milliseconds of ``presses`` presses of ``button`` (CSS class), shape (presses, 2): until
    every element of ``watched`` (CSS classes) changed, and until the frame after it was painted."""
    times = []
    for _ in range(presses):
        if reset is not None:
            reset()
        times.append(page.evaluate(_PRESS_JS, [button, watched]))
        time.sleep(0.05)
    return np.array(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--widths", default="32,32,32,32", help="hidden widths, e.g. 8,8")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests_browser.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT
    from tests_browser.lab import LabNotebook
    from tests_browser.playground import Playground
    from tests_browser.servers import start_jupyterlab, stop_all

    widths = [int(q) for q in args.widths.split(",") if q.strip()]
    home = Path(tempfile.mkdtemp(prefix="lecnn-roundtrip-"))
    root = home / "root"
    root.mkdir()
    source = (ROOT / "app" / "playground.ipynb").read_text()
    default = "hidden_widths=(8, 8)"
    if default not in source:
        raise SystemExit(f"app/playground.ipynb no longer says {default!r}: update this script")
    source = source.replace(default, f"hidden_widths={tuple(widths)!r}")
    (root / "playground.ipynb").write_text(source)
    server, base, token = start_jupyterlab(root, home, home / "jupyterlab.log")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(viewport=VIEWPORT, locale="ja-JP").new_page()
            nb = LabNotebook(page, base, token, "playground.ipynb")
            nb.open(120)
            nb.run_all(300)
            pg = Playground(page, "JupyterLab")
            pg.wait_ready(120)
            print(f"network 2-{'-'.join(map(str, widths))}-2 (spirals), {args.presses} presses")
            print(
                f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
                f"(cores: {os.cpu_count()})"
            )
            pg.click("lecnn-backprop")
            page.wait_for_timeout(1000)

            def back_to_start():
                if pg.element("lecnn-bp-next").is_disabled():
                    pg.click("lecnn-backprop")  # off and on: stage 1 again
                    page.wait_for_timeout(300)
                    pg.click("lecnn-backprop")
                    page.wait_for_timeout(300)

            bp = measure(
                page,
                "lecnn-bp-next",
                ["lecnn-bp-caption", "lecnn-diagram"],
                args.presses,
                back_to_start,
            )
            pg.click("lecnn-backprop")
            page.wait_for_timeout(500)
            step = measure(page, "lecnn-step", ["lecnn-status", "lecnn-diagram"], args.presses)
            print(
                f"{'press':28} {'median ms':>10} {'p90 ms':>8}  {'DOM changed: median':>20} {'p90':>6}"
            )
            for name, t in (("次へ ▶ (逆伝播を見る)", bp), ("Step (20 steps + redraw)", step)):
                print(
                    f"{name:28} {np.median(t[:, 1]):10.1f} {np.percentile(t[:, 1], 90):8.1f}  "
                    f"{np.median(t[:, 0]):20.1f} {np.percentile(t[:, 0], 90):6.1f}"
                )
            print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
            browser.close()
    finally:
        server.stop()
        stop_all()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
