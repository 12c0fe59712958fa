"""The hand-out (tools/make_handout.py, ``make handout``), tried as a student would.

Part 1 (quick) tests the texts, the refusal to overwrite a zip the tool did not make, and the
Makefile's targets.

Part 2 (``notebook_run``: ``make student-run``) builds the hand-out as ``make handout`` does, into
a temporary folder, unzips it into another folder outside the repository and follows the
commands its README gives, parsed out of it: a fresh venv, the wheel installed into it, JupyterLab
started, which must open on the overview. Then every notebook of the folder runs top to bottom in
that venv's kernel with its blanks unfilled, each check cell saying 「まだ実装されていません」 where
the master's says 正解. Notebook 10 runs twice: first as the README leaves the student, without
PyTorch, where it must stop with its message naming the README's command for PyTorch's CPU build,
then with PyTorch, where it runs. This is the one run of the student edition's notebooks
(tests/test_student.py checks the edition itself).

Offline: the wheel's dependencies are not downloaded but taken from this test venv, as a folder of
links to its installed packages listed in a .pth file of the fresh venv; PyTorch is left out of
that folder and given in a second one when the README's command for it would have run.
"""

import importlib.metadata
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import blank_solutions
import make_handout
import nbformat
import psutil
import pytest
import test_student as student  # the notebook runner and the checks' vocabulary

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "make_handout.py"
NOTEBOOKS = ROOT / "notebooks"
MASTERS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
PYTORCH_NOTEBOOK = "10_pytorch.ipynb"
TORCH_COMMAND = "-m pip install torch --index-url https://download.pytorch.org/whl/cpu"
# The packages the README's PyTorch command installs (torch and its parts; CUDA builds add more).
TORCH_PACKAGES = re.compile(r"^(torch|functorch|torchgen|triton|nvidia)([-_.]|$)", re.IGNORECASE)
SERVER_START = 90  # seconds for JupyterLab to start and open its page


# ---------------------------------------------------------------------------
# The README's commands
# ---------------------------------------------------------------------------


def _blocks(readme, language):
    """The fenced code blocks of ``language`` in ``readme``, in order, each a list of commands."""
    found = re.findall(rf"^```{language}\n(.*?)^```", readme, flags=re.MULTILINE | re.DOTALL)
    return [[line.strip() for line in block.splitlines() if line.strip()] for block in found]


def _commands(readme):
    """The README's commands for macOS and Linux: (create the venv, install the wheel),
    (start JupyterLab,), (install PyTorch,)."""
    blocks = _blocks(readme, "sh")
    assert [len(block) for block in blocks] == [2, 1, 1], blocks
    return blocks


def _as_posix(command):
    """A Windows command of the README as the macOS and Linux one should read."""
    command = command.replace("\\", "/").replace(".venv/Scripts/", ".venv/bin/")
    return re.sub(r"^py ", "python3 ", command)


def _readme(version="9.9.9", plan=None):
    plan = (ROOT / "docs" / "class-plan.md").read_text(encoding="utf-8") if plan is None else plan
    titles = make_handout.notebook_titles(NOTEBOOKS)
    wheel = f"lecnn-{version}-py3-none-any.whl"
    return make_handout.student_readme(version, wheel, titles, plan)


# ---------------------------------------------------------------------------
# Part 1: the texts, the writing, the Makefile
# ---------------------------------------------------------------------------


def test_readme_gives_the_same_commands_for_windows():
    readme = _readme()
    posix, windows = _blocks(readme, "sh"), _blocks(readme, "bat")
    assert windows and [[_as_posix(c) for c in block] for block in windows] == posix
    assert ".venv\\Scripts\\activate" in readme and "source .venv/bin/activate" in readme


def test_readme_names_the_pythons_the_wheel_the_overview_and_pytorchs_cpu_build():
    readme = _readme("9.9.9")
    (create, install), (lab,), (torch,) = _commands(readme)
    assert "Python 3.10〜3.13" in readme
    assert shlex.split(create) == ["python3", "-m", "venv", ".venv"]
    assert shlex.split(install)[-1] == "lecnn-9.9.9-py3-none-any.whl"
    assert shlex.split(lab)[-1] == make_handout.OVERVIEW
    assert torch == f".venv/bin/python {TORCH_COMMAND}"


