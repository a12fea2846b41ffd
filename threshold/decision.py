"""Decision support after the reflection: the options, what matters to you, where you lean, the check
before and after, a next step, and what they said when you asked them.

Pure functions over the rubric and a person's `DecisionRecord`. Nothing here ranks or recommends: the
options keep the rubric's order whatever the answers, and every sentence only reflects what was said.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from threshold.reflection import decision_check_message, join_names
from threshold.rubric import DecisionOption, Rubric, location_path

MAX_POINT_CHARS = 200
MAX_STEP_CHARS = 1_000
MAX_SAID_CHARS = 5_000
MAX_OWN_POINTS = 20
MAX_REPLIES = 100


class DecisionError(ValueError):
    """A decision record that does not fit its rubric; `problems` lists each one as `path: message`."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class OwnPoint(_Strict):
    """A point the person added themselves, and how much it matters to them."""

    text: str = Field(min_length=1, max_length=MAX_POINT_CHARS)
    importance: int = Field(ge=0)


class NextStep(_Strict):
    """The person's next step, in their own words."""

    what: str = Field(default="", max_length=MAX_STEP_CHARS)
    when: str = Field(default="", max_length=MAX_STEP_CHARS)
    support: str = Field(default="", max_length=MAX_STEP_CHARS)

    @property
    def empty(self) -> bool:
        return not (self.what.strip() or self.when.strip() or self.support.strip())


class DecisionRecord(_Strict):
    """What the person said on the options page; every field may be left out."""

    #: Point id to an index into the rubric's `decision.importance` labels.
    ratings: dict[str, int] = Field(default_factory=dict)
    own_points: list[OwnPoint] = Field(default_factory=list, max_length=MAX_OWN_POINTS)
    #: The option id they lean towards; None when they lean towards none (yet).
    leaning: str | None = None
    #: An index into `decision.sureness`; only with a leaning.
    sureness: int | None = None
    #: Decision check question id to yes (True) or not yet (False), before and after the options.
    check_before: dict[str, bool] = Field(default_factory=dict)
    check_after: dict[str, bool] = Field(default_factory=dict)
    next_step: NextStep = Field(default_factory=NextStep)

    @property
    def empty(self) -> bool:
        return self == DecisionRecord()


class Reply(_Strict):
    """What they said when asked one of the suggested questions."""

    question: str = Field(min_length=1, max_length=MAX_SAID_CHARS)
    said: str = Field(min_length=1, max_length=MAX_SAID_CHARS)


def record_problems(rubric: Rubric, record: DecisionRecord) -> list[str]:
    """Everything in a record that its rubric cannot show, each as `path: message`."""
    decision = rubric.decision
    if decision is None:
        return [] if record.empty else ["decision: this rubric has no options to record a decision about"]
    problems = []
    points = {p.id for p in decision.points}
    top_importance, top_sureness = len(decision.importance) - 1, len(decision.sureness) - 1
    for point, value in record.ratings.items():
        if point not in points:
            problems.append(f"ratings.{point}: unknown point")
        if not 0 <= value <= top_importance:
            problems.append(f"ratings.{point}: {value} is not between 0 and {top_importance}")
    for index, own in enumerate(record.own_points):
        if own.importance > top_importance:
            problems.append(f"own_points[{index}].importance: {own.importance} is over {top_importance}")
    if record.leaning is not None and record.leaning not in rubric.option_by_id:
        problems.append(f"leaning: unknown option {record.leaning!r}")
    if record.sureness is not None and not 0 <= record.sureness <= top_sureness:
        problems.append(f"sureness: {record.sureness} is not between 0 and {top_sureness}")
    questions = {q.id for q in rubric.decision_check.questions}
    for field in ("check_before", "check_after"):
        problems += [f"{field}.{q}: unknown question" for q in getattr(record, field) if q not in questions]
    return problems


def parse_record(rubric: Rubric, data: object) -> DecisionRecord:
    """A record from JSON data, checked against its rubric; DecisionError naming every problem."""
    try:
        record = DecisionRecord.model_validate(data)
    except ValidationError as exc:
        raise DecisionError([f"{location_path(e['loc'])}: {e['msg']}" for e in exc.errors()]) from None
    if problems := record_problems(rubric, record):
        raise DecisionError(problems)
    return record


def options_in_order(rubric: Rubric) -> list[DecisionOption]:
    """The options as the rubric lists them. It takes no answers, so nothing a person says can reorder them."""
    return list(rubric.options)


