"""The situation in front of the questionnaire, and which questions it asks, worded for whom.

A rubric's situation items (who they are to you, who ended it, how they came back, ...) have
coded options. Other items declare `show_if` (the codes for which they are asked) and `text_for`
(their wording per relationship). `asked_items` is the one rule for what a person is asked, in
order: the app, `threshold questions`, scoring and the evaluation all go through it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from threshold.memo import derived
from threshold.plural import counted

if TYPE_CHECKING:
    from threshold.rubric import Item, Rubric

#: The situation item whose codes key each item's `text_for`.
RELATIONSHIP = "relationship"
#: In every situation, each motive must still be measured by at least this many questions.
MIN_ITEMS_PER_MOTIVE_IN_ANY_SITUATION = 3

Codes = Mapping[str, str]


@dataclass(frozen=True)
class Question:
    """One question as a person is asked it: its worded text and its options."""

    id: str
    section: str
    kind: str
    text: str
    options: list[dict]

    def as_dict(self) -> dict:
        return {"id": self.id, "section": self.section, "kind": self.kind, "text": self.text, "options": self.options}


def situation_codes(rubric: Rubric, answers: Mapping[str, int | None]) -> dict[str, str]:
    """The coded situation answers (item id to option code); "Not sure" and unanswered are left out."""
    codes = {}
    for item_id, code_for in _situation_scales(rubric):
        code = code_for.get(answers.get(item_id))
        if code:
            codes[item_id] = code
    return codes


def _situation_scales(rubric: Rubric) -> tuple[tuple[str, dict[int, str | None]], ...]:
    """Each situation item's id with its options' codes by value, worked out once per rubric."""

    def build():
        return tuple(
            (item.id, {o.value: o.code for o in rubric.scale_of(item).options})
            for item in rubric.items_of_kind("situation")
        )

    return derived(rubric, "situation_scales", build)


def applies(item: Item, codes: Codes) -> bool:
    """Whether `item` is asked in this situation; an unknown part of the situation hides nothing."""
    return all(codes.get(key) is None or codes[key] in allowed for key, allowed in item.show_if.items())


def applicable_items(rubric: Rubric, codes: Codes) -> list[Item]:
    """Every item asked in this situation, in rubric order (the full path)."""
    # Asked on every rerun and every score, and there are few situations: each is worked out once.
    known = derived(rubric, "applicable_items", dict)
    key = tuple(sorted(codes.items()))
    if key not in known:
        known[key] = tuple(item for item in rubric.items if applies(item, codes))
    return list(known[key])


def quick_returner_ids(rubric: Rubric, codes: Codes) -> list[str]:
    """The returner items that carry the most evidence here: each motive in turn takes its heaviest one left."""
    limit = rubric.scoring.quick_items
    # A short path has no room for a question that may not fit: conditions must be known to hold.
    pool = [
        i
        for i in applicable_items(rubric, codes)
        if rubric.kind_of(i) == "returner" and all(key in codes for key in i.show_if)
    ]
    chosen: list[str] = []
    # Evidence *for* a motive first; items that only argue against it come after.
    ranked = {
        m.id: sorted(
            (i for i in pool if i.weights.get(m.id)),
            key=lambda i, m=m.id: (i.weights[m] < 0, -abs(i.weights[m])),
        )
        for m in rubric.motives
    }
    while len(chosen) < min(limit, len(pool)):
        before = len(chosen)
        for motive in rubric.motives:
            pick = next((i.id for i in ranked[motive.id] if i.id not in chosen), None)
            if pick and len(chosen) < limit:
                chosen.append(pick)
        if len(chosen) == before:
            break
    return chosen


def asked_items(rubric: Rubric, codes: Codes, *, quick: bool = False) -> list[Item]:
    """The items this person is asked, in order; the quick path keeps the situation, the safety screen
    and the heaviest returner items, and leaves out the footing."""
    items = applicable_items(rubric, codes)
    if not quick:
        return items
    keep = set(quick_returner_ids(rubric, codes))
    return [i for i in items if rubric.kind_of(i) in ("situation", "safety") or i.id in keep]


def item_text(item: Item, codes: Codes) -> str:
    """The item's wording for this relationship, or its general wording."""
    return item.text_for.get(codes.get(RELATIONSHIP, ""), item.text)


def questions_for(rubric: Rubric, codes: Codes, *, quick: bool = False) -> list[Question]:
    """What this person is asked, worded for them, as plain data for the CLI and the evaluation."""
    return [
        Question(
            id=item.id,
            section=item.section,
            kind=rubric.kind_of(item),
            text=item_text(item, codes),
            options=[{"value": o.value, "label": o.label} for o in rubric.scale_of(item).options],
        )
        for item in asked_items(rubric, codes, quick=quick)
    ]


