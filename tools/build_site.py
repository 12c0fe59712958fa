"""Build the course site: the notebooks, from their stored outputs, as a static HTML book.

Usage::

    python tools/build_site.py build/site                       # what ``make site`` runs
    python tools/build_site.py --no-answers build/site-noanswers  # ``make site ANSWERS=0``

Sphinx with MyST-NB renders ``site/`` (the landing page, the reference page, ``conf.py``) and every
numbered notebook, never executing one. The sources are staged in a temporary folder first:

- each exercise shows what the student edition shows (tools/blank_solutions.py decides what is an
  answer, from the same markers); with answers, the model answer and each worked answer follow,
  folded under 「解答を表示」; without, the worked answers read 「解答は後で配布します。」 and
  the model answers appear nowhere;
- a link to the local Voila app (``make app``) becomes a sentence on how to start it;
- the widget views are dropped (the playground's still picture beside them shows instead);
- the README (between its ``site-reference`` markers) and docs/class-plan.md are copied in, for
  the pages that include them;
- a trimmed copy of MathJax (from the sphinx-mathjax-offline package) goes to ``_static/mathjax``.

The site is built into a temporary folder beside the destination and renamed into place. A
destination that exists must be a site this tool built (it holds ``lecnn-site.json``), or the
build stops before touching it.
"""

import argparse
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import blank_solutions
import nbformat

ROOT = Path(__file__).resolve().parents[1]
SITE_SOURCES = ROOT / "site"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
# Written into every built site: what it holds. Its presence also marks a folder this tool may replace.
SITE_MARK = "lecnn-site.json"

ANSWER_TITLE = "解答を表示"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# A link to a Voila app on this machine (``make app`` serves 127.0.0.1:8866), as a markdown link
# ``[text](url)``, an autolink ``<url>`` or a bare URL outside code.
_LOCAL_APP_URL = r"https?://(?:127\.0\.0\.1|localhost):\d+[^\s)>\]]*"
_LOCAL_APP_LINK = re.compile(rf"\[(?P<text>[^\]]*)\]\({_LOCAL_APP_URL}\)|<{_LOCAL_APP_URL}>")
_LOCAL_APP_BARE = re.compile(rf"(?<![`(<\w/]){_LOCAL_APP_URL}")
HOW_TO_START_APP = (
    "(このサイトからは開けません。リポジトリのトップで `make app` を実行すると、"
    "手元の Voilà アプリとして開きます)"
)

# The parts of MathJax 3 the pages use: the TeX-to-HTML component, the TeX extensions it loads on
# demand (\boldsymbol, ...), its web fonts, and its menu. Not the other components, the SVG
# output or the speech-rule engine (conf.py turns off the explorer that would load it).
MATHJAX_PARTS = ("tex-chtml.js", "input/tex/extensions", "output/chtml/fonts/woff-v2", "ui", "a11y")

# What the themes copy into the site that no page loads: source maps, the theme's message
# catalogues and template macros (used while building).
UNUSED = ("**/*.map", "_static/locales", "_static/*-macros.html", "_sources")

# The Japanese font the site serves, for readers whose device has none (IPAexGothic, shipped by
# matplotlib-fontja, a dependency of lecnn); _static/lecnn-site.css names it last.
FONT_FILES = {
    "ipaexg.ttf": "ipaexg.ttf",
    "IPA_Font_License_Agreement_v1.0.txt": "LICENSE-ipaexg.txt",
}


class SiteError(RuntimeError):
    """The site cannot be built (a malformed notebook, a foreign destination, a Sphinx error)."""


def _fence(text, char="`"):
    """A code fence longer than any run of ``char`` in ``text``."""
    longest = max((len(run) for run in re.findall(f"{re.escape(char)}+", text)), default=0)
    return char * max(3, longest + 1)


def answer_cell(markdown):
    """A markdown cell holding ``markdown`` folded under 「解答を表示」 (a sphinx-design dropdown)."""
    fence = _fence(markdown, ":")
    source = (
        f"{fence}{{dropdown}} {ANSWER_TITLE}\n:class-container: lecnn-answer\n\n"
        f"{markdown.strip()}\n{fence}\n"
    )
    return nbformat.v4.new_markdown_cell(source)


