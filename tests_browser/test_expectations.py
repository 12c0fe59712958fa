"""The browser tests' own bookkeeping, without a browser: expectations from stored outputs, and
the messages that name the notebook and the cell."""

import nbformat

from .checks import cell_problems, error_summary, saved_error_problems
from .expectations import WIDGET_STATE, WIDGET_VIEW, notebook_expectations, stored_errors

PNG = {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}


def _view(model_id):
    return {WIDGET_VIEW: {"model_id": model_id, "version_major": 2, "version_minor": 0}}


def _notebook(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# title"),
        nbformat.v4.new_code_cell("plot()"),
        nbformat.v4.new_code_cell("interact(f)"),
        nbformat.v4.new_code_cell("1 / 0"),
        nbformat.v4.new_code_cell("html_and_png()"),
    ]
    nb.cells[1].outputs = [nbformat.v4.new_output("display_data", data=PNG)] * 2
    nb.cells[2].outputs = [nbformat.v4.new_output("display_data", data=_view("box"))]
    nb.cells[3].outputs = [
        nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero")
    ]
    nb.cells[3].metadata["tags"] = ["raises-exception"]
    nb.cells[4].outputs = [
        nbformat.v4.new_output("display_data", data={**PNG, "text/html": "<b>table</b>"})
    ]
    for count, cell in enumerate(nb.cells[1:], start=1):
        cell.execution_count = count
    nb.cells.append(nbformat.v4.new_code_cell("  \n"))  # blank: JupyterLab does not run it
    out = {"model_name": "OutputModel", "state": {"outputs": [{"data": PNG}, {"data": PNG}]}}
    nb.metadata["widgets"] = {
        WIDGET_STATE: {
            "state": {
                "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_out"]}},
                "out": out,
            }
        }
    }
    path = tmp_path / "01_x.ipynb"
    nbformat.write(nb, str(path))
    return path


def test_expectations_count_figures_widgets_and_tags(tmp_path):
    exp = notebook_expectations(_notebook(tmp_path))
    assert [(e.cell_type, e.images, e.widgets, e.may_raise) for e in exp] == [
        ("markdown", 0, 0, False),
        ("code", 2, 0, False),
        ("code", 2, 1, False),  # the two figures inside the interact's Output widget
        ("code", 0, 0, True),
        ("code", 0, 0, False),  # JupyterLab shows the HTML, not the PNG
        ("code", 0, 0, False),
    ]
    assert [e.blank for e in exp] == [False] * 5 + [True]
    assert exp[1].describe() == 'cell 1 (code: "plot()")'


def test_stored_errors_name_the_cell(tmp_path):
    assert stored_errors(_notebook(tmp_path)) == [(3, "ZeroDivisionError: division by zero")]


def _shown(index, code=True, prompt="[1]:", errors=(), images=0, widgets=0):
    return {
        "index": index,
        "code": code,
        "prompt": prompt,
        "errors": list(errors),
        "imagesShown": images,
        "imagesBroken": 0,
        "widgetsShown": widgets,
        "widgetProblems": [],
    }


def test_cell_problems_name_notebook_and_cell(tmp_path):
    exp = notebook_expectations(_notebook(tmp_path))
    good = [
        _shown(0, code=False, prompt=""),
        _shown(1, images=2),
        _shown(2, images=2, widgets=1),
        _shown(3, errors=["ZeroDivisionError  Traceback (most recent call last)\n..."]),
        _shown(4),
        _shown(5, prompt="[ ]:"),
    ]
    assert cell_problems("nb.ipynb", exp, good) == []
    bad = [
        good[0],
        _shown(1, images=1),
        _shown(2, images=2, widgets=0, errors=["Traceback ...\nKeyError: 'x'"]),
        _shown(3, prompt="[ ]:"),
        _shown(4, prompt="[ ]:"),
        good[5],
    ]
    problems = [str(p) for p in cell_problems("nb.ipynb", exp, bad)]
    assert problems == [
        'nb.ipynb cell 1 (code: "plot()"): shows 1 figures, expected 2',
        "nb.ipynb cell 2 (code: \"interact(f)\"): shows an error: KeyError: 'x'",
        'nb.ipynb cell 2 (code: "interact(f)"): shows 0 widget views, expected 1',
        'nb.ipynb: 2 code cells did not run, from cell 3 (code: "1 / 0") '
        '(the run stopped after cell 2 (code: "interact(f)"))',
    ]


def test_a_notebook_without_stored_outputs_is_a_problem(tmp_path):
    path = _notebook(tmp_path)
    nb = nbformat.read(str(path), as_version=4)
    nb.cells[2].execution_count = None
    nbformat.write(nb, str(path))
    exp = notebook_expectations(path)
    shown = [_shown(0, code=False, prompt="")] + [
        _shown(i, images=2, widgets=1) for i in range(1, 6)
    ]
    problems = cell_problems("nb.ipynb", exp, shown)
    assert [(p.kind, p.text[:60]) for p in problems] == [
        ("stored", "nb.ipynb: 1 code cells have no stored output (no execution c")
    ]
    assert 'from cell 2 (code: "interact(f)")' in problems[0].text


def test_saved_errors_allowed_only_where_tagged(tmp_path):
    exp = notebook_expectations(_notebook(tmp_path))
    errors = [(3, "ZeroDivisionError: division by zero"), (1, "ValueError: bad")]
    assert saved_error_problems("nb.ipynb", exp, errors) == [
        'nb.ipynb cell 1 (code: "plot()"): raised ValueError: bad'
    ]


def test_error_summary_takes_the_exception_line():
    traceback = (
        "-----\nZeroDivisionError                         Traceback (most recent call last)\n"
        "Cell In[2], line 1\n----> 1 1 / 0\n\nZeroDivisionError: division by zero\n"
    )
    assert error_summary(traceback) == "ZeroDivisionError: division by zero"
