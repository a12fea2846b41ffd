"""The reader's word list (`reader_words.yaml`): contractions and chat shorthand to spell out, checked.

The list is data beside the rubric, loaded and validated once, the way the rubric is: a mistake is
named by its path (`shorthand.u r: ...`). From it the reader builds one pattern that finds every
word to replace, every stretched word ("sooo") and every run of spaces, all in one pass.
"""

from __future__ import annotations

import itertools
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from threshold.rubric import RubricError, Strict, validate_yaml

DEFAULT_WORDS_PATH = Path(__file__).resolve().parent.parent / "reader_words.yaml"

#: One word as typed: lower-case letters and digits, apostrophes inside.
Typed = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:'[a-z0-9]+)*$", max_length=30)]
#: What it stands for: lower-case words separated by single spaces.
SpeltOut = Annotated[str, Field(pattern=r"^[a-z0-9']+(?: [a-z0-9']+)*$", max_length=60)]

_SPACE = r"[^\S\n]"
_STRETCHED = re.compile(r"([a-z])\1\1+")


class ReaderWordsError(RubricError):
    """A word list that cannot be used; `problems` lists each one as `path: message`."""


class ReaderWords(Strict):
    contractions: dict[Typed, SpeltOut] = Field(min_length=1)
    ambiguous_without_apostrophe: list[Typed] = Field(default_factory=list)
    shorthand: dict[Typed, SpeltOut] = Field(default_factory=dict)
    common_words: list[Typed] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> ReaderWords:
        problems = [f"contractions.{k}: a contraction has an apostrophe" for k in self.contractions if "'" not in k]
        problems += [
            f"ambiguous_without_apostrophe: {k!r} is not one of the contractions"
            for k in self.ambiguous_without_apostrophe
            if k not in self.contractions
        ]
        problems += [f"shorthand.{k}: also a contraction" for k in self.shorthand if k in self.contractions]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @cached_property
    def replacements(self) -> dict[str, str]:
        """Every typed form to what it stands for: contractions with and without the apostrophe, shorthand."""
        ambiguous = set(self.ambiguous_without_apostrophe)
        bare = {k.replace("'", ""): v for k, v in self.contractions.items() if k not in ambiguous}
        return {**self.contractions, **bare, **self.shorthand}

    @cached_property
    def pattern(self) -> re.Pattern:
        """Known words to replace, then any stretched word, then whitespace that is not already one space."""
        return re.compile(
            rf"(?<![\w']){word_trie(self.replacements)}(?![\w'])"
            r"|(?<![\w'])[a-z']*([a-z])\1\1[a-z']*"
            rf"|{_SPACE}{{2,}}|[^\S \n]"
        )

    def normal_word(self, token: str, vocabulary: frozenset[str]) -> str:
        """What the pass puts for `token`: one space for whitespace, a word spelt out or cut back."""
        if token.isspace():
            return " "
        if _STRETCHED.search(token):
            token = self._unstretch(token, vocabulary)
        return self.replacements.get(token, token)

    @cached_property
    def _common(self) -> frozenset[str]:
        return frozenset(self.common_words)

    def _unstretch(self, token: str, vocabulary: frozenset[str]) -> str:
        """Cut each run of three or more letters to one or two, preferring a word the reader knows."""
        pieces = _STRETCHED.split(token)  # text, letter, text, letter, ..., text
        runs = pieces[1::2][:4]  # four stretched runs in one word are plenty to try
        for lengths in itertools.product((1, 2), repeat=len(runs)):
            candidate = "".join(
                piece if i % 2 == 0 else piece * (lengths[i // 2] if i // 2 < len(runs) else 2)
                for i, piece in enumerate(pieces)
            )
            if candidate in vocabulary or candidate in self._common or candidate in self.replacements:
                return candidate
        return _STRETCHED.sub(r"\1\1", token)


def parse_reader_words(text: str, source: str = "reader words") -> ReaderWords:
    """Parse and check a word list; raise one ReaderWordsError listing every problem."""
    return validate_yaml(text, ReaderWords, source=source, error=ReaderWordsError, expected="a mapping of word lists")


@lru_cache(maxsize=4)
def load_reader_words(path: Path = DEFAULT_WORDS_PATH) -> ReaderWords:
    """The word list at `path`, read and checked once."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReaderWordsError([f"(file): cannot read {path}: {exc}"], str(path)) from None
    return parse_reader_words(text, source=str(path))


def word_trie(words) -> str:
    """A regex matching exactly `words`, shared prefixes factored out so the engine never backtracks far."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(tree)
