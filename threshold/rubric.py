"""The rubric: pydantic models, a safe YAML loader, and checks that name every problem by path."""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from threshold.cue_engine import CuePattern, CuePatternError
from threshold.plural import counted
from threshold.situation import situation_problems

ModelT = TypeVar("ModelT", bound=BaseModel)

#: The client fixed these ids; the command line and every saved profile use them.
MOTIVE_IDS = ("familiarity", "curiosity", "guilt_closure", "control", "nostalgia", "growth")
MIN_ITEMS_PER_MOTIVE = 5
#: With a prior (scoring.prior_weight), this many answers alone must never reach the high band.
THIN_EVIDENCE_ANSWERS = 2
BAND_IDS = ("low", "moderate", "high")

Id = Field(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=60)
Text = Field(min_length=1)


class RubricError(Exception):
    """A rubric that cannot be used; `problems` lists each one as `path: message`."""

    def __init__(self, problems: list[str], source: str = "rubric"):
        self.problems = problems
        self.source = source
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source} has {counted(len(problems), 'problem')}:\n{listing}")


class Strict(BaseModel):
    """A model of data read from a file: unknown fields are refused, and values cannot change once read."""

    # No .inf or .nan anywhere: one infinite weight would make every score it touches meaningless.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Option(Strict):
    value: int
    label: str = Text
    #: Situation scales only: a stable name for the option, used by `show_if`, `text_for` and the CLI.
    code: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$", max_length=60)


class Scale(Strict):
    id: str = Id
    options: list[Option] = Field(min_length=2)

    @property
    def values(self) -> list[int]:
        return [o.value for o in self.options]

    def label_for(self, value: int) -> str:
        return next(o.label for o in self.options if o.value == value)

    def code_for(self, value: int) -> str | None:
        return next((o.code for o in self.options if o.value == value), None)

    def value_for(self, code: str) -> int | None:
        return next((o.value for o in self.options if o.code == code), None)


class BandTexts(Strict):
    low: str = Text
    moderate: str = Text
    high: str = Text


class Motive(Strict):
    id: str = Id
    label: str = Text
    description: str = Text
    signs: list[str] = Field(min_length=1)
    bands: BandTexts
    ask_them: list[str] = Field(min_length=4)
    ask_yourself: list[str] = Field(min_length=2)


class FootingDimension(Strict):
    id: str = Id
    label: str = Text
    description: str = Text
    bands: BandTexts


class Section(Strict):
    id: str = Id
    title: str = Text
    intro: str = Text
    kind: Literal["situation", "returner", "footing", "safety"]


class Item(Strict):
    id: str = Id
    section: str = Id
    text: str = Text
    help: str | None = None
    scale: str = Id
    reverse: bool = False
    #: Motive ids (returner items) or footing dimension ids (footing items) to signed weights.
    weights: dict[str, float] = Field(default_factory=dict)
    #: Safety items only: an answer at or above this value reports the sign.
    flag_at: int | None = None
    #: Safety items only: the sign in plain words, as the safety panel names it.
    sign: str | None = None
    #: Safety items only: "Not sure" here shows the resources gently, without the full safety panel.
    gentle_if_unsure: bool = False
    #: Situation item id to the option codes for which this item is asked; all must hold. An unanswered
    #: situation item holds for every code, so nothing is hidden on a guess.
    show_if: dict[str, list[Annotated[str, Field(min_length=1)]]] = Field(default_factory=dict)
    #: Relationship code (of the `relationship` situation item) to this item's wording for that relationship.
    text_for: dict[str, Annotated[str, Field(min_length=1)]] = Field(default_factory=dict)


