"""Streamlit building blocks: state keys, cached loading, widgets, charts and profile cards."""
