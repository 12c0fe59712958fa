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
anything but assignments to names, a marker line in a markdown or raw cell. Every notebook is
checked before anything is written, so a malformed master leaves no half-made edition.

Why nbformat and not nbgrader: nbgrader 0.9.6 does download from the package index here, and its
``ClearSolutions`` preprocessor is where the marker convention comes from, but it is not a plain
library: (a) ``import nbgrader`` already loads its Jupyter server extensions (formgrader, assignment
list), ``nbgrader.preprocessors`` imports the SQLAlchemy gradebook, and installing it adds alembic,
SQLAlchemy and rapidfuzz and pins jupyter-client < 9, notebook < 8 and jupyterlab < 5 — a
database/server stack this project otherwise has no use for; (b) it knows one stub per language
(``# YOUR CODE HERE`` / ``raise NotImplementedError()``), so the second shape (``name = ...``) would
need a subclass anyway; (c) it refuses regions in cells without nbgrader's cell metadata unless that
check is turned off, and it takes any line *containing* the delimiter for a marker, so a typo such as
``# begin solution`` is silently kept and a string that mentions the delimiter is cut. The
transformation here is a few dozen lines over nbformat (a test dependency, installed by ``make``) and
validates more strictly than nbgrader does.
"""

import argparse
import ast
import copy
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

BLANK_COMMENT = "# ここにコードを書く"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"

# A marker is a comment line of its own: "# BEGIN SOLUTION", "### END SOLUTION", ...
_MARKER = re.compile(r"^(?P<indent>[ \t]*)#+[ \t]*(?P<kind>BEGIN|END) SOLUTION[ \t]*$")
# Anything that looks like a marker but is not one is an error rather than a leak.
_MENTION = re.compile(r"\b(BEGIN|END)[ \t_]*SOLUTION", re.IGNORECASE)

# Cell metadata that only records the master's run; cleared with the outputs.
RUN_METADATA = ("execution", "collapsed", "scrolled")


class SolutionMarkerError(ValueError):
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
        A copy with blanks for the solutions and no outputs.
    n_regions : int
        The number of solution regions replaced.

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
                n_regions += n
                cell.outputs = []
                cell.execution_count = None
                for field in RUN_METADATA:
                    cell.metadata.pop(field, None)
            else:
                _reject_markers(cell)
        except SolutionMarkerError as err:
            raise SolutionMarkerError(f"{where}, {err}") from None
    return student, n_regions


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


def build(src, dest):
    """Write the student edition of every numbered notebook in ``src`` to ``dest``.

    Every notebook is converted before anything is written; numbered notebooks in ``dest`` that
    have no master any more are removed (nothing else there is touched).

    Parameters
    ----------
    src, dest : str or Path
        The masters' directory and the edition's directory (created if missing).

    Returns
    -------
    dict of Path to int
        Each written notebook and its number of exercises (solution regions).

    Raises
    ------
    SolutionMarkerError
        Listing every malformed region found, one per line.
    """
    editions, errors = {}, []
    for path in master_notebooks(src):
        try:
            editions[path.name] = student_notebook(nbformat.read(path, as_version=4), str(path))
        except SolutionMarkerError as err:
            errors.append(str(err))
    if errors:
        raise SolutionMarkerError("\n".join(errors))
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for stale in dest.glob(NOTEBOOK_GLOB):
        if stale.name not in editions:
            stale.unlink()
    written = {}
    for filename, (notebook, n_regions) in editions.items():
        nbformat.validate(notebook)
        nbformat.write(notebook, dest / filename)
        written[dest / filename] = n_regions
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("src", help="directory of the master notebooks (NN_*.ipynb)")
    parser.add_argument("dest", help="directory for the student edition")
    args = parser.parse_args(argv)
    try:
        written = build(args.src, args.dest)
    except (SolutionMarkerError, FileNotFoundError) as err:
        print(f"make_student: {err}", file=sys.stderr)
        return 1
    if not written:
        print(f"make_student: no numbered notebooks in {args.src}: nothing to build")
    for path, n_regions in written.items():
        print(f"{path}  ({n_regions} exercise{'s' if n_regions != 1 else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
