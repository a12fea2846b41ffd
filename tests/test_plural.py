"""Counts read as words: one plural helper, and no "(s)" left anywhere in what the app or CLI says."""

import io
import tokenize

import pytest

from tests.conftest import ROOT
from threshold.plural import counted


@pytest.mark.parametrize(
    ("count", "words", "expected"),
    [
        (0, ("file",), "0 files"),
        (1, ("file",), "1 file"),
        (2, ("saved reflection",), "2 saved reflections"),
        (1, ("was", "were"), "1 was"),
        (3, ("was", "were"), "3 were"),
        (1200, ("problem",), "1,200 problems"),
    ],
)
def test_counted_agrees_with_its_count(count, words, expected):
    assert counted(count, *words) == expected


def strings_in(path) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [t.string for t in tokens if t.type == tokenize.STRING]


def test_no_text_in_the_source_says_s_in_brackets():
    sources = [ROOT / "app.py", *(ROOT / d for d in ("threshold", "components", "pages"))]
    files = [p for s in sources for p in ([s] if s.is_file() else s.rglob("*.py")) if p.name != "plural.py"]
    found = [f"{p.relative_to(ROOT)}: {text}" for p in files for text in strings_in(p) if "(s)" in text]
    assert found == []
