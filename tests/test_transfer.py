"""Export and import: a faithful round trip, CSV that spreadsheets cannot run, and refused files that change nothing."""

import copy
import csv
import hashlib
import io
import json
import stat
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from tests.databases import snapshot
from threshold.rubric import parse_rubric
from threshold.store import MAX_NOTES_CHARS, RELATIONSHIPS, AssessmentNotFound, Store
from threshold.transfer import (
    CSV_COLUMNS,
    MAX_IMPORT_BYTES,
    TransferError,
    export_csv,
    export_data,
    export_json,
    import_bytes,
    import_file,
    write_export,
)

IMPORTS = DATA / "imports"
VALID = (IMPORTS / "valid_v1.json").read_bytes()
VALID_DATA = json.loads(VALID)
HASH = next(iter(VALID_DATA["rubrics"]))
SAMPLE = {"a1": 4, "a2": 1, "b1": None}


@pytest.fixture
def db_path(database):
    """A new database on each engine: a SQLite file, or a PostgreSQL database."""
    return database


@pytest.fixture
def store(db_path):
    return Store(db_path)


def comparable(store):
    """Everything stored about every assessment, keyed by uid."""
    return {a.uid: a for a in store.assessments()}


# The export file of version 1


def test_a_version_1_export_imports_with_html_and_formulas_kept_verbatim(store):
    assert import_bytes(store, VALID).added == 2
    alex, script = store.assessments()
    assert (alex.name, alex.relationship, alex.notes) == ("Alex", "partner", "Texted at 2am.\nSecond line.")
    assert script.name == "<script>alert('x')</script>"
    assert script.notes == '=HYPERLINK("http://example.invalid") <b>bold</b>'
    assert [a.id for a in store.assessments()] == [1, 2]


def test_re_exporting_an_import_gives_back_the_same_assessments_and_rubrics(store):
    import_bytes(store, VALID)
    again = export_data(store)
    assert again["assessments"] == VALID_DATA["assessments"]
    assert again["rubrics"] == VALID_DATA["rubrics"]
    assert {k: again[k] for k in ("format", "format_version")} == {"format": "threshold-export", "format_version": 2}


def test_importing_the_same_file_twice_adds_nothing_the_second_time(store):
    first = import_bytes(store, VALID)
    before = comparable(store)
    second = import_bytes(store, VALID)
    assert (first.added, first.skipped, second.added, second.skipped) == (2, 0, 0, 2)
    assert comparable(store) == before


def test_an_imported_id_already_taken_here_gets_a_new_one(store, mini_rubric):
    mine = store.save_assessment(mini_rubric, SAMPLE, name="Mine")
    import_bytes(store, VALID)
    assert {a.name: a.id for a in store.assessments()} == {"Mine": mine, "Alex": 2, "<script>alert('x')</script>": 3}


# Round trip, as a property

names = st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=30).filter(str.strip)
notes = st.text(st.characters(exclude_categories=("Cs",)), max_size=200) | st.sampled_from(
    ["", "<script>alert(1)</script>", "=1+1", "x" * MAX_NOTES_CHARS]
)
zones = st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))])


def answers_for(rubric):
    options = {i.id: st.sampled_from([*rubric.scale_of(i).values, None]) for i in rubric.items}
    return st.fixed_dictionaries({}, optional=options)


@st.composite
def saves(draw, rubrics):
    rubric = draw(st.sampled_from(rubrics))
    return (
        rubric,
        draw(answers_for(rubric)),
        {
            "name": draw(names),
            "relationship": draw(st.sampled_from(RELATIONSHIPS)),
            "reached_out_on": draw(st.none() | st.dates(max_value=date.today())),  # a later day is refused
            "notes": draw(notes),
            "taken_at": draw(st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=zones)),
        },
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_export_then_import_into_an_empty_data_dir_reproduces_every_assessment(mini_rubric, data):
    second = parse_rubric(mini_rubric.text.replace('version: "test-1"', 'version: "test-2"'))
    to_save = data.draw(st.lists(saves([mini_rubric, second]), max_size=6))
    with tempfile.TemporaryDirectory() as folder:
        source, target = Store(Path(folder) / "a.sqlite3"), Store(Path(folder) / "b.sqlite3")
        for rubric, answers, fields in to_save:
            source.save_assessment(rubric, answers, **fields)
        result = import_bytes(target, export_json(source).encode())
        assert (result.added, result.skipped) == (len(to_save), 0)
        assert target.assessments() == source.assessments()
        assert [target.rubric_for(a) for a in target.assessments()] == [
            source.rubric_for(a) for a in source.assessments()
        ]


