"""The history: saving a reflection, the list, one saved reflection, the trend, export and import."""
