"""The workshop's scenario library: fictional cases with complete answer sets, checked against a rubric."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, StrictInt

from threshold.rubric import Id, Rubric, RubricError, Strict, Text, duplicate_ids, validate_yaml
from threshold.scoring import AnswerError, validate_answers

#: The library shipped beside the rubric; the workshop page and the drift tests default to it.
DEFAULT_SCENARIOS_PATH = Path(__file__).resolve().parent.parent / "scenarios.yaml"

Relationship = Literal["partner", "friend", "family", "other"]


class ScenarioError(RubricError):
    """A scenario file that cannot be used; `problems` lists each one as `path: message`."""


class Expect(Strict):
    """What a scenario is meant to show: the motive or motives that score highest, and whether safety is flagged."""

    motives: list[str] = Field(default_factory=list)
    safety: bool = False


class Scenario(Strict):
    id: str = Id
    title: str = Text
    relationship: Relationship
    #: Who they are, how it ended and the time apart, for the room to read.
    story: str = Text
    #: The message the returner sent.
    message: str = Text
    expect: Expect
    #: Item id to option value; None is a deliberate "Not sure".
    answers: dict[str, StrictInt | None]


class ScenarioLibrary(Strict):
    scenarios: list[Scenario] = Field(min_length=1)


def load_scenarios(path: str | Path | None = None, *, rubric: Rubric) -> list[Scenario]:
    """Read and check the scenario file (the shipped one by default) against `rubric`."""
    path = Path(path or DEFAULT_SCENARIOS_PATH)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([f"(file): cannot read {path}: {exc}"], str(path)) from None
    return parse_scenarios(text, rubric=rubric, source=str(path))


def parse_scenarios(text: str, *, rubric: Rubric, source: str = "scenarios") -> list[Scenario]:
    """Parse scenario YAML text; raise one ScenarioError listing every problem by path."""
    library = validate_yaml(
        text, ScenarioLibrary, source=source, error=ScenarioError, expected="a mapping with a `scenarios` list"
    )
    problems = check_scenarios(rubric, library.scenarios)
    if problems:
        raise ScenarioError(problems, source)
    return library.scenarios


def check_scenarios(rubric: Rubric, scenarios: list[Scenario]) -> list[str]:
    """Checks against the rubric that field validation cannot see, each as `path: message`."""
    problems = duplicate_ids([s.id for s in scenarios], "scenarios")
    for index, scenario in enumerate(scenarios):
        path = f"scenarios[{index}]"
        try:
            validate_answers(rubric, scenario.answers)
        except AnswerError as exc:
            # Each problem starts with the item id, so it reads as a path under `answers`.
            problems += [f"{path}.answers.{p}" for p in exc.problems]
        for position, motive_id in enumerate(scenario.expect.motives):
            if motive_id not in rubric.motive_by_id:
                problems.append(f"{path}.expect.motives[{position}]: unknown motive {motive_id!r}")
        if not scenario.expect.motives and not scenario.expect.safety:
            problems.append(f"{path}.expect: name the motive or motives it should score highest, or set safety: true")
    return problems
