"""The production stack, end to end over real HTTP (issue 14, items 5 and 8): a private PostgreSQL 15 cluster, a
real redis-server, osmem-server as the Elasticsearch cluster, gunicorn (3 workers, production settings, behind the
proxy headers nginx sets), the task worker (`manage.py worker`), a local SMTP sink, and nginx with the shipped
site file (deploy/nginx/frontline.conf) in front.

Marked `stack`: excluded from the normal runs, run by `make test-stack` (which `.ci/run` calls). The database
starts as a backup made by deploy/backup of a migrated site with the demo content (kept in .cache/tests/ until
the migrations or the demo content change) and is loaded by deploy/restore, which also builds the search index.

Email delivery is AT LEAST ONCE: a task worker killed after the SMTP server accepted a message but before it
recorded the task as done sends that message again once the task is re-run. Notifications are EXACTLY ONCE
(one per member and post, kept by the database). The burst test asserts both.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from unittest import mock

import pytest
import requests
from PIL import Image
from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.stack.services import (
    CACHE,
    PGBIN,
    PORTS,
    PUBLIC_HOST,
    ROOT,
    Browser,
    Stack,
    children,
    csrf_token,
    fingerprint,
    osmem_documents,
    port_is_free,
    tail,
    totp_now,
    wait_until,
)

MISSING = [name for name in ("redis-server", "nginx", "pg_dump", "psql", "openssl") if not shutil.which(name)]
if not (PGBIN / "initdb").exists():
    MISSING.append(f"{PGBIN}/initdb")
if os.environ.get("STACK_REQUIRED") == "1" and (MISSING or not os.path.exists(CHROMIUM)):
    # make test-stack (and so CI) must run the stack, never pass by skipping it.
    raise RuntimeError(f"the stack test needs {', '.join(MISSING) or CHROMIUM} (make stack-deps browser-deps)")
pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(bool(MISSING), reason=f"needs {', '.join(MISSING)} (make stack-deps)"),
]

PASSWORD = "stack test passphrase 2026"
ADMIN = "stack-admin@agency.example"
NEWCOMER = "somchai.stack@police.example"
POSTERS = [f"stack-poster-{number}@agency.example" for number in range(8)]
DRAFT_WORD = "quokkaline"
FIGURES: dict[str, object] = {}

# Run once when the template is built (manage.py shell): the administrator, posters, boards and threads, a draft.
SETUP = f"""
import json, tempfile
from datetime import timedelta
from django.core.management import call_command
from django.utils import timezone
from accounts.models import Member
from accounts.roles import create_member
from forum.models import Board, ForumProfile, Post, Subscription, Thread
from wagtail.models import Page

admin = create_member({ADMIN!r}, role="administrator", country_code="TH", password={PASSWORD!r}, two_factor=True,
                      name="Stack Administrator")
month_ago = timezone.now() - timedelta(days=30)
board = Board.objects.create(name="Stack checks", slug="stack-checks", audience="members")
officers = Board.objects.create(name="Stack checks for officers", slug="stack-officers", audience="officers")


def thread(board, title):
    now = timezone.now()
    made = Thread.objects.create(board=board, title=title, starter=admin, created_at=now, last_post_at=now,
                                 post_count=1)
    Post.objects.create(thread=made, author=admin, body="Opening post: " + title, created_at=now)
    Subscription.objects.create(user=admin, thread=made)
    return made


ForumProfile.for_user(admin)
notified = thread(board, "Checkpoint interview notes")
burst = thread(board, "Shift handover at the bridge")
attachments = thread(officers, "Forms seen at the crossing")
history = thread(board, "Earlier posts")
for number in range(8):
    poster = create_member(f"stack-poster-{{number}}@agency.example", role="participant", country_code="KH",
                           password={PASSWORD!r}, name=f"Poster {{number}}", notifications="off")
    poster.date_joined = month_ago
    poster.save(update_fields=["date_joined"])
    ForumProfile.for_user(poster)
    for n in range(5):  # an established member: six posts a minute, not a newcomer's two
        Post.objects.create(thread=history, author=poster, body=f"Earlier post {{n}}", created_at=month_ago)
