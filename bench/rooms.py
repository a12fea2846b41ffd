"""Workshop rooms under load: 10 and 200 participants answering at once against PostgreSQL, spread
over four processes, through the same `Rooms` calls the pages make.

Each process is a room server: it joins its share of the participants first (phones join as the
code goes up), then all processes are released together and each participant answers on its own
thread (Streamlit runs each session on its own thread, sharing the process's engine and its
pool). Timed: one answer being stored (`Rooms.answer`: check, score, one UPDATE) and the
facilitator's refresh (`room_results`, what the live view runs every 2 seconds), while the room
answers and once it is full. Reported as p50 and p95, and 200 against 10 as a ratio.

    python -m bench rooms        # this benchmark alone; `make bench` runs it with the others
"""

from __future__ import annotations

import json
import multiprocessing
import statistics
import sys
import threading
import time

from threshold import DEFAULT_RUBRIC_PATH
from threshold.room import Rooms, room_engine, room_questions, room_results
from threshold.rubric import load_rubric
from threshold.scenarios import load_scenarios

SIZES = (10, 200)
PROCESSES = 4
#: The facilitator's refreshes timed once the room is full.
FULL_REFRESHES = 30


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def figures(values: list[float]) -> dict:
    return {"p50": statistics.median(values), "p95": percentile(values, 0.95), "samples": len(values)}


def _rooms(url: str) -> Rooms:
    rubric = load_rubric(DEFAULT_RUBRIC_PATH)
    return Rooms(room_engine(url), rubric, load_scenarios(rubric=rubric))


def _answer_sheet(rooms: Rooms, scenario, number: int) -> dict:
    """A varied sheet: participants read the scenario differently, so the room disagrees somewhere."""
    values = rooms.rubric.scale_of(rooms.rubric.item_by_id[room_questions(rooms.rubric, scenario)[0]]).values
    return {q: values[(number + i) % len(values)] for i, q in enumerate(room_questions(rooms.rubric, scenario))}


def server_process(url: str, code: str, count: int, first: int, start, results) -> None:
    """One room server's share: join `count` participants, wait for the others, answer all at once."""
    rooms = _rooms(url)
    scenario = rooms.scenario_of(code)
    joined = [rooms.join(code) for _ in range(count)]
    sheets = [_answer_sheet(rooms, scenario, first + n) for n in range(count)]
    times: list[float] = []
    lock = threading.Lock()

    def answer(participant, sheet) -> None:
        began = time.perf_counter()
        rooms.answer(participant, sheet)
        with lock:
            times.append(time.perf_counter() - began)

    threads = [threading.Thread(target=answer, args=pair) for pair in zip(joined, sheets, strict=True)]
    start.wait()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(times)


def bench_room(url: str, size: int) -> dict:
    """One room of `size` participants over PROCESSES processes; the facilitator refreshes from here."""
    rooms = _rooms(url)
    code = rooms.open(load_scenarios(rubric=rooms.rubric)[0].id)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(PROCESSES + 1)
    results = context.Queue()
    shares = [size // PROCESSES + (1 if n < size % PROCESSES else 0) for n in range(PROCESSES)]
    workers = [
        context.Process(target=server_process, args=(url, code, share, sum(shares[:n]), start, results))
        for n, share in enumerate(shares)
    ]
    for worker in workers:
        worker.start()
    start.wait()  # every participant has joined; now they all answer
    during = []
    answers: list[float] = []
    while len(answers) < size:
        began = time.perf_counter()
        room_results(rooms, code)
        during.append(time.perf_counter() - began)
        while not results.empty():
            answers += results.get()
        if any(w.exitcode not in (None, 0) for w in workers):
            raise RuntimeError("a room server process failed")
    for worker in workers:
        worker.join()
    full = []
    for _ in range(FULL_REFRESHES):
        began = time.perf_counter()
        shown = room_results(rooms, code)
        full.append(time.perf_counter() - began)
    assert shown.finished == size, f"{shown.finished} of {size} answers stored"
    rooms.close(code)
    return {"answer": figures(answers), "refresh_during": figures(during), "refresh_full": figures(full)}


def bench_rooms(url: str | None = None) -> dict:
    """Both room sizes on `url`, or on a throwaway PostgreSQL cluster started for the purpose."""
    if url is None:
        from tests.postgres import throwaway_cluster

        with throwaway_cluster() as server:
            return bench_rooms(server)
    measured = {}
    for size in SIZES:
        print(f"timing a room of {size} answering at once over {PROCESSES} processes...", file=sys.stderr)
        measured[size] = bench_room(url, size)
    small, large = measured[SIZES[0]], measured[SIZES[1]]
    ratios = {
        kind: {p: large[kind][p] / small[kind][p] for p in ("p50", "p95")}
        for kind in ("answer", "refresh_during", "refresh_full")
    }
    return {"sizes": {str(s): m for s, m in measured.items()}, "ratio": ratios, "processes": PROCESSES}


def print_rooms(result: dict) -> None:
    small, large = (result["sizes"][str(s)] for s in SIZES)
    columns = ("p50 @10", "p95 @10", "p50 @200", "p95 @200")
    header = f"{'rooms on PostgreSQL':<34} " + " ".join(f"{c:>9}" for c in columns) + f" {'p50 ×':>7} {'p95 ×':>7}"
    print(header)
    print("-" * len(header))
    for kind, name in (
        ("answer", "one answer stored"),
        ("refresh_during", "facilitator refresh, answering"),
        ("refresh_full", "facilitator refresh, room full"),
    ):
        ms = [
            f"{v * 1000:.1f} ms"
            for v in (small[kind]["p50"], small[kind]["p95"], large[kind]["p50"], large[kind]["p95"])
        ]
        ratio = result["ratio"][kind]
        print(f"{name:<34} {ms[0]:>9} {ms[1]:>9} {ms[2]:>9} {ms[3]:>9} {ratio['p50']:>6.1f}× {ratio['p95']:>6.1f}×")


def main() -> int:
    result = bench_rooms()
    print_rooms(result)
    print(json.dumps(result["ratio"], indent=2))
    return 0
