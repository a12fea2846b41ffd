"""The printable report: what it says, that user text stays text, and that both formats and the command work."""

import base64
import json
import re
import shutil
import stat
import subprocess
from datetime import date
from html import escape

import pytest

from tests.test_cli import threshold
from threshold import reflection, report, report_pdf
from threshold.scenarios import load_scenarios
from threshold.scoring import score_answers

HOSTILE_NAME = '<script>alert("x")</script><img src=x onerror=alert(1)> **Zoë** [Łukasz](javascript:go) ‮gnirts'
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(scope="module")
def scenario_by_id(rubric):
    return {s.id: s for s in load_scenarios(rubric=rubric)}


@pytest.fixture(scope="module")
def profile(rubric, scenario_by_id):
    return score_answers(rubric, scenario_by_id["mixed_second_shop"].answers)


@pytest.fixture(scope="module")
def safety_profile(rubric, scenario_by_id):
    return score_answers(rubric, scenario_by_id["safety_turned_up_at_work"].answers)


@pytest.fixture(scope="module")
def html_report(rubric, profile):
    return report.report_html(rubric, profile, taken_at=date(2025, 3, 14))


@pytest.fixture(scope="module")
def named_html(rubric, profile):
    return report.report_html(rubric, profile, include_name=True, name=HOSTILE_NAME)


def pdf_text(content: bytes, tmp_path) -> str:
    """The PDF's text with every run of white space as one space, so wrapped lines read whole."""
    if PDFTOTEXT is None:
        pytest.fail("pdftotext is missing: install Debian's poppler-utils")
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    run = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return " ".join(run.stdout.split())


def html_text(html: str) -> str:
    return " ".join(html.split())


def test_html_holds_the_questions_to_ask_them_and_yourself(rubric, profile, html_report):
    them = reflection.questions_to_ask_them(rubric, profile)
    yourself = reflection.questions_to_ask_yourself(rubric, profile)
    assert them and yourself
    for question in them + yourself:
        assert f"<li>{escape(question)}</li>" in html_report


def test_html_holds_date_version_dominant_motive_evidence_footing_and_decision_check(rubric, profile, html_report):
    text = html_text(html_report)
    assert "14 March 2025" in text and f"Rubric version {rubric.version}" in text
    assert escape(reflection.dominant_heading(rubric, profile)) in text
    top = profile.motives[profile.dominant[0]]
    for evidence in reflection.evidence_for(rubric, top):
        assert escape(reflection.evidence_line(evidence)) in text
    for dimension in rubric.footing:
        assert escape(dimension.label) in text
    check = rubric.decision_check
    assert text.count('class="box"') == 2 * len(check.questions)
    for piece in [q.text for q in check.questions] + [check.all_yes, check.not_all_yes]:
        assert escape(" ".join(piece.split())) in text
    assert "a reflection, not a verdict" in text


def test_html_is_self_contained_with_no_script_and_no_address(html_report, named_html):
    for html in (html_report, named_html):
        assert "<script" not in html.lower()
        assert not re.search(r"\b(href|srcset|@import|url\()", html)
        assert re.findall(r'src="([^"]{0,22})', html) == ["data:image/png;base64,"] * 2  # motives, footing
        assert "<link" not in html and "@font-face" not in html
    assert "http://" not in html_report and "https://" not in html_report


def test_chart_is_an_inline_png(html_report):
    data = re.search(r'src="data:image/png;base64,([^"]+)"', html_report).group(1)
    assert base64.b64decode(data).startswith(b"\x89PNG\r\n\x1a\n")


def test_name_appears_only_when_asked_and_always_escaped(rubric, profile, html_report, named_html):
    unasked = report.report_html(rubric, profile, include_name=False, name=HOSTILE_NAME)
    assert "Zoë" not in unasked and "About:" not in unasked and "About:" not in html_report
    assert f"About: <bdi>{escape(HOSTILE_NAME)}</bdi>" in named_html
    assert "<img src=x" not in named_html and "<strong>Zoë" not in named_html


def test_a_very_long_name_is_shortened(rubric, profile):
    html = report.report_html(rubric, profile, include_name=True, name="A" * 5000)
    assert "A" * report.MAX_NAME_LENGTH not in html and "A" * (report.MAX_NAME_LENGTH - 1) + "…" in html


def test_safety_panel_comes_first_and_frames_the_questions(rubric, safety_profile, html_report):
    safe_html = report.report_html(rubric, safety_profile)
    title, framing = (escape(t) for t in (rubric.safety.title, rubric.safety.ask_framing))
    assert title in safe_html and framing in safe_html
    assert safe_html.index(title) < safe_html.index("What stands out") < safe_html.index(framing)
    for sign in reflection.safety_signs(rubric, safety_profile):
        assert escape(sign) in safe_html
    for resource in rubric.safety.resources.default:
        assert escape(resource.name) in safe_html
    assert title not in html_report and framing not in html_report


