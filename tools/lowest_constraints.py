"""The lowest release pyproject allows of each dependency: as pip constraints, or checked.

``make test-lowest`` installs a test venv under these constraints (``PIP_CONSTRAINT``), checks
that pip kept to them, and runs the unit tests and nbval there: each floor in ``pyproject.toml``
(``numpy>=1.24``) is then a release the series was run with, not a guess. A student's older
Anaconda is such a machine. A floor ``X.Y`` becomes ``==X.Y.*``, the lowest minor release with
its latest fixes.

Usage:
  python tools/lowest_constraints.py [pyproject.toml] > constraints.txt
  python tools/lowest_constraints.py --installed [pyproject.toml]   (exit status 1 if this
      Python has a release of one of them outside its floor's minor release)
"""

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the test extra installs tomli
    import tomli as tomllib

FLOOR = re.compile(r"([A-Za-z0-9._-]+)\s*>=\s*(\d+(?:\.\d+)*)")


def floors(dependencies):
    """{name: "X.Y"} for each dependency ``name>=X.Y`` of ``dependencies`` (pyproject's strings);
    a dependency of another form raises ValueError."""
    found = {}
    for dependency in dependencies:
        match = FLOOR.fullmatch(dependency.strip())
        if match is None:
            raise ValueError(f"{dependency!r}: expected 'name>=version', the form of a floor")
        name, version = match.groups()
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pyproject", nargs="?", default="pyproject.toml")
    parser.add_argument(
        "--installed", action="store_true", help="check this Python's releases instead"
    )
    args = parser.parse_args(argv[1:])
    text = Path(args.pyproject).read_text(encoding="utf-8")
    found = floors(tomllib.loads(text)["project"]["dependencies"])
    if not args.installed:
        print("\n".join(f"{name}=={version}.*" for name, version in found.items()))
        return 0
    problems = outside(found, metadata.version)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    for name, floor in found.items():
        print(f"{name} {metadata.version(name)} (floor {floor})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
