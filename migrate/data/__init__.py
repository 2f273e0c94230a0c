"""Generated data tables (see tools/gen_api_tables.py)."""
