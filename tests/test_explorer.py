"""The rubric explorer: the weights heatmap shows every weight, and the page explains each motive."""

from __future__ import annotations

import json
import re

import pyarrow as pa
import pytest

from components import explorer, state
from components.navigation import RUBRIC
from tests.apptest import open_app, texts
from threshold import DEFAULT_RUBRIC_PATH, charts
from threshold.rubric import load_rubric

SHIPPED = load_rubric(DEFAULT_RUBRIC_PATH)


def weighing(rubric):
    """Every question with weights on the motives: those about them, and a situation answer that is evidence."""
    return [i for i in rubric.items if i.weights and rubric.kind_of(i) in ("returner", "situation")]


def test_weights_table_has_every_question_and_motive_once_with_its_weight(rubric):
    frame = charts.weights_table(rubric)
    returner = weighing(rubric)
    assert len(frame) == len(returner) * len(rubric.motives)
    for item in returner:
        rows = frame[frame["item"] == item.id].set_index("motive")
        assert rows["weight"].to_dict() == {m.id: item.weights.get(m.id, 0.0) for m in rubric.motives}
        assert rows["reverse"].all() == item.reverse
        assert rows["question"].iloc[0].startswith(charts.REVERSE_MARK) == item.reverse


def selections(spec: dict) -> list[str]:
    """Names of the chart's selection parameters, wherever Altair put them."""
    layers = [spec, *spec.get("layer", [])]
    return [p["name"] for layer in layers for p in layer.get("params", []) if "select" in p]


def test_every_weight_is_labelled_with_its_sign_and_the_reverse_keyed_marked(mini_rubric):
    frame = charts.weights_table(mini_rubric).set_index(["item", "motive"])
    assert frame.loc[("a1", "familiarity"), "weight_text"] == "+2"
    assert frame.loc[("a1", "growth"), "weight_text"] == "−1"  # a real minus sign, readable from afar
    assert frame.loc[("a2", "familiarity"), "question"] == f"{charts.REVERSE_MARK} 2. A2."
    assert frame.loc[("a3", "familiarity"), "question"] == "3. A3."
    assert "f1" not in frame.index.get_level_values("item")  # footing questions do not weigh on motives


def test_negative_weights_get_their_own_colour_and_reverse_keyed_questions_are_marked(rubric):
    frame = charts.weights_table(rubric)
    assert (frame["weight"] < 0).any() and frame["reverse"].any()
    spec = charts.weights_heatmap(frame).to_dict()
    cells, labels = spec["layer"]
    scale = cells["encoding"]["color"]["scale"]
    weights = frame["weight"]
    assert scale["domain"] == [weights.min(), 0, weights.max()]  # the legend runs over the weights there are
    assert scale["range"] == charts.WEIGHT_COLOURS and scale["interpolate"] == "rgb"  # shades of the named colours
    assert labels["encoding"]["text"]["field"] == "weight_text"
    assert charts.MOTIVE_SELECTION in selections(spec)


def test_large_heatmap_uses_bigger_type(rubric):
    frame = charts.weights_table(rubric)
    small, large = (charts.weights_heatmap(frame, large=flag).to_dict() for flag in (False, True))
    assert large["layer"][1]["mark"]["fontSize"] > small["layer"][1]["mark"]["fontSize"]


def test_the_page_explains_scoring_with_the_rubrics_own_thresholds(rubric):
    at = open_app(RUBRIC)
    assert not at.exception
    body = " ".join(texts(at))
    for phrase in ("starts at 50", "Not sure", "Reverse-keyed", f"under {rubric.scoring.moderate_from:g} is low"):
        assert phrase in body
    chart = at.get("vega_lite_chart")[0]
    assert charts.MOTIVE_SELECTION in selections(json.loads(chart.proto.spec))
    assert chart.proto.selection_mode == [charts.MOTIVE_SELECTION]


@pytest.mark.parametrize("motive", SHIPPED.motives, ids=lambda m: m.id)
def test_picking_a_motive_shows_its_words_and_the_questions_that_measure_it(rubric, motive):
    at = open_app(RUBRIC)
    next(s for s in at.selectbox if s.label == "Motive").set_value(motive.id).run()
    assert motive.label in at.subheader.values
    body = " ".join(texts(at))
    for text in (motive.description, *motive.signs, motive.bands.low, motive.bands.moderate, motive.bands.high):
        assert text in body
    table = at.table[0].value
    measuring = [i for i in weighing(rubric) if i.weights.get(motive.id)]
    assert list(table["Question"]) == [i.text for i in measuring]
    assert list(table["Reverse-keyed"]) == ["yes" if i.reverse else "" for i in measuring]


@pytest.mark.parametrize("motive", SHIPPED.motives, ids=lambda m: m.id)
def test_the_worked_example_adds_up_to_the_real_score(motive):
    at = open_app(RUBRIC)
    next(s for s in at.selectbox if s.label == "Motive").set_value(motive.id).run()
    line = next(t for t in texts(at) if t.startswith(f"{motive.label}: 50 "))
    terms, total, score = re.fullmatch(r".*?: 50 (.*) = ([\d.]+), so the score is (\d+) of 100, \w+\.", line).groups()
    parts = [float(sign.replace("−", "-") + value) for sign, value in re.findall(r"([+−]) ([\d.]+)", terms)]
    assert round(50 + sum(parts), 2) == float(total)
    assert round(float(total)) == int(score)


def test_presenter_mode_draws_the_heatmap_large():
    at = open_app(RUBRIC)
    at.session_state[state.PRESENTER.name] = True
    at.run()
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["layer"][1]["mark"]["fontSize"] >= 20


def test_the_heatmap_comes_part_by_part_each_short_enough_for_one_screen_with_its_table(rubric):
    at = open_app(RUBRIC)
    heatmaps = at.get("vega_lite_chart")
    parts = list(dict.fromkeys(rubric.section_by_id[i.section].title for i in weighing(rubric)))
    shown = []
    for chart in heatmaps:
        frames = [pa.ipc.open_stream(d.data.data).read_pandas() for d in chart.proto.datasets]
        [section] = {section for frame in frames for section in frame["section"]}  # one part per chart
        assert len({item for frame in frames for item in frame["item"]}) <= explorer.HEATMAP_QUESTIONS
        assert chart.proto.selection_mode == [charts.MOTIVE_SELECTION]
        shown += [item for frame in frames for item in dict.fromkeys(frame["item"]) if item not in shown]
        assert section in parts
    assert shown == [i.id for i in weighing(rubric)]  # every weighing question once, the apology among them
    tables = [e.label for e in at.expander if e.label.endswith("the same weights as a table")]
    assert len(tables) == len(heatmaps)  # each chart described by the table after it


def test_the_page_explains_the_prior_and_the_headline_rule(rubric):
    at = open_app(RUBRIC)
    body = " ".join(texts(at))
    assert f"{rubric.scoring.prior_weight:g} imagined neutral answers" in body
    assert f"({rubric.scoring.prior_weight:g} + the total weight" in body
    assert f"more than {rubric.scoring.close_within:g} points" in body
