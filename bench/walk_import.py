"""Walk issue 14's "What users will try" line 3 in Chromium at 360 px: an editor imports a partner's 20,000 pages
while officers sign in and post; screenshots to look at.

Run: .venv/bin/python bench/walk_import.py [--lines 20000] [--languages th,km] [--shots DIR] [--port 8171]
     scripts/with-postgres .venv/bin/python bench/walk_import.py --postgres

The site as bench/import_concurrency.py runs it (gunicorn, 2 workers, production settings, behind the proxy's
headers) on a fresh database (SQLite in WAL mode, or with --postgres a new database on the cluster DATABASE_URL
names) with members and a thread they follow. While `manage.py import_library FILE --publish` writes the file,
Debian's Chromium (Playwright, executable_path) signs a member in and replies in each interface language, two
members at once, and checks each answer came while the import was still running; as an attacker, signed out, it
posts a copied reply form (sent to sign in, nothing stored). Prints what each step saw; exits non-zero if a step
failed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_concurrency import (  # noqa: E402
    PASSWORD,
    ROOT,
    SETUP,
    cluster_url,
    free_port,
    manage,
    serving,
    site_database,
    start_import,
)
from import_speed import lines  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
LOCALES = {"km": "km-KH", "th": "th-TH", "lo": "lo-LA", "vi": "vi-VN", "en": "en-GB"}


def context(browser, base: str, language: str, client: str):
    made = browser.new_context(viewport=PHONE, locale=LOCALES[language])
    made.set_extra_http_headers({"X-Forwarded-Proto": "https", "X-Forwarded-For": client})
    made.add_cookies([{"name": "django_language", "value": language, "url": base}])
    return made


def sign_in(page, base: str, email: str, password: str):
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("form:has(input[name=login]) button[type=submit]").first.click()
    return page.url


def reply(page, base: str, thread: int, text: str) -> bool:
    page.goto(f"{base}/forum/t/{thread}/")
    box = page.locator("form textarea[name=body]").last
    box.fill(text)
    with page.expect_navigation():
        box.locator("xpath=ancestor::form").locator("button[type=submit]").last.click()
    return page.get_by_text(text).count() > 0


def walk(args, base: str, thread: int, importing: subprocess.Popen, shots: Path, say) -> list[str]:
    from playwright.sync_api import sync_playwright

    failures = []

    def check(ok: bool, what: str):
        say(f"{'ok  ' if ok else 'FAIL'} {what}")
        if not ok:
            failures.append(what)

    running = lambda: importing.poll() is None  # noqa: E731
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        for number, language in enumerate(args.languages):
            page = context(browser, base, language, f"198.51.100.{60 + number}").new_page()
            began = time.monotonic()
            landed = sign_in(page, base, f"bench-member-{number}@example.org", PASSWORD)
            ms = (time.monotonic() - began) * 1000
            check(
                "/accounts/login/" not in landed and running(),
                f"[{language}] signs in during the import ({ms:.0f} ms, import running: {running()})",
            )
            lang = page.locator("html").get_attribute("lang")
            width = page.evaluate("document.documentElement.scrollWidth")
            check(lang == language and width <= PHONE["width"], f"[{language}] page in {lang}, {width} px wide")
            text = f"Walk {language} {int(time.time())}: ពិនិត្យ ตรวจสอบ kiểm tra"
            began = time.monotonic()
            shown = reply(page, base, thread, text)
            ms = (time.monotonic() - began) * 1000
            page.screenshot(path=str(shots / f"{language}-reply-during-import.png"))
            check(
                shown and running(),
                f"[{language}] reply shown: {shown} ({ms:.0f} ms, import running: {running()})",
            )

        # Two members at once, each in their own browser.
        pages = [
            context(browser, base, language, f"203.0.113.{70 + n}").new_page()
            for n, language in enumerate(args.languages[:2])
        ]
        for n, page in enumerate(pages):
            sign_in(page, base, f"bench-member-{n + 4}@example.org", PASSWORD)
        # Playwright's sync pages belong to this thread: submit both forms, then wait for both answers.
        for n, page in enumerate(pages):
            page.goto(f"{base}/forum/t/{thread}/")
            page.locator("form textarea[name=body]").last.fill(f"Together {n} at noon")
        for page in pages:
            page.evaluate("document.querySelectorAll('form textarea[name=body]')[document.querySelectorAll("
                          "'form textarea[name=body]').length - 1].form.requestSubmit()")  # fmt: skip
        for n, page in enumerate(pages):
            page.wait_for_function(f"document.body.innerText.includes('Together {n} at noon')", timeout=60000)
        check(
            running(),
            f"two members replied at once, both shown (import running: {running()})",
        )

        # The attacker, signed out, sends the reply form of a member's page (copied with its token) during the
        # import: sent to sign in, nothing stored.
        attacker = context(browser, base, args.languages[0], "192.0.2.66").new_page()
        attacker.goto(f"{base}/forum/t/{thread}/")
        token = attacker.evaluate("(document.querySelector('input[name=csrfmiddlewaretoken]') || {}).value || ''")
        answer = attacker.request.post(
            f"{base}/forum/t/{thread}/reply/",
            form={"csrfmiddlewaretoken": token, "body": "Attacker's reply"},
            headers={
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": "192.0.2.66",
                "Origin": base.replace("http:", "https:"),
            },
            max_redirects=0,
        )
        where = answer.headers.get("location", "")
        check(
            answer.status == 403 or where.startswith("/accounts/login/"),
            f"attacker: a signed-out reply is refused ({answer.status} to {where or '-'})",
        )
        page = pages[0]
        page.goto(f"{base}/forum/t/{thread}/")
        check(page.get_by_text("Attacker's reply").count() == 0, "attacker: nothing stored")
        browser.close()
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--languages", default="th,km")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--port", type=int, default=8171)
    parser.add_argument("--shots", default=None)
    args = parser.parse_args()
    args.languages = [code.strip() for code in args.languages.split(",") if code.strip() in LOCALES]
    if not args.languages:
        raise SystemExit(f"--languages: some of {', '.join(LOCALES)}")
    postgres = cluster_url(args.postgres)
    shots = Path(args.shots or tempfile.mkdtemp(prefix="walk-import-shots-"))
    shots.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="walk-import-"))
    data = folder / "partner.jsonl"
    data.write_text("\n".join(lines(args.lines)), encoding="utf-8")

    def say(text):
        print(text, flush=True)

    try:
        with site_database(ROOT, "walk", folder, postgres) as env:
            thread = int(manage(ROOT, env, "shell", "-c", SETUP).strip().splitlines()[-1])
            port = free_port(args.port)
            # No TLS proxy here: Chromium speaks http to gunicorn and its Origin says so.
            env["CSRF_TRUSTED_ORIGINS"] = f"http://127.0.0.1:{port}"
            with serving(ROOT, "walk", env, folder, port) as base:
                engine = "PostgreSQL" if postgres else "SQLite"
                say(f"{args.lines} lines, {engine}; site on {base}; screenshots in {shots}")
                importing = start_import(ROOT, env, data)
                began = time.monotonic()
                time.sleep(8)  # past checking the lines: writing
                failures = walk(args, base, thread, importing, shots, say)
                out, err = importing.communicate(timeout=3600)
                say(f"import: exit {importing.returncode} after {time.monotonic() - began:.0f} s; {out.strip()[-300:]}")
                if importing.returncode:
                    failures.append(f"the import failed: {err[-1000:]}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if failures:
        raise SystemExit(f"{len(failures)} step(s) failed: {failures}")


if __name__ == "__main__":
    main()
