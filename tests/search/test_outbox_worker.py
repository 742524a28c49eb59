"""Index changes reach Elasticsearch through the background worker only: a request that changes content queues one
drain after its commit and never talks to the cluster; the worker sends the outbox and backs off while the cluster
is down (issue 14: a forum reply hung in gunicorn while the request itself drained the outbox)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from background.worker import Worker
from search import tasks as search_tasks
from search.models import IndexEntry, IndexState, OutboxEntry
from tests.factories.forum import create_board, create_forum_member, create_thread
from tests.factories.library import create_method
from tests.search.es_wiring import point_site_at

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
DRAIN = "search.tasks.drain_search_outbox"


@pytest.fixture
def cluster(restartable_osmem, settings):
    """The site on a restartable osmem-server, its tasks on the database queue run by the worker (production)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
        "email": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    return restartable_osmem, point_site_at(settings, restartable_osmem.url, "worker")


@pytest.fixture
def run_worker(django_capture_on_commit_callbacks):
    def run():
        total = 0
        while True:
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                ran = Worker(interval=0.01).run(until_idle=True)
            total += ran
            if not ran and not callbacks:
                return total

    return run


def queued_drains():
    return DBTaskResult.objects.filter(task_path=DRAIN, status=TaskResultStatus.READY).count()


def test_replies_queue_one_drain_and_only_the_worker_sends_them_to_the_cluster(
    cluster, client, run_worker, django_capture_on_commit_callbacks
):
    _server, engine = cluster
    author = create_forum_member("officer", handle="savannakhet_desk")
    thread = create_thread(create_board(name="Border desks", slug="border-desks"), author, title="Ferry manifests")
    run_worker()
    indexed_before = engine.count()
    client.force_login(author, MODEL_BACKEND)

    for body in ("The ferry manifests are kept for a year.", "Ask the harbour master for the older manifests."):
        with django_capture_on_commit_callbacks(execute=True):
            answer = client.post(reverse("forum:reply", args=[thread.pk]), {"body": body})
        assert answer.status_code == 302

    # The requests wrote the outbox and queued a single drain between them; the cluster has heard nothing yet.
    assert OutboxEntry.objects.count() == 2
    assert queued_drains() == 1
    assert engine.count() == indexed_before

    run_worker()
    assert not OutboxEntry.objects.exists()
    assert engine.count() == indexed_before + 2
    assert queued_drains() == 0
    assert not DBTaskResult.objects.filter(task_path=DRAIN).exclude(status=TaskResultStatus.SUCCESSFUL).exists()


def test_the_worker_backs_off_while_the_cluster_is_down_and_sends_everything_once_it_is_back(
    cluster, run_worker, django_capture_on_commit_callbacks, settings
):
    server, engine = cluster
    settings.SEARCH_OUTBOX_DRAIN_SECONDS = 5
    server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        create_method(title="Karaoke bar inspection checklist")
    run_worker()
    row = OutboxEntry.objects.get()
    assert row.attempts == 1  # tried once, kept
    state = search_tasks.backoff_state()
    assert state["failures"] == 1

    # More changes while it is down: their drains wait for the retry time instead of trying the cluster again.
    with django_capture_on_commit_callbacks(execute=True):
        create_method(title="Karaoke bar staff interviews")
    run_worker()
    assert OutboxEntry.objects.get(pk=row.pk).attempts == 1
    assert OutboxEntry.objects.count() == 2

    # At the retry time the cluster is still down: the wait doubles.
    IndexState.objects.filter(key=search_tasks.BACKOFF_KEY).update(
        value={**state, "retry_at": (timezone.now() - timedelta(seconds=1)).isoformat()}
    )
    search_tasks.drain_search_outbox.enqueue()
    run_worker()
    doubled = search_tasks.backoff_state()
    assert doubled["failures"] == 2
    wait = timezone.datetime.fromisoformat(doubled["retry_at"]) - timezone.now()
    assert timedelta(seconds=5) < wait <= timedelta(seconds=10)

    server.start()
    IndexState.objects.filter(key=search_tasks.BACKOFF_KEY).update(
        value={**doubled, "retry_at": (timezone.now() - timedelta(seconds=1)).isoformat()}
    )
    search_tasks.drain_search_outbox.enqueue()  # the periodic drain, due now
    run_worker()
    assert not OutboxEntry.objects.exists()
    assert engine.count() == 2
    assert search_tasks.backoff_state() == {}


def test_a_refused_document_does_not_hold_the_others_back(cluster, run_worker, django_capture_on_commit_callbacks):
    """The cluster answers but refuses one document: no backoff, the next change is sent at once."""
    _server, engine = cluster
    with django_capture_on_commit_callbacks(execute=True):
        refused = create_method(title="Harbour inspection")
    # A malformed country (an object where the mapping has a keyword): the cluster refuses this one document.
    IndexEntry.objects.filter(doc_id=f"page:{refused.pk}").update(countries=[{"code": "TH"}])
    run_worker()  # the drain queued by the change (and the periodic one, due at the worker's start)
    assert OutboxEntry.objects.get().attempts >= 1
    assert search_tasks.backoff_state() == {}

    with django_capture_on_commit_callbacks(execute=True):
        sent = create_method(title="Harbour patrol rota")
    run_worker()
    engine.client.indices.refresh(index=engine.alias)
    assert f"page:{sent.pk}" in set(engine.iter_ids())
    assert list(OutboxEntry.objects.values_list("doc_id", flat=True)) == [f"page:{refused.pk}"]