def option_description(option: DecisionOption, safety_flag: bool) -> str:
    """With signs of danger, the option's safety-first wording where it has one."""
    return option.if_unsafe if safety_flag and option.if_unsafe else option.description


def point_label(rubric: Rubric, point_id: str) -> str:
    return next(p.label for p in rubric.decision.points if p.id == point_id)


def matters_most(rubric: Rubric, record: DecisionRecord) -> tuple[list[str], list[str]]:
    """The rubric's point ids and the person's own points rated highest (above "not at all"), in rubric order."""
    values = [*record.ratings.values(), *(o.importance for o in record.own_points)]
    top = max(values, default=0)
    if top == 0:
        return [], []
    ids = [p.id for p in rubric.decision.points if record.ratings.get(p.id) == top]
    return ids, [o.text for o in record.own_points if o.importance == top]


@dataclass(frozen=True)
class LeaningReflection:
    """The leaning said back in words, with what the option may bring and cost on the points that matter most."""

    sentences: list[str]
    brings: list[str]
    costs: list[str]


def leaning_reflection(rubric: Rubric, record: DecisionRecord) -> LeaningReflection:
    decision = rubric.decision
    point_ids, own = matters_most(rubric, record)
    names = [point_label(rubric, p).lower() for p in point_ids] + [f"“{text}”" for text in own]
    option = rubric.option_by_id.get(record.leaning) if record.leaning else None
    if option is None:
        sentences = ["You do not lean towards any option yet, and that is all right."]
    else:
        sure = f", and you feel {decision.sureness[record.sureness].lower()}" if record.sureness is not None else ""
        sentences = [f"You lean towards “{option.label}”{sure}."]
    if names:
        sentences.append(f"The points that matter most to you are {join_names(names)}.")
    else:
        sentences.append("You have not said yet which points matter to you.")
    brings = costs = []
    if option is not None and point_ids:
        # Both sides on the same points: equal detail, so the reflection leans neither way.
        brings = [f"{point_label(rubric, e.point)}: {e.text}" for e in option.may_bring if e.point in point_ids]
        costs = [f"{point_label(rubric, e.point)}: {e.text}" for e in option.may_cost if e.point in point_ids]
        if not brings and not costs:
            sentences.append(f"“{option.label}” says nothing particular about those points; only you can weigh them.")
    if option is not None and own:
        sentences.append("The points you added are yours to weigh; the options do not speak to them.")
    return LeaningReflection(sentences, brings, costs)


@dataclass(frozen=True)
class CheckChange:
    """The decision check before and after the options: counts, what changed, and the closing word."""

    before_yes: int | None
    after_yes: int | None
    #: (question, before, after) as "Yes", "Not yet" or "Not answered", for the questions that changed.
    changed: list[tuple[str, str, str]]
    #: After all four are answered: the calm closing text (fewer than four yes: time, information, support).
    message: str | None


def check_change(rubric: Rubric, record: DecisionRecord) -> CheckChange:
    questions = rubric.decision_check.questions

    def count(answers: dict[str, bool]) -> int | None:
        return sum(answers[q.id] for q in questions) if all(q.id in answers for q in questions) else None

    def word(answers: dict[str, bool], question_id: str) -> str:
        return {True: "Yes", False: "Not yet"}.get(answers.get(question_id), "Not answered")

    changed = [
        (q.text, word(record.check_before, q.id), word(record.check_after, q.id))
        for q in questions
        if q.id in record.check_before and q.id in record.check_after
        if record.check_before[q.id] != record.check_after[q.id]
    ]
    return CheckChange(
        before_yes=count(record.check_before),
        after_yes=count(record.check_after),
        changed=changed,
        message=decision_check_message(rubric, record.check_after),
    )


def check_summary(rubric: Rubric, change: CheckChange) -> str | None:
    """ "Before your options: 2 of 4 yes. Now: 3 of 4." or None until both were answered."""
    if change.before_yes is None or change.after_yes is None:
        return None
    total = len(rubric.decision_check.questions)
    return f"Before your options you answered yes to {change.before_yes} of {total}; now, to {change.after_yes}."


def next_step_lines(step: NextStep) -> list[str]:
    """The next step as the person wrote it, one line per part they filled in."""
    parts = [("What", step.what), ("When", step.when), ("With whose support", step.support)]
    return [f"{label}: {text.strip()}" for label, text in parts if text.strip()]
