"""Browser tests: a real Chromium against a real `streamlit run app.py` (marked `browser`)."""
