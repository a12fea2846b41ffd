"""The reflection, written once: every sentence the profile page and the printed report say, in their order.

`reflection_sections` is what the profile page shows (and the report prints first); `report_sections`
adds what follows it on paper: the options (`threshold.decision_blocks`), what they said, and About.
Renderers walk these blocks: `components/profile.py` on screen, `threshold.report` as HTML and PDF.
The words that depend on the answers come from `threshold.reflection`; the rubric's texts from rubric.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence

from threshold import reflection
from threshold.blocks import (
    Bullets,
    Chart,
    Checklist,
    Columns,
    Fold,
    Heading,
    PaperOnly,
    Paragraph,
    Resources,
    ScreenOnly,
    Section,
    Table,
)
from threshold.decision import DecisionRecord, Reply
from threshold.decision_blocks import about_section, decision_sections
from threshold.rubric import Rubric
from threshold.scoring import Profile

PRINT_NOTE = "A printed or saved copy can be read by anyone who finds it; keep it somewhere only you can reach."
SECOND_TO_SAFETY = "What follows is about their possible motives. It comes second to your safety."
UNSURE_TITLE = "You were not sure about some safety questions. Help is here if you want it"
UNSURE_TEXT = (
    "Not being sure is common, and it is worth taking seriously. If you ever feel unsafe with them, "
    "these services are free and confidential, and you can talk to them without deciding anything."
)
NO_MOTIVE_YET = "There are not enough answers about them yet to suggest a motive."
FEW_ANSWERS = "A few more answers about them would let the reflection say more. The scores below stay near 50."
NOT_ABOUT_YOUR_WORTH = (
    "Their return usually says more about them than about your worth. This is a reflection, not a verdict."
)
NO_SCORE = "None of the questions about this were answered, so it has no score."
NEITHER_WAY = "Your answers pointed neither toward nor away from it."
ABOUT_YOU = "This is about you, not them, and it is kept apart from their motives."
CHART_ALT = (
    "Bar chart of {what} from 0 to 100 over the low, moderate and high bands. The table below gives the same figures."
)


def report_sections(
    rubric: Rubric,
    profile: Profile,
    *,
    country: str | None = None,
    decision: DecisionRecord | None = None,
    replies: Sequence[Reply] = (),
) -> list[Section]:
    """The whole report: the reflection, then the options and what they said, then About this tool."""
    return [
        *reflection_sections(rubric, profile, country=country),
        *decision_sections(rubric, profile, decision, list(replies), country=country),
        about_section(rubric),
    ]


def reflection_sections(
    rubric: Rubric, profile: Profile, *, country: str | None = None, with_decision_check: bool = True
) -> list[Section]:
    """The reflection in the app's order: safety first when needed, then motives, evidence, questions, footing."""
    sections = safety_sections(rubric, profile, country)
    if profile.safety_flag:
        sections.append(Section([Paragraph(SECOND_TO_SAFETY, style="note")]))
    sections += [
        summary_section(rubric, profile),
        motive_chart_section(rubric, profile),
        evidence_section(rubric, profile),
        questions_section(rubric, profile),
        footing_section(rubric, profile),
    ]
    if with_decision_check:
        sections.append(decision_check_section(rubric))
    return sections


def safety_sections(rubric: Rubric, profile: Profile, country: str | None = None) -> list[Section]:
    """With a sign of danger, the safety panel; with "Not sure" on fear or threats, the resources, quietly."""
    safety = rubric.safety
    if profile.safety_flag:
        panel = [
            Heading(safety.title),
            Paragraph(safety.intro),
            Paragraph("What you shared", style="label"),
            Bullets(reflection.safety_signs(rubric, profile)),
            Paragraph("Where to find help", style="label"),
            Resources(country),
            Paragraph(safety.tech_note, style="note"),
            PaperOnly([Paragraph(PRINT_NOTE, style="note")]),
        ]
        return [Section(panel, boxed=True)]
    if profile.safety_unsure:
        gentle = [Paragraph(UNSURE_TEXT), Resources(country), Paragraph(safety.tech_note, style="note")]
        return [Section([Fold(UNSURE_TITLE, gentle, level=2)])]
    return []


def summary_section(rubric: Rubric, profile: Profile) -> Section:
    """The headline, as sure as the evidence allows, and the named motives in plain words."""
    heading = reflection.dominant_heading(rubric, profile)
    if heading is None:
        return Section([Heading("What stands out"), Paragraph(NO_MOTIVE_YET)])
    blocks: list = [Heading(heading)]
    named = reflection.reading(rubric, profile).motives
    if not named:
        blocks.append(Paragraph(FEW_ANSWERS))
    for motive_id in named:
        motive = rubric.motive_by_id[motive_id]
        blocks.append(Paragraph(motive.description, lead=f"{motive.label}."))
        blocks.append(Paragraph(reflection.interpretation(rubric, motive_id, profile.motives[motive_id])))
    blocks.append(Paragraph(NOT_ABOUT_YOUR_WORTH, style="note"))
    return Section(blocks)