def questions_fingerprint(rubric: Rubric) -> str:
    """A hash of everything a person reads or that decides what they are asked, but not the weights:
    answers given to other wording do not carry over, while re-weighting keeps them valid."""
    asked = [
        {
            "id": i.id,
            "section": i.section,
            "text": i.text,
            "help": i.help,
            "text_for": i.text_for,
            "show_if": i.show_if,
            "options": [o.label for o in rubric.scale_of(i).options],
        }
        for i in rubric.items
    ]
    return hashlib.sha256(json.dumps(asked, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def code_choices(rubric: Rubric, item_id: str) -> list[str]:
    """The option codes of one situation item, for command-line choices."""
    item = rubric.item_by_id.get(item_id)
    scale = rubric.scale_by_id.get(item.scale) if item else None
    return [o.code for o in scale.options if o.code] if scale else []


def situation_problems(rubric: Rubric) -> list[str]:
    """Checks of situation items, conditions and wordings, each as `path: message`."""
    problems: list[str] = []
    situation = {i.id: i for i in rubric.items_of_kind("situation")}
    codes = {item_id: set(code_choices(rubric, item_id)) for item_id in situation}
    for index, item in enumerate(rubric.items):
        path = f"items[{index}]"
        if item.id in situation:
            problems += _situation_item_problems(rubric, item, path)
        for key, allowed in item.show_if.items():
            if key not in situation:
                problems.append(f"{path}.show_if.{key}: unknown situation item")
                continue
            if not allowed:
                problems.append(f"{path}.show_if.{key}: no situation can reach this item (the list is empty)")
            for number, code in enumerate(allowed):
                if code not in codes[key]:
                    problems.append(f"{path}.show_if.{key}[{number}]: unknown value {code!r} of {key!r}")
        if item.text_for and RELATIONSHIP not in situation:
            problems.append(f"{path}.text_for: needs a situation item {RELATIONSHIP!r}")
        for code in item.text_for:
            if RELATIONSHIP in situation and code not in codes[RELATIONSHIP]:
                problems.append(f"{path}.text_for.{code}: unknown value of {RELATIONSHIP!r}")
    if not problems:
        problems += _coverage_in_every_situation(rubric, codes)
    return problems


def _situation_item_problems(rubric: Rubric, item: Item, path: str) -> list[str]:
    problems = []
    if item.flag_at is not None or item.sign:
        problems.append(f"{path}: flag_at and sign belong to safety items only")
    for target, weight in item.weights.items():  # a situation answer may itself be evidence about them
        if target not in rubric.motive_by_id:
            problems.append(f"{path}.weights.{target}: unknown motive")
        elif weight == 0:
            problems.append(f"{path}.weights.{target}: a weight of 0 says nothing; remove it")
    earlier = [i.id for i in rubric.items_of_kind("situation")]
    earlier = earlier[: earlier.index(item.id)]
    for key in item.show_if:
        if key not in earlier:
            problems.append(f"{path}.show_if.{key}: a situation item may depend only on the situation items before it")
    scale = rubric.scale_by_id.get(item.scale)
    if scale and any(o.code is None for o in scale.options):
        problems.append(f"{path}.scale: every option of {scale.id!r} needs a code, as it sets the situation")
    return problems


def _coverage_in_every_situation(rubric: Rubric, codes: dict[str, set[str]]) -> list[str]:
    """Each motive keeps enough questions whatever the situation; named with the first situation that fails."""
    used = sorted({key for item in rubric.items for key in item.show_if})
    problems = []
    reported: set[str] = set()
    for combination in itertools.product(*(sorted(codes[key]) for key in used)):
        situation = dict(zip(used, combination, strict=True))
        returner = [i for i in applicable_items(rubric, situation) if rubric.kind_of(i) == "returner"]
        for index, motive in enumerate(rubric.motives):
            count = sum(1 for i in returner if i.weights.get(motive.id))
            if count < MIN_ITEMS_PER_MOTIVE_IN_ANY_SITUATION and motive.id not in reported:
                reported.add(motive.id)
                where = ", ".join(f"{k}={v}" for k, v in situation.items())
                problems.append(
                    f"motives[{index}]: {motive.id!r} is measured by {counted(count, 'item')} when {where}; "
                    f"at least {MIN_ITEMS_PER_MOTIVE_IN_ANY_SITUATION} are needed in every situation"
                )
    return problems
