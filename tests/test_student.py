"""The student edition (tools/make_student.py, tools/blank_solutions.py): the transformation, then
the real notebooks.

Part 1 tests the transformation on small notebooks made here with nbformat.

Part 2 runs on the numbered notebooks in notebooks/, built into a temporary folder: the edition
keeps every cell in order, each exercise is followed by a check that the master passes, and the
edition shows no line of any model answer. The tests are parametrized by notebook, so they cover
however many there are; with none at all they are reported as skipped with that reason (visible
in the -ra summary), never passed.

The student notebooks are run, top to bottom with their blanks unfilled, where students run them:
from the hand-out, installed as its README says (tests/test_handout.py, with ``_execute`` below).
"""

import copy
import io
import json
import keyword
import os
import re
import shutil
import subprocess
import sys
import tokenize
import warnings
from pathlib import Path

import blank_solutions
import ipykernel.kernelspec
import make_student
import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell
from traitlets import default

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "make_student.py"
NOTEBOOKS = ROOT / "notebooks"
MASTERS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))

BLANK_LINE = "# ここにコードを書く"
PLACEHOLDER = "解答は後で配布します。"
NOT_YET = "まだ実装されていません"
RIGHT = "✔ 正解です"
CELL_TIMEOUT = 120  # seconds, as nbval's --nbval-cell-timeout in the Makefile


# ---------------------------------------------------------------------------
# Part 1: the transformation, on synthetic notebooks
# ---------------------------------------------------------------------------

FUNCTION_CELL = '''\
import numpy as np


def softmax_jacobian(u):
    """∂f_j/∂u_k; u: shape (m,) -> (m, m)."""
    # BEGIN SOLUTION
    f = np.exp(u - u.max()) / np.exp(u - u.max()).sum()
    return np.diag(f) - np.outer(f, f)
    # END SOLUTION'''

FUNCTION_BLANK = '''\
import numpy as np


def softmax_jacobian(u):
    """∂f_j/∂u_k; u: shape (m,) -> (m, m)."""
    # ここにコードを書く
    raise NotImplementedError("演習: softmax_jacobian を完成させてください")'''


def _student_source(source):
    return blank_solutions.blank_source(source)[0]


def test_function_region_becomes_comment_and_raise_at_its_indentation():
    assert _student_source(FUNCTION_CELL) == FUNCTION_BLANK


def test_region_deeper_in_a_function_keeps_its_indentation_and_code_after_it():
    source = (
        "def step(W, delta, z, eta):\n"
        "    for k in range(len(W)):\n"
        "        # BEGIN SOLUTION\n"
        "        W[k] = W[k] - eta * delta[k] @ z[k].T\n"
        "        # END SOLUTION\n"
        "    return W\n"
    )
    assert _student_source(source) == (
        "def step(W, delta, z, eta):\n"
        "    for k in range(len(W)):\n"
        "        # ここにコードを書く\n"
        '        raise NotImplementedError("演習: step を完成させてください")\n'
        "    return W\n"
    )


def test_assignment_region_becomes_one_placeholder_per_name():
    source = (
        "sizes = [785, 256, 10]\n"
        "# BEGIN SOLUTION\n"
        "# the intercept adds one column per layer\n"
        "n_hidden = 785 * 256\n"
        "n_output = 257 * 10\n"
        "n_weights = n_hidden + n_output\n"
        "n_hidden = n_hidden + 0\n"
        "# END SOLUTION\n"
        "print(sizes)"
    )
    assert _student_source(source) == (
        "sizes = [785, 256, 10]\n"
        "n_hidden = ...  # ここにコードを書く\n"
        "n_output = ...  # ここにコードを書く\n"
        "n_weights = ...  # ここにコードを書く\n"
        "print(sizes)"
    )


def test_tuple_chained_and_annotated_assignments_name_each_target():
    source = "# BEGIN SOLUTION\na, b = 1, 2\nc = d = 3\ne: int = 4\n# END SOLUTION"
    assert _student_source(source) == "\n".join(
        f"{name} = ...  # ここにコードを書く" for name in "abcde"
    )


def test_several_regions_in_one_cell():
    source = (
        "def delta_step(W_next, delta_next, grad_f):\n"
        "    # BEGIN SOLUTION\n"
        "    return (W_next[:, 1:].T @ delta_next) * grad_f\n"
        "    # END SOLUTION\n"
        "\n"
        "\n"
        "def grad_W(delta, z):\n"
        "    ### BEGIN SOLUTION\n"
        "    return np.outer(delta, z)\n"
        "    ### END SOLUTION\n"
        "\n"
        "\n"
        "# BEGIN SOLUTION\n"
        "eta = 0.1\n"
        "# END SOLUTION\n"
    )
    student, n_regions = blank_solutions.blank_source(source)
    assert n_regions == 3
    assert student == (
        "def delta_step(W_next, delta_next, grad_f):\n"
        "    # ここにコードを書く\n"
        '    raise NotImplementedError("演習: delta_step を完成させてください")\n'
        "\n"
        "\n"
        "def grad_W(delta, z):\n"
        "    # ここにコードを書く\n"
        '    raise NotImplementedError("演習: grad_W を完成させてください")\n'
        "\n"
        "\n"
        "eta = ...  # ここにコードを書く\n"
    )


