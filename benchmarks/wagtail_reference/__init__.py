"""Benchmark-only app: a model indexed by Wagtail's own search backend, as the reference for benchmarks/search.py.

Installed only by benchmarks/settings.py, never by the project's settings.
"""
