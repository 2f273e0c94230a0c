"""Ecosystem tests (a package so that test_numerics.py does not clash with tests/contrib/test_numerics.py)."""