def test_nbgrader_style_markers_are_recognised():
    source = FUNCTION_CELL.replace("# BEGIN", "### BEGIN").replace("# END", "### END")
    assert _student_source(source) == FUNCTION_BLANK


def test_cell_with_magics_and_without_regions_is_unchanged():
    source = "%matplotlib inline\nx = 1  # a friend solution, not a marker\n!echo hi"
    assert blank_solutions.blank_source(source) == (source, 0)


def test_cell_with_a_magic_and_a_region():
    source = "%matplotlib inline\n" + FUNCTION_CELL
    assert _student_source(source) == "%matplotlib inline\n" + FUNCTION_BLANK


MALFORMED = {
    "begin without end": ("def f(x):\n    # BEGIN SOLUTION\n    return x", "line 2", "without"),
    "end without begin": ("def f(x):\n    return x\n    # END SOLUTION", "line 3", "without"),
    "nested": (
        "def f(x):\n    # BEGIN SOLUTION\n    # BEGIN SOLUTION\n    return x\n"
        "    # END SOLUTION\n    # END SOLUTION",
        "line 3",
        "nest",
    ),
    "empty": (
        "def f(x):\n    # BEGIN SOLUTION\n    # a comment only\n\n    # END SOLUTION",
        "",
        "empty",
    ),
    "for loop at top level": (
        "# BEGIN SOLUTION\ntotal = 0\nfor q in [1, 2]:\n    total += q\n# END SOLUTION",
        "line 3",
        "plain names",
    ),
    "call at top level": ("# BEGIN SOLUTION\nprint(1)\n# END SOLUTION", "line 2", "plain names"),
    "augmented assignment": ("# BEGIN SOLUTION\nn = 1\nn += 1\n# END SOLUTION", "line 3", "plain"),
    "attribute assignment": ("# BEGIN SOLUTION\nnet.eta = 0.1\n# END SOLUTION", "", "plain names"),
    "subscript assignment": ("# BEGIN SOLUTION\nW[0] = 0\n# END SOLUTION", "", "plain names"),
    "def at top level": (
        "# BEGIN SOLUTION\ndef f(x):\n    return x\n# END SOLUTION",
        "",
        "plain names",
    ),
    "indented outside a function": (
        "if True:\n    # BEGIN SOLUTION\n    x = 1\n    # END SOLUTION",
        "line 2",
        "inside a function",
    ),
    "end at another indentation": (
        "def f(x):\n    # BEGIN SOLUTION\n    return x\n# END SOLUTION",
        "line 4",
        "indent",
    ),
    "marker after code": ("def f(x):\n    return x  # BEGIN SOLUTION", "line 2", "own"),
    "lower-case marker": ("# begin solution\nx = 1\n# end solution", "line 1", "own"),
    "region body dedented": (
        "def f(x):\n    # BEGIN SOLUTION\n    y = x\nz = 2\n    # END SOLUTION",
        "line 4",
        "indented less",
    ),
    "region cut through a block": (
        "def f(x):\n    # BEGIN SOLUTION\n    if x:\n    # END SOLUTION\n        return x",
        "",
        "valid Python",
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_region_is_rejected_naming_the_line(case):
    source, where, fragment = MALFORMED[case]
    with pytest.raises(blank_solutions.SolutionMarkerError) as err:
        blank_solutions.blank_source(source)
    assert where in str(err.value) and fragment in str(err.value), str(err.value)


def _executed_code_cell(source, **metadata):
    return new_code_cell(
        source,
        execution_count=7,
        outputs=[nbformat.v4.new_output("stream", name="stdout", text="42\n")],
        metadata=metadata,
    )


def _master():
    nb = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
            "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}},
        }
    )
    nb.cells = [
        new_markdown_cell("# 演習\n$\\delta_k = \\tilde W_{k+1}^T \\delta_{k+1}$"),
        _executed_code_cell(
            FUNCTION_CELL,
            tags=["exercise"],
            execution={"iopub.execute_input": "2024-01-01T00:00:00Z"},
            scrolled=True,
            collapsed=False,
        ),
        _executed_code_cell("print(42)", tags=["nbval-ignore-output"]),
        new_raw_cell("raw text"),
    ]
    return nb


def test_notebook_outputs_and_counts_cleared_everything_else_kept():
    master = _master()
    before = nbformat.writes(master)
    student, n_regions = blank_solutions.student_notebook(master)
    assert nbformat.writes(master) == before, "the master was modified"
    assert n_regions == 1
    assert [c.cell_type for c in student.cells] == [c.cell_type for c in master.cells]
    assert [c.id for c in student.cells] == [c.id for c in master.cells]
    for cell in student.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert student.cells[0] == master.cells[0]  # markdown untouched
    assert student.cells[3] == master.cells[3]  # raw untouched
    assert student.cells[1].source == FUNCTION_BLANK
    assert student.cells[2].source == "print(42)"
    assert dict(student.cells[1].metadata) == {"tags": ["exercise"]}
    assert dict(student.cells[2].metadata) == {"tags": ["nbval-ignore-output"]}
    assert "widgets" not in student.metadata
    assert student.metadata.kernelspec == master.metadata.kernelspec
    assert student.metadata.language_info == master.metadata.language_info
    assert student.nbformat == master.nbformat and student.nbformat_minor == master.nbformat_minor
    nbformat.validate(student)


