"""What the facilitator sees: who joined and finished, the room's leading motives, its average
profile against the scenario's intended reading, and the questions it disagreed on most."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from threshold.room.rooms import RoomNotFound, Rooms, room_questions
from threshold.room.schema import participants
from threshold.scoring import score_answers
from threshold.situation import item_text, situation_codes

#: The questions shown as the most disputed, at most.
DISPUTED_SHOWN = 3
#: A question needs this many real answers (not "Not sure") before its spread means anything.
DISPUTED_MIN_ANSWERS = 2


@dataclass(frozen=True)
class Disputed:
    item_id: str
    text: str
    #: Standard deviation of the answers placed from 0 (first option) to 1 (last): 0.5 is a room split in two.
    spread: float
    #: How many chose each option, by label, in the scale's order.
    counts: dict[str, int]


@dataclass(frozen=True)
class RoomResults:
    code: str
    scenario_id: str
    expires_at: float
    participants: int
    finished: int
    #: Motive id to how many finished reflections it leads (a tie counts for each motive in it).
    leading: dict[str, int]
    #: Finished reflections in which no motive leads (nothing answered to go on).
    no_lean: int
    #: Motive id to the room's average score, None while nobody answered anything about it.
    average: dict[str, float | None]
    #: Motive id to the score of the scenario's own complete answer set: the reading it was written for.
    intended: dict[str, float | None]
    intended_motives: list[str]
    disputed: list[Disputed] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def room_results(room: Rooms, code: str) -> RoomResults:
    """The aggregate of one open room, read in one query; RoomNotFound if it is closed."""
    scenario = room.scenario_of(code)
    expires_at = room.expires_at(code)
    columns = (participants.c.finished_at, participants.c.answers, participants.c.scores, participants.c.leading)
    with room.engine.connect() as db:
        rows = db.execute(select(*columns).where(participants.c.room_code == code)).all()
    finished = [r for r in rows if r.finished_at is not None]
    motive_ids = [m.id for m in room.rubric.motives]
    leading = Counter(m for r in finished for m in json.loads(r.leading))
    scores = [json.loads(r.scores) for r in finished]
    average = {}
    for motive in motive_ids:
        values = [s[motive] for s in scores if s.get(motive) is not None]
        average[motive] = round(statistics.fmean(values), 1) if values else None
    intended = score_answers(room.rubric, scenario.answers).motives
    return RoomResults(
        code=code,
        scenario_id=scenario.id,
        expires_at=expires_at,
        participants=len(rows),
        finished=len(finished),
        leading={m: leading[m] for m in motive_ids},
        no_lean=sum(1 for r in finished if not json.loads(r.leading)),
        average=average,
        intended={m: intended[m].score for m in motive_ids},
        intended_motives=list(scenario.expect.motives),
        disputed=_disputed(room, scenario, [json.loads(r.answers) for r in finished]),
    )


def _disputed(room: Rooms, scenario, answer_sets: list[dict]) -> list[Disputed]:
    rubric = room.rubric
    codes = situation_codes(rubric, scenario.answers)
    found = []
    for item_id in room_questions(rubric, scenario):
        item = rubric.item_by_id[item_id]
        scale = rubric.scale_of(item)
        values = [a[item_id] for a in answer_sets if a.get(item_id) is not None]
        if len(values) < DISPUTED_MIN_ANSWERS:
            continue
        low, high = min(scale.values), max(scale.values)
        spread = statistics.pstdev([(v - low) / (high - low) for v in values])
        counted = Counter(values)
        counts = {o.label: counted[o.value] for o in scale.options}
        found.append(Disputed(item_id, item_text(item, codes), round(spread, 3), counts))
    found.sort(key=lambda d: -d.spread)
    return [d for d in found if d.spread > 0][:DISPUTED_SHOWN]


__all__ = ["Disputed", "RoomNotFound", "RoomResults", "room_results"]
