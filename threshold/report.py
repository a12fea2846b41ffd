"""Printable reports of a reflection: self-contained HTML and a PDF, with the charts as images.

Both are renderers of the reflection's blocks (`threshold.reflection_blocks`), the same blocks the
profile page draws, so screen and paper say the same things in the same order. User text (the name,
replies) is always treated as literal text: HTML-escaped in HTML, never parsed as markup in the PDF.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from threshold import charts as chart_spec
from threshold import reflection, reflection_blocks
from threshold.blocks import (
    Bullets,
    Card,
    Chart,
    ChartImage,
    Checklist,
    Columns,
    Fold,
    Heading,
    PaperOnly,
    Paragraph,
    Resources,
    Said,
    ScreenOnly,
    Section,
    Table,
    Widget,
)
from threshold.decision import DecisionRecord, Reply
from threshold.report_pdf import ReportPDF
from threshold.rubric import Rubric
from threshold.scoring import Profile

DOCUMENT_TITLE = "Threshold reflection"  # neutral, like the app's tab title: it names no one
DISCLAIMER = (
    "This is a reflection, not a verdict. It shows what your answers suggest and how sure that is; it is not a "
    "diagnosis or therapy, and what you do next is yours alone to decide."
)
MAX_NAME_LENGTH = 120
#: The motive chart's whole width in CSS pixels (the app fits it to the page instead), and its PNG scale.
CHART_WIDTH, CHART_SCALE = 600, 2


def report_html(
    rubric: Rubric,
    profile: Profile,
    *,
    include_name: bool = False,
    name: str | None = None,
    taken_at: date | None = None,
    country: str | None = None,
    decision: DecisionRecord | None = None,
    replies: Sequence[Reply] = (),
) -> str:
    """The report as one self-contained HTML page: inline CSS, the chart as a data: PNG, no scripts."""
    dated, shown_name = _dated_line(rubric, taken_at), _shown_name(include_name, name)
    header = f'<h1>{_esc(rubric.title)}</h1>\n<p class="meta">{_esc(dated)}</p>'
    if shown_name:
        # <bdi> keeps right-to-left text in a name from reordering the rest of the line.
        header += f'\n<p class="meta">About: <bdi>{_esc(shown_name)}</bdi></p>'
    body = "\n".join(
        _html_section(s) for s in report_sections(rubric, profile, country=country, decision=decision, replies=replies)
    )
    return _HTML_PAGE.format(
        title=_esc(DOCUMENT_TITLE),
        css=_CSS,
        header=header,
        body=body,
        footer=f"<p>{_esc(DISCLAIMER)}</p>",
    )


def report_pdf(
    rubric: Rubric,
    profile: Profile,
    *,
    include_name: bool = False,
    name: str | None = None,
    taken_at: date | None = None,
    country: str | None = None,
    decision: DecisionRecord | None = None,
    replies: Sequence[Reply] = (),
) -> bytes:
    """The same report as a PDF, A4, with the chart embedded and a disclaimer on every page."""
    pdf = ReportPDF(DOCUMENT_TITLE)
    pdf.add_page()
    pdf.heading(rubric.title, 1)
    pdf.paragraph(Paragraph(_dated_line(rubric, taken_at), style="note"))
    shown_name = _shown_name(include_name, name)
    if shown_name:
        pdf.paragraph(Paragraph(f"About: {shown_name}", style="note"))
    *sections, last = report_sections(rubric, profile, country=country, decision=decision, replies=replies)
    for section in sections:
        pdf.section(section)
    # The disclaimer ends the last section, so it never sits alone on a page of its own.
    pdf.section(replace(last, blocks=[*last.blocks, Paragraph(DISCLAIMER, style="note")]))
    return bytes(pdf.output())


def report_sections(
    rubric: Rubric,
    profile: Profile,
    *,
    country: str | None = None,
    decision: DecisionRecord | None = None,
    replies: Sequence[Reply] = (),
) -> list[Section]:
    """The report's sections (`threshold.reflection_blocks`) laid out for paper: groups opened into a
    subheading and their blocks, charts drawn as images, checklists with both outcomes."""
    sections = reflection_blocks.report_sections(rubric, profile, country=country, decision=decision, replies=replies)
    laid_out = [replace(s, blocks=_on_paper(rubric, s.blocks)) for s in sections]
    return [s for s in laid_out if s.blocks]  # a page's questions left unanswered leave nothing on paper


def _on_paper(rubric: Rubric, blocks: list) -> list:
    """The blocks as paper shows them: headings, paragraphs, bullets, chart images, tables and checklists."""
    laid_out: list = []
    for block in blocks:
        match block:
            case Fold(title=title, blocks=inner, level=level):
                laid_out += [Heading(title, level), *_on_paper(rubric, inner)]
            case Card(title=title, blocks=inner):
                laid_out += [Heading(title, 3), *_on_paper(rubric, inner)]
            case Columns(columns=columns):
                laid_out += [b for column in columns for b in _on_paper(rubric, column)]
            case PaperOnly(blocks=inner):
                laid_out += _on_paper(rubric, inner)
            case ScreenOnly():
                pass
            case Widget(paper=inner):
                laid_out += _on_paper(rubric, inner)
            case Chart(frame=frame, title=title, alt=alt):
                laid_out.append(_chart_image(rubric, frame, title, alt))
            case Resources(country=country):
                laid_out.append(Bullets([_resource_line(r) for r in reflection.safety_resources(rubric, country)]))
            case Said(text=text, lead=lead):
                laid_out.append(Paragraph(text, lead=lead))
            case Checklist(if_all_yes=all_yes, if_any_not_yet=not_all_yes):
                laid_out += [
                    block,
                    Paragraph(all_yes, lead="If you ticked yes to all four:"),
                    Paragraph(not_all_yes, lead="If you ticked “not yet” to any:"),
                ]
            case _:
                laid_out.append(block)
    return laid_out


def _resource_line(resource) -> str:
    return f"{resource.name}: {resource.contact}" + (f" ({resource.note})" if resource.note else "")


def _chart_image(rubric: Rubric, frame, title: str, alt: str) -> ChartImage:
    """A score chart drawn on this machine as a PNG, at its size in CSS pixels."""
    chart = chart_spec.score_chart(rubric, frame, title).properties(width=CHART_WIDTH)
    png = chart_spec.render_png(chart, scale=CHART_SCALE)
    # The PNG header (IHDR) holds width and height as the first two 4-byte integers after byte 16.
    width, height = (round(int.from_bytes(png[i : i + 4], "big") / CHART_SCALE) for i in (16, 20))
    return ChartImage(png, alt, width, height)


def _shown_name(include_name: bool, name: str | None) -> str | None:
    if not include_name or not name or not name.strip():
        return None
    name = " ".join(name.split())  # newlines and runs of spaces would break the header line
    return name if len(name) <= MAX_NAME_LENGTH else name[: MAX_NAME_LENGTH - 1] + "…"


def _dated_line(rubric: Rubric, taken_at: date | None) -> str:
    day = taken_at or date.today()
    return f"Date: {day.day} {day:%B %Y} · Rubric version {rubric.version}"


# --- HTML -------------------------------------------------------------------------------------


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _html_section(section: Section) -> str:
    inner = "\n".join(_html_block(b) for b in section.blocks)
    return f'<section class="{"boxed" if section.boxed else "part"}">\n{inner}\n</section>'


def _html_block(block) -> str:
    match block:
        case Heading(text=text, level=level):
            return f"<h{level}>{_esc(text)}</h{level}>"
        case Paragraph(text=text, lead=lead, style=style):
            lead_html = f"<strong>{_esc(lead)}</strong> " if lead else ""
            return f'<p class="{style}">{lead_html}{_esc(text)}</p>'
        case Bullets(items=items):
            return "<ul>\n" + "\n".join(f"<li>{_esc(i)}</li>" for i in items) + "\n</ul>"
        case ChartImage(png=png, alt=alt, width=width, height=height):
            data = base64.b64encode(png).decode("ascii")
            size = f'width="{width}" height="{height}"'
            return f'<img class="chart" src="data:image/png;base64,{data}" {size} alt="{_esc(alt)}">'
        case Table(header=header, rows=rows):
            head = "".join(f'<th scope="col">{_esc(h)}</th>' for h in header)
            body = "\n".join(
                "<tr>" + f'<th scope="row">{_esc(r[0])}</th>' + "".join(f"<td>{_esc(c)}</td>" for c in r[1:]) + "</tr>"
                for r in rows
            )
            return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
        case Checklist(questions=questions, choices=choices):
            boxes = " ".join(f'<span class="box" aria-hidden="true"></span>&nbsp;{_esc(c)}' for c in choices)
            items = "\n".join(
                f'<li><span class="question">{_esc(q)}</span> <span class="choices">{boxes}</span></li>'
                for _, q in questions
            )
            return f'<ol class="check">\n{items}\n</ol>'
    raise TypeError(f"unknown report block {block!r}")


_CSS = """
@page { size: A4; margin: 18mm; }
body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: #26313b;
       line-height: 1.45; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; margin-top: 1.6rem; border-bottom: 1px solid #c9d8e6; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.1rem 0 .3rem; }
