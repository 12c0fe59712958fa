"""Drive the playground panel (lecnn.playground) in a page, through its DOM contract.

The playground's widgets carry CSS classes (ipywidgets ``add_class``): sliders ``lecnn-depth``
and ``lecnn-width``; buttons ``lecnn-play``, ``lecnn-pause``, ``lecnn-step``, ``lecnn-reset``;
views ``lecnn-architecture`` (text), ``lecnn-status`` (step count, loss, running/paused),
``lecnn-loss-plot``, ``lecnn-boundary``, ``lecnn-grad-norms``, ``lecnn-units``.
The same driver works in JupyterLab and in Voila.
"""

import hashlib
import re
import time
from urllib.parse import parse_qs, urlparse

from .lab import LabTimeout, wait_until

REQUIRED = (
    "lecnn-depth",
    "lecnn-width",
    "lecnn-play",
    "lecnn-pause",
    "lecnn-architecture",
    "lecnn-status",
    "lecnn-loss-plot",
    "lecnn-boundary",
)

ROOT_ATTRIBUTE = "data-lecnn-test-root"

# Marks the smallest ancestor of the first Play button that holds every required element, so a
# page with two panels is driven through one of them only. Returns the classes it lacks.
_MARK_ROOT_JS = """([required, attribute]) => {
  const play = document.querySelector('.lecnn-play');
  if (!play) return required;
  let root = play;
  const complete = e => required.every(c => e.classList.contains(c) || e.querySelector('.' + c));
  while (root.parentElement && !complete(root)) root = root.parentElement;
  if (!complete(root)) return required.filter(c => !document.querySelector('.' + c));
  document.querySelectorAll('[' + attribute + ']').forEach(e => e.removeAttribute(attribute));
  root.setAttribute(attribute, '1');
  return [];
}"""

# A view's content: its text, every image's source (a widget Image gets a new blob URL for each
# new picture), every canvas's pixels, every inline SVG.
_CONTENT_JS = """(el) => {
  const all = sel => [...(el.matches(sel) ? [el] : []), ...el.querySelectorAll(sel)];
  const parts = [el.innerText];
  let pictures = 0;
  for (const img of all('img')) {
    parts.push(img.currentSrc || img.src);
    if (img.complete && img.naturalWidth > 0) pictures += 1;
  }
  for (const c of all('canvas')) {
    try { parts.push(c.toDataURL()); } catch (e) { parts.push('canvas:' + c.width + 'x' + c.height); }
    if (c.width > 0 && c.height > 0) pictures += 1;
  }
  for (const s of all('svg')) { parts.push(s.outerHTML); pictures += 1; }
  return {content: parts.join('\\n'), pictures};
}"""


