"""Printable reports of a reflection: self-contained HTML and a PDF, with the charts as images.

Both are renderers of the reflection's blocks (`threshold.reflection_blocks`), the same blocks the
profile page draws, so screen and paper say the same things in the same order. User text (the name,
replies) is always treated as literal text: HTML-escaped in HTML, never parsed as markup in the PDF.
"""

from __future__ import annotations

import base64
import html
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from io import BytesIO
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from threshold import charts as chart_spec
from threshold import reflection, reflection_blocks
from threshold.blocks import (
    Bullets,
    Card,
    Chart,
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
from threshold.rubric import Rubric
from threshold.scoring import Profile

DOCUMENT_TITLE = "Threshold reflection"  # neutral, like the app's tab title: it names no one
DISCLAIMER = (
    "This is a reflection, not a verdict. It shows what your answers suggest and how sure that is; it is not a "
    "diagnosis or therapy, and what you do next is yours alone to decide."
)
MAX_NAME_LENGTH = 120
# The app's quiet palette (see chart_spec): ink, secondary text, accent, callout background.
INK, QUIET, ACCENT, CALLOUT = (38, 49, 59), (76, 90, 102), (76, 110, 138), (241, 245, 248)
#: The motive chart's whole width in CSS pixels (the app fits it to the page instead), and its PNG scale.
CHART_WIDTH, CHART_SCALE = 600, 2
#: In millimetres: a table row, and how much of a paragraph must fit below its heading or label.
TABLE_ROW_MM, ROOM_AFTER_LEAD_IN = 6, 18

#: Where a DejaVu Sans (which covers curly quotes, dashes and most accented and non-Latin letters) may be.
FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu: fonts-dejavu-core
    Path("/usr/share/fonts/dejavu"),  # Fedora
    Path("/usr/share/fonts/TTF"),  # Arch
    Path("/usr/local/share/fonts/dejavu"),  # FreeBSD
]
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


@dataclass(frozen=True)
class ChartImage:
    """A chart as paper shows it: drawn on this machine as a PNG."""

    png: bytes
    alt: str
    #: Its size in CSS pixels: the PNG is drawn at CHART_SCALE for sharp print.
    width: int
    height: int


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
    pdf = _ReportPDF()
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


# --- PDF --------------------------------------------------------------------------------------


def unicode_font_files(dirs: list[Path] | None = None) -> dict[str, Path] | None:
    """DejaVu Sans regular and bold from the first folder that has both, or None."""
    for folder in FONT_DIRS if dirs is None else dirs:
        files = {style: folder / name for style, name in FONT_FILES.items()}
        if all(f.is_file() for f in files.values()):
            return files
    return None


def to_cp1252(text: str) -> str:
    """Text the PDF core fonts can show: accents dropped where needed, anything else as '?'."""
    return "".join(_cp1252_char(c) for c in text.translate(_STROKED_LETTERS))


# Letters with a stroke do not decompose into a plain letter and a mark, so they are mapped by hand.
_STROKED_LETTERS = str.maketrans("ŁłĐđĦħıŦŧ", "LlDdHhiTt")


def _cp1252_char(char: str) -> str:
    try:
        char.encode("cp1252")
        return char
    except UnicodeEncodeError:
        pass
    if unicodedata.category(char) == "Cf":
        return ""  # invisible format characters: zero-width spaces, direction marks
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return base if base and base.isascii() else "?"


