"""Make the student edition of the lecture notebooks: the master notebooks with the answers taken out.

Usage::

    python tools/make_student.py notebooks dist/student      # what ``make student`` runs

Every numbered notebook ``SRC/NN_*.ipynb`` is written to ``DEST/NN_*.ipynb`` with

- each solution region of a code cell replaced by a marked blank (see below),
- every output and execution count cleared, together with the cell metadata that only records the
  master's run (``execution`` timings, ``collapsed``/``scrolled``) and the notebook's saved widget
  state (``metadata.widgets``),
- everything else unchanged: the same cells in the same order, cell ids, tags, markdown, the rest of
  the metadata.

Solution regions follow the nbgrader convention: the lines between a ``BEGIN SOLUTION`` and an
``END SOLUTION`` comment line (``# BEGIN SOLUTION`` as CONTRIBUTING.md writes it, or nbgrader's
``### BEGIN SOLUTION``), the two markers at the indentation of the code they enclose. There are two
shapes (CONTRIBUTING.md, "Exercises"):

1. indented, inside a function the student completes: the region becomes, at its indentation, ::

       # ここにコードを書く
       raise NotImplementedError("演習: softmax_jacobian を完成させてください")

2. at top level, assignments to plain names only: each assigned name becomes ::

       n_weights = ...  # ここにコードを書く

Anything else is rejected with an error that names the notebook, the cell and the line: unbalanced
or nested markers, a marker that is not a comment line of its own, END at another indentation than
its BEGIN, a region with no code, an indented region outside any function, a top-level region with
anything but assignments to names, a marker line in a markdown or raw cell. Every notebook is read,
validated and converted before anything is written, so a malformed master leaves no half-made
edition.

Markdown (and raw) cells tagged ``solution`` (nbgrader's convention for solution cells) are
replaced by a placeholder line: the cell's ``metadata.lecnn.placeholder`` if it has one, else
``PLACEHOLDER``. A code cell tagged ``solution`` must mark its answer with the markers above.

Writing never destroys anyone's work (``build``): the tool keeps a manifest of the files it wrote,
with their SHA-256, in ``DEST/.make_student.json``; it overwrites only files listed there and unchanged since.
A notebook that was changed, or that it did not write, stays where it is, and the new edition goes
beside it as ``NN_name.new.ipynb`` (``.new2``, ... if that one was changed too); every such case is
printed. Each file is written to a temporary file and renamed over its target. The output folder
may neither be, nor lie inside, nor contain the master folder.

nbformat rather than nbgrader: nbgrader brings a gradebook database and server stack, knows one stub
per language, and takes any line containing the delimiter for a marker.
"""

import argparse
import ast
import copy
import hashlib
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

BLANK_COMMENT = "# ここにコードを書く"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
PLACEHOLDER = "解答は後で配布します。"
SOLUTION_TAG = "solution"
MANIFEST = ".make_student.json"

# A marker is a comment line of its own: "# BEGIN SOLUTION", "### END SOLUTION", ...
_MARKER = re.compile(r"^(?P<indent>[ \t]*)#+[ \t]*(?P<kind>BEGIN|END) SOLUTION[ \t]*$")
# Anything that looks like a marker but is not one is an error rather than a leak.
_MENTION = re.compile(r"\b(BEGIN|END)[ \t_]*SOLUTION", re.IGNORECASE)

# Cell metadata that only records the master's run; cleared with the outputs.
RUN_METADATA = ("execution", "collapsed", "scrolled")


class EditionError(ValueError):
    """The student edition cannot be built (bad masters, or a forbidden output folder)."""


class SolutionMarkerError(EditionError):
    """A solution region that the student edition cannot be made from."""


@dataclass(frozen=True)
class Region:
    """One solution region of a cell's source.

    Attributes
    ----------
    begin, end : int
        0-based line indices of the BEGIN and END marker lines.
    indent : str
        The markers' indentation ("" for a top-level region).
    """

    begin: int
    end: int
    indent: str


