"""The options after the reflection, what they said when asked, and About this tool, as blocks
(`threshold.blocks`): the screen and the report draw these, so a sentence here shows in both.

The sentences that depend on the person's answers come from `threshold.decision`.
"""

from __future__ import annotations

from threshold import decision as dec
from threshold.blocks import Bullets, Card, Columns, Heading, Paragraph, Resources, Said, Section, Table, Widget
from threshold.decision import DecisionRecord, Reply
from threshold.rubric import Rubric
from threshold.scoring import Profile

ABOUT_PAGE_NOTE = (
    "The app's About this tool page says more, with how sure its scores are as measured on real, paraphrased cases."
)


#: Headings the options page and the report share.
OPTIONS_TITLE, WHAT_MATTERS, WHERE_YOU_LEAN = "Your options", "What matters to you", "Where you lean"
REPLIES_TITLE = "What they said when you asked"
NOTHING_PARTICULAR = "Nothing in particular."


def decision_sections(
    rubric: Rubric,
    profile: Profile,
    record: DecisionRecord | None,
    replies: list[Reply] | tuple = (),
    *,
    country: str | None = None,
) -> list[Section]:
    """Your options (always, when the rubric has them) with what the person said about them, then replies."""
    sections = options_sections(rubric, profile, record, country) if rubric.decision else []
    if replies:
        sections.append(replies_section(replies))
    return sections


def options_sections(
    rubric: Rubric, profile: Profile, record: DecisionRecord | None, country: str | None = None
) -> list[Section]:
    """The options page, in the Ottawa guide's order; nothing on it is ranked.

    Its questions are `Widget`s the page draws; paper shows in their place what was answered, if anything.
    """
    decision, record = rubric.decision, record or DecisionRecord()
    sections = [Section([Heading(OPTIONS_TITLE), Heading("The decision", 3), Paragraph(decision.statement)])]
    if profile.safety_flag:
        sections.append(Section([Paragraph(decision.safety_first), Resources(country)], boxed=True))
    sections.append(Section([Widget("check.before")]))  # on paper with the check after, side by side
    cards = [option_card(rubric, option, profile.safety_flag) for option in dec.options_in_order(rubric)]
    sections.append(Section([Paragraph(decision.intro), *cards]))
    parts = [
        ("what_matters", what_matters_blocks),
        ("where_you_lean", leaning_blocks),
        ("check.after", check_blocks),
        ("next_step", next_step_blocks),
    ]
    answered = not record.empty
    sections += [
        Section([Widget(name, on_paper(rubric, record) if answered else [])], rule_before=True)
        for name, on_paper in parts
    ]
    return sections


def option_card(rubric: Rubric, option, safety_flag: bool) -> Card:
    """One option: what it is, what it may bring and cost side by side in equal detail, and living with it."""

    def points(entries) -> Bullets:
        return Bullets([f"{dec.point_label(rubric, e.point)}: {e.text}" for e in entries])

    brings = [Paragraph("What it may bring you", style="label"), points(option.may_bring)]
    costs = [Paragraph("What it may cost you", style="label"), points(option.may_cost)]
    return Card(
        option.label,
        [
            Paragraph(dec.option_description(option, safety_flag)),
            Columns([brings, costs]),
            Paragraph(option.living_with, lead="Living with it:"),
        ],
    )


def what_matters_blocks(rubric: Rubric, record: DecisionRecord) -> list:
    rated = [(dec.point_label(rubric, p), v) for p, v in record.ratings.items()]
    rated += [(own.text, own.importance) for own in record.own_points]
    if not rated:
        return []
    importance = rubric.decision.importance
    return [Heading(WHAT_MATTERS), Table(["Point", "How much it matters"], [[t, importance[v]] for t, v in rated])]


def leaning_blocks(rubric: Rubric, record: DecisionRecord) -> list:
    return [Heading(WHERE_YOU_LEAN), *said_back(rubric, record)]


def said_back(rubric: Rubric, record: DecisionRecord) -> list:
    """The leaning said back in words, and what it may bring and cost on the points that matter most."""
    lean = dec.leaning_reflection(rubric, record)
    blocks: list = [Said(sentence) for sentence in lean.sentences]  # they quote the person's own points
    if lean.brings or lean.costs:
        brings = [
            Paragraph("On those points it may bring you", style="label"),
            Bullets(lean.brings or [NOTHING_PARTICULAR]),
        ]
        costs = [
            Paragraph("On those points it may cost you", style="label"),
            Bullets(lean.costs or [NOTHING_PARTICULAR]),
        ]
        blocks.append(Columns([brings, costs]))
    return blocks


def check_blocks(rubric: Rubric, record: DecisionRecord) -> list:
    if not (record.check_before or record.check_after):
        return []
    rows = [
        [q.text, _yes(record.check_before.get(q.id)), _yes(record.check_after.get(q.id))]
        for q in rubric.decision_check.questions
    ]
    blocks: list = [Heading("The decision check, before and after"), Table(["Question", "Before", "After"], rows)]
    change = dec.check_change(rubric, record)
    if summary := dec.check_summary(rubric, change):
        blocks.append(Paragraph(summary))
    if change.message:
        blocks.append(Paragraph(change.message, style="callout"))
    return blocks


def next_step_blocks(rubric: Rubric, record: DecisionRecord) -> list:
    lines = dec.next_step_lines(record.next_step)
    return [Heading("Your next step"), *(Said(line) for line in lines)] if lines else []


def replies_section(replies) -> Section:
    blocks: list = [Heading(REPLIES_TITLE)]
    blocks += [Said(reply.said, lead=reply.question) for reply in replies]
    return Section(blocks)


def about_section(rubric: Rubric) -> Section:
    """Who made this and from what, how current it is, and that nothing is collected (IPDAS certifying criteria)."""
    about = rubric.about
    if about is None:
        return Section([Heading("About this tool"), Paragraph(f"Rubric version {rubric.version}."), _about_note()])
    produced = f"{about.produced.day} {about.produced:%B %Y}"
    return Section(
        [
            Heading("About this tool"),
            Paragraph(about.what_it_is),
            Paragraph(about.what_it_is_not),
            Paragraph(f"Rubric version {rubric.version}, produced {produced}. {about.update_policy}"),
            Paragraph("Built from", style="label"),
            Bullets([f"{s.title}. {s.citation}" for s in [*about.sources, *about.standards]]),
            Paragraph(f"{about.made_by} {about.funding} {about.data}"),
            _about_note(),
        ]
    )


def _about_note() -> Paragraph:
    return Paragraph(ABOUT_PAGE_NOTE, style="note")


def _yes(value: bool | None) -> str:
    return {True: "Yes", False: "Not yet"}.get(value, "Not answered")
