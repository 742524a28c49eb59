"""Walk issue 14's "What users will try" 1 and 2 in Chromium at 360 px while bench/load.py's load runs, and as an
attacker; screenshots to look at.

Run: .venv/bin/python bench/walk_under_load.py [--port 8250] [--seconds 150] [--shots DIR] [--languages km,th]

The site as bench/load.py runs it (gunicorn with deploy/gunicorn.conf.py and production settings, redis-server,
the task worker; emails printed by the worker to its log, the console backend) on a copy of the demo database.
While 50 visitors read the library and 20 members reply in a busy thread that everyone follows (load.py's
scenarios, in the background), Debian's Chromium (Playwright, executable_path) does in each interface language:

1. a visitor opens the home page, the library, a case study and a search: each page's time and whether the page
   cache answered it;
2. a member who follows the busy thread replies: the reply is on the page the browser lands on; another follower
   sees it on their notifications page once the worker has fanned it out, and an email to them is in the worker's log;
3. an attacker beside a signed-in member (two browsers at once): the member's profile, notifications and a
   members-only case study are never served to the attacker, whatever X-Forwarded-For / X-Forwarded-Host /
   Host they send, and forged X-Forwarded-For values do not give more wrong sign-ins than the limit.

Requests reach gunicorn as from the reverse proxy: X-Forwarded-Proto https, and an X-Forwarded-For whose last
entry is the one the proxy appended (what a client sends stands to its left).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import CACHE, HOST, Stack, load_average, posters, prepare, visitors  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
LOCALES = {"km": "km-KH", "th": "th-TH", "lo": "lo-LA", "vi": "vi-VN", "en": "en-GB"}
MEMBERS_ONLY_HINTS = ("money-mule-accounts",)


def browser_context(browser, base: str, language: str, client: str, cookies: dict[str, str] | None = None):
    """Return a Chromium context at 360 px in a language, its requests as the proxy forwards a client's."""
    context = browser.new_context(viewport=PHONE, locale=LOCALES[language])
    context.set_extra_http_headers({"X-Forwarded-Proto": "https", "X-Forwarded-For": client})
    jar = {"django_language": language, **(cookies or {})}
    context.add_cookies([{"name": name, "value": value, "url": base} for name, value in jar.items()])
    return context


def timed_goto(page, url: str):
    began = time.monotonic()
    response = page.goto(url)
    page.wait_for_load_state("load")
    return response, (time.monotonic() - began) * 1000


def run_load(port: int, seconds: float, setup: dict, marker: str, results: dict) -> None:
    async def both():
        return await asyncio.gather(visitors(port, seconds, setup, 50), posters(port, seconds, setup, 10.5, marker))

    visitor_rec, (poster_rec, accepted) = asyncio.run(both())
    results.update(visitors=visitor_rec.row("load: 50 visitors"), posters=poster_rec.row("load: 20 posters"))
    results["accepted"] = accepted


def walk(browser, base: str, setup: dict, language: str, shots: Path, worker_log: Path, notes: list[str]) -> None:
    say = notes.append
    # 1. The library for a visitor, under load.
    visitor = browser_context(browser, base, language, "198.51.100.200").new_page()
    for name, path in (
        ("home", "/"),
        ("library", "/library/"),
        ("case-study", setup["pages"][0]),
        ("search", "/search/?q=trafficking"),
    ):
        response, ms = timed_goto(visitor, base + path)
        cache = response.headers.get("x-page-cache", "-")
        lang = visitor.locator("html").get_attribute("lang")
        say(f"[{language}] visitor {name}: {response.status}, {ms:.0f} ms, page cache {cache}, lang={lang}")
        visitor.screenshot(path=str(shots / f"{language}-visitor-{name}.png"), full_page=False)
        assert response.status == 200 and lang == language, (name, response.status, lang)

    # 2. A follower replies in the busy thread; another follower is told.
    thread = f"/forum/t/{setup['thread']}/"
    writer = browser_context(browser, base, language, "203.0.113.200", {"sessionid": setup["readers"][0]}).new_page()
    response, ms = timed_goto(writer, base + thread)
    say(f"[{language}] member opens the busy thread: {response.status}, {ms:.0f} ms")
    text = f"Walk reply {language} {int(time.time())} ពិនិត្យ ตรวจสอบ"
    writer.locator("form textarea[name=body]").last.fill(text)
    began = time.monotonic()
    writer.locator("form textarea[name=body]").last.locator("xpath=ancestor::form").locator(
        "button[type=submit]"
    ).last.click()
    writer.wait_for_load_state("load")
    shown = writer.get_by_text(text).count()
    say(f"[{language}] reply posted: landed on {writer.url.removeprefix(base)} after "
        f"{(time.monotonic() - began) * 1000:.0f} ms; the reply shown there: {bool(shown)}")  # fmt: skip
    writer.screenshot(path=str(shots / f"{language}-reply-posted.png"), full_page=False)
    assert shown, writer.url

    writer.goto(base + "/forum/settings/")
    name = (
        writer.locator("input[name=display_name]").input_value() or writer.locator("input[name=handle]").input_value()
    )
    follower = browser_context(browser, base, language, "203.0.113.201", {"sessionid": setup["readers"][1]}).new_page()
    deadline = time.monotonic() + 60
    while True:  # readers never reply under load: a notification naming the writer is about the walk's replies
        follower.goto(base + "/forum/notifications/")
        told = follower.locator("ul.notification-list a", has_text=name).count()
        if told >= walked_replies(notes, language) or time.monotonic() > deadline:
            break
        time.sleep(1)
    follower.screenshot(path=str(shots / f"{language}-follower-notifications.png"), full_page=False)
    say(f"[{language}] the follower's notifications name the writer {name!r} {told} time(s), "
        f"{time.monotonic() - began:.1f} s after the reply was sent")  # fmt: skip
    deadline = time.monotonic() + 60
    while not (mailed := emails_to(worker_log, "load-reader-1@bench.invalid", name)) and time.monotonic() < deadline:
        time.sleep(2)
    say(f"[{language}] emails to the follower naming the writer, in the worker's console log: {mailed}")

    # 3. Attacker beside a signed-in member, at the same moment.
    member = browser_context(browser, base, language, "203.0.113.202", {"sessionid": setup["readers"][2]}).new_page()
    attacker_context = browser_context(browser, base, language, "6.6.6.6, 192.0.2.250")
    attacker_context.set_extra_http_headers(
        {"X-Forwarded-Proto": "https", "X-Forwarded-For": "6.6.6.6, 192.0.2.250", "X-Forwarded-Host": "evil.example"}
    )
    attacker = attacker_context.new_page()
    for path in ("/members/profile/", "/forum/notifications/", thread, *private_pages(setup)):
        for _round in range(2):  # the member first, then the attacker; twice, so a kept answer would show
            mine, _ms = timed_goto(member, base + path)
            theirs, _ms = timed_goto(attacker, base + path)
        leaked = "/accounts/logout/" in attacker.content() or "load-reader" in attacker.content()
        say(f"[{language}] {path}: member {mine.status}; attacker {theirs.status} at {attacker.url.removeprefix(base)}"
            f", page cache {theirs.headers.get('x-page-cache', '-')}, member content shown: {leaked}")  # fmt: skip
        attacker.screenshot(path=str(shots / f"{language}-attacker{path.replace('/', '_')}.png"), full_page=False)
        assert not leaked, path
    poisoned = attacker_context.request.get(base + "/library/", headers={"Host": "evil.example"})
    say(f"[{language}] Host: evil.example → {poisoned.status}")
    clean = browser_context(browser, base, language, "198.51.100.201").new_page()
    response, _ms = timed_goto(clean, base + "/library/")
    say(f"[{language}] a visitor after that: {response.status}, evil.example in the page: "
        f"{'evil.example' in clean.content()}")  # fmt: skip
    assert "evil.example" not in clean.content()