class _ReportPDF(FPDF):
    """A4 pages with a quiet footer; DejaVu Sans when the machine has it, else Helvetica in cp1252."""

    def __init__(self):
        super().__init__(format="A4")
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=20)
        self.set_title(DOCUMENT_TITLE)
        self.set_creator("Threshold")
        fonts = unicode_font_files()
        if fonts:
            for style, path in fonts.items():
                self.add_font("ReportSans", style, str(path))
            self.report_font, self.fit_text = "ReportSans", str
        else:
            self.core_fonts_encoding = "cp1252"
            self.report_font, self.fit_text = "helvetica", to_cp1252
        self.set_text_color(*INK)

    def footer(self):
        self.set_y(-14)
        self.set_font(self.report_font, "", 8)
        self.set_text_color(*QUIET)
        text = f"{DOCUMENT_TITLE} · a reflection, not a verdict · page {self.page_no()} of {{nb}}"
        self.cell(0, 5, self.fit_text(text), align="C")
        self.set_text_color(*INK)

    def section(self, section: Section):
        if section.keep_together and not self.fits(section.blocks):
            self.add_page()
        top, page = self.get_y(), self.page_no()
        blocks = section.blocks
        for index, block in enumerate(blocks):
            if self.leads_in(block) and not self.fits(self.kept_with(blocks, index), room_after=ROOM_AFTER_LEAD_IN):
                self.add_page()  # a heading or label stays with what it introduces
            self.block(block)
        if section.boxed and self.page_no() == page:
            # Framed when it fits on one page; a panel that spills over keeps its heading and order.
            self.set_draw_color(*ACCENT)
            self.set_line_width(0.6)
            self.rect(self.l_margin - 3, top + 2, self.epw + 6, self.get_y() - top)
            self.set_line_width(0.2)
            self.ln(4)

    @staticmethod
    def leads_in(block) -> bool:
        return isinstance(block, Heading) or (isinstance(block, Paragraph) and block.style in ("label", "note"))

    def kept_with(self, blocks: list, start: int) -> list:
        """A lead-in, the lead-ins after it, and the first block of content they introduce."""
        group = []
        for block in blocks[start:]:
            group.append(block)
            if not self.leads_in(block):
                break
        return group

    def fits(self, blocks: list, room_after: float = 0) -> bool:
        """Whether these blocks fit on what is left of this page: drawn on a scratch copy, then undone.

        A page that is still empty always fits: moving on would only leave it blank. Text that flows
        (paragraphs, bullets) may continue overleaf, so only its first lines (`room_after`) must fit.
        """
        if self.get_y() <= self.t_margin + 1:
            return True
        last = blocks[-1]
        flowing = room_after and isinstance(last, (Paragraph, Bullets)) and not self.leads_in(last)
        page = self.page
        with self.offset_rendering() as scratch:
            for block in blocks[:-1] if flowing else blocks:
                scratch.block(block)
            if flowing:
                scratch.ln(room_after)
            # A chart or table moves itself to a new page with add_page, which is no triggered break.
            moved_on = scratch.page != page
        return not (scratch.page_break_triggered or moved_on)

    def block(self, block):
        match block:
            case Heading():
                self.heading(block.text, block.level)
            case Paragraph():
                self.paragraph(block)
            case Bullets():
                self.bullets(block.items)
            case ChartImage():
                self.chart(block)
            case Table():
                self.score_table(block)
            case Checklist():
                self.checklist(block)
            case _:
                raise TypeError(f"unknown report block {block!r}")

    def write_lines(self, text: str, size: float, style: str = "", fill: bool = False):
        self.set_font(self.report_font, style, size)
        self.multi_cell(0, size * 0.5, self.fit_text(text), align="L", fill=fill, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str, level: int):
        self.ln(3 if level == 3 else 5)
        self.write_lines(text, {1: 18, 2: 14, 3: 12}[level], "B")
        self.ln(1)

    def paragraph(self, block: Paragraph):
        size = 9 if block.style == "note" else 11
        if block.lead and self.will_page_break(ROOM_AFTER_LEAD_IN):
            self.add_page()  # a bold lead-in stays with its first lines
        if block.lead:
            self.write_lines(block.lead, size, "B")
        self.set_fill_color(*CALLOUT)
        self.write_lines(block.text, size, "B" if block.style == "label" else "", fill=block.style == "callout")
        self.ln(1.5)

    def bullets(self, items: list[str]):
        self.set_font(self.report_font, "", 11)
        for item in items:
            self.set_x(self.l_margin + 2)
            self.cell(4, 5.5, self.fit_text("•"))
            self.multi_cell(0, 5.5, self.fit_text(item), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(0.8)
        self.ln(1)

    @property
    def chart_width(self) -> float:
        return self.epw

    def chart(self, block: ChartImage):
        if self.will_page_break(self.chart_width * block.height / block.width):
            self.add_page()
        self.image(BytesIO(block.png), x=self.l_margin, w=self.chart_width, alt_text=self.fit_text(block.alt))
        self.ln(2)

    def score_table(self, block: Table):
        if self.will_page_break(TABLE_ROW_MM * (len(block.rows) + 1)):
            self.add_page()  # a short table reads best on one page
        self.set_font(self.report_font, "", 10)
        # The score tables' four columns; the decision part's tables share the width evenly after a wider first.
        widths = (
            (0.46, 0.14, 0.18, 0.22)
            if len(block.header) == 4
            else (0.6, *[0.4 / (len(block.header) - 1)] * (len(block.header) - 1))
        )
        widths = tuple(self.epw * w for w in widths)
        with self.table(
            col_widths=widths, text_align="LEFT", line_height=TABLE_ROW_MM, first_row_as_headings=True
        ) as table:
            for values in [block.header, *block.rows]:
                row = table.row()
                for value in values:
                    row.cell(self.fit_text(value))
        self.ln(2)

    def checklist(self, block: Checklist):
        for number, (_, question) in enumerate(block.questions, 1):
            if self.will_page_break(14):
                self.add_page()
            self.write_lines(f"{number}. {question}", 11)
            self.set_x(self.l_margin + 6)
            for choice in block.choices:
                x, y = self.get_x(), self.get_y()
                self.rect(x, y + 1, 4, 4)  # a blank box to tick with a pen
                self.set_x(x + 6)
                self.cell(self.get_string_width(choice) + 8, 6, self.fit_text(choice))
            self.ln(8)
