"""Threshold's benchmarks, each against a baseline measured the same way in the same run.

Pages are compared with a plain Streamlit page drawing the same elements with fixed data (bench/matched.py),
and with hello world as a second line; scoring with `json.dumps` of the same answers; the history and
the other growth lines with the same work at a tenth of the size. Absolute times depend on the
machine; the ratios are what to compare between runs.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import streamlit
from playwright.sync_api import Page, sync_playwright
from streamlit.testing.v1 import AppTest

from bench.growth import bench_growth
from bench.history import LARGE, SMALL, bench_history, fill, using_data_dir
from bench.local_server import CHROMIUM, CHROMIUM_ARGS, free_port, is_healthy
from bench.matched import matched_page
from bench.reader import bench_reader
from bench.rooms import bench_rooms, print_rooms
from bench.scoring import bench_scoring
from bench.stats import rerun_times, summarise
from components import navigation, state
from threshold import DEFAULT_RUBRIC_PATH
from threshold.rubric import Rubric, load_rubric
from threshold.store import Store

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_PATH = REPO_ROOT / "bench" / "results" / "latest.json"
APP_SCRIPT = REPO_ROOT / "app.py"
SERVE_SCRIPT = REPO_ROOT / "scripts" / "serve.py"
PROFILE_PAGE, QUESTIONNAIRE_PAGE = navigation.PROFILE, navigation.QUESTIONNAIRE
ANSWERS_KEY, STEP_KEY = state.ANSWERS.name, state.STEP.name
CLICKS = 60

STARTUP_RUNS = 5
RERUN_RUNS = 20
HEALTH_POLL_S = 0.02
STARTUP_TIMEOUT_S = 60

HELLO_WORLD = 'import streamlit as st\n\nst.title("Hello")\nst.write("world")\n'


def time_to_first_page(script: Path, data_dir: Path, log_path: Path, page: Page) -> tuple[float, float]:
    """Seconds from spawning `streamlit run script` (the app: `make run`'s launcher) until
    /_stcore/health answers ok, and until a browser shows the script's first title: health comes
    before any script runs, the title after."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # The app starts as `make run` starts it; anything else, as `streamlit run` does.
    launch = (str(SERVE_SCRIPT),) if script == APP_SCRIPT else ("-m", "streamlit", "run", str(script))
    command = [
        *(sys.executable, *launch),
        *("--server.port", str(port), "--server.address", "127.0.0.1"),
        *("--server.headless", "true", "--browser.gatherUsageStats", "false"),
    ]
    env = {**os.environ, "THRESHOLD_DATA_DIR": str(data_dir)}
    with log_path.open("wb") as log:
        start = time.perf_counter()
        # Both apps start from the repo root, so both read the same .streamlit/config.toml.
        server = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        while not is_healthy(base):
            if server.poll() is not None:
                raise RuntimeError(f"{script} exited with {server.returncode}:\n{log_path.read_text(errors='replace')}")
            if time.perf_counter() - start > STARTUP_TIMEOUT_S:
                raise RuntimeError(f"{script} not healthy after {STARTUP_TIMEOUT_S}s")
            time.sleep(HEALTH_POLL_S)
        healthy = time.perf_counter() - start
        page.goto(base)
        page.locator("h1").first.wait_for(timeout=STARTUP_TIMEOUT_S * 1000)
        return healthy, time.perf_counter() - start
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def bench_startup(hello: Path, work: Path, rubric: Rubric) -> tuple[dict, dict, dict]:
    """Median start-to-healthy and start-to-first-page of the app and of hello world, and the app's
    first page with a history of ten saved (which loads the database layer), interleaved so drift
    hits all alike."""
    with_history = work / "data-with-history"
    with using_data_dir(with_history):
        fill(Store.default(), rubric, 10, full_answers(rubric))
    runs = {"app": (APP_SCRIPT, work / "data"), "history": (APP_SCRIPT, with_history), "hello": (hello, work / "data")}
    healthy: dict[str, list[float]] = {name: [] for name in runs}
    first_page: dict[str, list[float]] = {name: [] for name in runs}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(STARTUP_RUNS):
                for name, (script, data_dir) in runs.items():
                    page = browser.new_page()
                    up, shown = time_to_first_page(script, data_dir, work / f"{name}.log", page)
                    page.close()
                    healthy[name].append(up)
                    first_page[name].append(shown)
        finally:
            browser.close()
    return (
        summarise(healthy["app"], healthy["hello"], unit="s"),
        summarise(first_page["app"], first_page["hello"], unit="s"),
        summarise(first_page["history"], first_page["hello"], unit="s"),
    )


def full_answers(rubric: Rubric) -> dict[str, int]:
    """Every item at its scale's top value, safety items at 0: a full profile without the safety panel."""
    safety = {i.id for i in rubric.items_of_kind("safety")}
    return {i.id: 0 if i.id in safety else max(rubric.scale_of(i).values) for i in rubric.items}


def app_page(page: str, answers: dict, step: int | None = None) -> AppTest:
    # Start from app.py and switch: the page's st.page_link paths are relative to the entry script,
    # so AppTest.from_file on the page itself fails with StreamlitPageNotFoundError.
    at = AppTest.from_file(str(APP_SCRIPT), default_timeout=60)
    at.session_state[ANSWERS_KEY] = answers
    if step is not None:
        at.session_state[STEP_KEY] = step
    at.switch_page(page)
    return at


def bench_profile_rerun(rubric: Rubric, hello: Path, work: Path) -> tuple[dict, dict]:
    """Median AppTest rerun of the profile page with a full answer set, against a plain page drawing
    the same elements, and against hello world."""
    profile = app_page(PROFILE_PAGE, full_answers(rubric))
    app_times = rerun_times(profile, RERUN_RUNS)
    if [t.value for t in profile.title] != ["Your reflection"] or not profile.table:
        raise RuntimeError("the profile page did not render its profile; the rerun timing would mean nothing")
    matched, counts = matched_page(profile, work / "matched-profile")
    print(f"  the matched page draws {dict(counts)}", file=sys.stderr)
    matched_times = rerun_times(AppTest.from_file(str(matched), default_timeout=60), RERUN_RUNS)
    hello_times = rerun_times(AppTest.from_file(str(hello), default_timeout=60), RERUN_RUNS)
    return summarise(app_times, matched_times, unit="s"), summarise(app_times, hello_times, unit="s")


def largest_part(rubric: Rubric) -> int:
    """The questionnaire step (1-based) with the most questions on the full path, for everything answered."""
    from threshold.situation import asked_items, situation_codes

    answers = full_answers(rubric)
    asked = asked_items(rubric, situation_codes(rubric, answers))
    parts = [[i for i in asked if i.section == s.id] for s in rubric.sections]
    parts = [p for p in parts if p]
    return max(range(len(parts)), key=lambda n: len(parts[n])) + 1


def clicker(at: AppTest, choices: Callable[[object], list]) -> Callable[[int], object]:
    """Click `n` on the first radio, alternating between its first two choices, after one warm click."""
    first, second = choices(at.radio[0])[:2]
    at.radio[0].set_value(first).run()
    return lambda n: at.radio[0].set_value(second if n % 2 == 0 else first).run()


def bench_answer_click(rubric: Rubric, work: Path) -> dict:
    """One answer clicked in the questionnaire's largest part (its draft saved), against a click in
    a plain page of the same radios, buttons and text; the two pages' clicks take turns, so a busy
    moment of the machine slows both alike."""
    questionnaire = app_page(QUESTIONNAIRE_PAGE, full_answers(rubric), step=largest_part(rubric))
    questionnaire.run()
    if questionnaire.exception or not questionnaire.radio:
        raise RuntimeError("the questionnaire did not show a part with questions; the click timing would mean nothing")
    matched, _ = matched_page(questionnaire, work / "matched-questionnaire")
    item_values = {i.id: rubric.scale_of(i).values for i in rubric.items}
    baseline = AppTest.from_file(str(matched), default_timeout=60)
    baseline.run()
    pages = {
        "app": clicker(questionnaire, lambda radio: item_values[radio.key.removeprefix("widget.")]),
        "baseline": clicker(baseline, lambda radio: radio.options),
    }
    times: dict[str, list[float]] = {"app": [], "baseline": []}
    for n in range(CLICKS):
        for name, click in pages.items():
            start = time.perf_counter()
            click(n)
            times[name].append(time.perf_counter() - start)
    for at in (questionnaire, baseline):
        if at.exception:
            raise RuntimeError(f"the page raised: {at.exception[0].message}")
    return summarise(times["app"], times["baseline"], unit="s")


def print_table(results: dict) -> None:
    seconds, milliseconds, per_second = "{:.2f} s".format, (lambda v: f"{v * 1000:.1f} ms"), "{:,.0f}/s".format
    growth = results["growth"]
    rows = [
        ("startup to healthy (median)", "make run (scripts/serve.py)", "hello world", results["startup"], seconds),
        ("startup to first page", "make run (scripts/serve.py)", "hello world", results["first_page"], seconds),
        ("first page, 10 saved", "make run (scripts/serve.py)", "hello world", results["first_page_history"], seconds),
        ("profile rerun (median)", PROFILE_PAGE, "same elements", results["profile_rerun"], milliseconds),
        ("profile rerun (median)", PROFILE_PAGE, "hello world", results["profile_rerun_hello"], milliseconds),
        ("one answer clicked", QUESTIONNAIRE_PAGE, "same radios", results["answer_click"], milliseconds),
        ("scoring throughput", "score_answers", "json.dumps", results["scoring"], per_second),
        ("scoring, saved JSON", "score + model_dump_json", "json.dumps", results["scoring_saved"], per_second),
        (f"history page, {LARGE:,} saved", "history rerun", f"{SMALL} saved", results["history_page"], milliseconds),
        ("save (median)", "save_assessment", "score + JSON", results["save"], milliseconds),
        ("read a 5,000-line chat", "read_message", "lower+words", results["reader"], milliseconds),
        ("history list, 100,000", "count + one page", "10,000", growth["history_list"], milliseconds),
        ("history search, 100,000", "count + one page", "10,000", growth["history_search"], milliseconds),
        ("history trend, 100,000", "one person", "10,000", growth["history_trend"], milliseconds),
        ("import 10,000", "import_bytes", "1,000", growth["import"], seconds),
        (
            "evaluate the case set",
            f"{growth['evaluate']['cases']['app']} cases",
            "a tenth",
            growth["evaluate"],
            milliseconds,
        ),
    ]
    header = f"{'benchmark':<28} {'app':<26} {'value':>11}   {'baseline':<13} {'value':>11}   {'ratio':>7}"
    header += f"   {'peak memory':>18}"
    print(header)
    print("-" * len(header))
    for name, app_name, base_name, r, show in rows:
        peak = r.get("peak_bytes")
        memory = f"{peak['app'] / 1e6:7.1f} MB {peak['ratio']:6.2f}x" if peak else ""
        print(
            f"{name:<28} {app_name:<26} {show(r['app']):>11}   {base_name:<13} {show(r['baseline']):>11}"
            f"   {r['ratio']:>6.2f}x   {memory:>18}"
        )
    sizes = growth["import"]["export_bytes"]
    print(
        f"import: the export of 10,000 is {sizes['app'] / 1e6:.1f} MB (1,000: {sizes['baseline'] / 1e6:.1f} MB); "
        f"the app refuses files over {sizes['limit'] / 1e6:.0f} MB, so the bench lifts that limit"
    )
    print("ratio: the app's time over the baseline's (for throughput, the baseline's rate over the app's);")
    print("peak memory: the larger case's peak Python allocation, and its ratio to the smaller case's")


def main() -> int:
    rubric = load_rubric(DEFAULT_RUBRIC_PATH)
    with tempfile.TemporaryDirectory(prefix="threshold-bench-") as tmp:
        work = Path(tmp)
        hello = work / "hello" / "hello.py"
        hello.parent.mkdir()
        hello.write_text(HELLO_WORLD)
        print(f"timing start-up ({STARTUP_RUNS} runs each, interleaved)...", file=sys.stderr)
        startup, first_page, first_page_history = bench_startup(hello, work, rubric)
        print(f"timing profile reruns ({RERUN_RUNS} each)...", file=sys.stderr)
        profile_rerun, profile_rerun_hello = bench_profile_rerun(rubric, hello, work)
        print(f"timing answer clicks ({CLICKS} each)...", file=sys.stderr)
        answer_click = bench_answer_click(rubric, work)
        history_page, save = bench_history(rubric, full_answers(rubric), APP_SCRIPT, work)
        growth = bench_growth(rubric, full_answers(rubric), work)
    print("timing scoring against json.dumps (interleaved)...", file=sys.stderr)
    scoring, scoring_saved = bench_scoring(rubric)
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "rubric_version": rubric.version,
        "startup": startup,
        "first_page": first_page,
        "first_page_history": first_page_history,
        "profile_rerun": profile_rerun,
        "profile_rerun_hello": profile_rerun_hello,
        "answer_click": answer_click,
        "scoring": scoring,
        "scoring_saved": scoring_saved,
        "history_page": history_page,
        "save": save,
        "reader": bench_reader(rubric),
        "growth": growth,
        "rooms": bench_rooms(),
    }
    print_table(results)
    print()
    print_rooms(results["rooms"])
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_PATH.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {RESULTS_PATH.relative_to(REPO_ROOT)}")
    return 0
