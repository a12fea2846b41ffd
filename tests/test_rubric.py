"""The rubric loader refuses every broken rubric by path; the shipped rubric meets the brief."""

import re
from pathlib import Path

import pytest

from tests.conftest import DATA, MINI_RUBRIC_PATH, ROOT
from threshold.rubric import (
    MAX_YAML_DEPTH,
    MIN_ITEMS_PER_MOTIVE,
    MOTIVE_IDS,
    RubricError,
    load_rubric,
    parse_rubric,
)

BAD_RUBRICS = sorted((DATA / "bad_rubrics").glob("*.yaml"))
SEEDS = ROOT.parent / "shared" / "seeds"


def expected_problems(path: Path) -> list[str]:
    return re.findall(r"^# expect: (.+)$", path.read_text(), flags=re.MULTILINE)


@pytest.mark.parametrize("path", BAD_RUBRICS, ids=lambda p: p.stem)
def test_broken_rubric_is_refused_with_each_problem_named_by_path(path):
    expected = expected_problems(path)
    assert expected, f"{path.name} declares no '# expect:' lines"
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    for problem in expected:
        assert any(problem in p for p in caught.value.problems), (problem, caught.value.problems)
    assert str(path) in str(caught.value)


def test_several_problems_arrive_in_one_error():
    with pytest.raises(RubricError) as caught:
        load_rubric(DATA / "bad_rubrics" / "several_problems.yaml")
    assert len(caught.value.problems) >= 3


def test_unsafe_yaml_tag_is_not_executed(tmp_path):
    marker = tmp_path / "ran"
    text = MINI_RUBRIC_PATH.read_text().replace(
        "title: Mini rubric", f'title: !!python/object/apply:os.system ["touch {marker}"]'
    )
    with pytest.raises(RubricError, match="not allowed"):
        parse_rubric(text)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("- just\n- a list\n", "(top level): expected a mapping"),
        ("version: [unclosed\n", "(yaml) line"),
        ("", "(top level): expected a mapping"),
        ("version: '1'\n", "title: Field required"),
    ],
)
def test_malformed_text_is_refused(text, problem):
    with pytest.raises(RubricError) as caught:
        parse_rubric(text)
    assert any(problem in p for p in caught.value.problems), caught.value.problems


def test_missing_file_is_a_rubric_error(tmp_path):
    with pytest.raises(RubricError, match="cannot read"):
        load_rubric(tmp_path / "absent.yaml")


def test_content_hash_follows_the_text():
    text = MINI_RUBRIC_PATH.read_text()
    same, edited = parse_rubric(text), parse_rubric(text.replace("About A.", "About part A."))
    assert same.content_hash == load_rubric(MINI_RUBRIC_PATH).content_hash
    assert len(same.content_hash) == 64 and edited.content_hash != same.content_hash


def test_markup_is_refused_in_every_text_but_not_in_cue_patterns():
    with pytest.raises(RubricError) as caught:
        load_rubric(DATA / "bad_rubrics" / "markup_in_text.yaml")
    # Exactly the declared ones: the cue pattern with a lookbehind `(?<!` is a regex, not HTML.
    assert sorted(caught.value.problems) == sorted(expected_problems(DATA / "bad_rubrics" / "markup_in_text.yaml"))


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("![x](y.png)", True),
        ("[a](b)", True),
        ("<b>x</b>", True),
        ("</div>", True),
        ("<!-- x -->", True),
        ("<HTTPS://EXAMPLE.INVALID>", True),
        ("see http://x.invalid", True),
        ("see WWW.example.invalid", True),
        ("[r]: //host/x.png", True),
        ("ShelterSafe.ca", False),
        ("1 < 2 and 3 > 2", False),
        ("[brackets] and (parentheses)", False),
        ("I <3 you", False),
    ],
)
def test_markup_rule(text, refused):
    source = MINI_RUBRIC_PATH.read_text().replace("description: About control.", f"description: {text!r}")
    if refused:
        with pytest.raises(RubricError, match=r"motives\[3\]\.description: HTML, links and images are not allowed"):
            parse_rubric(source)
    else:
        assert parse_rubric(source).motive_by_id["control"].description == text


# Drift tests: the shipped rubric keeps what the product promises.


def test_shipped_rubric_has_the_six_motives_in_order(rubric):
    assert tuple(m.id for m in rubric.motives) == MOTIVE_IDS
    for motive in rubric.motives:
        assert len(motive.ask_them) >= 4 and len(motive.ask_yourself) >= 2 and motive.signs


def test_shipped_rubric_has_enough_items_in_followable_sections(rubric):
    returner = rubric.items_of_kind("returner")
    assert len(returner) >= 30
    assert len({i.section for i in returner}) >= 5
    assert len(rubric.items_of_kind("footing")) >= 8
    assert rubric.items_of_kind("safety")


@pytest.mark.parametrize("motive_id", MOTIVE_IDS)
def test_every_motive_is_measured_by_enough_items_from_several_sections(rubric, motive_id):
    measuring = [i for i in rubric.items_of_kind("returner") if i.weights.get(motive_id)]
    assert len(measuring) >= MIN_ITEMS_PER_MOTIVE
    assert len({i.section for i in measuring}) >= 2


