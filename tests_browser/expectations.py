"""What a notebook's stored outputs say the browser must show, cell by cell.

The notebooks are committed executed (nbval needs that), so their stored outputs tell how many
figures and widget views each cell produces; a fresh run in the browser must show at least as
many. Figures drawn inside an ``Output`` widget (``interact``) are found through the widget state
that is saved in the notebook's metadata.
"""

from dataclasses import dataclass

import nbformat

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

# The order in which JupyterLab picks a renderer for a display_data / execute_result (its
# standard renderers' ranks): the first mimetype present is the one shown.
PREFERRED_MIMETYPES = (
    WIDGET_VIEW,
    "application/javascript",
    "text/html",
    "text/markdown",
    "text/latex",
    "image/svg+xml",
    "image/bmp",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/json",
    "text/plain",
)
IMAGE_MIMETYPES = frozenset(m for m in PREFERRED_MIMETYPES if m.startswith("image/"))


@dataclass(frozen=True)
class CellExpectation:
    """What one cell must show after a fresh run.

    Attributes
    ----------
    index : int
        Position in the notebook, 0-based (the number the failure messages use).
    cell_type : str
        "code", "markdown" or "raw".
    source_head : str
        The cell's first non-empty line, to recognise it in a message.
    images : int
        Figures: stored image outputs, plus images inside the Output widgets of its widget views.
    widgets : int
        Widget views among its stored outputs.
    may_raise : bool
        Tagged ``raises-exception``: an error here is expected and allowed.
    blank : bool
        No code (JupyterLab does not run an empty cell).
    stored : bool
        Executed in the stored notebook (has an execution count): only then do its stored
        outputs say what the cell shows.
    """

    index: int
    cell_type: str
    source_head: str
    images: int
    widgets: int
    may_raise: bool
    blank: bool = False
    stored: bool = True

    def describe(self):
        """``cell 7 (code: "lecnn.plotting.plot_...")``, for failure messages."""
        return f'cell {self.index} ({self.cell_type}: "{self.source_head}")'


def shown_mimetype(output):
    """The mimetype JupyterLab renders for one stored output (None for stream/error output).

    Parameters
    ----------
    output : dict
        One nbformat output.

    Returns
    -------
    str or None
    """
    data = output.get("data") or {}
    for mimetype in PREFERRED_MIMETYPES:
        if mimetype in data:
            return mimetype
    return None


def is_still_picture(output):
    """Whether an output is the playground panel's still picture (shown only without the widget).

    Parameters
    ----------
    output : dict
        One nbformat output.

    Returns
    -------
    bool
    """
    return (output.get("metadata") or {}).get("lecnn", {}).get("still", False) is True


def _model_refs(value):
    """Model ids referenced (``"IPY_MODEL_<id>"``) anywhere inside a widget state value."""
    if isinstance(value, str):
        return [value[len("IPY_MODEL_") :]] if value.startswith("IPY_MODEL_") else []
    if isinstance(value, dict):
        return [ref for item in value.values() for ref in _model_refs(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in _model_refs(item)]
    return []


def images_in_widget(model_id, state, seen=None):
    """Images shown by the Output widgets reachable from one widget model, in the saved state.

    Parameters
    ----------
    model_id : str
    state : dict
        The notebook's saved widget state: model id -> {"model_name", "state", ...}.
    seen : set of str, optional
        Models already counted (the graph can share children).

    Returns
    -------
    int
    """
    seen = set() if seen is None else seen
    if model_id in seen or model_id not in state:
        return 0
    seen.add(model_id)
    model_state = state[model_id].get("state", {})
    count = 0
    if state[model_id].get("model_name") == "OutputModel":
        for output in model_state.get("outputs", []):
            if shown_mimetype(output) in IMAGE_MIMETYPES:
                count += 1
    for ref in _model_refs(model_state):
        count += images_in_widget(ref, state, seen)
    return count


def _source_head(source):
    for line in source.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= 60 else line[:57] + "..."
    return ""


def notebook_expectations(path):
    """What every cell of the notebook at ``path`` must show after a fresh run.

    Parameters
    ----------
    path : str or pathlib.Path
        An executed .ipynb (stored outputs present).

    Returns
    -------
    list of CellExpectation
        One per cell, in notebook order.
    """
    nb = nbformat.read(str(path), as_version=4)
    widget_state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    result = []
    for index, cell in enumerate(nb.cells):
        images = widgets = 0
        for output in cell.get("outputs", []):
            if is_still_picture(output):
                continue  # hidden where the live panel renders (lecnn.playground.still)
            mimetype = shown_mimetype(output)
            if mimetype in IMAGE_MIMETYPES:
                images += 1
            elif mimetype == WIDGET_VIEW:
                widgets += 1
                model_id = output["data"][WIDGET_VIEW].get("model_id", "")
                images += images_in_widget(model_id, widget_state)
        tags = cell.get("metadata", {}).get("tags", [])
        result.append(
            CellExpectation(
                index=index,
                cell_type=cell.cell_type,
                source_head=_source_head(cell.source),
                images=images,
                widgets=widgets,
                may_raise="raises-exception" in tags,
                blank=not cell.source.strip(),
                stored=cell.cell_type != "code" or cell.get("execution_count") is not None,
            )
        )
    return result


def stored_errors(path):
    """Error outputs saved in a notebook: (cell index, "EName: value") pairs.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    list of (int, str)
    """
    nb = nbformat.read(str(path), as_version=4)
    errors = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append((index, f"{output.get('ename')}: {output.get('evalue')}"))
    return errors
