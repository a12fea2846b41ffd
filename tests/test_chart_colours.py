"""Chart colours that must stay apart: the score bands, on a projector as on a screen."""

from threshold import charts

PAGE_BACKGROUND = "#fbfaf7"  # .streamlit/config.toml


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_each_band_is_a_clear_step_from_the_next_and_the_lowest_from_the_page():
    low, moderate, high = charts.BAND_COLOURS
    assert contrast(low, moderate) >= 1.3 and contrast(moderate, high) >= 1.3
    assert contrast(PAGE_BACKGROUND, low) >= 1.05
    assert luminance(low) > luminance(moderate) > luminance(high)  # darker means higher, in order


def test_trend_colours_are_distinct_and_readable_on_the_page():
    assert len(set(charts.MOTIVE_COLOURS)) == len(charts.MOTIVE_COLOURS) == len(set(charts.MOTIVE_SHAPES))
    assert all(contrast(PAGE_BACKGROUND, colour) >= 3 for colour in charts.MOTIVE_COLOURS)
