"""Make the student edition of the lecture notebooks: the master notebooks with the answers taken out.

Usage::

    python tools/make_student.py notebooks dist/student      # what ``make student`` runs

Every numbered notebook ``SRC/NN_*.ipynb`` is written to ``DEST/NN_*.ipynb`` as
``tools/blank_solutions.py`` makes it: each solution region blanked, each solution markdown cell
replaced by a placeholder, every output cleared, everything else unchanged. Every notebook is read,
validated and converted before anything is written, so a malformed master leaves no half-made
edition.

Writing never destroys anyone's work (``build``): the tool keeps a manifest of the files it wrote,
with their SHA-256, in ``DEST/.make_student.json``; it overwrites only files listed there and unchanged since.
A notebook that was changed, or that it did not write, stays where it is, and the new edition goes
beside it as ``NN_name.new.ipynb`` (``.new2``, ... if that one was changed too); every such case is
printed. Each file is written to a temporary file and renamed over its target. The output folder
may neither be, nor lie inside, nor contain the master folder.

Why nbformat rather than nbgrader: CONTRIBUTING.md, "Decisions".
"""

import argparse
import fnmatch
import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import blank_solutions
import nbformat

NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
MANIFEST = ".make_student.json"


EditionError = blank_solutions.EditionError
student_notebook = blank_solutions.student_notebook


def master_notebooks(src):
    """The numbered notebooks ``src/NN_*.ipynb``, sorted.

    Parameters
    ----------
    src : str or Path

    Returns
    -------
    list of Path
    """
    src = Path(src)
    if not src.is_dir():
        raise FileNotFoundError(f"expected a directory of notebooks, got {str(src)!r}")
    return sorted(src.glob(NOTEBOOK_GLOB))


@dataclass(frozen=True)
class Outcome:
    """What ``build`` did for one file of the output folder.

    Attributes
    ----------
    action : str
        "new" (written where nothing was), "updated" (overwrote a file this tool wrote and nobody
        changed), "unchanged" (the file already holds this edition), "beside" (the notebook's
        own name holds a changed or unknown file, kept; the edition went to ``path``),
        "removed" (a file this tool wrote, unchanged, that the edition no longer has),
        "kept" (a file this tool wrote that the edition no longer has, changed since, or now a
        symbolic link: left alone), "ignored" (a manifest entry that names no file of the
        output folder, such as ``../x`` or an absolute path: nothing done).
    path : Path
        The file concerned (for "beside", where the new edition is).
    n_regions : int
        Exercises in the notebook (0 for "removed" and "kept").
    kept : tuple of Path
        For "beside": the files left in place under the notebook's name(s).
    why : tuple of str
        For "beside": why each of ``kept`` was left ("changed", "unknown" or "link").
    """

    action: str
    path: Path
    n_regions: int = 0
    kept: tuple = field(default=())
    why: tuple = field(default=())

    def message(self):
        exercises = f"{self.n_regions} exercise{'s' if self.n_regions != 1 else ''}"
        if self.action == "beside":
            reasons = {
                "changed": "changed since make_student wrote it",
                "unknown": "not written by make_student",
                "link": "a symbolic link, not written by make_student",
            }
            kept = "; ".join(
                f"{p.name} ({reasons[w]})" for p, w in zip(self.kept, self.why, strict=True)
            )
            return (
                f"{self.path}  ({exercises}, new edition) written beside what is there, left as "
                f"it is: {kept}"
            )
        if self.action == "removed":
            return (
                f"{self.path}  removed: no master any more, unchanged since make_student wrote it"
            )
        if self.action == "kept":
            return f"{self.path}  kept: no master any more, but changed since make_student wrote it"
        if self.action == "ignored":
            return (
                f"{MANIFEST}: entry {str(self.path)!r} ignored: not the name of a notebook in the "
                "output folder (nothing outside it is written or removed)"
            )
        return f"{self.path}  ({exercises}, {self.action})"


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path):
    try:
        return _sha256(path.read_bytes())
    except (IsADirectoryError, PermissionError):
        return None


def write_atomic(path, data):
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check_folders(src, dest):
    """Refuse an output folder that is, lies inside, or contains the master folder.

    Raises
    ------
    EditionError
    """
    master, out = Path(src).resolve(), Path(dest).resolve()
    if out == master or master in out.parents:
        raise EditionError(
            f"the output folder {dest} is the master folder {src} or lies inside it: the "
            "edition would overwrite or sit among the model answers; choose another folder "
            "(make student uses dist/student)"
        )
    if out in master.parents:
        raise EditionError(
            f"the output folder {dest} contains the master folder {src}: handing it out would "
            "hand out the model answers; choose another folder (make student uses dist/student)"
        )


def _edition(path):
    """The student edition of the master at ``path`` as file contents, and its exercises."""
    try:
        master = nbformat.read(path, as_version=4)
        nbformat.validate(master)
    except (ValueError, KeyError, TypeError, AttributeError, nbformat.ValidationError) as err:
        first = str(err).strip().split("\n")[0]
        raise EditionError(f"{path}: not a valid notebook ({first})") from None
    student, n_regions = student_notebook(master, str(path))
    nbformat.validate(student)
    text = nbformat.writes(student)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8"), n_regions


def is_own_name(name):
    """Whether ``name`` is one this tool could have written: a notebook's plain file name
    (``NN_x.ipynb``, ``NN_x.new.ipynb``, ...) directly inside the output folder, never a path."""
    return (
        isinstance(name, str)
        and fnmatch.fnmatchcase(name, NOTEBOOK_GLOB)
        and not any(sep in name for sep in ("/", "\\", os.sep, os.altsep or "/", "\0"))
        and Path(name).name == name
        and not Path(name).is_absolute()
    )


