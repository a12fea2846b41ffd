"""The PDF renderer of the report: A4 pages of the paper blocks (`threshold.report.report_sections`).

Headings and labels stay with what they introduce, short tables and the decision check are not split,
the safety panel is framed, and the text is set in DejaVu Sans when the machine has it.
"""

from __future__ import annotations

import unicodedata
from io import BytesIO
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from threshold.blocks import Bullets, ChartImage, Checklist, Heading, Paragraph, Section, Table

# The app's quiet palette (see threshold.charts): ink, secondary text, accent, callout background.
INK, QUIET, ACCENT, CALLOUT = (38, 49, 59), (76, 90, 102), (76, 110, 138), (241, 245, 248)
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


class ReportPDF(FPDF):
    """A4 pages with a quiet footer; DejaVu Sans when the machine has it, else Helvetica in cp1252."""

    def __init__(self, document_title: str):
        super().__init__(format="A4")
        self.document_title = document_title
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=20)
        self.set_title(document_title)
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
        text = f"{self.document_title} · a reflection, not a verdict · page {self.page_no()} of {{nb}}"
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
