"""Write the fixture histories that `tests/test_history_fixtures.py` opens: databases made by the store as
it was before SQLAlchemy (commit 4607e31, `threshold/store.py` on plain `sqlite3`), and what that code
read back from them.

    .venv/bin/python tests/data/make_history_fixtures.py

It writes, next to itself:

- `history_before_sqlalchemy.sqlite`: no lock;
- `history_before_sqlalchemy_locked.sqlite`: the same history under the passphrase `LOCKED_PASSPHRASE`;
- `history_before_sqlalchemy.json`: every field of every assessment and draft, as that code read them.

Each holds three assessments that between them use every field (name, notes, relationship, the day
they reached out, their message and its speaker, the options page's record, a follow-up with its
replies and link, an assessment imported from an export that was scored with an older rubric) and
two drafts. Run it again only with the old store: the point of these files is that they were not
written by today's code.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from threshold import DEFAULT_RUBRIC_PATH, crypto  # noqa: E402
from threshold.decision import DecisionRecord, NextStep, OwnPoint, Reply  # noqa: E402
from threshold.rubric import load_rubric  # noqa: E402

PLAIN = HERE / "history_before_sqlalchemy.sqlite"
LOCKED = HERE / "history_before_sqlalchemy_locked.sqlite"
EXPECTED = HERE / "history_before_sqlalchemy.json"
LOCKED_PASSPHRASE = "fixture lock phrase"
#: Cheap, so the test opens the lock quickly; the record keeps the cost it was made with.
FIXTURE_SCRYPT_N = 2**12

DECISION = DecisionRecord(
    ratings={"peace": 3, "connection": 2, "safety": 1},
    own_points=[OwnPoint(text="My *kids* <b>", importance=3)],
    leaning="talking_in_writing",
    sureness=1,
    check_before={"sure": False, "understand": True},
    check_after={"sure": True},
    next_step=NextStep(what="Write back on Sunday", when="Sunday", support="Sam"),
)
CHAT = "Jo: hey, it's me\nMe: why now?\nJo: I miss the lake"


def write_history(store_module, path: Path, old_rubric) -> None:
    from threshold.transfer import export_json, import_bytes

    rubric = load_rubric(DEFAULT_RUBRIC_PATH)
    answers = {item.id: max(rubric.scale_of(item).values) for item in rubric.items[:12]}
    answers[rubric.items[12].id] = None
    store = store_module.Store(path)
    first = store.save_assessment(
        rubric,
        answers,
        name="Jo Zoë ☂",
        relationship="partner",
        reached_out_on=date(2025, 3, 1),
        notes="Line one\nline two, with <b>markup</b> and *stars*",
        taken_at=datetime(2025, 3, 2, 21, 30, 15, 123456, tzinfo=UTC),
        message=CHAT,
        message_speaker="Jo",
        decision=DECISION,
    )
    store.save_assessment(
        rubric,
        {rubric.items[0].id: 1},
        name="Jo Zoë ☂",
        relationship="partner",
        taken_at=datetime(2025, 3, 9, 8, 0, tzinfo=UTC),
        replies=[Reply(question="Why now?", said="I kept thinking of the lake")],
        follow_up_of=first,
    )
    # An assessment scored with rubric 1.0.0 elsewhere, brought in by an import.
    with tempfile.TemporaryDirectory() as elsewhere:
        other = store_module.Store(Path(elsewhere) / "other.sqlite3")
        scored = json.loads((HERE / "rubric_1_0_0" / "scored.json").read_text(encoding="utf-8"))
        other.save_assessment(
            old_rubric,
            scored["answers"],
            name="Robin",
            relationship="friend",
            reached_out_on=date(2024, 11, 30),
            notes="Scored before the situation step",
            taken_at=datetime(2024, 12, 1, 12, 0, tzinfo=UTC),
        )
        import_bytes(store, export_json(other).encode("utf-8"))
    store.save_draft({rubric.items[0].id: 2, rubric.items[1].id: None}, 3)
    store.save_draft({rubric.items[2].id: 0}, 1, key="window-7f3a", message="hi, long time", message_speaker="")


def read_back(store) -> dict:
    """Every field the store gives back, as JSON."""
    assessments = []
    for a in store.assessments():
        assessments.append(
            {
                "id": a.id,
                "uid": a.uid,
                "name": a.name,
                "relationship": a.relationship,
                "reached_out_on": a.reached_out_on.isoformat() if a.reached_out_on else None,
                "taken_at": a.taken_at.isoformat(),
                "answers": a.answers,
                "profile": a.profile.model_dump(mode="json"),
                "notes": a.notes,
                "rubric_hash": a.rubric_hash,
                "rubric_version": a.rubric_version,
                # The text itself is checked against its hash by the test.
                "rubric_stored_version": store.stored_rubric(a.rubric_hash).version,
                "message": a.message,
                "message_speaker": a.message_speaker,
                "decision": a.decision.model_dump(mode="json") if a.decision else None,
                "replies": [r.model_dump() for r in a.replies],
                "follow_up_of_uid": a.follow_up_of_uid,
                "follow_up_of": a.follow_up_of,
            }
        )
    drafts = {
        key: {
            "answers": d.answers,
            "step": d.step,
            "updated_at": d.updated_at.isoformat(),
            "message": d.message,
            "message_speaker": d.message_speaker,
        }
        for key, d in store.drafts().items()
    }
    return {"assessments": assessments, "drafts": drafts}


def close_all(store_module) -> None:
    for open_path in list(store_module._open_files):
        store_module._forget_file(open_path)


def main() -> None:
    from threshold import store as store_module
    from threshold.rubric import parse_rubric

    old_rubric = parse_rubric((HERE / "rubric_1_0_0" / "rubric.yaml").read_text(encoding="utf-8"))
    crypto.SCRYPT_N = FIXTURE_SCRYPT_N
    for path in (PLAIN, LOCKED):
        for stale in path.parent.glob(path.name + "*"):
            stale.unlink()
    write_history(store_module, PLAIN, old_rubric)
    expected = read_back(store_module.Store(PLAIN))
    close_all(store_module)  # folds the write-ahead log in, so each history is one file
    shutil.copyfile(PLAIN, LOCKED)
    key = store_module.Store(LOCKED).set_passphrase(LOCKED_PASSPHRASE)
    assert read_back(store_module.Store(LOCKED, key=key)) == expected
    close_all(store_module)
    for path in (PLAIN, LOCKED):
        assert not Path(f"{path}-wal").exists(), f"{path}-wal was left"
    EXPECTED.write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