class ScoringSettings(Strict):
    moderate_from: float = Field(ge=0, le=100)
    high_from: float = Field(ge=0, le=100)
    low_confidence_below: float = Field(ge=0, le=1)
    #: Weight of imagined neutral answers every score starts with, so thin evidence stays near 50.
    #: 0, the default, keeps the scoring of rubrics written before it (their saved profiles must not move).
    prior_weight: float = Field(default=0, ge=0, le=1000)
    #: Motives within this many points of the top one are read as close; 0 keeps only exact ties.
    close_within: float = Field(default=0, ge=0, le=100)
    #: Below this many answered returner items the headline says there is not enough to tell yet.
    min_answers_for_headline: int = Field(default=0, ge=0, le=1000)
    #: How many returner items the quick path asks (0: the rubric offers no quick path).
    quick_items: int = Field(default=0, ge=0, le=1000)


class Resource(Strict):
    name: str = Text
    contact: str = Text
    note: str | None = None


class Resources(Strict):
    default: list[Resource] = Field(min_length=1)
    #: ISO country code to that country's resources.
    countries: dict[str, list[Resource]] = Field(default_factory=dict)


class Safety(Strict):
    title: str = Text
    intro: str = Text
    ask_framing: str = Text
    tech_note: str = Text
    resources: Resources


class CheckQuestion(Strict):
    id: str = Id
    text: str = Text


class DecisionCheck(Strict):
    intro: str = Text
    questions: list[CheckQuestion] = Field(min_length=4, max_length=4)
    all_yes: str = Text
    not_all_yes: str = Text


class GeneralQuestions(Strict):
    ask_them: list[str] = Field(min_length=1)
    ask_yourself: list[str] = Field(min_length=1)


class Cue(Strict):
    """Wording in their message that hints at a motive, or with a negative weight argues against it."""

    id: str = Id
    motive: str = Id
    #: Regular expressions, see `compile_cue_pattern`; the rubric's header comment explains them.
    patterns: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)
    weight: float
    explanation: str = Text
    #: Ids of questionnaire items the message may help the user answer.
    informs: list[str] = Field(default_factory=list)


class PointText(Strict):
    """What an option may bring or cost on one point that may matter to the person."""

    point: str = Id
    text: str = Text


class DecisionOption(Strict):
    """One way forward, laid out with what it may bring and cost in equal number (IPDAS: equal detail)."""

    id: str = Id
    label: str = Text
    description: str = Text
    may_bring: list[PointText] = Field(min_length=1)
    may_cost: list[PointText] = Field(min_length=1)
    #: What living with this choice tends to be like, in the weeks after it.
    living_with: str = Text
    #: Shown instead of the description when the safety screen is positive: safety first, never alone.
    if_unsafe: str | None = None


class DecisionPoint(Strict):
    """Something that may matter to the person when they weigh the options."""

    id: str = Id
    label: str = Text


class Decision(Strict):
    """The decision itself, the scales of the Ottawa guide's steps, and the points that may matter."""

    statement: str = Text
    intro: str = Text
    #: On top of the options when the safety screen is positive, before the resources.
    safety_first: str = Text
    points: list[DecisionPoint] = Field(min_length=2)
    #: "How much does this matter to you?", from not at all to a lot.
    importance: list[Annotated[str, Field(min_length=1)]] = Field(min_length=3)
    #: "How sure are you?", from not sure to very sure.
    sureness: list[Annotated[str, Field(min_length=1)]] = Field(min_length=2)
    no_lean: str = Text
    next_step_intro: str = Text


class Source(Strict):
    """A work the rubric or the decision steps are built from, cited in full."""

    title: str = Text
    citation: str = Text
    used_for: str = Text


class About(Strict):
    """What the About page says: IPDAS's certifying criteria in plain words."""

    what_it_is: str = Text
    what_it_is_not: str = Text
    produced: date
    update_policy: str = Text
    made_by: str = Text
    funding: str = Text
    data: str = Text
    sources: list[Source] = Field(min_length=1)
    standards: list[Source] = Field(min_length=1)