with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as draft:
    draft.write(json.dumps({{"id": "stack-draft", "type": "method", "language": "en", "slug": "{DRAFT_WORD}-drill",
        "title": "The {DRAFT_WORD} document drill", "summary": "A drill for checking travel documents: the "
        "{DRAFT_WORD} method compares the visa sticker with the entry stamp.", "audience": "public"}}) + "\\n")
    draft.write(json.dumps({{"id": "stack-draft-2", "type": "method", "language": "en", "slug": "noon-shift-drill",
        "title": "The noon shift drill", "summary": "Handing over the crossing at noon.", "audience": "public"}}))
call_command("import_library", draft.name, no_progress=True)
page = Page.objects.get(slug="{DRAFT_WORD}-drill")
second = Page.objects.get(slug="noon-shift-drill")
print(json.dumps({{"admin_secret": admin.totp_secret, "notified": notified.pk, "burst": burst.pk,
                  "attachments": attachments.pk, "draft": page.pk, "draft_live": page.live,
                  "second_draft": second.pk}}))
"""


def template_backup(stack: Stack) -> Path:
    """Return a deploy/backup folder of a migrated site with the demo content and the stack's members (cached)."""
    target = CACHE / f"stack-site-{fingerprint(SETUP)}"
    if (target / "ready").exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix="building-stack-", dir=CACHE))
    stack.create_database("template")
    env = stack.production_env(database="template", media=building)
    env.pop("SEARCH_URL")  # the template's embedded index only; restore builds Elasticsearch's
    env["STATIC_ROOT"] = str(building / "static")
    stack.manage("migrate", "--no-input", "-v0", env=env)
    stack.manage("collectstatic", "--no-input", "-v0", env=env)
    stack.manage("load_demo_content", env=env)
    setup = json.loads(stack.manage("shell", "-c", SETUP, env=env).strip().splitlines()[-1])
    assert setup["draft_live"] is False
    (building / "setup.json").write_text(json.dumps(setup))
    made = subprocess.run(
        [str(ROOT / "deploy" / "backup"), str(building / "backup")], env=env, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    Path(made.stdout.strip()).rename(building / "site")
    (building / "ready").touch()
    for scratch in ("media", "private_media"):
        shutil.rmtree(building / scratch, ignore_errors=True)
    try:
        building.rename(target)
    except OSError:  # another run finished first
        shutil.rmtree(building, ignore_errors=True)
    stack.psql("drop database template", database="postgres")
    return target


def restore(stack: Stack, backup: Path, env: dict[str, str]):
    done = subprocess.run(
        [str(ROOT / "deploy" / "restore"), str(backup)], env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    return done.stdout


@pytest.fixture(scope="module")
def stack():
    busy = [f"{name} {port}" for name, port in PORTS.items() if not port_is_free(port)]
    assert not busy, f"ports in use (set STACK_PORT_BASE): {busy}"
    started = time.monotonic()
    running = Stack(Path(tempfile.mkdtemp(prefix="frontline-stack-")))
    try:
        running.start_postgres()
        running.start_redis()
        running.start_search()
        running.start_smtp()
        template = template_backup(running)
        running.env = running.production_env()
        running.env["STATIC_ROOT"] = str(template / "static")
        running.create_database("frontline")
        restore(running, template / "site", running.env)
        running.setup = json.loads((template / "setup.json").read_text())
        running.base = running.start_gunicorn()
        running.start_worker()
        FIGURES["start-up (s)"] = round(time.monotonic() - started, 1)
        yield running
    finally:
        running.close()
        FIGURES["whole run (s)"] = round(time.monotonic() - started, 1)
        print("\nstack figures:", json.dumps(FIGURES, indent=1))
        if os.environ.get("STACK_KEEP_LOGS"):
            print("logs kept in", running.folder)
        else:
            shutil.rmtree(running.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def admin(stack):
    browser = Browser(stack.base, "203.0.113.5")
    browser.sign_in(ADMIN, PASSWORD, stack.setup["admin_secret"])
    return browser


@pytest.fixture(scope="module")
def newcomer(stack):
    return Browser(stack.base, "198.51.100.23")


def five_hundreds(stack, name="web") -> int:
    access = stack.folder / f"{name}-access.log"
    return sum(1 for line in access.read_text().splitlines() if line.split()[-1].startswith("5"))


def test_the_web_server_runs_the_shipped_gunicorn_configuration(stack):
    """gunicorn is started with deploy/gunicorn.conf.py (only the address and worker count set through the variables
    it reads): its gthread workers, three of them, answer."""
    log = tail(stack.logs["web"], 200_000)
    assert "Using worker: gthread" in log
    assert len(children(stack.processes["web"].pid)) == 3
    answer = requests.get(stack.base + "/accounts/login/", headers={"X-Forwarded-Proto": "https"}, timeout=10)
    assert answer.ok


def test_register_confirm_by_email_approve_and_enrol_two_factor(stack, admin, newcomer):
    form = newcomer.get("/accounts/signup/")
    laos = re.search(r'<option value="(\d+)"[^>]*>\s*(?:Laos|Lao)', form.text).group(1)
    answer = newcomer.request(
        "POST",
        "/accounts/signup/",
        data={
            "csrfmiddlewaretoken": csrf_token(form.text),
            "email": NEWCOMER,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "name": "Somchai Stack",
            "country": laos,
            "agency": "Immigration Police",
            "position": "Investigator",
            "work_email": "somchai@immigration.example",
            "languages": "lo",
        },
    )
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/accounts/confirm-email/")

    # The link arrives by email, sent by the worker through the SMTP server; https, as the proxy said.
    letter = stack.smtp.wait_for(NEWCOMER, "/accounts/confirm-email/")
    link = re.search(r"https://[^/\s]+(/accounts/confirm-email/\S+)", letter.body).group(1)
    confirmed = newcomer.post_form(link, {})
    assert confirmed.status_code == 302

    pending = admin.get("/members/pending/")
    card = pending.text[pending.text.index(NEWCOMER) :]
    member = re.search(r'name="member" value="(\d+)"', card).group(1)
    roles = re.search(r'<select name="role".*?</select>', card, re.S).group(0)
    officer = re.search(r'<option value="([^"]+)"[^>]*>\s*Officer\s*<', roles).group(1)
    decided = admin.request(
        "POST",
        "/members/pending/",
        data={"csrfmiddlewaretoken": csrf_token(pending.text), "member": member, "role": officer, "note": "",
              "decision": "approve"},
    )  # fmt: skip
    assert decided.status_code == 302
    wait_until(lambda: len(stack.smtp.to(NEWCOMER)) >= 2, "the approval email", 90)  # in the member's language

    # Confirming in the browser that registered signed the newcomer in; now an officer, they must enrol in
    # two-factor authentication before anything else.
    held = newcomer.get("/members/profile/")
    assert held.status_code == 302 and "/accounts/2fa/totp/activate/" in held.headers["Location"]
    # Signed in by the emailed link, not by a password typed just now: confirm it first.
    asked = newcomer.get("/accounts/2fa/totp/activate/")
    assert asked.status_code == 302 and asked.headers["Location"].startswith("/accounts/reauthenticate/")
    confirmed = newcomer.post_form(asked.headers["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302 and confirmed.headers["Location"] == "/accounts/2fa/totp/activate/"
    activate = newcomer.get("/accounts/2fa/totp/activate/")
    assert activate.status_code == 200
    field = re.search(r'<input[^>]*id="authenticator_secret"[^>]*>', activate.text).group(0)
    stack.newcomer_secret = re.search(r'value="([A-Z2-7]+)"', field).group(1)
    enrolled = newcomer.request(
        "POST",
        "/accounts/2fa/totp/activate/",
        data={"csrfmiddlewaretoken": csrf_token(activate.text), "code": totp_now(stack.newcomer_secret)},
    )
    assert enrolled.status_code == 302, enrolled.text[-1500:]
    assert newcomer.get("/members/profile/").status_code == 200


def test_a_follower_is_emailed_about_a_reply(stack, admin, newcomer):
    thread = stack.setup["notified"]
    followed = newcomer.post_form(f"/forum/t/{thread}/follow/", {}, form_path=f"/forum/t/{thread}/")
    assert followed.status_code == 302
    replied = admin.post_form(
        f"/forum/t/{thread}/reply/", {"body": "The interview notes template is on the shared drive."}
    )
    assert replied.status_code == 302
    letter = stack.smtp.wait_for(NEWCOMER, "Checkpoint interview notes")
    assert "/forum/notifications/" in letter.body and "shared drive" not in letter.body  # emails never quote posts

    # The officer attaches a photo of a form in the officers' board: a private file (served through X-Accel later).
    image = io.BytesIO()
    Image.new("RGB", (64, 40), (200, 30, 30)).save(image, "PNG")
    thread = stack.setup["attachments"]
    token = newcomer.form_token(f"/forum/t/{thread}/reply/")
    posted = newcomer.request(
        "POST",
        f"/forum/t/{thread}/reply/",
        data={"csrfmiddlewaretoken": token, "body": "The blank form used at the crossing."},
        files={"attachments": ("crossing-form.png", image.getvalue(), "image/png")},
    )
    assert posted.status_code == 302, posted.text[-1500:]
    row = stack.psql("select id, file from forum_attachment order by id desc limit 1")[0]
    stack.attachment = {"url": f"/forum/attachments/{row[0]}/", "file": row[1]}
    behind = newcomer.get(stack.attachment["url"])  # the site answers for nginx: checked, then handed over
    assert behind.status_code == 200 and behind.content == b""
    assert behind.headers["X-Accel-Redirect"] == "/internal-media/" + row[1]


def search_titles(browser, query) -> list[str]:
    """Return the titles of the first page of search results, in order."""
    page = browser.get("/search/?q=" + requests.utils.quote(query))
    assert page.status_code == 200, page.status_code
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', page.text)


def test_search_survives_the_search_server_and_catches_up_after_it_returns(stack, admin, newcomer):
    assert any("coastal scam compound" in title for title in search_titles(newcomer, "coastal scam compound"))
    assert any(doc.get("title", "").startswith("Job advert") for doc in osmem_documents(stack.osmem.url))

    errors_before = five_hundreds(stack)
    stack.osmem.stop()  # its indices saved, as a cluster keeps them on disk
    # Searching goes on from the embedded index in PostgreSQL: no 500.
    for query in ("coastal scam compound", "debt bondage", "ການຄ້າມະນຸດ"):
        newcomer.get("/search/?q=" + requests.utils.quote(query)).raise_for_status()
    assert any("coastal scam compound" in title for title in search_titles(newcomer, "coastal scam compound"))

    # An administrator publishes a page (the shipped "Publish without review" override) while the cluster is down.
    draft = stack.setup["draft"]
    published = admin.post_form(
        f"/admin/safety/pages/{draft}/publish-without-review/", {"reason": "Stack test: urgent drill for all posts"}
    )
    assert published.status_code == 302, published.text[-2000:]
    assert newcomer.get(f"/library/{DRAFT_WORD}-drill/").status_code == 200
    stack.osmem.start()

    def indexed():
        return any(DRAFT_WORD in json.dumps(doc) for doc in osmem_documents(stack.osmem.url))

    wait_until(indexed, "the published page in the search server (outbox drained by the worker)", 90)
    assert any(DRAFT_WORD in title for title in search_titles(newcomer, DRAFT_WORD))
    assert five_hundreds(stack) == errors_before


def test_a_burst_of_posts_survives_killed_web_and_task_workers(stack, admin, newcomer):
    thread = stack.setup["burst"]
    assert newcomer.post_form(f"/forum/t/{thread}/follow/", {}, form_path=f"/forum/t/{thread}/").status_code == 302
    posters = []
    for number, address in enumerate(POSTERS):
        browser = Browser(stack.base, f"198.51.100.{100 + number}")
        browser.sign_in(address, PASSWORD)
        browser.reply_token = browser.form_token(f"/forum/t/{thread}/reply/")
        posters.append(browser)
    tokens = [f"burst-{poster}-{n}" for poster in range(len(posters)) for n in range(3)]
    outcomes = Counter()
    done = []
    lock = threading.Lock()

    def stored(token):
        return int(
            stack.psql("select count(*) from forum_post where body like '%' || :'token' || '%'", token=token)[0][0]
        )

    def post(poster_index):
        browser = posters[poster_index]
        for n in range(3):
            token = f"burst-{poster_index}-{n}"
            for _attempt in range(5):
                try:
                    answer = browser.request(
                        "POST",
                        f"/forum/t/{thread}/reply/",
                        data={"csrfmiddlewaretoken": browser.reply_token, "body": f"Handover note {token}"},
                    )
                    kind = str(answer.status_code)
                except requests.ConnectionError:
                    kind = "connection cut"
                with lock:
                    outcomes[kind] += 1
                if kind == "302":
                    break
                # As a member would: look whether the post went in before sending it again.
                if stored(token):
                    break
                time.sleep(0.5)
            with lock:
                done.append(token)

    web_workers = children(stack.processes["web"].pid)
    with ThreadPoolExecutor(len(posters)) as pool:
        futures = [pool.submit(post, index) for index in range(len(posters))]
        wait_until(lambda: len(done) >= 4, "the first posts of the burst", 120)
        os.kill(web_workers[0], signal.SIGKILL)  # a web worker dies mid-burst…
        stack.kill("worker")  # …and so does the task worker, whatever it was sending
        for future in futures:
            future.result()
    FIGURES["burst: answers"] = dict(outcomes)
    assert children(stack.processes["web"].pid) and web_workers[0] not in children(stack.processes["web"].pid)

    # Every post is stored exactly once.
    counts = {token: stored(token) for token in tokens}
    assert all(count == 1 for count in counts.values()), counts

    stack.start_worker("worker")  # systemd's Restart=always; the killed worker's task is run again
    post_ids = {
        token: int(stack.psql("select id from forum_post where body like '%' || :'token' || '%'", token=token)[0][0])
        for token in tokens
    }
    followers = (ADMIN, NEWCOMER)
    posts = ",".join(map(str, post_ids.values()))

    def delivered_per_post():
        # Each email names its notification; the notification names the post: one per follower and post.
        rows = stack.psql(
            "select n.id, n.post_id, u.email from forum_notification n join auth_user u on u.id = n.recipient_id "
            "where n.post_id = any(string_to_array(:'posts', ',')::bigint[]) and u.email in (:'admin', :'member')",
            posts=posts,
            admin=ADMIN,
            member=NEWCOMER,
        )
        if len(rows) < len(tokens) * len(followers):
            return None
        sent = Counter()
        for address in followers:
            for mail in stack.smtp.to(address):
                for notification in re.findall(r"/forum/notifications/(\d+)/", mail.body):
                    sent[(notification, address)] += 1
        per_post = {(row[1], row[2]): sent[(row[0], row[2])] for row in rows}
        return per_post if all(per_post.values()) else None

    wait_until(delivered_per_post, "every follower's email for every post", 150)
    per_post = delivered_per_post()
    duplicates = sum(count - 1 for count in per_post.values())
    FIGURES["burst: posts stored"] = len(counts)
    FIGURES["burst: notification emails (follower x post)"] = len(per_post)
    FIGURES["burst: emails sent twice"] = duplicates
    # Notifications exactly once: one row per follower and post (the database keeps it unique).
    rows = stack.psql(
        "select recipient_id, post_id, count(*) from forum_notification "
        "where post_id = any(string_to_array(:'posts', ',')::bigint[]) group by 1, 2 having count(*) > 1",
        posts=posts,
    )
    assert rows == []
    assert all(count >= 1 for count in per_post.values())  # emails at least once


IMPORT_LINES = 10_000  # long enough that the first member's answers come well before its commit
# The import's own transaction: the backend that has written a run record and search index rows, not committed.
IMPORT_HAS_INDEXED = (
    "select count(*) from pg_locks run join pg_class run_table on run_table.oid = run.relation "
    "join pg_locks entry on entry.pid = run.pid join pg_class entry_table on entry_table.oid = entry.relation "
    "where run_table.relname = 'library_importrun' and entry_table.relname = 'search_indexentry'"
)


def bulk_line(n: int) -> str:
    language = ("en", "th", "vi", "km", "lo")[n % 5]
    return json.dumps(
        {
            "type": "method",
            "id": f"stack-bulk-{n}",
            "title": f"Partner checklist {n} ({language})",
            "summary": f"Checklist {n} a partner agency uses at the crossing.",
            "body": f"<p>Step {n}: compare the passport photo with the traveller.</p>",
            "language": language,
            "countries": ["LA"],
            "audience": "public",
        }
    )


def test_members_sign_in_reply_and_publish_while_an_import_holds_its_transaction_open(stack, admin):
    """An editor imports a partner's pages while officers post: on PostgreSQL the import is one transaction, and a
    member who signs in and replies, and an administrator who publishes a page, after it has written to the search
    index are answered while it still runs."""
    thread = stack.setup["notified"]
    data = stack.folder / "partner-pages.jsonl"
    data.write_text("\n".join(bulk_line(n) for n in range(IMPORT_LINES)), encoding="utf-8")
    log = stack.folder / "import.log"
    importing = subprocess.Popen(
        [sys.executable, "manage.py", "import_library", str(data), "--publish", "--no-progress",
         "--without-review", "Reviewed by the partner agency.", "--administrator", ADMIN],
        cwd=ROOT, env=stack.env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    answered = []  # (what, status, whether the import's transaction was still open when the answer came)

    def import_open():
        return int(stack.psql(IMPORT_HAS_INDEXED)[0][0]) > 0

    try:
        wait_until(import_open, "the import's first index rows", 300, importing, log)
        for number, address in enumerate(POSTERS[:4]):
            member = Browser(stack.base, f"198.51.100.{150 + number}")
            signed_in = member.post_form("/accounts/login/", {"login": address, "password": PASSWORD})
            answered.append(("sign-in", signed_in.status_code, import_open()))
            replied = member.post_form(f"/forum/t/{thread}/reply/", {"body": f"Seen at the crossing, note {number}."})
            answered.append(("reply", replied.status_code, import_open()))
        # An editor's publication raises the library's restrictions version, which the import raises too.
        published = admin.post_form(
            f"/admin/safety/pages/{stack.setup['second_draft']}/publish-without-review/",
            {"reason": "Stack test: publishing while a partner's file is imported"},
        )
        answered.append(("publish", published.status_code, import_open()))
        assert importing.wait(timeout=600) == 0, tail(log)
    finally:
        if importing.poll() is None:
            importing.kill()
    FIGURES["import beside members: answers (what, status, import's transaction open)"] = answered
    assert all(status == 302 for _what, status, _open in answered), answered
    # The first sign-in and reply, and the publication, were answered while the import's transaction was open: they
    # used to wait for the import's locks on the search index's and the library's versions until it committed.
    assert answered[0][2] and answered[1][2] and answered[-1][2], answered
    assert (
        int(stack.psql("select count(*) from library_librarypage where import_key like 'id:stack-bulk-%'")[0][0])
        == IMPORT_LINES
    )
    assert int(stack.psql("select count(*) from forum_post where body like 'Seen at the crossing, note %'")[0][0]) == 4
    assert stack.psql("select live from wagtailcore_page where slug = 'noon-shift-drill'") == [["t"]]


def test_a_postgresql_restart_costs_a_bounded_number_of_errors_and_none_after(stack, newcomer):
    """Three signed-in readers (a request every 0.1 s each) while PostgreSQL restarts: errors only while it is down.

    Requests that overlap the restart may fail (500: the database refused or dropped them); every request that
    starts once it accepts connections again succeeds, because each web process checks a kept connection before
    reusing it (conn_health_checks) instead of failing once per process on a dead one.
    """
    results = []  # (started, ended, status)
    stop = threading.Event()
    reader = Browser(stack.base, "198.51.100.61")
    reader.cookies = dict(newcomer.cookies)

    def read():
        paths = ["/library/", "/forum/", "/search/?q=debt+bondage", "/members/profile/"]
        n = 0
        while not stop.is_set():
            started = time.monotonic()
            try:
                status = reader.get(paths[n % len(paths)], timeout=30).status_code
            except requests.RequestException:
                status = 599
            results.append((started, time.monotonic(), status))
            n += 1
            time.sleep(0.1)

    threads = [threading.Thread(target=read, daemon=True) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(3)
        restart_began = time.monotonic()
        stack.pg_ctl("restart", "-m", "fast", "-w")
        restart_ended = time.monotonic()
        time.sleep(8)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    back = restart_ended + 0.5  # pg_ctl -w returns as the server accepts connections
    before = [status for started, ended, status in results if ended < restart_began]
    window = [status for started, ended, status in results if ended >= restart_began and started < back]
    after = [status for started, ended, status in results if started >= back]
    errors = [status for status in window if status >= 500]
    FIGURES["postgres restart: down (s)"] = round(restart_ended - restart_began, 1)
    FIGURES["postgres restart: requests before/overlapping/after"] = [len(before), len(window), len(after)]
    FIGURES["postgres restart: 5xx overlapping"] = len(errors)
    FIGURES["postgres restart: 5xx after"] = sum(status >= 500 for status in after)
    assert before and all(status == 200 for status in before), Counter(before)
    assert after and all(status == 200 for status in after), Counter(after)  # none after: no 500 storm
    # Bounded: only requests that overlapped the restart failed (3 readers, ≤ 10 requests a second each).
    assert len(errors) <= 3 * 10 * (back - restart_began + 1)
    # The task worker rode it out: it is alive and mail still goes out.
    assert stack.processes["worker"].poll() is None, tail(stack.logs["worker"])
    thread = stack.setup["notified"]
    admin = Browser(stack.base, "203.0.113.5")
    admin.sign_in(ADMIN, PASSWORD, stack.setup["admin_secret"])
    emailed = len(stack.smtp.to(NEWCOMER))
    assert admin.post_form(f"/forum/t/{thread}/reply/", {"body": "After the database restart."}).status_code == 302
    wait_until(lambda: len(stack.smtp.to(NEWCOMER)) > emailed, "a notification email after the restart", 90)


def library_links(browser) -> list[str]:
    page = browser.get("/library/")
    assert page.status_code == 200
    return re.findall(r'href="(/library/[a-z0-9-]+/)"', page.text)


def test_backup_then_restore_into_a_second_database_serves_the_same_library(stack, newcomer):
    started = time.monotonic()
    made = subprocess.run(
        [str(ROOT / "deploy" / "backup"), str(stack.folder / "backups")],
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())
    assert sorted(path.name for path in backup.iterdir()) == [
        "SHA256SUMS", "VERSION", "database.dump", "media.tar.gz", "private_media.tar.gz"
    ]  # fmt: skip

    second = stack.folder / "second"
    second.mkdir()
    stack.create_database("restored")
    env = stack.production_env(database="restored", media=second, index_prefix="restored")
    env["STATIC_ROOT"] = str(second / "static")  # a new server: restore collects the static files
    # Restoring into a database that holds tables is refused without --replace.
    refused = subprocess.run([str(ROOT / "deploy" / "restore"), str(backup)], env=stack.env, capture_output=True)
    assert refused.returncode == 2 and b"--replace" in refused.stderr
    restore(stack, backup, env)
    FIGURES["backup + restore (s)"] = round(time.monotonic() - started, 1)
    original = sorted(
        p.relative_to(stack.folder / "private_media") for p in (stack.folder / "private_media").rglob("*")
    )
    assert original == sorted(p.relative_to(second / "private_media") for p in (second / "private_media").rglob("*"))

    restored_base = stack.start_gunicorn("restored", PORTS["restored"], workers=2, env=env)
    visitor, restored_visitor = Browser(stack.base), Browser(restored_base)
    assert library_links(visitor) == library_links(restored_visitor) != []
    for query in ("coastal scam compound", DRAFT_WORD):
        assert search_titles(visitor, query) == search_titles(restored_visitor, query)
    assert any(
        DRAFT_WORD in json.dumps(doc)
        for doc in osmem_documents(stack.osmem.url)
        if doc["_index"].startswith("restored")
    )
    # The members came along: the newcomer signs in on the restored site with the same second factor.
    member = Browser(restored_base, "198.51.100.24")
    member.sign_in(NEWCOMER, PASSWORD, code=totp_now(stack.newcomer_secret))
    assert member.get("/members/profile/").status_code == 200
    stack.restored_base = restored_base


def test_nginx_in_front_of_the_restored_site(stack, newcomer):
    """The shipped nginx site file, in front of the restored site: TLS, HTTP→HTTPS, static files with gzip, private
    media only through X-Accel-Redirect after the site's check, spoofed Host headers, oversized uploads."""
    second = stack.folder / "second"
    base = stack.start_nginx(PORTS["restored"], second / "private_media", second / "static")
    verify = str(stack.nginx_cert)
    visitor = Browser(base, proxy_headers=False, verify=verify)
    home = visitor.get("/library/")
    assert home.status_code == 200 and "max-age=31536000" in home.headers["Strict-Transport-Security"]
    assert library_links(visitor) == library_links(Browser(stack.base))  # the restored library, through nginx

    plain = requests.get(f"http://{PUBLIC_HOST}:{PORTS['http']}/library/?x=1", allow_redirects=False, timeout=10)
    assert plain.status_code == 301 and plain.headers["Location"] == f"https://{PUBLIC_HOST}/library/?x=1"

    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home.text).group(1)
    css = requests.get(base + stylesheet, headers={"Accept-Encoding": "gzip"}, verify=verify, timeout=10)
    assert css.status_code == 200 and css.headers["Content-Encoding"] == "gzip"
    assert "immutable" in css.headers["Cache-Control"]

    # Private media: the officer gets the bytes (sent by nginx), with the site's headers; nobody else does.
    officer = Browser(base, proxy_headers=False, verify=verify)
    officer.sign_in(NEWCOMER, PASSWORD, code=totp_now(stack.newcomer_secret))
    photo = officer.get(stack.attachment["url"])
    stored = (stack.folder / "second" / "private_media" / stack.attachment["file"]).read_bytes()
    assert photo.status_code == 200 and photo.content == stored and photo.content[:4] == b"\x89PNG"
    assert photo.headers["Content-Type"] == "image/png"
    assert photo.headers["Cache-Control"] == "private, max-age=3600"
    assert photo.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert photo.headers["X-Content-Type-Options"] == "nosniff"
    assert "X-Accel-Redirect" not in photo.headers
    participant = Browser(base, proxy_headers=False, verify=verify)
    participant.sign_in(POSTERS[0], PASSWORD)
    assert participant.get(stack.attachment["url"]).status_code == 404  # not a reader of the officers' board
    assert visitor.get(stack.attachment["url"]).status_code == 302  # sign in first
    for guess in ("/internal-media/" + stack.attachment["file"], "/internal-media/", "/private_media/"):
        assert officer.get(guess).status_code == 404, guess
        assert stored not in officer.get(guess).content

    # A spoofed Host header never reaches the site (nginx closes the connection); gunicorn itself refuses it.
    with pytest.raises(requests.ConnectionError):
        visitor.get("/library/", headers={"Host": "evil.example"})
    direct = requests.get(f"{stack.restored_base}/library/", headers={"Host": "evil.example"}, timeout=10)
    assert direct.status_code == 400

    # Oversized uploads: refused by nginx from the declared length, before a byte of the body is read.
    context = ssl.create_default_context(cafile=verify)
    for path, size, refused in (("/forum/t/1/reply/", 26 * 2**20, True), ("/share/", 211 * 2**20, True)):
        connection = http.client.HTTPSConnection(PUBLIC_HOST, PORTS["https"], context=context, timeout=30)
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", "multipart/form-data; boundary=x")
        connection.putheader("Content-Length", str(size))
        connection.endheaders()
        assert (connection.getresponse().status == 413) is refused, path
        connection.close()
    # …while the share form's own limit lets a 26 MB case through to the site (which wants a signed-in officer).
    allowed = visitor.request("POST", "/share/", data=b"x" * (26 * 2**20), headers={"Content-Type": "text/plain"})
    assert allowed.status_code in {302, 403}
    FIGURES["nginx checks"] = "passed"


def test_the_restored_site_in_chromium_at_phone_width_in_two_languages(stack):
    """Behind nginx, the restored site serves its library to a phone in Khmer and in Thai: translated interface,
    nothing wider than the screen, the same pages as the original site, search answering."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("needs Chromium (make browser-deps)")
    base = f"https://{PUBLIC_HOST}:{PORTS['https']}"
    expected = Browser(stack.base).get("/library/").text.count('class="card__title"')
    shots = Path(os.environ.get("STACK_SCREENSHOTS") or stack.folder / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    with mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}), sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for language, query in (("km", "ការជួញដូរ"), ("th", "การค้ามนุษย์")):
                context = chromium.new_context(viewport=PHONE, ignore_https_errors=True)
                context.add_cookies([{"name": "django_language", "value": language, "url": base}])
                page = context.new_page()
                page.goto(base + "/library/")
                assert page.locator("html").get_attribute("lang") == language
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
                assert page.locator(".card__title").count() == expected > 0
                page.screenshot(path=str(shots / f"restored-library-{language}.png"), full_page=False)
                page.goto(base + "/search/?q=" + requests.utils.quote(query))
                assert page.locator("html").get_attribute("lang") == language
                assert page.locator("article.card").count() > 0
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
                page.screenshot(path=str(shots / f"restored-search-{language}.png"), full_page=False)
                context.close()
        finally:
            chromium.close()