# Refused files


def edited(*path_and_value, drop=None):
    """The valid export with one value set (or `drop` removed) at a path of keys and indexes."""
    data = copy.deepcopy(VALID_DATA)
    if drop:
        *parents, last = drop
    else:
        *parents, last, value = path_and_value
    target = data
    for key in parents:
        target = target[key]
    if drop:
        del target[last]
    else:
        target[last] = value
    return json.dumps(data).encode()


def with_rubric_text(text):
    """The valid export moved onto another rubric text, with every hash made to match."""
    new_hash = hashlib.sha256(text.encode()).hexdigest()
    data = copy.deepcopy(VALID_DATA)
    data["rubrics"] = {new_hash: {"version": "test-1", "text": text}}
    for a in data["assessments"]:
        a["rubric_hash"] = a["profile"]["rubric_hash"] = new_hash
    return json.dumps(data).encode()


FIRST = ("assessments", 0)
SECOND = VALID_DATA["assessments"][1]
BAD_FILES = {
    # Not JSON at all.
    "empty": (b"", "not valid JSON"),
    "text": (b"hello, world", "not valid JSON"),
    "truncated": ((IMPORTS / "truncated.json").read_bytes(), "not valid JSON (truncated or corrupted?)"),
    "not utf-8": (b"\xff\xfe" + VALID[2:], "not UTF-8 text"),
    "binary garbage": (bytes(range(256)) * 4, "not UTF-8 text"),
    "nested too deeply": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "NaN": (VALID.replace(b'"score": 70.8', b'"score": NaN', 1), "NaN is not a number JSON allows"),
    "repeated key": (b'{"format": "threshold-export", "format": "x"}', "the key 'format' appears twice"),
    # From somewhere else, or from later.
    "another program": ((IMPORTS / "other_program.json").read_bytes(), "not a Threshold export"),
    "a list": (b"[1, 2, 3]", "not a Threshold export"),
    "another format": (edited("format", "threshold-backup"), "not a Threshold export"),
    "newer version": (edited("format_version", 3), "format_version 3 was written by a newer Threshold"),
    # Wrong types.
    "version as text": (edited("format_version", "1"), 'format_version: must be a whole number such as 2, not "1"'),
    "version as true": (edited("format_version", True), "format_version: must be a whole number such as 2, not true"),
    "version as 1.0": (edited("format_version", 1.0), "format_version: must be a whole number such as 2, not 1.0"),
    "version as null": (edited("format_version", None), "format_version: must be a whole number such as 2, not null"),
    "name as number": (edited(*FIRST, "name", 5), "assessments[0].name: Input should be a valid string"),
    "answer as text": (edited(*FIRST, "answers", "a1", "4"), "assessments[0].answers.a1: Input should be a valid int"),
    "time as number": (edited(*FIRST, "taken_at", 1700000000), "assessments[0].taken_at: Input should be a valid"),
    "time without zone": (edited(*FIRST, "taken_at", "2025-01-01T10:00:00"), "taken_at: Input should have timezone"),
    "unknown relationship": (edited(*FIRST, "relationship", "enemy"), "assessments[0].relationship: Input should be"),
    "id as text": (edited(*FIRST, "id", "1"), "assessments[0].id: Input should be a valid integer"),
    "id too large": (edited(*FIRST, "id", 2**70), "assessments[0].id: Input should be less than or equal"),
    "assessments not a list": (edited("assessments", {}), "assessments: Input should be a valid array"),
    "score as text": (
        edited(*FIRST, "profile", "motives", "control", "score", "high"),
        "assessments[0].profile.motives.control.score: Input should be a valid number",
    ),
    "missing field": (edited(drop=(*FIRST, "notes")), "assessments[0].notes: Field required"),
    # Past the limits.
    "enormous name": (edited(*FIRST, "name", "x" * 100_000), "assessments[0].name: String should have at most 200"),
    "enormous notes": (edited(*FIRST, "notes", "x" * 100_000), "notes: String should have at most 20000 characters"),
    "enormous rubric": (
        edited("rubrics", HASH, "text", "x" * 1_000_001),
        f"rubrics.{HASH[:12]}.text: 1,000,001 characters, over the limit of 1,000,000",
    ),
    "too many rubrics": (
        edited("rubrics", {f"{n:064x}": {"version": "v", "text": "version: v"} for n in range(21)}),
        "rubrics: 21 rubrics, over the limit of 20 in one file",
    ),
    "too much rubric text": (
        edited("rubrics", {f"{n:064x}": {"version": "v", "text": "#" * 700_000} for n in range(3)}),
        "rubrics: 2,100,000 characters of rubric text, over the limit of 2,000,000 in one file",
    ),
    "empty name": (edited(*FIRST, "name", "   "), "assessments[0].name: give a name"),
    "name with a line break": (edited(*FIRST, "name", "Al\nex"), "assessments[0].name: control characters"),
    "lone surrogate": (
        VALID.replace(b'"Alex"', b'"\\ud800"', 1),
        "assessments[0].name: holds half of a character (a lone \\ud800-\\udfff escape)",
    ),
    "lone low surrogate in a key": (
        VALID.replace(b'"a1":', b'"a\\udc001":', 1),
        "assessments[0].answers: a key: holds half of a character",
    ),
    # Unknown fields anywhere.
    "unknown top-level field": (edited("extra", 1), "extra: Extra inputs are not permitted"),
    "unknown assessment field": (edited(*FIRST, "colour", "red"), "assessments[0].colour: Extra inputs"),
    "unknown rubric field": (edited("rubrics", HASH, "author", "me"), "author: Extra inputs are not permitted"),
    "unknown profile field": (
        edited(*FIRST, "profile", "motives", "control", "secret", 1),
        "assessments[0].profile: has fields a Threshold profile does not have",
    ),
    # Content that does not hold together.
    "rubric changed after export": (
        edited("rubrics", HASH, "text", VALID_DATA["rubrics"][HASH]["text"] + "# edited\n"),
        "text: does not match its hash",
    ),
    "rubric that is not a rubric": (with_rubric_text("version: test-1\n"), "text: not a usable rubric"),
    "rubric with a list as a key": (
        with_rubric_text("? [a, b]\n: 1\n"),
        "text: not a usable rubric ((yaml) line 1, column 3: a key must be a plain word or number",
    ),
    "rubric nested 100,000 deep": (
        with_rubric_text("a: " + "[" * 100_000 + "]" * 100_000),
        "text: not a usable rubric ((yaml) line 1, column 53: nested more than 50 levels deep)",
    ),
    "rubric with an infinite weight": (
        with_rubric_text((DATA / "mini_rubric.yaml").read_text().replace("familiarity: 2,", "familiarity: .inf,", 1)),
        "text: not a usable rubric (items[0].weights.familiarity: Input should be a finite number)",
    ),
    "rubric version mismatch": (edited("rubrics", HASH, "version", "test-9"), "version: 'test-9' but the text says"),
    "rubric missing": (edited(*FIRST, "rubric_hash", "0" * 64), "rubric_hash: no usable rubric with this hash"),
    "unknown item": (edited(*FIRST, "answers", "zz", 1), "assessments[0].answers.zz: unknown item id"),
    "answer off the scale": (edited(*FIRST, "answers", "a1", 9), "assessments[0].answers.a1: answer 9 is not one of"),
    "profile of another rubric": (edited(*FIRST, "profile", "rubric_hash", "f" * 64), "was not scored with the rubric"),
    "profile missing a motive": (
        edited(drop=(*FIRST, "profile", "motives", "growth")),
        "profile.motives: expected exactly",
    ),
    "uid twice": (edited(*FIRST, "uid", SECOND["uid"]), f"uid {SECOND['uid']} appears 2 times"),
    "id twice": (edited(*FIRST, "id", SECOND["id"]), "id 2 appears 2 times"),
}


