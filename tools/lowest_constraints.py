"""The lowest release pyproject allows of each library lecnn calls: as pip constraints, or checked.

``make test-lowest`` installs a test venv under these constraints (``PIP_CONSTRAINT``), checks
that pip kept to them, and runs the unit tests and nbval there: each floor in ``pyproject.toml``
(``numpy>=1.24``) is then a release the series was run with, not a guess. A student's older
Anaconda is such a machine. A floor ``X.Y`` becomes ``==X.Y.*``, the lowest minor release with
its latest fixes.

Left at their newest: JupyterLab and ipykernel, the programs that run the notebooks rather than
libraries lecnn calls (held at 4.0 and 6.0 together with the test tools, pip's resolver did not
settle within 15 minutes).

Usage:
  python tools/lowest_constraints.py [pyproject.toml] > constraints.txt
  python tools/lowest_constraints.py --installed [pyproject.toml]   (exit status 1 if this
      Python has a release of one of them outside its floor's minor release)
"""

import re
import sys
from importlib import metadata
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the test extra installs tomli
    import tomli as tomllib

NOT_CALLED = {"jupyterlab", "ipykernel"}
"""Dependencies that run the notebooks; lecnn's code does not import them."""

FLOOR = re.compile(r"([A-Za-z0-9._-]+)\s*>=\s*(\d+(?:\.\d+)*)")


def floors(dependencies):
    """{name: "X.Y"} for each dependency ``name>=X.Y`` of ``dependencies`` (pyproject's strings),
    but those in NOT_CALLED; a dependency of another form raises ValueError."""
    found = {}
    for dependency in dependencies:
        match = FLOOR.fullmatch(dependency.strip())
        if match is None:
            raise ValueError(f"{dependency!r}: expected 'name>=version', the form of a floor")
        name, version = match.groups()
        if name.lower() not in NOT_CALLED:
            found[name] = version
    return found


def outside(floors, installed):
    """The lines naming each library whose ``installed(name)`` release is not in its floor's
    minor release (X.Y.*), or is missing."""
    problems = []
    for name, floor in floors.items():
        try:
            version = installed(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name}: not installed (expected {floor}.*)")
            continue
        if version.split(".")[: len(floor.split("."))] != floor.split("."):
            problems.append(f"{name}: {version} installed, expected {floor}.*")
    return problems


def main(argv):
    args = argv[1:]
    check = "--installed" in args
    args = [a for a in args if a != "--installed"]
    path = Path(args[0] if args else "pyproject.toml")
    found = floors(tomllib.loads(path.read_text(encoding="utf-8"))["project"]["dependencies"])
    if not check:
        print("\n".join(f"{name}=={version}.*" for name, version in found.items()))
        return 0
    problems = outside(found, metadata.version)
    for name in found:
        if not any(p.startswith(f"{name}:") for p in problems):
            print(f"{name} {metadata.version(name)} (floor {found[name]})")
    print("\n".join(problems), file=sys.stderr)
    print(f"left at their newest: {', '.join(sorted(NOT_CALLED))}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