class Playground:
    """The first playground panel in ``page``.

    Parameters
    ----------
    page : playwright.sync_api.Page
    where : str
        For messages, e.g. "JupyterLab notebooks/08_playground.ipynb" or "Voila app".
    """

    def __init__(self, page, where):
        self.page = page
        self.where = where

    def wait_ready(self, timeout):
        """Wait until the panel with every required element is on the page."""
        missing = []

        def ready():
            missing[:] = self.page.evaluate(_MARK_ROOT_JS, [list(REQUIRED), ROOT_ATTRIBUTE])
            return not missing

        try:
            wait_until(ready, timeout, "the playground panel", interval=0.5)
        except LabTimeout as err:
            raise LabTimeout(
                f"{self.where}: {err}; elements missing: {', '.join('.' + c for c in missing)}"
            ) from None
        self.element("lecnn-play").wait_for(state="visible", timeout=timeout * 1000)

    def state_in_address(self):
        """The settings the page's address carries (``?state=...``, read with
        ``state.from_state``), or None when it carries none (the app writes it; 08 does not)."""
        from lecnn.playground.state import from_state

        query = parse_qs(urlparse(self.page.url).query).get("state")
        return from_state(query[0]) if query else None

    def element(self, css_class):
        """A locator for the element with ``css_class`` inside the panel."""
        return self.page.locator(f"[{ROOT_ATTRIBUTE}] .{css_class}").first

    def text(self, css_class):
        """The visible text of one element."""
        return self.element(css_class).inner_text(timeout=10000).strip()

    def content(self, css_class):
        """(digest of the view's content, number of pictures drawn in it)."""
        found = self.element(css_class).evaluate(_CONTENT_JS)
        return hashlib.sha1(found["content"].encode()).hexdigest(), found["pictures"]

    def slider_value(self, css_class):
        """The readout of a slider (its value as shown)."""
        return self.element(css_class).locator(".widget-readout").first.inner_text().strip()

    def drag_slider(self, css_class, fraction=0.25, timeout=20.0):
        """Drag the slider's handle with the mouse by ``fraction`` of its track; return
        (before, after), the values shown.

        The handle goes right when it sits in the left half of the track, left otherwise, so
        the value changes wherever it starts; a short drag keeps the network a size that trains
        quickly and stably. Raises AssertionError if the value did not change.
        """
        slider = self.element(css_class)
        handle = slider.locator(".noUi-handle").first
        track = slider.locator(".noUi-target").first
        before = self.slider_value(css_class)
        handle.scroll_into_view_if_needed()
        h = handle.bounding_box()
        t = track.bounding_box()
        if h is None or t is None:
            raise AssertionError(f"{self.where}: the slider .{css_class} is not visible")
        x0, y0 = h["x"] + h["width"] / 2, h["y"] + h["height"] / 2
        left_half = x0 < t["x"] + t["width"] / 2
        x1 = x0 + (1 if left_half else -1) * fraction * t["width"]
        mouse = self.page.mouse
        mouse.move(x0, y0)
        mouse.down()
        mouse.move(x1, y0, steps=12)
        mouse.up()
        try:
            after = wait_until(
                lambda: (v := self.slider_value(css_class)) != before and v,
                timeout,
                f"the slider .{css_class} to move",
            )
        except LabTimeout:
            raise AssertionError(
                f"{self.where}: dragging the slider .{css_class} did not change its value "
                f"(still {before!r})"
            ) from None
        return before, after

    def click(self, css_class):
        self.element(css_class).click(timeout=15000)


def step_count(status):
    """The step count in the status text ("step 120", "ステップ: 120", "120 steps"), or None."""
    found = re.search(r"(?:steps?|ステップ数?|反復)\s*[:=：]?\s*(\d+)", status, re.IGNORECASE)
    if found is None:
        found = re.search(r"(\d+)\s*(?:steps?|ステップ|回)", status, re.IGNORECASE)
    return int(found.group(1)) if found else None