def test_resources_for_the_chosen_country_come_before_the_general_ones(rubric, safety_profile):
    country, [first, *_] = next(iter(rubric.safety.resources.countries.items()))
    html = report.report_html(rubric, safety_profile, country=country)
    assert html.index(escape(first.contact)) < html.index(escape(rubric.safety.resources.default[-1].contact))


def test_an_empty_profile_still_makes_a_calm_report(rubric):
    html = report.report_html(rubric, score_answers(rubric, {}))
    assert "not enough answers about them" in html and "None of the questions about this were answered" in html


def test_pdf_holds_the_questions_version_and_name_only_when_asked(rubric, profile, tmp_path):
    text = pdf_text(report.report_pdf(rubric, profile, include_name=True, name="Zoë “Ines” Łukasz"), tmp_path)
    for question in reflection.questions_to_ask_them(rubric, profile) + reflection.questions_to_ask_yourself(
        rubric, profile
    ):
        assert question in text
    assert f"Rubric version {rubric.version}" in text and "Zoë “Ines” Łukasz" in text
    assert "a reflection, not a verdict" in text and rubric.decision_check.questions[0].text in text
    unnamed = pdf_text(report.report_pdf(rubric, profile, include_name=False, name="Ines"), tmp_path)
    assert "About:" not in unnamed and "Ines" not in unnamed


def test_pdf_shows_the_safety_panel_first(rubric, safety_profile, tmp_path):
    text = pdf_text(report.report_pdf(rubric, safety_profile), tmp_path)
    assert text.index(rubric.safety.title) < text.index("What stands out")


def test_pdf_falls_back_to_core_fonts_when_no_unicode_font_is_found(rubric, profile, tmp_path, monkeypatch):
    monkeypatch.setattr(report_pdf, "FONT_DIRS", [tmp_path / "no-fonts-here"])
    text = pdf_text(report.report_pdf(rubric, profile, include_name=True, name="Łukasz “Zoë” 日本"), tmp_path)
    assert "Lukasz “Zoë” ??" in text
    assert reflection.questions_to_ask_them(rubric, profile)[0] in text


def test_unicode_font_is_found_in_the_first_folder_that_has_both_styles(tmp_path):
    half, full = tmp_path / "half", tmp_path / "full"
    for folder, names in ((half, ["DejaVuSans.ttf"]), (full, ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"])):
        folder.mkdir()
        for name in names:
            (folder / name).write_bytes(b"")
    assert report_pdf.unicode_font_files([half, full]) == {
        "": full / "DejaVuSans.ttf",
        "B": full / "DejaVuSans-Bold.ttf",
    }
    assert report_pdf.unicode_font_files([half]) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plain – “quoted” — done…", "Plain – “quoted” — done…"),
        ("Łódź and Žižek", "Lódz and Žižek"),
        ("zero​width and ‮right-to-left", "zerowidth and right-to-left"),
        ("ﬁne ①", "fine 1"),
        ("日本", "??"),
    ],
)
def test_core_font_text_keeps_what_it_can(text, expected):
    assert report_pdf.to_cp1252(text) == expected


@pytest.mark.parametrize("suffix", [".pdf", ".html"])
def test_report_command_writes_the_format_named_by_the_extension(tmp_path, scenario_by_id, suffix):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": scenario_by_id["growth_did_the_work"].answers}))
    out = tmp_path / f"report{suffix}"
    run = threshold("report", answers, "--out", out, "--name", "Amir <b>")
    assert run.returncode == 0, run.stderr
    content = out.read_bytes()
    if suffix == ".pdf":
        assert content.startswith(b"%PDF-") and "About: Amir <b>" in pdf_text(content, tmp_path)
    else:
        assert content.startswith(b"<!DOCTYPE html>") and b"About: <bdi>Amir &lt;b&gt;</bdi>" in content


@pytest.mark.parametrize("suffix", [".pdf", ".html"])
def test_report_command_writes_a_file_only_its_owner_can_read(tmp_path, scenario_by_id, suffix):
    """Like an export: 0600, also when it replaces a file anyone could read."""
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": scenario_by_id["growth_did_the_work"].answers}))
    fresh, replaced = tmp_path / f"fresh{suffix}", tmp_path / f"replaced{suffix}"
    replaced.write_text("old")
    replaced.chmod(0o644)
    for out in (fresh, replaced):
        run = threshold("report", answers, "--out", out, "--name", "Amir")
        assert run.returncode == 0, run.stderr
        assert stat.S_IMODE(out.stat().st_mode) == 0o600, out.name


@pytest.mark.parametrize("name", ["report.txt", "report", "report.pdf.exe"])
def test_report_command_refuses_other_extensions(tmp_path, name):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": {}}))
    run = threshold("report", answers, "--out", tmp_path / name)
    assert run.returncode == 1
    assert "--out must end in .pdf or .html" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / name).exists()
