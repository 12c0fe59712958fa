"""The course site (``make site``), read in Chromium as a reader would, offline.

Both sites are tested: ``build/site`` (answers folded) and ``build/site-noanswers``
(``make site ANSWERS=0``); ``make sites`` builds them (``make test-browser`` does first). Each is
served by ``python -m http.server`` on 127.0.0.1; every request to anywhere else is blocked and
counted. Screenshots: ``build/screenshots/site-*.png``.
"""

import base64
import html
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import blank_solutions
import nbformat
import pytest

from lecnn.playground import still

from .servers import ROOT, Server, free_port

SITE_MARK = "lecnn-site.json"
SITES = {
    "answers": Path(os.environ.get("LECNN_SITE", ROOT / "build" / "site")),
    "noanswers": Path(os.environ.get("LECNN_SITE_NOANSWERS", ROOT / "build" / "site-noanswers")),
}
NOTEBOOKS = ROOT / "notebooks"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
ANSWER_TITLE = "解答を表示"
# A solution line this long is distinctive enough to search for.
MIN_LINE = 16
# The Japanese words a reader searches for, and a page each must find.
# Japanese fonts the site's CSS names (a test machine has IPA fonts: tools/install_chromium.sh).
JAPANESE_FONTS = {
    "IPAexGothic",
    "IPAPGothic",
    "IPAGothic",
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "lecnn IPAexGothic",
}
SEARCHES = {"ソフトマックス": "03_softmax_derivative", "誤差逆伝播": "06_backpropagation"}


# --- the sites and their server ---


class Site:
    """A built site served on 127.0.0.1: ``folder``, ``base`` URL, ``record`` (its lecnn-site.json)."""

    def __init__(self, folder, base, record):
        self.folder = folder
        self.base = base
        self.record = record

    def pages(self):
        """Every HTML page, as paths relative to the site ("index.html", "notebooks/01_review.html")."""
        return sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*.html"))

    def url(self, rel):
        return f"{self.base}/{rel}"

    def get(self, rel):
        """The bytes of one file, over HTTP."""
        with urllib.request.urlopen(self.url(rel), timeout=30) as response:
            return response.read()


def _serve(kind, tmp_path_factory):
    folder = SITES[kind].resolve()
    mark = folder / SITE_MARK
    make = "make sites" if kind == "answers" else "make site ANSWERS=0"
    if not mark.is_file():
        pytest.fail(f"{folder} holds no built site: run `{make}` (make test-browser does)")
    record = json.loads(mark.read_text())
    assert record["answers"] == (kind == "answers"), f"{folder} was built with answers={record}"
    port = free_port()
    log = tmp_path_factory.mktemp(f"site-{kind}") / "http.log"
    argv = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(folder)]
    server = Server(
        f"http.server ({kind})", [*argv, str(port)], log, cwd=folder, env=dict(os.environ)
    )
    base = f"http://127.0.0.1:{port}"
    try:
        server.wait_http(f"{base}/index.html", 30)
    except BaseException:
        server.stop()
        raise
    return server, Site(folder, base, record)


def _site_fixture(*kinds):
    """A module-scoped fixture serving the site of each of ``kinds`` in turn."""

    @pytest.fixture(scope="module", params=kinds)
    def served_site(request, tmp_path_factory):
        server, served = _serve(request.param, tmp_path_factory)
        try:
            yield served
        finally:
            server.stop()

    return served_site


site = _site_fixture("answers", "noanswers")
answers_site = _site_fixture("answers")
noanswers_site = _site_fixture("noanswers")