class Rubric(Strict):
    version: str = Text
    title: str = Text
    scoring: ScoringSettings
    scales: list[Scale] = Field(min_length=1)
    motives: list[Motive]
    footing: list[FootingDimension] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    items: list[Item] = Field(min_length=1)
    general: GeneralQuestions
    decision_check: DecisionCheck
    safety: Safety
    cues: list[Cue] = Field(default_factory=list)
    #: Rubrics written before decision support have none; saved assessments keep theirs.
    decision: Decision | None = None
    options: list[DecisionOption] = Field(default_factory=list)
    about: About | None = None

    _content_hash: str = PrivateAttr(default="")
    _text: str = PrivateAttr(default="")

    @property
    def content_hash(self) -> str:
        """sha256 of the rubric text this was parsed from."""
        return self._content_hash

    @property
    def text(self) -> str:
        """The YAML text this was parsed from, so a saved assessment can keep its rubric."""
        return self._text

    @cached_property
    def item_by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    @cached_property
    def scale_by_id(self) -> dict[str, Scale]:
        return {s.id: s for s in self.scales}

    @cached_property
    def motive_by_id(self) -> dict[str, Motive]:
        return {m.id: m for m in self.motives}

    @cached_property
    def footing_by_id(self) -> dict[str, FootingDimension]:
        return {d.id: d for d in self.footing}

    @cached_property
    def section_by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    @cached_property
    def option_by_id(self) -> dict[str, DecisionOption]:
        return {o.id: o for o in self.options}

    @cached_property
    def cue_by_id(self) -> dict[str, Cue]:
        return {c.id: c for c in self.cues}

    def scale_of(self, item: Item) -> Scale:
        return self.scale_by_id[item.scale]

    def items_in(self, section_id: str) -> list[Item]:
        return [i for i in self.items if i.section == section_id]

    def items_of_kind(self, kind: str) -> list[Item]:
        kinds = {s.id: s.kind for s in self.sections}
        return [i for i in self.items if kinds.get(i.section) == kind]

    def kind_of(self, item: Item) -> str | None:
        section = self.section_by_id.get(item.section)
        return section.kind if section else None

    def band_for(self, score: float) -> str:
        if score >= self.scoring.high_from:
            return "high"
        if score >= self.scoring.moderate_from:
            return "moderate"
        return "low"


#: Deeper YAML is refused as it is read: a rubric nests a few levels, and PyYAML builds nodes recursively.
MAX_YAML_DEPTH = 50


class _StrictMappings:
    """Refuses a mapping with the same key twice instead of keeping the last, and a key that is a list
    or mapping; mixed into a SafeLoader."""

    def construct_mapping(self, node, deep=False):
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode):
                problem = "a key must be a plain word or number, not a list or mapping"
                raise yaml.constructor.ConstructorError(None, None, problem, key.start_mark)
        seen = Counter(self.construct_object(k, deep=deep) for k, _ in node.value)
        repeated = [k for k, n in seen.items() if n > 1]
        if repeated:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {repeated[0]!r}", node.start_mark)
        return super().construct_mapping(node, deep=deep)


class _UniqueKeyLoader(_StrictMappings, yaml.SafeLoader):
    """The pure-Python SafeLoader with strict mappings, refusing nesting deeper than MAX_YAML_DEPTH."""

    _depth = 0

    def compose_node(self, parent, index):
        if self._depth >= MAX_YAML_DEPTH:
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_YAML_DEPTH} levels deep", mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


if yaml.__with_libyaml__:

    class _FastUniqueKeyLoader(_StrictMappings, yaml.CSafeLoader):
        """Strict mappings on libyaml's parser, which reads a rubric about eight times faster; its
        composer has no depth check, so `load_yaml` measures the nesting first."""


def location_path(loc: tuple) -> str:
    """Turn a pydantic error location into `items[12].weights.control`."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(top level)"


def _nesting_within_limit(text: str) -> bool:
    """Whether no collection in `text` nests deeper than MAX_YAML_DEPTH, from libyaml's flat event stream."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth >= MAX_YAML_DEPTH:
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


