"""Threshold's pure domain package: rubric, scoring, history storage and command line. Imports no Streamlit."""

from pathlib import Path

#: The rubric shipped beside the app; every command defaults to it.
DEFAULT_RUBRIC_PATH = Path(__file__).resolve().parent.parent / "rubric.yaml"
