"""Benchmark: the page editor with the anonymity findings panel, from the stored check and with a fresh scan.

Runs in-process on a temporary SQLite database with the test settings (DEBUG off); the baseline is the same
editor with the findings panel switched off, measured in the same run.
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
for path in (str(ROOT), str(ROOT / "site"), str(ROOT / "bench")):
    if path not in sys.path:
        sys.path.insert(0, path)

from _common import print_table, time_requests  # noqa: E402

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
REPORT = (
    "<p>Extract of the police report: the victim Nguyen Thi Lan was contacted on 0912 345 678 "
    "by a recruiter using the profile facebook.com/lan.nguyen.92 and promised work in a factory.</p>"
)
FILLER = "<p>Workers were moved across the border in small groups and kept in a compound near the crossing.</p>"


def main() -> int:
    """Print p50/p95 times of the page editor with and without the findings panel, and return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40, help="timed requests per row (default 40)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="frontline-bench-editor-"))
    try:
        os.environ["DJANGO_SETTINGS_MODULE"] = "frontline.settings.test"
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        rows = measure(args.requests)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print_table(
        ["page editor", "findings", "p50 ms", "p95 ms", "cpu p50 ms", "status"],
        rows,
        title=f"Page editor, {args.requests} GETs each (in-process, test settings, SQLite)",
    )
    return 0


def measure(requests):
    """Return table rows: the editor without the panel, with it from the stored check, and with a fresh scan."""
    from django.test import Client
    from django.urls import reverse

    from accounts.roles import EDITOR
    from library.models import CaseStudyPage
    from safety.models import AnonymityCheck
    from safety.panels import AnonymityFindingsPanel
    from tests.factories.accounts import create_user
    from tests.factories.library import create_case_study

    editor = create_user(EDITOR)
    long_text = FILLER * 30 + REPORT + FILLER * 30
    page = create_case_study(title="Bench case", slug="bench-case", publish=False)
    draft = CaseStudyPage.objects.get(pk=page.pk)
    for name in ("modus_operandi", "detection", "investigation_steps", "cooperation", "lessons_learned"):
        setattr(draft, name, long_text)
    draft.save_revision(user=editor)
    findings = AnonymityCheck.objects.get(page=page).open_count
    client = Client()
    client.force_login(editor, MODEL_BACKEND)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    def get(target):
        response = client.get(target)
        return response.status_code, response.headers, response.content

    def get_without_check(target):
        AnonymityCheck.objects.filter(page_id=page.pk).delete()
        return get(target)

    rows = []
    with mock.patch.object(AnonymityFindingsPanel.BoundPanel, "is_shown", lambda self: False):
        result = time_requests(get, url, requests)
        rows.append(["panel off (baseline)", findings, *figures(result)])
    result = time_requests(get, url, requests)
    rows.append(["panel, stored check", findings, *figures(result)])
    result = time_requests(get_without_check, url, requests)
    rows.append(["panel, no stored check (scan)", findings, *figures(result)])
    return rows


def figures(result):
    """Return the p50, p95, CPU p50 and status of a timing result, rounded for the table."""
    return [f"{result['p50']:.1f}", f"{result['p95']:.1f}", f"{result['cpu_p50']:.1f}", result["status"]]


if __name__ == "__main__":
    raise SystemExit(main())
