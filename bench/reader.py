"""Benchmark: reading a 5,000-line pasted chat, against lower-casing it and visiting every word once.

Run alone with `python -m bench.reader`. The baseline is the least any reader must do with the same
text in the same run, so the ratio says what normalising and matching every cue costs on top.
"""

from __future__ import annotations

import random
import re
import sys
import time

from bench.stats import summarise
from threshold import DEFAULT_RUBRIC_PATH
from threshold.reader import read_message
from threshold.rubric import Rubric, load_rubric

CHAT_LINES = 5000
RUNS = 7
#: The budget (issue 13): a 5,000-line pasted chat reads in under this.
BUDGET_S = 0.2

_SAID = [
    "hey, how have you been?",
    "remember when we drove to the coast and slept in the car 😂",
    "I’ve been in therapy and I know I hurt you when I left",
    "are you seeing anyone now??",
    "sooo random but i miss how easy everything was with u ❤️",
    "im sry for everythinggg, i hope you can forgive me",
    "ok",
    "haha yeah that's fine, see you around",
    "can you send me the landlord's number? I lost it",
    "take all the time you need, no pressure",
]
_WORD = re.compile(r"[a-z']+")


def build_chat(lines: int = CHAT_LINES, seed: int = 6) -> str:
    """A WhatsApp-style export of `lines` messages between two people, with cues, emoji and typos."""
    pick = random.Random(seed)
    return "\n".join(
        f"[{1 + i // 1440 % 28:02d}/11/2026, {i // 60 % 24:02d}:{i % 60:02d}] {pick.choice(('Sam', 'Alex'))}: "
        f"{pick.choice(_SAID)}"
        for i in range(lines)
    )


def baseline(text: str) -> int:
    """Lower-case the text and visit every word once: the floor under any reader."""
    return sum(1 for _ in _WORD.finditer(text.lower()))


def bench_reader(rubric: Rubric, lines: int = CHAT_LINES, runs: int = RUNS) -> dict:
    """Median seconds to read a `lines`-line chat and to run the baseline, interleaved, and their ratio."""
    text = build_chat(lines)
    read_message(rubric, text)  # compiles and caches the rubric's patterns, as the app's first read would
    app, base = [], []
    for _ in range(runs):
        start = time.perf_counter()
        read_message(rubric, text)
        app.append(time.perf_counter() - start)
        start = time.perf_counter()
        baseline(text)
        base.append(time.perf_counter() - start)
    return {**summarise(app, base, unit="s"), "lines": lines, "characters": len(text)}


def main() -> int:
    rubric = load_rubric(DEFAULT_RUBRIC_PATH)
    print(f"timing read_message on a {CHAT_LINES:,}-line chat ({RUNS} runs each, interleaved)...", file=sys.stderr)
    result = bench_reader(rubric)
    print(
        f"read a {result['lines']:,}-line chat ({result['characters']:,} characters, {len(rubric.cues)} cues): "
        f"read_message {result['app'] * 1000:.0f} ms, baseline (lower + one word pass) "
        f"{result['baseline'] * 1000:.1f} ms, ratio {result['ratio']:.1f}x; "
        f"{'within' if result['app'] < BUDGET_S else 'OVER'} the {BUDGET_S:.1f} s budget"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