.meta { color: #4c5a66; margin: .1rem 0; }
.note { color: #4c5a66; font-size: .9rem; }
.label { font-weight: 600; margin-bottom: .2rem; }
.callout { border-left: 4px solid #4c6e8a; background: #f1f5f8; padding: .5rem .8rem; }
section.boxed { border: 2px solid #4c6e8a; border-radius: 6px; padding: .2rem 1rem .6rem; margin: 1.2rem 0; }
img.chart { max-width: 100%; height: auto; display: block; margin: .6rem 0; }
table { border-collapse: collapse; margin: .6rem 0; }
th, td { border: 1px solid #c9d8e6; padding: .25rem .6rem; text-align: left; }
thead th { background: #eceff1; }
ol.check li { margin: .5rem 0; }
ol.check .choices { white-space: nowrap; margin-left: .6rem; }
.box { display: inline-block; width: .9em; height: .9em; border: 1.5px solid #26313b; vertical-align: -.1em;
       margin-left: .6rem; }
footer { margin-top: 2rem; border-top: 1px solid #c9d8e6; padding-top: .6rem; color: #4c5a66; font-size: .9rem; }
@media print { body { margin: 0; max-width: none; } section.part, table, img.chart { break-inside: avoid; } }
"""

# The policy forbids every fetch except inline images and styles, so even a browser that ignored
# our escaping could load nothing and run nothing.
_HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header>
{header}
</header>
<main>
{body}
</main>
<footer>
{footer}
</footer>
</body>
</html>
"""