def load_yaml(text: str):
    """YAML as data, through a SafeLoader (no arbitrary tags) that refuses repeated keys and deep nesting.

    libyaml reads what is well formed; anything it refuses, or that nests too deep for its recursive
    composer, is read again by the pure-Python loader, whose errors name the line and column.
    """
    if yaml.__with_libyaml__:
        try:
            if _nesting_within_limit(text):
                return yaml.load(text, Loader=_FastUniqueKeyLoader)
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_UniqueKeyLoader)


def validate_yaml(text: str, model: type[ModelT], *, source: str, error: type[RubricError], expected: str) -> ModelT:
    """Load YAML safely and validate it into `model`; raise `error` listing every problem by path."""
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise error([f"(yaml) {_describe_yaml_error(exc)}"], source) from None
    if not isinstance(data, dict):
        raise error([f"(top level): expected {expected}"], source)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error([f"{location_path(e['loc'])}: {e['msg']}" for e in exc.errors()], source) from None


def parse_rubric(text: str, source: str = "rubric") -> Rubric:
    """Parse and check rubric YAML text; raise one RubricError listing every problem."""
    rubric = validate_yaml(text, Rubric, source=source, error=RubricError, expected="a mapping of rubric sections")
    problems = check_consistency(rubric)
    if problems:
        raise RubricError(problems, source)
    rubric._content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    rubric._text = text
    return rubric


