"""The About page's words on how sure the scores are, read from the evaluation at run time, never written down."""

from __future__ import annotations

from threshold.evaluation import DEFAULT_CASES_PATH, HELD_OUT, CaseSetError, Figures, evaluate, load_cases
from threshold.rubric import Rubric


def evaluation_figures(rubric: Rubric, cases_path=DEFAULT_CASES_PATH) -> dict[str, Figures] | None:
    """What `python -m threshold evaluate` prints, for this rubric; None where the case set is not installed."""
    try:
        return evaluate(rubric, load_cases(cases_path))[0]
    except CaseSetError:
        return None


def uncertainty_lines(figures: dict[str, Figures] | None) -> list[str]:
    """How often the scores matched labelled real cases, in plain words, held-out cases apart."""
    if not figures:
        return [
            "The set of labelled real cases is not installed with this copy, so no figures can be shown here. "
            "Run python -m threshold evaluate where it is."
        ]
    every, held_out = figures["all"], figures.get(HELD_OUT)
    lines = [
        f"On {every.cases} real accounts, paraphrased and labelled by hand, the motive the labels named came first "
        f"in {_share(every.top1, every.cases)} of them and among the top two in {_share(every.top2, every.cases)}."
    ]
    if held_out and held_out.cases:
        lines.append(
            f"On the {held_out.cases} of them never used to tune the rubric: first in "
            f"{_share(held_out.top1, held_out.cases)}, among the top two in {_share(held_out.top2, held_out.cases)}."
        )
    if every.safety_cases:
        lines.append(
            f"The safety questions caught {every.safety_caught} of the {every.safety_cases} accounts with a safety "
            f"concern, and showed the safety panel for {every.false_flags} of the {every.safe_cases} without one: "
            "they err toward caution."
        )
    lines.append(
        "So the leading motive is often right and sometimes not; two motives close together are common. "
        "Read the scores as a reflection of your answers, not as knowledge of their mind."
    )
    return lines


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}"