def code_answer(source):
    """The model answer of an exercise cell, without its solution markers, as a fenced Python block."""
    lines = source.split("\n")
    markers = {
        i for region in blank_solutions.find_regions(lines) for i in (region.begin, region.end)
    }
    code = "\n".join(line for i, line in enumerate(lines) if i not in markers).strip()
    fence = _fence(code)
    return f"{fence}python\n{code}\n{fence}"


def replace_app_links(markdown):
    """``markdown`` with each link to the local Voila app replaced by how to start the app."""

    def text(match):
        label = (match.groupdict().get("text") or "").strip()
        return f"{label} {HOW_TO_START_APP}" if label else HOW_TO_START_APP

    parts = re.split(r"(`+[^`]*`+)", _LOCAL_APP_LINK.sub(text, markdown))
    # Code spans stay as they are; a bare URL elsewhere would become a link.
    return "".join(
        part if i % 2 else _LOCAL_APP_BARE.sub(HOW_TO_START_APP, part)
        for i, part in enumerate(parts)
    )


def _without_widget_views(outputs):
    """The outputs minus widget views (no widget JavaScript on the site; nothing would show)."""
    return [out for out in outputs if WIDGET_VIEW not in out.get("data", {})]


def site_notebook(master, answers, name="notebook"):
    """The notebook as the site shows it.

    Parameters
    ----------
    master : nbformat.NotebookNode
        The master notebook, with its stored outputs (left unchanged).
    answers : bool
        Fold the model answers and worked answers under 「解答を表示」 (True), or leave them out.
    name : str
        How errors name the notebook.

    Returns
    -------
    nbformat.NotebookNode

    Raises
    ------
    blank_solutions.SolutionMarkerError
        A malformed solution region, as for the student edition.
    """
    nb = nbformat.from_dict(json.loads(json.dumps(master)))
    nb.metadata.pop("widgets", None)
    cells = []
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index}"
        try:
            if cell.cell_type == "code":
                student, n_regions = blank_solutions.blank_source(cell.source)
                cell.outputs = _without_widget_views(cell.outputs)
                if n_regions:
                    master_source = cell.source
                    cell.source = student
                    cell.outputs = []  # made by the answer's code
                    cells.append(cell)
                    if answers:
                        cells.append(answer_cell(code_answer(master_source)))
                    continue
            elif blank_solutions.is_solution_cell(cell):
                if answers:
                    cells.append(answer_cell(replace_app_links(cell.source)))
                else:
                    cell.source = blank_solutions.placeholder(cell)
                    cell.pop("attachments", None)
                    cells.append(cell)
                continue
            elif cell.cell_type == "markdown":
                cell.source = replace_app_links(cell.source)
        except blank_solutions.SolutionMarkerError as err:
            raise blank_solutions.SolutionMarkerError(f"{where}, {err}") from None
        cells.append(cell)
    nb.cells = cells
    for cell in nb.cells:
        cell.pop("id", None)  # inserted cells have none; Sphinx needs no ids
    nb.nbformat_minor = 4
    return nb


def mathjax_source():
    """The folder of MathJax 3 that the sphinx-mathjax-offline package ships."""
    dist = importlib.metadata.distribution("sphinx-mathjax-offline")
    path = Path(dist.locate_file("sphinx-mathjax-offline/static/mathjax"))
    if not (path / "tex-chtml.js").is_file():
        raise SiteError(f"MathJax not found at {path}: install the site extra (make site)")
    return path


def copy_mathjax(dest):
    """Copy the parts of MathJax the pages use (``MATHJAX_PARTS``) into ``dest``."""
    src = mathjax_source()
    for part in MATHJAX_PARTS:
        if (src / part).is_dir():
            shutil.copytree(src / part, dest / part)
        else:
            (dest / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / part, dest / part)


def copy_font(dest):
    """Copy the IPAexGothic font and its licence into ``dest``."""
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or spec.origin is None:
        raise SiteError("matplotlib-fontja is not installed (it is a dependency of lecnn)")
    fonts = Path(spec.origin).parent / "fonts"
    dest.mkdir(parents=True, exist_ok=True)
    for name, target in FONT_FILES.items():
        if not (fonts / name).is_file():
            raise SiteError(f"{fonts / name} is missing: reinstall matplotlib-fontja")
        shutil.copy2(fonts / name, dest / target)