def find_regions(lines):
    """Locate the solution regions of a code cell.

    Parameters
    ----------
    lines : list of str
        The cell's source, split at newlines.

    Returns
    -------
    list of Region
        In order of appearance.

    Raises
    ------
    SolutionMarkerError
        Unbalanced, nested or malformed markers, END at another indentation, an empty region, or a
        region line indented less than its markers. The message starts with "line N:" (1-based).
    """
    regions = []
    open_at = None
    for i, line in enumerate(lines):
        marker = _MARKER.match(line)
        if marker is None:
            if _MENTION.search(line):
                raise SolutionMarkerError(
                    f"line {i + 1}: a solution marker must be a comment line of its own, "
                    f"'# BEGIN SOLUTION' or '# END SOLUTION'; got {line.strip()!r}"
                )
            continue
        if marker["kind"] == "BEGIN":
            if open_at is not None:
                raise SolutionMarkerError(
                    f"line {i + 1}: BEGIN SOLUTION inside the region opened at line "
                    f"{open_at + 1} (regions cannot nest)"
                )
            open_at = i
            continue
        if open_at is None:
            raise SolutionMarkerError(f"line {i + 1}: END SOLUTION without a BEGIN SOLUTION")
        indent = _MARKER.match(lines[open_at])["indent"]
        if marker["indent"] != indent:
            raise SolutionMarkerError(
                f"line {i + 1}: END SOLUTION indented {marker['indent']!r}, its BEGIN SOLUTION "
                f"(line {open_at + 1}) {indent!r}; the markers must share the indentation"
            )
        region = Region(open_at, i, indent)
        _check_body(lines, region)
        regions.append(region)
        open_at = None
    if open_at is not None:
        raise SolutionMarkerError(f"line {open_at + 1}: BEGIN SOLUTION without an END SOLUTION")
    return regions


def _check_body(lines, region):
    body = lines[region.begin + 1 : region.end]
    code = [line for line in body if line.strip() and not line.strip().startswith("#")]
    if not code:
        raise SolutionMarkerError(
            f"line {region.begin + 1}: the solution region is empty (no code between the markers)"
        )
    for offset, line in enumerate(body):
        if line.strip() and not line.startswith(region.indent):
            raise SolutionMarkerError(
                f"line {region.begin + 2 + offset}: indented less than the region's markers"
            )