def score_blocks(rubric: Rubric, frame, title: str, what: str, name_header: str) -> list:
    """A score chart, the same figures as a table, and a word on faded bars when some rest on few answers."""
    # Imported here: pandas and Altair are needed once a chart is drawn, not for the first page.
    from threshold import charts

    blocks: list = [Chart(frame, title, CHART_ALT.format(what=what)), Table(*charts.figures(frame, name_header))]
    if frame["low_confidence"].any():
        blocks.append(
            Paragraph(
                "Faded, dashed bars rest on fewer answers (under "
                f"{rubric.scoring.low_confidence_below:.0%} of their questions), so hold them more lightly.",
                style="note",
            )
        )
    return blocks


def motive_chart_section(rubric: Rubric, profile: Profile) -> Section:
    from threshold import charts

    frame = charts.score_table(rubric, profile.motives, {m.id: m.label for m in rubric.motives})
    chart = score_blocks(rubric, frame, "Their likely motives", "the motive scores", "Motive")
    return Section([Heading("How the motives compare"), *chart])


def evidence_section(rubric: Rubric, profile: Profile) -> Section:
    """Per motive, what it means, its band text, and the answers that moved it most."""
    folds = []
    for motive_id in reflection.ranked_motives(profile):
        motive, score = rubric.motive_by_id[motive_id], profile.motives[motive_id]
        title = motive.label if score.score is None else f"{motive.label}: {score.score:.0f} of 100"
        folds.append(Fold(title, [Paragraph(motive.description), *_score_reasons(rubric, profile, motive, score)]))
    return Section([Heading("Why each score is what it is"), *folds])


def _score_reasons(rubric: Rubric, profile: Profile, motive, score) -> list:
    if score.score is None:
        return [Paragraph(NO_SCORE)]
    blocks: list = [Paragraph(reflection.interpretation(rubric, motive.id, score))]
    if reflection.is_low_confidence(rubric, score):
        blocks.append(
            Paragraph(f"Only {score.confidence:.0%} of its questions were answered; hold this lightly.", style="note")
        )
    evidence = reflection.evidence_for(rubric, score, codes=profile.situation)
    if evidence:
        blocks += [
            Paragraph("Because you said…", style="label"),
            Bullets([reflection.evidence_line(e) for e in evidence]),
        ]
    else:
        blocks.append(Paragraph(NEITHER_WAY))
    return [*blocks, ScreenOnly([Paragraph("Signs of this motive", style="label"), Bullets(list(motive.signs))])]


def questions_section(rubric: Rubric, profile: Profile) -> Section:
    """Questions to ask them, framed for safety when needed, and questions to ask yourself."""
    framing = [Paragraph(rubric.safety.ask_framing, style="callout")] if profile.safety_flag else []
    them = [
        Heading("Questions you could ask them"),
        *framing,
        Bullets(reflection.questions_to_ask_them(rubric, profile)),
    ]
    yourself = [Heading("Questions to ask yourself"), Bullets(reflection.questions_to_ask_yourself(rubric, profile))]
    return Section([Columns([them, yourself])])


def footing_section(rubric: Rubric, profile: Profile) -> Section:
    """The user's own footing: its own chart and text, never mixed with their motives."""
    from threshold import charts

    frame = charts.score_table(rubric, profile.footing, {d.id: d.label for d in rubric.footing})
    blocks: list = [
        Heading("Your footing"),
        Paragraph(ABOUT_YOU, style="note"),
        *score_blocks(rubric, frame, "Where you stand now", "your footing", "Your footing"),
    ]
    for dimension in rubric.footing:
        text = reflection.footing_interpretation(rubric, dimension.id, profile.footing[dimension.id])
        if text:
            blocks.append(Paragraph(text, lead=f"{dimension.label}."))
    return Section(blocks, rule_before=True)


def decision_check_section(rubric: Rubric) -> Section:
    """Four yes-or-not-yet questions; fewer than four yes gets a calm word about time and support."""
    check = rubric.decision_check
    return Section(
        [
            Heading("A short check before any decision"),
            Paragraph(check.intro),
            decision_checklist(rubric),
        ],
        keep_together=True,
        rule_before=True,
    )


def decision_checklist(rubric: Rubric, name: str = "check") -> Checklist:
    """The decision check's questions; `name` keeps the options page's before and after apart."""
    check = rubric.decision_check
    return Checklist([(q.id, q.text) for q in check.questions], check.all_yes, check.not_all_yes, name=name)