def test_shipped_rubric_uses_reverse_keys_and_evidence_against(rubric):
    returner = rubric.items_of_kind("returner")
    assert any(i.reverse for i in returner)
    assert any(w < 0 for i in returner for w in i.weights.values())


def test_footing_never_mixes_into_motives(rubric):
    footing_ids = {d.id for d in rubric.footing}
    assert not footing_ids & set(MOTIVE_IDS)
    for item in rubric.items_of_kind("footing"):
        assert set(item.weights) <= footing_ids
    for item in rubric.items_of_kind("returner"):
        assert set(item.weights) <= set(MOTIVE_IDS)


def test_every_safety_item_names_its_sign_and_can_raise_the_flag(rubric):
    for item in rubric.items_of_kind("safety"):
        assert item.sign and max(rubric.scale_of(item).values) >= item.flag_at


def _rubric_strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _rubric_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _rubric_strings(value)


def word_runs(text: str, length: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z']+", text.lower().replace("’", "'"))
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source essays live in ../shared/seeds, beside a checkout")
def test_rubric_paraphrases_the_essays_rather_than_pasting_them(rubric):
    run = 8  # eight words in a row in common is a pasted sentence, not a shared idea
    essays = set().union(*(word_runs(p.read_text(), run) for p in SEEDS.glob("*.txt")))
    pasted = [s for s in _rubric_strings(rubric.model_dump()) if word_runs(s, run) & essays]
    assert not pasted


@pytest.mark.parametrize("motive_id", MOTIVE_IDS)
def test_every_motive_has_message_cues_mostly_for_it(rubric, motive_id):
    cues = [c for c in rubric.cues if c.motive == motive_id]
    assert 6 <= len(cues) <= 10
    assert sum(c.weight > 0 for c in cues) >= 5


def test_message_cues_argue_both_ways_and_point_at_questions(rubric):
    against = {c.motive for c in rubric.cues if c.weight < 0}
    assert {"guilt_closure", "control", "growth"} <= against
    assert all(c.informs for c in rubric.cues)


def test_work_on_themselves_argues_for_growth_and_against_guilt_alone(rubric):
    therapy = {c.motive: c.weight for c in rubric.cues if "therapy" in c.patterns}
    assert therapy["growth"] > 0 > therapy["guilt_closure"]


def mini_with(old: str, new: str) -> str:
    text = MINI_RUBRIC_PATH.read_text()
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("number", [".inf", "-.inf", ".nan", ".NaN", "-.Inf"])
@pytest.mark.parametrize(
    ("old", "template", "path"),
    [
        ("weights: {familiarity: 2,", "weights: {familiarity: NUMBER,", "items[0].weights.familiarity"),
        ("moderate_from: 40", "moderate_from: NUMBER", "scoring.moderate_from"),
        ("high_from: 65", "high_from: NUMBER", "scoring.high_from"),
        ("low_confidence_below: 0.5", "low_confidence_below: NUMBER", "scoring.low_confidence_below"),
        ("weight: 2.0, explanation: A memory.", "weight: NUMBER, explanation: A memory.", "cues[1].weight"),
    ],
)
def test_a_number_that_is_not_finite_is_refused_by_its_path(number, old, template, path):
    with pytest.raises(RubricError) as caught:
        parse_rubric(mini_with(old, template.replace("NUMBER", number)))
    assert any(p.startswith(f"{path}: ") and "finite" in p for p in caught.value.problems), caught.value.problems


@pytest.mark.parametrize(
    "text",
    [
        "? [a, b]\n: 1\n",
        "version: '1'\ntitle:\n  ? {a: 1}\n  : 1\n",
        "? !!set {a, b}\n: 1\n",
    ],
)
def test_a_key_that_is_a_list_or_mapping_is_a_problem_not_a_crash(text):
    with pytest.raises(RubricError) as caught:
        parse_rubric(text)
    assert caught.value.problems == [caught.value.problems[0]]
    assert "a key must be a plain word or number, not a list or mapping" in caught.value.problems[0]


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 100_000 + "]" * 100_000,
        "a: " + "{b: " * 100_000 + "}" * 100_000,
        "a: " + "[" * 100_000,
        "".join("  " * depth + "- x:\n" for depth in range(2_000)),
        "version: '1'\nmotives:\n" + "".join("  " * depth + "- \n" for depth in range(1, 200)),
    ],
    ids=["flow lists", "flow mappings", "unclosed", "block", "in a field"],
)
def test_yaml_nested_very_deep_is_a_problem_not_a_crash(text):
    with pytest.raises(RubricError) as caught:
        parse_rubric(text)
    (problem,) = caught.value.problems
    assert problem.startswith("(yaml) line ") and "nested more than 50 levels deep" in problem


def test_nesting_up_to_the_limit_is_read_as_usual():
    depth = MAX_YAML_DEPTH - 1  # the top-level mapping is one level
    with pytest.raises(RubricError) as caught:
        parse_rubric("a: " + "[" * depth + "]" * depth)
    assert "a: Extra inputs are not permitted" in caught.value.problems
    assert not any("nested" in p for p in caught.value.problems)