class Reader:
    """A browser context on one site: requests elsewhere are blocked and listed, HTTP errors too."""

    def __init__(self, browser, site):
        self.site = site
        self.outside = []
        self.http_errors = []
        self.failed = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30000)
        self.page.on("response", self._response)
        self.page.on("requestfailed", self._request_failed)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.site.base + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _response(self, response):
        if response.status >= 400:
            self.http_errors.append(f"{response.status} {response.url}")

    def _request_failed(self, request):
        if not request.url.startswith(self.site.base + "/"):
            return  # blocked on purpose, counted in self.outside
        self.failed.append(f"{request.failure} {request.url}")

    def open(self, rel):
        self.page.goto(self.site.url(rel), wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def problems(self):
        found = [f"request to outside the site: {url}" for url in self.outside]
        found += [f"HTTP error: {e}" for e in self.http_errors]
        found += [f"request failed: {e}" for e in self.failed]
        return found

    def close(self):
        self.context.close()


@pytest.fixture
def reader(browser, request):
    readers = []

    def make(site):
        readers.append(Reader(browser, site))
        return readers[-1]

    yield make
    for r in readers:
        r.close()


# --- what a page shows ---

# Opens every folded answer, waits for MathJax to finish, loads every image, and reports what a
# reader would see wrong: math left as TeX, MathJax errors, images that did not load, and the page's
# links and element ids (for the link check).
_PAGE_JS = r"""async () => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
    if (MathJax.typesetPromise) await MathJax.typesetPromise();
  }
  const images = [...document.images];
  images.forEach(img => { img.loading = 'eager'; });
  await Promise.all(images.map(img => img.decode().catch(() => null)));
  // The fonts the opened answers need (MathJax's) finish loading before the reader moves on.
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  await document.fonts.ready;
  const skip = 'pre, code, script, style, textarea, mjx-container, .highlight, .MathJax';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const raw = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest(skip)) continue;
    const m = n.textContent.match(/\$[^$\n]+\$|\\\(|\\\[|\\begin\{/);
    if (m) raw.push(n.textContent.trim().slice(0, 120));
  }
  return {
    mathjax: !!(window.MathJax && MathJax.startup),
    typeset: document.querySelectorAll('mjx-container').length,
    mathSpans: document.querySelectorAll('.math').length,
    errors: [...document.querySelectorAll('mjx-merror, [data-mjx-error]')]
      .map(e => e.getAttribute('data-mjx-error') || e.textContent).slice(0, 5),
    raw,
    badImages: images.filter(img => !(img.complete && img.naturalWidth > 0))
      .map(img => img.getAttribute('src')),
    nImages: images.length,
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    title: document.title,
  };
}"""


def _read_page(reader, rel):
    reader.open(rel)
    return reader.page.evaluate(_PAGE_JS)


def test_every_page_loads_offline_with_math_images_and_links(browser, site, reader, screenshots):
    """Every page: no HTTP error, no request outside the site, every formula typeset, every image
    loaded; every link inside the site resolves (to a file, and to an element for a #fragment);
    no link to a local app."""
    r = reader(site)
    pages = site.pages()
    assert "index.html" in pages and "search.html" in pages
    notebooks = sorted(p.stem for p in NOTEBOOKS.glob(NOTEBOOK_GLOB))
    assert [p for p in pages if p.startswith("notebooks/")] == [
        f"notebooks/{name}.html" for name in notebooks
    ]
    problems, ids, links = [], {}, {}
    n_typeset = n_images = 0
    for rel in pages:
        seen = _read_page(r, rel)
        ids[rel] = set(seen["ids"])
        links[rel] = seen["links"]
        n_typeset += seen["typeset"]
        n_images += seen["nImages"]
        if seen["mathSpans"] and not seen["mathjax"]:
            problems.append(f"{rel}: formulas but no MathJax")
        problems += [f"{rel}: formula left as TeX: {t!r}" for t in seen["raw"]]
        if re.search(r"\\[a-zA-Z(\[]|\$", seen["title"]):
            problems.append(f"{rel}: TeX in the page's title: {seen['title']!r}")
        problems += [f"{rel}: MathJax error: {e!r}" for e in seen["errors"]]
        problems += [f"{rel}: image did not load: {src}" for src in seen["badImages"]]
        if rel.startswith("notebooks/") and rel.endswith(
            ("01_review.html", "04_gradient_W_r.html")
        ):
            r.page.screenshot(
                path=str(screenshots / f"site-{site.folder.name}-{Path(rel).stem}.png")
            )
    problems += r.problems()
    problems += _link_problems(site, links, ids)
    assert not problems, "\n".join(problems)
    # The checks above looked at something: formulas were typeset, figures shown.
    assert n_typeset > 500, n_typeset
    assert n_images > 20, n_images


def _link_problems(site, links, ids):
    problems = []
    fetched = {}
    for rel, hrefs in links.items():
        for href in hrefs:
            url = urllib.parse.urlsplit(href)
            if url.scheme not in ("http", "https"):
                continue
            if (
                url.hostname in ("127.0.0.1", "localhost")
                and url.netloc != urllib.parse.urlsplit(site.base).netloc
            ):
                problems.append(f"{rel}: a link to a local server: {href}")
                continue
            if not href.startswith(site.base + "/"):
                continue  # a link out of the site (a paper, PyTorch's index): not requested here
            target = url.path.lstrip("/") or "index.html"
            if target.endswith("/"):
                target += "index.html"
            if target not in ids:
                if target not in fetched:
                    try:
                        site.get(target)
                        fetched[target] = True
                    except urllib.error.HTTPError:
                        fetched[target] = False
                if not fetched[target]:
                    problems.append(f"{rel}: broken link {href}")
                continue
            fragment = urllib.parse.unquote(url.fragment)
            if fragment and fragment not in ids[target]:
                problems.append(f"{rel}: link to a missing anchor {href}")
    return problems


def test_landing_page_lists_the_notebooks_and_the_class_plan(answers_site, reader):
    r = reader(answers_site)
    r.open("index.html")
    hrefs = r.page.eval_on_selector_all("article a[href]", "els => els.map(a => a.href)")
    for path in sorted(NOTEBOOKS.glob(NOTEBOOK_GLOB)):
        assert answers_site.url(f"notebooks/{path.stem}.html") in hrefs, path.stem
    text = r.page.inner_text("article")
    # docs/class-plan.md is included: its title and each row's first cell appear.
    plan = (ROOT / "docs" / "class-plan.md").read_text()
    title = next(line for line in plan.splitlines() if line.startswith("# "))[2:].strip()
    assert title in text
    rows = [line.split("|")[1].strip() for line in plan.splitlines() if line.startswith("| ")]
    assert rows and all(row in text for row in rows if not set(row) <= {"-"})
    assert not r.problems(), r.problems()


def test_reference_page_is_the_readme_section(answers_site, reader):
    readme = (ROOT / "README.md").read_text()
    start, end = "<!-- site-reference-start -->", "<!-- site-reference-end -->"
    assert readme.count(start) == 1 and readme.count(end) == 1
    section = readme.split(start)[1].split(end)[0]
    modules = re.findall(r"^\| `(lecnn\.[a-z_.]+)` \|", section, flags=re.M)
    assert len(modules) > 5
    r = reader(answers_site)
    r.open("reference.html")
    text = r.page.inner_text("article")
    assert all(module in text for module in modules), [m for m in modules if m not in text]
    assert "net.weights[k][:, 1:]" in text  # the symbols table too


def test_search_finds_japanese_words(site, reader, screenshots):
    r = reader(site)
    for word, expected in SEARCHES.items():
        r.page.goto(site.url(f"search.html?q={urllib.parse.quote(word)}"), wait_until="load")
        # While searching, Sphinx's heading holds a span of progress dots; done, its text only.
        r.page.wait_for_function(
            "() => { const h = document.querySelector('#search-results h2');"
            " return !!h && !h.querySelector('span'); }",
            timeout=30000,
        )
        hits = r.page.eval_on_selector_all(
            "#search-results ul.search li a", "els => els.map(a => a.href)"
        )
        r.page.screenshot(path=str(screenshots / f"site-{site.folder.name}-search-{expected}.png"))
        assert any(f"notebooks/{expected}.html" in h for h in hits), (word, hits)
    assert not r.problems(), r.problems()


def _still_png():
    nb = nbformat.read(NOTEBOOKS / "08_playground.ipynb", as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("metadata", {}).get("lecnn") == still.MARK and "image/png" in out["data"]:
                return base64.b64decode(out["data"]["image/png"])
    raise AssertionError("08_playground.ipynb has no stored still picture of the panel")


def test_playground_page_shows_the_still_picture(site, reader, screenshots):
    png = _still_png()
    r = reader(site)
    r.open("notebooks/08_playground.html")
    images = r.page.evaluate(
        """() => [...document.images].map(img => ({src: img.getAttribute('src'), url: img.src,
             width: img.naturalWidth, shown: img.getBoundingClientRect().width > 0}))"""
    )
    matches = []
    for img in images:
        rel = img["url"][len(site.base) + 1 :]
        if img["url"].startswith(site.base + "/") and site.get(rel) == png:
            matches.append(img)
    assert len(matches) == 1, f"the still picture is shown {len(matches)} times on 08's page"
    assert matches[0]["width"] > 0 and matches[0]["shown"], matches[0]
    r.page.locator(f'img[src="{matches[0]["src"]}"]').scroll_into_view_if_needed()
    r.page.screenshot(path=str(screenshots / f"site-{site.folder.name}-08-still.png"))
    # No widget JavaScript is loaded and no widget view is left for it.
    scripts = r.page.eval_on_selector_all("script[src]", "els => els.map(s => s.src)")
    assert not [s for s in scripts if "widget" in s], scripts
    assert r.page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count() == 0
    assert not r.problems(), r.problems()


def test_japanese_text_renders_in_a_japanese_font(answers_site, reader):
    r = reader(answers_site)
    r.open("notebooks/03_softmax_derivative.html")
    # The font the site serves loads from the site (for readers without a Japanese font).
    loaded = r.page.evaluate(
        """async () => (await document.fonts.load('16px "lecnn IPAexGothic"', 'ソフトマックス'))
             .map(f => f.status)"""
    )
    assert loaded == ["loaded"], loaded
    # And the heading's Japanese characters are drawn by Japanese fonts (none falls back to a font
    # without them, which would show boxes).
    cdp = r.context.new_cdp_session(r.page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "article h1"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    heading = r.page.inner_text("article h1")
    n_japanese = len(re.findall(r"[぀-ヿ一-鿿]", heading))
    drawn = sum(f["glyphCount"] for f in fonts if f["familyName"] in JAPANESE_FONTS)
    assert n_japanese > 5 and drawn >= n_japanese, (heading, fonts)
    assert not r.problems(), r.problems()


# --- the answers ---


def _solution_texts():
    """Per notebook: the distinctive text of its model answers and worked answers that the student
    edition does not show elsewhere.

    Code: each line of a solution region of 16+ characters (stripped). Markdown solution cells:
    each run of 16+ characters of their plain text (between markup, math and line ends) and each
    line of 16+ characters of their formulas. Left out: what the student edition shows outside the
    answers (a formula stated in the lecture, a line of code used elsewhere), and what the site's own
    pages and the files they include (README, class plan) say.
    """
    masters = {
        path.stem: nbformat.read(path, as_version=4)
        for path in sorted(NOTEBOOKS.glob(NOTEBOOK_GLOB))
    }
    shown = [
        cell.source
        for name, nb in masters.items()
        for cell in blank_solutions.student_notebook(nb, name)[0].cells
    ]
    shown += [(ROOT / "README.md").read_text(), (ROOT / "docs" / "class-plan.md").read_text()]
    shown += [path.read_text() for path in (ROOT / "site").glob("*.md")]
    shown = "\n".join(shown)
    texts = {}
    for name, nb in masters.items():
        found = set()
        for cell in nb.cells:
            if cell.cell_type == "code":
                lines = cell.source.split("\n")
                for region in blank_solutions.find_regions(lines):
                    body = lines[region.begin + 1 : region.end]
                    found |= {line.strip() for line in body if len(line.strip()) >= MIN_LINE}
            elif blank_solutions.is_solution_cell(cell):
                found |= _markdown_texts(cell.source)
        texts[name] = {text for text in found if text not in shown}
    return texts


_MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$]+)\$", re.S)


def _markdown_texts(source):
    found = set()
    for match in _MATH.finditer(source):
        tex = (match[1] or match[2]).strip()
        found |= {line.strip() for line in tex.split("\n") if len(line.strip()) >= MIN_LINE}
    plain = _MATH.sub("\n", source)
    for run in re.split(r"[*_`#|\[\]()<>\n]|^\s*[-\d.]+\s", plain, flags=re.M):
        run = run.strip()
        if len(run) >= MIN_LINE:
            found.add(run)
    return found


def _site_text(site):
    """Every text file of the site as served, each as HTML-unescaped text without tags (formulas
    keep their TeX: MathJax has not run) and as it is."""
    texts = {}
    for path in sorted(site.folder.rglob("*")):
        if (
            path.suffix not in (".html", ".js", ".json", ".txt", ".ipynb", ".md")
            or not path.is_file()
        ):
            continue
        rel = path.relative_to(site.folder).as_posix()
        if rel.startswith("_static/"):
            continue  # the themes' and MathJax's own files
        raw = site.get(rel).decode("utf-8", errors="replace")
        stripped = html.unescape(re.sub(r"<[^>]+>", "", raw))
        texts[rel] = stripped + "\n" + html.unescape(raw)
    return texts


def _answer_patterns():
    """(notebook number, regex) for each exercise's answer patterns."""
    from lecnn.checks import EXERCISES

    patterns = [(e.notebook, pattern) for e in EXERCISES.values() for pattern in e.answer_patterns]
    assert len(patterns) >= len(EXERCISES), "the exercises declare too few answer patterns"
    return patterns


def test_without_answers_no_solution_text_appears_anywhere(answers_site, noanswers_site):
    texts = _solution_texts()
    assert sum(len(t) for t in texts.values()) > 20, texts
    served = _site_text(noanswers_site)
    leaks = [
        f"{rel}: {line!r} (an answer of {nb})"
        for nb, lines in texts.items()
        for line in sorted(lines)
        for rel, text in served.items()
        if line in text
    ]
    for number, pattern in _answer_patterns():
        for rel, text in served.items():
            page = Path(rel).stem
            if rel.startswith("notebooks/") and page[:2] <= number:
                leaks += [
                    f"{rel}: {m.group(0)!r} matches an answer pattern of {number}"
                    for m in re.finditer(pattern, text)
                ]
    assert not leaks, "\n".join(leaks[:40])
    assert not any("lecnn-answer" in text for text in served.values())
    # The search above can fail: the site with answers shows each notebook's answers.
    with_answers = _site_text(answers_site)
    for nb, lines in texts.items():
        page = with_answers.get(f"notebooks/{nb}.html", "")
        missing = [line for line in lines if line not in page]
        assert lines and not missing or not lines, (nb, missing[:5])


def test_answers_are_folded_under_the_toggle(answers_site, reader):
    """Each model answer and worked answer sits in a closed 「解答を表示」; the site without answers has none."""
    r = reader(answers_site)
    for path in sorted(NOTEBOOKS.glob(NOTEBOOK_GLOB)):
        expected = 0
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                expected += len(blank_solutions.find_regions(cell.source.split("\n"))) > 0
            elif blank_solutions.is_solution_cell(cell):
                expected += 1
        r.open(f"notebooks/{path.stem}.html")
        folds = r.page.evaluate(
            """() => [...document.querySelectorAll('details.lecnn-answer')].map(d => ({
                 open: d.open, title: d.querySelector('summary').innerText.trim(),
                 hidden: [...d.children].filter(c => c.tagName !== 'SUMMARY')
                   .every(c => !c.checkVisibility())}))"""
        )
        assert len(folds) == expected, (path.stem, len(folds), expected)
        for fold in folds:
            assert fold == {"open": False, "title": ANSWER_TITLE, "hidden": True}, (path.stem, fold)
    assert not r.problems(), r.problems()
