"""The student edition of one notebook: solution regions blanked, solution cells replaced, outputs cleared.

``student_notebook`` turns a master notebook into the student's:

- each solution region of a code cell is replaced by a marked blank (see below),
- every output and execution count is cleared, together with the cell metadata that only records
  the master's run (``execution`` timings, ``collapsed``/``scrolled``) and the notebook's saved
  widget state (``metadata.widgets``),
- everything else stays: the same cells in the same order, cell ids, tags, markdown, the rest of
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
anything but assignments to names, a marker line in a markdown or raw cell.

Markdown (and raw) cells tagged ``solution`` (nbgrader's convention for solution cells) are
replaced by a placeholder line: the cell's ``metadata.lecnn.placeholder`` if it has one, else
``PLACEHOLDER``. A code cell tagged ``solution`` must mark its answer with the markers above.

``tools/make_student.py`` writes the edition of every numbered notebook to a folder.
"""

import ast
import copy
import re
from dataclasses import dataclass

from IPython.core.inputtransformer2 import TransformerManager

BLANK_COMMENT = "# ここにコードを書く"
PLACEHOLDER = "解答は後で配布します。"
SOLUTION_TAG = "solution"

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


# LaTeX as it reads: the answer patterns are written for the Unicode forms (W̃_{k+1}ᵀ δ_{k+1} ⊙ ...)
_LATEX = [
    (r"\$", ""),
    (r"\\(?:boldsymbol|mathbf|mathrm|bm)\{([^{}]*)\}", r"\1"),
    (r"\\tilde\s*\{\s*W\s*\}|\\tilde\s*W", "W̃"),
    (r"\^\s*\{?\s*\\top\s*\}?|\^\s*\{?\s*T\s*\}(?!\w)", "ᵀ"),
    (r"\\left|\\right|\\[,;!]|\\quad", ""),
    (r"\\delta(?![A-Za-z])", "δ"),
    (r"\\odot(?![A-Za-z])", "⊙"),
    (r"\\nabla(?![A-Za-z])", "∇"),
    (r"\\sum(?![A-Za-z])", "Σ"),
    (r"\\partial(?![A-Za-z])", "∂"),
    (r"\\Delta(?![A-Za-z])", "Δ"),
    (r"\\max(?![A-Za-z])", "max"),
    (r"\\[{}]", lambda m: m.group(0)[1]),
    (r"[ \t]+", " "),
]


def readable(text):
    """``text`` with its LaTeX written out in the Unicode forms the answer patterns use."""
    for pattern, replacement in _LATEX:
        text = re.sub(pattern, replacement, text)
    return text


KNOWN_LEAKS = {
    ("01_review.ipynb", "06-1", "W̃_{k+1}ᵀδ_{k+1} ⊙"),
    ("10_pytorch.ipynb", "10-1", "weight` は W̃_k"),
    ("10_pytorch.ipynb", "10-1", "bias` は W_k の列 0"),
}
"""Leaks (notebook, exercise id, the matched text) in prose that issue 20 has rewritten (01's
vanishing-gradient paragraph, 10's まとめ); reported by ``known_leaks`` instead of refused until
the text is fixed. A test fails once an entry no longer leaks, so the list only shrinks."""


def _matches(editions, exercises=None):
    """(notebook, cell index, exercise, matched text) for every answer pattern found."""
    if exercises is None:
        import lecnn.checks  # noqa: PLC0415 (the tools run without lecnn until an edition is built)

        exercises = lecnn.checks.EXERCISES.values()
    for exercise in exercises:
        patterns = [re.compile(p) for p in exercise.answer_patterns]
        for name, notebook in sorted(editions.items()):
            if name[:2] > exercise.notebook:
                continue
            for index, cell in enumerate(notebook.cells):
                text = cell.source + "\n" + readable(cell.source)
                for pattern in patterns:
                    found = pattern.search(text)
                    if found:
                        yield name, index, exercise, found.group(0)


def known_leaks(editions):
    """The entries of ``KNOWN_LEAKS`` still found in ``editions``."""
    return {(name, e.id, text) for name, _, e, text in _matches(editions)} & KNOWN_LEAKS


def answer_leaks(editions, exercises=None):
    """Where an exercise's answer shows in the student edition, outside its solution regions.

    An exercise's ``answer_patterns`` (regular expressions of how its answer reads: formula,
    code) may appear in no cell of its own notebook or of an earlier one, once the solution
    regions are blanked and the solution cells replaced; a cell's LaTeX is also read in the
    Unicode forms (``readable``). ``KNOWN_LEAKS`` are left out.

    Parameters
    ----------
    editions : dict
        Notebook file name ("06_backpropagation.ipynb") -> its student edition (NotebookNode).
    exercises : iterable of lecnn.checks.Exercise, optional
        Default: every exercise of the series (``lecnn.checks.EXERCISES``).

    Returns
    -------
    list of str
        One line per leak, naming the notebook, the cell, the exercise and what matched.
    """
    return [
        f"{name}, cell {index}: the answer of 演習 {e.id} ({e.title}) shows outside its "
        f"solution region: {text!r}"
        for name, index, e, text in _matches(editions, exercises)
        if (name, e.id, text) not in KNOWN_LEAKS
    ]
