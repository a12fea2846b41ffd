"""How well the profile reads real situations: labelled public accounts, answered blind, scored here.

A case set is a folder with `labels.yaml` (each case's source, group and labels) and
`answers/<case id>.json` (the blind answers, `{"answers": {...}}`). The held-out group is never
used to choose weights or wording, so it is always reported apart.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from threshold.reflection import ranked_motives
from threshold.rubric import MOTIVE_IDS, Rubric
from threshold.scoring import score_answers

DEFAULT_CASES_PATH = Path(__file__).resolve().parent.parent / "tests" / "data" / "cases"
HELD_OUT = "held_out"


class CaseSetError(Exception):
    """A case set that cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class CaseResult:
    id: str
    group: str
    primary: str
    ranked: list[str]
    safety_labelled: bool
    safety_flagged: bool


@dataclass
class Figures:
    """Accuracy over a group of cases."""

    cases: int = 0
    top1: int = 0
    top2: int = 0
    safety_cases: int = 0
    safety_caught: int = 0
    safe_cases: int = 0
    false_flags: int = 0
    #: (labelled primary, ranked first) to count.
    confusion: Counter = field(default_factory=Counter)

    def add(self, result: CaseResult) -> None:
        self.cases += 1
        self.top1 += result.ranked[0] == result.primary
        self.top2 += result.primary in result.ranked[:2]
        self.confusion[(result.primary, result.ranked[0])] += 1
        if result.safety_labelled:
            self.safety_cases += 1
            self.safety_caught += result.safety_flagged
        else:
            self.safe_cases += 1
            self.false_flags += result.safety_flagged

    @staticmethod
    def share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    def as_dict(self) -> dict:
        return {
            "cases": self.cases,
            "top1": self.share(self.top1, self.cases),
            "top2": self.share(self.top2, self.cases),
            "safety_recall": self.share(self.safety_caught, self.safety_cases),
            "safety_cases": self.safety_cases,
            "false_flag_rate": self.share(self.false_flags, self.safe_cases),
            "confusion": {f"{labelled}->{ranked}": n for (labelled, ranked), n in sorted(self.confusion.items())},
        }


def load_cases(path: Path) -> list[dict]:
    """The labelled cases of a set, each with its blind answers under `answers`."""
    try:
        labels = yaml.safe_load((path / "labels.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CaseSetError(f"{path / 'labels.yaml'}: {exc}") from None
    cases = []
    for case in labels.get("cases", []) if isinstance(labels, dict) else []:
        answers_path = path / "answers" / f"{case['id']}.json"
        try:
            answers = json.loads(answers_path.read_text(encoding="utf-8"))["answers"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CaseSetError(f"{answers_path}: no blind answers ({type(exc).__name__}: {exc})") from None
        cases.append({**case, "answers": answers})
    if not cases:
        raise CaseSetError(f"{path / 'labels.yaml'}: no cases")
    return cases


def evaluate_case(rubric: Rubric, case: dict) -> CaseResult:
    profile = score_answers(rubric, case["answers"])
    return CaseResult(
        id=case["id"],
        group=case["group"],
        primary=case["labels"]["primary"]["motive"],
        ranked=ranked_motives(profile),
        safety_labelled=bool(case["labels"]["safety"]["concern"]),
        safety_flagged=profile.safety_flag,
    )


def evaluate(rubric: Rubric, cases: list[dict]) -> tuple[dict[str, Figures], list[CaseResult]]:
    """Figures for all cases and for each group, and each case's result."""
    results = [evaluate_case(rubric, case) for case in cases]
    figures: dict[str, Figures] = {"all": Figures()}
    for result in results:
        figures["all"].add(result)
        figures.setdefault(result.group, Figures()).add(result)
    return figures, results


def report(figures: dict[str, Figures]) -> str:
    """The figures as plain text: accuracy per group, held-out apart, and a confusion table each."""
    lines = []
    for group in ("all", *sorted(g for g in figures if g not in ("all", HELD_OUT)), HELD_OUT):
        if group not in figures:
            continue
        f = figures[group]
        title = "held-out group (never used for tuning)" if group == HELD_OUT else f"{group} cases"
        lines += [f"== {title}: {f.cases} ==", _accuracy_line(f), "", _confusion_table(f), ""]
    return "\n".join(lines).rstrip() + "\n"


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%} ({part}/{whole})" if whole else "n/a (0 cases)"


def _accuracy_line(f: Figures) -> str:
    return (
        f"top-1 {_percent(f.top1, f.cases)}   top-2 {_percent(f.top2, f.cases)}   "
        f"safety recall {_percent(f.safety_caught, f.safety_cases)}   "
        f"false flags {_percent(f.false_flags, f.safe_cases)}"
    )


def _confusion_table(f: Figures) -> str:
    """Rows: the labelled primary motive; columns: the motive ranked first."""
    short = {m: m[:6] for m in MOTIVE_IDS}
    header = "labelled \\ ranked 1st".ljust(22) + "".join(short[m].rjust(8) for m in MOTIVE_IDS)
    rows = [header]
    for labelled in MOTIVE_IDS:
        counts = [f.confusion.get((labelled, ranked), 0) for ranked in MOTIVE_IDS]
        rows.append(labelled.ljust(22) + "".join(str(n or ".").rjust(8) for n in counts))
    return "\n".join(rows)
