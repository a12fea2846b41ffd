"""How well the reader's cues match hand-labelled messages: measured, printed, and held above floors.

A message is read correctly when one of its labelled motives is among the reader's top two.
Floors sit about 0.05 under what was measured when they were set (see tests/data/messages.yaml
for what each round means); raise them when the cues improve, never lower them to pass.
"""

from collections import defaultdict

import pytest
import yaml

from tests.conftest import DATA
from threshold.reader import read_message
from threshold.rubric import MOTIVE_IDS

#: The round no cue was fitted to: real messages, each with the address of the post it comes from.
HELD_OUT = 4
MESSAGES = yaml.safe_load((DATA / "messages.yaml").read_text(encoding="utf-8"))["messages"]
#: The rounds the cues were written or widened with in view (1 to 3), measured apart from the held-out one.
FITTED = [m for m in MESSAGES if m.get("round", 1) != HELD_OUT]
LABELLED = [m for m in FITTED if m["motives"]]
QUIET = [m for m in MESSAGES if not m["motives"]]
HELD_OUT_LABELLED = [m for m in MESSAGES if m.get("round") == HELD_OUT and m["motives"]]

#: Measured 106/107 = 0.991 over rounds 1 to 3 (exact phrases alone: 94/107; see the README).
ACCURACY_FLOOR = 0.95
#: Measured 19/20 = 0.95 on round 3, since its misses guided the phrase families (exact phrases: 7/20).
UNSEEN_ACCURACY_FLOOR = 0.90
#: Measured 106/106 = 1.0: when the reader names motives at all, a labelled one is among its top two.
ACCURACY_WHEN_IT_SPEAKS_FLOOR = 0.95
#: Per motive, the share of messages labelled with it that have it in the top two (rounds 1 to 3).
#: Measured: familiarity 0.90, curiosity 0.90, guilt_closure 0.95, control 0.95, nostalgia 0.95, growth 1.0.
RECALL_FLOORS = {
    "familiarity": 0.85,
    "curiosity": 0.85,
    "guilt_closure": 0.90,
    "control": 0.90,
    "nostalgia": 0.90,
    "growth": 0.95,
}
#: A message whose wording hints at nothing should not read as a strong signal.
QUIET_CEILING = 0.5
#: Held-out round 4: top two 27/40 = 0.675, names something 33/40 = 0.825 (when it was frozen, with
#: exact phrases only: 26/40 and 32/40).
HELD_OUT_TOP_TWO_FLOOR = 0.62
HELD_OUT_NAMES_SOMETHING_FLOOR = 0.77


@pytest.fixture(scope="module")
def readings(rubric):
    return {m["id"]: read_message(rubric, m["text"]) for m in MESSAGES}


def top_two_hits(messages, readings) -> list[bool]:
    return [bool(set(m["motives"]) & set(readings[m["id"]].top[:2])) for m in messages]


def share(hits: list[bool]) -> float:
    return sum(hits) / len(hits)


def test_the_labelled_set_is_large_varied_and_well_formed():
    assert len(MESSAGES) >= 40 and len({m["id"] for m in MESSAGES}) == len(MESSAGES)
    for message in MESSAGES:
        assert set(message) <= {"id", "motives", "why", "text", "round", "source"}, message["id"]
        assert message.get("source", "").startswith("http") == (message.get("round") == HELD_OUT), message["id"]
        assert message["why"] and message["text"] and set(message["motives"]) <= set(MOTIVE_IDS)
    for motive in MOTIVE_IDS:
        assert sum(motive in m["motives"] for m in LABELLED) >= 5, motive
    assert any("] " in m["text"] and ":" in m["text"] for m in MESSAGES), "some pasted chat threads"


def test_reader_accuracy_and_recall_stay_above_their_floors(readings, capsys):
    hits = top_two_hits(LABELLED, readings)
    unseen = [m for m in LABELLED if m.get("round", 1) == 3]
    spoke = [m for m in LABELLED if readings[m["id"]].top]
    recall: dict[str, list[bool]] = defaultdict(list)
    for message in LABELLED:
        for motive in message["motives"]:
            recall[motive].append(motive in readings[message["id"]].top[:2])
    figures = {
        "accuracy (top two)": (share(hits), ACCURACY_FLOOR, len(hits)),
        "accuracy on unseen (round 3)": (share(top_two_hits(unseen, readings)), UNSEEN_ACCURACY_FLOOR, len(unseen)),
        "accuracy when it names a motive": (
            share(top_two_hits(spoke, readings)),
            ACCURACY_WHEN_IT_SPEAKS_FLOOR,
            len(spoke),
        ),
        **{f"recall {m}": (share(recall[m]), RECALL_FLOORS[m], len(recall[m])) for m in MOTIVE_IDS},
    }
    table = "\n".join(
        f"  {name:34} {value:.3f} (floor {floor:.2f}, n={n})" for name, (value, floor, n) in figures.items()
    )
    with capsys.disabled():
        print(f"\nmessage reader on tests/data/messages.yaml:\n{table}")
    below = [name for name, (value, floor, _) in figures.items() if value < floor]
    assert not below, f"below the floor: {below}\n{table}"


@pytest.mark.parametrize("message", QUIET, ids=lambda m: m["id"])
def test_a_message_that_hints_at_nothing_stays_quiet(readings, message):
    assert max(readings[message["id"]].signals.values()) < QUIET_CEILING


def test_the_held_out_round_is_read_as_well_as_its_floors(readings, capsys):
    hits = top_two_hits(HELD_OUT_LABELLED, readings)
    named = [bool(readings[m["id"]].top) for m in HELD_OUT_LABELLED]
    with capsys.disabled():
        print(
            f"\nheld-out round {HELD_OUT} (real messages, n={len(hits)} labelled): "
            f"top two {sum(hits)}/{len(hits)} = {share(hits):.3f}, "
            f"names something {sum(named)}/{len(named)} = {share(named):.3f}"
        )
    assert share(hits) >= HELD_OUT_TOP_TWO_FLOOR
    assert share(named) >= HELD_OUT_NAMES_SOMETHING_FLOOR
