"""The background worker on the real database queue: forum fan-out and email only through it, retries with
backoff, dead letters in the admin, idempotent tasks, periodic tasks, lost workers, worker_status."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMessage, get_connection
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_started
from django_tasks_db.models import DBTaskResult

from accounts.roles import ADMINISTRATOR, EDITOR
from background import schedule
from background import worker as worker_module
from background.models import PeriodicRun, WorkerHeartbeat
from background.worker import WORKER_STALE_AFTER, Worker
from forum import tasks as forum_tasks
from forum.models import Notification, Subscription
from tests.background import tasks_for_tests
from tests.factories.accounts import create_user
from tests.factories.forum import create_board, create_forum_member, create_thread

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def _fresh_counters():
    tasks_for_tests.calls.update({"flaky": 0, "fail_until": 0, "tick": 0})


@pytest.fixture
def forum_thread(db):
    starter = create_forum_member("officer", handle="mukdahan_screening")
    follower = create_forum_member("officer", handle="lao_cai_guard")
    board = create_board(name="Online recruitment", slug="online-recruitment")
    thread = create_thread(board, starter, title="Interpreter lists")
    Subscription.objects.get_or_create(user=starter, thread=thread)
    Subscription.objects.get_or_create(user=follower, thread=thread)
    return thread, starter, follower


def test_a_replys_followers_hear_of_it_only_through_the_worker(client, run_worker, forum_thread):
    thread, starter, follower = forum_thread
    author = create_forum_member("participant", handle="poipet_trainee")
    client.force_login(author, MODEL_BACKEND)
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "The liaison office keeps one."})
    assert response.status_code == 302
    # The request only queued the fan-out: nobody is notified or emailed yet.
    assert not Notification.objects.exists()
    assert mail.outbox == []
    queued = DBTaskResult.objects.ready()
    assert [result.task_path for result in queued] == ["forum.tasks.fan_out_post"]

    assert run_worker() >= 3  # the fan-out, then one email per follower
    notified = set(Notification.objects.filter(kind=Notification.Kind.REPLY).values_list("recipient", flat=True))
    assert notified == {starter.pk, follower.pk}
    assert sorted(message.to[0] for message in mail.outbox) == sorted([starter.email, follower.email])
    assert all("Interpreter lists" in message.subject for message in mail.outbox)
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()


def test_the_fan_out_run_twice_notifies_and_emails_each_follower_once(run_worker, forum_thread):
    thread, starter, follower = forum_thread
    author = create_forum_member("participant", handle="poipet_trainee")
    post = thread.posts.create(author=author, body="Second thoughts.")
    forum_tasks.fan_out_post.enqueue(post.pk)
    run_worker()
    forum_tasks.fan_out_post.enqueue(post.pk)  # a retry, or the same post queued twice
    run_worker()
    assert Notification.objects.filter(post=post).count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted([starter.email, follower.email])


def test_a_fan_out_that_stopped_half_way_emails_the_rest_when_run_again(run_worker, forum_thread):
    thread, starter, follower = forum_thread
    author = create_forum_member("participant", handle="poipet_trainee")
    post = thread.posts.create(author=author, body="Second thoughts.")
    # The first run recorded both notifications and emailed the starter, then the worker died.
    Notification.objects.create(recipient=starter, post=post, kind=Notification.Kind.REPLY, emailed_at=timezone.now())
    Notification.objects.create(recipient=follower, post=post, kind=Notification.Kind.REPLY)
    forum_tasks.fan_out_post.enqueue(post.pk)
    run_worker()
    assert [message.to for message in mail.outbox] == [[follower.email]]


def test_a_burst_of_replies_tells_followers_before_earlier_emails_go(
    run_worker, forum_thread, django_capture_on_commit_callbacks
):
    thread, starter, follower = forum_thread
    author = create_forum_member("participant", handle="poipet_trainee")
    first, second = (thread.posts.create(author=author, body=text) for text in ("One.", "Two."))
    forum_tasks.fan_out_post.enqueue(first.pk)
    with django_capture_on_commit_callbacks(execute=True):
        Worker(interval=0.01).run(until_idle=True, max_tasks=1)  # the first reply's fan-out queues two emails
    assert DBTaskResult.objects.ready().filter(task_path="frontline.mail.deliver_email").count() == 2
    forum_tasks.fan_out_post.enqueue(second.pk)
    order = []

    def started(sender, task_result, **kwargs):
        order.append(task_result.task.module_path)

    task_started.connect(started)
    try:
        run_worker()
    finally:
        task_started.disconnect(started)
    # The second reply's followers were told before the first reply's emails were delivered; every email went.
    assert order[0] == "forum.tasks.fan_out_post"
    assert order.count("frontline.mail.deliver_email") == 4
    assert Notification.objects.filter(post=second).count() == 2
    assert len(mail.outbox) == 4


def test_a_batch_of_emails_is_queued_in_one_statement_each_its_own_task(database_queue, run_worker):
    messages = [EmailMessage(f"Note {n}", "Body", to=[f"member{n}@example.org"]) for n in range(5)]
    with CaptureQueriesContext(connection) as queries:
        get_connection().send_messages(messages)
    assert len([q for q in queries if q["sql"].startswith("INSERT")]) == 1
    assert DBTaskResult.objects.ready().filter(task_path="frontline.mail.deliver_email").count() == 5
    run_worker()
    assert sorted(message.subject for message in mail.outbox) == [f"Note {n}" for n in range(5)]
    # Queued inside a transaction that is rolled back: none of them.
    with transaction.atomic():
        get_connection().send_messages([EmailMessage("Never", "Body", to=["x@example.org"])])
        transaction.set_rollback(True)
    assert not DBTaskResult.objects.ready().exists()


def test_a_failing_task_is_retried_with_growing_backoff_then_kept_as_a_dead_letter(run_worker):
    tasks_for_tests.calls["fail_until"] = 99
    result = tasks_for_tests.flaky.enqueue("digest")
    row = DBTaskResult.objects.get(pk=result.id)

    before = timezone.now()
    run_worker()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY  # waiting for its second attempt
    assert row.exception_class_path == "builtins.ConnectionError"
    assert "mail server refused" in row.traceback
    assert timedelta(seconds=59) <= row.run_after - before <= timedelta(seconds=61)
    assert run_worker() == 0  # not due yet
    assert tasks_for_tests.calls["flaky"] == 1

    DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())  # the minute has passed
    before = timezone.now()
    run_worker()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert timedelta(seconds=119) <= row.run_after - before <= timedelta(seconds=121)  # twice as long

    DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())
    run_worker()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED  # third and last attempt: a dead letter
    assert len(row.worker_ids) == 3
    assert tasks_for_tests.calls["flaky"] == 3


def test_a_task_that_succeeds_on_a_retry_is_done(run_worker):
    tasks_for_tests.calls["fail_until"] = 1
    result = tasks_for_tests.flaky.enqueue("once")
    run_worker()
    DBTaskResult.objects.filter(pk=result.id).update(run_after=timezone.now())
    run_worker()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == "once"


def _dead_letter(run_worker, label="dead"):
    tasks_for_tests.calls["fail_until"] = 99
    result = tasks_for_tests.flaky.enqueue(label)
    for _attempt in range(3):
        DBTaskResult.objects.filter(pk=result.id).update(run_after=timezone.now())
        run_worker()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.FAILED
    return str(result.id)


def test_administrators_retry_a_dead_letter_from_the_admin(client, run_worker):
    task_id = _dead_letter(run_worker)
    administrator = create_user(ADMINISTRATOR)
    client.force_login(administrator, MODEL_BACKEND)
    page = client.get(reverse("background_failed_tasks"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "tests.background.tasks_for_tests.flaky" in html
    assert "ConnectionError" in html
    assert f'value="{task_id}"' in html

    tasks_for_tests.calls["fail_until"] = 0  # the mail server is back
    response = client.post(reverse("background_failed_tasks"), {"action": "retry", "task": [task_id]}, follow=True)
    assert "1 task queued again." in response.content.decode()
    row = DBTaskResult.objects.get(pk=task_id)
    assert row.status == TaskResultStatus.READY
    assert row.worker_ids == []  # a fresh set of attempts
    run_worker()
    assert DBTaskResult.objects.get(pk=task_id).status == TaskResultStatus.SUCCESSFUL
    assert "No task has failed." in client.get(reverse("background_failed_tasks")).content.decode()


def test_administrators_discard_a_dead_letter(client, run_worker):
    task_id = _dead_letter(run_worker)
    client.force_login(create_user(ADMINISTRATOR), MODEL_BACKEND)
    response = client.post(reverse("background_failed_tasks"), {"action": "discard", "task": task_id}, follow=True)
    assert "1 task discarded." in response.content.decode()
    assert not DBTaskResult.objects.filter(pk=task_id).exists()


def test_only_administrators_see_or_act_on_failed_tasks(client, run_worker):
    task_id = _dead_letter(run_worker)
    url = reverse("background_failed_tasks")
    editor = create_user(EDITOR)
    client.force_login(editor, MODEL_BACKEND)
    # Wagtail's admin answers a refused admin view with a redirect to the dashboard ("no permission").
    for response in (
        client.get(url),
        client.post(url, {"action": "discard", "task": task_id}),
        client.post(url, {"action": "retry", "all": "1"}),
    ):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "flaky" not in client.get(url, follow=True).content.decode()
    assert "failed-tasks" not in client.get("/admin/").content.decode()
    assert DBTaskResult.objects.get(pk=task_id).status == TaskResultStatus.FAILED
    client.logout()
    assert client.get(url).status_code == 302  # visitors are sent to sign in
    client.force_login(create_user(ADMINISTRATOR), MODEL_BACKEND)
    assert "failed-tasks" in client.get("/admin/").content.decode()


def test_a_guessed_or_malformed_task_id_changes_nothing(client, run_worker):
    task_id = _dead_letter(run_worker)
    done = tasks_for_tests.flaky.enqueue("done")
    client.force_login(create_user(ADMINISTRATOR), MODEL_BACKEND)
    url = reverse("background_failed_tasks")
    response = client.post(url, {"action": "discard", "task": ["not-a-uuid", str(done.id)]}, follow=True)
    assert response.status_code == 200
    assert "Choose a failed task first." in response.content.decode()
    assert DBTaskResult.objects.filter(pk=done.id).exists()  # only failed tasks can be discarded
    assert DBTaskResult.objects.filter(pk=task_id).exists()


def test_periodic_tasks_are_queued_once_per_period_across_workers(run_worker, monkeypatch):
    monkeypatch.setattr(schedule, "_register", {})
    schedule.register_periodic(tasks_for_tests.tick, every=timedelta(minutes=10), name="tests.tick")
    now = timezone.now()
    assert schedule.enqueue_due(now) == ["tests.tick"]
    assert schedule.enqueue_due(now + timedelta(minutes=1)) == []  # a second worker, a minute later
    assert run_worker() == 1
    assert tasks_for_tests.calls["tick"] == 1
    assert schedule.enqueue_due(now + timedelta(minutes=11)) == ["tests.tick"]
    assert PeriodicRun.objects.get(name="tests.tick").last_enqueued_at == now + timedelta(minutes=11)


def test_a_periodic_task_still_waiting_is_not_queued_again(database_queue, monkeypatch):
    monkeypatch.setattr(schedule, "_register", {})
    schedule.register_periodic(tasks_for_tests.tick, every=timedelta(seconds=5), name="tests.tick")
    now = timezone.now()
    schedule.enqueue_due(now)
    assert schedule.enqueue_due(now + timedelta(minutes=5)) == []  # no worker ran it: no pile-up
    assert DBTaskResult.objects.count() == 1


def test_the_digest_and_the_outbox_drain_are_registered(settings):
    registered = schedule.periodic_tasks()
    assert registered["forum.send_forum_digest"].every == timedelta(hours=24)
    drain = registered["search.drain_search_outbox"]
    settings.SEARCH_URL = ""
    assert not drain.applies()  # the embedded engine has no outbox
    settings.SEARCH_URL = "http://127.0.0.1:9200"
    assert drain.applies()


def test_the_worker_queues_the_due_digest_and_sends_it(run_worker, forum_thread, monkeypatch):
    thread, starter, follower = forum_thread
    member = follower.member
    member.notifications = "daily"
    member.save(update_fields=["notifications"])
    author = create_forum_member("participant", handle="poipet_trainee")
    post = thread.posts.create(author=author, body="Digest me.")
    Notification.objects.create(recipient=follower, post=post, kind=Notification.Kind.REPLY)
    monkeypatch.setattr(schedule, "_register", {})
    forum_tasks.register_periodic_tasks()
    run_worker()
    assert [message.to for message in mail.outbox] == [[follower.email]]
    assert "digest" in mail.outbox[0].subject


def test_a_task_left_running_by_a_lost_worker_is_run_again(run_worker):
    result = tasks_for_tests.flaky.enqueue("orphan")
    long_ago = timezone.now() - 2 * WORKER_STALE_AFTER
    WorkerHeartbeat.objects.create(worker_id="killed", hostname="web1", pid=1, started_at=long_ago, seen_at=long_ago)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["killed"]
    )
    run_worker()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids[0] == "killed" and len(row.worker_ids) == 2


def test_a_task_running_on_a_live_worker_is_left_alone(run_worker):
    result = tasks_for_tests.flaky.enqueue("busy")
    started = timezone.now() - 2 * WORKER_STALE_AFTER
    WorkerHeartbeat.objects.create(worker_id="busy", hostname="web1", pid=1, started_at=started, seen_at=timezone.now())
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=started, worker_ids=["busy"]
    )
    run_worker()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING


def test_worker_status_reports_the_queue_and_fails_when_no_worker_runs(run_worker):
    _dead_letter(run_worker)
    tasks_for_tests.flaky.enqueue("waiting")
    WorkerHeartbeat.objects.all().delete()
    out = StringIO()
    with pytest.raises(CommandError, match="no worker is running"):
        call_command("worker_status", stdout=out)
    text = out.getvalue()
    assert "Tasks ready to run: 1" in text
    assert "Failed (dead letters" in text and ": 1" in text
    assert "forum.send_forum_digest" in text

    Worker(worker_id="alive").heartbeat(force=True)
    out = StringIO()
    call_command("worker_status", stdout=out)
    assert "Workers alive: 1" in out.getvalue()
    assert "alive" in out.getvalue()


def test_the_worker_command_runs_the_queue(database_queue, django_capture_on_commit_callbacks):
    tasks_for_tests.flaky.enqueue("command")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("worker", "--until-idle", "--no-schedule", stdout=out)
    assert "stopped after 1 task(s)" in out.getvalue()
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_the_worker_command_refuses_without_a_database_queue():
    with pytest.raises(CommandError, match="database queue"):
        call_command("worker", "--until-idle")


def test_a_worker_waits_out_a_database_outage_and_runs_the_interrupted_task_again(database_queue, monkeypatch):
    """The database goes away while a task runs (a restart): the worker neither exits nor loses the task."""
    tasks_for_tests.calls["fail_until"] = 1  # the first run fails as the database drops…
    result = tasks_for_tests.flaky.enqueue("during a restart")
    worker = Worker(interval=0.01)
    real_failed = worker.failed
    outages = []

    def failed_while_down(db_result, error):
        if not outages:  # …and recording the failure fails too: the database is down
            outages.append(db_result.pk)
            raise OperationalError("server closed the connection unexpectedly")
        real_failed(db_result, error)

    monkeypatch.setattr(worker, "failed", failed_while_down)
    monkeypatch.setattr(worker_module, "drop_connections", lambda: None)  # keep the test's transaction
    monkeypatch.setattr(worker_module.time, "sleep", lambda seconds: None)
    worker.run(max_tasks=2)
    assert [str(pk) for pk in outages] == [str(result.id)]
    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.status == TaskResultStatus.SUCCESSFUL  # queued again once the database answered, then run
    assert tasks_for_tests.calls["flaky"] == 2
    assert stored.return_value == "during a restart"
