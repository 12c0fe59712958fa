"""The project's own files: environment.yml and pyproject name the same dependencies, etc."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import lowest_constraints as lowest
import pytest
import test_portable as portable
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI (the test extra installs it there)
    import tomli as tomllib

import lecnn

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement):
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in ("test", "app"):
        reqs += project["optional-dependencies"][extra]
    return {_name(r): r.replace(" ", "") for r in reqs}


def _environment_requirements():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    reqs = {}
    for item in env["dependencies"]:
        entries = item["pip"] if isinstance(item, dict) else [item]
        for entry in entries:
            if entry.startswith("-e") or _name(entry) in ("python", "pip"):
                continue
            reqs[_name(entry)] = entry.replace(" ", "")
    return reqs


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    assert _environment_requirements() == _pyproject_requirements()


def test_environment_yml_installs_the_project_itself():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(item["pip"] for item in env["dependencies"] if isinstance(item, dict))
    assert any(entry.startswith("-e") for entry in pip)


def test_no_exact_pins():
    for requirement in _pyproject_requirements().values():
        assert "==" not in requirement, requirement


def test_version_and_license():
    assert re.fullmatch(r"\d+\.\d+\.\d+", lecnn.__version__)
    assert "MIT License" in (ROOT / "LICENSE").read_text()


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_ci_checks_other_simd_levels_after_make_test():
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert lines.index("make test") < lines.index("make test-portable")
    assert "make test-browser" in lines


def _make_n(target, tmp_path, env, *options):
    """What `make -n TARGET` prints for a fresh venv in tmp_path (nothing is run)."""
    venv = tmp_path / "venv"
    return subprocess.run(
        ["make", "-n", target, f"VENV={venv}", *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _dry_run(target, tmp_path, env, *options):
    """The pip commands `make TARGET` would run for a fresh venv in tmp_path."""
    return [
        line
        for line in _make_n(target, tmp_path, env, *options).splitlines()
        if "pip install" in line
    ]


def test_make_lab_installs_no_test_tools_and_shows_progress(tmp_path, make_env):
    (install,) = _dry_run("lab", tmp_path, make_env)
    assert install.rstrip().endswith("-e .") and " -q" not in install


def test_make_test_installs_the_test_app_and_torch_extras(tmp_path, make_env):
    (install,) = _dry_run("unit", tmp_path, make_env)
    assert "-e '.[test,app,torch]'" in install


def test_torch_0_leaves_pytorch_and_notebook_10_out_and_says_so(tmp_path, make_env):
    (install,) = _dry_run("unit", tmp_path, make_env, "TORCH=0")
    assert "-e '.[test,app]'" in install
    nbval = _make_n("nbval", tmp_path, make_env, "TORCH=0")
    assert "--ignore=notebooks/10_pytorch.ipynb" in nbval and "left out" in nbval
    assert "--ignore=notebooks/11_optimization.ipynb" in nbval
    assert "--ignore" not in _make_n("nbval", tmp_path, make_env)


# ---------------------------------------------------------------------------
# make clean removes only what the project made inside the repository
# ---------------------------------------------------------------------------

# Stands in for `python -m venv DIR` (no pip, in milliseconds): makes DIR/bin/python.
FAKE_PYTHON = '#!/bin/sh\nmkdir -p "$3/bin" && touch "$3/bin/python"\n'


def _repository(tmp_path):
    """A copy of the Makefile in an otherwise empty repository, and a folder beside it."""
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    repo.mkdir()
    shutil.copy(ROOT / "Makefile", repo / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
    outside.mkdir()
    (outside / "thesis.tex").write_text("a user's own work")
    python = tmp_path / "fake-python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    return repo, outside, python


def _make(repo, env, *arguments):
    return subprocess.run(
        ["make", "--no-print-directory", *arguments],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("made_by", ["this Makefile", "an older Makefile"])
def test_make_clean_removes_the_venv_it_made_and_the_build_folder(tmp_path, make_env, made_by):
    repo, _, python = _repository(tmp_path)
    if made_by == "this Makefile":
        made = _make(repo, make_env, ".venv/bin/python", f"PYTHON={python}")
        assert made.returncode == 0, made.stderr
    else:  # before the mark: a venv with the Makefile's install stamp
        (repo / ".venv" / "bin").mkdir(parents=True)
        (repo / ".venv" / ".installed-lab").touch()
    (repo / "build").mkdir()
    (repo / "dist").mkdir()
    (repo / "dist" / "lecnn-0.1.0-py3-none-any.whl").write_text("wheel")
    (repo / "dist" / "other-1.0-py3-none-any.whl").write_text("not ours")
    run = _make(repo, make_env, "clean")
    assert run.returncode == 0, run.stderr
    assert not (repo / ".venv").exists() and not (repo / "build").exists()
    assert sorted(p.name for p in (repo / "dist").iterdir()) == ["other-1.0-py3-none-any.whl"]


@pytest.mark.parametrize("how", ["environment", "command line"])
def test_make_clean_never_removes_a_venv_outside_the_repository(tmp_path, make_env, how):
    repo, outside, python = _repository(tmp_path)
    venv = outside / "venv"
    assert (
        _make(repo, make_env, f"{venv}/bin/python", f"PYTHON={python}", f"VENV={venv}").returncode
        == 0
    )
    if how == "environment":  # as `export VENV=...; make clean`: the Makefile's `VENV ?= .venv`
        run = _make(repo, {**make_env, "VENV": str(outside)}, "clean")
    else:
        run = _make(repo, make_env, "clean", f"VENV={venv}")
    assert run.returncode != 0
    assert "not inside the repository" in run.stderr and "not removed" in run.stderr
    assert (outside / "thesis.tex").read_text() == "a user's own work"
    assert (venv / "bin" / "python").exists()


@pytest.mark.parametrize("venv", [".", "notebooks", "link"])
def test_make_clean_refuses_a_folder_that_is_not_a_venv_it_made(tmp_path, make_env, venv):
    repo, outside, _ = _repository(tmp_path)
    (repo / "notebooks").mkdir()
    (repo / "notebooks" / "01_intro.ipynb").write_text("{}")
    (repo / "link").symlink_to(outside)
    run = _make(repo, make_env, "clean", f"VENV={venv}")
    assert run.returncode != 0 and "not removed" in run.stderr, run.stderr
    assert (repo / "notebooks" / "01_intro.ipynb").exists() and (repo / "Makefile").exists()
    assert (repo / "link").is_symlink() and (outside / "thesis.tex").exists()


def test_make_clean_run_from_elsewhere_cleans_the_repository_only(tmp_path, make_env):
    repo, outside, _ = _repository(tmp_path)
    (outside / "build").mkdir()
    (repo / "build").mkdir()
    run = subprocess.run(
        ["make", "-f", str(repo / "Makefile"), "clean"],
        cwd=outside,
        env=make_env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert (outside / "build").is_dir() and not (repo / "build").exists()


def test_tests_that_run_make_ignore_the_callers_make_variables():
    """`make test PYTHON=python3.10 VENV=.venv310 TORCH=0` passes VENV, PYTHON and TORCH to every
    make the tests run (through MAKEFLAGS), and an exported VENV reaches them too: the make tests
    must pass regardless."""
    env = dict(
        os.environ,
        MAKEFLAGS=" -- VENV=.venv310 PYTHON=python3.10 TORCH=0",
        MAKELEVEL="1",
        VENV="/nonexistent/venv",
        TORCH="0",
        LECNN_WITHOUT_TORCH="1",
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-k",
            "make_lab or make_test or torch_0 or make_clean",
        ]
        + ["tests/test_project.py", "tests/test_student.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    assert re.search(r"\b(1[0-9]|[2-9][0-9]) passed", run.stdout), run.stdout[-500:]


def test_test_tools_are_not_in_the_core_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = {_name(r) for r in project["dependencies"]}
    assert not core & {"pytest", "nbval", "hypothesis", "ruff", "playwright"}


def _sanitize_patterns():
    text = (ROOT / "tests" / "nbval_sanitize.cfg").read_text()
    return re.findall(r"^regex: (.*)$\n^replace: (.*)$", text, flags=re.MULTILINE)


def test_sanitizer_masks_only_figures_marked_with_approx():
    patterns = _sanitize_patterns()
    assert patterns and all(regex.startswith("≈ ") for regex, _ in patterns)

    def sanitize(s):
        for regex, replace in patterns:
            s = re.sub(regex, replace, s)
        return s

    assert (
        sanitize("E ≈ 0.039  テスト正解率 ≈ 94.0%  z_1: ≈ 46")
        == "E ≈ …  テスト正解率 ≈ …  z_1: ≈ …"
    )
    unmarked = "E = 0.039  正解率 94.0%  < 1e-05 ✔  ≈ の確認"
    assert sanitize(unmarked) == unmarked
    assert sanitize("batch 1: lecnn 8,400 サンプル/秒") == "batch 1: lecnn 8,400 サンプル/秒"


def test_cells_printing_masked_figures_assert_their_claim():
    import nbformat

    # Figures after "≈ " are masked, so the claim the prose makes about them is asserted instead.
    patterns = [re.compile(regex) for regex, _ in _sanitize_patterns()]
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            if any(p.search(text) for p in patterns):
                assert "assert " in cell.source, f"{path.name}: masked figures, no asserted claim"


def test_portable_runs_turn_off_each_simd_level_below_the_cpus_own():
    avx512 = {"X86_V2": True, "X86_V3": True, "X86_V4": True}
    assert portable.levels_to_disable(avx512) == ["X86_V4", "X86_V4 X86_V3"]
    assert portable.levels_to_disable({**avx512, "X86_V4": False}) == ["X86_V3"]
    assert portable.levels_to_disable({"NEON": True, "ASIMD": True}) == []


def test_a_portable_run_stopped_by_its_time_limit_fails_and_says_so(capsys, monkeypatch):
    cpu = {"X86_V2": True, "X86_V3": True, "X86_V4": False}
    monkeypatch.setattr(portable, "cpu_features", lambda: cpu)
    assert portable.main(["test_portable.py", "--", "sh", "-c", "exit 124"]) == 1
    out = capsys.readouterr().out
    assert "X86_V3 turned off did not finish in its time limit" in out
    assert "outputs differ" not in out
    assert portable.main(["test_portable.py", "--", "true"]) == 0


def test_each_dependency_is_held_at_its_floor():
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "dependencies"
    ]
    found = lowest.floors(dependencies)
    assert found["numpy"] == "1.24" and found["jupyterlab"] == "4.0"
    assert set(found) == {d.split(">=")[0] for d in dependencies}
    with pytest.raises(ValueError, match="expected 'name>=version'"):
        lowest.floors(["numpy"])  # no floor: nothing to hold it at


def test_a_release_outside_the_floors_minor_release_is_named():
    versions = {"numpy": "1.24.4", "matplotlib": "3.10.0"}.__getitem__
    problems = lowest.outside({"numpy": "1.24", "matplotlib": "3.8"}, versions)
    assert problems == ["matplotlib: 3.10.0 installed, expected 3.8.*"]
    assert lowest.outside({"numpy": "1.2"}, versions) == ["numpy: 1.24.4 installed, expected 1.2.*"]


def test_readme_module_table_lists_every_module():
    rows = {}
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        found = re.match(r"\| `(lecnn\.\w+)` \|(.*)\|$", line)
        if found:
            rows[found.group(1)] = found.group(2)
    missing = []
    for path in sorted((ROOT / "lecnn").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts  # ("lecnn", ..., name)
        if parts[-1] == "__init__":
            continue
        if len(parts) == 2:  # lecnn/x.py: a row of its own
            listed = f"lecnn.{parts[1]}" in rows
        else:  # lecnn/package/x.py: named in the package's row
            listed = f"`{parts[-1]}`" in rows.get(f"lecnn.{parts[1]}", "")
        if not listed:
            missing.append(".".join(parts))
    assert not missing, f"not in the README's module table: {missing}"


# ---------------------------------------------------------------------------
# Runs without a person are bounded, and a timeout still stops what a test started
# ---------------------------------------------------------------------------

HANGING_TEST = """
import os, time
import pytest
from tests_browser.servers import Server