def exercise_playground(pg, play_seconds=6.0, timeout=90.0):
    """Drag depth and width, Play, wait, Pause; return the problems found (empty when all is well).

    Checks: the architecture text changes when the sliders move; the loss curve and the
    decision-boundary view change while training plays, and show a picture; the status
    changes while playing and stays put after Pause.

    Parameters
    ----------
    pg : Playground
        Ready (``wait_ready`` done).
    play_seconds : float
        How long to let training run once it has visibly started.
    timeout : float
        Bound for each wait.

    Returns
    -------
    list of str
    """
    problems = []
    where = pg.where
    arch_0 = pg.text("lecnn-architecture")

    for css_class in ("lecnn-depth", "lecnn-width"):
        arch_before = pg.text("lecnn-architecture")
        pg.drag_slider(css_class)
        try:
            wait_until(
                lambda b=arch_before: pg.text("lecnn-architecture") != b,
                timeout,
                "the architecture text to change",
            )
        except LabTimeout:
            problems.append(
                f"{where}: the architecture text did not change after dragging .{css_class} "
                f"(still {arch_before!r})"
            )
    if pg.text("lecnn-architecture") == arch_0:
        problems.append(f"{where}: the architecture text is unchanged: {arch_0!r}")

    # The views just before Play: what changes from here on is training's doing.
    loss_0, _ = pg.content("lecnn-loss-plot")
    boundary_0, _ = pg.content("lecnn-boundary")
    status_ready = pg.text("lecnn-status")
    pg.click("lecnn-play")
    try:
        wait_until(
            lambda: pg.text("lecnn-status") != status_ready,
            timeout,
            "the status to change after Play",
        )
    except LabTimeout:
        problems.append(
            f"{where}: nothing happened after Play: the status still reads {status_ready!r}"
        )
    time.sleep(play_seconds)
    changed = {}
    for css_class, before in (("lecnn-loss-plot", loss_0), ("lecnn-boundary", boundary_0)):
        try:
            changed[css_class] = wait_until(
                # changed and drawn: a view caught while it is being replaced has no picture yet
                lambda c=css_class, b=before: (
                    (found := pg.content(c))[0] != b and found[1] > 0 and found
                ),
                timeout,
                f"the view .{css_class} to change and show a picture",
            )
        except LabTimeout:
            problems.append(f"{where}: the view .{css_class} did not change while playing")
    for css_class, (_, pictures) in changed.items():
        if pictures == 0:
            problems.append(f"{where}: the view .{css_class} shows no picture after training")

    if not pg.element("lecnn-pause").is_enabled():
        problems.append(
            f"{where}: Pause is disabled while training should be playing (did it stop by "
            f"itself?); status: {pg.text('lecnn-status')!r}"
        )
        return problems
    pg.click("lecnn-pause")
    # A chunk of training already under way may still land: wait until the status has stood
    # still for three seconds, then it must stay so.
    history = [pg.text("lecnn-status")]

    def settled():
        time.sleep(1.0)
        history.append(pg.text("lecnn-status"))
        return len(history) >= 4 and len(set(history[-4:])) == 1

    try:
        wait_until(settled, timeout, "the status to stand still after Pause", interval=0)
    except LabTimeout:
        problems.append(
            f"{where}: training did not stop on Pause: the status kept changing "
            f"({history[0]!r} ... {history[-1]!r})"
        )
        return problems
    status_paused = history[-1]
    loss_paused, _ = pg.content("lecnn-loss-plot")
    time.sleep(4.0)
    status_later = pg.text("lecnn-status")
    if status_later != status_paused:
        problems.append(
            f"{where}: training went on after Pause: status {status_paused!r} -> {status_later!r}"
        )
    if pg.content("lecnn-loss-plot")[0] != loss_paused:
        problems.append(f"{where}: the loss curve kept changing after Pause")
    before, after = step_count(status_ready), step_count(status_paused)
    if before is not None and after is not None and not before < after:
        problems.append(
            f"{where}: the step count did not grow while playing: {status_ready!r} -> "
            f"{status_paused!r}"
        )
    return problems


# The page position of a point of the drawing (pixels of ``.lecnn-dg``), whatever the zoom.
_DRAWING_POINT_JS = """([attribute, x, y]) => {
  const dg = document.querySelector('[' + attribute + '] .lecnn-diagram .lecnn-dg');
  if (!dg) return null;
  dg.scrollIntoView({block: 'center'});
  const box = dg.getBoundingClientRect();
  const scale = box.width / dg.offsetWidth;
  return [box.left + x * scale, box.top + y * scale];
}"""


def _edge_point(sizes, k, j, i):
    """A point on the drawn edge W_k[j, i] away from the other edges (drawing pixels)."""
    import numpy as np

    from lecnn.playground.geometry import geometry

    rows, cols, ends = geometry(sizes).edges(k)
    e = list(rows).index(j) * len(cols) + list(cols).index(i)
    x0, y0, x1, y1 = ends[e]

    def distance(x, y, segment):
        a, b, c, d = segment
        t = min(max(((x - a) * (c - a) + (y - b) * (d - b)) / ((c - a) ** 2 + (d - b) ** 2), 0), 1)
        return float(np.hypot(a + t * (c - a) - x, b + t * (d - b) - y))

    points = [(x0 + t * (x1 - x0), y0 + t * (y1 - y0)) for t in np.linspace(0.1, 0.9, 33)]
    room = [min(distance(x, y, s) for f, s in enumerate(ends) if f != e) for x, y in points]
    return points[int(np.argmax(room))]