def test_readme_and_overview_include_the_class_plan_as_the_file_says_it():
    plan = (ROOT / "docs" / "class-plan.md").read_text(encoding="utf-8")
    titles = make_handout.notebook_titles(NOTEBOOKS)
    overview = make_handout.overview_notebook("9.9.9", titles, plan).cells[0].source
    body = [line for line in plan.splitlines() if line.strip() and not line.startswith("#")]
    headings = [line for line in plan.splitlines() if line.startswith("#")]
    for text in (_readme(plan=plan), overview):
        assert body and all(line in text.splitlines() for line in body)
        assert all(f"#{heading}" in text.splitlines() for heading in headings)
    changed = "# 別の計画\n\n| いつ | ノートブック |\n|---|---|\n| 授業 | 09 だけ |\n"
    assert "| 授業 | 09 だけ |" in _readme(plan=changed) and "## 別の計画" in _readme(plan=changed)


def test_readme_and_overview_speak_to_a_student_of_the_handout():
    """They name no command the hand-out does not have (make, the repository's tests/) and
    show no exercise's answer: the overview and the README come before every notebook."""
    plan = (ROOT / "docs" / "class-plan.md").read_text(encoding="utf-8")
    titles = make_handout.notebook_titles(NOTEBOOKS)
    overview = make_handout.overview_notebook("9.9.9", titles, plan)
    texts = {"README.md": _readme(plan=plan), make_handout.OVERVIEW: overview.cells[0].source}
    for name, text in texts.items():
        found = re.search(r"\bmake (lab|test|student|handout)\b|tests/", text)
        assert found is None, (
            f"{name} says {found.group(0)!r}, which a student of the hand-out lacks"
        )
    editions = {
        f"00_{name}": nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
        for name, text in texts.items()
    }
    assert blank_solutions.answer_leaks(editions) == []
    leaky = plan.replace("予習の確認", "∂E/∂W_r = δ_r z_rᵀ の確認")
    assert blank_solutions.answer_leaks(
        {
            "00_README.md": nbformat.v4.new_notebook(
                cells=[nbformat.v4.new_markdown_cell(_readme(plan=leaky))]
            )
        }
    )


def test_overview_lists_every_notebook_with_its_first_heading():
    plan = (ROOT / "docs" / "class-plan.md").read_text(encoding="utf-8")
    titles = make_handout.notebook_titles(NOTEBOOKS)
    overview = make_handout.overview_notebook("9.9.9", titles, plan)
    nbformat.validate(overview)
    rows = [line for line in overview.cells[0].source.splitlines() if line.startswith("| [")]
    assert len(rows) == len(MASTERS) > 0
    for row, path in zip(rows, MASTERS, strict=True):
        first = next(
            c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"
        )
        heading = first.source.splitlines()[0]
        assert row.startswith(f"| [{path.name}]({path.name}) | ")
        title = row.split(" | ", 1)[1].removesuffix(" |").replace("\\|", "|")
        assert heading.startswith("# ") and heading.endswith(title) and len(title) > 3


def _members():
    return {"lecnn-handout-9.9.9/README.md": "はじめに\n".encode()}


def test_write_zip_writes_a_new_zip_and_renews_only_its_own(tmp_path):
    target = tmp_path / "dist" / "lecnn-handout-9.9.9.zip"
    assert make_handout.write_zip(target, _members()) == "new"
    with zipfile.ZipFile(target) as archive:
        assert archive.read("lecnn-handout-9.9.9/README.md") == "はじめに\n".encode()
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        assert set(modes.values()) == {0o644}, modes  # readable by all once unzipped
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
    assert make_handout.write_zip(target, _members()) == "unchanged"
    assert make_handout.write_zip(target, {"lecnn-handout-9.9.9/a": b"1"}) == "updated"
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["lecnn-handout-9.9.9/a"]
    assert sorted(p.name for p in target.parent.iterdir()) == [
        make_handout.MANIFEST,
        target.name,
    ]


