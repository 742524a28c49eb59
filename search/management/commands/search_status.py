"""Show the state of search: engine, documents, pending outbox entries and the last error."""

from django.core.management.base import BaseCommand

from search.backends import get_embedded_engine, get_engine, uses_external_engine
from search.models import OutboxEntry
from search.rebuild import checkpoint


class Command(BaseCommand):
    help = "Show the configured search engine, how many documents it holds, and pending index changes."

    def handle(self, *args, **options):
        embedded = get_embedded_engine()
        try:
            engine = get_engine()
        except Exception as error:  # noqa: BLE001 - a bad configuration is reported, not raised
            engine, engine_error = None, error
        else:
            engine_error = None
        write = self.stdout.write
        write(f"Engine: {engine.name if engine else 'unavailable'}")
        if engine_error:
            write(self.style.ERROR(f"  configuration error: {engine_error}"))
        if engine is not None and engine is not embedded and uses_external_engine():
            reachable = _safe(engine.ping, False)
            write(f"  reachable: {'yes' if reachable else 'no'}")
            count = _safe(engine.count, None) if reachable else None
            write(f"  documents: {count if count is not None else 'unknown'}")
        write(f"Embedded index (fallback{'' if uses_external_engine() else ' and main'}): {embedded.count()} documents")
        pending = OutboxEntry.objects.all()
        write(f"Outbox: {pending.count()} pending")
        oldest = pending.order_by("created_at").first()
        if oldest:
            write(f"  oldest: {oldest.created_at:%Y-%m-%d %H:%M:%S %Z} ({oldest})")
        failing = pending.exclude(last_error="").order_by("-pk").first()
        if failing:
            write(self.style.WARNING(f"  last error ({failing.attempts} attempts, {failing}): {failing.last_error}"))
        state = checkpoint()
        if state:
            write(
                self.style.WARNING(
                    f"Rebuild unfinished: {state['indexed']} documents indexed since {state['started']}; "
                    "run rebuild_search_index to continue."
                )
            )


def _safe(call, default):
    try:
        return call()
    except Exception:  # noqa: BLE001 - status must report, never fail
        return default