def test_marker_in_a_markdown_cell_is_rejected_but_a_mention_is_kept():
    nb = _master()
    nb.cells[0].source = "解答は `# BEGIN SOLUTION` と `# END SOLUTION` の間に書かれています。"
    student, _ = blank_solutions.student_notebook(nb)
    assert student.cells[0].source == nb.cells[0].source
    nb.cells[0].source = "# BEGIN SOLUTION\n答え\n# END SOLUTION"
    with pytest.raises(blank_solutions.SolutionMarkerError, match="markdown cell"):
        blank_solutions.student_notebook(nb)


def _write(path, nb):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def _names(folder):
    return sorted(p.name for p in folder.iterdir() if p.name != make_student.MANIFEST)


def test_build_writes_numbered_notebooks_only(tmp_path):
    src, dest = tmp_path / "notebooks", tmp_path / "dist" / "student"
    _write(src / "01_first.ipynb", _master())
    _write(src / "scratch.ipynb", _master())
    (dest / "notes.txt").parent.mkdir(parents=True)
    (dest / "notes.txt").write_text("kept")
    outcomes = make_student.build(src, dest)
    assert [(o.action, o.path, o.n_regions) for o in outcomes] == [
        ("new", dest / "01_first.ipynb", 1)
    ]
    assert _names(dest) == ["01_first.ipynb", "notes.txt"]
    student = nbformat.read(dest / "01_first.ipynb", as_version=4)
    assert student.cells[1].source == FUNCTION_BLANK


def _filled_in(path):
    """What a student's work does to a notebook: a filled-in blank, saved."""
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].source = nb.cells[1].source.replace(
        'raise NotImplementedError("演習: softmax_jacobian を完成させてください")', "return 42"
    )
    nbformat.write(nb, path)
    return path.read_bytes()