@pytest.mark.parametrize("how", ["unknown", "changed", "symlink"])
def test_write_zip_leaves_a_zip_it_did_not_make_or_that_was_changed(tmp_path, how):
    target = tmp_path / "lecnn-handout-9.9.9.zip"
    if how == "changed":
        make_handout.write_zip(target, _members())
        with zipfile.ZipFile(target, "a") as archive:
            archive.writestr("lecnn-handout-9.9.9/my_notes.md", "an instructor's addition")
    elif how == "symlink":
        (tmp_path / "elsewhere.zip").write_bytes(b"someone's zip")
        target.symlink_to(tmp_path / "elsewhere.zip")
    else:
        target.write_bytes(b"someone's zip")
    before = target.read_bytes()
    with pytest.raises(make_handout.HandoutError, match="left as it is"):
        make_handout.write_zip(target, {"lecnn-handout-9.9.9/a": b"1"})
    assert target.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _make_n(target, tmp_path, env):
    """What `make -n TARGET` prints for a fresh venv in tmp_path (nothing is run)."""
    run = subprocess.run(
        ["make", "-n", target, f"VENV={tmp_path / 'venv'}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


@pytest.mark.parametrize("target", ["student", "handout"])
def test_make_student_and_handout_install_lecnn_and_the_handout_group_only(
    tmp_path, target, make_env
):
    # the tools import lecnn.checks (the answer-leak check): a fresh venv needs lecnn itself
    installs = [
        line for line in _make_n(target, tmp_path, make_env).splitlines() if "pip install" in line
    ]
    assert installs[0].rstrip().endswith(" -e ."), installs
    assert installs[-1].rstrip().endswith("--group handout"), installs
    assert not [line for line in installs if "[" in line], installs  # no extras: test tools, torch


def test_make_handout_runs_the_tool_and_never_writes_dist_student(tmp_path, make_env):
    printed = _make_n("handout", tmp_path, make_env)
    assert "tools/make_handout.py notebooks dist" in printed
    assert "dist/student" not in printed


def test_the_test_install_holds_the_handout_group():
    from importlib.metadata import version

    from packaging.requirements import Requirement

    project = _tomllib().loads((ROOT / "pyproject.toml").read_text())
    group = [Requirement(r) for r in project["dependency-groups"]["handout"]]
    assert {r.name for r in group} >= {"nbformat", "setuptools"}
    for requirement in group:  # this venv is the one `make test` installs
        assert requirement.specifier.contains(version(requirement.name)), requirement
    makefile = (ROOT / "Makefile").read_text()
    test_stamp = re.search(r"^\$\(TEST_STAMP\):.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert "$(HANDOUT_STAMP)" in test_stamp.group(1)


def _tomllib():
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: the same parser, from PyPI (the test extra installs it there)
        import tomli as tomllib
    return tomllib


def test_make_help_lists_handout(make_env):
    run = subprocess.run(
        ["make", "help"], cwd=ROOT, env=make_env, capture_output=True, text=True, check=True
    )
    assert "make handout" in run.stdout


def test_make_clean_keeps_the_handout_zips(tmp_path, make_env):
    folder = student._makefile_copy(tmp_path)
    made = folder / "dist" / "lecnn-handout-0.1.0.zip"
    made.parent.mkdir()
    make_handout.write_zip(made, _members())
    mine = folder / "dist" / "lecnn-handout-0.1.0-mine.zip"
    mine.write_bytes(b"the instructor's own")
    run = subprocess.run(
        ["make", "clean"], cwd=folder, env=make_env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert made.is_file() and mine.read_bytes() == b"the instructor's own"


# ---------------------------------------------------------------------------
# Part 2: the hand-out as a student meets it
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def handout_zip(tmp_path_factory):
    """The hand-out, built by the command `make handout` runs into a temporary folder (pip is
    told not to reach any index: the wheel is built from what is here)."""
    dest = tmp_path_factory.mktemp("dist")
    run = subprocess.run(
        [sys.executable, str(TOOL), "notebooks", str(dest)],
        cwd=ROOT,
        env={**os.environ, "PIP_NO_INDEX": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    (found,) = dest.glob("lecnn-handout-*.zip")
    return found


@pytest.fixture(scope="module")
def folder(handout_zip, tmp_path_factory):
    """The hand-out unzipped outside the repository, in a folder whose name has Japanese and a
    space, as a student's may (ダウンロード, "OneDrive - 大学"): its one folder."""
    where = tmp_path_factory.mktemp("student") / "知能プログラミング演習 第10回"
    with zipfile.ZipFile(handout_zip) as archive:
        archive.extractall(where)
    (top,) = where.iterdir()
    assert ROOT not in top.parents
    return top


def _view(where, keep):
    """A folder of links to this venv's installed packages for which ``keep(name)`` holds.

    Not lecnn itself (the wheel is what is tested) nor the .pth files (a folder listed in a .pth
    file is not scanned for more of them anyway)."""
    where.mkdir()
    for site in sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}):
        for entry in Path(site).iterdir():
            name = entry.name
            skip = name.startswith(("lecnn", "__editable__", "_lecnn")) or name.endswith(".pth")
            if not skip and keep(name) and not (where / name).exists():
                (where / name).symlink_to(entry)
    return where


def _lend(python, packages):
    """Give the venv of ``python`` the packages of the folder ``packages`` as if pip had installed
    them: a .pth file lists the folder; each package's console scripts (``jupyter``,
    ``jupyter-lab``, ...) are written into the venv's bin/ the way pip writes them; and this
    venv's Jupyter data (JupyterLab's pages, the widgets' extension) is linked into the venv's
    share/jupyter/."""
    venv = Path(python).parents[1]
    (Path(_site_packages(python)) / "lecnn_test_dependencies.pth").write_text(f"{packages}\n")
    for dist in importlib.metadata.distributions(path=[str(packages)]):
        for entry in dist.entry_points.select(group="console_scripts"):
            script = venv / "bin" / entry.name
            if script.exists():
                continue
            head = entry.attr.split(".")[0]
            script.write_text(  # a shebang cannot hold a space: sh starts Python, as pip does
                f"#!/bin/sh\n'''exec' {shlex.quote(str(python))} \"$0\" \"$@\"\n' '''\n"
                f"import sys\nfrom {entry.module} import {head}\n"
                f'if __name__ == "__main__":\n    sys.exit({entry.attr}())\n'
            )
            script.chmod(0o755)
    data = Path(sys.prefix) / "share" / "jupyter"
    (venv / "share" / "jupyter").mkdir(parents=True, exist_ok=True)
    for entry in data.iterdir() if data.is_dir() else ():
        (venv / "share" / "jupyter" / entry.name).symlink_to(entry)


def _site_packages(python):
    return subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _run_command(words, folder, **kwargs):
    run = subprocess.run(words, cwd=folder, capture_output=True, text=True, timeout=600, **kwargs)
    assert run.returncode == 0, f"{shlex.join(words)} failed:\n{run.stdout}{run.stderr}"
    return run


@pytest.fixture(scope="module")
def readme(folder):
    return (folder / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def venv_python(folder, readme, tmp_path_factory):
    """The Python of the venv made and filled by the README's install commands, run literally in
    the hand-out's folder, except: the first word ``python3`` is this test's own Python (the
    venv borrows this venv's packages, which only the same Python version can import), and pip
    is told (PIP_NO_INDEX) to find the wheel's dependencies among them rather than download."""
    (create, install), _, _ = _commands(readme)
    words = shlex.split(create)
    assert words[0] == "python3", create
    _run_command([sys.executable, *words[1:]], folder)
    python = folder / ".venv" / "bin" / "python"
    assert python.is_file()
    packages = _view(
        tmp_path_factory.mktemp("packages") / "no-torch",
        lambda name: not TORCH_PACKAGES.match(name),
    )
    _lend(python, packages)
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("PYTHONPATH", None)  # the student's shell does not point at the repository
    _run_command(shlex.split(install), folder, env=env)
    return str(python)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read()


@pytest.fixture(scope="module")
def lab(folder, readme, venv_python, tmp_path_factory):
    """JupyterLab started by the README's command, literally, in the hand-out's folder.

    Its settings come from a temporary Jupyter configuration (port, token, allow_root: CI runs
    as root, students do not). The "browser" is a script that saves the page JupyterLab asks
    it to open. Yields the URL that page sends the browser to, the server's base URL, its token
    and its process id."""
    _, (command,), _ = _commands(readme)
    where = tmp_path_factory.mktemp("jupyter")
    port, token = _free_port(), "handout-test"
    (where / "config").mkdir()
    (where / "config" / "jupyter_server_config.json").write_text(
        json.dumps(
            {"ServerApp": {"ip": "127.0.0.1", "port": port, "token": token, "allow_root": True}}
        )
    )
    opened = where / "opened.html"
    browser = where / "browser.sh"
    browser.write_text(
        f'#!/bin/sh\ncat "${{1#file://}}" > "{opened}.part" && mv "{opened}.part" "{opened}"\n'
    )
    browser.chmod(0o755)
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        "BROWSER": str(browser),
        "JUPYTER_CONFIG_DIR": str(where / "config"),
        "JUPYTER_DATA_DIR": str(where / "data"),
        "JUPYTER_RUNTIME_DIR": str(where / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(where / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(where / "workspaces"),
    }
    log = open(where / "lab.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        shlex.split(command),
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + SERVER_START
        while not opened.exists() and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        if not opened.exists():
            pytest.fail(f"JupyterLab opened no page:\n{(where / 'lab.log').read_text()}")
        page = re.search(r'url=([^"]+)"', opened.read_text()).group(1)
        yield page, f"http://127.0.0.1:{port}", token, server.pid
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=30)
        log.close()


@pytest.mark.notebook_run
def test_handout_holds_the_edition_the_wheel_the_readme_and_the_overview(handout_zip, tmp_path):
    import lecnn

    version = lecnn.__version__
    assert handout_zip.name == f"lecnn-handout-{version}.zip"
    top = f"lecnn-handout-{version}/"
    edition = tmp_path / "edition"
    student.make_student.build(NOTEBOOKS, edition)
    with zipfile.ZipFile(handout_zip) as archive:
        names = archive.namelist()
        expected = ["README.md", make_handout.OVERVIEW, *(p.name for p in MASTERS)]
        expected.append(f"lecnn-{version}-py3-none-any.whl")
        assert sorted(names) == sorted(top + name for name in expected)
        for path in MASTERS:  # exactly the student edition: no model answer
            assert archive.read(top + path.name) == (edition / path.name).read_bytes()
        with archive.open(f"{top}lecnn-{version}-py3-none-any.whl") as wheel:
            assert "lecnn/datasets/imagenet_top5.csv" in zipfile.ZipFile(wheel).namelist()
        assert all(name.isascii() for name in names)


@pytest.mark.notebook_run
def test_jupyterlab_started_as_the_readme_says_opens_on_the_overview(lab, folder, venv_python):
    page, base, token, pid = lab
    assert page.startswith(f"{base}/lab/tree/{make_handout.OVERVIEW}?"), page
    status, _ = _get(page)
    assert status == 200
    _, body = _get(f"{base}/api/contents/{make_handout.OVERVIEW}?token={token}")
    overview = json.loads(body)
    assert overview["type"] == "notebook"
    assert all(f"]({p.name})" in overview["content"]["cells"][0]["source"] for p in MASTERS)
    # a kernel started from JupyterLab runs the venv's Python, where lecnn is installed
    started = urllib.request.Request(f"{base}/api/kernels?token={token}", data=b"{}", method="POST")
    with urllib.request.urlopen(started, timeout=60) as response:
        kernel = json.loads(response.read())["id"]
    kernels = [
        p for p in psutil.Process(pid).children(recursive=True) if kernel in " ".join(p.cmdline())
    ]
    assert [p.cmdline()[0] for p in kernels] == [venv_python]


NAMES = [make_handout.OVERVIEW, *(p.name for p in MASTERS)]
WITHOUT_TORCH = os.environ.get("LECNN_WITHOUT_TORCH") == "1"
_RUN_TEST = "test_student_notebook_runs_and_every_check_reports_the_blank"


@pytest.fixture(scope="module")
def executed(folder, venv_python, request):
    """The selected notebooks of the hand-out, each run top to bottom in its folder with the
    hand-out venv's kernel, one after another: name -> executed notebook, or the error it
    stopped on. Notebook 10 is run here without PyTorch, as the README's install leaves it
    (it stops at its first code cell), before ``with_pytorch`` adds PyTorch.

    (Two at a time in threads was once seen to stall for minutes with kernel and client idle;
    one after another costs about 20 s more.)"""
    selected = [
        item.callspec.params["name"]
        for item in request.session.items
        if getattr(item, "originalname", "") == _RUN_TEST and hasattr(item, "callspec")
    ]
    selected = [name for name in selected if name != PYTORCH_NOTEBOOK] + [PYTORCH_NOTEBOOK]
    return {name: _run(folder, name, venv_python) for name in selected}


def _run(folder, notebook, python):
    """The notebook (a file name in the hand-out, or a notebook) run top to bottom in
    ``python``'s kernel in the hand-out's folder, or the error it stopped on.

    The kernel gets this process's environment without PYTHONPATH: a student's shell does not
    point at the repository."""
    name = notebook if isinstance(notebook, str) else "notebook"
    if isinstance(notebook, str):
        notebook = nbformat.read(folder / notebook, as_version=4)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PYTHONPATH", raising=False)
        try:
            return student._execute(notebook, folder, python, name)
        except Exception as err:  # reported by the test of that notebook
            return err


@pytest.fixture(scope="module")
def with_pytorch(venv_python, readme, tmp_path_factory):
    """The hand-out venv after the README's PyTorch command: the packages it installs are added
    from this venv (a second .pth file), as nothing can be downloaded here."""
    (_, _, (command,)) = _commands(readme)
    assert command == f".venv/bin/python {TORCH_COMMAND}"
    if WITHOUT_TORCH:
        pytest.skip("PyTorch left out on purpose (make test TORCH=0)")
    packages = _view(tmp_path_factory.mktemp("packages") / "torch", TORCH_PACKAGES.match)
    (Path(_site_packages(venv_python)) / "lecnn_test_torch.pth").write_text(f"{packages}\n")
    return venv_python


def _uncaught(name, result):
    error = re.sub(r"\x1b\[[0-9;]*m", "", str(result))  # drop the traceback's colours
    return f"{name} (hand-out) stopped with an uncaught error:\n{error}"


@pytest.mark.notebook_run
def test_the_kernel_imports_the_installed_wheel(folder, venv_python):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import lecnn\nprint(lecnn.__file__)"),
        nbformat.v4.new_code_cell("rows, source = lecnn.data.imagenet_top5()\nprint(len(rows))"),
    ]
    done = _run(folder, nb, venv_python)
    assert not isinstance(done, Exception), done
    where = Path(student._output_text(done.cells[0]).strip())
    assert folder / ".venv" in where.parents, where
    assert ROOT not in where.parents
    assert int(student._output_text(done.cells[1])) > 0


@pytest.mark.notebook_run
@pytest.mark.parametrize("name", [pytest.param(n, id=Path(n).stem) for n in NAMES])
def test_student_notebook_runs_and_every_check_reports_the_blank(executed, folder, request, name):
    if name == PYTORCH_NOTEBOOK:  # after the README's command for PyTorch
        result = _run(folder, name, request.getfixturevalue("with_pytorch"))
    else:
        result = executed[name]
    if isinstance(result, Exception):
        pytest.fail(_uncaught(name, result))
    if name == make_handout.OVERVIEW:
        return
    master = nbformat.read(NOTEBOOKS / name, as_version=4)
    for i, check in student._exercise_checks(name, master):
        text = student._output_text(result.cells[check])
        assert student.NOT_YET in text, (
            f"{name}: cell {check} (the check of cell {i}) shows {text!r}"
        )


@pytest.mark.notebook_run
def test_notebook_10_without_pytorch_stops_with_the_readmes_command(executed):
    result = executed[PYTORCH_NOTEBOOK]
    assert isinstance(result, Exception), "notebook 10 ran without PyTorch"
    error = re.sub(r"\x1b\[[0-9;]*m", "", str(result))
    assert "PyTorch が入っていません" in error
    assert TORCH_COMMAND.split(" ", 3)[-1] in error  # torch --index-url ...: the README's command
