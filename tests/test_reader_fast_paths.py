"""The reader's fast paths against the plain computations they replace, on random text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from threshold.generalise import is_negated, negation_check
from threshold.reader_normalise import _CHARACTER_STARTS, _CHARACTERS, _replace_character
from threshold.reader_offsets import OffsetMap, substitute

#: Pieces that exercise every kind of character the first pass rewrites, and plain text around them.
PIECES = ["I’m", "“so”", "😂", "❤️", "👍🏽", "\u200b", "\u202e", "İ", "<3", "<333", "`", "a", " ", "\n", "no", "not "]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def plain_source_span(offset_map: OffsetMap, start: int, end: int) -> tuple[int, int]:
    """`source_span` by walking every stretch from the first."""
    stretches = list(zip(offset_map.out_starts, offset_map.sources, strict=True))

    def containing(position: int):
        return [(out, source) for out, source in stretches if out <= position][-1]

    (first_out, (first_source, _, first_copied)), (last_out, (last_source, last_end, last_copied)) = (
        containing(start),
        containing(end - 1),
    )
    source_start = first_source + (start - first_out if first_copied else 0)
    source_end = last_source + end - last_out if last_copied else last_end
    return source_start, source_end


@settings(max_examples=200, deadline=None)
@given(texts)
def test_the_first_pass_tried_only_where_its_first_characters_are_is_the_plain_pass(text):
    fast = substitute(text, _CHARACTERS, _replace_character, starts=_CHARACTER_STARTS)
    plain = substitute(text, _CHARACTERS, _replace_character)
    assert fast[0] == plain[0] == _CHARACTERS.sub(_replace_character, text)
    assert (fast[1].out_starts, fast[1].sources) == (plain[1].out_starts, plain[1].sources)


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_spans_carried_back_in_a_batch_are_those_carried_back_one_by_one(text, data):
    rewritten, offset_map = substitute(text, _CHARACTERS, _replace_character)
    if not rewritten:
        return
    spans = data.draw(
        st.lists(
            st.tuples(st.integers(0, len(rewritten) - 1), st.integers(1, len(rewritten)))
            .map(sorted)
            .filter(lambda span: span[0] < span[1])
            .map(tuple),
            max_size=20,
        )
    )
    assert offset_map.source_spans(spans) == [plain_source_span(offset_map, *span) for span in spans]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["no", "not", "never", "nothing", "know", "i", "miss", "you", "can", " ", "  "]), max_size=30
    )
)
def test_negation_looked_for_only_near_a_negation_word_is_the_plain_look_back(words):
    text = " ".join(words)
    negated = negation_check(text)
    for start in range(len(text) + 1):
        assert negated(start, "miss you") == is_negated(text, start, "miss you")
