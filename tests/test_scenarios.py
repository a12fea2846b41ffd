"""The scenario library: broken files are refused by path; the shipped demos still show what they promise."""

from collections import Counter

import pytest

from tests.conftest import DATA
from tests.test_rubric import SEEDS, expected_problems, word_runs
from threshold import DEFAULT_RUBRIC_PATH
from threshold.reflection import ranked_motives
from threshold.rubric import RubricError, load_rubric
from threshold.scenarios import DEFAULT_SCENARIOS_PATH, ScenarioError, load_scenarios, parse_scenarios
from threshold.scoring import score_answers
from threshold.situation import applicable_items, situation_codes

BAD_SCENARIOS = sorted((DATA / "bad_scenarios").glob("*.yaml"))


@pytest.fixture(scope="module")
def scenarios(rubric):
    return load_scenarios(rubric=rubric)


@pytest.mark.parametrize("path", BAD_SCENARIOS, ids=lambda p: p.stem)
def test_broken_scenario_file_is_refused_with_each_problem_named_by_path(mini_rubric, path):
    expected = expected_problems(path)
    assert expected, f"{path.name} declares no '# expect:' lines"
    with pytest.raises(ScenarioError) as caught:
        load_scenarios(path, rubric=mini_rubric)
    for problem in expected:
        assert any(problem in p for p in caught.value.problems), (problem, caught.value.problems)
    assert str(path) in str(caught.value)


def test_several_problems_arrive_in_one_error(mini_rubric):
    with pytest.raises(ScenarioError) as caught:
        load_scenarios(DATA / "bad_scenarios" / "several_problems.yaml", rubric=mini_rubric)
    assert len(caught.value.problems) == 3


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("- just\n- a list\n", "(top level): expected a mapping"),
        ("scenarios: [unclosed\n", "(yaml) line"),
        ("scenarios: []\nscenarios: []\n", "duplicate key 'scenarios'"),
        ("scenarios: !!python/object/apply:os.system ['true']\n", "not allowed"),
    ],
)
def test_malformed_text_is_refused(mini_rubric, text, problem):
    with pytest.raises(ScenarioError) as caught:
        parse_scenarios(text, rubric=mini_rubric)
    assert any(problem in p for p in caught.value.problems), caught.value.problems


def test_missing_file_is_a_scenario_error(mini_rubric, tmp_path):
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenarios(tmp_path / "absent.yaml", rubric=mini_rubric)


def test_a_file_that_fits_loads_with_not_sure_kept(mini_rubric):
    text = (DATA / "bad_scenarios" / "several_problems.yaml").read_text().split("  - id: bad_value")[0]
    [scenario] = parse_scenarios(text, rubric=mini_rubric)
    assert scenario.answers["a2"] is None and scenario.expect.motives == ["familiarity"]


# Drift tests: the shipped library loads against the shipped rubric and every demo shows what it says.


def test_shipped_library_covers_every_motive_two_mixed_cases_and_safety(rubric, scenarios):
    assert len(scenarios) >= 8
    single = Counter(s.expect.motives[0] for s in scenarios if len(s.expect.motives) == 1 and not s.expect.safety)
    assert set(single) == {m.id for m in rubric.motives}
    assert sum(len(s.expect.motives) > 1 for s in scenarios) >= 2
    assert any(s.expect.safety for s in scenarios)
    assert len({s.relationship for s in scenarios}) >= 3


def test_every_scenario_answers_every_item_its_situation_asks_with_only_a_few_not_sure(rubric, scenarios):
    for scenario in scenarios:
        asked = {i.id for i in applicable_items(rubric, situation_codes(rubric, scenario.answers))}
        assert set(scenario.answers) == asked, scenario.id
        assert sum(v is None for v in scenario.answers.values()) <= len(asked) // 4, scenario.id


def test_every_scenario_situation_names_its_relationship(rubric, scenarios):
    for scenario in scenarios:
        assert situation_codes(rubric, scenario.answers)["relationship"] == scenario.relationship, scenario.id


def _shipped_scenarios():
    # Loaded at collection so each demo is its own test; a broken file fails the fixture's tests instead.
    try:
        return load_scenarios(DEFAULT_SCENARIOS_PATH, rubric=load_rubric(DEFAULT_RUBRIC_PATH))
    except RubricError:  # a ScenarioError is one too
        return []


SHIPPED = _shipped_scenarios()


def _cases(kind):
    return [s for s in SHIPPED if kind(s)]


@pytest.mark.parametrize("scenario", _cases(lambda s: len(s.expect.motives) == 1), ids=lambda s: s.id)
def test_single_motive_scenario_scores_its_motive_highest(rubric, scenario):
    profile = score_answers(rubric, scenario.answers)
    assert scenario.expect.motives[0] in profile.dominant, {m: s.score for m, s in profile.motives.items()}


@pytest.mark.parametrize("scenario", _cases(lambda s: len(s.expect.motives) > 1), ids=lambda s: s.id)
def test_mixed_scenario_has_its_motives_in_the_top_three(rubric, scenario):
    top_three = ranked_motives(score_answers(rubric, scenario.answers))[:3]
    assert set(scenario.expect.motives) <= set(top_three), top_three


@pytest.mark.parametrize("scenario", _cases(lambda s: True), ids=lambda s: s.id)
def test_safety_flag_is_set_exactly_when_the_scenario_expects_it(rubric, scenario):
    assert score_answers(rubric, scenario.answers).safety_flag is scenario.expect.safety


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source essays live in ../shared/seeds, beside a checkout")
def test_scenarios_paraphrase_the_essays_rather_than_pasting_them(scenarios):
    run = 8
    essays = set().union(*(word_runs(p.read_text(), run) for p in SEEDS.glob("*.txt")))
    pasted = [s.id for s in scenarios if word_runs(f"{s.story} {s.message}", run) & essays]
    assert not pasted