def emails_to(log: Path, address: str, text: str) -> int:
    """Return how many emails in the worker's console log go to an address and contain a text."""
    messages = log.read_text(errors="replace").split("-" * 79)
    return sum(1 for message in messages if f"To: {address}" in message and text in message)


def walked_replies(notes: list[str], language: str) -> int:
    """Return how many replies the walk has posted so far (one per language walked)."""
    return sum(1 for note in notes if "reply posted" in note)


def private_pages(setup: dict) -> list[str]:
    return [f"/library/{hint}/" for hint in MEMBERS_ONLY_HINTS]


def forged_sign_ins(browser, base: str, notes: list[str]) -> None:
    """Wrong passwords with a new forged X-Forwarded-For each time, all from one proxy-seen address."""
    context = browser.new_context(viewport=PHONE, locale="th-TH")
    page = context.new_page()
    statuses = []
    for attempt in range(7):
        context.set_extra_http_headers(
            {"X-Forwarded-Proto": "https", "X-Forwarded-For": f"10.{attempt}.0.1, 192.0.2.99"}
        )
        page.goto(base + "/accounts/login/")
        page.fill("input[name=login]", "load-reader-5@bench.invalid")
        page.fill("input[name=password]", "not the password")
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.locator("main form button[type=submit]").last.click()
        statuses.append(answer.value.status)
    notes.append(f"wrong sign-ins with forged X-Forwarded-For (left part changed each time): {statuses}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8250)
    parser.add_argument("--seconds", type=float, default=150, help="length of the background load")
    parser.add_argument("--shots", type=Path, default=CACHE / "walk-shots")
    parser.add_argument("--languages", default="km,th")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.shots.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="walk-", dir=CACHE))
    notes: list[str] = []
    try:
        setup = prepare(folder, args.port)
        stack = Stack(folder, args.port, 2, cached=True)
        stack.env.update(
            EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
            CSRF_TRUSTED_ORIGINS=f"http://{HOST}:{args.port}",  # Chromium's Origin; the proxy would make it https
        )
        with stack:
            base = f"http://{HOST}:{args.port}"
            results: dict = {}
            marker = f"walk-load-{int(time.time())}"
            load = threading.Thread(target=run_load, args=(args.port, args.seconds, setup, marker, results))
            load.start()
            time.sleep(5)
            notes.append(f"load average at the start of the walk: {load_average()}")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
                for language in args.languages.split(","):
                    walk(browser, base, setup, language, args.shots, folder / "cached" / "worker.log", notes)
                forged_sign_ins(browser, base, notes)
                browser.close()
            notes.append(f"walk done while the load ran: {load.is_alive()}; load average {load_average()}")
            load.join()
            for key in ("visitors", "posters"):
                notes.append(" | ".join(str(cell) for cell in results[key]))
            notes.append(f"replies accepted under load: {results['accepted']}")
    finally:
        print("\n".join(notes))
        print(f"screenshots: {args.shots}")
        if not os.environ.get("LOAD_KEEP"):
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