def load_rubric(path: str | Path) -> Rubric:
    """Read, parse and check the rubric file at `path`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError([f"(file): cannot read {path}: {exc}"], str(path)) from None
    return parse_rubric(text, source=str(path))


def _describe_yaml_error(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    problem = getattr(exc, "problem", None) or str(exc)
    if "could not determine a constructor" in problem:
        problem = "tags such as !!python/... are not allowed (" + problem + ")"
    return where + problem


def duplicate_ids(ids: list[str], path: str) -> list[str]:
    """A problem for each id that repeats an earlier one, by its place under `path`."""
    seen: dict[str, int] = {}
    problems = []
    for index, value in enumerate(ids):
        if value in seen:
            problems.append(f"{path}[{index}].id: duplicate id {value!r} (first at [{seen[value]}])")
        else:
            seen[value] = index
    return problems


def check_consistency(rubric: Rubric) -> list[str]:
    """Cross-reference checks that field validation cannot see, each as `path: message`."""
    problems: list[str] = []
    for name in ("scales", "motives", "footing", "sections", "items"):
        problems += duplicate_ids([x.id for x in getattr(rubric, name)], name)
    problems += duplicate_ids([q.id for q in rubric.decision_check.questions], "decision_check.questions")

    motive_ids = [m.id for m in rubric.motives]
    for index, motive_id in enumerate(motive_ids):
        if motive_id not in MOTIVE_IDS:
            problems.append(f"motives[{index}].id: unknown motive {motive_id!r}; use {', '.join(MOTIVE_IDS)}")
    for missing in sorted(set(MOTIVE_IDS) - set(motive_ids)):
        problems.append(f"motives: motive {missing!r} is missing")

    for index, scale in enumerate(rubric.scales):
        problems += _duplicate_options(scale, f"scales[{index}]")

    if rubric.scoring.moderate_from >= rubric.scoring.high_from:
        problems.append("scoring.high_from: must be above scoring.moderate_from")

    section_kinds = {s.id: s.kind for s in rubric.sections}
    targets = {"returner": set(motive_ids), "footing": {d.id for d in rubric.footing}}
    for index, item in enumerate(rubric.items):
        problems += _check_item(rubric, item, f"items[{index}]", section_kinds, targets)

    for index, section in enumerate(rubric.sections):
        if not rubric.items_in(section.id):
            problems.append(f"sections[{index}]: section {section.id!r} has no items")
    problems += _check_coverage(rubric)
    problems += _check_thin_evidence(rubric)
    problems += situation_problems(rubric)
    problems += _check_cues(rubric)
    problems += _check_options(rubric)
    problems += _check_markup(rubric)
    return problems


def _duplicate_options(scale: Scale, path: str) -> list[str]:
    problems = []
    for field in ("value", "label"):
        counts = Counter(getattr(o, field) for o in scale.options)
        for index, option in enumerate(scale.options):
            if counts[getattr(option, field)] > 1:
                problems.append(f"{path}.options[{index}].{field}: repeated {field} {getattr(option, field)!r}")
    return problems


def _check_item(rubric, item, path, section_kinds, targets) -> list[str]:
    problems = []
    kind = section_kinds.get(item.section)
    if kind is None:
        problems.append(f"{path}.section: unknown section {item.section!r}")
    scale = rubric.scale_by_id.get(item.scale)
    if scale is None:
        problems.append(f"{path}.scale: unknown scale {item.scale!r}")
    if kind == "situation":
        return problems  # see threshold.situation
    if kind == "safety":
        if item.weights:
            problems.append(f"{path}.weights: safety items set a flag and weigh on no motive")
        if item.flag_at is None or not item.sign:
            problems.append(f"{path}: a safety item needs both flag_at and sign")
        elif scale and not any(v >= item.flag_at for v in scale.values):
            problems.append(f"{path}.flag_at: no option of scale {scale.id!r} reaches {item.flag_at}")
        return problems
    if kind is None:
        return problems
    if item.gentle_if_unsure:
        problems.append(f"{path}.gentle_if_unsure: only safety items can show resources on 'Not sure'")
    if item.flag_at is not None or item.sign is not None:
        problems.append(f"{path}: flag_at and sign belong to safety items only")
    if not item.weights or not any(item.weights.values()):
        problems.append(
            f"{path}.weights: the item weighs on no {'motive' if kind == 'returner' else 'footing dimension'}"
        )
    noun = "motive" if kind == "returner" else "footing dimension"
    for target, weight in item.weights.items():
        if target not in targets[kind]:
            problems.append(f"{path}.weights.{target}: unknown {noun}")
        elif weight == 0:
            problems.append(f"{path}.weights.{target}: a weight of 0 says nothing; remove it")
    return problems


def _check_thin_evidence(rubric: Rubric) -> list[str]:
    """With a prior, no one or two answers may put a motive in the high band (see threshold.scoring)."""
    prior = rubric.scoring.prior_weight
    problems = []
    for index, motive in enumerate(rubric.motives):
        weights = sorted((abs(i.weights[motive.id]) for i in rubric.items if i.weights.get(motive.id)), reverse=True)
        heaviest = math.fsum(weights[:THIN_EVIDENCE_ANSWERS])
        reach = 50 + 50 * heaviest / (heaviest + prior) if weights else 50
        if prior and reach >= rubric.scoring.high_from:
            problems.append(
                f"motives[{index}]: its {THIN_EVIDENCE_ANSWERS} heaviest answers alone would reach {reach:.1f}, "
                "in the high band; raise scoring.prior_weight"
            )
    return problems


def _check_coverage(rubric: Rubric) -> list[str]:
    problems = []
    returner = rubric.items_of_kind("returner")
    for index, motive in enumerate(rubric.motives):
        measuring = [i for i in returner if i.weights.get(motive.id)]
        if len(measuring) < MIN_ITEMS_PER_MOTIVE:
            problems.append(
                f"motives[{index}]: {motive.id!r} is measured by {counted(len(measuring), 'item')}; "
                f"at least {MIN_ITEMS_PER_MOTIVE} are needed"
            )
        elif len({i.section for i in measuring}) < 2:
            problems.append(f"motives[{index}]: {motive.id!r} is measured from one section only; use at least two")
    footing_items = rubric.items_of_kind("footing")
    for index, dimension in enumerate(rubric.footing):
        if not any(i.weights.get(dimension.id) for i in footing_items):
            problems.append(f"footing[{index}]: {dimension.id!r} is measured by no item")
    return problems


def _check_options(rubric: Rubric) -> list[str]:
    """Options need the decision they answer; each names known points and as many costs as benefits."""
    if rubric.options and rubric.decision is None:
        return ["decision: options are given but the decision they belong to is not stated"]
    if rubric.decision is None:
        return []
    problems = duplicate_ids([o.id for o in rubric.options], "options")
    problems += duplicate_ids([p.id for p in rubric.decision.points], "decision.points")
    if len(rubric.options) < 2:
        problems.append("options: a decision needs at least two options to lay out")
    points = {p.id for p in rubric.decision.points}
    for index, option in enumerate(rubric.options):
        path = f"options[{index}]"
        if len(option.may_bring) != len(option.may_cost):
            problems.append(
                f"{path}: may_bring has {counted(len(option.may_bring), 'point')} and may_cost {len(option.may_cost)}; "
                "give benefits and costs in equal number"
            )
        for field in ("may_bring", "may_cost"):
            for number, entry in enumerate(getattr(option, field)):
                if entry.point not in points:
                    problems.append(f"{path}.{field}[{number}].point: unknown point {entry.point!r}")
    return problems


def compile_cue_pattern(pattern: str) -> CuePattern:
    """Compile a cue pattern with the bounded engine (see `threshold.cue_engine`); raises CuePatternError."""
    return CuePattern(pattern)


def cue_pattern_problem(pattern: str) -> str | None:
    """Why a cue pattern cannot be used, or None: the engine must be able to compile and bound it."""
    try:
        compile_cue_pattern(pattern)
    except CuePatternError as exc:
        return str(exc)
    return None


def _check_cues(rubric: Rubric) -> list[str]:
    problems = duplicate_ids([c.id for c in rubric.cues], "cues")
    # The same pattern may argue for one motive and against another, but twice for one motive double-counts.
    first_seen: dict[tuple[str, str], str] = {}
    for index, cue in enumerate(rubric.cues):
        path = f"cues[{index}]"
        if cue.motive not in rubric.motive_by_id:
            problems.append(f"{path}.motive: unknown motive {cue.motive!r}")
        if cue.weight == 0:
            problems.append(f"{path}.weight: a weight of 0 says nothing; remove the cue")
        for number, item_id in enumerate(cue.informs):
            if item_id not in rubric.item_by_id:
                problems.append(f"{path}.informs[{number}]: unknown item {item_id!r}")
        for number, pattern in enumerate(cue.patterns):
            where = f"{path}.patterns[{number}]"
            problem = cue_pattern_problem(pattern)
            if problem:
                problems.append(f"{where}: {problem}")
            key = (cue.motive, pattern.strip().lower())
            if key in first_seen:
                first = first_seen[key]
                problems.append(f"{where}: duplicate pattern {pattern!r} for {cue.motive!r} (first at {first})")
            else:
                first_seen[key] = where
    return problems


#: What the app would render from rubric text, which is shown as Markdown: raw HTML (`<b`, `</`, `<!--`, `<?`),
#: Markdown links and images (`](`, and a reference definition `[x]: ...`), and URLs that become links.
#: A plain domain such as `sheltersafe.ca` stays text, so a helpline's website can still be named.
_MARKUP = re.compile(r"<[a-z/!?]|\]\(|\]:|https?://|www\.", re.IGNORECASE)
#: Fields that are not shown as text: cue patterns are regular expressions (`(?<!...)` is no HTML).
_NOT_TEXT = {(Cue, "patterns")}


def _check_markup(rubric: Rubric) -> list[str]:
    """Every text the app shows comes from the rubric file, which an import brings from elsewhere: refuse markup."""
    return [
        f"{path}: HTML, links and images are not allowed in rubric text"
        for path, text in _texts(rubric, "")
        if _MARKUP.search(text)
    ]


def _texts(value, path: str):
    """Every string inside a rubric model, with its path (`motives[2].signs[0]`), leaving out `_NOT_TEXT`."""
    if isinstance(value, str):
        yield path or "(top level)", value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if (type(value), name) not in _NOT_TEXT:
                yield from _texts(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}")