def _python_source(source):
    """The cell's source as plain Python (IPython magics turned into calls, line for line)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # pragma: no cover - IPython comes with ipykernel, a dependency
        return source
    return TransformerManager().transform_cell(source)


def _parse(source, what):
    try:
        return ast.parse(_python_source(source))
    except SyntaxError as err:
        raise SolutionMarkerError(
            f"line {err.lineno}: the {what} is not valid Python ({err.msg})"
        ) from None


def _enclosing_function(tree, lineno):
    """Name of the innermost function whose body spans 1-based line ``lineno``, or None."""
    name, start = None, -1
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if node.lineno < lineno <= node.end_lineno and node.lineno > start:
                name, start = node.name, node.lineno
    return name


def _assigned_names(lines, region):
    """Names a top-level region assigns, in order of first assignment; rejects anything else."""
    body = "\n".join(lines[region.begin + 1 : region.end])
    try:
        tree = ast.parse(body)
    except SyntaxError as err:
        raise SolutionMarkerError(
            f"line {region.begin + 1 + (err.lineno or 1)}: the solution region is not valid "
            f"Python ({err.msg})"
        ) from None
    names = []
    for statement in tree.body:
        targets = _plain_targets(statement)
        if targets is None:
            raise SolutionMarkerError(
                f"line {region.begin + 1 + statement.lineno}: a top-level solution region may "
                f"only assign to plain names (name = value); got a {type(statement).__name__} "
                "statement"
            )
        names += [name for name in targets if name not in names]
    return names


def _plain_targets(statement):
    """Names assigned by ``a = ...``, ``a = b = ...``, ``a, b = ...`` or ``a: T = ...``; else None."""
    if isinstance(statement, ast.AnnAssign):
        if isinstance(statement.target, ast.Name) and statement.value is not None:
            return [statement.target.id]
        return None
    if not isinstance(statement, ast.Assign):
        return None
    names = []
    for target in statement.targets:
        elements = target.elts if isinstance(target, ast.Tuple | ast.List) else [target]
        if not all(isinstance(element, ast.Name) for element in elements):
            return None
        names += [element.id for element in elements]
    return names


def blank_source(source):
    """A code cell's source with every solution region replaced by its blank.

    Parameters
    ----------
    source : str
        The master cell's source.

    Returns
    -------
    student : str
        The student cell's source (``source`` itself when the cell has no region).
    n_regions : int
        How many regions were replaced.

    Raises
    ------
    SolutionMarkerError
        The regions are malformed (see ``find_regions``), an indented region lies outside any
        function, a top-level region holds anything but assignments to plain names, or the cell is
        not valid Python before or after the replacement.
    """
    lines = source.split("\n")
    regions = find_regions(lines)
    if not regions:
        return source, 0
    tree = _parse(source, "cell")
    out, done = [], 0
    for region in regions:
        out += lines[done : region.begin]
        out += _stub(lines, region, tree)
        done = region.end + 1
    out += lines[done:]
    student = "\n".join(out)
    _parse(student, "cell after blanking")
    return student, len(regions)


def _stub(lines, region, tree):
    indent = region.indent
    if not indent:
        names = _assigned_names(lines, region)
        return [f"{name} = ...  {BLANK_COMMENT}" for name in names]
    function = _enclosing_function(tree, region.begin + 1)
    if function is None:
        raise SolutionMarkerError(
            f"line {region.begin + 1}: an indented solution region must lie inside a function "
            "the student completes (def ...:)"
        )
    message = f"演習: {function} を完成させてください"
    return [indent + BLANK_COMMENT, f'{indent}raise NotImplementedError("{message}")']


def student_notebook(master, name="notebook"):
    """The student edition of one notebook.

    Parameters
    ----------
    master : nbformat.NotebookNode
        The master notebook (left unchanged).
    name : str
        How errors name the notebook (its path).

    Returns
    -------
    student : nbformat.NotebookNode
        A copy with blanks for the solution regions, placeholders for the solution markdown
        cells, and no outputs.
    n_regions : int
        The number of solution regions replaced (the exercises).

    Raises
    ------
    SolutionMarkerError
        Naming the notebook, the cell (index and id) and the line of the first problem.
    """
    student = copy.deepcopy(master)
    student.metadata.pop("widgets", None)
    n_regions = 0
    for index, cell in enumerate(student.cells):
        where = f"{name}, cell {index}" + (f" (id {cell['id']})" if "id" in cell else "")
        try:
            if cell.cell_type == "code":
                cell.source, n = blank_source(cell.source)
                if n == 0 and is_solution_cell(cell):
                    raise SolutionMarkerError(
                        "a code cell tagged 'solution' must mark its answer with "
                        "'# BEGIN SOLUTION' and '# END SOLUTION'"
                    )
                n_regions += n
                cell.outputs = []
                cell.execution_count = None
                for key in RUN_METADATA:
                    cell.metadata.pop(key, None)
            elif is_solution_cell(cell):
                cell.source = placeholder(cell)
                cell.pop("attachments", None)
            else:
                _reject_markers(cell)
        except SolutionMarkerError as err:
            raise SolutionMarkerError(f"{where}, {err}") from None
    return student, n_regions


def is_solution_cell(cell):
    """True for a cell tagged ``solution`` (or marked ``metadata.nbgrader.solution``)."""
    nbgrader = cell.metadata.get("nbgrader", {})
    return SOLUTION_TAG in cell.metadata.get("tags", []) or (
        isinstance(nbgrader, dict) and nbgrader.get("solution") is True
    )


def placeholder(cell):
    """What the student edition shows instead of a solution markdown cell.

    ``metadata.lecnn.placeholder`` of the cell if given (a non-empty string), else
    ``PLACEHOLDER``.
    """
    own = cell.metadata.get("lecnn", {}).get("placeholder", PLACEHOLDER)
    if not isinstance(own, str) or not own.strip():
        raise SolutionMarkerError(
            f"metadata lecnn.placeholder must be a non-empty string; got {own!r}"
        )
    return own


def _reject_markers(cell):
    for i, line in enumerate(cell.source.split("\n")):
        if _MARKER.match(line):
            raise SolutionMarkerError(
                f"line {i + 1}: solution markers belong in code cells, not in a "
                f"{cell.cell_type} cell"
            )


def master_notebooks(src):
    """The numbered notebooks ``src/NN_*.ipynb``, sorted.

    Parameters
    ----------
    src : str or Path

    Returns
    -------
    list of Path
    """
    src = Path(src)
    if not src.is_dir():
        raise FileNotFoundError(f"expected a directory of notebooks, got {str(src)!r}")
    return sorted(src.glob(NOTEBOOK_GLOB))


@dataclass(frozen=True)
class Outcome:
    """What ``build`` did for one file of the output folder.

    Attributes
    ----------
    action : str
        "new" (written where nothing was), "updated" (overwrote a file this tool wrote and nobody
        changed), "unchanged" (the file already holds this edition), "beside" (the notebook's
        own name holds a changed or unknown file, kept; the edition went to ``path``),
        "removed" (a file this tool wrote, unchanged, that the edition no longer has),
        "kept" (a file this tool wrote that the edition no longer has, changed since: left
        alone).
    path : Path
        The file concerned (for "beside", where the new edition is).
    n_regions : int
        Exercises in the notebook (0 for "removed" and "kept").
    kept : tuple of Path
        For "beside": the files left in place under the notebook's name(s).
    why : tuple of str
        For "beside": why each of ``kept`` was left ("changed" or "unknown").
    """

    action: str
    path: Path
    n_regions: int = 0
    kept: tuple = field(default=())
    why: tuple = field(default=())

    def message(self):
        exercises = f"{self.n_regions} exercise{'s' if self.n_regions != 1 else ''}"
        if self.action == "beside":
            reasons = {
                "changed": "changed since make_student wrote it",
                "unknown": "not written by make_student",
            }
            kept = "; ".join(
                f"{p.name} ({reasons[w]})" for p, w in zip(self.kept, self.why, strict=True)
            )
            return (
                f"{self.path}  ({exercises}, new edition) written beside what is there, left as "
                f"it is: {kept}"
            )
        if self.action == "removed":
            return (
                f"{self.path}  removed: no master any more, unchanged since make_student wrote it"
            )
        if self.action == "kept":
            return f"{self.path}  kept: no master any more, but changed since make_student wrote it"
        return f"{self.path}  ({exercises}, {self.action})"


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path):
    try:
        return _sha256(path.read_bytes())
    except (IsADirectoryError, PermissionError):
        return None


def _write_atomic(path, data):
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check_folders(src, dest):
    """Refuse an output folder that is, lies inside, or contains the master folder.

    Raises
    ------
    EditionError
    """
    master, out = Path(src).resolve(), Path(dest).resolve()
    if out == master or master in out.parents:
        raise EditionError(
            f"the output folder {dest} is the master folder {src} or lies inside it: the "
            "edition would overwrite or sit among the model answers; choose another folder "
            "(make student uses dist/student)"
        )
    if out in master.parents:
        raise EditionError(
            f"the output folder {dest} contains the master folder {src}: handing it out would "
            "hand out the model answers; choose another folder (make student uses dist/student)"
        )


def _edition(path):
    """The student edition of the master at ``path`` as file contents, and its exercises."""
    try:
        master = nbformat.read(path, as_version=4)
        nbformat.validate(master)
    except (ValueError, KeyError, TypeError, AttributeError, nbformat.ValidationError) as err:
        first = str(err).strip().split("\n")[0]
        raise EditionError(f"{path}: not a valid notebook ({first})") from None
    student, n_regions = student_notebook(master, str(path))
    nbformat.validate(student)
    text = nbformat.writes(student)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8"), n_regions


def read_manifest(dest):
    """The files this tool wrote in ``dest``: name -> {"sha256": ..., "master": ...}.

    An unreadable manifest counts as empty (every existing file is then treated as unknown).
    """
    try:
        files = json.loads((Path(dest) / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(files, dict):
        return {}
    return {
        name: entry
        for name, entry in files.items()
        if isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
    }


def _candidates(name):
    """The notebook's own name, then the names beside it: NN_x.new.ipynb, NN_x.new2.ipynb, ..."""
    stem = name[: -len(".ipynb")]
    yield name
    yield f"{stem}.new.ipynb"
    n = 2
    while True:
        yield f"{stem}.new{n}.ipynb"
        n += 1


