"""Benchmarks run by hand (`make bench` or `python -m bench`), each printing a ratio against a same-run baseline."""