def read_manifest(dest, ignored=None):
    """The files this tool wrote in ``dest``: name -> {"sha256": ..., "master": ...}.

    An unreadable manifest counts as empty (every existing file is then treated as unknown). An
    entry that is not a notebook's plain file name (``../x``, an absolute path, a name with a
    path separator) is left out, and appended to ``ignored`` if given: no file outside ``dest``
    is ever written or removed because the manifest names it.
    """
    try:
        files = json.loads((Path(dest) / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(files, dict):
        return {}
    manifest = {}
    for name, entry in files.items():
        if not is_own_name(name):
            if ignored is not None:
                ignored.append(name)
        elif isinstance(entry, dict) and isinstance(entry.get("sha256"), str):
            manifest[name] = entry
    return manifest


def _candidates(name):
    """The notebook's own name, then the names beside it: NN_x.new.ipynb, NN_x.new2.ipynb, ..."""
    stem = name[: -len(".ipynb")]
    yield name
    yield f"{stem}.new.ipynb"
    n = 2
    while True:
        yield f"{stem}.new{n}.ipynb"
        n += 1


def build(src, dest):
    """Write the student edition of every numbered notebook in ``src`` to ``dest``.

    Every master is read, validated and converted in memory before anything is written. A file
    in ``dest`` is overwritten only if the manifest ``dest/.make_student.json`` lists it with the SHA-256 it
    still has (this tool wrote it and nobody changed it since); otherwise it stays as it is and the
    edition goes beside it (``NN_x.new.ipynb``, ...). Files the tool wrote and nobody changed that
    the edition no longer has are removed; nothing else is ever deleted. Only plain notebook names
    inside ``dest`` are ever written or removed: a manifest entry such as ``../x`` or an absolute
    path is ignored (and reported), a symbolic link is never replaced or followed. Each file is
    written to a temporary file and renamed over its target.

    Parameters
    ----------
    src, dest : str or Path
        The masters' directory and the edition's directory (created if missing).

    Returns
    -------
    list of Outcome
        One per notebook of the edition, in order, then one per file removed or left alone.

    Raises
    ------
    EditionError
        Listing every invalid master, malformed region and exercise answer shown outside its
        solution region (``blank_solutions.answer_leaks``) found, one per line (nothing is then
        written), or refusing an output folder that is, lies inside or contains ``src``.
    FileNotFoundError
        If ``src`` is not a directory.
    """
    masters = master_notebooks(src)
    check_folders(src, dest)
    editions, errors = {}, []
    for path in masters:
        try:
            editions[path.name] = _edition(path)
        except EditionError as err:
            errors.append(str(err))
    if not errors:  # an exercise's answer outside its solution regions: not handed out
        students = {
            name: nbformat.reads(data.decode("utf-8"), 4) for name, (data, _) in editions.items()
        }
        errors += blank_solutions.answer_leaks(students)
    if errors:
        raise EditionError("\n".join(errors))
    if not editions:
        return []
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    ignored = []
    manifest = read_manifest(dest, ignored)
    ours, outcomes = {}, []
    for name, (data, n_regions) in editions.items():
        digest, kept, why = _sha256(data), [], []
        for candidate in _candidates(name):
            target = dest / candidate
            if target.is_symlink():  # not a file this tool wrote: neither it nor its target
                current = None
            else:
                current = _file_sha256(target) if target.exists() else ""
            recorded = manifest.get(candidate, {}).get("sha256")
            if current == digest:
                action = "unchanged"
            elif current == "":
                action = "new"
            elif current is not None and recorded == current:
                action = "updated"
            else:
                kept.append(target)
                why.append("link" if target.is_symlink() else "changed" if recorded else "unknown")
                continue
            if action != "unchanged":
                write_atomic(target, data)
            ours[candidate] = {"sha256": digest, "master": name}
            action = "beside" if kept else action
            outcomes.append(Outcome(action, target, n_regions, tuple(kept), tuple(why)))
            break
    reported = {path.name for outcome in outcomes for path in outcome.kept}
    outcomes += [Outcome("ignored", Path(str(name))) for name in ignored]
    for name, entry in sorted(manifest.items()):
        path = dest / name
        if name in ours or name in reported or not (path.is_file() or path.is_symlink()):
            continue
        if not path.is_symlink() and _file_sha256(path) == entry["sha256"]:
            path.unlink()
            outcomes.append(Outcome("removed", path))
        else:
            outcomes.append(Outcome("kept", path))
    record = {
        "about": "files written by tools/make_student.py, with their SHA-256; a file listed "
        "here is overwritten only while it still has this hash",
        "files": dict(sorted(ours.items())),
    }
    write_atomic(dest / MANIFEST, (json.dumps(record, indent=1) + "\n").encode("utf-8"))
    return outcomes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("src", help="directory of the master notebooks (NN_*.ipynb)")
    parser.add_argument("dest", help="directory for the student edition")
    args = parser.parse_args(argv)
    try:
        outcomes = build(args.src, args.dest)
    except (EditionError, OSError) as err:
        print(f"make_student: {err}", file=sys.stderr)
        return 1
    if not outcomes:
        print(f"make_student: no numbered notebooks in {args.src}: nothing to build")
    for outcome in outcomes:
        print(outcome.message())
    return 0


if __name__ == "__main__":
    sys.exit(main())
