"""One term per concept: the words CONTRIBUTING.md's table of terms (用語) rules out appear nowhere
a student or an instructor reads them, except as a gloss in parentheses right after the term."""

import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLACES = (
    "notebooks/*.ipynb",
    "app/*.ipynb",
    "lecnn/**/*.py",
    "tools/*.py",
    "docs/*.md",
    "site/*.md",
    "README.md",
)


def _table():
    """(term, [words not used]) from the table under CONTRIBUTING.md's "### Terms (用語)"."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("### Terms (用語)\n", 1)[1].split("\n### ", 1)[0]
    rows = [line.strip("|").split("|") for line in section.splitlines() if line.startswith("| ")]
    return [(term.strip(), [w.strip() for w in words.split(",")]) for term, words in rows[1:]]


TERMS = _table()


def test_the_table_of_terms_is_read():
    assert len(TERMS) >= 15 and ("中間層", ["隠れ層"]) in TERMS


@functools.cache
def _texts():
    """(path, text) of every file that PLACES names, read once."""
    return [
        (path.relative_to(ROOT), path.read_text(encoding="utf-8"))
        for pattern in PLACES
        for path in sorted(ROOT.glob(pattern))
    ]


@pytest.mark.parametrize(("term", "words"), TERMS, ids=[term for term, _ in TERMS])
def test_each_concept_has_one_term(term, words):
    gloss = re.compile(rf"{re.escape(term)}\s*[(（]([^()（）]*)[)）]")
    found = []
    for path, text in _texts():
        text = gloss.sub(lambda m: term if any(w in m[1] for w in words) else m[0], text)
        for word in words:
            found += [f"{path}: …{text[max(i - 20, 0) : i + 20]}…" for i in _at(text, word)]
    assert not found, f"use 「{term}」:\n" + "\n".join(found)


def _at(text, word):
    return (m.start() for m in re.finditer(re.escape(word), text))
