"""tools/build_site.py without a browser: what the site makes of a notebook, and where it writes.

Here rather than in tests/: the site's packages (the `site` extra) are installed by `make site`,
which `make test-browser` runs first; `make test` does not install them.
"""

import build_site
import nbformat
import pytest

from .servers import ROOT

ANSWER = "return 1 - np.tanh(u) ** 2  # the model answer"
WORKED = "**解答.** 商の微分公式より、導関数は 1 から tanh の二乗を引いたものです。"


def _master():
    nb = nbformat.v4.new_notebook()
    exercise = nbformat.v4.new_code_cell(
        "def tanh_derivative(u):\n    # BEGIN SOLUTION\n    " + ANSWER + "\n    # END SOLUTION"
    )
    exercise.outputs = [nbformat.v4.new_output("stream", text="answer output\n")]
    worked = nbformat.v4.new_markdown_cell(WORKED, metadata={"tags": ["solution"]})
    widget = nbformat.v4.new_code_cell("panel")
    widget.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                "application/vnd.jupyter.widget-view+json": {"model_id": "x"},
                "text/plain": "Panel",
            },
        ),
        nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "still"}),
    ]
    link = nbformat.v4.new_markdown_cell(
        "[アプリ](http://127.0.0.1:8866/?state=x) を開く。`make app  # http://127.0.0.1:8866/`"
    )
    nb.cells = [exercise, worked, widget, link]
    nb.metadata["widgets"] = {"state": {}}
    return nb


def _text(nb):
    return "\n".join(cell.source for cell in nb.cells)


def test_with_answers_each_answer_is_folded_after_the_blank():
    nb = build_site.site_notebook(_master(), answers=True)
    sources = [cell.source for cell in nb.cells]
    assert "raise NotImplementedError" in sources[0] and ANSWER not in sources[0]
    assert nb.cells[0].outputs == []
    for folded, text in ((sources[1], ANSWER), (sources[2], WORKED)):
        assert folded.startswith(":::{dropdown} 解答を表示\n:class-container: lecnn-answer\n")
        assert text in folded
    assert "BEGIN SOLUTION" not in _text(nb)


def test_without_answers_nothing_of_them_is_left():
    master = _master()
    nb = build_site.site_notebook(master, answers=False)
    text = _text(nb) + str([cell.get("outputs") for cell in nb.cells])
    assert ANSWER not in text and WORKED not in text and "answer output" not in text
    assert "解答は後で配布します。" in text
    assert "lecnn-answer" not in text
    assert ANSWER in _text(master)  # the master is left as it was


def test_widget_views_and_app_links_are_replaced():
    nb = build_site.site_notebook(_master(), answers=False)
    outputs = nb.cells[2].outputs
    assert [list(out["data"]) for out in outputs] == [["image/png", "text/plain"]]
    assert "widgets" not in nb.metadata
    link = nb.cells[3].source
    assert "](http" not in link and "make app" in link
    assert link.startswith("アプリ (このサイトからは開けません。")
    assert link.endswith("`make app  # http://127.0.0.1:8866/`")  # code stays as written


def test_a_folder_the_tool_did_not_build_is_refused(tmp_path):
    foreign = tmp_path / "site"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(build_site.SiteError, match="not a site built by this tool"):
        build_site.build(foreign)
    assert (foreign / "notes.txt").read_text() == "mine"
    for folder in (ROOT, ROOT / "notebooks" / "site", ROOT.parent):
        with pytest.raises(build_site.SiteError, match="refusing to build the site into"):
            build_site.build(folder)
