"""The project's own files: environment.yml and pyproject name the same dependencies, etc."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

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


def _make_n(target, tmp_path, *options):
    """What `make -n TARGET` prints for a fresh venv in tmp_path (nothing is run)."""
    venv = tmp_path / "venv"
    return subprocess.run(
        ["make", "-n", target, f"VENV={venv}", *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _dry_run(target, tmp_path, *options):
    """The pip commands `make TARGET` would run for a fresh venv in tmp_path."""
    return [
        line for line in _make_n(target, tmp_path, *options).splitlines() if "pip install" in line
    ]


def test_make_lab_installs_no_test_tools_and_shows_progress(tmp_path):
    (install,) = _dry_run("lab", tmp_path)
    assert install.rstrip().endswith("-e .") and " -q" not in install


def test_make_test_installs_the_test_app_and_torch_extras(tmp_path):
    (install,) = _dry_run("unit", tmp_path)
    assert "-e '.[test,app,torch]'" in install


def test_torch_0_leaves_pytorch_and_notebook_10_out_and_says_so(tmp_path):
    (install,) = _dry_run("unit", tmp_path, "TORCH=0")
    assert "-e '.[test,app]'" in install
    nbval = _make_n("nbval", tmp_path, "TORCH=0")
    assert "--ignore=notebooks/10_pytorch.ipynb" in nbval and "left out" in nbval
    assert "--ignore=notebooks/11_optimization.ipynb" in nbval
    assert "--ignore" not in _make_n("nbval", tmp_path)


def test_test_tools_are_not_in_the_core_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = {_name(r) for r in project["dependencies"]}
    assert not core & {"pytest", "nbval", "hypothesis", "ruff", "playwright"}


def _sanitize_patterns():
    text = (ROOT / "tests" / "nbval_sanitize.cfg").read_text()
    return re.findall(r"^regex: (.*)$\n^replace: (.*)$", text, flags=re.MULTILINE)


def test_sanitizer_masks_only_figures_marked_with_approx_and_lines_marked_variable():
    patterns = _sanitize_patterns()
    assert patterns and all(regex.startswith(("≈ ", r"\[可変\] ")) for regex, _ in patterns)

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
    assert sanitize("[可変] batch 1: lecnn 8,400 サンプル/秒") == "[可変] …"
    assert sanitize("可変 batch 1: 8,400") == "可変 batch 1: 8,400"


def test_cells_printing_masked_figures_assert_their_claim():
    import nbformat

    # Lines marked "[可変] " (a timing, the device) state no claim; figures after "≈ " do.
    patterns = [re.compile(regex) for regex, _ in _sanitize_patterns() if regex.startswith("≈")]
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            if any(p.search(text) for p in patterns):
                assert "assert " in cell.source, f"{path.name}: masked figures, no asserted claim"


def test_portable_runs_turn_off_each_simd_level_below_the_cpus_own():
    spec = importlib.util.spec_from_file_location(
        "test_portable", ROOT / "tools" / "test_portable.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    avx512 = {"X86_V2": True, "X86_V3": True, "X86_V4": True}
    assert module.levels_to_disable(avx512) == ["X86_V4", "X86_V4 X86_V3"]
    assert module.levels_to_disable({**avx512, "X86_V4": False}) == ["X86_V3"]
    assert module.levels_to_disable({"NEON": True, "ASIMD": True}) == []


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