def exercise_diagram_edit(pg, shots, timeout=30.0):
    """The diagram's + / − buttons and a clicked edge's weight, on a 2-8-8-2 panel.

    Presses + above hidden layer 1 (2-9-8-2), + of the layers (2-9-8-8-2), − of the layers
    (2-9-8-2) and − of layer 1 (2-8-8-2), checking the architecture text and the depth
    slider; then clicks the edge W_1[2, 3], types 3 and Enter (the decision view must
    change) and a word (refused in Japanese). Returns problems.
    """
    where, problems = pg.where, []
    name = re.sub(r"\W+", "-", where).strip("-")
    buttons = f"[{ROOT_ATTRIBUTE}] .lecnn-diagram .lecnn-dg-bar"

    def press(css, nth, expected, depth):
        before = pg.text("lecnn-architecture")
        pg.page.locator(f"{buttons} .{css}").nth(nth).click(timeout=15000)
        try:
            wait_until(
                lambda: pg.text("lecnn-architecture").startswith(expected + ","),
                timeout,
                f"the architecture to read {expected}",
            )
        except LabTimeout:
            problems.append(
                f"{where}: .{css} #{nth} did not make {expected}: {before!r} -> "
                f"{pg.text('lecnn-architecture')!r}"
            )
        if pg.slider_value("lecnn-depth") != str(depth):
            problems.append(
                f"{where}: after .{css} the depth slider shows {pg.slider_value('lecnn-depth')}, "
                f"not {depth}"
            )

    press("lecnn-units-plus", 0, "2-9-8-2", 2)
    pg.page.screenshot(path=str(shots / f"playground-diagram-plus-{name}.png"))
    press("lecnn-layers-plus", 0, "2-9-8-8-2", 3)
    press("lecnn-layers-minus", 0, "2-9-8-2", 2)
    press("lecnn-units-minus", 0, "2-8-8-2", 2)

    point = pg.page.evaluate(
        _DRAWING_POINT_JS, [ROOT_ATTRIBUTE, *_edge_point([2, 8, 8, 2], 1, 2, 3)]
    )
    if point is None:
        return problems + [f"{where}: no drawing in the diagram"]
    pg.page.mouse.click(*point)
    label = lambda: pg.text("lecnn-weight-label")  # noqa: E731
    try:
        wait_until(lambda: "W1[2, 3]" in label(), timeout, "the clicked edge's weight")
    except LabTimeout:
        return problems + [f"{where}: clicking the edge W_1[2, 3] chose {label()!r}"]
    field = pg.element("lecnn-weight").locator("input")
    boundary, _ = pg.content("lecnn-boundary")
    field.fill("3")
    field.press("Enter")
    try:
        wait_until(
            lambda: pg.content("lecnn-boundary")[0] != boundary,
            timeout,
            "the decision view to follow the new weight",
        )
    except LabTimeout:
        problems.append(f"{where}: setting W_1[2, 3] = 3 did not change the decision view")
    pg.page.screenshot(path=str(shots / f"playground-weight-{name}.png"))
    field.fill("abc")
    field.press("Enter")
    try:
        wait_until(lambda: "数を入力してください" in label(), timeout, "the refusal")
    except LabTimeout:
        problems.append(f"{where}: a weight 'abc' was not refused: {label()!r}")
    try:  # the box is put back by a message of its own, after the label's
        wait_until(lambda: field.input_value() == "3", timeout, "the box to show 3 again")
    except LabTimeout:
        problems.append(f"{where}: after a refused weight the box shows {field.input_value()!r}")
    return problems