@pytest.fixture
def server(tmp_path):
    started = Server("a server", ["sh", "-c", "sleep 300 & sleep 300"], tmp_path / "log",
                     cwd=tmp_path, env=dict(os.environ))
    with open(os.environ["GROUP_FILE"], "w") as f:
        f.write(str(os.getpgid(started.process.pid)))
    yield started
    started.stop(grace=2)

def test_hangs(server):
    time.sleep(300)
"""


def _browser_pytest_options(make_env):
    """The pytest options of `make test-browser` (from `make -n`: nothing runs)."""
    dry = subprocess.run(
        ["make", "-n", "test-browser"], cwd=ROOT, env=make_env, capture_output=True, text=True
    )
    assert dry.returncode == 0, dry.stderr
    (line,) = [line for line in dry.stdout.splitlines() if "pytest tests_browser" in line]
    assert line.startswith("timeout "), "the whole run is not bounded"
    return re.findall(r"--timeout(?:-method)?=\w+", line)


@pytest.mark.parametrize(
    "target",
    ["unit", "nbval", "student-run", "test-portable", "test-browser", "test-browser-playground"],
)
def test_every_make_target_that_runs_tests_bounds_the_run(target, make_env):
    dry = subprocess.run(
        ["make", "-n", target], cwd=ROOT, env=make_env, capture_output=True, text=True
    )
    assert dry.returncode == 0, dry.stderr
    runs = [line for line in dry.stdout.replace("\\\n", " ").splitlines() if "pytest" in line]
    assert runs, f"make -n {target} runs no pytest"
    unbounded = [line for line in runs if "timeout " not in line]
    assert not unbounded, f"make {target}: a run without a bound: {unbounded}"


def test_a_browser_test_that_hangs_is_failed_and_its_servers_are_stopped(tmp_path, make_env):
    options = _browser_pytest_options(make_env)
    assert any(o.startswith("--timeout=") for o in options), options
    options = [o for o in options if not o.startswith("--timeout=")] + ["--timeout=3"]
    (tmp_path / "test_hangs.py").write_text(HANGING_TEST)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    group_file = tmp_path / "group"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options, "test_hangs.py"],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(ROOT), GROUP_FILE=str(group_file)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    group = int(group_file.read_text())
    deadline = time.monotonic() + 10  # SIGKILL is sent: the kernel needs a moment under load
    while _running_in_group(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = _running_in_group(group)
    if alive:
        os.killpg(group, signal.SIGKILL)
    assert run.returncode == 1 and "Timeout" in run.stdout, run.stdout[-2000:]
    assert not alive, f"the server's processes {alive} outlived the timeout ({options})"


def _running_in_group(group):
    """The processes of process group ``group`` still running: a killed process that waits as a
    zombie for its parent (here the container's init) to collect it has ended, so it does not
    count, although ``os.killpg(group, 0)`` still finds it."""
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:  # "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses
            state, _, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError):  # the process ended while it was read
            continue
        if int(pgrp) == group and state != "Z":
            running.append(int(stat.parent.name))
    return running
