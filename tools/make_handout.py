"""Make the hand-out for students: one zip with the student edition, the wheel and a README.

Usage::

    python tools/make_handout.py notebooks dist      # what ``make handout`` runs

writes ``dist/lecnn-handout-<version>.zip``, whose one folder ``lecnn-handout-<version>/`` holds

- ``README.md``: in Japanese, for students: which Python, how to install (a venv and the wheel,
  on Linux, macOS and Windows), how to start JupyterLab, the notebooks and the class plan
  (``docs/class-plan.md``, read here), and how to get PyTorch's CPU build for notebook 10;
- ``00_start.ipynb``: the overview JupyterLab opens on (the README's command names it): every
  notebook with its first heading, and the class plan;
- the student edition of every numbered notebook (``tools/make_student.py``, built in a
  temporary folder: ``dist/student/`` is never read or written);
- ``lecnn-<version>-py3-none-any.whl`` (``pip wheel --no-deps --no-build-isolation``, built from a
  copy of the sources, so no stale ``build/`` folder leaks into it).

The README's command names the overview (``jupyter lab 00_start.ipynb``) rather than shipping
JupyterLab settings with a default URL: settings in the folder are read only where JupyterLab is
told where they are (an environment variable or a flag, written differently in each shell), while
a file argument works alike in every shell and is plain to see. The texts are the templates in
``tools/handout/``. File names in the zip are ASCII: Windows'
own unzip and a Japanese-locale shell then show and type them alike.

The zip is written to a temporary file and renamed. An existing zip is overwritten only if this
tool made it and nobody changed it since (``DEST/.make_handout.json`` records the SHA-256 of each
zip it wrote); any other file stays as it is and the build stops, saying so.
"""

import argparse
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import make_student
import nbformat
from nbformat.v4 import new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = Path(__file__).with_name("handout")
PLAN = ROOT / "docs" / "class-plan.md"
# What the wheel is built from (pyproject.toml names README.md and LICENSE).
WHEEL_SOURCES = ("lecnn", "pyproject.toml", "README.md", "LICENSE")
PYTHONS = "3.10〜3.13"
OVERVIEW = "00_start.ipynb"
MANIFEST = ".make_handout.json"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


class HandoutError(RuntimeError):
    """The hand-out cannot be built or written."""


def notebook_titles(folder):
    """(file name, first heading) of each numbered notebook in ``folder``, in order.

    The heading is the notebook's first markdown heading without its ``#`` marks and without the
    notebook's number when it starts with it ("# 03 ソフトマックス関数の微分" -> "ソフトマックス関数の微分").
    """
    titles = []
    for path in make_student.master_notebooks(folder):
        nb = nbformat.read(path, as_version=4)
        heading = next(
            (
                line
                for cell in nb.cells
                if cell.cell_type == "markdown"
                for line in cell.source.splitlines()
                if line.startswith("#")
            ),
            None,
        )
        if heading is None:
            raise HandoutError(f"{path.name}: no markdown heading to list it by")
        title = heading.lstrip("#").strip()
        number = path.name[:2]
        if title.startswith(f"{number} "):
            title = title[len(number) :].strip()
        titles.append((path.name, title))
    return titles


def notebook_table(titles):
    """A markdown table of the notebooks, each linked, with its title."""
    rows = ["| ノートブック | 内容 |", "|---|---|"]
    escaped = [(name, title.replace("|", "\\|")) for name, title in titles]
    rows += [f"| [{name}]({name}) | {title} |" for name, title in escaped]
    return "\n".join(rows)


def demoted(markdown):
    """``markdown`` with every heading one level lower (# -> ##), to sit under a page title."""
    return re.sub(r"^(#{1,5}) ", r"#\1 ", markdown, flags=re.MULTILINE)


def fill(template, **values):
    """``template`` with each ``{{name}}`` replaced by ``values[name]``; every one must be given."""
    text = re.sub(r"\{\{(\w+)\}\}", lambda m: str(values[m.group(1)]), template)
    return text if text.endswith("\n") else text + "\n"


def _template(name):
    return (TEMPLATES / name).read_text(encoding="utf-8")


def student_readme(version, wheel, titles, plan):
    """The students' README.md (Japanese)."""
    return fill(
        _template("README.md"),
        version=version,
        pythons=PYTHONS,
        wheel=wheel,
        overview=OVERVIEW,
        notebooks=notebook_table(titles),
        plan=demoted(plan.strip()),
    )


def overview_notebook(version, titles, plan):
    """The notebook JupyterLab opens on: the notebooks, one line each, and the class plan."""
    text = fill(
        _template("00_start.md"),
        version=version,
        notebooks=notebook_table(titles),
        plan=demoted(plan.strip()),
    )
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    nb.cells = [new_markdown_cell(text.strip())]
    nbformat.validate(nb)
    return nb


