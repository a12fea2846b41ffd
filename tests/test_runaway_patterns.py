"""Cue patterns that make a backtracking engine run for minutes end at once on every path a rubric takes.

A rubric reaches the reader from a file (`check-rubric`, `read-message --rubric`) and inside an
export, which embeds the rubric each assessment was scored with. Each pattern below takes Python's
`re` from seconds to hours on a line of the 5,000-line chat built here. Through RE2 each is either
refused by name or matched in linear time (finding nothing). The timeout's thread method ends the
whole run if a match hangs in C, where a signal could not interrupt it; no speed is asserted.
"""

import json

import pytest

from tests.conftest import MINI_RUBRIC_PATH
from tests.test_transfer import with_rubric_text
from threshold.cli import main
from threshold.cue_engine import CuePattern, CuePatternError
from threshold.store import Store
from threshold.transfer import TransferError, import_bytes

#: Catastrophic for a backtracking engine; RE2 matches each in time linear in the text.
BOUNDED = [
    r"(?:(?:\w+\s?))+!",
    r"((ab)*)*c",
    r"(\d|\d)*x",
    r"(a+)+b",
    r"(a|a)*b",
    r"(a|aa)+c",
    r"(a*)*b",
    r"(x+x+)+y",
    r"(\w+\s?)*\$",
    r"(.*a){20}z",
    r"(.*,){11}p",
    r"(a|b|ab)*c",
    r"(\s*\w*)*!",
    r"([a-z]+)*=",
    r"(\d+)*\.\d+e",
]
#: What RE2 cannot bound or does not have: each is refused by name.
REFUSED = {
    r"(a+)\1*b": "backreferences",
    r"(?=(a+))a*b": "lookahead and lookbehind",
    r"(?<!x)(a+)+b": "lookahead and lookbehind",
    r"(x{100}){100}": "bad pattern",
    r"(((a{0,9}){0,9}){0,9}){0,9}": "bad pattern",
    r"\w{900}": "the pattern is too large",
}
#: Lines that drive each pattern above into catastrophic backtracking in Python's `re`.
HOSTILE_LINES = [
    "a" * 48,
    "ab" * 24,
    "1" * 48,
    "x" * 48,
    "hello there how are you doing today my old friend " * 2,
    "a," * 30,
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!x",
    "1" * 40 + ".123",
]


@pytest.fixture(scope="module")
def hostile_chat() -> str:
    return "\n".join(
        f"[01/02/2027, {i // 60 % 24:02d}:{i % 60:02d}] Sam: {HOSTILE_LINES[i % len(HOSTILE_LINES)]}"
        for i in range(5000)
    )


def rubric_with(pattern: str) -> str:
    """The mini rubric with one more cue holding `pattern`."""
    cue = json.dumps({"id": "runaway", "motive": "control", "patterns": [pattern], "weight": 1.0, "explanation": "X."})
    return MINI_RUBRIC_PATH.read_text(encoding="utf-8").rstrip("\n") + f"\n  - {cue}\n"


@pytest.mark.timeout(5, method="thread")
@pytest.mark.parametrize("pattern", BOUNDED)
def test_a_runaway_pattern_is_accepted_and_read_in_linear_time(tmp_path, capsys, hostile_chat, pattern):
    rubric_path, chat_path = tmp_path / "rubric.yaml", tmp_path / "chat.txt"
    rubric_path.write_text(rubric_with(pattern), encoding="utf-8")
    chat_path.write_text(hostile_chat, encoding="utf-8")

    assert main(["check-rubric", str(rubric_path)]) == 0
    assert capsys.readouterr().out.startswith("ok:")
    assert main(["read-message", str(chat_path), "--rubric", str(rubric_path)]) == 0
    reading = json.loads(capsys.readouterr().out)
    assert all(m["text"] == hostile_chat[m["start"] : m["end"]] for m in reading["matches"])
    assert import_bytes(Store(tmp_path / "db.sqlite3"), with_rubric_text(rubric_with(pattern))).added == 2


@pytest.mark.timeout(5, method="thread")
@pytest.mark.parametrize(("pattern", "reason"), REFUSED.items(), ids=list(REFUSED))
def test_a_pattern_the_engine_cannot_bound_is_refused_everywhere(tmp_path, capsys, pattern, reason):
    rubric_path, chat_path = tmp_path / "rubric.yaml", tmp_path / "chat.txt"
    rubric_path.write_text(rubric_with(pattern), encoding="utf-8")
    chat_path.write_text("a" * 48 + "\n", encoding="utf-8")

    assert main(["check-rubric", str(rubric_path)]) == 1
    assert f"cues[4].patterns[0]: {reason}" in capsys.readouterr().err
    assert main(["read-message", str(chat_path), "--rubric", str(rubric_path)]) == 1
    assert f"cues[4].patterns[0]: {reason}" in capsys.readouterr().err
    store = Store(tmp_path / "db.sqlite3")
    with pytest.raises(TransferError, match=rf"not a usable rubric \(cues\[4\]\.patterns\[0\]: {reason}"):
        import_bytes(store, with_rubric_text(rubric_with(pattern)))
    assert store.count() == 0


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        ("miss you", "i miss you so", ["miss you"]),
        ("miss you", "miss yourself", []),
        ("miss you", "dismiss you", []),
        ("(feel|feels) safe", "it feels safe", ["feels safe"]),  # the first alternative fails on the edge
        ("lonely", "lonely lonely, lonely", ["lonely", "lonely", "lonely"]),  # neighbours share an edge
        ("things with \\w+ ended", "things with zoë ended", ["things with zoë ended"]),  # \w is any script
        ("(?<![^\\n])\\?\\?+(?![^\\n])", "hi\n???\nok??", ["???"]),  # an older rubric's line idiom
        ("^\\?\\?+$", "hi\n???\nok??", ["???"]),
        ("REMEMBER when", "remember when", ["remember when"]),
    ],
)
def test_a_pattern_matches_whole_words_as_the_rubric_describes(pattern, text, found):
    data = text.encode("utf-8")
    assert [data[s:e].decode() for s, e in CuePattern(pattern).spans(data)] == found


def test_the_engine_refuses_rather_than_guessing():
    with pytest.raises(CuePatternError, match="not needed"):
        CuePattern("\\bmiss")