def test_second_build_keeps_what_students_wrote_and_puts_the_new_edition_beside(tmp_path):
    src, dest = tmp_path / "notebooks", tmp_path / "dist" / "student"
    _write(src / "01_first.ipynb", _master())
    make_student.build(src, dest)
    work = _filled_in(dest / "01_first.ipynb")
    copy = (dest / "01_first-Copy1.ipynb").write_bytes(work)
    (dest / "09_my_notes.ipynb").write_text('{"cells": []}')
    run = subprocess.run(
        [sys.executable, str(TOOL), str(src), str(dest)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert (dest / "01_first.ipynb").read_bytes() == work
    assert (dest / "01_first-Copy1.ipynb").read_bytes() == work and copy
    assert (dest / "09_my_notes.ipynb").read_text() == '{"cells": []}'
    beside = nbformat.read(dest / "01_first.new.ipynb", as_version=4)
    assert beside.cells[1].source == FUNCTION_BLANK
    assert "01_first.new.ipynb" in run.stdout, run.stdout
    assert "01_first.ipynb (changed since make_student wrote it)" in run.stdout, run.stdout
    # the student works in the new copy too: a third build keeps both
    work_new = _filled_in(dest / "01_first.new.ipynb")
    outcomes = make_student.build(src, dest)
    assert (dest / "01_first.ipynb").read_bytes() == work
    assert (dest / "01_first.new.ipynb").read_bytes() == work_new
    assert [(o.action, o.path.name) for o in outcomes] == [("beside", "01_first.new2.ipynb")]
    assert [p.name for p in outcomes[0].kept] == ["01_first.ipynb", "01_first.new.ipynb"]


def test_unchanged_files_it_wrote_are_updated_and_stale_ones_removed(tmp_path):
    src, dest = tmp_path / "notebooks", tmp_path / "student"
    _write(src / "01_first.ipynb", _master())
    _write(src / "02_second.ipynb", _master())
    _write(src / "03_third.ipynb", _master())
    make_student.build(src, dest)
    assert [o.action for o in make_student.build(src, dest)] == ["unchanged"] * 3
    changed = _master()
    changed.cells[0].source = "# 新しい説明"
    _write(src / "01_first.ipynb", changed)
    (src / "02_second.ipynb").unlink()
    (src / "03_third.ipynb").unlink()
    work = _filled_in(dest / "03_third.ipynb")
    outcomes = make_student.build(src, dest)
    assert [(o.action, o.path.name) for o in outcomes] == [
        ("updated", "01_first.ipynb"),
        ("removed", "02_second.ipynb"),
        ("kept", "03_third.ipynb"),
    ]
    assert nbformat.read(dest / "01_first.ipynb", as_version=4).cells[0].source == "# 新しい説明"
    assert _names(dest) == ["01_first.ipynb", "03_third.ipynb"]
    assert (dest / "03_third.ipynb").read_bytes() == work


def test_a_file_of_the_same_name_that_it_did_not_write_is_kept(tmp_path):
    src, dest = tmp_path / "notebooks", tmp_path / "student"
    _write(src / "01_first.ipynb", _master())
    dest.mkdir()
    (dest / "01_first.ipynb").write_text("a student's own file")
    (dest / make_student.MANIFEST).write_text("not json")
    outcomes = make_student.build(src, dest)
    assert (dest / "01_first.ipynb").read_text() == "a student's own file"
    assert [(o.action, o.path.name) for o in outcomes] == [("beside", "01_first.new.ipynb")]
    assert "01_first.ipynb (not written by make_student)" in outcomes[0].message()


def _victims(tmp_path):
    """Files outside the output folder, and manifest entries that name them."""
    victim = tmp_path / "victim.txt"
    victim.write_text("someone's file")
    digest = make_student._sha256(victim.read_bytes())
    deep = tmp_path / "notebooks_of_others" / "01_first.ipynb"
    deep.parent.mkdir()
    deep.write_text("another course's notebook")
    entries = {
        "../victim.txt": victim,
        str(victim): victim,  # an absolute path
        "../notebooks_of_others/01_first.ipynb": deep,  # a name with path separators
        "sub/01_first.ipynb": None,
        "01_x.ipynb\\..\\..\\victim.txt": None,
        "..": None,
        make_student.MANIFEST: None,
    }
    hashes = {
        name: {"sha256": make_student._sha256(path.read_bytes()) if path else digest}
        for name, path in entries.items()
    }
    return victim, deep, hashes


def test_manifest_entries_outside_the_output_folder_are_ignored_with_a_word(tmp_path, capsys):
    src, dest = tmp_path / "notebooks", tmp_path / "student"
    _write(src / "01_first.ipynb", _master())
    victim, deep, hashes = _victims(tmp_path)
    dest.mkdir()
    (dest / make_student.MANIFEST).write_text(json.dumps({"files": hashes}))
    assert make_student.main([str(src), str(dest)]) == 0
    out = capsys.readouterr().out
    assert victim.read_text() == "someone's file"
    assert deep.read_text() == "another course's notebook"
    for name in hashes:
        assert f"entry {name!r} ignored" in out, out
    assert _names(dest) == ["01_first.ipynb"]
    assert make_student.read_manifest(dest) == {
        "01_first.ipynb": {
            "sha256": make_student._sha256((dest / "01_first.ipynb").read_bytes()),
            "master": "01_first.ipynb",
        }
    }


def test_a_symbolic_link_in_the_output_folder_is_neither_replaced_nor_followed(tmp_path):
    src, dest = tmp_path / "notebooks", tmp_path / "student"
    _write(src / "01_first.ipynb", _master())
    _write(src / "02_second.ipynb", _master())
    make_student.build(src, dest)
    # Each written file is now a link to a file outside with the same contents (the hash the
    # manifest records): neither the links nor what they point to may be touched.
    outside = {}
    for name in ("01_first.ipynb", "02_second.ipynb"):
        outside[name] = tmp_path / f"outside-{name}"
        outside[name].write_bytes((dest / name).read_bytes())
        (dest / name).unlink()
        (dest / name).symlink_to(outside[name])
    before = {name: path.read_bytes() for name, path in outside.items()}
    changed = _master()
    changed.cells[0].source = "# 新しい説明"
    _write(src / "01_first.ipynb", changed)
    (src / "02_second.ipynb").unlink()
    outcomes = make_student.build(src, dest)
    assert [(o.action, o.path.name) for o in outcomes] == [
        ("beside", "01_first.new.ipynb"),
        ("kept", "02_second.ipynb"),
    ]
    assert "a symbolic link" in outcomes[0].message()
    for name, path in outside.items():
        assert (dest / name).is_symlink() and path.read_bytes() == before[name]


def test_a_failed_write_leaves_the_previous_file_and_no_temporary_file(tmp_path, monkeypatch):
    import errno

    src, dest = tmp_path / "notebooks", tmp_path / "student"
    _write(src / "01_first.ipynb", _master())
    make_student.build(src, dest)
    before = (dest / "01_first.ipynb").read_bytes()
    changed = _master()
    changed.cells[0].source = "# 新しい説明"
    _write(src / "01_first.ipynb", changed)

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(make_student.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        make_student.build(src, dest)
    monkeypatch.undo()
    assert (dest / "01_first.ipynb").read_bytes() == before
    assert _names(dest) == ["01_first.ipynb"]
    assert [o.action for o in make_student.build(src, dest)] == ["updated"]


@pytest.mark.parametrize("where", ["same", "inside", "around"])
def test_an_output_folder_that_is_inside_or_around_the_masters_is_refused(tmp_path, where):
    src = tmp_path / "repo" / "notebooks"
    _write(src / "01_first.ipynb", _master())
    before = (src / "01_first.ipynb").read_bytes()
    dest = {"same": src, "inside": src / "student", "around": tmp_path / "repo"}[where]
    assert make_student.main([str(src), str(dest)]) == 1
    assert (src / "01_first.ipynb").read_bytes() == before
    assert sorted(p.name for p in src.iterdir()) == ["01_first.ipynb"]
    assert not (tmp_path / "repo" / "01_first.ipynb").exists()
    with pytest.raises(make_student.EditionError, match="master folder"):
        make_student.build(src, dest)


def test_a_master_that_is_json_but_not_a_notebook_stops_the_build_before_any_write(tmp_path):
    src, dest = tmp_path / "notebooks", tmp_path / "student"
    _write(src / "01_first.ipynb", _master())
    _write(src / "03_third.ipynb", _master())
    make_student.build(src, dest)
    first = (dest / "01_first.ipynb").read_bytes()
    changed = _master()
    changed.cells[0].source = "# 新しい説明"
    _write(src / "01_first.ipynb", changed)
    (src / "02_broken.ipynb").write_text('{"cells": [{"source": "x"}], "metadata": {}}')
    (src / "03_third.ipynb").unlink()
    with pytest.raises(make_student.EditionError, match="02_broken.ipynb: not a valid notebook"):
        make_student.build(src, dest)
    assert (dest / "01_first.ipynb").read_bytes() == first
    assert _names(dest) == ["01_first.ipynb", "03_third.ipynb"]


def test_command_line_as_make_runs_it(tmp_path):
    src, dest = tmp_path / "notebooks", tmp_path / "dist" / "student"
    _write(src / "01_first.ipynb", _master())
    run = subprocess.run(
        [sys.executable, str(TOOL), str(src), str(dest)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "01_first.ipynb" in run.stdout and "1 exercise" in run.stdout
    assert (dest / "01_first.ipynb").exists()


def test_command_line_reports_errors_without_a_traceback(tmp_path, capsys):
    src, dest = tmp_path / "notebooks", tmp_path / "student"
    broken = _master()
    broken.cells[2].source = "# END SOLUTION"
    _write(src / "02_broken.ipynb", broken)
    assert make_student.main([str(src), str(dest)]) == 1
    assert "02_broken.ipynb, cell 2" in capsys.readouterr().err
    assert make_student.main([str(tmp_path / "missing"), str(dest)]) == 1
    assert "missing" in capsys.readouterr().err
    assert not dest.exists()


def test_command_line_says_so_when_there_is_nothing_to_build(tmp_path, capsys):
    (tmp_path / "notebooks").mkdir()
    assert make_student.main([str(tmp_path / "notebooks"), str(tmp_path / "student")]) == 0
    assert "nothing to build" in capsys.readouterr().out


def _makefile_copy(tmp_path):
    """The Makefile in an empty folder, beside a venv it made with a stamp newer than
    pyproject.toml."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / ".made-by-lecnn-make").touch()
    stamp = tmp_path / ".venv" / ".installed"
    stamp.touch()
    os.utime(stamp, (2**31, 2**31))
    return tmp_path


def test_make_test_does_not_build_into_dist_student(tmp_path, make_env):
    folder = _makefile_copy(tmp_path)
    run = subprocess.run(
        ["make", "-n", "test"], cwd=folder, env=make_env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "pytest" in run.stdout
    assert "dist/student" not in run.stdout and "make_student" not in run.stdout, run.stdout


def test_make_clean_keeps_dist_student(tmp_path, make_env):
    folder = _makefile_copy(tmp_path)
    student = folder / "dist" / "student"
    student.mkdir(parents=True)
    (student / "01_review.ipynb").write_text("a student's work")
    (folder / "dist" / "lecnn-0.1.0-py3-none-any.whl").write_text("wheel")
    run = subprocess.run(
        ["make", "clean"], cwd=folder, env=make_env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert (student / "01_review.ipynb").read_text() == "a student's work"
    assert not (folder / ".venv").exists()
    assert not (folder / "dist" / "lecnn-0.1.0-py3-none-any.whl").exists()


# ---------------------------------------------------------------------------
# Executing notebooks (shared by the synthetic end-to-end test and Part 2)
# ---------------------------------------------------------------------------


class _CurrentEnvKernelSpecs(KernelSpecManager):
    """Every kernel name means this interpreter's ipykernel (as nbval's --nbval-current-env)."""

    python = None  # another interpreter's ipykernel instead (see _kernel_manager)

    def get_kernel_spec(self, kernel_name):
        spec = ipykernel.kernelspec.get_kernel_dict()
        if self.python is not None:
            spec["argv"] = [self.python, *spec["argv"][1:]]
        return KernelSpec(resource_dir=ipykernel.kernelspec.RESOURCES, **spec)


def _kernel_manager(python=None):
    """A kernel manager class whose kernels run ``python`` (default: this interpreter)."""
    specs = type("_Specs", (_CurrentEnvKernelSpecs,), {"python": python})

    class _Manager(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _specs(self):
            return specs(data_dir=self.data_dir)

    return _Manager


class NotebookStalled(RuntimeError):
    """A notebook whose cell gave no reply within the cell timeout, in both of its runs."""


class StallWarning(UserWarning):
    """A notebook stalled once and was run again (shown in pytest's warnings summary)."""


def _execute(nb, cwd, python=None, name="notebook", timeout=CELL_TIMEOUT):
    """Run ``nb`` top to bottom in a fresh kernel (of ``python``) with working directory ``cwd``.

    A cell that gives no reply within ``timeout`` seconds stops the run. Headless execution can
    stall on an ipywidgets cell (kernel idle, the client waiting for a reply that never comes:
    nbclient #312, nbconvert #2029), and the next run of the same notebook passes; so the
    notebook then runs once more from the start in a fresh kernel, and a StallWarning names the
    notebook and the cell. A second stall raises NotebookStalled, naming both cells.

    Returns the executed notebook; raises nbclient's CellExecutionError on an uncaught error.
    """
    stalled = []
    for _ in range(2):
        running = {}

        def started(cell, cell_index, running=running):
            running["cell"] = (cell_index, cell.source.strip().split("\n")[0][:60])

        client = NotebookClient(
            copy.deepcopy(nb),
            timeout=timeout,
            kernel_name="python3",
            kernel_manager_class=_kernel_manager(python),
            resources={"metadata": {"path": str(cwd)}},
            on_cell_start=started,
        )
        try:
            done = client.execute()
        except CellTimeoutError:
            index, first = running.get("cell", (None, ""))
            stalled.append(f"cell {index} ({first!r})")
            continue
        if stalled:
            warnings.warn(
                f"{name}: {stalled[0]} gave no reply within {timeout} s (a stall of headless "
                "execution); the notebook was run again in a fresh kernel and passed",
                StallWarning,
                stacklevel=2,
            )
        return done
    raise NotebookStalled(
        f"{name}: no reply within {timeout} s from {stalled[0]}, and again, run once more in a "
        f"fresh kernel, from {stalled[1]}: the run stalled twice"
    )


def _output_text(cell):
    texts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            texts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            texts.append(output.data.get("text/plain", ""))
        elif output.output_type == "error":
            texts.append("\n".join(output.traceback))
    return "\n".join(texts)


_CHECK_CALL = re.compile(r"(?<!def )\bcheck_\w+\s*\(")


def _check_cells(nb):
    """Indices of the code cells that call a lecnn check function."""
    return [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and _CHECK_CALL.search(cell.source)
    ]


def test_synthetic_student_notebook_runs_and_its_checks_report_blanks(tmp_path):
    """End to end on lecnn.checks.check_n_params_count, independent of the real notebooks."""
    nb = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = [
        new_code_cell("import lecnn"),
        new_code_cell(
            "def n_params(d, q, r, m):\n"
            "    # BEGIN SOLUTION\n"
            "    return q * (d + 1) + (r - 1) * q * (q + 1) + m * (q + 1)\n"
            "    # END SOLUTION"
        ),
        new_code_cell("lecnn.checks.check_n_params_count(n_params)"),
        new_code_cell("# BEGIN SOLUTION\ncount = n_params\n# END SOLUTION"),
        new_code_cell("lecnn.checks.check_n_params_count(count)"),
        new_code_cell("print(lecnn.network.n_params([784, 256, 10]))"),
    ]
    master = _execute(nb, tmp_path)
    student = _execute(blank_solutions.student_notebook(master)[0], tmp_path)
    assert RIGHT in _output_text(master.cells[2])
    for i in _check_cells(student):
        assert NOT_YET in _output_text(student.cells[i]), _output_text(student.cells[i])
    assert _output_text(student.cells[5]) == _output_text(master.cells[5]) == "203530\n"


STALL_TIMEOUT = 3  # seconds: a cell that sleeps longer stands in for a stalled one


def _stalling_notebook(mark, stalls):
    """A notebook whose cell 1 gives no reply for 60 s (as a stalled cell) in its first
    ``stalls`` runs, counted by the lines of the file ``mark``."""
    nb = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = [
        new_code_cell("import time\nfrom pathlib import Path"),
        new_code_cell(
            f"mark = Path({str(mark)!r})\n"
            "runs = len(mark.read_text().splitlines()) if mark.exists() else 0\n"
            "mark.write_text('run\\n' * (runs + 1))\n"
            f"if runs < {stalls}:\n"
            "    time.sleep(60)"
        ),
        new_code_cell("print('done')"),
    ]
    return nb


def test_a_notebook_that_stalls_once_runs_again_and_the_stall_is_reported(tmp_path):
    nb = _stalling_notebook(tmp_path / "runs.txt", stalls=1)
    with pytest.warns(StallWarning) as caught:
        done = _execute(nb, tmp_path, name="02_stalls.ipynb", timeout=STALL_TIMEOUT)
    (warning,) = caught
    assert "02_stalls.ipynb: cell 1 (" in str(warning.message)
    assert "mark = Path(" in str(warning.message)
    assert f"no reply within {STALL_TIMEOUT} s" in str(warning.message)
    assert "run again" in str(warning.message)
    assert _output_text(done.cells[2]) == "done\n"
    assert (tmp_path / "runs.txt").read_text() == "run\nrun\n"


def test_a_notebook_that_stalls_twice_fails_naming_notebook_and_cell(tmp_path):
    nb = _stalling_notebook(tmp_path / "runs.txt", stalls=2)
    with pytest.raises(NotebookStalled) as stalled:
        _execute(nb, tmp_path, name="02_stalls.ipynb", timeout=STALL_TIMEOUT)
    message = str(stalled.value)
    assert message.startswith(f"02_stalls.ipynb: no reply within {STALL_TIMEOUT} s from cell 1")
    assert "stalled twice" in message
    assert (tmp_path / "runs.txt").read_text() == "run\nrun\n"


# ---------------------------------------------------------------------------
# Part 2: the real notebooks
# ---------------------------------------------------------------------------

_NO_NOTEBOOKS = pytest.param(
    None, marks=pytest.mark.skip(reason="no numbered notebooks in notebooks/ yet")
)
REAL = [pytest.param(path.name, id=path.stem) for path in MASTERS] or [_NO_NOTEBOOKS]


def _is_solution_cell(cell):
    """A cell tagged ``solution`` (or nbgrader's metadata for one)."""
    nbgrader = cell.metadata.get("nbgrader", {})
    return "solution" in cell.metadata.get("tags", []) or nbgrader.get("solution") is True


def _solution_lines(nb):
    """Stripped lines of the model answers, found independently of the tool: every line between
    a line that contains BEGIN SOLUTION and one that contains END SOLUTION in a code cell, and
    every line of a markdown or raw cell tagged ``solution``.

    Returns the lines inside, the lines outside, the exercise cells (code cells with a region)
    and the solution cells (the tagged markdown and raw cells)."""
    inside, outside, exercise_cells, solution_cells = set(), set(), [], []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" and _is_solution_cell(cell):
            solution_cells.append(i)
            inside |= {line.strip() for line in cell.source.split("\n") if line.strip()}
            continue
        in_region = False
        for line in cell.source.split("\n"):
            if cell.cell_type == "code" and "BEGIN SOLUTION" in line:
                in_region = True
                if i not in exercise_cells:
                    exercise_cells.append(i)
            elif cell.cell_type == "code" and "END SOLUTION" in line:
                in_region = False
            elif line.strip():
                (inside if in_region else outside).add(line.strip())
    return inside, outside, exercise_cells, solution_cells


def _strings(node):
    """Every string in a notebook: sources, outputs, metadata."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


MIN_SECRET = 16
"""Lines of a model answer shorter than this (``return f``, ``$$``, ``\\end{aligned}``) are too
common to count as a leak on their own."""


def _leaks(master, student):
    """Lines of the master's model answers (solution regions and solution cells) that appear
    anywhere in the student notebook, even inside a longer line, except short ones."""
    inside, _, _, _ = _solution_lines(master)
    shown = "\n".join(_strings(student))
    return sorted(line for line in inside if len(line) >= MIN_SECRET and line in shown)


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """The student edition of the real notebooks, built once in a temporary folder outside the
    repository, as name -> (master, student); the folder is ``edition.folder``."""
    dest = tmp_path_factory.mktemp("student")
    outcomes = make_student.build(NOTEBOOKS, dest)
    assert [(o.action, o.path.name) for o in outcomes] == [("new", p.name) for p in MASTERS]
    return _Edition(
        dest,
        {
            p.name: (nbformat.read(p, as_version=4), nbformat.read(dest / p.name, as_version=4))
            for p in MASTERS
        },
    )


class _Edition(dict):
    def __init__(self, folder, notebooks):
        super().__init__(notebooks)
        self.folder = folder


@pytest.mark.parametrize("name", REAL)
def test_edition_keeps_every_cell_in_order(edition, name):
    master, student = edition[name]
    assert [(c.cell_type, c.get("id")) for c in student.cells] == [
        (c.cell_type, c.get("id")) for c in master.cells
    ]
    _, _, exercise_cells, solution_cells = _solution_lines(master)
    run_metadata = {"execution", "collapsed", "scrolled"}
    for i, (m, s) in enumerate(zip(master.cells, student.cells, strict=True)):
        if i not in exercise_cells + solution_cells:
            assert s.source == m.source, f"cell {i} changed"
        if i in solution_cells:
            assert s.source == m.metadata.get("lecnn", {}).get("placeholder", PLACEHOLDER)
        elif m.cell_type == "code":
            assert s.outputs == [] and s.execution_count is None, f"cell {i} keeps its output"
            kept = {k: v for k, v in m.metadata.items() if k not in run_metadata}
            assert dict(s.metadata) == kept, f"cell {i} metadata"
        else:
            assert s == m, f"cell {i} changed"


def _exercise_checks(name, master):
    """(exercise cell, check cell) pairs: the check is the next code cell (CONTRIBUTING.md)."""
    _, _, exercise_cells, _ = _solution_lines(master)
    assert exercise_cells, f"{name} has no exercise (no BEGIN SOLUTION in a code cell)"
    pairs = []
    for i in exercise_cells:
        after = [j for j in range(i + 1, len(master.cells)) if master.cells[j].cell_type == "code"]
        assert after and _CHECK_CALL.search(master.cells[after[0]].source), (
            f"{name}: the code cell after the exercise in cell {i} calls no check function"
        )
        pairs.append((i, after[0]))
    return pairs


@pytest.mark.parametrize("name", REAL)
def test_master_has_exercises_each_followed_by_a_passing_check(edition, name):
    master, _ = edition[name]
    for i, check in _exercise_checks(name, master):
        text = _output_text(master.cells[check])
        assert RIGHT in text and NOT_YET not in text and "✘" not in text, (
            f"{name}: cell {check} (the check of cell {i}) stores {text!r}"
        )


_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_WORD = re.compile(r"(?<![\w.])[a-z]{2,}(?![\w(])")
# functions a formula in a comment names (log f_j, max(...), softmax(u)), and the modules' names
_FORMULA_NAMES = {"diag", "exp", "log", "max", "min", "np", "relu", "self", "sigmoid", "sign"}
_FORMULA_NAMES |= {"softmax", "sqrt", "sum", "tanh", "torch"}


def _comments_and_docstrings(source):
    """The comment lines and docstring lines of a code cell (what a student reads, not runs)."""
    lines, in_doc = [], False
    for line in source.split("\n"):
        text = line.strip()
        quotes = text.count('"""') + text.count("'''")
        if in_doc or quotes:
            lines.append(text)
            in_doc = in_doc != (quotes % 2 == 1)
        elif "#" in text:
            lines.append(text[text.index("#") :])
    return lines


def _english(source):
    """The comment and docstring lines of a code cell that are English: no Japanese, and a
    lowercase word that is neither a name the cell's code uses nor a function of a formula."""
    python = TransformerManager().transform_cell(source)  # IPython's %magics and !commands
    names = {
        token.string
        for token in tokenize.generate_tokens(io.StringIO(python).readline)
        if token.type == tokenize.NAME and not keyword.iskeyword(token.string)
    }
    return [
        line
        for line in _comments_and_docstrings(source)
        if not _JAPANESE.search(line)
        and any(w not in names and w not in _FORMULA_NAMES for w in _WORD.findall(line))
    ]


def test_an_english_comment_is_told_from_a_formula():
    assert _english("g = grad * keep  # ∂E/∂z for y = M ⊙ z; grad = ∂E/∂y")
    assert _english('def f(u):\n    """Derivative of f at u."""\n    return u')
    assert not _english("g = grad * keep  # y = M ⊙ z, M = keep / (1 − p); grad = ∂E/∂y")
    assert not _english("E = -np.sum(y * np.log(f))  # E = −Σ_j y_j log f_j")
    assert not _english("u = W @ z  # u_k = W_k z_k、z_k は先頭に 1")


@pytest.mark.parametrize("name", REAL)
def test_what_an_exercise_cell_says_to_the_student_is_in_japanese(edition, name):
    master, student = edition[name]
    _, _, exercise_cells, _ = _solution_lines(master)
    english = [(i, _english(student.cells[i].source)) for i in exercise_cells]
    english = [(i, lines) for i, lines in english if lines]
    assert not english, f"{name}: comments or docstrings in English in exercise cells: {english}"


@pytest.mark.parametrize(
    "path", [*MASTERS, ROOT / "app" / "playground.ipynb"], ids=lambda path: path.stem
)
def test_every_comment_and_docstring_of_the_notebooks_is_japanese(path):
    nb = nbformat.read(str(path), as_version=4)
    english = [(i, _english(c.source)) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    english = [(i, lines) for i, lines in english if lines]
    assert not english, f"{path.name}: comments or docstrings in English (cell, lines): {english}"


@pytest.mark.parametrize("name", REAL)
def test_no_line_of_a_model_answer_is_in_the_student_notebook(edition, name):
    master, student = edition[name]
    leaks = _leaks(master, student)
    assert not leaks, f"{name} shows these lines of its model answers: {leaks}"
    assert BLANK_LINE in "\n".join(cell.source for cell in student.cells)


@pytest.mark.parametrize("name", REAL)
def test_a_planted_answer_line_is_found(edition, name):
    master, student = edition[name]
    inside, _, _, _ = _solution_lines(master)
    before = _leaks(master, student)
    secret = max(inside - set(before), key=len)
    assert len(secret) >= MIN_SECRET
    planted = copy.deepcopy(student)
    planted.cells[-1].source += f"\nヒント: `{secret}` を使う"
    assert _leaks(master, planted) == sorted([*before, secret])


def test_solution_markdown_cells_become_placeholders_and_leaks_are_found():
    master = _master()
    derivation = new_markdown_cell(
        "$$\\frac{\\partial f_j}{\\partial u_k} = f_j(\\delta_{jk} - f_k)$$\n"
        "対角成分は f_k(1 - f_k) になります。",
        metadata={"tags": ["solution"]},
        attachments={"derivation.png": {"image/png": "iVBORw0KGgo="}},
    )
    own = new_markdown_cell(
        "答え: 行和は 0 になります (定数シフト)。",
        metadata={"tags": ["solution"], "lecnn": {"placeholder": "解答は次回の授業で。"}},
    )
    master.cells[2:2] = [derivation, own]
    student, n_regions = blank_solutions.student_notebook(master)
    assert n_regions == 1
    assert student.cells[2].source == PLACEHOLDER and "attachments" not in student.cells[2]
    assert student.cells[3].source == "解答は次回の授業で。"
    assert student.cells[2].metadata == derivation.metadata
    assert _leaks(master, student) == []
    untagged = copy.deepcopy(master)
    untagged.cells[2].metadata = {}  # the tag forgotten: the derivation stays in the edition
    assert _leaks(master, blank_solutions.student_notebook(untagged)[0]) == [
        "$$\\frac{\\partial f_j}{\\partial u_k} = f_j(\\delta_{jk} - f_k)$$",
        "対角成分は f_k(1 - f_k) になります。",
    ]


def test_a_bad_placeholder_or_an_unmarked_solution_code_cell_is_rejected():
    master = _master()
    master.cells[0].metadata = {"tags": ["solution"], "lecnn": {"placeholder": ""}}
    with pytest.raises(blank_solutions.SolutionMarkerError, match="placeholder"):
        blank_solutions.student_notebook(master)
    master = _master()
    master.cells[2].metadata = {"tags": ["solution"]}
    with pytest.raises(blank_solutions.SolutionMarkerError, match="tagged 'solution'"):
        blank_solutions.student_notebook(master)