def prune(html):
    """Remove what no page of the built site loads (``UNUSED``)."""
    for pattern in UNUSED:
        for path in sorted(html.glob(pattern), reverse=True):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()


def stage(dest, answers, notebooks_dir=ROOT / "notebooks"):
    """Write the Sphinx sources of the site into the empty folder ``dest``."""
    shutil.copytree(SITE_SOURCES, dest, dirs_exist_ok=True)
    include = dest / "_include"
    include.mkdir()
    shutil.copy2(ROOT / "README.md", include / "README.md")
    shutil.copy2(ROOT / "docs" / "class-plan.md", include / "class-plan.md")
    copy_mathjax(dest / "_static" / "mathjax")
    copy_font(dest / "_static" / "fonts")
    (dest / "notebooks").mkdir()
    masters = sorted(Path(notebooks_dir).glob(NOTEBOOK_GLOB))
    if not masters:
        raise SiteError(f"no notebooks {NOTEBOOK_GLOB} in {notebooks_dir}")
    for path in masters:
        nb = site_notebook(nbformat.read(path, as_version=4), answers, name=str(path))
        nbformat.write(nb, dest / "notebooks" / path.name)
    return masters


def _check_destination(out):
    out = out.resolve()
    sources = [ROOT / "notebooks", SITE_SOURCES, ROOT / "docs"]
    if ROOT.is_relative_to(out) or any(out.is_relative_to(folder) for folder in sources):
        raise SiteError(
            f"refusing to build the site into {out}: it is, holds or lies in the repository "
            "itself or the site's sources (notebooks/, site/, docs/)"
        )
    if out.exists() and not (out.is_dir() and (out / SITE_MARK).is_file()):
        if not out.is_dir() or any(out.iterdir()):
            raise SiteError(
                f"{out} exists and is not a site built by this tool (no {SITE_MARK}): "
                "remove it or choose another folder"
            )
    return out


def build(out, answers=True, jobs="auto", quiet=True):
    """Build the site into ``out`` (replacing a site built there before).

    Parameters
    ----------
    out : str or Path
    answers : bool
        With the answers folded (True) or without them.
    jobs : str
        Sphinx's ``-j``.
    quiet : bool
        Only warnings and errors from Sphinx.

    Returns
    -------
    dict
        What ``SITE_MARK`` records: answers, the notebooks, the build time in seconds.
    """
    from sphinx.cmd.build import build_main

    start = time.monotonic()
    out = _check_destination(Path(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}-", dir=out.parent) as tmp:
        tmp = Path(tmp)
        src, html, doctrees = tmp / "src", tmp / "html", tmp / "doctrees"
        masters = stage(src, answers)
        argv = ["-b", "html", "-j", str(jobs), "-d", str(doctrees), "-W", "--keep-going"]
        argv += ["-t", "answers"] if answers else []
        argv += ["-q"] if quiet else []
        status = build_main([*argv, str(src), str(html)])
        if status != 0:
            raise SiteError(f"sphinx-build failed (exit status {status}); see the messages above")
        (html / ".buildinfo").unlink(missing_ok=True)
        (html / ".buildinfo.bak").unlink(missing_ok=True)
        prune(html)
        record = {
            "answers": answers,
            "notebooks": [path.stem for path in masters],
            "seconds": round(time.monotonic() - start, 1),
        }
        (html / SITE_MARK).write_text(json.dumps(record, indent=1) + "\n")
        if out.exists():
            old = tmp / "old"
            os.rename(out, old)
        os.rename(html, out)
    return record


def site_size(folder):
    """Total bytes of the files under ``folder``."""
    return sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", help="the site's folder, e.g. build/site")
    parser.add_argument(
        "--no-answers", action="store_true", help="leave the exercises' answers out of the site"
    )
    parser.add_argument("--jobs", default="auto", help="Sphinx's parallel jobs (default: auto)")
    args = parser.parse_args(argv)
    try:
        record = build(args.out, answers=not args.no_answers, jobs=args.jobs)
    except (SiteError, blank_solutions.EditionError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    size = site_size(args.out) / 2**20
    kind = "with the answers folded" if record["answers"] else "without the answers"
    print(f"site {kind}: {args.out} ({size:.1f} MB, built in {record['seconds']:.0f} s)")
    print(f"preview: python -m http.server -d {args.out}  (then open http://127.0.0.1:8000/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
