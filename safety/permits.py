"""Publication permits: the blocks of code inside which a page under review may go live."""

from contextlib import contextmanager
from contextvars import ContextVar

ALL_PAGES = "*"
_permits: ContextVar[frozenset] = ContextVar("review_permits", default=frozenset())


def permitted(page_id):
    """Return whether a publication permit covers this page now."""
    held = _permits.get()
    return ALL_PAGES in held or page_id in held


@contextmanager
def publication_permit(page_id):
    """Let this page go live inside the block (its last review step was approved, or an administrator overrode)."""
    token = _permits.set(_permits.get() | {page_id})
    try:
        yield
    finally:
        _permits.reset(token)


@contextmanager
def data_load(reason):
    """Let pages go live inside the block without review, for a data load (demo content, tests) that says why."""
    if not str(reason).strip():
        raise ValueError("A data load that publishes without review must say why.")
    with publication_permit(ALL_PAGES):
        yield
