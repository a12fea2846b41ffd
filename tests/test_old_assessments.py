"""Assessments scored before the situation step and the prior open exactly as they were scored."""

import json

from components import state
from components.navigation import SAVED
from tests.apptest import open_app, texts
from tests.conftest import DATA
from threshold.rubric import parse_rubric
from threshold.scoring import Profile, score_answers
from threshold.store import Store

OLD = DATA / "rubric_1_0_0"
OLD_RUBRIC = parse_rubric((OLD / "rubric.yaml").read_text(encoding="utf-8"))
SCORED = json.loads((OLD / "scored.json").read_text(encoding="utf-8"))


def test_todays_code_scores_a_version_1_rubric_exactly_as_version_1_did():
    today = score_answers(OLD_RUBRIC, SCORED["answers"])
    assert today.model_dump(mode="json", exclude_unset=True) == {
        **SCORED["profile"],
        "safety_unsure": [],
        "situation": {},
    }
    assert Profile.model_validate(SCORED["profile"]).model_dump(mode="json", exclude_unset=True) == SCORED["profile"]


def test_a_saved_version_1_assessment_opens_with_its_own_rubric_and_scores():
    store = Store.default()
    assessment_id = store.save_assessment(OLD_RUBRIC, SCORED["answers"], name="Sam", relationship="partner")
    stored = store.get(assessment_id)
    assert stored.rubric_hash == OLD_RUBRIC.content_hash
    assert stored.profile.model_dump(mode="json", exclude={"safety_unsure", "situation"}) == SCORED["profile"]
    at = open_app()
    at.session_state[state.VIEWING.name] = assessment_id
    at.switch_page(SAVED).run()
    assert not at.exception
    body = " ".join(texts(at)) + " ".join(e.label for e in at.expander)
    top = SCORED["profile"]["dominant"][0]
    assert f"{OLD_RUBRIC.motive_by_id[top].label}: {SCORED['profile']['motives'][top]['score']:.0f} of 100" in body
    assert "Rubric version 1.0.0" in body or "1.0.0" in body
