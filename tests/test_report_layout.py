"""The PDF report's pages, read back with poppler: nothing stranded, nothing split, no page left nearly blank."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from threshold import DEFAULT_RUBRIC_PATH, report
from threshold.report import ChartImage, Heading, Paragraph
from threshold.rubric import load_rubric
from threshold.scenarios import load_scenarios
from threshold.scoring import score_answers

FOOTER_MM = 14
NEARLY_BLANK = 1 / 3  # a page whose text stops in its top third


def poppler(tool: str, *args: str, data: bytes) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: install Debian's poppler-utils")
    return subprocess.run([tool, *args], input=data, capture_output=True, check=True).stdout.decode()


def page_lines(pdf: bytes) -> list[list[str]]:
    """Each page's lines of text, top to bottom, without the footer."""
    return [
        [line.strip() for line in page.splitlines() if line.strip()][:-1]
        for page in poppler("pdftotext", "-layout", "-", "-", data=pdf).split("\f")[:-1]
    ]


def page_fill(pdf: bytes) -> list[float]:
    """How far down each page its body text reaches, as a share of the page's height."""
    fills = []
    for page in poppler("pdftotext", "-bbox", "-", "-", data=pdf).split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        body_bottom = height - FOOTER_MM * 72 / 25.4 - 4
        fills.append(max(y for y in map(float, re.findall(r'yMax="([\d.]+)"', page)) if y < body_bottom) / height)
    return fills


SCENARIOS = {s.id: s for s in load_scenarios(rubric=load_rubric(DEFAULT_RUBRIC_PATH))}


#: Every shipped scenario (the safety case among them) fully answered, and some half answered, whose
#: shorter evidence moves everything after it up the pages.
CASES = [(s, "all") for s in SCENARIOS] + [(s, "half") for s in list(SCENARIOS)[:5]]


@pytest.fixture(scope="module", params=CASES, ids=[f"{s}-{part}" for s, part in CASES])
def scored(request, rubric):
    """A profile and its PDF."""
    scenario_id, part = request.param
    answers = SCENARIOS[scenario_id].answers
    if part == "half":
        answers = {item: value for index, (item, value) in enumerate(answers.items()) if index % 2}
    profile = score_answers(rubric, answers)
    return profile, report.report_pdf(rubric, profile)


def pages_with_images(pdf: bytes) -> set[int]:
    """The page numbers that hold an image (a chart), from `pdfimages -list`."""
    rows = poppler("pdfimages", "-list", "-", data=pdf).splitlines()[2:]
    return {int(row.split()[0]) for row in rows if row.strip()}


def test_no_heading_or_label_is_left_at_the_foot_of_a_page(rubric, scored):
    profile, pdf = scored
    lead_ins, chart_headings = set(), set()
    for section in report.report_sections(rubric, profile):
        for block, following in zip(section.blocks, [*section.blocks[1:], None], strict=True):
            if isinstance(block, Heading) or (isinstance(block, Paragraph) and block.style == "label"):
                lead_ins.add(block.text)
                if isinstance(following, ChartImage):
                    chart_headings.add(block.text)
    charts_on = pages_with_images(pdf)
    for number, lines in enumerate(page_lines(pdf)[:-1], start=1):
        # A chart's heading is the last *text* on a page whose chart sits under it; that is not stranded.
        if lines[-1] in chart_headings and number in charts_on:
            continue
        assert lines[-1] not in lead_ins, f"page {number} ends with {lines[-1]!r}"


def test_the_decision_check_is_on_one_page(rubric, scored):
    _, pdf = scored
    check = rubric.decision_check
    heading = "A short check before any decision"
    page = next(lines for lines in page_lines(pdf) if heading in lines)
    text = " ".join(page)
    assert all(q.text in text for q in check.questions)
    assert " ".join(check.not_all_yes.split()[-4:]) in text  # its last words, on the same page


def test_no_page_is_left_nearly_blank(scored):
    _, pdf = scored
    fills = page_fill(pdf)
    assert all(fill > NEARLY_BLANK for fill in fills), [round(f, 2) for f in fills]


def test_footing_has_its_own_chart_in_both_formats(rubric, scored):
    profile, pdf = scored
    footing = next(s for s in report.report_sections(rubric, profile) if Heading("Your footing") in s.blocks)
    assert [b.alt.split(" from")[0] for b in footing.blocks if isinstance(b, ChartImage)] == [
        "Bar chart of your footing"
    ]
    images = [line for line in poppler("pdfimages", "-list", "-", data=pdf).splitlines()[2:] if " image " in line]
    assert len(images) == 2  # the motives and the footing
    assert report.report_html(rubric, profile).count('<img class="chart"') == 2