def build(src, dest):
    """Write the student edition of every numbered notebook in ``src`` to ``dest``.

    Every master is read, validated and converted in memory before anything is written. A file
    in ``dest`` is overwritten only if the manifest ``dest/.make_student.json`` lists it with the SHA-256 it
    still has (this tool wrote it and nobody changed it since); otherwise it stays as it is and the
    edition goes beside it (``NN_x.new.ipynb``, ...). Files the tool wrote and nobody changed that
    the edition no longer has are removed; nothing else is ever deleted. Each file is written to
    a temporary file and renamed over its target.

    Parameters
    ----------
    src, dest : str or Path
        The masters' directory and the edition's directory (created if missing).

    Returns
    -------
    list of Outcome
        One per notebook of the edition, in order, then one per file removed or left alone.

    Raises
    ------
    EditionError
        Listing every invalid master and malformed region found, one per line (nothing is then
        written), or refusing an output folder that is, lies inside or contains ``src``.
    FileNotFoundError
        If ``src`` is not a directory.
    """
    masters = master_notebooks(src)
    check_folders(src, dest)
    editions, errors = {}, []
    for path in masters:
        try:
            editions[path.name] = _edition(path)
        except EditionError as err:
            errors.append(str(err))
    if errors:
        raise EditionError("\n".join(errors))
    if not editions:
        return []
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(dest)
    ours, outcomes = {}, []
    for name, (data, n_regions) in editions.items():
        digest, kept, why = _sha256(data), [], []
        for candidate in _candidates(name):
            target = dest / candidate
            current = _file_sha256(target) if target.exists() else ""
            recorded = manifest.get(candidate, {}).get("sha256")
            if current == digest:
                action = "unchanged"
            elif current == "":
                action = "new"
            elif current is not None and recorded == current:
                action = "updated"
            else:
                kept.append(target)
                why.append("changed" if recorded else "unknown")
                continue
            if action != "unchanged":
                _write_atomic(target, data)
            ours[candidate] = {"sha256": digest, "master": name}
            action = "beside" if kept else action
            outcomes.append(Outcome(action, target, n_regions, tuple(kept), tuple(why)))
            break
    reported = {path.name for outcome in outcomes for path in outcome.kept}
    for name, entry in sorted(manifest.items()):
        path = dest / name
        if name in ours or name in reported or not path.is_file():
            continue
        if _file_sha256(path) == entry["sha256"]:
            path.unlink()
            outcomes.append(Outcome("removed", path))
        else:
            outcomes.append(Outcome("kept", path))
    record = {
        "about": "files written by tools/make_student.py, with their SHA-256; a file listed "
        "here is overwritten only while it still has this hash",
        "files": dict(sorted(ours.items())),
    }
    _write_atomic(dest / MANIFEST, (json.dumps(record, indent=1) + "\n").encode("utf-8"))
    return outcomes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("src", help="directory of the master notebooks (NN_*.ipynb)")
    parser.add_argument("dest", help="directory for the student edition")
    args = parser.parse_args(argv)
    try:
        outcomes = build(args.src, args.dest)
    except (EditionError, OSError) as err:
        print(f"make_student: {err}", file=sys.stderr)
        return 1
    if not outcomes:
        print(f"make_student: no numbered notebooks in {args.src}: nothing to build")
    for outcome in outcomes:
        print(outcome.message())
    return 0


if __name__ == "__main__":
    sys.exit(main())
