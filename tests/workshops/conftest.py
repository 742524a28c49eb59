"""The follow-up tests run the background worker's real database queue, as its own tests do."""

from tests.background.conftest import database_queue, run_worker  # noqa: F401 - fixtures for this folder