@pytest.mark.parametrize(("content", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_by_name_and_the_database_is_untouched(tmp_path, db_path, mini_rubric, content, message):
    Store(db_path).save_assessment(mini_rubric, SAMPLE, name="Already here")
    before = snapshot(db_path)
    path = tmp_path / "incoming.json"
    path.write_bytes(content)
    with pytest.raises(TransferError) as refused:
        import_file(Store(db_path), path)
    assert str(refused.value).startswith(f"{path} cannot be imported")
    assert message in str(refused.value)
    assert snapshot(db_path) == before
    assert [a.name for a in Store(db_path).assessments()] == ["Already here"]


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, db_path, store):
    path = tmp_path / "huge.json"
    with path.open("wb") as file:
        file.truncate(MAX_IMPORT_BYTES + 1)
    before = snapshot(db_path)
    with pytest.raises(TransferError, match="over the import limit of 20 MB"):
        import_file(store, path)
    with pytest.raises(TransferError, match="over the import limit of 20 MB"):
        import_bytes(store, b" " * (MAX_IMPORT_BYTES + 1))
    assert snapshot(db_path) == before


def test_a_missing_file_is_named(tmp_path, store):
    with pytest.raises(TransferError, match=r"cannot read .*absent\.json: No such file"):
        import_file(store, tmp_path / "absent.json")


def test_a_uid_already_here_with_other_content_refuses_the_whole_file(db_path, store):
    import_bytes(store, VALID)
    store.rename(1, "Alexander")
    before = snapshot(db_path)
    changed = edited(*FIRST, "notes", "edited elsewhere")
    with pytest.raises(TransferError, match=r"\(.Alex.\) is already here with different content"):
        import_bytes(store, changed)
    assert snapshot(db_path) == before and store.count() == 2


def test_a_rubric_with_images_or_links_in_its_texts_is_refused_by_path(db_path, store):
    store.save_assessment(parse_rubric(VALID_DATA["rubrics"][HASH]["text"]), SAMPLE, name="Already here")
    before = snapshot(db_path)
    image = "![seen](http://127.0.0.9/pixel.png)"
    text = (
        VALID_DATA["rubrics"][HASH]["text"]
        .replace('version: "test-1"', f'version: "test-1 {image}"')
        .replace("label: Control", f'label: "Control {image}"')
    )
    crafted = json.loads(with_rubric_text(text))
    (exported,) = crafted["rubrics"].values()
    exported["version"] = f"test-1 {image}"
    for a in crafted["assessments"]:
        a["profile"]["rubric_version"] = exported["version"]
    with pytest.raises(TransferError) as refused:
        import_bytes(store, json.dumps(crafted).encode())
    message = str(refused.value)
    for path in ("version", "motives[3].label"):
        assert f"not a usable rubric ({path}: HTML, links and images are not allowed in rubric text)" in message
    assert snapshot(db_path) == before and [a.name for a in store.assessments()] == ["Already here"]


def test_a_profile_that_its_answers_do_not_give_is_refused(db_path, store):
    import_bytes(store, edited("assessments", [VALID_DATA["assessments"][1]]))
    before = snapshot(db_path)
    score = VALID_DATA["assessments"][0]["profile"]["motives"]["control"]["score"]
    fabricated = edited(*FIRST, "profile", "motives", "control", "score", 100.0 if score != 100.0 else 0.0)
    with pytest.raises(TransferError) as refused:
        import_bytes(store, fabricated)
    uid = VALID_DATA["assessments"][0]["uid"]
    assert "assessments[0].profile: is not what its answers score under its rubric" in str(refused.value)
    assert f"assessment {uid}" in str(refused.value)
    assert snapshot(db_path) == before and store.count() == 1


@pytest.mark.parametrize(
    "where, value",
    [
        (("motives", "control", "band"), "nowhere"),
        (("motives", "control", "confidence"), 0.123),
        (("motives", "control", "contributions", 0, "points"), 99.99),
        (("motives", "control", "contributions", 0, "answer"), 99),
        (("dominant",), []),
        (("situation",), {"relationship": "family"}),
    ],
    ids=lambda v: ".".join(map(str, v)) if isinstance(v, tuple) else None,
)
def test_a_profile_changed_anywhere_its_answers_decide_is_refused(store, where, value):
    inner = VALID_DATA["assessments"][0]["profile"]
    for key in where:
        inner = inner[key] if key in range(len(inner)) or key in inner else None
    assert inner != value  # an edit, not the value already there
    with pytest.raises(TransferError, match="is not what its answers score"):
        import_bytes(store, edited(*FIRST, "profile", *where, value))
    assert store.count() == 0


def test_a_long_list_of_problems_is_cut_short(store):
    data = copy.deepcopy(VALID_DATA)
    data["assessments"] = [{**data["assessments"][0], "name": i, "id": i + 1} for i in range(30)]
    with pytest.raises(TransferError) as refused:
        import_bytes(store, json.dumps(data).encode())
    message = str(refused.value)
    assert message.count("\n  - ") == 10 and "... and 20 more" in message


# Writing exports


def test_export_of_chosen_ids_holds_only_those_and_their_rubric(store, mini_rubric):
    ids = [store.save_assessment(mini_rubric, SAMPLE, name=n) for n in ("A", "B", "C")]
    data = export_data(store, [ids[2], ids[0]])
    assert [a["name"] for a in data["assessments"]] == ["C", "A"]
    assert list(data["rubrics"]) == [mini_rubric.content_hash]
    with pytest.raises(AssessmentNotFound):
        export_data(store, [99])


def test_csv_has_one_row_per_assessment_and_one_column_per_motive(store):
    import_bytes(store, VALID)
    rows = list(csv.DictReader(io.StringIO(export_csv(store))))
    assert list(rows[0]) == CSV_COLUMNS
    assert CSV_COLUMNS[-1] == "notes" and "score_guilt_closure" in CSV_COLUMNS
    alex = rows[0]
    assessment = store.get(1)
    assert (alex["id"], alex["name"], alex["reached_out_on"]) == ("1", "Alex", "2025-03-14")
    assert alex["dominant"] == ",".join(assessment.profile.dominant)
    assert float(alex["score_control"]) == assessment.profile.motives["control"].score
    assert rows[1]["reached_out_on"] == ""


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_cells_cannot_run_as_spreadsheet_formulas(store, mini_rubric, text):
    store.save_assessment(mini_rubric, SAMPLE, name=text.strip() or "x", notes=text)
    (row,) = csv.DictReader(io.StringIO(export_csv(store), newline=""))
    assert row["notes"] == "'" + text
    assert row["name"].startswith("'") or not row["name"].startswith(("=", "+", "-", "@"))


def test_written_exports_are_readable_by_their_owner_only(tmp_path, store):
    import_bytes(store, VALID)
    for fmt in ("json", "csv"):
        path = tmp_path / f"out.{fmt}"
        assert write_export(store, path, fmt=fmt) == 2
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads((tmp_path / "out.json").read_text())["assessments"] == VALID_DATA["assessments"]


def test_too_much_rubric_text_is_refused_before_any_rubric_is_read(monkeypatch, store):
    """Several megabyte-sized rubrics used to be parsed one by one, for minutes, before the refusal."""

    def no_parsing(*args, **kwargs):
        raise AssertionError("a rubric was parsed")

    monkeypatch.setattr("threshold.transfer.parse_rubric", no_parsing)
    monkeypatch.setattr("threshold.transfer.ExportFile.model_validate_json", no_parsing)
    texts = [f"version: v{n}\n" + "items:\n" + "  - {id: x, text: y}\n" * 40_000 for n in range(4)]
    rubrics = {hashlib.sha256(t.encode()).hexdigest(): {"version": f"v{n}", "text": t} for n, t in enumerate(texts)}
    with pytest.raises(TransferError, match="characters of rubric text, over the limit of 2,000,000"):
        import_bytes(store, edited("rubrics", rubrics))
    assert store.count() == 0
