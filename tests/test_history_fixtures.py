"""Histories written by the store before SQLAlchemy open unchanged: every field reads back exactly.

The databases in tests/data were made by tests/data/make_history_fixtures.py with the old store; the
JSON beside them is what that store read back from them.
"""

import hashlib
import json
import shutil

import pytest

from tests.data.make_history_fixtures import EXPECTED, LOCKED, LOCKED_PASSPHRASE, PLAIN, read_back
from threshold.store import Store, StoreLocked

WRITTEN_THEN = json.loads(EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture
def copy_of(tmp_path):
    """A copy of a fixture history, so that migrating it leaves the fixture as it was made."""

    def copy(fixture):
        target = tmp_path / fixture.name
        shutil.copyfile(fixture, target)
        return target

    return copy


def test_the_fixtures_use_every_field():
    imported, first, follow_up = sorted(WRITTEN_THEN["assessments"], key=lambda a: a["taken_at"])
    assert first["notes"] and first["message"] and first["message_speaker"] and first["decision"]
    assert first["reached_out_on"] and first["relationship"] == "partner"
    assert follow_up["replies"] and follow_up["follow_up_of_uid"] == first["uid"]
    assert imported["rubric_version"] == "1.0.0" and imported["rubric_hash"] != first["rubric_hash"]
    assert {d["message"] for d in WRITTEN_THEN["drafts"].values()} == {"", "hi, long time"}


def test_a_history_without_a_lock_opens_migrated_with_every_field_as_it_was(copy_of):
    path = copy_of(PLAIN)
    assert read_back(Store(path)) == WRITTEN_THEN
    assert read_back(Store(path)) == WRITTEN_THEN  # and again, once migrated
    assert Store(path).integrity_check() == "ok"


def test_a_locked_history_opens_with_its_passphrase_with_every_field_as_it_was(copy_of):
    path = copy_of(LOCKED)
    locked = Store(path)
    assert locked.has_lock
    with pytest.raises(StoreLocked):
        locked.assessments()
    key = locked.key_for(LOCKED_PASSPHRASE)
    assert read_back(Store(path, key=key)) == WRITTEN_THEN
    assert read_back(Store(path, key=key)) == WRITTEN_THEN


@pytest.mark.parametrize("fixture", [PLAIN, LOCKED])
def test_each_stored_rubric_is_the_text_its_hash_names(copy_of, fixture):
    path = copy_of(fixture)
    store = Store(path)
    for assessment in WRITTEN_THEN["assessments"]:
        text = store.stored_rubric(assessment["rubric_hash"]).text
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == assessment["rubric_hash"]