def build_wheel(root, where):
    """Build lecnn's wheel from a copy of ``root``'s sources into ``where``; its path.

    Uses this Python's pip and setuptools (``--no-build-isolation``: nothing is downloaded)."""
    source = Path(where) / "source"
    source.mkdir(parents=True)
    for name in WHEEL_SOURCES:
        path = Path(root) / name
        if path.is_dir():
            shutil.copytree(
                path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        else:
            shutil.copy(path, source / name)
    wheels = Path(where) / "wheels"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    run = subprocess.run(
        [*command, "--disable-pip-version-check", "-q", "-w", str(wheels), str(source)],
        capture_output=True,
        text=True,
    )
    found = sorted(wheels.glob("lecnn-*.whl")) if run.returncode == 0 else []
    if len(found) != 1:
        raise HandoutError(f"building the wheel failed:\n{run.stdout}{run.stderr}")
    return found[0]


def wheel_version(wheel):
    """The version in a wheel's file name: lecnn-0.1.0-py3-none-any.whl -> 0.1.0."""
    return Path(wheel).name.split("-")[1]


def _sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _read_manifest(dest):
    try:
        files = json.loads((dest / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return files if isinstance(files, dict) else {}


def write_zip(target, members):
    """Write ``members`` (name in the zip -> bytes) to the zip ``target``.

    ``target`` is overwritten only if ``target.parent/.make_handout.json`` records it with the
    SHA-256 it still has (this tool wrote it, nobody changed it); otherwise HandoutError.
    Returns "new", "updated" or "unchanged" (the same members were there already).
    """
    target = Path(target)
    dest = target.parent
    dest.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(dest)
    action = "new"
    if target.exists() or target.is_symlink():
        recorded = manifest.get(target.name)
        if target.is_symlink() or not target.is_file() or recorded != _sha256(target):
            raise HandoutError(
                f"{target} exists and was not made by make_handout, or was changed since: it is "
                "left as it is. Move or rename it, then run make handout again."
            )
        action = "updated"
        with zipfile.ZipFile(target) as old:
            if {i.filename: old.read(i) for i in old.infolist()} == members:
                return "unchanged"

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            # rw-r--r--: writestr with a bare name would store 0600, and the files of a folder
            # an instructor unzips for a class to share could then be read by nobody else
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    make_student.write_atomic(target, buffer.getvalue())
    manifest[target.name] = _sha256(target)
    record = {
        "about": "zips written by tools/make_handout.py, with their SHA-256; a zip listed here "
        "is overwritten only while it still has this hash",
        "files": dict(sorted(manifest.items())),
    }
    data = (json.dumps(record, indent=1) + "\n").encode("utf-8")
    make_student.write_atomic(dest / MANIFEST, data)
    return action


def members(edition, wheel, plan):
    """What goes into the zip, under one folder: name -> bytes."""
    version = wheel_version(wheel)
    top = f"lecnn-handout-{version}"
    titles = notebook_titles(edition)
    files = {
        "README.md": student_readme(version, Path(wheel).name, titles, plan).encode("utf-8"),
        OVERVIEW: nbformat.writes(overview_notebook(version, titles, plan)).encode("utf-8"),
    }
    files.update((name, (Path(edition) / name).read_bytes()) for name, _ in titles)
    files[Path(wheel).name] = Path(wheel).read_bytes()
    return {f"{top}/{name}": data for name, data in files.items()}


def build(src, dest, root=ROOT, plan=PLAN):
    """Build ``dest/lecnn-handout-<version>.zip`` from the master notebooks in ``src``.

    Returns (the zip's path, what write_zip did). Raises HandoutError, or make_student's
    EditionError for a master the edition cannot be made from (nothing is then written).
    """
    with tempfile.TemporaryDirectory(prefix="lecnn-handout-") as where:
        edition = Path(where) / "edition"
        if not make_student.build(src, edition):
            raise HandoutError(f"no numbered notebooks in {src}: nothing to hand out")
        wheel = build_wheel(root, Path(where) / "wheel")
        content = members(edition, wheel, Path(plan).read_text(encoding="utf-8"))
        target = Path(dest) / f"lecnn-handout-{wheel_version(wheel)}.zip"
        return target, write_zip(target, content)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("src", help="directory of the master notebooks (NN_*.ipynb)")
    parser.add_argument("dest", help="directory for the zip (e.g. dist)")
    args = parser.parse_args(argv)
    try:
        target, action = build(args.src, args.dest)
    except (HandoutError, make_student.EditionError, OSError) as err:
        print(f"make_handout: {err}", file=sys.stderr)
        return 1
    size = target.stat().st_size / 1e6
    print(f"{target}  ({action}, {size:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
