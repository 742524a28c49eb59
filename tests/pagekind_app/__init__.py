"""A page kind added in its own app, installed only by tests/pagekind_app/settings.py (see docs/architecture.md)."""
