"""The kinds of block a reflection is made of: headings, paragraphs, bullets, tables, checklists, charts.

A reflection is a list of `Section`s of these blocks, built once in `threshold.reflection_blocks` (and
`threshold.decision_blocks` for the options). Three renderers walk them: the Streamlit page
(`components/profile.py`), the HTML and the PDF report (`threshold.report`). A block says *what* is
shown; each renderer decides *how*: a `Fold` is an expander on screen and a subheading on paper, a
`Checklist` is radios on screen and blank boxes on paper. Text in a block is plain text; only `Said`
holds the person's own words, which a screen shows with `st.text` and never as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: The two answers of a checklist question.
CHECK_CHOICES = ("Yes", "Not yet")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    text: str
    #: Shown in bold before the text.
    lead: str | None = None
    style: str = "body"  # body, label (bold), note (small and quiet) or callout (set apart)


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Said:
    """The person's own words (a reply, a point of their own): plain text everywhere, never Markdown."""

    text: str
    lead: str | None = None


@dataclass(frozen=True, eq=False)
class Chart:
    """A score chart: bars over the low, moderate and high bands (`threshold.charts.score_chart`).

    The screen draws it with Altair; paper draws the same chart as a PNG on this machine.
    """

    #: The figures, as `threshold.charts.score_table` makes them.
    frame: pd.DataFrame
    title: str
    #: What a screen reader or the PNG's alt text says.
    alt: str


@dataclass(frozen=True)
class ChartImage:
    """A `Chart` as paper shows it: drawn on this machine as a PNG (`threshold.report`)."""

    png: bytes
    alt: str
    #: Its size in CSS pixels: the PNG is drawn at a larger scale for sharp print.
    width: int
    height: int


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Checklist:
    """Yes-or-not-yet questions: blank boxes to tick on paper, radios on screen.

    Paper prints both outcomes; the screen says the one that fits once every question is answered.
    """

    #: (question id, question text) in order.
    questions: list[tuple[str, str]]
    if_all_yes: str
    if_any_not_yet: str
    #: Which answers these are, so a screen keeps them apart: "check" (the reflection's) or another name.
    name: str = "check"
    choices: tuple[str, ...] = CHECK_CHOICES


@dataclass(frozen=True)
class Resources:
    """Where to find help: the rubric's safety resources for a country (`reflection.safety_resources`).

    On screen the person picks the country; on paper it is the one they picked.
    """

    country: str | None = None


@dataclass(frozen=True)
class Fold:
    """A titled group: an expander on screen, a subheading and its blocks on paper."""

    title: str
    blocks: list
    #: Its heading level on paper.
    level: int = 3


@dataclass(frozen=True)
class Card:
    """A titled group set apart: a bordered box on screen, a subheading and its blocks on paper."""

    title: str
    blocks: list


@dataclass(frozen=True)
class Columns:
    """Groups of blocks side by side on screen; one after another on paper."""

    columns: list[list]


@dataclass(frozen=True)
class PaperOnly:
    """Blocks that only mean something on paper (a note about keeping a printed copy safe)."""

    blocks: list


@dataclass(frozen=True)
class ScreenOnly:
    """Reference a screen keeps folded away and paper leaves out, so the printout stays short
    (the signs of each motive, which are the same for everyone)."""

    blocks: list


@dataclass(frozen=True)
class Widget:
    """An interactive part of a page (radios, text boxes), drawn by the screen function named `name`;
    paper shows `paper` in its place: what was answered there, or nothing."""

    name: str
    paper: list = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    blocks: list = field(default_factory=list)
    #: The safety panel: set apart from everything after it.
    boxed: bool = False
    #: Short enough to read on one page, and clearer that way (the decision check): never split on paper.
    keep_together: bool = False
    #: A line before it on screen, where the page moves to another subject.
    rule_before: bool = False


def as_answered(sections: list[Section]) -> list[Section]:
    """The sections with each `Widget` replaced by what was answered there (its `paper` blocks): a
    saved page shows what the person said, with nothing left to answer."""

    def blocks(inner: list) -> list:
        shown = []
        for block in inner:
            match block:
                case Widget(paper=paper):
                    shown += blocks(paper)
                case Fold() | Card() | ScreenOnly() | PaperOnly():
                    shown.append(replace(block, blocks=blocks(block.blocks)))
                case Columns(columns=columns):
                    shown.append(Columns([blocks(column) for column in columns]))
                case _:
                    shown.append(block)
        return shown

    return [replace(section, blocks=blocks(section.blocks)) for section in sections]
