"""Their message: paste it, see each cue the rubric finds marked in it, and the questions it may inform.

The message is someone's own text, so it is never rendered as Markdown or HTML. It is shown
through `st.html` built only from escaped pieces, our own `<mark>` and `<span>` tags with our
own classes, and no attribute taken from it; and through `st.text`. Characters that could
reorder or hide text (direction controls, zero-width spaces) are shown as their code points.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import streamlit as st

from components import navigation, questionnaire, state, storage
from threshold import charts
from threshold.invisible import mark_invisible
from threshold.reader import Match, Reading, UnknownSpeakerError, hint_strength, normalise, read_message
from threshold.rubric import Rubric
from threshold.store import MAX_MESSAGE_CHARS, Assessment

VIEW_CLASS = "threshold-message"
CUE_CLASS, AGAINST_CLASS, HIDDEN_CLASS = "cue", "cue-against", "hidden-char"
WEAK_EVIDENCE = (
    "Wording is weak evidence. People write on impulse, borrow phrases, or choose their words with care; "
    "a hint here is a reason to look at the questions it points to, not a finding about them."
)
SILENT = (
    "Nothing in the wording stood out. Wording often says little: most messages use none of the phrases "
    "Threshold looks for, and any motive can sit behind plain words, so this says nothing either way. "
    "The questions are where the real evidence comes from; go on to them when you are ready."
)
LIST_CLASS = "threshold-cues"

_CSS = f"""
<style>
.{VIEW_CLASS} {{
  white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: isolate; line-height: 1.6;
  background: #ffffff; border: 1px solid #d9dde1; border-radius: 0.5rem; padding: 0.75rem 1rem;
  max-height: 26rem; overflow-y: auto;
}}
.{VIEW_CLASS} mark.{CUE_CLASS} {{ background: #f3dd95; color: inherit; border-radius: 0.2em; padding: 0 0.1em; }}
.{VIEW_CLASS} mark.{AGAINST_CLASS} {{
  background: transparent; color: inherit; text-decoration: underline dashed #b5652e 2px; text-underline-offset: 0.2em;
}}
.{VIEW_CLASS} mark:focus {{ outline: 2px solid #1f5f99; outline-offset: 2px; }}
/* Each mark is a Tab stop, so it is at least 24 px tall (WCAG 2.2 target size), without moving the text. */
.{VIEW_CLASS} mark.{CUE_CLASS}, .{VIEW_CLASS} mark.{AGAINST_CLASS} {{ padding-top: 0.2em; padding-bottom: 0.2em; }}
/* The mark's number comes from our own attribute, so the message's text stays exactly as pasted. */
.{VIEW_CLASS} mark[data-cue]::after {{
  content: attr(data-cue); font-size: 0.7em; font-weight: 600; vertical-align: super; margin-left: 0.1em;
}}
ol.{LIST_CLASS} {{ margin: 0.25rem 0 0.75rem 1.25rem; padding: 0; line-height: 1.5; }}
ol.{LIST_CLASS} li {{ margin-bottom: 0.25rem; }}
.{VIEW_CLASS} .{HIDDEN_CLASS} {{
  font-family: monospace; font-size: 0.75em; background: #eef0f2; border: 1px solid #c9ced3;
  border-radius: 0.2em; padding: 0 0.2em;
}}
</style>
"""


@dataclass(frozen=True)
class Highlight:
    """One marked stretch of the message: overlapping matches merged, with every cue among them."""

    start: int
    end: int
    matches: tuple[Match, ...]


def merged_highlights(matches: list[Match]) -> list[Highlight]:
    """The matches' spans in text order, overlapping ones merged into one highlight."""
    merged: list[Highlight] = []
    for match in sorted(matches, key=lambda m: (m.start, m.end)):
        if match.end <= match.start:
            continue
        if merged and match.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Highlight(last.start, max(last.end, match.end), (*last.matches, match))
        else:
            merged.append(Highlight(match.start, match.end, (match,)))
    return merged


def escaped(text: str) -> str:
    """User text as inert HTML: escaped, with hiding or reordering characters shown as their code."""
    return mark_invisible(html.escape(text), lambda code: f'<span class="{HIDDEN_CLASS}">{code}</span>')


def message_html(rubric: Rubric, text: str, matches: list[Match]) -> str:
    """The whole message as inert HTML, each merged highlight a numbered `<mark>` titled with its cues.

    Each mark can take keyboard focus and is described by its line in `explanations_html`.
    """
    parts = [f'<div class="{VIEW_CLASS}">']
    done = 0
    for number, highlight in enumerate(merged_highlights(matches), start=1):
        against = all(m.weight < 0 for m in highlight.matches)
        # The title is rubric text only (motive labels and cue explanations), escaped all the same.
        title = html.escape(_title(rubric, highlight), quote=True)
        parts.append(escaped(text[done : highlight.start]))
        parts.append(
            f'<mark class="{AGAINST_CLASS if against else CUE_CLASS}" title="{title}" tabindex="0" '
            f'aria-describedby="{_explanation_id(number)}" data-cue="{number}">'
            f"{escaped(text[highlight.start : highlight.end])}</mark>"
        )
        done = highlight.end
    parts.append(escaped(text[done:]))
    parts.append("</div>")
    return "".join(parts)


def explanations_html(rubric: Rubric, text: str, matches: list[Match]) -> str:
    """A numbered list under the message, one line per mark: their words, then why each cue can hint."""
    items = []
    for number, highlight in enumerate(merged_highlights(matches), start=1):
        words = escaped(text[highlight.start : highlight.end])
        why = html.escape(_title(rubric, highlight))
        items.append(f'<li id="{_explanation_id(number)}"><q>{words}</q>: {why}</li>')
    return f'<ol class="{LIST_CLASS}">{"".join(items)}</ol>'


def _explanation_id(number: int) -> str:
    return f"threshold-cue-{number}"


def _title(rubric: Rubric, highlight: Highlight) -> str:
    cues = dict.fromkeys(m.cue for m in highlight.matches)
    return " · ".join(_cue_line(rubric, rubric.cue_by_id[c]) for c in cues)


def _cue_line(rubric: Rubric, cue) -> str:
    direction = "argues against " if cue.weight < 0 else ""
    return f"{direction}{rubric.motive_by_id[cue.motive].label}: {cue.explanation}"


# Widgets


def introduction() -> None:
    st.write(
        "Most people start with a message on their phone. If you like, paste what they sent, and "
        "Threshold marks the phrases that can hint at why someone gets back in touch, and points to "
        "the questions they may help you answer. This step is optional."
    )
    if state.disk_closed():
        mode = "Private mode" if state.PRIVATE_MODE.get() else "A workshop"
        st.caption(f"{mode} is on: the message is not written to disk.")
    else:
        st.caption(
            "The message stays on this computer. It is kept with your unfinished answers, and with the "
            "reflection if you save it."
        )


def message_input() -> str:
    """The text area for their message, kept in our own key and in the draft; returns the message."""
    state.follow(state.widget_key("message"), state.MESSAGE.get())
    with st.form("message"):
        st.text_area(
            "What they sent",
            value=state.MESSAGE.get(),
            max_chars=MAX_MESSAGE_CHARS,
            height=180,
            key=state.widget_key("message"),
            placeholder="Paste their message here, or a chat thread copied from your phone.",
        )
        st.form_submit_button("Read it", type="primary", on_click=_remember_message)
    if state.MESSAGE.get():
        st.button("Clear the message", on_click=_clear_message)
    return state.MESSAGE.get()


def _remember_message() -> None:
    text = state.widget_value(state.widget_key("message"))
    state.MESSAGE.set(text)
    # A name chosen for an earlier paste stays chosen only if it is still one of the speakers.
    if state.MESSAGE_SPEAKER.get() not in normalise(text).speakers:
        state.MESSAGE_SPEAKER.set("")
    storage.save_draft()


def _clear_message() -> None:
    state.MESSAGE.set("")
    state.MESSAGE_SPEAKER.set("")
    storage.save_draft()


def reading_of_their_lines(rubric: Rubric, text: str) -> Reading | None:
    """The reading; for a chat with several speakers, of the lines chosen as theirs, None until chosen."""
    everyone = read_message(rubric, text)
    if len(everyone.speakers) < 2:
        return everyone
    speaker = speaker_choice(everyone.speakers)
    if not speaker:
        st.info("This looks like a chat between several people. Choose whose lines are theirs; only those are read.")
        return None
    return read_message(rubric, text, speaker)


def speaker_choice(speakers: list[str]) -> str:
    """Whose lines are theirs, as chosen (empty until then); names show as plain text."""
    current = state.MESSAGE_SPEAKER.get()
    state.follow(state.widget_key("message.speaker"), current if current in speakers else None)
    st.selectbox(
        "Whose lines are theirs?",
        speakers,
        index=speakers.index(current) if current in speakers else None,
        placeholder="Choose a name from the chat",
        key=state.widget_key("message.speaker"),
        on_change=_remember_speaker,
    )
    return current if current in speakers else ""


def _remember_speaker() -> None:
    state.MESSAGE_SPEAKER.set(state.widget_value(state.widget_key("message.speaker")) or "")
    storage.save_draft()


def show_reading(rubric: Rubric, text: str, reading: Reading) -> None:
    """The message with its cues marked, the chart of signals, and the cues found, motive by motive."""
    if not reading.matches:
        st.info(SILENT)
        return
    st.html(_CSS)
    st.html(message_html(rubric, text, reading.matches))
    st.caption(
        "Marked: wording that can hint at a motive. Underlined with dashes: wording that argues against one. "
        "Each mark's number is explained below."
    )
    st.html(explanations_html(rubric, text, reading.matches))
    signals = charts.signal_table(rubric, reading.signals)
    st.altair_chart(charts.signal_chart(signals), width="stretch")
    with st.expander("The same signals as a table"):  # the chart's text alternative
        table = signals[["label", "caption"]].rename(columns={"label": "Motive", "caption": "Signal"})
        st.table(table.set_index("Motive"))
    st.caption(WEAK_EVIDENCE)
    cues_found(rubric, reading)


def cues_found(rubric: Rubric, reading: Reading) -> None:
    """Per motive, strongest first: each cue found, what it suggests, and their words that matched."""
    st.subheader("What the wording hints at, motive by motive")
    found = {m.motive for m in reading.matches}
    order = [*reading.top, *(m.id for m in rubric.motives if m.id in found and m.id not in reading.top)]
    for motive_id in order:
        motive = rubric.motive_by_id[motive_id]
        signal = reading.signals[motive_id]
        st.markdown(f"**{motive.label}** · " + (hint_strength(signal) if signal else "only wording against it"))
        matches = [m for m in reading.matches if m.motive == motive_id]
        for cue_id in dict.fromkeys(m.cue for m in matches):
            cue = rubric.cue_by_id[cue_id]
            st.write(("Argues against it: " if cue.weight < 0 else "") + cue.explanation)
            # Their words go through st.text, never Markdown.
            st.text("Their words: " + ", ".join(f"“{m.text}”" for m in matches if m.cue == cue_id))
    unmentioned = [m.label for m in rubric.motives if m.id not in found]
    if unmentioned:
        st.caption(f"Nothing in the wording touched on: {', '.join(unmentioned)}. That does not mean these are absent.")


def informed_items(rubric: Rubric, reading: Reading) -> None:
    """The questions the cues found may help answer, part by part, with a way there; nothing is answered."""
    st.subheader("Questions it may help you answer")
    if not reading.informs:
        st.write("None of the wording found points to a particular question.")
        return
    st.caption("Threshold never answers for you: go to these questions and decide what is true.")
    informed, answers = set(reading.informs), state.ANSWERS.held()
    for step, section in enumerate(rubric.sections, start=1):
        items = [i for i in rubric.items_in(section.id) if i.id in informed]
        if not items:
            continue
        with st.container(border=True):
            st.markdown(f"**Part {step}: {section.title}**")
            st.markdown(
                "\n".join(f"- {i.text} ({'answered' if i.id in answers else 'not answered yet'})" for i in items)
            )
            if st.button(f"Go to part {step}", key=state.widget_key(f"message.go_to.{section.id}")):
                questionnaire.go_to(step)
                st.switch_page(navigation.QUESTIONNAIRE)


def saved(rubric: Rubric, assessment: Assessment) -> None:
    """A saved assessment's message, read again with the rubric it was saved with."""
    if not assessment.message:
        return
    st.subheader("Their message")
    speaker = assessment.message_speaker or None
    try:
        reading = read_message(rubric, assessment.message, speaker)
    except UnknownSpeakerError:
        reading, speaker = read_message(rubric, assessment.message), None
    if speaker:
        st.text(f"Read from the lines of: {speaker}")
    elif len(reading.speakers) > 1:
        st.caption("Every line of the chat was read: no one was chosen as them.")
    show_reading(rubric, assessment.message, reading)
