"""The options after the reflection, what they said when asked, and About this tool, as blocks
(`threshold.blocks`): the screen and the report draw these, so a sentence here shows in both.

The sentences that depend on the person's answers come from `threshold.decision`.
"""

from __future__ import annotations

from threshold import decision as dec
from threshold.blocks import Bullets, Card, Heading, Paragraph, Said, Section, Table
from threshold.decision import DecisionRecord, Reply
from threshold.rubric import Rubric
from threshold.scoring import Profile

ABOUT_PAGE_NOTE = (
    "The app's About this tool page says more, with how sure its scores are as measured on real, paraphrased cases."
)


def decision_sections(
    rubric: Rubric,
    profile: Profile,
    record: DecisionRecord | None,
    replies: list[Reply] | tuple = (),
    *,
    country: str | None = None,
) -> list[Section]:
    """Your options (always, when the rubric has them), then what the person said about them, then replies."""
    sections = [options_section(rubric, profile)] if rubric.decision else []
    if rubric.decision and record is not None and not record.empty:
        sections.append(choice_section(rubric, record))
    if replies:
        sections.append(replies_section(replies))
    return sections


def option_card(rubric: Rubric, option, safety_flag: bool) -> Card:
    def points(entries) -> Bullets:
        return Bullets([f"{dec.point_label(rubric, e.point)}: {e.text}" for e in entries])

    return Card(
        option.label,
        [
            Paragraph(dec.option_description(option, safety_flag)),
            Paragraph("What it may bring you", style="label"),
            points(option.may_bring),
            Paragraph("What it may cost you", style="label"),
            points(option.may_cost),
            Paragraph(option.living_with, lead="Living with it:"),
        ],
    )


def options_section(rubric: Rubric, profile: Profile) -> Section:
    decision = rubric.decision
    blocks: list = [
        Heading("Your options"),
        Paragraph(decision.statement, lead="The decision:"),
        Paragraph(decision.intro),
    ]
    if profile.safety_flag:
        blocks.append(Paragraph(decision.safety_first, style="callout"))
    for option in dec.options_in_order(rubric):
        blocks.append(option_card(rubric, option, profile.safety_flag))
    return Section(blocks)


def choice_section(rubric: Rubric, record: DecisionRecord) -> Section:
    decision = rubric.decision
    blocks: list = []
    rated = [(dec.point_label(rubric, p), v) for p, v in record.ratings.items()]
    rated += [(own.text, own.importance) for own in record.own_points]
    if rated:
        blocks += [
            Heading("What matters to you"),
            Table(["Point", "How much it matters"], [[label, decision.importance[v]] for label, v in rated]),
        ]
    lean = dec.leaning_reflection(rubric, record)
    blocks += [Heading("Where you lean"), *(Paragraph(s) for s in lean.sentences)]
    if lean.brings or lean.costs:
        blocks += [
            Paragraph("On those points it may bring you", style="label"),
            Bullets(lean.brings or ["Nothing in particular."]),
            Paragraph("On those points it may cost you", style="label"),
            Bullets(lean.costs or ["Nothing in particular."]),
        ]
    change = dec.check_change(rubric, record)
    if record.check_before or record.check_after:
        rows = [
            [q.text, _yes(record.check_before.get(q.id)), _yes(record.check_after.get(q.id))]
            for q in rubric.decision_check.questions
        ]
        blocks += [Heading("The decision check, before and after"), Table(["Question", "Before", "After"], rows)]
        if summary := dec.check_summary(rubric, change):
            blocks.append(Paragraph(summary))
        if change.message:
            blocks.append(Paragraph(change.message, style="callout"))
    if lines := dec.next_step_lines(record.next_step):
        blocks += [Heading("Your next step"), Bullets(lines)]
    return Section(blocks)


def replies_section(replies) -> Section:
    blocks: list = [Heading("What they said when you asked")]
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
