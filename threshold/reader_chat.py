"""Pasted chat threads: find each message's line prefix (time stamp, name), keep the messages.

Every speaker is read unless one is chosen: which name is theirs is the user's call, so the names
found are returned for the user to pick from.
"""

from __future__ import annotations

import re

from threshold.reader_offsets import OffsetMap, Rewriter


class UnknownSpeakerError(ValueError):
    """The chosen speaker wrote none of the pasted messages."""


_SPACE = r"[^\S\n]"
_TIME = rf"\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?(?:{_SPACE}?[ap]\.?{_SPACE}?m\.?)?"
_STAMP = rf"(?:\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}},?{_SPACE}{{1,2}})?{_TIME}"
_NAME = r"(?P<name>[^\s:,\[\]()][^:,\[\]()\n]{0,39}?)"
#: Line prefixes of copied or exported chats; every quantifier is bounded, so no line can be slow.
_CHAT_PREFIXES = [
    # [21/11/2026, 23:14:05] Sam: hey  (WhatsApp on iOS; the name is absent on system lines)
    re.compile(rf"{_SPACE}{{0,3}}\[{_STAMP}\]{_SPACE}{{0,3}}(?:{_NAME}:(?:{_SPACE}|$))?"),
    # 21/11/2026, 23:14 - Sam: hey  and  11:14 PM - Sam: hey  (WhatsApp on Android, others)
    re.compile(rf"{_SPACE}{{0,3}}{_STAMP}{_SPACE}{{0,3}}[-–—]{_SPACE}{{0,3}}(?:{_NAME}:(?:{_SPACE}|$))?"),
    # Sam, 11:14 PM: hey  and  Sam (11:14 PM): hey
    re.compile(rf"{_SPACE}{{0,3}}{_NAME},?{_SPACE}{{0,3}}[(\[]?{_STAMP}[)\]]?:(?:{_SPACE}|$)"),
    # Sam, [21.11.26 23:14]  on a line of its own, the message on the lines below (Telegram)
    re.compile(rf"{_SPACE}{{0,3}}{_NAME},?{_SPACE}{{0,3}}\[{_STAMP}\]{_SPACE}{{0,3}}$"),
]
_DAY = (
    r"(?:today|yesterday|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs?|rsday)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)"
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
#: A line that is only a date, a time or a delivery note, as phones insert between messages.
_STAMP_LINE = re.compile(
    rf"{_SPACE}{{0,3}}(?:(?:delivered|read|seen|sent|edited){_SPACE}{{0,3}})?"
    rf"(?:{_DAY},?{_SPACE}{{0,3}})?"
    rf"(?:(?:\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}|{_MONTH}{_SPACE}\d{{1,2}}|\d{{1,2}}{_SPACE}{_MONTH})"
    rf"(?:,?{_SPACE}\d{{4}})?,?{_SPACE}{{0,3}})?"
    rf"(?:at{_SPACE}{{1,3}})?(?:{_TIME})?{_SPACE}{{0,3}}"
)
_LINE = re.compile(r"[^\n]+")
_LONGEST_STAMP_LINE = 60


def strip_chat(
    text: str, characters_map: OffsetMap, original: str, speaker: str | None
) -> tuple[str, OffsetMap, list[str]]:
    """One message a line, without chat prefixes; lines with no prefix continue the message above.

    Text that is not a chat is one message from no named speaker: its lines are joined by spaces.
    """
    # Each message: the span of its speaker's name in `text` (None when unnamed), and its lines.
    found: list[tuple[tuple[int, int] | None, list[tuple[int, int]]]] = [(None, [])]
    for line in _LINE.finditer(text):
        start, end = line.span()
        if end - start <= _LONGEST_STAMP_LINE and _STAMP_LINE.fullmatch(text, start, end):
            continue
        for chat_prefix in _CHAT_PREFIXES:
            if prefix := chat_prefix.match(text, start, end):
                found.append((prefix.span("name") if prefix.group("name") is not None else None, []))
                start = prefix.end()
                break
        if start < end:
            found[-1][1].append((start, end))
    # The names as written in the original, carried back all at once.
    named = characters_map.source_spans([span for span, _ in found if span is not None])
    names = iter([original[start:end].strip() for start, end in named])
    messages = [(next(names) if span is not None else None, lines) for span, lines in found]

    speakers = list(dict.fromkeys(name for name, _ in messages if name))
    if speaker is not None:
        wanted = speaker.strip().casefold()
        if wanted not in {s.casefold() for s in speakers}:
            raise UnknownSpeakerError(f"no messages from {speaker!r}; speakers: {', '.join(speakers) or 'none'}")
        messages = [(name, lines) for name, lines in messages if name and name.casefold() == wanted]

    out = Rewriter(text)
    put, copy = out.put, out.copy
    previous_end: int | None = None
    for _, lines in messages:
        for number, (start, end) in enumerate(lines):
            if previous_end is not None:
                # The separator stands for everything skipped: a line break, a prefix, another speaker.
                put(" " if number else "\n", previous_end, start)
            copy(start, end)
            previous_end = end
    rewritten, chat_map = out.result()
    return rewritten, chat_map, speakers
